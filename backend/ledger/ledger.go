// Package ledger is the server's double-entry ledger (docs/money.md): accounts
// (sponsor wallets, one escrow per ad request, influencer earnings, platform
// revenue, the outside world), and transactions of postings that always sum to
// zero. Balances are derived from postings; postings are never changed, only
// reversed by a new transaction; no balance but the outside world's goes below zero.
//
// Every function works inside the caller's write transaction (*sqlx.Tx from
// store.Write), so the check of a balance and the postings that depend on it are one
// atomic step under the store's single writer. Transaction IDs are derived from the
// idempotency key (domain.DerivedID), so the same operation on a fresh database
// writes byte-identical rows, and a retried key posts nothing new.
package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// AccountKind names the kind of an account.
type AccountKind string

const (
	SponsorWallet      AccountKind = "sponsor_wallet"      // owner: the sponsor's account ID
	Escrow             AccountKind = "escrow"              // owner: the ad request ID
	InfluencerEarnings AccountKind = "influencer_earnings" // owner: the influencer's account ID
	PlatformRevenue    AccountKind = "platform_revenue"    // owner: "" (one)
	OutsideWorld       AccountKind = "outside_world"       // owner: "" (one): the payment processor
)

// Kind names what a transaction did.
type Kind string

const (
	KindTopUp    Kind = "top_up"
	KindFund     Kind = "fund"
	KindRelease  Kind = "release"
	KindRefund   Kind = "refund"
	KindSplit    Kind = "split"
	KindPayout   Kind = "payout"
	KindReversal Kind = "reversal"
)

const (
	// DefaultCommissionBps is the platform's commission unless the admin sets
	// another: 10 %, in basis points (1 bp = 0.01 %).
	DefaultCommissionBps = 1000
	// MaxBps is 100 %.
	MaxBps = 10000
	// MaxAmount bounds one movement (cents): 1,000,000,000.00. It keeps every
	// product in the commission arithmetic far from int64 overflow.
	MaxAmount int64 = 100_000_000_000
	// MaxKeyLen and MaxMemoLen bound the caller's texts.
	MaxKeyLen  = 200
	MaxMemoLen = 500
)

// Ledger posts and reads; Now is its clock (injected, so tests and replays write
// the same created_at).
type Ledger struct {
	Now func() time.Time
}

// New returns a Ledger on the given clock (time.Now when nil).
func New(now func() time.Time) *Ledger {
	if now == nil {
		now = time.Now
	}
	return &Ledger{Now: now}
}

// Transaction is one recorded movement.
type Transaction struct {
	ID             string    `json:"id"`
	Kind           Kind      `json:"kind"`
	AdRequestID    string    `json:"ad_request_id,omitempty"`
	Memo           string    `json:"memo"`
	IdempotencyKey string    `json:"idempotency_key"`
	Reverses       string    `json:"reverses,omitempty"`
	CreatedAt      string    `json:"created_at"`
	Postings       []Posting `json:"postings"`
	// Replayed is true when the idempotency key had been used: this is the first
	// transaction made with it, and nothing new was posted.
	Replayed bool `json:"-"`
}

// Posting is one line of a transaction: a signed amount on one account.
type Posting struct {
	Line        int         `db:"line" json:"line"`
	AccountID   string      `db:"account_id" json:"account_id"`
	AccountKind AccountKind `db:"account_kind" json:"account_kind"`
	OwnerID     string      `db:"owner_id" json:"owner_id"`
	Amount      int64       `db:"amount" json:"amount"`
}

// leg is a posting before it has an account ID.
type leg struct {
	kind   AccountKind
	owner  string
	amount int64
}

// AccountID is the derived ID of an account (the same on every database).
func AccountID(kind AccountKind, ownerID string) string {
	return domain.DerivedID("ledger-account", string(kind), ownerID)
}

func transactionID(key string) string { return domain.DerivedID("ledger-transaction", key) }

// Commission is the platform's share of gross cents at bps basis points, rounded
// half up to the cent; the influencer gets gross minus it, so the two always sum to
// gross exactly. gross ≤ MaxAmount and 0 ≤ bps ≤ MaxBps (checked by the callers)
// keep gross*bps far below the int64 limit.
func Commission(gross int64, bps int) int64 {
	return (gross*int64(bps) + MaxBps/2) / MaxBps
}

func ownerless(k AccountKind) bool { return k == PlatformRevenue || k == OutsideWorld }

func validKind(k AccountKind) bool {
	switch k {
	case SponsorWallet, Escrow, InfluencerEarnings, PlatformRevenue, OutsideWorld:
		return true
	}
	return false
}

func checkOwner(k AccountKind, owner string) error {
	if !validKind(k) {
		return domain.Errorf(domain.CodeInvalidArgument, "unknown account kind %q", k)
	}
	if ownerless(k) {
		if owner != "" {
			return domain.Errorf(domain.CodeInvalidArgument, "the %s account has no owner", k)
		}
		return nil
	}
	if !domain.ValidID(owner) {
		return domain.Errorf(domain.CodeInvalidArgument, "%s owner must be a UUID", k)
	}
	return nil
}

func checkID(what, id string) error {
	if !domain.ValidID(id) {
		return domain.Errorf(domain.CodeInvalidArgument, "%s must be a UUID", what)
	}
	return nil
}

func checkAmount(amount int64) error {
	if amount <= 0 || amount > MaxAmount {
		return domain.Errorf(domain.CodeInvalidArgument, "amount must be between 1 and %d cents", MaxAmount)
	}
	return nil
}

func checkBps(bps int) error {
	if bps < 0 || bps > MaxBps {
		return domain.Errorf(domain.CodeInvalidArgument, "commission must be between 0 and %d basis points", MaxBps)
	}
	return nil
}

func checkKey(key string) error {
	if key == "" || len(key) > MaxKeyLen {
		return domain.Errorf(domain.CodeInvalidArgument, "idempotency key must be 1 to %d bytes", MaxKeyLen)
	}
	return nil
}

func checkMemo(memo string, required bool) error {
	if len(memo) > MaxMemoLen {
		return domain.Errorf(domain.CodeInvalidArgument, "note must be at most %d bytes", MaxMemoLen)
	}
	if required && memo == "" {
		return domain.Errorf(domain.CodeInvalidArgument, "a note is required")
	}
	return nil
}

// Balance is the balance of one account (0 for an account that has never moved).
func Balance(ctx context.Context, q sqlx.QueryerContext, kind AccountKind, ownerID string) (int64, error) {
	if err := checkOwner(kind, ownerID); err != nil {
		return 0, err
	}
	return balance(ctx, q, AccountID(kind, ownerID))
}

func balance(ctx context.Context, q sqlx.QueryerContext, accountID string) (int64, error) {
	var b int64
	err := sqlx.GetContext(ctx, q, &b, `SELECT COALESCE(SUM(p.amount), 0) FROM ledger_postings p
		JOIN ledger_transactions t ON t.id = p.transaction_id WHERE p.account_id = ?`, accountID)
	if err != nil {
		return 0, fmt.Errorf("ledger: balance: %w", err)
	}
	return b, nil
}

// byKey returns the transaction recorded under key, if any.
func byKey(ctx context.Context, tx *sqlx.Tx, key string) (Transaction, bool, error) {
	return loadWhere(ctx, tx, `idempotency_key = ?`, key)
}

func loadWhere(ctx context.Context, tx *sqlx.Tx, where string, arg string) (Transaction, bool, error) {
	var row struct {
		ID        string         `db:"id"`
		Kind      Kind           `db:"kind"`
		AdRequest sql.NullString `db:"ad_request_id"`
		Memo      string         `db:"memo"`
		Key       string         `db:"idempotency_key"`
		Reverses  sql.NullString `db:"reverses"`
		CreatedAt string         `db:"created_at"`
	}
	err := tx.GetContext(ctx, &row, `SELECT id, kind, ad_request_id, memo, idempotency_key, reverses, created_at
		FROM ledger_transactions WHERE `+where, arg)
	if errors.Is(err, sql.ErrNoRows) {
		return Transaction{}, false, nil
	}
	if err != nil {
		return Transaction{}, false, fmt.Errorf("ledger: load transaction: %w", err)
	}
	t := Transaction{ID: row.ID, Kind: row.Kind, AdRequestID: row.AdRequest.String, Memo: row.Memo,
		IdempotencyKey: row.Key, Reverses: row.Reverses.String, CreatedAt: row.CreatedAt}
	if err := tx.SelectContext(ctx, &t.Postings, `SELECT p.line, p.account_id, a.kind AS account_kind, a.owner_id, p.amount
		FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
		WHERE p.transaction_id = ? ORDER BY p.line`, t.ID); err != nil {
		return Transaction{}, false, fmt.Errorf("ledger: load postings: %w", err)
	}
	return t, true, nil
}

// sameLegs reports whether a recorded transaction has exactly these legs.
func sameLegs(t Transaction, legs []leg) bool {
	if len(t.Postings) != len(legs) {
		return false
	}
	for i, l := range legs {
		p := t.Postings[i]
		if p.AccountKind != l.kind || p.OwnerID != l.owner || p.Amount != l.amount {
			return false
		}
	}
	return true
}

// record is what post writes.
type record struct {
	key       string
	kind      Kind
	adRequest string
	memo      string
	reverses  string
	legs      []leg
}

// post checks and writes one transaction: the legs balance and are non-zero, no
// account but the outside world ends below zero (insufficient_funds), then the
// postings and the transaction row (which the schema's triggers check again).
func (l *Ledger) post(ctx context.Context, tx *sqlx.Tx, r record) (Transaction, error) {
	if len(r.legs) < 2 {
		return Transaction{}, fmt.Errorf("ledger: %s has %d postings, want at least 2", r.kind, len(r.legs))
	}
	var sum int64
	after := map[string]int64{} // account ID → change
	for _, g := range r.legs {
		if g.amount == 0 || g.amount < -MaxAmount || g.amount > MaxAmount {
			return Transaction{}, fmt.Errorf("ledger: %s posting of %d to %s", r.kind, g.amount, g.kind)
		}
		if err := checkOwner(g.kind, g.owner); err != nil {
			return Transaction{}, err
		}
		sum += g.amount
		after[AccountID(g.kind, g.owner)] += g.amount
	}
	if sum != 0 {
		return Transaction{}, fmt.Errorf("ledger: %s does not balance: postings sum to %d", r.kind, sum)
	}
	for _, g := range r.legs {
		if g.kind == OutsideWorld {
			continue
		}
		id := AccountID(g.kind, g.owner)
		change, ok := after[id]
		if !ok || change >= 0 {
			continue
		}
		delete(after, id) // check each account once
		b, err := balance(ctx, tx, id)
		if err != nil {
			return Transaction{}, err
		}
		if b+change < 0 {
			return Transaction{}, domain.Errorf(domain.CodeInsufficientFunds,
				"the %s holds %d cents; %d are needed", describe(g.kind), b, -change)
		}
	}
	txID := transactionID(r.key)
	t := Transaction{ID: txID, Kind: r.kind, AdRequestID: r.adRequest, Memo: r.memo, IdempotencyKey: r.key,
		Reverses: r.reverses, CreatedAt: l.Now().UTC().Format(time.RFC3339Nano)}
	for i, g := range r.legs {
		accID := AccountID(g.kind, g.owner)
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_accounts (id, kind, owner_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			accID, g.kind, g.owner); err != nil {
			return Transaction{}, fmt.Errorf("ledger: account: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_postings (transaction_id, line, account_id, amount)
			VALUES (?, ?, ?, ?)`, txID, i+1, accID, g.amount); err != nil {
			return Transaction{}, fmt.Errorf("ledger: posting: %w", err)
		}
		t.Postings = append(t.Postings, Posting{Line: i + 1, AccountID: accID, AccountKind: g.kind, OwnerID: g.owner, Amount: g.amount})
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_transactions (id, kind, ad_request_id, memo, idempotency_key,
		reverses, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, txID, r.kind, nullable(r.adRequest), r.memo, r.key,
		nullable(r.reverses), t.CreatedAt); err != nil {
		return Transaction{}, fmt.Errorf("ledger: transaction: %w", err)
	}
	if err := allocateDocument(ctx, tx, t); err != nil { // its receipt, invoice or payout statement (documents.go)
		return Transaction{}, err
	}
	return t, nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func describe(k AccountKind) string {
	switch k {
	case SponsorWallet:
		return "sponsor's wallet"
	case Escrow:
		return "request's escrow"
	case InfluencerEarnings:
		return "influencer's earnings"
	case PlatformRevenue:
		return "platform's revenue"
	}
	return string(k)
}
