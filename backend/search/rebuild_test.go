package search

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/jmoiron/sqlx"

	"iescp/backend/store"
)

// TestRebuild_AfterABulkLoad: rows written while the triggers are suspended are
// not indexed; Rebuild indexes them all, and the triggers work again afterwards.
func TestRebuild_AfterABulkLoad(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "s.db"), store.SetDomain)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	insert := func(tx *sqlx.Tx, id, name, bio string) {
		tx.MustExec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, 'influencer', ?, '2026-11-01', '2026-11-01')`,
			id, id+"@example.com", name)
		tx.MustExec(`INSERT INTO influencer_profiles (account_id, display_name, bio, updated_at) VALUES (?, ?, ?, '2026-11-01')`, id, name, bio)
	}
	matches := func(text string) int {
		p, err := Influencers(ctx, db.R, InfluencerQuery{Text: text, Page: 1, PageSize: 10})
		if err != nil {
			t.Fatal(err)
		}
		return p.Total
	}
	err = db.Write(ctx, func(tx *sqlx.Tx) error {
		if err := Suspend(tx); err != nil {
			return err
		}
		insert(tx, "01a1fcc0-0000-7000-8000-000000000001", "Zoe Quill", "sourdough baking")
		insert(tx, "01a1fcc0-0000-7000-8000-000000000002", "Yan Moss", "trail running")
		var n int
		if err := tx.Get(&n, `SELECT COUNT(*) FROM influencer_search_docs`); err != nil || n != 0 {
			t.Fatalf("suspended triggers still indexed %d rows (%v)", n, err)
		}
		return Rebuild(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := matches("sourdough"); got != 1 {
		t.Fatalf("after Rebuild: %d matches for sourdough, want 1", got)
	}
	if err := db.Write(ctx, func(tx *sqlx.Tx) error {
		insert(tx, "01a1fcc0-0000-7000-8000-000000000003", "Xia Fern", "sourdough pizza")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := matches("sourdough"); got != 2 {
		t.Fatalf("triggers after Rebuild: %d matches, want 2", got)
	}
	if _, err := db.W.Exec(`INSERT INTO influencer_search (influencer_search) VALUES ('integrity-check')`); err != nil {
		t.Fatalf("FTS integrity-check: %v", err)
	}
}
