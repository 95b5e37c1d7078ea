package faulttest

import (
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/store"
)

// TestFaultChecksCatchTampering proves the fault test's checks can fail: after
// a clean, converged run, each kind of damage the faults could do (a row lost
// from a replica, a column gone stale, a row a user may not see, a mutation
// lost on the server, a row doubled, money out of balance) is planted by hand
// and must be reported, naming the table, the id and the difference.
func TestFaultChecksCatchTampering(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a server process")
	}
	r := newRun(t, 42)
	sponsor, infl := r.desks[1], r.desks[len(r.desks)-1]
	camp, req, offer := domain.NewID(), domain.NewID(), domain.NewID()
	if !sponsor.mutate("campaign.create", map[string]any{"id": camp, "name": "Tamper", "start_date": "2027-01-01",
		"end_date": "2027-12-31", "budget": 100_000, "visibility": "public", "publish": true}) {
		t.Fatal("campaign.create refused locally")
	}
	if !sponsor.mutate("adRequest.send", map[string]any{"id": req, "offer_id": offer, "campaign_id": camp,
		"influencer_id": infl.user.ID, "amount": 20_000, "requirements": "1 reel"}) {
		t.Fatal("adRequest.send refused locally")
	}
	r.healAndCheck(1) // clean: no violation
	for _, d := range r.desks {
		d.eng.Stop()
	}

	exec := func(db *sqlx.DB, q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(infl.db.W, `DELETE FROM offers WHERE id = ?`, offer)
	exec(sponsor.db.W, `UPDATE campaigns SET name = 'stale' WHERE id = ?`, camp)
	exec(infl.db.W, `INSERT INTO notifications (id, account_id, kind, title, body, ref_table, ref_id, created_at)
		SELECT 'planted', account_id, kind, title, body, ref_table, ref_id, created_at FROM notifications LIMIT 1`)
	var canon *sqlx.DB
	if store.IsPostgresURL(r.srv.db) {
		s, err := store.OpenServer(r.srv.db)
		if err != nil {
			t.Fatal(err)
		}
		canon = s.W
	} else {
		c, err := sqlx.Open("sqlite", store.DSN(r.srv.db, false))
		if err != nil {
			t.Fatal(err)
		}
		canon = c
	}
	defer canon.Close()
	exec(canon, `DELETE FROM mutation_results WHERE client_id = ? AND mutation_id = (SELECT MAX(mutation_id)
		FROM mutation_results WHERE client_id = ?)`, sponsor.clientID, sponsor.clientID)
	exec(canon, `UPDATE campaigns SET committed = committed + 1 WHERE id = ?`, camp)
	exec(canon, `INSERT INTO offers (id, ad_request_id, seq, author_id, author_role, amount, requirements, message, created_at, version)
		SELECT ?, ad_request_id, seq + 1, author_id, author_role, amount, requirements, message, created_at, version FROM offers WHERE id = ?`,
		domain.NewID(), offer)

	bad := strings.Join(r.violations(2), "\n")
	for _, want := range []string{
		infl.name + ": offers " + offer + " missing from the replica",
		sponsor.name + ": campaigns " + camp + " column name: replica \"stale\", server \"Tamper\"",
		infl.name + ": notifications planted in the replica but not visible on the server",
		sponsor.name + ": mutation 2 (adRequest.send) lost: the server no longer has its result",
		"campaigns " + camp + ": committed 1 cents, accepted and completed requests 0, budget 100000",
		"offers: the server has 2 rows, the applied mutations made 1", // one planted
	} {
		if !strings.Contains(bad, want) {
			t.Errorf("the checks did not report %q", want)
		}
	}
	if t.Failed() {
		t.Logf("they reported:\n%s", bad)
	}
}
