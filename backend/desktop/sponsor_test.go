package desktop

import (
	"testing"

	"iescp/backend/domain"
	"iescp/backend/search"
)

func ptr[T any](v T) *T { return &v }

func TestSponsorService_CampaignLifecycle(t *testing.T) {
	n := newNegotiation(t)
	sp := NewSponsorService(n.sponsor)

	id, err := sp.CreateCampaign(CampaignForm{Name: "  Summer drop ", Description: "Sunglasses", Category: "Fashion",
		Niche: "Eyewear", StartDate: "2026-06-01", EndDate: "2099-08-31", Budget: 300_000, Goals: "10k views"})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	d, err := sp.Campaign(id)
	if err != nil {
		t.Fatalf("campaign: %v", err)
	}
	if d.Name != "Summer drop" || d.Status != "draft" || d.Visibility != "private" || d.Budget != 300_000 ||
		d.Remaining != 300_000 || d.Goals != "10k views" || d.Approval != "approved" || len(d.Requests) != 0 {
		t.Fatalf("created: %+v", d)
	}
	if err := sp.UpdateCampaign(id, CampaignPatch{Name: ptr("Summer drop 2"), Budget: ptr[int64](400_000)}); err != nil {
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
	d, _ = sp.Campaign(id)
	if d.Name != "Summer drop 2" || d.Budget != 400_000 || d.Status != "active" || d.Visibility != "public" {
		t.Fatalf("after update: %+v", d)
	}

	// An ad request shows on the campaign, with its influencer and amount.
	rid, err := n.sAds.Send(id, n.inflID, 120_000, "One reel", "")
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	d, _ = sp.Campaign(id)
	if len(d.Requests) != 1 || d.Requests[0].ID != rid || d.Requests[0].InfluencerName != "Ivan" ||
		d.Requests[0].Amount != 120_000 || d.Requests[0].Status != "pending" {
		t.Fatalf("requests: %+v", d.Requests)
	}
	if err := sp.Complete(id); err != nil {
		t.Fatalf("complete: %v", err)
	}
	d, _ = sp.Campaign(id)
	if d.Status != "completed" || d.Requests[0].Status != "withdrawn" {
		t.Fatalf("completed: %+v", d)
	}

	// A draft without requests is deleted.
	id2, err := sp.CreateCampaign(CampaignForm{Name: "Scratch", StartDate: "2026-01-01", EndDate: "2026-01-02"})
	if err != nil {
		t.Fatalf("create 2: %v", err)
	}
	if err := sp.Delete(id2); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := sp.Campaign(id2); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("deleted campaign: %v", err)
	}

	for _, tc := range []struct {
		name string
		err  error
		want domain.Code
	}{
		{"no name", second(sp.CreateCampaign(CampaignForm{StartDate: "2026-01-01", EndDate: "2026-01-02"})), domain.CodeInvalidArgument},
		{"dates reversed", second(sp.CreateCampaign(CampaignForm{Name: "x", StartDate: "2026-02-01", EndDate: "2026-01-02"})), domain.CodeInvalidArgument},
		{"negative budget", second(sp.CreateCampaign(CampaignForm{Name: "x", StartDate: "2026-01-01", EndDate: "2026-01-02", Budget: -1})), domain.CodeInvalidArgument},
		{"bad visibility", sp.SetVisibility(n.campaign, "secret"), domain.CodeInvalidArgument},
		{"unknown campaign", second(sp.Campaign(domain.NewID())), domain.CodeNotFound},
		{"influencer creates", second(NewSponsorService(n.infl).CreateCampaign(CampaignForm{Name: "x", StartDate: "2026-01-01", EndDate: "2026-01-02"})), domain.CodeForbidden},
		{"influencer reads", second(NewSponsorService(n.infl).Campaign(n.campaign)), domain.CodeNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := uiCode(t, tc.err); got != tc.want {
				t.Fatalf("got %s (%v), want %s", got, tc.err, tc.want)
			}
		})
	}
}

func TestSponsorService_BudgetBelowCommitted(t *testing.T) {
	n := newNegotiation(t)
	sp := NewSponsorService(n.sponsor)
	id, err := n.sAds.Send(n.campaign, n.inflID, 200_000, "Two reels", "")
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the request on the influencer's desktop", func() bool { return listAll(t, n.iAds, "pending").Total == 1 })
	d, _ := n.iAds.Get(id)
	if err := n.iAds.Accept(id, d.LatestOfferID); err != nil {
		t.Fatalf("accept: %v", err)
	}
	waitFor(t, "the acceptance on the sponsor's desktop", func() bool {
		c, _ := sp.Campaign(n.campaign)
		return c.Committed == 200_000
	})
	c, _ := sp.Campaign(n.campaign)
	if c.Remaining != 300_000 || len(c.Requests) != 1 || c.Requests[0].Status != "accepted" {
		t.Fatalf("committed campaign: %+v", c)
	}
	if err := sp.UpdateCampaign(n.campaign, CampaignPatch{Budget: ptr[int64](100_000)}); uiCode(t, err) != domain.CodeBudgetExceeded {
		t.Fatalf("budget below committed: %v", err)
	}
}

func TestSponsorService_InfluencerSearchAndProfile(t *testing.T) {
	n := newNegotiation(t)
	sp := NewSponsorService(n.sponsor)
	p, err := sp.SearchInfluencers(search.InfluencerQuery{Text: " Ivan "})
	if err != nil || p.Total != 1 || len(p.Items) != 1 || p.Items[0].AccountID != n.inflID || p.Page != 1 || p.PageSize != 20 {
		t.Fatalf("search: %+v (%v)", p, err)
	}
	p, err = sp.SearchInfluencers(search.InfluencerQuery{Text: "nobody-like-this"})
	if err != nil || p.Total != 0 || p.Items == nil {
		t.Fatalf("empty search: %+v (%v)", p, err)
	}
	if _, err := sp.SearchInfluencers(search.InfluencerQuery{Platform: "myspace"}); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("bad platform: %v", err)
	}
	prof, err := sp.InfluencerProfile(n.inflID)
	if err != nil {
		t.Fatalf("profile: %v", err)
	}
	if prof.AccountID != n.inflID || len(prof.Platforms) != 5 || prof.Reviews == nil || prof.ReviewCount != 0 {
		t.Fatalf("profile: %+v", prof)
	}
	if _, err := sp.InfluencerProfile(domain.NewID()); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("unknown influencer: %v", err)
	}
}

func TestSponsorService_PendingSponsorKeepsDrafts(t *testing.T) {
	ts := newTestServer(t)
	ts.register("sponsor", "pat@pending.test", "Pat")
	d, _ := newTestDesktop(t, ts.URL, "")
	if info, err := d.Session.SignIn("pat@pending.test", testPW); err != nil || info.Approval != "pending" {
		t.Fatalf("sign in: %+v, %v", info, err)
	}
	sp := NewSponsorService(d)
	form := CampaignForm{Name: "Draft", StartDate: "2026-01-01", EndDate: "2026-12-31", Budget: 1000}
	id, err := sp.CreateCampaign(form)
	if err != nil {
		t.Fatalf("a pending sponsor creates a draft: %v", err)
	}
	c, err := sp.Campaign(id)
	if err != nil || c.Status != "draft" || c.Approval != "pending" {
		t.Fatalf("draft: %+v (%v)", c, err)
	}
	if err := sp.Publish(id); uiCode(t, err) != domain.CodeSponsorNotApproved {
		t.Fatalf("publish by a pending sponsor: %v", err)
	}
	form.Publish = true
	if _, err := sp.CreateCampaign(form); uiCode(t, err) != domain.CodeSponsorNotApproved {
		t.Fatalf("create-and-publish by a pending sponsor: %v", err)
	}
}
