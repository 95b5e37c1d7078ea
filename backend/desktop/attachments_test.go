package desktop

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"iescp/backend/blobs"
	"iescp/backend/domain"
	"iescp/backend/localdata"
	"iescp/backend/mutate"
	"iescp/sync/client"
)

// switchProxy stands between one desktop and the real server: down answers
// every request 503 (the server unreachable, as the desktop sees it);
// blockUploads does so for attachment uploads only.
type switchProxy struct {
	URL                string
	down, blockUploads atomic.Bool
}

func newSwitchProxy(t *testing.T, target string) *switchProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.FlushInterval = -1 // the event stream
	p := &switchProxy{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.down.Load() || (p.blockUploads.Load() && r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, "/v1/attachments/")) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error":{"code":"internal","message":"proxy: down"}}`))
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { srv.CloseClientConnections(); srv.Close() })
	p.URL = srv.URL
	return p
}

func pngFile(t *testing.T, seed uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 3, 3))
	img.Set(1, 1, color.RGBA{seed, 40, 90, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const pdfFile = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func states(t *testing.T, as *AttachmentService, shas ...string) map[string]string {
	t.Helper()
	st, err := as.States(shas)
	if err != nil {
		t.Fatalf("states: %v", err)
	}
	out := map[string]string{}
	for k, v := range st {
		out[k] = v.State
	}
	return out
}

func deliverableStatus(s *Services, id string) string {
	sess, err := s.active()
	if err != nil {
		return ""
	}
	var st string
	_ = sess.db.R.Get(&st, `SELECT status FROM deliverables WHERE id = ?`, id)
	return st
}

// The whole path on a real server: the influencer, offline, attaches an image
// and a PDF (refusing a disguised executable) and submits the draft; back
// online the draft syncs while uploads still fail, so the sponsor's desktop
// hears "not uploaded yet"; once the uploader gets through, the sponsor fetches
// both on demand, verified, cached and saved where the dialog says.
func TestAttachments_OfflineDraftReachesTheSponsor(t *testing.T) {
	n := newNegotiation(t)
	id, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 100_000,
		Requirements: "One reel", Message: "Hi", Deliverables: []domain.DeliverableTerm{
			{Platform: "instagram", ContentType: "reel", Quantity: 1, DueDate: "2099-01-10", Brief: "Show the box"}}})
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	// Ivan works from a desktop behind a proxy that can go offline.
	if err := n.infl.Session.SignOut(); err != nil {
		t.Fatal(err)
	}
	proxy := newSwitchProxy(t, n.ts.URL)
	infl, _ := newTestDesktop(t, proxy.URL, "")
	if _, err := infl.Session.SignIn("ivan@creator.test", testPW); err != nil {
		t.Fatalf("influencer sign in: %v", err)
	}
	iAds := NewAdRequestService(infl)
	waitFor(t, "the request on the influencer's desktop", func() bool { return listAll(t, iAds, "").Total == 1 })
	d, err := iAds.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := iAds.Accept(mutate.AdRequestAccept{AdRequestID: id, OfferID: d.LatestOfferID}); err != nil {
		t.Fatalf("accept: %v", err)
	}
	drained(t, infl, "the acceptance to upload")
	del := mutate.DeliverableID(d.LatestOfferID, 0)
	waitFor(t, "the deliverable on the sponsor's desktop", func() bool { return deliverableStatus(n.sponsor, del) == "todo" })

	// Offline: attach, check, draft.
	proxy.down.Store(true)
	ia, sa := NewAttachmentService(infl), NewAttachmentService(n.sponsor)
	lim, _ := ia.Limits()
	if lim.MaxBytes != blobs.MaxBytes || len(lim.ContentTypes) != 4 || len(lim.ImageTypes) != 3 {
		t.Fatalf("limits: %+v", lim)
	}
	img, doc := pngFile(t, 5), []byte(pdfFile)
	if _, err := ia.Add(AttachmentInput{Name: "setup.exe.png", Data: b64(append([]byte("MZ\x90\x00"), make([]byte, 64)...))}); uiCode(t, err) != domain.CodeUnsupportedMediaType {
		t.Fatalf("a disguised executable: %v", err)
	}
	if _, err := ia.Add(AttachmentInput{Name: "big.pdf", Data: b64(append(doc, make([]byte, blobs.MaxBytes)...))}); uiCode(t, err) != domain.CodePayloadTooLarge {
		t.Fatalf("an oversize file: %v", err)
	}
	imgRef, err := ia.Add(AttachmentInput{Name: "look.png", Data: b64(img)})
	if err != nil || imgRef.SHA256 != blobs.Hash(img) || imgRef.ContentType != blobs.TypePNG || imgRef.Name != "look.png" {
		t.Fatalf("add image: %+v, %v", imgRef, err)
	}
	docRef, err := ia.Add(AttachmentInput{Name: "script", Data: b64(doc)})
	if err != nil || docRef.ContentType != blobs.TypePDF {
		t.Fatalf("add pdf: %+v, %v", docRef, err)
	}
	proxy.blockUploads.Store(true)
	mustMutate(t, infl, "deliverable.submitDraft", map[string]any{"deliverable_id": del, "draft_text": "Unboxing",
		"attachments": []blobs.Ref{imgRef, docRef}})
	// Offline the files stay on this desktop: local, or uploading while an attempt
	// that the downed server will refuse is in flight (the uploader starts at once).
	for sha, st := range states(t, ia, imgRef.SHA256, docRef.SHA256) {
		if st != client.BlobLocal && st != client.BlobUploading {
			t.Fatalf("offline state of %s: %v", sha, st)
		}
	}
	// The influencer opens its own attachment offline.
	if c, err := ia.Open(imgRef.SHA256); err != nil || c.ContentType != blobs.TypePNG || c.Data != b64(img) {
		t.Fatalf("open offline: %+v, %v", c.ContentType, err)
	}

	// Online, uploads still failing: the draft syncs first; the sponsor waits.
	proxy.down.Store(false)
	if _, err := infl.Sync.SyncNow(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the draft on the sponsor's desktop", func() bool { return deliverableStatus(n.sponsor, del) == "draft_submitted" })
	if _, err := sa.Open(imgRef.SHA256); uiCode(t, err) != domain.CodeNotUploaded {
		t.Fatalf("sponsor opening before the upload: %v", err)
	}
	if got := states(t, sa, imgRef.SHA256); got[imgRef.SHA256] != client.BlobRemote {
		t.Fatalf("sponsor's state before: %v", got)
	}
	if got := states(t, ia, imgRef.SHA256)[imgRef.SHA256]; got != client.BlobLocal && got != client.BlobUploading {
		t.Fatalf("influencer's state while uploads fail: %v", got)
	}

	// Uploads get through: the uploader retries (kicked by the next sync).
	proxy.blockUploads.Store(false)
	if _, err := infl.Sync.SyncNow(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "both uploads", func() bool {
		got := states(t, ia, imgRef.SHA256, docRef.SHA256)
		return got[imgRef.SHA256] == client.BlobUploaded && got[docRef.SHA256] == client.BlobUploaded
	})
	c, err := sa.Open(imgRef.SHA256)
	if err != nil || c.ContentType != blobs.TypePNG || c.Data != b64(img) {
		t.Fatalf("sponsor opening the image: %q, %v", c.ContentType, err)
	}
	// Cached, verified, on the sponsor's disk under the hash.
	dir := localdata.BlobDir(n.sponsor.cfg.DataDir, sessionID(t, n.sponsor))
	if got, err := os.ReadFile(filepath.Join(dir, imgRef.SHA256)); err != nil || !bytes.Equal(got, img) {
		t.Fatalf("sponsor's cache: %v", err)
	}
	if got := states(t, sa, imgRef.SHA256); got[imgRef.SHA256] != client.BlobUploaded {
		t.Fatalf("sponsor's state after: %v", got)
	}
	// The PDF is saved where the dialog says, never opened.
	dest := filepath.Join(t.TempDir(), "saved.pdf")
	var asked string
	n.sponsor.SaveDialog = func(name string) (string, error) { asked = name; return dest, nil }
	if path, err := sa.Save(docRef.SHA256, docRef.Name); err != nil || path != dest || asked != "script.pdf" {
		t.Fatalf("save: %q (asked %q), %v", path, asked, err)
	}
	if got, err := os.ReadFile(dest); err != nil || !bytes.Equal(got, doc) {
		t.Fatalf("saved file: %v", err)
	}
	// A damaged cache copy is not shown: it is fetched again.
	if err := os.WriteFile(filepath.Join(dir, imgRef.SHA256), []byte("tampered"), 0o600); err != nil {
		t.Fatal(err)
	}
	if c, err := sa.Open(imgRef.SHA256); err != nil || c.Data != b64(img) {
		t.Fatalf("open after tampering: %v", err)
	}
	if _, err := sa.Open(strings.Repeat("0", 64)); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("a hash nobody shares: %v", err)
	}
}

func sessionID(t *testing.T, s *Services) string {
	t.Helper()
	sess, err := s.active()
	if err != nil {
		t.Fatal(err)
	}
	return sess.info.AccountID
}
