package report

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Dash stands for a figure that has no value (a rate without decisions).
const Dash = "—"

// Colours: the app's chart palette (Bootstrap 5), one colour per status everywhere.
const (
	colBudget    = "#9ec5fe"
	colCommitted = "#0d6efd"
	colCompleted = "#198754"
	colPending   = "#ffc107"
	colRejected  = "#dc3545"
	colWithdrawn = "#adb5bd"
	colText      = "#212529"
	colMuted     = "#6c757d"
	colBorder    = "#dee2e6"
	colGrid      = "#e9ecef"
	colAccent    = "#0b3d91"
)

var statusColors = map[string]string{
	"pending":   colPending,
	"accepted":  colCommitted,
	"completed": colCompleted,
	"rejected":  colRejected,
	"withdrawn": colWithdrawn,
	"active":    colCompleted,
	"cancelled": colRejected,
	"draft":     colWithdrawn,
}

// FormatMoney formats integer cents as the app does (frontend formatMoney, en-US,
// USD): whole dollars without cents, "$1,500"; otherwise "$19.99".
func FormatMoney(cents int64) string {
	neg := cents < 0
	u := uint64(cents)
	if neg {
		u = uint64(-cents) // right even at MinInt64
	}
	s := "$" + groupThousands(u/100)
	if c := u % 100; c != 0 {
		s += "." + strconv.FormatUint(c/10, 10) + strconv.FormatUint(c%10, 10)
	}
	if neg {
		return "-" + s
	}
	return s
}

func groupThousands(n uint64) string {
	s := strconv.FormatUint(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// moneyShort is an axis label: "$0", "$500", "$2.5k", "$1.2M".
func moneyShort(cents int64) string {
	d := float64(cents) / 100
	switch {
	case d >= 1e6:
		return "$" + trimFloat(d/1e6) + "M"
	case d >= 1e3:
		return "$" + trimFloat(d/1e3) + "k"
	default:
		return "$" + trimFloat(d)
	}
}

func trimFloat(f float64) string {
	return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
}

// FormatRate formats a rate in [0, 1] as "62.5%" (one decimal, dropped when zero), or
// Dash when nil.
func FormatRate(r *float64) string {
	if r == nil {
		return Dash
	}
	return trimFloat(*r*100) + "%"
}

// FormatRounds formats an average with one decimal, "2.5", or Dash when nil.
func FormatRounds(r *float64) string {
	if r == nil {
		return Dash
	}
	return strconv.FormatFloat(math.Round(*r*10)/10, 'f', 1, 64)
}

// formatDate formats "YYYY-MM-DD" as "Oct 8, 2026"; anything else is returned as is.
func formatDate(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("Jan 2, 2006")
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

// Plural gives "1 request" or "3 requests" (thousands grouped).
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return groupThousands(uint64(max(n, 0))) + " " + many
}

// truncate shortens s to at most n runes, ending with "…".
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// niceScale picks the top of an axis at or above max and a tick step, with at most
// about five ticks, on 1, 2, 2.5 and 5 times powers of ten (in cents, of dollars).
func niceScale(maxV int64) (top, step int64) {
	if maxV <= 0 {
		return 100, 25
	}
	raw := float64(maxV) / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	var s float64
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		s = m * mag
		if s >= raw {
			break
		}
	}
	step = int64(math.Max(1, math.Round(s)))
	if step >= 100 {
		step = (step + 99) / 100 * 100 // whole dollars
	}
	top = (maxV + step - 1) / step * step
	return top, step
}

// overviewLimit is how many campaigns the overview chart shows; the rest are in the
// campaign sections.
const overviewLimit = 12

// overviewCampaigns picks the campaigns for the overview chart: all, or the
// overviewLimit with the largest budgets, kept in report order.
func (r *Report) overviewCampaigns() []Campaign {
	if len(r.Campaigns) <= overviewLimit {
		return r.Campaigns
	}
	idx := make([]int, len(r.Campaigns))
	for i := range idx {
		idx[i] = i
	}
	// a stable selection: largest budget first, ties in report order
	for i := 0; i < overviewLimit; i++ {
		best := i
		for j := i + 1; j < len(idx); j++ {
			if r.Campaigns[idx[j]].Budget > r.Campaigns[idx[best]].Budget ||
				(r.Campaigns[idx[j]].Budget == r.Campaigns[idx[best]].Budget && idx[j] < idx[best]) {
				best = j
			}
		}
		idx[i], idx[best] = idx[best], idx[i]
	}
	keep := idx[:overviewLimit]
	for i := 1; i < len(keep); i++ { // back to report order
		for j := i; j > 0 && keep[j] < keep[j-1]; j-- {
			keep[j], keep[j-1] = keep[j-1], keep[j]
		}
	}
	out := make([]Campaign, len(keep))
	for i, k := range keep {
		out[i] = r.Campaigns[k]
	}
	return out
}

func maxMoney(cs []Campaign) int64 {
	var m int64
	for _, c := range cs {
		m = max(m, c.Budget, c.Committed, c.Completed)
	}
	return m
}

// definitions explain the figures, under both renderings.
func (r *Report) definitions() []string {
	m := r.MonthLabel
	return []string{
		"Campaigns: your campaigns (not drafts, not deleted) that ran during " + m + " or had ad-request activity in it.",
		"Budget: the campaigns' whole budgets. Committed: ad requests accepted in " + m + " and still accepted or completed. Completed: ad requests marked complete in " + m + ".",
		"Ad requests: those created, answered, countered, completed or otherwise changed in " + m + ", by their status when this report was made.",
		"Acceptance rate: accepted ÷ (accepted + rejected) among requests answered in " + m + ". Negotiation rounds: offers per request answered in " + m + ", the opening offer included.",
		"Top influencers: by amount committed in " + m + ". Amounts in US dollars; times in UTC.",
		"Post performance: deliverables posted in " + m + " (of accepted or completed ad requests) at their latest reported checkpoint. " +
			"Engagement rate: engagements ÷ reach, to 0.01% (halves up). CPM: the posts' share of their ad requests' amounts " +
			"(shared by quantity among a request's deliverables) × 1,000 ÷ views, to the cent (halves up); posts without metrics are left out of both. " +
			"Clicks: the tracking links' clicks to date; per click: released in " + m + " ÷ clicks, to the cent (halves up).",
		"Money: funded = escrow of requests accepted in " + m + "; released = paid for work completed in " + m +
			" (before the platform's commission, computed per request as the ledger does); refunded = escrow returned to your wallet in " + m +
			"; in escrow = held by your deals when this report was made.",
	}
}
