package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"strings"
	"time"
)

// The ledger's documents (docs/money.md, "Documents"): a receipt for a top-up, an
// invoice for a release, a payout statement for a payout. The server answers a
// Document (GET /v1/documents/{id}); the desktop renders it here, to HTML and to
// PDF through the same PDF setup as the monthly report.

// Document is what one numbered document says. Money is integer cents.
type Document struct {
	ID              string            `json:"id"`
	Label           string            `json:"label"` // its number as printed: "INV-000003"
	Number          int64             `json:"number"`
	Series          string            `json:"series"`
	Kind            string            `json:"kind"` // receipt, invoice, payout_statement
	IssuedAt        string            `json:"issued_at"`
	Issuer          Party             `json:"issuer"`
	Recipient       Party             `json:"recipient"`
	AdRequestID     string            `json:"ad_request_id,omitempty"`
	CampaignName    string            `json:"campaign_name,omitempty"`
	Card            string            `json:"card,omitempty"` // a receipt's card: "Visa •••• 4242"
	Gross           int64             `json:"gross"`          // the top-up, the released part, the payout
	Commission      int64             `json:"commission"`     // an invoice's platform commission
	Net             int64             `json:"net"`            // gross − commission: what the influencer got
	Refunded        int64             `json:"refunded"`       // a split's part returned to the sponsor
	Memo            string            `json:"memo,omitempty"`
	TransactionID   string            `json:"transaction_id"`
	TransactionKind string            `json:"transaction_kind"`
	Postings        []DocumentPosting `json:"postings"`
}

// Party is an issuer or a recipient: the platform, a sponsor or an influencer.
type Party struct {
	ID   string `json:"id"` // "platform" or an account ID
	Name string `json:"name"`
}

// DocumentPosting is one posting of the document's ledger transaction.
type DocumentPosting struct {
	Account string `json:"account"` // the account's kind: sponsor_wallet, escrow, ...
	Amount  int64  `json:"amount"`  // signed cents
}

// PlatformName is how the platform names itself on its documents.
const PlatformName = "IESCP"

// documentLine is one row of a document's table.
type documentLine struct {
	Label  string
	Amount string
	Strong bool
}

// documentView is what both renderings print.
type documentView struct {
	Title    string // "Invoice INV-000003"
	KindName string // "Invoice"
	Issued   string
	From     string
	FromNote string
	To       string
	Lines    []documentLine
	Notes    []string
	Postings []documentLine // the ledger transaction, line by line
	Footer   string
}

var accountNames = map[string]string{"sponsor_wallet": "Sponsor's wallet", "escrow": "Escrow of the ad request",
	"influencer_earnings": "Influencer's earnings", "platform_revenue": "Platform revenue (commission)",
	"outside_world": "Payment processor"}

var kindNames = map[string]string{"receipt": "Receipt", "invoice": "Invoice", "payout_statement": "Payout statement"}

// KindName is the document kind in words.
func KindName(kind string) string {
	if n, ok := kindNames[kind]; ok {
		return n
	}
	return kind
}

func issuedDate(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.UTC().Format("Jan 2, 2006")
}

func (d *Document) view() documentView {
	v := documentView{KindName: KindName(d.Kind), Issued: issuedDate(d.IssuedAt), From: d.Issuer.Name, To: d.Recipient.Name}
	v.Title = v.KindName + " " + d.Label
	deal := "Sponsored content"
	if d.CampaignName != "" {
		deal += " — " + d.CampaignName
	}
	switch d.Kind {
	case "receipt":
		paid := "Wallet top-up"
		if d.Card != "" {
			paid += ", paid by " + d.Card
		}
		v.Lines = []documentLine{{paid, FormatMoney(d.Gross), false}, {"Total received", FormatMoney(d.Gross), true}}
		v.Notes = append(v.Notes, "The amount is in your IESCP wallet, available to fund ad requests.")
	case "invoice":
		v.FromNote = "Issued by " + PlatformName + " on the influencer's behalf"
		v.Lines = []documentLine{
			{deal, FormatMoney(d.Gross), false},
			{"Total invoiced (paid from escrow)", FormatMoney(d.Gross), true},
			{"Platform commission, withheld from the influencer", FormatMoney(d.Commission), false},
			{"Paid to the influencer", FormatMoney(d.Net), false},
		}
		if d.Refunded > 0 {
			v.Notes = append(v.Notes, "Dispute settled by a split: "+FormatMoney(d.Refunded)+" of the escrow was refunded to the sponsor's wallet.")
		}
	case "payout_statement":
		v.Lines = []documentLine{{"Payout of available earnings", FormatMoney(d.Gross), false}, {"Total paid out", FormatMoney(d.Gross), true}}
		v.Notes = append(v.Notes, "Paid by the payment processor to your payout account.")
	}
	if d.Memo != "" {
		v.Notes = append(v.Notes, "Note: "+d.Memo)
	}
	for _, p := range d.Postings {
		v.Postings = append(v.Postings, documentLine{Label: accountNames[p.Account], Amount: FormatMoney(p.Amount)})
		if v.Postings[len(v.Postings)-1].Label == "" {
			v.Postings[len(v.Postings)-1].Label = p.Account
		}
	}
	v.Footer = "Ledger transaction " + d.TransactionID + " (" + strings.ReplaceAll(d.TransactionKind, "_", " ") + ")"
	if d.AdRequestID != "" {
		v.Footer += " · ad request " + d.AdRequestID
	}
	return v
}

// FileBase is the document's file name without extension: "iescp-invoice-INV-000003".
func (d *Document) FileBase() string {
	return "iescp-" + strings.ReplaceAll(d.Kind, "_", "-") + "-" + Slug(d.Label, 40)
}

//go:embed document.html.tmpl
var documentHTML string

var documentTemplate = template.Must(template.New("document").Parse(documentHTML))

// HTML renders the document as one self-contained page (inline CSS, no script).
func (d *Document) HTML() ([]byte, error) {
	var b bytes.Buffer
	if err := documentTemplate.Execute(&b, d.view()); err != nil {
		return nil, fmt.Errorf("report: document html: %w", err)
	}
	return b.Bytes(), nil
}

// PDF renders the document on one US Letter page.
func (d *Document) PDF() ([]byte, error) {
	v := d.view()
	at, err := time.Parse(time.RFC3339Nano, d.IssuedAt)
	if err != nil {
		at = time.Unix(0, 0)
	}
	f := newPDF(PlatformName+" "+v.Title, v.KindName+" "+d.Label+", issued "+v.Issued, at.UTC())
	p := &pdfDoc{Fpdf: f}
	p.AddPage()

	p.fill(colAccent)
	p.Rect(0, 0, pageW, 34, "F")
	p.color("#ffffff")
	p.font(false, 8)
	p.text(marginX, 8, contW*0.6, 4, PlatformName+" · "+strings.ToUpper(v.KindName), "L")
	p.font(true, 19)
	p.text(marginX, 13.5, contW*0.66, 10, v.Title, "L")
	p.font(false, 9)
	p.text(marginX+contW*0.6, 15, contW*0.4, 5, "Issued "+v.Issued, "R")
	p.y = 44

	half := (contW - 8) / 2
	party := func(x float64, label, name, note string) {
		p.font(true, 8)
		p.color(colMuted)
		p.text(x, p.y, half, 4, label, "L")
		p.font(true, 12)
		p.color(colText)
		p.text(x, p.y+5, half, 6, name, "L")
		if note != "" {
			p.font(false, 8)
			p.color(colMuted)
			p.text(x, p.y+11.5, half, 4, note, "L")
		}
	}
	party(marginX, "FROM", v.From, v.FromNote)
	party(marginX+half+8, "TO", v.To, "")
	p.y += 24

	p.draw(colBorder)
	p.SetLineWidth(0.2)
	p.font(true, 8)
	p.color(colMuted)
	p.text(marginX, p.y, contW*0.7, 5, "DESCRIPTION", "L")
	p.text(marginX+contW*0.7, p.y, contW*0.3, 5, "AMOUNT (USD)", "R")
	p.y += 6
	p.Line(marginX, p.y, pageW-marginX, p.y)
	for _, l := range v.Lines {
		p.font(l.Strong, 10.5)
		p.color(colText)
		p.text(marginX, p.y+1.5, contW*0.7, 7, l.Label, "L")
		p.text(marginX+contW*0.7, p.y+1.5, contW*0.3, 7, l.Amount, "R")
		p.y += 9
		p.Line(marginX, p.y, pageW-marginX, p.y)
	}
	p.y += 5
	p.font(false, 9)
	p.color(colText)
	for _, n := range v.Notes {
		for _, l := range p.SplitText(pdfSafe(n), contW) {
			p.text(marginX, p.y, contW, 5, l, "L")
			p.y += 5
		}
	}
	if len(v.Postings) > 0 {
		p.y += 4
		p.font(true, 8)
		p.color(colMuted)
		p.text(marginX, p.y, contW*0.7, 5, "LEDGER POSTING", "L")
		p.text(marginX+contW*0.7, p.y, contW*0.3, 5, "AMOUNT", "R")
		p.y += 6
		p.font(false, 9)
		p.color(colText)
		for _, l := range v.Postings {
			p.text(marginX, p.y, contW*0.7, 5, l.Label, "L")
			p.text(marginX+contW*0.7, p.y, contW*0.3, 5, l.Amount, "R")
			p.y += 5.5
		}
	}
	p.font(false, 7.5)
	p.color(colMuted)
	p.Line(marginX, pageH-16, pageW-marginX, pageH-16)
	p.text(marginX, pageH-15, contW, 5, v.Footer, "L")
	p.text(marginX, pageH-10.5, contW, 5, PlatformName+" · "+v.Title, "L")
	return outputPDF(f)
}
