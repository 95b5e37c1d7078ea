package client_test

import (
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// The analytics tables through the real push and pull: an influencer's posts stay
// on their desktop (and the server); the media kit, the server job's stats and
// models reach everyone; the audience only while the media kit shows it, leaving
// again (a del) when hidden; a hidden history arrives masked.
func TestSync_AnalyticsReachWhoMaySeeThem(t *testing.T) {
	w := newWorld(t)
	ivy := w.infl.user.ID
	at := w.now.Add(-72 * time.Hour)
	post := func(ext string, views int) map[string]any {
		return map[string]any{"platform": "tiktok", "content_type": "short", "external_id": ext,
			"posted_at": at.Format(time.RFC3339), "followers": 20_000, "views": views, "reach": views / 2,
			"likes": views / 10, "comments": 3, "shares": 2, "saves": 1, "sponsored": true}
	}
	manual := domain.NewID()
	w.infl.must("post.record", map[string]any{"id": manual, "post": post("", 800)})
	w.infl.must("posts.import", map[string]any{"posts": []any{post("v1", 1000), post("v2", 2000)}})
	w.infl.must("audience.set", map[string]any{"dimension": "age", "buckets": []map[string]any{{"bucket": "18-24", "share_bps": 7000}}})
	w.infl.must("mediaKit.update", map[string]any{"headline": "Shorts that sell"})
	w.infl.sync()
	if got := w.srv.DB(); got == nil {
		t.Fatal("no server database")
	}
	var n int
	if err := w.srv.DB().R.Get(&n, `SELECT COUNT(*) FROM posts WHERE influencer_id = ?`, ivy); err != nil || n != 3 {
		t.Fatalf("the server holds %d of ivy's posts (%v), want 3", n, err)
	}
	// The server's analytics job writes the aggregates and a model, in a version
	// of their own.
	db := w.srv.DB().W
	db.MustExec(`UPDATE sync_meta SET version = version + 1 WHERE id = 1`)
	db.MustExec(`INSERT INTO influencer_stats (influencer_id, followers, posts_90d, er_followers, er_views, avg_views,
		size_tier, risk_score, risk_reasons, predicted_er, series, by_type, best_slot, model_version, computed_at)
		VALUES (?, 20000, 3, 0.0412, 0.105, 1266, 'micro', 12, '["ok"]', 0.039, '[[1,2]]', '{"short":1}', '{"day":2,"hour":18}', 1, ?)`,
		ivy, w.now)
	db.MustExec(`INSERT INTO analytics_models (id, model_version, trained_at, rows, metrics, params)
		VALUES ('engagement', 1, ?, 3, '{"mae":0.01}', '{"trees":[]}')`, w.now)

	holds := func(d *desktop, table string) string {
		t.Helper()
		d.sync()
		return d.get(`SELECT COUNT(*) FROM ` + table)
	}
	for _, tc := range []struct {
		d     *desktop
		table string
		want  string
	}{
		{w.infl, "posts", "3"}, {w.infl, "audience_shares", "1"}, {w.infl, "influencer_stats", "1"},
		{w.sponsor, "posts", "0"}, {w.sponsor, "audience_shares", "0"}, {w.sponsor, "media_kits", "1"},
		{w.sponsor, "influencer_stats", "1"}, {w.sponsor, "analytics_models", "1"},
		{w.admin, "posts", "0"}, {w.admin, "influencer_stats", "1"}, {w.admin, "analytics_models", "1"},
	} {
		if got := holds(tc.d, tc.table); got != tc.want {
			t.Errorf("%s holds %s %s, want %s", tc.d.name, got, tc.table, tc.want)
		}
	}
	if got := w.sponsor.get(`SELECT er_followers || ' ' || size_tier || ' ' || series || ' ' || best_slot FROM influencer_stats`); got != `0.0412 micro [[1,2]] {"day":2,"hour":18}` {
		t.Errorf("the sponsor's stats: %s", got)
	}

	// Showing the audience sends it; hiding it (and the history) takes it back.
	w.infl.must("mediaKit.update", map[string]any{"show_audience": true})
	w.infl.sync()
	if got := holds(w.sponsor, "audience_shares"); got != "1" {
		t.Fatalf("after show_audience the sponsor holds %s audience buckets, want 1", got)
	}
	w.infl.must("mediaKit.update", map[string]any{"show_audience": false, "show_history": false})
	w.infl.sync()
	if got := holds(w.sponsor, "audience_shares"); got != "0" {
		t.Errorf("after hiding the audience the sponsor holds %s buckets, want 0", got)
	}
	if got := w.sponsor.get(`SELECT series || '|' || by_type || '|' || er_followers FROM influencer_stats`); got != "||0.0412" {
		t.Errorf("a hidden history reached the sponsor as %q", got)
	}
	if got := w.infl.get(`SELECT series FROM influencer_stats`); got != "[[1,2]]" {
		t.Errorf("the owner's own history: %q", got)
	}

	// A deleted post leaves its owner's desktop after the round trip too.
	w.infl.must("post.delete", map[string]any{"id": mutate.PostID(ivy, "tiktok", "v1")})
	w.infl.sync()
	if got := w.infl.get(`SELECT COUNT(*) FROM posts`); got != "2" {
		t.Errorf("after post.delete ivy holds %s posts, want 2", got)
	}
	for _, d := range []*desktop{w.admin, w.sponsor, w.infl} {
		d.sync()
		d.expectConverged()
	}
}
