// Package analytics holds the performance analytics of issue 12: the metrics every
// screen shows (defined once, in docs/analytics.md, and computed once, here), size
// and performance tiers, clusters of similar influencers, the audience authenticity
// score and the campaign metrics. It is core: pure Go over the values below, with
// no SQL, so the desktop (over its replica), the server's job (over the canonical
// database), the monthly report and the benchmarks all compute the same numbers.
package analytics

import "time"

// Platforms and content types a post may have (the CHECKs of domain migration 0012
// and the mutators say the same).
var (
	Platforms    = []string{"instagram", "youtube", "tiktok", "x", "other"}
	ContentTypes = []string{"photo", "carousel", "video", "reel", "short", "story", "live", "text"}
)

// Post is one published post of an influencer with the figures its platform reported
// for it (the post history an influencer imports or types in, the seed's synthetic
// history, or a posted deal deliverable's metrics). Counts are whole and never
// negative; Followers is the account's follower count on that platform when the post
// was measured (it makes engagement by followers and follower growth computable).
type Post struct {
	ID           string
	InfluencerID string
	Platform     string
	ContentType  string
	PostedAt     time.Time // UTC
	Followers    int64
	Views        int64
	Reach        int64
	Likes        int64
	Comments     int64
	Shares       int64
	Saves        int64
	Sponsored    bool
}

// Engagements is what a post's audience did with it: likes + comments + shares +
// saves (docs/analytics.md, "Engagement").
func (p Post) Engagements() int64 { return p.Likes + p.Comments + p.Shares + p.Saves }

// AudienceShare is one bucket of an influencer's audience breakdown, in basis points
// of the audience (10000 = 100 %). Dimension is "country" (ISO 3166-1 alpha-2),
// "age" (13-17, 18-24, 25-34, 35-44, 45-54, 55-64, 65+) or "gender" (female, male,
// other).
type AudienceShare struct {
	Dimension string
	Bucket    string
	ShareBps  int64
}

// AgeBands and Genders are the audience buckets of those dimensions.
var (
	AgeBands = []string{"13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"}
	Genders  = []string{"female", "male", "other"}
)
