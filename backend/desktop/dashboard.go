package desktop

import (
	"context"
	"fmt"
	"time"

	"iescp/backend/domain"
)

// Dashboards: one read per role, from the signed-in account's replica, shaped for
// the dashboard screens' cards, charts and lists. Each refuses the other roles
// (forbidden), so a dashboard never shows rows its user could not see in a list.

// dashboardMonths is how many months the over-time charts cover, this one included.
const dashboardMonths = 6

// adminActivityMonths is the admin's activity chart span.
const adminActivityMonths = 12

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

// DashboardService is bound to the UI.
type DashboardService struct{ s *Services }

// NewDashboardService makes the dashboard service over the desktop services.
func NewDashboardService(s *Services) *DashboardService { return &DashboardService{s: s} }

func (d *DashboardService) as(role domain.Role) (*session, error) {
	sess, err := d.s.active()
	if err != nil {
		return nil, err
	}
	if domain.Role(sess.info.Role) != role {
		return nil, domain.Errorf(domain.CodeForbidden, "this dashboard is for %ss", role)
	}
	return sess, nil
}

// lastMonths lists the n months up to and including now's, oldest first.
func lastMonths(now time.Time, n int) []string {
	now = now.UTC()
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	out := make([]string, n)
	for i := 0; i < n; i++ {
		out[i] = first.AddDate(0, i-n+1, 0).Format("2006-01")
	}
	return out
}

func statusCounts(keys ...string) map[string]int {
	m := make(map[string]int, len(keys))
	for _, k := range keys {
		m[k] = 0
	}
	return m
}

var adStatuses = []string{string(domain.AdPending), string(domain.AdAccepted), string(domain.AdRejected), string(domain.AdWithdrawn), string(domain.AdCompleted)}

// requestCounts counts the scoped ad requests by status.
func requestCounts(ctx context.Context, sess *session, where string, args ...any) (map[string]int, error) {
	var rows []struct {
		K string `db:"k"`
		N int    `db:"n"`
	}
	if err := sess.db.R.SelectContext(ctx, &rows, `SELECT r.status AS k, COUNT(*) AS n FROM ad_requests r
		JOIN campaigns c ON c.id = r.campaign_id WHERE r.deleted_at IS NULL AND `+where+` GROUP BY r.status`, args...); err != nil {
		return nil, fmt.Errorf("dashboard: request counts: %w", err)
	}
	m := statusCounts(adStatuses...)
	for _, r := range rows {
		m[r.K] = r.N
	}
	return m, nil
}

// monthlyAmounts sums the scoped requests' amounts by the month they were accepted
// (accepted or completed requests) and completed.
func monthlyAmounts(ctx context.Context, sess *session, now time.Time, where string, args ...any) ([]MonthAmounts, error) {
	months := lastMonths(now, dashboardMonths)
	var rows []struct {
		M    string `db:"m"`
		Kind string `db:"kind"`
		Sum  int64  `db:"total"`
	}
	q := `SELECT substr(r.responded_at, 1, 7) AS m, 'committed' AS kind, SUM(r.payment_amount) AS total
		FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id
		WHERE r.deleted_at IS NULL AND r.status IN ('accepted', 'completed') AND r.responded_at >= ? AND ` + where + `
		GROUP BY m
		UNION ALL
		SELECT substr(r.completed_at, 1, 7) AS m, 'completed' AS kind, SUM(r.payment_amount) AS total
		FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id
		WHERE r.deleted_at IS NULL AND r.status = 'completed' AND r.completed_at >= ? AND ` + where + `
		GROUP BY m`
	all := append(append(append([]any{months[0]}, args...), months[0]), args...)
	if err := sess.db.R.SelectContext(ctx, &rows, q, all...); err != nil {
		return nil, fmt.Errorf("dashboard: monthly amounts: %w", err)
	}
	out := make([]MonthAmounts, len(months))
	idx := make(map[string]int, len(months))
	for i, m := range months {
		out[i].Month = m
		idx[m] = i
	}
	for _, r := range rows {
		i, ok := idx[r.M]
		if !ok {
			continue
		}
		if r.Kind == "committed" {
			out[i].Committed = r.Sum
		} else {
			out[i].Completed = r.Sum
		}
	}
	return out, nil
}

// recentActivity lists the latest offers and outcomes on the scoped requests.
func recentActivity(ctx context.Context, sess *session, limit int, where string, args ...any) ([]Activity, error) {
	counterparty := `COALESCE(NULLIF(ip.display_name, ''), ia.name, '')`
	if domain.Role(sess.info.Role) == domain.RoleInfluencer {
		counterparty = `COALESCE(sp.company_name, sa.name, '')`
	}
	from := `FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id
		LEFT JOIN accounts sa ON sa.id = c.sponsor_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id
		LEFT JOIN accounts ia ON ia.id = r.influencer_id
		LEFT JOIN influencer_profiles ip ON ip.account_id = r.influencer_id`
	q := `SELECT * FROM (
		SELECT o.created_at AS at, CASE WHEN o.seq = 1 THEN 'offer' ELSE 'counter' END AS kind, o.author_role AS actor_role,
			r.id AS ad_request_id, c.name AS campaign_name, ` + counterparty + ` AS counterparty, o.amount
		` + from + ` JOIN offers o ON o.ad_request_id = r.id
		WHERE r.deleted_at IS NULL AND ` + where + `
		UNION ALL
		SELECT r.responded_at AS at, CASE r.status WHEN 'completed' THEN 'accepted' ELSE r.status END AS kind, '' AS actor_role,
			r.id, c.name, ` + counterparty + `, r.payment_amount
		` + from + `
		WHERE r.deleted_at IS NULL AND r.responded_at IS NOT NULL AND r.status IN ('accepted', 'rejected', 'withdrawn', 'completed') AND ` + where + `
		UNION ALL -- (a completed request was accepted first: its answer says accepted)
		SELECT r.completed_at AS at, 'completed' AS kind, 'sponsor' AS actor_role,
			r.id, c.name, ` + counterparty + `, r.payment_amount
		` + from + `
		WHERE r.deleted_at IS NULL AND r.completed_at IS NOT NULL AND ` + where + `
	) ORDER BY at DESC LIMIT ?`
	all := make([]any, 0, 3*len(args)+1)
	for range 3 {
		all = append(all, args...)
	}
	all = append(all, limit)
	out := []Activity{}
	if err := sess.db.R.SelectContext(ctx, &out, q, all...); err != nil {
		return nil, fmt.Errorf("dashboard: recent activity: %w", err)
	}
	return out, nil
}

// Sponsor is the signed-in sponsor's dashboard.
func (d *DashboardService) Sponsor() (SponsorDashboard, error) {
	v, err := d.sponsor(context.Background())
	return v, toUI(err)
}

func (d *DashboardService) sponsor(ctx context.Context) (SponsorDashboard, error) {
	sess, err := d.as(domain.RoleSponsor)
	if err != nil {
		return SponsorDashboard{}, err
	}
	me := sess.info.AccountID
	v := SponsorDashboard{Campaigns: statusCounts("draft", "active", "completed", "cancelled")}
	var rows []struct {
		Status    string `db:"status"`
		N         int    `db:"n"`
		Budget    int64  `db:"budget"`
		Committed int64  `db:"committed"`
	}
	if err := sess.db.R.SelectContext(ctx, &rows, `SELECT status, COUNT(*) AS n, COALESCE(SUM(budget), 0) AS budget,
		COALESCE(SUM(committed), 0) AS committed FROM campaigns WHERE sponsor_id = ? AND deleted_at IS NULL GROUP BY status`, me); err != nil {
		return v, fmt.Errorf("dashboard: campaigns: %w", err)
	}
	for _, r := range rows {
		v.Campaigns[r.Status] = r.N
		if r.Status == "draft" || r.Status == "active" {
			v.Budget += r.Budget
			v.Committed += r.Committed
		}
	}
	v.ActiveCampaigns = v.Campaigns["active"]
	if v.Requests, err = requestCounts(ctx, sess, "c.sponsor_id = ?", me); err != nil {
		return v, err
	}
	if err := sess.db.R.GetContext(ctx, &v.CompletedPaid, `SELECT COALESCE(SUM(r.payment_amount), 0) FROM ad_requests r
		JOIN campaigns c ON c.id = r.campaign_id WHERE c.sponsor_id = ? AND r.status = 'completed' AND r.deleted_at IS NULL`, me); err != nil {
		return v, fmt.Errorf("dashboard: paid: %w", err)
	}
	if err := sess.db.R.GetContext(ctx, &v.Waiting, `SELECT COUNT(*) FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id
		WHERE c.sponsor_id = ? AND r.deleted_at IS NULL AND `+turnSQL, me, string(domain.RoleSponsor)); err != nil {
		return v, fmt.Errorf("dashboard: waiting: %w", err)
	}
	v.Active = []DashCampaign{}
	if err := sess.db.R.SelectContext(ctx, &v.Active, `SELECT id, name, status, budget, committed, start_date, end_date
		FROM campaigns WHERE sponsor_id = ? AND deleted_at IS NULL AND status = 'active' ORDER BY end_date, name LIMIT 10`, me); err != nil {
		return v, fmt.Errorf("dashboard: active campaigns: %w", err)
	}
	if v.Monthly, err = monthlyAmounts(ctx, sess, d.s.cfg.Now(), "c.sponsor_id = ?", me); err != nil {
		return v, err
	}
	if v.Recent, err = recentActivity(ctx, sess, 8, "c.sponsor_id = ?", me); err != nil {
		return v, err
	}
	return v, nil
}

// Influencer is the signed-in influencer's dashboard.
func (d *DashboardService) Influencer() (InfluencerDashboard, error) {
	v, err := d.influencer(context.Background())
	return v, toUI(err)
}

func (d *DashboardService) influencer(ctx context.Context) (InfluencerDashboard, error) {
	sess, err := d.as(domain.RoleInfluencer)
	if err != nil {
		return InfluencerDashboard{}, err
	}
	me := sess.info.AccountID
	now := d.s.cfg.Now()
	v := InfluencerDashboard{Waiting: []AdRequestRow{}, Upcoming: []DashCampaign{}}
	if v.Requests, err = requestCounts(ctx, sess, "r.influencer_id = ?", me); err != nil {
		return v, err
	}
	if err := sess.db.R.SelectContext(ctx, &v.Waiting, adRequestSelect+` WHERE r.influencer_id = ? AND r.deleted_at IS NULL AND `+turnSQL+`
		ORDER BY r.updated_at LIMIT 5`, me, string(domain.RoleInfluencer)); err != nil {
		return v, fmt.Errorf("dashboard: waiting: %w", err)
	}
	for i := range v.Waiting {
		finishRow(sess, &v.Waiting[i])
	}
	if err := sess.db.R.GetContext(ctx, &v.WaitingN, `SELECT COUNT(*) FROM ad_requests r
		WHERE r.influencer_id = ? AND r.deleted_at IS NULL AND `+turnSQL, me, string(domain.RoleInfluencer)); err != nil {
		return v, fmt.Errorf("dashboard: waiting: %w", err)
	}
	var money struct {
		Committed int64 `db:"committed"`
		Completed int64 `db:"completed"`
	}
	if err := sess.db.R.GetContext(ctx, &money, `SELECT
		COALESCE(SUM(CASE WHEN status = 'accepted' THEN payment_amount END), 0) AS committed,
		COALESCE(SUM(CASE WHEN status = 'completed' THEN payment_amount END), 0) AS completed
		FROM ad_requests WHERE influencer_id = ? AND deleted_at IS NULL`, me); err != nil {
		return v, fmt.Errorf("dashboard: earnings: %w", err)
	}
	v.Committed, v.Completed = money.Committed, money.Completed
	if v.Monthly, err = monthlyAmounts(ctx, sess, now, "r.influencer_id = ?", me); err != nil {
		return v, err
	}
	today := now.UTC().Format("2006-01-02")
	soon := now.UTC().AddDate(0, 0, 14).Format("2006-01-02")
	if err := sess.db.R.SelectContext(ctx, &v.Upcoming, `SELECT c.id, c.name, c.status, c.budget, c.committed, c.start_date, c.end_date
		FROM campaigns c JOIN ad_requests r ON r.campaign_id = c.id
		WHERE r.influencer_id = ? AND r.status = 'accepted' AND r.deleted_at IS NULL AND c.deleted_at IS NULL
		AND ((c.start_date BETWEEN ? AND ?) OR (c.end_date BETWEEN ? AND ?))
		GROUP BY c.id ORDER BY CASE WHEN c.start_date >= ? THEN c.start_date ELSE c.end_date END, c.name LIMIT 10`,
		me, today, soon, today, soon, today); err != nil {
		return v, fmt.Errorf("dashboard: upcoming: %w", err)
	}
	var rating struct {
		Avg float64 `db:"avg"`
		N   int     `db:"n"`
	}
	if err := sess.db.R.GetContext(ctx, &rating, `SELECT COALESCE(AVG(rating), 0) AS avg, COUNT(*) AS n
		FROM reviews WHERE influencer_id = ? AND subject = 'influencer'`, me); err != nil {
		return v, fmt.Errorf("dashboard: rating: %w", err)
	}
	v.Rating, v.ReviewCount = rating.Avg, rating.N
	if v.Recent, err = recentActivity(ctx, sess, 8, "r.influencer_id = ?", me); err != nil {
		return v, err
	}
	return v, nil
}

// Admin is the admin's dashboard.
func (d *DashboardService) Admin() (AdminDashboard, error) {
	v, err := d.admin(context.Background())
	return v, toUI(err)
}

func (d *DashboardService) admin(ctx context.Context) (AdminDashboard, error) {
	sess, err := d.as(domain.RoleAdmin)
	if err != nil {
		return AdminDashboard{}, err
	}
	o, err := (&AdminService{s: d.s}).overview(ctx)
	if err != nil {
		return AdminDashboard{}, err
	}
	v := AdminDashboard{AdminOverview: o}
	months := lastMonths(d.s.cfg.Now(), adminActivityMonths)
	var rows []struct {
		M    string `db:"m"`
		Kind string `db:"kind"`
		N    int    `db:"n"`
	}
	if err := sess.db.R.SelectContext(ctx, &rows, `
		SELECT substr(created_at, 1, 7) AS m, 'accounts' AS kind, COUNT(*) AS n FROM accounts WHERE created_at >= ? GROUP BY m
		UNION ALL
		SELECT substr(created_at, 1, 7), 'campaigns', COUNT(*) FROM campaigns WHERE deleted_at IS NULL AND created_at >= ? GROUP BY 1
		UNION ALL
		SELECT substr(created_at, 1, 7), 'ad_requests', COUNT(*) FROM ad_requests WHERE deleted_at IS NULL AND created_at >= ? GROUP BY 1`,
		months[0], months[0], months[0]); err != nil {
		return v, fmt.Errorf("dashboard: activity: %w", err)
	}
	v.Activity = make([]MonthCounts, len(months))
	idx := make(map[string]int, len(months))
	for i, m := range months {
		v.Activity[i].Month = m
		idx[m] = i
	}
	for _, r := range rows {
		i, ok := idx[r.M]
		if !ok {
			continue
		}
		switch r.Kind {
		case "accounts":
			v.Activity[i].Accounts = r.N
		case "campaigns":
			v.Activity[i].Campaigns = r.N
		case "ad_requests":
			v.Activity[i].AdRequests = r.N
		}
	}
	return v, nil
}
