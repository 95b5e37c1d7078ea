package replica_test

import (
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/replica"
	"iescp/backend/store"
)

// TestAnalytics_WhoHoldsWhat: raw posts stay with their owner (admins included);
// media kits, stats and models reach everyone; an audience breakdown reaches
// others only while its media kit shows it; a hidden history is masked; a flagged
// influencer's analytics leave other replicas. Each change that alters who may see
// a row gives it a new version on the server, so the next pull sends it.
func TestAnalytics_WhoHoldsWhat(t *testing.T) {
	c := newCanon(t)
	xena := c.acc["xena"]
	at := t0.Add(-24 * time.Hour)
	post := map[string]any{"platform": "instagram", "content_type": "reel", "external_id": "P1",
		"posted_at": at.Format(time.RFC3339), "followers": 1000, "views": 500, "reach": 400, "likes": 50,
		"comments": 5, "shares": 1, "saves": 2}
	c.do("xena", "posts.import", map[string]any{"posts": []any{post}})
	c.do("xena", "audience.set", map[string]any{"dimension": "country", "buckets": []map[string]any{{"bucket": "US", "share_bps": 6000}}})
	c.do("xena", "mediaKit.update", map[string]any{"headline": "Reels"})
	// The server's analytics job writes the aggregates and the model.
	c.db.W.MustExec(`UPDATE sync_meta SET version = version + 1 WHERE id = 1`)
	c.db.W.MustExec(`INSERT INTO influencer_stats (influencer_id, followers, er_followers, series, by_type, computed_at)
		VALUES (?, 1000, 0.058, '[1,2]', '{"reel":1}', ?)`, xena, t0)
	c.db.W.MustExec(`INSERT INTO analytics_models (id, model_version, trained_at, rows, params) VALUES ('engagement', 1, ?, 10, '{}')`, t0)

	// Every row scans into its domain type (SELECT *: no column without a field).
	var (
		posts  []domain.Post
		shares []domain.AudienceShare
		kits   []domain.MediaKit
		stats  []domain.InfluencerStats
		models []domain.AnalyticsModel
	)
	for _, q := range []struct {
		dst   any
		table string
	}{{&posts, "posts"}, {&shares, "audience_shares"}, {&kits, "media_kits"}, {&stats, "influencer_stats"}, {&models, "analytics_models"}} {
		if err := c.db.R.Select(q.dst, `SELECT * FROM `+q.table); err != nil {
			t.Fatalf("%s into its domain type: %v", q.table, err)
		}
	}
	if len(posts) != 1 || posts[0].Views != 500 || posts[0].Source != "import" || !posts[0].PostedAt.Equal(at) ||
		len(shares) != 1 || shares[0].ShareBps != 6000 || len(kits) != 1 || kits[0].Headline != "Reels" || kits[0].ShowAudience ||
		!kits[0].ShowHistory || len(stats) != 1 || stats[0].ERFollowers != 0.058 || len(models) != 1 || models[0].ModelVersion != 1 {
		t.Fatalf("rows: %+v %+v %+v %+v %+v", posts, shares, kits, stats, models)
	}

	count := func(db *store.Store, table string) int {
		t.Helper()
		var n int
		if err := db.R.Get(&n, `SELECT COUNT(*) FROM `+table); err != nil {
			t.Fatal(err)
		}
		return n
	}
	holds := func(step string, want map[string]map[string]int) {
		t.Helper()
		for viewer, tables := range want {
			db := c.copyFor(viewer)
			for table, n := range tables {
				if got := count(db, table); got != n {
					t.Errorf("%s: %s holds %d %s, want %d", step, viewer, got, table, n)
				}
			}
		}
	}
	none := map[string]int{"posts": 0, "audience_shares": 0, "media_kits": 1, "influencer_stats": 1, "analytics_models": 1}
	holds("audience hidden", map[string]map[string]int{
		"xena":  {"posts": 1, "audience_shares": 1, "media_kits": 1, "influencer_stats": 1, "analytics_models": 1},
		"acme":  none,
		"yuri":  none,
		"admin": {"posts": 0, "audience_shares": 1, "media_kits": 1, "influencer_stats": 1, "analytics_models": 1},
	})

	// push runs a mutation as the server's push does: in a transaction of its own
	// version (the canonical fixture's other writes share one).
	push := func(actor, name string, args any) {
		t.Helper()
		c.db.W.MustExec(`UPDATE sync_meta SET version = version + 1 WHERE id = 1`)
		c.do(actor, name, args)
	}
	version := func(q string, args ...any) int64 {
		t.Helper()
		var v int64
		if err := c.db.R.Get(&v, q, args...); err != nil {
			t.Fatal(err)
		}
		return v
	}
	shareVersion := func() int64 { return version(`SELECT version FROM audience_shares WHERE influencer_id = ?`, xena) }
	statsVersion := func() int64 { return version(`SELECT version FROM influencer_stats WHERE influencer_id = ?`, xena) }
	v := shareVersion()
	push("xena", "mediaKit.update", map[string]any{"show_audience": true})
	if shareVersion() <= v {
		t.Error("showing the audience did not give its buckets a new version: no pull would send them")
	}
	holds("audience shown", map[string]map[string]int{
		"acme": {"posts": 0, "audience_shares": 1}, "yuri": {"posts": 0, "audience_shares": 1}, "admin": {"posts": 0},
	})

	// A hidden history is masked for others, kept for the owner (and admins).
	series := func(viewer string) string {
		t.Helper()
		var s string
		if err := c.copyFor(viewer).R.Get(&s, `SELECT series || '|' || by_type FROM influencer_stats WHERE influencer_id = ?`, xena); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got := series("acme"); got != `[1,2]|{"reel":1}` {
		t.Errorf("a shown history reached acme as %q", got)
	}
	v = statsVersion()
	push("xena", "mediaKit.update", map[string]any{"show_history": false})
	if statsVersion() <= v {
		t.Error("hiding the history did not give the stats a new version: no pull would mask them")
	}
	for viewer, want := range map[string]string{"acme": "|", "yuri": "|", "xena": `[1,2]|{"reel":1}`, "admin": `[1,2]|{"reel":1}`} {
		if got := series(viewer); got != want {
			t.Errorf("hidden history: %s holds %q, want %q", viewer, got, want)
		}
	}

	// Hiding the audience again takes it away from the others.
	v = shareVersion()
	push("xena", "mediaKit.update", map[string]any{"show_audience": false})
	if shareVersion() <= v {
		t.Error("hiding the audience did not give its buckets a new version: no pull would delete them")
	}
	holds("audience hidden again", map[string]map[string]int{"acme": {"audience_shares": 0}, "xena": {"audience_shares": 1}})

	// A flagged influencer's analytics leave the others' replicas (the models stay).
	push("xena", "mediaKit.update", map[string]any{"show_audience": true})
	kitV, statV, shareV := version(`SELECT version FROM media_kits WHERE influencer_id = ?`, xena), statsVersion(), shareVersion()
	push("admin", "admin.flag", map[string]any{"target": "account", "id": xena, "reason": "bots"})
	if version(`SELECT version FROM media_kits WHERE influencer_id = ?`, xena) <= kitV || statsVersion() <= statV || shareVersion() <= shareV {
		t.Error("flagging the influencer did not give the media kit, stats and audience new versions")
	}
	holds("xena flagged", map[string]map[string]int{
		"acme":  {"posts": 0, "audience_shares": 0, "media_kits": 0, "influencer_stats": 0, "analytics_models": 1},
		"admin": {"posts": 0, "audience_shares": 1, "media_kits": 1, "influencer_stats": 1},
	})

	// A deleted post leaves its owner's replica too.
	push("admin", "admin.unflag", map[string]any{"target": "account", "id": xena})
	push("xena", "post.delete", map[string]any{"id": mutate.PostID(xena, "instagram", "P1")})
	holds("post deleted", map[string]map[string]int{"xena": {"posts": 0}})
	var mayHold int
	tb, _ := replica.Lookup("posts")
	q, args := tb.MayHoldWhere(viewerOf(t, c, "xena"), "", "")
	if err := c.db.R.Get(&mayHold, `SELECT COUNT(*) FROM (`+q+`)`, args...); err != nil {
		t.Fatal(err)
	}
	if mayHold != 1 {
		t.Errorf("xena may hold %d posts, want her deleted one (so its del reaches her)", mayHold)
	}
	for _, viewer := range []string{"admin", "acme", "yuri"} {
		q, args := tb.MayHoldWhere(viewerOf(t, c, viewer), "", "")
		var n int
		if err := c.db.R.Get(&n, `SELECT COUNT(*) FROM (`+q+`)`, args...); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s may hold %d of xena's posts: a del would tell them it exists", viewer, n)
		}
	}
}

func viewerOf(t *testing.T, c *canon, name string) replica.Viewer {
	t.Helper()
	var role domain.Role
	if err := c.db.R.Get(&role, `SELECT role FROM accounts WHERE id = ?`, c.acc[name]); err != nil {
		t.Fatal(err)
	}
	return replica.Viewer{ID: c.acc[name], Role: role}
}
