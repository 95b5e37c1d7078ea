package store

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
)

func TestOpen_PragmasAndMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "iescp.db")
	s, err := Open(path, SetDomain, SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "10000", "synchronous": "1"} {
		var got string
		if err := s.W.Get(&got, "PRAGMA "+pragma); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("writer PRAGMA %s: got %s, want %s", pragma, got, want)
		}
		if err := s.R.Get(&got, "PRAGMA "+pragma); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("reader PRAGMA %s: got %s, want %s", pragma, got, want)
		}
	}
	// Readers cannot write.
	if _, err := s.R.Exec(`DELETE FROM accounts`); err == nil {
		t.Error("a reader connection wrote")
	}
	var versions []string
	if err := s.R.Select(&versions, `SELECT set_name || ':' || version FROM schema_migrations ORDER BY set_name, version`); err != nil {
		t.Fatal(err)
	}
	var want []string // every migration of both sets, once
	for _, set := range []string{SetDesktop, SetDomain} {
		for v := 1; v <= LatestVersion(set); v++ {
			want = append(want, set+":"+strconv.Itoa(v))
		}
	}
	if got := strings.Join(versions, ","); got != strings.Join(want, ",") || !strings.HasPrefix(got, "desktop:1,desktop:2,desktop:3,") {
		t.Errorf("schema_migrations: got %s, want %s", got, strings.Join(want, ","))
	}
	s.Close()
	// Reopening applies nothing twice.
	s, err = Open(path, SetDomain, SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.R.Get(&n, `SELECT COUNT(*) FROM schema_migrations`); err != nil {
		t.Fatal(err)
	}
	if n != len(versions) {
		t.Errorf("after reopening: %d migrations recorded, want %d", n, len(versions))
	}
	// A database from a newer app is refused with a clear message.
	s.W.MustExec(`INSERT INTO schema_migrations (set_name, version, name) VALUES ('domain', 999, 'future.sql')`)
	s.Close()
	if _, err := Open(path, SetDomain); err == nil || !strings.Contains(err.Error(), "update the app") {
		t.Errorf("opening a newer schema: got %v, want an update-the-app error", err)
	}
	if _, err := Open(path, "nonsense"); err == nil {
		t.Error("an unknown migration set was accepted")
	}
}

func TestWrite_RollsBackOnError(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "x.db"), SetDirectory)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	boom := errors.New("boom")
	err = s.Write(context.Background(), func(tx *sqlx.Tx) error {
		tx.MustExec(`INSERT INTO settings (key, value) VALUES ('a', 'b')`)
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want boom", err)
	}
	var n int
	if err := s.R.Get(&n, `SELECT COUNT(*) FROM settings`); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("rolled-back write left %d rows", n)
	}
}

func TestMigrate_FailedMigrationLeavesNothing(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// A table in the way makes the first domain migration fail half-way.
	s.W.MustExec(`CREATE TABLE campaigns (x)`)
	if err := Migrate(s.W, SetDomain); err == nil {
		t.Fatal("migration over a conflicting table succeeded")
	}
	var n int
	if err := s.W.Get(&n, `SELECT COUNT(*) FROM sqlite_master WHERE name IN ('accounts', 'schema_migrations')`); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("a failed migration left %d objects behind", n)
	}
}

// TestWrite_FailedCommitLeavesTheWriterUsable: a commit refused by a deferred
// foreign key must not leave the single writer connection inside a transaction.
func TestWrite_FailedCommitLeavesTheWriterUsable(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "x.db"), SetDomain)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	err = s.Write(ctx, func(tx *sqlx.Tx) error {
		tx.MustExec(`PRAGMA defer_foreign_keys = ON`)
		_, err := tx.Exec(`INSERT INTO campaigns (id, sponsor_id, name, start_date, end_date, budget, created_at, updated_at)
			VALUES ('c', 'no-such-sponsor', 'n', '2026-01-01', '2026-01-02', 1, '2026-01-01', '2026-01-01')`)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Fatalf("commit: got %v, want a foreign key failure", err)
	}
	if err := s.Write(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.Exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at)
			VALUES ('a', 'a@example.com', 'admin', 'A', '2026-01-01', '2026-01-01')`)
		return err
	}); err != nil {
		t.Fatalf("the next write: %v", err)
	}
	var n int
	if err := s.R.Get(&n, `SELECT COUNT(*) FROM campaigns`); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatal("the refused campaign was stored")
	}
}
