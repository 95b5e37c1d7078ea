package store_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"iescp/backend/store"
	"iescp/backend/store/pgtest"
)

// A joined read fills each part as the part read alone would, no row included,
// on both engines; on PostgreSQL each part kept is the row as PostgreSQL sends
// it alone, so an expectation of it holds (client-side, and asserted on the
// server in a speculating transaction) until the row changes.
func TestJoinReads(t *testing.T) {
	s := pgtest.Server(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)
	if _, err := s.W.Exec(`INSERT INTO accounts (id, email, role, name, active, flagged, created_at, updated_at)
		VALUES (?, ?, 'influencer', ?, 1, 0, ?, ?)`, "j1", "j1@x.org", "Joined", at, at); err != nil {
		t.Fatal(err)
	}
	type acct struct {
		name    string
		active  int64
		created time.Time
		reason  sql.NullString
	}
	reads := func(a *acct, none *string, keep bool) (*store.Read, *store.Read) {
		return &store.Read{Query: `SELECT name, active, created_at, NULLIF(flag_reason, '') FROM accounts WHERE id = ?`,
				Args: []any{"j1"}, Dest: []any{&a.name, &a.active, &a.created, &a.reason}, Keep: keep},
			&store.Read{Query: `SELECT name FROM accounts WHERE id = ?`, Args: []any{"nobody"}, Dest: []any{none}, Keep: keep}
	}
	check := func(what string, a acct, row, none *store.Read) {
		t.Helper()
		if row.NoRow || !none.NoRow || a.name != "Joined" || a.active != 1 || !a.created.Equal(at) || a.reason.Valid {
			t.Fatalf("%s: %+v (no row: %v, %v)", what, a, row.NoRow, none.NoRow)
		}
	}
	tx, err := s.BeginWriteTx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var a acct
	var none string
	row, missing := reads(&a, &none, tx.Pipelined())
	if err := tx.GetAfter(ctx, &store.Batch{}, store.JoinReads(row, missing)); err != nil {
		t.Fatal(err)
	}
	check("joined", a, row, missing)
	if !tx.Pipelined() {
		_ = tx.Rollback()
		return // SQLite: read one after another; nothing to expect
	}
	if err := tx.Expect(row, missing); err != nil {
		t.Fatal(err)
	}
	if stale, err := tx.Settle(ctx); stale || err != nil {
		t.Fatalf("expectations of a joined read's parts, nothing changed: stale %v, %v", stale, err)
	}
	if _, err := tx.Exec(`UPDATE accounts SET name = 'Changed' WHERE id = ?`, "j1"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Expect(row); err != nil {
		t.Fatal(err)
	}
	if stale, err := tx.Settle(ctx); !stale || err != nil {
		t.Fatalf("expectation of a joined read's part after it changed: stale %v, %v", stale, err)
	}
	_ = tx.Rollback()

	// Speculating: the parts' fingerprints are asserted on the server.
	for _, change := range []bool{false, true} {
		tx, err := s.BeginSpeculation(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var a acct
		row, missing := reads(&a, &none, true)
		if err := tx.GetAfter(ctx, &store.Batch{}, store.JoinReads(row, missing)); err != nil {
			t.Fatal(err)
		}
		check("joined, speculating", a, row, missing)
		if err := tx.Lock(ctx); err != nil {
			t.Fatal(err)
		}
		if change {
			if _, err := tx.Exec(`UPDATE accounts SET active = 0 WHERE id = ?`, "j1"); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Expect(row, missing); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(store.WantRows(ctx, 1), `UPDATE accounts SET flagged = 0 WHERE id = ?`, "j1"); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); change != errors.Is(err, store.ErrStale) || !change && err != nil {
			t.Fatalf("changed %v: commit %v", change, err)
		}
	}
}
