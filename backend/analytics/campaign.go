package analytics

import (
	"math"
	"math/bits"
	"sort"

	"iescp/backend/domain"
)

// MaxSpendCents bounds a deal's spend (ten trillion currency units), far above any
// real deal, so the cost figures' integer arithmetic has room.
const MaxSpendCents = 1_000_000_000_000_000

// DealResult is what one deal of a campaign cost and returned: the escrowed (or
// released) spend in cents, its deliverables, and the sums of its deliverables'
// latest metrics and its tracking links' clicks.
type DealResult struct {
	InfluencerID string
	SpendCents   int64
	Deliverables int
	Views        int64
	Reach        int64
	Engagements  int64
	Clicks       int64
}

// CampaignLine is the figures of one influencer's deals in a campaign, or of the
// whole campaign (InfluencerID ""). A cost is nil ("not available") when its
// denominator is 0; otherwise it is whole cents rounded half up (docs/analytics.md).
type CampaignLine struct {
	InfluencerID            string
	Deals                   int
	SpendCents              int64
	Deliverables            int
	Views                   int64
	Reach                   int64
	Engagements             int64
	Clicks                  int64
	CPMCents                *int64  // SpendCents × 1000 / Views
	CPECents                *int64  // SpendCents / Engagements
	CPCCents                *int64  // SpendCents / Clicks
	CostPerDeliverableCents *int64  // SpendCents / Deliverables
	ERViews                 float64 // Engagements / Views; 0 when Views is 0
	ERReach                 float64 // Engagements / Reach; 0 when Reach is 0
}

// CampaignMetrics is a campaign's totals and its influencers' lines, the lines
// ordered by Engagements (highest first), then InfluencerID.
type CampaignMetrics struct {
	Totals      CampaignLine
	Influencers []CampaignLine
}

// Campaign computes a campaign's metrics from its deals. A deal with no influencer,
// a negative figure or a spend above MaxSpendCents is an invalid_argument error.
func Campaign(deals []DealResult) (CampaignMetrics, error) {
	by := map[string]*CampaignLine{}
	var total CampaignLine
	for i, d := range deals {
		if d.InfluencerID == "" {
			return CampaignMetrics{}, domain.Errorf(domain.CodeInvalidArgument, "deal %d has no influencer", i)
		}
		if d.SpendCents < 0 || d.SpendCents > MaxSpendCents || d.Deliverables < 0 || d.Views < 0 ||
			d.Reach < 0 || d.Engagements < 0 || d.Clicks < 0 {
			return CampaignMetrics{}, domain.Errorf(domain.CodeInvalidArgument, "deal %d of %s has a negative or out-of-range figure", i, d.InfluencerID)
		}
		l, ok := by[d.InfluencerID]
		if !ok {
			l = &CampaignLine{InfluencerID: d.InfluencerID}
			by[d.InfluencerID] = l
		}
		l.addDeal(d)
		total.addDeal(d)
	}
	if total.SpendCents > MaxSpendCents {
		return CampaignMetrics{}, domain.Errorf(domain.CodeInvalidArgument, "the campaign's spend exceeds %d cents", int64(MaxSpendCents))
	}
	out := CampaignMetrics{Totals: total.withRates(), Influencers: []CampaignLine{}}
	for _, l := range by {
		out.Influencers = append(out.Influencers, l.withRates())
	}
	sort.Slice(out.Influencers, func(i, j int) bool {
		a, b := out.Influencers[i], out.Influencers[j]
		if a.Engagements != b.Engagements {
			return a.Engagements > b.Engagements
		}
		return a.InfluencerID < b.InfluencerID
	})
	return out, nil
}

func (l *CampaignLine) addDeal(d DealResult) {
	l.Deals++
	l.SpendCents += d.SpendCents
	l.Deliverables += d.Deliverables
	l.Views += d.Views
	l.Reach += d.Reach
	l.Engagements += d.Engagements
	l.Clicks += d.Clicks
}

// withRates fills the costs and rates from the sums.
func (l CampaignLine) withRates() CampaignLine {
	l.CPMCents = CostCents(l.SpendCents, 1000, l.Views)
	l.CPECents = CostCents(l.SpendCents, 1, l.Engagements)
	l.CPCCents = CostCents(l.SpendCents, 1, l.Clicks)
	l.CostPerDeliverableCents = CostCents(l.SpendCents, 1, int64(l.Deliverables))
	l.ERViews = ratio(float64(l.Engagements), float64(l.Views))
	l.ERReach = ratio(float64(l.Engagements), float64(l.Reach))
	return l
}

// CostCents is spendCents × per / units in whole cents rounded half up (a half cent
// goes up: 0.5 → 1), in exact integer arithmetic, or nil when units is 0. All three
// must be non-negative (Campaign checks). The product is exact in 128 bits; a result
// beyond int64 (impossible for spend ≤ MaxSpendCents and per ≤ 1000) is nil too.
func CostCents(spendCents, per, units int64) *int64 {
	if units <= 0 || spendCents < 0 || per < 0 {
		return nil
	}
	// round(x/u) half up = ⌊(2x + u) / 2u⌋ with x = spend × per.
	hi, lo := bits.Mul64(uint64(spendCents), uint64(per))
	hi = hi<<1 | lo>>63
	lo <<= 1
	var carry uint64
	lo, carry = bits.Add64(lo, uint64(units), 0)
	hi += carry
	if hi >= 2*uint64(units) { // the quotient would not fit 64 bits
		return nil
	}
	q, _ := bits.Div64(hi, lo, 2*uint64(units))
	if q > math.MaxInt64 {
		return nil
	}
	v := int64(q)
	return &v
}

// CampaignSummary is one campaign's totals, for ranking campaigns.
type CampaignSummary struct {
	CampaignID string
	Totals     CampaignLine
}

// TopN returns the n items with the highest score (all of them when n exceeds their
// number, none when n ≤ 0), ties broken by id ascending. items is not modified.
func TopN[T any](items []T, n int, score func(T) float64, id func(T) string) []T {
	s := append([]T(nil), items...)
	sort.SliceStable(s, func(i, j int) bool {
		a, b := score(s[i]), score(s[j])
		if a != b {
			return a > b
		}
		return id(s[i]) < id(s[j])
	})
	if n < 0 {
		n = 0
	}
	if n < len(s) {
		s = s[:n]
	}
	return s
}

// TopInfluencers is the n lines with the most engagements.
func TopInfluencers(lines []CampaignLine, n int) []CampaignLine {
	return TopN(lines, n, func(l CampaignLine) float64 { return float64(l.Engagements) },
		func(l CampaignLine) string { return l.InfluencerID })
}

// TopCampaigns is the n campaigns with the highest engagement rate by views.
func TopCampaigns(cs []CampaignSummary, n int) []CampaignSummary {
	return TopN(cs, n, func(c CampaignSummary) float64 { return c.Totals.ERViews },
		func(c CampaignSummary) string { return c.CampaignID })
}
