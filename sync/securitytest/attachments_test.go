package securitytest

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"testing"

	"iescp/backend/blobs"
	"iescp/backend/domain"
	"iescp/backend/mutate"
)

func pngBytes(t *testing.T, w int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, 1))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestAttachmentsAreNotServedToStrangers: a draft's attachment, uploaded by its
// influencer, reaches the deal's sponsor with its sniffed type and nosniff; every
// other account gets 404 as for a blob that does not exist, and no token 401.
func TestAttachmentsAreNotServedToStrangers(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	owner := approvedSponsor(t, s, "attOwner")
	party := register(t, s, "influencer", "attParty")
	stranger := register(t, s, "influencer", "attStranger")
	otherSponsor := approvedSponsor(t, s, "attOtherSponsor")
	r, o := owner.send(t, owner.campaign(t, "private", true, 1000), party, 10)
	// send carries no deliverables: counter with one, then the sponsor accepts.
	o2 := domain.NewID()
	party.must(t, "adRequest.counter", map[string]any{"ad_request_id": r, "offer_id": o2, "in_reply_to": o, "amount": 10,
		"requirements": "one reel", "deliverables": []map[string]any{
			{"platform": "tiktok", "content_type": "short", "quantity": 1, "due_date": "2099-01-01"}}})
	owner.must(t, "adRequest.accept", map[string]any{"ad_request_id": r, "offer_id": o2})
	img := pngBytes(t, 3)
	sha := blobs.Hash(img)
	party.must(t, "deliverable.submitDraft", map[string]any{"deliverable_id": mutate.DeliverableID(o2, 0), "draft_text": "d",
		"attachments": []map[string]any{{"sha256": sha, "name": "a.png", "size": len(img), "content_type": "image/png"}}})
	url := s.URL + "/v1/attachments/" + sha

	do(t, party.http, "GET", url, owner.access, nil).expectError(t, http.StatusConflict, "not_uploaded")
	if rep := do(t, party.http, "PUT", url, party.access, img); rep.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", rep.Status, rep.Body)
	}
	rep := do(t, owner.http, "GET", url, owner.access, nil)
	if rep.Status != http.StatusOK || !bytes.Equal(rep.Body, img) || rep.Header.Get("Content-Type") != "image/png" ||
		rep.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("the sponsor's fetch: %d %v", rep.Status, rep.Header)
	}
	missing := blobs.Hash([]byte("nothing"))
	for _, a := range []*actor{stranger, otherSponsor} {
		do(t, a.http, "GET", url, a.access, nil).expectError(t, http.StatusNotFound, "not_found")
		// In the same words as a blob that does not exist at all.
		want := do(t, a.http, "GET", s.URL+"/v1/attachments/"+missing, a.access, nil).errorBody(t)
		got := do(t, a.http, "GET", url, a.access, nil).errorBody(t)
		if len(got.Message) != len(want.Message) {
			t.Errorf("%s: the refusal %q differs from a missing blob's %q", a.Name, got.Message, want.Message)
		}
	}
	do(t, newClient(), "GET", url, "", nil).expectError(t, http.StatusUnauthorized, "unauthenticated")
}

// TestDisguisedAndOversizeUploadsAreRefused: the type comes from the bytes, not
// the name or the Content-Type; an executable or HTML "PNG" is 415, more than
// 8 MiB is 413, and none of them is kept.
func TestDisguisedAndOversizeUploadsAreRefused(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	a := register(t, s, "influencer", "attUploader")
	put := func(body []byte, contentType string) *reply {
		req, err := http.NewRequest("PUT", s.URL+"/v1/attachments/"+blobs.Hash(body), bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Authorization", "Bearer "+a.access)
		resp, err := a.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out bytes.Buffer
		_, _ = out.ReadFrom(resp.Body)
		return &reply{Status: resp.StatusCode, Header: resp.Header, Body: out.Bytes()}
	}
	for name, body := range map[string][]byte{
		"html as png":      []byte("<!DOCTYPE html><html><body><script>fetch('/v1/wallet')</script></body></html>"),
		"svg as png":       []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`),
		"elf as png":       append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 120)...),
		"exe as png":       append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 120)...),
		"png magic + html": []byte("\x89PNG\r\n\x1a\n<script>alert(1)</script>"),
	} {
		t.Run(name, func(t *testing.T) {
			put(body, "image/png").expectError(t, http.StatusUnsupportedMediaType, "unsupported_media_type")
			do(t, a.http, "GET", s.URL+"/v1/attachments/"+blobs.Hash(body), a.access, nil).
				expectError(t, http.StatusNotFound, "not_found")
		})
	}
	big := append(pngBytes(t, 1), make([]byte, blobs.MaxBytes)...)
	put(big, "image/png").expectError(t, http.StatusRequestEntityTooLarge, "payload_too_large")
}
