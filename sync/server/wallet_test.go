package server

import (
	"encoding/json"
	"net/http"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/ledger"
)

func (e *testEnv) wallet(token string) (int, Wallet) {
	e.t.Helper()
	status, _, body := e.do(http.MethodGet, walletPath, token, nil)
	var w Wallet
	if status == http.StatusOK {
		if err := json.Unmarshal(body, &w); err != nil {
			e.t.Fatalf("wallet: %v: %s", err, body)
		}
	}
	return status, w
}

// A successful charge is a top-up of the sponsor's wallet, in the same
// transaction: a retried charge tops up once, a declined card not at all, and the
// wallet says so (balance and statement) to its owner only.
func TestWallet_ChargeTopsUpOnce(t *testing.T) {
	e := newEnv(t, Config{})
	sponsorID, tok := e.account(domain.RoleSponsor)
	_, other := e.account(domain.RoleSponsor)
	_, infl := e.account(domain.RoleInfluencer)
	_, admin := e.account(domain.RoleAdmin)

	if status, w := e.wallet(tok); status != http.StatusOK || w.Balance != 0 || len(w.Entries) != 0 || w.Account != ledger.SponsorWallet {
		t.Fatalf("a new sponsor's wallet: %d %+v", status, w)
	}
	for range 2 { // the answer lost, the charge retried with the same key
		if status, _, body := e.charge(tok, "top-up-1", chargeBody(5000, "4242 4242 4242 4242", "123")); status != http.StatusCreated {
			t.Fatalf("charge: %d %s", status, body)
		}
	}
	if status, _, body := e.charge(tok, "top-up-2", chargeBody(700, "4000000000009995", "123")); status != http.StatusPaymentRequired {
		t.Fatalf("declined charge: %d %s", status, body)
	}
	status, w := e.wallet(tok)
	if status != http.StatusOK || w.Balance != 5000 || len(w.Entries) != 1 || w.Entries[0].Kind != ledger.KindTopUp ||
		w.Entries[0].Amount != 5000 || w.Entries[0].Balance != 5000 {
		t.Fatalf("after one charge (retried) and a decline: %d %+v", status, w)
	}
	if got, err := ledger.Balance(t.Context(), e.s.DB().R, ledger.SponsorWallet, sponsorID); err != nil || got != 5000 {
		t.Fatalf("ledger balance %d, %v", got, err)
	}
	if _, w := e.wallet(other); w.Balance != 0 || len(w.Entries) != 0 {
		t.Fatalf("another sponsor sees %+v", w)
	}
	if status, w := e.wallet(infl); status != http.StatusOK || w.Account != ledger.InfluencerEarnings || w.Balance != 0 {
		t.Fatalf("an influencer's earnings: %d %+v", status, w)
	}
	status, _, body := e.do(http.MethodGet, walletPath, admin, nil)
	e.wantError(status, body, http.StatusForbidden, domain.CodeForbidden)
	if _, err := e.s.DB().W.Exec(`UPDATE accounts SET active = 0 WHERE id = ?`, sponsorID); err != nil {
		t.Fatal(err)
	}
	status, _, body = e.do(http.MethodGet, walletPath, tok, nil)
	e.wantError(status, body, http.StatusForbidden, domain.CodeForbidden)
	status, _, body = e.do(http.MethodGet, walletPath, "", nil)
	e.wantError(status, body, http.StatusUnauthorized, domain.CodeUnauthenticated)
}
