package replica_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/auth"
	"iescp/backend/desktop"
	"iescp/backend/domain"
	"iescp/backend/ledger"
	"iescp/backend/localdata"
	"iescp/backend/mutate"
	"iescp/backend/queries"
	"iescp/backend/replica"
	"iescp/backend/store"
	"iescp/sync/client"
)

var t0 = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

type canon struct {
	t    *testing.T
	path string
	db   *store.Store
	acc  map[string]string // name -> id
	ids  map[string]string // campaigns and requests by name
	now  time.Time
}

const password = "correct horse battery"

// newCanon builds a small canonical database through the mutators.
func newCanon(t *testing.T) *canon {
	t.Helper()
	path := filepath.Join(t.TempDir(), "server.db")
	db, err := store.Open(path, store.SetDomain, store.SetServer)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := &canon{t: t, path: path, db: db, acc: map[string]string{}, ids: map[string]string{}, now: t0}
	hash, err := auth.HashPasswordWith(password, auth.Params{Memory: 1024, Time: 1, Threads: 1, KeyLen: 32})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct{ name, role, approval string }{
		{"admin", "admin", ""}, {"acme", "sponsor", "approved"}, {"globex", "sponsor", "approved"},
		{"newco", "sponsor", "pending"}, {"xena", "influencer", ""}, {"yuri", "influencer", ""}, {"flo", "influencer", ""},
	} {
		id := domain.NewID()
		c.acc[a.name] = id
		db.W.MustExec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			id, a.name+"@example.com", a.role, a.name, t0, t0)
		db.W.MustExec(`INSERT INTO credentials (account_id, password_hash, updated_at) VALUES (?, ?, ?)`, id, hash, t0)
		switch a.role {
		case "sponsor":
			db.W.MustExec(`INSERT INTO sponsor_profiles (account_id, company_name, budget, approval, updated_at) VALUES (?, ?, 777, ?, ?)`,
				id, strings.ToUpper(a.name), a.approval, t0)
			// Topped up, so accepting is never refused for money (docs/money.md).
			if err := db.Write(context.Background(), func(tx *sqlx.Tx) error {
				_, err := ledger.New(func() time.Time { return t0 }).TopUp(context.Background(), tx, id, 10_000_000, "top-up-"+a.name)
				return err
			}); err != nil {
				t.Fatal(err)
			}
		case "influencer":
			db.W.MustExec(`INSERT INTO influencer_profiles (account_id, display_name, updated_at) VALUES (?, ?, ?)`, id, a.name, t0)
		}
	}
	c.campaign("acmePublic", "acme", "public", true)
	c.campaign("acmePrivate", "acme", "private", true)
	c.campaign("acmeDraft", "acme", "public", false)
	c.campaign("globexPublic", "globex", "public", true)
	c.campaign("globexFlagged", "globex", "public", true)
	c.campaign("newcoDraft", "newco", "public", false)
	c.do("admin", "admin.flag", map[string]any{"target": "campaign", "id": c.ids["globexFlagged"], "reason": "spam"})
	c.ids["req"], c.ids["offer"] = domain.NewID(), domain.NewID()
	c.do("acme", "adRequest.send", map[string]any{"id": c.ids["req"], "offer_id": c.ids["offer"],
		"campaign_id": c.ids["acmePrivate"], "influencer_id": c.acc["xena"], "amount": 5000, "requirements": "one reel"})
	c.do("admin", "admin.flag", map[string]any{"target": "account", "id": c.acc["flo"], "reason": "bots"})
	return c
}

func (c *canon) campaign(name, owner, visibility string, publish bool) {
	id := domain.NewID()
	c.ids[name] = id
	c.do(owner, "campaign.create", map[string]any{"id": id, "name": name, "start_date": "2026-11-01",
		"end_date": "2026-12-31", "budget": 100_000, "visibility": visibility, "publish": publish})
}

func (c *canon) do(actor, name string, args any) {
	c.t.Helper()
	raw, _ := json.Marshal(args)
	c.now = c.now.Add(time.Minute)
	if err := c.db.Write(context.Background(), func(tx *sqlx.Tx) error {
		return mutate.Apply(tx, c.acc[actor], name, raw, c.now)
	}); err != nil {
		c.t.Fatalf("%s as %s: %v", name, actor, err)
	}
}

// copyFor makes the replica of one account and returns it.
func (c *canon) copyFor(name string) *store.Store {
	c.t.Helper()
	dst, err := store.Open(filepath.Join(c.t.TempDir(), name+".db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { dst.Close() })
	var role domain.Role
	if err := c.db.R.Get(&role, `SELECT role FROM accounts WHERE id = ?`, c.acc[name]); err != nil {
		c.t.Fatal(err)
	}
	if _, err := replica.CopyVisible(context.Background(), dst, c.path, replica.Viewer{ID: c.acc[name], Role: role}); err != nil {
		c.t.Fatal(err)
	}
	return dst
}

func names(t *testing.T, db *store.Store, q string, args ...any) string {
	t.Helper()
	var out []string
	if err := db.R.Select(&out, q, args...); err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, ",")
}

func TestCopyVisible_WhatEachViewerSees(t *testing.T) {
	c := newCanon(t)
	cases := []struct {
		viewer    string
		campaigns string
		requests  int
		offers    int
		profiles  string
	}{
		{"admin", "acmeDraft,acmePrivate,acmePublic,globexFlagged,globexPublic,newcoDraft", 1, 1, "flo,xena,yuri"},
		{"acme", "acmeDraft,acmePrivate,acmePublic,globexPublic", 1, 1, "xena,yuri"},
		{"globex", "acmePublic,globexFlagged,globexPublic", 0, 0, "xena,yuri"},
		{"newco", "acmePublic,globexPublic,newcoDraft", 0, 0, "xena,yuri"},
		{"xena", "acmePrivate,acmePublic,globexPublic", 1, 1, "xena,yuri"},
		{"yuri", "acmePublic,globexPublic", 0, 0, "xena,yuri"},
		{"flo", "acmePublic,globexPublic", 0, 0, "flo,xena,yuri"},
	}
	for _, tc := range cases {
		t.Run(tc.viewer, func(t *testing.T) {
			db := c.copyFor(tc.viewer)
			if got := names(t, db, `SELECT name FROM campaigns ORDER BY name`); got != tc.campaigns {
				t.Errorf("campaigns: got %s, want %s", got, tc.campaigns)
			}
			var reqs, offers int
			if err := db.R.Get(&reqs, `SELECT COUNT(*) FROM ad_requests`); err != nil {
				t.Fatal(err)
			}
			if err := db.R.Get(&offers, `SELECT COUNT(*) FROM offers`); err != nil {
				t.Fatal(err)
			}
			if reqs != tc.requests || offers != tc.offers {
				t.Errorf("ad requests/offers: got %d/%d, want %d/%d", reqs, offers, tc.requests, tc.offers)
			}
			if got := names(t, db, `SELECT display_name FROM influencer_profiles ORDER BY display_name`); got != tc.profiles {
				t.Errorf("influencer profiles: got %s, want %s", got, tc.profiles)
			}
			// Private columns of other accounts never travel.
			if tc.viewer != "admin" {
				if got := names(t, db, `SELECT name FROM accounts WHERE email <> '' ORDER BY name`); got != tc.viewer {
					t.Errorf("accounts with an email: got %s, want only %s", got, tc.viewer)
				}
				if got := names(t, db, `SELECT name FROM accounts a JOIN sponsor_profiles p ON p.account_id = a.id
					WHERE p.budget <> 0 ORDER BY name`); got != "" && got != tc.viewer {
					t.Errorf("sponsor budgets visible: got %s", got)
				}
			}
			// Notifications are their owner's only.
			var foreign int
			if err := db.R.Get(&foreign, `SELECT COUNT(*) FROM notifications WHERE account_id <> ?`, c.acc[tc.viewer]); err != nil {
				t.Fatal(err)
			}
			if foreign != 0 {
				t.Errorf("%d notifications of other accounts", foreign)
			}
			var fk int
			if err := db.R.Get(&fk, `SELECT COUNT(*) FROM pragma_foreign_key_check`); err != nil {
				t.Fatal(err)
			}
			if fk != 0 {
				t.Errorf("%d foreign key violations in the replica", fk)
			}
		})
	}
}

func TestProvisionDesktop_SignInListAndMutateOffline(t *testing.T) {
	c := newCanon(t)
	dataDir := t.TempDir()
	ctx := context.Background()
	emails := []string{"acme@example.com", "xena@example.com"}
	if err := localdata.ProvisionDesktop(ctx, c.path, dataDir, emails, "wrong password"); err == nil {
		t.Fatal("provisioning with a wrong password succeeded")
	}
	if err := localdata.ProvisionDesktop(ctx, c.path, dataDir, emails, password); err != nil {
		t.Fatal(err)
	}
	// No server is reachable: a port that was free a moment ago.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	offline := "http://" + ln.Addr().String()
	ln.Close()
	svc, err := desktop.New(desktop.Config{DataDir: dataDir, Now: func() time.Time { return t0.Add(time.Hour) },
		ServerURL: offline, Secrets: &client.MemorySecrets{}})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Shutdown(ctx)

	known, err := svc.Session.KnownAccounts()
	if err != nil || len(known) != 2 {
		t.Fatalf("known accounts: got %v, %v; want 2", known, err)
	}
	// Bad sign-ins get typed errors that the UI can parse.
	for _, tc := range []struct{ email, pw, code string }{
		{"not-an-email", password, "invalid_argument"},
		{"acme@example.com", "", "invalid_argument"},
		{"acme@example.com", "nope", "unauthenticated"},
		{"nobody@example.com", password, "unavailable"}, // unknown here, and no server to ask
	} {
		_, err := svc.Session.SignIn(tc.email, tc.pw)
		var e domain.Error
		if err == nil || json.Unmarshal([]byte(err.Error()), &e) != nil || string(e.Code) != tc.code {
			t.Errorf("SignIn(%s, %q): got %v, want a JSON error with code %s", tc.email, tc.pw, err, tc.code)
		}
	}
	if _, err := svc.Campaigns.List(queries.CampaignQuery{}); err == nil || !strings.Contains(err.Error(), "unauthenticated") {
		t.Fatalf("listing while signed out: got %v, want unauthenticated", err)
	}

	info, err := svc.Session.SignIn("ACME@example.com", password)
	if err != nil {
		t.Fatal(err)
	}
	if info.Role != "sponsor" || info.Approval != "approved" || info.AccountID != c.acc["acme"] {
		t.Fatalf("session: got %+v", info)
	}
	page, err := svc.Campaigns.List(queries.CampaignQuery{Sort: "name"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range page.Items {
		got = append(got, r.Name)
	}
	if strings.Join(got, ",") != "acmeDraft,acmePrivate,acmePublic" || page.Total != 3 {
		t.Fatalf("sponsor's campaigns: got %v (total %d), want only its own three", got, page.Total)
	}
	if page.Items[1].OpenRequests != 1 || page.Items[1].SponsorName != "ACME" {
		t.Fatalf("acmePrivate row: got %+v", page.Items[1])
	}
	for _, q := range []queries.CampaignQuery{{Status: "draft"}, {Text: "Priv"}, {Visibility: "private"}, {PageSize: 1, Page: 2, Sort: "name"}} {
		p, err := svc.Campaigns.List(q)
		if err != nil || len(p.Items) != 1 {
			t.Errorf("List(%+v): got %d items, %v; want 1", q, len(p.Items), err)
		}
	}
	for _, q := range []queries.CampaignQuery{{Status: "bogus"}, {Sort: "id; DROP TABLE campaigns"}, {PageSize: 1000}, {Page: -1}} {
		if _, err := svc.Campaigns.List(q); err == nil || !strings.Contains(err.Error(), "invalid_argument") {
			t.Errorf("List(%+v): got %v, want invalid_argument", q, err)
		}
	}

	// A local change applies with its outbox entry in one transaction; a rejected
	// one changes nothing and queues nothing.
	newID := domain.NewID()
	args, _ := json.Marshal(map[string]any{"id": newID, "name": "Offline idea", "start_date": "2026-12-01",
		"end_date": "2026-12-02", "budget": 10})
	mid, err := svc.Mutate(ctx, "campaign.create", args)
	if err != nil || mid != 1 {
		t.Fatalf("Mutate: got %d, %v; want mutation 1", mid, err)
	}
	bad, _ := json.Marshal(map[string]any{"id": c.ids["globexPublic"], "name": "hijack"})
	if _, err := svc.Mutate(ctx, "campaign.update", bad); domain.ErrorCode(err) != domain.CodeForbidden {
		t.Fatalf("updating another's campaign: got %v, want forbidden", err)
	}
	mid, err = svc.Mutate(ctx, "campaign.publish", json.RawMessage(`{"id":"`+newID+`"}`))
	if err != nil || mid != 2 {
		t.Fatalf("second mutation: got %d, %v; want 2", mid, err)
	}
	db, err := store.Open(localdata.AccountDBPath(dataDir, c.acc["acme"]), store.SetDomain, store.SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := names(t, db, `SELECT name || ':' || status FROM outbox ORDER BY mutation_id`); got != "campaign.create:pending,campaign.publish:pending" {
		t.Fatalf("outbox: got %s", got)
	}
	var argsJSON string
	if err := db.R.Get(&argsJSON, `SELECT args_json FROM outbox WHERE mutation_id = 1`); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(argsJSON, `"visibility":"private"`) {
		t.Fatalf("outbox keeps the normalised arguments: got %s", argsJSON)
	}
	page, _ = svc.Campaigns.List(queries.CampaignQuery{Text: "Offline"})
	if len(page.Items) != 1 || page.Items[0].Status != "active" {
		t.Fatalf("the optimistic campaign: got %+v", page.Items)
	}

	// The influencer sees the private campaign it has a request on, and public ones.
	if err := svc.Session.SignOut(); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Session.SignIn("xena@example.com", password); err != nil {
		t.Fatal(err)
	}
	page, _ = svc.Campaigns.List(queries.CampaignQuery{Sort: "name"})
	got = got[:0]
	for _, r := range page.Items {
		got = append(got, r.Name)
	}
	if strings.Join(got, ",") != "acmePrivate,acmePublic,globexPublic" {
		t.Fatalf("influencer's campaigns: got %v", got)
	}
	cur, err := svc.Session.Current()
	if err != nil || cur == nil || cur.Email != "xena@example.com" {
		t.Fatalf("Current: got %+v, %v", cur, err)
	}
}

// expectedCell is the visibility rule for one column, written a second time in
// Go, independently of the SQL masks: what viewer (an account id; admin says
// whether it is an admin) must hold in column col of a canonical row.
func expectedCell(table, col string, row map[string]any, viewer string, admin bool) any {
	if admin {
		return row[col]
	}
	owner := map[string]string{"accounts": "id", "sponsor_profiles": "account_id", "campaigns": "sponsor_id"}[table]
	mine := owner != "" && fmt.Sprint(row[owner]) == viewer
	switch table + "." + col {
	case "accounts.email", "accounts.flag_reason", "sponsor_profiles.review_reason", "campaigns.flag_reason":
		if !mine {
			return ""
		}
	case "sponsor_profiles.budget", "campaigns.committed":
		if !mine {
			return int64(0)
		}
	case "sponsor_profiles.reviewed_by", "sponsor_profiles.reviewed_at":
		if !mine {
			return nil
		}
	case "campaigns.budget": // a public campaign's budget is what influencers search by
		if !mine && row["visibility"] != "public" {
			return int64(0)
		}
	}
	return row[col]
}

func rowMap(t *testing.T, db *store.Store, tb replica.Table, id any) map[string]any {
	t.Helper()
	row := map[string]any{}
	if err := db.R.QueryRowx(`SELECT `+strings.Join(tb.Columns, ", ")+` FROM `+tb.Name+` WHERE `+tb.Key()+` = ?`, id).MapScan(row); err != nil {
		t.Fatalf("%s %v: %v", tb.Name, id, err)
	}
	for k, v := range row {
		if b, ok := v.([]byte); ok {
			row[k] = string(b)
		}
	}
	return row
}

// TestCopyVisible_MasksColumnByColumn checks every column of every row each
// viewer holds against the canonical row and the rules above: campaign money is
// the sponsor's (a public campaign's budget excepted), a flag's reason is the
// flagged party's, and an invited influencer holds its own request's amount.
func TestCopyVisible_MasksColumnByColumn(t *testing.T) {
	c := newCanon(t)
	// Money committed on a private, a public and a (then) flagged campaign.
	c.do("xena", "adRequest.accept", map[string]any{"ad_request_id": c.ids["req"], "offer_id": c.ids["offer"]})
	for _, d := range []struct{ sponsor, campaign string }{{"acme", "acmePublic"}, {"globex", "globexPublic"}} {
		req, offer := domain.NewID(), domain.NewID()
		c.do(d.sponsor, "adRequest.send", map[string]any{"id": req, "offer_id": offer, "campaign_id": c.ids[d.campaign],
			"influencer_id": c.acc["yuri"], "amount": 2000, "requirements": "a post"})
		c.do("yuri", "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": offer})
	}
	c.do("admin", "admin.flag", map[string]any{"target": "campaign", "id": c.ids["globexPublic"], "reason": "fake followers"})

	for viewer := range c.acc {
		t.Run(viewer, func(t *testing.T) {
			db := c.copyFor(viewer)
			admin := viewer == "admin"
			for _, tb := range replica.Tables {
				var ids []string
				if err := db.R.Select(&ids, `SELECT `+tb.Key()+` FROM `+tb.Name); err != nil {
					t.Fatal(err)
				}
				for _, id := range ids {
					got, canon := rowMap(t, db, tb, id), rowMap(t, c.db, tb, id)
					for _, col := range tb.Columns {
						want := expectedCell(tb.Name, col, canon, c.acc[viewer], admin)
						if fmt.Sprint(got[col]) != fmt.Sprint(want) {
							t.Errorf("%s %s.%s: got %v, want %v (canonical %v)", id, tb.Name, col, got[col], want, canon[col])
						}
					}
				}
			}
		})
	}
	// The rules above at work, spelled out.
	cell := func(viewer, q string, args ...any) string {
		t.Helper()
		var s string
		if err := c.copyFor(viewer).R.Get(&s, q, args...); err != nil {
			t.Fatalf("%s: %s: %v", viewer, q, err)
		}
		return s
	}
	for _, tc := range []struct{ viewer, q, want string }{
		{"acme", `SELECT budget || '/' || committed FROM campaigns WHERE name = 'acmePrivate'`, "100000/5000"},
		{"xena", `SELECT budget || '/' || committed FROM campaigns WHERE name = 'acmePrivate'`, "0/0"},
		{"xena", `SELECT payment_amount FROM ad_requests`, "5000"},
		{"xena", `SELECT budget || '/' || committed FROM campaigns WHERE name = 'acmePublic'`, "100000/0"},
		{"newco", `SELECT budget || '/' || committed FROM campaigns WHERE name = 'acmePublic'`, "100000/0"},
		{"admin", `SELECT budget || '/' || committed FROM campaigns WHERE name = 'acmePublic'`, "100000/2000"},
		{"yuri", `SELECT flagged || ':' || flag_reason FROM campaigns WHERE name = 'globexPublic'`, "1:"},
		{"globex", `SELECT flagged || ':' || flag_reason FROM campaigns WHERE name = 'globexPublic'`, "1:fake followers"},
		{"admin", `SELECT flagged || ':' || flag_reason FROM campaigns WHERE name = 'globexPublic'`, "1:fake followers"},
	} {
		if got := cell(tc.viewer, tc.q); got != tc.want {
			t.Errorf("%s: %s: got %s, want %s", tc.viewer, tc.q, got, tc.want)
		}
	}
}

// TestMutate_OptimisticWithMaskedMoney runs an influencer's accept and withdraw
// on its desktop replica, where the campaign's budget and committed amount are
// masked: the desktop leaves the budget rule to the server instead of refusing a
// valid action (or breaking committed ≥ 0), and the server, which refuses an
// accept over budget, does not tell the influencer the sponsor's numbers.
func TestMutate_OptimisticWithMaskedMoney(t *testing.T) {
	c := newCanon(t)
	accept, _ := json.Marshal(map[string]any{"ad_request_id": c.ids["req"], "offer_id": c.ids["offer"]})
	withdraw, _ := json.Marshal(map[string]any{"ad_request_id": c.ids["req"]})
	run := func(db *store.Store, name string, args json.RawMessage) error {
		apply := mutate.ApplyOnReplica // the desktop's replica
		if db == c.db {
			apply = mutate.Apply // the server's database
		}
		return db.Write(context.Background(), func(tx *sqlx.Tx) error {
			return apply(tx, c.acc["xena"], name, args, c.now.Add(time.Hour))
		})
	}
	// Within budget: the replica accepts and withdraws; its masked numbers stay
	// what the next pull brings (0), the server's move.
	db := c.copyFor("xena")
	if err := run(db, "adRequest.accept", accept); err != nil {
		t.Fatalf("accept on the replica: %v", err)
	}
	if err := run(db, "adRequest.withdraw", withdraw); err != nil {
		t.Fatalf("withdraw of the accepted request on the replica: %v", err)
	}
	if got := names(t, db, `SELECT budget || '/' || committed FROM campaigns WHERE id = ?`, c.ids["acmePrivate"]); got != "0/0" {
		t.Errorf("replica's masked money: got %s, want 0/0", got)
	}
	// Over budget: the replica cannot know, the server refuses, in words that do
	// not give the sponsor's budget or commitments away.
	c.do("acme", "campaign.update", map[string]any{"id": c.ids["acmePrivate"], "budget": 4321})
	if err := run(c.copyFor("xena"), "adRequest.accept", accept); err != nil {
		t.Fatalf("accept on the replica: %v", err)
	}
	err := run(c.db, "adRequest.accept", accept)
	if domain.ErrorCode(err) != domain.CodeBudgetExceeded {
		t.Fatalf("accept over budget on the server: got %v, want budget_exceeded", err)
	}
	if msg := err.Error(); strings.Contains(msg, "43.21") || strings.Contains(msg, "committed") {
		t.Errorf("the refusal tells the influencer the campaign's money: %s", msg)
	}
	// The sponsor accepting over budget learns the numbers: they are its own.
	counter, _ := json.Marshal(map[string]any{"ad_request_id": c.ids["req"], "offer_id": domain.NewID(), "in_reply_to": c.ids["offer"],
		"amount": 5000, "requirements": "one reel"})
	if err := run(c.db, "adRequest.counter", counter); err != nil {
		t.Fatal(err)
	}
	var last string
	if err := c.db.R.Get(&last, `SELECT id FROM offers WHERE ad_request_id = ? ORDER BY seq DESC LIMIT 1`, c.ids["req"]); err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(map[string]any{"ad_request_id": c.ids["req"], "offer_id": last})
	err = c.db.Write(context.Background(), func(tx *sqlx.Tx) error {
		return mutate.Apply(tx, c.acc["acme"], "adRequest.accept", raw, c.now.Add(time.Hour))
	})
	if domain.ErrorCode(err) != domain.CodeBudgetExceeded || !strings.Contains(err.Error(), "43.21") {
		t.Errorf("sponsor's accept over budget: got %v, want budget_exceeded with its numbers", err)
	}
}

// TestMayHold_CoversVisibleAndNeverShrinks walks a history of visibility changes
// (publish, private and back, flags on campaigns and accounts, a sponsor's
// approval, a deactivation) and checks, after each step, for every viewer and
// table: every row the viewer may see now passes the may-hold rule, and every
// row that passed it before still does. Rows the viewer never could see stay out.
func TestMayHold_CoversVisibleAndNeverShrinks(t *testing.T) {
	c := newCanon(t)
	viewers := map[string]replica.Viewer{}
	for name, id := range c.acc {
		var role domain.Role
		if err := c.db.R.Get(&role, `SELECT role FROM accounts WHERE id = ?`, id); err != nil {
			t.Fatal(err)
		}
		viewers[name] = replica.Viewer{ID: id, Role: role}
	}
	set := func(q string, args []any) map[string]bool {
		t.Helper()
		rows, err := c.db.R.Queryx(q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		out := map[string]bool{}
		for rows.Next() {
			vals, err := rows.SliceScan()
			if err != nil {
				t.Fatal(err)
			}
			out[fmt.Sprint(vals[0])] = true
		}
		return out
	}
	held := map[string]map[string]bool{} // viewer/table -> keys that passed may-hold
	check := func(step string) {
		t.Helper()
		for name, v := range viewers {
			for _, tb := range replica.Tables {
				q, args := tb.Select(v, "")
				visible := set(q, args)
				q, args = tb.MayHoldWhere(v, "", "")
				may := set(q, args)
				for id := range visible {
					if !may[id] {
						t.Errorf("after %s: %s sees %s %s, which the may-hold rule leaves out", step, name, tb.Name, id)
					}
				}
				k := name + "/" + tb.Name
				for id := range held[k] {
					if !may[id] {
						t.Errorf("after %s: %s could hold %s %s before, not now", step, name, tb.Name, id)
					}
				}
				held[k] = may
			}
		}
	}
	check("the start")
	pub := func(name string) { c.do("acme", "campaign.publish", map[string]any{"id": c.ids[name]}) }
	vis := func(owner, name, v string) {
		c.do(owner, "campaign.setVisibility", map[string]any{"id": c.ids[name], "visibility": v})
	}
	steps := []struct {
		name string
		do   func()
	}{
		{"acmeDraft published", func() { pub("acmeDraft") }},
		{"acmeDraft made private", func() { vis("acme", "acmeDraft", "private") }},
		{"acmePrivate made public", func() { vis("acme", "acmePrivate", "public") }},
		{"acmePrivate made private again", func() { vis("acme", "acmePrivate", "private") }},
		{"globex flagged", func() {
			c.do("admin", "admin.flag", map[string]any{"target": "account", "id": c.acc["globex"], "reason": "fraud"})
		}},
		{"globexFlagged unflagged", func() {
			c.do("admin", "admin.unflag", map[string]any{"target": "campaign", "id": c.ids["globexFlagged"]})
		}},
		{"globex unflagged", func() { c.do("admin", "admin.unflag", map[string]any{"target": "account", "id": c.acc["globex"]}) }},
		// Listed by its sponsor's approval alone, the campaign row untouched by a
		// mutator (a pending sponsor cannot publish; older data can hold this).
		{"newcoDraft active while newco is pending", func() {
			c.db.W.MustExec(`UPDATE campaigns SET status = 'active' WHERE id = ?`, c.ids["newcoDraft"])
		}},
		{"newco approved", func() { c.do("admin", "admin.approveSponsor", map[string]any{"sponsor_id": c.acc["newco"]}) }},
		{"newco deactivated", func() {
			c.do("admin", "admin.setActive", map[string]any{"account_id": c.acc["newco"], "active": false})
		}},
		{"flo unflagged, yuri flagged", func() {
			c.do("admin", "admin.unflag", map[string]any{"target": "account", "id": c.acc["flo"]})
			c.do("admin", "admin.flag", map[string]any{"target": "account", "id": c.acc["yuri"], "reason": "bots"})
		}},
	}
	for _, s := range steps {
		s.do()
		check(s.name)
	}
	// What was never anyone's to see stays out: acme's request to xena for yuri
	// and globex, xena's notification for everyone else.
	var note string
	if err := c.db.R.Get(&note, `SELECT id FROM notifications WHERE account_id = ?`, c.acc["xena"]); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ viewer, table, id string }{
		{"yuri", "ad_requests", c.ids["req"]}, {"globex", "ad_requests", c.ids["req"]}, {"admin", "notifications", note},
		{"yuri", "notifications", note}, {"acme", "notifications", note},
	} {
		if held[tc.viewer+"/"+tc.table][tc.id] {
			t.Errorf("%s could hold %s %s, which it never could see", tc.viewer, tc.table, tc.id)
		}
	}
	// A sponsor's never-listed campaign, and the sponsor itself while it has no
	// listed campaign, are no one else's.
	c2 := newCanon(t)
	hidden := domain.NewID()
	c2.do("newco", "campaign.create", map[string]any{"id": hidden, "name": "Hush", "start_date": "2026-11-01",
		"end_date": "2026-12-31", "budget": 10, "visibility": "public"}) // a draft: never listed
	for _, name := range []string{"acme", "xena", "yuri"} {
		var role domain.Role
		if err := c2.db.R.Get(&role, `SELECT role FROM accounts WHERE id = ?`, c2.acc[name]); err != nil {
			t.Fatal(err)
		}
		v := replica.Viewer{ID: c2.acc[name], Role: role}
		for _, tc := range []struct{ table, id string }{{"campaigns", hidden}, {"accounts", c2.acc["newco"]}, {"sponsor_profiles", c2.acc["newco"]}} {
			tb, _ := replica.Lookup(tc.table)
			q, args := tb.MayHoldWhere(v, "", "t."+tb.Key()+" = ?", tc.id)
			var n int
			if err := c2.db.R.Get(&n, `SELECT COUNT(*) FROM (`+q+`)`, args...); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%s could hold newco's %s %s", name, tc.table, tc.id)
			}
		}
	}
}

// TestUndoTriggers_CoverEveryColumn: a desktop's undo log (desktop migrations 0002
// onwards) records the whole previous image of every synced row an optimistic
// change touches, so a refused change is rolled back column for column. A column
// added to a table without new undo triggers would survive a rollback (an
// optimistic escrow_state kept after the server refused the accept).
func TestUndoTriggers_CoverEveryColumn(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "replica.db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, tb := range replica.Tables {
		for _, kind := range []string{"ins", "upd", "del"} {
			var body string
			if err := db.R.Get(&body, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`, tb.Name+"_undo_"+kind); err != nil {
				t.Errorf("%s has no undo trigger %s: %v", tb.Name, kind, err)
				continue
			}
			if kind == "ins" {
				continue
			}
			for _, c := range tb.Columns {
				if !strings.Contains(body, "'"+c+"', OLD."+c) {
					t.Errorf("%s_undo_%s does not record column %s", tb.Name, kind, c)
				}
			}
		}
	}
}
