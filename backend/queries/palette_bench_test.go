package queries

import (
	"context"
	"os"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/seed"
	"iescp/backend/store"
)

// The palette at the 100k seed (100,000 influencers, 300 sponsors, 2,000 campaigns,
// 5,000 requests), over the canonical database: every row, so a superset of any
// replica. The busiest sponsor and influencer (most requests), and an admin.
// IESCP_BENCH_DB names a database `iescp seed` already filled, to skip the seeding.
func BenchmarkPalette(b *testing.B) {
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
	st, err := store.Open(path, store.SetDomain)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	ctx := context.Background()
	var sponsor, infl string
	if err := st.R.Get(&sponsor, `SELECT c.sponsor_id FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id
		GROUP BY c.sponsor_id ORDER BY COUNT(*) DESC LIMIT 1`); err != nil {
		b.Fatal(err)
	}
	if err := st.R.Get(&infl, `SELECT influencer_id FROM ad_requests GROUP BY influencer_id ORDER BY COUNT(*) DESC LIMIT 1`); err != nil {
		b.Fatal(err)
	}
	viewers := []struct {
		name string
		v    Viewer
	}{
		{"sponsor", Viewer{AccountID: sponsor, Role: domain.RoleSponsor}},
		{"influencer", Viewer{AccountID: infl, Role: domain.RoleInfluencer}},
		{"admin", Viewer{AccountID: domain.NewID(), Role: domain.RoleAdmin}},
	}
	// A rare word, a common one, a two-letter prefix, two words.
	for _, text := range []string{"maya", "fitness", "yo", "summer fit"} {
		for _, vw := range viewers {
			b.Run(vw.name+"/"+text, func(b *testing.B) {
				var n int
				for b.Loop() {
					r, err := Palette(ctx, st.R, vw.v, text)
					if err != nil {
						b.Fatal(err)
					}
					n = len(r.Items)
				}
				b.ReportMetric(float64(n), "hits")
			})
		}
	}
}
