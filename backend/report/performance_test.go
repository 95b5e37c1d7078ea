package report

import (
	"bytes"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"iescp/backend/queries"
)

// post writes a deliverable of request req with its reported metrics: each figure
// set is {checkpoint, views, reach, likes, comments, shares, saves}.
func (f *fixture) post(tb testing.TB, req, status string, qty int, postedAt string, metrics ...[]any) string {
	tb.Helper()
	id := f.id("deliverable")
	var seq int
	if err := f.st.W.Get(&seq, `SELECT COUNT(*) + 1 FROM deliverables WHERE ad_request_id = ?`, req); err != nil {
		tb.Fatal(err)
	}
	f.exec(tb, `INSERT INTO deliverables (id, ad_request_id, seq, platform, content_type, quantity, due_date, status, posted_at,
		created_at, updated_at) VALUES (?, ?, ?, 'instagram', 'reel', ?, '2026-10-31', ?, ?, ?, ?)`,
		id, req, seq, qty, status, nullable(postedAt), ts, ts)
	for _, m := range metrics {
		f.exec(tb, `INSERT INTO deliverable_metrics (id, deliverable_id, checkpoint, views, reach, likes, comments, shares, saves,
			reported_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			f.id("metrics"), id, m[0], m[1], m[2], m[3], m[4], m[5], m[6], ts, ts, ts)
	}
	return id
}

func bp(n int64) *int64 { return &n }

func checkPerf(t *testing.T, what string, got, want Performance) {
	t.Helper()
	eq := func(a, b *int64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	if got.Posted != want.Posted || got.Measured != want.Measured || got.Views != want.Views || got.Reach != want.Reach ||
		got.Engagements != want.Engagements || got.Cost != want.Cost || !eq(got.EngagementRateBP, want.EngagementRateBP) ||
		!eq(got.CPM, want.CPM) {
		t.Errorf("%s performance = %+v (rate %s, CPM %s); want %+v (rate %s, CPM %s)", what, got,
			FormatBP(got.EngagementRateBP), FormatCPM(got.CPM), want, FormatBP(want.EngagementRateBP), FormatCPM(want.CPM))
	}
}

// October's posts, computed by hand:
//
// c1 — request R1 ($1,000.00, accepted) has D1 (qty 1) and D2 (qty 2): D1 posted Oct 5
// with 24h and 7d figures (the 7d count: 5,000 views, 4,000 reach, 300+40+25+35 = 400
// engagements), D2 posted Oct 20 with 24h figures (2,000 views, 1,500 reach, 90+5+3+2
// = 100). R2 (completed) has D4 posted Oct 30 without metrics (posted, not measured)
// and D5 posted in September (not October's). R3 is withdrawn: its post does not
// count. So 3 posts, 2 measured, 7,000 views, 5,500 reach, 500 engagements; cost
// 100,000 × 1/3 + 100,000 × 2/3 = 100,000 cents; rate 500 × 10,000 ÷ 5,500 = 909.09
// → 909 bp (9.09%); CPM 100,000 × 1,000 ÷ 7,000 = 14,285.71 → 14,286 ($142.86).
//
// c2 — R4 ($333.33, accepted) has D7 (qty 1, posted Oct 15, 30d: 3 views, 0 reach, 1
// like) and D8 (qty 2, disputed: not a post). Cost 33,333 × 1/3 = 11,111; no reach
// (rate —); CPM 11,111 × 1,000 ÷ 3 = 3,703,666.67 → 3,703,667 ($37,036.67).
//
// c9 — a campaign that ended in August, in the report only for D9, posted Oct 2 on
// R5 ($200, accepted in August): 7d 10,000 views, 8,000 reach, 600 engagements; rate
// 750 bp (7.5%), CPM 20,000 × 1,000 ÷ 10,000 = 2,000 ($20).
//
// Totals: 5 posts, 4 measured, 17,003 views, 13,500 reach, 1,101 engagements, cost
// 131,111; rate 1,101 × 10,000 ÷ 13,500 = 815.56 → 816 (8.16%); CPM 131,111,000 ÷
// 17,003 = 7,711.05 → 7,711 ($77.11).
func buildPosts(t *testing.T) (*world, string) {
	w := build(t)
	f := w.fixture
	d := func(day string) string { return "2026-" + day + " 12:00:00+00:00" }
	r1 := f.request(t, req{campaign: w.c1, influencer: w.i1, status: "accepted", amount: 100_000,
		created: d("09-01"), responded: d("09-02")})
	f.post(t, r1, "accepted", 1, d("10-05"), []any{"24h", 1000, 900, 50, 5, 1, 1}, []any{"7d", 5000, 4000, 300, 40, 25, 35})
	f.post(t, r1, "posted", 2, d("10-20"), []any{"24h", 2000, 1500, 90, 5, 3, 2})
	r2 := f.request(t, req{campaign: w.c1, influencer: w.i2, status: "completed", amount: 10_001,
		created: d("09-01"), responded: d("09-02"), completed: d("09-03")})
	f.post(t, r2, "accepted", 1, d("10-30"))
	f.post(t, r2, "accepted", 2, d("09-28"), []any{"30d", 999_999, 999_999, 1, 1, 1, 1})
	r3 := f.request(t, req{campaign: w.c1, influencer: w.i3, status: "withdrawn", amount: 50_000,
		created: d("09-01"), responded: d("09-02")})
	f.post(t, r3, "posted", 1, d("10-10"), []any{"24h", 7777, 7777, 7, 7, 7, 7})
	r4 := f.request(t, req{campaign: w.c2, influencer: w.i4, status: "accepted", amount: 33_333,
		created: d("10-01"), responded: d("10-02")})
	f.post(t, r4, "accepted", 1, d("10-15"), []any{"30d", 3, 0, 1, 0, 0, 0})
	f.post(t, r4, "disputed", 2, d("10-16"), []any{"24h", 50, 50, 5, 5, 5, 5})
	c9 := f.campaign(t, camp{sponsor: w.sponsor, name: "Late Posts", status: "active", start: "2026-08-01", end: "2026-08-31", budget: 20_000})
	r5 := f.request(t, req{campaign: c9, influencer: w.i5, status: "accepted", amount: 20_000,
		created: d("08-01"), updated: d("08-02"), responded: d("08-02")})
	f.post(t, r5, "accepted", 1, d("10-02"), []any{"7d", 10_000, 8000, 500, 50, 30, 20})
	// Another sponsor's post is not in this report.
	c7 := f.campaign(t, camp{sponsor: w.other, name: "Theirs", status: "active", start: "2026-10-01", end: "2026-10-31", budget: 1})
	r6 := f.request(t, req{campaign: c7, influencer: w.i1, status: "accepted", amount: 1, created: d("10-01"), responded: d("10-01")})
	f.post(t, r6, "accepted", 1, d("10-03"), []any{"24h", 1, 1, 1, 1, 1, 1})
	return w, c9
}

func TestGather_Performance(t *testing.T) {
	w, c9 := buildPosts(t)
	r := gather(t, w, "2026-10")
	by := map[string]Campaign{}
	for _, c := range r.Campaigns {
		by[c.ID] = c
	}
	if _, ok := by[c9]; !ok || len(r.Campaigns) != 5 {
		t.Fatalf("the campaign with only a post in October is missing: %d campaigns", len(r.Campaigns))
	}
	checkPerf(t, "c1", by[w.c1].Performance, Performance{Posted: 3, Measured: 2, Views: 7000, Reach: 5500, Engagements: 500,
		Cost: 100_000, EngagementRateBP: bp(909), CPM: bp(14_286)})
	checkPerf(t, "c2", by[w.c2].Performance, Performance{Posted: 1, Measured: 1, Views: 3, Reach: 0, Engagements: 1,
		Cost: 11_111, CPM: bp(3_703_667)})
	checkPerf(t, "c9", by[c9].Performance, Performance{Posted: 1, Measured: 1, Views: 10_000, Reach: 8000, Engagements: 600,
		Cost: 20_000, EngagementRateBP: bp(750), CPM: bp(2000)})
	checkPerf(t, "c3 (no posts)", by[w.c3].Performance, Performance{})
	checkPerf(t, "totals", r.Totals.Performance, Performance{Posted: 5, Measured: 4, Views: 17_003, Reach: 13_500,
		Engagements: 1101, Cost: 131_111, EngagementRateBP: bp(816), CPM: bp(7711)})

	b, err := json.Marshal(r.Totals)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"performance":{"posted":5,"measured":4,"views":17003,"reach":13500,"engagements":1101,"cost":131111,"engagement_rate_bp":816,"cpm":7711,"clicks":0,"cost_per_click":null}`)) {
		t.Errorf("totals JSON: %s", b)
	}

	h, err := r.HTML()
	if err != nil {
		t.Fatal(err)
	}
	text := htmlText(t, h)
	for _, want := range []string{"Post performance",
		nameC1 + " 3 (2 measured) 7,000 5,500 500 9.09% $142.86",
		nameC2 + " 1 3 0 1 — $37,036.67",
		"Late Posts 1 10,000 8,000 600 7.5% $20",
		"All campaigns 5 (4 measured) 17,003 13,500 1,101 8.16% $77.11",
		"5 deliverables posted in October 2026, 4 with metrics reported"} {
		if !strings.Contains(text, want) {
			t.Errorf("HTML text lacks %q", want)
		}
	}
	if strings.Contains(text, nameC3+" 0") {
		t.Error("a campaign without posts has a performance row")
	}
	writeArtifact(t, "report-performance.html", h)
	pdf, err := r.PDF()
	if err != nil {
		t.Fatal(err)
	}
	writeArtifact(t, "report-performance.pdf", pdf)
	raw, ok := pdfText(t, pdf, "report-performance")
	if !ok {
		t.Skip("pdftotext is not installed (poppler-utils)")
	}
	ptext := strings.Join(strings.Fields(raw), " ")
	for _, want := range []string{"Post performance", "3 (2 measured) 7,000 5,500 500 9.09% $142.86", "$37,036.67",
		"All campaigns 5 (4 measured) 17,003 13,500 1,101 8.16% $77.11"} {
		if !strings.Contains(ptext, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

// A month without posts says so in both renderings.
func TestPerformance_NoPosts(t *testing.T) {
	r := gather(t, build(t), "2026-10")
	checkPerf(t, "totals", r.Totals.Performance, Performance{})
	h, err := r.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if text := htmlText(t, h); !strings.Contains(text, "No deliverable was posted this month.") {
		t.Error("HTML does not say no deliverable was posted")
	}
}

func TestRoundHalfUpAndFormats(t *testing.T) {
	for _, c := range []struct{ num, den, want int64 }{{5, 2, 3}, {3, 2, 2}, {1, 2, 1}, {7, 3, 2}, {8, 3, 3}, {0, 5, 0}, {10, 5, 2}} {
		if got := roundHalfUp(big.NewRat(c.num, c.den)); got != c.want {
			t.Errorf("roundHalfUp(%d/%d) = %d; want %d", c.num, c.den, got, c.want)
		}
	}
	for _, c := range []struct {
		bp   *int64
		want string
	}{{bp(453), "4.53%"}, {bp(450), "4.5%"}, {bp(400), "4%"}, {bp(5), "0.05%"}, {bp(0), "0%"}, {bp(123_456), "1,234.56%"}, {nil, Dash}} {
		if got := FormatBP(c.bp); got != c.want {
			t.Errorf("FormatBP = %q; want %q", got, c.want)
		}
	}
	if got := FormatCount(1_234_567); got != "1,234,567" {
		t.Errorf("FormatCount = %q", got)
	}
	if got := FormatCPM(bp(14_286)); got != "$142.86" {
		t.Errorf("FormatCPM = %q", got)
	}
	// A request's amount shared by quantity is exact however it divides.
	p := performance([]queries.ReportPost{
		{Checkpoint: "24h", RequestAmount: 100, Quantity: 1, RequestQuantity: 3, Views: 1},
		{Checkpoint: "24h", RequestAmount: 100, Quantity: 1, RequestQuantity: 3, Views: 1},
		{Checkpoint: "24h", RequestAmount: 100, Quantity: 1, RequestQuantity: 3, Views: 1},
	})
	if p.Cost != 100 || *p.CPM != 33_333 {
		t.Errorf("three thirds of $1: cost %d, CPM %d; want 100 and 33,333", p.Cost, *p.CPM)
	}
}
