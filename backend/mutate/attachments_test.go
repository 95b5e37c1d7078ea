package mutate_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"iescp/backend/blobs"
	"iescp/backend/domain"
)

// testShot is a proof's screenshot reference (the bytes are not the mutators'
// business: they travel separately).
var testShot = map[string]any{"sha256": strings.Repeat("ab", 32), "name": "post.png", "size": 2048,
	"content_type": blobs.TypePNG}

func ref(hexByte, name, ct string, size int64) map[string]any {
	return map[string]any{"sha256": strings.Repeat(hexByte, 32), "name": name, "size": size, "content_type": ct}
}

// A draft carries its attachments' references and a proof its screenshot's, in
// the row's columns; bad references are refused before anything changes.
func TestDeliverables_Attachments(t *testing.T) {
	w := newWorld(t)
	id := w.deliverableIn(domain.DeliverableTodo)
	w.must(w.infl, "deliverable.submitDraft", map[string]any{"deliverable_id": id, "draft_text": "Caption",
		"attachments": []any{ref("01", "dir/../story board.pdf", blobs.TypePDF, 10), ref("02", "look.webp", blobs.TypeWebP, 20)}})
	var cols struct {
		Atts string `db:"draft_attachments"`
		Shot string `db:"proof_screenshot"`
	}
	if err := w.db.R.Get(&cols, `SELECT draft_attachments, proof_screenshot FROM deliverables WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	var atts []blobs.Ref
	if err := json.Unmarshal([]byte(cols.Atts), &atts); err != nil || len(atts) != 2 || atts[0].Name != "story board.pdf" ||
		atts[0].SHA256 != strings.Repeat("01", 32) || atts[1].ContentType != blobs.TypeWebP || atts[1].Size != 20 || cols.Shot != "" {
		t.Fatalf("columns after the draft: %+v (%v)", cols, err)
	}
	// A draft without attachments stores an empty list, not null.
	plain := w.deliverableIn(domain.DeliverableTodo)
	w.must(w.infl, "deliverable.submitDraft", map[string]any{"deliverable_id": plain, "draft_text": "x"})
	if err := w.db.R.Get(&cols, `SELECT draft_attachments, proof_screenshot FROM deliverables WHERE id = ?`, plain); err != nil || cols.Atts != "[]" {
		t.Fatalf("plain draft: %+v, %v", cols, err)
	}

	approved := w.deliverableIn(domain.DeliverableApproved)
	w.must(w.infl, "deliverable.submitProof", map[string]any{"deliverable_id": approved, "proof_url": "https://x.com/1",
		"posted_at": w.now.Format(time.RFC3339), "screenshot": testShot})
	var shot blobs.Ref
	if err := w.db.R.Get(&cols, `SELECT draft_attachments, proof_screenshot FROM deliverables WHERE id = ?`, approved); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(cols.Shot), &shot); err != nil || shot.SHA256 != testShot["sha256"] || shot.ContentType != blobs.TypePNG {
		t.Fatalf("screenshot column %q (%v)", cols.Shot, err)
	}

	todo := w.deliverableIn(domain.DeliverableTodo)
	eleven := []any{}
	for i := range 11 {
		eleven = append(eleven, ref(string("0123456789a"[i])+"0", "f.png", blobs.TypePNG, 1))
	}
	for name, atts := range map[string][]any{
		"too many":       eleven,
		"short hash":     {map[string]any{"sha256": "abc", "name": "a.png", "size": 1, "content_type": blobs.TypePNG}},
		"uppercase hash": {ref("AB", "a.png", blobs.TypePNG, 1)},
		"html":           {ref("03", "a.png", "text/html", 1)},
		"empty":          {ref("03", "a.png", blobs.TypePNG, 0)},
		"oversize":       {ref("03", "a.png", blobs.TypePNG, blobs.MaxBytes+1)},
		"twice":          {ref("03", "a.png", blobs.TypePNG, 1), ref("03", "b.png", blobs.TypePNG, 1)},
	} {
		t.Run(name, func(t *testing.T) {
			w.want(domain.CodeInvalidArgument, w.infl, "deliverable.submitDraft",
				map[string]any{"deliverable_id": todo, "draft_text": "x", "attachments": atts})
		})
	}
	approved = w.deliverableIn(domain.DeliverableApproved)
	for name, shot := range map[string]any{
		"missing": nil,
		"a pdf":   ref("04", "post.pdf", blobs.TypePDF, 5),
		"bad":     ref("zz", "post.png", blobs.TypePNG, 5),
	} {
		t.Run("screenshot "+name, func(t *testing.T) {
			args := map[string]any{"deliverable_id": approved, "proof_url": "https://x.com/1", "posted_at": w.now.Format(time.RFC3339)}
			if shot != nil {
				args["screenshot"] = shot
			}
			w.want(domain.CodeInvalidArgument, w.infl, "deliverable.submitProof", args)
		})
	}
}
