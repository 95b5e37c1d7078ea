// Package pgtest gives tests the sync server's canonical database on the engine the
// run asks for: an SQLite file by default, or, when IESCP_TEST_PG names a PostgreSQL
// server (scripts/pg-cluster.sh starts a throwaway one; `make test` runs the server
// and sync suites both ways), a fresh database of the server's schema per test.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/store"
)

// Env is the variable naming the PostgreSQL server tests use (a postgres:// URL).
const Env = "IESCP_TEST_PG"

// Enabled reports whether this run is on PostgreSQL.
func Enabled() bool { return os.Getenv(Env) != "" }

var (
	tplOnce sync.Once
	tplName string
	tplErr  error
)

// ServerDB names a new, empty, migrated canonical database for one test: a file in
// dir on SQLite, a fresh PostgreSQL database (dropped when the test ends) otherwise.
func ServerDB(t testing.TB, dir string) string {
	t.Helper()
	if !Enabled() {
		return filepath.Join(dir, "sync.db")
	}
	return Database(t)
}

// Server opens ServerDB's database for one test (store.OpenServer: migrated) and
// closes it when the test ends.
func Server(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.OpenServer(ServerDB(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// Database creates a fresh PostgreSQL database of the server's schema, copied from a
// template migrated once per test process, and drops it when the test ends.
func Database(t testing.TB) string {
	t.Helper()
	base := os.Getenv(Env)
	if base == "" {
		t.Fatalf("pgtest: %s is not set", Env)
	}
	tplOnce.Do(func() { tplName, tplErr = makeTemplate(base) })
	if tplErr != nil {
		t.Fatalf("pgtest: template: %v", tplErr)
	}
	name := "t_" + randomHex(8)
	admin, err := sqlx.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = admin.Close() }() // a test's admin pool: nothing to report
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := admin.ExecContext(ctx, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`, name, tplName)); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		a, err := sqlx.Open("pgx", base)
		if err != nil {
			t.Errorf("pgtest: drop %s: %v", name, err)
			return
		}
		defer func() { _ = a.Close() }()
		if _, err := a.Exec(fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name)); err != nil {
			t.Errorf("pgtest: drop %s: %v", name, err)
		}
	})
	return WithDatabase(base, name)
}

// WithDatabase is the URL base with its database replaced by name.
func WithDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	return u.String()
}

// makeTemplate creates and migrates this process's template database (a template
// must have no connections while it is copied, so the migration's pool is closed).
func makeTemplate(base string) (string, error) {
	name := fmt.Sprintf("tpl_%d_%s", os.Getpid(), randomHex(4))
	admin, err := sqlx.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer func() { _ = admin.Close() }() // a test's admin pool: nothing to report
	if _, err := admin.Exec(fmt.Sprintf(`CREATE DATABASE %s`, name)); err != nil {
		return "", err
	}
	s, err := store.OpenPostgres(WithDatabase(base, name))
	if err != nil {
		return "", err
	}
	if err := s.Close(); err != nil {
		return "", err
	}
	return name, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
