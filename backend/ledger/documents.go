package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// Documents (docs/money.md, "Documents"): a receipt for each top-up, an invoice
// for each release or split that pays the influencer, a payout statement for each
// payout. post allocates the document in the write transaction that records the
// ledger transaction, so the two commit or roll back together and a series has
// no gaps: the number is MAX + 1 of its issuer's series, read under the store's
// single writer (BEGIN IMMEDIATE), and the schema's trigger refuses any other.

// DocumentKind names what a document is.
type DocumentKind string

const (
	DocReceipt         DocumentKind = "receipt"          // a top-up: the platform to the sponsor
	DocInvoice         DocumentKind = "invoice"          // a release: the influencer (by the platform) to the sponsor
	DocPayoutStatement DocumentKind = "payout_statement" // a payout: the platform to the influencer
)

// PlatformIssuer is the issuer of receipts and payout statements; an invoice's
// issuer is the influencer's account ID (the platform issues it on their behalf).
const PlatformIssuer = "platform"

// The series of each kind; a number is unique and gapless per issuer and series.
const (
	seriesReceipt = "RCP"
	seriesInvoice = "INV"
	seriesPayout  = "PST"
)

// Document is one numbered document with the amounts of its transaction: Gross is
// what the document is for (the top-up, the released part, the payout), Commission
// the platform's share of a release (invoices only), Net = Gross − Commission,
// and Refunded the part of a split that went back to the sponsor's wallet.
type Document struct {
	ID              string       `db:"id" json:"id"`
	Label           string       `db:"-" json:"label"` // "INV-000003"
	Issuer          string       `db:"issuer" json:"issuer"`
	Series          string       `db:"series" json:"series"`
	Number          int64        `db:"number" json:"number"`
	Kind            DocumentKind `db:"kind" json:"kind"`
	TransactionID   string       `db:"transaction_id" json:"transaction_id"`
	TransactionKind Kind         `db:"transaction_kind" json:"transaction_kind"`
	AdRequestID     string       `db:"ad_request_id" json:"ad_request_id,omitempty"`
	Memo            string       `db:"memo" json:"memo"`
	RecipientID     string       `db:"recipient_id" json:"recipient_id"`
	CreatedAt       string       `db:"created_at" json:"created_at"`
	Gross           int64        `db:"gross" json:"gross"`
	Commission      int64        `db:"commission" json:"commission"`
	Net             int64        `db:"-" json:"net"`
	Refunded        int64        `db:"refunded" json:"refunded"`
}

// DocumentLabel is a document's printed number: its series and number, "RCP-000042".
func DocumentLabel(series string, number int64) string { return fmt.Sprintf("%s-%06d", series, number) }

// allocateDocument numbers the document of t, if its kind has one, inside tx.
// An invoice needs money for the influencer: a release at 100 % commission or a
// split that releases nothing pays them nothing and has none.
func allocateDocument(ctx context.Context, tx *sqlx.Tx, t Transaction) error {
	owner := func(k AccountKind) string {
		for _, p := range t.Postings {
			if p.AccountKind == k && p.Amount > 0 {
				return p.OwnerID
			}
		}
		return ""
	}
	var kind DocumentKind
	var issuer, series, recipient string
	switch t.Kind {
	case KindTopUp:
		kind, issuer, series, recipient = DocReceipt, PlatformIssuer, seriesReceipt, owner(SponsorWallet)
	case KindPayout:
		kind, issuer, series = DocPayoutStatement, PlatformIssuer, seriesPayout
		for _, p := range t.Postings {
			if p.AccountKind == InfluencerEarnings {
				recipient = p.OwnerID
			}
		}
	case KindRelease, KindSplit:
		kind, issuer, series = DocInvoice, owner(InfluencerEarnings), seriesInvoice
		if issuer == "" {
			return nil
		}
		sponsor, err := fundedBy(ctx, tx, t.AdRequestID)
		if err != nil {
			return err
		}
		recipient = sponsor
	default:
		return nil
	}
	if recipient == "" {
		return fmt.Errorf("ledger: the %s of %s has no recipient", kind, t.ID)
	}
	var n int64
	if err := tx.GetContext(ctx, &n, `SELECT COALESCE(MAX(number), 0) + 1 FROM ledger_documents
		WHERE issuer = ? AND series = ?`, issuer, series); err != nil {
		return fmt.Errorf("ledger: document number: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_documents (id, issuer, series, number, kind,
		transaction_id, recipient_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		domain.DerivedID("ledger-document", t.ID), issuer, series, n, kind, t.ID, recipient, t.CreatedAt); err != nil {
		return fmt.Errorf("ledger: document: %w", err)
	}
	return nil
}

// fundedBy is the sponsor whose wallet funded the request's escrow (the buyer on
// its invoice): the ledger knows it from the fund transaction.
func fundedBy(ctx context.Context, tx *sqlx.Tx, adRequestID string) (string, error) {
	var sponsor string
	err := tx.GetContext(ctx, &sponsor, `SELECT a.owner_id FROM ledger_transactions t
		JOIN ledger_postings p ON p.transaction_id = t.id
		JOIN ledger_accounts a ON a.id = p.account_id
		WHERE t.idempotency_key = ? AND a.kind = 'sponsor_wallet'`, fundKey(adRequestID))
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("ledger: request %s was never funded", adRequestID)
	}
	if err != nil {
		return "", fmt.Errorf("ledger: funded by: %w", err)
	}
	return sponsor, nil
}

const documentSelect = `SELECT d.id, d.issuer, d.series, d.number, d.kind, d.transaction_id,
	t.kind AS transaction_kind, COALESCE(t.ad_request_id, '') AS ad_request_id, t.memo, d.recipient_id, d.created_at,
	COALESCE(SUM(CASE WHEN (d.kind = 'receipt' AND a.kind = 'sponsor_wallet')
		OR (d.kind = 'payout_statement' AND a.kind = 'outside_world')
		OR (d.kind = 'invoice' AND a.kind IN ('influencer_earnings', 'platform_revenue')) THEN p.amount END), 0) AS gross,
	COALESCE(SUM(CASE WHEN d.kind = 'invoice' AND a.kind = 'platform_revenue' THEN p.amount END), 0) AS commission,
	COALESCE(SUM(CASE WHEN d.kind = 'invoice' AND a.kind = 'sponsor_wallet' THEN p.amount END), 0) AS refunded
	FROM ledger_documents d
	JOIN ledger_transactions t ON t.id = d.transaction_id
	JOIN ledger_postings p ON p.transaction_id = t.id
	JOIN ledger_accounts a ON a.id = p.account_id `

func finishDocuments(ds []Document) []Document {
	if ds == nil {
		return []Document{}
	}
	for i := range ds {
		ds[i].Label = DocumentLabel(ds[i].Series, ds[i].Number)
		ds[i].Net = ds[i].Gross - ds[i].Commission
	}
	return ds
}

// Documents lists the documents of party, newest first: those it issued (an
// influencer's invoices) and those issued to it (a sponsor's receipts and
// invoices, an influencer's payout statements). Who may ask for whose is the
// caller's rule.
func Documents(ctx context.Context, q sqlx.QueryerContext, party string) ([]Document, error) {
	if err := checkID("party", party); err != nil {
		return nil, err
	}
	var ds []Document
	if err := sqlx.SelectContext(ctx, q, &ds, documentSelect+`WHERE d.issuer = ? OR d.recipient_id = ?
		GROUP BY d.id, t.id ORDER BY d.created_at DESC, d.rowid DESC`, party, party); err != nil {
		return nil, fmt.Errorf("ledger: documents: %w", err)
	}
	return finishDocuments(ds), nil
}

// AllDocuments lists every document, newest first (the admin's view).
func AllDocuments(ctx context.Context, q sqlx.QueryerContext) ([]Document, error) {
	var ds []Document
	if err := sqlx.SelectContext(ctx, q, &ds, documentSelect+`GROUP BY d.id, t.id ORDER BY d.created_at DESC, d.rowid DESC`); err != nil {
		return nil, fmt.Errorf("ledger: documents: %w", err)
	}
	return finishDocuments(ds), nil
}

// DocumentByID is one document; not_found when there is none.
func DocumentByID(ctx context.Context, q sqlx.QueryerContext, id string) (Document, error) {
	var ds []Document
	if domain.ValidID(id) {
		if err := sqlx.SelectContext(ctx, q, &ds, documentSelect+`WHERE d.id = ? GROUP BY d.id, t.id`, id); err != nil {
			return Document{}, fmt.Errorf("ledger: document: %w", err)
		}
	}
	if len(ds) == 0 {
		return Document{}, domain.Errorf(domain.CodeNotFound, "no such document")
	}
	return finishDocuments(ds)[0], nil
}

// JournalEntry is one posting of the whole ledger, with its account's owner and
// the account's balance after it.
type JournalEntry struct {
	Entry
	AccountID string `db:"account_id" json:"account_id"`
	OwnerID   string `db:"owner_id" json:"owner_id"`
}

// Journal is every posting of the platform's ledger, oldest first, each with the
// running balance of its account (the admin's statement).
func Journal(ctx context.Context, q sqlx.QueryerContext) ([]JournalEntry, error) {
	var rows []struct {
		JournalEntry
		AdRequest sql.NullString `db:"ad_request_id"`
		Reverses  sql.NullString `db:"reverses"`
	}
	err := sqlx.SelectContext(ctx, q, &rows, `SELECT t.id AS transaction_id, t.kind, t.ad_request_id, t.memo,
		t.reverses, t.created_at, a.kind AS account_kind, a.id AS account_id, a.owner_id, p.amount
		FROM ledger_postings p
		JOIN ledger_accounts a ON a.id = p.account_id
		JOIN ledger_transactions t ON t.id = p.transaction_id
		ORDER BY t.rowid, p.line`)
	if err != nil {
		return nil, fmt.Errorf("ledger: journal: %w", err)
	}
	out := make([]JournalEntry, len(rows))
	running := map[string]int64{}
	for i, r := range rows {
		e := r.JournalEntry
		e.AdRequestID, e.Reverses = r.AdRequest.String, r.Reverses.String
		running[e.AccountID] += e.Amount
		e.Balance = running[e.AccountID]
		out[i] = e
	}
	return out, nil
}
