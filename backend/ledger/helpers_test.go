package ledger

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/store"
)

// clock is an injected clock: each reading is one second after the last.
func clock() func() time.Time {
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(time.Second); return t }
}

func openStore(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "server.db"), store.SetDomain, store.SetServer)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// migrated returns the bytes of a freshly migrated, closed database: copying them
// is six times faster than migrating anew, which the property test does 400 times.
func migrated(t testing.TB) []byte {
	t.Helper()
	p := filepath.Join(t.TempDir(), "template.db")
	s, err := store.Open(p, store.SetDomain, store.SetServer)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var copies int

// openCopy opens (through store.Open, which checks the migrations) a new database
// file holding template.
func openCopy(t testing.TB, template []byte) *store.Store {
	t.Helper()
	copies++
	p := filepath.Join(t.TempDir(), fmt.Sprintf("server-%d.db", copies))
	if err := os.WriteFile(p, template, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(p, store.SetDomain, store.SetServer)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// env is a store and a ledger on an injected clock.
type env struct {
	t *testing.T
	s *store.Store
	l *Ledger
}

func newEnv(t *testing.T) *env {
	return &env{t: t, s: openStore(t), l: New(clock())}
}

// do runs fn in one write transaction and returns its transaction and error.
func (e *env) do(fn func(ctx context.Context, tx *sqlx.Tx) (Transaction, error)) (Transaction, error) {
	var out Transaction
	err := e.s.Write(context.Background(), func(tx *sqlx.Tx) error {
		var err error
		out, err = fn(context.Background(), tx)
		return err
	})
	return out, err
}

// ok runs fn and fails the test on an error.
func (e *env) ok(fn func(ctx context.Context, tx *sqlx.Tx) (Transaction, error)) Transaction {
	e.t.Helper()
	tr, err := e.do(fn)
	if err != nil {
		e.t.Fatalf("unexpected error: %v", err)
	}
	return tr
}

// refused runs fn and wants the given code.
func (e *env) refused(code domain.Code, fn func(ctx context.Context, tx *sqlx.Tx) (Transaction, error)) {
	e.t.Helper()
	before := e.postings()
	_, err := e.do(fn)
	if got := domain.ErrorCode(err); got != code {
		e.t.Fatalf("got %v (%s), want %s", err, got, code)
	}
	if after := e.postings(); after != before {
		e.t.Fatalf("a refused operation changed the postings: %d → %d", before, after)
	}
}

func (e *env) postings() int {
	e.t.Helper()
	var n int
	if err := e.s.R.Get(&n, `SELECT COUNT(*) FROM ledger_postings`); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *env) balance(kind AccountKind, owner string) int64 {
	e.t.Helper()
	b, err := Balance(context.Background(), e.s.R, kind, owner)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

func (e *env) wantBalance(kind AccountKind, owner string, want int64) {
	e.t.Helper()
	if got := e.balance(kind, owner); got != want {
		e.t.Errorf("%s %s: balance %d, want %d", kind, owner, got, want)
	}
}

func id(name string) string { return domain.DerivedID("ledger-test", name) }
