package mutate_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/ledger"
	"iescp/backend/mutate"
)

// wallet, escrow and earnings are the ledger's balances of a deal's accounts.
func (w *world) wallet(sponsor string) int64 { return w.balance(ledger.SponsorWallet, sponsor) }
func (w *world) escrow(req string) int64     { return w.balance(ledger.Escrow, req) }
func (w *world) earnings(infl string) int64  { return w.balance(ledger.InfluencerEarnings, infl) }
func (w *world) revenue() int64              { return w.balance(ledger.PlatformRevenue, "") }

// deliver moves a deliverable from todo to accepted through the mutators.
func (w *world) deliver(id string) {
	w.t.Helper()
	ref := map[string]any{"deliverable_id": id}
	w.must(w.infl, "deliverable.submitDraft", map[string]any{"deliverable_id": id, "draft_text": "Caption"})
	w.must(w.sponsor, "deliverable.approveDraft", ref)
	w.must(w.infl, "deliverable.submitProof", map[string]any{"deliverable_id": id,
		"proof_url": "https://instagram.com/p/2", "posted_at": w.now.Format(time.RFC3339), "screenshot": testShot})
	w.must(w.sponsor, "deliverable.acceptProof", ref)
}

// Accepting moves the amount from the sponsor's wallet into the request's escrow
// in the same transaction, and fixes the commission rate on the deal.
func TestEscrow_AcceptFunds(t *testing.T) {
	w := newWorld(t)
	req, offer := w.send(w.campaign, w.sponsor, w.infl, 12_345)
	w.must(w.infl, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": offer})
	if got := w.wallet(w.sponsor); got != walletCents-12_345 {
		t.Fatalf("wallet %d, want %d", got, walletCents-12_345)
	}
	if got := w.escrow(req); got != 12_345 {
		t.Fatalf("escrow %d, want 12345", got)
	}
	r := w.request(req)
	if r.EscrowState != domain.EscrowFunded || r.EscrowCents != 12_345 || r.CommissionBps != ledger.DefaultCommissionBps {
		t.Fatalf("request escrow %q %d at %d bps", r.EscrowState, r.EscrowCents, r.CommissionBps)
	}
}

// A wallet that cannot cover the amount refuses the accept with
// insufficient_funds, whoever accepts, and nothing changes. The influencer is not
// told the sponsor's balance.
func TestEscrow_InsufficientFunds(t *testing.T) {
	w := newWorld(t)
	poor := w.account("sponsor", "Thin Wallet", "approved")
	spent := walletCents - 5_000 // leaves 50.00
	w.exec(`UPDATE sponsor_profiles SET budget = 100000000 WHERE account_id = ?`, poor)
	cp := w.newCampaign(poor, 100_000_000, true)
	other, otherOffer := w.send(cp, poor, w.infl2, spent)
	w.must(w.infl2, "adRequest.accept", map[string]any{"ad_request_id": other, "offer_id": otherOffer})
	if got := w.wallet(poor); got != 5_000 {
		t.Fatalf("wallet %d, want 5000", got)
	}

	req, offer := w.send(cp, poor, w.infl, 6_000)
	err := w.do(w.infl, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": offer})
	if domain.ErrorCode(err) != domain.CodeInsufficientFunds {
		t.Fatalf("influencer accepting an unfunded offer: %v, want insufficient_funds", err)
	}
	if strings.Contains(err.Error(), "50.00") || strings.Contains(err.Error(), "5000") {
		t.Fatalf("the influencer reads the sponsor's balance: %q", err)
	}
	counter := w.counter(w.infl, req, offer, 5_500)
	err = w.do(poor, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": counter})
	if domain.ErrorCode(err) != domain.CodeInsufficientFunds || !strings.Contains(err.Error(), "55.00") {
		t.Fatalf("sponsor accepting beyond the wallet: %v, want insufficient_funds naming 55.00", err)
	}
	if r := w.request(req); r.Status != domain.AdPending || r.EscrowState != domain.EscrowNone {
		t.Fatalf("after the refusals the request is %s / %q", r.Status, r.EscrowState)
	}
	if got := w.wallet(poor); got != 5_000 {
		t.Fatalf("after the refusals the wallet holds %d, want 5000", got)
	}
	// Topped up, the same accept goes through.
	w.topUp(poor, 1_000)
	w.must(poor, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": counter})
	if got := w.wallet(poor); got != 500 {
		t.Fatalf("wallet %d, want 500", got)
	}
}

// The last accepted deliverable completes the deal and releases the escrow at the
// rate fixed at acceptance, though the admin changed it since.
func TestEscrow_ReleaseOnLastAcceptedDeliverable(t *testing.T) {
	w := newWorld(t)
	req, ids := w.acceptedDeal(2) // 1000 cents, accepted at 10 %
	w.must(w.admin, "platform.setCommission", map[string]any{"commission_bps": 2500})
	w.deliver(ids[0])
	if r := w.request(req); r.Status != domain.AdAccepted || w.escrow(req) != 1000 {
		t.Fatalf("one of two delivered: request %s, escrow %d", r.Status, w.escrow(req))
	}
	before := w.earnings(w.infl)
	w.deliver(ids[1])
	r := w.request(req)
	if r.Status != domain.AdCompleted || r.EscrowState != domain.EscrowReleased || r.ReleasedCents != 1000 {
		t.Fatalf("all delivered: request %s / %q released %d", r.Status, r.EscrowState, r.ReleasedCents)
	}
	if w.escrow(req) != 0 || w.earnings(w.infl)-before != 900 || w.revenue() != 100 {
		t.Fatalf("escrow %d, earned %d, revenue %d; want 0, 900, 100", w.escrow(req), w.earnings(w.infl)-before, w.revenue())
	}
	// A deal accepted after the change takes the new rate.
	req2, _ := w.acceptedDeal(1)
	if bps := w.request(req2).CommissionBps; bps != 2500 {
		t.Fatalf("a deal accepted after the change has %d bps, want 2500", bps)
	}
	w.want(domain.CodeInvalidArgument, w.admin, "platform.setCommission", map[string]any{"commission_bps": 5001})
	w.want(domain.CodeInvalidArgument, w.admin, "platform.setCommission", map[string]any{"commission_bps": -1})
}

// A deal without deliverables is completed by the sponsor, which releases it.
func TestEscrow_CompleteWithoutDeliverablesReleases(t *testing.T) {
	w := newWorld(t)
	req, offer := w.send(w.campaign, w.sponsor, w.infl, 10_005)
	w.must(w.infl, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": offer})
	w.must(w.sponsor, "adRequest.complete", map[string]any{"ad_request_id": req})
	// 10 % of 100.05 is 10.005: rounded half up to 10.01.
	if w.earnings(w.infl) != 9_004 || w.revenue() != 1_001 || w.escrow(req) != 0 {
		t.Fatalf("earned %d, revenue %d, escrow %d; want 9004, 1001, 0", w.earnings(w.infl), w.revenue(), w.escrow(req))
	}
}

// Withdrawing (or cancelling the campaign) before delivery refunds the escrow;
// once work is delivered, neither is allowed.
func TestEscrow_WithdrawRefundsBeforeDelivery(t *testing.T) {
	w := newWorld(t)
	req, _ := w.acceptedDeal(1)
	w.must(w.infl, "adRequest.withdraw", map[string]any{"ad_request_id": req, "reason": "sick"})
	if r := w.request(req); r.EscrowState != domain.EscrowRefunded || w.escrow(req) != 0 || w.wallet(w.sponsor) != walletCents {
		t.Fatalf("withdrawn: %q, escrow %d, wallet %d", r.EscrowState, w.escrow(req), w.wallet(w.sponsor))
	}

	posted := w.deliverableIn(domain.DeliverablePosted)
	var req2 string
	if err := w.db.R.Get(&req2, `SELECT ad_request_id FROM deliverables WHERE id = ?`, posted); err != nil {
		t.Fatal(err)
	}
	w.want(domain.CodeInvalidTransition, w.sponsor, "adRequest.withdraw", map[string]any{"ad_request_id": req2})
	cp := w.request(req2).CampaignID
	w.want(domain.CodeInvalidTransition, w.sponsor, "campaign.delete", map[string]any{"id": cp})
	if w.escrow(req2) != 1000 {
		t.Fatalf("a refused withdrawal moved money: escrow %d", w.escrow(req2))
	}

	// A campaign cancelled with an accepted, undelivered deal refunds it.
	req3, _ := w.acceptedDeal(1)
	cp3 := w.request(req3).CampaignID
	before := w.wallet(w.sponsor)
	w.must(w.sponsor, "campaign.delete", map[string]any{"id": cp3})
	if r := w.request(req3); r.Status != domain.AdWithdrawn || r.EscrowState != domain.EscrowRefunded || w.wallet(w.sponsor)-before != 1000 {
		t.Fatalf("cancelled campaign: %s / %q, refunded %d", r.Status, r.EscrowState, w.wallet(w.sponsor)-before)
	}
	if c := w.campaignRow(cp3); c.Committed != 0 {
		t.Fatalf("cancelled campaign still commits %d", c.Committed)
	}
}

// A dispute holds the escrow until an admin settles it: release, refund or split,
// each one ledger transaction, with the commission on the released part only.
func TestEscrow_DisputeResolution(t *testing.T) {
	w := newWorld(t)
	req := w.disputedDeal()
	if r := w.request(req); r.EscrowState != domain.EscrowDisputed {
		t.Fatalf("disputed deal's escrow is %q", r.EscrowState)
	}
	w.want(domain.CodeInvalidTransition, w.sponsor, "adRequest.withdraw", map[string]any{"ad_request_id": req})
	w.want(domain.CodeInvalidTransition, w.sponsor, "adRequest.complete", map[string]any{"ad_request_id": req})
	bad := []map[string]any{
		{"ad_request_id": req, "outcome": "release"},                                     // no note
		{"ad_request_id": req, "outcome": "keep", "note": "n"},                           // unknown outcome
		{"ad_request_id": req, "outcome": "split", "note": "n"},                          // split without a part
		{"ad_request_id": req, "outcome": "refund", "release_cents": 5, "note": "n"},     // a part without a split
		{"ad_request_id": req, "outcome": "split", "release_cents": 1000, "note": "all"}, // the whole escrow: a release
	}
	for _, args := range bad {
		w.want(domain.CodeInvalidArgument, w.admin, "dispute.resolve", args)
	}
	if w.escrow(req) != 1000 {
		t.Fatalf("refused resolutions moved money: escrow %d", w.escrow(req))
	}

	wallet0, earned0 := w.wallet(w.sponsor), w.earnings(w.infl)
	w.must(w.admin, "dispute.resolve", map[string]any{"ad_request_id": req, "outcome": "split", "release_cents": 600, "note": "half posted"})
	r := w.request(req)
	if r.Status != domain.AdCompleted || r.EscrowState != domain.EscrowSplit || r.ReleasedCents != 600 || r.ResolutionNote != "half posted" {
		t.Fatalf("split: %s / %q released %d note %q", r.Status, r.EscrowState, r.ReleasedCents, r.ResolutionNote)
	}
	if w.escrow(req) != 0 || w.earnings(w.infl)-earned0 != 540 || w.revenue() != 60 || w.wallet(w.sponsor)-wallet0 != 400 {
		t.Fatalf("split moved: escrow %d earned %d revenue %d refunded %d; want 0, 540, 60, 400",
			w.escrow(req), w.earnings(w.infl)-earned0, w.revenue(), w.wallet(w.sponsor)-wallet0)
	}
	w.want(domain.CodeInvalidTransition, w.admin, "dispute.resolve", map[string]any{"ad_request_id": req, "outcome": "refund", "note": "again"})

	refunded := w.disputedDeal()
	cp := w.request(refunded).CampaignID
	wallet1 := w.wallet(w.sponsor)
	w.must(w.admin, "dispute.resolve", map[string]any{"ad_request_id": refunded, "outcome": "refund", "note": "never posted"})
	if r := w.request(refunded); r.Status != domain.AdWithdrawn || r.EscrowState != domain.EscrowRefunded || w.wallet(w.sponsor)-wallet1 != 1000 {
		t.Fatalf("refund: %s / %q, refunded %d", r.Status, r.EscrowState, w.wallet(w.sponsor)-wallet1)
	}
	if c := w.campaignRow(cp); c.Committed != 0 {
		t.Fatalf("a refunded deal still commits %d of its campaign", c.Committed)
	}

	released := w.disputedDeal()
	earned1 := w.earnings(w.infl)
	w.must(w.admin, "dispute.resolve", map[string]any{"ad_request_id": released, "outcome": "release", "note": "posted fine"})
	if r := w.request(released); r.Status != domain.AdCompleted || r.EscrowState != domain.EscrowReleased || w.earnings(w.infl)-earned1 != 900 {
		t.Fatalf("release: %s / %q, earned %d", r.Status, r.EscrowState, w.earnings(w.infl)-earned1)
	}
	w.checkInvariants()
}

// The server's auto-accept of the last proof releases the deal like the sponsor's
// acceptance would.
func TestEscrow_AutoAcceptReleases(t *testing.T) {
	w := newWorld(t)
	id := w.deliverableIn(domain.DeliverablePosted)
	var req string
	if err := w.db.R.Get(&req, `SELECT ad_request_id FROM deliverables WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	later := w.now.AddDate(0, 0, mutate.AutoAcceptDays+1)
	if err := w.db.Write(context.Background(), func(tx *sqlx.Tx) error {
		_, err := mutate.AutoAcceptDue(tx, later)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if r := w.request(req); r.Status != domain.AdCompleted || r.EscrowState != domain.EscrowReleased || w.earnings(w.infl) != 900 {
		t.Fatalf("auto-accepted: %s / %q, earned %d", r.Status, r.EscrowState, w.earnings(w.infl))
	}
	if n := w.count(`SELECT COUNT(*) FROM notifications WHERE kind = 'deal.completed' AND ref_id = ?`, req); n != 2 {
		t.Fatalf("auto-completed deal told %d parties, want both", n)
	}
}
