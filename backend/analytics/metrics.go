package analytics

import (
	"sort"
	"time"
)

// The windows the screens offer (docs/analytics.md, "Windows").
const (
	Window30  = 30 * 24 * time.Hour
	Window90  = 90 * 24 * time.Hour
	Window365 = 365 * 24 * time.Hour
)

// MinSlotPosts is the number of posts a weekday or an hour of day needs in the window
// before it can be the best day or hour to post.
const MinSlotPosts = 3

// Metrics are an influencer's figures over one window (docs/analytics.md). Rates are
// fractions (0.034 = 3.4 %); an empty window gives zeros, never NaN.
type Metrics struct {
	WindowStart time.Time // now - window; a post counts when WindowStart ≤ PostedAt ≤ now
	WindowEnd   time.Time // now
	Posts       int       // posts in the window
	// ERFollowers: mean over the window's posts with Followers > 0 of
	// Engagements/Followers.
	ERFollowers float64
	// ERViews: Σ Engagements / Σ Views over the window's posts with Views > 0.
	ERViews     float64
	AvgViews    float64 // Σ Views / Posts
	AvgLikes    float64 // Σ Likes / Posts
	AvgComments float64 // Σ Comments / Posts
	// FollowersStart and FollowersEnd: over each platform, the Followers of its first
	// and of its last post in the window (posts with Followers > 0), summed.
	FollowersStart int64
	FollowersEnd   int64
	// FollowerGrowth: (FollowersEnd - FollowersStart) / FollowersStart; 0 when
	// FollowersStart is 0.
	FollowerGrowth float64
	// GrowthByPlatform: the same per platform with a post with Followers > 0 in the
	// window, in Platforms order (then other platforms, lexically).
	GrowthByPlatform []PlatformGrowth
	PostsPerWeek     float64     // Posts / (window in weeks)
	ByContentType    []Breakdown // content types with posts, in ContentTypes order
	ByPlatform       []Breakdown // platforms with posts, in Platforms order
	BestDay          *Slot       // nil when no weekday has MinSlotPosts posts
	BestHour         *Slot       // nil when no hour has MinSlotPosts posts
	Bucket           string      // the trend's bucket: "day", "week" or "month"
	Trend            []TrendPoint
}

// PlatformGrowth is one platform's followers at its first and last post in the
// window and the relative change, (End - Start) / Start.
type PlatformGrowth struct {
	Platform string
	Start    int64
	End      int64
	Growth   float64
}

// Breakdown is the figures of the window's posts of one content type or platform.
type Breakdown struct {
	Key         string
	Posts       int
	ERFollowers float64 // as Metrics.ERFollowers, over these posts
	ERViews     float64 // as Metrics.ERViews, over these posts
	AvgViews    float64
}

// Slot is a weekday (Value 0 = Sunday … 6 = Saturday) or an hour of day (0–23), both
// in UTC, with its posts and their mean ER by followers.
type Slot struct {
	Value       int
	Posts       int
	ERFollowers float64
}

// erAcc accumulates the sums the rates are made of.
type erAcc struct {
	posts              int
	erSum              float64 // Σ Engagements/Followers over posts with Followers > 0
	erN                int     // posts with Followers > 0
	engViewed, viewSum int64   // Σ Engagements and Σ Views over posts with Views > 0
	views              int64
	likes, comments    int64
}

func (a *erAcc) add(p Post) {
	a.posts++
	if p.Followers > 0 {
		a.erSum += float64(p.Engagements()) / float64(p.Followers)
		a.erN++
	}
	if p.Views > 0 {
		a.engViewed += p.Engagements()
		a.viewSum += p.Views
	}
	a.views += p.Views
	a.likes += p.Likes
	a.comments += p.Comments
}

func (a *erAcc) erFollowers() float64 { return ratio(a.erSum, float64(a.erN)) }
func (a *erAcc) erViews() float64     { return ratio(float64(a.engViewed), float64(a.viewSum)) }

// InWindow returns the posts with now-window ≤ PostedAt ≤ now, ordered by PostedAt,
// then ID.
func InWindow(posts []Post, now time.Time, window time.Duration) []Post {
	return inWindowSorted(sortedPosts(posts), now, window)
}

// inWindowSorted is InWindow over posts already in order.
func inWindowSorted(sorted []Post, now time.Time, window time.Duration) []Post {
	start := now.Add(-window)
	in := make([]Post, 0, len(sorted))
	for _, p := range sorted {
		if !p.PostedAt.Before(start) && !p.PostedAt.After(now) {
			in = append(in, p)
		}
	}
	return in
}

// InfluencerMetrics computes an influencer's Metrics over the window ending at now
// from its posts (any order; posts outside the window count only for the trend's
// follower line). The same input gives the same output.
func InfluencerMetrics(posts []Post, now time.Time, window time.Duration) Metrics {
	sorted := sortedPosts(posts)
	in := inWindowSorted(sorted, now, window)
	m := Metrics{WindowStart: now.Add(-window), WindowEnd: now, Posts: len(in)}
	var all erAcc
	byType, byPlatform := map[string]*erAcc{}, map[string]*erAcc{}
	var days [7]erAcc
	var hours [24]erAcc
	first, last := map[string]int64{}, map[string]int64{}
	for _, p := range in {
		all.add(p)
		accFor(byType, p.ContentType).add(p)
		accFor(byPlatform, p.Platform).add(p)
		t := p.PostedAt.UTC()
		days[t.Weekday()].add(p)
		hours[t.Hour()].add(p)
		if p.Followers > 0 {
			if _, ok := first[p.Platform]; !ok {
				first[p.Platform] = p.Followers
			}
			last[p.Platform] = p.Followers
		}
	}
	m.ERFollowers, m.ERViews = all.erFollowers(), all.erViews()
	n := float64(all.posts)
	m.AvgViews, m.AvgLikes, m.AvgComments = ratio(float64(all.views), n), ratio(float64(all.likes), n), ratio(float64(all.comments), n)
	m.GrowthByPlatform = []PlatformGrowth{}
	for _, b := range breakdowns(byPlatform, Platforms) {
		if f, ok := first[b.Key]; ok {
			m.FollowersStart += f
			m.FollowersEnd += last[b.Key]
			m.GrowthByPlatform = append(m.GrowthByPlatform, PlatformGrowth{Platform: b.Key, Start: f, End: last[b.Key],
				Growth: ratio(float64(last[b.Key]-f), float64(f))})
		}
	}
	m.FollowerGrowth = ratio(float64(m.FollowersEnd-m.FollowersStart), float64(m.FollowersStart))
	m.PostsPerWeek = ratio(n, window.Hours()/(24*7))
	m.ByContentType = breakdowns(byType, ContentTypes)
	m.ByPlatform = breakdowns(byPlatform, Platforms)
	m.BestDay = bestSlot(days[:])
	m.BestHour = bestSlot(hours[:])
	m.Bucket = TrendBucket(window)
	m.Trend = trend(sorted, in, now, window)
	return m
}

func accFor(m map[string]*erAcc, key string) *erAcc {
	a, ok := m[key]
	if !ok {
		a = &erAcc{}
		m[key] = a
	}
	return a
}

// breakdowns lists the keys of accs in the order of known, then any other key in
// lexical order.
func breakdowns(accs map[string]*erAcc, known []string) []Breakdown {
	var keys []string
	seen := map[string]bool{}
	for _, k := range known {
		if accs[k] != nil {
			keys = append(keys, k)
			seen[k] = true
		}
	}
	var other []string
	for k := range accs {
		if !seen[k] {
			other = append(other, k)
		}
	}
	sort.Strings(other)
	out := []Breakdown{}
	for _, k := range append(keys, other...) {
		a := accs[k]
		out = append(out, Breakdown{Key: k, Posts: a.posts, ERFollowers: a.erFollowers(),
			ERViews: a.erViews(), AvgViews: ratio(float64(a.views), float64(a.posts))})
	}
	return out
}

// bestSlot is the slot with the highest mean ER by followers among those with at
// least MinSlotPosts posts; a tie goes to the lower Value.
func bestSlot(slots []erAcc) *Slot {
	var best *Slot
	for v, a := range slots {
		if a.posts < MinSlotPosts {
			continue
		}
		if er := a.erFollowers(); best == nil || er > best.ERFollowers {
			best = &Slot{Value: v, Posts: a.posts, ERFollowers: er}
		}
	}
	return best
}
