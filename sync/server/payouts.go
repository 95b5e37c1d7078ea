package server

// Payouts: an influencer's bank account and the dummy processor paying their
// available earnings to it (docs/money.md, "Payouts"). Online only, as payments are.
//
// PUT /v1/payout-account checks the account (backend/bank) and hands the whole
// IBAN or account number to the processor, which "tokenises" it: the database keeps
// the holder, kind, country, last four and the processor's opaque token, never the
// number; no log line, error message or metric carries it (the number lives in a
// bank.Account, which prints only its last four, and the body's decoding errors
// quote nothing of the body). POST /v1/payouts pays once per Idempotency-Key: the
// ledger's payout posting and the payout record are one write transaction, so two
// payouts at once against one balance pay at most what is available.

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/bank"
	"iescp/backend/domain"
	"iescp/backend/ledger"
	"iescp/sync/protocol"
)

const (
	payoutAccountPath = "/v1/payout-account"
	payoutsPath       = "/v1/payouts"
	payoutBodyLimit   = 4 << 10
	payoutCurrency    = "usd"

	payoutPaid   = "paid"
	payoutFailed = "failed"
)

// PayoutAccount is the influencer's bank account as the platform keeps it.
type PayoutAccount struct {
	Kind      bank.Kind `json:"kind" db:"kind"`
	Country   string    `json:"country" db:"country"`
	Holder    string    `json:"holder" db:"holder"`
	Last4     string    `json:"last4" db:"last4"`
	UpdatedAt time.Time `json:"updated_at" db:"updated_at"`
}

// PayoutRequest is the body of POST /v1/payouts.
type PayoutRequest struct {
	Amount int64 `json:"amount"` // cents, > 0 and ≤ the available earnings
}

// Payout is the processor's answer: 201 paid, 402 failed (then Failure says why
// and Error carries payout_failed).
type Payout struct {
	ID            string                `json:"id" db:"id"`
	Status        string                `json:"status" db:"status"` // paid or failed
	Amount        int64                 `json:"amount" db:"amount"`
	Currency      string                `json:"currency" db:"currency"`
	Kind          bank.Kind             `json:"kind" db:"kind"`
	Country       string                `json:"country" db:"country"`
	Last4         string                `json:"last4" db:"last4"`
	TransactionID string                `json:"transaction_id,omitempty" db:"transaction_id"`
	CreatedAt     time.Time             `json:"created_at" db:"created_at"`
	Failure       *PayoutFailure        `json:"failure,omitempty" db:"-"`
	Error         *protocol.ErrorDetail `json:"error,omitempty" db:"-"`
}

// PayoutFailure is why the processor did not pay.
type PayoutFailure struct {
	Code   string `json:"code"` // account_closed, no_account
	Reason string `json:"reason"`
}

// Payouts is GET /v1/payouts: the caller's payouts, newest first.
type Payouts struct {
	Payouts []Payout `json:"payouts"`
}

// payoutFailures are the dummy processor's test accounts (Stripe's test bank
// account numbers end so): an IBAN or account number ending in these four
// characters is refused with the reason. Anything else is paid.
var payoutFailures = map[string]PayoutFailure{
	"1116": {"account_closed", "The bank account has been closed."},
	"1113": {"no_account", "The bank account does not exist."},
}

func (s *Server) payoutRoutes() {
	s.mux.HandleFunc("PUT "+payoutAccountPath, s.requireUser(s.handlePutPayoutAccount))
	s.mux.HandleFunc("GET "+payoutAccountPath, s.requireUser(s.handleGetPayoutAccount))
	s.mux.HandleFunc("POST "+payoutsPath, s.requireUser(s.handlePayout))
	s.mux.HandleFunc("GET "+payoutsPath, s.requireUser(s.handleListPayouts))
}

// payoutAllowed: only an active influencer who is not flagged has a payout
// account and is paid.
func (s *Server) payoutAllowed(ctx context.Context, accountID string) error {
	role, err := s.moneyRole(ctx, accountID)
	if err != nil {
		return err
	}
	if role != domain.RoleInfluencer {
		return domain.Errorf(domain.CodeForbidden, "only influencers are paid out")
	}
	var flagged bool
	if err := s.db.R.GetContext(ctx, &flagged, `SELECT flagged FROM accounts WHERE id = ?`, accountID); err != nil {
		return fmt.Errorf("server: account: %w", err)
	}
	if flagged {
		return domain.Errorf(domain.CodeFlagged, "this account is flagged: payouts wait until an admin clears it")
	}
	return nil
}

func (s *Server) handlePutPayoutAccount(w http.ResponseWriter, r *http.Request, accountID string) {
	if err := s.payoutAllowed(r.Context(), accountID); err != nil {
		s.writePayoutErr(w, r, err)
		return
	}
	var in bank.Input
	if err := decodeQuiet(w, r, &in, "{kind, holder, iban} or {kind, holder, routing_number, account_number}"); err != nil {
		s.writePayoutErr(w, r, err)
		return
	}
	acct, err := bank.Parse(in)
	if err != nil {
		s.writePayoutErr(w, r, err)
		return
	}
	token, err := tokenise(acct)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	pa := PayoutAccount{Kind: acct.Kind, Country: acct.Country, Holder: acct.Holder, Last4: acct.Last4(), UpdatedAt: s.cfg.Now().UTC()}
	err = s.db.Write(r.Context(), func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(r.Context(), `INSERT INTO payout_accounts (account_id, holder, kind, country, last4, token, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET holder = excluded.holder, kind = excluded.kind,
			country = excluded.country, last4 = excluded.last4, token = excluded.token, updated_at = excluded.updated_at`,
			accountID, pa.Holder, pa.Kind, pa.Country, pa.Last4, token, pa.UpdatedAt)
		return err
	})
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	s.log.Info("payout account", "account_id", accountID, "bank_account", acct)
	writeJSON(w, http.StatusOK, pa)
}

// tokenise is the dummy processor's vault: it would keep the number and answer a
// token that stands for it. This one keeps nothing; the token is random.
func tokenise(bank.Account) (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("server: token: %w", err)
	}
	return "btok_" + hex.EncodeToString(b), nil
}

func (s *Server) handleGetPayoutAccount(w http.ResponseWriter, r *http.Request, accountID string) {
	if err := s.payoutReader(r.Context(), accountID); err != nil {
		s.writePayoutErr(w, r, err)
		return
	}
	pa, ok, err := payoutAccount(r.Context(), s.db.R, accountID)
	switch {
	case err != nil:
		s.writeErr(w, r, err)
	case !ok:
		s.writeErr(w, r, domain.Errorf(domain.CodeNotFound, "no payout account yet"))
	default:
		writeJSON(w, http.StatusOK, pa)
	}
}

// payoutReader: an influencer reads its own payout account and payouts (a flagged
// one too: what was paid stays visible); a deactivated account may not.
func (s *Server) payoutReader(ctx context.Context, accountID string) error {
	role, err := s.moneyRole(ctx, accountID)
	if err != nil {
		return err
	}
	if role != domain.RoleInfluencer {
		return domain.Errorf(domain.CodeForbidden, "only influencers are paid out")
	}
	return nil
}

func payoutAccount(ctx context.Context, q sqlx.QueryerContext, accountID string) (PayoutAccount, bool, error) {
	var pa PayoutAccount
	err := sqlx.GetContext(ctx, q, &pa, `SELECT kind, country, holder, last4, updated_at FROM payout_accounts WHERE account_id = ?`, accountID)
	if errors.Is(err, sql.ErrNoRows) {
		return PayoutAccount{}, false, nil
	}
	if err != nil {
		return PayoutAccount{}, false, fmt.Errorf("server: payout account: %w", err)
	}
	return pa, true, nil
}

func (s *Server) handlePayout(w http.ResponseWriter, r *http.Request, accountID string) {
	if err := s.payoutAllowed(r.Context(), accountID); err != nil {
		s.writePayoutErr(w, r, err)
		return
	}
	key := r.Header.Get("Idempotency-Key")
	if err := checkIdempotencyKey(key); err != nil {
		s.writePayoutErr(w, r, err)
		return
	}
	var req PayoutRequest
	if err := decodeQuiet(w, r, &req, "{amount}"); err != nil {
		s.writePayoutErr(w, r, err)
		return
	}
	if req.Amount <= 0 || req.Amount > ledger.MaxAmount {
		s.writePayoutErr(w, r, domain.Errorf(domain.CodeInvalidArgument, "amount must be between 1 and %d cents", ledger.MaxAmount))
		return
	}
	p, replayed, err := s.payout(r.Context(), accountID, key, req.Amount)
	if err != nil {
		s.writePayoutErr(w, r, err)
		return
	}
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	s.log.Info("payout", "payout_id", p.ID, "account_id", accountID, "amount", p.Amount, "last4", p.Last4,
		"status", p.Status, "replayed", replayed)
	status := http.StatusCreated
	if p.Status == payoutFailed {
		status = http.StatusPaymentRequired
	}
	writeJSON(w, status, p)
}

// payout pays once per (account, Idempotency-Key): the first time it decides and
// keeps the outcome (a failure too); again with the same amount it returns what it
// kept; with another amount it refuses. insufficient_funds keeps nothing, so a
// retry once the earnings are there is decided afresh.
func (s *Server) payout(ctx context.Context, accountID, key string, amount int64) (*Payout, bool, error) {
	var p Payout
	replayed := false
	err := s.db.Write(ctx, func(tx *sqlx.Tx) error {
		var row payoutRow
		err := tx.GetContext(ctx, &row, `SELECT `+payoutCols+` FROM payouts WHERE account_id = ? AND idempotency_key = ?`, accountID, key)
		switch {
		case err == nil:
			if row.Amount != amount {
				return domain.Errorf(domain.CodeIdempotencyConflict,
					"this Idempotency-Key was used for another payout: use a new key for a new payout")
			}
			replayed, p = true, row.payout()
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		pa, ok, err := payoutAccount(ctx, tx, accountID)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Errorf(domain.CodeInvalidTransition, "add a payout account before requesting a payout")
		}
		row = payoutRow{ID: domain.NewID(), Status: payoutPaid, Amount: amount, Currency: payoutCurrency,
			Kind: pa.Kind, Country: pa.Country, Last4: pa.Last4, CreatedAt: s.cfg.Now().UTC()}
		if f, ok := payoutFailures[pa.Last4]; ok {
			row.Status, row.FailureCode = payoutFailed, f.Code
		} else {
			// The earnings leave in the same transaction as the record of the
			// payout: never one without the other.
			t, err := s.ledger.Payout(ctx, tx, accountID, amount, row.ID)
			if err != nil {
				return err
			}
			row.TransactionID = sql.NullString{String: t.ID, Valid: true}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO payouts (id, account_id, idempotency_key, amount, currency, kind, country,
			last4, status, failure_code, transaction_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			row.ID, accountID, key, row.Amount, row.Currency, row.Kind, row.Country, row.Last4, row.Status, row.FailureCode,
			row.TransactionID, row.CreatedAt)
		p = row.payout()
		return err
	})
	if err != nil {
		return nil, false, err
	}
	return &p, replayed, nil
}

const payoutCols = `id, amount, currency, kind, country, last4, status, failure_code, transaction_id, created_at`

type payoutRow struct {
	ID            string         `db:"id"`
	Amount        int64          `db:"amount"`
	Currency      string         `db:"currency"`
	Kind          bank.Kind      `db:"kind"`
	Country       string         `db:"country"`
	Last4         string         `db:"last4"`
	Status        string         `db:"status"`
	FailureCode   string         `db:"failure_code"`
	TransactionID sql.NullString `db:"transaction_id"`
	CreatedAt     time.Time      `db:"created_at"`
}

func (row payoutRow) payout() Payout {
	p := Payout{ID: row.ID, Status: row.Status, Amount: row.Amount, Currency: row.Currency, Kind: row.Kind,
		Country: row.Country, Last4: row.Last4, TransactionID: row.TransactionID.String, CreatedAt: row.CreatedAt}
	if row.FailureCode != "" {
		f := failureFor(row.FailureCode)
		p.Failure = &f
		p.Error = &protocol.ErrorDetail{Code: string(domain.CodePayoutFailed), Message: f.Reason}
	}
	return p
}

func failureFor(code string) PayoutFailure {
	for _, f := range payoutFailures {
		if f.Code == code {
			return f
		}
	}
	return PayoutFailure{Code: code, Reason: "The bank refused the payout."}
}

func (s *Server) handleListPayouts(w http.ResponseWriter, r *http.Request, accountID string) {
	if err := s.payoutReader(r.Context(), accountID); err != nil {
		s.writePayoutErr(w, r, err)
		return
	}
	var rows []payoutRow
	if err := s.db.R.SelectContext(r.Context(), &rows, `SELECT `+payoutCols+` FROM payouts WHERE account_id = ?
		ORDER BY created_at DESC, rowid DESC`, accountID); err != nil {
		s.writeErr(w, r, err)
		return
	}
	out := Payouts{Payouts: make([]Payout, len(rows))}
	for i, row := range rows {
		out.Payouts[i] = row.payout()
	}
	writeJSON(w, http.StatusOK, out)
}

// paidOut is the sum of an influencer's paid payouts (cents).
func paidOut(ctx context.Context, q sqlx.QueryerContext, accountID string) (int64, error) {
	var n int64
	err := sqlx.GetContext(ctx, q, &n, `SELECT COALESCE(SUM(amount), 0) FROM payouts WHERE account_id = ? AND status = 'paid'`, accountID)
	if err != nil {
		return 0, fmt.Errorf("server: paid out: %w", err)
	}
	return n, nil
}

// decodeQuiet decodes the body strictly, like decode, but its errors quote
// nothing of the body (a decoder's message may echo what it read: an account
// number sent as a JSON number, say). shape is what the body should look like.
func decodeQuiet(w http.ResponseWriter, r *http.Request, v any, shape string) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, payoutBodyLimit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return domain.Errorf(domain.CodePayloadTooLarge, "request body exceeds %d bytes", payoutBodyLimit)
		}
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) && typ.Field != "" {
			return domain.Errorf(domain.CodeInvalidArgument, "malformed JSON body: %s has the wrong type", typ.Field)
		}
		return domain.Errorf(domain.CodeInvalidArgument, "malformed JSON body: expected %s", shape)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return domain.Errorf(domain.CodeInvalidArgument, "trailing data after the JSON body")
	}
	return nil
}

// writePayoutErr answers the payout codes with their statuses (kept out of the
// shared statusFor, like the processor's charge codes) and anything else as
// writeChargeErr does.
func (s *Server) writePayoutErr(w http.ResponseWriter, r *http.Request, err error) {
	var de *domain.Error
	if errors.As(err, &de) {
		switch de.Code {
		case domain.CodeBankAccountInvalid:
			writeError(w, http.StatusBadRequest, string(de.Code), de.Message)
			return
		case domain.CodeInsufficientFunds:
			writeError(w, http.StatusConflict, string(de.Code), de.Message)
			return
		}
	}
	s.writeChargeErr(w, r, err)
}
