package queries

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// The monthly report's data: one sponsor's campaigns and ad requests with
// activity in one calendar month (UTC), read from a replica or the server's
// database. The report package computes and renders it; the report job and the
// Reports screen both go through it (see the report package comment for what
// counts).

// ReportSponsor is the sponsor a report is about.
type ReportSponsor struct {
	Name    string `db:"name"`
	Company string `db:"company"`
}

// ReportCampaign is one campaign in the report.
type ReportCampaign struct {
	ID        string `db:"id"`
	Name      string `db:"name"`
	Status    string `db:"status"`
	StartDate string `db:"start_date"`
	EndDate   string `db:"end_date"`
	Budget    int64  `db:"budget"`
}

// ReportRequest is one ad request with activity in the month.
type ReportRequest struct {
	ID           string `db:"id"`
	CampaignID   string `db:"campaign_id"`
	InfluencerID string `db:"influencer_id"`
	Influencer   string `db:"influencer"` // display name, else account name
	Status       string `db:"status"`
	Amount       int64  `db:"payment_amount"`
	Responded    bool   `db:"responded_in"` // answered (accepted or rejected) in the month
	Completed    bool   `db:"completed_in"`
	Offers       int    `db:"offers"`
}

// ReportPost is a deliverable posted in the month (posted or accepted, of an
// accepted or completed request) with its latest reported metrics (the 30-day
// figures, else the 7-day, else the 24-hour; Checkpoint "" when none is reported)
// and what its request pays: the report shares a request's amount among its
// deliverables by quantity.
type ReportPost struct {
	ID              string `db:"id"`
	CampaignID      string `db:"campaign_id"`
	AdRequestID     string `db:"ad_request_id"`
	RequestAmount   int64  `db:"payment_amount"`   // cents, the whole request's
	Quantity        int64  `db:"quantity"`         // this deliverable's
	RequestQuantity int64  `db:"request_quantity"` // all the request's deliverables'
	Checkpoint      string `db:"checkpoint"`
	Views           int64  `db:"views"`
	Reach           int64  `db:"reach"`
	Likes           int64  `db:"likes"`
	Comments        int64  `db:"comments"`
	Shares          int64  `db:"shares"`
	Saves           int64  `db:"saves"`
}

// ReportMoney is the escrow of one of the sponsor's ad requests (not deleted, of a
// campaign in the report) and its tracking link's clicks: every such request, the
// month's flags telling the report which of its figures count in the month.
type ReportMoney struct {
	ID            string `db:"id"`
	CampaignID    string `db:"campaign_id"`
	EscrowState   string `db:"escrow_state"`
	EscrowCents   int64  `db:"escrow_cents"`
	ReleasedCents int64  `db:"released_cents"`
	CommissionBps int    `db:"commission_bps"`
	RespondedIn   bool   `db:"responded_in"` // responded_at in the month (accepted: funded)
	CompletedIn   bool   `db:"completed_in"` // completed_at in the month
	UpdatedIn     bool   `db:"updated_in"`   // updated_at in the month
	Clicks        int64  `db:"clicks"`       // its tracking link's, to date (0 without a link)
}

// ReportData is what a monthly report is computed from.
type ReportData struct {
	Sponsor   ReportSponsor
	Campaigns []ReportCampaign // ordered by start date, then name
	Requests  []ReportRequest  // ordered by id
	Posts     []ReportPost     // ordered by id
	Money     []ReportMoney    // ordered by id
}

// postedInMonth is the predicate "deliverable d was posted in month p.m, is posted
// or accepted, and its request r is accepted or completed".
var postedInMonth = "(d.deleted_at IS NULL AND d.status IN ('posted', 'accepted') AND r.status IN ('accepted', 'completed') AND " +
	inMonth("d.posted_at") + ")"

// inMonth is true when the instant x falls in the month p.m (NULL is false).
func inMonth(x string) string {
	return "COALESCE(strftime('%Y-%m', " + x + ") = p.m, 0)"
}

// activeInMonth is the predicate "ad request r had activity in month p.m".
var activeInMonth = "(" + inMonth("r.created_at") + " OR " + inMonth("r.updated_at") + " OR " +
	inMonth("r.responded_at") + " OR " + inMonth("r.completed_at") +
	" OR EXISTS (SELECT 1 FROM offers o WHERE o.ad_request_id = r.id AND " + inMonth("o.created_at") + "))"

// MonthlyReport reads the sponsor viewer's campaigns (not drafts, not deleted)
// whose dates overlap the month (periodStart..periodEnd, YYYY-MM-DD), that had
// ad-request activity in it or that hold money in escrow (funded or disputed), and
// those requests. month is "YYYY-MM", already
// checked. An account that is not a sponsor answers not_found.
func MonthlyReport(ctx context.Context, db sqlx.QueryerContext, v Viewer, month, periodStart, periodEnd string) (ReportData, error) {
	var sp []struct {
		Role string `db:"role"`
		ReportSponsor
	}
	if err := sqlx.SelectContext(ctx, db, &sp, `SELECT a.role, a.name, COALESCE(sp.company_name, '') AS company
		FROM accounts a LEFT JOIN sponsor_profiles sp ON sp.account_id = a.id WHERE a.id = ?`, v.Org()); err != nil {
		return ReportData{}, fmt.Errorf("report: read sponsor: %w", err)
	}
	if v.Role != domain.RoleSponsor || len(sp) == 0 || sp[0].Role != string(domain.RoleSponsor) {
		return ReportData{}, domain.Errorf(domain.CodeNotFound, "no sponsor %q", v.Org())
	}
	d := ReportData{Sponsor: sp[0].ReportSponsor}
	if err := sqlx.SelectContext(ctx, db, &d.Campaigns, `WITH p AS (SELECT ? AS m)
		SELECT c.id, c.name, c.status, c.start_date, c.end_date, c.budget FROM campaigns c, p
		WHERE c.sponsor_id = ? AND c.deleted_at IS NULL AND c.status <> 'draft'
		AND ((c.start_date <= ? AND c.end_date >= ?)
		     OR EXISTS (SELECT 1 FROM ad_requests r WHERE r.campaign_id = c.id AND r.deleted_at IS NULL AND `+activeInMonth+`)
		     OR EXISTS (SELECT 1 FROM ad_requests r JOIN deliverables d ON d.ad_request_id = r.id
				WHERE r.campaign_id = c.id AND r.deleted_at IS NULL AND `+postedInMonth+`)
		     OR EXISTS (SELECT 1 FROM ad_requests r WHERE r.campaign_id = c.id AND r.deleted_at IS NULL
				AND r.escrow_state IN ('funded', 'disputed')))
		ORDER BY c.start_date, c.name, c.id`,
		month, v.Org(), periodEnd, periodStart); err != nil {
		return ReportData{}, fmt.Errorf("report: read campaigns: %w", err)
	}
	if err := sqlx.SelectContext(ctx, db, &d.Requests, `WITH p AS (SELECT ? AS m)
		SELECT r.id, r.campaign_id, r.influencer_id, r.status, r.payment_amount,
			COALESCE(NULLIF(ip.display_name, ''), ia.name, '') AS influencer,
			`+inMonth("r.responded_at")+` AS responded_in,
			`+inMonth("r.completed_at")+` AS completed_in,
			(SELECT COUNT(*) FROM offers o WHERE o.ad_request_id = r.id) AS offers
		FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id CROSS JOIN p
		LEFT JOIN accounts ia ON ia.id = r.influencer_id
		LEFT JOIN influencer_profiles ip ON ip.account_id = r.influencer_id
		WHERE c.sponsor_id = ? AND c.deleted_at IS NULL AND c.status <> 'draft'
		AND r.deleted_at IS NULL AND `+activeInMonth+`
		ORDER BY r.id`, month, v.Org()); err != nil {
		return ReportData{}, fmt.Errorf("report: read ad requests: %w", err)
	}
	if err := sqlx.SelectContext(ctx, db, &d.Posts, `WITH p AS (SELECT ? AS m)
		SELECT d.id, r.campaign_id, r.id AS ad_request_id, r.payment_amount, d.quantity,
			(SELECT SUM(d2.quantity) FROM deliverables d2 WHERE d2.ad_request_id = r.id AND d2.deleted_at IS NULL) AS request_quantity,
			COALESCE(m.checkpoint, '') AS checkpoint, COALESCE(m.views, 0) AS views, COALESCE(m.reach, 0) AS reach,
			COALESCE(m.likes, 0) AS likes, COALESCE(m.comments, 0) AS comments, COALESCE(m.shares, 0) AS shares,
			COALESCE(m.saves, 0) AS saves
		FROM deliverables d JOIN ad_requests r ON r.id = d.ad_request_id JOIN campaigns c ON c.id = r.campaign_id CROSS JOIN p
		LEFT JOIN deliverable_metrics m ON m.id = (SELECT m2.id FROM deliverable_metrics m2 WHERE m2.deliverable_id = d.id
			ORDER BY CASE m2.checkpoint WHEN '30d' THEN 3 WHEN '7d' THEN 2 ELSE 1 END DESC LIMIT 1)
		WHERE c.sponsor_id = ? AND c.deleted_at IS NULL AND c.status <> 'draft' AND r.deleted_at IS NULL AND `+postedInMonth+`
		ORDER BY d.id`, month, v.Org()); err != nil {
		return ReportData{}, fmt.Errorf("report: read posts: %w", err)
	}
	if err := sqlx.SelectContext(ctx, db, &d.Money, `WITH p AS (SELECT ? AS m)
		SELECT r.id, r.campaign_id, r.escrow_state, r.escrow_cents, r.released_cents, r.commission_bps,
			`+inMonth("r.responded_at")+` AS responded_in,
			`+inMonth("r.completed_at")+` AS completed_in,
			`+inMonth("r.updated_at")+` AS updated_in,
			COALESCE((SELECT SUM(t.clicks) FROM tracking_links t WHERE t.ad_request_id = r.id), 0) AS clicks
		FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id CROSS JOIN p
		WHERE c.sponsor_id = ? AND c.deleted_at IS NULL AND c.status <> 'draft' AND r.deleted_at IS NULL
		AND (r.escrow_state <> '' OR EXISTS (SELECT 1 FROM tracking_links t WHERE t.ad_request_id = r.id AND t.clicks > 0))
		ORDER BY r.id`, month, v.Org()); err != nil {
		return ReportData{}, fmt.Errorf("report: read escrow: %w", err)
	}
	return d, nil
}
