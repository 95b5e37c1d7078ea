package desktop

import (
	"bytes"
	"log"
	"strings"
	"testing"

	"iescp/backend/domain"
)

// The Wallet screen's path: a sponsor's desktop tops up through the real sync
// server, a retry of the same attempt charges once, a declined card comes back
// with its reason, a processor failure is retryable, offline is "unavailable",
// and the card's digits reach no log line.
func TestWalletService_TopUp(t *testing.T) {
	var stdlog bytes.Buffer // the standard logger (and slog's default through it)
	prev := log.Writer()
	log.SetOutput(&stdlog)
	t.Cleanup(func() { log.SetOutput(prev) })

	ts := newTestServer(t)
	ts.unfunded = true
	ts.register("sponsor", "maya@brand.test", "Maya")
	sp, _ := newTestDesktop(t, ts.URL, "")
	if _, err := sp.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	ws := NewWalletService(sp)

	w, err := ws.Get()
	if err != nil || w.Account != "sponsor_wallet" || w.Balance != 0 || w.Entries == nil || len(w.Entries) != 0 {
		t.Fatalf("empty wallet: %+v, %v", w, err)
	}
	in := TopUpInput{Amount: 25_000, CardNumber: "4242 4242 4242 4242", Expiry: "12/30", CVC: "123", Name: "Maya Brand",
		IdempotencyKey: "attempt-1"}
	ch, err := ws.TopUp(in)
	if err != nil || ch.Status != "succeeded" || ch.Brand != "visa" || ch.Last4 != "4242" || ch.Amount != 25_000 {
		t.Fatalf("top up: %+v, %v", ch, err)
	}
	if again, err := ws.TopUp(in); err != nil || again.ID != ch.ID {
		t.Fatalf("retry of the same attempt: %+v, %v", again, err)
	}
	w, err = ws.Get()
	if err != nil || w.Balance != 25_000 || len(w.Entries) != 1 || w.Entries[0].Kind != "top_up" || w.Entries[0].Balance != 25_000 {
		t.Fatalf("wallet after one top-up: %+v, %v", w, err)
	}

	declined := in
	declined.CardNumber, declined.IdempotencyKey = "4000 0000 0000 9995", "attempt-2"
	_, err = ws.TopUp(declined)
	if uiCode(t, err) != domain.CodeCardDeclined || !strings.Contains(err.Error(), "Your card has insufficient funds.") {
		t.Fatalf("declined: %v", err)
	}
	failing := in
	failing.CardNumber, failing.IdempotencyKey = "4000000000000119", "attempt-3"
	if _, err := ws.TopUp(failing); uiCode(t, err) != domain.CodeProcessingError {
		t.Fatalf("processor failure: %v", err)
	}
	if w, err := ws.Get(); err != nil || w.Balance != 25_000 || len(w.Entries) != 1 {
		t.Fatalf("a decline or a failure moved money: %+v, %v", w, err)
	}

	ts.stop()
	if _, err := ws.Get(); uiCode(t, err) != codeUnavailable {
		t.Fatalf("offline get: %v", err)
	}
	offline := in
	offline.IdempotencyKey = "attempt-4"
	if _, err := ws.TopUp(offline); uiCode(t, err) != codeUnavailable || strings.Contains(err.Error(), "4242") {
		t.Fatalf("offline top up: %v", err)
	}

	logs := ts.log.String() + stdlog.String()
	if !strings.Contains(logs, "last4=4242") {
		t.Fatalf("the server's charge log line is not captured:\n%s", logs)
	}
	for _, digits := range []string{"4242424242424242", "4242 4242 4242 4242", "4000000000009995", "4000 0000 0000 9995",
		"4000000000000119", "424242424242"} {
		if strings.Contains(logs, digits) {
			t.Fatalf("card number %s in a log line:\n%s", digits, logs)
		}
	}
}
