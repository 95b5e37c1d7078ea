package client_test

import (
	"context"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/sync/client"
	"iescp/sync/protocol"
)

// dealWithDeliverables has the sponsor send the influencer an ad request whose
// opening offer carries n deliverables and the influencer accept it, everyone
// synced; returns the deliverables' IDs.
func (w *world) dealWithDeliverables(n int) []string {
	w.t.Helper()
	req, offer := domain.NewID(), domain.NewID()
	items := make([]map[string]any, n)
	for i := range items {
		items[i] = map[string]any{"platform": "youtube", "content_type": "short", "quantity": 1, "due_date": "2026-12-10",
			"brief": "Unboxing"}
	}
	w.sponsor.must("adRequest.send", map[string]any{"id": req, "offer_id": offer, "campaign_id": w.campaign,
		"influencer_id": w.infl.user.ID, "amount": 40_000, "requirements": "shorts", "deliverables": items})
	w.sponsor.sync()
	w.infl.sync()
	w.infl.must("adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": offer})
	// The influencer's desktop makes the rows at once, with the server's IDs.
	ids := make([]string, n)
	for i := range ids {
		ids[i] = mutate.DeliverableID(offer, i)
		if got := w.infl.get(`SELECT status FROM deliverables WHERE id = ?`, ids[i]); got != "todo" {
			w.t.Fatalf("optimistic deliverable %d: %s", i, got)
		}
	}
	w.infl.sync()
	w.sponsor.sync()
	return ids
}

// An influencer submits a proof offline; after both sync the sponsor accepts it,
// and both replicas converge on the server's rows.
func TestSync_DeliverableProofOfflineThenAccepted(t *testing.T) {
	w := newWorld(t)
	ids := w.dealWithDeliverables(1)
	d := ids[0]
	if got := w.sponsor.get(`SELECT status FROM deliverables WHERE id = ?`, d); got != "todo" {
		t.Fatalf("sponsor sees the deliverable %s", got)
	}
	w.infl.must("deliverable.submitDraft", map[string]any{"deliverable_id": d, "draft_text": "Script v1",
		"draft_links": []string{"https://drive.example/v1"}})
	w.infl.sync()
	w.sponsor.sync()
	w.sponsor.must("deliverable.approveDraft", map[string]any{"deliverable_id": d})
	w.sponsor.sync()
	w.infl.sync()

	// Offline: the proof shows at once and waits in the outbox.
	w.infl.must("deliverable.submitProof", map[string]any{"deliverable_id": d, "proof_url": "https://youtube.com/shorts/abc",
		"posted_at": w.now.Format("2006-01-02T15:04:05Z07:00"), "screenshot": map[string]any{"sha256": "abababababababababababababababababababababababababababababababab", "name": "post.png", "size": 2048, "content_type": "image/png"}})
	if got := w.infl.get(`SELECT status || ' ' || auto_accept_after FROM deliverables WHERE id = ?`, d); got != "posted 2026-11-26" {
		t.Fatalf("optimistic proof: %s", got)
	}
	if st := w.infl.engine.Status(); st.Pending != 1 {
		t.Fatalf("pending: %d, want 1", st.Pending)
	}
	if got := w.sponsor.get(`SELECT status FROM deliverables WHERE id = ?`, d); got != "approved_for_posting" {
		t.Fatalf("the sponsor sees %s before the influencer syncs", got)
	}
	w.infl.sync()
	w.sponsor.sync()
	if got := w.sponsor.get(`SELECT status || ' ' || proof_url FROM deliverables WHERE id = ?`, d); got != "posted https://youtube.com/shorts/abc" {
		t.Fatalf("sponsor after sync: %s", got)
	}
	w.sponsor.must("deliverable.acceptProof", map[string]any{"deliverable_id": d})
	w.sponsor.sync()
	w.infl.sync()
	if got := w.infl.get(`SELECT status FROM deliverables WHERE id = ?`, d); got != "accepted" {
		t.Fatalf("influencer after the sponsor's accept: %s", got)
	}
	// Its only deliverable accepted, the deal completes and is paid: the influencer
	// hears of both.
	if got := w.infl.get(`SELECT group_concat(kind, ' ') FROM (SELECT kind FROM notifications WHERE account_id = ?
		AND kind IN ('deliverable.proof_accepted', 'deal.completed') ORDER BY kind)`, w.infl.user.ID); got != "deal.completed deliverable.proof_accepted" {
		t.Fatalf("influencer's notifications: %s", got)
	}
	if got := w.infl.get(`SELECT status || ' ' || escrow_state FROM ad_requests WHERE id = (SELECT ad_request_id FROM deliverables WHERE id = ?)`, d); got != "completed released" {
		t.Fatalf("influencer's deal after the last proof was accepted: %s", got)
	}
	for _, dk := range []*desktop{w.admin, w.sponsor, w.infl} {
		dk.sync()
		dk.expectConverged()
	}
}

// Both offline on the same draft: the sponsor approves it while the influencer
// disputes it. The dispute reaches the server first; the approval is refused
// (invalid_transition) and the sponsor's replica is rebased onto the dispute.
func TestSync_DeliverableApproveVersusOfflineDispute(t *testing.T) {
	w := newWorld(t)
	d := w.dealWithDeliverables(2)[1]
	w.infl.must("deliverable.submitDraft", map[string]any{"deliverable_id": d, "draft_text": "Script"})
	w.infl.sync()
	w.sponsor.sync()
	w.sponsor.must("deliverable.approveDraft", map[string]any{"deliverable_id": d})
	w.infl.must("deliverable.dispute", map[string]any{"deliverable_id": d, "reason": "The brief changed after acceptance"})
	if got := w.sponsor.get(`SELECT status FROM deliverables WHERE id = ?`, d); got != "approved_for_posting" {
		t.Fatalf("optimistic approval: %s", got)
	}
	w.infl.sync()
	w.sponsor.sync()
	if got := w.sponsor.get(`SELECT status || ' ' || disputed_by FROM deliverables WHERE id = ?`, d); got != "disputed influencer" {
		t.Fatalf("sponsor after sync: %s, want the dispute", got)
	}
	if got := w.sponsor.rejected(); len(got) != 1 || got[0] != "deliverable.approveDraft:invalid_transition" {
		t.Fatalf("sponsor's sync issues: %v", got)
	}
	for _, dk := range []*desktop{w.admin, w.sponsor, w.infl} {
		dk.sync()
		dk.expectConverged()
	}
}

// The sponsor approves a draft offline while the influencer withdraws the request:
// the server refuses the approval and sends no new deliverable row (it did not
// change there), so only the rebase's undo puts the draft back on the sponsor's
// desktop.
func TestSync_DeliverableApproveVersusWithdraw(t *testing.T) {
	w := newWorld(t)
	d := w.dealWithDeliverables(1)[0]
	req := w.infl.get(`SELECT ad_request_id FROM deliverables WHERE id = ?`, d)
	w.infl.must("deliverable.submitDraft", map[string]any{"deliverable_id": d, "draft_text": "Script"})
	w.infl.sync()
	w.sponsor.sync()
	w.sponsor.must("deliverable.approveDraft", map[string]any{"deliverable_id": d})
	w.infl.must("adRequest.withdraw", map[string]any{"ad_request_id": req, "reason": "Cannot make it"})
	w.infl.sync()
	w.sponsor.sync()
	if got := w.sponsor.get(`SELECT status FROM deliverables WHERE id = ?`, d); got != "draft_submitted" {
		t.Fatalf("sponsor's deliverable after the refused approval: %s, want draft_submitted", got)
	}
	if got := w.sponsor.rejected(); len(got) != 1 || got[0] != "deliverable.approveDraft:invalid_transition" {
		t.Fatalf("sponsor's sync issues: %v", got)
	}
	for _, dk := range []*desktop{w.admin, w.sponsor, w.infl} {
		dk.sync()
		dk.expectConverged()
	}
}

// A request the user may no longer see takes its deliverables with it off the
// replica, like its offers (a del of the request cascades to both).
func TestSync_DelOfRequestTakesItsDeliverables(t *testing.T) {
	w := newWorld(t)
	ids := w.dealWithDeliverables(2)
	d := w.sponsor
	req := d.get(`SELECT ad_request_id FROM deliverables WHERE id = ?`, ids[0])
	var st struct {
		Cursor int64  `db:"cursor"`
		Epoch  string `db:"epoch"`
	}
	if err := d.db.R.Get(&st, `SELECT cursor, epoch FROM sync_state`); err != nil {
		t.Fatal(err)
	}
	round := []*protocol.PullResponse{{Changes: []protocol.Change{{Op: protocol.OpDel, Table: "ad_requests", ID: req}},
		Cursor: st.Cursor, Epoch: st.Epoch}}
	if err := client.ApplyRound(context.Background(), d.db, d.user.ID, round, w.now); err != nil {
		t.Fatal(err)
	}
	if got := d.get(`SELECT (SELECT COUNT(*) FROM ad_requests WHERE id = ?1) || (SELECT COUNT(*) FROM offers WHERE ad_request_id = ?1)
		|| (SELECT COUNT(*) FROM deliverables WHERE ad_request_id = ?1)`, req); got != "000" {
		t.Fatalf("after the request's del: request, offers, deliverables = %s, want 000", got)
	}
}
