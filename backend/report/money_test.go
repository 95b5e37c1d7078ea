package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// escrow sets a request's escrow columns as the ledger's mutators leave them.
func (f *fixture) escrow(tb testing.TB, req, state string, escrowCents, released int64, bps int) {
	tb.Helper()
	f.exec(tb, `UPDATE ad_requests SET escrow_state = ?, escrow_cents = ?, released_cents = ?, commission_bps = ? WHERE id = ?`,
		state, escrowCents, released, bps, req)
}

// link gives a request its tracking link with a click count.
func (f *fixture) link(tb testing.TB, req string, clicks int64) {
	tb.Helper()
	id := f.id("link")
	f.exec(tb, `INSERT INTO tracking_links (id, ad_request_id, code, promo_code, hashtag, slug, clicks, created_at, updated_at)
		VALUES (?, ?, ?, ?, '#tag', 'slug', ?, ?, ?)`, id, req, "code"+id, "PROMO"+id, clicks, ts, ts)
}

// October's money, computed by hand:
//
// c1 — A accepted Oct 2, funded $1,000 (in escrow); B accepted in September, completed
// Oct 10, released $100.04 at 12.5%: commission (10,004 × 1,250 + 5,000) ÷ 10,000 =
// 1,251 (1,250.5 rounds up); C accepted Oct 3 for $300, split Oct 20: $200.01 released
// at 10% (commission 2,000.1 → 2,000) and $99.99 refunded; D (accepted in September)
// withdrawn Oct 25: $400 refunded; E refunded in September and G released Nov 1 do not
// count; F, disputed since August, holds $70. Funded 130,000; released 30,005;
// commission 3,251; refunded 49,999; in escrow 107,000. Clicks: A 7 + B 4 = 11, to
// date; cost per click 30,005 ÷ 11 = 2,727.7 → 2,728 ($27.28).
//
// c9 — a campaign that ended in August, in the report only because its disputed
// request holds $250 in escrow.
//
// A deleted request's escrow and clicks and the other sponsor's funded request count
// nowhere. Totals: funded 130,000, released
// 30,005, commission 3,251, refunded 49,999, in escrow 132,000; 11 clicks, $27.28.
func TestGather_Money(t *testing.T) {
	w := build(t)
	f := w.fixture
	d := func(day string) string { return "2026-" + day + " 12:00:00+00:00" }
	a := f.request(t, req{campaign: w.c1, influencer: w.i1, status: "accepted", amount: 100_000, created: d("10-01"), responded: d("10-02")})
	f.escrow(t, a, "funded", 100_000, 0, 1000)
	f.link(t, a, 7)
	b := f.request(t, req{campaign: w.c1, influencer: w.i2, status: "completed", amount: 10_004, created: d("09-01"),
		updated: d("10-10"), responded: d("09-02"), completed: d("10-10")})
	f.escrow(t, b, "released", 10_004, 10_004, 1250)
	f.link(t, b, 4)
	c := f.request(t, req{campaign: w.c1, influencer: w.i3, status: "completed", amount: 30_000, created: d("10-01"),
		updated: d("10-20"), responded: d("10-03"), completed: d("10-20")})
	f.escrow(t, c, "split", 30_000, 20_001, 1000)
	dd := f.request(t, req{campaign: w.c1, influencer: w.i4, status: "withdrawn", amount: 40_000, created: d("09-01"),
		updated: d("10-25"), responded: d("09-02")})
	f.escrow(t, dd, "refunded", 40_000, 0, 1000)
	e := f.request(t, req{campaign: w.c1, influencer: w.i5, status: "withdrawn", amount: 55_555, created: d("09-01"),
		updated: d("09-25"), responded: d("09-02")})
	f.escrow(t, e, "refunded", 55_555, 0, 1000)
	fr := f.request(t, req{campaign: w.c1, influencer: w.i1, status: "accepted", amount: 7_000, created: d("08-01"),
		updated: d("08-20"), responded: d("08-02")})
	f.escrow(t, fr, "disputed", 7_000, 0, 1000)
	g := f.request(t, req{campaign: w.c1, influencer: w.i2, status: "completed", amount: 66_666, created: d("09-01"),
		updated: "2026-11-01 01:00:00+00:00", responded: d("09-02"), completed: "2026-11-01 01:00:00+00:00"})
	f.escrow(t, g, "released", 66_666, 66_666, 1000)
	del := f.request(t, req{campaign: w.c1, influencer: w.i3, status: "accepted", amount: 11_111, created: d("10-01"),
		responded: d("10-02"), deleted: true})
	f.escrow(t, del, "funded", 11_111, 0, 1000)
	f.link(t, del, 500)
	c9 := f.campaign(t, camp{sponsor: w.sponsor, name: "Held Over", status: "active", start: "2026-08-01", end: "2026-08-31", budget: 25_000})
	h := f.request(t, req{campaign: c9, influencer: w.i3, status: "accepted", amount: 25_000, created: d("08-01"),
		updated: d("08-02"), responded: d("08-02")})
	f.escrow(t, h, "disputed", 25_000, 0, 1000)
	c7 := f.campaign(t, camp{sponsor: w.other, name: "Theirs", status: "active", start: "2026-10-01", end: "2026-10-31", budget: 1})
	o := f.request(t, req{campaign: c7, influencer: w.i1, status: "accepted", amount: 99_999, created: d("10-01"), responded: d("10-01")})
	f.escrow(t, o, "funded", 99_999, 0, 1000)
	f.link(t, o, 1000)

	r := gather(t, w, "2026-10")
	by := map[string]Campaign{}
	for _, c := range r.Campaigns {
		by[c.ID] = c
	}
	if _, ok := by[c9]; !ok {
		t.Fatal("the campaign holding escrow is missing from the report")
	}
	for _, c := range []struct {
		what string
		got  Money
		want Money
	}{
		{"c1", by[w.c1].Money, Money{Funded: 130_000, Released: 30_005, Commission: 3251, Refunded: 49_999, InEscrow: 107_000}},
		{"c9", by[c9].Money, Money{InEscrow: 25_000}},
		{"c2", by[w.c2].Money, Money{}},
		{"totals", r.Totals.Money, Money{Funded: 130_000, Released: 30_005, Commission: 3251, Refunded: 49_999, InEscrow: 132_000}},
	} {
		if c.got != c.want {
			t.Errorf("%s money = %+v; want %+v", c.what, c.got, c.want)
		}
	}
	for what, p := range map[string]Performance{"c1": by[w.c1].Performance, "totals": r.Totals.Performance} {
		if p.Clicks != 11 || p.CostPerClick == nil || *p.CostPerClick != 2728 {
			t.Errorf("%s clicks = %d, cost per click %s; want 11 and $27.28", what, p.Clicks, FormatCPM(p.CostPerClick))
		}
	}
	if p := by[c9].Performance; p.Clicks != 0 || p.CostPerClick != nil {
		t.Errorf("c9 clicks = %d, cost per click %s; want 0 and —", p.Clicks, FormatCPM(p.CostPerClick))
	}

	j, err := json.Marshal(r.Totals)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"money":{"funded":130000,"released":30005,"commission":3251,"refunded":49999,"in_escrow":132000}`,
		`"clicks":11,"cost_per_click":2728}`} {
		if !bytes.Contains(j, []byte(want)) {
			t.Errorf("totals JSON lacks %s: %s", want, j)
		}
	}

	html, err := r.HTML()
	if err != nil {
		t.Fatal(err)
	}
	text := htmlText(t, html)
	for _, want := range []string{"Money Campaign Funded Released Commission Refunded In escrow",
		nameC1 + " $1,300 $300.05 $32.51 $499.99 $1,070",
		"Held Over $0 $0 $0 $0 $250",
		"All campaigns $1,300 $300.05 $32.51 $499.99 $1,320",
		"In escrow: held by your deals (funded or disputed) when this report was made",
		nameC1 + " 0 0 0 0 — — 11 $27.28",
		"All campaigns 0 0 0 0 — — 11 $27.28",
		"Clicks: the tracking links' clicks to date"} {
		if !strings.Contains(text, want) {
			t.Errorf("HTML text lacks %q", want)
		}
	}
	if strings.Contains(text, nameC2+" $0") {
		t.Error("a campaign without money has a money row")
	}
	writeArtifact(t, "report-money.html", html)
	pdf, err := r.PDF()
	if err != nil {
		t.Fatal(err)
	}
	writeArtifact(t, "report-money.pdf", pdf)
	raw, ok := pdfText(t, pdf, "report-money")
	if !ok {
		t.Skip("pdftotext is not installed (poppler-utils)")
	}
	ptext := strings.Join(strings.Fields(raw), " ")
	for _, want := range []string{"Money", "Funded Released Commission Refunded In escrow",
		"$1,300 $300.05 $32.51 $499.99 $1,070", "Held Over $0 $0 $0 $0 $250",
		"All campaigns $1,300 $300.05 $32.51 $499.99 $1,320", "11 $27.28"} {
		if !strings.Contains(ptext, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

// A month without money says so; cost per click rounds halves up.
func TestMoney_NoneAndCostPerClick(t *testing.T) {
	r := gather(t, build(t), "2026-10")
	if r.Totals.Money != (Money{}) {
		t.Errorf("money without escrow = %+v", r.Totals.Money)
	}
	h, err := r.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(htmlText(t, h), "No money was funded, released or refunded this month, and none is in escrow.") {
		t.Error("HTML does not say no money moved")
	}
	for _, c := range []struct{ released, clicks, want int64 }{{5, 2, 3}, {3, 2, 2}, {1, 3, 0}, {2, 3, 1}, {0, 4, 0}, {30_005, 11, 2728}} {
		if got := costPerClick(c.released, c.clicks); got == nil || *got != c.want {
			t.Errorf("costPerClick(%d, %d) = %v; want %d", c.released, c.clicks, got, c.want)
		}
	}
	if costPerClick(100, 0) != nil {
		t.Error("cost per click without clicks is not —")
	}
}
