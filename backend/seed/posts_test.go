package seed

import (
	"context"
	"testing"
	"time"

	"iescp/backend/store"
)

// The default seed with its synthetic posts: every influencer has
// DefaultPostsPerInfluencer posts whose latest followers on each platform are about
// the profile's reach there, the planted accounts are listed and never a demo one,
// the demo influencers show an audience in a public media kit, some campaigns have
// targets, and the analytics job has run (a stats row per influencer, a model).
func TestSeedAnalytics(t *testing.T) {
	o := defaults(t.TempDir())
	o.PostsPerInfluencer = DefaultPostsPerInfluencer
	start := time.Now()
	sum, err := Generate(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seed with posts: %s (%d posts, %d planted, %d stats rows, model %d)", time.Since(start).Round(time.Millisecond),
		sum.Posts, len(sum.Planted), sum.StatsRows, sum.ModelVersion)
	s, err := store.Open(sum.Path, store.SetDomain, store.SetServer)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := s.R.Get(&n, q, args...); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if sum.Posts != o.Influencers*o.PostsPerInfluencer || count(`SELECT COUNT(*) FROM posts WHERE source = 'seed'`) != sum.Posts {
		t.Fatalf("posts: summary %d, want %d", sum.Posts, o.Influencers*o.PostsPerInfluencer)
	}
	if sum.StatsRows != o.Influencers || count(`SELECT COUNT(*) FROM influencer_stats`) != o.Influencers ||
		sum.ModelVersion != 1 || count(`SELECT COUNT(*) FROM analytics_models WHERE id = 'engagement' AND model_version = 1`) != 1 {
		t.Fatalf("analytics job: %d stats rows, model %d", sum.StatsRows, sum.ModelVersion)
	}
	if n := len(sum.Planted); n == 0 || n > o.Influencers/10 {
		t.Fatalf("%d planted accounts of %d", n, o.Influencers)
	}
	for _, id := range sum.Planted {
		if count(`SELECT COUNT(*) FROM accounts WHERE id = ? AND email LIKE '%@iescp.demo'`, id) != 0 {
			t.Fatalf("a demo account is planted: %s", id)
		}
	}
	// The latest followers on each platform (its latest post in the last 45 days, so
	// the growth since is small) against the profile's reach there.
	var rows []struct {
		Influencer string `db:"influencer_id"`
		Platform   string `db:"platform"`
		Followers  int64  `db:"followers"`
		Reach      int64  `db:"reach"`
	}
	if err := s.R.Select(&rows, `SELECT p.influencer_id, p.platform, p.followers,
		CASE p.platform WHEN 'instagram' THEN f.reach_instagram WHEN 'youtube' THEN f.reach_youtube
			WHEN 'tiktok' THEN f.reach_tiktok WHEN 'x' THEN f.reach_x ELSE f.reach_other END AS reach
		FROM posts p JOIN influencer_profiles f ON f.account_id = p.influencer_id
		WHERE p.posted_at >= ? AND p.posted_at = (SELECT MAX(q.posted_at) FROM posts q WHERE q.influencer_id = p.influencer_id AND q.platform = p.platform)`, testNow.AddDate(0, 0, -45)); err != nil {
		t.Fatal(err)
	}
	if len(rows) < o.Influencers/2 {
		t.Fatalf("%d recent latest posts for %d influencers", len(rows), o.Influencers)
	}
	planted := map[string]bool{}
	for _, id := range sum.Planted {
		planted[id] = true
	}
	for _, r := range rows {
		if planted[r.Influencer] {
			continue // a jump of bought followers may come after the post
		}
		if r.Reach == 0 || float64(r.Followers) < 0.7*float64(r.Reach) || float64(r.Followers) > 1.25*float64(r.Reach) {
			t.Fatalf("%s on %s: latest followers %d, profile reach %d", r.Influencer, r.Platform, r.Followers, r.Reach)
		}
	}
	demo := `(SELECT id FROM accounts WHERE email IN ('influencer@iescp.demo', 'influencer2@iescp.demo'))`
	if count(`SELECT COUNT(DISTINCT influencer_id) FROM audience_shares WHERE influencer_id IN `+demo) != 2 ||
		count(`SELECT COUNT(*) FROM media_kits WHERE show_audience = 1 AND influencer_id IN `+demo) != 2 ||
		count(`SELECT COUNT(*) FROM media_kits`) < 10 {
		t.Fatal("the demo influencers have no public audience")
	}
	if n := count(`SELECT COUNT(*) FROM campaigns WHERE target_countries <> ''`); n < o.Campaigns/4 {
		t.Fatalf("%d campaigns with targets", n)
	}
	if count(`SELECT COUNT(*) FROM influencer_stats WHERE predicted_er > 0`) < o.Influencers*9/10 {
		t.Fatal("few predictions")
	}
}
