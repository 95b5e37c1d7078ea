package server

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"iescp/backend/cards"
	"iescp/backend/domain"
	"iescp/backend/export"
	"iescp/backend/ledger"
	"iescp/backend/report"
)

// The ledger's documents and statements (docs/money.md, "Documents"), online only
// like the wallet: a party reads the documents it issued or received and its own
// statement as CSV; the admin reads every document and the whole ledger. A
// document of others answers not_found, like one that does not exist.
const (
	documentsPath = "/v1/documents"
	ledgerCSVPath = "/v1/ledger.csv"
)

// Documents is what GET /v1/documents answers, newest first.
type Documents struct {
	Documents []ledger.Document `json:"documents"`
}

func (s *Server) documentRoutes() {
	s.mux.HandleFunc("GET "+documentsPath, s.requireUser(s.handleDocuments))
	s.mux.HandleFunc("GET "+documentsPath+"/{id}", s.requireUser(s.handleDocument))
	s.mux.HandleFunc("GET "+ledgerCSVPath, s.requireUser(s.handleLedgerCSV))
}

func (s *Server) handleDocuments(w http.ResponseWriter, r *http.Request, accountID string) {
	role, err := s.moneyRole(r.Context(), accountID)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	if accountID, _, err = s.moneyOwner(r.Context(), accountID, role); err != nil { // a member reads the organisation's
		s.writeErr(w, r, err)
		return
	}
	var ds []ledger.Document
	if role == domain.RoleAdmin {
		ds, err = ledger.AllDocuments(r.Context(), s.db.R)
	} else {
		ds, err = ledger.Documents(r.Context(), s.db.R, accountID)
	}
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, Documents{Documents: ds})
}

func (s *Server) handleDocument(w http.ResponseWriter, r *http.Request, accountID string) {
	role, err := s.moneyRole(r.Context(), accountID)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	if accountID, _, err = s.moneyOwner(r.Context(), accountID, role); err != nil { // a member reads the organisation's
		s.writeErr(w, r, err)
		return
	}
	d, err := ledger.DocumentByID(r.Context(), s.db.R, r.PathValue("id"))
	if err == nil && role != domain.RoleAdmin && d.Issuer != accountID && d.RecipientID != accountID {
		err = domain.Errorf(domain.CodeNotFound, "no such document") // the same words as a missing one
	}
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	doc, err := s.documentData(r.Context(), d)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, doc)
}

// documentData is what the document says: the ledger's numbers with the parties'
// names, the campaign, a receipt's card (brand and last four) and the postings.
func (s *Server) documentData(ctx context.Context, d ledger.Document) (report.Document, error) {
	out := report.Document{ID: d.ID, Label: d.Label, Number: d.Number, Series: d.Series, Kind: string(d.Kind),
		IssuedAt: d.CreatedAt, AdRequestID: d.AdRequestID, Gross: d.Gross, Commission: d.Commission, Net: d.Net,
		Refunded: d.Refunded, Memo: d.Memo, TransactionID: d.TransactionID, TransactionKind: string(d.TransactionKind),
		Postings: []report.DocumentPosting{}}
	var err error
	if out.Issuer, err = s.party(ctx, d.Issuer); err != nil {
		return report.Document{}, err
	}
	if out.Recipient, err = s.party(ctx, d.RecipientID); err != nil {
		return report.Document{}, err
	}
	if d.AdRequestID != "" {
		err := s.db.R.GetContext(ctx, &out.CampaignName, `SELECT c.name FROM ad_requests r
			JOIN campaigns c ON c.id = r.campaign_id WHERE r.id = ?`, d.AdRequestID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return report.Document{}, fmt.Errorf("server: document campaign: %w", err)
		}
	}
	if d.Kind == ledger.DocReceipt { // payments.go keys a top-up by its charge: "charge:<id>"
		var card struct {
			Brand string `db:"brand"`
			Last4 string `db:"last4"`
		}
		err := s.db.R.GetContext(ctx, &card, `SELECT c.brand, c.last4 FROM ledger_transactions t
			JOIN processor_charges c ON t.idempotency_key = 'top_up:charge:' || c.id WHERE t.id = ?`, d.TransactionID)
		switch {
		case err == nil:
			out.Card = cards.Brand(card.Brand).Name() + " •••• " + card.Last4
		case !errors.Is(err, sql.ErrNoRows):
			return report.Document{}, fmt.Errorf("server: document card: %w", err)
		}
	}
	if err := s.db.R.SelectContext(ctx, &out.Postings, `SELECT a.kind AS account, p.amount FROM ledger_postings p
		JOIN ledger_accounts a ON a.id = p.account_id WHERE p.transaction_id = ? ORDER BY p.line`, d.TransactionID); err != nil {
		return report.Document{}, fmt.Errorf("server: document postings: %w", err)
	}
	return out, nil
}

// party names an issuer or a recipient as its documents print it: a sponsor by
// its company, an influencer by their display name.
func (s *Server) party(ctx context.Context, id string) (report.Party, error) {
	if id == ledger.PlatformIssuer {
		return report.Party{ID: id, Name: report.PlatformName}, nil
	}
	p := report.Party{ID: id}
	err := s.db.R.GetContext(ctx, &p.Name, `SELECT COALESCE(NULLIF(sp.company_name, ''), NULLIF(ip.display_name, ''), a.name)
		FROM accounts a LEFT JOIN sponsor_profiles sp ON sp.account_id = a.id
		LEFT JOIN influencer_profiles ip ON ip.account_id = a.id WHERE a.id = ?`, id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return report.Party{}, fmt.Errorf("server: document party: %w", err)
	}
	return p, nil
}

// Ledger CSV headers: a party's statement, and the admin's whole ledger (which
// adds the account's owner). Text goes through export.Cell (a cell beginning with
// = + - @ is prefixed against formula injection); amounts are numbers, as cents
// and as dollars.
var (
	statementHeader = []string{"date", "transaction", "kind", "ad_request", "account", "memo",
		"amount_cents", "amount", "balance_cents", "balance"}
	journalHeader = []string{"date", "transaction", "kind", "ad_request", "account", "owner", "memo",
		"amount_cents", "amount", "balance_cents", "balance"}
)

func (s *Server) handleLedgerCSV(w http.ResponseWriter, r *http.Request, accountID string) {
	role, err := s.moneyRole(r.Context(), accountID)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	if accountID, _, err = s.moneyOwner(r.Context(), accountID, role); err != nil { // a member reads the organisation's
		s.writeErr(w, r, err)
		return
	}
	var header []string
	var rows [][]string
	money := func(e ledger.Entry) []string {
		return []string{strconv.FormatInt(e.Amount, 10), export.Money(e.Amount),
			strconv.FormatInt(e.Balance, 10), export.Money(e.Balance)}
	}
	if role == domain.RoleAdmin {
		es, err := ledger.Journal(r.Context(), s.db.R)
		if err != nil {
			s.writeErr(w, r, err)
			return
		}
		header = journalHeader
		for _, e := range es {
			rows = append(rows, append([]string{export.Instant(e.CreatedAt), export.Cell(e.TransactionID),
				export.Cell(string(e.Kind)), export.Cell(e.AdRequestID), export.Cell(string(e.AccountKind)),
				export.Cell(e.OwnerID), export.Cell(e.Memo)}, money(e.Entry)...))
		}
	} else {
		es, err := ledger.Transactions(r.Context(), s.db.R, accountID)
		if err != nil {
			s.writeErr(w, r, err)
			return
		}
		header = statementHeader
		for _, e := range es {
			rows = append(rows, append([]string{export.Instant(e.CreatedAt), export.Cell(e.TransactionID),
				export.Cell(string(e.Kind)), export.Cell(e.AdRequestID), export.Cell(string(e.AccountKind)),
				export.Cell(e.Memo)}, money(e)...))
		}
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="iescp-ledger-`+s.cfg.Now().UTC().Format("2006-01-02")+`.csv"`)
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	_ = cw.Write(header)
	_ = cw.WriteAll(rows) // flushes; a write error means the client went away
	_ = bw.Flush()
}
