package predict

import (
	"math"
	"slices"
	"strings"
	"time"

	"iescp/backend/analytics"
)

// Tiers are the size tiers (analytics.SizeTiers, docs/analytics.md), by the follower
// count on the platform of the post.
var Tiers = analytics.SizeTiers

// tierOf is the index in Tiers of analytics.SizeTier; no followers counts as nano.
func tierOf(followers int64) int {
	return max(0, slices.Index(Tiers, analytics.SizeTier(followers)))
}

// HourBuckets are the eight three-hour buckets of the hour of posting (UTC).
var HourBuckets = []string{"00-02", "03-05", "06-08", "09-11", "12-14", "15-17", "18-20", "21-23"}

var weekdays = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func normalise(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func nicheKey(category, niche string) string { return normalise(category) + "/" + normalise(niche) }

// The continuous features come first in every design row, always present (possibly
// zero), in this order.
const (
	fLogF      = iota // ln(followers + 1)
	fSponsored        // 1 for a sponsored post
	fHistory          // the influencer's own mean log target, shrunk (target encoding)
	fKnown            // 1 when the influencer has posts in the training data
	nCont
)

// maxNNZ bounds the non-zero entries of one design row: 4 continuous, 8 one-hot
// groups, 2 interactions.
const maxNNZ = nCont + 8 + 2

// layout places the one-hot groups after the continuous features. Categories and
// niches have one slot per known value and one for every other value.
type layout struct {
	nCat, nNiche                                                int
	inter                                                       bool
	oTier, oPlat, oType, oDay, oHour, oCat, oNiche, oPT, oPS, p int
}

func newLayout(nCat, nNiche int, inter bool) layout {
	l := layout{nCat: nCat, nNiche: nNiche, inter: inter}
	o := nCont
	next := func(n int) int { s := o; o += n; return s }
	l.oTier = next(len(Tiers))
	l.oPlat = next(len(analytics.Platforms))
	l.oType = next(len(analytics.ContentTypes))
	l.oDay = next(7)
	l.oHour = next(len(HourBuckets))
	l.oCat = next(nCat + 1)
	l.oNiche = next(nNiche + 1)
	l.oPT, l.oPS = -1, -1
	if inter {
		l.oPT = next(len(analytics.Platforms) * len(analytics.ContentTypes))
		l.oPS = next(len(analytics.Platforms) * len(Tiers))
	}
	l.p = o
	return l
}

// names are the features' names, in design order ("platform=tiktok").
func (l layout) names(categories, niches []string) []string {
	out := make([]string, l.p)
	copy(out, []string{"log_followers", "sponsored", "history", "known"})
	for i, t := range Tiers {
		out[l.oTier+i] = "tier=" + t
	}
	for i, p := range analytics.Platforms {
		out[l.oPlat+i] = "platform=" + p
	}
	for i, c := range analytics.ContentTypes {
		out[l.oType+i] = "content_type=" + c
	}
	for i, d := range weekdays {
		out[l.oDay+i] = "weekday=" + d
	}
	for i, h := range HourBuckets {
		out[l.oHour+i] = "hour=" + h
	}
	for i, c := range categories {
		out[l.oCat+i] = "category=" + c
	}
	out[l.oCat+l.nCat] = "category=(other)"
	for i, n := range niches {
		out[l.oNiche+i] = "niche=" + n
	}
	out[l.oNiche+l.nNiche] = "niche=(other)"
	if l.inter {
		for i, p := range analytics.Platforms {
			for j, c := range analytics.ContentTypes {
				out[l.oPT+i*len(analytics.ContentTypes)+j] = "platform_content=" + p + "/" + c
			}
			for j, t := range Tiers {
				out[l.oPS+i*len(Tiers)+j] = "platform_size=" + p + "/" + t
			}
		}
	}
	return out
}

// row is one post, encoded once for all the fits.
type row struct {
	t          int64 // posted at, unix seconds
	inf        int32 // index of the influencer
	logF       float32
	yER, yV    float32 // ln(engagement rate), ln(views per follower)
	cat, niche uint16
	tier, plat uint8
	ctype, day uint8
	hour       uint8
	sponsored  bool
	set        uint8 // setTrain, setVal, setTest or setDropped
}

const (
	setTrain = iota
	setVal
	setTest
	setDropped // a cold-start influencer's post before the test period: in no split
)

// features is one design row: the non-zero entries (continuous ones always first,
// indices ascending).
type features struct {
	idx [maxNNZ]int32
	val [maxNNZ]float64
	n   int
}

func (f *features) add(i int, v float64) {
	f.idx[f.n], f.val[f.n] = int32(i), v
	f.n++
}

// encode fills f for a post's attributes; history is the target encoding (for the
// head at hand) and known says whether the influencer has training posts. A
// negative index (an unknown value) sets no slot of its group.
func (l *layout) encode(f *features, logF float64, sponsored bool, history float64, known bool,
	tier, plat, ctype, day, hour, cat, niche int) {
	f.n = 0
	f.add(fLogF, logF)
	f.add(fSponsored, b2f(sponsored))
	f.add(fHistory, history)
	f.add(fKnown, b2f(known))
	onehot := func(off, i int) {
		if i >= 0 {
			f.add(off+i, 1)
		}
	}
	onehot(l.oTier, tier)
	onehot(l.oPlat, plat)
	onehot(l.oType, ctype)
	onehot(l.oDay, day)
	onehot(l.oHour, hour)
	onehot(l.oCat, cat)
	onehot(l.oNiche, niche)
	if l.inter && plat >= 0 {
		if ctype >= 0 {
			f.add(l.oPT+plat*len(analytics.ContentTypes)+ctype, 1)
		}
		if tier >= 0 {
			f.add(l.oPS+plat*len(Tiers)+tier, 1)
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func logFollowers(f int64) float64 { return math.Log(float64(max(f, 0)) + 1) }

func hourBucket(h int) int {
	if h < 0 || h > 23 {
		return -1
	}
	return h / 3
}

func weekdayIndex(d time.Weekday) int {
	if d < time.Sunday || d > time.Saturday {
		return -1
	}
	return int(d)
}
