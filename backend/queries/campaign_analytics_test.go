package queries

import (
	"testing"
	"time"

	"iescp/backend/domain"
)

// campaignWorld adds to the world: Ivan's request on Phone launch accepted with
// 3,000.00 escrowed, two deliverables (one measured twice, one not) and 120 clicks;
// Zoe accepted at 999.99 with nothing escrowed and one deliverable measured once;
// Rex rejected with a measured deliverable (which must not count).
func campaignWorld(t *testing.T) (*world, Viewer) {
	w := newWorld(t)
	zoe := Viewer{AccountID: domain.NewID(), Role: domain.RoleInfluencer}
	rex := domain.NewID()
	for _, a := range []struct{ id, name string }{{zoe.AccountID, "Zoe"}, {rex, "Rex"}} {
		w.exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, 'influencer', ?, ?, ?)`,
			a.id, a.name+"@example.com", a.name, worldTime, worldTime)
	}
	w.exec(`UPDATE ad_requests SET status = 'accepted', escrow_state = 'funded', escrow_cents = 300000 WHERE id = ?`, w.onPhone)
	onZoe, onRex := domain.NewID(), domain.NewID()
	w.exec(`INSERT INTO ad_requests (id, campaign_id, influencer_id, initiated_by, payment_amount, status, created_at, updated_at)
		VALUES (?, ?, ?, 'sponsor', 99999, 'completed', ?, ?)`, onZoe, w.phone, zoe.AccountID, worldTime, worldTime)
	w.exec(`INSERT INTO ad_requests (id, campaign_id, influencer_id, initiated_by, payment_amount, status, created_at, updated_at)
		VALUES (?, ?, ?, 'sponsor', 50000, 'rejected', ?, ?)`, onRex, w.phone, rex, worldTime, worldTime)
	deliv := func(req string, seq int) string {
		id := domain.NewID()
		w.exec(`INSERT INTO deliverables (id, ad_request_id, seq, platform, content_type, quantity, due_date, created_at, updated_at)
			VALUES (?, ?, ?, 'instagram', 'reel', 1, '2026-11-20', ?, ?)`, id, req, seq, worldTime, worldTime)
		return id
	}
	metric := func(d, cp, at string, views, reach, likes, comments, shares, saves int64) {
		w.exec(`INSERT INTO deliverable_metrics (id, deliverable_id, checkpoint, views, reach, likes, comments, shares, saves, reported_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, domain.NewID(), d, cp, views, reach, likes, comments, shares, saves,
			mustTime(at), worldTime, worldTime)
	}
	d1 := deliv(w.onPhone, 1)
	deliv(w.onPhone, 2)
	metric(d1, "24h", "2026-11-02T10:00:00Z", 1000, 800, 50, 10, 0, 0)
	metric(d1, "7d", "2026-11-10T10:00:00Z", 4000, 3000, 200, 40, 10, 50)
	d3 := deliv(onZoe, 1)
	metric(d3, "30d", "2026-11-12T10:00:00Z", 2000, 1500, 100, 0, 0, 0)
	d4 := deliv(onRex, 1)
	metric(d4, "24h", "2026-11-12T10:00:00Z", 99999, 99999, 999, 0, 0, 0)
	w.exec(`INSERT INTO tracking_links (id, ad_request_id, code, promo_code, hashtag, slug, clicks, created_at, updated_at)
		VALUES (?, ?, 'abcdefgh', 'IVAN10', '#phone', 'phone', 120, ?, ?)`, domain.NewID(), w.onPhone, worldTime, mustTime("2026-11-11T08:00:00Z"))
	return w, zoe
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func cents(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestCampaignAnalyticsHandComputed(t *testing.T) {
	w, zoe := campaignWorld(t)
	a, err := CampaignAnalytics(bg, w.st.R, w.sponsor, w.phone)
	if err != nil {
		t.Fatal(err)
	}
	tot := a.Totals
	// Spend 300000 (escrow) + 99999 (payment, nothing escrowed) = 399999; views
	// 4000 (d1's latest) + 2000 = 6000; engagements 300 + 100; clicks 120.
	if tot.SpendCents != 399999 || tot.Deliverables != 3 || tot.Views != 6000 || tot.Reach != 4500 ||
		tot.Engagements != 400 || tot.Clicks != 120 || tot.Deals != 2 || tot.MeasuredDeliverableCount != 2 {
		t.Fatalf("totals %+v", tot)
	}
	// CPM 399999×1000/6000 = 66666.5 → 66667; CPE 999.9975 → 1000; CPC 3333.325 → 3333; per deliverable 133333.
	if cents(tot.CPMCents) != int64(66667) || cents(tot.CPECents) != int64(1000) || cents(tot.CPCCents) != int64(3333) ||
		cents(tot.CostPerDeliverableCents) != int64(133333) {
		t.Fatalf("totals' costs %v %v %v %v", cents(tot.CPMCents), cents(tot.CPECents), cents(tot.CPCCents), cents(tot.CostPerDeliverableCents))
	}
	if a.BudgetUsedBps != 8000 || !a.HasMetrics {
		t.Fatalf("budget used %d bps, has metrics %v", a.BudgetUsedBps, a.HasMetrics)
	}
	if len(a.Influencers) != 2 {
		t.Fatalf("lines %+v", a.Influencers)
	}
	iv, zo := a.Influencers[0], a.Influencers[1]
	if iv.InfluencerID != w.infl.AccountID || iv.InfluencerName != "Ivan" || iv.SpendCents != 300000 || iv.Views != 4000 ||
		cents(iv.CPMCents) != int64(75000) || cents(iv.CPCCents) != int64(2500) || cents(iv.CostPerDeliverableCents) != int64(150000) {
		t.Fatalf("Ivan %+v", iv)
	}
	// Zoe: CPM 49999.5 → 50000, no clicks → CPC n/a.
	if zo.InfluencerID != zoe.AccountID || zo.SpendCents != 99999 || cents(zo.CPMCents) != int64(50000) || zo.CPCCents != nil {
		t.Fatalf("Zoe %+v", zo)
	}
	want := []TrendWeek{{Week: "2026-11-02", Views: 1000, Engagements: 60}, {Week: "2026-11-09", Views: 5000, Engagements: 340, Clicks: 120}}
	if len(a.Trend) != len(want) {
		t.Fatalf("trend %+v", a.Trend)
	}
	for i := range want {
		if a.Trend[i] != want[i] {
			t.Fatalf("trend[%d] = %+v, want %+v", i, a.Trend[i], want[i])
		}
	}
}

func TestCampaignAnalyticsVisibility(t *testing.T) {
	w, _ := campaignWorld(t)
	if _, err := CampaignAnalytics(bg, w.st.R, w.adm, w.phone); err != nil {
		t.Fatalf("admin: %v", err)
	}
	other := Viewer{AccountID: domain.NewID(), Role: domain.RoleSponsor}
	for _, v := range []Viewer{w.infl, other} {
		if _, err := CampaignAnalytics(bg, w.st.R, v, w.phone); code(err) != domain.CodeNotFound {
			t.Fatalf("%s sees another's campaign: %v", v.Role, err)
		}
	}
	if _, err := CampaignAnalytics(bg, w.st.R, w.sponsor, domain.NewID()); code(err) != domain.CodeNotFound {
		t.Fatalf("missing campaign: %v", err)
	}
}

func TestCampaignAnalyticsEmpty(t *testing.T) {
	w := newWorld(t)
	a, err := CampaignAnalytics(bg, w.st.R, w.sponsor, w.zebra)
	if err != nil {
		t.Fatal(err)
	}
	if a.HasMetrics || len(a.Influencers) != 0 || len(a.Trend) != 0 || a.Totals.CPMCents != nil || a.BudgetUsedBps != 0 {
		t.Fatalf("empty campaign %+v", a)
	}
}
