package queries

import (
	"context"
	"fmt"
	"maps"
	"math"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
	"iescp/backend/domain"
	"iescp/backend/seed"
	"iescp/backend/store"
)

// analyticsWorld adds to the world: five influencers, four with stats (Ana mid and
// safe, Ben micro and risky with few posts, Cy micro, risky and flagged, Di nano with
// too few posts to rate), Ed micro by reach without stats; Ivan has neither; and a
// deliverable with metrics on each request.
func analyticsWorld(t *testing.T) (*world, map[string]string) {
	w := newWorld(t)
	ids := map[string]string{"ivan": w.infl.AccountID}
	add := func(short, name string, reach int64, flagged bool, reason string) {
		id := domain.NewID()
		ids[short] = id
		w.exec(`INSERT INTO accounts (id, email, role, name, flagged, flag_reason, created_at, updated_at)
			VALUES (?, ?, 'influencer', ?, ?, ?, ?, ?)`, id, short+"@example.com", name, flagged, reason, worldTime, worldTime)
		w.exec(`INSERT INTO influencer_profiles (account_id, display_name, reach_instagram, updated_at) VALUES (?, ?, ?, ?)`,
			id, name, reach, worldTime)
	}
	stats := func(short, tier string, followers int64, posts int, er float64, risk int, reasons string) {
		w.exec(`INSERT INTO influencer_stats (influencer_id, followers, posts_90d, er_followers, size_tier, risk_score,
			risk_reasons, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ids[short], followers, posts, er, tier, risk, reasons, worldTime)
	}
	add("ana", "Ana", 100_000, false, "")
	add("ben", "Ben", 20_000, false, "")
	add("cy", "Cy", 30_000, true, "Bought followers")
	add("di", "Di", 5_000, false, "")
	add("ed", "Ed", 20_000, false, "")
	stats("ana", "mid", 100_000, 20, 0.05, 10, "[]")
	stats("ben", "micro", 20_000, 5, 0.09, 75, `[{"code":"follower_jump","points":40,"params":{"jump":4.2}},{"code":"low_comments","points":35,"params":{}}]`)
	stats("cy", "micro", 30_000, 12, 0.03, 65, `[{"code":"like_comment_ratio","points":65,"params":{"ratio":400}}]`)
	stats("di", "nano", 5_000, 2, 0.02, 0, `[{"code":"insufficient_data","points":0,"params":{"posts":2}}]`)
	w.exec(`UPDATE ad_requests SET status = 'accepted' WHERE id = ?`, w.onPhone)
	deliverable := func(req string) string {
		id := domain.NewID()
		w.exec(`INSERT INTO deliverables (id, ad_request_id, seq, platform, content_type, quantity, due_date, created_at, updated_at)
			VALUES (?, ?, 1, 'instagram', 'reel', 1, '2026-12-01', ?, ?)`, id, req, worldTime, worldTime)
		return id
	}
	metrics := func(d, checkpoint string, views, likes, comments, shares, saves int) {
		w.exec(`INSERT INTO deliverable_metrics (id, deliverable_id, checkpoint, views, reach, likes, comments, shares, saves,
			reported_at, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)`,
			domain.NewID(), d, checkpoint, views, likes, comments, shares, saves, worldTime, worldTime, worldTime)
	}
	onPhone, onZebra := deliverable(w.onPhone), deliverable(w.onZebra)
	metrics(onPhone, "24h", 100, 10, 2, 1, 0)
	metrics(onPhone, "30d", 1000, 50, 5, 3, 2) // the latest: 60 engagements
	metrics(onZebra, "7d", 500, 100, 0, 0, 0)
	return w, ids
}

func TestPlatformAnalytics(t *testing.T) {
	w, ids := analyticsWorld(t)
	ctx := context.Background()
	if _, err := PlatformAnalytics(ctx, w.st.R, w.sponsor); domain.ErrorCode(err) != domain.CodeForbidden {
		t.Fatalf("a sponsor: got %v, want forbidden", err)
	}
	a, err := PlatformAnalytics(ctx, w.st.R, w.adm)
	if err != nil {
		t.Fatal(err)
	}
	want := []TierRow{
		{Tier: "nano", Influencers: 1, Rated: 1, ShareRated: 1, MedianER: 0.02, Posts90d: 2},
		{Tier: "micro", Influencers: 3, Rated: 2, ShareRated: 2.0 / 3, MedianER: 0.06, Posts90d: 17},
		{Tier: "mid", Influencers: 1, Rated: 1, ShareRated: 1, MedianER: 0.05, Posts90d: 20},
		{Tier: "macro"}, {Tier: "mega"},
		{Tier: "", Influencers: 1}, // Ivan: no reach, no stats
	}
	if len(a.Tiers) != len(want) {
		t.Fatalf("tiers: got %+v", a.Tiers)
	}
	for i, r := range a.Tiers {
		w := want[i]
		if r.Tier != w.Tier || r.Influencers != w.Influencers || r.Rated != w.Rated || r.Posts90d != w.Posts90d ||
			math.Abs(r.ShareRated-w.ShareRated) > 1e-9 || math.Abs(r.MedianER-w.MedianER) > 1e-9 {
			t.Errorf("tier %d: got %+v, want %+v", i, r, w)
		}
	}
	if a.Risk != (RiskCounts{Low: 1, Medium: 0, High: 2, Unrated: 3}) {
		t.Errorf("risk: got %+v, want low 1, high 2, unrated 3 (Di, Ed, Ivan)", a.Risk)
	}
	if len(a.TopInfluencers) != 2 || a.TopInfluencers[0].InfluencerID != ids["ana"] || a.TopInfluencers[1].InfluencerID != ids["cy"] ||
		a.TopInfluencers[0].Name != "Ana" || a.TopInfluencers[0].Posts90d != 20 {
		t.Errorf("top influencers (≥ %d posts, by ER): got %+v, want Ana, Cy", TopMinPosts, a.TopInfluencers)
	}
	if len(a.TopCampaigns) != 2 || a.TopCampaigns[0].CampaignID != w.zebra || a.TopCampaigns[0].Engagements != 100 ||
		a.TopCampaigns[1].CampaignID != w.phone || a.TopCampaigns[1].Engagements != 60 || a.TopCampaigns[1].Views != 1000 ||
		a.TopCampaigns[1].Company != "Maya Inc" || a.TopCampaigns[1].Deliverables != 1 {
		t.Errorf("top campaigns (latest checkpoint): got %+v", a.TopCampaigns)
	}
	wantTotals := PlatformTotals{Influencers: 6, Rated: 4, Posts90d: 39, Campaigns: 2, Deals: 1, Deliverables: 2, Views: 1500, Engagements: 160}
	if a.Totals != wantTotals {
		t.Errorf("totals: got %+v, want %+v", a.Totals, wantTotals)
	}
}

func TestRiskReview(t *testing.T) {
	w, ids := analyticsWorld(t)
	ctx := context.Background()
	if _, err := RiskReview(ctx, w.st.R, w.infl, 1, 0); domain.ErrorCode(err) != domain.CodeForbidden {
		t.Fatalf("an influencer: got %v, want forbidden", err)
	}
	if _, err := RiskReview(ctx, w.st.R, w.adm, -1, 0); domain.ErrorCode(err) != domain.CodeInvalidArgument {
		t.Fatalf("page -1: got %v, want invalid_argument", err)
	}
	p, err := RiskReview(ctx, w.st.R, w.adm, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 2 || len(p.Items) != 2 || p.Page != 1 || p.PageSize != DefaultPageSize {
		t.Fatalf("got %+v, want Ben and Cy", p)
	}
	ben, cy := p.Items[0], p.Items[1]
	if ben.InfluencerID != ids["ben"] || ben.RiskScore != 75 || ben.Flagged || !ben.Active || ben.Name != "Ben" ||
		ben.Email != "ben@example.com" || ben.SizeTier != "micro" || ben.Followers != 20_000 || ben.ComputedAt != "2026-11-15T09:00:00Z" {
		t.Errorf("first (highest score): got %+v", ben)
	}
	if len(ben.RiskReasons) != 2 || ben.RiskReasons[0].Code != "follower_jump" || ben.RiskReasons[0].Params["jump"] != 4.2 {
		t.Errorf("Ben's reasons: got %+v", ben.RiskReasons)
	}
	if cy.InfluencerID != ids["cy"] || !cy.Flagged || cy.FlagReason != "Bought followers" || cy.RiskReasons[0].Code != "like_comment_ratio" {
		t.Errorf("second (flagged): got %+v", cy)
	}
	p, err = RiskReview(ctx, w.st.R, w.adm, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 2 || len(p.Items) != 1 || p.Items[0].InfluencerID != ids["cy"] {
		t.Errorf("page 2 of 1: got %+v, want Cy", p)
	}
}

// The admin's analytics at 100,000 seeded influencers with SYNTHETIC stats for nine
// in ten (one in twenty of them high-risk). IESCP_BENCH_DB names a database
// `iescp seed` already filled with 100,000 influencers, to skip the minute of seeding.
func BenchmarkAdminAnalytics100k(b *testing.B) {
	path := os.Getenv("IESCP_BENCH_DB")
	if path == "" {
		sum, err := seed.Generate(context.Background(), seed.Options{DataDir: b.TempDir(), Password: "bench-password",
			Influencers: 100_000, Sponsors: 300, Campaigns: 2_000, AdRequests: 5_000, Seed: 1,
			Now: time.Date(2026, 11, 15, 12, 0, 0, 0, time.UTC)})
		if err != nil {
			b.Fatal(err)
		}
		path = sum.Path
	}
	{
		st, err := store.Open(path, store.SetDomain)
		if err != nil {
			b.Fatal(err)
		}
		// A database an earlier run left all rated gets its tenth unrated back.
		if _, err := st.W.Exec(`DELETE FROM influencer_stats WHERE influencer_id IN
			(SELECT account_id FROM influencer_profiles WHERE rowid % 10 = 0)`); err != nil {
			b.Fatal(err)
		}
		if _, err := st.W.Exec(`INSERT OR REPLACE INTO influencer_stats (influencer_id, followers, posts_90d, er_followers,
			size_tier, risk_score, risk_reasons, computed_at)
			SELECT account_id, reach_total, rowid % 40, (rowid * 7919 % 1000) / 10000.0,
				CASE WHEN reach_total < 10000 THEN 'nano' WHEN reach_total < 50000 THEN 'micro'
					WHEN reach_total < 500000 THEN 'mid' WHEN reach_total < 1000000 THEN 'macro' ELSE 'mega' END,
				CASE WHEN rowid % 20 = 5 THEN 60 + rowid % 41 ELSE rowid * 17 % 60 END,
				CASE WHEN rowid % 20 = 5 THEN '[{"code":"follower_jump","points":40,"params":{"jump":4}}]' ELSE '[]' END,
				'2026-11-15 00:00:00'
			FROM influencer_profiles WHERE rowid % 10 <> 0`); err != nil {
			b.Fatal(err)
		}
		st.Close()
	}
	st, err := store.Open(path, store.SetDomain)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	adm := Viewer{AccountID: domain.NewID(), Role: domain.RoleAdmin}
	ctx := context.Background()
	platform := func(b *testing.B) {
		var a PlatformAnalyticsView
		for b.Loop() {
			var err error
			if a, err = PlatformAnalytics(ctx, st.R, adm); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(a.Totals.Influencers-a.Totals.Rated), "unrated")
	}
	b.Run("platform", platform)
	for _, page := range []int{1, 100} {
		b.Run(fmt.Sprintf("risk_review_page_%d", page), func(b *testing.B) {
			var total int
			for b.Loop() {
				p, err := RiskReview(ctx, st.R, adm, page, 25)
				if err != nil {
					b.Fatal(err)
				}
				total = p.Total
			}
			b.ReportMetric(float64(total), "matches")
		})
	}
	// The usual state once the server's job has run: every influencer rated, so the
	// search keys' index of the unrated is empty.
	if _, err := st.W.Exec(`INSERT OR IGNORE INTO influencer_stats (influencer_id, followers, size_tier, computed_at)
		SELECT account_id, reach_total, 'nano', '2026-11-15 00:00:00' FROM influencer_profiles`); err != nil {
		b.Fatal(err)
	}
	b.Run("platform_all_rated", platform)
}

// A stats row whose influencer has no profile (the analytics job rates accounts; the
// profile is written at sign-up) counts as rated in its stats' tier: the tiers are
// counted on the stats' index, with no join to the profiles (issue 12: ≤ 100 ms at
// 100,000 influencers).
func TestPlatformAnalyticsStatsWithoutProfile(t *testing.T) {
	w, _ := analyticsWorld(t)
	id := domain.NewID()
	w.exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, 'np@example.com', 'influencer', 'Np', ?, ?)`,
		id, worldTime, worldTime)
	w.exec(`INSERT INTO influencer_stats (influencer_id, followers, posts_90d, er_followers, size_tier, risk_score,
		risk_reasons, computed_at) VALUES (?, 600000, 30, 0.04, 'macro', 20, '[]', ?)`, id, worldTime)
	a, err := PlatformAnalytics(context.Background(), w.st.R, w.adm)
	if err != nil {
		t.Fatal(err)
	}
	if r := a.Tiers[3]; r.Tier != "macro" || r.Influencers != 1 || r.Rated != 1 || r.Posts90d != 30 || r.MedianER != 0.04 {
		t.Errorf("macro: got %+v, want the profile-less rated influencer", r)
	}
	if a.Totals.Influencers != 7 || a.Totals.Rated != 5 || a.Risk.Low != 2 || a.Risk.Unrated != 3 {
		t.Errorf("totals %+v, risk %+v", a.Totals, a.Risk)
	}
}

// oldUnratedTiers is the anti-join PlatformAnalytics ran before it read the search
// keys: every profile's id looked up in the stats, the tier of the profile's reach.
const oldUnratedTiers = `SELECT CASE WHEN p.reach_total <= 0 THEN '' WHEN p.reach_total < 10000 THEN 'nano'
		WHEN p.reach_total < 50000 THEN 'micro' WHEN p.reach_total < 500000 THEN 'mid'
		WHEN p.reach_total < 1000000 THEN 'macro' ELSE 'mega' END AS tier, COUNT(*) AS influencers
	FROM influencer_profiles p
	WHERE NOT EXISTS (SELECT 1 FROM influencer_stats st WHERE st.influencer_id = p.account_id) GROUP BY tier`

// The unrated by tier from the search keys equal the anti-join over the profiles and
// the stats: at every tier's bounds, visible, flagged and deactivated, rated, rated
// and then unrated (stats row deleted), moved across a bound, hidden and unhidden
// after the fact.
func TestUnratedByTierMatchesAntiJoin(t *testing.T) {
	w, _ := analyticsWorld(t)
	ctx := context.Background()
	n := 0
	add := func(reach int64, flagged, active bool) string {
		n++
		id := domain.NewID()
		w.exec(`INSERT INTO accounts (id, email, role, name, active, flagged, created_at, updated_at)
			VALUES (?, ?, 'influencer', ?, ?, ?, ?, ?)`, id, fmt.Sprintf("u%d@example.com", n), fmt.Sprintf("U%d", n),
			active, flagged, worldTime, worldTime)
		w.exec(`INSERT INTO influencer_profiles (account_id, display_name, reach_instagram, updated_at) VALUES (?, ?, ?, ?)`,
			id, fmt.Sprintf("U%d", n), reach, worldTime)
		return id
	}
	rate := func(id string) {
		w.exec(`INSERT INTO influencer_stats (influencer_id, followers, posts_90d, er_followers, size_tier, computed_at)
			SELECT account_id, reach_total, 12, 0.03, 'micro', ? FROM influencer_profiles WHERE account_id = ?`, worldTime, id)
	}
	unrate := func(id string) { w.exec(`DELETE FROM influencer_stats WHERE influencer_id = ?`, id) }
	for _, reach := range []int64{0, 1, 9_999, 10_000, 49_999, 50_000, 499_999, 500_000, 999_999, 1_000_000, 7_000_000} {
		add(reach, false, true) // visible, unrated
		add(reach, true, true)  // flagged
		add(reach, false, false)
		add(reach, true, false)
		rate(add(reach, false, true)) // rated: not counted
		rate(add(reach, true, true))
		unrate(func() string { id := add(reach, false, true); rate(id); return id }()) // stats row deleted
		unrate(func() string { id := add(reach, false, false); rate(id); return id }())
	}
	// Moved across a bound after the insert, and hidden or unhidden after the fact.
	w.exec(`UPDATE influencer_profiles SET reach_instagram = 10000 WHERE account_id = ?`, add(9_999, false, true))
	w.exec(`UPDATE influencer_profiles SET reach_instagram = 0 WHERE account_id = ?`, add(5, true, true))
	w.exec(`UPDATE accounts SET flagged = 1 WHERE id = ?`, add(60_000, false, true))
	w.exec(`UPDATE accounts SET active = 1 WHERE id = ?`, add(600_000, false, false))
	id := add(2_000_000, true, true)
	rate(id)
	w.exec(`UPDATE accounts SET flagged = 0 WHERE id = ?`, id)
	unrate(id)

	var old []TierRow
	if err := sqlx.SelectContext(ctx, w.st.R, &old, oldUnratedTiers); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	for _, r := range old {
		want[r.Tier] = r.Influencers
	}
	// The fixture has the hidden and the visible unrated in every tier.
	var hidden []string
	if err := sqlx.SelectContext(ctx, w.st.R, &hidden, `SELECT DISTINCT k.size_tier FROM (SELECT CASE WHEN p.reach_total <= 0 THEN ''
			WHEN p.reach_total < 10000 THEN 'nano' WHEN p.reach_total < 50000 THEN 'micro' WHEN p.reach_total < 500000 THEN 'mid'
			WHEN p.reach_total < 1000000 THEN 'macro' ELSE 'mega' END AS size_tier
		FROM influencer_profiles p JOIN accounts a ON a.id = p.account_id
		WHERE (a.flagged = 1 OR a.active = 0) AND p.account_id NOT IN (SELECT influencer_id FROM influencer_stats)) k`); err != nil {
		t.Fatal(err)
	}
	if len(want) != 6 || len(hidden) != 6 {
		t.Fatalf("fixture: unrated in tiers %v, hidden unrated in %v; want all six", want, hidden)
	}

	got, err := unratedByTier(ctx, w.st.R)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, want) {
		t.Errorf("unrated by tier: got %v, want (anti-join) %v", got, want)
	}
	// And so do the platform analytics' tiers: the influencers less the rated.
	a, err := PlatformAnalytics(ctx, w.st.R, w.adm)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range a.Tiers {
		if r.Influencers-r.Rated != want[r.Tier] {
			t.Errorf("tier %q: %d influencers, %d rated; want %d unrated", r.Tier, r.Influencers, r.Rated, want[r.Tier])
		}
	}
}

// reachTiers is analytics.SizeTier's rule: each tier from its lower bound, the bound
// in the tier and the reach below it in the tier before.
func TestReachTiers(t *testing.T) {
	if len(reachTiers) != len(analytics.SizeTiers)+1 || reachTiers[0].tier != "" {
		t.Fatalf("reachTiers %v: want \"\" then %v", reachTiers, analytics.SizeTiers)
	}
	for i, r := range reachTiers[1:] {
		if r.tier != analytics.SizeTiers[i] || analytics.SizeTier(r.from) != r.tier ||
			analytics.SizeTier(r.from-1) != reachTiers[i].tier {
			t.Errorf("%q from %d: SizeTier(%d) = %q, SizeTier(%d) = %q", r.tier, r.from, r.from,
				analytics.SizeTier(r.from), r.from-1, analytics.SizeTier(r.from-1))
		}
	}
	if analytics.SizeTier(math.MinInt64) != "" || analytics.SizeTier(math.MaxInt64) != analytics.TierMega {
		t.Errorf("the ends: SizeTier(min) = %q, SizeTier(max) = %q", analytics.SizeTier(math.MinInt64),
			analytics.SizeTier(math.MaxInt64))
	}
}

// The top campaigns and the totals, computed from one read of every campaign's
// latest metrics, equal the queries that read them twice: more campaigns than the
// list holds, ties on engagements (the lower campaign id first), a deleted campaign,
// deliverables with several checkpoints.
func TestPlatformAnalyticsTopCampaigns(t *testing.T) {
	w, _ := analyticsWorld(t)
	ctx := context.Background()
	for i := range TopN + 4 {
		c, r := domain.NewID(), domain.NewID()
		var deleted any
		if i == 3 {
			deleted = worldTime
		}
		w.exec(`INSERT INTO campaigns (id, sponsor_id, name, start_date, end_date, budget, status, visibility, created_at,
			updated_at, deleted_at) VALUES (?, ?, ?, '2026-01-01', '2099-12-31', 1000, 'active', 'public', ?, ?, ?)`,
			c, w.sponsor.AccountID, fmt.Sprintf("C%d", i), worldTime, worldTime, deleted)
		w.exec(`INSERT INTO ad_requests (id, campaign_id, influencer_id, initiated_by, requirements, payment_amount,
			status, created_at, updated_at) VALUES (?, ?, ?, 'sponsor', 'A post', 100, 'accepted', ?, ?)`,
			r, c, w.infl.AccountID, worldTime, worldTime)
		p := i / 2 // campaigns 2p and 2p+1 tie
		for k := range 1 + p%3 {
			d := domain.NewID()
			w.exec(`INSERT INTO deliverables (id, ad_request_id, seq, platform, content_type, quantity, due_date, created_at,
				updated_at) VALUES (?, ?, ?, 'instagram', 'reel', 1, '2026-12-01', ?, ?)`, d, r, k+1, worldTime, worldTime)
			for j, cp := range []string{"24h", "7d", "30d"}[:1+(p+k)%3] {
				w.exec(`INSERT INTO deliverable_metrics (id, deliverable_id, checkpoint, views, reach, likes, comments, shares,
					saves, reported_at, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, 1, 0, 0, ?, ?, ?)`,
					domain.NewID(), d, cp, 100*(p+j), 10*(p%5)+j, worldTime, worldTime, worldTime)
			}
		}
	}
	var want []TopCampaign
	if err := sqlx.SelectContext(ctx, w.st.R, &want, `SELECT m.campaign_id, c.name,
		COALESCE(sp.company_name, '') AS company, COUNT(*) AS deliverables, SUM(m.views) AS views,
		SUM(m.engagements) AS engagements
		FROM (`+campaignLatestMetrics+`) m JOIN campaigns c ON c.id = m.campaign_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id
		GROUP BY m.campaign_id ORDER BY engagements DESC, m.campaign_id LIMIT ?`, TopN); err != nil {
		t.Fatal(err)
	}
	var wantTotals PlatformTotals
	if err := sqlx.GetContext(ctx, w.st.R, &wantTotals, `SELECT COUNT(*) AS deliverables, COALESCE(SUM(views), 0) AS views,
		COALESCE(SUM(engagements), 0) AS engagements FROM (`+campaignLatestMetrics+`)`); err != nil {
		t.Fatal(err)
	}
	ties := 0
	for i := 1; i < len(want); i++ {
		if want[i].Engagements == want[i-1].Engagements {
			ties++
		}
	}
	if len(want) != TopN || ties == 0 {
		t.Fatalf("fixture: %d top campaigns, %d ties; want %d and some", len(want), ties, TopN)
	}
	a, err := PlatformAnalytics(ctx, w.st.R, w.adm)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.TopCampaigns, want) {
		t.Errorf("top campaigns:\n got %+v\nwant %+v", a.TopCampaigns, want)
	}
	if got := a.Totals; got.Deliverables != wantTotals.Deliverables || got.Views != wantTotals.Views ||
		got.Engagements != wantTotals.Engagements || got.Campaigns != 2+TopN+3 || got.Deals != 1+TopN+4 {
		t.Errorf("totals: got %+v, want %+v, %d campaigns, %d deals", got, wantTotals, 2+TopN+3, 1+TopN+4)
	}
}

// latestMetrics keeps each deliverable's latest checkpoint (30d over 7d over 24h,
// whenever each was reported) like the ordered pick it replaced, for every set of
// checkpoints a deliverable can have.
func TestLatestMetricsMatchesOrderedPick(t *testing.T) {
	w := newWorld(t)
	checkpoints := []string{"24h", "7d", "30d"}
	for set := 1; set < 1<<len(checkpoints); set++ {
		d := domain.NewID()
		w.exec(`INSERT INTO deliverables (id, ad_request_id, seq, platform, content_type, quantity, due_date, created_at,
			updated_at) VALUES (?, ?, ?, 'instagram', 'reel', 1, '2026-12-01', ?, ?)`, d, w.onPhone, set, worldTime, worldTime)
		for i, cp := range checkpoints {
			if set&(1<<i) != 0 { // the earlier checkpoints reported last
				w.exec(`INSERT INTO deliverable_metrics (id, deliverable_id, checkpoint, views, reach, likes, comments, shares,
					saves, reported_at, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, 0, 0, 0, ?, ?, ?)`,
					domain.NewID(), d, cp, 10*set+i, i, worldTime.Add(time.Duration(3-i)*time.Hour), worldTime, worldTime)
			}
		}
	}
	type row struct {
		DeliverableID string `db:"deliverable_id"`
		Views         int64  `db:"views"`
		Engagements   int64  `db:"engagements"`
	}
	var got, want []row
	if err := sqlx.Select(w.st.R, &got, `SELECT deliverable_id, views, engagements FROM (`+latestMetrics+`)
		ORDER BY deliverable_id`); err != nil {
		t.Fatal(err)
	}
	if err := sqlx.Select(w.st.R, &want, `SELECT m.deliverable_id, m.views, m.likes + m.comments + m.shares + m.saves AS engagements
		FROM deliverable_metrics m
		WHERE m.id = (SELECT m2.id FROM deliverable_metrics m2 WHERE m2.deliverable_id = m.deliverable_id
			ORDER BY CASE m2.checkpoint WHEN '30d' THEN 3 WHEN '7d' THEN 2 ELSE 1 END DESC, m2.reported_at DESC LIMIT 1)
		ORDER BY m.deliverable_id`); err != nil {
		t.Fatal(err)
	}
	if len(want) != 7 || !slices.Equal(got, want) {
		t.Errorf("latest metrics:\n got %+v\nwant %+v", got, want)
	}
}

// The risk bands equal their range counts: scores at every band's bounds, one with
// insufficient data in each band, a stats row in a tier the tab does not list.
func TestPlatformAnalyticsRiskBands(t *testing.T) {
	w, _ := analyticsWorld(t)
	ctx := context.Background()
	stats := func(risk int, tier, reasons string) {
		id := domain.NewID()
		w.exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, 'influencer', 'R', ?, ?)`,
			id, id+"@example.com", worldTime, worldTime)
		w.exec(`INSERT INTO influencer_stats (influencer_id, followers, posts_90d, er_followers, size_tier, risk_score,
			risk_reasons, computed_at) VALUES (?, 20000, 12, 0.03, ?, ?, ?, ?)`, id, tier, risk, reasons, worldTime)
	}
	for _, risk := range []int{0, 29, 30, 31, 59, 60, 100} {
		stats(risk, "micro", "[]")
	}
	for _, risk := range []int{10, 30, 70} {
		stats(risk, "nano", `[{"code":"insufficient_data","points":0,"params":{"posts":2}}]`)
	}
	stats(45, "giga", "[]")
	var want RiskCounts
	if err := sqlx.GetContext(ctx, w.st.R, &want, `SELECT
		(SELECT COUNT(*) FROM influencer_stats WHERE risk_score < 30 AND NOT `+insufficientExpr+`) AS low,
		(SELECT COUNT(*) FROM influencer_stats WHERE risk_score >= 30 AND risk_score < 60 AND NOT `+insufficientExpr+`) AS medium,
		(SELECT COUNT(*) FROM influencer_stats WHERE risk_score >= 60 AND NOT `+insufficientExpr+`) AS high`); err != nil {
		t.Fatal(err)
	}
	a, err := PlatformAnalytics(ctx, w.st.R, w.adm)
	if err != nil {
		t.Fatal(err)
	}
	want.Unrated = a.Risk.Unrated
	if a.Risk != want || want.Medium != 4 || want.Low != 3 {
		t.Errorf("risk: got %+v, want %+v", a.Risk, want)
	}
	if a.Risk.Unrated != 3+3 { // Di, Ed, Ivan, and the three new with insufficient data
		t.Errorf("unrated: got %d, want 6", a.Risk.Unrated)
	}
}
