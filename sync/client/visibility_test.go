package client_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/seed"
	"iescp/backend/store"
	"iescp/sync/client"
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
			var n int
			// Ad requests and offers: the parties (and admins) only.
			var reqs []domain.AdRequest
			db.R.Select(&reqs, `SELECT * FROM ad_requests`)
			for _, r := range reqs {
				var sponsor string
				canon.R.Get(&sponsor, `SELECT sponsor_id FROM campaigns WHERE id = ?`, r.CampaignID)
				if !admin && r.InfluencerID != me && sponsor != me {
					t.Errorf("ad request %s of others leaked", r.ID)
				}
			}
			if n = count(t, db, `SELECT COUNT(*) FROM offers o WHERE NOT EXISTS (SELECT 1 FROM ad_requests r WHERE r.id = o.ad_request_id)`); n > 0 {
				t.Errorf("%d offers without their (visible) request", n)
			}
			// Campaigns: own, public and live from an approved, unflagged, active
			// sponsor, or ones the influencer has a request on.
			var camps []domain.Campaign
			db.R.Select(&camps, `SELECT * FROM campaigns`)
			for _, c := range camps {
				var canonC domain.Campaign
				canon.R.Get(&canonC, `SELECT * FROM campaigns WHERE id = ?`, c.ID)
				var sp domain.Account
				canon.R.Get(&sp, `SELECT * FROM accounts WHERE id = ?`, c.SponsorID)
				var approval string
				canon.R.Get(&approval, `SELECT approval FROM sponsor_profiles WHERE account_id = ?`, c.SponsorID)
				var mine int
				canon.R.Get(&mine, `SELECT COUNT(*) FROM ad_requests WHERE campaign_id = ? AND influencer_id = ?`, c.ID, me)
				public := canonC.Visibility == "public" && (canonC.Status == "active" || canonC.Status == "completed") &&
					!canonC.Flagged && canonC.DeletedAt == nil && approval == "approved" && !sp.Flagged && sp.Active
				if !admin && c.SponsorID != me && mine == 0 && !public {
					t.Errorf("campaign %s (%s, %s, flagged=%v) leaked", c.Name, canonC.Visibility, canonC.Status, canonC.Flagged)
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
				if n = count(t, db, `SELECT COUNT(*) FROM sponsor_profiles WHERE account_id <> ? AND (budget <> 0 OR reviewed_by IS NOT NULL)`, me); n > 0 {
					t.Errorf("%d other sponsors' budgets or reviews leaked", n)
				}
				var hidden []string
				canon.R.Select(&hidden, `SELECT id FROM accounts WHERE role = 'influencer' AND (flagged = 1 OR active = 0) AND id <> ?`, me)
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
}

func count(t *testing.T, db *store.Store, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.R.Get(&n, q, args...); err != nil {
		t.Fatal(err)
	}
	return n
}
