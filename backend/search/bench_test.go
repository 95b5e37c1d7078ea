package search_test

import (
	"context"
	"os"
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
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			if c.q.Page == 0 {
				c.q.Page = 1
			}
			c.q.PageSize = 20
			var total int
			for b.Loop() {
				p, err := search.Influencers(context.Background(), s.R, c.q)
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
