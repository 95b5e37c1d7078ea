package queries

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// Money as the replica shows it: the commission rate in force and the admin's
// queue of disputed deals. Balances of record are the server's (docs/money.md).

// CommissionBps is the platform's commission rate in force (basis points).
func CommissionBps(ctx context.Context, db sqlx.QueryerContext) (int, error) {
	return mutate.CommissionBps(queryer{ctx, db})
}

// queryer adapts a QueryerContext to the Get that mutate.CommissionBps reads with.
type queryer struct {
	ctx context.Context
	db  sqlx.QueryerContext
}

func (q queryer) Get(dest any, query string, args ...any) error {
	return sqlx.GetContext(q.ctx, q.db, dest, query, args...)
}

// DisputeRow is a disputed deal in the admin's queue: the parties, the money in
// escrow, the rate fixed on it, and each disputed deliverable's reason and side.
type DisputeRow struct {
	AdRequestID   string             `db:"id" json:"ad_request_id"`
	CampaignID    string             `db:"campaign_id" json:"campaign_id"`
	Campaign      string             `db:"campaign" json:"campaign"`
	SponsorID     string             `db:"sponsor_id" json:"sponsor_id"`
	Sponsor       string             `db:"sponsor" json:"sponsor"`
	InfluencerID  string             `db:"influencer_id" json:"influencer_id"`
	Influencer    string             `db:"influencer" json:"influencer"`
	EscrowCents   int64              `db:"escrow_cents" json:"escrow_cents"`
	CommissionBps int                `db:"commission_bps" json:"commission_bps"`
	UpdatedAt     string             `db:"updated_at" json:"updated_at"`
	Disputes      []DisputedDelivery `db:"-" json:"disputes"`
}

// DisputedDelivery is one disputed deliverable of a deal.
type DisputedDelivery struct {
	DeliverableID string `db:"id" json:"deliverable_id"`
	Seq           int    `db:"seq" json:"seq"`
	Platform      string `db:"platform" json:"platform"`
	ContentType   string `db:"content_type" json:"content_type"`
	By            string `db:"disputed_by" json:"by"`
	Reason        string `db:"dispute_reason" json:"reason"`
	ProofURL      string `db:"proof_url" json:"proof_url"`
}

// Disputes is the admin's queue: every deal whose escrow is disputed, the oldest
// first. Non-admins are refused.
func Disputes(ctx context.Context, db sqlx.QueryerContext, v Viewer) ([]DisputeRow, error) {
	if err := v.need(domain.RoleAdmin, "the disputes queue"); err != nil {
		return nil, err
	}
	rows := []DisputeRow{}
	if err := sqlx.SelectContext(ctx, db, &rows, `SELECT r.id, r.campaign_id, c.name AS campaign, c.sponsor_id,
			s.name AS sponsor, r.influencer_id, i.name AS influencer, r.escrow_cents, r.commission_bps,
			strftime('%Y-%m-%dT%H:%M:%SZ', r.updated_at) AS updated_at
		FROM ad_requests r
		JOIN campaigns c ON c.id = r.campaign_id
		JOIN accounts s ON s.id = c.sponsor_id
		JOIN accounts i ON i.id = r.influencer_id
		WHERE r.escrow_state = 'disputed' AND r.deleted_at IS NULL
		ORDER BY r.updated_at, r.id`); err != nil {
		return nil, fmt.Errorf("disputes: %w", err)
	}
	for i := range rows {
		rows[i].Disputes = []DisputedDelivery{}
		if err := sqlx.SelectContext(ctx, db, &rows[i].Disputes, `SELECT id, seq, platform, content_type, disputed_by,
				dispute_reason, proof_url
			FROM deliverables WHERE ad_request_id = ? AND status = 'disputed' AND deleted_at IS NULL ORDER BY seq`,
			rows[i].AdRequestID); err != nil {
			return nil, fmt.Errorf("disputes: %w", err)
		}
	}
	return rows, nil
}

// EscrowSummary is what a sponsor has in escrow on their deals, as the replica
// holds it (each deal's escrow_cents while it is funded or disputed): the wallet's
// "in escrow" beside the server's available balance, with the deals that hold it
// (the largest first, at most EscrowDealsShown) so the figure links to them.
type EscrowSummary struct {
	InEscrow int64        `db:"in_escrow" json:"in_escrow"` // cents
	Deals    int          `db:"deals" json:"deals"`
	Disputed int          `db:"disputed" json:"disputed"`
	Items    []EscrowDeal `db:"-" json:"items"`
}

// EscrowDeal is one deal holding the sponsor's money in escrow.
type EscrowDeal struct {
	AdRequestID string `db:"id" json:"ad_request_id"`
	Campaign    string `db:"campaign" json:"campaign"`
	Influencer  string `db:"influencer" json:"influencer"`
	EscrowCents int64  `db:"escrow_cents" json:"escrow_cents"`
	EscrowState string `db:"escrow_state" json:"escrow_state"` // funded or disputed
}

// EscrowDealsShown is how many deals the wallet lists under its escrow figure;
// Deals says how many there are in all.
const EscrowDealsShown = 10

// SponsorEscrow sums the escrow of the sponsor's funded and disputed deals and
// lists the largest of them.
func SponsorEscrow(ctx context.Context, db sqlx.QueryerContext, v Viewer) (EscrowSummary, error) {
	if err := v.need(domain.RoleSponsor, "escrow"); err != nil {
		return EscrowSummary{}, err
	}
	var s EscrowSummary
	err := sqlx.GetContext(ctx, db, &s, `SELECT COALESCE(SUM(r.escrow_cents), 0) AS in_escrow, COUNT(*) AS deals,
			COALESCE(SUM(r.escrow_state = 'disputed'), 0) AS disputed
		FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id
		WHERE c.sponsor_id = ? AND r.escrow_state IN ('funded', 'disputed') AND r.deleted_at IS NULL`, v.Org())
	if err != nil {
		return EscrowSummary{}, fmt.Errorf("escrow: %w", err)
	}
	s.Items = []EscrowDeal{}
	if err := sqlx.SelectContext(ctx, db, &s.Items, `SELECT r.id, c.name AS campaign, i.name AS influencer,
			r.escrow_cents, r.escrow_state
		FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id JOIN accounts i ON i.id = r.influencer_id
		WHERE c.sponsor_id = ? AND r.escrow_state IN ('funded', 'disputed') AND r.deleted_at IS NULL
		ORDER BY r.escrow_cents DESC, r.id LIMIT ?`, v.Org(), EscrowDealsShown); err != nil {
		return EscrowSummary{}, fmt.Errorf("escrow deals: %w", err)
	}
	return s, nil
}
