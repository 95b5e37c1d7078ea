package queries

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"iescp/backend/analytics/synth"
	"iescp/backend/domain"
	"iescp/backend/predict"
	"iescp/backend/store"
)

// The analytics fixture: Ivan's posts, every figure below computed by hand.
//
//	p1 instagram reel   2026-11-10 18:00 followers 1000 views  2000 E = 40+5+3+2      =  50  ER 0.05
//	p2 instagram photo  2026-11-12 18:00 followers 1100 views     0 E = 80+10+5+5     = 100  ER 0.0909…
//	p3 instagram reel   2026-10-01 18:00 followers  800 views  4000 E = 20+2+1+1      =  24  ER 0.03
//	p4 tiktok    short  2026-11-14 20:00 followers 5000 views 10000 E = 300+50+100+50 = 500  ER 0.1
//	p5 instagram photo  2025-01-01 12:00 followers  500 (outside every window)
//	p6 tiktok    short  2026-11-13 (deleted: counts nowhere)
//	p7 tiktok    short  2026-11-20 (after now: counts nowhere)
func analyticsFixture(t *testing.T) *world {
	t.Helper()
	w := newWorld(t)
	w.exec(`UPDATE influencer_profiles SET category = 'Tech', niche = 'Phones', reach_instagram = 1100, reach_tiktok = 5000 WHERE account_id = ?`, w.infl.AccountID)
	post := func(id, platform, ct, at string, followers, views, likes, comments, shares, saves int64, deleted bool) {
		ts, err := time.Parse(time.RFC3339, at)
		if err != nil {
			t.Fatal(err)
		}
		var del any
		if deleted {
			del = worldTime
		}
		w.exec(`INSERT INTO posts (id, influencer_id, platform, content_type, posted_at, followers, views, reach, likes, comments,
			shares, saves, source, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 'import', ?, ?, ?)`,
			id, w.infl.AccountID, platform, ct, ts, followers, views, likes, comments, shares, saves, worldTime, worldTime, del)
	}
	post("p1", "instagram", "reel", "2026-11-10T18:00:00Z", 1000, 2000, 40, 5, 3, 2, false)
	post("p2", "instagram", "photo", "2026-11-12T18:00:00Z", 1100, 0, 80, 10, 5, 5, false)
	post("p3", "instagram", "reel", "2026-10-01T18:00:00Z", 800, 4000, 20, 2, 1, 1, false)
	post("p4", "tiktok", "short", "2026-11-14T20:00:00Z", 5000, 10000, 300, 50, 100, 50, false)
	post("p5", "instagram", "photo", "2025-01-01T12:00:00Z", 500, 100, 1, 0, 0, 0, false)
	post("p6", "tiktok", "short", "2026-11-13T12:00:00Z", 9_000_000, 1, 9_000_000, 0, 0, 0, true)
	// p7 is dated after now (a clock set wrong on import): it counts nowhere, not even in the followers.
	post("p7", "tiktok", "short", "2026-11-20T12:00:00Z", 900_000, 1, 1, 0, 0, 0, false)
	return w
}

func near(got, want float64) bool { return math.Abs(got-want) < 1e-9 }

func TestInfluencerAnalytics_OwnLiveFromPosts(t *testing.T) {
	w := analyticsFixture(t)
	a, err := InfluencerAnalytics(bg, w.st.R, w.infl, w.infl.AccountID, 30, worldTime)
	if err != nil {
		t.Fatal(err)
	}
	// 30 days: p1, p2, p4. ER by followers (0.05 + 100/1100 + 0.1) / 3; by views
	// (50 + 500) / (2000 + 10000) (p2 has no views); followers 1000+5000 → 1100+5000.
	if !a.Own || a.Source != "posts" || a.Posts != 3 || a.WindowDays != 30 || a.GrowthDays != 30 ||
		!near(a.ERFollowers, (0.05+100.0/1100+0.1)/3) || !near(a.ERViews, 550.0/12000) ||
		!near(a.AvgViews, 4000) || !near(a.AvgLikes, 140) || !near(a.AvgComments, 65.0/3) ||
		!near(a.FollowerGrowth, 100.0/6000) || !near(a.PostsPerWeek, 0.7) || a.Followers != 6100 || a.SizeTier != "nano" {
		t.Fatalf("30 days: %+v", a)
	}
	if a.HasStats || a.RiskScore != nil || a.PerfTier != "" || a.HistoryHidden || a.AudienceHidden || a.Deals != nil {
		t.Fatalf("without a stats row: %+v", a)
	}
	// Daily trend from 2026-10-16 to 2026-11-15: 31 points; on 11-14 the tiktok post,
	// followers at the day's end instagram 1100 + tiktok 5000; on 10-16 instagram's
	// latest before the window (p3, 800).
	if a.Bucket != "day" || len(a.Trend) != 31 || a.Trend[29].Posts != 1 || !near(a.Trend[29].ER, 0.1) ||
		a.Trend[29].Followers != 6100 || a.Trend[0].Followers != 800 || a.Trend[0].Posts != 0 {
		t.Fatalf("trend: %s %d %+v %+v", a.Bucket, len(a.Trend), a.Trend[0], a.Trend[len(a.Trend)-2])
	}
	if fmt.Sprint(a.ByContentType) != fmt.Sprint([]BreakdownView{{"photo", 1, 100.0 / 1100, 0, 0}, {"reel", 1, 0.05, 0.025, 2000}, {"short", 1, 0.1, 0.05, 10000}}) ||
		len(a.ByPlatform) != 2 || a.ByPlatform[0].Key != "instagram" || a.ByPlatform[0].Posts != 2 || !near(a.ByPlatform[0].ERFollowers, (0.05+100.0/1100)/2) {
		t.Fatalf("breakdowns: %+v %+v", a.ByContentType, a.ByPlatform)
	}
	if a.BestDay != nil || a.BestHour != nil {
		t.Fatalf("no slot has 3 posts in 30 days: %+v %+v", a.BestDay, a.BestHour)
	}

	// 90 days adds p3: hour 18 (UTC) has three posts now.
	a, err = InfluencerAnalytics(bg, w.st.R, w.infl, w.infl.AccountID, 90, worldTime)
	if err != nil || a.Posts != 4 || !near(a.ERFollowers, (0.05+100.0/1100+0.03+0.1)/4) || !near(a.FollowerGrowth, 300.0/5800) ||
		a.Bucket != "week" || a.BestHour == nil || a.BestHour.Value != 18 || a.BestHour.Posts != 3 ||
		!near(a.BestHour.ER, (0.05+100.0/1100+0.03)/3) || a.BestDay != nil {
		t.Fatalf("90 days: %+v, %v", a, err)
	}
	if _, err := InfluencerAnalytics(bg, w.st.R, w.infl, w.infl.AccountID, 60, worldTime); code(err) != domain.CodeInvalidArgument {
		t.Fatalf("a 60-day window: %v", err)
	}
}

// statsRow gives Ivan the server's aggregates: a history, a best slot, a risk.
func statsRow(w *world, series, byType string) {
	w.exec(`INSERT INTO influencer_stats (influencer_id, followers, posts_90d, er_followers, er_views, avg_views, avg_likes,
		avg_comments, growth_30d, posts_per_week, size_tier, perf_tier, risk_score, risk_reasons, predicted_er, predicted_views,
		on_time_rate, series, by_type, best_slot, model_version, computed_at)
		VALUES (?, 6100, 4, 0.0677, 0.0412, 4000, 110, 17, 0.0167, 0.31, 'nano', 'B', 35, ?, 0.061, 3500, 0.75, ?, ?, ?, 3, ?)`,
		w.infl.AccountID, `[{"code":"low_engagement_vs_peers","points":20,"params":{"er":0.01,"peer_median":0.04}},{"code":"like_comment_ratio","points":20,"params":{"ratio":90}}]`,
		series, byType, `{"day":4,"hour":18}`, worldTime)
}

const (
	seriesJSONText = `[{"start":"2026-10-01T00:00:00Z","posts":1,"er":0.03,"followers":800},{"start":"2026-11-01T00:00:00Z","posts":3,"er":0.08,"followers":6100}]`
	byTypeJSONText = `{"content_type":[{"key":"reel","posts":2,"er_followers":0.04,"er_views":0.012,"avg_views":3000}],"platform":[{"key":"tiktok","posts":1,"er_followers":0.1,"er_views":0.05,"avg_views":10000}]}`
)

func TestInfluencerAnalytics_OthersSeeStats(t *testing.T) {
	w := analyticsFixture(t)
	statsRow(w, seriesJSONText, byTypeJSONText)
	w.exec(`INSERT INTO audience_shares (id, influencer_id, dimension, bucket, share_bps, updated_at) VALUES
		('a1', ?, 'country', 'DE', 6000, ?), ('a2', ?, 'country', 'FR', 2500, ?), ('a3', ?, 'gender', 'female', 7000, ?), ('a4', ?, 'age', '18-24', 0, ?)`,
		w.infl.AccountID, worldTime, w.infl.AccountID, worldTime, w.infl.AccountID, worldTime, w.infl.AccountID, worldTime)

	a, err := InfluencerAnalytics(bg, w.st.R, w.sponsor, w.infl.AccountID, 30, worldTime)
	if err != nil {
		t.Fatal(err)
	}
	if a.Own || a.Source != "stats" || fmt.Sprint(a.Windows) != "[90]" || a.WindowDays != 90 || a.GrowthDays != 30 || a.Posts != 4 ||
		a.Followers != 6100 || !near(a.ERFollowers, 0.0677) || !near(a.AvgViews, 4000) || a.SizeTier != "nano" || a.PerfTier != "B" ||
		a.RiskScore == nil || *a.RiskScore != 35 || len(a.RiskReasons) != 2 || a.RiskReasons[0].Code != "low_engagement_vs_peers" ||
		a.RiskReasons[0].Params["peer_median"] != 0.04 || !near(a.PredictedER, 0.061) || a.ModelVersion != 3 || a.Name != "Ivan" {
		t.Fatalf("the sponsor's view: %+v", a)
	}
	if a.HistoryHidden || a.Bucket != "month" || len(a.Trend) != 2 || a.Trend[1].Posts != 3 || !near(a.Trend[1].ER, 0.08) ||
		len(a.ByContentType) != 1 || a.ByContentType[0].Key != "reel" || !near(a.ByContentType[0].ERViews, 0.012) ||
		len(a.ByPlatform) != 1 || a.ByPlatform[0].AvgViews != 10000 || a.BestDay.Value != 4 || a.BestHour.Value != 18 {
		t.Fatalf("the history: %+v", a)
	}
	// No media kit: the audience is hidden from others (the defaults), not from Ivan.
	if !a.AudienceHidden || len(a.Audience) != 0 {
		t.Fatalf("audience without a media kit: %+v", a.Audience)
	}
	mine, err := InfluencerAnalytics(bg, w.st.R, w.infl, w.infl.AccountID, 90, worldTime)
	if err != nil || mine.AudienceHidden || fmt.Sprint(mine.Audience) != "[{country DE 6000} {country FR 2500} {gender female 7000}]" {
		t.Fatalf("Ivan's own audience: %+v, %v", mine.Audience, err)
	}
	// His own view: live figures, with the stats row's tiers and risk.
	if mine.Source != "posts" || mine.Posts != 4 || mine.PerfTier != "B" || mine.RiskScore == nil || *mine.RiskScore != 35 || !mine.HasStats ||
		mine.Bucket != "week" || mine.BestHour.Posts != 3 {
		t.Fatalf("Ivan's view with a stats row: %+v", mine)
	}

	// The media kit shows the audience and hides the history: the server masks
	// series and by_type to ''.
	w.exec(`INSERT INTO media_kits (influencer_id, show_audience, show_history, headline, updated_at) VALUES (?, 1, 0, 'Phones, honestly', ?)`, w.infl.AccountID, worldTime)
	w.exec(`UPDATE influencer_stats SET series = '', by_type = ''`)
	a, err = InfluencerAnalytics(bg, w.st.R, w.sponsor, w.infl.AccountID, 90, worldTime)
	if err != nil || a.AudienceHidden || len(a.Audience) != 3 || !a.HistoryHidden || len(a.Trend) != 0 || len(a.ByContentType) != 0 ||
		a.MediaKit.Headline != "Phones, honestly" || a.PerfTier != "B" {
		t.Fatalf("history hidden, audience shown: %+v, %v", a, err)
	}
	if mine, _ := InfluencerAnalytics(bg, w.st.R, w.infl, w.infl.AccountID, 30, worldTime); mine.HistoryHidden || len(mine.Trend) != 31 {
		t.Fatalf("Ivan's own history is never hidden from him: %+v", mine)
	}
	// An admin sees the same aggregates, without deal results.
	if a, err := InfluencerAnalytics(bg, w.st.R, w.adm, w.infl.AccountID, 90, worldTime); err != nil || a.Deals != nil || a.PerfTier != "B" || !a.HistoryHidden {
		t.Fatalf("the admin's view: %+v, %v", a, err)
	}
}

func TestInfluencerAnalytics_NotFound(t *testing.T) {
	w := analyticsFixture(t)
	if _, err := InfluencerAnalytics(bg, w.st.R, w.sponsor, domain.NewID(), 90, worldTime); code(err) != domain.CodeNotFound {
		t.Fatalf("an unknown influencer: %v", err)
	}
	if _, err := InfluencerAnalytics(bg, w.st.R, w.infl, w.sponsor.AccountID, 90, worldTime); code(err) != domain.CodeNotFound {
		t.Fatalf("a sponsor's id: %v", err)
	}
	if _, err := InfluencerAnalytics(bg, w.st.R, w.sponsor, "", 90, worldTime); code(err) != domain.CodeInvalidArgument {
		t.Fatalf("no id: %v", err)
	}
	// Flagged: gone for sponsors (like the profile), still there for admins and himself.
	w.exec(`UPDATE accounts SET flagged = 1 WHERE id = ?`, w.infl.AccountID)
	if _, err := InfluencerAnalytics(bg, w.st.R, w.sponsor, w.infl.AccountID, 90, worldTime); code(err) != domain.CodeNotFound {
		t.Fatalf("a flagged influencer for a sponsor: %v", err)
	}
	for _, v := range []Viewer{w.adm, w.infl} {
		if _, err := InfluencerAnalytics(bg, w.st.R, v, w.infl.AccountID, 90, worldTime); err != nil {
			t.Fatalf("a flagged influencer for %s: %v", v.Role, err)
		}
	}
}

// The sponsor's own deal with Ivan: Phone launch accepted with 3,000.00 in escrow,
// two deliverables, one reported at 24 h and 7 d (the 7-day figures count), 40
// clicks. CPM 300000 × 1000 / 10000 = 30000 cents; CPE 300000 / 500 = 600; CPC
// 300000 / 40 = 7500; per deliverable 150000. The pending Zebra request does not count.
func TestInfluencerAnalytics_SponsorDeals(t *testing.T) {
	w := analyticsFixture(t)
	w.exec(`UPDATE ad_requests SET status = 'accepted', escrow_state = 'funded', escrow_cents = 300000 WHERE id = ?`, w.onPhone)
	for i, id := range []string{"d1", "d2"} {
		w.exec(`INSERT INTO deliverables (id, ad_request_id, seq, platform, content_type, quantity, due_date, status, created_at, updated_at)
			VALUES (?, ?, ?, 'instagram', 'reel', 1, '2026-12-01', 'posted', ?, ?)`, id, w.onPhone, i+1, worldTime, worldTime)
	}
	metric := func(id, cp string, views, likes int64) {
		w.exec(`INSERT INTO deliverable_metrics (id, deliverable_id, checkpoint, views, reach, likes, comments, shares, saves, reported_at, created_at, updated_at)
			VALUES (?, 'd1', ?, ?, ?, ?, 50, 100, 50, ?, ?, ?)`, id, cp, views, views/2, likes, worldTime, worldTime, worldTime)
	}
	metric("m24", "24h", 4000, 100)
	metric("m7", "7d", 10000, 300)
	w.exec(`INSERT INTO tracking_links (id, ad_request_id, code, promo_code, hashtag, slug, clicks, created_at, updated_at)
		VALUES ('t1', ?, 'abcdefgh', 'IVAN10', '#phone', 'phone', 40, ?, ?)`, w.onPhone, worldTime, worldTime)

	a, err := InfluencerAnalytics(bg, w.st.R, w.sponsor, w.infl.AccountID, 90, worldTime)
	if err != nil || a.Deals == nil {
		t.Fatalf("%+v, %v", a, err)
	}
	d := *a.Deals
	if d.Deals != 1 || d.SpendCents != 300000 || d.Deliverables != 2 || d.Reported != 1 || d.Views != 10000 || d.Reach != 5000 ||
		d.Engagements != 500 || d.Clicks != 40 || !near(d.ERViews, 0.05) || *d.CPMCents != 30000 || *d.CPECents != 600 ||
		*d.CPCCents != 7500 || *d.CostPerDeliverableCents != 150000 {
		t.Fatalf("deal results: %+v", d)
	}
	// Another sponsor has no deal with Ivan: zeros, costs not available.
	other := Viewer{AccountID: domain.NewID(), Role: domain.RoleSponsor}
	if a, err := InfluencerAnalytics(bg, w.st.R, other, w.infl.AccountID, 90, worldTime); err != nil || a.Deals.Deals != 0 || a.Deals.CPMCents != nil {
		t.Fatalf("another sponsor: %+v, %v", a.Deals, err)
	}
}

// trainedModel trains a small model on synthetic histories in which Ivan is known.
func trainedModel(t testing.TB) *predict.Model {
	t.Helper()
	infl, posts := synth.Generate(synth.Config{Seed: 7, Influencers: 40, PostsPerInfluencer: 20, Now: worldTime})
	profiles := make([]predict.Profile, len(infl))
	for i, in := range infl {
		profiles[i] = predict.Profile{ID: in.ID, Category: in.Category, Niche: in.Niche, Followers: in.Followers}
	}
	m, err := predict.Train(bg, profiles, posts, worldTime)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func putModel(t testing.TB, st *store.Store, m *predict.Model, version int) {
	t.Helper()
	m.Version = version
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.W.Exec(`INSERT INTO analytics_models (id, model_version, trained_at, rows, params) VALUES ('engagement', ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET model_version = excluded.model_version, params = excluded.params`, version, worldTime, m.Rows, string(b)); err != nil {
		t.Fatal(err)
	}
}

func TestModelAndPredict(t *testing.T) {
	w := analyticsFixture(t)
	if m, err := Model(bg, w.st.R); m != nil || err != nil {
		t.Fatalf("no model yet: %v, %v", m, err)
	}
	if _, err := Predict(bg, w.st.R, w.infl.AccountID, "tiktok", "short", 6, 20, false); code(err) != domain.CodeNotFound {
		t.Fatalf("predict without a model: %v", err)
	}
	trained := trainedModel(t)
	putModel(t, w.st, trained, 4)
	m1, err := Model(bg, w.st.R)
	if err != nil || m1 == nil || m1.Version != 4 {
		t.Fatalf("model: %v, %v", m1, err)
	}
	if m2, _ := Model(bg, w.st.R); m2 != m1 {
		t.Fatal("the same model_version was decoded again")
	}
	// Ivan's tiktok followers are his profile's reach there (5000), Tech/Phones.
	got, err := Predict(bg, w.st.R, w.infl.AccountID, "tiktok", "short", 6, 20, true)
	want := m1.Predict(predict.Input{InfluencerID: w.infl.AccountID, Category: "Tech", Niche: "Phones", Followers: 5000,
		Platform: "tiktok", ContentType: "short", Weekday: time.Saturday, Hour: 20, Sponsored: true})
	if err != nil || fmt.Sprint(got.Prediction) != fmt.Sprint(want) || got.ModelVersion != 4 || got.Followers != 5000 || got.ER <= 0 || len(got.Reasons) == 0 {
		t.Fatalf("predict: %+v, %v; want %+v", got, err, want)
	}
	// The model's history of Ivan is in his stats row (model format 2): the
	// prediction uses it, as the trained model did with its own copy.
	hist := predict.History{ID: w.infl.AccountID, Posts: 20, MeanLogER: -2.1, MeanLogViews: -0.4}
	if _, err := w.st.W.Exec(`INSERT INTO influencer_stats (influencer_id, computed_at, hist_posts, hist_log_er, hist_log_views)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (influencer_id) DO UPDATE SET hist_posts = excluded.hist_posts,
		hist_log_er = excluded.hist_log_er, hist_log_views = excluded.hist_log_views`,
		w.infl.AccountID, worldTime, hist.Posts, hist.MeanLogER, hist.MeanLogViews); err != nil {
		t.Fatal(err)
	}
	known, err := Predict(bg, w.st.R, w.infl.AccountID, "tiktok", "short", 6, 20, true)
	in := predict.Input{InfluencerID: w.infl.AccountID, History: &hist, Category: "Tech", Niche: "Phones", Followers: 5000,
		Platform: "tiktok", ContentType: "short", Weekday: time.Saturday, Hour: 20, Sponsored: true}
	if want := m1.Predict(in); err != nil || fmt.Sprint(known.Prediction) != fmt.Sprint(want) || known.ER == got.ER {
		t.Fatalf("predict with the stats row's history: %+v, %v; want %+v (without: %+v)", known, err, want, got)
	}
	if _, err := w.st.W.Exec(`UPDATE influencer_stats SET hist_posts = 0 WHERE influencer_id = ?`, w.infl.AccountID); err != nil {
		t.Fatal(err)
	}
	if other, _ := Predict(bg, w.st.R, w.infl.AccountID, "instagram", "short", 6, 20, true); other.Views == got.Views {
		t.Fatalf("instagram (1100 followers) and tiktok (5000) predicted the same views: %v", other.Views)
	}
	putModel(t, w.st, trained, 5)
	if m3, _ := Model(bg, w.st.R); m3 == m1 || m3.Version != 5 {
		t.Fatal("a new model_version was not read")
	}
	for _, bad := range []struct {
		platform, ct string
		day, hour    int
	}{{"myspace", "short", 1, 1}, {"tiktok", "dance", 1, 1}, {"tiktok", "short", 7, 1}, {"tiktok", "short", 1, 24}, {"tiktok", "short", -1, 1}} {
		if _, err := Predict(bg, w.st.R, w.infl.AccountID, bad.platform, bad.ct, bad.day, bad.hour, false); code(err) != domain.CodeInvalidArgument {
			t.Fatalf("%+v: %v", bad, err)
		}
	}
	if _, err := Predict(bg, w.st.R, domain.NewID(), "tiktok", "short", 1, 1, false); code(err) != domain.CodeNotFound {
		t.Fatalf("an unknown influencer: %v", err)
	}
}

// BenchmarkInfluencerAnalytics100k: a sponsor opens influencer profiles' analytics
// in a replica of 100,000 influencers with stats rows (history and audience shown
// for a third). Reports the p95 of single calls.
func BenchmarkInfluencerAnalytics100k(b *testing.B) {
	st, err := store.Open(filepath.Join(b.TempDir(), "replica.db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	const n = 100_000
	sponsor := Viewer{AccountID: domain.NewID(), Role: domain.RoleSponsor}
	ids := make([]string, n)
	tx := st.W.MustBegin()
	tx.MustExec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, 's@x.test', 'sponsor', 'S', ?, ?)`, sponsor.AccountID, worldTime, worldTime)
	for i := range ids {
		ids[i] = domain.NewID()
		tx.MustExec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, '', 'influencer', ?, ?, ?)`, ids[i], fmt.Sprint("I", i), worldTime, worldTime)
		tx.MustExec(`INSERT INTO influencer_profiles (account_id, display_name, category, niche, reach_instagram, updated_at) VALUES (?, ?, 'Tech', 'Phones', ?, ?)`, ids[i], fmt.Sprint("I", i), 1000+i, worldTime)
		tx.MustExec(`INSERT INTO influencer_stats (influencer_id, followers, er_followers, size_tier, risk_reasons, series, by_type, best_slot, computed_at)
			VALUES (?, ?, 0.04, 'micro', '[]', ?, ?, '{"day":1,"hour":18}', ?)`, ids[i], 1000+i, seriesJSONText, byTypeJSONText, worldTime)
		if i%3 == 0 {
			tx.MustExec(`INSERT INTO media_kits (influencer_id, show_audience, updated_at) VALUES (?, 1, ?)`, ids[i], worldTime)
			tx.MustExec(`INSERT INTO audience_shares (id, influencer_id, dimension, bucket, share_bps, updated_at) VALUES (?, ?, 'country', 'DE', 5000, ?)`, domain.NewID(), ids[i], worldTime)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := ids[rng.IntN(n)]
		t0 := time.Now()
		if _, err := InfluencerAnalytics(bg, st.R, sponsor, id, 90, worldTime); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
	b.ReportMetric(float64(durs[len(durs)*95/100].Microseconds())/1000, "p95-ms")
}

// benchInfluencer is a replica with one influencer (Tech/Phones, 1,100 on instagram).
func benchInfluencer(b *testing.B) (*store.Store, Viewer) {
	st, err := store.Open(filepath.Join(b.TempDir(), "replica.db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	v := Viewer{AccountID: domain.NewID(), Role: domain.RoleInfluencer}
	st.W.MustExec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, 'i@x.test', 'influencer', 'Ivan', ?, ?)`, v.AccountID, worldTime, worldTime)
	st.W.MustExec(`INSERT INTO influencer_profiles (account_id, display_name, category, niche, reach_instagram, updated_at) VALUES (?, 'Ivan', 'Tech', 'Phones', 1100, ?)`, v.AccountID, worldTime)
	return st, v
}

// BenchmarkInfluencerAnalyticsOwn2000: a prolific influencer's own tab, live from
// 2,000 posts over two years, 365-day window (the heaviest the screen asks).
func BenchmarkInfluencerAnalyticsOwn2000(b *testing.B) {
	st, me := benchInfluencer(b)
	tx := st.W.MustBegin()
	for i := 0; i < 2000; i++ {
		at := worldTime.Add(-time.Duration(i) * 9 * time.Hour)
		tx.MustExec(`INSERT INTO posts (id, influencer_id, platform, content_type, posted_at, followers, views, reach, likes, comments,
			shares, saves, source, created_at, updated_at) VALUES (?, ?, ?, 'reel', ?, ?, ?, 0, ?, 5, 2, 1, 'import', ?, ?)`,
			domain.NewID(), me.AccountID, []string{"instagram", "tiktok", "youtube"}[i%3], at, 10000-i, 5000+i, 300+i%50, worldTime, worldTime)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := InfluencerAnalytics(bg, st.R, me, me.AccountID, 365, worldTime); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPredict: one "When to post" prediction with the model already decoded.
func BenchmarkPredict(b *testing.B) {
	st, me := benchInfluencer(b)
	putModel(b, st, trainedModel(b), 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Predict(bg, st.R, me.AccountID, "instagram", "reel", i%7, i%24, i%2 == 0); err != nil {
			b.Fatal(err)
		}
	}
}
