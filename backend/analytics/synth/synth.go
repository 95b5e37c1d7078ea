// Package synth generates SYNTHETIC influencers and post histories: invented numbers
// for demo data (`iescp seed`), tests and benchmarks, never measurements of real
// accounts. The generator is deterministic (seeded math/rand/v2, one stream per
// influencer, so an influencer's profile does not change with the number of posts
// asked for) and its engagement follows the patterns reported for social platforms,
// so that the analytics and the prediction model have something real-looking to find:
//
//   - smaller accounts engage more: the base engagement rate falls with the follower
//     count (about 8 % at 1k followers, 3 % at 100k, 1.3 % at 10M);
//   - the category and the niche move it (pets and fitness above finance and tech);
//   - the platform (TikTok > Instagram > YouTube > other > X) and the content type
//     (reels, shorts and carousels above photos; stories and text below);
//   - the day of the week (weekends a little higher, Monday lower) and the hour
//     (an evening peak 18:00–21:59 UTC, a trough at night);
//   - sponsored posts engage about 20 % less;
//   - each influencer has a lasting personal level (log-normal, σ 0.25) and each post
//     a multiplicative log-normal noise (σ 0.35);
//   - views relate to the followers, the platform and the content type (short video is
//     shown beyond the followers), with their own noise; reach is at most the views;
//   - followers grow along the history (each influencer its own yearly rate).
//
// A share of the accounts (Config.FakeShare) is planted with bought followers: the
// follower count jumps suddenly (×2.5–×6) once or twice in the history, and the
// engagement is that of the real audience only (far below peers of the inflated
// size), with few comments for the likes or the reverse (comment pods), and few views
// for the followers. Influencer.Fake says which, so detectors can be measured.
//
// The exact constants are in this file; docs/prediction.md describes them.
package synth

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"iescp/backend/analytics"
)

// Influencer is one synthetic account: its category and niche, its follower count
// per platform at Config.Now (platform names as in analytics.Platforms; a platform it
// is not on is absent), and whether it was planted with fake followers.
type Influencer struct {
	ID        string
	Category  string
	Niche     string
	Followers map[string]int64
	Fake      bool
}

// IDFunc names the generated rows: IDFunc(i, -1) is the id of the i-th influencer,
// IDFunc(i, j) the id of its j-th post. It must return distinct ids for distinct
// arguments (the seed passes derived UUIDs).
type IDFunc func(influencer, post int) string

// Config says what to generate. Now is the end of the history (posts are spread over
// the year before it, none after it); FakeShare is the share of planted fake-follower
// accounts (0.02 = 2 %). IDs may be nil: the ids are then "syn-<i>" and
// "syn-<i>-<j>" (stable for a seed and index).
type Config struct {
	Seed               uint64
	Influencers        int
	PostsPerInfluencer int
	Now                time.Time
	FakeShare          float64
	IDs                IDFunc
	// Given, when set, fixes what is already known of influencer i (the seed's
	// profiles); nil draws everything.
	Given func(i int) Given
}

// Given is what a caller fixes of one influencer. Followers, when it has a positive
// count, replaces the drawn platforms and follower counts: the influencer posts on
// those platforms only (the largest as its primary) and its follower count at Now
// on each is the given one (the growth, and a planted account's jumps, run up to
// it). Category, when it names one of Categories, replaces the drawn category (its
// engagement level and platform habits). Genuine excludes the influencer from the
// planted fake-follower accounts. The random draws are the same either way, so the
// other influencers do not change.
type Given struct {
	Category  string
	Followers map[string]int64
	Genuine   bool
}

// Category is a category of the synthetic creators with its niches, the weight of
// each platform among its creators (in the order of analytics.Platforms) and its
// engagement multiplier.
type Category struct {
	Name      string
	Niches    []string
	Platforms [5]float64
	ER        float64
}

// Categories are the categories the generator draws from (the same names as the
// demo seed's).
var Categories = []Category{
	{"Fashion", []string{"Streetwear", "Sustainable Fashion", "Luxury", "Vintage", "Menswear", "Plus Size"}, [5]float64{5, 1.5, 4, 0.5, 0.5}, 1.0},
	{"Beauty", []string{"Skincare", "Makeup", "Haircare", "Nail Art", "Clean Beauty", "Fragrance"}, [5]float64{5, 2, 4, 0.3, 0.3}, 1.05},
	{"Tech", []string{"Smartphones", "PC Building", "AI Tools", "Smart Home", "Gadget Reviews", "Photography"}, [5]float64{1.5, 5, 2, 3, 1}, 0.8},
	{"Gaming", []string{"Esports", "Indie Games", "Speedrunning", "Retro", "Mobile Gaming", "Strategy"}, [5]float64{1, 5, 3, 1.5, 4}, 1.1},
	{"Fitness", []string{"Yoga", "Strength Training", "Running", "HIIT", "Calisthenics", "Pilates"}, [5]float64{4, 3, 4, 0.5, 1}, 1.2},
	{"Food", []string{"Vegan", "Baking", "Street Food", "Meal Prep", "Wine", "Coffee"}, [5]float64{4, 3, 4, 0.5, 0.5}, 1.1},
	{"Travel", []string{"Backpacking", "Luxury Travel", "Van Life", "City Guides", "Adventure", "Budget Travel"}, [5]float64{5, 4, 2, 0.5, 1}, 0.95},
	{"Finance", []string{"Personal Finance", "Investing", "Crypto", "Budgeting", "Real Estate", "Side Hustles"}, [5]float64{1, 4, 2, 4, 1}, 0.7},
	{"Education", []string{"Languages", "Science", "History", "Math", "Study Tips", "Coding"}, [5]float64{1.5, 5, 3, 1.5, 1}, 0.85},
	{"Music", []string{"Indie", "Hip-Hop", "Classical", "DJ", "Guitar", "Music Production"}, [5]float64{3, 4, 4, 1, 3}, 1.0},
	{"Lifestyle", []string{"Minimalism", "Home Decor", "Productivity", "Wellness", "Sustainability", "Family"}, [5]float64{5, 3, 3, 1, 1}, 0.95},
	{"Pets", []string{"Dogs", "Cats", "Exotic Pets", "Pet Training", "Aquariums"}, [5]float64{5, 2, 5, 0.5, 0.5}, 1.3},
}

// Platform-level constants, in the order of analytics.Platforms (instagram, youtube,
// tiktok, x, other).
var (
	platformER   = [5]float64{1.0, 0.75, 1.3, 0.4, 0.6}
	platformView = [5]float64{0.35, 0.45, 0.9, 0.12, 0.2} // views per follower, before the content type
	// the content types each platform offers, with their posting weights
	platformTypes = [5][]typeWeight{
		{{"photo", 4}, {"carousel", 3}, {"reel", 4}, {"story", 2}, {"live", 0.3}},
		{{"video", 5}, {"short", 4}, {"live", 0.7}},
		{{"video", 3}, {"short", 5}, {"live", 0.6}},
		{{"text", 5}, {"photo", 2}, {"video", 1.5}},
		{{"photo", 2}, {"video", 2}, {"text", 1}},
	}
)

type typeWeight struct {
	name string
	w    float64
}

// The content types' effects on engagement and on views.
var (
	typeER   = map[string]float64{"photo": 0.85, "carousel": 1.1, "video": 1.05, "reel": 1.35, "short": 1.3, "story": 0.55, "live": 0.8, "text": 0.7}
	typeView = map[string]float64{"photo": 0.8, "carousel": 0.9, "video": 1.0, "reel": 1.8, "short": 1.7, "story": 0.6, "live": 0.3, "text": 0.7}
	// by time.Weekday (Sunday first)
	weekdayER = [7]float64{1.08, 0.9, 0.95, 0.98, 1.0, 1.02, 1.1}
	// by hour of the day (UTC): a trough at night, an evening peak 18–21
	hourER = [24]float64{0.8, 0.75, 0.7, 0.7, 0.7, 0.75, 0.85, 0.9, 0.95, 0.97, 1.0, 1.0,
		1.02, 1.0, 0.98, 0.98, 1.0, 1.05, 1.2, 1.25, 1.25, 1.18, 1.0, 0.9}
	// how often creators post at each hour (a weight, not an effect)
	hourPost = [24]float64{0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 0.8, 1, 1.1, 1.2, 1.3,
		1.4, 1.3, 1.2, 1.2, 1.3, 1.5, 1.8, 1.9, 1.8, 1.5, 1, 0.6}
)

const (
	sponsoredER    = 0.8
	personalSigma  = 0.25 // an influencer's lasting level, log-normal
	postSigma      = 0.35 // a post's noise on engagement, log-normal
	viewSigma      = 0.4  // a post's noise on views
	historySpan    = 365 * 24 * time.Hour
	sponsoredShare = 0.15
)

// BaseER is the engagement rate (engagements / followers) of an average post of an
// account with that many followers, before every other effect: 8 % at 1,000
// followers, falling as a power law (exponent −0.2), at least 0.5 %.
func BaseER(followers int64) float64 {
	f := math.Max(float64(followers), 100)
	return math.Max(0.08*math.Pow(f/1000, -0.2), 0.005)
}

// Generate returns cfg.Influencers influencers and cfg.PostsPerInfluencer posts for
// each, in influencer order and, within one, oldest first. The same Config gives the
// same output.
func Generate(cfg Config) ([]Influencer, []analytics.Post) {
	n, per := max(cfg.Influencers, 0), max(cfg.PostsPerInfluencer, 0)
	ids := cfg.IDs
	if ids == nil {
		ids = defaultID
	}
	infs := make([]Influencer, n)
	posts := make([]analytics.Post, 0, n*per)
	src := rand.NewPCG(0, 0)
	r := rand.New(src)
	var hourCum [24]float64
	acc := 0.0
	for h, w := range hourPost {
		acc += w
		hourCum[h] = acc
	}
	for i := range n {
		src.Seed(cfg.Seed, uint64(i)+0x9e3779b97f4a7c15)
		g := influencerGen{r: r, hourCum: &hourCum, now: cfg.Now.UTC()}
		infs[i] = g.influencer(ids(i, -1), cfg.FakeShare)
		if cfg.Given != nil {
			g.apply(&infs[i], cfg.Given(i))
		}
		posts = g.posts(&infs[i], i, per, ids, posts)
	}
	return infs, posts
}

func defaultID(i, j int) string {
	b := make([]byte, 0, 24)
	b = append(b, "syn-"...)
	b = strconv.AppendInt(b, int64(i), 10)
	if j >= 0 {
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(j), 10)
	}
	return string(b)
}

type influencerGen struct {
	r       *rand.Rand
	hourCum *[24]float64
	now     time.Time

	cat      *Category
	nicheER  float64
	personal float64    // lasting multiplier on engagement
	growth   float64    // yearly follower growth, as a log rate
	onPlat   []int      // platforms it posts on
	platW    []float64  // their weights (followers)
	jumps    [2]float64 // fake: times (fraction of the span, from the start) of the jumps
	jumpX    [2]float64 // fake: factor of each jump
	fake     bool
}

// paretoFollowers draws a total follower count from a Pareto tail: most creators
// have a few thousand followers, a few have tens of millions (nano 1–10k, micro
// 10–50k, mid 50–500k, macro 500k–1M, mega 1M+ all occur).
func (g *influencerGen) paretoFollowers() int64 {
	const xm, alpha, ceiling = 1500.0, 0.9, 60_000_000.0
	u := 1 - g.r.Float64()
	return int64(math.Min(xm/math.Pow(u, 1/alpha), ceiling))
}

func (g *influencerGen) influencer(id string, fakeShare float64) Influencer {
	r := g.r
	g.cat = &Categories[r.IntN(len(Categories))]
	niche := r.IntN(len(g.cat.Niches))
	// each niche its own small, fixed effect (stable across seeds)
	g.nicheER = 0.85 + 0.3*float64((niche*7+len(g.cat.Name))%5)/4
	g.personal = math.Exp(r.NormFloat64() * personalSigma)
	g.growth = math.Max(0.35+0.3*r.NormFloat64(), -0.2)
	g.fake = r.Float64() < fakeShare
	total := g.paretoFollowers()
	if g.fake {
		// bought followers: the visible count is several times the real audience
		g.jumpX = [2]float64{2.5 + 3.5*r.Float64(), 1}
		if r.Float64() < 0.5 {
			g.jumpX[1] = 1.5 + 1.5*r.Float64()
		}
		g.jumps = [2]float64{0.15 + 0.3*r.Float64(), 0.55 + 0.35*r.Float64()}
		total = max(total, 20_000) // nobody buys followers to stay at 2k
	}
	// a primary platform by the category's habits, sometimes one or two more
	w := g.cat.Platforms
	primary := weighted(r, w[:])
	followers := map[string]int64{}
	g.onPlat, g.platW = g.onPlat[:0], g.platW[:0]
	primaryShare := 0.6 + 0.4*r.Float64()
	followers[analytics.Platforms[primary]] = max(int64(float64(total)*primaryShare), 1)
	g.onPlat = append(g.onPlat, primary)
	g.platW = append(g.platW, 3)
	rest := total - followers[analytics.Platforms[primary]]
	for p := range 5 {
		if p != primary && rest > 0 && r.Float64() < w[p]/(w[p]+4) {
			f := max(int64(float64(rest)*(0.3+0.7*r.Float64())), 1)
			rest -= f
			followers[analytics.Platforms[p]] = f
			g.onPlat = append(g.onPlat, p)
			g.platW = append(g.platW, 1)
		}
	}
	return Influencer{ID: id, Category: g.cat.Name, Niche: g.cat.Niches[niche], Followers: followers, Fake: g.fake}
}

// apply fixes what the caller gave of inf (Config.Given), after every draw.
func (g *influencerGen) apply(inf *Influencer, given Given) {
	for k := range Categories {
		if Categories[k].Name == given.Category && g.cat != &Categories[k] {
			g.cat = &Categories[k]
			inf.Category = g.cat.Name
			inf.Niche = g.cat.Niches[0]
		}
	}
	if given.Genuine {
		g.fake, inf.Fake = false, false
	}
	followers := map[string]int64{}
	primary, top := -1, int64(0)
	for p, name := range analytics.Platforms {
		if f := given.Followers[name]; f > 0 {
			followers[name] = f
			if f > top {
				primary, top = p, f
			}
		}
	}
	if primary < 0 {
		return
	}
	inf.Followers = followers
	g.onPlat, g.platW = g.onPlat[:0], g.platW[:0]
	for p, name := range analytics.Platforms {
		if followers[name] > 0 {
			g.onPlat = append(g.onPlat, p)
			g.platW = append(g.platW, map[bool]float64{true: 3, false: 1}[p == primary])
		}
	}
}

// followersAt is the follower count at fraction s of the history (0 the start, 1
// Now) for an account with f followers at Now: exponential growth, and for a fake
// account the jumps of bought followers.
func (g *influencerGen) followersAt(f int64, s float64) int64 {
	x := float64(f) * math.Exp(-g.growth*(1-s))
	if g.fake {
		for k := range 2 {
			if s < g.jumps[k] {
				x /= g.jumpX[k]
			}
		}
	}
	return max(int64(x), 1)
}

// realShare is the share of a fake account's followers that are real at fraction s
// of the history: 1 before the first jump, less after each.
func (g *influencerGen) realShare(s float64) float64 {
	x := 1.0
	for k := range 2 {
		if s >= g.jumps[k] {
			x /= g.jumpX[k]
		}
	}
	return x
}

func (g *influencerGen) posts(inf *Influencer, i, per int, ids IDFunc, out []analytics.Post) []analytics.Post {
	r := g.r
	start := g.now.Add(-historySpan)
	for j := range per {
		// evenly spread over the year with jitter; an hour by the posting habits
		s := (float64(j) + 0.1 + 0.8*r.Float64()) / float64(per)
		day := start.Add(time.Duration(s * float64(historySpan))).Truncate(24 * time.Hour)
		hour := g.hour()
		at := day.Add(time.Duration(hour)*time.Hour + time.Duration(r.IntN(3600))*time.Second)
		if at.After(g.now) {
			at = at.Add(-24 * time.Hour)
		}
		s = 1 - float64(g.now.Sub(at))/float64(historySpan)
		p := g.onPlat[weighted(r, g.platW)]
		types := platformTypes[p]
		ct := types[weightedType(r, types)].name
		sponsored := r.Float64() < sponsoredShare
		fol := g.followersAt(inf.Followers[analytics.Platforms[p]], s)

		er := BaseER(fol) * g.cat.ER * g.nicheER * platformER[p] * typeER[ct] *
			weekdayER[at.Weekday()] * hourER[at.Hour()] * g.personal *
			math.Exp(r.NormFloat64()*postSigma-postSigma*postSigma/2)
		if sponsored {
			er *= sponsoredER
		}
		views := float64(fol) * platformView[p] * typeView[ct] * math.Sqrt(g.personal) *
			math.Exp(r.NormFloat64()*viewSigma-viewSigma*viewSigma/2)
		likeShare, commentShare := 0.82, 0.04
		if g.fake {
			// only the real audience engages (at its own size's rate, and less) and watches
			frac := g.realShare(s)
			genuine := float64(fol) * frac
			er = er * frac * BaseER(int64(genuine)) / BaseER(fol) * 0.4
			views *= frac * 0.5
			if r.Float64() < 0.5 {
				likeShare, commentShare = 0.95, 0.002 // bought likes, no conversation
			} else {
				likeShare, commentShare = 0.6, 0.3 // comment pods
			}
		}
		eng := er * float64(fol)
		likes := int64(eng*likeShare + r.Float64())
		comments := int64(eng*commentShare*(0.5+r.Float64()) + r.Float64())
		rest := max(eng-float64(likes)-float64(comments), 0)
		shares := int64(rest*(0.3+0.4*r.Float64()) + r.Float64())
		saves := max(int64(rest)-shares, 0)
		if ct == "story" || ct == "live" {
			saves = 0 // not saveable
		}
		v := int64(views)
		reach := int64(views * (0.6 + 0.3*r.Float64()))
		out = append(out, analytics.Post{
			ID: ids(i, j), InfluencerID: inf.ID, Platform: analytics.Platforms[p], ContentType: ct,
			PostedAt: at, Followers: fol, Views: v, Reach: reach,
			Likes: likes, Comments: comments, Shares: shares, Saves: saves, Sponsored: sponsored,
		})
	}
	return out
}

func (g *influencerGen) hour() int {
	u := g.r.Float64() * g.hourCum[23]
	for h, c := range g.hourCum {
		if u < c {
			return h
		}
	}
	return 23
}

func weighted(r *rand.Rand, w []float64) int {
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	u := r.Float64() * sum
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	return len(w) - 1
}

func weightedType(r *rand.Rand, ts []typeWeight) int {
	sum := 0.0
	for _, t := range ts {
		sum += t.w
	}
	u := r.Float64() * sum
	for i, t := range ts {
		if u < t.w {
			return i
		}
		u -= t.w
	}
	return len(ts) - 1
}
