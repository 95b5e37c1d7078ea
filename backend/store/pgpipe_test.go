package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jmoiron/sqlx"

	"iescp/backend/store"
	"iescp/backend/store/pgtest"
)

// On PostgreSQL a write transaction holds work back for its next round trip
// (pgpipe.go): deferred statements run before the next statement, in order, and
// their failure is that statement's; an expectation finds a changed row and fails
// the round trip that carried it with ErrStale (its statement ran), and Settle
// reports it once; a transaction that never sent anything commits and rolls back
// without a word to the server.
func TestWriteTxHoldsWorkBack(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skip("PostgreSQL only: on SQLite nothing is held back (" + pgtest.Env + ")")
	}
	s := pgtest.Server(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	insert := `INSERT INTO accounts (id, email, role, name, active, flagged, created_at, updated_at)
		VALUES (?, ?, 'influencer', ?, 1, 0, ?, ?)`

	// Deferred statements run, in order, ahead of the next Exec.
	tx, err := s.BeginWriteTx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var b store.Batch
	b.Add(insert, "p1", "p1@x.org", "One", at, at)
	b.Add(`UPDATE accounts SET name = name || '!' WHERE id = ?`, "p1")
	if err := tx.Defer(ctx, &b); err != nil || b.Len() != 0 {
		t.Fatalf("Defer: %v, %d left in the batch", err, b.Len())
	}
	res, err := tx.Exec(`UPDATE accounts SET name = name || '?' WHERE id = ? AND name = 'One!'`, "p1")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("the Exec after the deferred statements changed %d rows, want 1", n)
	}

	// An expectation that holds passes; one whose row changed fails the round
	// trip that carried it, after its statement ran.
	var name string
	var version int64
	r := &store.Read{Query: `SELECT name, version FROM accounts WHERE id = ?`, Args: []any{"p1"},
		Dest: []any{&name, &version}, Keep: true}
	none := &store.Read{Query: `SELECT name FROM accounts WHERE id = ?`, Args: []any{"nobody"},
		Dest: []any{&name}, Keep: true}
	if err := tx.GetAfter(ctx, &b, r, none); err != nil || !none.NoRow {
		t.Fatalf("GetAfter: %v (no row: %v)", err, none.NoRow)
	}
	if err := tx.Expect(r, none); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE accounts SET flagged = 0 WHERE id = ?`, "p1"); err != nil {
		t.Fatalf("an expectation that holds: %v", err)
	}
	if stale, err := tx.Settle(ctx); stale || err != nil {
		t.Fatalf("Settle after expectations that held: stale %v, %v", stale, err)
	}
	b.Add(`UPDATE accounts SET name = 'Changed' WHERE id = ?`, "p1")
	if err := tx.Defer(ctx, &b); err != nil {
		t.Fatal(err)
	}
	if err := tx.Expect(r, none); err != nil {
		t.Fatal(err)
	}
	_, err = tx.Exec(`UPDATE accounts SET flagged = 1 WHERE id = ?`, "p1")
	if !errors.Is(err, store.ErrStale) {
		t.Fatalf("a changed row read ahead: %v, want ErrStale", err)
	}
	if stale, err := tx.Settle(ctx); !stale || err != nil {
		t.Fatalf("Settle after a failed expectation: stale %v, %v", stale, err)
	}
	if stale, _ := tx.Settle(ctx); stale {
		t.Fatal("Settle reported the same failed expectation twice")
	}
	var flagged int64
	if err := tx.Get(&flagged, `SELECT flagged FROM accounts WHERE id = ?`, "p1"); err != nil || flagged != 1 {
		t.Fatalf("the statement that carried the stale expectation did not run: %d, %v", flagged, err)
	}
	// An expectation of no row fails when a row appears.
	if err := tx.Expect(none); err != nil {
		t.Fatal(err)
	}
	b.Add(insert, "nobody", "nobody@x.org", "Nobody", at, at)
	if err := tx.Defer(ctx, &b); err != nil {
		t.Fatal(err)
	}
	if stale, err := tx.Settle(ctx); stale || err != nil { // the insert comes after the expectation
		t.Fatalf("an expectation sent before the row appeared: stale %v, %v", stale, err)
	}
	if err := tx.Expect(none); err != nil {
		t.Fatal(err)
	}
	if stale, err := tx.Settle(ctx); !stale || err != nil {
		t.Fatalf("an expectation of no row after the insert: stale %v, %v", stale, err)
	}

	// A deferred statement's failure is the next call's, as a DeferredError, and
	// the transaction remembers it; the commit then fails.
	b.Add(insert, "p1", "dup@x.org", "Duplicate", at, at)
	if err := tx.Defer(ctx, &b); err != nil {
		t.Fatal(err)
	}
	_, err = tx.Exec(`UPDATE accounts SET name = 'after' WHERE id = ?`, "p1")
	var de *store.DeferredError
	var pe *pgconn.PgError
	if !errors.As(err, &de) || !errors.As(err, &pe) || pe.Code != "23505" || !errors.Is(tx.DeferredErr(), de) {
		t.Fatalf("a failing deferred statement: %v (remembered: %v)", err, tx.DeferredErr())
	}
	if err := tx.Commit(); err == nil {
		t.Fatal("a transaction whose deferred statement failed committed")
	}
	if n := countAccounts(t, s, "p1"); n != 0 {
		t.Fatal("the failed transaction's rows are there")
	}

	// Deferred statements travel with the commit; a rolled-back transaction's never run.
	for _, c := range []struct {
		id     string
		commit bool
		want   int64
	}{{"p2", true, 1}, {"p3", false, 0}} {
		tx, err = s.BeginWriteTx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b.Add(insert, c.id, c.id+"@x.org", "Deferred", at, at)
		if err := tx.Defer(ctx, &b); err != nil {
			t.Fatal(err)
		}
		if c.commit {
			err = tx.Commit()
		} else {
			err = tx.Rollback()
		}
		if err != nil {
			t.Fatal(err)
		}
		if n := countAccounts(t, s, c.id); n != c.want {
			t.Fatalf("commit=%v: %d rows of the deferred insert, want %d", c.commit, n, c.want)
		}
	}

	// A plain transaction (database/sql) begun and ended without a statement.
	for _, commit := range []bool{true, false} {
		ptx, err := s.W.BeginTxx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if commit {
			err = ptx.Commit()
		} else {
			err = ptx.Rollback()
		}
		if err != nil {
			t.Fatalf("commit=%v of an empty transaction: %v", commit, err)
		}
	}
	// And its first statement, a query, sees its own BEGIN (the write lock is a
	// transaction-level advisory lock: held, so a transaction is open).
	err = s.Write(ctx, func(wtx *sqlx.Tx) error {
		var held int64
		if err := wtx.Get(&held, `SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`); err != nil {
			return err
		}
		if held != 1 {
			t.Errorf("%d advisory locks held inside Write, want the write lock", held)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func countAccounts(t *testing.T, s *store.Store, id string) int64 {
	t.Helper()
	var n int64
	if err := s.R.Get(&n, `SELECT COUNT(*) FROM accounts WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	return n
}
