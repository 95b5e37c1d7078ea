package analytics

import (
	"math"
	"sort"
	"time"
)

// Authenticity score parameters (docs/analytics.md, "Audience authenticity").
const (
	MinRiskPosts     = 5  // posts an influencer needs to be scored or to count as a peer
	MinBaselinePeers = 10 // peers a size tier needs before the peer-relative reasons apply

	HighRisk   = 60 // a score at or above is "high"
	MediumRisk = 30 // a score at or above (and below HighRisk) is "medium"

	PointsLowER     = 20 // ER below LowERFactor × the tier's median
	PointsVeryLowER = 35 // ER below VeryLowERFactor × the tier's median (instead of 20)
	PointsJump      = 40 // a follower jump without matching engagement
	PointsLikeComm  = 20 // likes per comment outside [P10 / 2, P90 × 2] of the tier
	PointsViews     = 15 // views per follower outside [P10 / 3, P90 × 3] of the tier

	LowERFactor     = 0.5
	VeryLowERFactor = 0.25
	JumpMinRise     = 0.2                 // followers up at least 20 % …
	JumpMinFollows  = 1000                // … and by at least 1,000 …
	JumpMaxGap      = 60 * 24 * time.Hour // … above the account's typical growth, between consecutive posts at most 60 days apart
	JumpWindow      = 3                   // posts of the platform each side of a jump whose median engagements are compared
)

// Reason codes of the authenticity score (the UI words them).
const (
	ReasonInsufficientData    = "insufficient_data"       // {posts}
	ReasonLowEngagement       = "low_engagement_vs_peers" // {er, peer_median}
	ReasonFollowerJump        = "follower_jump"           // {platform, from, to, date}
	ReasonLikeCommentRatio    = "like_comment_ratio"      // {ratio, peer_p10, peer_p90}
	ReasonViewFollowerAnomaly = "view_follower_anomaly"   // {views_per_follower, peer_p10, peer_p90}
)

// AuthStats is what the score looks at in one influencer's posts.
type AuthStats struct {
	Posts            int
	Followers        int64   // CurrentFollowers
	ER               float64 // mean ER by followers
	LikeCommentRatio float64 // median over posts with likes or comments of Likes / max(Comments, 1)
	ViewsPerFollower float64 // Σ Views / Σ Followers over posts with both > 0
	HasViews         bool    // some post has both Views and Followers > 0
}

// StatsOf computes an influencer's AuthStats.
func StatsOf(posts []Post) AuthStats {
	st := AuthStats{Posts: len(posts), Followers: CurrentFollowers(posts)}
	var acc erAcc
	var views, followers int64
	lc := make([]float64, 0, len(posts))
	for _, p := range posts {
		acc.add(p)
		if p.Comments > 0 {
			lc = append(lc, float64(p.Likes)/float64(max(p.Comments, 1)))
		}
		if p.Views > 0 && p.Followers > 0 {
			views += p.Views
			followers += p.Followers
		}
	}
	st.ER = acc.erFollowers()
	st.LikeCommentRatio = Median(lc)
	st.ViewsPerFollower, st.HasViews = ratio(float64(views), float64(followers)), followers > 0
	return st
}

// Baseline is a size tier's peer statistics: over its influencers with at least
// MinRiskPosts posts, the median ER and the 10th and 90th percentiles (Quantile) of
// their median likes per comment (AuthStats.LikeCommentRatio) and, over those with
// views, of views per follower.
type Baseline struct {
	Tier                string
	Influencers         int
	MedianER            float64
	LikeCommentP10      float64
	LikeCommentP90      float64
	ViewInfluencers     int
	ViewsPerFollowerP10 float64
	ViewsPerFollowerP90 float64
}

// PeerBaseline computes the Baseline of every size tier from the posts of each
// influencer (keyed by influencer ID), the tier by CurrentFollowers.
func PeerBaseline(postsByInfluencer map[string][]Post) map[string]Baseline {
	ids := make([]string, 0, len(postsByInfluencer))
	for id := range postsByInfluencer {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	type cols struct{ er, lc, vpf []float64 }
	byTier := map[string]*cols{}
	for _, id := range ids {
		st := StatsOf(postsByInfluencer[id])
		tier := SizeTier(st.Followers)
		if st.Posts < MinRiskPosts || tier == "" {
			continue
		}
		c := byTier[tier]
		if c == nil {
			c = &cols{}
			byTier[tier] = c
		}
		c.er = append(c.er, st.ER)
		c.lc = append(c.lc, st.LikeCommentRatio)
		if st.HasViews {
			c.vpf = append(c.vpf, st.ViewsPerFollower)
		}
	}
	out := map[string]Baseline{}
	for tier, c := range byTier {
		out[tier] = Baseline{Tier: tier, Influencers: len(c.er), MedianER: Median(c.er),
			LikeCommentP10: Quantile(c.lc, 0.1), LikeCommentP90: Quantile(c.lc, 0.9),
			ViewInfluencers: len(c.vpf), ViewsPerFollowerP10: Quantile(c.vpf, 0.1), ViewsPerFollowerP90: Quantile(c.vpf, 0.9)}
	}
	return out
}

// Reason is one cause of a risk score: a code, the points it added and its figures
// (floats, whole numbers or a YYYY-MM-DD date, by the code's documented keys).
type Reason struct {
	Code   string
	Points int
	Params map[string]any
}

// Risk is an influencer's fake-follower risk: Score 0–100, Level "low", "medium",
// "high", or "unrated" (fewer than MinRiskPosts posts), and the reasons, in the order
// of the constants above.
type Risk struct {
	Score   int
	Level   string
	Reasons []Reason
}

// Authenticity scores an influencer's posts against the baseline of its size tier
// (baselines as PeerBaseline returns them). The peer-relative reasons need a baseline
// of at least MinBaselinePeers influencers (views: as many with views); the follower
// jump needs none.
func Authenticity(posts []Post, baselines map[string]Baseline) Risk {
	st := StatsOf(posts)
	if st.Posts < MinRiskPosts {
		return Risk{Level: "unrated", Reasons: []Reason{{Code: ReasonInsufficientData, Params: map[string]any{"posts": st.Posts}}}}
	}
	r := Risk{Reasons: []Reason{}}
	add := func(code string, points int, params map[string]any) {
		r.Score += points
		r.Reasons = append(r.Reasons, Reason{Code: code, Points: points, Params: params})
	}
	b, ok := baselines[SizeTier(st.Followers)]
	peers := ok && b.Influencers >= MinBaselinePeers
	if peers && st.ER < LowERFactor*b.MedianER {
		points := PointsLowER
		if st.ER < VeryLowERFactor*b.MedianER {
			points = PointsVeryLowER
		}
		add(ReasonLowEngagement, points, map[string]any{"er": st.ER, "peer_median": b.MedianER})
	}
	if j, found := followerJump(posts); found {
		add(ReasonFollowerJump, PointsJump, j)
	}
	if peers && (st.LikeCommentRatio > 2*b.LikeCommentP90 || st.LikeCommentRatio < b.LikeCommentP10/2) {
		add(ReasonLikeCommentRatio, PointsLikeComm, map[string]any{"ratio": st.LikeCommentRatio,
			"peer_p10": b.LikeCommentP10, "peer_p90": b.LikeCommentP90})
	}
	if ok && b.ViewInfluencers >= MinBaselinePeers && st.HasViews &&
		(st.ViewsPerFollower > 3*b.ViewsPerFollowerP90 || st.ViewsPerFollower < b.ViewsPerFollowerP10/3) {
		add(ReasonViewFollowerAnomaly, PointsViews, map[string]any{"views_per_follower": st.ViewsPerFollower,
			"peer_p10": b.ViewsPerFollowerP10, "peer_p90": b.ViewsPerFollowerP90})
	}
	r.Score = min(r.Score, 100)
	switch {
	case r.Score >= HighRisk:
		r.Level = "high"
	case r.Score >= MediumRisk:
		r.Level = "medium"
	default:
		r.Level = "low"
	}
	return r
}

// followerJump finds the largest follower jump between consecutive posts of a
// platform (both with Followers > 0, at most JumpMaxGap apart): the later count is
// compared with what the account's typical growth would give over the gap (expected =
// from · e^(g·days), g the median over all its consecutive pairs of ln(to/from)/days),
// and a jump is a count at least JumpMinRise and JumpMinFollows above it that
// engagement did not follow: the median engagements of the platform's JumpWindow posts
// from the jump on grew by less than half the followers' rise over the median of the
// JumpWindow posts before it, i.e. 2·from·E_after < E_before·(from+to).
func followerJump(posts []Post) (map[string]any, bool) {
	byPlat := map[string][]Post{}
	var platforms []string
	for _, p := range sortedPosts(posts) {
		if p.Followers <= 0 {
			continue
		}
		if byPlat[p.Platform] == nil {
			platforms = append(platforms, p.Platform)
		}
		byPlat[p.Platform] = append(byPlat[p.Platform], p)
	}
	days := func(q, p Post) float64 { return math.Max(p.PostedAt.Sub(q.PostedAt).Hours()/24, 1) }
	var rates []float64
	for _, pl := range platforms {
		ps := byPlat[pl]
		for i := 1; i < len(ps); i++ {
			rates = append(rates, math.Log(float64(ps[i].Followers)/float64(ps[i-1].Followers))/days(ps[i-1], ps[i]))
		}
	}
	g := Median(rates)
	var best map[string]any
	var bestRise float64
	for _, pl := range platforms {
		ps := byPlat[pl]
		for i := 1; i < len(ps); i++ {
			q, p := ps[i-1], ps[i]
			if p.PostedAt.Sub(q.PostedAt) > JumpMaxGap {
				continue
			}
			from, to := q.Followers, p.Followers
			expected := float64(from) * math.Exp(g*days(q, p))
			rise := float64(to)/expected - 1
			if rise < JumpMinRise || float64(to)-expected < JumpMinFollows || rise <= bestRise {
				continue
			}
			before := medianEngagements(ps[max(i-JumpWindow, 0):i])
			after := medianEngagements(ps[i:min(i+JumpWindow, len(ps))])
			if 2*float64(from)*after < before*float64(from+to) {
				bestRise = rise
				best = map[string]any{"platform": p.Platform, "from": from, "to": to, "date": p.PostedAt.UTC().Format("2006-01-02")}
			}
		}
	}
	return best, best != nil
}

func medianEngagements(ps []Post) float64 {
	e := make([]float64, len(ps))
	for i, p := range ps {
		e[i] = float64(p.Engagements())
	}
	return Median(e)
}
