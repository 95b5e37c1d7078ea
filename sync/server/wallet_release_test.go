package server

import (
	"net/http"
	"strings"
	"testing"

	"iescp/backend/blobs"
	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// The influencer's three figures read right through a whole deal on the real
// server: while the deal is funded the gross escrow is pending and nothing is
// available; once the sponsor accepts the last proof the release moves it out of
// pending into available, less the commission fixed on the request, and a payout
// then moves it into paid. The sponsor's wallet is charged the gross once.
func TestWallet_EarningsAcrossRelease(t *testing.T) {
	e := newEnv(t, Config{})
	sponsor, stok := e.account(domain.RoleSponsor)
	e.s.db.W.MustExec(`UPDATE sponsor_profiles SET approval = 'approved' WHERE account_id = ?`, sponsor)
	e.topUp(sponsor, 100_00)
	infl, itok := e.account(domain.RoleInfluencer)
	sc, ic := domain.NewID(), domain.NewID()

	camp, req, offer := domain.NewID(), domain.NewID(), domain.NewID()
	cc := draft(camp)
	cc.Publish = true
	e.mustPush(stok, sc, mut(1, "campaign.create", cc),
		mut(2, "adRequest.send", mutate.AdRequestSend{ID: req, OfferID: offer, CampaignID: camp, InfluencerID: infl,
			Amount: 60_00, Requirements: "One reel", Deliverables: []domain.DeliverableTerm{
				{Platform: "instagram", ContentType: "reel", Quantity: 1, DueDate: "2030-04-10", Brief: "Show the box"}}}))
	del := mutate.DeliverableID(offer, 0)
	e.mustPush(itok, ic, mut(1, "adRequest.accept", mutate.AdRequestAccept{AdRequestID: req, OfferID: offer}),
		mut(2, "deliverable.submitDraft", mutate.DeliverableSubmitDraft{DeliverableID: del, DraftText: "Unboxing!"}))
	e.mustPush(stok, sc, mut(3, "deliverable.approveDraft", mutate.DeliverableApproveDraft{DeliverableID: del}))
	e.mustPush(itok, ic, mut(3, "deliverable.submitProof", mutate.DeliverableSubmitProof{DeliverableID: del,
		ProofURL: "https://instagram.com/p/abc", PostedAt: e.clock.Now(),
		Screenshot: &blobs.Ref{SHA256: strings.Repeat("ab", 32), Name: "post.png", Size: 2048, ContentType: blobs.TypePNG}}))

	if _, w := e.wallet(itok); *w.Pending != 60_00 || *w.Available != 0 || *w.Paid != 0 {
		t.Fatalf("funded, before the release: pending %d available %d paid %d; want 6000/0/0", *w.Pending, *w.Available, *w.Paid)
	}
	e.mustPush(stok, sc, mut(4, "deliverable.acceptProof", mutate.DeliverableAcceptProof{DeliverableID: del}))

	// The default commission, 10 %, fixed at acceptance: 54.00 to the influencer.
	if _, w := e.wallet(itok); *w.Pending != 0 || *w.Available != 54_00 || *w.Paid != 0 || w.Balance != 54_00 {
		t.Fatalf("after the release: pending %d available %d paid %d; want 0/5400/0", *w.Pending, *w.Available, *w.Paid)
	}
	if _, w := e.wallet(stok); w.Balance != 40_00 {
		t.Fatalf("the sponsor's wallet %d after the release, want 4000", w.Balance)
	}

	if status, body := e.setPayoutAccount(itok, map[string]string{"kind": "iban", "holder": "Ana", "iban": "DE89370400440532013000"}); status != http.StatusOK {
		t.Fatalf("payout account: %d %s", status, body)
	}
	if status, _, body := e.requestPayout(itok, "p1", 54_00); status != http.StatusCreated {
		t.Fatalf("payout: %d %s", status, body)
	}
	if _, w := e.wallet(itok); *w.Pending != 0 || *w.Available != 0 || *w.Paid != 54_00 {
		t.Fatalf("after the payout: pending %d available %d paid %d; want 0/0/5400", *w.Pending, *w.Available, *w.Paid)
	}
}
