package analytics

import (
	"math"
	"slices"
	"sort"
	"strings"
)

// ratio is a/b, or 0 when b is 0 (so an empty input gives zero values, never NaN).
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Quantile is the q-quantile (0 ≤ q ≤ 1) of xs by linear interpolation between the
// closest ranks (the "type 7" rule of R and NumPy's default): with xs sorted and
// h = (n-1)·q, it is xs[⌊h⌋] + (h-⌊h⌋)·(xs[⌊h⌋+1]-xs[⌊h⌋]). It is 0 for an empty
// xs. xs is not modified.
func Quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	h := float64(len(s)-1) * math.Min(math.Max(q, 0), 1)
	lo := int(math.Floor(h))
	if lo+1 >= len(s) {
		return s[lo]
	}
	return s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
}

// Median is Quantile(xs, 0.5).
func Median(xs []float64) float64 { return Quantile(xs, 0.5) }

// sortedPosts returns a copy of posts ordered by PostedAt, then ID, so every
// computation sees them in one order whatever order the caller had.
func sortedPosts(posts []Post) []Post {
	s := slices.Clone(posts)
	slices.SortStableFunc(s, func(a, b Post) int {
		if c := a.PostedAt.Compare(b.PostedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return s
}

// CurrentFollowers is an influencer's follower total: over each platform, the
// Followers of its latest post (by PostedAt, then ID) that has Followers > 0, summed.
func CurrentFollowers(posts []Post) int64 {
	latest := map[string]int64{}
	for _, p := range sortedPosts(posts) {
		if p.Followers > 0 {
			latest[p.Platform] = p.Followers
		}
	}
	var total int64
	for _, f := range latest {
		total += f
	}
	return total
}
