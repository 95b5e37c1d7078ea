package mutate_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/blobs"
	"iescp/backend/domain"
	"iescp/backend/mutate"
)

func messageArgs(req, body string, atts ...any) map[string]any {
	a := map[string]any{"id": domain.NewID(), "ad_request_id": req, "body": body}
	if atts != nil {
		a["attachments"] = atts
	}
	return a
}

// Either party writes on a request in any status, a pending negotiation and a
// closed deal alike; the row says who wrote it, trimmed, with its attachments.
func TestMessage_EitherPartyInAnyStatus(t *testing.T) {
	w := newWorld(t)
	pending, _ := w.send(w.campaign, w.sponsor, w.infl, 1000)
	w.must(w.infl, "adRequest.message", messageArgs(pending, "  Can we talk about the brief?\n "))
	w.must(w.sponsor, "adRequest.message", messageArgs(pending, "Sure", ref("0a", "brief.pdf", blobs.TypePDF, 99)))
	var rows []domain.DealMessage
	if err := w.db.R.Select(&rows, `SELECT * FROM deal_messages WHERE ad_request_id = ? ORDER BY created_at`, pending); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].AuthorID != w.infl || rows[0].AuthorRole != domain.PartyInfluencer ||
		rows[0].Body != "Can we talk about the brief?" || rows[0].Attachments != "[]" ||
		rows[1].AuthorID != w.sponsor || rows[1].AuthorRole != domain.PartySponsor {
		t.Fatalf("rows: %+v", rows)
	}
	var atts []blobs.Ref
	if err := json.Unmarshal([]byte(rows[1].Attachments), &atts); err != nil || len(atts) != 1 || atts[0].Name != "brief.pdf" ||
		atts[0].SHA256 != strings.Repeat("0a", 32) || atts[0].Size != 99 {
		t.Fatalf("attachments %q: %v", rows[1].Attachments, err)
	}

	// Closed deals: rejected, withdrawn, completed.
	rejected, _ := w.send(w.campaign, w.sponsor, w.infl2, 1000)
	w.must(w.infl2, "adRequest.reject", map[string]any{"ad_request_id": rejected})
	w.must(w.sponsor, "adRequest.message", messageArgs(rejected, "What would change your mind?"))
	withdrawn, _ := w.send(w.campaign, w.sponsor, w.infl2, 1000)
	w.must(w.sponsor, "adRequest.withdraw", map[string]any{"ad_request_id": withdrawn})
	w.must(w.infl2, "adRequest.message", messageArgs(withdrawn, "No problem, next time"))
	// A completed deal, with its campaign completed too: follow-ups still go through.
	w.topUp(w.sponsor, 1_000_000)
	camp := w.newCampaign(w.sponsor, 1_000_000, true)
	done, offer := w.send(camp, w.sponsor, w.infl, 1000)
	w.must(w.infl, "adRequest.accept", map[string]any{"ad_request_id": done, "offer_id": offer})
	w.must(w.sponsor, "adRequest.complete", map[string]any{"ad_request_id": done})
	w.must(w.sponsor, "campaign.complete", map[string]any{"id": camp})
	w.must(w.infl, "adRequest.message", messageArgs(done, "Here are the final numbers", ref("0b", "stats.png", blobs.TypePNG, 5)))
	if n := w.count(`SELECT COUNT(*) FROM deal_messages`); n != 5 {
		t.Fatalf("%d messages, want 5", n)
	}
}

// Strangers to the request are refused as not_found, in the words of a request
// that does not exist; a deleted request is gone for its parties too.
func TestMessage_StrangersNotFound(t *testing.T) {
	w := newWorld(t)
	req, _ := w.send(w.campaign, w.sponsor, w.infl, 1000)
	for _, actor := range []string{w.sponsor2, w.infl2} {
		err := w.do(actor, "adRequest.message", messageArgs(req, "hello"))
		if domain.ErrorCode(err) != domain.CodeNotFound || !strings.Contains(err.Error(), "ad request "+req+" not found") {
			t.Fatalf("stranger: got %v, want not_found", err)
		}
	}
	w.want(domain.CodeNotFound, w.infl, "adRequest.message", messageArgs(domain.NewID(), "hello"))
	w.want(domain.CodeForbidden, w.admin, "adRequest.message", messageArgs(req, "hello"))
	w.want(domain.CodeFlagged, w.flaggedInfl, "adRequest.message", messageArgs(req, "hello"))
	w.exec(`UPDATE ad_requests SET deleted_at = ? WHERE id = ?`, t0, req)
	w.want(domain.CodeNotFound, w.infl, "adRequest.message", messageArgs(req, "hello"))
	if n := w.count(`SELECT COUNT(*) FROM deal_messages`); n != 0 {
		t.Fatalf("refused messages wrote %d rows", n)
	}
}

// Bad arguments are refused before anything is written.
func TestMessage_Validation(t *testing.T) {
	w := newWorld(t)
	req, _ := w.send(w.campaign, w.sponsor, w.infl, 1000)
	eleven := []any{}
	for i := range 11 {
		eleven = append(eleven, ref(fmt.Sprintf("%02x", i+1), "a.png", blobs.TypePNG, 1))
	}
	for name, args := range map[string]map[string]any{
		"empty body":         messageArgs(req, ""),
		"blank body":         messageArgs(req, " \n\t "),
		"body too long":      messageArgs(req, strings.Repeat("é", mutate.MaxMessageBody+1)),
		"control character":  messageArgs(req, "hi\x00"),
		"bad id":             {"id": "x", "ad_request_id": req, "body": "hi"},
		"bad request id":     {"id": domain.NewID(), "ad_request_id": "nope", "body": "hi"},
		"eleven attachments": messageArgs(req, "hi", eleven...),
		"twice attached":     messageArgs(req, "hi", ref("01", "a.png", blobs.TypePNG, 1), ref("01", "b.png", blobs.TypePNG, 1)),
		"bad hash":           messageArgs(req, "hi", map[string]any{"sha256": "XYZ", "name": "a.png", "size": 1, "content_type": blobs.TypePNG}),
		"executable":         messageArgs(req, "hi", ref("01", "a.exe", "application/x-msdownload", 1)),
		"too big":            messageArgs(req, "hi", ref("01", "a.png", blobs.TypePNG, blobs.MaxBytes+1)),
		"unknown field":      {"id": domain.NewID(), "ad_request_id": req, "body": "hi", "amount": 5},
	} {
		t.Run(name, func(t *testing.T) { w.want(domain.CodeInvalidArgument, w.infl, "adRequest.message", args) })
	}
	// Exactly the limit goes through (characters, not bytes).
	w.must(w.infl, "adRequest.message", messageArgs(req, strings.Repeat("é", mutate.MaxMessageBody)))
	// An id is used once.
	a := messageArgs(req, "first")
	w.must(w.infl, "adRequest.message", a)
	a["body"] = "second"
	w.want(domain.CodeInvalidArgument, w.sponsor, "adRequest.message", a)
	if n := w.count(`SELECT COUNT(*) FROM deal_messages`); n != 2 {
		t.Fatalf("%d messages, want 2", n)
	}
}

// The other party is told, with the writer, the campaign and a short excerpt;
// the writer is not.
func TestMessage_NotifiesTheOtherParty(t *testing.T) {
	w := newWorld(t)
	req, _ := w.send(w.campaign, w.sponsor, w.infl, 1000)
	before := w.count(`SELECT COUNT(*) FROM notifications WHERE account_id = ?`, w.sponsor)
	long := "First line\n\n" + strings.Repeat("word ", 30) // 162 characters, two line breaks
	w.must(w.infl, "adRequest.message", messageArgs(req, long))
	kind, p, ref := w.lastNote(w.sponsor)
	// The first 80 characters on one line, cut after a word: "First line word … word" then "…".
	want := "First line " + strings.TrimSpace(strings.Repeat("word ", 14)) + "…"
	if kind != "ad_request.message" || ref != "ad_requests" || p["party"] != "Ivy Influencer" ||
		p["campaign"] != w.campaignRow(w.campaign).Name || p["excerpt"] != want {
		t.Fatalf("notification %s on %s: %v (excerpt want %q)", kind, ref, p, want)
	}
	if n := w.count(`SELECT COUNT(*) FROM notifications WHERE account_id = ?`, w.sponsor); n != before+1 {
		t.Fatalf("sponsor has %d notifications, want %d", n, before+1)
	}
	w.must(w.sponsor, "adRequest.message", messageArgs(req, "Short"))
	if kind, p, _ := w.lastNote(w.infl); kind != "ad_request.message" || p["excerpt"] != "Short" || p["party"] != "Acme Corp" {
		t.Fatalf("influencer's notification %s %v", kind, p)
	}
	// Each message its own notification: two in a row are two rows.
	w.must(w.sponsor, "adRequest.message", messageArgs(req, "Short"))
	if n := w.count(`SELECT COUNT(*) FROM notifications WHERE account_id = ? AND kind = 'ad_request.message'`, w.infl); n != 2 {
		t.Fatalf("influencer has %d message notifications, want 2", n)
	}
}

// The same message, replayed at the same time, writes the same rows (the
// desktop replays pending mutations after every pull).
func TestMessage_ReplayIsDeterministic(t *testing.T) {
	w := newWorld(t)
	req, _ := w.send(w.campaign, w.sponsor, w.infl, 1000)
	raw, err := json.Marshal(messageArgs(req, "About the second reel", ref("0c", "ref.jpg", blobs.TypeJPEG, 42)))
	if err != nil {
		t.Fatal(err)
	}
	errRollback := errors.New("rollback")
	var runs []string
	for range 2 {
		err := w.db.Write(context.Background(), func(tx *sqlx.Tx) error {
			if err := mutate.Apply(tx, w.infl, "adRequest.message", raw, t0.Add(time.Hour)); err != nil {
				return err
			}
			var m domain.DealMessage
			if err := tx.Get(&m, `SELECT * FROM deal_messages WHERE ad_request_id = ?`, req); err != nil {
				return err
			}
			var n struct {
				ID     string `db:"id"`
				Params string `db:"params"`
			}
			if err := tx.Get(&n, `SELECT id, params FROM notifications WHERE kind = 'ad_request.message'`); err != nil {
				return err
			}
			runs = append(runs, fmt.Sprintf("%+v %+v", m, n))
			return errRollback
		})
		if !errors.Is(err, errRollback) {
			t.Fatal(err)
		}
	}
	if runs[0] != runs[1] {
		t.Fatalf("a replayed message made other rows:\n%s\n%s", runs[0], runs[1])
	}
}
