package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/ledger"
	"iescp/backend/mutate"
	"iescp/backend/report"
)

func TestOpenAPI_DocumentSchemas(t *testing.T) {
	doc := loadOpenAPI(t)
	for name, v := range map[string]any{"Documents": Documents{}, "DocumentSummary": ledger.Document{},
		"Document": report.Document{}, "DocumentParty": report.Party{}, "DocumentPosting": report.DocumentPosting{}} {
		t.Run(name, func(t *testing.T) { checkSchema(t, doc, name, reflect.TypeOf(v)) })
	}
}

func (e *testEnv) documents(token string) []ledger.Document {
	e.t.Helper()
	status, _, body := e.do(http.MethodGet, documentsPath, token, nil)
	var d Documents
	if status != http.StatusOK {
		e.t.Fatalf("documents: %d %s", status, body)
	}
	if err := json.Unmarshal(body, &d); err != nil {
		e.t.Fatalf("documents: %v: %s", err, body)
	}
	return d.Documents
}

func labels(ds []ledger.Document) string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Label)
	}
	return strings.Join(out, " ")
}

// docsWorld: a sponsor tops up by card (a receipt), a request of theirs is funded
// and its escrow split by an admin's note that looks like a formula (an invoice
// issued on the influencer's behalf), and the influencer is paid out (a payout
// statement).
type docsWorld struct {
	sponsor, stok, infl, itok, admin, stranger, req, camp string
}

func newDocsWorld(t *testing.T, e *testEnv) docsWorld {
	w := docsWorld{}
	w.sponsor, w.stok = e.account(domain.RoleSponsor)
	e.s.db.W.MustExec(`UPDATE sponsor_profiles SET approval = 'approved' WHERE account_id = ?`, w.sponsor)
	w.infl, w.itok = e.account(domain.RoleInfluencer)
	_, w.admin = e.account(domain.RoleAdmin)
	_, w.stranger = e.account(domain.RoleSponsor)
	if status, _, body := e.charge(w.stok, "docs-1", chargeBody(100_00, "4242424242424242", "123")); status != http.StatusCreated {
		t.Fatalf("charge: %d %s", status, body)
	}
	w.camp, w.req = domain.NewID(), domain.NewID()
	cc := draft(w.camp)
	cc.Name, cc.Publish = "Winter Jackets", true
	e.mustPush(w.stok, domain.NewID(), mut(1, "campaign.create", cc),
		mut(2, "adRequest.send", mutate.AdRequestSend{ID: w.req, OfferID: domain.NewID(), CampaignID: w.camp,
			InfluencerID: w.infl, Amount: 50_00, Requirements: "One reel", Deliverables: []domain.DeliverableTerm{
				{Platform: "instagram", ContentType: "reel", Quantity: 1, DueDate: "2030-04-10", Brief: "Show the box"}}}))
	ctx := context.Background()
	if err := e.s.db.Write(ctx, func(tx *sqlx.Tx) error {
		if _, err := e.s.ledger.Fund(ctx, tx, w.req, w.sponsor, 50_05); err != nil {
			return err
		}
		if _, err := e.s.ledger.Split(ctx, tx, w.req, w.sponsor, w.infl, 40_05, 1000, "=HYPERLINK(\"http://x\")"); err != nil {
			return err
		}
		_, err := e.s.ledger.Payout(ctx, tx, w.infl, 10_00, "payout-1")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return w
}

// Each party lists its own documents and reads each of them; a stranger gets
// not_found for them (as for an id that does not exist), the admin every one.
func TestDocuments_ListAndRead(t *testing.T) {
	e := newEnv(t, Config{})
	w := newDocsWorld(t, e)

	if got := labels(e.documents(w.stok)); got != "INV-000001 RCP-000001" {
		t.Errorf("the sponsor's documents: %s", got)
	}
	infl := e.documents(w.itok)
	if got := labels(infl); got != "PST-000001 INV-000001" {
		t.Errorf("the influencer's documents: %s", got)
	}
	if got := labels(e.documents(w.stranger)); got != "" {
		t.Errorf("a stranger's documents: %s", got)
	}
	all := e.documents(w.admin)
	if got := labels(all); got != "PST-000001 INV-000001 RCP-000001" {
		t.Errorf("the admin's documents: %s", got)
	}

	inv := infl[1]
	for _, tok := range []string{w.stok, w.itok, w.admin} {
		status, _, body := e.do(http.MethodGet, documentsPath+"/"+inv.ID, tok, nil)
		var d report.Document
		if status != http.StatusOK || json.Unmarshal(body, &d) != nil {
			t.Fatalf("invoice: %d %s", status, body)
		}
		if d.Label != "INV-000001" || d.Kind != "invoice" || d.Issuer.ID != w.infl || d.Issuer.Name != "User 2" ||
			d.Recipient.Name != "Acme User 1" || d.CampaignName != "Winter Jackets" || d.Gross != 40_05 ||
			d.Commission != 4_01 || d.Net != 36_04 || d.Refunded != 10_00 || d.TransactionKind != "split" ||
			len(d.Postings) != 4 || d.Postings[0] != (report.DocumentPosting{Account: "escrow", Amount: -50_05}) {
			t.Errorf("invoice: %+v", d)
		}
	}
	status, _, body := e.do(http.MethodGet, documentsPath+"/"+all[2].ID, w.stok, nil)
	var rc report.Document
	if status != http.StatusOK || json.Unmarshal(body, &rc) != nil || rc.Card != "Visa •••• 4242" ||
		rc.Issuer.Name != report.PlatformName || rc.Gross != 100_00 {
		t.Errorf("receipt: %d %s", status, body)
	}

	missing := e.documentNotFound(w.stranger, domain.NewID())
	for _, d := range all {
		if got := e.documentNotFound(w.stranger, d.ID); got != missing {
			t.Errorf("a stranger's %s: %q, want the words of a missing one %q", d.Label, got, missing)
		}
	}
	if got := e.documentNotFound(w.itok, all[2].ID); got != missing { // the sponsor's receipt
		t.Errorf("the influencer reads the receipt: %q", got)
	}
	e.documentNotFound(w.stok, "not-a-uuid")
	status, _, body = e.do(http.MethodGet, documentsPath, "", nil)
	e.wantError(status, body, http.StatusUnauthorized, domain.CodeUnauthenticated)
}

func (e *testEnv) documentNotFound(token, id string) string {
	e.t.Helper()
	status, _, body := e.do(http.MethodGet, documentsPath+"/"+id, token, nil)
	return e.wantError(status, body, http.StatusNotFound, domain.CodeNotFound).Message
}

func (e *testEnv) ledgerCSV(token string) [][]string {
	e.t.Helper()
	status, h, body := e.do(http.MethodGet, ledgerCSVPath, token, nil)
	if status != http.StatusOK || h.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.HasPrefix(h.Get("Content-Disposition"), `attachment; filename="iescp-ledger-`) {
		e.t.Fatalf("ledger.csv: %d %v %s", status, h, body)
	}
	if !bytes.Contains(body, []byte("\r\n")) {
		e.t.Errorf("ledger.csv lines do not end in CRLF")
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		e.t.Fatalf("ledger.csv: %v\n%s", err, body)
	}
	return rows
}

// The statement as CSV: a party's own postings with the running balance, cents
// and dollars; the admin's, every posting with its owner. A memo that looks like
// a formula is prefixed; negative amounts stay numbers.
func TestLedgerCSV(t *testing.T) {
	e := newEnv(t, Config{})
	w := newDocsWorld(t, e)
	sp := e.ledgerCSV(w.stok)
	want := [][]string{statementHeader,
		{"top_up", "sponsor_wallet", "", "10000", "100.00", "10000", "100.00"},
		{"fund", "sponsor_wallet", "", "-5005", "-50.05", "4995", "49.95"},
		{"split", "sponsor_wallet", `'=HYPERLINK("http://x")`, "1000", "10.00", "5995", "59.95"},
	}
	if len(sp) != len(want) {
		t.Fatalf("the sponsor's CSV: %q", sp)
	}
	for i, row := range sp {
		if i == 0 {
			if !reflect.DeepEqual(row, statementHeader) {
				t.Errorf("header %q", row)
			}
			continue
		}
		got := append([]string{row[2], row[4], row[5]}, row[6:]...)
		if !reflect.DeepEqual(got, want[i]) || len(row[0]) != len("2006-01-02 15:04:05") {
			t.Errorf("row %d: %q, want %q", i, row, want[i])
		}
		if (row[2] == "top_up") == (row[3] != "") || (row[2] != "top_up" && row[3] != w.req) {
			t.Errorf("row %d's ad request: %q", i, row[3])
		}
	}
	if got := e.ledgerCSV(w.stranger); len(got) != 1 {
		t.Errorf("a stranger's CSV: %q", got)
	}
	in := e.ledgerCSV(w.itok)
	if len(in) != 3 || in[1][7] != "36.04" || in[2][6] != "-1000" || in[2][9] != "26.04" {
		t.Errorf("the influencer's CSV: %q", in)
	}
	all := e.ledgerCSV(w.admin)
	if !reflect.DeepEqual(all[0], journalHeader) || len(all) != 1+2+2+4+2 {
		t.Fatalf("the admin's CSV: %q", all)
	}
	owners := map[string]bool{}
	for _, r := range all[1:] {
		owners[r[5]] = true
	}
	if !owners[w.sponsor] || !owners[w.infl] || !owners[w.req] || !owners[""] {
		t.Errorf("the admin's CSV owners: %v", owners)
	}
}
