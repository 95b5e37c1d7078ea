package search

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

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
		bench.dir, bench.err = os.MkdirTemp("", "iescp-search-bench")
		if bench.err != nil {
			return
		}
		start := time.Now()
		sum, err := seed.Generate(context.Background(), seed.Options{DataDir: bench.dir, Password: "bench-password",
			Influencers: 100_000, Sponsors: 300, Campaigns: 2_000, AdRequests: 5_000, Seed: 1,
			Now: time.Date(2026, 11, 15, 12, 0, 0, 0, time.UTC)})
		bench.path, bench.err = sum.Path, err
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
		q    InfluencerQuery
	}{
		{"browse_by_reach", InfluencerQuery{}},
		{"browse_by_name", InfluencerQuery{Sort: SortName}},
		{"browse_by_rating", InfluencerQuery{Sort: SortRating}},
		{"browse_page_200", InfluencerQuery{Page: 200}},
		{"category_niche", InfluencerQuery{Category: "Fitness", Niche: "Yoga"}},
		{"platform_reach_range", InfluencerQuery{Platform: "youtube", MinReach: 10_000, MaxReach: 1_000_000}},
		{"text_rare", InfluencerQuery{Text: "maya cooks"}},
		{"text_common", InfluencerQuery{Text: "fitness"}},
		{"text_common_by_reach", InfluencerQuery{Text: "fitness", Sort: SortReach}},
		{"text_two_words", InfluencerQuery{Text: "vegan lisbon"}},
		{"text_prefix_2", InfluencerQuery{Text: "yo"}},
		{"text_prefix_1", InfluencerQuery{Text: "m"}},
		{"text_and_filters", InfluencerQuery{Text: "reviews", Category: "Tech", Platform: "youtube", MinReach: 5_000}},
		{"hostile", InfluencerQuery{Text: `NEAR("vegan" -*) OR ^`}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			if c.q.Page == 0 {
				c.q.Page = 1
			}
			c.q.PageSize = 20
			var total int
			for b.Loop() {
				p, err := Influencers(context.Background(), s.R, c.q)
				if err != nil {
					b.Fatal(err)
				}
				total = p.Total
			}
			b.ReportMetric(float64(total), "matches")
		})
	}
}

func BenchmarkCampaignSearch(b *testing.B) {
	s := benchStore(b)
	cases := []struct {
		name string
		q    CampaignQuery
	}{
		{"browse", CampaignQuery{}},
		{"by_budget", CampaignQuery{Sort: SortBudget}},
		{"text", CampaignQuery{Text: "launch"}},
		{"text_window_budget", CampaignQuery{Text: "creators", From: "2026-11-01", To: "2026-12-31", MinBudget: 500_000}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			c.q.Page, c.q.PageSize = 1, 20
			var total int
			for b.Loop() {
				p, err := Campaigns(context.Background(), s.R, c.q)
				if err != nil {
					b.Fatal(err)
				}
				total = p.Total
			}
			b.ReportMetric(float64(total), "matches")
		})
	}
}
