package store

import (
	"path/filepath"
	"testing"
)

// desktop 0009: an optimistic change to a deliverable records its attachment
// columns in the undo image, so undoing a second draft brings back the first
// draft's attachments (and a proof's screenshot) instead of failing on NOT NULL.
func TestDesktopMigration_AttachmentsInUndoImages(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "replica.db"), SetDomain, SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, q := range []string{
		`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES ('i', 'i@x.test', 'influencer', 'I', 0, 0),
			('s', 's@x.test', 'sponsor', 'S', 0, 0)`,
		`INSERT INTO campaigns (id, sponsor_id, name, start_date, end_date, budget, visibility, status, created_at, updated_at)
			VALUES ('c', 's', 'C', '2026-01-01', '2026-12-31', 1, 'private', 'active', 0, 0)`,
		`INSERT INTO ad_requests (id, campaign_id, influencer_id, initiated_by, requirements, payment_amount, status, created_at, updated_at)
			VALUES ('r', 'c', 'i', 'sponsor', 'x', 1, 'accepted', 0, 0)`,
		`INSERT INTO deliverables (id, ad_request_id, seq, platform, content_type, quantity, due_date, status, draft_attachments,
			proof_screenshot, created_at, updated_at) VALUES ('d', 'r', 1, 'x', 'post', 1, '2026-02-01', 'changes_requested',
			'[{"sha256":"aa"}]', '{"sha256":"bb"}', 0, 0)`,
		`UPDATE undo_ctl SET active = 1`,
		`UPDATE deliverables SET draft_attachments = '[]', proof_screenshot = '' WHERE id = 'd'`,
	} {
		if _, err := s.W.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var old struct {
		Atts string `db:"a"`
		Shot string `db:"s"`
	}
	if err := s.W.Get(&old, `SELECT json_extract(old, '$.draft_attachments') AS a, json_extract(old, '$.proof_screenshot') AS s
		FROM undo_log WHERE tbl = 'deliverables'`); err != nil || old.Atts != `[{"sha256":"aa"}]` || old.Shot != `{"sha256":"bb"}` {
		t.Fatalf("undo image: %+v, %v", old, err)
	}
}
