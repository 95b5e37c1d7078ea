package mutate_test

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"iescp/backend/domain"
)

// note is a notification as stored: its kind and params, and the English title
// and body it no longer carries.
type note struct {
	Kind   string `db:"kind"`
	Params string `db:"params"`
	Title  string `db:"title"`
	Body   string `db:"body"`
	Ref    string `db:"ref_table"`
}

// lastNote is the newest notification of account.
func (w *world) lastNote(account string) (string, map[string]any, string) {
	w.t.Helper()
	var n note
	if err := w.db.R.Get(&n, `SELECT kind, params, title, body, ref_table FROM notifications WHERE account_id = ?
		ORDER BY created_at DESC, rowid DESC LIMIT 1`, account); err != nil {
		w.t.Fatalf("no notification for %s: %v", account, err)
	}
	if n.Title != "" || n.Body != "" {
		w.t.Fatalf("%s: new notifications carry no English, got title %q body %q", n.Kind, n.Title, n.Body)
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(n.Params), &p); err != nil {
		w.t.Fatalf("%s: params %q: %v", n.Kind, n.Params, err)
	}
	return n.Kind, p, n.Ref
}

// Every notification a mutator makes is a kind and its params (names, reasons,
// amounts in cents, ratings), never English: the desktop renders them.
func TestNotifications_KindAndParams(t *testing.T) {
	w := newWorld(t)
	cname := w.campaignRow(w.campaign).Name
	doc, err := os.ReadFile("../../docs/mutations.md")
	if err != nil {
		t.Fatal(err)
	}
	// The table between "## Notifications" and "## Error codes" (a missing heading
	// fails here, not with a slice panic).
	_, section, ok := strings.Cut(string(doc), "## Notifications")
	if !ok {
		t.Fatal(`docs/mutations.md has no "## Notifications" section`)
	}
	section, _, ok = strings.Cut(section, "\n## Error codes")
	if !ok {
		t.Fatal(`docs/mutations.md has no "## Error codes" section after "## Notifications"`)
	}
	check := func(account, kind, ref string, params map[string]any) {
		t.Helper()
		// docs/mutations.md lists every kind with its params and what it refers to.
		line := ""
		for _, l := range strings.Split(section, "\n") {
			if strings.HasPrefix(l, "| ") && strings.Contains(l, "`"+kind+"`") {
				line = l
			}
		}
		for p := range params {
			if !strings.Contains(line, "`"+p+"`") || !strings.Contains(line, "`"+ref+"`") {
				t.Errorf("docs/mutations.md, Notifications: the row of %s does not name param %s and ref %s: %q", kind, p, ref, line)
			}
		}
		gotKind, got, gotRef := w.lastNote(account)
		if gotKind != kind || gotRef != ref || !reflect.DeepEqual(got, params) {
			t.Fatalf("notification: got %s on %s %v, want %s on %s %v", gotKind, gotRef, got, kind, ref, params)
		}
	}
	num := func(n int) float64 { return float64(n) } // JSON numbers decode as float64

	req, offer := w.send(w.campaign, w.sponsor, w.infl, 30_000)
	check(w.infl, "ad_request.received", "ad_requests", map[string]any{"party": "Acme Corp", "campaign": cname, "amount": num(30_000)})
	w.must(w.infl, "adRequest.message", map[string]any{"id": domain.NewID(), "ad_request_id": req, "body": "Hello"})
	check(w.sponsor, "ad_request.message", "ad_requests", map[string]any{"party": "Ivy Influencer", "campaign": cname, "excerpt": "Hello"})
	counter := w.counter(w.infl, req, offer, 35_000)
	check(w.sponsor, "ad_request.counter", "ad_requests", map[string]any{"party": "Ivy Influencer", "campaign": cname, "amount": num(35_000)})
	w.must(w.sponsor, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": counter})
	check(w.infl, "ad_request.accepted", "ad_requests", map[string]any{"party": "Acme Corp", "campaign": cname, "amount": num(35_000)})
	w.must(w.sponsor, "adRequest.complete", map[string]any{"ad_request_id": req})
	// 35,000 released at the default 10 %: 3,500 to the platform, 31,500 earned.
	check(w.infl, "deal.completed", "ad_requests", map[string]any{"campaign": cname, "amount": num(31_500), "fee": num(3_500)})
	w.must(w.infl, "review.create", map[string]any{"id": domain.NewID(), "ad_request_id": req, "rating": 4, "body": "Fair"})
	check(w.sponsor, "review.received", "reviews", map[string]any{"party": "Ivy Influencer", "campaign": cname, "rating": num(4)})

	applied := domain.NewID()
	w.must(w.infl2, "adRequest.apply", map[string]any{"id": applied, "offer_id": domain.NewID(), "campaign_id": w.campaign,
		"amount": 12_345, "requirements": "One reel"})
	check(w.sponsor, "ad_request.application", "ad_requests", map[string]any{"party": "Ian Influencer", "campaign": cname, "amount": num(12_345)})
	w.must(w.sponsor, "adRequest.reject", map[string]any{"ad_request_id": applied, "reason": "Not this season"})
	check(w.infl2, "ad_request.rejected", "ad_requests", map[string]any{"party": "Acme Corp", "campaign": cname, "reason": "Not this season"})

	again, _ := w.send(w.campaign, w.sponsor, w.infl2, 5_000)
	w.must(w.sponsor, "adRequest.withdraw", map[string]any{"ad_request_id": again, "reason": "Budget moved"})
	check(w.infl2, "ad_request.withdrawn", "ad_requests", map[string]any{"party": "Acme Corp", "campaign": cname, "reason": "Budget moved"})
	w.send(w.campaign, w.sponsor, w.infl2, 5_000)
	w.must(w.sponsor, "campaign.complete", map[string]any{"id": w.campaign})
	check(w.infl2, "ad_request.withdrawn", "ad_requests", map[string]any{"party": "Acme Corp", "campaign": cname, "reason": "campaign completed"})

	other := w.newCampaign(w.sponsor2, 1000, true)
	oname := w.campaignRow(other).Name
	w.must(w.admin, "admin.flag", map[string]any{"target": "campaign", "id": other, "reason": "misleading claims"})
	check(w.sponsor2, "campaign.flagged", "campaigns", map[string]any{"campaign": oname, "reason": "misleading claims"})
	w.must(w.admin, "admin.unflag", map[string]any{"target": "campaign", "id": other, "reason": "fixed"})
	check(w.sponsor2, "campaign.unflagged", "campaigns", map[string]any{"campaign": oname, "reason": "fixed"})
	w.must(w.admin, "admin.flag", map[string]any{"target": "account", "id": w.infl, "reason": "fake followers"})
	check(w.infl, "account.flagged", "accounts", map[string]any{"reason": "fake followers"})
	w.must(w.admin, "admin.unflag", map[string]any{"target": "account", "id": w.infl})
	check(w.infl, "account.unflagged", "accounts", map[string]any{"reason": ""})

	w.must(w.admin, "admin.rejectSponsor", map[string]any{"sponsor_id": w.pending, "reason": "no company registration"})
	check(w.pending, "sponsor.rejected", "accounts", map[string]any{"reason": "no company registration"})
	w.must(w.admin, "admin.approveSponsor", map[string]any{"sponsor_id": w.pending, "reason": "papers arrived"})
	check(w.pending, "sponsor.approved", "accounts", map[string]any{"reason": "papers arrived"})
}
