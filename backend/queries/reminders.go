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

// Reminder is what the daily reminder tells an influencer about.
type Reminder struct {
	Today    string // YYYY-MM-DD
	Waiting  []WaitingRequest
	Upcoming []SoonCampaign
}

// Empty reports whether nothing waits for the influencer.
func (r Reminder) Empty() bool { return len(r.Waiting) == 0 && len(r.Upcoming) == 0 }

// DailyReminder reads what waits for the viewer (an influencer) on the day of
// now: the pending requests whose latest offer is the sponsor's, oldest first,
// and the campaigns of accepted work starting or ending within ReminderHorizon.
func DailyReminder(ctx context.Context, db sqlx.QueryerContext, v Viewer, now time.Time) (Reminder, error) {
	r := Reminder{Today: now.Format("2006-01-02"), Waiting: []WaitingRequest{}, Upcoming: []SoonCampaign{}}
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
	return r, nil
}
