package client_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"iescp/backend/domain"
	"iescp/sync/client"
)

// The engine's wallet and charge calls against the real server: a top-up lands
// in the wallet, a retry with the same key charges once, a decline and a
// processor failure come back typed.
func TestEngine_WalletAndCharge(t *testing.T) {
	p := newPlatform(t)
	p.register("sponsor", "maya@brand.test", "Maya") // the harness tops up 1,000,000.00
	d := p.desktopFor("maya@brand.test", "Maya")
	ctx := context.Background()
	const start = 100_000_000

	w, err := d.engine.Wallet(ctx)
	if err != nil || w.Account != "sponsor_wallet" || w.Balance != start || len(w.Entries) != 1 {
		t.Fatalf("topped-up wallet: %+v, %v", w, err)
	}
	card := func(number string) client.ChargeRequest {
		return client.ChargeRequest{Amount: 12_345, Currency: "usd",
			Card: client.ChargeCard{Number: number, Expiry: "12/30", CVC: "123", Name: "Maya Brand"}}
	}
	ch, err := d.engine.Charge(ctx, "key-1", card("4242 4242 4242 4242"))
	if err != nil || ch.Status != "succeeded" || ch.Amount != 12_345 || ch.Brand != "visa" || ch.Last4 != "4242" {
		t.Fatalf("charge: %+v, %v", ch, err)
	}
	again, err := d.engine.Charge(ctx, "key-1", card("4242-4242-4242-4242"))
	if err != nil || again.ID != ch.ID {
		t.Fatalf("retry with the same key: %+v, %v (first %s)", again, err, ch.ID)
	}
	w, err = d.engine.Wallet(ctx)
	if err != nil || w.Balance != start+12_345 || len(w.Entries) != 2 || w.Entries[1].Kind != "top_up" ||
		w.Entries[1].Amount != 12_345 || w.Entries[1].Balance != start+12_345 {
		t.Fatalf("wallet after one top-up: %+v, %v", w, err)
	}

	var he *client.HTTPError
	_, err = d.engine.Charge(ctx, "key-2", card("4000 0000 0000 9995"))
	if !errors.As(err, &he) || he.Status != http.StatusPaymentRequired || he.Code() != domain.CodeCardDeclined ||
		he.Detail.Message != "Your card has insufficient funds." {
		t.Fatalf("declined: %v", err)
	}
	_, err = d.engine.Charge(ctx, "key-3", card("4000 0000 0000 0119"))
	if !errors.As(err, &he) || he.Status != http.StatusBadGateway || he.Code() != domain.CodeProcessingError {
		t.Fatalf("processing error: %v", err)
	}
	if w, err = d.engine.Wallet(ctx); err != nil || w.Balance != start+12_345 || len(w.Entries) != 2 {
		t.Fatalf("a decline or a failure moved money: %+v, %v", w, err)
	}
}
