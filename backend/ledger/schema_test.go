package ledger

import (
	"context"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
)

// The schema holds the invariants even against SQL that bypasses the Go checks.
func TestSchema_GuardsAgainstRawSQL(t *testing.T) {
	e := newEnv(t)
	top := e.ok(e.topUp(sponsor, 1000, "k"))
	wallet, outside := AccountID(SponsorWallet, sponsor), AccountID(OutsideWorld, "")
	raw := func(stmts ...string) error {
		return e.s.Write(context.Background(), func(tx *sqlx.Tx) error {
			for _, s := range stmts {
				if _, err := tx.Exec(s); err != nil {
					return err
				}
			}
			return nil
		})
	}
	posting := func(tx string, line int, acc string, amount string) string {
		return "INSERT INTO ledger_postings (transaction_id, line, account_id, amount) VALUES ('" + tx + "', " +
			string(rune('0'+line)) + ", '" + acc + "', " + amount + ")"
	}
	transaction := func(tx, key string) string {
		return "INSERT INTO ledger_transactions (id, kind, idempotency_key, created_at) VALUES ('" + tx + "', 'top_up', '" +
			key + "', '2026-01-01T00:00:00Z')"
	}
	for _, c := range []struct {
		name  string
		stmts []string
		want  string
	}{
		{"update a posting", []string{"UPDATE ledger_postings SET amount = 5 WHERE transaction_id = '" + top.ID + "'"}, "never updated"},
		{"delete a posting", []string{"DELETE FROM ledger_postings"}, "never deleted"},
		{"update a transaction", []string{"UPDATE ledger_transactions SET memo = 'x'"}, "never updated"},
		{"delete a transaction", []string{"DELETE FROM ledger_transactions"}, "never deleted"},
		{"unbalanced", []string{posting("t1", 1, outside, "-100"), posting("t1", 2, wallet, "50"), transaction("t1", "u1")}, "unbalanced"},
		{"zero amount", []string{posting("t2", 1, outside, "0"), posting("t2", 2, wallet, "0"), transaction("t2", "u2")}, "CHECK"},
		{"one posting", []string{posting("t8", 1, outside, "5"), transaction("t8", "u8")}, "unbalanced"},
		{"no postings", []string{transaction("t3", "u3")}, "unbalanced"},
		{"posting added to a recorded transaction", []string{posting(top.ID, 3, wallet, "1")}, "no more postings"},
		{"overdraft", []string{posting("t4", 1, wallet, "-1001"), posting("t4", 2, outside, "1001"), transaction("t4", "u4")}, "below zero"},
		{"fractional amount", []string{posting("t5", 1, wallet, "1.5"), posting("t5", 2, outside, "-1.5"), transaction("t5", "u5")}, "CHECK"},
		{"orphan postings", []string{posting("t6", 1, wallet, "-1"), posting("t6", 2, outside, "1")}, "FOREIGN KEY"},
		{"reversed twice", []string{
			posting("r1", 1, wallet, "-1"), posting("r1", 2, outside, "1"),
			"INSERT INTO ledger_transactions (id, kind, idempotency_key, reverses, created_at) VALUES ('r1', 'reversal', 'r1', '" + top.ID + "', 'x')",
			posting("r2", 1, wallet, "-1"), posting("r2", 2, outside, "1"),
			"INSERT INTO ledger_transactions (id, kind, idempotency_key, reverses, created_at) VALUES ('r2', 'reversal', 'r2', '" + top.ID + "', 'x')",
		}, "UNIQUE"},
		{"fund without request", []string{posting("t7", 1, wallet, "-1"), posting("t7", 2, outside, "1"),
			"INSERT INTO ledger_transactions (id, kind, idempotency_key, created_at) VALUES ('t7', 'fund', 't7', 'x')"}, "CHECK"},
		{"platform account with an owner", []string{"INSERT INTO ledger_accounts (id, kind, owner_id) VALUES ('a', 'platform_revenue', 'x')"}, "CHECK"},
		{"other currency", []string{"INSERT INTO ledger_accounts (id, kind, owner_id, currency) VALUES ('a', 'escrow', 'x', 'EUR')"}, "CHECK"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := raw(c.stmts...)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error with %q", err, c.want)
			}
		})
	}
	e.wantBalance(SponsorWallet, sponsor, 1000)
	if n := e.postings(); n != 2 {
		t.Errorf("%d postings after refused raw SQL, want 2", n)
	}
	// A balanced one through raw SQL is accepted: the guards are not blanket refusals.
	if err := raw(posting("ok", 1, wallet, "-400"), posting("ok", 2, outside, "400"), transaction("ok", "ok")); err != nil {
		t.Fatal(err)
	}
	e.wantBalance(SponsorWallet, sponsor, 600)
}
