package queries

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"iescp/backend/bulkinvite"
	"iescp/backend/domain"
)

// BulkInviteFacts reads what planning a bulk invitation needs (bulkinvite.Facts,
// Today left to the caller): the organisation's campaign (not found unless orgID
// is its sponsor), the organisation's approval, each creator the replica holds
// (name, state, reach per platform, open request on the campaign) and the
// batch's requests the replica has already.
func BulkInviteFacts(ctx context.Context, db sqlx.QueryerContext, v Viewer, orgID string, inv bulkinvite.Invite) (bulkinvite.Facts, error) {
	f := bulkinvite.Facts{Creators: make(map[string]bulkinvite.Creator, len(inv.InfluencerIDs)), Made: map[string]bool{}}
	var cp struct {
		ID        string `db:"id"`
		Name      string `db:"name"`
		Status    string `db:"status"`
		Flagged   bool   `db:"flagged"`
		EndDate   string `db:"end_date"`
		Budget    int64  `db:"budget"`
		Committed int64  `db:"committed"`
		Pending   int64  `db:"pending"`
	}
	err := sqlx.GetContext(ctx, db, &cp, `SELECT c.id, c.name, c.status, c.flagged, c.end_date, c.budget, c.committed,
		COALESCE((SELECT SUM(r.payment_amount) FROM ad_requests r WHERE r.campaign_id = c.id
			AND r.status = 'pending' AND r.deleted_at IS NULL), 0) AS pending
		FROM campaigns c WHERE c.id = ? AND c.sponsor_id = ? AND c.deleted_at IS NULL`, inv.CampaignID, orgID)
	if errors.Is(err, sql.ErrNoRows) || v.Role != domain.RoleSponsor {
		return f, domain.Errorf(domain.CodeNotFound, "campaign %s not found", inv.CampaignID)
	}
	if err != nil {
		return f, fmt.Errorf("bulk invite campaign: %w", err)
	}
	f.Campaign = bulkinvite.Campaign(cp)
	var approval sql.NullString
	if err := sqlx.GetContext(ctx, db, &approval, `SELECT approval FROM sponsor_profiles WHERE account_id = ?`, orgID); err != nil &&
		!errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("bulk invite approval: %w", err)
	}
	f.SponsorApproved = approval.String == string(domain.ApprovalApproved)

	ids, _ := json.Marshal(inv.InfluencerIDs)
	var rows []struct {
		ID        string `db:"id"`
		Name      string `db:"name"`
		Active    bool   `db:"active"`
		Flagged   bool   `db:"flagged"`
		Instagram int64  `db:"reach_instagram"`
		YouTube   int64  `db:"reach_youtube"`
		TikTok    int64  `db:"reach_tiktok"`
		X         int64  `db:"reach_x"`
		Other     int64  `db:"reach_other"`
		Open      string `db:"open_id"`
	}
	if err := sqlx.SelectContext(ctx, db, &rows, `SELECT a.id, COALESCE(NULLIF(p.display_name, ''), a.name) AS name, a.active, a.flagged,
		COALESCE(p.reach_instagram, 0) AS reach_instagram, COALESCE(p.reach_youtube, 0) AS reach_youtube,
		COALESCE(p.reach_tiktok, 0) AS reach_tiktok, COALESCE(p.reach_x, 0) AS reach_x, COALESCE(p.reach_other, 0) AS reach_other,
		COALESCE((SELECT r.id FROM ad_requests r WHERE r.campaign_id = ? AND r.influencer_id = a.id
			AND r.status IN ('pending', 'accepted') AND r.deleted_at IS NULL LIMIT 1), '') AS open_id
		FROM json_each(?) j JOIN accounts a ON a.id = j.value AND a.role = 'influencer'
		LEFT JOIN influencer_profiles p ON p.account_id = a.id`, inv.CampaignID, string(ids)); err != nil {
		return f, fmt.Errorf("bulk invite creators: %w", err)
	}
	for _, r := range rows {
		f.Creators[r.ID] = bulkinvite.Creator{ID: r.ID, Known: true, Name: r.Name, Active: r.Active, Flagged: r.Flagged,
			Reach:         map[string]int64{"instagram": r.Instagram, "youtube": r.YouTube, "tiktok": r.TikTok, "x": r.X, "other": r.Other},
			OpenRequestID: r.Open}
	}

	reqIDs := make([]string, len(inv.InfluencerIDs))
	for i, id := range inv.InfluencerIDs {
		reqIDs[i] = bulkinvite.RequestID(inv.CampaignID, id, inv.BatchID)
	}
	b, _ := json.Marshal(reqIDs)
	var made []string
	if err := sqlx.SelectContext(ctx, db, &made, `SELECT r.id FROM json_each(?) j JOIN ad_requests r ON r.id = j.value`, string(b)); err != nil {
		return f, fmt.Errorf("bulk invite made: %w", err)
	}
	for _, id := range made {
		f.Made[id] = true
	}
	return f, nil
}

// Bulk invitation outcomes of a request once applied locally.
const (
	BulkSent    = "sent"    // the server acknowledged it
	BulkQueued  = "queued"  // applied on this desktop, waiting to be pushed (it can still be refused)
	BulkRefused = "refused" // refused: now by the local mutator, or later by the server (a sync issue)
	BulkMissing = ""        // neither in the replica nor in the outbox
)

// BulkOutcome is where one of a batch's requests stands.
type BulkOutcome struct {
	State string `json:"state"`
	// Code and Message: the server's refusal (a sync issue) when State is refused.
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
}

// BulkInviteOutcomes says where each of the requests (by id) stands: refused by
// the server (its adRequest.send a sync issue), queued (its send still in the
// outbox), sent (acknowledged: in the replica, no longer in the outbox).
func BulkInviteOutcomes(ctx context.Context, db sqlx.QueryerContext, requestIDs []string) (map[string]BulkOutcome, error) {
	b, _ := json.Marshal(requestIDs)
	var rows []struct {
		ID      string         `db:"id"`
		Status  sql.NullString `db:"status"`
		Code    sql.NullString `db:"code"`
		Message sql.NullString `db:"message"`
		Held    bool           `db:"held"`
	}
	// The latest send of each id wins: a batch retried after a server refusal
	// queues the same id again.
	if err := sqlx.SelectContext(ctx, db, &rows, `WITH sends AS (SELECT json_extract(args_json, '$.id') AS id, MAX(mutation_id) AS mid
			FROM outbox WHERE name = 'adRequest.send' GROUP BY 1)
		SELECT j.value AS id, o.status, o.code, o.message,
		EXISTS (SELECT 1 FROM ad_requests r WHERE r.id = j.value) AS held
		FROM json_each(?) j LEFT JOIN sends s ON s.id = j.value LEFT JOIN outbox o ON o.mutation_id = s.mid`, string(b)); err != nil {
		return nil, fmt.Errorf("bulk invite outcomes: %w", err)
	}
	out := make(map[string]BulkOutcome, len(rows))
	for _, r := range rows {
		switch {
		case r.Status.String == OutboxRejected:
			out[r.ID] = BulkOutcome{State: BulkRefused, Code: r.Code.String, Message: r.Message.String}
		case r.Status.String == OutboxPending:
			out[r.ID] = BulkOutcome{State: BulkQueued}
		case r.Held:
			out[r.ID] = BulkOutcome{State: BulkSent}
		default:
			out[r.ID] = BulkOutcome{State: BulkMissing}
		}
	}
	return out, nil
}
