package server

import (
	"net/http"
	"testing"

	"iescp/backend/blobs"
	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// A deal message's attachment is fetched by the other party once the message's
// author uploaded it (not_uploaded before); a stranger gets not_found; naming in
// one's own message a blob that another account uploaded fetches nothing.
func TestAttachments_OfAMessage(t *testing.T) {
	e := newEnv(t, Config{})
	sponsor, stok := e.account(domain.RoleSponsor)
	e.s.db.W.MustExec(`UPDATE sponsor_profiles SET approval = 'approved' WHERE account_id = ?`, sponsor)
	infl, itok := e.account(domain.RoleInfluencer)
	_, otok := e.account(domain.RoleInfluencer)
	sc, ic := domain.NewID(), domain.NewID()

	mine, theirs := testPNG(t, 3), testPNG(t, 4)
	mineRef, theirsRef := refOf(t, "mockup.png", mine), refOf(t, "theirs.png", theirs)
	if status, _, body := e.do(http.MethodPut, attachmentsPath+theirsRef.SHA256, otok, theirs); status != http.StatusCreated {
		t.Fatalf("stranger's upload: %d %s", status, body)
	}
	camp, req, offer := domain.NewID(), domain.NewID(), domain.NewID()
	cc := draft(camp)
	cc.Publish = true
	e.mustPush(stok, sc, mut(1, "campaign.create", cc),
		mut(2, "adRequest.send", mutate.AdRequestSend{ID: req, OfferID: offer, CampaignID: camp, InfluencerID: infl,
			Amount: 50_00, Requirements: "One reel"}))
	e.mustPush(itok, ic, mut(1, "adRequest.message", mutate.AdRequestMessage{ID: domain.NewID(), AdRequestID: req,
		Body: "A mockup", Attachments: []blobs.Ref{mineRef, theirsRef}}))

	get := func(tok, sha string) (int, []byte) {
		status, _, body := e.do(http.MethodGet, attachmentsPath+sha, tok, nil)
		return status, body
	}
	status, body := get(stok, mineRef.SHA256)
	e.wantError(status, body, http.StatusConflict, domain.CodeNotUploaded)
	if status, _, body := e.do(http.MethodPut, attachmentsPath+mineRef.SHA256, itok, mine); status != http.StatusCreated {
		t.Fatalf("upload: %d %s", status, body)
	}
	if status, body := get(stok, mineRef.SHA256); status != http.StatusOK || string(body) != string(mine) {
		t.Fatalf("the other party's fetch: %d (%d bytes)", status, len(body))
	}
	// The stranger's blob, named in the influencer's message: the sponsor does
	// not get it through the message (the message's author never uploaded it).
	status, body = get(stok, theirsRef.SHA256)
	e.wantError(status, body, http.StatusConflict, domain.CodeNotUploaded)
	// A third account that is no party gets not_found for the influencer's blob.
	_, xtok := e.account(domain.RoleInfluencer)
	status, body = get(xtok, mineRef.SHA256)
	e.wantError(status, body, http.StatusNotFound, domain.CodeNotFound)
}
