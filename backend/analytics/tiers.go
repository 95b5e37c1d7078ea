package analytics

import (
	"sort"
	"time"
)

// Size tiers by follower count (docs/analytics.md, "Size tier"). A lower bound
// belongs to its tier: 10,000 followers is micro, 50,000 mid, 500,000 macro,
// 1,000,000 mega.
const (
	TierNano  = "nano"  // 1 – 9,999
	TierMicro = "micro" // 10,000 – 49,999
	TierMid   = "mid"   // 50,000 – 499,999
	TierMacro = "macro" // 500,000 – 999,999
	TierMega  = "mega"  // 1,000,000 and more
)

// SizeTiers lists the size tiers from the smallest.
var SizeTiers = []string{TierNano, TierMicro, TierMid, TierMacro, TierMega}

// SizeTier is the size tier of a follower count, "" for 0 (or less).
func SizeTier(followers int64) string {
	switch {
	case followers <= 0:
		return ""
	case followers < 10_000:
		return TierNano
	case followers < 50_000:
		return TierMicro
	case followers < 500_000:
		return TierMid
	case followers < 1_000_000:
		return TierMacro
	default:
		return TierMega
	}
}

// MinPeers is the number of rated influencers a peer group needs: a group of the same
// size tier and niche with fewer falls back to the whole size tier, and a size tier
// with fewer gives no performance tier at all.
const MinPeers = 5

// PeerStat is what the performance tier compares: an influencer's current followers
// (CurrentFollowers), niche (its category) and ER by followers over the window the
// caller chose (docs/analytics.md uses 90 days), with its number of posts there.
type PeerStat struct {
	InfluencerID string
	Followers    int64
	Niche        string
	ER           float64
	Posts        int
}

// PerformanceTiers rates each influencer A, B or C against its peers: the influencers
// of the same size tier and niche, or of the same size tier when that group has fewer
// than MinPeers. With r = the number of peers with a strictly higher ER and n the
// group's size: A when 3r < n (top third), C when 3r ≥ 2n (bottom third), else B; equal
// ERs get the same tier. An influencer with no posts or no followers is not rated and
// not a peer; one whose size tier has fewer than MinPeers rated influencers gets "".
// Every input ID is a key of the result.
func PerformanceTiers(peers []PeerStat) map[string]string {
	out := make(map[string]string, len(peers))
	bySize, byNiche := map[string][]float64{}, map[[2]string][]float64{}
	for _, p := range peers {
		out[p.InfluencerID] = ""
		if !rated(p) {
			continue
		}
		s := SizeTier(p.Followers)
		bySize[s] = append(bySize[s], p.ER)
		byNiche[[2]string{s, p.Niche}] = append(byNiche[[2]string{s, p.Niche}], p.ER)
	}
	for _, g := range bySize {
		sort.Float64s(g)
	}
	for _, g := range byNiche {
		sort.Float64s(g)
	}
	for _, p := range peers {
		if !rated(p) {
			continue
		}
		s := SizeTier(p.Followers)
		group := byNiche[[2]string{s, p.Niche}]
		if len(group) < MinPeers {
			group = bySize[s]
		}
		if len(group) < MinPeers {
			continue
		}
		out[p.InfluencerID] = thirdOf(group, p.ER)
	}
	return out
}

// PeerStatOf builds an influencer's PeerStat: Followers = CurrentFollowers of its
// posts up to now, ER = ER by followers and Posts = posts over the window ending at now.
func PeerStatOf(id, niche string, posts []Post, now time.Time, window time.Duration) PeerStat {
	var upToNow []Post
	for _, p := range posts {
		if !p.PostedAt.After(now) {
			upToNow = append(upToNow, p)
		}
	}
	var acc erAcc
	in := InWindow(posts, now, window)
	for _, p := range in {
		acc.add(p)
	}
	return PeerStat{InfluencerID: id, Niche: niche, Followers: CurrentFollowers(upToNow), ER: acc.erFollowers(), Posts: len(in)}
}

func rated(p PeerStat) bool { return p.Posts > 0 && p.Followers > 0 }

// thirdOf is the tier of er in the ascending group.
func thirdOf(group []float64, er float64) string {
	n := len(group)
	higher := n - sort.Search(n, func(i int) bool { return group[i] > er })
	switch {
	case 3*higher < n:
		return "A"
	case 3*higher >= 2*n:
		return "C"
	default:
		return "B"
	}
}
