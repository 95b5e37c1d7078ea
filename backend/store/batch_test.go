package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/store"
	"iescp/backend/store/pgtest"
)

// A batch runs its statements in order, in the caller's transaction, with each
// statement's own arguments (times, booleans, quotes and semicolons in values
// included) on both engines; GetThen reads its row first; a failing statement
// fails the batch and nothing after it takes effect.
func TestWriteTxBatch(t *testing.T) {
	s := pgtest.Server(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 9, 30, 0, 123456000, time.UTC)
	odd := `it's; "quoted" -- not a comment /* nor this */ ?`
	tx, err := s.BeginWriteTx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var b store.Batch
	b.Add(`UPDATE sync_meta SET version = version + 1 WHERE id = 1`)
	b.Add(`INSERT INTO accounts (id, email, role, name, active, flagged, created_at, updated_at)
		VALUES (?, ?, 'influencer', ?, ?, ?, ?, ?)`, "a1", "a1@x.org", odd, true, false, at, at)
	b.Add(`SAVEPOINT s`)
	b.Add(`UPDATE accounts SET name = name || ? WHERE id = ?`, "!", "a1")
	b.Add(`RELEASE s`)
	if b.Len() != 5 {
		t.Fatalf("Len %d", b.Len())
	}
	if err := tx.ExecBatch(ctx, &b); err != nil {
		t.Fatal(err)
	}
	if b.Len() != 0 {
		t.Fatalf("a run batch keeps %d statements", b.Len())
	}
	// The read comes after the batch and sees it.
	b.Add(`INSERT INTO accounts (id, email, role, name, active, flagged, created_at, updated_at)
		VALUES (?, ?, 'sponsor', 'B', ?, ?, ?, ?)`, "a2", "a2@x.org", false, true, at, at)
	var name string
	var n int64
	var active int64
	r1 := &store.Read{Query: `SELECT (SELECT name FROM accounts WHERE id = ?), (SELECT COUNT(*) FROM accounts)`,
		Args: []any{"a1"}, Dest: []any{&name, &n}}
	r2 := &store.Read{Query: `SELECT active FROM accounts WHERE id = ?`, Args: []any{"a2"}, Dest: []any{&active}}
	if err := tx.GetAfter(ctx, &b, r1, r2); err != nil {
		t.Fatal(err)
	}
	if name != odd+"!" || n != 2 || b.Len() != 0 || active != 0 || r1.NoRow || r2.NoRow {
		t.Fatalf("GetAfter read %q, %d, active %d (batch left %d); want both accounts", name, n, active, b.Len())
	}
	// No row: NoRow on both engines, after the batch ran, and the next read still read.
	b.Add(`UPDATE accounts SET name = 'C' WHERE id = ?`, "a2")
	none := &store.Read{Query: `SELECT name FROM accounts WHERE id = ?`, Args: []any{"nobody"}, Dest: []any{&name}}
	r3 := &store.Read{Query: `SELECT name FROM accounts WHERE id = ?`, Args: []any{"a2"}, Dest: []any{&name}}
	if err := tx.GetAfter(ctx, &b, none, r3); err != nil || !none.NoRow || r3.NoRow || name != "C" {
		t.Fatalf("GetAfter of no row: %v, NoRow %v, then %q", err, none.NoRow, name)
	}
	// A failing statement's error comes first, and the read does not pretend.
	b.Add(`UPDATE accounts SET flagged = 2 WHERE id = ?`, "a2") // CHECK (flagged IN (0, 1))
	if err := tx.GetAfter(ctx, &b, &store.Read{Query: `SELECT name FROM accounts WHERE id = ?`, Args: []any{"a2"},
		Dest: []any{&name}}); err == nil {
		t.Fatal("GetAfter after a failing statement succeeded")
	}
	_ = tx.Rollback()
	tx, err = s.BeginWriteTx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b.Add(`UPDATE sync_meta SET version = version + 1 WHERE id = 1`)
	b.Add(`INSERT INTO accounts (id, email, role, name, active, flagged, created_at, updated_at)
		VALUES (?, ?, 'influencer', ?, ?, ?, ?, ?)`, "a1", "a1@x.org", odd+"!", true, false, at, at)
	b.Add(`INSERT INTO accounts (id, email, role, name, active, flagged, created_at, updated_at)
		VALUES (?, ?, 'sponsor', 'C', ?, ?, ?, ?)`, "a2", "a2@x.org", false, true, at, at)
	if err := tx.ExecBatch(ctx, &b); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		ID      string    `db:"id"`
		Name    string    `db:"name"`
		Active  int       `db:"active"`
		Flagged int       `db:"flagged"`
		Created time.Time `db:"created_at"`
	}
	if err := s.R.Select(&rows, `SELECT id, name, active, flagged, created_at FROM accounts ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Name != odd+"!" || rows[0].Active != 1 || rows[0].Flagged != 0 ||
		rows[1].Name != "C" || rows[1].Active != 0 || rows[1].Flagged != 1 || !rows[0].Created.Equal(at) {
		t.Fatalf("rows %+v", rows)
	}

	// The second statement fails (a duplicate key): the batch fails, and once
	// rolled back nothing of it stays.
	tx, err = s.BeginWriteTx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b.Add(`UPDATE accounts SET name = 'first' WHERE id = ?`, "a2")
	b.Add(`INSERT INTO accounts (id, email, role, name, active, flagged, created_at, updated_at)
		VALUES (?, ?, 'sponsor', 'dup', 1, 0, ?, ?)`, "a1", "dup@x.org", at, at)
	b.Add(`UPDATE accounts SET name = 'third' WHERE id = ?`, "a2")
	err = tx.ExecBatch(ctx, &b)
	if err == nil || !strings.Contains(strings.ToLower(err.Error()), "unique") && !strings.Contains(err.Error(), "duplicate") {
		t.Fatalf("batch with a duplicate key: %v", err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := s.R.Get(&name, `SELECT name FROM accounts WHERE id = 'a2'`); err != nil || name != "C" {
		t.Fatalf("after the failed batch: %q %v", name, err)
	}
	// The connection went back to the pool: a write after it works.
	if err := s.Write(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.Exec(`UPDATE accounts SET name = 'D' WHERE id = 'a2'`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}
