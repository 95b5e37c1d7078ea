package client

import (
	"context"
	"errors"
	"net/http"
)

// The desktop's online-only payout calls (docs/money.md, "Payouts"): the
// influencer's bank account and payouts of their available earnings. An IBAN or
// account number travels from the caller's argument straight into the request
// body: nothing here logs it, keeps it or puts it in an error.

// PayoutAccountInput is the body of PUT /v1/payout-account, passed through.
type PayoutAccountInput struct {
	Kind          string `json:"kind"` // iban or us
	Holder        string `json:"holder"`
	IBAN          string `json:"iban,omitempty"`
	RoutingNumber string `json:"routing_number,omitempty"`
	AccountNumber string `json:"account_number,omitempty"`
}

// PayoutAccount is the bank account as the server keeps it: last four only.
type PayoutAccount struct {
	Kind      string `json:"kind"`
	Country   string `json:"country"`
	Holder    string `json:"holder"`
	Last4     string `json:"last4"`
	UpdatedAt string `json:"updated_at"`
}

// Payout is one payout: paid, or failed with the processor's reason.
type Payout struct {
	ID            string         `json:"id"`
	Status        string         `json:"status"` // paid or failed
	Amount        int64          `json:"amount"` // cents
	Currency      string         `json:"currency"`
	Kind          string         `json:"kind"`
	Country       string         `json:"country"`
	Last4         string         `json:"last4"`
	TransactionID string         `json:"transaction_id,omitempty"`
	CreatedAt     string         `json:"created_at"`
	Failure       *PayoutFailure `json:"failure,omitempty"`
}

// PayoutFailure is why the processor did not pay.
type PayoutFailure struct {
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// PayoutAccount reads the signed-in influencer's bank account; nil when none is set.
func (e *Engine) PayoutAccount(ctx context.Context) (*PayoutAccount, error) {
	var pa PayoutAccount
	err := e.send(ctx, http.MethodGet, "/v1/payout-account", "", nil, &pa)
	var he *HTTPError
	if errors.As(err, &he) && he.Status == http.StatusNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &pa, nil
}

// SetPayoutAccount sets (replaces) the bank account. A wrong field is an
// *HTTPError 400 bank_account_invalid whose message names it.
func (e *Engine) SetPayoutAccount(ctx context.Context, in PayoutAccountInput) (PayoutAccount, error) {
	var pa PayoutAccount
	err := e.send(ctx, http.MethodPut, "/v1/payout-account", "", in, &pa)
	return pa, err
}

// RequestPayout pays amount cents of available earnings once per idempotencyKey.
// A refusal is an *HTTPError: 402 payout_failed (the processor's reason), 409
// insufficient_funds, invalid_transition (no account) or idempotency_conflict.
func (e *Engine) RequestPayout(ctx context.Context, idempotencyKey string, amount int64) (Payout, error) {
	var p Payout
	err := e.send(ctx, http.MethodPost, "/v1/payouts", idempotencyKey, map[string]int64{"amount": amount}, &p)
	return p, err
}

// Payouts lists the signed-in influencer's payouts, newest first.
func (e *Engine) Payouts(ctx context.Context) ([]Payout, error) {
	var out struct {
		Payouts []Payout `json:"payouts"`
	}
	err := e.send(ctx, http.MethodGet, "/v1/payouts", "", nil, &out)
	return out.Payouts, err
}
