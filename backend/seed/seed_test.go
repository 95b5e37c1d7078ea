package seed

import (
	"bytes"
	"context"
	"iescp/backend/auth"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/localdata"
	"iescp/backend/mutate"
	"iescp/backend/store"
)

var testNow = time.Date(2026, 11, 15, 10, 30, 0, 0, time.UTC)

const testPassword = "correct horse battery staple"

func defaults(dir string) Options {
	return Options{DataDir: dir, Password: testPassword, Influencers: DefaultInfluencers, Sponsors: DefaultSponsors,
		Campaigns: DefaultCampaigns, AdRequests: DefaultAdRequests, Seed: 42, Now: testNow}
}

// seeded generates the default data set once per test binary.
var seededDB struct {
	path string
	sum  Summary
}

func seeded(t *testing.T) (*store.Store, Summary) {
	t.Helper()
	if seededDB.path == "" {
		dir, err := os.MkdirTemp("", "iescp-seed-test")
		if err != nil {
			t.Fatal(err)
		}
		sum, err := Generate(context.Background(), defaults(dir))
		if err != nil {
			t.Fatal(err)
		}
		seededDB.path, seededDB.sum = sum.Path, sum
	}
	s, err := store.Open(seededDB.path, store.SetDomain, store.SetServer)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, seededDB.sum
}

func TestMain(m *testing.M) {
	code := m.Run()
	if seededDB.path != "" {
		os.RemoveAll(filepath.Dir(seededDB.path))
	}
	os.Exit(code)
}

func count(t *testing.T, s *store.Store, q string, args ...any) int {
	t.Helper()
	var n int
	if err := s.R.Get(&n, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestGenerate_Counts(t *testing.T) {
	s, sum := seeded(t)
	for _, c := range []struct {
		name string
		q    string
		min  int
	}{
		{"influencers", `SELECT COUNT(*) FROM influencer_profiles`, 200},
		{"influencer accounts", `SELECT COUNT(*) FROM accounts WHERE role = 'influencer'`, 200},
		{"sponsors", `SELECT COUNT(*) FROM sponsor_profiles`, 30},
		{"admins", `SELECT COUNT(*) FROM accounts WHERE role = 'admin'`, 1},
		{"campaigns", `SELECT COUNT(*) FROM campaigns`, 100},
		{"ad requests", `SELECT COUNT(*) FROM ad_requests`, 500},
		{"offers", `SELECT COUNT(*) FROM offers`, 500},
		{"reviews", `SELECT COUNT(*) FROM reviews`, 1},
		{"notifications", `SELECT COUNT(*) FROM notifications`, 1},
		{"credentials", `SELECT COUNT(*) FROM credentials`, 232},
		{"flagged accounts", `SELECT COUNT(*) FROM accounts WHERE flagged = 1`, 2},
		{"deactivated accounts", `SELECT COUNT(*) FROM accounts WHERE active = 0`, 2},
		{"flagged campaigns", `SELECT COUNT(*) FROM campaigns WHERE flagged = 1`, 1},
		{"public campaigns", `SELECT COUNT(*) FROM campaigns WHERE visibility = 'public'`, 1},
		{"private campaigns", `SELECT COUNT(*) FROM campaigns WHERE visibility = 'private'`, 1},
		{"influencer search index", `SELECT COUNT(*) FROM influencer_search_docs`, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := count(t, s, c.q); got < c.min {
				t.Errorf("got %d, want at least %d", got, c.min)
			}
		})
	}
	if got := count(t, s, `SELECT COUNT(*) FROM accounts`); got != sum.Accounts {
		t.Errorf("summary says %d accounts, database has %d", sum.Accounts, got)
	}
	for _, c := range []struct {
		table string
		n     int
	}{{"deliverables", sum.Deliverables}, {"deliverable_metrics", sum.Metrics}, {"tracking_links", sum.TrackingLinks}} {
		if got := count(t, s, `SELECT COUNT(*) FROM `+c.table); got != c.n || got == 0 {
			t.Errorf("summary says %d %s, database has %d (want the same, more than none)", c.n, c.table, got)
		}
	}
	if got := count(t, s, `SELECT COUNT(*) FROM accounts a LEFT JOIN credentials c ON c.account_id = a.id
		WHERE c.account_id IS NULL`); got != 0 {
		t.Errorf("got %d accounts without credentials, want 0", got)
	}
}

func TestGenerate_EveryState(t *testing.T) {
	s, _ := seeded(t)
	for _, q := range []struct{ table, col, values string }{
		{"ad_requests", "status", "pending accepted rejected withdrawn completed"},
		{"campaigns", "status", "draft active completed cancelled"},
		{"sponsor_profiles", "approval", "pending approved rejected"},
	} {
		for _, v := range strings.Fields(q.values) {
			if n := count(t, s, `SELECT COUNT(*) FROM `+q.table+` WHERE `+q.col+` = ?`, v); n == 0 {
				t.Errorf("%s: no row with %s = %s", q.table, q.col, v)
			}
		}
	}
	// Pending requests waiting for either side, and requests withdrawn after acceptance.
	for _, role := range []string{"sponsor", "influencer"} {
		if n := count(t, s, `SELECT COUNT(*) FROM ad_requests r JOIN offers o ON o.ad_request_id = r.id
			WHERE r.status = 'pending' AND o.seq = (SELECT MAX(seq) FROM offers WHERE ad_request_id = r.id)
			AND o.author_role = ?`, role); n == 0 {
			t.Errorf("no pending request whose latest offer is by the %s", role)
		}
	}
	if n := count(t, s, `SELECT COUNT(*) FROM offers WHERE seq = 4`); n == 0 {
		t.Error("no four-round negotiation")
	}
}

func TestGenerate_DemoAccounts(t *testing.T) {
	s, _ := seeded(t)
	want := map[string]string{"admin@iescp.demo": "admin", "sponsor@iescp.demo": "sponsor",
		"pending@iescp.demo": "sponsor", "influencer@iescp.demo": "influencer", "influencer2@iescp.demo": "influencer",
		"teammate@iescp.demo": "sponsor"}
	// The teammate acts for the demo sponsor's organisation, as a manager; every
	// sponsor founded one (the server's trigger).
	if n := count(t, s, `SELECT COUNT(*) FROM org_members m JOIN accounts a ON a.id = m.account_id JOIN accounts o ON o.id = m.org_id
		WHERE a.email = 'teammate@iescp.demo' AND o.email = 'sponsor@iescp.demo' AND m.role = 'manager' AND m.status = 'active'`); n != 1 {
		t.Errorf("the demo teammate has %d active memberships of the demo sponsor's team, want 1", n)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM accounts a WHERE a.role = 'sponsor' AND NOT EXISTS (SELECT 1 FROM org_members m WHERE m.account_id = a.id AND m.status = 'active')`); n != 0 {
		t.Errorf("%d sponsors act for no organisation", n)
	}
	for email, role := range want {
		var got struct {
			ID, Role string
			Active   bool
			Flagged  bool
		}
		if err := s.R.QueryRow(`SELECT id, role, active, flagged FROM accounts WHERE email = ?`, email).
			Scan(&got.ID, &got.Role, &got.Active, &got.Flagged); err != nil {
			t.Fatalf("%s: %v", email, err)
		}
		if got.Role != role || !got.Active || got.Flagged {
			t.Errorf("%s: got role %s active %v flagged %v, want %s, active, not flagged", email, got.Role, got.Active, got.Flagged, role)
		}
	}
	approval := func(email string) string {
		var a string
		if err := s.R.Get(&a, `SELECT approval FROM sponsor_profiles p JOIN accounts a ON a.id = p.account_id
			WHERE a.email = ?`, email); err != nil {
			t.Fatal(err)
		}
		return a
	}
	if got := approval("sponsor@iescp.demo"); got != "approved" {
		t.Errorf("sponsor@iescp.demo: got %s, want approved", got)
	}
	if got := approval("pending@iescp.demo"); got != "pending" {
		t.Errorf("pending@iescp.demo: got %s, want pending", got)
	}
	for _, who := range []struct{ email, join string }{
		{"sponsor@iescp.demo", `JOIN campaigns c ON c.id = r.campaign_id JOIN accounts a ON a.id = c.sponsor_id`},
		{"influencer@iescp.demo", `JOIN accounts a ON a.id = r.influencer_id`},
	} {
		n := count(t, s, `SELECT COUNT(DISTINCT r.status) FROM ad_requests r `+who.join+` WHERE a.email = ?`, who.email)
		if n != 5 {
			t.Errorf("%s: requests in %d states, want all 5", who.email, n)
		}
	}
	waiting := count(t, s, `SELECT COUNT(*) FROM ad_requests r JOIN accounts a ON a.id = r.influencer_id
		JOIN offers o ON o.ad_request_id = r.id AND o.seq = (SELECT MAX(seq) FROM offers WHERE ad_request_id = r.id)
		WHERE a.email = 'influencer@iescp.demo' AND r.status = 'pending' AND o.author_role = 'sponsor'`)
	if waiting < 2 {
		t.Errorf("influencer@iescp.demo: %d requests waiting for an answer, want at least 2", waiting)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM campaigns c JOIN accounts a ON a.id = c.sponsor_id
		WHERE a.email = 'sponsor@iescp.demo'`); n < 6 {
		t.Errorf("sponsor@iescp.demo: %d campaigns, want several", n)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM accounts WHERE email NOT LIKE '%@iescp.demo'
		AND email NOT LIKE '%.%@example.com'`); n != 0 {
		t.Errorf("%d accounts with an email outside the documented patterns", n)
	}
}

// The deals' work is derived as the mutators derive it: each deliverable's id from
// its accepted offer (mutate.DeliverableID), each tracking link by
// mutate.NewTrackingLink from the request and its campaign (so its landing page,
// with UTM parameters); the demo influencers' accepted deals show the steps.
func TestGenerate_WorkAsTheMutatorsMakeIt(t *testing.T) {
	s, _ := seeded(t)
	var dels []struct {
		ID      string `db:"id"`
		OfferID string `db:"offer_id"`
		Seq     int    `db:"seq"`
	}
	if err := s.R.Select(&dels, `SELECT d.id, o.id AS offer_id, d.seq FROM deliverables d JOIN offers o
		ON o.ad_request_id = d.ad_request_id AND o.seq = (SELECT MAX(seq) FROM offers WHERE ad_request_id = d.ad_request_id)`); err != nil {
		t.Fatal(err)
	}
	if len(dels) < 100 {
		t.Fatalf("%d deliverables, want the work of every accepted and completed deal", len(dels))
	}
	for _, d := range dels {
		if want := mutate.DeliverableID(d.OfferID, d.Seq-1); d.ID != want {
			t.Fatalf("deliverable %d of offer %s: id %s, want %s", d.Seq, d.OfferID, d.ID, want)
		}
	}
	var links []struct {
		domain.TrackingLink
		Campaign string `db:"campaign"`
		Landing  string `db:"landing_url"`
	}
	if err := s.R.Select(&links, `SELECT l.*, c.name AS campaign, c.landing_url FROM tracking_links l
		JOIN ad_requests r ON r.id = l.ad_request_id JOIN campaigns c ON c.id = r.campaign_id`); err != nil {
		t.Fatal(err)
	}
	for _, l := range links {
		want, err := mutate.NewTrackingLink(l.AdRequestID, &domain.Campaign{Name: l.Campaign, LandingURL: l.Landing}, l.CreatedAt,
			func(string, string) (bool, error) { return false, nil })
		if err != nil {
			t.Fatal(err)
		}
		if l.ID != want.ID || l.Code != want.Code || l.PromoCode != want.PromoCode || l.Hashtag != want.Hashtag ||
			l.Slug != want.Slug || l.TargetURL != want.TargetURL || !strings.Contains(l.TargetURL, "utm_content="+l.Code) {
			t.Fatalf("tracking link %+v, want %+v", l.TrackingLink, want)
		}
	}
	for _, email := range []string{"influencer@iescp.demo", "influencer2@iescp.demo"} {
		var steps []string
		if err := s.R.Select(&steps, `SELECT d.status FROM deliverables d JOIN ad_requests r ON r.id = d.ad_request_id
			JOIN accounts a ON a.id = r.influencer_id WHERE a.email = ? AND r.status = 'accepted' ORDER BY d.seq`, email); err != nil {
			t.Fatal(err)
		}
		if strings.Join(steps, " ") != "posted draft_submitted todo" {
			t.Errorf("%s's accepted deal: deliverables %v, want posted, draft_submitted, todo", email, steps)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM deliverable_metrics m JOIN deliverables d ON d.id = m.deliverable_id
			JOIN ad_requests r ON r.id = d.ad_request_id JOIN accounts a ON a.id = r.influencer_id
			WHERE a.email = ? AND r.status = 'completed'`, email); n == 0 {
			t.Errorf("%s's completed deal has no metrics", email)
		}
	}
}

func TestGenerate_Invariants(t *testing.T) {
	s, _ := seeded(t)
	cases := []struct{ name, q string }{
		{"committed equals accepted+completed", `SELECT COUNT(*) FROM campaigns c WHERE c.committed <>
			(SELECT COALESCE(SUM(payment_amount), 0) FROM ad_requests r
			 WHERE r.campaign_id = c.id AND r.status IN ('accepted', 'completed') AND r.deleted_at IS NULL)`},
		{"committed within budget", `SELECT COUNT(*) FROM campaigns WHERE committed > budget`},
		{"offers seq contiguous from 1", `SELECT COUNT(*) FROM ad_requests r WHERE
			(SELECT COUNT(*) FROM offers o WHERE o.ad_request_id = r.id) = 0 OR
			(SELECT MIN(seq) FROM offers o WHERE o.ad_request_id = r.id) <> 1 OR
			(SELECT MAX(seq) FROM offers o WHERE o.ad_request_id = r.id) <> (SELECT COUNT(*) FROM offers o WHERE o.ad_request_id = r.id)`},
		{"offers alternate parties", `SELECT COUNT(*) FROM offers a JOIN offers b
			ON b.ad_request_id = a.ad_request_id AND b.seq = a.seq + 1 WHERE a.author_role = b.author_role`},
		{"first offer by the initiator", `SELECT COUNT(*) FROM ad_requests r JOIN offers o ON o.ad_request_id = r.id
			AND o.seq = 1 WHERE o.author_role <> r.initiated_by`},
		{"offer authors are the parties", `SELECT COUNT(*) FROM offers o JOIN ad_requests r ON r.id = o.ad_request_id
			JOIN campaigns c ON c.id = r.campaign_id WHERE o.author_id <> CASE o.author_role
			WHEN 'sponsor' THEN c.sponsor_id ELSE r.influencer_id END`},
		{"payment is the latest offer", `SELECT COUNT(*) FROM ad_requests r JOIN offers o ON o.ad_request_id = r.id
			AND o.seq = (SELECT MAX(seq) FROM offers WHERE ad_request_id = r.id) WHERE o.amount <> r.payment_amount`},
		{"one open request per influencer and campaign", `SELECT COUNT(*) FROM (SELECT 1 FROM ad_requests
			WHERE status IN ('pending', 'accepted') GROUP BY campaign_id, influencer_id HAVING COUNT(*) > 1)`},
		{"influencers apply to public campaigns only", `SELECT COUNT(*) FROM ad_requests r JOIN campaigns c
			ON c.id = r.campaign_id WHERE r.initiated_by = 'influencer' AND c.visibility = 'private'`},
		{"no requests on drafts", `SELECT COUNT(*) FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id
			WHERE c.status = 'draft'`},
		{"campaigns only of approved sponsors", `SELECT COUNT(*) FROM campaigns c JOIN sponsor_profiles p
			ON p.account_id = c.sponsor_id WHERE p.approval <> 'approved'`},
		{"reviews only on completed requests", `SELECT COUNT(*) FROM reviews v JOIN ad_requests r ON r.id = v.ad_request_id
			WHERE r.status <> 'completed'`},
		{"responded and completed stamps", `SELECT COUNT(*) FROM ad_requests WHERE
			(status IN ('accepted', 'rejected', 'completed') AND responded_at IS NULL) OR
			(status = 'pending' AND responded_at IS NOT NULL) OR
			((status = 'completed') <> (completed_at IS NOT NULL))`},
		{"nothing in the future", `SELECT (SELECT COUNT(*) FROM offers WHERE created_at > ?) +
			(SELECT COUNT(*) FROM ad_requests WHERE updated_at > ? OR created_at > updated_at) +
			(SELECT COUNT(*) FROM reviews WHERE created_at > ?) + (SELECT COUNT(*) FROM notifications WHERE created_at > ?)`},
		{"offers in order", `SELECT COUNT(*) FROM offers a JOIN offers b ON b.ad_request_id = a.ad_request_id
			AND b.seq = a.seq + 1 WHERE b.created_at < a.created_at`},
		// The money (docs/money.md): every accepted deal funded, every completed one
		// released, every one withdrawn after acceptance refunded, and the ledger
		// agreeing with the deals' escrow columns.
		{"escrow state follows the deal", `SELECT COUNT(*) FROM ad_requests WHERE
			(status = 'accepted' AND escrow_state <> 'funded') OR (status = 'completed' AND escrow_state <> 'released') OR
			(status IN ('pending', 'rejected') AND escrow_state <> '') OR
			(escrow_state <> '' AND escrow_cents <> payment_amount)`},
		{"the ledger holds each funded deal's escrow", `SELECT COUNT(*) FROM ad_requests r WHERE
			(SELECT COALESCE(SUM(balance), 0) FROM ledger_balances b WHERE b.kind = 'escrow' AND b.owner_id = r.id)
			<> CASE r.escrow_state WHEN 'funded' THEN r.escrow_cents ELSE 0 END`},
		{"influencers earned their released deals less 10 %", `SELECT COUNT(*) FROM accounts a WHERE a.role = 'influencer' AND
			(SELECT COALESCE(SUM(balance), 0) FROM ledger_balances b WHERE b.kind = 'influencer_earnings' AND b.owner_id = a.id) <>
			(SELECT COALESCE(SUM(released_cents - (released_cents * commission_bps + 5000) / 10000), 0) FROM ad_requests r
			 WHERE r.influencer_id = a.id AND r.escrow_state = 'released')`},
		// The work (deliverables.go): every accepted or completed deal has its accepted
		// offer's deliverables and a tracking link, nothing else has either.
		{"offers carry 1-3 deliverable terms", `SELECT COUNT(*) FROM offers WHERE json_array_length(deliverables) NOT BETWEEN 1 AND 3`},
		{"deliverables and links on accepted and completed deals only", `SELECT COUNT(*) FROM ad_requests r WHERE
			(r.status IN ('accepted', 'completed')) <> EXISTS (SELECT 1 FROM deliverables d WHERE d.ad_request_id = r.id) OR
			(r.status IN ('accepted', 'completed')) <> EXISTS (SELECT 1 FROM tracking_links l WHERE l.ad_request_id = r.id)`},
		{"deliverables are the accepted offer's terms", `SELECT COUNT(*) FROM ad_requests r
			JOIN offers o ON o.ad_request_id = r.id AND o.seq = (SELECT MAX(seq) FROM offers WHERE ad_request_id = r.id)
			WHERE r.status IN ('accepted', 'completed') AND (
			(SELECT COUNT(*) FROM deliverables d WHERE d.ad_request_id = r.id) <> json_array_length(o.deliverables) OR
			EXISTS (SELECT 1 FROM deliverables d, json_each(o.deliverables) t WHERE d.ad_request_id = r.id AND t.key = d.seq - 1
				AND (json_extract(t.value, '$.platform') <> d.platform OR json_extract(t.value, '$.content_type') <> d.content_type
				OR json_extract(t.value, '$.quantity') <> d.quantity OR json_extract(t.value, '$.due_date') <> d.due_date
				OR json_extract(t.value, '$.brief') <> d.brief)))`},
		{"a completed deal's deliverables are all accepted with a proof, the last when it completed", `SELECT COUNT(*)
			FROM deliverables d JOIN ad_requests r ON r.id = d.ad_request_id WHERE r.status = 'completed' AND (
			d.status <> 'accepted' OR d.posted_at IS NULL OR d.proof_url NOT LIKE 'https://%' OR d.decided_at IS NULL OR
			d.decided_at > r.completed_at OR d.auto_accept_after = '') OR (r.status = 'completed' AND d.seq =
			(SELECT MAX(seq) FROM deliverables WHERE ad_request_id = r.id) AND d.decided_at <> r.completed_at)`},
		{"an accepted deal's deliverables are under way, none accepted", `SELECT COUNT(*) FROM deliverables d
			JOIN ad_requests r ON r.id = d.ad_request_id WHERE r.status = 'accepted' AND d.status IN ('accepted', 'disputed')`},
		{"each step has its stamps", `SELECT COUNT(*) FROM deliverables WHERE
			(status = 'todo' AND (submitted_at IS NOT NULL OR draft_text <> '')) OR
			(status <> 'todo' AND (submitted_at IS NULL OR draft_text = '')) OR
			(status = 'changes_requested' AND change_comment = '') OR
			((status IN ('posted', 'accepted')) <> (posted_at IS NOT NULL AND proof_url <> '' AND auto_accept_after <> ''))`},
		{"the work in order, after acceptance, before now", `SELECT COUNT(*) FROM deliverables d
			JOIN ad_requests r ON r.id = d.ad_request_id WHERE d.submitted_at < r.responded_at OR d.posted_at < d.submitted_at
			OR d.decided_at < d.submitted_at OR d.updated_at > ? OR d.posted_at > ? OR d.created_at <> r.responded_at
			OR (d.status IN ('changes_requested', 'approved_for_posting', 'posted') AND d.decided_at IS NULL)
			OR (d.status = 'posted' AND d.decided_at > d.posted_at) OR (d.status = 'accepted' AND d.decided_at < d.posted_at)
			OR (d.status IN ('todo', 'draft_submitted') AND d.decided_at IS NOT NULL)`},
		{"a posted proof on an accepted deal is not yet due for auto-accept", `SELECT COUNT(*) FROM deliverables d
			JOIN ad_requests r ON r.id = d.ad_request_id WHERE r.status = 'accepted' AND d.status = 'posted'
			AND d.auto_accept_after <= date(?)`},
		{"metrics of posted work, each after its checkpoint, 7 days at least the 24 hours", `SELECT COUNT(*)
			FROM deliverable_metrics m JOIN deliverables d ON d.id = m.deliverable_id WHERE d.posted_at IS NULL OR
			m.reported_at < datetime(d.posted_at, CASE m.checkpoint WHEN '24h' THEN '+1 day' ELSE '+7 days' END) OR
			m.reported_at > ? OR m.checkpoint = '30d' OR m.reach > m.views OR m.likes > m.views OR
			(m.checkpoint = '7d' AND m.views < (SELECT views FROM deliverable_metrics x WHERE x.deliverable_id = d.id
			AND x.checkpoint = '24h'))`},
		{"clicks only where something was posted", `SELECT COUNT(*) FROM tracking_links l WHERE l.clicks > 0 AND NOT EXISTS
			(SELECT 1 FROM deliverable_metrics m JOIN deliverables d ON d.id = m.deliverable_id WHERE d.ad_request_id = l.ad_request_id)`},
		{"no wallet below zero and balances sum to zero", `SELECT (SELECT COUNT(*) FROM ledger_balances
			WHERE kind <> 'outside_world' AND balance < 0) + (SELECT ABS(COALESCE(SUM(balance), 0)) FROM ledger_balances)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var args []any
			for range strings.Count(c.q, "?") {
				args = append(args, testNow)
			}
			if got := count(t, s, c.q, args...); got != 0 {
				t.Errorf("got %d violations, want 0", got)
			}
		})
	}
	t.Run("foreign keys", func(t *testing.T) {
		rows, err := s.R.Queryx(`PRAGMA foreign_key_check`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			m := map[string]any{}
			_ = rows.MapScan(m)
			t.Errorf("foreign key violation: %v", m)
		}
	})
	t.Run("fts integrity", func(t *testing.T) {
		for _, tbl := range []string{"influencer_search", "campaign_search"} {
			if _, err := s.W.Exec(`INSERT INTO ` + tbl + `(` + tbl + `, rank) VALUES ('integrity-check', 1)`); err != nil {
				t.Errorf("%s: %v", tbl, err)
			}
		}
	})
	t.Run("ids are uuidv7", func(t *testing.T) {
		var ids []string
		if err := s.R.Select(&ids, `SELECT id FROM accounts UNION ALL SELECT id FROM offers LIMIT 200`); err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if !domain.ValidID(id) || id[14] != '7' {
				t.Fatalf("id %s is not a UUIDv7", id)
			}
		}
	})
}

func TestGenerate_Deterministic(t *testing.T) {
	o := Options{Password: testPassword, Influencers: 60, Sponsors: 8, Campaigns: 20, AdRequests: 80, Seed: 7, Now: testNow}
	dump := func(seed int64) string {
		o.DataDir, o.Seed = t.TempDir(), seed
		sum, err := Generate(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		s, err := store.Open(sum.Path, store.SetDomain)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		var b strings.Builder
		for _, q := range []string{
			`SELECT id || email || name || active || flagged || created_at FROM accounts ORDER BY id`,
			`SELECT account_id || display_name || bio || reach_total FROM influencer_profiles ORDER BY account_id`,
			`SELECT id || name || start_date || end_date || budget || committed || status FROM campaigns ORDER BY id`,
			`SELECT id || status || payment_amount || created_at FROM ad_requests ORDER BY id`,
			`SELECT id || seq || amount || author_role FROM offers ORDER BY id`,
			`SELECT id || rating FROM reviews ORDER BY id`,
			`SELECT id || kind || params FROM notifications ORDER BY id`,
			`SELECT id || deliverables FROM offers ORDER BY id`,
			`SELECT id || status || platform || due_date || COALESCE(posted_at, '') || proof_url FROM deliverables ORDER BY id`,
			`SELECT id || views || reach || reported_at FROM deliverable_metrics ORDER BY id`,
			`SELECT id || code || promo_code || target_url || clicks FROM tracking_links ORDER BY id`,
		} {
			var rows []string
			if err := s.R.Select(&rows, q); err != nil {
				t.Fatal(err)
			}
			b.WriteString(strings.Join(rows, "\n"))
		}
		return b.String()
	}
	a, b, c := dump(7), dump(7), dump(8)
	if a != b {
		t.Error("two runs with the same seed made different data")
	}
	if a == c {
		t.Error("different seeds made the same data")
	}
}

func TestGenerate_Passwords(t *testing.T) {
	s, _ := seeded(t)
	var hashes []string
	if err := s.R.Select(&hashes, `SELECT c.password_hash FROM credentials c JOIN accounts a ON a.id = c.account_id
		WHERE a.email LIKE '%@iescp.demo' OR a.id IN (SELECT id FROM accounts WHERE role = 'influencer' LIMIT 3 OFFSET 10)`); err != nil {
		t.Fatal(err)
	}
	if len(hashes) < 6 {
		t.Fatalf("got %d hashes, want at least 6", len(hashes))
	}
	for _, h := range hashes {
		if !strings.HasPrefix(h, "$argon2id$v=19$") {
			t.Errorf("hash %q is not argon2id PHC", h)
		}
		ok, err := auth.VerifyPassword(h, testPassword)
		if err != nil || !ok {
			t.Errorf("VerifyPassword(right password) = %v, %v; want true", ok, err)
		}
	}
	if ok, _ := auth.VerifyPassword(hashes[0], "wrong"); ok {
		t.Error("VerifyPassword(wrong password) = true, want false")
	}
}

func TestGenerate_RefusesOverwrite(t *testing.T) {
	o := Options{DataDir: t.TempDir(), Password: testPassword, Influencers: 10, Sponsors: 4, Campaigns: 8,
		AdRequests: 20, Seed: 1, Now: testNow}
	if _, err := Generate(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(context.Background(), o); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("second Generate: got %v, want a refusal mentioning --force", err)
	}
	o.Force, o.Influencers = true, 12
	sum, err := Generate(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Influencers != 12 {
		t.Errorf("got %d influencers after --force, want 12", sum.Influencers)
	}
}

func TestMain_CLI(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		args []string
		code int
		out  string // in stdout
		err  string // in stderr
	}{
		{"no password", []string{"--data-dir", dir}, 2, "", "--password"},
		{"no data dir", []string{"--password", "x"}, 2, "", "--data-dir"},
		{"bad flag", []string{"--nope"}, 2, "", "not defined"},
		{"too small", []string{"--data-dir", dir, "--password", "x", "--campaigns", "2"}, 1, "", "at least"},
		{"ok", []string{"--data-dir", dir, "--password", "s3cret-pw", "--influencers", "20", "--sponsors", "5",
			"--campaigns", "10", "--ad-requests", "30", "--seed", "3"}, 0, "influencer@iescp.demo", ""},
		{"exists", []string{"--data-dir", dir, "--password", "s3cret-pw", "--influencers", "20", "--sponsors", "5",
			"--campaigns", "10", "--ad-requests", "30"}, 1, "", "--force"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), c.args, &out, &errb)
			if code != c.code {
				t.Fatalf("exit code: got %d, want %d (stderr %q)", code, c.code, errb.String())
			}
			if !strings.Contains(out.String(), c.out) || !strings.Contains(errb.String(), c.err) {
				t.Errorf("got stdout %q stderr %q, want %q and %q", out.String(), errb.String(), c.out, c.err)
			}
			if strings.Contains(out.String()+errb.String(), "s3cret-pw") {
				t.Error("the password was printed")
			}
		})
	}
	// The successful run also provisioned the demo accounts' desktop replicas.
	accounts, _ := filepath.Glob(filepath.Join(dir, "accounts", "*.db"))
	if _, err := os.Stat(filepath.Join(dir, "directory.db")); err != nil || len(accounts) != len(DemoEmails) {
		t.Errorf("got directory.db error %v and %d replicas, want the directory and %d replicas", err, len(accounts), len(DemoEmails))
	}
}

func TestMain_Provision(t *testing.T) {
	dir := t.TempDir()
	var got []string
	old := ProvisionDesktop
	ProvisionDesktop = func(_ context.Context, serverDB, dataDir string, emails []string, pw string) error {
		if serverDB != filepath.Join(dir, ServerDBName) || dataDir != dir || pw != "pw-123" {
			t.Errorf("ProvisionDesktop(%s, %s, pw %q)", serverDB, dataDir, pw)
		}
		got = emails
		return nil
	}
	defer func() { ProvisionDesktop = old }()
	args := []string{"--data-dir", dir, "--password", "pw-123", "--influencers", "10", "--sponsors", "3",
		"--campaigns", "8", "--ad-requests", "12"}
	if code := run(context.Background(), args, &bytes.Buffer{}, &bytes.Buffer{}); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	if strings.Join(got, ",") != strings.Join(DemoEmails, ",") {
		t.Errorf("provisioned %v, want %v", got, DemoEmails)
	}
}

// TestGenerate_Scale builds 100,000 influencers and logs the time it took (a
// log, not a limit: speed is measured by `make bench`, not asserted by tests).
func TestGenerate_Scale(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 influencers: skipped with -short")
	}
	o := defaults(t.TempDir())
	o.Influencers = 100_000
	start := time.Now()
	sum, err := Generate(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	fi, _ := os.Stat(sum.Path)
	t.Logf("100,000 influencers: %d accounts, %d ad requests, %d offers in %s (database %.1f MB)",
		sum.Accounts, total(sum.AdRequests), sum.Offers, elapsed.Round(time.Millisecond), float64(fi.Size())/1e6)
}

func total[K comparable](m map[K]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// Seeded notifications are data like the mutators' (docs/mutations.md): a kind
// and its params, no English title or body.
func TestGenerate_NotificationsAsData(t *testing.T) {
	s, _ := seeded(t)
	if n := count(t, s, `SELECT COUNT(*) FROM notifications WHERE title <> '' OR body <> ''`); n != 0 {
		t.Fatalf("%d seeded notifications carry English text", n)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM notifications WHERE kind LIKE 'ad_request.%'
		AND (json_extract(params, '$.party') IS NULL OR json_extract(params, '$.campaign') IS NULL)`); n != 0 {
		t.Fatalf("%d ad-request notifications lack party or campaign", n)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM notifications WHERE kind = 'review.received'
		AND json_extract(params, '$.rating') NOT BETWEEN 1 AND 5`); n != 0 {
		t.Fatalf("%d review notifications lack a rating", n)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM notifications`); n == 0 {
		t.Fatal("no notifications seeded")
	}
}

// The demo influencer's desktop replica, provisioned from the seeded server,
// holds its deals' work: the deliverables of its accepted and completed deals,
// their metrics and tracking links (so its deal pages and To do are alive), and
// nobody else's.
func TestGenerate_DemoReplicaHoldsTheWork(t *testing.T) {
	dir := t.TempDir()
	o := Options{DataDir: dir, Password: testPassword, Influencers: 20, Sponsors: 4, Campaigns: 12, AdRequests: 30, Seed: 3, Now: testNow}
	sum, err := Generate(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if err := localdata.ProvisionDesktop(context.Background(), sum.Path, dir, []string{"influencer@iescp.demo"}, testPassword); err != nil {
		t.Fatal(err)
	}
	srv, err := store.Open(sum.Path, store.SetDomain, store.SetServer)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var id string
	if err := srv.R.Get(&id, `SELECT id FROM accounts WHERE email = 'influencer@iescp.demo'`); err != nil {
		t.Fatal(err)
	}
	rep, err := store.Open(localdata.AccountDBPath(dir, id), store.SetDomain, store.SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	defer rep.Close()
	for _, q := range []string{
		`SELECT COUNT(*) FROM deliverables d JOIN ad_requests r ON r.id = d.ad_request_id WHERE r.influencer_id = ?`,
		`SELECT COUNT(*) FROM deliverable_metrics m JOIN deliverables d ON d.id = m.deliverable_id
			JOIN ad_requests r ON r.id = d.ad_request_id WHERE r.influencer_id = ?`,
		`SELECT COUNT(*) FROM tracking_links l JOIN ad_requests r ON r.id = l.ad_request_id WHERE r.influencer_id = ?`,
	} {
		want := count(t, srv, q, id)
		if got := count(t, rep, q, id); want == 0 || got != want {
			t.Errorf("%s: replica %d, server %d (want the same, more than none)", q, got, want)
		}
	}
	if n := count(t, rep, `SELECT COUNT(*) FROM deliverables d JOIN ad_requests r ON r.id = d.ad_request_id
		WHERE r.influencer_id <> ?`, id); n != 0 {
		t.Errorf("the replica holds %d deliverables of other influencers' deals", n)
	}
}
