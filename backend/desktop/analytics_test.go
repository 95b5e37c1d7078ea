package desktop

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics/synth"
	"iescp/backend/domain"
	"iescp/backend/predict"
	"iescp/backend/queries"
)

// The analytics tab through the real path: the influencer's import shows at once on
// their own desktop (live, offline from the replica); the sponsor's desktop shows the
// server's aggregates and predicts with the model, both received by the ordinary
// pull; an unknown influencer is not_found.
func TestAnalyticsService_OwnLiveAndSponsorStats(t *testing.T) {
	n := newNegotiation(t)
	ia := NewAnalyticsService(n.infl)
	now := testNow()
	day := func(d int) string { return now.Add(-time.Duration(d) * 24 * time.Hour).UTC().Format(time.RFC3339) }
	// Three posts in the last 30 days: ER 0.05, 0.10, 0.03 → mean 0.06; views 1000,
	// 2000, 0 → ER by views (50 + 200) / 3000; followers 1000 → 1200 (20 %).
	mustMutate(t, n.infl, "posts.import", map[string]any{"posts": []map[string]any{
		{"platform": "instagram", "content_type": "reel", "external_id": "a", "posted_at": day(20), "followers": 1000, "views": 1000, "likes": 50},
		{"platform": "instagram", "content_type": "reel", "external_id": "b", "posted_at": day(10), "followers": 2000, "views": 2000, "likes": 150, "comments": 50},
		{"platform": "instagram", "content_type": "photo", "external_id": "c", "posted_at": day(2), "followers": 1200, "likes": 30, "comments": 6},
	}})
	a, err := ia.Influencer(n.inflID, 30)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Own || a.Source != "posts" || a.Posts != 3 || !near(a.ERFollowers, 0.06) || !near(a.ERViews, 250.0/3000) ||
		!near(a.FollowerGrowth, 0.2) || a.Followers != 1200 || a.SizeTier != "nano" || len(a.ByContentType) != 2 || a.HasStats {
		t.Fatalf("the influencer's own analytics: %+v", a)
	}
	if _, err := ia.Influencer(n.inflID, 7); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("a 7-day window: %v", err)
	}

	mustMutate(t, n.infl, "profile.update", map[string]any{"reach": map[string]any{"instagram": 1200}})
	drained(t, n.infl, "the posts and the reach to upload")

	// The server's job (another engineer's) writes the aggregates and the model; here
	// they are written straight into the canonical database.
	model := testModel(t)
	params, _ := json.Marshal(model)
	err = n.ts.srv.DB().Write(context.Background(), func(tx *sqlx.Tx) error {
		if _, err := tx.Exec(`UPDATE sync_meta SET version = version + 1 WHERE id = 1`); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO influencer_stats (influencer_id, followers, posts_90d, er_followers, size_tier, perf_tier,
			risk_score, risk_reasons, series, by_type, best_slot, computed_at) VALUES (?, 1200, 3, 0.06, 'nano', 'A', 40,
			'[{"code":"follower_jump","points":30,"params":{"platform":"instagram","from":1000,"to":2000,"date":"2026-11-05"}}]',
			'[{"start":"2026-11-01T00:00:00Z","posts":3,"er":0.06,"followers":1200}]', '', '{"day":2,"hour":18}', ?)`, n.inflID, now); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT INTO analytics_models (id, model_version, trained_at, rows, params) VALUES ('engagement', 2, ?, ?, ?)`,
			now, model.Rows, string(params))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.sponsor.Sync.SyncNow(); err != nil {
		t.Fatalf("sync now: %v", err)
	}
	sa := NewAnalyticsService(n.sponsor)
	waitFor(t, "the stats on the sponsor's desktop", func() bool {
		a, err := sa.Influencer(n.inflID, 90)
		return err == nil && a.HasStats
	})
	a, _ = sa.Influencer(n.inflID, 30)
	if a.Own || a.Source != "stats" || a.PerfTier != "A" || *a.RiskScore != 40 || a.RiskReasons[0].Code != "follower_jump" ||
		len(a.Trend) != 1 || a.BestDay.Value != 2 || a.BestHour.Value != 18 || !a.AudienceHidden || a.Deals == nil || a.Deals.Deals != 0 {
		t.Fatalf("the sponsor's view: %+v", a)
	}
	waitFor(t, "the model on the sponsor's desktop", func() bool {
		_, err := sa.Predict(queries.PredictQuery{InfluencerID: n.inflID, Platform: "instagram", ContentType: "reel", Weekday: 2, Hour: 18})
		return err == nil
	})
	p, err := sa.Predict(queries.PredictQuery{InfluencerID: n.inflID, Platform: "instagram", ContentType: "reel", Weekday: 2, Hour: 18, Sponsored: true})
	if err != nil || p.ER <= 0 || p.Views <= 0 || p.ModelVersion != 2 || len(p.Reasons) == 0 || p.Followers != 1200 {
		t.Fatalf("predict: %+v, %v", p, err)
	}
	// Not on YouTube (no reach there): zero, and the followers say why.
	if p, err := sa.Predict(queries.PredictQuery{InfluencerID: n.inflID, Platform: "youtube", ContentType: "video", Weekday: 2, Hour: 18}); err != nil || p.Followers != 0 || p.ER != 0 {
		t.Fatalf("predict on youtube: %+v, %v", p, err)
	}
	if _, err := sa.Predict(queries.PredictQuery{InfluencerID: n.inflID, Platform: "instagram", ContentType: "reel", Weekday: 2, Hour: 25}); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("hour 25: %v", err)
	}
	if _, err := sa.Influencer(domain.NewID(), 90); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("an unknown influencer: %v", err)
	}
}

func near(got, want float64) bool { d := got - want; return d < 1e-9 && d > -1e-9 }

func testModel(t *testing.T) *predict.Model {
	t.Helper()
	infl, posts := synth.Generate(synth.Config{Seed: 3, Influencers: 40, PostsPerInfluencer: 20, Now: testEpoch})
	profiles := make([]predict.Profile, len(infl))
	for i, in := range infl {
		profiles[i] = predict.Profile{ID: in.ID, Category: in.Category, Niche: in.Niche, Followers: in.Followers}
	}
	m, err := predict.Train(context.Background(), profiles, posts, testEpoch)
	if err != nil {
		t.Fatal(err)
	}
	m.Version = 2
	return m
}
