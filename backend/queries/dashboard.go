package queries

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// Dashboards: one read per role, shaped for the dashboard screens' cards, charts
// and lists. Each refuses the other roles (forbidden), so a dashboard never shows
// rows its user could not see in a list.

// DashboardMonths is how many months the over-time charts cover, this one included.
const DashboardMonths = 6

// AdminActivityMonths is the admin's activity chart span.
const AdminActivityMonths = 12

// MonthAmounts is money per month in cents: accepted (committed at the time the
// request was accepted, whatever happened next) and completed (paid out).
type MonthAmounts struct {
	Month     string `json:"month"` // YYYY-MM
	Committed int64  `json:"committed"`
	Completed int64  `json:"completed"`
}

// MonthCounts is what was created in a month.
type MonthCounts struct {
	Month      string `json:"month"`
	Accounts   int    `json:"accounts"`
	Campaigns  int    `json:"campaigns"`
	AdRequests int    `json:"ad_requests"`
}

// DashCampaign is one campaign's money.
type DashCampaign struct {
	ID        string `json:"id" db:"id"`
	Name      string `json:"name" db:"name"`
	Status    string `json:"status" db:"status"`
	Budget    int64  `json:"budget" db:"budget"`
	Committed int64  `json:"committed" db:"committed"`
	StartDate string `json:"start_date" db:"start_date"`
	EndDate   string `json:"end_date" db:"end_date"`
}

// Activity is one thing that happened to an ad request.
type Activity struct {
	At           string `json:"at" db:"at"`
	Kind         string `json:"kind" db:"kind"` // offer, counter, accepted, rejected, withdrawn, completed
	ActorRole    string `json:"actor_role" db:"actor_role"`
	AdRequestID  string `json:"ad_request_id" db:"ad_request_id"`
	CampaignName string `json:"campaign_name" db:"campaign_name"`
	Counterparty string `json:"counterparty" db:"counterparty"`
	Amount       int64  `json:"amount" db:"amount"`
	// ActedBy is the teammate who made a sponsor's offer ("Dana countered").
	ActedBy string `json:"acted_by" db:"acted_by"`
}

// SponsorDashboard is the sponsor's overview.
type SponsorDashboard struct {
	ActiveCampaigns int            `json:"active_campaigns"`
	Campaigns       map[string]int `json:"campaigns"` // by status
	Budget          int64          `json:"budget"`    // draft and active campaigns
	Committed       int64          `json:"committed"` // on draft and active campaigns
	CompletedPaid   int64          `json:"completed_paid"`
	Requests        map[string]int `json:"requests"` // by status
	Waiting         int            `json:"waiting"`  // pending, the sponsor's turn
	Active          []DashCampaign `json:"active"`   // active campaigns, ending soonest first
	Monthly         []MonthAmounts `json:"monthly"`
	Recent          []Activity     `json:"recent"`
}

// InfluencerDashboard is the influencer's overview.
type InfluencerDashboard struct {
	Waiting     []AdRequestRow `json:"waiting"` // pending, my turn, oldest change first (at most 5)
	WaitingN    int            `json:"waiting_count"`
	Committed   int64          `json:"committed"` // accepted, not yet delivered
	Completed   int64          `json:"completed"`
	Requests    map[string]int `json:"requests"`
	Monthly     []MonthAmounts `json:"monthly"`
	Upcoming    []DashCampaign `json:"upcoming"` // campaigns of my accepted work starting or ending within 14 days
	Rating      float64        `json:"rating"`
	ReviewCount int            `json:"review_count"`
	Recent      []Activity     `json:"recent"`
}

// AdminDashboard is the admin's overview: the console counts and activity over time.
type AdminDashboard struct {
	AdminOverview
	Activity []MonthCounts `json:"activity"`
}

// SponsorDash is the sponsor viewer's dashboard as of now.
func SponsorDash(ctx context.Context, db sqlx.QueryerContext, v Viewer, now time.Time) (SponsorDashboard, error) {
	if err := v.need(domain.RoleSponsor, "this dashboard"); err != nil {
		return SponsorDashboard{}, err
	}
	me := v.Org()
	d := SponsorDashboard{Campaigns: statusCounts("draft", "active", "completed", "cancelled")}
	var rows []struct {
		Status    string `db:"status"`
		N         int    `db:"n"`
		Budget    int64  `db:"budget"`
		Committed int64  `db:"committed"`
	}
	if err := sqlx.SelectContext(ctx, db, &rows, `SELECT status, COUNT(*) AS n, COALESCE(SUM(budget), 0) AS budget,
		COALESCE(SUM(committed), 0) AS committed FROM campaigns WHERE sponsor_id = ? AND deleted_at IS NULL GROUP BY status`, me); err != nil {
		return d, fmt.Errorf("dashboard: campaigns: %w", err)
	}
	for _, r := range rows {
		d.Campaigns[r.Status] = r.N
		if r.Status == "draft" || r.Status == "active" {
			d.Budget += r.Budget
			d.Committed += r.Committed
		}
	}
	d.ActiveCampaigns = d.Campaigns["active"]
	var err error
	if d.Requests, err = requestCounts(ctx, db, "c.sponsor_id = ?", me); err != nil {
		return d, err
	}
	if err := sqlx.GetContext(ctx, db, &d.CompletedPaid, `SELECT COALESCE(SUM(r.payment_amount), 0) FROM ad_requests r
		JOIN campaigns c ON c.id = r.campaign_id WHERE c.sponsor_id = ? AND r.status = 'completed' AND r.deleted_at IS NULL`, me); err != nil {
		return d, fmt.Errorf("dashboard: paid: %w", err)
	}
	if _, d.Waiting, err = WaitingAdRequests(ctx, db, v, 0); err != nil {
		return d, err
	}
	d.Active = []DashCampaign{}
	if err := sqlx.SelectContext(ctx, db, &d.Active, `SELECT id, name, status, budget, committed, start_date, end_date
		FROM campaigns WHERE sponsor_id = ? AND deleted_at IS NULL AND status = 'active' ORDER BY end_date, name LIMIT 10`, me); err != nil {
		return d, fmt.Errorf("dashboard: active campaigns: %w", err)
	}
	if d.Monthly, err = monthlyAmounts(ctx, db, now, "c.sponsor_id = ?", me); err != nil {
		return d, err
	}
	if d.Recent, err = recentActivity(ctx, db, v, 8, "c.sponsor_id = ?", me); err != nil {
		return d, err
	}
	return d, nil
}

// InfluencerDash is the influencer viewer's dashboard as of now.
func InfluencerDash(ctx context.Context, db sqlx.QueryerContext, v Viewer, now time.Time) (InfluencerDashboard, error) {
	if err := v.need(domain.RoleInfluencer, "this dashboard"); err != nil {
		return InfluencerDashboard{}, err
	}
	me := v.AccountID
	d := InfluencerDashboard{Upcoming: []DashCampaign{}}
	var err error
	if d.Requests, err = requestCounts(ctx, db, "r.influencer_id = ?", me); err != nil {
		return d, err
	}
	if d.Waiting, d.WaitingN, err = WaitingAdRequests(ctx, db, v, 5); err != nil {
		return d, err
	}
	var money struct {
		Committed int64 `db:"committed"`
		Completed int64 `db:"completed"`
	}
	if err := sqlx.GetContext(ctx, db, &money, `SELECT
		COALESCE(SUM(CASE WHEN status = 'accepted' THEN payment_amount END), 0) AS committed,
		COALESCE(SUM(CASE WHEN status = 'completed' THEN payment_amount END), 0) AS completed
		FROM ad_requests WHERE influencer_id = ? AND deleted_at IS NULL`, me); err != nil {
		return d, fmt.Errorf("dashboard: earnings: %w", err)
	}
	d.Committed, d.Completed = money.Committed, money.Completed
	if d.Monthly, err = monthlyAmounts(ctx, db, now, "r.influencer_id = ?", me); err != nil {
		return d, err
	}
	today := now.UTC().Format("2006-01-02")
	soon := now.UTC().AddDate(0, 0, 14).Format("2006-01-02")
	if err := sqlx.SelectContext(ctx, db, &d.Upcoming, `SELECT c.id, c.name, c.status, c.budget, c.committed, c.start_date, c.end_date
		FROM campaigns c JOIN ad_requests r ON r.campaign_id = c.id
		WHERE r.influencer_id = ? AND r.status = 'accepted' AND r.deleted_at IS NULL AND c.deleted_at IS NULL
		AND ((c.start_date BETWEEN ? AND ?) OR (c.end_date BETWEEN ? AND ?))
		GROUP BY c.id ORDER BY CASE WHEN c.start_date >= ? THEN c.start_date ELSE c.end_date END, c.name LIMIT 10`,
		me, today, soon, today, soon, today); err != nil {
		return d, fmt.Errorf("dashboard: upcoming: %w", err)
	}
	var rating struct {
		Avg float64 `db:"avg"`
		N   int     `db:"n"`
	}
	if err := sqlx.GetContext(ctx, db, &rating, `SELECT COALESCE(AVG(rating), 0) AS avg, COUNT(*) AS n
		FROM reviews WHERE influencer_id = ? AND subject = 'influencer'`, me); err != nil {
		return d, fmt.Errorf("dashboard: rating: %w", err)
	}
	d.Rating, d.ReviewCount = rating.Avg, rating.N
	if d.Recent, err = recentActivity(ctx, db, v, 8, "r.influencer_id = ?", me); err != nil {
		return d, err
	}
	return d, nil
}

// AdminDash is the admin's dashboard as of now.
func AdminDash(ctx context.Context, db sqlx.QueryerContext, v Viewer, now time.Time) (AdminDashboard, error) {
	o, err := AdminOverviewCounts(ctx, db, v)
	if err != nil {
		return AdminDashboard{}, err
	}
	d := AdminDashboard{AdminOverview: o}
	months := LastMonths(now, AdminActivityMonths)
	var rows []struct {
		M    string `db:"m"`
		Kind string `db:"kind"`
		N    int    `db:"n"`
	}
	if err := sqlx.SelectContext(ctx, db, &rows, `
		SELECT substr(created_at, 1, 7) AS m, 'accounts' AS kind, COUNT(*) AS n FROM accounts WHERE created_at >= ? GROUP BY m
		UNION ALL
		SELECT substr(created_at, 1, 7), 'campaigns', COUNT(*) FROM campaigns WHERE deleted_at IS NULL AND created_at >= ? GROUP BY 1
		UNION ALL
		SELECT substr(created_at, 1, 7), 'ad_requests', COUNT(*) FROM ad_requests WHERE deleted_at IS NULL AND created_at >= ? GROUP BY 1`,
		months[0], months[0], months[0]); err != nil {
		return d, fmt.Errorf("dashboard: activity: %w", err)
	}
	d.Activity = make([]MonthCounts, len(months))
	idx := make(map[string]int, len(months))
	for i, m := range months {
		d.Activity[i].Month = m
		idx[m] = i
	}
	for _, r := range rows {
		i, ok := idx[r.M]
		if !ok {
			continue
		}
		switch r.Kind {
		case "accounts":
			d.Activity[i].Accounts = r.N
		case "campaigns":
			d.Activity[i].Campaigns = r.N
		case "ad_requests":
			d.Activity[i].AdRequests = r.N
		}
	}
	return d, nil
}
