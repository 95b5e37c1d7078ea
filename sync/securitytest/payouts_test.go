package securitytest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/ledger"
)

const payoutIBAN = "DE89 3704 0044 0532 0130 00" // docs/money.md, "Payouts": paid

// payoutReq sends one money request with an Idempotency-Key (key "" sends none).
func payoutReq(t *testing.T, a *actor, method, path, key string, body any) *reply {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, a.s.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+a.access)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		t.Error(err) // Error, not Fatal: called from the race's goroutines
		return &reply{}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Error(err)
	}
	return &reply{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}

func setIBAN(t *testing.T, a *actor, iban string) *reply {
	t.Helper()
	return payoutReq(t, a, http.MethodPut, "/v1/payout-account", "", map[string]string{"kind": "iban", "holder": a.Name, "iban": iban})
}

// earnings gives the influencer cents of available earnings: a sponsor's card
// top-up (through HTTP), then an escrow funded and released to the influencer.
// The release is what the deal's last accepted deliverable posts; this suite writes
// it with the ledger package on the server's database (a second writer that
// the engine's write lock serialises with the server's), so the payout races below start
// from a known balance.
func earnings(t *testing.T, s *server, infl *actor, cents int64) {
	t.Helper()
	sp := register(t, s, "sponsor", "payer-"+infl.Name)
	r := payoutReq(t, sp, http.MethodPost, "/v1/payments/charges", domain.NewID(), map[string]any{"amount": cents, "currency": "usd",
		"card": map[string]string{"number": "4242424242424242", "expiry": "12/40", "cvc": "123", "name": "Payer"}})
	if r.Status != http.StatusCreated {
		t.Fatalf("top-up: %d %s", r.Status, clip(string(r.Body)))
	}
	l, req := ledger.New(nil), domain.NewID()
	err := s.openDB(t).Write(t.Context(), func(tx *sqlx.Tx) error {
		if _, err := l.Fund(t.Context(), tx, req, sp.ID, cents); err != nil {
			return err
		}
		_, err := l.Release(t.Context(), tx, req, infl.ID, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

type walletAnswer struct {
	Balance   int64  `json:"balance"`
	Pending   *int64 `json:"pending"`
	Available *int64 `json:"available"`
	Paid      *int64 `json:"paid"`
}

func walletOf(t *testing.T, a *actor) walletAnswer {
	t.Helper()
	r := payoutReq(t, a, http.MethodGet, "/v1/wallet", "", nil)
	var w walletAnswer
	if r.Status != http.StatusOK || json.Unmarshal(r.Body, &w) != nil || w.Available == nil || w.Paid == nil {
		t.Fatalf("wallet: %d %s", r.Status, clip(string(r.Body)))
	}
	return w
}

// TestSponsorsAndAdminsCannotBePaidOut: a sponsor (with money in its wallet) and
// an admin can neither set a payout account nor pay out, nor read one.
func TestSponsorsAndAdminsCannotBePaidOut(t *testing.T) {
	s := shared.get(t)
	sp := register(t, s, "sponsor", "payout-sponsor")
	r := payoutReq(t, sp, http.MethodPost, "/v1/payments/charges", domain.NewID(), map[string]any{"amount": 10_00, "currency": "usd",
		"card": map[string]string{"number": "4242424242424242", "expiry": "12/40", "cvc": "123", "name": "Payer"}})
	if r.Status != http.StatusCreated {
		t.Fatalf("top-up: %d %s", r.Status, clip(string(r.Body)))
	}
	for _, a := range []*actor{sp, s.adminActor(t)} {
		setIBAN(t, a, payoutIBAN).expectError(t, http.StatusForbidden, "forbidden")
		payoutReq(t, a, http.MethodPost, "/v1/payouts", domain.NewID(), map[string]any{"amount": 1_00}).
			expectError(t, http.StatusForbidden, "forbidden")
		payoutReq(t, a, http.MethodGet, "/v1/payout-account", "", nil).expectError(t, http.StatusForbidden, "forbidden")
		payoutReq(t, a, http.MethodGet, "/v1/payouts", "", nil).expectError(t, http.StatusForbidden, "forbidden")
	}
	// The sponsor's wallet is untouched.
	r = payoutReq(t, sp, http.MethodGet, "/v1/wallet", "", nil)
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"balance":1000`) {
		t.Fatalf("sponsor wallet: %d %s", r.Status, clip(string(r.Body)))
	}
}

// TestPayoutAccountsArePrivate: an influencer's payout account and payouts are its
// own; another influencer reads only theirs, whatever it adds to the request, and
// the whole IBAN is in no answer.
func TestPayoutAccountsArePrivate(t *testing.T) {
	s := shared.get(t)
	a, b := register(t, s, "influencer", "payee-a"), register(t, s, "influencer", "payee-b")
	earnings(t, s, a, 5_00)
	if r := setIBAN(t, a, payoutIBAN); r.Status != http.StatusOK {
		t.Fatalf("set: %d %s", r.Status, clip(string(r.Body)))
	}
	if r := payoutReq(t, a, http.MethodPost, "/v1/payouts", domain.NewID(), map[string]any{"amount": 5_00}); r.Status != http.StatusCreated {
		t.Fatalf("payout: %d %s", r.Status, clip(string(r.Body)))
	}
	payoutReq(t, b, http.MethodGet, "/v1/payout-account", "", nil).expectError(t, http.StatusNotFound, "not_found")
	payoutReq(t, b, http.MethodGet, "/v1/payout-account?account_id="+a.ID, "", nil).expectError(t, http.StatusNotFound, "not_found")
	for _, path := range []string{"/v1/payouts", "/v1/payouts?account_id=" + a.ID} {
		r := payoutReq(t, b, http.MethodGet, path, "", nil)
		if r.Status != http.StatusOK || string(r.Body) != "{\"payouts\":[]}\n" {
			t.Fatalf("B lists %s: %d %s", path, r.Status, clip(string(r.Body)))
		}
	}
	for _, r := range []*reply{payoutReq(t, a, http.MethodGet, "/v1/payout-account", "", nil), payoutReq(t, a, http.MethodGet, "/v1/payouts", "", nil)} {
		if r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"last4":"3000"`) ||
			strings.Contains(string(r.Body), "370400440532") {
			t.Fatalf("A reads: %d %s", r.Status, clip(string(r.Body)))
		}
	}
	if w := walletOf(t, b); *w.Paid != 0 || *w.Available != 0 {
		t.Fatalf("B's wallet: %+v", w)
	}
}

// TestPayoutRacesPayAtMostTheBalance: eight payouts of 30.00 at once against
// 100.00 of earnings pay exactly three; then eight at once with one key pay once
// (every answer the same payout); what is left is paid to the cent, never more.
func TestPayoutRacesPayAtMostTheBalance(t *testing.T) {
	s := shared.get(t)
	infl := register(t, s, "influencer", "payee-race")
	earnings(t, s, infl, 100_00)
	if r := setIBAN(t, infl, payoutIBAN); r.Status != http.StatusOK {
		t.Fatalf("set: %d %s", r.Status, clip(string(r.Body)))
	}
	race := func(keys []string, amount int64) []*reply {
		out := make([]*reply, len(keys))
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i, k := range keys {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				out[i] = payoutReq(t, infl, http.MethodPost, "/v1/payouts", k, map[string]any{"amount": amount})
			}()
		}
		close(start)
		wg.Wait()
		return out
	}
	keys := make([]string, 8)
	for i := range keys {
		keys[i] = domain.NewID()
	}
	paid := 0
	for _, r := range race(keys, 30_00) {
		switch r.Status {
		case http.StatusCreated:
			paid++
		case http.StatusConflict:
			r.expectError(t, http.StatusConflict, "insufficient_funds")
		default:
			t.Fatalf("payout answered %d %s", r.Status, clip(string(r.Body)))
		}
	}
	if paid != 3 {
		t.Fatalf("%d payouts of 30.00 paid against 100.00, want 3", paid)
	}
	one := domain.NewID()
	ids := map[string]bool{}
	for _, r := range race([]string{one, one, one, one, one, one, one, one}, 10_00) {
		var p struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		}
		if r.Status != http.StatusCreated || json.Unmarshal(r.Body, &p) != nil || p.Status != "paid" {
			t.Fatalf("same-key payout: %d %s", r.Status, clip(string(r.Body)))
		}
		ids[p.ID] = true
	}
	if len(ids) != 1 {
		t.Fatalf("one key paid %d payouts", len(ids))
	}
	payoutReq(t, infl, http.MethodPost, "/v1/payouts", domain.NewID(), map[string]any{"amount": 1}).
		expectError(t, http.StatusConflict, "insufficient_funds")
	if w := walletOf(t, infl); *w.Available != 0 || *w.Paid != 100_00 || w.Balance != 0 {
		t.Fatalf("after the races: %+v", w)
	}
	r := payoutReq(t, infl, http.MethodGet, "/v1/payouts", "", nil)
	if n := strings.Count(string(r.Body), `"status":"paid"`); n != 4 {
		t.Fatalf("%d paid payouts listed, want 4: %s", n, clip(string(r.Body)))
	}
}
