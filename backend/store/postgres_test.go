package store_test

import (
	"context"
	"testing"

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
