package desktop

import (
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// Accepting answers the queued change's handle; SyncService.Undo takes it back
// while it waits (the request is pending again, nothing is left to push) and
// refuses once it has been sent.
func TestSyncService_UndoAnAcceptWhileQueued(t *testing.T) {
	n := newNegotiation(t)
	id, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 125_000, Requirements: "Two reels"})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the request on the influencer's desktop", func() bool { return listAll(t, n.iAds, "").Total == 1 })
	// The influencer's loop is paused: a change stays queued until SyncNow.
	sess, _ := n.infl.active()
	sess.engine.Stop()
	d, _ := n.iAds.Get(id)
	q, err := n.iAds.Accept(mutate.AdRequestAccept{AdRequestID: id, OfferID: d.LatestOfferID})
	if err != nil || q.ChangeID == "" || q.ID == 0 {
		t.Fatalf("accept: %+v, %v", q, err)
	}
	if d, _ := n.iAds.Get(id); d.Status != "accepted" {
		t.Fatalf("optimistic accept: %s", d.Status)
	}
	if ok, err := n.infl.Sync.CanUndo(q.ChangeID); err != nil || !ok {
		t.Fatalf("can undo while queued: %v, %v", ok, err)
	}
	if err := n.infl.Sync.Undo(q.ChangeID); err != nil {
		t.Fatalf("undo: %v", err)
	}
	if d, _ := n.iAds.Get(id); d.Status != "pending" || !d.Actions.Accept || d.Queued {
		t.Fatalf("after undo: status %s, accept %v, queued %v; want pending, acceptable, nothing queued", d.Status, d.Actions.Accept, d.Queued)
	}
	if st, _ := n.infl.Sync.Status(); st.Pending != 0 {
		t.Fatalf("pending %d after undo, want 0", st.Pending)
	}
	if err := n.infl.Sync.Undo(q.ChangeID); uiCode(t, err) != domain.CodeInvalidTransition {
		t.Fatalf("undo twice: %v", err)
	}

	// Accepted again and sent: no undo any more.
	q, err = n.iAds.Accept(mutate.AdRequestAccept{AdRequestID: id, OfferID: d.LatestOfferID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.infl.Sync.SyncNow(); err != nil {
		t.Fatal(err)
	}
	if ok, _ := n.infl.Sync.CanUndo(q.ChangeID); ok {
		t.Fatal("a sent change is offered for undo")
	}
	if err := n.infl.Sync.Undo(q.ChangeID); uiCode(t, err) != domain.CodeInvalidTransition {
		t.Fatalf("undo after sending: %v", err)
	}
}
