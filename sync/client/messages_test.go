package client_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"iescp/backend/blobs"
	"iescp/backend/domain"
	"iescp/sync/client"
)

// A message written offline (with an attachment's reference) shows at once on the
// writer's desktop and waits in the outbox; after both sync the other party holds
// the same row and was told; the admin holds it too, and every replica converges.
func TestSync_MessageWrittenOfflineReachesTheOtherParty(t *testing.T) {
	w := newWorld(t)
	req, _ := w.sendRequest(40_000)
	w.sponsor.sync()
	w.infl.sync()

	id := domain.NewID()
	sha := strings.Repeat("cd", 32)
	w.infl.must("adRequest.message", map[string]any{"id": id, "ad_request_id": req, "body": " Is a story OK instead of a reel? ",
		"attachments": []map[string]any{{"sha256": sha, "name": "mockup.png", "size": 321, "content_type": "image/png"}}})
	if got := w.infl.get(`SELECT author_role || ' ' || body FROM deal_messages WHERE id = ?`, id); got != "influencer Is a story OK instead of a reel?" {
		t.Fatalf("optimistic message: %q", got)
	}
	if st := w.infl.engine.Status(); st.Pending != 1 {
		t.Fatalf("pending: %d, want 1", st.Pending)
	}
	if got := w.sponsor.get(`SELECT COUNT(*) FROM deal_messages`); got != "0" {
		t.Fatalf("the sponsor holds %s messages before the influencer syncs", got)
	}
	w.infl.sync()
	w.sponsor.sync()
	if got := w.sponsor.get(`SELECT author_id || ' ' || body || ' ' || json_extract(attachments, '$[0].sha256') FROM deal_messages WHERE id = ?`, id); got !=
		w.infl.user.ID+" Is a story OK instead of a reel? "+sha {
		t.Fatalf("sponsor after sync: %q", got)
	}
	if got := w.sponsor.get(`SELECT kind || ' ' || json_extract(params, '$.party') || ' ' || json_extract(params, '$.excerpt')
		FROM notifications WHERE account_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`, w.sponsor.user.ID); got != "ad_request.message Ivy Is a story OK instead of a reel?" {
		t.Fatalf("sponsor's last notification: %q", got)
	}

	// The sponsor answers on a request it then withdraws: the thread stays open.
	w.sponsor.must("adRequest.withdraw", map[string]any{"ad_request_id": req, "reason": "Budget cut"})
	w.sponsor.must("adRequest.message", map[string]any{"id": domain.NewID(), "ad_request_id": req, "body": "Sorry, maybe next quarter"})
	w.sponsor.sync()
	w.infl.sync()
	if got := w.infl.get(`SELECT group_concat(author_role, ',') FROM (SELECT author_role FROM deal_messages ORDER BY created_at)`); got != "influencer,sponsor" {
		t.Fatalf("influencer's thread: %s", got)
	}
	// Another influencer holds none of them; every replica is what the server
	// would give its account.
	w.register("influencer", "ian@example.com", "Ian")
	ian := w.desktopFor("ian@example.com", "ian")
	for _, dk := range []*desktop{w.admin, w.sponsor, w.infl, ian} {
		dk.sync()
		dk.expectConverged()
	}
	if got := w.admin.get(`SELECT COUNT(*) FROM deal_messages`); got != "2" {
		t.Fatalf("admin holds %s messages, want 2", got)
	}
	if got := ian.get(`SELECT COUNT(*) FROM deal_messages`); got != "0" {
		t.Fatalf("a stranger holds %s messages", got)
	}
}

// A message written offline by an account the admin flags meanwhile is refused
// by the server (flagged) and undone on the writer's desktop.
func TestSync_MessageRefusedIsUndone(t *testing.T) {
	w := newWorld(t)
	req, _ := w.sendRequest(40_000)
	w.sponsor.sync()
	w.infl.sync()
	w.infl.must("adRequest.message", map[string]any{"id": domain.NewID(), "ad_request_id": req, "body": "Hello"})
	w.admin.sync()
	w.admin.must("admin.flag", map[string]any{"target": "account", "id": w.infl.user.ID, "reason": "spam"})
	w.admin.sync()
	w.infl.sync()
	if got := w.infl.get(`SELECT COUNT(*) FROM deal_messages`); got != "0" {
		t.Fatalf("a refused message stays on the writer's desktop: %s rows", got)
	}
	if got := w.infl.rejected(); len(got) != 1 || got[0] != "adRequest.message:flagged" {
		t.Fatalf("influencer's sync issues: %v", got)
	}
	w.sponsor.sync()
	if got := w.sponsor.get(`SELECT COUNT(*) FROM deal_messages`); got != "0" {
		t.Fatalf("the sponsor holds %s refused messages", got)
	}
}

// A message's attachment travels like a draft's: the writer's uploader sends the
// blob its replica's message names, once, and the other party's engine fetches
// it (verified against its hash) after both sync.
func TestSync_MessageAttachmentReachesTheOtherParty(t *testing.T) {
	w := newWorld(t)
	req, _ := w.sendRequest(40_000)
	w.sponsor.sync()
	st, err := blobs.Open(filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	img := pngOfWidth(t, 5)
	ref, err := st.Put("brief.png", img)
	if err != nil {
		t.Fatal(err)
	}
	w.sponsor.must("adRequest.message", map[string]any{"id": domain.NewID(), "ad_request_id": req, "body": "The brief",
		"attachments": []blobs.Ref{ref}})
	up := client.NewUploader(w.sponsor.engine, st)
	var sent []string
	up.OnUploaded = func(sha string) { sent = append(sent, sha) }
	ctx := context.Background()
	if err := up.UploadPending(ctx); err != nil {
		t.Fatal(err)
	}
	if err := up.UploadPending(ctx); err != nil || len(sent) != 1 || sent[0] != ref.SHA256 {
		t.Fatalf("sent %v (%v), want the message's blob once", sent, err)
	}
	w.sponsor.sync()
	w.infl.sync()
	got, err := w.infl.engine.GetAttachment(ctx, ref.SHA256)
	if err != nil || !bytes.Equal(got, img) {
		t.Fatalf("the influencer's fetch: %v", err)
	}
}
