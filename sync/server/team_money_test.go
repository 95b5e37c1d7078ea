package server

import (
	"encoding/json"
	"net/http"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// TestTeam_MoneyIsTheOrganisations: a teammate reads the organisation's wallet
// (not an empty one of their own), only an owner pays into it, and a teammate
// who is an owner does, into the organisation's wallet.
func TestTeam_MoneyIsTheOrganisations(t *testing.T) {
	e := newEnv(t, Config{})
	owner, ownerTok := e.account(domain.RoleSponsor)
	mate, mateTok := e.account(domain.RoleSponsor)
	var mateEmail string
	if err := e.s.db.R.Get(&mateEmail, `SELECT email FROM accounts WHERE id = ?`, mate); err != nil {
		t.Fatal(err)
	}
	e.mustPush(ownerTok, domain.NewID(), mut(1, "team.invite", mutate.TeamInvite{Email: mateEmail, Role: domain.OrgManager}))
	member := mutate.OrgMemberID(owner, mateEmail)
	e.mustPush(mateTok, domain.NewID(), mut(1, "team.accept", mutate.TeamAccept{MemberID: member}))

	if status, _, body := e.charge(ownerTok, "k-owner", chargeBody(5_000, "4242424242424242", "123")); status != http.StatusCreated {
		t.Fatalf("the owner's top-up: %d %s", status, body)
	}
	// A manager reads the organisation's balance, and may not pay into it.
	status, _, body := e.do("GET", walletPath, mateTok, nil)
	if status != http.StatusOK {
		t.Fatalf("a manager's wallet: %d %s", status, body)
	}
	var w Wallet
	if err := json.Unmarshal(body, &w); err != nil {
		t.Fatal(err)
	}
	if w.Balance != 5_000 {
		t.Fatalf("a manager reads a balance of %d, want the organisation's 5000", w.Balance)
	}
	status, _, body = e.charge(mateTok, "k-mate", chargeBody(5_000, "4242424242424242", "123"))
	e.wantError(status, body, http.StatusForbidden, domain.CodeForbidden)

	// Made an owner, the teammate pays into the organisation's wallet.
	e.mustPush(ownerTok, domain.NewID(), mut(1, "team.setRole", mutate.TeamSetRole{MemberID: member, Role: domain.OrgOwner}))
	if status, _, body := e.charge(mateTok, "k-mate2", chargeBody(2_500, "4242424242424242", "123")); status != http.StatusCreated {
		t.Fatalf("a second owner's top-up: %d %s", status, body)
	}
	_, _, body = e.do("GET", walletPath, ownerTok, nil)
	if err := json.Unmarshal(body, &w); err != nil {
		t.Fatal(err)
	}
	if w.Balance != 7_500 {
		t.Fatalf("the organisation's balance is %d, want 7500", w.Balance)
	}
	if n := e.count(`SELECT COUNT(*) FROM ledger_accounts WHERE owner_id = ?`, mate); n != 0 {
		t.Fatalf("the teammate has %d ledger accounts of their own", n)
	}
}
