package analytics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func prof(id, niche string, followers int64, er float64, platform, content string) Profile {
	return Profile{InfluencerID: id, Niche: niche, Followers: followers, ER: er,
		PlatformPosts: map[string]int{platform: 4}, ContentPosts: map[string]int{content: 4}}
}

func TestSegments_StandardisedDistance(t *testing.T) {
	// log10(1+9) = 1 and log10(1+99) = 2: mean 1.5, sd 0.5 → z -1 and +1 (distance 2);
	// ER 0.01 and 0.03: z -1 and +1 (2); niches a and b one-hot (1 and 1); same platform
	// and content type (0). Distance √(4+4+1+1) = √10. k = min(32, ⌈√(2/2)⌉, 2) = 1.
	s := BuildSegments([]Profile{prof("x", "a", 9, 0.01, "instagram", "photo"), prof("y", "b", 99, 0.03, "instagram", "photo")})
	got := s.Similar("x", 5)
	if s.K != 1 || len(got) != 1 || got[0].InfluencerID != "y" || !near(got[0].Distance, math.Sqrt(10)) || !got[0].SameCluster {
		t.Fatalf("K %d, Similar(x) = %+v, want y at √10", s.K, got)
	}
	if s.Similar("nobody", 3) != nil || s.Similar("x", 0) != nil {
		t.Error("unknown id or n=0 answered")
	}
}

func twoGroups() []Profile {
	var ps []Profile
	for i := range 8 {
		ps = append(ps, prof(fmt.Sprintf("f%d", i), "fashion", 2000+int64(i)*100, 0.08+float64(i)*0.001, "instagram", "photo"))
		ps = append(ps, prof(fmt.Sprintf("t%d", i), "tech", 2_000_000+int64(i)*1000, 0.01+float64(i)*0.001, "youtube", "video"))
	}
	return ps
}

func TestSegments_SimilarStaysInTheGroup(t *testing.T) {
	s := BuildSegments(twoGroups()) // 16 profiles: k = ⌈√8⌉ = 3
	if s.K != 3 {
		t.Fatalf("K = %d, want 3", s.K)
	}
	for _, id := range []string{"f0", "t3"} {
		got := s.Similar(id, 7)
		if len(got) != 7 {
			t.Fatalf("Similar(%s) gave %d", id, len(got))
		}
		for i, g := range got {
			if g.InfluencerID[0] != id[0] {
				t.Errorf("Similar(%s)[%d] = %s from the other group", id, i, g.InfluencerID)
			}
			if i > 0 && got[i-1].SameCluster == g.SameCluster && got[i-1].Distance > g.Distance {
				t.Errorf("Similar(%s) not by distance at %d", id, i)
			}
		}
		if !got[0].SameCluster {
			t.Errorf("Similar(%s) starts outside its cluster", id)
		}
	}
	cf, _ := s.ClusterOf("f0")
	ct, _ := s.ClusterOf("t0")
	if cf == ct {
		t.Error("fashion and tech share a cluster")
	}
}

func TestSegments_Deterministic(t *testing.T) {
	a := benchProfiles(3000)
	b := append([]Profile(nil), a...)
	rand.New(rand.NewPCG(1, 1)).Shuffle(len(b), func(i, j int) { b[i], b[j] = b[j], b[i] })
	sa, sb := BuildSegments(a), BuildSegments(b)
	for _, p := range a {
		ca, _ := sa.ClusterOf(p.InfluencerID)
		cb, _ := sb.ClusterOf(p.InfluencerID)
		if ca != cb {
			t.Errorf("%s: cluster %d, then %d after shuffling the input", p.InfluencerID, ca, cb)
		}
	}
	if _, ok := sa.ClusterOf("nobody"); ok || BuildSegments(nil).K != 0 {
		t.Error("unknown id clustered, or empty input made clusters")
	}
}

// benchProfiles makes n profiles over 12 niches, tiers from nano to mega and mixed
// platforms and content types.
func benchProfiles(n int) []Profile {
	r := rand.New(rand.NewPCG(7, 7))
	ps := make([]Profile, n)
	for i := range ps {
		ps[i] = Profile{InfluencerID: fmt.Sprintf("inf%06d", i), Niche: fmt.Sprintf("niche%d", r.IntN(12)),
			Followers: int64(math.Pow(10, 3+r.Float64()*4)), ER: r.Float64() * 0.1,
			PlatformPosts: map[string]int{Platforms[r.IntN(len(Platforms))]: 1 + r.IntN(20), Platforms[r.IntN(len(Platforms))]: r.IntN(5)},
			ContentPosts:  map[string]int{ContentTypes[r.IntN(len(ContentTypes))]: 1 + r.IntN(20), ContentTypes[r.IntN(len(ContentTypes))]: r.IntN(5)}}
	}
	return ps
}

func BenchmarkBuildSegments100k(b *testing.B) {
	ps := benchProfiles(100_000)
	b.ResetTimer()
	for b.Loop() {
		BuildSegments(ps)
	}
}

func BenchmarkSimilar100k(b *testing.B) {
	s := BuildSegments(benchProfiles(100_000))
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		s.Similar(fmt.Sprintf("inf%06d", i%100_000), 10)
	}
}
