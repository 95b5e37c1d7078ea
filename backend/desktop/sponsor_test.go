package desktop

import (
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/search"
)

func ptr[T any](v T) *T { return &v }

func TestCampaignService_CampaignLifecycle(t *testing.T) {
	n := newNegotiation(t)
	sp := NewCampaignService(n.sponsor)

	id, err := sp.Create(mutate.CampaignCreate{Name: "  Summer drop ", Description: "Sunglasses", Category: "Fashion",
		Niche: "Eyewear", StartDate: "2026-06-01", EndDate: "2099-08-31", Budget: 300_000, Goals: "10k views"})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	d, err := sp.Get(id)
	if err != nil {
		t.Fatalf("campaign: %v", err)
	}
	if d.Name != "Summer drop" || d.Status != "draft" || d.Visibility != "private" || d.Budget != 300_000 ||
		d.Remaining != 300_000 || d.Goals != "10k views" || d.Approval != "approved" || len(d.Requests) != 0 {
		t.Fatalf("created: %+v", d)
	}
	if err := sp.Update(mutate.CampaignUpdate{ID: id, Name: ptr("Summer drop 2"), Budget: ptr[int64](400_000)}); err != nil {
		t.Fatalf("update: %v", err)
	}
	if err := sp.Publish(id); err != nil {
		t.Fatalf("publish: %v", err)
	}
	if err := sp.Publish(id); uiCode(t, err) != domain.CodeInvalidTransition {
		t.Fatalf("publish twice: %v", err)
	}
	if err := sp.SetVisibility(id, "public"); err != nil {
		t.Fatalf("make public: %v", err)
	}
	d, _ = sp.Get(id)
	if d.Name != "Summer drop 2" || d.Budget != 400_000 || d.Status != "active" || d.Visibility != "public" {
		t.Fatalf("after update: %+v", d)
	}

	// An ad request shows on the campaign, with its influencer and amount.
	rid, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: id, InfluencerID: n.inflID, Amount: 120_000, Requirements: "One reel"})
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	d, _ = sp.Get(id)
	if len(d.Requests) != 1 || d.Requests[0].ID != rid || d.Requests[0].InfluencerName != "Ivan" ||
		d.Requests[0].Amount != 120_000 || d.Requests[0].Status != "pending" {
		t.Fatalf("requests: %+v", d.Requests)
	}
	if err := sp.Complete(id); err != nil {
		t.Fatalf("complete: %v", err)
	}
	d, _ = sp.Get(id)
	if d.Status != "completed" || d.Requests[0].Status != "withdrawn" {
		t.Fatalf("completed: %+v", d)
	}

	// A draft without requests is deleted.
	id2, err := sp.Create(mutate.CampaignCreate{Name: "Scratch", StartDate: "2026-01-01", EndDate: "2026-01-02"})
	if err != nil {
		t.Fatalf("create 2: %v", err)
	}
	if err := sp.Delete(id2); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := sp.Get(id2); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("deleted campaign: %v", err)
	}

	for _, tc := range []struct {
		name string
		err  error
		want domain.Code
	}{
		{"no name", second(sp.Create(mutate.CampaignCreate{StartDate: "2026-01-01", EndDate: "2026-01-02"})), domain.CodeInvalidArgument},
		{"dates reversed", second(sp.Create(mutate.CampaignCreate{Name: "x", StartDate: "2026-02-01", EndDate: "2026-01-02"})), domain.CodeInvalidArgument},
		{"negative budget", second(sp.Create(mutate.CampaignCreate{Name: "x", StartDate: "2026-01-01", EndDate: "2026-01-02", Budget: -1})), domain.CodeInvalidArgument},
		{"bad visibility", sp.SetVisibility(n.campaign, "secret"), domain.CodeInvalidArgument},
		{"unknown campaign", second(sp.Get(domain.NewID())), domain.CodeNotFound},
		{"influencer creates", second(NewCampaignService(n.infl).Create(mutate.CampaignCreate{Name: "x", StartDate: "2026-01-01", EndDate: "2026-01-02"})), domain.CodeForbidden},
		{"influencer reads", second(NewCampaignService(n.infl).Get(n.campaign)), domain.CodeNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := uiCode(t, tc.err); got != tc.want {
				t.Fatalf("got %s (%v), want %s", got, tc.err, tc.want)
			}
		})
	}
}

func TestCampaignService_BudgetBelowCommitted(t *testing.T) {
	n := newNegotiation(t)
	sp := NewCampaignService(n.sponsor)
	id, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 200_000, Requirements: "Two reels"})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the request on the influencer's desktop", func() bool { return listAll(t, n.iAds, "pending").Total == 1 })
	d, _ := n.iAds.Get(id)
	if _, err := n.iAds.Accept(mutate.AdRequestAccept{AdRequestID: id, OfferID: d.LatestOfferID}); err != nil {
		t.Fatalf("accept: %v", err)
	}
	waitFor(t, "the acceptance on the sponsor's desktop", func() bool {
		c, _ := sp.Get(n.campaign)
		return c.Committed == 200_000
	})
	c, _ := sp.Get(n.campaign)
	if c.Remaining != 300_000 || len(c.Requests) != 1 || c.Requests[0].Status != "accepted" {
		t.Fatalf("committed campaign: %+v", c)
	}
	if err := sp.Update(mutate.CampaignUpdate{ID: n.campaign, Budget: ptr[int64](100_000)}); uiCode(t, err) != domain.CodeBudgetExceeded {
		t.Fatalf("budget below committed: %v", err)
	}
}

func TestSearchAndProfileService_Influencers(t *testing.T) {
	n := newNegotiation(t)
	sp, ps := NewSearchService(n.sponsor), NewProfileService(n.sponsor)
	p, err := sp.Influencers(search.InfluencerQuery{Text: " Ivan "})
	if err != nil || p.Total != 1 || len(p.Items) != 1 || p.Items[0].AccountID != n.inflID || p.Page != 1 || p.PageSize != 20 {
		t.Fatalf("search: %+v (%v)", p, err)
	}
	p, err = sp.Influencers(search.InfluencerQuery{Text: "nobody-like-this"})
	if err != nil || p.Total != 0 || p.Items == nil {
		t.Fatalf("empty search: %+v (%v)", p, err)
	}
	if _, err := sp.Influencers(search.InfluencerQuery{Platform: "myspace"}); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("bad platform: %v", err)
	}
	prof, err := ps.Influencer(n.inflID)
	if err != nil {
		t.Fatalf("profile: %v", err)
	}
	if prof.AccountID != n.inflID || len(prof.Platforms) != 5 || prof.Reviews == nil || prof.ReviewCount != 0 {
		t.Fatalf("profile: %+v", prof)
	}
	if _, err := ps.Influencer(domain.NewID()); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("unknown influencer: %v", err)
	}
}

func TestCampaignService_PendingSponsorKeepsDrafts(t *testing.T) {
	ts := newTestServer(t)
	ts.register("sponsor", "pat@pending.test", "Pat")
	d, _ := newTestDesktop(t, ts.URL, "")
	if info, err := d.Session.SignIn("pat@pending.test", testPW); err != nil || info.Approval != "pending" {
		t.Fatalf("sign in: %+v, %v", info, err)
	}
	sp := NewCampaignService(d)
	form := mutate.CampaignCreate{Name: "Draft", StartDate: "2026-01-01", EndDate: "2026-12-31", Budget: 1000}
	id, err := sp.Create(form)
	if err != nil {
		t.Fatalf("a pending sponsor creates a draft: %v", err)
	}
	c, err := sp.Get(id)
	if err != nil || c.Status != "draft" || c.Approval != "pending" {
		t.Fatalf("draft: %+v (%v)", c, err)
	}
	if err := sp.Publish(id); uiCode(t, err) != domain.CodeSponsorNotApproved {
		t.Fatalf("publish by a pending sponsor: %v", err)
	}
	form.Publish = true
	if _, err := sp.Create(form); uiCode(t, err) != domain.CodeSponsorNotApproved {
		t.Fatalf("create-and-publish by a pending sponsor: %v", err)
	}
}
