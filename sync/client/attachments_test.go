package client_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"iescp/backend/blobs"
	"iescp/sync/client"
)

func pngOfWidth(t *testing.T, w int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, 2))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The uploader sends only what the replica's deliverables reference and the
// store holds, once; the other party's engine fetches it verified; a server (or
// proxy) that answers other bytes for a hash is refused.
func TestUploader_SendsReferencedBlobsOnce(t *testing.T) {
	w := newWorld(t)
	d := w.dealWithDeliverables(1)[0]
	st, err := blobs.Open(filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	used, unused := pngOfWidth(t, 3), pngOfWidth(t, 4)
	ref, err := st.Put("used.png", used)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Put("unused.png", unused); err != nil {
		t.Fatal(err)
	}
	w.infl.must("deliverable.submitDraft", map[string]any{"deliverable_id": d, "draft_text": "v1", "attachments": []blobs.Ref{ref}})
	up := client.NewUploader(w.infl.engine, st)
	var sent []string
	up.OnUploaded = func(sha string) { sent = append(sent, sha) }
	ctx := context.Background()
	if state, _ := up.State(ref.SHA256); state != client.BlobLocal {
		t.Fatalf("state before: %s", state)
	}
	if err := up.UploadPending(ctx); err != nil {
		t.Fatal(err)
	}
	if len(sent) != 1 || sent[0] != ref.SHA256 || !st.Uploaded(ref.SHA256) || st.Uploaded(blobs.Hash(unused)) {
		t.Fatalf("sent %v", sent)
	}
	if state, _ := up.State(ref.SHA256); state != client.BlobUploaded {
		t.Fatalf("state after: %s", state)
	}
	if err := up.UploadPending(ctx); err != nil || len(sent) != 1 {
		t.Fatalf("a second round sent again: %v, %v", sent, err)
	}

	w.infl.sync()
	w.sponsor.sync()
	got, err := w.sponsor.engine.GetAttachment(ctx, ref.SHA256)
	if err != nil || !bytes.Equal(got, used) {
		t.Fatalf("sponsor's fetch: %v", err)
	}
	if _, err := w.sponsor.engine.GetAttachment(ctx, blobs.Hash(unused)); err == nil || client.IsNotUploaded(err) {
		t.Fatalf("fetching an unreferenced blob: %v", err)
	}

	// A lying middlebox: the bytes it answers do not hash to the name.
	target, _ := url.Parse(w.http.URL)
	rp := httputil.NewSingleHostReverseProxy(target)
	liar := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/attachments/") {
			rw.Header().Set("Content-Type", "image/png")
			_, _ = rw.Write(unused)
			return
		}
		rp.ServeHTTP(rw, r)
	}))
	t.Cleanup(liar.Close)
	other := w.desktopWith(liar.URL, "sponsor@example.com", "sponsor2")
	if _, err := other.engine.GetAttachment(ctx, ref.SHA256); err == nil || !strings.Contains(err.Error(), "hash to") {
		t.Fatalf("bytes that do not match their hash: %v", err)
	}
}
