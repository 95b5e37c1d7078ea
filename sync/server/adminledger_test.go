package server

import (
	"encoding/json"
	"net/http"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/ledger"
)

// The admin reads the platform's money: the rate, totals that sum to zero, and the
// platform's statement; anyone else gets 404, as if the route did not exist.
func TestAdminLedger_AdminsOnly(t *testing.T) {
	e := newEnv(t, Config{})
	_, sponsor := e.account(domain.RoleSponsor)
	_, infl := e.account(domain.RoleInfluencer)
	_, admin := e.account(domain.RoleAdmin)
	if status, _, body := e.charge(sponsor, "top-up-1", chargeBody(5000, "4242 4242 4242 4242", "123")); status != http.StatusCreated {
		t.Fatalf("charge: %d %s", status, body)
	}
	status, _, body := e.do(http.MethodGet, adminLedgerPath, admin, nil)
	if status != http.StatusOK {
		t.Fatalf("admin: %d %s", status, body)
	}
	var l AdminLedger
	if err := json.Unmarshal(body, &l); err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, v := range l.Totals {
		sum += v
	}
	if l.CommissionBps != ledger.DefaultCommissionBps || l.Totals[ledger.SponsorWallet] != 5000 ||
		l.Totals[ledger.OutsideWorld] != -5000 || sum != 0 || len(l.Totals) != 5 {
		t.Fatalf("admin ledger: %+v", l)
	}
	if len(l.Entries) != 1 || l.Entries[0].AccountKind != ledger.OutsideWorld || l.Entries[0].Amount != -5000 {
		t.Fatalf("platform statement: %+v", l.Entries)
	}
	for _, tok := range []string{sponsor, infl} {
		status, _, body := e.do(http.MethodGet, adminLedgerPath, tok, nil)
		e.wantError(status, body, http.StatusNotFound, domain.CodeNotFound)
	}
	status, _, body = e.do(http.MethodGet, adminLedgerPath, "", nil)
	e.wantError(status, body, http.StatusUnauthorized, domain.CodeUnauthenticated)
}
