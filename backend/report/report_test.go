package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"iescp/backend/domain"
	"iescp/backend/queries"
	"iescp/backend/store"
)

// now is when the October 2026 report is made: the morning of November 1st.
var now = time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC)

type fixture struct {
	st *store.Store
	n  int
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "r.db"), store.SetDomain)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &fixture{st: st}
}

func (f *fixture) exec(tb testing.TB, q string, args ...any) {
	tb.Helper()
	if _, err := f.st.W.ExecContext(context.Background(), q, args...); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
}

func (f *fixture) id(prefix string) string {
	f.n++
	return fmt.Sprintf("%s-%04d", prefix, f.n)
}

const ts = "2026-01-01 00:00:00+00:00"

func (f *fixture) sponsor(tb testing.TB, name, company string) string {
	id := f.id("sponsor")
	f.exec(tb, `INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, 'sponsor', ?, ?, ?)`,
		id, id+"@example.com", name, ts, ts)
	f.exec(tb, `INSERT INTO sponsor_profiles (account_id, company_name, approval, updated_at) VALUES (?, ?, 'approved', ?)`,
		id, company, ts)
	return id
}

func (f *fixture) influencer(tb testing.TB, name, display string) string {
	id := f.id("influencer")
	f.exec(tb, `INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, 'influencer', ?, ?, ?)`,
		id, id+"@example.com", name, ts, ts)
	f.exec(tb, `INSERT INTO influencer_profiles (account_id, display_name, updated_at) VALUES (?, ?, ?)`, id, display, ts)
	return id
}

type camp struct {
	sponsor, name, status, start, end string
	budget                            int64
	deleted                           bool
}

func (f *fixture) campaign(tb testing.TB, c camp) string {
	id := f.id("campaign")
	var del any
	if c.deleted {
		del = "2026-10-20 12:00:00+00:00"
	}
	f.exec(tb, `INSERT INTO campaigns (id, sponsor_id, name, start_date, end_date, budget, status, created_at, updated_at, deleted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, c.sponsor, c.name, c.start, c.end, c.budget, c.status, ts, ts, del)
	return id
}

type req struct {
	campaign, influencer, status string
	amount                       int64
	created, updated             string
	responded, completed         string // "" is NULL
	offers                       []string
	deleted                      bool
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (f *fixture) request(tb testing.TB, r req) string {
	id := f.id("request")
	if r.updated == "" {
		r.updated = r.created
	}
	var del any
	if r.deleted {
		del = r.updated
	}
	f.exec(tb, `INSERT INTO ad_requests (id, campaign_id, influencer_id, initiated_by, payment_amount, status,
		created_at, updated_at, responded_at, completed_at, deleted_at) VALUES (?, ?, ?, 'sponsor', ?, ?, ?, ?, ?, ?, ?)`,
		id, r.campaign, r.influencer, r.amount, r.status, r.created, r.updated, nullable(r.responded), nullable(r.completed), del)
	offers := r.offers
	if len(offers) == 0 {
		offers = []string{r.created}
	}
	for i, at := range offers {
		f.exec(tb, `INSERT INTO offers (id, ad_request_id, seq, author_id, author_role, amount, created_at)
			VALUES (?, ?, ?, ?, 'influencer', ?, ?)`, fmt.Sprintf("%s-o%d", id, i+1), id, i+1, r.influencer, r.amount, at)
	}
	return id
}

// Names that test escaping, commas and quotes, and characters outside cp1252 and
// outside the PDF font.
const (
	nameC1 = `Summer "Glow", Part 2`
	nameC2 = `Café Zoë <Launch> & "Friends", Ltd.`
	nameC3 = "Winter Preview"
	nameC8 = "Quiet October · Тихий октябрь"
	nameI1 = "Café Zoë"
	nameI2 = "Łódź Travels" // account name; the profile's display name is empty
	nameI3 = `Max <Power> & "Co"`
	nameI4 = "Ана Петрова"
	nameI5 = "山田 花子 ✨"
)

type world struct {
	*fixture
	sponsor, other, influencer string
	c1, c2, c3, c8             string
	i1, i2, i3, i4, i5         string
}

// build makes the sponsor "Northwind Outfitters" with campaigns in and around
// October 2026 and ad requests in every status, inside and outside the month.
func build(t testing.TB) *world {
	f := newFixture(t)
	w := &world{fixture: f}
	w.sponsor = f.sponsor(t, "Jane Doe", "Northwind Outfitters")
	w.other = f.sponsor(t, "Other Person", "Other Co")
	w.i1 = f.influencer(t, "Zoe Account", nameI1)
	w.i2 = f.influencer(t, nameI2, "")
	w.i3 = f.influencer(t, "Max", nameI3)
	w.i4 = f.influencer(t, "Anna", nameI4)
	w.i5 = f.influencer(t, "Hanako", nameI5)
	w.influencer = w.i1

	w.c1 = f.campaign(t, camp{sponsor: w.sponsor, name: nameC1, status: "active", start: "2026-09-15", end: "2026-11-15", budget: 1_000_000})
	w.c2 = f.campaign(t, camp{sponsor: w.sponsor, name: nameC2, status: "completed", start: "2026-10-01", end: "2026-10-31", budget: 250_050})
	w.c3 = f.campaign(t, camp{sponsor: w.sponsor, name: nameC3, status: "active", start: "2026-12-01", end: "2027-01-31", budget: 500_000})
	c4 := f.campaign(t, camp{sponsor: w.sponsor, name: "Old Spring", status: "completed", start: "2026-03-01", end: "2026-04-30", budget: 300_000})
	c5 := f.campaign(t, camp{sponsor: w.sponsor, name: "Draft Idea", status: "draft", start: "2026-10-01", end: "2026-10-31", budget: 90_000})
	c6 := f.campaign(t, camp{sponsor: w.sponsor, name: "Deleted One", status: "active", start: "2026-10-01", end: "2026-10-31", budget: 70_000, deleted: true})
	c7 := f.campaign(t, camp{sponsor: w.other, name: "Someone Else's", status: "active", start: "2026-10-01", end: "2026-10-31", budget: 80_000})
	w.c8 = f.campaign(t, camp{sponsor: w.sponsor, name: nameC8, status: "active", start: "2026-10-10", end: "2026-12-31", budget: 100_000})

	d := func(day, clock string) string { return "2026-" + day + " " + clock + "+00:00" }
	// Campaign 1.
	f.request(t, req{campaign: w.c1, influencer: w.i1, status: "accepted", amount: 150_000,
		created: d("09-20", "09:00:00"), updated: d("10-03", "10:00:00"), responded: d("10-03", "10:00:00"),
		offers: []string{d("09-20", "09:00:00"), d("09-25", "09:00:00"), d("10-03", "09:59:00")}})
	f.request(t, req{campaign: w.c1, influencer: w.i2, status: "completed", amount: 200_000,
		created: d("10-02", "08:00:00"), updated: d("10-20", "08:00:00"), responded: d("10-05", "08:00:00"), completed: d("10-20", "08:00:00")})
	f.request(t, req{campaign: w.c1, influencer: w.i3, status: "rejected", amount: 50_000,
		created: d("10-06", "08:00:00"), updated: d("10-07", "08:00:00"), responded: d("10-07", "08:00:00"),
		offers: []string{d("10-06", "08:00:00"), d("10-06", "18:00:00")}})
	f.request(t, req{campaign: w.c1, influencer: w.i4, status: "pending", amount: 30_000, created: d("10-25", "08:00:00")})
	// withdrawn while pending: no responded_at
	f.request(t, req{campaign: w.c1, influencer: w.i1, status: "withdrawn", amount: 20_000,
		created: d("10-10", "08:00:00"), updated: d("10-12", "08:00:00")})
	// accepted in August, completed in October: completed money, not committed, not decided
	f.request(t, req{campaign: w.c1, influencer: w.i2, status: "completed", amount: 80_000,
		created: d("08-01", "08:00:00"), updated: d("10-15", "08:00:00"), responded: d("08-05", "08:00:00"), completed: d("10-15", "08:00:00")})
	// all in July: not in the report
	f.request(t, req{campaign: w.c1, influencer: w.i3, status: "accepted", amount: 60_000,
		created: d("07-01", "08:00:00"), updated: d("07-02", "08:00:00"), responded: d("07-02", "08:00:00")})
	// accepted on the 2nd, withdrawn on the 9th: an acceptance, but no money committed
	f.request(t, req{campaign: w.c1, influencer: w.i4, status: "withdrawn", amount: 40_000,
		created: d("10-01", "08:00:00"), updated: d("10-09", "08:00:00"), responded: d("10-02", "08:00:00"),
		offers: []string{d("10-01", "08:00:00"), d("10-01", "20:00:00")}})
	// RFC 3339 with an offset: 2026-11-01T01:30+02:00 is October 31st, 23:30 UTC
	f.request(t, req{campaign: w.c1, influencer: w.i5, status: "accepted", amount: 10_050,
		created: "2026-10-30T08:00:00Z", updated: "2026-11-01T01:30:00+02:00", responded: "2026-11-01T01:30:00+02:00",
		offers: []string{"2026-10-30T08:00:00Z", "2026-10-30T09:00:00.123456789Z", "2026-10-31T08:00:00Z", "2026-10-31T09:00:00Z"}})
	// created in October, accepted at midnight on November 1st: counted as accepted, not decided in October
	f.request(t, req{campaign: w.c1, influencer: w.i5, status: "accepted", amount: 70_000,
		created: d("10-28", "08:00:00"), updated: "2026-11-01 00:00:00+00:00", responded: "2026-11-01 00:00:00+00:00",
		offers: []string{d("10-28", "08:00:00"), d("10-29", "08:00:00")}})
	// deleted: never counted
	f.request(t, req{campaign: w.c1, influencer: w.i1, status: "pending", amount: 25_000,
		created: d("10-01", "08:00:00"), updated: d("10-05", "08:00:00"), deleted: true})
	// only an offer in October
	f.request(t, req{campaign: w.c1, influencer: w.i2, status: "pending", amount: 15_000,
		created: d("09-10", "08:00:00"), offers: []string{d("09-10", "08:00:00"), d("10-11", "08:00:00")}})

	// Campaign 2.
	f.request(t, req{campaign: w.c2, influencer: w.i1, status: "completed", amount: 120_000,
		created: d("10-01", "08:00:00"), updated: d("10-28", "08:00:00"), responded: d("10-02", "08:00:00"), completed: d("10-28", "08:00:00"),
		offers: []string{d("10-01", "08:00:00"), d("10-01", "12:00:00")}})
	f.request(t, req{campaign: w.c2, influencer: w.i3, status: "accepted", amount: 45_000,
		created: d("10-03", "08:00:00"), updated: d("10-04", "08:00:00"), responded: d("10-04", "08:00:00")})
	f.request(t, req{campaign: w.c2, influencer: w.i4, status: "rejected", amount: 30_000,
		created: d("10-05", "08:00:00"), updated: d("10-06", "08:00:00"), responded: d("10-06", "08:00:00"),
		offers: []string{d("10-05", "08:00:00"), d("10-05", "09:00:00"), d("10-05", "10:00:00")}})

	// Campaign 3 runs later, but a request was sent in October.
	f.request(t, req{campaign: w.c3, influencer: w.i3, status: "pending", amount: 90_000, created: d("10-20", "08:00:00")})

	// Outside the report: an old campaign, a draft, a deleted campaign, another sponsor's.
	f.request(t, req{campaign: c4, influencer: w.i1, status: "completed", amount: 100_000,
		created: d("03-02", "08:00:00"), updated: d("04-20", "08:00:00"), responded: d("03-03", "08:00:00"), completed: d("04-20", "08:00:00")})
	f.request(t, req{campaign: c5, influencer: w.i1, status: "pending", amount: 10_000, created: d("10-02", "08:00:00")})
	f.request(t, req{campaign: c6, influencer: w.i2, status: "accepted", amount: 10_000,
		created: d("10-02", "08:00:00"), responded: d("10-03", "08:00:00")})
	f.request(t, req{campaign: c7, influencer: w.i2, status: "accepted", amount: 10_000,
		created: d("10-02", "08:00:00"), responded: d("10-03", "08:00:00")})
	return w
}

func gather(t testing.TB, w *world, month string) *Report {
	t.Helper()
	r, err := Gather(context.Background(), w.st.R, w.sponsor, month, now)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func ptr(f float64) *float64 { return &f }

func eqRate(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	d := *a - *b
	return d < 1e-9 && d > -1e-9
}

func checkStats(t *testing.T, what string, got, want Stats) {
	t.Helper()
	if got.Budget != want.Budget || got.Committed != want.Committed || got.Completed != want.Completed {
		t.Errorf("%s money = budget %d committed %d completed %d; want %d %d %d", what,
			got.Budget, got.Committed, got.Completed, want.Budget, want.Committed, want.Completed)
	}
	if got.Requests != want.Requests {
		t.Errorf("%s requests = %+v; want %+v", what, got.Requests, want.Requests)
	}
	if got.Decided != want.Decided || got.Accepted != want.Accepted || got.Offers != want.Offers {
		t.Errorf("%s decided %d accepted %d offers %d; want %d %d %d", what,
			got.Decided, got.Accepted, got.Offers, want.Decided, want.Accepted, want.Offers)
	}
	if !eqRate(got.AcceptanceRate, want.AcceptanceRate) || !eqRate(got.AvgRounds, want.AvgRounds) {
		t.Errorf("%s rate %s rounds %s; want %s %s", what, FormatRate(got.AcceptanceRate), FormatRounds(got.AvgRounds),
			FormatRate(want.AcceptanceRate), FormatRounds(want.AvgRounds))
	}
	if len(got.TopInfluencers) != len(want.TopInfluencers) {
		t.Errorf("%s top = %+v; want %+v", what, got.TopInfluencers, want.TopInfluencers)
		return
	}
	for i := range want.TopInfluencers {
		g, w := got.TopInfluencers[i], want.TopInfluencers[i]
		if g.Name != w.Name || g.Amount != w.Amount || g.Requests != w.Requests {
			t.Errorf("%s top[%d] = %+v; want %+v", what, i, g, w)
		}
	}
}

func TestGather_October(t *testing.T) {
	w := build(t)
	r := gather(t, w, "2026-10")

	if r.Company != "Northwind Outfitters" || r.SponsorName != "Jane Doe" || r.Month != "2026-10" ||
		r.MonthLabel != "October 2026" || r.PeriodStart != "2026-10-01" || r.PeriodEnd != "2026-10-31" ||
		!r.GeneratedAt.Equal(now) || r.Partial || r.Empty {
		t.Errorf("header = %+v", r)
	}
	var names []string
	for _, c := range r.Campaigns {
		names = append(names, c.Name)
	}
	wantNames := []string{nameC1, nameC2, nameC8, nameC3} // by start date
	if strings.Join(names, "|") != strings.Join(wantNames, "|") {
		t.Fatalf("campaigns = %q; want %q", names, wantNames)
	}
	if r.Totals.Campaigns != 4 {
		t.Errorf("totals.campaigns = %d", r.Totals.Campaigns)
	}
	c1, c2, c8, c3 := r.Campaigns[0], r.Campaigns[1], r.Campaigns[2], r.Campaigns[3]
	if c1.ID != w.c1 || c1.Status != "active" || c1.StartDate != "2026-09-15" || c1.EndDate != "2026-11-15" {
		t.Errorf("c1 = %+v", c1.ID)
	}
	checkStats(t, "c1", c1.Stats, Stats{
		Budget: 1_000_000, Committed: 150_000 + 200_000 + 10_050, Completed: 200_000 + 80_000,
		Requests: StatusCounts{Pending: 2, Accepted: 3, Rejected: 1, Withdrawn: 2, Completed: 2},
		Decided:  5, Accepted: 4, Offers: 3 + 1 + 2 + 2 + 4,
		AcceptanceRate: ptr(0.8), AvgRounds: ptr(2.4),
		TopInfluencers: []Influencer{{Name: nameI2, Amount: 200_000, Requests: 1}, {Name: nameI1, Amount: 150_000, Requests: 1}, {Name: nameI5, Amount: 10_050, Requests: 1}},
	})
	checkStats(t, "c2", c2.Stats, Stats{
		Budget: 250_050, Committed: 165_000, Completed: 120_000,
		Requests: StatusCounts{Accepted: 1, Rejected: 1, Completed: 1},
		Decided:  3, Accepted: 2, Offers: 6,
		AcceptanceRate: ptr(2.0 / 3), AvgRounds: ptr(2),
		TopInfluencers: []Influencer{{Name: nameI1, Amount: 120_000, Requests: 1}, {Name: nameI3, Amount: 45_000, Requests: 1}},
	})
	checkStats(t, "c8", c8.Stats, Stats{Budget: 100_000, TopInfluencers: []Influencer{}})
	checkStats(t, "c3", c3.Stats, Stats{Budget: 500_000, Requests: StatusCounts{Pending: 1}, TopInfluencers: []Influencer{}})
	checkStats(t, "totals", r.Totals.Stats, Stats{
		Budget: 1_850_050, Committed: 525_050, Completed: 400_000,
		Requests: StatusCounts{Pending: 3, Accepted: 4, Rejected: 2, Withdrawn: 2, Completed: 3},
		Decided:  8, Accepted: 6, Offers: 18,
		AcceptanceRate: ptr(0.75), AvgRounds: ptr(2.25),
		TopInfluencers: []Influencer{
			{Name: nameI1, Amount: 270_000, Requests: 2}, {Name: nameI2, Amount: 200_000, Requests: 1},
			{Name: nameI3, Amount: 45_000, Requests: 1}, {Name: nameI5, Amount: 10_050, Requests: 1}},
	})
	if r.Totals.Requests.Total() != 14 {
		t.Errorf("total requests = %d", r.Totals.Requests.Total())
	}
	if got := r.FileBase(); got != "iescp-report-2026-10-northwind-outfitters" {
		t.Errorf("FileBase = %q", got)
	}
	// The JSON shape the UI gets: rates are null without decisions.
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"month":"2026-10"`, `"month_label":"October 2026"`, `"acceptance_rate":0.75`, `"acceptance_rate":null`, `"budget":1850050`, `"pending":3`} {
		if !bytes.Contains(b, []byte(s)) {
			t.Errorf("JSON lacks %s", s)
		}
	}
}

func TestGather_TopFiveAndOtherSponsor(t *testing.T) {
	f := newFixture(t)
	sp := f.sponsor(t, "Solo", "Solo & Sons")
	c := f.campaign(t, camp{sponsor: sp, name: "Many", status: "active", start: "2026-10-01", end: "2026-10-31", budget: 10_000_000})
	for i := 1; i <= 7; i++ {
		in := f.influencer(t, fmt.Sprintf("Person %d", i), "")
		f.request(t, req{campaign: c, influencer: in, status: "accepted", amount: int64(i) * 10_000,
			created: "2026-10-02 08:00:00+00:00", responded: "2026-10-03 08:00:00.5+00:00"})
	}
	r, err := Gather(context.Background(), f.st.R, sp, "2026-10", now)
	if err != nil {
		t.Fatal(err)
	}
	top := r.Campaigns[0].TopInfluencers
	if len(top) != TopN || top[0].Name != "Person 7" || top[4].Name != "Person 3" || top[0].Amount != 70_000 {
		t.Errorf("top = %+v", top)
	}
	if r.Totals.Committed != 280_000 || r.FileBase() != "iescp-report-2026-10-solo-and-sons" {
		t.Errorf("committed %d, file %q", r.Totals.Committed, r.FileBase())
	}
	// The other sponsor's report does not see this sponsor's campaigns.
	w := build(t)
	o, err := Gather(context.Background(), w.st.R, w.other, "2026-10", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Campaigns) != 1 || o.Campaigns[0].Name != "Someone Else's" || o.Totals.Committed != 10_000 {
		t.Errorf("other sponsor = %+v", o.Campaigns)
	}
}

func TestGather_EmptyMonth(t *testing.T) {
	w := build(t)
	r := gather(t, w, "2026-06")
	if !r.Empty || len(r.Campaigns) != 0 || r.Totals.Budget != 0 || r.Totals.Requests.Total() != 0 ||
		r.Totals.AcceptanceRate != nil || r.Totals.AvgRounds != nil || r.MonthLabel != "June 2026" {
		t.Fatalf("empty month = %+v", r)
	}
	h, err := r.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(h), "No activity in June 2026") || !strings.Contains(string(h), "Northwind Outfitters") {
		t.Errorf("empty HTML does not say so")
	}
	p, err := r.PDF()
	if err != nil {
		t.Fatal(err)
	}
	writeArtifact(t, "report-empty.html", h)
	writeArtifact(t, "report-empty.pdf", p)
	renderPage(t, p, "report-empty")
	if txt, ok := pdfText(t, p, "empty"); ok && !strings.Contains(txt, "No activity in June 2026") {
		t.Errorf("empty PDF does not say so:\n%s", txt)
	}
}

func TestGather_CurrentMonthIsPartial(t *testing.T) {
	w := build(t)
	r := gather(t, w, "2026-11")
	if !r.Partial || r.Empty {
		t.Errorf("November on November 1st: partial %v empty %v", r.Partial, r.Empty)
	}
	// Request 10 was accepted at midnight on November 1st.
	if r.Totals.Committed != 70_000 || r.Totals.Decided != 1 {
		t.Errorf("November committed %d decided %d", r.Totals.Committed, r.Totals.Decided)
	}
}

func TestGather_InvalidMonth(t *testing.T) {
	w := build(t)
	for _, m := range []string{"", "2026-13", "2026-00", "2026-1", "26-10", "2026-10-01", "2026/10", "abcd-ef", " 2026-10", "1969-12", "2026-12"} {
		_, err := Gather(context.Background(), w.st.R, w.sponsor, m, now)
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != domain.CodeInvalidArgument {
			t.Errorf("month %q: err = %v; want invalid_argument", m, err)
		}
	}
}

func TestGather_UnknownSponsor(t *testing.T) {
	w := build(t)
	for _, id := range []string{"no-such-account", "", w.i1} {
		_, err := Gather(context.Background(), w.st.R, id, "2026-10", now)
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != domain.CodeNotFound {
			t.Errorf("sponsor %q: err = %v; want not_found", id, err)
		}
	}
}

func TestFormat(t *testing.T) {
	for cents, want := range map[int64]string{
		0: "$0", 5: "$0.05", 1999: "$19.99", 150_000: "$1,500", 123_456_789: "$1,234,567.89",
		100_000_000: "$1,000,000", -150: "-$1.50", 99_900: "$999",
	} {
		if got := FormatMoney(cents); got != want {
			t.Errorf("FormatMoney(%d) = %q; want %q", cents, got, want)
		}
	}
	if FormatRate(nil) != Dash || FormatRate(ptr(2.0/3)) != "66.7%" || FormatRate(ptr(1)) != "100%" || FormatRate(ptr(0)) != "0%" {
		t.Errorf("FormatRate: %s %s", FormatRate(ptr(2.0/3)), FormatRate(ptr(1)))
	}
	if FormatRounds(nil) != Dash || FormatRounds(ptr(2)) != "2.0" || FormatRounds(ptr(2.25)) != "2.3" {
		t.Errorf("FormatRounds: %s", FormatRounds(ptr(2.25)))
	}
	for in, want := range map[string]string{
		"Northwind Outfitters": "northwind-outfitters", "Café Zoë & Łódź": "cafe-zoe-and-lodz",
		`  "Quotes", commas, / slashes.. `: "quotes-commas-slashes", "山田": "", "Straße Ørsted": "strasse-orsted",
	} {
		if got := Slug(in, 48); got != want {
			t.Errorf("Slug(%q) = %q; want %q", in, got, want)
		}
	}
	if got := Slug(strings.Repeat("abc ", 40), 48); len(got) > 48 || strings.HasSuffix(got, "-") {
		t.Errorf("long slug = %q", got)
	}
	r := &Report{Month: "2026-10", Company: "山田", SponsorID: "0190-ab"}
	if r.FileBase() != "iescp-report-2026-10-0190-ab" {
		t.Errorf("FileBase fallback = %q", r.FileBase())
	}
	for max, want := range map[int64][2]int64{0: {100, 25}, 360_050: {400_000, 100_000}, 1_000_000: {1_000_000, 250_000}, 99: {100, 25}} {
		top, step := niceScale(max)
		if top != want[0] || step != want[1] || top < max {
			t.Errorf("niceScale(%d) = %d, %d; want %v", max, top, step, want)
		}
	}
	if s := pdfSafe("Café Zoë Łódź Ана 山田 ✨\x01"); s != "Café Zoë Łódź Ана ?? ??" {
		t.Errorf("pdfSafe = %q", s)
	}
}

// htmlText is the text of an HTML document, whitespace collapsed.
func htmlText(t *testing.T, b []byte) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
			sb.WriteByte(' ')
		}
		if n.Type == html.ElementNode && (n.Data == "style" || n.Data == "title") {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return strings.Join(strings.Fields(sb.String()), " ")
}

func TestHTML(t *testing.T) {
	w := build(t)
	r := gather(t, w, "2026-10")
	b, err := r.HTML()
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if strings.Contains(strings.ToLower(s), "<script") || strings.Contains(s, "<Launch>") || strings.Contains(s, "<Power>") {
		t.Error("HTML has a script or unescaped text")
	}
	if strings.Contains(s, "http://") && !strings.Contains(s, `xmlns="http://www.w3.org/2000/svg"`) ||
		regexp.MustCompile(`(?i)(src|href)=|@import|url\(`).MatchString(s) {
		t.Error("HTML refers to an external asset")
	}
	if n := strings.Count(s, "<svg"); n != 2+2*len(r.Campaigns) {
		t.Errorf("%d <svg> charts; want %d", n, 2+2*len(r.Campaigns))
	}
	if !strings.Contains(s, "Café Zoë &lt;Launch&gt; &amp; &#34;Friends&#34;, Ltd.") {
		t.Error("campaign 2's name is not escaped as expected")
	}
	text := htmlText(t, b)
	for _, want := range []string{
		"Northwind Outfitters", "October 2026", "Prepared for Jane Doe",
		nameC1, nameC2, nameC3, nameC8, nameI1, nameI2, nameI3, nameI5,
		"Budget $18,500.50", "Committed $5,250.50", "Completed $4,000", "Ad requests 14",
		"Acceptance rate 75%", "6 of 8 answers", "Avg. negotiation rounds 2.3",
		"$3,600.50", "$2,800", "$2,500.50", "66.7%", Dash,
		"Pending", "Withdrawn",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("HTML text lacks %q", want)
		}
	}
	writeArtifact(t, "report.html", b)
}

// pdfText runs pdftotext -layout on the PDF; ok is false when the tool is missing
// (and the test is then skipped, or fails on CI).
func pdfText(t *testing.T, pdf []byte, name string) (string, bool) {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:min(20, len(pdf))])
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return "", false
	}
	p := filepath.Join(t.TempDir(), name+".pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", p, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out), true
}

func TestPDFToolsOnCI(t *testing.T) {
	for _, tool := range []string{"pdftotext", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed (poppler-utils); the PDF tests need it on CI", tool)
			}
			t.Skipf("%s is not installed (poppler-utils)", tool)
		}
	}
}

func TestPDF(t *testing.T) {
	w := build(t)
	r := gather(t, w, "2026-10")
	b, err := r.PDF()
	if err != nil {
		t.Fatal(err)
	}
	writeArtifact(t, "report.pdf", b)
	raw, ok := pdfText(t, b, "report")
	if !ok {
		t.Skip("pdftotext is not installed (poppler-utils)")
	}
	text := strings.Join(strings.Fields(raw), " ")
	for _, want := range []string{
		"Northwind Outfitters", "October 2026", "Prepared for Jane Doe",
		nameC1, nameC2, nameC3, nameC8, nameI1, nameI2, nameI3,
		"$18,500.50", "$5,250.50", "$4,000", "75%", "2.3", "6 of 8 answers",
		"$3,600.50", "$2,800", "$2,500.50", "66.7%", Dash, "Page 1 of",
		"?? ?? ?", // the CJK name and the emoji are outside the font
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	renderPage(t, b, "report")
}

func TestPDF_ManyCampaigns(t *testing.T) {
	r := bigReport(50)
	b, err := r.PDF()
	if err != nil {
		t.Fatal(err)
	}
	writeArtifact(t, "report-50.pdf", b)
	h, err := r.HTML()
	if err != nil {
		t.Fatal(err)
	}
	writeArtifact(t, "report-50.html", h)
	raw, ok := pdfText(t, b, "many")
	if !ok {
		t.Skip("pdftotext is not installed (poppler-utils)")
	}
	text := strings.Join(strings.Fields(raw), " ")
	for _, want := range []string{"Campaign 01 ", "Campaign 50", "The 12 campaigns with the largest budgets of 50"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if !regexp.MustCompile(`Page 1[0-9] of 1[0-9]`).MatchString(text) {
		t.Errorf("a 50-campaign report should take 10 to 19 pages")
	}
}

// bigReport is a report with n campaigns, without a database.
func bigReport(n int) *Report {
	r := &Report{SponsorID: "s", Company: "Northwind Outfitters", SponsorName: "Jane Doe", Month: "2026-10",
		MonthLabel: "October 2026", PeriodStart: "2026-10-01", PeriodEnd: "2026-10-31", GeneratedAt: now}
	statuses := []string{"active", "completed", "cancelled"}
	var all []queries.ReportRequest
	for i := 1; i <= n; i++ {
		var reqs []queries.ReportRequest
		for j := 0; j < i%9+2; j++ {
			st := []string{"pending", "accepted", "completed", "rejected", "withdrawn", "accepted"}[(i+j)%6]
			reqs = append(reqs, queries.ReportRequest{ID: fmt.Sprint(i, j), InfluencerID: fmt.Sprint("in", (i*7+j)%23),
				Influencer: fmt.Sprintf("Influencer %c%d", 'A'+rune((i+j)%26), (i*7+j)%23),
				Status:     st, Amount: int64(5_000 + 1_250*((i*j)%40)), Responded: st != "pending" && j%3 != 2,
				Completed: st == "completed", Offers: 1 + (i+j)%4})
		}
		all = append(all, reqs...)
		c := Campaign{ID: fmt.Sprint("c", i), Name: strings.TrimSpace(fmt.Sprintf("Campaign %02d %s", i, strings.Repeat("long name ", i%5))),
			Status: statuses[i%3], StartDate: "2026-10-01", EndDate: "2026-12-31"}
		c.Stats = compute(int64(100_000+i*37_500), reqs)
		r.Campaigns = append(r.Campaigns, c)
		r.Totals.Budget += c.Budget
	}
	r.Totals.Campaigns = n
	r.Totals.Stats = compute(r.Totals.Budget, all)
	return r
}

// keepArtifactsEnv names the folder where tests keep what a person may want to look
// at (renderings, page images); unset, they go to the test's temp dir and are removed.
const keepArtifactsEnv = "IESCP_KEEP_ARTIFACTS"

// artifactDir is where this test writes its renderings: $IESCP_KEEP_ARTIFACTS/report
// when asked (a relative path is taken from the repository root), else a temp dir.
func artifactDir(t *testing.T) string {
	t.Helper()
	keep := os.Getenv(keepArtifactsEnv)
	if keep == "" {
		return t.TempDir()
	}
	if !filepath.IsAbs(keep) {
		keep = filepath.Join("..", "..", keep) // go test runs in backend/report
	}
	dir := filepath.Join(keep, "report")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatalf("%s: %v", keepArtifactsEnv, err)
	}
	return dir
}

// writeArtifact writes a rendering to artifactDir, for a person to look at when kept.
func writeArtifact(t *testing.T, name string, b []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(artifactDir(t), name), b, 0o600); err != nil {
		t.Fatalf("artifact %s: %v", name, err)
	}
}

// renderPage renders the first page as a PNG next to the other artifacts, when pdftoppm is here.
func renderPage(t *testing.T, pdf []byte, name string) {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		return
	}
	dir := artifactDir(t)
	p := filepath.Join(t.TempDir(), name+".pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", p, filepath.Join(dir, name+"-page1")).CombinedOutput(); err != nil {
		t.Errorf("pdftoppm: %v\n%s", err, out)
	}
}

func BenchmarkPDF(b *testing.B) {
	r := bigReport(50)
	b.ReportAllocs()
	var size int
	for b.Loop() {
		p, err := r.PDF()
		if err != nil {
			b.Fatal(err)
		}
		size = len(p)
	}
	b.ReportMetric(float64(size)/1024, "KiB/pdf")
}

func BenchmarkHTML(b *testing.B) {
	r := bigReport(50)
	for b.Loop() {
		if _, err := r.HTML(); err != nil {
			b.Fatal(err)
		}
	}
}

// The PDF's dates come from GeneratedAt and its catalog is sorted, so a report
// renders to the same bytes every time (a resent report is the same file).
func TestPDF_Deterministic(t *testing.T) {
	r := bigReport(6)
	a, err := r.PDF()
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, err := r.PDF()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("the same report rendered to different PDF bytes")
		}
	}
}

// A campaign with nothing committed or completed shows its budget bar labelled and
// no "$0" beside the empty bars (a column of "$0 / $0" said nothing).
func TestOverviewChart_NoLabelsOnEmptyBars(t *testing.T) {
	c := overviewSVG([]Campaign{{Name: "Kites", Stats: Stats{Budget: 500_000}}})
	var labels []string
	for _, tx := range c.Texts {
		if tx.Anchor == "start" && strings.HasPrefix(tx.Text, "$") { // bar labels, not the legend
			labels = append(labels, tx.Text)
		}
	}
	if len(labels) != 1 || labels[0] != "$5,000" {
		t.Fatalf("bar labels %q, want only the budget's", labels)
	}
}
