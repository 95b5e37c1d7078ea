package store_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/store"
	"iescp/backend/store/pgtest"
)

func TestRebind(t *testing.T) {
	cases := map[string]string{
		`SELECT 1`:                              `SELECT 1`,
		`SELECT * FROM t WHERE a = ? AND b = ?`: `SELECT * FROM t WHERE a = $1 AND b = $2`,
		`SELECT version FROM x WHERE version > ?1 AND o = ?2`:               `SELECT version FROM x WHERE version > $1 AND o = $2`,
		`SELECT '?', "a?" FROM t WHERE a = ? -- what?` + "\n" + `AND b = ?`: `SELECT '?', "a?" FROM t WHERE a = $1 -- what?` + "\n" + `AND b = $2`,
		`SELECT 'it''s ?' /* ? */ , ?`:                                      `SELECT 'it''s ?' /* ? */ , $1`,
		`/*norebind*/ SELECT '?' WHERE x = ?`:                               `/*norebind*/ SELECT '?' WHERE x = ?`,
	}
	for in, want := range cases {
		if got := store.Rebind(in); got != want {
			t.Errorf("Rebind(%q) = %q, want %q", in, got, want)
		}
	}
}

// The PostgreSQL schema migrates, and two opens of one database migrate it once.
func TestPostgresMigrates(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skip(pgtest.Env + " not set: the PostgreSQL suite runs in make test's pg-test")
	}
	url := pgtest.Database(t)
	s, err := store.OpenPostgres(url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	if err := s.R.Get(&n, `SELECT COUNT(*) FROM schema_migrations WHERE set_name = ?`, store.SetPostgres); err != nil {
		t.Fatal(err)
	}
	if n != store.LatestVersion(store.SetPostgres) {
		t.Fatalf("%d migrations recorded, want %d", n, store.LatestVersion(store.SetPostgres))
	}
	// The server's connections run without JIT (compiling the visibility rules
	// cost more than running them).
	var jit string
	if err := s.R.Get(&jit, `SHOW jit`); err != nil || jit != "off" {
		t.Fatalf("jit %q (%v), want off", jit, err)
	}
	// A write stamps rows with the transaction's version, and booleans go in as 0/1.
	ctx := context.Background()
	err = s.Write(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.Exec(`UPDATE sync_meta SET version = version + 1 WHERE id = 1`); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT INTO accounts (id, email, role, name, active, flagged, created_at, updated_at)
			VALUES (?, ?, 'influencer', 'A', ?, ?, now(), now())`, "a1", "A@x.org", true, false)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var row struct {
		Version int64 `db:"version"`
		Active  int   `db:"active"`
		Meta    int64 `db:"meta"`
	}
	if err := s.R.Get(&row, `SELECT a.version, a.active, m.version AS meta FROM accounts a, sync_meta m WHERE a.email = ?`, "a@X.org"); err != nil {
		t.Fatal(err)
	}
	if row.Version != row.Meta || row.Active != 1 {
		t.Fatalf("row %+v: want version = sync_meta's and active = 1", row)
	}
}

// The classic trap of a version counter across connections: two transactions
// take versions 41 and 42, 42 commits first, and a reader at cursor 42 never sees
// 41. Here the second writer cannot take a version until the first commits (the
// fleet-wide write lock, BeginWrite), so a reader never sees a version while an
// older one is still uncommitted. The test forces the interleaving: it holds the
// first writer open after it took its version and lets the second try.
func TestPostgresVersionOrderIsCommitOrder(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skip(pgtest.Env + " not set: the PostgreSQL suite runs in make test's pg-test")
	}
	s, err := store.OpenPostgres(pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	var v0 int64
	if err := s.R.Get(&v0, `SELECT version FROM sync_meta WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	write := func(id string, took chan<- int64, release <-chan struct{}) error {
		return s.Write(ctx, func(tx *sqlx.Tx) error {
			var v int64
			if err := tx.Get(&v, `UPDATE sync_meta SET version = version + 1 WHERE id = 1 RETURNING version`); err != nil {
				return err
			}
			took <- v
			<-release
			_, err := tx.Exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at)
				VALUES (?, ?, 'influencer', ?, now(), now())`, id, id+"@x.org", id)
			return err
		})
	}
	tookA, tookB := make(chan int64, 1), make(chan int64, 1)
	releaseA, releaseB := make(chan struct{}), make(chan struct{})
	doneA, doneB := make(chan error, 1), make(chan error, 1)
	go func() { doneA <- write("first", tookA, releaseA) }()
	vA := <-tookA
	go func() { doneB <- write("second", tookB, releaseB) }()
	// Wait until the second writer is blocked on the write lock (pg_locks shows it
	// waiting): it has no version yet.
	deadline := time.Now().Add(time.Minute)
	for {
		var waiting int
		if err := s.R.Get(&waiting, `SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`); err != nil {
			t.Fatal(err)
		}
		if waiting == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the second writer never waited for the first")
		}
		runtime.Gosched()
	}
	select {
	case v := <-tookB:
		t.Fatalf("the second writer took version %d while the first (%d) was uncommitted", v, vA)
	default:
	}
	// A reader now sees neither write: the committed version is still v0.
	var seen int64
	if err := s.R.Get(&seen, `SELECT version FROM sync_meta WHERE id = 1`); err != nil || seen != v0 {
		t.Fatalf("reader sees version %d (%v), want %d", seen, err, v0)
	}
	close(releaseA)
	if err := <-doneA; err != nil {
		t.Fatal(err)
	}
	vB := <-tookB
	// Between the two commits a reader at the newest committed version has every
	// row up to it: the first's.
	var rows []struct {
		ID      string `db:"id"`
		Version int64  `db:"version"`
	}
	if err := s.R.Select(&rows, `SELECT id, version FROM accounts WHERE version > ? AND version <= (SELECT version FROM sync_meta)`, v0); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].ID != "first" || rows[0].Version != vA {
		t.Fatalf("between the commits a reader sees %+v, want only first at %d", rows, vA)
	}
	close(releaseB)
	if err := <-doneB; err != nil {
		t.Fatal(err)
	}
	if vB != vA+1 {
		t.Fatalf("versions %d then %d: want consecutive, in commit order", vA, vB)
	}
}
