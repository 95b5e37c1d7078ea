package analytics

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"
)

// Segment parameters (docs/analytics.md, "Segments").
const (
	MaxClusters     = 32 // k = min(MaxClusters, ⌈√(n/2)⌉)
	kmeansMaxRounds = 20 // Lloyd rounds at most; it stops earlier once no one moves
	kmeansSeed      = 12 // the fixed seed of the k-means++ seeding
)

// Profile is what segments compare: an influencer's current followers, ER by
// followers, niche, and how many of its posts went to each platform and content type.
type Profile struct {
	InfluencerID  string
	Followers     int64
	ER            float64
	Niche         string
	PlatformPosts map[string]int
	ContentPosts  map[string]int
}

// ProfileOf builds an influencer's Profile from its posts (the window is the
// caller's): Followers = CurrentFollowers, ER = mean ER by followers over the posts
// with Followers > 0.
func ProfileOf(id, niche string, posts []Post) Profile {
	p := Profile{InfluencerID: id, Niche: niche, Followers: CurrentFollowers(posts),
		PlatformPosts: map[string]int{}, ContentPosts: map[string]int{}}
	var acc erAcc
	for _, post := range posts {
		acc.add(post)
		p.PlatformPosts[post.Platform]++
		p.ContentPosts[post.ContentType]++
	}
	p.ER = acc.erFollowers()
	return p
}

// Segments is a clustering of influencers into groups of similar ones.
type Segments struct {
	K       int // number of clusters
	ids     []string
	index   map[string]int
	dim     int
	feats   []float64 // row i is feats[i*dim : (i+1)*dim]
	cluster []int
}

// BuildSegments standardises the profiles' features and clusters them with k-means
// (k-means++ seeding from a fixed seed over the profiles sorted by ID, then Lloyd
// rounds), so the same profiles give the same clusters. Features, per influencer:
// z-score of log10(1+Followers), z-score of ER, one-hot niche, share of posts per
// platform (Platforms) and per content type (ContentTypes).
func BuildSegments(profiles []Profile) *Segments {
	ps := append([]Profile(nil), profiles...)
	sort.Slice(ps, func(i, j int) bool { return ps[i].InfluencerID < ps[j].InfluencerID })
	s := &Segments{index: make(map[string]int, len(ps))}
	s.features(ps)
	n := len(ps)
	if n == 0 {
		return s
	}
	s.K = min(MaxClusters, int(math.Ceil(math.Sqrt(float64(n)/2))), n)
	s.cluster = s.kmeans(s.K)
	return s
}

// features fills ids, index, dim and feats.
func (s *Segments) features(ps []Profile) {
	nicheSet := map[string]bool{}
	for _, p := range ps {
		nicheSet[p.Niche] = true
	}
	niches := make([]string, 0, len(nicheSet))
	for k := range nicheSet {
		niches = append(niches, k)
	}
	sort.Strings(niches)
	nicheCol := map[string]int{}
	for i, k := range niches {
		nicheCol[k] = 2 + i
	}
	s.dim = 2 + len(niches) + len(Platforms) + len(ContentTypes)
	s.feats = make([]float64, len(ps)*s.dim)
	for i, p := range ps {
		s.ids = append(s.ids, p.InfluencerID)
		s.index[p.InfluencerID] = i
		row := s.feats[i*s.dim : (i+1)*s.dim]
		row[0] = math.Log10(1 + float64(max(p.Followers, 0)))
		row[1] = p.ER
		row[nicheCol[p.Niche]] = 1
		shares(row[2+len(niches):], p.PlatformPosts, Platforms)
		shares(row[2+len(niches)+len(Platforms):], p.ContentPosts, ContentTypes)
	}
	for c := range 2 {
		var sum, sq float64
		for i := range ps {
			sum += s.feats[i*s.dim+c]
		}
		mean := sum / float64(len(ps))
		for i := range ps {
			d := s.feats[i*s.dim+c] - mean
			sq += d * d
		}
		sd := math.Sqrt(sq / float64(len(ps)))
		for i := range ps {
			s.feats[i*s.dim+c] = ratio(s.feats[i*s.dim+c]-mean, sd)
		}
	}
}

// shares writes into dst the share of counts per key of keys (other keys count in
// the total only).
func shares(dst []float64, counts map[string]int, keys []string) {
	total := 0
	for _, c := range counts {
		total += c
	}
	for i, k := range keys {
		dst[i] = ratio(float64(counts[k]), float64(total))
	}
}

func (s *Segments) row(i int) []float64 { return s.feats[i*s.dim : (i+1)*s.dim] }

func dist2(a, b []float64) float64 {
	var d float64
	for i := range a {
		x := a[i] - b[i]
		d += x * x
	}
	return d
}

// kmeans clusters the rows into k clusters and returns each row's cluster.
func (s *Segments) kmeans(k int) []int {
	n := len(s.ids)
	cent := make([]float64, k*s.dim)
	rng := rand.New(rand.NewPCG(kmeansSeed, kmeansSeed))
	copy(cent[:s.dim], s.row(rng.IntN(n)))
	near := make([]float64, n)
	for i := range n {
		near[i] = dist2(s.row(i), cent[:s.dim])
	}
	for c := 1; c < k; c++ { // k-means++: the next centre with probability ∝ squared distance
		var total float64
		for _, d := range near {
			total += d
		}
		pick, r := n-1, rng.Float64()*total
		for i, d := range near {
			if r -= d; r < 0 {
				pick = i
				break
			}
		}
		ctr := cent[c*s.dim : (c+1)*s.dim]
		copy(ctr, s.row(pick))
		for i := range n {
			near[i] = min(near[i], dist2(s.row(i), ctr))
		}
	}
	assign := make([]int, n)
	for i := range assign {
		assign[i] = -1
	}
	for range kmeansMaxRounds {
		if !s.assign(cent, k, assign) {
			break
		}
		sums, counts := make([]float64, k*s.dim), make([]int, k)
		for i, c := range assign {
			counts[c]++
			for j, v := range s.row(i) {
				sums[c*s.dim+j] += v
			}
		}
		for c := range k {
			if counts[c] > 0 { // an empty cluster keeps its centre
				for j := range s.dim {
					cent[c*s.dim+j] = sums[c*s.dim+j] / float64(counts[c])
				}
			}
		}
	}
	return assign
}

// assign moves every row to its nearest centre (the lower index on a tie), in
// parallel over GOMAXPROCS goroutines, and says whether any row moved.
func (s *Segments) assign(cent []float64, k int, assign []int) bool {
	n := len(assign)
	workers := max(1, min(runtime.GOMAXPROCS(0), n/1000))
	moved := make([]bool, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w * n / workers; i < (w+1)*n/workers; i++ {
				best, bestD := 0, math.Inf(1)
				for c := range k {
					if d := dist2(s.row(i), cent[c*s.dim:(c+1)*s.dim]); d < bestD {
						best, bestD = c, d
					}
				}
				if assign[i] != best {
					assign[i] = best
					moved[w] = true
				}
			}
		})
	}
	wg.Wait()
	for _, m := range moved {
		if m {
			return true
		}
	}
	return false
}

// ClusterOf is the cluster (0 … K-1) of an influencer, false when it was not in the
// profiles.
func (s *Segments) ClusterOf(id string) (int, bool) {
	i, ok := s.index[id]
	if !ok {
		return 0, false
	}
	return s.cluster[i], true
}

// Neighbour is one answer of Similar: an influencer, its distance in the standardised
// feature space, and whether it shares the cluster of the one asked about.
type Neighbour struct {
	InfluencerID string
	Distance     float64
	SameCluster  bool
}

// Similar returns up to n influencers most like id ("more like this"): first the
// members of its cluster by distance, then, if they are fewer than n, the others by
// distance; ties by ID. Nil for an unknown id.
func (s *Segments) Similar(id string, n int) []Neighbour {
	me, ok := s.index[id]
	if !ok || n <= 0 {
		return nil
	}
	out := s.neighbours(me, true)
	if len(out) < n {
		out = append(out, s.neighbours(me, false)...)
	}
	return out[:min(n, len(out))]
}

// neighbours lists the others of me's cluster (same) or of the other clusters (not
// same), nearest first, ties by ID.
func (s *Segments) neighbours(me int, same bool) []Neighbour {
	var out []Neighbour
	for i := range s.ids {
		if i != me && (s.cluster[i] == s.cluster[me]) == same {
			out = append(out, Neighbour{InfluencerID: s.ids[i], Distance: math.Sqrt(dist2(s.row(me), s.row(i))), SameCluster: same})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Distance != out[j].Distance {
			return out[i].Distance < out[j].Distance
		}
		return out[i].InfluencerID < out[j].InfluencerID
	})
	return out
}
