package mutate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"iescp/backend/domain"
	"iescp/backend/ledger"
)

// A deal's money (docs/money.md "When money moves"). The server's ledger holds it:
// the mutators below post to the ledger in the same transaction as the state change
// it belongs to, on the server only (a desktop replica has no ledger; it writes the
// same escrow columns optimistically and the server decides). What both parties'
// desktops show of it is the ad request's escrow_* columns.

// PlatformSetCommission sets the commission rate (basis points) in force for deals
// accepted from now on; deals already accepted keep theirs.
type PlatformSetCommission struct {
	CommissionBps int `json:"commission_bps"`
}

// MaxCommissionBps bounds the rate an admin may set: 50 %.
const MaxCommissionBps = 5000

func (a *PlatformSetCommission) Validate() error {
	var v checker
	if a.CommissionBps < 0 || a.CommissionBps > MaxCommissionBps {
		v.fail("commission_bps must be between 0 and %d (0 %% to %d %%)", MaxCommissionBps, MaxCommissionBps/100)
	}
	return v.result()
}

// DisputeResolve is an admin's decision on a disputed deal: release the escrow to
// the influencer, refund it to the sponsor, or split it (release_cents of it to the
// influencer, the rest back), with a note both parties read.
type DisputeResolve struct {
	AdRequestID  string `json:"ad_request_id"`
	Outcome      string `json:"outcome"` // release | refund | split
	ReleaseCents int64  `json:"release_cents"`
	Note         string `json:"note"`
}

func (a *DisputeResolve) Validate() error {
	var v checker
	v.id("ad_request_id", a.AdRequestID)
	v.oneOf("outcome", a.Outcome, "release", "refund", "split")
	if a.Outcome == "split" {
		if a.ReleaseCents <= 0 || a.ReleaseCents > ledger.MaxAmount {
			v.fail("release_cents of a split must be between 1 and %d", ledger.MaxAmount)
		}
	} else if a.ReleaseCents != 0 {
		v.fail("release_cents is only for a split")
	}
	v.text("note", &a.Note, 1, maxReason)
	return v.result()
}

var (
	MPlatformSetCommission = define("platform.setCommission",
		"Set the platform's commission rate (basis points, 0 to 5000) for deals accepted from now on.", admins, platformSetCommission)
	MDisputeResolve = define("dispute.resolve",
		"Resolve a disputed deal: release its escrow to the influencer, refund it to the sponsor, or split it, with a note.",
		admins, disputeResolve)
)

// CommissionBps is the rate in force: the admin's setting, or the default.
func CommissionBps(q interface {
	Get(dest any, query string, args ...any) error
}) (int, error) {
	var bps int
	err := q.Get(&bps, `SELECT commission_bps FROM platform_settings WHERE id = 'platform'`)
	if errors.Is(err, sql.ErrNoRows) {
		return ledger.DefaultCommissionBps, nil
	}
	if err != nil {
		return 0, fmt.Errorf("mutate: commission: %w", err)
	}
	return bps, nil
}

func platformSetCommission(c *Ctx, a *PlatformSetCommission) error {
	return exec(c.Tx, `INSERT INTO platform_settings (id, commission_bps, updated_by, updated_at) VALUES ('platform', ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET commission_bps = excluded.commission_bps, updated_by = excluded.updated_by,
			updated_at = excluded.updated_at`, a.CommissionBps, c.Actor.ID, c.Now)
}

// books is the ledger on the mutation's clock, or nil on a desktop replica.
func (c *Ctx) books() *ledger.Ledger {
	if c.onReplica {
		return nil
	}
	now := c.Now
	return ledger.New(func() time.Time { return now })
}

// fundDeal moves the accepted amount from the sponsor's wallet into the request's
// escrow and fixes the commission rate on the deal, in the accepting transaction.
// insufficient_funds when the wallet cannot cover it: the sponsor reads by how
// much; the influencer only that the sponsor has not funded it (another's balance
// is not theirs to read).
func fundDeal(c *Ctx, d *deal, amount int64) error {
	bps, err := CommissionBps(c.Tx)
	if err != nil {
		return err
	}
	if l := c.books(); l != nil {
		if _, err := l.Fund(context.Background(), c.Tx, d.req.ID, d.campaign.SponsorID, amount); err != nil {
			if domain.ErrorCode(err) == domain.CodeInsufficientFunds {
				if d.me == domain.PartySponsor {
					return domain.Errorf(domain.CodeInsufficientFunds,
						"your wallet cannot fund %s: top it up and accept again", money(amount))
				}
				return domain.Errorf(domain.CodeInsufficientFunds,
					"the sponsor's wallet cannot fund this offer yet: it can be accepted once they top it up")
			}
			return err
		}
	}
	return exec(c.Tx, `UPDATE ad_requests SET escrow_state = 'funded', escrow_cents = ?, commission_bps = ?, updated_at = ?
		WHERE id = ?`, amount, bps, c.Now, d.req.ID)
}

// refundDeal returns a funded deal's escrow to the sponsor's wallet (withdrawal or
// cancellation before delivery). A deal never funded (accepted before escrow
// existed) refunds nothing.
func refundDeal(c *Ctx, req *domain.AdRequest, sponsorID string) error {
	if req.EscrowState != domain.EscrowFunded {
		return nil
	}
	if l := c.books(); l != nil {
		if _, err := l.Refund(context.Background(), c.Tx, req.ID, sponsorID); err != nil {
			return err
		}
	}
	return exec(c.Tx, `UPDATE ad_requests SET escrow_state = 'refunded', updated_at = ? WHERE id = ?`, c.Now, req.ID)
}

// deliveryStarted: some deliverable of the request was posted, accepted or
// disputed: the work is (partly) done, so the deal is no longer withdrawn with a
// refund but settled by acceptance or a dispute.
func deliveryStarted(c *Ctx, reqID string) (bool, error) {
	return exists(c.Tx, `SELECT 1 FROM deliverables WHERE ad_request_id = ? AND deleted_at IS NULL
		AND status IN ('posted', 'accepted', 'disputed')`, reqID)
}

// settleIfDelivered completes the deal when every deliverable is accepted: the
// request becomes completed and its escrow is released to the influencer less the
// commission fixed at acceptance. It does nothing while any is not accepted, or
// while the deal is disputed (an admin settles it).
func settleIfDelivered(c *Ctx, reqID string) error {
	open, err := exists(c.Tx, `SELECT 1 FROM deliverables WHERE ad_request_id = ? AND deleted_at IS NULL
		AND status <> 'accepted'`, reqID)
	if err != nil || open {
		return err
	}
	req, err := loadAdRequest(c.Tx, reqID)
	if err != nil {
		return err
	}
	if req.Status != domain.AdAccepted || req.EscrowState == domain.EscrowDisputed {
		return nil
	}
	return completeDeal(c, req)
}

// completeDeal marks an accepted request completed, releases a funded escrow and
// tells both parties.
func completeDeal(c *Ctx, req *domain.AdRequest) error {
	var p struct {
		Campaign  string `db:"campaign"`
		SponsorID string `db:"sponsor_id"`
	}
	if err := c.Tx.Get(&p, `SELECT c.name AS campaign, c.sponsor_id FROM campaigns c WHERE c.id = ?`, req.CampaignID); err != nil {
		return fmt.Errorf("mutate: complete %s: %w", req.ID, err)
	}
	state, released := req.EscrowState, int64(0)
	if req.EscrowState == domain.EscrowFunded {
		if l := c.books(); l != nil {
			if _, err := l.Release(context.Background(), c.Tx, req.ID, req.InfluencerID, req.CommissionBps); err != nil {
				return err
			}
		}
		state, released = domain.EscrowReleased, req.EscrowCents
	}
	if err := exec(c.Tx, `UPDATE ad_requests SET status = 'completed', completed_at = ?, escrow_state = ?, released_cents = ?,
		updated_at = ? WHERE id = ?`, c.Now, state, released, c.Now, req.ID); err != nil {
		return err
	}
	params := Params{"campaign": p.Campaign, "amount": req.PaymentAmount}
	if released > 0 {
		fee := ledger.Commission(released, req.CommissionBps)
		params = Params{"campaign": p.Campaign, "amount": released - fee, "fee": fee}
	}
	to := []string{req.InfluencerID}
	to = append(to, p.SponsorID) // the organisation's members but the actor (notify)
	for _, id := range to {
		if err := notify(c, id, "deal.completed", params, "ad_requests", req.ID); err != nil {
			return err
		}
	}
	return nil
}

// openDispute marks a funded deal disputed: release and refund wait for an admin.
func openDispute(c *Ctx, req *domain.AdRequest) error {
	if req.EscrowState != domain.EscrowFunded {
		return nil
	}
	return exec(c.Tx, `UPDATE ad_requests SET escrow_state = 'disputed', updated_at = ? WHERE id = ?`, c.Now, req.ID)
}

func disputeResolve(c *Ctx, a *DisputeResolve) error {
	req, err := loadAdRequest(c.Tx, a.AdRequestID)
	if err != nil {
		return err
	}
	if req.EscrowState != domain.EscrowDisputed {
		return domain.Errorf(domain.CodeInvalidTransition, "the deal is not disputed (its escrow is %q)", req.EscrowState)
	}
	cp, err := loadCampaign(c.Tx, req.CampaignID)
	if err != nil {
		return err
	}
	escrow := req.EscrowCents
	released := int64(0)
	switch a.Outcome {
	case "release":
		released = escrow
	case "split":
		if a.ReleaseCents >= escrow {
			return domain.Errorf(domain.CodeInvalidArgument,
				"a split releases part of the %s in escrow: %s is not less (release it instead)", money(escrow), money(a.ReleaseCents))
		}
		released = a.ReleaseCents
	}
	if l := c.books(); l != nil {
		ctx := context.Background()
		switch a.Outcome {
		case "release":
			_, err = l.Release(ctx, c.Tx, req.ID, req.InfluencerID, req.CommissionBps)
		case "refund":
			_, err = l.Refund(ctx, c.Tx, req.ID, cp.SponsorID)
		default:
			_, err = l.Split(ctx, c.Tx, req.ID, cp.SponsorID, req.InfluencerID, released, req.CommissionBps, a.Note)
		}
		if err != nil {
			return err
		}
	}
	state, status := domain.EscrowReleased, domain.AdCompleted
	switch a.Outcome {
	case "refund":
		state, status = domain.EscrowRefunded, domain.AdWithdrawn
	case "split":
		state = domain.EscrowSplit
	}
	// A refunded deal ends withdrawn and no longer commits its campaign's budget; a
	// split one is completed, and its amount stays what the campaign committed.
	if a.Outcome == "refund" {
		if err := exec(c.Tx, `UPDATE campaigns SET committed = MAX(committed - ?, 0), updated_at = ? WHERE id = ?`,
			req.PaymentAmount, c.Now, cp.ID); err != nil {
			return err
		}
	}
	if err := exec(c.Tx, `UPDATE ad_requests SET status = ?, escrow_state = ?, released_cents = ?, resolution_note = ?,
		completed_at = CASE WHEN ? = 'completed' THEN ? ELSE completed_at END, close_reason = CASE WHEN ? = 'withdrawn' THEN ? ELSE close_reason END,
		updated_at = ? WHERE id = ?`, status, state, released, a.Note, status, c.Now, status, a.Note, c.Now, req.ID); err != nil {
		return err
	}
	params := Params{"campaign": cp.Name, "outcome": a.Outcome, "released": released, "refunded": escrow - released, "note": a.Note}
	for _, to := range []string{req.InfluencerID, cp.SponsorID} {
		if err := notify(c, to, "dispute.resolved", params, "ad_requests", req.ID); err != nil {
			return err
		}
	}
	return nil
}
