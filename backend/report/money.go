package report

import (
	"iescp/backend/ledger"
	"iescp/backend/queries"
)

// Money is the month's escrow of the sponsor's ad requests (see the package comment
// and docs/reports.md). Every figure is integer cents.
type Money struct {
	// Funded is what went into escrow: the escrow of the requests accepted in the
	// month (responded_at) that were funded.
	Funded int64 `json:"funded"`
	// Released is the spend on delivered work: what was released (gross) from the
	// requests completed in the month whose escrow was released or split.
	Released int64 `json:"released"`
	// Commission is the platform's part of Released, each request's computed as the
	// ledger does (ledger.Commission, with the request's own rate).
	Commission int64 `json:"commission"`
	// Refunded went back to the wallet: escrow less released, of the requests
	// refunded (updated_at) or split (completed_at) in the month.
	Refunded int64 `json:"refunded"`
	// InEscrow is held now (funded or disputed), as the database holds it when the
	// report is made, not dated to the end of the month.
	InEscrow int64 `json:"in_escrow"`
}

// money adds up the escrow rows of a set of requests.
func money(rows []queries.ReportMoney) Money {
	var m Money
	for _, q := range rows {
		if q.RespondedIn && q.EscrowState != "" {
			m.Funded += q.EscrowCents
		}
		switch q.EscrowState {
		case "released", "split":
			if q.CompletedIn {
				m.Released += q.ReleasedCents
				m.Commission += ledger.Commission(q.ReleasedCents, q.CommissionBps)
			}
		case "funded", "disputed":
			m.InEscrow += q.EscrowCents
		}
		if (q.EscrowState == "refunded" && q.UpdatedIn) || (q.EscrowState == "split" && q.CompletedIn) {
			m.Refunded += q.EscrowCents - q.ReleasedCents
		}
	}
	return m
}

// clicks sums the tracking links' clicks of a set of requests (to date).
func clicks(rows []queries.ReportMoney) int64 {
	var n int64
	for _, q := range rows {
		n += q.Clicks
	}
	return n
}

// costPerClick is released ÷ clicks in cents, rounded half up; nil without clicks.
func costPerClick(released, clicks int64) *int64 {
	if clicks <= 0 {
		return nil
	}
	c := (2*released + clicks) / (2 * clicks)
	return &c
}

// moneyRow is one line of the money table (HTML and PDF), formatted.
type moneyRow struct {
	Name, Funded, Released, Commission, Refunded, InEscrow string
}

func newMoneyRow(name string, m Money) moneyRow {
	return moneyRow{Name: name, Funded: FormatMoney(m.Funded), Released: FormatMoney(m.Released),
		Commission: FormatMoney(m.Commission), Refunded: FormatMoney(m.Refunded), InEscrow: FormatMoney(m.InEscrow)}
}

// moneyRows are the campaigns with money moved in the month or held in escrow, and
// the total (nil when there are none).
func (r *Report) moneyTable() ([]moneyRow, *moneyRow) {
	var rows []moneyRow
	for _, c := range r.Campaigns {
		if c.Money != (Money{}) {
			rows = append(rows, newMoneyRow(c.Name, c.Money))
		}
	}
	if len(rows) == 0 {
		return nil, nil
	}
	total := newMoneyRow("All campaigns", r.Totals.Money)
	return rows, &total
}

// moneyNote says what the money table counts.
func (r *Report) moneyNote() string {
	return "Funded: escrow of the ad requests accepted in " + r.MonthLabel + ". Released: paid for work completed in " +
		r.MonthLabel + " (before commission); Commission: the platform's part of it. Refunded: escrow returned to your wallet " +
		"(withdrawn or refunded deals, the rest of a split). In escrow: held by your deals (funded or disputed) " +
		"when this report was made, not dated to the end of the month."
}
