package analytics

import (
	"fmt"
	"math"
	"testing"
	"time"
)

// series makes n instagram photo posts three days apart from 2026-01-01, each with
// the given followers (by index), likes, comments, shares, saves and views.
func series(n int, followers func(i int) int64, l, c, s, sv, v int64) []Post {
	var ps []Post
	for i := range n {
		ps = append(ps, Post{ID: fmt.Sprintf("p%02d", i), Platform: "instagram", ContentType: "photo",
			PostedAt: at("2026-01-01 12:00").Add(time.Duration(i) * 72 * time.Hour), Followers: followers(i),
			Likes: l, Comments: c, Shares: s, Saves: sv, Views: v})
	}
	return ps
}

func flat(f int64) func(int) int64 { return func(int) int64 { return f } }

func TestPeerBaseline(t *testing.T) {
	// Five posts each at 5,000 followers (nano):
	//   a: L40 C4 S6  → E 50, ER 0.01, likes/comment 10, views 500 → 0.1 per follower
	//   b: L80 C4 S16 → E 100, ER 0.02, 20, views 1000 → 0.2
	//   c: L160 C4 S36 → E 200, ER 0.04, 40, views 2500 → 0.5
	//   d: four posts only (not a peer); e: 20,000 followers (micro)
	// median ER 0.02; likes/comment P10 = 10 + 0.2·10 = 12, P90 = 20 + 0.8·20 = 36;
	// views/follower P10 = 0.1 + 0.2·0.1 = 0.12, P90 = 0.2 + 0.8·0.3 = 0.44
	b := PeerBaseline(map[string][]Post{
		"a": series(5, flat(5000), 40, 4, 6, 0, 500),
		"b": series(5, flat(5000), 80, 4, 16, 0, 1000),
		"c": series(5, flat(5000), 160, 4, 36, 0, 2500),
		"d": series(4, flat(5000), 1, 1, 0, 0, 1),
		"e": series(5, flat(20000), 1000, 50, 0, 0, 1),
	})
	nano := b["nano"]
	cases := []struct {
		name      string
		got, want float64
	}{
		{"influencers", float64(nano.Influencers), 3}, {"median ER", nano.MedianER, 0.02},
		{"LC P10", nano.LikeCommentP10, 12}, {"LC P90", nano.LikeCommentP90, 36},
		{"views", float64(nano.ViewInfluencers), 3},
		{"VPF P10", nano.ViewsPerFollowerP10, 0.12}, {"VPF P90", nano.ViewsPerFollowerP90, 0.44},
		{"micro influencers", float64(b["micro"].Influencers), 1},
	}
	for _, c := range cases {
		if !near(c.got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestAuthenticity(t *testing.T) {
	base := map[string]Baseline{"micro": {Tier: "micro", Influencers: 20, MedianER: 0.05,
		LikeCommentP10: 10, LikeCommentP90: 40, ViewInfluencers: 20, ViewsPerFollowerP10: 0.1, ViewsPerFollowerP90: 1}}
	// The clean profile: 10 posts at 20,000 followers, L900 C45 S30 Sv25 → E 1000,
	// ER 0.05 (= the median), 20 likes per comment (in [5, 80]), 6000 views → 0.3 per
	// follower (in [0.0333, 3]).
	jump := func(after int64) func(int) int64 {
		return func(i int) int64 {
			if i < 5 {
				return 20000
			}
			return after
		}
	}
	cases := []struct {
		name  string
		posts []Post
		score int
		level string
		codes []string
	}{
		{"clean", series(10, flat(20000), 900, 45, 30, 25, 6000), 0, "low", nil},
		// E 400 (L360 C18 S12 Sv10): ER 0.02 < 0.025 but ≥ 0.0125: 20; likes/comment 20
		{"low ER", series(10, flat(20000), 360, 18, 12, 10, 6000), 20, "low", []string{ReasonLowEngagement}},
		// E 220 (L200 C10 S5 Sv5): ER 0.011 < 0.0125: 35
		{"very low ER", series(10, flat(20000), 200, 10, 5, 5, 6000), 35, "medium", []string{ReasonLowEngagement}},
		// 20,000 → 30,000 in 3 days (+50 % over a typical growth of 0) with E 1000 flat
		// (median of the 3 posts each side): 2·20000·1000 = 4e7 < 1000·50000 = 5e7.
		// ER mean (5·0.05 + 5·0.0333)/10 = 0.0417: not low. Views 6000/25000 = 0.24.
		{"follower jump", series(10, jump(30000), 900, 45, 30, 25, 6000), 40, "medium", []string{ReasonFollowerJump}},
		// the same 20 days apart (the seed's density): still a jump
		{"follower jump, posts 20 days apart", spaced(series(10, jump(30000), 900, 45, 30, 25, 6000), 20), 40, "medium", []string{ReasonFollowerJump}},
		// the same 61 days apart: beyond JumpMaxGap
		{"follower jump, posts 61 days apart", spaced(series(10, jump(30000), 900, 45, 30, 25, 6000), 61), 0, "low", nil},
		// the first post after the jump has E 1500 (L1400) but the next two 1000: the
		// median after is 1000, so engagement did not follow
		{"one lucky post after the jump", withLikes(series(10, jump(30000), 900, 45, 30, 25, 6000), 5, 6, 1400), 40, "medium", []string{ReasonFollowerJump}},
		// same jump with engagement following: E 1500 after (L1400): 2·20000·1500 = 6e7 ≥ 5e7
		{"viral growth", withLikesFrom(series(10, jump(30000), 900, 45, 30, 25, 6000), 5, 1400), 0, "low", nil},
		// same jump to 21,000 (+5 %): below JumpMinRise
		{"small rise", series(10, jump(21000), 900, 45, 30, 25, 6000), 0, "low", nil},
		// L970 C5 S15 Sv10: E 1000, likes/comment 194 > 80
		{"likes without comments", series(10, flat(20000), 970, 5, 15, 10, 6000), 20, "low", []string{ReasonLikeCommentRatio}},
		// six posts L970 C5 S15 Sv10 (194 likes per comment) and four L700 C300 (2.33):
		// Σ likes / Σ comments = 8620/1230 = 7.0 would be in range, the median 194 is not
		{"bought likes and comment pods", append(series(6, flat(20000), 970, 5, 15, 10, 6000)[:6:6],
			withIDs(series(4, flat(20000), 700, 300, 0, 0, 6000), 6)...), 20, "low", []string{ReasonLikeCommentRatio}},
		// six posts L400 C0 (no comment: no ratio, left out) and four L900 C45 S30 Sv25:
		// the median is 20 (counting the six as 400 per comment would make it 400 > 80);
		// ER (6·0.02 + 4·0.05)/10 = 0.032 ≥ 0.025
		{"posts without comments", append(series(6, flat(20000), 400, 0, 0, 0, 6000)[:6:6],
			withIDs(series(4, flat(20000), 900, 45, 30, 25, 6000), 6)...), 0, "low", nil},
		// L500 C450 S30 Sv20: E 1000, 1.11 < 5
		{"comments like likes", series(10, flat(20000), 500, 450, 30, 20, 6000), 20, "low", []string{ReasonLikeCommentRatio}},
		// 100 views / 20,000 = 0.005 < 0.0333
		{"no one watches", series(10, flat(20000), 900, 45, 30, 25, 100), 15, "low", []string{ReasonViewFollowerAnomaly}},
		// views per follower 100000/20000 = 5, above 3·P90 = 3
		{"views beyond followers", series(10, flat(20000), 900, 45, 30, 25, 100000), 15, "low", []string{ReasonViewFollowerAnomaly}},
		// jump to 40,000 with E 220 and 6000 views: ER (5·0.011 + 5·0.0055)/10 = 0.00825 (35),
		// jump (40): 75 high; views (6000·10)/(5·20000+5·40000) = 0.2: in range
		{"bought followers", series(10, jump(40000), 200, 10, 5, 5, 6000), 75, "high", []string{ReasonLowEngagement, ReasonFollowerJump}},
		{"four posts", series(4, flat(20000), 1, 0, 0, 0, 0), 0, "unrated", []string{ReasonInsufficientData}},
	}
	for _, c := range cases {
		r := Authenticity(c.posts, base)
		var codes []string
		for _, reason := range r.Reasons {
			codes = append(codes, reason.Code)
		}
		if r.Score != c.score || r.Level != c.level || fmt.Sprint(codes) != fmt.Sprint(c.codes) {
			t.Errorf("%s: got %d %s %v, want %d %s %v", c.name, r.Score, r.Level, r.Reasons, c.score, c.level, c.codes)
		}
	}
}

func TestAuthenticity_ReasonParams(t *testing.T) {
	r := Authenticity(series(10, func(i int) int64 {
		if i < 5 {
			return 20000
		}
		return 40000
	}, 200, 10, 5, 5, 6000), map[string]Baseline{"micro": {Influencers: 10, MedianER: 0.05, LikeCommentP10: 10, LikeCommentP90: 40}})
	want := map[string]map[string]any{
		ReasonLowEngagement: {"er": 0.00825, "peer_median": 0.05},
		// post p05 is 15 days after 2026-01-01
		ReasonFollowerJump: {"platform": "instagram", "from": int64(20000), "to": int64(40000), "date": "2026-01-16"},
	}
	if len(r.Reasons) != len(want) {
		t.Fatalf("reasons %v", r.Reasons)
	}
	for _, reason := range r.Reasons {
		for k, v := range want[reason.Code] {
			got := reason.Params[k]
			if f, ok := v.(float64); ok {
				if g, ok := got.(float64); !ok || !near(g, f) {
					t.Errorf("%s.%s = %v, want %v", reason.Code, k, got, v)
				}
			} else if got != v {
				t.Errorf("%s.%s = %v, want %v", reason.Code, k, got, v)
			}
		}
	}
}

func TestAuthenticity_NoPeersNoPeerReasons(t *testing.T) {
	// 9 peers < MinBaselinePeers: a very low ER is not judged; the jump still is.
	base := map[string]Baseline{"micro": {Influencers: 9, MedianER: 0.05, ViewInfluencers: 9}}
	r := Authenticity(series(10, flat(20000), 200, 10, 5, 5, 100), base)
	if r.Score != 0 || len(r.Reasons) != 0 {
		t.Errorf("got %+v", r)
	}
}

// withLikesFrom sets the likes of posts[from:].
func withLikesFrom(posts []Post, from int, likes int64) []Post {
	return withLikes(posts, from, len(posts), likes)
}

// withLikes sets the likes of posts[from:to].
func withLikes(posts []Post, from, to int, likes int64) []Post {
	for i := from; i < to; i++ {
		posts[i].Likes = likes
	}
	return posts
}

// spaced re-times posts to be days apart from the first.
func spaced(posts []Post, days int) []Post {
	for i := range posts {
		posts[i].PostedAt = posts[0].PostedAt.Add(time.Duration(i*days) * 24 * time.Hour)
	}
	return posts
}

// withIDs places posts after the first `after` posts of a series: ids and times go on
// from there (three days apart).
func withIDs(posts []Post, after int) []Post {
	for i := range posts {
		posts[i].ID = fmt.Sprintf("p%02d", after+i)
		posts[i].PostedAt = at("2026-01-01 12:00").Add(time.Duration(after+i) * 72 * time.Hour)
	}
	return posts
}

func TestAuthenticity_JumpIsRelativeToTypicalGrowth(t *testing.T) {
	// +25 % every 3 days (each step +5,000 or more) with flat engagement: that is the
	// account's typical growth, not a jump (no baselines: only the jump is judged).
	steady := func(i int) int64 { return int64(20000 * math.Pow(1.25, float64(i))) }
	if r := Authenticity(series(10, steady, 900, 45, 30, 25, 6000), nil); len(r.Reasons) != 0 {
		t.Errorf("steady growth: %+v", r)
	}
	// the same with one step of ×1.25·1.5 at post 6: 50 % above the typical growth
	withStep := func(i int) int64 {
		f := steady(i)
		if i >= 6 {
			f = int64(float64(f) * 1.5)
		}
		return f
	}
	r := Authenticity(series(10, withStep, 900, 45, 30, 25, 6000), nil)
	if len(r.Reasons) != 1 || r.Reasons[0].Code != ReasonFollowerJump ||
		r.Reasons[0].Params["from"] != steady(5) || r.Reasons[0].Params["to"] != withStep(6) {
		t.Errorf("step: %+v", r)
	}
}
