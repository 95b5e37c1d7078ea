package desktop

import (
	"strings"
	"testing"

	"iescp/backend/blobs"
	"iescp/backend/domain"
	"iescp/backend/ledger"
	"iescp/backend/mutate"
)

// A whole deal across two desktops and the real server: the sponsor offers
// deliverables, the influencer accepts, drafts, revises and posts; the sponsor
// asks for changes, approves and accepts the proof — each through DealService,
// each seen by the other desktop after sync.
func TestDealService_DeliverableStepsAcrossDesktops(t *testing.T) {
	n := newNegotiation(t)
	sDeals, iDeals := NewDealService(n.sponsor), NewDealService(n.infl)
	id, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 120_000,
		Requirements: "Launch", Deliverables: []domain.DeliverableTerm{
			{Platform: "instagram", ContentType: "reel", Quantity: 1, DueDate: "2099-01-31", Brief: "Unboxing"}}})
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	waitFor(t, "the request on the influencer's desktop", func() bool { return listAll(t, n.iAds, "pending").Total == 1 })
	d, err := iDeals.Get(id)
	if err != nil || len(d.Thread) != 1 || len(d.Thread[0].Deliverables) != 1 || len(d.Deliverables) != 0 {
		t.Fatalf("influencer's deal before accepting: %+v, %v", d, err)
	}
	if err := n.iAds.Accept(mutate.AdRequestAccept{AdRequestID: id, OfferID: d.LatestOfferID}); err != nil {
		t.Fatalf("accept: %v", err)
	}
	d, _ = iDeals.Get(id)
	if len(d.Deliverables) != 1 || !d.Deliverables[0].Actions.SubmitDraft {
		t.Fatalf("influencer's deal after accepting: %+v", d.Deliverables)
	}
	del := d.Deliverables[0].ID
	todo, err := iDeals.Todo()
	if err != nil || len(todo) != 1 || todo[0].Step != "submit_draft" || todo[0].AdRequestID != id {
		t.Fatalf("influencer's to-do: %+v, %v", todo, err)
	}

	// A draft: shown at once on this desktop (queued until the engine pushes it,
	// which an online desktop may already have done: the Queued flag itself is
	// tested on a replica in backend/queries), the sponsor reviews it after sync.
	if err := iDeals.SubmitDraft(mutate.DeliverableSubmitDraft{DeliverableID: del, DraftText: "Caption", DraftLinks: []string{"https://x.test/a"}}); err != nil {
		t.Fatalf("draft: %v", err)
	}
	if d, _ = iDeals.Get(id); d.Deliverables[0].Status != "draft_submitted" {
		t.Fatalf("the influencer's own draft: %+v, want draft_submitted", d.Deliverables[0])
	}
	waitFor(t, "the draft on the sponsor's desktop", func() bool {
		items, _ := sDeals.Todo()
		return len(items) == 1 && items[0].Step == "review_draft"
	})
	if err := sDeals.SubmitProof(mutate.DeliverableSubmitProof{DeliverableID: del, ProofURL: "https://x.test/p", PostedAt: testNow(), Screenshot: testShot()}); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("the sponsor submitting a proof: %v, want forbidden", err)
	}
	if err := sDeals.RequestChanges(mutate.DeliverableRequestChanges{DeliverableID: del, Comment: "Show the logo"}); err != nil {
		t.Fatalf("changes: %v", err)
	}
	waitFor(t, "the request for changes on the influencer's desktop", func() bool {
		d, err := iDeals.Get(id)
		return err == nil && d.Deliverables[0].Status == "changes_requested" && d.Deliverables[0].ChangeComment == "Show the logo"
	})
	// The revised draft carries an attachment: the sponsor's deal names it (the
	// bytes are fetched on demand, AttachmentService's business).
	storyboard := blobs.Ref{SHA256: strings.Repeat("cd", 32), Name: "storyboard.pdf", Size: 4096, ContentType: "application/pdf"}
	if err := iDeals.SubmitDraft(mutate.DeliverableSubmitDraft{DeliverableID: del, DraftText: "Caption with the logo",
		Attachments: []blobs.Ref{storyboard}}); err != nil {
		t.Fatalf("second draft: %v", err)
	}
	waitFor(t, "the second draft on the sponsor's desktop", func() bool {
		d, err := sDeals.Get(id)
		return err == nil && d.Deliverables[0].Actions.Review && d.Deliverables[0].DraftText == "Caption with the logo"
	})
	if d, _ = sDeals.Get(id); len(d.Deliverables[0].DraftAttachments) != 1 || d.Deliverables[0].DraftAttachments[0] != storyboard ||
		d.Actions.Complete {
		t.Fatalf("the sponsor's deal with the draft: attachments %+v, actions %+v; want the storyboard and no 'mark complete'",
			d.Deliverables[0].DraftAttachments, d.Actions)
	}
	if err := sDeals.ApproveDraft(mutate.DeliverableApproveDraft{DeliverableID: del}); err != nil {
		t.Fatalf("approve: %v", err)
	}
	waitFor(t, "the approval on the influencer's desktop", func() bool {
		items, _ := iDeals.Todo()
		return len(items) == 1 && items[0].Step == "submit_proof"
	})
	if err := iDeals.SubmitProof(mutate.DeliverableSubmitProof{DeliverableID: del, ProofURL: "https://instagram.test/p/1", PostedAt: testNow(), Screenshot: testShot()}); err != nil {
		t.Fatalf("proof: %v", err)
	}
	waitFor(t, "the proof on the sponsor's desktop", func() bool {
		d, err := sDeals.Get(id)
		return err == nil && d.Deliverables[0].Actions.AcceptProof && d.Deliverables[0].AutoAcceptAfter != ""
	})
	if d, _ = sDeals.Get(id); d.Deliverables[0].ProofScreenshot == nil || *d.Deliverables[0].ProofScreenshot != *testShot() {
		t.Fatalf("the sponsor's view of the proof's screenshot = %+v, want %+v", d.Deliverables[0].ProofScreenshot, testShot())
	}
	if err := sDeals.AcceptProof(mutate.DeliverableAcceptProof{DeliverableID: del}); err != nil {
		t.Fatalf("accept proof: %v", err)
	}
	waitFor(t, "the accepted proof and the release on the influencer's desktop", func() bool {
		d, err := iDeals.Get(id)
		return err == nil && d.Deliverables[0].Status == "accepted" && d.Escrow.State == "released"
	})
	// The server released the escrow less the commission fixed at acceptance.
	d, _ = iDeals.Get(id)
	if e := d.Escrow; e.Cents != 120_000 || e.ReleasedCents != 120_000 ||
		e.CommissionCents != ledger.Commission(120_000, e.CommissionBps) || e.InfluencerCents != 120_000-e.CommissionCents || e.CommissionBps <= 0 {
		t.Fatalf("the released escrow = %+v", e)
	}
	if err := iDeals.Dispute(mutate.DeliverableDispute{DeliverableID: del, Reason: "late"}); uiCode(t, err) != domain.CodeInvalidTransition {
		t.Fatalf("disputing an accepted deliverable: %v, want invalid_transition", err)
	}
	d, _ = iDeals.Get(id)
	var kinds []string
	for _, e := range d.Timeline {
		kinds = append(kinds, e.Kind)
	}
	// Its only deliverable accepted, the deal completed (and its escrow was released).
	want := []string{"offer.opened", "request.accepted", "escrow.funded", "deliverable.changes_requested", "deliverable.draft_submitted",
		"deliverable.approved", "deliverable.posted", "deliverable.proof_accepted", "request.completed"}
	if len(kinds) != len(want) {
		t.Fatalf("influencer's timeline = %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("influencer's timeline = %v, want %v", kinds, want)
		}
	}
	if _, err := iDeals.Get(domain.NewID()); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("an unknown deal: %v", err)
	}
	if items, _ := sDeals.Todo(); len(items) != 0 {
		t.Fatalf("sponsor's to-do at the end: %+v", items)
	}
}

// testShot is a proof's screenshot reference (the proof requires one; its bytes
// are another test's business).
func testShot() *blobs.Ref {
	return &blobs.Ref{SHA256: strings.Repeat("ab", 32), Name: "post.png", Size: 2048, ContentType: "image/png"}
}
