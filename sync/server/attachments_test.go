package server

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"testing"

	"iescp/backend/blobs"
	"iescp/backend/domain"
	"iescp/backend/mutate"
)

func testPNG(t *testing.T, seed uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(1, 1, color.RGBA{seed, seed, 9, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const testPDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

func refOf(t *testing.T, name string, b []byte) blobs.Ref {
	t.Helper()
	ct, err := blobs.Sniff(b)
	if err != nil {
		t.Fatal(err)
	}
	return blobs.Ref{SHA256: blobs.Hash(b), Name: name, Size: int64(len(b)), ContentType: ct}
}

// An influencer's draft names two attachments before uploading them: the
// sponsor's fetch answers not_uploaded until the influencer's upload, then the
// bytes with their sniffed type; a stranger, and the sponsor for a blob the
// influencer never uploaded (only named), get 404 or not_uploaded, never bytes.
func TestAttachments_UploadAndFetch(t *testing.T) {
	e := newEnv(t, Config{})
	sponsor, stok := e.account(domain.RoleSponsor)
	e.s.db.W.MustExec(`UPDATE sponsor_profiles SET approval = 'approved' WHERE account_id = ?`, sponsor)
	e.topUp(sponsor, 1_000_000)
	infl, itok := e.account(domain.RoleInfluencer)
	_, otok := e.account(domain.RoleInfluencer)
	admin, _ := e.account(domain.RoleAdmin)
	atok := e.token(admin)
	sc, ic := domain.NewID(), domain.NewID()

	img, doc, other := testPNG(t, 1), []byte(testPDF), testPNG(t, 2)
	imgRef, docRef, otherRef := refOf(t, "look.png", img), refOf(t, "script.pdf", doc), refOf(t, "theirs.png", other)
	// Another account uploads a blob first; the influencer then names its hash.
	if status, _, body := e.do(http.MethodPut, attachmentsPath+otherRef.SHA256, otok, other); status != http.StatusCreated {
		t.Fatalf("other's upload: %d %s", status, body)
	}

	camp, req, offer := domain.NewID(), domain.NewID(), domain.NewID()
	cc := draft(camp)
	cc.Publish = true
	e.mustPush(stok, sc, mut(1, "campaign.create", cc),
		mut(2, "adRequest.send", mutate.AdRequestSend{ID: req, OfferID: offer, CampaignID: camp, InfluencerID: infl,
			Amount: 50_00, Requirements: "One reel", Deliverables: []domain.DeliverableTerm{
				{Platform: "instagram", ContentType: "reel", Quantity: 1, DueDate: "2030-04-10"}}}))
	del := mutate.DeliverableID(offer, 0)
	e.mustPush(itok, ic, mut(1, "adRequest.accept", mutate.AdRequestAccept{AdRequestID: req, OfferID: offer}),
		mut(2, "deliverable.submitDraft", mutate.DeliverableSubmitDraft{DeliverableID: del, DraftText: "Unboxing!",
			Attachments: []blobs.Ref{imgRef, docRef, otherRef}}))

	get := func(tok, sha string) (int, http.Header, []byte) {
		return e.do(http.MethodGet, attachmentsPath+sha, tok, nil)
	}
	// Mutation before blob: the party hears "not yet", the stranger "no such thing".
	status, _, body := get(stok, imgRef.SHA256)
	e.wantError(status, body, http.StatusConflict, domain.CodeNotUploaded)
	status, _, body = get(otok, imgRef.SHA256)
	e.wantError(status, body, http.StatusNotFound, domain.CodeNotFound)

	// Uploads are checked: the hash, the type, the size.
	status, _, body = e.do(http.MethodPut, attachmentsPath+imgRef.SHA256, itok, other)
	e.wantError(status, body, http.StatusBadRequest, domain.CodeInvalidArgument)
	html := []byte("<!DOCTYPE html><script>alert(1)</script>")
	status, _, body = e.do(http.MethodPut, attachmentsPath+blobs.Hash(html), itok, html)
	e.wantError(status, body, http.StatusUnsupportedMediaType, domain.CodeUnsupportedMediaType)
	big := append([]byte(testPDF), make([]byte, blobs.MaxBytes)...)
	status, _, body = e.do(http.MethodPut, attachmentsPath+blobs.Hash(big), itok, big)
	e.wantError(status, body, http.StatusRequestEntityTooLarge, domain.CodePayloadTooLarge)
	status, _, body = e.do(http.MethodPut, attachmentsPath+"../../etc", itok, img)
	if status == http.StatusCreated || status == http.StatusOK {
		t.Fatalf("a path that is not a hash: %d %s", status, body)
	}
	status, _, body = e.do(http.MethodPut, attachmentsPath+imgRef.SHA256, atok, img)
	e.wantError(status, body, http.StatusForbidden, domain.CodeForbidden)
	if n := e.count(`SELECT COUNT(*) FROM attachments`); n != 1 {
		t.Fatalf("refused uploads kept: %d blobs", n)
	}

	for _, b := range [][]byte{img, doc} {
		if status, _, body := e.do(http.MethodPut, attachmentsPath+blobs.Hash(b), itok, b); status != http.StatusCreated {
			t.Fatalf("upload: %d %s", status, body)
		}
	}
	if status, _, body := e.do(http.MethodPut, attachmentsPath+imgRef.SHA256, itok, img); status != http.StatusOK {
		t.Fatalf("upload again: %d %s", status, body)
	}

	for who, tok := range map[string]string{"sponsor": stok, "influencer": itok, "admin": atok} {
		status, h, body := get(tok, imgRef.SHA256)
		if status != http.StatusOK || !bytes.Equal(body, img) || h.Get("Content-Type") != blobs.TypePNG ||
			h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Content-Disposition") != "inline" {
			t.Fatalf("%s fetching the image: %d %v", who, status, h)
		}
	}
	status, h, body := get(stok, docRef.SHA256)
	if status != http.StatusOK || !bytes.Equal(body, doc) || h.Get("Content-Type") != blobs.TypePDF ||
		h.Get("Content-Disposition") != `attachment; filename="`+docRef.SHA256+`.pdf"` || h.Get("Content-Security-Policy") == "" {
		t.Fatalf("sponsor fetching the PDF: %d %v", status, h)
	}
	// The stranger still gets nothing, for a stored blob as for a missing one.
	status, _, body = get(otok, imgRef.SHA256)
	e.wantError(status, body, http.StatusNotFound, domain.CodeNotFound)
	status, _, body = get(otok, "not-a-hash")
	e.wantError(status, body, http.StatusNotFound, domain.CodeNotFound)
	// Naming someone else's blob does not fetch it: the influencer never
	// uploaded those bytes, so for the deal they are not uploaded yet.
	status, _, body = get(stok, otherRef.SHA256)
	e.wantError(status, body, http.StatusConflict, domain.CodeNotUploaded)
	if status, _, _ := get(otok, otherRef.SHA256); status != http.StatusOK {
		t.Fatalf("the uploader fetching its own blob: %d", status)
	}
}

// One account's uploads are bounded in all (Config.MaxAttachmentBytes): past the
// bound, 403 quota_exceeded and nothing kept; bytes it already uploaded cost
// nothing again, and another account has its own allowance.
func TestAttachments_QuotaPerAccount(t *testing.T) {
	a, b := testPNG(t, 1), testPNG(t, 2)
	e := newEnv(t, Config{MaxAttachmentBytes: int64(len(a) + len(b) - 1)})
	_, itok := e.account(domain.RoleInfluencer)
	_, otok := e.account(domain.RoleInfluencer)
	put := func(tok string, body []byte) (int, []byte) {
		status, _, resp := e.do(http.MethodPut, attachmentsPath+blobs.Hash(body), tok, body)
		return status, resp
	}
	if status, body := put(itok, a); status != http.StatusCreated {
		t.Fatalf("first: %d %s", status, body)
	}
	status, body := put(itok, b)
	e.wantError(status, body, http.StatusForbidden, domain.CodeQuotaExceeded)
	if status, body := put(itok, a); status != http.StatusOK {
		t.Fatalf("the same bytes again: %d %s", status, body)
	}
	if status, body := put(otok, b); status != http.StatusCreated {
		t.Fatalf("another account: %d %s", status, body)
	}
	if n := e.count(`SELECT COUNT(*) FROM attachment_uploaders`); n != 2 {
		t.Fatalf("%d uploads recorded, want 2", n)
	}
}
