package client_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/ledger"
)

// setWallet leaves the sponsor's wallet holding exactly cents: the harness's
// top-up is reversed and a new one made (the ledger never edits a posting).
func (p *platform) setWallet(sponsorID string, cents int64) {
	p.t.Helper()
	ctx := context.Background()
	entries, err := ledger.Transactions(ctx, p.srv.DB().R, sponsorID)
	if err != nil {
		p.t.Fatal(err)
	}
	err = p.srv.DB().Write(ctx, func(tx *sqlx.Tx) error {
		l := ledger.New(nil)
		for _, e := range entries {
			if e.Kind == ledger.KindTopUp {
				if _, err := l.Reverse(ctx, tx, e.TransactionID, "test: set the wallet"); err != nil {
					return err
				}
			}
		}
		_, err := l.TopUp(ctx, tx, sponsorID, cents, domain.NewID())
		return err
	})
	if err != nil {
		p.t.Fatal(err)
	}
}

func (p *platform) balance(kind ledger.AccountKind, owner string) int64 {
	p.t.Helper()
	b, err := ledger.Balance(context.Background(), p.srv.DB().R, kind, owner)
	if err != nil {
		p.t.Fatal(err)
	}
	return b
}

// Two influencers accept offline offers from one sponsor whose wallet covers only
// one of them: the first to sync is funded, the second is refused with
// insufficient_funds as a sync issue, rolled back on its desktop, and the wallet
// never goes below zero.
func TestMoney_TwoDesktopsSpendOneWallet(t *testing.T) {
	w := newWorld(t)
	w.setWallet(w.sponsor.user.ID, 50_000)
	w.register("influencer", "ian@example.com", "Ian")
	ian := w.desktopFor("ian@example.com", "ian")
	w.sponsor.sync()
	r1, o1 := w.sendRequest(30_000)
	r2, o2 := domain.NewID(), domain.NewID()
	w.sponsor.must("adRequest.send", map[string]any{"id": r2, "offer_id": o2, "campaign_id": w.campaign,
		"influencer_id": ian.user.ID, "amount": 30_000, "requirements": "1 video"})
	w.sponsor.sync()
	w.infl.sync()
	ian.sync()
	w.infl.must("adRequest.accept", map[string]any{"ad_request_id": r1, "offer_id": o1})
	ian.must("adRequest.accept", map[string]any{"ad_request_id": r2, "offer_id": o2})
	if got := ian.get(`SELECT status || ' ' || escrow_state FROM ad_requests WHERE id = ?`, r2); got != "accepted funded" {
		t.Fatalf("optimistic accept on ian's desktop: %s", got)
	}
	w.infl.sync()
	ian.sync()
	if got := ian.rejected(); len(got) != 1 || got[0] != "adRequest.accept:insufficient_funds" {
		t.Fatalf("second accept: got %v, want insufficient_funds", got)
	}
	if got := ian.get(`SELECT status || ' ' || escrow_state FROM ad_requests WHERE id = ?`, r2); got != "pending " {
		t.Fatalf("the refused accept left %q on ian's desktop, want pending and unfunded", got)
	}
	if got := w.balance(ledger.SponsorWallet, w.sponsor.user.ID); got != 20_000 {
		t.Fatalf("wallet %d, want 20000", got)
	}
	if e1, e2 := w.balance(ledger.Escrow, r1), w.balance(ledger.Escrow, r2); e1 != 30_000 || e2 != 0 {
		t.Fatalf("escrow %d and %d, want 30000 and 0", e1, e2)
	}
	for _, d := range []*desktop{w.sponsor, w.infl, ian} {
		d.sync()
		d.expectConverged()
	}
	w.checkServerInvariants()
}

// The sponsor withdraws an accepted deal online while the influencer, offline,
// posts its deliverable: whichever reaches the server first decides. Here the
// withdrawal does: the escrow is refunded, and the proof is refused as a sync
// issue (the deal no longer moves).
func TestMoney_RefundVersusOfflineProof(t *testing.T) {
	w := newWorld(t)
	ids := w.dealWithDeliverables(1)
	d := ids[0]
	req := w.infl.get(`SELECT ad_request_id FROM deliverables WHERE id = ?`, d)
	w.infl.must("deliverable.submitDraft", map[string]any{"deliverable_id": d, "draft_text": "v1"})
	w.infl.sync()
	w.sponsor.sync()
	w.sponsor.must("deliverable.approveDraft", map[string]any{"deliverable_id": d})
	w.sponsor.sync()
	w.infl.sync()
	before := w.balance(ledger.SponsorWallet, w.sponsor.user.ID)

	w.infl.must("deliverable.submitProof", map[string]any{"deliverable_id": d, "proof_url": "https://youtube.com/shorts/x",
		"posted_at": "2026-11-21T08:00:00Z", "screenshot": map[string]any{"sha256": strings.Repeat("ab", 32), "name": "post.png", "size": 2048, "content_type": "image/png"}})
	w.sponsor.must("adRequest.withdraw", map[string]any{"ad_request_id": req, "reason": "campaign cut"})
	w.sponsor.sync()
	w.infl.sync()
	if got := w.infl.rejected(); len(got) != 1 || got[0] != "deliverable.submitProof:invalid_transition" {
		t.Fatalf("the offline proof: %v, want invalid_transition", got)
	}
	if got := w.balance(ledger.SponsorWallet, w.sponsor.user.ID) - before; got != 40_000 {
		t.Fatalf("refunded %d, want 40000", got)
	}
	if got := w.infl.get(`SELECT status || ' ' || escrow_state FROM ad_requests WHERE id = ?`, req); got != "withdrawn refunded" {
		t.Fatalf("influencer's deal: %s", got)
	}
	for _, dk := range []*desktop{w.sponsor, w.infl} {
		dk.sync()
		dk.expectConverged()
	}
	w.checkServerInvariants()
}

// The sponsor accepts the last proof offline while the influencer disputes it
// online first: the dispute wins, the escrow stays held for an admin, and the
// sponsor's acceptance comes back as a sync issue. The admin then releases it.
func TestMoney_ReleaseVersusDispute(t *testing.T) {
	w := newWorld(t)
	ids := w.dealWithDeliverables(1)
	d := ids[0]
	req := w.infl.get(`SELECT ad_request_id FROM deliverables WHERE id = ?`, d)
	w.infl.must("deliverable.submitDraft", map[string]any{"deliverable_id": d, "draft_text": "v1"})
	w.infl.sync()
	w.sponsor.sync()
	w.sponsor.must("deliverable.approveDraft", map[string]any{"deliverable_id": d})
	w.sponsor.sync()
	w.infl.sync()
	w.infl.must("deliverable.submitProof", map[string]any{"deliverable_id": d, "proof_url": "https://youtube.com/shorts/y",
		"posted_at": "2026-11-21T08:00:00Z", "screenshot": map[string]any{"sha256": strings.Repeat("ab", 32), "name": "post.png", "size": 2048, "content_type": "image/png"}})
	w.infl.sync()
	w.sponsor.sync()

	w.sponsor.must("deliverable.acceptProof", map[string]any{"deliverable_id": d}) // offline
	if got := w.sponsor.get(`SELECT status || ' ' || escrow_state FROM ad_requests WHERE id = ?`, req); got != "completed released" {
		t.Fatalf("optimistic release on the sponsor's desktop: %s", got)
	}
	w.infl.must("deliverable.dispute", map[string]any{"deliverable_id": d, "reason": "the sponsor reposted it without credit"})
	w.infl.sync()
	w.sponsor.sync()
	if got := w.sponsor.rejected(); len(got) != 1 || got[0] != "deliverable.acceptProof:invalid_transition" {
		t.Fatalf("the offline acceptance: %v, want invalid_transition", got)
	}
	if got := w.sponsor.get(`SELECT status || ' ' || escrow_state FROM ad_requests WHERE id = ?`, req); got != "accepted disputed" {
		t.Fatalf("sponsor's deal after the dispute won: %s", got)
	}
	if got := w.balance(ledger.Escrow, req); got != 40_000 {
		t.Fatalf("escrow %d, want 40000 held", got)
	}
	w.admin.sync()
	w.admin.must("dispute.resolve", map[string]any{"ad_request_id": req, "outcome": "release", "note": "credit given later"})
	w.admin.sync()
	if got := w.balance(ledger.InfluencerEarnings, w.infl.user.ID); got != 36_000 {
		t.Fatalf("earned %d, want 36000 (40000 less 10 %%)", got)
	}
	w.infl.sync()
	if got := w.infl.get(`SELECT status || ' ' || escrow_state || ' ' || resolution_note FROM ad_requests WHERE id = ?`, req); got != "completed released credit given later" {
		t.Fatalf("influencer's deal after the resolution: %s", got)
	}
	for _, dk := range []*desktop{w.sponsor, w.infl, w.admin} {
		dk.sync()
		dk.expectConverged()
	}
	w.checkServerInvariants()
}
