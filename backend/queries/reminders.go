package queries

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// ReminderHorizon: campaigns of accepted work starting or ending this soon are in
// the daily reminder.
const ReminderHorizon = 3 * 24 * time.Hour

// WaitingRequest is an ad request waiting for the influencer's answer.
type WaitingRequest struct {
	ID           string `db:"id"`
	CampaignName string `db:"campaign_name"`
	SponsorName  string `db:"sponsor_name"`
	Amount       int64  `db:"amount"`
}

// SoonCampaign is a campaign of the influencer's accepted work that starts or
// ends soon.
type SoonCampaign struct {
	Name      string `db:"name"`
	StartDate string `db:"start_date"`
	EndDate   string `db:"end_date"`
}

// DeliverableDueDays: deliverables still to draft (todo, changes requested) due
// within this many days, or overdue, are in the influencer's daily reminder.
const DeliverableDueDays = 2

// WorkItem is a deliverable in a reminder: what it is, for which campaign, and
// its date (the due date of work to do; the auto-accept date of a proof).
type WorkItem struct {
	ID           string `db:"id"`
	Seq          int    `db:"seq"`
	Platform     string `db:"platform"`
	ContentType  string `db:"content_type"`
	CampaignName string `db:"campaign_name"`
	Party        string `db:"party"` // the other side: the sponsor's company, or the influencer
	Date         string `db:"date"`
}

// Reminder is what the daily reminder tells an account about: an influencer's
// requests waiting for an answer, campaigns starting or ending soon, deliverables
// due soon and post metrics due; a sponsor's drafts and proofs waiting for review.
type Reminder struct {
	Today    string // YYYY-MM-DD
	Role     domain.Role
	Waiting  []WaitingRequest
	Upcoming []SoonCampaign
	DueSoon  []WorkItem   // influencer: todo or changes requested, due by Today + DeliverableDueDays
	Metrics  []DueMetrics // influencer: checkpoints come and not reported
	Drafts   []WorkItem   // sponsor: drafts submitted, waiting for approval or changes
	Proofs   []WorkItem   // sponsor: proofs posted, waiting for acceptance (Date: auto-accepted after)
}

// Empty reports whether nothing waits for the account.
func (r Reminder) Empty() bool {
	return len(r.Waiting) == 0 && len(r.Upcoming) == 0 && len(r.DueSoon) == 0 && len(r.Metrics) == 0 &&
		len(r.Drafts) == 0 && len(r.Proofs) == 0
}

const workSelect = `SELECT d.id, d.seq, d.platform, d.content_type, c.name AS campaign_name, %s AS party, %s AS date
	FROM deliverables d JOIN ad_requests r ON r.id = d.ad_request_id JOIN campaigns c ON c.id = r.campaign_id
	LEFT JOIN accounts sa ON sa.id = c.sponsor_id LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id
	LEFT JOIN accounts ia ON ia.id = r.influencer_id LEFT JOIN influencer_profiles ip ON ip.account_id = r.influencer_id
	WHERE d.deleted_at IS NULL AND r.deleted_at IS NULL AND r.status = 'accepted' AND `

// DailyReminder reads what waits for the viewer on the day of now. For an
// influencer: the pending requests whose latest offer is the sponsor's, oldest
// first; the campaigns of accepted work starting or ending within
// ReminderHorizon; the deliverables to draft due within DeliverableDueDays (or
// overdue); the post metrics due (MetricsDue). For a sponsor: the drafts and
// proofs of its accepted requests waiting for its answer, oldest first.
func DailyReminder(ctx context.Context, db sqlx.QueryerContext, v Viewer, now time.Time) (Reminder, error) {
	r := Reminder{Today: now.Format("2006-01-02"), Role: v.Role, Waiting: []WaitingRequest{}, Upcoming: []SoonCampaign{},
		DueSoon: []WorkItem{}, Metrics: []DueMetrics{}, Drafts: []WorkItem{}, Proofs: []WorkItem{}}
	if v.Role == domain.RoleSponsor {
		if err := sponsorReminder(ctx, db, v, &r); err != nil {
			return Reminder{}, err
		}
		return r, nil
	}
	if err := sqlx.SelectContext(ctx, db, &r.Waiting, `SELECT r.id, c.name AS campaign_name,
		COALESCE(sp.company_name, sa.name, '') AS sponsor_name, r.payment_amount AS amount
		FROM ad_requests r
		JOIN campaigns c ON c.id = r.campaign_id
		LEFT JOIN accounts sa ON sa.id = c.sponsor_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id
		WHERE r.influencer_id = ? AND r.deleted_at IS NULL AND r.status = 'pending'
		AND COALESCE((SELECT o.author_role FROM offers o WHERE o.ad_request_id = r.id ORDER BY o.seq DESC LIMIT 1), '') <> ?
		ORDER BY r.updated_at, r.id`, v.AccountID, string(domain.RoleInfluencer)); err != nil {
		return Reminder{}, fmt.Errorf("reminder: %w", err)
	}
	soon := now.Add(ReminderHorizon).Format("2006-01-02")
	if err := sqlx.SelectContext(ctx, db, &r.Upcoming, `SELECT c.name, c.start_date, c.end_date
		FROM campaigns c JOIN ad_requests r ON r.campaign_id = c.id
		WHERE r.influencer_id = ? AND r.status = 'accepted' AND r.deleted_at IS NULL AND c.deleted_at IS NULL
		AND ((c.start_date BETWEEN ? AND ?) OR (c.end_date BETWEEN ? AND ?))
		GROUP BY c.id ORDER BY c.start_date, c.name`, v.AccountID, r.Today, soon, r.Today, soon); err != nil {
		return Reminder{}, fmt.Errorf("reminder: %w", err)
	}
	by := now.AddDate(0, 0, DeliverableDueDays).Format("2006-01-02")
	if err := sqlx.SelectContext(ctx, db, &r.DueSoon, fmt.Sprintf(workSelect, "COALESCE(sp.company_name, sa.name, '')", "d.due_date")+
		`r.influencer_id = ? AND d.status IN ('todo', 'changes_requested') AND d.due_date <= ?
		ORDER BY d.due_date, c.name, d.seq`, v.AccountID, by); err != nil {
		return Reminder{}, fmt.Errorf("reminder: %w", err)
	}
	var err error
	if r.Metrics, err = MetricsDue(ctx, db, v, now); err != nil {
		return Reminder{}, fmt.Errorf("reminder: %w", err)
	}
	return r, nil
}

// sponsorReminder reads the drafts and proofs waiting for the sponsor.
func sponsorReminder(ctx context.Context, db sqlx.QueryerContext, v Viewer, r *Reminder) error {
	for _, q := range []struct {
		into   *[]WorkItem
		status domain.DeliverableStatus
		date   string
		order  string
	}{
		{&r.Drafts, domain.DeliverableDraftSubmitted, "d.due_date", "d.submitted_at"},
		{&r.Proofs, domain.DeliverablePosted, "d.auto_accept_after", "d.auto_accept_after"},
	} {
		if err := sqlx.SelectContext(ctx, db, q.into, fmt.Sprintf(workSelect, "COALESCE(NULLIF(ip.display_name, ''), ia.name, '')", q.date)+
			`c.sponsor_id = ? AND d.status = ? ORDER BY `+q.order+`, c.name, d.seq`, v.Org(), q.status); err != nil {
			return fmt.Errorf("reminder: %w", err)
		}
	}
	return nil
}
