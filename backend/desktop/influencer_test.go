package desktop

import (
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/queries"
	"iescp/backend/search"
)

func inflSearch(t *testing.T, is *SearchService, q queries.InflCampaignQuery) queries.InflCampaignPage {
	t.Helper()
	p, err := is.Campaigns(q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	return p
}

func TestInfluencer_SearchApplyEarnings(t *testing.T) {
	n := newNegotiation(t)
	pub := domain.NewID()
	mustMutate(t, n.sponsor, "campaign.create", map[string]any{"id": pub, "name": "Trail shoes", "description": "Run the hills",
		"category": "Sports", "start_date": "2026-03-01", "end_date": "2099-06-30", "budget": 800_000, "visibility": "public", "publish": true})
	drained(t, n.sponsor, "the public campaign to upload")
	// Public campaigns of others do not poke a desktop; a desktop signing in now
	// downloads it.
	n.infl, _ = newTestDesktop(t, n.ts.URL, "")
	if _, err := n.infl.Session.SignIn("ivan@creator.test", testPW); err != nil {
		t.Fatalf("influencer sign in: %v", err)
	}
	is, cs, ps, as := NewSearchService(n.infl), NewCampaignService(n.infl), NewProfileService(n.infl), NewAdRequestService(n.infl)
	if p := inflSearch(t, is, queries.InflCampaignQuery{}); p.Total != 1 {
		t.Fatalf("browse: %+v", p)
	}

	p := inflSearch(t, is, queries.InflCampaignQuery{Text: "hills", Category: "sports", MinBudget: 100_000, MaxBudget: 900_000, From: "2026-01-01", To: "2026-12-31"})
	if p.Total != 1 || p.Items[0].ID != pub || p.Items[0].CompanyName != "Maya Inc" || p.Items[0].Budget != 800_000 || p.Items[0].Applied || p.PageSize != 20 {
		t.Fatalf("search: %+v", p)
	}
	if p := inflSearch(t, is, queries.InflCampaignQuery{MinBudget: 900_000}); p.Total != 0 {
		t.Fatalf("budget filter: %+v", p)
	}
	if p := inflSearch(t, is, queries.InflCampaignQuery{Category: "Food"}); p.Total != 0 {
		t.Fatalf("category filter: %+v", p)
	}
	// The private campaign is not found, and cannot be applied to.
	if _, err := cs.Public(n.campaign); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("private campaign: %v", err)
	}

	d, err := cs.Public(pub)
	if err != nil || d.Applied || d.CompanyName != "Maya Inc" || d.Budget != 800_000 || d.Description != "Run the hills" {
		t.Fatalf("detail: %+v (%v)", d, err)
	}
	id, err := as.Apply(mutate.AdRequestApply{CampaignID: pub, Amount: 120_000, Requirements: " One video ", Message: "Love these"})
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	// Optimistic: it shows at once.
	d, _ = cs.Public(pub)
	if !d.Applied || d.OpenRequestID != id || d.OpenStatus != "pending" {
		t.Fatalf("detail after applying: %+v", d)
	}
	if p := inflSearch(t, is, queries.InflCampaignQuery{}); !p.Items[0].Applied {
		t.Fatalf("search after applying: %+v", p)
	}
	if _, err := as.Apply(mutate.AdRequestApply{CampaignID: pub, Amount: 120_000}); uiCode(t, err) != domain.CodeInvalidTransition {
		t.Fatalf("second application: %v", err)
	}

	// The sponsor accepts: committed; then completes: completed.
	waitFor(t, "the application on the sponsor's desktop", func() bool { return listAll(t, n.sAds, queries.StatusWaiting).Total == 1 })
	row := listAll(t, n.sAds, queries.StatusWaiting).Items[0]
	if _, err := n.sAds.Accept(mutate.AdRequestAccept{AdRequestID: row.ID, OfferID: row.LatestOfferID}); err != nil {
		t.Fatalf("accept: %v", err)
	}
	waitFor(t, "the acceptance on the influencer's desktop", func() bool {
		e, err := ps.Earnings()
		return err == nil && e.Committed == 120_000
	})
	e, _ := ps.Earnings()
	if e.Completed != 0 || e.Counts["accepted"] != 1 || e.Counts["pending"] != 0 {
		t.Fatalf("earnings after accept: %+v", e)
	}
	mustMutate(t, n.sponsor, "adRequest.complete", map[string]any{"ad_request_id": row.ID})
	mustMutate(t, n.sponsor, "review.create", map[string]any{"id": domain.NewID(), "ad_request_id": row.ID, "rating": 4, "body": "Great video"})
	waitFor(t, "the completion on the influencer's desktop", func() bool {
		e, err := ps.Earnings()
		return err == nil && e.Completed == 120_000
	})
	if e, _ := ps.Earnings(); e.Committed != 0 || e.Counts["completed"] != 1 {
		t.Fatalf("earnings after completion: %+v", e)
	}
	waitFor(t, "the review on the influencer's desktop", func() bool {
		p, err := ps.Mine()
		return err == nil && len(p.Reviews) == 1
	})
	prof, _ := ps.Mine()
	if r := prof.Reviews[0]; r.Rating != 4 || r.Body != "Great video" || r.AuthorName != "Maya Inc" || prof.Rating != 4 {
		t.Fatalf("review: %+v", prof)
	}

	// Sponsors cannot search campaigns as influencers.
	if _, err := NewSearchService(n.sponsor).Campaigns(queries.InflCampaignQuery{}); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("sponsor searching: %v", err)
	}
}

func TestProfileService_MineAndValidation(t *testing.T) {
	n := newNegotiation(t)
	is, cs, ps, as := NewSearchService(n.infl), NewCampaignService(n.infl), NewProfileService(n.infl), NewAdRequestService(n.infl)
	p, err := ps.Mine()
	if err != nil || p.DisplayName != "Ivan" || p.Reach.Total != 0 || len(p.Reviews) != 0 {
		t.Fatalf("profile: %+v (%v)", p, err)
	}
	str := func(s string) *string { return &s }
	num := func(v int64) *int64 { return &v }
	if err := ps.Update(mutate.ProfileUpdate{DisplayName: str(" Ivan Runs "), Category: str("Sports"), Niche: str("Trail"),
		Bio: str("I run."), Reach: &mutate.Reach{Instagram: num(12_000), YouTube: num(3_000)}}); err != nil {
		t.Fatalf("update: %v", err)
	}
	p, _ = ps.Mine()
	if p.DisplayName != "Ivan Runs" || p.Category != "Sports" || p.Niche != "Trail" || p.Bio != "I run." ||
		p.Reach.Instagram != 12_000 || p.Reach.YouTube != 3_000 || p.Reach.Total != 15_000 {
		t.Fatalf("profile after update: %+v", p)
	}
	// A patch keeps the other fields.
	if err := ps.Update(mutate.ProfileUpdate{Reach: &mutate.Reach{TikTok: num(5)}}); err != nil {
		t.Fatalf("reach patch: %v", err)
	}
	if p, _ = ps.Mine(); p.Reach.Instagram != 12_000 || p.Reach.TikTok != 5 || p.Reach.Total != 15_005 || p.Bio != "I run." {
		t.Fatalf("profile after reach patch: %+v", p)
	}
	// It reaches the sponsor's desktop (influencer search).
	waitFor(t, "the new display name on the sponsor's desktop", func() bool {
		hits, err := NewSearchService(n.sponsor).Influencers(search.InfluencerQuery{Text: "Ivan"})
		return err == nil && len(hits.Items) == 1 && hits.Items[0].DisplayName == "Ivan Runs"
	})

	long := make([]byte, 61)
	for i := range long {
		long[i] = 'a'
	}
	for _, tc := range []struct {
		name string
		err  error
		want domain.Code
	}{
		{"nothing", ps.Update(mutate.ProfileUpdate{}), domain.CodeInvalidArgument},
		{"empty name", ps.Update(mutate.ProfileUpdate{DisplayName: str("  ")}), domain.CodeInvalidArgument},
		{"long category", ps.Update(mutate.ProfileUpdate{Category: str(string(long))}), domain.CodeInvalidArgument},
		{"negative reach", ps.Update(mutate.ProfileUpdate{Reach: &mutate.Reach{X: num(-1)}}), domain.CodeInvalidArgument},
		{"huge reach", ps.Update(mutate.ProfileUpdate{Reach: &mutate.Reach{Other: num(mutate.MaxReach + 1)}}), domain.CodeInvalidArgument},
		{"zero amount", second(as.Apply(mutate.AdRequestApply{CampaignID: n.campaign, Amount: 0})), domain.CodeInvalidArgument},
		{"no campaign", second(as.Apply(mutate.AdRequestApply{Amount: 100})), domain.CodeInvalidArgument},
		{"private campaign", second(as.Apply(mutate.AdRequestApply{CampaignID: n.campaign, Amount: 100})), domain.CodeNotFound},
		{"bad dates", second(is.Campaigns(queries.InflCampaignQuery{From: "2026-05-01", To: "2026-01-01"})), domain.CodeInvalidArgument},
		{"negative budget", second(is.Campaigns(queries.InflCampaignQuery{MinBudget: -1})), domain.CodeInvalidArgument},
		{"bad sort", second(is.Campaigns(queries.InflCampaignQuery{Sort: "fame"})), domain.CodeInvalidArgument},
		{"no id", second(cs.Public(" ")), domain.CodeInvalidArgument},
		{"sponsor profile", second(NewProfileService(n.sponsor).Mine()), domain.CodeForbidden},
		{"sponsor applies", second(NewAdRequestService(n.sponsor).Apply(mutate.AdRequestApply{CampaignID: n.campaign, Amount: 100})), domain.CodeForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := uiCode(t, tc.err); got != tc.want {
				t.Fatalf("got %s (%v), want %s", got, tc.err, tc.want)
			}
		})
	}
}
