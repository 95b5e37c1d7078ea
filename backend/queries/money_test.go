package queries

import (
	"context"
	"testing"

	"iescp/backend/domain"
)

// The sponsor's escrow sums its funded and disputed deals; the commission is the
// default until an admin sets one; the disputes queue is the admin's alone and
// lists each disputed deliverable.
func TestMoney_EscrowCommissionAndDisputes(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.exec(`UPDATE ad_requests SET status = 'accepted', escrow_state = 'funded', escrow_cents = payment_amount, commission_bps = 1000 WHERE id = ?`, w.onPhone)
	w.exec(`UPDATE ad_requests SET status = 'accepted', escrow_state = 'disputed', escrow_cents = payment_amount, commission_bps = 1500 WHERE id = ?`, w.onZebra)
	w.exec(`INSERT INTO deliverables (id, ad_request_id, seq, platform, content_type, quantity, due_date, status, dispute_reason, disputed_by, created_at, updated_at)
		VALUES (?, ?, 1, 'instagram', 'reel', 1, '2026-12-01', 'disputed', 'Never posted', 'sponsor', ?, ?)`, domain.NewID(), w.onZebra, worldTime, worldTime)

	e, err := SponsorEscrow(ctx, w.st.R, w.sponsor)
	if err != nil || e.InEscrow != 400_000 || e.Deals != 2 || e.Disputed != 1 {
		t.Fatalf("sponsor escrow %+v, %v; want 400000 in 2 deals, 1 disputed", e, err)
	}
	if _, err := SponsorEscrow(ctx, w.st.R, w.infl); code(err) != domain.CodeForbidden {
		t.Fatalf("an influencer's escrow: %v, want forbidden", err)
	}

	if bps, err := CommissionBps(ctx, w.st.R); err != nil || bps != 1000 {
		t.Fatalf("default commission %d, %v", bps, err)
	}
	w.exec(`INSERT INTO platform_settings (id, commission_bps, updated_at) VALUES ('platform', 1250, ?)`, worldTime)
	if bps, err := CommissionBps(ctx, w.st.R); err != nil || bps != 1250 {
		t.Fatalf("set commission %d, %v", bps, err)
	}

	rows, err := Disputes(ctx, w.st.R, w.adm)
	if err != nil || len(rows) != 1 || rows[0].AdRequestID != w.onZebra || rows[0].EscrowCents != 100_000 ||
		rows[0].CommissionBps != 1500 || rows[0].Sponsor != "Maya" || len(rows[0].Disputes) != 1 ||
		rows[0].Disputes[0].Reason != "Never posted" || rows[0].Disputes[0].By != "sponsor" {
		t.Fatalf("disputes %+v, %v", rows, err)
	}
	if _, err := Disputes(ctx, w.st.R, w.sponsor); code(err) != domain.CodeForbidden {
		t.Fatalf("a sponsor reading the disputes queue: %v, want forbidden", err)
	}
}

// A deliverable that a pending outbox entry changes is marked queued on the deal
// page; once the entry is gone (pushed), it is not.
func TestGetDeal_QueuedDeliverable(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	del := domain.NewID()
	w.exec(`UPDATE ad_requests SET status = 'accepted' WHERE id = ?`, w.onPhone)
	w.exec(`INSERT INTO deliverables (id, ad_request_id, seq, platform, content_type, quantity, due_date, status, created_at, updated_at)
		VALUES (?, ?, 1, 'instagram', 'reel', 1, '2026-12-01', 'draft_submitted', ?, ?)`, del, w.onPhone, worldTime, worldTime)
	w.exec(`INSERT INTO outbox (mutation_id, name, args_json, created_at) VALUES (9, 'deliverable.submitDraft', ?, ?)`,
		`{"deliverable_id":"`+del+`","draft_text":"x"}`, worldTime)
	d, err := GetDeal(ctx, w.st.R, w.infl, w.onPhone, "2026-11-15")
	if err != nil || len(d.Deliverables) != 1 || !d.Deliverables[0].Queued {
		t.Fatalf("a deliverable with a pending change: %+v, %v; want queued", d.Deliverables, err)
	}
	w.exec(`DELETE FROM outbox WHERE mutation_id = 9`)
	if d, err = GetDeal(ctx, w.st.R, w.infl, w.onPhone, "2026-11-15"); err != nil || d.Deliverables[0].Queued {
		t.Fatalf("after the push: %+v, %v; want not queued", d.Deliverables, err)
	}
}

// The ad-request detail offers what the mutators allow: an accepted deal with
// deliverables is not marked complete by hand (it completes when the last is
// accepted), and once work is delivered it is not withdrawn; one without
// deliverables is marked complete by its sponsor.
func TestAdRequest_ActionsFollowTheDeliverables(t *testing.T) {
	w := newDealWorld(t) // accepted, two deliverables to do
	a, err := AdRequest(bg, w.st.R, w.sponsor, w.req)
	if err != nil || a.Actions.Complete || !a.Actions.Withdraw {
		t.Fatalf("accepted with deliverables to do: %+v, %v; want withdraw, not complete", a.Actions, err)
	}
	w.exec(`UPDATE deliverables SET status = 'posted' WHERE ad_request_id = ? AND seq = 1`, w.req)
	if a, err = AdRequest(bg, w.st.R, w.infl, w.req); err != nil || a.Actions.Withdraw || a.Actions.Complete {
		t.Fatalf("with a deliverable posted: %+v, %v; want neither", a.Actions, err)
	}
	w.exec(`UPDATE ad_requests SET status = 'accepted' WHERE id = ?`, w.onPhone)
	if a, err = AdRequest(bg, w.st.R, w.sponsor, w.onPhone); err != nil || !a.Actions.Complete || !a.Actions.Withdraw {
		t.Fatalf("accepted without deliverables: %+v, %v; want complete and withdraw", a.Actions, err)
	}
}
