package server

import (
	"context"
	"reflect"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/store"
)

// The push reads the pushing account with its bookkeeping and hands it to the
// first mutator (mutate.ApplyAs): that row must be exactly what the mutators'
// own read (SELECT * into domain.Account) gives, flagged and deactivated
// included, on both engines. A new column in domain.Account fails this test
// until actorRow reads it too.
func TestPush_PrereadActorIsTheAccount(t *testing.T) {
	if n := reflect.TypeOf(domain.Account{}).NumField(); n != 10 {
		t.Fatalf("domain.Account has %d fields: read the new ones in actorRow (push.go) too", n)
	}
	e := newEnv(t, Config{})
	id, _ := e.account(domain.RoleInfluencer)
	if _, err := e.s.db.W.Exec(`UPDATE accounts SET flagged = 1, flag_reason = 'spam', active = 0 WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tx, err := e.s.db.BeginWriteTx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	var want domain.Account
	if err := tx.Get(&want, `SELECT * FROM accounts WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	var row, none actorRow
	r, missing := row.read(id), none.read("nobody")
	if err := tx.GetAfter(ctx, &store.Batch{}, r, missing); err != nil {
		t.Fatal(err)
	}
	if got := row.account(r); got == nil || !reflect.DeepEqual(*got, want) {
		t.Fatalf("preread account\n%+v\nwant\n%+v", got, want)
	}
	if got := none.account(missing); got != nil {
		t.Fatalf("an unknown account read as %+v", got)
	}
}
