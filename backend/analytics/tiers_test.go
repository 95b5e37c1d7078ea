package analytics

import (
	"testing"
	"time"
)

func TestSizeTier_Boundaries(t *testing.T) {
	cases := []struct {
		followers int64
		want      string
	}{
		{-5, ""}, {0, ""}, {1, "nano"}, {9_999, "nano"}, {10_000, "micro"}, {49_999, "micro"},
		{50_000, "mid"}, {499_999, "mid"}, {500_000, "macro"}, {999_999, "macro"}, {1_000_000, "mega"},
	}
	for _, c := range cases {
		if got := SizeTier(c.followers); got != c.want {
			t.Errorf("SizeTier(%d) = %q, want %q", c.followers, got, c.want)
		}
	}
}

func TestPerformanceTiers(t *testing.T) {
	p := func(id string, f int64, niche string, er float64, posts int) PeerStat {
		return PeerStat{InfluencerID: id, Followers: f, Niche: niche, ER: er, Posts: posts}
	}
	peers := []PeerStat{
		// micro/fashion has 6 ≥ MinPeers: n = 6, r = peers with a higher ER.
		// f6 r=0, f5 r=1 (3r < 6: A); f4 r=2, f3 r=3 (B); f2 r=4, f1 r=5 (3r ≥ 12: C)
		p("f1", 20_000, "fashion", 0.01, 10), p("f2", 20_000, "fashion", 0.02, 10),
		p("f3", 20_000, "fashion", 0.03, 10), p("f4", 20_000, "fashion", 0.04, 10),
		p("f5", 20_000, "fashion", 0.05, 10), p("f6", 20_000, "fashion", 0.06, 10),
		// micro/food has 2 < MinPeers: compared with all 8 micro: g1 r=0 (A), g2 r=7 (21 ≥ 16: C)
		p("g1", 10_000, "food", 0.10, 3), p("g2", 49_999, "food", 0.005, 3),
		// mid has 3 rated < MinPeers: no tier
		p("m1", 60_000, "tech", 0.05, 4), p("m2", 60_000, "tech", 0.04, 4), p("m3", 60_000, "tech", 0.03, 4),
		// not rated: no posts, no followers (and not counted as peers)
		p("n0", 20_000, "fashion", 0.9, 0), p("z0", 0, "fashion", 0.9, 5),
	}
	want := map[string]string{"f1": "C", "f2": "C", "f3": "B", "f4": "B", "f5": "A", "f6": "A",
		"g1": "A", "g2": "C", "m1": "", "m2": "", "m3": "", "n0": "", "z0": ""}
	got := PerformanceTiers(peers)
	if len(got) != len(want) {
		t.Errorf("got %d tiers, want %d: %v", len(got), len(want), got)
	}
	for id, w := range want {
		if g, ok := got[id]; !ok || g != w {
			t.Errorf("%s: got %q, want %q", id, g, w)
		}
	}
}

func TestPerformanceTiers_TiesShareATier(t *testing.T) {
	// 5 equal ERs: nobody has a higher one (r=0 for all): all A; a 6th lower one: r=5 → C.
	var peers []PeerStat
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		peers = append(peers, PeerStat{InfluencerID: id, Followers: 5_000, Niche: "x", ER: 0.02, Posts: 1})
	}
	peers = append(peers, PeerStat{InfluencerID: "f", Followers: 5_000, Niche: "x", ER: 0.01, Posts: 1})
	got := PerformanceTiers(peers)
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		if got[id] != "A" {
			t.Errorf("%s: %q, want A", id, got[id])
		}
	}
	if got["f"] != "C" {
		t.Errorf("f: %q, want C", got["f"])
	}
}

func TestPeerStatOf(t *testing.T) {
	// The metrics fixture over 30 days: ER 0.086 over 6 posts; followers now
	// instagram 1200 + tiktok 600 = 1800; a post after now does not count.
	posts := append(fixturePosts(), Post{ID: "late", Platform: "x", PostedAt: fixtureNow.Add(time.Hour), Followers: 1e6})
	got := PeerStatOf("inf", "food", posts, fixtureNow, Window30)
	if got.InfluencerID != "inf" || got.Niche != "food" || got.Followers != 1800 || got.Posts != 6 || !near(got.ER, 0.086) {
		t.Errorf("got %+v", got)
	}
}
