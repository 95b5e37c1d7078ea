package report

import (
	"strings"
	"testing"
)

// Late Posts (c9 of buildPosts), by hand: one accepted deal of $200.00 (nothing
// escrowed, so the agreed payment), its deliverable's latest checkpoint (7d) 10,000
// views and 500 + 50 + 30 + 20 = 600 engagements, and 7 clicks on its tracking link.
// CPM 20,000 × 1,000 ÷ 10,000 = 2,000 ($20); CPE 20,000 ÷ 600 = 33.33 → 33 ($0.33);
// CPC 20,000 ÷ 7 = 2,857.14 → 2,857 ($28.57).
func TestCampaignPerformance(t *testing.T) {
	w, c9 := buildPosts(t)
	var req string
	if err := w.st.W.Get(&req, `SELECT id FROM ad_requests WHERE campaign_id = ?`, c9); err != nil {
		t.Fatal(err)
	}
	w.exec(t, `INSERT INTO tracking_links (id, ad_request_id, code, promo_code, hashtag, slug, clicks, created_at, updated_at)
		VALUES ('tl-late', ?, 'latecode1', 'LATE1', '#late', 'late', 7, ?, ?)`, req, ts, ts)
	r := gather(t, w, "2026-10")
	var late *Campaign
	var sum CampaignPerformance
	for i, c := range r.Campaigns {
		sum.add(c.CampaignPerformance)
		if c.ID == c9 {
			late = &r.Campaigns[i]
		}
	}
	if late == nil {
		t.Fatal("Late Posts is not in the report")
	}
	p := late.CampaignPerformance
	if p.Deals != 1 || p.Spend != 20_000 || p.Views != 10_000 || p.Engagements != 600 || p.Clicks != 7 ||
		p.CPM == nil || *p.CPM != 2000 || p.CPE == nil || *p.CPE != 33 || p.CPC == nil || *p.CPC != 2857 {
		t.Fatalf("Late Posts = %+v (CPM %s, CPE %s, CPC %s)", p, FormatCPM(p.CPM), FormatCPM(p.CPE), FormatCPM(p.CPC))
	}
	tot := r.Totals.CampaignPerformance
	if tot.Deals != sum.Deals || tot.Spend != sum.Spend || tot.Views != sum.Views || tot.Engagements != sum.Engagements ||
		tot.Clicks != sum.Clicks || tot.Deals < 3 {
		t.Fatalf("totals %+v, the campaigns sum to %+v", tot, sum)
	}
	sum.withCosts()
	if FormatCPM(tot.CPM) != FormatCPM(sum.CPM) || FormatCPM(tot.CPE) != FormatCPM(sum.CPE) || FormatCPM(tot.CPC) != FormatCPM(sum.CPC) {
		t.Fatalf("totals' costs %s %s %s; from the sums %s %s %s", FormatCPM(tot.CPM), FormatCPM(tot.CPE), FormatCPM(tot.CPC),
			FormatCPM(sum.CPM), FormatCPM(sum.CPE), FormatCPM(sum.CPC))
	}
	row := "Late Posts 1 $200 10,000 600 7 $20 $0.33 $28.57"
	h, err := r.HTML()
	if err != nil {
		t.Fatal(err)
	}
	text := htmlText(t, h)
	if !strings.Contains(text, "Campaign performance") || !strings.Contains(text, row) || !strings.Contains(text, "to date, not only this month") {
		t.Errorf("HTML lacks the campaign performance section or %q", row)
	}
	writeArtifact(t, "report-campaign-performance.html", h)
	pdf, err := r.PDF()
	if err != nil {
		t.Fatal(err)
	}
	raw, ok := pdfText(t, pdf, "report-campaign-performance")
	if !ok {
		t.Skip("pdftotext is not installed (poppler-utils)")
	}
	ptext := strings.Join(strings.Fields(raw), " ")
	if !strings.Contains(ptext, "Campaign performance") || !strings.Contains(ptext, row) {
		t.Errorf("PDF text lacks the campaign performance section or %q", row)
	}
}

// A month whose campaigns have no deal says so in both renderings.
func TestCampaignPerformance_NoDeals(t *testing.T) {
	w := build(t)
	w.exec(t, `UPDATE ad_requests SET status = 'pending'`)
	r := gather(t, w, "2026-10")
	if r.Totals.CampaignPerformance.Deals != 0 || r.Totals.CampaignPerformance.CPM != nil {
		t.Fatalf("totals %+v", r.Totals.CampaignPerformance)
	}
	h, err := r.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(htmlText(t, h), "No campaign has an accepted deal yet.") {
		t.Error("HTML does not say no campaign has a deal")
	}
}
