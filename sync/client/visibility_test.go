package client_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/seed"
	"iescp/backend/store"
	"iescp/sync/client"
	"iescp/sync/protocol"
	"iescp/sync/server"
)

// TestPull_NeverLeaksARow syncs each kind of demo account from a seeded server
// and checks every row it received against the visibility rules, written here a
// second time, independently of the server's SQL.
func TestPull_NeverLeaksARow(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	if _, err := seed.Generate(context.Background(), seed.Options{DataDir: dir, Password: pw, Influencers: 60,
		Sponsors: 8, Campaigns: 30, AdRequests: 120, Seed: 7, Now: now}); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{DBPath: filepath.Join(dir, seed.ServerDBName), Now: func() time.Time { return now },
		Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	canon := srv.DB()
	othersMoney := 0

	for _, email := range seed.DemoEmails {
		t.Run(email, func(t *testing.T) {
			ctx := context.Background()
			auth, user, err := client.Login(ctx, hs.URL, email, pw, &client.MemorySecrets{}, func() time.Time { return now })
			if err != nil {
				t.Fatal(err)
			}
			db, err := store.Open(filepath.Join(t.TempDir(), "r.db"), store.SetDomain, store.SetDesktop)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			eng, err := client.New(ctx, client.Config{ServerURL: hs.URL, DB: db, AccountID: user.ID, Tokens: auth, PageSize: 100})
			if err != nil {
				t.Fatal(err)
			}
			if err := eng.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			me, role := user.ID, domain.Role(user.Role)
			admin := role == domain.RoleAdmin
			// A sponsor reads as the organisation they act for (docs/teams.md): the
			// demo teammate as Northwind Outfitters.
			org := me
			if role == domain.RoleSponsor {
				if err := canon.R.Get(&org, `SELECT org_id FROM org_members WHERE account_id = ? AND status = 'active'`, me); err != nil {
					t.Fatal(err)
				}
			}
			var n int
			// Ad requests and offers: the parties (and admins) only.
			var reqs []domain.AdRequest
			if err := db.R.Select(&reqs, `SELECT * FROM ad_requests`); err != nil {
				t.Fatal(err)
			}
			for _, r := range reqs {
				var sponsor string
				if err := canon.R.Get(&sponsor, `SELECT sponsor_id FROM campaigns WHERE id = ?`, r.CampaignID); err != nil {
					t.Fatal(err)
				}
				if !admin && r.InfluencerID != me && sponsor != org {
					t.Errorf("ad request %s of others leaked", r.ID)
				}
			}
			if n = count(t, db, `SELECT COUNT(*) FROM offers o WHERE NOT EXISTS (SELECT 1 FROM ad_requests r WHERE r.id = o.ad_request_id)`); n > 0 {
				t.Errorf("%d offers without their (visible) request", n)
			}
			// Campaigns: own, public and live from an approved, unflagged, active
			// sponsor, or ones the influencer has a request on.
			var camps []domain.Campaign
			if err := db.R.Select(&camps, `SELECT * FROM campaigns`); err != nil {
				t.Fatal(err)
			}
			for _, c := range camps {
				var canonC domain.Campaign
				if err := canon.R.Get(&canonC, `SELECT * FROM campaigns WHERE id = ?`, c.ID); err != nil {
					t.Fatal(err)
				}
				var sp domain.Account
				if err := canon.R.Get(&sp, `SELECT * FROM accounts WHERE id = ?`, c.SponsorID); err != nil {
					t.Fatal(err)
				}
				var approval string
				if err := canon.R.Get(&approval, `SELECT approval FROM sponsor_profiles WHERE account_id = ?`, c.SponsorID); err != nil {
					t.Fatal(err)
				}
				var mine int
				if err := canon.R.Get(&mine, `SELECT COUNT(*) FROM ad_requests WHERE campaign_id = ? AND influencer_id = ?`, c.ID, me); err != nil {
					t.Fatal(err)
				}
				public := canonC.Visibility == "public" && (canonC.Status == "active" || canonC.Status == "completed") &&
					!canonC.Flagged && canonC.DeletedAt == nil && approval == "approved" && !sp.Flagged && sp.Active
				if !admin && c.SponsorID != org && mine == 0 && !public {
					t.Errorf("campaign %s (%s, %s, flagged=%v) leaked", c.Name, canonC.Visibility, canonC.Status, canonC.Flagged)
				}
				// Column by column: the money and a flag's reason are the sponsor's
				// (and admins'); a public campaign's budget is everyone's.
				want := canonC
				if !admin && c.SponsorID != org {
					want.Committed, want.FlagReason = 0, ""
					if canonC.Visibility != "public" {
						want.Budget = 0
					}
				}
				if got, exp := campaignCells(c), campaignCells(want); got != exp {
					t.Errorf("campaign %s:\n got  %s\n want %s", c.Name, got, exp)
				}
				if !admin && c.SponsorID != org && canonC.Committed != 0 {
					othersMoney++ // a check that could fail
				}
			}
			// Notifications: their owner only, admins included.
			if n = count(t, db, `SELECT COUNT(*) FROM notifications WHERE account_id <> ?`, me); n > 0 {
				t.Errorf("%d notifications of others leaked", n)
			}
			if !admin {
				if n = count(t, db, `SELECT COUNT(*) FROM accounts WHERE id <> ? AND (email <> '' OR flag_reason <> '')`, me); n > 0 {
					t.Errorf("%d other accounts' emails or flag reasons leaked", n)
				}
				if n = count(t, db, `SELECT COUNT(*) FROM sponsor_profiles WHERE account_id <> ? AND (budget <> 0 OR reviewed_by IS NOT NULL)`, org); n > 0 {
					t.Errorf("%d other sponsors' budgets or reviews leaked", n)
				}
				var hidden []string
				if err := canon.R.Select(&hidden, `SELECT id FROM accounts WHERE role = 'influencer' AND (flagged = 1 OR active = 0) AND id <> ?`, me); err != nil {
					t.Fatal(err)
				}
				for _, id := range hidden {
					if n = count(t, db, `SELECT COUNT(*) FROM influencer_profiles WHERE account_id = ?`, id); n > 0 {
						t.Errorf("flagged or deactivated influencer %s leaked", id)
					}
				}
			}
			if count(t, db, `SELECT COUNT(*) FROM influencer_profiles`) == 0 {
				t.Error("no influencer profiles at all: the sync brought nothing")
			}
		})
	}
	if othersMoney == 0 {
		t.Error("no viewer held another sponsor's campaign with money committed: the masks went unchecked")
	}
}

// campaignCells renders every column of a campaign, times in UTC.
func campaignCells(c domain.Campaign) string {
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	if c.DeletedAt != nil {
		d := c.DeletedAt.UTC()
		c.DeletedAt = &d
	}
	return fmt.Sprintf("%+v", c)
}

func count(t *testing.T, db *store.Store, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.R.Get(&n, q, args...); err != nil {
		t.Fatal(err)
	}
	return n
}

// pullFrom pulls, straight over HTTP as desktop d, every page from cursor on
// (small pages, so rounds span several) and returns the changes and the cursor
// to go on from.
func pullFrom(t *testing.T, p *platform, d *desktop, cursor int64) ([]protocol.Change, int64) {
	t.Helper()
	var all []protocol.Change
	for {
		var resp protocol.PullResponse
		status := post(t, p, d, "/sync/v1/pull", protocol.PullRequest{ClientID: d.engine.ClientID(),
			ProtocolVersion: protocol.ProtocolVersion, SchemaVersion: store.LatestVersion(store.SetDomain),
			Cursor: cursor, Limit: 3}, &resp)
		if status != http.StatusOK || resp.Reset {
			t.Fatalf("%s: pull from %d: status %d, reset %v", d.name, cursor, status, resp.Reset)
		}
		all = append(all, resp.Changes...)
		cursor = resp.Cursor
		if !resp.HasMore {
			return all, cursor
		}
	}
}

// TestPull_DelsNameOnlyRowsTheUserCouldHold: while other users pull
// incrementally, a sponsor works in private (a private campaign, ad requests on
// it, counter-offers, the notifications they make, an admin's flag on it). No
// other user's pull may name any of those rows, as put or del; a campaign they
// did see still leaves their replica when it is flagged or made private.
func TestPull_DelsNameOnlyRowsTheUserCouldHold(t *testing.T) {
	w := newWorld(t)
	bravo := w.register("sponsor", "bravo@example.com", "Bravo")
	delta := w.register("sponsor", "delta@example.com", "Delta")
	cal := w.register("influencer", "cal@example.com", "Cal")
	w.admin.sync()
	w.admin.must("admin.approveSponsor", map[string]any{"sponsor_id": bravo.ID})
	w.admin.must("admin.approveSponsor", map[string]any{"sponsor_id": delta.ID})
	w.admin.sync()
	b := w.desktopFor("bravo@example.com", "bravo")
	c := w.desktopFor("cal@example.com", "cal")
	dl := w.desktopFor("delta@example.com", "delta")
	b.sync()
	dl.sync()
	// Delta's public campaign, which Ivy and Acme download, then see made private.
	wasPublic := domain.NewID()
	dl.must("campaign.create", map[string]any{"id": wasPublic, "name": "Open call", "start_date": "2026-11-01",
		"end_date": "2026-12-31", "budget": 50_000, "visibility": "public", "publish": true})
	dl.sync()

	observers := []*desktop{w.infl, w.sponsor}
	cursors := map[*desktop]int64{}
	for _, d := range observers {
		changes, cur := pullFrom(t, w.platform, d, 0)
		held := false
		for _, ch := range changes {
			held = held || (ch.Table == "campaigns" && ch.ID == wasPublic && ch.Op == protocol.OpPut)
		}
		if !held {
			t.Fatalf("%s did not download Bravo's public campaign", d.name)
		}
		cursors[d] = cur
	}
	_, adminCursor := pullFrom(t, w.platform, w.admin, 0)

	// Bravo's private work.
	secret := map[string]string{} // id -> what it is
	private := domain.NewID()
	secret[private] = "private campaign"
	b.must("campaign.create", map[string]any{"id": private, "name": "Stealth launch", "start_date": "2026-11-01",
		"end_date": "2026-12-31", "budget": 80_000})
	b.must("campaign.update", map[string]any{"id": private, "goals": "quiet"})
	b.must("campaign.publish", map[string]any{"id": private})
	req, offer := domain.NewID(), domain.NewID()
	secret[req], secret[offer] = "ad request", "offer"
	b.must("adRequest.send", map[string]any{"id": req, "offer_id": offer, "campaign_id": private,
		"influencer_id": cal.ID, "amount": 7000, "requirements": "2 posts"})
	b.sync()
	c.sync()
	counter := domain.NewID()
	secret[counter] = "counter-offer"
	c.must("adRequest.counter", map[string]any{"ad_request_id": req, "offer_id": counter, "in_reply_to": offer,
		"amount": 9000, "requirements": "2 posts"})
	c.sync()
	b.sync()
	b.must("adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": counter})
	b.sync()
	w.admin.sync()
	w.admin.must("admin.flag", map[string]any{"target": "campaign", "id": private, "reason": "undisclosed ad"})
	w.admin.sync()
	var notes []string
	if err := w.srv.DB().R.Select(&notes, `SELECT id FROM notifications WHERE account_id IN (?, ?)`, bravo.ID, cal.ID); err != nil {
		t.Fatal(err)
	}
	if len(notes) < 3 {
		t.Fatalf("want the request, counter, accept and flag to notify Bravo and Cal, got %d notifications", len(notes))
	}
	for _, n := range notes {
		secret[n] = "notification"
	}
	secret[bravo.ID] = "Bravo's account or profile (Bravo never had anything public)"

	// And the changes the observers must see: Delta's campaign made private,
	// Acme's public campaign flagged.
	dl.must("campaign.setVisibility", map[string]any{"id": wasPublic, "visibility": "private"})
	dl.sync()
	w.admin.must("admin.flag", map[string]any{"target": "campaign", "id": w.campaign, "reason": "fake giveaway"})
	w.admin.sync()

	for _, d := range observers {
		changes, _ := pullFrom(t, w.platform, d, cursors[d])
		dels := map[string]bool{}
		for _, ch := range changes {
			if what, ok := secret[ch.ID]; ok {
				t.Errorf("%s's pull names %s %s (%s %s)", d.name, what, ch.ID, ch.Op, ch.Table)
			}
			if ch.Op == protocol.OpDel {
				dels[ch.Table+"/"+ch.ID] = true
			}
		}
		if !dels["campaigns/"+wasPublic] {
			t.Errorf("%s: Delta's campaign made private did not leave its replica (no del)", d.name)
		}
		if d == w.infl && !dels["campaigns/"+w.campaign] {
			t.Errorf("%s: Acme's flagged campaign did not leave its replica (no del)", d.name)
		}
	}
	// An admin may hold every row but other accounts' notifications.
	adminChanges, _ := pullFrom(t, w.platform, w.admin, adminCursor)
	for _, ch := range adminChanges {
		if ch.Table == "notifications" && secret[ch.ID] != "" {
			t.Errorf("the admin's pull names another account's notification %s (%s)", ch.ID, ch.Op)
		}
	}
	// The engines apply the same pulls: each replica is what its user may see.
	for _, d := range append(observers, b, c, dl, w.admin) {
		d.sync()
		d.expectConverged()
	}
}
