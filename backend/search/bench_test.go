package search_test

import (
	"context"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"iescp/backend/search"
	"iescp/backend/seed"
	"iescp/backend/store"
)

// The benchmark fixture: 100,000 seeded influencers, built once per test binary.
var bench struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func benchStore(b *testing.B) *store.Store {
	b.Helper()
	bench.once.Do(func() {
		if p := os.Getenv("IESCP_BENCH_DB"); p != "" { // a database `iescp seed` already filled
			bench.path, bench.err = p, synthStats(p)
			return
		}
		bench.dir, bench.err = os.MkdirTemp("", "iescp-search-bench")
		if bench.err != nil {
			return
		}
		start := time.Now()
		sum, err := seed.Generate(context.Background(), seed.Options{DataDir: bench.dir, Password: "bench-password",
			Influencers: 100_000, Sponsors: 300, Campaigns: 2_000, AdRequests: 5_000, Seed: 1,
			Now: time.Date(2026, 11, 15, 12, 0, 0, 0, time.UTC)})
		bench.path, bench.err = sum.Path, err
		if err == nil {
			bench.err = synthStats(bench.path)
		}
		b.Logf("fixture: %d influencers, %d campaigns seeded in %s", sum.Influencers, 2_000, time.Since(start).Round(time.Millisecond))
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	s, err := store.Open(bench.path, store.SetDomain)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// synthStats writes an influencer_stats row for nine influencers in ten, as the
// server's analytics job would (SYNTHETIC figures spread by the rowid): ER 0–10 %,
// the size tier of the total reach, performance tiers in thirds, risk mostly low
// with one in twenty high, 32 segments.
func synthStats(path string) error {
	s, err := store.Open(path, store.SetDomain)
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = s.W.Exec(`INSERT OR REPLACE INTO influencer_stats (influencer_id, followers, posts_90d, er_followers,
		er_views, size_tier, perf_tier, segment, risk_score, risk_reasons, predicted_er, predicted_views, computed_at)
		SELECT account_id, reach_total, 10 + rowid % 40, (rowid * 7919 % 1000) / 10000.0, (rowid * 104729 % 1000) / 5000.0,
			CASE WHEN reach_total < 10000 THEN 'nano' WHEN reach_total < 50000 THEN 'micro'
				WHEN reach_total < 500000 THEN 'mid' WHEN reach_total < 1000000 THEN 'macro' ELSE 'mega' END,
			CASE rowid % 3 WHEN 0 THEN 'A' WHEN 1 THEN 'B' ELSE 'C' END, rowid * 13 % 32,
			CASE WHEN rowid % 20 = 5 THEN 60 + rowid % 41 ELSE rowid * 17 % 60 END,
			CASE WHEN rowid % 20 = 5 THEN '[{"code":"follower_jump","points":40,"params":{"jump":4}}]' ELSE '[]' END,
			(rowid * 6007 % 1000) / 10000.0, reach_total / 10, '2026-11-15 00:00:00'
		FROM influencer_profiles WHERE rowid % 10 <> 0`)
	if err != nil {
		return err
	}
	_, err = s.W.Exec(`ANALYZE`)
	return err
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

func BenchmarkInfluencerSearch(b *testing.B) {
	s := benchStore(b)
	cases := []struct {
		name string
		q    search.InfluencerQuery
	}{
		{"browse_by_reach", search.InfluencerQuery{}},
		{"browse_by_name", search.InfluencerQuery{Sort: search.SortName}},
		{"browse_by_rating", search.InfluencerQuery{Sort: search.SortRating}},
		{"browse_page_200", search.InfluencerQuery{Page: 200}},
		{"category_niche", search.InfluencerQuery{Category: "Fitness", Niche: "Yoga"}},
		{"platform_reach_range", search.InfluencerQuery{Platform: "youtube", MinReach: 10_000, MaxReach: 1_000_000}},
		{"text_rare", search.InfluencerQuery{Text: "maya cooks"}},
		{"text_common", search.InfluencerQuery{Text: "fitness"}},
		{"text_common_by_reach", search.InfluencerQuery{Text: "fitness", Sort: search.SortReach}},
		{"text_two_words", search.InfluencerQuery{Text: "vegan lisbon"}},
		{"text_prefix_2", search.InfluencerQuery{Text: "yo"}},
		{"text_prefix_1", search.InfluencerQuery{Text: "m"}},
		{"text_and_filters", search.InfluencerQuery{Text: "reviews", Category: "Tech", Platform: "youtube", MinReach: 5_000}},
		{"hostile", search.InfluencerQuery{Text: `NEAR("vegan" -*) OR ^`}},
		{"er_range", search.InfluencerQuery{MinER: 0.02, MaxER: 0.05}},
		{"er_min_high", search.InfluencerQuery{MinER: 0.095}},
		{"size_tier", search.InfluencerQuery{SizeTier: "micro"}},
		{"perf_tier", search.InfluencerQuery{PerfTier: "A"}},
		{"risk_low", search.InfluencerQuery{RiskLevel: search.RiskLow}},
		{"risk_high", search.InfluencerQuery{RiskLevel: search.RiskHigh}},
		{"hide_high_risk", search.InfluencerQuery{HideHighRisk: true}},
		{"sort_er", search.InfluencerQuery{Sort: search.SortER}},
		{"sort_er_asc", search.InfluencerQuery{Sort: search.SortER, Order: search.OrderAsc}},
		{"sort_er_page_4600", search.InfluencerQuery{Sort: search.SortER, Page: 4600}},
		{"sort_predicted", search.InfluencerQuery{Sort: search.SortPredicted}},
		{"sort_risk", search.InfluencerQuery{Sort: search.SortRisk}},
		{"sort_er_hide_high_risk", search.InfluencerQuery{Sort: search.SortER, HideHighRisk: true}},
		{"sort_er_tier_perf", search.InfluencerQuery{Sort: search.SortER, SizeTier: "micro", PerfTier: "A"}},
		{"text_sort_er", search.InfluencerQuery{Text: "fitness", Sort: search.SortER}},
		{"text_er_range", search.InfluencerQuery{Text: "fitness", MinER: 0.03}},
		{"category_sort_predicted", search.InfluencerQuery{Category: "Fitness", Sort: search.SortPredicted}},
		{"like", search.InfluencerQuery{Like: "like"}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			if c.q.Page == 0 {
				c.q.Page = 1
			}
			c.q.PageSize = 20
			if c.q.Like == "like" {
				c.q.Like = benchLike(b, s)
			}
			var total int
			var took, cpu []time.Duration
			defer lockThread()()
			for b.Loop() {
				start, startCPU := time.Now(), threadCPU()
				p, err := search.Influencers(context.Background(), s.R, c.q)
				if err != nil {
					b.Fatal(err)
				}
				took, cpu = append(took, time.Since(start)), append(cpu, threadCPU()-startCPU)
				total = p.Total
			}
			b.ReportMetric(float64(total), "matches")
			b.ReportMetric(p95(took), "p95-ms")
			// The CPU time of the query's thread (Linux), which the waits of a loaded
			// machine do not inflate; the driver runs SQLite on the calling goroutine.
			b.ReportMetric(p95(cpu), "cpu-p95-ms")
		})
	}
}

// benchLike picks a rated influencer for "more like this".
func benchLike(b *testing.B, s *store.Store) string {
	var id string
	if err := s.R.Get(&id, `SELECT influencer_id FROM influencer_stats ORDER BY influencer_id LIMIT 1 OFFSET 5000`); err != nil {
		b.Fatal(err)
	}
	return id
}

// p95 is the 95th percentile of the durations, in milliseconds.
func p95(d []time.Duration) float64 {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return float64(d[(len(d)*95+99)/100-1]) / float64(time.Millisecond)
}

func BenchmarkCampaignSearch(b *testing.B) {
	s := benchStore(b)
	cases := []struct {
		name string
		q    search.CampaignQuery
	}{
		{"browse", search.CampaignQuery{}},
		{"by_budget", search.CampaignQuery{Sort: search.SortBudget}},
		{"text", search.CampaignQuery{Text: "launch"}},
		{"text_window_budget", search.CampaignQuery{Text: "creators", From: "2026-11-01", To: "2026-12-31", MinBudget: 500_000}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			c.q.Page, c.q.PageSize = 1, 20
			var total int
			for b.Loop() {
				p, err := search.Campaigns(context.Background(), s.R, c.q)
				if err != nil {
					b.Fatal(err)
				}
				total = p.Total
			}
			b.ReportMetric(float64(total), "matches")
		})
	}
}
