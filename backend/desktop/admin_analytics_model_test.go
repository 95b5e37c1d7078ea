package desktop

import (
	"context"
	"testing"

	"iescp/backend/analytics/synth"
	"iescp/backend/domain"
	"iescp/sync/server"
)

// The admin retrains through the server and the new model reaches the replica by
// sync, where the card reads it; a sponsor is refused (not_found), and offline the
// refresh is unavailable while the model stays readable.
func TestAdminService_RefreshAnalytics(t *testing.T) {
	ts := newTestServer(t)
	if _, err := server.CreateAdmin(context.Background(), ts.srv.DB(), "root@iescp.test", "Root", testPW, testNow()); err != nil {
		t.Fatal(err)
	}
	ts.register("sponsor", "maya@brand.test", "Maya")
	adminDesk, _ := newTestDesktop(t, ts.URL, "")
	if _, err := adminDesk.Session.SignIn("root@iescp.test", testPW); err != nil {
		t.Fatalf("admin sign in: %v", err)
	}
	adm := NewAdminService(adminDesk)
	if m, err := adm.AnalyticsModel(); err != nil || m.Present {
		t.Fatalf("model before any refresh: %+v, %v", m, err)
	}
	// No posts yet: the refresh runs, computes, and trains nothing.
	out, err := adm.RefreshAnalytics()
	if err != nil || out.ModelVersion != 0 || out.ModelError == "" {
		t.Fatalf("refresh without posts: %+v, %v", out, err)
	}

	seedPosts(t, ts, 60, 20)
	out, err = adm.RefreshAnalytics()
	if err != nil || out.ModelVersion != 1 || out.StatsChanged != 60 || out.ER.Rows == 0 {
		t.Fatalf("refresh: %+v, %v", out, err)
	}
	var m ModelInfo
	waitFor(t, "the model on the admin's desktop", func() bool {
		m, err = adm.AnalyticsModel()
		return err == nil && m.Present
	})
	if m.ModelVersion != 1 || m.Rows != out.Rows || m.TrainedAt == nil || m.ER != out.ER || m.Views != out.Views {
		t.Fatalf("model card %+v, refresh %+v", m, out)
	}

	spDesk, _ := newTestDesktop(t, ts.URL, "")
	if _, err := spDesk.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatal(err)
	}
	if _, err := NewAdminService(spDesk).RefreshAnalytics(); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("a sponsor's refresh: %v", err)
	}

	ts.stop()
	if _, err := adm.RefreshAnalytics(); uiCode(t, err) != codeUnavailable {
		t.Fatalf("offline refresh: %v", err)
	}
	if m2, err := adm.AnalyticsModel(); err != nil || m2.ModelVersion != 1 {
		t.Fatalf("offline model: %+v, %v", m2, err)
	}
}

// seedPosts writes n synthetic influencers with per posts each straight into the
// server's database.
func seedPosts(t *testing.T, ts *testServer, n, per int) {
	t.Helper()
	now := testNow()
	infs, posts := synth.Generate(synth.Config{Seed: 5, Influencers: n, PostsPerInfluencer: per, Now: now,
		IDs: func(i, j int) string { return domain.NewID() }})
	tx := ts.srv.DB().W.MustBegin()
	defer tx.Rollback()
	for _, in := range infs {
		tx.MustExec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, 'influencer', ?, ?, ?)`,
			in.ID, in.ID+"@creator.test", in.ID, now, now)
		tx.MustExec(`INSERT INTO influencer_profiles (account_id, display_name, category, niche, updated_at) VALUES (?, ?, ?, ?, ?)`,
			in.ID, in.ID, in.Category, in.Niche, now)
	}
	for _, p := range posts {
		tx.MustExec(`INSERT INTO posts (id, influencer_id, platform, content_type, posted_at, followers, views, reach, likes,
			comments, shares, saves, sponsored, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'seed', ?, ?)`,
			p.ID, p.InfluencerID, p.Platform, p.ContentType, p.PostedAt, p.Followers, p.Views, p.Reach, p.Likes, p.Comments,
			p.Shares, p.Saves, p.Sponsored, now, now)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}
