package desktop

import (
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/ledger"
)

// The documents' path through the real server: a sponsor tops up by card (a
// receipt), the server releases a request's escrow to an influencer (an invoice
// issued on their behalf) and pays them out (a payout statement); each desktop
// lists its own, saves the invoice as a PDF whose text (read back with pdftotext)
// has the number, the amounts and the commission, and exports its statement as CSV.
func TestDocumentsService_InvoicePDFAndLedgerCSV(t *testing.T) {
	ts := newTestServer(t)
	ts.unfunded = true // the only money is the card top-up below
	sponsor := ts.register("sponsor", "maya@brand.test", "Maya")
	infl := ts.register("influencer", "leo@creator.test", "Leo Lens")
	sp, _ := newTestDesktop(t, ts.URL, "")
	if _, err := sp.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	if _, err := NewWalletService(sp).TopUp(TopUpInput{Amount: 200_00, CardNumber: "5555 5555 5555 4444",
		Expiry: "12/30", CVC: "123", Name: "Maya", IdempotencyKey: "a1"}); err != nil {
		t.Fatalf("top up: %v", err)
	}
	req := domain.NewID()
	l := ledger.New(testNow)
	ctx := context.Background()
	if err := ts.srv.DB().Write(ctx, func(tx *sqlx.Tx) error {
		if _, err := l.Fund(ctx, tx, req, sponsor.ID, 125_05); err != nil {
			return err
		}
		if _, err := l.Release(ctx, tx, req, infl.ID, 1000); err != nil {
			return err
		}
		_, err := l.Payout(ctx, tx, infl.ID, 50_00, "p1")
		return err
	}); err != nil {
		t.Fatal(err)
	}

	ds := NewDocumentsService(sp)
	list, err := ds.List()
	if err != nil || len(list) != 2 || list[0].Label != "INV-000001" || list[1].Label != "RCP-000001" ||
		list[0].Gross != 125_05 || list[0].Commission != 12_51 || list[0].Net != 112_54 {
		t.Fatalf("the sponsor's documents: %+v, %v", list, err)
	}
	f, err := ds.SavePDF(list[0].ID, "")
	if err != nil || f.Path != filepath.Join(sp.DocumentsDir(sponsor.ID), "iescp-invoice-inv-000001.pdf") || f.Size == 0 {
		t.Fatalf("save PDF: %+v, %v", f, err)
	}
	text := pdfTextOf(t, f.Path)
	for _, want := range []string{"Invoice INV-000001", "Leo Lens", "Maya Inc", "Issued by IESCP on the influencer's behalf",
		"Total invoiced (paid from escrow) $125.05", "Platform commission, withheld from the influencer $12.51",
		"Paid to the influencer $112.54"} {
		if text != "" && !strings.Contains(text, want) {
			t.Errorf("the invoice PDF lacks %q:\n%s", want, text)
		}
	}
	chosen := filepath.Join(t.TempDir(), "receipt.pdf")
	sp.SaveDialog = func(name string) (string, error) {
		if name != "iescp-receipt-rcp-000001.pdf" {
			t.Errorf("dialog's default name %q", name)
		}
		return chosen, nil
	}
	if f, err := ds.SavePDFAs(list[1].ID, "iescp-receipt-rcp-000001.pdf"); err != nil || f.Path != chosen {
		t.Fatalf("save as: %+v, %v", f, err)
	}
	if text := pdfTextOf(t, chosen); text != "" && !strings.Contains(text, "Wallet top-up, paid by Mastercard •••• 4444 $200") {
		t.Errorf("the receipt PDF:\n%s", text)
	}
	if _, err := ds.SavePDF(list[0].ID, "relative.pdf"); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Errorf("a relative path: %v", err)
	}
	if _, err := ds.SavePDF(domain.NewID(), ""); uiCode(t, err) != domain.CodeNotFound {
		t.Errorf("an unknown document: %v", err)
	}

	csvPath := filepath.Join(t.TempDir(), "ledger.csv")
	sp.SaveDialog = func(string) (string, error) { return csvPath, nil }
	if f, err := ds.ExportLedgerCSV(); err != nil || f.Path != csvPath {
		t.Fatalf("export CSV: %+v, %v", f, err)
	}
	raw, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
	if err != nil || len(rows) != 3 || rows[1][2] != "top_up" || rows[2][6] != "-12505" || rows[2][9] != "74.95" {
		t.Fatalf("the sponsor's CSV: %q, %v", rows, err)
	}
	sp.SaveDialog = func(string) (string, error) { return "", nil }
	if f, err := ds.ExportLedgerCSV(); err != nil || f.Path != "" {
		t.Fatalf("a cancelled dialog: %+v, %v", f, err)
	}

	// The influencer's desktop: the invoice and the payout statement, not the receipt.
	in, _ := newTestDesktop(t, ts.URL, "")
	if _, err := in.Session.SignIn("leo@creator.test", testPW); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	il, err := NewDocumentsService(in).List()
	if err != nil || len(il) != 2 || il[0].Label != "PST-000001" || il[1].Label != "INV-000001" {
		t.Fatalf("the influencer's documents: %+v, %v", il, err)
	}
	if _, err := NewDocumentsService(in).SavePDF(list[1].ID, ""); uiCode(t, err) != domain.CodeNotFound {
		t.Errorf("the influencer saves the sponsor's receipt: %v", err)
	}

	ts.stop()
	if _, err := ds.List(); uiCode(t, err) != codeUnavailable {
		t.Errorf("offline: %v", err)
	}
}

// pdfTextOf is the PDF's text with whitespace collapsed, or "" (and a skip
// message) without pdftotext; on CI the report tests insist it is installed.
func pdfTextOf(t *testing.T, path string) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext is not installed: the PDF's text is not checked")
		return ""
	}
	out, err := exec.Command(tool, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
