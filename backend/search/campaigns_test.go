package search

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"iescp/backend/domain"
)

type campaignWorld struct {
	*fx
	ids     map[string]string // short name → campaign id
	names   map[string]string // campaign id → short name
	sponsor string            // the approved, active sponsor
}

func newCampaignWorld(t *testing.T) *campaignWorld {
	f := newFixture(t)
	w := &campaignWorld{fx: f, ids: map[string]string{}, names: map[string]string{}}
	acme := f.sponsor("Acme Foods", domain.ApprovalApproved, true, false)
	w.sponsor = acme
	pending := f.sponsor("Pending Co", domain.ApprovalPending, true, false)
	shady := f.sponsor("Shady Inc", domain.ApprovalApproved, true, true)
	idle := f.sponsor("Idle Ltd", domain.ApprovalApproved, false, false)
	rejected := f.sponsor("Nope LLC", domain.ApprovalRejected, true, false)
	add := func(short string, c camp) {
		if c.sponsor == "" {
			c.sponsor = acme
		}
		id := f.campaign(c)
		w.ids[short], w.names[id] = id, short
	}
	add("summer", camp{name: "Vegan Summer Launch", description: "Plant-based burgers for the grill",
		category: "Food", niche: "Vegan", goals: "Brand awareness in Lisbon", start: "2026-06-01", end: "2026-08-31",
		budget: 1_000_000, committed: 250_000})
	add("holiday", camp{name: "Holiday Baking Challenge", description: "Show us your best crème brûlée",
		category: "Food", niche: "Baking", goals: "User-generated recipes", start: "2026-11-20", end: "2026-12-31",
		budget: 5_000_000})
	add("phone", camp{name: "Smartphone Spotlight", description: "Café tour with our new phone",
		category: "Tech", niche: "Smartphones", goals: "Drive pre-orders", start: "2027-01-10", end: "2027-02-10",
		budget: 500_000, committed: 500_000})
	add("marathon", camp{name: "Marathon Month", description: "Run with our shoes", category: "Fitness",
		niche: "Running", goals: "Sign-ups for the city marathon", start: "2026-10-01", end: "2026-11-30",
		budget: 2_000_000, committed: 10_000})
	// Never returned.
	hidden := []struct {
		short string
		c     camp
	}{
		{"private", camp{name: "Vegan Secret Plan", visibility: domain.VisibilityPrivate}},
		{"draft", camp{name: "Vegan Draft", status: domain.CampaignDraft}},
		{"completed", camp{name: "Vegan Old Times", status: domain.CampaignCompleted}},
		{"cancelled", camp{name: "Vegan Cancelled", status: domain.CampaignCancelled}},
		{"flagged", camp{name: "Vegan Flagged", flagged: true}},
		{"deleted", camp{name: "Vegan Deleted", deleted: true}},
		{"pending sponsor", camp{name: "Vegan Pending", sponsor: pending}},
		{"flagged sponsor", camp{name: "Vegan Shady", sponsor: shady}},
		{"deactivated sponsor", camp{name: "Vegan Idle", sponsor: idle}},
		{"rejected sponsor", camp{name: "Vegan Rejected", sponsor: rejected}},
	}
	for _, h := range hidden {
		h.c.category, h.c.niche, h.c.description = "Food", "Vegan", "vegan lisbon burgers"
		add(h.short, h.c)
	}
	return w
}

func (w *campaignWorld) short(p Page[CampaignHit]) []string {
	out := []string{}
	for _, h := range p.Items {
		out = append(out, w.names[h.ID])
	}
	return out
}

func TestCampaigns_Filters(t *testing.T) {
	w := newCampaignWorld(t)
	cases := []struct {
		name    string
		q       CampaignQuery
		want    []string
		ordered bool
	}{
		{"all public, newest start first", CampaignQuery{}, []string{"phone", "holiday", "marathon", "summer"}, true},
		{"word in name", CampaignQuery{Text: "spotlight"}, []string{"phone"}, false},
		{"word in description", CampaignQuery{Text: "burgers"}, []string{"summer"}, false},
		{"word in goals", CampaignQuery{Text: "pre-orders"}, []string{"phone"}, false},
		{"word in niche", CampaignQuery{Text: "running"}, []string{"marathon"}, false},
		{"word in category", CampaignQuery{Text: "fitness"}, []string{"marathon"}, false},
		{"prefix", CampaignQuery{Text: "smart"}, []string{"phone"}, false},
		{"diacritics", CampaignQuery{Text: "creme brulee"}, []string{"holiday"}, false},
		{"diacritics in the query", CampaignQuery{Text: "café"}, []string{"phone"}, false},
		{"hidden campaigns never match", CampaignQuery{Text: "vegan"}, []string{"summer"}, false},
		{"hidden campaigns never match, no text", CampaignQuery{Category: "Food"}, []string{"summer", "holiday"}, false},
		{"category, any case", CampaignQuery{Category: "tech"}, []string{"phone"}, false},
		{"niche", CampaignQuery{Niche: "baking"}, []string{"holiday"}, false},
		{"min budget", CampaignQuery{MinBudget: 1_000_000}, []string{"holiday", "marathon", "summer"}, false},
		{"max budget", CampaignQuery{MaxBudget: 1_000_000}, []string{"summer", "phone"}, false},
		{"budget range", CampaignQuery{MinBudget: 600_000, MaxBudget: 2_000_000}, []string{"summer", "marathon"}, false},
		{"window overlapping", CampaignQuery{From: "2026-11-25", To: "2026-12-05"}, []string{"holiday", "marathon"}, false},
		{"window edges inclusive", CampaignQuery{From: "2026-08-31", To: "2026-10-01"}, []string{"summer", "marathon"}, false},
		{"one-day window", CampaignQuery{From: "2027-01-10", To: "2027-01-10"}, []string{"phone"}, false},
		{"from only", CampaignQuery{From: "2026-12-01"}, []string{"holiday", "phone"}, false},
		{"to only", CampaignQuery{To: "2026-10-31"}, []string{"summer", "marathon"}, false},
		{"window with nothing", CampaignQuery{From: "2025-01-01", To: "2025-12-31"}, nil, false},
		{"text and window", CampaignQuery{Text: "food", From: "2026-11-01"}, []string{"holiday"}, false},
		{"sort by budget", CampaignQuery{Sort: SortBudget}, []string{"holiday", "marathon", "summer", "phone"}, true},
		{"sort by budget ascending", CampaignQuery{Sort: SortBudget, Order: OrderAsc}, []string{"phone", "summer", "marathon", "holiday"}, true},
		{"sort by start date", CampaignQuery{Sort: SortStartDate}, []string{"summer", "marathon", "holiday", "phone"}, true},
		{"sort by end date", CampaignQuery{Sort: SortEndDate}, []string{"summer", "marathon", "holiday", "phone"}, true},
		{"sort by end date, descending", CampaignQuery{Sort: SortEndDate, Order: OrderDesc}, []string{"phone", "holiday", "marathon", "summer"}, true},
		{"relevance: the name outweighs the goals", CampaignQuery{Text: "marathon"}, []string{"marathon"}, true},
		{"text sorted by budget", CampaignQuery{Text: "food", Sort: SortBudget}, []string{"holiday", "summer"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := w.campaigns(c.q)
			if err != nil {
				t.Fatal(err)
			}
			got := w.short(p)
			if c.want == nil {
				c.want = []string{}
			}
			if (c.ordered && !slices.Equal(got, c.want)) || (!c.ordered && !sameSet(got, c.want)) {
				t.Errorf("got %v, want %v", got, c.want)
			}
			if p.Total != len(c.want) {
				t.Errorf("total: got %d, want %d", p.Total, len(c.want))
			}
		})
	}
}

func TestCampaigns_Relevance(t *testing.T) {
	w := newCampaignWorld(t)
	// "launch" in one name, in another's goals only.
	w.exec(`UPDATE campaigns SET goals = 'Launch week coverage' WHERE id = ?`, w.ids["marathon"])
	p, err := w.campaigns(CampaignQuery{Text: "launch"})
	if err != nil {
		t.Fatal(err)
	}
	if got := w.short(p); !slices.Equal(got, []string{"summer", "marathon"}) {
		t.Errorf("got %v, want the name match before the goals match", got)
	}
}

func TestCampaigns_Hit(t *testing.T) {
	w := newCampaignWorld(t)
	p, err := w.campaigns(CampaignQuery{Text: "burgers"})
	if err != nil {
		t.Fatal(err)
	}
	want := CampaignHit{ID: w.ids["summer"], SponsorID: w.sponsor, CompanyName: "Acme Foods", Name: "Vegan Summer Launch",
		Description: "Plant-based burgers for the grill", Category: "Food", Niche: "Vegan",
		Goals: "Brand awareness in Lisbon", StartDate: "2026-06-01", EndDate: "2026-08-31",
		Budget: 1_000_000}
	if len(p.Items) != 1 || p.Items[0] != want {
		t.Errorf("got %+v, want %+v", p.Items, want)
	}
	// A hit carries no committed or remaining money (the sponsor's, masked for
	// everyone else): the JSON has no such keys.
	b, err := json.Marshal(p.Items[0])
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), `"committed"`) || strings.Contains(string(b), `"remaining"`) {
		t.Errorf("hit carries the sponsor's money: %s", b)
	}
}

func TestCampaigns_Paging(t *testing.T) {
	w := newCampaignWorld(t)
	var got []string
	for page := 1; page <= 3; page++ {
		p, err := w.campaigns(CampaignQuery{Sort: SortBudget, Page: page, PageSize: 3})
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != 4 || p.Pages() != 2 {
			t.Errorf("page %d: got total %d, pages %d; want 4, 2", page, p.Total, p.Pages())
		}
		got = append(got, w.short(p)...)
	}
	if want := []string{"holiday", "marathon", "summer", "phone"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestCampaigns_Invalid(t *testing.T) {
	w := newCampaignWorld(t)
	cases := []struct {
		name string
		q    CampaignQuery
		msg  string
	}{
		{"page 0", CampaignQuery{PageSize: 10}, "page"},
		{"page size 0", CampaignQuery{Page: 1}, "page_size"},
		{"page size 101", CampaignQuery{Page: 1, PageSize: 101}, "page_size"},
		{"negative budget", CampaignQuery{Page: 1, PageSize: 10, MaxBudget: -1}, "budget"},
		{"min budget above max", CampaignQuery{Page: 1, PageSize: 10, MinBudget: 2, MaxBudget: 1}, "budget"},
		{"bad from", CampaignQuery{Page: 1, PageSize: 10, From: "2026-13-01"}, "from"},
		{"bad to", CampaignQuery{Page: 1, PageSize: 10, To: "tomorrow"}, "to"},
		{"unpadded date", CampaignQuery{Page: 1, PageSize: 10, From: "2026-1-5"}, "from"},
		{"date with time", CampaignQuery{Page: 1, PageSize: 10, To: "2026-11-05T10:00:00Z"}, "to"},
		{"date injection", CampaignQuery{Page: 1, PageSize: 10, From: "2026-01-01' OR 1=1 --"}, "from"},
		{"from after to", CampaignQuery{Page: 1, PageSize: 10, From: "2026-12-01", To: "2026-11-01"}, "after"},
		{"unknown sort", CampaignQuery{Page: 1, PageSize: 10, Sort: "reach"}, "sort"},
		{"unknown order", CampaignQuery{Page: 1, PageSize: 10, Order: "ASC; DROP TABLE campaigns"}, "order"},
		{"text too long", CampaignQuery{Page: 1, PageSize: 10, Text: strings.Repeat("x", 201)}, "200"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Campaigns(t.Context(), w.s.R, c.q)
			if domain.ErrorCode(err) != domain.CodeInvalidArgument || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got %v, want invalid_argument mentioning %q", err, c.msg)
			}
		})
	}
}

func TestCampaigns_HostileText(t *testing.T) {
	w := newCampaignWorld(t)
	for _, text := range hostile {
		t.Run(text, func(t *testing.T) {
			for _, sort := range []string{SortRelevance, SortBudget, SortStartDate, SortEndDate} {
				p, err := w.campaigns(CampaignQuery{Text: text, Sort: sort})
				if err != nil {
					t.Fatalf("sort %s: got %v, want no error", sort, err)
				}
				for _, h := range p.Items {
					if n := w.names[h.ID]; !slices.Contains([]string{"summer", "holiday", "phone", "marathon"}, n) {
						t.Errorf("sort %s: returned hidden campaign %s", sort, n)
					}
				}
			}
		})
	}
}

func TestCampaigns_IndexFollowsChanges(t *testing.T) {
	w := newCampaignWorld(t)
	find := func(text string) []string {
		t.Helper()
		p, err := w.campaigns(CampaignQuery{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return w.short(p)
	}
	steps := []struct {
		name   string
		sql    string
		args   []any
		checks map[string][]string
	}{
		{"renamed", `UPDATE campaigns SET name = 'Winter Cookie Contest' WHERE id = ?`, []any{w.ids["holiday"]},
			map[string][]string{"cookie": {"holiday"}, "challenge": {}, "brulee": {"holiday"}}},
		{"description and goals changed", `UPDATE campaigns SET description = 'Trail shoes', goals = 'Reach hikers'
			WHERE id = ?`, []any{w.ids["marathon"]}, map[string][]string{"hikers": {"marathon"}, "shoes": {"marathon"}, "sign": {}}},
		{"budget change leaves the index alone", `UPDATE campaigns SET committed = 300000 WHERE id = ?`,
			[]any{w.ids["summer"]}, map[string][]string{"burgers": {"summer"}}},
		{"made private", `UPDATE campaigns SET visibility = 'private' WHERE id = ?`, []any{w.ids["summer"]},
			map[string][]string{"burgers": {}}},
		{"made public again", `UPDATE campaigns SET visibility = 'public' WHERE id = ?`, []any{w.ids["summer"]},
			map[string][]string{"burgers": {"summer"}}},
		{"flagged", `UPDATE campaigns SET flagged = 1 WHERE id = ?`, []any{w.ids["phone"]},
			map[string][]string{"spotlight": {}}},
		{"sponsor flagged", `UPDATE accounts SET flagged = 1 WHERE id = ?`, []any{w.sponsor},
			map[string][]string{"burgers": {}, "cookie": {}}},
		{"sponsor unflagged", `UPDATE accounts SET flagged = 0 WHERE id = ?`, []any{w.sponsor},
			map[string][]string{"burgers": {"summer"}}},
		{"soft-deleted", `UPDATE campaigns SET deleted_at = '2026-11-16' WHERE id = ?`, []any{w.ids["holiday"]},
			map[string][]string{"cookie": {}}},
		{"hard-deleted", `DELETE FROM campaigns WHERE id = ?`, []any{w.ids["marathon"]},
			map[string][]string{"hikers": {}, "trail": {}}},
		{"replaced", `INSERT OR REPLACE INTO campaigns (id, sponsor_id, name, description, category, niche, start_date,
			end_date, budget, visibility, status, created_at, updated_at)
			VALUES (?, ?, 'Burger Bonanza', 'Grill season', 'Food', 'Vegan', '2026-06-01', '2026-08-31', 1000000,
			'public', 'active', '2026-11-16', '2026-11-16')`, []any{w.ids["summer"], w.sponsor},
			map[string][]string{"bonanza": {"summer"}, "burgers": {}, "grill": {"summer"}}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			w.exec(s.sql, s.args...)
			w.integrity()
			for text, want := range s.checks {
				if got := find(text); !sameSet(got, want) {
					t.Errorf("%q: got %v, want %v", text, got, want)
				}
			}
		})
	}
}
