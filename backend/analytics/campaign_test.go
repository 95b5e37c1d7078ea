package analytics

import (
	"testing"

	"iescp/backend/domain"
)

func cents(v int64) *int64 { return &v }

func eqCents(a, b *int64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func TestCostCents_RoundsHalfUp(t *testing.T) {
	cases := []struct {
		spend, per, units int64
		want              *int64
	}{
		{1, 1, 2, cents(1)},              // 0.5 → 1
		{3, 1, 2, cents(2)},              // 1.5 → 2
		{1, 1, 3, cents(0)},              // 0.333 → 0
		{2, 1, 3, cents(1)},              // 0.667 → 1
		{999, 1000, 1_000_000, cents(1)}, // 0.999 → 1
		{5, 1, 0, nil},                   // no denominator: not available, not 0
		{MaxSpendCents, 1000, 1, cents(MaxSpendCents * 1000)},    // no overflow
		{1 << 62, 1 << 62, 1, nil},                               // beyond 64 bits: nil, no panic
		{1 << 62, 2, 1, nil},                                     // beyond int64: nil
		{MaxSpendCents, 1000, 3, cents(333_333_333_333_333_333)}, // 1e18/3 = 3.33…e17
	}
	for _, c := range cases {
		if got := CostCents(c.spend, c.per, c.units); !eqCents(got, c.want) {
			t.Errorf("CostCents(%d, %d, %d) = %v, want %v", c.spend, c.per, c.units, deref(got), deref(c.want))
		}
	}
}

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// Deals: A twice, B with nothing measured, C.
//
//	A: 10000+5001 = 15001 spend, 2+1 = 3 deliverables, 3000 views, 2500 reach, 150 eng, 7 clicks
//	   CPM 15001·1000/3000 = 5000.33 → 5000; CPE 15001/150 = 100.007 → 100;
//	   CPC 15001/7 = 2143 exactly; per deliverable 15001/3 = 5000.33 → 5000;
//	   ER 150/3000 = 0.05, by reach 150/2500 = 0.06
//	B: 2500 spend, nothing else: every cost nil
//	C: 999 spend, 3 deliverables, 1e6 views, 8e5 reach, 40000 eng, 2 clicks
//	   CPM 999000/1e6 = 0.999 → 1; CPE 999/40000 = 0.025 → 0; CPC 499.5 → 500; 333
//	Totals: 18500 spend, 6 deliverables, 1003000 views, 802500 reach, 40150 eng, 9 clicks
//	   CPM 18500000/1003000 = 18.44 → 18; CPE 18500/40150 = 0.46 → 0;
//	   CPC 18500/9 = 2055.56 → 2056; per deliverable 18500/6 = 3083.33 → 3083
func TestCampaign(t *testing.T) {
	m, err := Campaign([]DealResult{
		{"A", 10000, 2, 3000, 2500, 150, 7},
		{"B", 2500, 0, 0, 0, 0, 0},
		{"C", 999, 3, 1_000_000, 800_000, 40_000, 2},
		{"A", 5001, 1, 0, 0, 0, 0},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []CampaignLine{
		{"", 4, 18500, 6, 1003000, 802500, 40150, 9, cents(18), cents(0), cents(2056), cents(3083), 40150.0 / 1003000, 40150.0 / 802500},
		{"C", 1, 999, 3, 1_000_000, 800_000, 40_000, 2, cents(1), cents(0), cents(500), cents(333), 0.04, 0.05},
		{"A", 2, 15001, 3, 3000, 2500, 150, 7, cents(5000), cents(100), cents(2143), cents(5000), 0.05, 0.06},
		{"B", 1, 2500, 0, 0, 0, 0, 0, nil, nil, nil, nil, 0, 0},
	}
	got := append([]CampaignLine{m.Totals}, m.Influencers...)
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.InfluencerID != w.InfluencerID || g.Deals != w.Deals || g.SpendCents != w.SpendCents ||
			g.Deliverables != w.Deliverables || g.Views != w.Views || g.Reach != w.Reach ||
			g.Engagements != w.Engagements || g.Clicks != w.Clicks || !eqCents(g.CPMCents, w.CPMCents) ||
			!eqCents(g.CPECents, w.CPECents) || !eqCents(g.CPCCents, w.CPCCents) ||
			!eqCents(g.CostPerDeliverableCents, w.CostPerDeliverableCents) || !near(g.ERViews, w.ERViews) || !near(g.ERReach, w.ERReach) {
			t.Errorf("line %d (%q): got CPM %v CPE %v CPC %v CPD %v %+v", i, w.InfluencerID,
				deref(g.CPMCents), deref(g.CPECents), deref(g.CPCCents), deref(g.CostPerDeliverableCents), g)
		}
	}
	top := TopInfluencers(m.Influencers, 2)
	if len(top) != 2 || top[0].InfluencerID != "C" || top[1].InfluencerID != "A" {
		t.Errorf("top 2 influencers: %+v", top)
	}
}

func TestCampaign_RefusesBadInput(t *testing.T) {
	cases := map[string]DealResult{
		"no influencer":  {SpendCents: 1},
		"negative spend": {InfluencerID: "A", SpendCents: -1},
		"negative views": {InfluencerID: "A", Views: -1},
		"huge spend":     {InfluencerID: "A", SpendCents: MaxSpendCents + 1},
	}
	for name, d := range cases {
		if _, err := Campaign([]DealResult{d}); domain.ErrorCode(err) != domain.CodeInvalidArgument {
			t.Errorf("%s: got %v, want invalid_argument", name, err)
		}
	}
	m, err := Campaign(nil)
	if err != nil || m.Totals.CPMCents != nil || len(m.Influencers) != 0 {
		t.Errorf("empty campaign: %+v, %v", m, err)
	}
}

func TestTopN(t *testing.T) {
	cs := []CampaignSummary{
		{"c3", CampaignLine{ERViews: 0.02}}, {"c1", CampaignLine{ERViews: 0.05}},
		{"c2", CampaignLine{ERViews: 0.02}}, {"c4", CampaignLine{ERViews: 0.01}},
	}
	cases := []struct {
		n    int
		want []string
	}{
		{2, []string{"c1", "c2"}}, // c2 and c3 tie at 0.02: id ascending
		{9, []string{"c1", "c2", "c3", "c4"}},
		{0, nil},
		{-1, nil},
	}
	for _, c := range cases {
		got := TopCampaigns(cs, c.n)
		var ids []string
		for _, g := range got {
			ids = append(ids, g.CampaignID)
		}
		if len(ids) != len(c.want) {
			t.Errorf("n=%d: got %v, want %v", c.n, ids, c.want)
			continue
		}
		for i := range ids {
			if ids[i] != c.want[i] {
				t.Errorf("n=%d: got %v, want %v", c.n, ids, c.want)
			}
		}
	}
	if cs[0].CampaignID != "c3" {
		t.Error("TopN modified its input")
	}
}
