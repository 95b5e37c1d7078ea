package report

import (
	"fmt"
	"math/big"

	"iescp/backend/queries"
)

// Performance is what the sponsor's posts did: the deliverables posted in the
// month and their latest reported metrics (see the package comment and
// docs/reports.md). Every figure is an integer; money is cents.
type Performance struct {
	Posted      int   `json:"posted"`      // deliverables posted in the month
	Measured    int   `json:"measured"`    // of them, with metrics reported
	Views       int64 `json:"views"`       // of the measured posts, at their latest checkpoint
	Reach       int64 `json:"reach"`       // summed over posts (an account reached by two posts counts twice)
	Engagements int64 `json:"engagements"` // likes + comments + shares + saves
	// Cost is the measured posts' share of what their requests pay (a request's
	// amount shared among its deliverables by quantity), in cents, rounded half up.
	Cost int64 `json:"cost"`
	// EngagementRateBP is engagements ÷ reach in basis points (4.53 % is 453),
	// rounded half up; nil when nothing was reached.
	EngagementRateBP *int64 `json:"engagement_rate_bp"`
	// CPM is the cost per 1,000 views in cents (exact cost × 1000 ÷ views, rounded
	// half up once); nil without views.
	CPM *int64 `json:"cpm"`
	// Clicks are the tracking links' clicks of the campaign's ad requests, to date
	// (cumulative, not the month's: the server keeps only a count).
	Clicks int64 `json:"clicks"`
	// CostPerClick is the month's released money (Money.Released) ÷ Clicks in cents,
	// rounded half up; nil without clicks.
	CostPerClick *int64 `json:"cost_per_click"`
}

func (p *Performance) addClicks(clicks, released int64) {
	p.Clicks = clicks
	p.CostPerClick = costPerClick(released, clicks)
}

// roundHalfUp rounds a non-negative rational to the nearest integer, halves up.
func roundHalfUp(r *big.Rat) int64 {
	num := new(big.Int).Mul(r.Num(), big.NewInt(2))
	num.Add(num, r.Denom())
	den := new(big.Int).Mul(r.Denom(), big.NewInt(2))
	return new(big.Int).Quo(num, den).Int64()
}

// performance computes the figures of a set of posts, in exact rational
// arithmetic (math/big: no float touches money), each rounded once at the end.
func performance(posts []queries.ReportPost) Performance {
	var p Performance
	cost := new(big.Rat)
	for _, x := range posts {
		p.Posted++
		if x.Checkpoint == "" {
			continue // posted, nothing reported yet: neither its figures nor its cost count
		}
		p.Measured++
		p.Views += x.Views
		p.Reach += x.Reach
		p.Engagements += x.Likes + x.Comments + x.Shares + x.Saves
		if x.RequestQuantity > 0 {
			share := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(x.RequestAmount), big.NewInt(x.Quantity)),
				big.NewInt(x.RequestQuantity))
			cost.Add(cost, share)
		}
	}
	p.Cost = roundHalfUp(cost)
	if p.Reach > 0 {
		bp := roundHalfUp(new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(p.Engagements), big.NewInt(10_000)), big.NewInt(p.Reach)))
		p.EngagementRateBP = &bp
	}
	if p.Views > 0 {
		cpm := roundHalfUp(new(big.Rat).Mul(cost, new(big.Rat).SetFrac(big.NewInt(1000), big.NewInt(p.Views))))
		p.CPM = &cpm
	}
	return p
}

// FormatCount writes a count with thousands separators: 1234567 → "1,234,567".
func FormatCount(n int64) string {
	if n < 0 {
		return "-" + groupThousands(uint64(-n))
	}
	return groupThousands(uint64(n))
}

// FormatBP writes basis points as a percentage with at most two decimals
// (453 → "4.53%", 450 → "4.5%", 400 → "4%"); Dash when nil.
func FormatBP(bp *int64) string {
	if bp == nil {
		return Dash
	}
	whole, frac := *bp/100, *bp%100
	switch {
	case frac == 0:
		return FormatCount(whole) + "%"
	case frac%10 == 0:
		return fmt.Sprintf("%s.%d%%", FormatCount(whole), frac/10)
	}
	return fmt.Sprintf("%s.%02d%%", FormatCount(whole), frac)
}

// FormatCPM writes a CPM in cents as money; Dash when nil.
func FormatCPM(cents *int64) string {
	if cents == nil {
		return Dash
	}
	return FormatMoney(*cents)
}

// perfRow is one line of the performance table (HTML and PDF), formatted.
type perfRow struct {
	Name, Posts, Views, Reach, Engagements, Rate, CPM, Clicks, CPC string
}

func newPerfRow(name string, p Performance) perfRow {
	posts := fmt.Sprint(p.Posted)
	if p.Measured < p.Posted {
		posts = fmt.Sprintf("%d (%d measured)", p.Posted, p.Measured)
	}
	return perfRow{Name: name, Posts: posts, Views: FormatCount(p.Views), Reach: FormatCount(p.Reach),
		Engagements: FormatCount(p.Engagements), Rate: FormatBP(p.EngagementRateBP), CPM: FormatCPM(p.CPM),
		Clicks: FormatCount(p.Clicks), CPC: FormatCPM(p.CostPerClick)}
}

// performanceRows are the campaigns with a post in the month or a click, and the total
// (nil when nothing was posted).
func (r *Report) performanceRows() ([]perfRow, *perfRow) {
	var rows []perfRow
	for _, c := range r.Campaigns {
		if c.Performance.Posted > 0 || c.Performance.Clicks > 0 {
			rows = append(rows, newPerfRow(c.Name, c.Performance))
		}
	}
	if len(rows) == 0 {
		return nil, nil
	}
	total := newPerfRow("All campaigns", r.Totals.Performance)
	return rows, &total
}

// performanceNote says what the table counts, with this report's numbers.
func (r *Report) performanceNote() string {
	p := r.Totals.Performance
	return fmt.Sprintf("%s posted in %s, %d with metrics reported; each at its latest checkpoint (30 days, else 7 days, else 24 hours). "+
		"Engagements: likes + comments + shares + saves. CPM: cost per 1,000 views, the posts' share of what their ad requests pay. "+
		"Clicks: the tracking links' clicks to date (all time, not only this month); cost per click: released this month ÷ clicks.",
		Plural(p.Posted, "deliverable", "deliverables"), r.MonthLabel, p.Measured)
}
