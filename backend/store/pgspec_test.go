package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"iescp/backend/store"
	"iescp/backend/store/pgtest"
)

// A speculating transaction (pgspec.go) holds every statement back and answers
// at once what its caller relies on; what it relied on is asserted on the server,
// in the round trip with the COMMIT: a speculation that did not hold commits
// nothing (ErrStale), a failing statement fails the commit (DeferredError).
func TestSpeculation(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skip("PostgreSQL only: on SQLite a statement costs no round trip (" + pgtest.Env + ")")
	}
	s := pgtest.Server(t)
	s.W.SetMaxOpenConns(1) // every transaction and statement on the one connection
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)
	insert := `INSERT INTO accounts (id, email, role, name, active, flagged, created_at, updated_at)
		VALUES (?, ?, 'influencer', ?, 1, 0, ?, ?)`
	rename := `UPDATE accounts SET name = ? WHERE id = ?`
	one := store.WantRows(ctx, 1)
	begin := func() *store.WriteTx {
		t.Helper()
		tx, err := s.BeginSpeculation(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !tx.Speculating() {
			t.Fatal("a transaction begun by BeginSpeculation does not speculate")
		}
		return tx
	}
	exec := func(tx *store.WriteTx, c context.Context, q string, args ...any) int64 {
		t.Helper()
		res, err := tx.ExecContext(c, q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	// What holds commits: the write lock and a read taken with it, statements
	// answered on their hint, an unhinted one's count asked for (that sends what
	// waits), a read ahead asserted where it stands.
	tx := begin()
	var name string
	r := &store.Read{Query: `SELECT name FROM accounts WHERE id = ?`, Args: []any{"s1"}, Dest: []any{&name}, Keep: true}
	var b store.Batch
	if err := tx.GetAfter(ctx, &b, r); err != nil || !r.NoRow {
		t.Fatalf("read ahead: %v (no row %v)", err, r.NoRow)
	}
	var locks int64
	lr := &store.Read{Query: `SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`, Dest: []any{&locks}}
	if err := tx.Lock(ctx, lr); err != nil {
		t.Fatal(err)
	}
	if err := tx.Expect(r); err != nil {
		t.Fatal(err)
	}
	w0 := tx.Writes()
	if n := exec(tx, one, insert, "s1", "s1@x.org", "One", at, at); n != 1 {
		t.Fatalf("a hinted insert answered %d rows", n)
	}
	if tx.Writes() != w0+1 {
		t.Fatalf("writes %d after one Exec from %d", tx.Writes(), w0)
	}
	if locks != 0 {
		t.Fatal("the lock's read was scanned before anything was sent")
	}
	if n := exec(tx, ctx, rename, "Uno", "s1"); n != 1 { // sends what waits: the lock and its read too
		t.Fatalf("an unhinted update's count: %d, want 1", n)
	}
	if locks != 1 {
		t.Fatalf("%d advisory locks held after the first round trip, want the write lock", locks)
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("a speculation that held: %v", err)
	}
	if countAccounts(t, s, "s1") != 1 {
		t.Fatal("the speculation that held did not commit")
	}
	// The connection speculates no more: outside a transaction a statement runs
	// at once (a failing one fails there and then).
	if _, err := s.W.Exec(insert, "s1", "dup@x.org", "Duplicate", at, at); err == nil {
		t.Fatal("a failing statement after the speculating transaction was held back")
	}
	if _, err := s.W.Exec(rename, "Solo", "s1"); err != nil {
		t.Fatal(err)
	}
	if err := s.R.Get(&name, `SELECT name FROM accounts WHERE id = ?`, "s1"); err != nil || name != "Solo" {
		t.Fatalf("a statement after the speculating transaction: %q, %v", name, err)
	}

	// What did not hold commits nothing, whatever came before it.
	for _, c := range []struct {
		what string
		act  func(tx *store.WriteTx)
		want error
	}{
		{"an insert relied on that changed no row", func(tx *store.WriteTx) {
			exec(tx, one, insert+` ON CONFLICT (id) DO NOTHING`, "s1", "again@x.org", "Again", at, at)
		}, store.ErrStale},
		{"an update relied on that changed no row", func(tx *store.WriteTx) {
			exec(tx, one, rename, "Nobody", "nobody")
		}, store.ErrStale},
		{"a row read ahead that changed", func(tx *store.WriteTx) {
			var got string
			rs := &store.Read{Query: `SELECT name FROM accounts WHERE id = ?`, Args: []any{"s1"}, Dest: []any{&got}, Keep: true}
			if err := tx.GetAfter(ctx, &store.Batch{}, rs); err != nil || got != "Solo" {
				t.Fatalf("read ahead: %q %v", got, err)
			}
			exec(tx, ctx, rename, "Changed", "s1")
			if err := tx.Expect(rs); err != nil {
				t.Fatal(err)
			}
		}, store.ErrStale},
		{"a statement that fails", func(tx *store.WriteTx) {
			if _, err := tx.ExecContext(ctx, insert, "s1", "dup@x.org", "Duplicate", at, at); err != nil {
				t.Fatalf("a failing statement held back answered %v at once", err)
			}
		}, &store.DeferredError{}},
	} {
		tx := begin()
		if err := tx.Lock(ctx); err != nil {
			t.Fatal(err)
		}
		exec(tx, one, insert, "s9", "s9@x.org", "Before", at, at)
		c.act(tx)
		exec(tx, one, rename, "After", "s9")
		err := tx.Commit()
		var de *store.DeferredError
		if _, wantDeferred := c.want.(*store.DeferredError); wantDeferred && !errors.As(err, &de) ||
			!wantDeferred && !errors.Is(err, c.want) {
			t.Fatalf("%s: commit %v, want %T %v", c.what, err, c.want, c.want)
		}
		if countAccounts(t, s, "s9") != 0 {
			t.Fatalf("%s: the speculation's rows were committed", c.what)
		}
		if err := s.R.Get(&name, `SELECT name FROM accounts WHERE id = ?`, "s1"); err != nil || name != "Solo" {
			t.Fatalf("%s: s1 is %q, %v", c.what, name, err)
		}
	}

	// Confirm sends what waits and says whether it held, without committing.
	tx = begin()
	exec(tx, one, rename, "Nobody", "nobody")
	if ok, err := tx.Confirm(ctx); ok || err != nil {
		t.Fatalf("Confirm of a speculation that did not hold: %v, %v", ok, err)
	}
	_ = tx.Rollback()
	tx = begin()
	exec(tx, one, rename, "Confirmed", "s1")
	if ok, err := tx.Confirm(ctx); !ok || err != nil {
		t.Fatalf("Confirm of a speculation that held: %v, %v", ok, err)
	}
	_ = tx.Rollback()
}

// AddAsOne sends a batch's statements as one (data-modifying WITH queries): all
// of them run, in one statement.
func TestBatchAddAsOne(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skip("PostgreSQL only (" + pgtest.Env + ")")
	}
	s := pgtest.Server(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)
	tx, err := s.BeginWriteTx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	var part, b store.Batch
	part.Add(`INSERT INTO accounts (id, email, role, name, active, flagged, created_at, updated_at)
		VALUES (?, ?, 'influencer', ?, 1, 0, ?, ?)`, "j1", "j1@x.org", "One", at, at)
	part.Add(`INSERT INTO accounts (id, email, role, name, active, flagged, created_at, updated_at)
		VALUES (?, ?, 'influencer', ?, 1, 0, ?, ?)`, "j2", "j2@x.org", "Two", at, at)
	part.Add(`UPDATE sync_meta SET version = version + ? WHERE id = 1`, 1)
	b.AddAsOne(&part)
	if b.Len() != 1 || part.Len() != 0 {
		t.Fatalf("AddAsOne left %d statements in the batch and %d in the part", b.Len(), part.Len())
	}
	if err := tx.ExecBatch(ctx, &b); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if countAccounts(t, s, "j1")+countAccounts(t, s, "j2") != 2 {
		t.Fatal("a statement of the one was lost")
	}
}
