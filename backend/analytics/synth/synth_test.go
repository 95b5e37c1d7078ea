package synth

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"testing"
	"time"

	"iescp/backend/analytics"
)

var now = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func gen(t *testing.T, n, per int) ([]Influencer, []analytics.Post) {
	t.Helper()
	return Generate(Config{Seed: 7, Influencers: n, PostsPerInfluencer: per, Now: now, FakeShare: 0.02})
}

func TestGenerate_Deterministic(t *testing.T) {
	a, pa := gen(t, 300, 10)
	b, pb := gen(t, 300, 10)
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(pa, pb) {
		t.Fatal("the same config gave different output")
	}
	c, pc := Generate(Config{Seed: 8, Influencers: 300, PostsPerInfluencer: 10, Now: now, FakeShare: 0.02})
	if reflect.DeepEqual(a, c) || reflect.DeepEqual(pa, pc) {
		t.Fatal("another seed gave the same output")
	}
	// an influencer does not change with the number of posts asked for
	d, _ := gen(t, 300, 3)
	if !reflect.DeepEqual(a, d) {
		t.Fatal("influencers changed with PostsPerInfluencer")
	}
}

func TestGenerate_Shape(t *testing.T) {
	infs, posts := gen(t, 500, 12)
	if len(infs) != 500 || len(posts) != 500*12 {
		t.Fatalf("got %d influencers, %d posts", len(infs), len(posts))
	}
	ids := map[string]bool{}
	valid := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	for i, p := range posts {
		if ids[p.ID] {
			t.Fatalf("duplicate post id %s", p.ID)
		}
		ids[p.ID] = true
		inf := infs[i/12]
		if p.InfluencerID != inf.ID || !valid(analytics.Platforms, p.Platform) || !valid(analytics.ContentTypes, p.ContentType) {
			t.Fatalf("post %d: %+v", i, p)
		}
		if _, on := inf.Followers[p.Platform]; !on {
			t.Fatalf("post %d on %s, where %s is not", i, p.Platform, inf.ID)
		}
		if p.PostedAt.After(now) || p.PostedAt.Before(now.Add(-historySpan-24*time.Hour)) || p.PostedAt.Location() != time.UTC {
			t.Fatalf("post %d at %v", i, p.PostedAt)
		}
		if i%12 > 0 && p.PostedAt.Before(posts[i-1].PostedAt) {
			t.Fatalf("post %d is older than the one before", i)
		}
		if p.Followers <= 0 || p.Views < 0 || p.Reach > p.Views || p.Likes < 0 || p.Comments < 0 || p.Shares < 0 || p.Saves < 0 {
			t.Fatalf("post %d: %+v", i, p)
		}
	}
	for i, inf := range infs {
		if ids[inf.ID] || inf.ID != "syn-"+itoa(i) {
			t.Fatalf("influencer %d id %q", i, inf.ID)
		}
	}
	custom, cp := Generate(Config{Seed: 7, Influencers: 2, PostsPerInfluencer: 2, Now: now,
		IDs: func(i, j int) string { return "x" + itoa(i) + "." + itoa(j) }})
	if custom[1].ID != "x1.-1" || cp[3].ID != "x1.1" || cp[3].InfluencerID != "x1.-1" {
		t.Fatalf("IDs not used: %s %s", custom[1].ID, cp[3].ID)
	}
}

func itoa(i int) string {
	if i < 0 {
		return "-" + itoa(-i)
	}
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func tier(f int64) string {
	switch {
	case f < 10_000:
		return "nano"
	case f < 50_000:
		return "micro"
	case f < 500_000:
		return "mid"
	case f < 1_000_000:
		return "macro"
	}
	return "mega"
}

func er(p analytics.Post) float64 { return float64(p.Engagements()) / float64(p.Followers) }

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	sort.Float64s(xs)
	return xs[len(xs)/2]
}

// medianER groups the genuine accounts' posts by key and returns each group's median
// engagement rate.
func medianER(infs []Influencer, posts []analytics.Post, per int, key func(analytics.Post) string) map[string]float64 {
	groups := map[string][]float64{}
	for i, p := range posts {
		if infs[i/per].Fake {
			continue
		}
		groups[key(p)] = append(groups[key(p)], er(p))
	}
	out := map[string]float64{}
	for k, xs := range groups {
		out[k] = median(xs)
	}
	return out
}

func TestGenerate_DependenciesHoldInAggregate(t *testing.T) {
	const per = 20
	infs, posts := gen(t, 20_000, per)

	tiers := map[string]int{}
	for _, inf := range infs {
		var total int64
		for _, f := range inf.Followers {
			total += f
		}
		tiers[tier(total)]++
	}
	for _, tr := range []string{"nano", "micro", "mid", "macro", "mega"} {
		if tiers[tr] == 0 {
			t.Errorf("no %s influencer among 20,000: %v", tr, tiers)
		}
	}
	if tiers["nano"] < tiers["micro"] || tiers["micro"] < tiers["mega"] {
		t.Errorf("followers not heavy-tailed: %v", tiers)
	}

	byTier := medianER(infs, posts, per, func(p analytics.Post) string { return tier(p.Followers) })
	if !(byTier["nano"] > byTier["micro"] && byTier["micro"] > byTier["mid"] && byTier["mid"] > byTier["mega"]) {
		t.Errorf("ER by tier not falling with size: %v", byTier)
	}
	byType := medianER(infs, posts, per, func(p analytics.Post) string { return p.Platform + "/" + p.ContentType })
	if !(byType["instagram/reel"] > 1.3*byType["instagram/photo"]) || !(byType["youtube/short"] > byType["youtube/video"]) {
		t.Errorf("reels/shorts not above photos/videos: %v", byType)
	}
	byPlat := medianER(infs, posts, per, func(p analytics.Post) string { return p.Platform })
	if !(byPlat["tiktok"] > byPlat["instagram"] && byPlat["instagram"] > byPlat["x"]) {
		t.Errorf("platforms: %v", byPlat)
	}
	bySponsored := medianER(infs, posts, per, func(p analytics.Post) string {
		if p.Sponsored {
			return "yes"
		}
		return "no"
	})
	if !(bySponsored["yes"] < 0.9*bySponsored["no"]) {
		t.Errorf("sponsored: %v", bySponsored)
	}
	byHour := medianER(infs, posts, per, func(p analytics.Post) string {
		switch h := p.PostedAt.Hour(); {
		case h >= 18 && h <= 21:
			return "evening"
		case h <= 5:
			return "night"
		}
		return "day"
	})
	if !(byHour["evening"] > 1.1*byHour["day"] && byHour["day"] > 1.1*byHour["night"]) {
		t.Errorf("hours: %v", byHour)
	}
	byDay := medianER(infs, posts, per, func(p analytics.Post) string { return p.PostedAt.Weekday().String() })
	if !(byDay["Saturday"] > byDay["Monday"]) {
		t.Errorf("weekdays: %v", byDay)
	}
	byCat := map[string][]float64{} // on one platform and tier, so the platform mix does not confound it
	for i, p := range posts {
		if !infs[i/per].Fake && p.Platform == "instagram" && tier(p.Followers) == "nano" {
			byCat[infs[i/per].Category] = append(byCat[infs[i/per].Category], er(p))
		}
	}
	if median(byCat["Pets"]) < 1.4*median(byCat["Finance"]) {
		t.Errorf("category: pets %.4f finance %.4f", median(byCat["Pets"]), median(byCat["Finance"]))
	}

	// views grow with followers and are higher for short video
	var vfSmall, vfBig []float64
	for i, p := range posts {
		if infs[i/per].Fake || p.Platform != "instagram" || p.ContentType != "reel" {
			continue
		}
		if p.Followers < 10_000 {
			vfSmall = append(vfSmall, float64(p.Views))
		} else if p.Followers > 100_000 {
			vfBig = append(vfBig, float64(p.Views))
		}
	}
	if median(vfBig) < 10*median(vfSmall) {
		t.Errorf("views do not grow with followers: %.0f vs %.0f", median(vfBig), median(vfSmall))
	}

	// followers grow along the history for most genuine accounts
	grew, n := 0, 0
	for i := range infs {
		if infs[i].Fake {
			continue
		}
		first, last := posts[i*per], posts[i*per+per-1]
		for k := i*per + per - 1; k >= i*per; k-- { // the last post on the first post's platform
			if posts[k].Platform == first.Platform {
				last = posts[k]
				break
			}
		}
		if last.PostedAt.Sub(first.PostedAt) > 200*24*time.Hour {
			n++
			if last.Followers > first.Followers {
				grew++
			}
		}
	}
	if float64(grew) < 0.8*float64(n) {
		t.Errorf("followers grew for %d of %d accounts", grew, n)
	}
}

func TestGenerate_FakesDiffer(t *testing.T) {
	const per = 20
	infs, posts := gen(t, 10_000, per)
	fakes := 0
	for _, inf := range infs {
		if inf.Fake {
			fakes++
		}
	}
	if fakes < 120 || fakes > 290 {
		t.Fatalf("%d fakes among 10,000 at 2 %%", fakes)
	}
	// against genuine accounts of the same size tier: lower ER, lower views per
	// follower, odd comment/like ratios, and a sudden follower jump
	peerER := medianER(infs, posts, per, func(p analytics.Post) string { return tier(p.Followers) })
	peerVF := map[string]float64{}
	{
		g := map[string][]float64{}
		for i, p := range posts {
			if !infs[i/per].Fake {
				g[tier(p.Followers)] = append(g[tier(p.Followers)], float64(p.Views)/float64(p.Followers))
			}
		}
		for k, xs := range g {
			peerVF[k] = median(xs)
		}
	}
	type agg struct{ er, vf, ratioOdd, jumps []float64 }
	var fake, real agg
	for i := range infs {
		var ers, vfs []float64
		odd, jump := 0.0, 0.0
		lastOn := map[string]int64{}
		for k := i * per; k < i*per+per; k++ {
			p := posts[k]
			ers = append(ers, er(p)/peerER[tier(p.Followers)])
			vfs = append(vfs, float64(p.Views)/float64(p.Followers)/peerVF[tier(p.Followers)])
			if p.Likes > 0 {
				r := float64(p.Comments) / float64(p.Likes)
				if r < 0.01 || r > 0.25 {
					odd++
				}
			}
			if prev, ok := lastOn[p.Platform]; ok && p.Followers > 2*prev {
				jump = 1
			}
			lastOn[p.Platform] = p.Followers
		}
		a := &real
		if infs[i].Fake {
			a = &fake
		}
		a.er = append(a.er, median(ers))
		a.vf = append(a.vf, median(vfs))
		a.ratioOdd = append(a.ratioOdd, odd/per)
		a.jumps = append(a.jumps, jump)
	}
	mean := func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	if !(median(fake.er) < 0.3*median(real.er)) {
		t.Errorf("fake ER %.2f vs genuine %.2f of the tier median", median(fake.er), median(real.er))
	}
	if !(median(fake.vf) < 0.3*median(real.vf)) {
		t.Errorf("fake views/follower %.2f vs genuine %.2f of the tier median", median(fake.vf), median(real.vf))
	}
	if !(mean(fake.ratioOdd) > 0.8 && mean(real.ratioOdd) < 0.2) {
		t.Errorf("odd comment/like ratios: fake %.2f genuine %.2f", mean(fake.ratioOdd), mean(real.ratioOdd))
	}
	if !(mean(fake.jumps) > 0.8 && mean(real.jumps) < 0.05) {
		t.Errorf("follower jumps: fake %.2f genuine %.2f", mean(fake.jumps), mean(real.jumps))
	}
}

func BenchmarkGenerate2M(b *testing.B) {
	for b.Loop() {
		_, posts := Generate(Config{Seed: 1, Influencers: 100_000, PostsPerInfluencer: 20, Now: now, FakeShare: 0.02})
		if len(posts) != 2_000_000 {
			b.Fatal(len(posts))
		}
	}
}

// Given fixes the platforms and the followers at Now (the latest post's followers are
// close below the given count), the category, and keeps a genuine account unplanted;
// the other influencers do not change.
func TestGiven(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	cfg := Config{Seed: 9, Influencers: 200, PostsPerInfluencer: 30, Now: now, FakeShare: 0.5}
	free, _ := Generate(cfg)
	given := map[string]int64{"youtube": 80_000, "x": 5_000}
	cfg.Given = func(i int) Given {
		if i%2 == 0 {
			return Given{Category: "Tech", Followers: given, Genuine: true}
		}
		return Given{}
	}
	infs, posts := Generate(cfg)
	latest := map[string]analytics.Post{}
	for _, p := range posts {
		var i int
		if _, err := fmt.Sscanf(p.InfluencerID, "syn-%d", &i); err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 {
			continue
		}
		if given[p.Platform] == 0 {
			t.Fatalf("%s posted on %s", p.InfluencerID, p.Platform)
		}
		k := p.InfluencerID + "/" + p.Platform
		if q, ok := latest[k]; !ok || p.PostedAt.After(q.PostedAt) {
			latest[k] = p
		}
	}
	for k, p := range latest {
		want := given[p.Platform]
		if float64(p.Followers) > 1.25*float64(want) || float64(p.Followers) < 0.6*float64(want) {
			t.Errorf("%s: latest followers %d, given %d", k, p.Followers, want)
		}
	}
	for i := range infs {
		if i%2 == 0 && (infs[i].Fake || infs[i].Category != "Tech" || infs[i].Followers["youtube"] != 80_000) {
			t.Fatalf("given influencer %d: %+v", i, infs[i])
		}
		if i%2 == 1 && (infs[i].Fake != free[i].Fake || infs[i].Category != free[i].Category) {
			t.Fatalf("influencer %d changed: %+v, was %+v", i, infs[i], free[i])
		}
	}
}
