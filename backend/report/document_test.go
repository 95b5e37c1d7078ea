package report

import (
	"bytes"
	"strings"
	"testing"
)

func invoice() *Document {
	return &Document{
		ID: "0193f1d2-0000-7000-8000-000000000001", Label: "INV-000003", Number: 3, Series: "INV", Kind: "invoice",
		IssuedAt:    "2026-11-30T14:05:06.5Z",
		Issuer:      Party{ID: "0193f1d2-0000-7000-8000-00000000000a", Name: "Maya Lens"},
		Recipient:   Party{ID: "0193f1d2-0000-7000-8000-00000000000b", Name: "Northwind Outfitters"},
		AdRequestID: "0193f1d2-0000-7000-8000-00000000000c", CampaignName: "Winter Jackets",
		Gross: 1_250_005, Commission: 125_001, Net: 1_125_004, Refunded: 30_000, Memo: "Half the reels were late",
		TransactionID: "0193f1d2-0000-7000-8000-00000000000d", TransactionKind: "split",
		Postings: []DocumentPosting{{"escrow", -1_280_005}, {"influencer_earnings", 1_125_004},
			{"platform_revenue", 125_001}, {"sponsor_wallet", 30_000}},
	}
}

// The invoice's PDF, read back with pdftotext, names its number, parties, the
// amounts and the commission.
func TestDocumentPDF_InvoiceReadsBack(t *testing.T) {
	d := invoice()
	b, err := d.PDF()
	if err != nil {
		t.Fatal(err)
	}
	writeArtifact(t, "invoice.pdf", b)
	raw, ok := pdfText(t, b, "invoice")
	if !ok {
		t.Skip("pdftotext is not installed (poppler-utils)")
	}
	text := strings.Join(strings.Fields(raw), " ")
	for _, want := range []string{
		"Invoice INV-000003", "Issued Nov 30, 2026", "Maya Lens", "Northwind Outfitters",
		"Issued by IESCP on the influencer's behalf", "Sponsored content — Winter Jackets",
		"Total invoiced (paid from escrow) $12,500.05", "Platform commission, withheld from the influencer $1,250.01",
		"Paid to the influencer $11,250.04", "$300 of the escrow was refunded", "Note: Half the reels were late",
		"Escrow of the ad request -$12,800.05", "Platform revenue (commission) $1,250.01",
		"Ledger transaction " + d.TransactionID + " (split)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("invoice PDF lacks %q in:\n%s", want, text)
		}
	}
	renderPage(t, b, "invoice")
	again, err := d.PDF()
	if err != nil || !bytes.Equal(again, b) {
		t.Errorf("the same document rendered to different bytes (%v)", err)
	}
}

func TestDocumentHTML_EachKind(t *testing.T) {
	for _, c := range []struct {
		doc  *Document
		want []string
	}{
		{invoice(), []string{"Invoice INV-000003", "FROM Maya Lens Issued by IESCP on the influencer's behalf TO Northwind Outfitters",
			"Total invoiced (paid from escrow) $12,500.05", "Platform commission, withheld from the influencer $1,250.01"}},
		{&Document{Label: "RCP-000042", Kind: "receipt", IssuedAt: "2026-01-02T03:04:05Z", Issuer: Party{Name: "IESCP"},
			Recipient: Party{Name: "<b>Acme</b>"}, Card: "Visa •••• 4242", Gross: 5000, TransactionKind: "top_up", TransactionID: "t1"},
			[]string{"Receipt RCP-000042", "Issued Jan 2, 2026", "TO <b>Acme</b>", "Wallet top-up, paid by Visa •••• 4242 $50", "Total received $50",
				"Ledger transaction t1 (top up)"}},
		{&Document{Label: "PST-000007", Kind: "payout_statement", IssuedAt: "2026-01-02T03:04:05Z", Issuer: Party{Name: "IESCP"},
			Recipient: Party{Name: "Maya"}, Gross: 1999, TransactionKind: "payout"},
			[]string{"Payout statement PST-000007", "Payout of available earnings $19.99", "Total paid out $19.99"}},
	} {
		b, err := c.doc.HTML()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("<b>Acme")) {
			t.Error("a name was not escaped")
		}
		text := htmlText(t, b)
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s HTML lacks %q in:\n%s", c.doc.Label, w, text)
			}
		}
		writeArtifact(t, c.doc.FileBase()+".html", b)
	}
	if got := invoice().FileBase(); got != "iescp-invoice-inv-000003" {
		t.Errorf("FileBase = %q", got)
	}
}
