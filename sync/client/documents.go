package client

import (
	"context"
	"net/http"
	"net/url"

	"iescp/backend/ledger"
	"iescp/backend/report"
)

// The ledger's documents and the caller's statement as CSV (docs/money.md,
// "Documents"), online only like the wallet. The types are the server's own:
// a document's list row is a ledger.Document, what it says a report.Document,
// which the desktop renders to HTML and PDF.

// Documents lists the signed-in party's receipts, invoices and payout
// statements (every document for an admin), newest first.
func (e *Engine) Documents(ctx context.Context) ([]ledger.Document, error) {
	var out struct {
		Documents []ledger.Document `json:"documents"`
	}
	if err := e.send(ctx, http.MethodGet, "/v1/documents", "", nil, &out); err != nil {
		return nil, err
	}
	if out.Documents == nil {
		out.Documents = []ledger.Document{}
	}
	return out.Documents, nil
}

// Document is what one document says; not_found unless the caller is party to it.
func (e *Engine) Document(ctx context.Context, id string) (report.Document, error) {
	var d report.Document
	err := e.send(ctx, http.MethodGet, "/v1/documents/"+url.PathEscape(id), "", nil, &d)
	return d, err
}

// LedgerCSV is the caller's statement (the whole ledger for an admin) as CSV bytes.
func (e *Engine) LedgerCSV(ctx context.Context) ([]byte, error) {
	var b []byte
	err := e.send(ctx, http.MethodGet, "/v1/ledger.csv", "", nil, &b)
	return b, err
}
