package desktop

import (
	"context"
	"encoding/json"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/queries"
	"iescp/backend/search"
	"iescp/sync/client"
	"iescp/sync/server"
)

// negotiation is a real sync server with an approved sponsor (an active campaign)
// and an influencer, each signed in on their own desktop.
type negotiation struct {
	ts               *testServer
	sponsor, infl    *Services
	sAds, iAds       *AdRequestService
	campaign, inflID string
}

func drained(t *testing.T, s *Services, what string) {
	t.Helper()
	waitFor(t, what, func() bool {
		st, _ := s.Sync.Status()
		return st.Pending == 0 && st.State == client.StateOnline
	})
}

func mustMutate(t *testing.T, s *Services, name string, args map[string]any) {
	t.Helper()
	b, _ := json.Marshal(args)
	if _, err := s.Mutate(context.Background(), name, b); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func newNegotiation(t *testing.T) *negotiation {
	t.Helper()
	ts := newTestServer(t)
	if _, err := server.CreateAdmin(context.Background(), ts.srv.DB(), "root@iescp.test", "Root", testPW, testNow()); err != nil {
		t.Fatal(err)
	}
	sp := ts.register("sponsor", "maya@brand.test", "Maya")
	in := ts.register("influencer", "ivan@creator.test", "Ivan")

	admin, _ := newTestDesktop(t, ts.URL, "")
	if _, err := admin.Session.SignIn("root@iescp.test", testPW); err != nil {
		t.Fatalf("admin sign in: %v", err)
	}
	mustMutate(t, admin, "admin.approveSponsor", map[string]any{"sponsor_id": sp.ID})
	drained(t, admin, "the approval to upload")

	n := &negotiation{ts: ts, inflID: in.ID}
	n.sponsor, _ = newTestDesktop(t, ts.URL, "")
	if info, err := n.sponsor.Session.SignIn("maya@brand.test", testPW); err != nil || info.Approval != "approved" {
		t.Fatalf("sponsor sign in: %+v, %v", info, err)
	}
	n.campaign = domain.NewID()
	mustMutate(t, n.sponsor, "campaign.create", map[string]any{"id": n.campaign, "name": "Phone launch",
		"start_date": "2026-01-01", "end_date": "2099-12-31", "budget": 500_000, "visibility": "private", "publish": true})
	n.infl, _ = newTestDesktop(t, ts.URL, "")
	if _, err := n.infl.Session.SignIn("ivan@creator.test", testPW); err != nil {
		t.Fatalf("influencer sign in: %v", err)
	}
	n.sAds, n.iAds = NewAdRequestService(n.sponsor), NewAdRequestService(n.infl)
	return n
}

func listAll(t *testing.T, as *AdRequestService, status string) queries.AdRequestPage {
	t.Helper()
	p, err := as.List(queries.AdRequestFilter{Status: status})
	if err != nil {
		t.Fatalf("list %q: %v", status, err)
	}
	return p
}

func TestAdRequestService_SendCounterAcceptAcrossDesktops(t *testing.T) {
	n := newNegotiation(t)

	id, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 125_000, Requirements: "  Two reels about the phone ", Message: "Hi Ivan"})
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	// Optimistic: the sponsor sees it at once, waiting for the influencer.
	p := listAll(t, n.sAds, "")
	if p.Total != 1 || p.Items[0].ID != id || p.Items[0].Turn != queries.TurnThem || p.Items[0].CounterpartyName != "Ivan" ||
		p.Items[0].Amount != 125_000 || p.Items[0].Requirements != "Two reels about the phone" || p.Waiting != 0 {
		t.Fatalf("sponsor's list: %+v", p)
	}

	// The influencer's desktop gets it without signing in again.
	waitFor(t, "the request on the influencer's desktop", func() bool { return listAll(t, n.iAds, queries.StatusWaiting).Total == 1 })
	p = listAll(t, n.iAds, "")
	row := p.Items[0]
	if row.Turn != queries.TurnYou || row.CampaignName != "Phone launch" || row.CounterpartyName != "Maya Inc" || row.Offers != 1 || p.Waiting != 1 {
		t.Fatalf("influencer's row: %+v (waiting %d)", row, p.Waiting)
	}
	d, err := n.iAds.Get(id)
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if len(d.Thread) != 1 || d.Thread[0].AuthorRole != "sponsor" || d.Thread[0].Message != "Hi Ivan" || d.Thread[0].Mine ||
		!d.Actions.Counter || !d.Actions.Accept || !d.Actions.Reject || !d.Actions.Withdraw {
		t.Fatalf("influencer's detail: %+v", d)
	}

	// Not the sponsor's turn: the local mutator already refuses.
	if err := n.sAds.Accept(id, row.LatestOfferID); uiCode(t, err) != domain.CodeInvalidTransition {
		t.Fatalf("sponsor accepting own offer: %v", err)
	}

	// The influencer counters offline; it shows at once, and reaches the sponsor later.
	if _, err := n.iAds.Counter(mutate.AdRequestCounter{AdRequestID: id, InReplyTo: row.LatestOfferID, Amount: 150_000, Requirements: "Two reels and a story", Message: "A bit more, please"}); err != nil {
		t.Fatalf("counter: %v", err)
	}
	d, _ = n.iAds.Get(id)
	if d.Amount != 150_000 || d.Turn != queries.TurnThem || len(d.Thread) != 2 || !d.Thread[1].Mine || d.Actions.Accept || !d.Actions.Withdraw {
		t.Fatalf("influencer's detail after countering: %+v", d)
	}
	waitFor(t, "the counter-offer on the sponsor's desktop", func() bool { return listAll(t, n.sAds, queries.StatusWaiting).Total == 1 })
	d, _ = n.sAds.Get(id)
	if d.Turn != queries.TurnYou || d.Amount != 150_000 || d.Thread[1].AuthorName != "Ivan" || d.Thread[1].Requirements != "Two reels and a story" {
		t.Fatalf("sponsor's detail: %+v", d)
	}
	if err := n.sAds.Accept(id, d.Thread[0].ID); uiCode(t, err) != domain.CodeStaleOffer {
		t.Fatalf("accepting a superseded offer: %v", err)
	}
	if err := n.sAds.Accept(id, d.LatestOfferID); err != nil {
		t.Fatalf("accept: %v", err)
	}
	waitFor(t, "the acceptance on the influencer's desktop", func() bool { return listAll(t, n.iAds, "accepted").Total == 1 })
	d, _ = n.iAds.Get(id)
	// The campaign's money is the sponsor's: the influencer holds it masked.
	if d.Turn != "" || d.Actions.Counter || !d.Actions.Withdraw || d.CampaignCommits != 0 {
		t.Fatalf("accepted detail: %+v", d)
	}
	waitFor(t, "the commitment on the sponsor's desktop", func() bool {
		sd, err := n.sAds.Get(id)
		return err == nil && sd.CampaignCommits == 150_000
	})
	if err := n.iAds.Withdraw(id, "Changed my mind"); err != nil {
		t.Fatalf("withdraw: %v", err)
	}
	if p := listAll(t, n.iAds, "withdrawn"); p.Total != 1 || p.Items[0].Turn != "" {
		t.Fatalf("withdrawn: %+v", p)
	}
}

func TestAdRequestService_RejectAndValidation(t *testing.T) {
	n := newNegotiation(t)
	for _, tc := range []struct {
		name string
		err  error
		want domain.Code
	}{
		{"zero amount", second(n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 0, Requirements: "x"})), domain.CodeInvalidArgument},
		{"huge amount", second(n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: mutate.MaxAmount + 1, Requirements: "x"})), domain.CodeInvalidArgument},
		{"no requirements", second(n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 100, Requirements: "   "})), domain.CodeInvalidArgument},
		{"no influencer", second(n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, Amount: 100, Requirements: "x"})), domain.CodeInvalidArgument},
		{"not an influencer", second(n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.campaign, Amount: 100, Requirements: "x"})), domain.CodeNotFound},
		{"influencer sends", second(n.iAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 100, Requirements: "x"})), domain.CodeForbidden},
		{"counter nothing", second(n.iAds.Counter(mutate.AdRequestCounter{Amount: 100})), domain.CodeInvalidArgument},
		{"unknown status", second(n.iAds.List(queries.AdRequestFilter{Status: "lost"})), domain.CodeInvalidArgument},
		{"bad page size", second(n.iAds.List(queries.AdRequestFilter{PageSize: 500})), domain.CodeInvalidArgument},
		{"get unknown", second(n.iAds.Get(domain.NewID())), domain.CodeNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := uiCode(t, tc.err); got != tc.want && !(tc.name == "not an influencer" && got == domain.CodeInvalidArgument) {
				t.Fatalf("got %s (%v), want %s", got, tc.err, tc.want)
			}
		})
	}
	id, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 90_000, Requirements: "One post"})
	if err != nil {
		t.Fatal(err)
	}
	// A second open request for the same influencer and campaign is refused.
	if _, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 90_000, Requirements: "One post"}); uiCode(t, err) != domain.CodeInvalidTransition {
		t.Fatalf("second open request: %v", err)
	}
	waitFor(t, "the request on the influencer's desktop", func() bool { return listAll(t, n.iAds, "pending").Total == 1 })
	if err := n.iAds.Reject(id, "Not my audience"); err != nil {
		t.Fatalf("reject: %v", err)
	}
	waitFor(t, "the rejection on the sponsor's desktop", func() bool { return listAll(t, n.sAds, "rejected").Total == 1 })
	d, _ := n.sAds.Get(id)
	if d.CloseReason != "Not my audience" || d.Actions != (queries.AdRequestActions{}) {
		t.Fatalf("rejected detail: %+v", d)
	}
	// The send form's influencer search.
	hits, err := NewSearchService(n.sponsor).Influencers(search.InfluencerQuery{Text: "Ivan", PageSize: 10})
	if err != nil || len(hits.Items) != 1 || hits.Items[0].AccountID != n.inflID {
		t.Fatalf("influencer search: %+v (%v)", hits, err)
	}
}

func second[T any](_ T, err error) error { return err }

func TestAdRequestService_CompleteAndReview(t *testing.T) {
	n := newNegotiation(t)
	id, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 90_000, Requirements: "One reel"})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the request on the influencer's desktop", func() bool { return listAll(t, n.iAds, queries.StatusWaiting).Total == 1 })
	d, _ := n.iAds.Get(id)
	if d.Actions.Complete || d.Actions.Review {
		t.Fatalf("pending request offers complete/review: %+v", d.Actions)
	}
	if err := n.iAds.Accept(id, d.LatestOfferID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the acceptance on the sponsor's desktop", func() bool { return listAll(t, n.sAds, "accepted").Total == 1 })
	if d, _ := n.iAds.Get(id); d.Actions.Complete {
		t.Fatal("the influencer is offered to mark the work complete")
	}
	if err := n.iAds.Complete(id); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("influencer completing: %v", err)
	}
	if d, _ := n.sAds.Get(id); !d.Actions.Complete || d.Actions.Review {
		t.Fatalf("sponsor's actions on accepted work: %+v", d.Actions)
	}
	if _, err := n.sAds.Review(mutate.ReviewCreate{AdRequestID: id, Rating: 5, Body: "too early"}); uiCode(t, err) != domain.CodeInvalidTransition {
		t.Fatalf("review before completion: %v", err)
	}
	if err := n.sAds.Complete(id); err != nil {
		t.Fatal(err)
	}
	if d, _ := n.sAds.Get(id); d.Status != "completed" || !d.Actions.Review || d.Actions.Complete {
		t.Fatalf("after completion: %s %+v", d.Status, d.Actions)
	}
	for _, bad := range []int{0, 6} {
		if _, err := n.sAds.Review(mutate.ReviewCreate{AdRequestID: id, Rating: bad}); uiCode(t, err) != domain.CodeInvalidArgument {
			t.Fatalf("rating %d: %v", bad, err)
		}
	}
	if _, err := n.sAds.Review(mutate.ReviewCreate{AdRequestID: id, Rating: 5, Body: "Great reel, on time"}); err != nil {
		t.Fatal(err)
	}
	if d, _ := n.sAds.Get(id); d.Actions.Review {
		t.Fatal("review still offered after reviewing")
	}
	waitFor(t, "completion on the influencer's desktop", func() bool { return listAll(t, n.iAds, "completed").Total == 1 })
	if d, _ := n.iAds.Get(id); !d.Actions.Review {
		t.Fatalf("the influencer may rate the campaign: %+v", d.Actions)
	}
	if _, err := n.iAds.Review(mutate.ReviewCreate{AdRequestID: id, Rating: 4, Body: "Clear brief"}); err != nil {
		t.Fatal(err)
	}
}
