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
	if _, err := n.sAds.Accept(mutate.AdRequestAccept{AdRequestID: id, OfferID: row.LatestOfferID}); uiCode(t, err) != domain.CodeInvalidTransition {
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
	if _, err := n.sAds.Accept(mutate.AdRequestAccept{AdRequestID: id, OfferID: d.Thread[0].ID}); uiCode(t, err) != domain.CodeStaleOffer {
		t.Fatalf("accepting a superseded offer: %v", err)
	}
	if _, err := n.sAds.Accept(mutate.AdRequestAccept{AdRequestID: id, OfferID: d.LatestOfferID}); err != nil {
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
	if err := n.iAds.Withdraw(mutate.AdRequestWithdraw{AdRequestID: id, Reason: "Changed my mind"}); err != nil {
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
	if err := n.iAds.Reject(mutate.AdRequestReject{AdRequestID: id, Reason: "Not my audience"}); err != nil {
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
	if _, err := n.iAds.Accept(mutate.AdRequestAccept{AdRequestID: id, OfferID: d.LatestOfferID}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the acceptance on the sponsor's desktop", func() bool { return listAll(t, n.sAds, "accepted").Total == 1 })
	if d, _ := n.iAds.Get(id); d.Actions.Complete {
		t.Fatal("the influencer is offered to mark the work complete")
	}
	if err := n.iAds.Complete(mutate.AdRequestComplete{AdRequestID: id}); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("influencer completing: %v", err)
	}
	if d, _ := n.sAds.Get(id); !d.Actions.Complete || d.Actions.Review {
		t.Fatalf("sponsor's actions on accepted work: %+v", d.Actions)
	}
	if _, err := n.sAds.Review(mutate.ReviewCreate{AdRequestID: id, Rating: 5, Body: "too early"}); uiCode(t, err) != domain.CodeInvalidTransition {
		t.Fatalf("review before completion: %v", err)
	}
	if err := n.sAds.Complete(mutate.AdRequestComplete{AdRequestID: id}); err != nil {
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

func ids(rows []queries.AdRequestRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out
}

func sameIDs(got []string, want ...string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

// The inbox's search, sorts, campaign grouping data and the first waiting request.
func TestAdRequestService_SearchSortGroupAndFirstWaiting(t *testing.T) {
	n := newNegotiation(t)
	cs := NewCampaignService(n.sponsor)
	camp := func(name string) string {
		id, err := cs.Create(mutate.CampaignCreate{Name: name, StartDate: "2026-01-01", EndDate: "2099-12-31", Budget: 900_000, Publish: true})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		return id
	}
	zebra, apple := camp("Zebra socks"), camp("Apple watch")
	send := func(campaign string, amount int64) string {
		id, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: campaign, InfluencerID: n.inflID, Amount: amount, Requirements: "A post"})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	a, b, c := send(n.campaign, 300_000), send(zebra, 100_000), send(apple, 200_000)
	waitFor(t, "three requests on the influencer's desktop", func() bool { return listAll(t, n.iAds, queries.StatusWaiting).Total == 3 })
	ip := listAll(t, n.iAds, "")
	if ip.Waiting != 3 || ip.FirstWaiting == "" || ip.FirstWaiting != ip.Items[0].ID || ip.Items[0].Turn != queries.TurnYou {
		t.Fatalf("influencer's first waiting: %+v", ip)
	}
	d, _ := n.iAds.Get(b)
	if _, err := n.iAds.Counter(mutate.AdRequestCounter{AdRequestID: b, InReplyTo: d.LatestOfferID, Amount: 120_000, Requirements: "A post"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the counter on the sponsor's desktop", func() bool { return listAll(t, n.sAds, queries.StatusWaiting).Total == 1 })

	list := func(f queries.AdRequestFilter) queries.AdRequestPage {
		t.Helper()
		p, err := n.sAds.List(f)
		if err != nil {
			t.Fatalf("list %+v: %v", f, err)
		}
		return p
	}
	// Default: the one waiting for the sponsor first, and named as the first waiting.
	if p := list(queries.AdRequestFilter{}); p.Total != 3 || p.Items[0].ID != b || p.FirstWaiting != b || p.Waiting != 1 {
		t.Fatalf("default order: %v first %q (%+v)", ids(p.Items), p.FirstWaiting, p)
	}
	if p := list(queries.AdRequestFilter{Sort: "amount"}); !sameIDs(ids(p.Items), b, c, a) {
		t.Fatalf("by amount: %v, want %v", ids(p.Items), []string{b, c, a})
	}
	if p := list(queries.AdRequestFilter{Sort: "amount", Desc: true}); !sameIDs(ids(p.Items), a, c, b) {
		t.Fatalf("by amount, descending: %v", ids(p.Items))
	}
	// Grouped by campaign: by campaign name, with each row's campaign status and flag.
	p := list(queries.AdRequestFilter{Sort: "campaign"})
	if !sameIDs(ids(p.Items), c, a, b) || p.Items[0].CampaignName != "Apple watch" || p.Items[0].CampaignStatus != "active" || p.Items[0].CampaignFlagged {
		t.Fatalf("by campaign: %+v", p.Items)
	}
	if p := list(queries.AdRequestFilter{Sort: "updated", Desc: true, PageSize: 1, Page: 3}); p.Total != 3 || len(p.Items) != 1 || p.FirstWaiting != b {
		t.Fatalf("paged: %+v", p)
	}
	// Search by campaign or party name, wildcards literal.
	if p := list(queries.AdRequestFilter{Text: " zebra "}); p.Total != 1 || p.Items[0].ID != b {
		t.Fatalf("search by campaign: %+v", p)
	}
	if p := list(queries.AdRequestFilter{Text: "ivan"}); p.Total != 3 {
		t.Fatalf("search by the influencer's name: %+v", p)
	}
	if p, _ := n.iAds.List(queries.AdRequestFilter{Text: "maya inc", Sort: "campaign"}); p.Total != 3 || p.Items[0].ID != c {
		t.Fatalf("search by the sponsor's company: %+v", p)
	}
	if p := list(queries.AdRequestFilter{Text: "100%_"}); p.Total != 0 || p.FirstWaiting != "" {
		t.Fatalf("wildcards are literal: %+v", p)
	}
	if p := list(queries.AdRequestFilter{Text: "apple", Status: queries.StatusWaiting}); p.Total != 0 || p.FirstWaiting != "" || p.Waiting != 1 {
		t.Fatalf("no waiting match: %+v", p)
	}
	if _, err := n.sAds.List(queries.AdRequestFilter{Sort: "fame"}); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("bad sort: %v", err)
	}

	// An admin flags a campaign: its requests say so, for the group's header.
	admin, _ := newTestDesktop(t, n.ts.URL, "")
	if _, err := admin.Session.SignIn("root@iescp.test", testPW); err != nil {
		t.Fatal(err)
	}
	if err := NewAdminService(admin).Flag(TargetCampaign, zebra, "Misleading claims"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the flag on the sponsor's desktop", func() bool {
		p := list(queries.AdRequestFilter{Text: "zebra"})
		return p.Total == 1 && p.Items[0].CampaignFlagged
	})
}

// A change waiting in the outbox marks its request (and a campaign) queued; when
// the server refuses it the request says so, with the action, code and words.
func TestAdRequestService_ProvisionalMarks(t *testing.T) {
	n := newNegotiation(t)
	id, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 100_000, Requirements: "A reel"})
	if err != nil {
		t.Fatal(err)
	}
	// The sponsor's own send is queued until it is pushed.
	sessS, _ := n.sponsor.active()
	drained(t, n.sponsor, "the send to upload")
	if p := listAll(t, n.sAds, ""); p.Items[0].Queued || p.Items[0].Refused != nil {
		t.Fatalf("pushed send still marked: %+v", p.Items[0])
	}
	waitFor(t, "the request on the influencer's desktop", func() bool { return listAll(t, n.iAds, queries.StatusWaiting).Total == 1 })

	// The influencer's desktop stops pushing; its counter waits in the outbox.
	sessI, _ := n.infl.active()
	sessI.engine.Stop()
	d, _ := n.iAds.Get(id)
	if _, err := n.iAds.Counter(mutate.AdRequestCounter{AdRequestID: id, InReplyTo: d.LatestOfferID, Amount: 150_000, Requirements: "A reel"}); err != nil {
		t.Fatal(err)
	}
	p := listAll(t, n.iAds, "")
	if !p.Items[0].Queued || p.Items[0].Refused != nil || p.Items[0].Amount != 150_000 {
		t.Fatalf("queued counter: %+v", p.Items[0])
	}
	if d, _ := n.iAds.Get(id); !d.Queued || d.Refused != nil {
		t.Fatalf("queued counter, detail: %+v", d)
	}

	// Meanwhile the sponsor withdraws: the counter is refused when it arrives.
	if err := n.sAds.Withdraw(mutate.AdRequestWithdraw{AdRequestID: id, Reason: "Budget cut"}); err != nil {
		t.Fatal(err)
	}
	drained(t, n.sponsor, "the withdrawal to upload")
	if st, err := n.infl.Sync.SyncNow(); err != nil || st.Rejected != 1 {
		t.Fatalf("sync now: %+v (%v), want the counter rejected", st, err)
	}
	d, err = n.iAds.Get(id)
	if err != nil || d.Queued || d.Refused == nil || d.Refused.Action != "adRequest.counter" ||
		d.Refused.Code != string(domain.CodeInvalidTransition) || d.Refused.Message == "" || d.Status != "withdrawn" {
		t.Fatalf("refused counter: %+v refused %+v (%v)", d, d.Refused, err)
	}
	if p := listAll(t, n.iAds, ""); p.Items[0].Refused == nil || p.Items[0].Queued {
		t.Fatalf("refused counter in the list: %+v", p.Items[0])
	}

	// A campaign edit waiting in the sponsor's outbox marks the campaign queued.
	sessS.engine.Stop()
	cs := NewCampaignService(n.sponsor)
	name := "Phone launch, second wave"
	if err := cs.Update(mutate.CampaignUpdate{ID: n.campaign, Name: &name}); err != nil {
		t.Fatal(err)
	}
	if c, _ := cs.Get(n.campaign); !c.Queued || c.Name != name {
		t.Fatalf("queued campaign edit: %+v", c)
	}
	if l, _ := cs.List(queries.CampaignQuery{}); len(l.Items) != 1 || !l.Items[0].Queued {
		t.Fatalf("queued campaign in the list: %+v", l)
	}
	if st, err := n.sponsor.Sync.SyncNow(); err != nil || st.Pending != 0 {
		t.Fatalf("sponsor sync now: %+v (%v)", st, err)
	}
	if c, _ := cs.Get(n.campaign); c.Queued {
		t.Fatalf("pushed campaign edit still queued: %+v", c)
	}
}
