package store_test

import (
	"context"
	"testing"

	"iescp/backend/store"
	"iescp/backend/store/pgtest"
)

// TestWriteTxPlansOnce: a write transaction's statements (the push's) take
// PostgreSQL's plan made once for any values (plan_cache_mode, beginWriteTx says
// why), and only they: the setting ends with the transaction, committed, rolled
// back or never sent, so reads on the same connection plan as usual.
func TestWriteTxPlansOnce(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skip("PostgreSQL only (" + pgtest.Env + ")")
	}
	s := pgtest.Server(t)
	s.W.SetMaxOpenConns(1) // every transaction and read on the one connection
	ctx := context.Background()
	outside := func(when string) {
		t.Helper()
		var m string
		if err := s.R.GetContext(ctx, &m, `SELECT current_setting('plan_cache_mode')`); err != nil {
			t.Fatal(err)
		}
		if m != "auto" {
			t.Errorf("%s: a read on the connection plans with %q, want auto", when, m)
		}
	}
	for _, c := range []struct {
		name  string
		begin func(context.Context) (*store.WriteTx, error)
		end   func(*store.WriteTx) error
	}{
		{"BeginWriteTx, committed", s.BeginWriteTx, (*store.WriteTx).Commit},
		{"BeginSpeculation, committed", s.BeginSpeculation, (*store.WriteTx).Commit},
		{"BeginSpeculation, rolled back", s.BeginSpeculation, (*store.WriteTx).Rollback},
	} {
		tx, err := c.begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var m string
		if err := tx.GetContext(ctx, &m, `SELECT current_setting('plan_cache_mode')`); err != nil {
			t.Fatal(err)
		}
		if m != "force_generic_plan" {
			t.Errorf("%s: the transaction plans with %q, want force_generic_plan", c.name, m)
		}
		if err := c.end(tx); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		outside("after " + c.name)
	}
	// Begun and committed with nothing in it: nothing was sent, nothing stays.
	tx, err := s.BeginSpeculation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	outside("after an empty transaction")
}
