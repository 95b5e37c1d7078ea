package ledger

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Entry is one line of a party's statement: a posting on one of its accounts, with
// the transaction it belongs to and the account's balance after it.
type Entry struct {
	TransactionID string      `db:"transaction_id" json:"transaction_id"`
	Kind          Kind        `db:"kind" json:"kind"`
	AdRequestID   string      `db:"ad_request_id" json:"ad_request_id,omitempty"`
	Memo          string      `db:"memo" json:"memo"`
	Reverses      string      `db:"reverses" json:"reverses,omitempty"`
	CreatedAt     string      `db:"created_at" json:"created_at"`
	AccountKind   AccountKind `db:"account_kind" json:"account_kind"`
	Amount        int64       `db:"amount" json:"amount"`
	Balance       int64       `db:"-" json:"balance"`
}

// Transactions is the statement of ownerID, oldest first: every posting on the
// accounts it owns (a sponsor's wallet, an influencer's earnings, an ad request's
// escrow; "" for the platform's revenue and the outside world), each with the
// running balance of its account. Who may read whose statement is the caller's
// rule (a party its own, the admin any).
func Transactions(ctx context.Context, q sqlx.QueryerContext, ownerID string) ([]Entry, error) {
	var rows []struct {
		Entry
		AdRequest sql.NullString `db:"ad_request_id"`
		Reverses  sql.NullString `db:"reverses"`
		AccountID string         `db:"account_id"`
	}
	err := sqlx.SelectContext(ctx, q, &rows, `SELECT t.id AS transaction_id, t.kind, t.ad_request_id, t.memo,
		t.reverses, t.created_at, a.kind AS account_kind, a.id AS account_id, p.amount
		FROM ledger_postings p
		JOIN ledger_accounts a ON a.id = p.account_id
		JOIN ledger_transactions t ON t.id = p.transaction_id
		WHERE a.owner_id = ?
		ORDER BY t.rowid, p.line`, ownerID)
	if err != nil {
		return nil, fmt.Errorf("ledger: statement: %w", err)
	}
	out := make([]Entry, len(rows))
	running := map[string]int64{}
	for i, r := range rows {
		e := r.Entry
		e.AdRequestID, e.Reverses = r.AdRequest.String, r.Reverses.String
		running[r.AccountID] += e.Amount
		e.Balance = running[r.AccountID]
		out[i] = e
	}
	return out, nil
}

// Totals is the sum of the balances of every account of each kind: what all
// sponsors hold in their wallets, what sits in escrow, what influencers have
// earned and not been paid, the platform's revenue, and the outside world's
// (minus everything that came in by card, plus everything paid out). The five
// always sum to zero. Kinds with no account yet are 0.
func Totals(ctx context.Context, q sqlx.QueryerContext) (map[AccountKind]int64, error) {
	var rows []struct {
		Kind  AccountKind `db:"kind"`
		Total int64       `db:"total"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, `SELECT kind, COALESCE(SUM(balance), 0) AS total
		FROM ledger_balances GROUP BY kind`); err != nil {
		return nil, fmt.Errorf("ledger: totals: %w", err)
	}
	out := map[AccountKind]int64{SponsorWallet: 0, Escrow: 0, InfluencerEarnings: 0, PlatformRevenue: 0, OutsideWorld: 0}
	for _, r := range rows {
		out[r.Kind] = r.Total
	}
	return out, nil
}
