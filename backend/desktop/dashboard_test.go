package desktop

import (
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/queries"
)

// The dashboards follow a negotiation through to completed work, across two
// desktops and a real server, and each refuses the other roles.
func TestDashboardService_FollowsANegotiation(t *testing.T) {
	n := newNegotiation(t)
	sd, id := NewDashboardService(n.sponsor), NewDashboardService(n.infl)
	month := testNow().Format("2006-01")

	// A second campaign starting within two weeks: upcoming once work is accepted.
	soon := domain.NewID()
	start := testNow().AddDate(0, 0, 5).Format("2006-01-02")
	mustMutate(t, n.sponsor, "campaign.create", map[string]any{"id": soon, "name": "Winter drop",
		"start_date": start, "end_date": "2099-12-31", "budget": 90_000, "visibility": "private", "publish": true})
	if _, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: soon, InfluencerID: n.inflID, Amount: 40_000, Requirements: "A post"}); err != nil {
		t.Fatal(err)
	}
	reqID, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 100_000, Requirements: "Two reels", Message: "Hi"})
	if err != nil {
		t.Fatal(err)
	}
	s, err := sd.Sponsor()
	if err != nil {
		t.Fatal(err)
	}
	if s.ActiveCampaigns != 2 || s.Budget != 590_000 || s.Committed != 0 || s.Requests["pending"] != 2 || s.Waiting != 0 ||
		len(s.Active) != 2 || len(s.Monthly) != queries.DashboardMonths || s.Monthly[queries.DashboardMonths-1].Month != month {
		t.Fatalf("sponsor dashboard after sending: %+v", s)
	}
	if len(s.Recent) != 2 || s.Recent[0].Kind != "offer" || s.Recent[0].ActorRole != "sponsor" {
		t.Fatalf("recent after sending: %+v", s.Recent)
	}

	waitFor(t, "both requests on the influencer's desktop", func() bool {
		v, err := id.Influencer()
		return err == nil && v.WaitingN == 2
	})
	v, _ := id.Influencer()
	if len(v.Waiting) != 2 || v.Waiting[0].Turn != queries.TurnYou || v.Committed != 0 || v.Requests["pending"] != 2 {
		t.Fatalf("influencer dashboard: %+v", v)
	}
	// The influencer counters the big one and accepts the small one.
	var big, small queries.AdRequestRow
	for _, r := range v.Waiting {
		if r.ID == reqID {
			big = r
		} else {
			small = r
		}
	}
	if _, err := n.iAds.Counter(mutate.AdRequestCounter{AdRequestID: big.ID, InReplyTo: big.LatestOfferID, Amount: 150_000, Requirements: "Two reels", Message: "More reach"}); err != nil {
		t.Fatal(err)
	}
	if _, err := n.iAds.Accept(mutate.AdRequestAccept{AdRequestID: small.ID, OfferID: small.LatestOfferID}); err != nil {
		t.Fatal(err)
	}
	v, _ = id.Influencer()
	if v.WaitingN != 0 || v.Committed != 40_000 || len(v.Upcoming) != 1 || v.Upcoming[0].ID != soon ||
		v.Monthly[queries.DashboardMonths-1].Committed != 40_000 {
		t.Fatalf("influencer dashboard after answering: %+v", v)
	}

	waitFor(t, "the counter on the sponsor's desktop", func() bool {
		s, err := sd.Sponsor()
		return err == nil && s.Waiting == 1 && s.Committed == 40_000
	})
	if _, err := n.sAds.Accept(mutate.AdRequestAccept{AdRequestID: big.ID, OfferID: listAll(t, n.sAds, queries.StatusWaiting).Items[0].LatestOfferID}); err != nil {
		t.Fatal(err)
	}
	if err := n.sAds.Complete(mutate.AdRequestComplete{AdRequestID: big.ID}); err != nil {
		t.Fatal(err)
	}
	s, _ = sd.Sponsor()
	if s.Committed != 190_000 || s.CompletedPaid != 150_000 || s.Requests["completed"] != 1 || s.Requests["accepted"] != 1 ||
		s.Monthly[queries.DashboardMonths-1].Committed != 190_000 || s.Monthly[queries.DashboardMonths-1].Completed != 150_000 {
		t.Fatalf("sponsor dashboard after completing: %+v", s)
	}
	kinds := map[string]int{}
	for _, a := range s.Recent {
		kinds[a.Kind]++
	}
	if kinds["offer"] != 2 || kinds["counter"] != 1 || kinds["accepted"] != 2 || kinds["completed"] != 1 || s.Recent[0].Counterparty != "Ivan" {
		t.Fatalf("recent activity: %+v", s.Recent)
	}
	waitFor(t, "the completion on the influencer's desktop", func() bool {
		v, err := id.Influencer()
		return err == nil && v.Completed == 150_000 && v.Committed == 40_000 && v.Monthly[queries.DashboardMonths-1].Completed == 150_000
	})

	// Each dashboard is for its own role.
	if _, err := sd.Influencer(); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("sponsor reading the influencer dashboard: %v", err)
	}
	if _, err := id.Sponsor(); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("influencer reading the sponsor dashboard: %v", err)
	}
	if _, err := id.Admin(); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("influencer reading the admin dashboard: %v", err)
	}

	admin, _ := newTestDesktop(t, n.ts.URL, "")
	if _, err := admin.Session.SignIn("root@iescp.test", testPW); err != nil {
		t.Fatal(err)
	}
	a, err := NewDashboardService(admin).Admin()
	if err != nil {
		t.Fatal(err)
	}
	last := a.Activity[queries.AdminActivityMonths-1]
	if len(a.Activity) != queries.AdminActivityMonths || last.Month != month || last.Accounts != 3 || last.Campaigns != 2 || last.AdRequests != 2 ||
		a.AccountsTotal != 3 || a.AdRequests["completed"] != 1 {
		t.Fatalf("admin dashboard: %+v", a)
	}
}
