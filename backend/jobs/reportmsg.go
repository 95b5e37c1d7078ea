package jobs

import "iescp/backend/report"

// KindReport is the in-app notification kind of a saved monthly report; its
// params are month (its label), campaigns (a count), committed and completed
// (cents). The desktop renders it in the reader's language.
const KindReport = "report"

// ReportFacts are what a monthly report's message says.
type ReportFacts struct {
	MonthLabel           string // "October 2026"
	Campaigns            int
	Committed, Completed int64 // cents
	HTML                 string
	FileName, PDFPath    string
}

// ReportMessage is the monthly job's message: the in-app notice (kind + params)
// and the email (subject and text from the catalog, the report's HTML as body,
// the PDF attached).
func ReportMessage(f ReportFacts) Message {
	data := map[string]any{"month": f.MonthLabel, "committed": report.FormatMoney(f.Committed),
		"completed": report.FormatMoney(f.Completed)}
	return Message{
		Kind: KindReport,
		Params: map[string]any{"month": f.MonthLabel, "campaigns": f.Campaigns, "committed": f.Committed,
			"completed": f.Completed},
		Subject:  T("report.subject", data),
		Text:     TN("report.body", f.Campaigns, data),
		HTML:     f.HTML,
		RefTable: "reports", RefID: f.FileName, Attachments: []string{f.PDFPath},
	}
}

// ReportSummary is the job run's one-line summary of a report.
func ReportSummary(f ReportFacts) string {
	return TN("report.summary", f.Campaigns, map[string]any{"month": f.MonthLabel,
		"committed": report.FormatMoney(f.Committed)})
}

// ReportEmail is the message of a report sent by hand from the Reports screen.
func ReportEmail(f ReportFacts) Message {
	return Message{Subject: T("report.subject", map[string]any{"month": f.MonthLabel}),
		Text: T("report.attached", map[string]any{"month": f.MonthLabel}), HTML: f.HTML, Attachments: []string{f.PDFPath}}
}
