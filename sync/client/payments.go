package client

import (
	"context"
	"net/http"
)

// The desktop's two online-only money calls: the signed-in party's wallet and a
// card charge (the server's dummy processor, docs/money.md). A card travels from
// the caller's argument straight into the request body: nothing here logs it,
// keeps it or puts it in an error.

// Wallet is GET /v1/wallet: the caller's own account, its balance and its
// statement, oldest first.
type Wallet struct {
	Account string        `json:"account"` // sponsor_wallet or influencer_earnings
	Balance int64         `json:"balance"` // cents
	Entries []WalletEntry `json:"entries"`
	// An influencer's earnings in three (cents; 0 for a sponsor): in the escrow of
	// their requests, available to pay out (= Balance), and paid out.
	Pending   int64 `json:"pending"`
	Available int64 `json:"available"`
	Paid      int64 `json:"paid"`
}

// WalletEntry is one posting on the caller's account with its running balance.
type WalletEntry struct {
	TransactionID string `json:"transaction_id"`
	Kind          string `json:"kind"` // top_up, fund, release, refund, ...
	AdRequestID   string `json:"ad_request_id,omitempty"`
	Memo          string `json:"memo"`
	Reverses      string `json:"reverses,omitempty"`
	CreatedAt     string `json:"created_at"`
	AccountKind   string `json:"account_kind"`
	Amount        int64  `json:"amount"`  // cents, signed
	Balance       int64  `json:"balance"` // cents, after this posting
}

// ChargeRequest is the body of POST /v1/payments/charges.
type ChargeRequest struct {
	Amount   int64      `json:"amount"`   // cents
	Currency string     `json:"currency"` // "usd"
	Card     ChargeCard `json:"card"`
}

// ChargeCard is the card as typed in the form, passed through untouched.
type ChargeCard struct {
	Number string `json:"number"`
	Expiry string `json:"expiry"` // MM/YY
	CVC    string `json:"cvc"`
	Name   string `json:"name"`
}

// Charge is a succeeded charge: only brand and last four of its card.
type Charge struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
	Brand    string `json:"brand"`
	Last4    string `json:"last4"`
}

// Wallet reads the signed-in party's wallet from the server.
func (e *Engine) Wallet(ctx context.Context) (Wallet, error) {
	var w Wallet
	err := e.send(ctx, http.MethodGet, "/v1/wallet", "", nil, &w)
	return w, err
}

// Charge charges a card once per idempotencyKey (the same key for a retry of the
// same payment). A declined card is an *HTTPError 402 card_declined whose
// message is the processor's reason; a processor failure is a 502
// processing_error, to retry with the same key.
func (e *Engine) Charge(ctx context.Context, idempotencyKey string, req ChargeRequest) (Charge, error) {
	var ch Charge
	err := e.send(ctx, http.MethodPost, "/v1/payments/charges", idempotencyKey, req, &ch)
	return ch, err
}

// AdminLedger is the platform's money as GET /v1/admin/ledger answers it.
type AdminLedger struct {
	CommissionBps int              `json:"commission_bps"`
	Totals        map[string]int64 `json:"totals"`
	Entries       []WalletEntry    `json:"entries"`
}

// AdminLedger reads the platform's money (admins; others get not_found).
func (e *Engine) AdminLedger(ctx context.Context) (AdminLedger, error) {
	var l AdminLedger
	err := e.send(ctx, http.MethodGet, "/v1/admin/ledger", "", nil, &l)
	return l, err
}
