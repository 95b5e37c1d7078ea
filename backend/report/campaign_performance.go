package report

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
	"iescp/backend/queries"
)

// CampaignPerformance is a campaign's results to date (not only the month's), the
// figures of its analytics page (queries.CampaignAnalytics, docs/analytics.md
// "Campaigns"): its accepted and completed deals, what the sponsor committed to them
// (escrowed cents, else the agreed payment), the views and engagements of their
// deliverables' latest checkpoints, the tracking links' clicks, and the costs (whole
// cents rounded half up; nil when nothing to divide by).
type CampaignPerformance struct {
	Deals       int    `json:"deals"`
	Spend       int64  `json:"spend"` // cents
	Views       int64  `json:"views"`
	Engagements int64  `json:"engagements"`
	Clicks      int64  `json:"clicks"`
	CPM         *int64 `json:"cpm"` // cents per 1,000 views
	CPE         *int64 `json:"cpe"` // cents per engagement
	CPC         *int64 `json:"cpc"` // cents per click
}

func (p *CampaignPerformance) withCosts() {
	p.CPM = analytics.CostCents(p.Spend, 1000, p.Views)
	p.CPE = analytics.CostCents(p.Spend, 1, p.Engagements)
	p.CPC = analytics.CostCents(p.Spend, 1, p.Clicks)
}

func (p *CampaignPerformance) add(q CampaignPerformance) {
	p.Deals += q.Deals
	p.Spend += q.Spend
	p.Views += q.Views
	p.Engagements += q.Engagements
	p.Clicks += q.Clicks
}

// campaignPerformance reads one campaign's results to date.
func campaignPerformance(ctx context.Context, db sqlx.QueryerContext, campaignID string) (CampaignPerformance, error) {
	t, _, err := queries.CampaignMetricsOf(ctx, db, campaignID)
	if err != nil {
		return CampaignPerformance{}, fmt.Errorf("campaign performance: %w", err)
	}
	return CampaignPerformance{Deals: t.Deals, Spend: t.SpendCents, Views: t.Views, Engagements: t.Engagements, Clicks: t.Clicks,
		CPM: t.CPMCents, CPE: t.CPECents, CPC: t.CPCCents}, nil
}

// campRow is one line of the campaign performance table (HTML and PDF), formatted.
type campRow struct {
	Name, Deals, Spend, Views, Engagements, Clicks, CPM, CPE, CPC string
}

func newCampRow(name string, p CampaignPerformance) campRow {
	return campRow{Name: name, Deals: fmt.Sprint(p.Deals), Spend: FormatMoney(p.Spend), Views: FormatCount(p.Views),
		Engagements: FormatCount(p.Engagements), Clicks: FormatCount(p.Clicks), CPM: FormatCPM(p.CPM), CPE: FormatCPM(p.CPE),
		CPC: FormatCPM(p.CPC)}
}

// campaignPerformanceRows are the report's campaigns with a deal, and the total (nil
// when none has a deal).
func (r *Report) campaignPerformanceRows() ([]campRow, *campRow) {
	var rows []campRow
	for _, c := range r.Campaigns {
		if c.CampaignPerformance.Deals > 0 {
			rows = append(rows, newCampRow(c.Name, c.CampaignPerformance))
		}
	}
	if len(rows) == 0 {
		return nil, nil
	}
	total := newCampRow("All campaigns", r.Totals.CampaignPerformance)
	return rows, &total
}

// campaignPerformanceNote says what the campaign performance table counts.
const campaignPerformanceNote = "Each campaign to date, not only this month: its accepted and completed deals; spend is what was committed to them " +
	"(the escrowed amount, else the agreed payment); views and engagements at each deliverable's latest checkpoint; clicks on the tracking links. " +
	"CPM: spend per 1,000 views; CPE: per engagement; CPC: per click; — when there is nothing to divide by."
