package queries

import (
	"context"
	"testing"
	"time"

	"iescp/backend/domain"
)

// The history reads the viewer's own posts only, newest first, paged, without the
// deleted ones, with totals over every page and each row's ER by followers; the
// by-id read sees deleted rows (an import counts against them); the audience
// leaves out zero shares; the media kit has its defaults before any row; a sponsor
// is forbidden.
func TestOwnPosts_PagesTotalsAndOwnership(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	other := domain.NewID()
	w.exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, 'o@example.com', 'influencer', 'Olga', ?, ?)`,
		other, worldTime, worldTime)
	post := func(owner, id string, day int, followers, likes int64, deleted bool) {
		var del any
		if deleted {
			del = worldTime
		}
		w.exec(`INSERT INTO posts (id, influencer_id, platform, content_type, posted_at, followers, views, reach, likes,
			comments, shares, saves, source, created_at, updated_at, deleted_at)
			VALUES (?, ?, 'instagram', 'reel', ?, ?, 1000, 0, ?, 10, 0, 0, 'import', ?, ?, ?)`,
			id, owner, worldTime.AddDate(0, 0, -day), followers, likes, worldTime, worldTime, del)
	}
	post(w.infl.AccountID, "p1", 30, 1000, 90, false)
	post(w.infl.AccountID, "p2", 10, 2000, 190, false)
	post(w.infl.AccountID, "p3", 20, 0, 5, false)
	post(w.infl.AccountID, "p4", 5, 1000, 1, true)
	post(other, "p5", 1, 1000, 1, false)

	page, err := OwnPosts(ctx, w.st.R, w.infl, PostQuery{Page: 1, PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 3 || len(page.Items) != 2 || page.Items[0].ID != "p2" || page.Items[1].ID != "p3" {
		t.Fatalf("page 1: %+v", page)
	}
	if page.Items[0].ER != 0.1 || page.Items[1].ER != 0 {
		t.Errorf("ER: %v, %v", page.Items[0].ER, page.Items[1].ER)
	}
	tot := page.Totals
	if tot.Posts != 3 || tot.Views != 3000 || tot.Likes != 285 || tot.Comments != 30 || tot.First == nil ||
		!tot.First.Equal(worldTime.AddDate(0, 0, -30)) || !tot.Last.Equal(worldTime.AddDate(0, 0, -10)) {
		t.Errorf("totals: %+v (first %v last %v)", tot, tot.First, tot.Last)
	}
	if p2, _ := OwnPosts(ctx, w.st.R, w.infl, PostQuery{Page: 2, PageSize: 2}); len(p2.Items) != 1 || p2.Items[0].ID != "p1" {
		t.Errorf("page 2: %+v", p2.Items)
	}
	if _, err := OwnPosts(ctx, w.st.R, w.infl, PostQuery{PageSize: MaxPageSize + 1}); domain.ErrorCode(err) != domain.CodeInvalidArgument {
		t.Errorf("a page too large: %v", err)
	}
	hist, err := OwnPostHistory(ctx, w.st.R, w.infl)
	if err != nil || len(hist) != 3 || hist[0].ID != "p1" || !hist[0].PostedAt.Equal(worldTime.AddDate(0, 0, -30)) {
		t.Errorf("history: %+v, %v", hist, err)
	}
	byID, err := OwnPostsByID(ctx, w.st.R, w.infl, []string{"p1", "p4", "p5", "nope"})
	if err != nil || len(byID) != 2 || !byID["p4"].Deleted || byID["p1"].Deleted || byID["p1"].Likes != 90 {
		t.Errorf("by id: %+v, %v", byID, err)
	}

	w.exec(`INSERT INTO audience_shares (id, influencer_id, dimension, bucket, share_bps, updated_at) VALUES
		('a1', ?, 'gender', 'female', 6000, ?), ('a2', ?, 'country', 'US', 4000, ?), ('a3', ?, 'country', 'DE', 0, ?),
		('a4', ?, 'country', 'GB', 5000, ?), ('a5', ?, 'age', '18-24', 10000, ?)`,
		w.infl.AccountID, worldTime, w.infl.AccountID, worldTime, w.infl.AccountID, worldTime, w.infl.AccountID, worldTime,
		other, worldTime)
	aud, err := OwnAudience(ctx, w.st.R, w.infl)
	if err != nil || len(aud) != 3 || aud[0].Bucket != "GB" || aud[1].Bucket != "US" || aud[2].Bucket != "female" {
		t.Errorf("audience: %+v, %v", aud, err)
	}
	kit, err := OwnMediaKit(ctx, w.st.R, w.infl)
	if err != nil || kit.ShowAudience || !kit.ShowHistory || kit.InfluencerID != w.infl.AccountID {
		t.Errorf("default media kit: %+v, %v", kit, err)
	}
	w.exec(`INSERT INTO media_kits (influencer_id, show_audience, show_history, headline, updated_at) VALUES (?, 1, 0, 'Phones', ?)`,
		w.infl.AccountID, worldTime.Add(time.Minute))
	if kit, _ = OwnMediaKit(ctx, w.st.R, w.infl); !kit.ShowAudience || kit.ShowHistory || kit.Headline != "Phones" {
		t.Errorf("media kit: %+v", kit)
	}
	if p, err := OwnMediaKitProfile(ctx, w.st.R, w.infl); err != nil || p.Name != "Ivan" {
		t.Errorf("profile: %+v, %v", p, err)
	}
	for name, f := range map[string]func() error{
		"posts":    func() error { _, err := OwnPosts(ctx, w.st.R, w.sponsor, PostQuery{}); return err },
		"audience": func() error { _, err := OwnAudience(ctx, w.st.R, w.sponsor); return err },
		"kit":      func() error { _, err := OwnMediaKit(ctx, w.st.R, w.sponsor); return err },
		"by id":    func() error { _, err := OwnPostsByID(ctx, w.st.R, w.sponsor, []string{"p1"}); return err },
	} {
		if err := f(); domain.ErrorCode(err) != domain.CodeForbidden {
			t.Errorf("a sponsor's %s: %v", name, err)
		}
	}
}
