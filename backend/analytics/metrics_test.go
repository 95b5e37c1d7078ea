package analytics

import (
	"math"
	"testing"
	"time"
)

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// fixturePosts: one influencer, now = 2026-06-30 12:00 UTC (a Tuesday). The 30-day
// window starts 2026-05-31 12:00, so p0 is outside it. E = likes+comments+shares+saves.
//
//	id  when (UTC)          platform  type   F     V     L   C  S  Sv  E    E/F
//	p0  Fri 05-01 09:00     instagram photo  900   1000  9   0  0  0   9    0.01
//	p1  Mon 06-01 10:00     instagram photo  1000  2000  80  10 5  5   100  0.1
//	p2  Mon 06-08 10:00     instagram reel   1100  4000  40  5  3  7   55   0.05
//	p3  Mon 06-15 10:00     instagram photo  1200  0     20  2  1  1   24   0.02
//	p4  Sat 06-20 18:00     tiktok    video  0     1000  150 20 20 10  200  (F=0)
//	p5  Mon 06-22 18:00     tiktok    video  500   3000  60  10 20 10  100  0.2
//	p6  Sat 06-27 18:00     tiktok    video  600   2000  30  6  0  0   36   0.06
func fixturePosts() []Post {
	mk := func(id, when, pl, ct string, f, v, l, c, s, sv int64) Post {
		return Post{ID: id, InfluencerID: "inf", Platform: pl, ContentType: ct, PostedAt: at(when),
			Followers: f, Views: v, Likes: l, Comments: c, Shares: s, Saves: sv}
	}
	// Deliberately out of order: the result must not depend on it.
	return []Post{
		mk("p6", "2026-06-27 18:00", "tiktok", "video", 600, 2000, 30, 6, 0, 0),
		mk("p1", "2026-06-01 10:00", "instagram", "photo", 1000, 2000, 80, 10, 5, 5),
		mk("p0", "2026-05-01 09:00", "instagram", "photo", 900, 1000, 9, 0, 0, 0),
		mk("p3", "2026-06-15 10:00", "instagram", "photo", 1200, 0, 20, 2, 1, 1),
		mk("p2", "2026-06-08 10:00", "instagram", "reel", 1100, 4000, 40, 5, 3, 7),
		mk("p5", "2026-06-22 18:00", "tiktok", "video", 500, 3000, 60, 10, 20, 10),
		mk("p4", "2026-06-20 18:00", "tiktok", "video", 0, 1000, 150, 20, 20, 10),
	}
}

var fixtureNow = at("2026-06-30 12:00")

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestInfluencerMetrics_30Days(t *testing.T) {
	m := InfluencerMetrics(fixturePosts(), fixtureNow, Window30)
	cases := []struct {
		name      string
		got, want float64
	}{
		{"posts: p1..p6", float64(m.Posts), 6},
		// mean(0.1, 0.05, 0.02, 0.2, 0.06) = 0.43/5; p4 (F=0) excluded
		{"ER by followers", m.ERFollowers, 0.086},
		// views>0: p1,p2,p4,p5,p6: (100+55+200+100+36)/(2000+4000+1000+3000+2000) = 491/12000
		{"ER by views", m.ERViews, 491.0 / 12000},
		{"avg views: 12000/6", m.AvgViews, 2000},
		{"avg likes: (80+40+20+150+60+30)/6", m.AvgLikes, 380.0 / 6},
		{"avg comments: (10+5+2+20+10+6)/6", m.AvgComments, 53.0 / 6},
		// instagram 1000 → 1200, tiktok 500 → 600 (p4's F=0 skipped)
		{"followers start 1000+500", float64(m.FollowersStart), 1500},
		{"followers end 1200+600", float64(m.FollowersEnd), 1800},
		{"growth 300/1500", m.FollowerGrowth, 0.2},
		{"posts per week: 6/(30/7)", m.PostsPerWeek, 1.4},
	}
	for _, c := range cases {
		if !near(c.got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	// instagram 1000 → 1200 (+0.2), tiktok 500 → 600 (+0.2)
	want := []PlatformGrowth{{"instagram", 1000, 1200, 0.2}, {"tiktok", 500, 600, 0.2}}
	if len(m.GrowthByPlatform) != 2 {
		t.Fatalf("growth by platform: %+v", m.GrowthByPlatform)
	}
	for i, w := range want {
		if g := m.GrowthByPlatform[i]; g.Platform != w.Platform || g.Start != w.Start || g.End != w.End || !near(g.Growth, w.Growth) {
			t.Errorf("growth %d: got %+v, want %+v", i, g, w)
		}
	}
}

func TestInfluencerMetrics_Breakdowns(t *testing.T) {
	m := InfluencerMetrics(fixturePosts(), fixtureNow, Window30)
	want := map[string][]Breakdown{
		// photo: p1,p3: ER mean(0.1,0.02); views only p1 100/2000; 2000/2 views
		// video: p4,p5,p6: ER mean(0.2,0.06); 336/6000; 6000/3
		// reel: p2: 0.05; 55/4000; 4000
		"content type": {{"photo", 2, 0.06, 0.05, 1000}, {"video", 3, 0.13, 0.056, 2000}, {"reel", 1, 0.05, 0.01375, 4000}},
		// instagram: p1..p3: 0.17/3; 155/6000; 6000/3. tiktok = the video row.
		"platform": {{"instagram", 3, 0.17 / 3, 155.0 / 6000, 2000}, {"tiktok", 3, 0.13, 0.056, 2000}},
	}
	got := map[string][]Breakdown{"content type": m.ByContentType, "platform": m.ByPlatform}
	for name, w := range want {
		g := got[name]
		if len(g) != len(w) {
			t.Fatalf("%s: got %+v, want %+v", name, g, w)
		}
		for i := range w {
			if g[i].Key != w[i].Key || g[i].Posts != w[i].Posts || !near(g[i].ERFollowers, w[i].ERFollowers) ||
				!near(g[i].ERViews, w[i].ERViews) || !near(g[i].AvgViews, w[i].AvgViews) {
				t.Errorf("%s[%d]: got %+v, want %+v", name, i, g[i], w[i])
			}
		}
	}
}

func TestInfluencerMetrics_BestSlots(t *testing.T) {
	m := InfluencerMetrics(fixturePosts(), fixtureNow, Window30)
	cases := []struct {
		name string
		got  *Slot
		want Slot
	}{
		// Monday: p1,p2,p3,p5 → (0.1+0.05+0.02+0.2)/4; Saturday has 2 posts (< MinSlotPosts)
		{"day", m.BestDay, Slot{Value: 1, Posts: 4, ERFollowers: 0.0925}},
		// 18:00: p4,p5,p6 (3 posts, ER over p5,p6) = 0.13 beats 10:00: 0.17/3
		{"hour", m.BestHour, Slot{Value: 18, Posts: 3, ERFollowers: 0.13}},
	}
	for _, c := range cases {
		if c.got == nil || c.got.Value != c.want.Value || c.got.Posts != c.want.Posts || !near(c.got.ERFollowers, c.want.ERFollowers) {
			t.Errorf("best %s: got %+v, want %+v", c.name, c.got, c.want)
		}
	}
}

func TestInfluencerMetrics_Trend(t *testing.T) {
	type point struct {
		i         int
		start     string
		posts     int
		er        float64
		followers int64
	}
	cases := []struct {
		name    string
		window  time.Duration
		bucket  string
		buckets int
		points  []point
	}{
		// 05-31 .. 06-30 daily = 31 buckets; 05-31 carries p0's 900 from before the window;
		// 06-20 (p4, F=0) keeps instagram 1200 only; 06-22 adds tiktok 500.
		{"30 days", Window30, "day", 31, []point{
			{0, "2026-05-31 00:00", 0, 0, 900}, {1, "2026-06-01 00:00", 1, 0.1, 1000},
			{20, "2026-06-20 00:00", 1, 0, 1200}, {22, "2026-06-22 00:00", 1, 0.2, 1700},
			{30, "2026-06-30 00:00", 0, 0, 1800}}},
		// window starts Wed 04-01 12:00 → week of Mon 03-30; to the week of Mon 06-29:
		// 91 days / 7 + 1 = 14 buckets; p0 (Fri 05-01) is in the week of 04-27, index 4.
		{"90 days", Window90, "week", 14, []point{
			{0, "2026-03-30 00:00", 0, 0, 0}, {4, "2026-04-27 00:00", 1, 0.01, 900},
			{13, "2026-06-29 00:00", 0, 0, 1800}}},
		// 2025-06-30 12:00 → months 2025-06 .. 2026-06 = 13; June 2026 = the 30-day figures
		{"365 days", Window365, "month", 13, []point{
			{0, "2025-06-01 00:00", 0, 0, 0}, {11, "2026-05-01 00:00", 1, 0.01, 900},
			{12, "2026-06-01 00:00", 6, 0.086, 1800}}},
	}
	for _, c := range cases {
		m := InfluencerMetrics(fixturePosts(), fixtureNow, c.window)
		if m.Bucket != c.bucket || len(m.Trend) != c.buckets {
			t.Fatalf("%s: bucket %q with %d points, want %q with %d", c.name, m.Bucket, len(m.Trend), c.bucket, c.buckets)
		}
		for _, p := range c.points {
			g := m.Trend[p.i]
			if !g.Start.Equal(at(p.start)) || g.Posts != p.posts || !near(g.ERFollowers, p.er) || g.Followers != p.followers {
				t.Errorf("%s[%d]: got %+v, want %+v", c.name, p.i, g, p)
			}
		}
	}
}

func TestInfluencerMetrics_EmptyIsZeroNotNaN(t *testing.T) {
	for _, posts := range [][]Post{nil, {{ID: "z", PostedAt: fixtureNow, Platform: "x", ContentType: "text"}}} {
		m := InfluencerMetrics(posts, fixtureNow, Window30)
		for _, v := range []float64{m.ERFollowers, m.ERViews, m.AvgViews, m.AvgLikes, m.AvgComments, m.FollowerGrowth} {
			if math.IsNaN(v) || v != 0 {
				t.Errorf("%d posts: got %v, want 0", len(posts), v)
			}
		}
		if m.BestDay != nil || m.BestHour != nil || len(m.Trend) != 31 {
			t.Errorf("%d posts: best %v %v, %d trend points", len(posts), m.BestDay, m.BestHour, len(m.Trend))
		}
	}
}

func TestQuantile(t *testing.T) {
	xs := []float64{4, 1, 3, 2} // sorted 1,2,3,4; h = 3q
	cases := []struct{ q, want float64 }{{0, 1}, {0.5, 2.5}, {0.25, 1.75}, {0.9, 3.7}, {1, 4}}
	for _, c := range cases {
		if got := Quantile(xs, c.q); !near(got, c.want) {
			t.Errorf("Quantile(%v) = %v, want %v", c.q, got, c.want)
		}
	}
	if Quantile(nil, 0.5) != 0 {
		t.Error("empty quantile not 0")
	}
}

func TestInfluencerMetrics_BestDayNeedsMinSlotPosts(t *testing.T) {
	mk := func(id, when string, e int64) Post {
		return Post{ID: id, Platform: "x", ContentType: "text", PostedAt: at(when), Followers: 100, Likes: e}
	}
	// Mondays 06-22, 06-29 and 06-15: ER 0.1 each; Sundays 06-21, 06-28: ER 0.5 but only 2 posts.
	posts := []Post{mk("a", "2026-06-15 09:00", 10), mk("b", "2026-06-22 09:00", 10), mk("c", "2026-06-29 09:00", 10),
		mk("d", "2026-06-21 09:00", 50), mk("e", "2026-06-28 09:00", 50)}
	if d := InfluencerMetrics(posts, fixtureNow, Window30).BestDay; d == nil || d.Value != 1 {
		t.Errorf("2 Sunday posts: best day %+v, want Monday", d)
	}
	// A third Sunday post (06-14, ER 0.5): Sunday's mean 0.5 beats Monday's 0.1.
	posts = append(posts, mk("f", "2026-06-14 09:00", 50))
	if d := InfluencerMetrics(posts, fixtureNow, Window30).BestDay; d == nil || d.Value != 0 || !near(d.ERFollowers, 0.5) {
		t.Errorf("3 Sunday posts: best day %+v, want Sunday at 0.5", d)
	}
}

func TestInWindow_Boundaries(t *testing.T) {
	// now-window and now both count; a nanosecond outside does not.
	start := fixtureNow.Add(-Window30)
	posts := []Post{{ID: "a", PostedAt: start}, {ID: "b", PostedAt: fixtureNow},
		{ID: "c", PostedAt: start.Add(-time.Nanosecond)}, {ID: "d", PostedAt: fixtureNow.Add(time.Nanosecond)}}
	in := InWindow(posts, fixtureNow, Window30)
	if len(in) != 2 || in[0].ID != "a" || in[1].ID != "b" {
		t.Errorf("in window: %+v", in)
	}
}

// BenchmarkInfluencerMetrics20Posts: one influencer's 365-day metrics from 20 posts
// (the 100,000 × 20 load, one influencer at a time).
func BenchmarkInfluencerMetrics20Posts(b *testing.B) {
	var posts []Post
	for i := range 20 {
		posts = append(posts, Post{ID: string(rune('a' + i)), Platform: Platforms[i%len(Platforms)],
			ContentType: ContentTypes[i%len(ContentTypes)], PostedAt: fixtureNow.Add(-time.Duration(i*17) * 24 * time.Hour),
			Followers: 10_000 + int64(i)*100, Views: 5000, Likes: 300, Comments: 20})
	}
	for b.Loop() {
		InfluencerMetrics(posts, fixtureNow, Window365)
	}
}
