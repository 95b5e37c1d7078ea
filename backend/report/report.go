// Package report builds a sponsor's monthly activity report from a replica or server
// database and renders it as a self-contained HTML page and as a PDF, both with charts.
//
// # What a report covers
//
// Gather reads one sponsor and one calendar month in UTC ("YYYY-MM"). All instants in
// the database are UTC; an instant is "in the month" when strftime('%Y-%m', instant)
// equals the month, so any SQLite time format (with a space or a T, fractional seconds,
// an offset or Z) is read correctly.
//
//   - Campaigns: the sponsor's campaigns that are not deleted and not drafts, and whose
//     dates (start_date..end_date) overlap the month or that had ad-request activity in
//     it. Ordered by start date, then name.
//   - Activity: an ad request (not deleted) had activity in the month when it was
//     created, updated, answered (responded_at) or completed in it, or an offer on it
//     was made in it.
//   - Budget: the campaigns' budgets (the whole budget, not a monthly share).
//   - Committed: the amounts of the requests accepted in the month (responded_at in the
//     month) that are still accepted or completed. A request accepted and later
//     withdrawn released its money and does not count.
//   - Completed: the amounts of the requests completed in the month (completed_at).
//   - Requests by status: the requests with activity in the month, counted by their
//     status at the time the report is made (not at the end of the month).
//   - Decided: requests answered in the month (responded_at in the month). responded_at
//     is set only when a request is accepted or rejected, so a rejected one is a
//     rejection and any other (accepted, completed, or accepted then withdrawn) an
//     acceptance.
//   - Acceptance rate: acceptances / decided, in [0, 1]; nil ("—") with no decisions.
//   - Average negotiation rounds: the mean number of offers (the opening offer and every
//     counter-offer) on the requests decided in the month; nil ("—") with no decisions.
//   - Top influencers: by amount committed in the month (as above), then by number of
//     those requests, then by name; at most five, per campaign and over all campaigns.
//     An influencer's name is the profile's display name, else the account's name.
//   - Performance: the deliverables posted in the month (posted_at in the month; posted
//     or accepted; of an accepted or completed request), with each one's latest
//     reported metrics (30-day, else 7-day, else 24-hour figures, as reported by the
//     time the report is made). Views, reach and engagements (likes + comments +
//     shares + saves) are summed over the posts with metrics; the engagement rate is
//     engagements ÷ reach in basis points, rounded half up (nil without reach); the
//     cost of a post is its request's amount shared among the request's deliverables
//     by quantity, and the CPM is the measured posts' exact cost × 1000 ÷ their views,
//     in cents rounded half up once (nil without views). math/big keeps it exact.
//     A campaign with a post in the month is in the report even without other activity.
//     Clicks are the campaign's tracking-link clicks to date (cumulative); cost per
//     click is the month's released money ÷ clicks, in cents rounded half up.
//   - Campaign performance (campaign_performance.go): each campaign's results to date
//     (deals, spend, views, engagements, clicks, CPM/CPE/CPC), as its analytics page
//     shows them (queries.CampaignMetricsOf), and their total.
//   - Money (money.go): funded (escrow of requests accepted in the month), released
//     (of requests completed in the month, released or split) and its commission as
//     the ledger computes it per request, refunded (refunded or split in the month),
//     and in escrow (funded or disputed, as held when the report is made). A campaign
//     holding escrow is in the report.
//
// A month with no campaign in the report still gives a valid report, with Empty set,
// which says so. A month later than the generation time's month is refused
// (invalid_argument); the current month gives a report with Partial set.
//
// # Rendering
//
// HTML uses html/template (every text from the database is escaped), inline CSS and
// inline SVG charts, with no script and no external asset. The PDF is drawn with
// go-pdf/fpdf using the Go fonts (golang.org/x/image/font/gofont) embedded as UTF-8
// fonts, so Latin, Greek and Cyrillic names print as they are; a character the font
// lacks (CJK, emoji) is printed as "?".
package report

import (
	"context"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/jmoiron/sqlx"
	"golang.org/x/text/unicode/norm"

	"iescp/backend/domain"
	"iescp/backend/queries"
)

// TopN is how many top influencers a report lists.
const TopN = 5

// StatusCounts counts ad requests by status.
type StatusCounts struct {
	Pending   int `json:"pending"`
	Accepted  int `json:"accepted"`
	Rejected  int `json:"rejected"`
	Withdrawn int `json:"withdrawn"`
	Completed int `json:"completed"`
}

// Total is the number of requests counted.
func (s StatusCounts) Total() int {
	return s.Pending + s.Accepted + s.Rejected + s.Withdrawn + s.Completed
}

func (s *StatusCounts) add(status string, n int) {
	switch status {
	case string(domain.AdPending):
		s.Pending += n
	case string(domain.AdAccepted):
		s.Accepted += n
	case string(domain.AdRejected):
		s.Rejected += n
	case string(domain.AdWithdrawn):
		s.Withdrawn += n
	case string(domain.AdCompleted):
		s.Completed += n
	}
}

// StatusCount is one status and its count, for charts and tables.
type StatusCount struct {
	Status string `json:"status"`
	Label  string `json:"label"`
	Count  int    `json:"count"`
}

// List gives the counts in the report's fixed order.
func (s StatusCounts) List() []StatusCount {
	return []StatusCount{
		{"pending", "Pending", s.Pending},
		{"accepted", "Accepted", s.Accepted},
		{"completed", "Completed", s.Completed},
		{"rejected", "Rejected", s.Rejected},
		{"withdrawn", "Withdrawn", s.Withdrawn},
	}
}

// Influencer is one influencer's money committed in the month.
type Influencer struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Amount   int64  `json:"amount"`   // cents committed in the month
	Requests int    `json:"requests"` // requests accepted in the month (still accepted or completed)
}

// Stats are the figures of one campaign, or of all of them.
type Stats struct {
	Budget         int64        `json:"budget"`    // cents
	Committed      int64        `json:"committed"` // cents accepted in the month
	Completed      int64        `json:"completed"` // cents completed in the month
	Requests       StatusCounts `json:"requests"`  // requests with activity in the month, by current status
	Decided        int          `json:"decided"`   // requests accepted or rejected in the month
	Accepted       int          `json:"accepted_decisions"`
	Offers         int          `json:"offers"`          // offers on the decided requests
	AcceptanceRate *float64     `json:"acceptance_rate"` // Accepted / Decided; nil without decisions
	AvgRounds      *float64     `json:"avg_rounds"`      // Offers / Decided; nil without decisions
	TopInfluencers []Influencer `json:"top_influencers"`
	Performance    Performance  `json:"performance"` // the posts of the month and their metrics
	Money          Money        `json:"money"`       // the month's escrow: funded, released, refunded, held
	// CampaignPerformance is the campaign's results to date (campaign_performance.go).
	CampaignPerformance CampaignPerformance `json:"campaign_performance"`
}

// Campaign is one campaign's part of the report.
type Campaign struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Status    string `json:"status"`
	StartDate string `json:"start_date"` // YYYY-MM-DD
	EndDate   string `json:"end_date"`
	Stats
}

// Totals are the figures over all the report's campaigns.
type Totals struct {
	Campaigns int `json:"campaigns"`
	Stats
}

// Report is one sponsor's activity in one month.
type Report struct {
	SponsorID   string     `json:"sponsor_id"`
	Company     string     `json:"company"`      // sponsor_profiles.company_name, else the account name
	SponsorName string     `json:"sponsor_name"` // accounts.name
	Month       string     `json:"month"`        // YYYY-MM
	MonthLabel  string     `json:"month_label"`  // "October 2026"
	PeriodStart string     `json:"period_start"` // YYYY-MM-DD, first day
	PeriodEnd   string     `json:"period_end"`   // YYYY-MM-DD, last day
	GeneratedAt time.Time  `json:"generated_at"` // UTC
	Partial     bool       `json:"partial"`      // the month was not over when the report was made
	Empty       bool       `json:"empty"`        // no campaign in the report
	Totals      Totals     `json:"totals"`
	Campaigns   []Campaign `json:"campaigns"`
}

// ParseMonth checks a "YYYY-MM" month and returns its first instant in UTC.
func ParseMonth(month string) (time.Time, error) {
	t, err := time.Parse("2006-01", month)
	if err != nil || t.Format("2006-01") != month || t.Year() < 1970 {
		return time.Time{}, domain.Errorf(domain.CodeInvalidArgument, "month must be YYYY-MM, like 2026-10; got %q", month)
	}
	return t, nil
}

// Gather reads one sponsor's activity in one calendar month (UTC), "YYYY-MM", from a
// replica or server database. now is the generation time.
func Gather(ctx context.Context, db sqlx.QueryerContext, sponsorID, month string, now time.Time) (*Report, error) {
	start, err := ParseMonth(month)
	if err != nil {
		return nil, err
	}
	now = now.UTC()
	if start.After(now) {
		return nil, domain.Errorf(domain.CodeInvalidArgument, "month %s has not started yet", month)
	}
	next := start.AddDate(0, 1, 0)
	r := &Report{
		SponsorID:   sponsorID,
		Month:       month,
		MonthLabel:  start.Format("January 2006"),
		PeriodStart: start.Format("2006-01-02"),
		PeriodEnd:   next.AddDate(0, 0, -1).Format("2006-01-02"),
		GeneratedAt: now,
		Partial:     now.Before(next),
	}

	data, err := queries.MonthlyReport(ctx, db, queries.Viewer{AccountID: sponsorID, Role: domain.RoleSponsor},
		month, r.PeriodStart, r.PeriodEnd)
	if err != nil {
		return nil, err
	}
	r.SponsorName = data.Sponsor.Name
	r.Company = strings.TrimSpace(data.Sponsor.Company)
	if r.Company == "" {
		r.Company = data.Sponsor.Name
	}
	camps, reqs := data.Campaigns, data.Requests

	byCampaign := make(map[string][]queries.ReportRequest, len(camps))
	for _, q := range reqs {
		byCampaign[q.CampaignID] = append(byCampaign[q.CampaignID], q)
	}
	moneyBy := make(map[string][]queries.ReportMoney, len(camps))
	for _, m := range data.Money {
		moneyBy[m.CampaignID] = append(moneyBy[m.CampaignID], m)
	}
	postsBy := make(map[string][]queries.ReportPost, len(camps))
	for _, p := range data.Posts {
		postsBy[p.CampaignID] = append(postsBy[p.CampaignID], p)
	}
	r.Campaigns = make([]Campaign, 0, len(camps))
	var inReport []queries.ReportMoney // the escrow rows of the campaigns in the report
	var perfTotal CampaignPerformance
	r.Totals.Campaigns = len(camps)
	for _, c := range camps {
		rc := Campaign{ID: c.ID, Name: c.Name, Status: c.Status, StartDate: c.StartDate, EndDate: c.EndDate}
		rc.Stats = compute(c.Budget, byCampaign[c.ID])
		rc.Performance = performance(postsBy[c.ID])
		rc.Money = money(moneyBy[c.ID])
		rc.Performance.addClicks(clicks(moneyBy[c.ID]), rc.Money.Released)
		if rc.CampaignPerformance, err = campaignPerformance(ctx, db, c.ID); err != nil {
			return nil, err
		}
		perfTotal.add(rc.CampaignPerformance)
		r.Campaigns = append(r.Campaigns, rc)
		r.Totals.Budget += c.Budget
		inReport = append(inReport, moneyBy[c.ID]...)
	}
	r.Totals.Stats = compute(r.Totals.Budget, reqs)
	r.Totals.Performance = performance(data.Posts)
	r.Totals.Money = money(inReport)
	r.Totals.Performance.addClicks(clicks(inReport), r.Totals.Money.Released)
	perfTotal.withCosts()
	r.Totals.CampaignPerformance = perfTotal
	r.Empty = len(r.Campaigns) == 0
	return r, nil
}

// compute derives the figures of a set of requests (see the package comment).
func compute(budget int64, reqs []queries.ReportRequest) Stats {
	s := Stats{Budget: budget, TopInfluencers: []Influencer{}}
	top := map[string]*Influencer{}
	for _, q := range reqs {
		s.Requests.add(q.Status, 1)
		held := q.Status == string(domain.AdAccepted) || q.Status == string(domain.AdCompleted)
		if q.Responded {
			s.Decided++
			s.Offers += q.Offers
			if q.Status != string(domain.AdRejected) {
				s.Accepted++
			}
			if held {
				s.Committed += q.Amount
				in := top[q.InfluencerID]
				if in == nil {
					name := strings.TrimSpace(q.Influencer)
					if name == "" {
						name = "Unknown influencer"
					}
					in = &Influencer{ID: q.InfluencerID, Name: name}
					top[q.InfluencerID] = in
				}
				in.Amount += q.Amount
				in.Requests++
			}
		}
		if q.Completed && q.Status == string(domain.AdCompleted) {
			s.Completed += q.Amount
		}
	}
	if s.Decided > 0 {
		rate := float64(s.Accepted) / float64(s.Decided)
		rounds := float64(s.Offers) / float64(s.Decided)
		s.AcceptanceRate, s.AvgRounds = &rate, &rounds
	}
	for _, in := range top {
		s.TopInfluencers = append(s.TopInfluencers, *in)
	}
	sort.Slice(s.TopInfluencers, func(i, j int) bool {
		a, b := s.TopInfluencers[i], s.TopInfluencers[j]
		if a.Amount != b.Amount {
			return a.Amount > b.Amount
		}
		if a.Requests != b.Requests {
			return a.Requests > b.Requests
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.ID < b.ID
	})
	if len(s.TopInfluencers) > TopN {
		s.TopInfluencers = s.TopInfluencers[:TopN]
	}
	return s
}

// FileBase is a safe file name for the report, without extension:
// "iescp-report-2026-10-northwind-outfitters".
func (r *Report) FileBase() string {
	slug := Slug(r.Company, 48)
	if slug == "" {
		slug = Slug(r.SponsorID, 48)
	}
	if slug == "" {
		slug = "sponsor"
	}
	return "iescp-report-" + r.Month + "-" + slug
}

// asciiFold spells letters that do not decompose into a base letter and marks.
var asciiFold = map[rune]string{
	'ł': "l", 'Ł': "l", 'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ß': "ss",
	'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'þ': "th", 'Þ': "th", 'ð': "d", 'Ð': "d",
	'ı': "i", '&': " and ",
}

// Slug lowercases s to ASCII letters, digits and single hyphens, at most max bytes:
// "Café Zoë & Co." → "cafe-zoe-and-co".
func Slug(s string, max int) string {
	var b strings.Builder
	hyphen := false
	emit := func(c rune) {
		if c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
			if hyphen {
				b.WriteByte('-')
				hyphen = false
			}
			b.WriteRune(unicode.ToLower(c))
		} else {
			hyphen = b.Len() > 0
		}
	}
	for _, c := range norm.NFKD.String(s) {
		if b.Len() >= max {
			break
		}
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		if f, ok := asciiFold[c]; ok {
			for _, fc := range f {
				emit(fc)
			}
			continue
		}
		emit(c)
	}
	out := b.String()
	if len(out) > max {
		out = out[:max]
	}
	return strings.Trim(out, "-")
}
