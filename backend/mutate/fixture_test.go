package mutate_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/ledger"
	"iescp/backend/mutate"
	"iescp/backend/store"
)

// t0 is the fixture's clock: mutators take the time as an argument.
var t0 = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

// world is a database with one account of each kind the rules distinguish.
type world struct {
	t  *testing.T
	db *store.Store
	// accounts
	admin, admin2                         string
	sponsor, sponsor2, pending, rejected  string
	flaggedSponsor                        string
	infl, infl2, flaggedInfl, inactiveInf string
	// sponsor's active public campaign with budget 10,000.00
	campaign string
	now      time.Time
}

func newWorld(t *testing.T) *world {
	t.Helper()
	// The server's sets too: the mutators post to its ledger (docs/money.md).
	db, err := store.Open(filepath.Join(t.TempDir(), "iescp.db"), store.SetDomain, store.SetServer)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := &world{t: t, db: db, now: t0}
	w.admin = w.account("admin", "Ada Admin", "")
	w.admin2 = w.account("admin", "Second Admin", "")
	w.sponsor = w.account("sponsor", "Acme Corp", "approved")
	w.sponsor2 = w.account("sponsor", "Globex", "approved")
	w.pending = w.account("sponsor", "Pending Ltd", "pending")
	w.rejected = w.account("sponsor", "Rejected Inc", "rejected")
	w.flaggedSponsor = w.account("sponsor", "Shady Co", "approved")
	w.infl = w.account("influencer", "Ivy Influencer", "")
	w.infl2 = w.account("influencer", "Ian Influencer", "")
	w.flaggedInfl = w.account("influencer", "Flo Flagged", "")
	w.inactiveInf = w.account("influencer", "Ina Inactive", "")
	w.exec(`UPDATE accounts SET flagged = 1, flag_reason = 'spam' WHERE id IN (?, ?)`, w.flaggedSponsor, w.flaggedInfl)
	w.exec(`UPDATE accounts SET active = 0 WHERE id = ?`, w.inactiveInf)
	w.campaign = w.newCampaign(w.sponsor, 1_000_000, true)
	return w
}

func (w *world) exec(q string, args ...any) {
	w.t.Helper()
	if _, err := w.db.W.Exec(q, args...); err != nil {
		w.t.Fatalf("exec %s: %v", q, err)
	}
}

func (w *world) account(role, name, approval string) string {
	w.t.Helper()
	id := domain.NewID()
	w.exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		id, id+"@example.com", role, name, w.now, w.now)
	switch role {
	case "sponsor":
		w.exec(`INSERT INTO sponsor_profiles (account_id, company_name, industry, budget, approval, updated_at)
			VALUES (?, ?, 'Retail', 5000000, ?, ?)`, id, name, approval, w.now)
		w.topUp(id, walletCents)
	case "influencer":
		w.exec(`INSERT INTO influencer_profiles (account_id, display_name, category, niche, reach_instagram, updated_at)
			VALUES (?, ?, 'Tech', 'Phones', 12000, ?)`, id, name, w.now)
	}
	return id
}

// walletCents is what each sponsor of the fixture has topped up: more than any
// campaign budget here, so accepting is never refused for money unless a test
// spends it first.
const walletCents int64 = 50_000_000

// topUp credits the sponsor's wallet as a card payment would (docs/money.md).
func (w *world) topUp(sponsor string, cents int64) {
	w.t.Helper()
	err := w.db.Write(context.Background(), func(tx *sqlx.Tx) error {
		_, err := ledger.New(func() time.Time { return w.now }).TopUp(context.Background(), tx, sponsor, cents, domain.NewID())
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
}

// balance is an account's balance in the server's ledger.
func (w *world) balance(kind ledger.AccountKind, owner string) int64 {
	w.t.Helper()
	b, err := ledger.Balance(context.Background(), w.db.R, kind, owner)
	if err != nil {
		w.t.Fatal(err)
	}
	return b
}

// newCampaign creates a campaign through the mutators, active if publish.
func (w *world) newCampaign(owner string, budget int64, publish bool) string {
	w.t.Helper()
	id := domain.NewID()
	w.must(owner, "campaign.create", map[string]any{
		"id": id, "name": "Launch " + id[len(id)-4:], "description": "Show the phone", "category": "Tech",
		"start_date": "2026-11-01", "end_date": "2026-12-31", "budget": budget, "visibility": "public",
		"goals": "10k views", "publish": publish,
	})
	return id
}

// do runs one mutation in its own transaction, as the desktop and server do.
func (w *world) do(actor, name string, args any) error {
	w.t.Helper()
	raw, err := json.Marshal(args)
	if err != nil {
		w.t.Fatal(err)
	}
	w.now = w.now.Add(time.Minute)
	return w.db.Write(context.Background(), func(tx *sqlx.Tx) error {
		return mutate.Apply(tx, actor, name, raw, w.now)
	})
}

func (w *world) must(actor, name string, args any) {
	w.t.Helper()
	if err := w.do(actor, name, args); err != nil {
		w.t.Fatalf("%s: got error %v, want success", name, err)
	}
}

func (w *world) want(code domain.Code, actor, name string, args any) {
	w.t.Helper()
	err := w.do(actor, name, args)
	if err == nil {
		w.t.Fatalf("%s: got success, want %s", name, code)
	}
	if got := domain.ErrorCode(err); got != code {
		w.t.Fatalf("%s: got %s (%v), want %s", name, got, err, code)
	}
}

// send makes a pending ad request from the sponsor to an influencer; returns the
// request and its opening offer IDs.
func (w *world) send(campaign, sponsor, infl string, amount int64) (req, offer string) {
	w.t.Helper()
	req, offer = domain.NewID(), domain.NewID()
	w.must(sponsor, "adRequest.send", map[string]any{
		"id": req, "offer_id": offer, "campaign_id": campaign, "influencer_id": infl,
		"amount": amount, "requirements": "3 videos, 10 s each", "message": "Interested?",
	})
	return req, offer
}

func (w *world) counter(actor, req, inReplyTo string, amount int64) string {
	w.t.Helper()
	id := domain.NewID()
	w.must(actor, "adRequest.counter", map[string]any{
		"ad_request_id": req, "offer_id": id, "in_reply_to": inReplyTo, "amount": amount,
		"requirements": "2 videos", "message": "How about this?",
	})
	return id
}

func (w *world) request(id string) domain.AdRequest {
	w.t.Helper()
	var r domain.AdRequest
	if err := w.db.R.Get(&r, `SELECT * FROM ad_requests WHERE id = ?`, id); err != nil {
		w.t.Fatal(err)
	}
	return r
}

func (w *world) campaignRow(id string) domain.Campaign {
	w.t.Helper()
	var c domain.Campaign
	if err := w.db.R.Get(&c, `SELECT * FROM campaigns WHERE id = ?`, id); err != nil {
		w.t.Fatal(err)
	}
	return c
}

func (w *world) count(q string, args ...any) int {
	w.t.Helper()
	var n int
	if err := w.db.R.Get(&n, q, args...); err != nil {
		w.t.Fatal(err)
	}
	return n
}

// checkInvariants verifies what must hold after any sequence of mutations.
func (w *world) checkInvariants() {
	w.t.Helper()
	type row struct {
		ID        string `db:"id"`
		Budget    int64  `db:"budget"`
		Committed int64  `db:"committed"`
		Sum       int64  `db:"sum"`
	}
	var rows []row
	if err := w.db.R.Select(&rows, `SELECT c.id, c.budget, c.committed,
		COALESCE((SELECT SUM(payment_amount) FROM ad_requests r WHERE r.campaign_id = c.id
			AND r.status IN ('accepted', 'completed')), 0) AS sum FROM campaigns c`); err != nil {
		w.t.Fatal(err)
	}
	for _, r := range rows {
		if r.Committed != r.Sum {
			w.t.Errorf("campaign %s: committed %d, want the sum of accepted and completed amounts %d", r.ID, r.Committed, r.Sum)
		}
		if r.Committed > r.Budget || r.Committed < 0 {
			w.t.Errorf("campaign %s: committed %d outside [0, budget %d]", r.ID, r.Committed, r.Budget)
		}
	}
	// Offers are numbered 1..n without gaps, and an accepted or completed request
	// carries the amount of its latest offer.
	if n := w.count(`SELECT COUNT(*) FROM ad_requests r WHERE
		(SELECT COUNT(*) FROM offers o WHERE o.ad_request_id = r.id) != (SELECT MAX(seq) FROM offers o WHERE o.ad_request_id = r.id)`); n != 0 {
		w.t.Errorf("%d ad requests have gaps in their offer thread", n)
	}
	if n := w.count(`SELECT COUNT(*) FROM ad_requests r WHERE r.status IN ('accepted', 'completed') AND r.payment_amount !=
		(SELECT amount FROM offers o WHERE o.ad_request_id = r.id ORDER BY seq DESC LIMIT 1)`); n != 0 {
		w.t.Errorf("%d accepted ad requests do not carry their accepted offer's amount", n)
	}
	if n := w.count(`SELECT COUNT(*) FROM (SELECT campaign_id, influencer_id FROM ad_requests
		WHERE status IN ('pending', 'accepted') GROUP BY campaign_id, influencer_id HAVING COUNT(*) > 1)`); n != 0 {
		w.t.Errorf("%d campaign/influencer pairs have more than one open ad request", n)
	}
	if n := w.count(`SELECT COUNT(*) FROM pragma_foreign_key_check`); n != 0 {
		w.t.Errorf("%d foreign key violations", n)
	}
}

// invite has owner invite email to their organisation with role; it returns the
// membership id.
func (w *world) invite(owner, email, role string) string {
	w.t.Helper()
	w.must(owner, "team.invite", map[string]any{"email": email, "role": role})
	return mutate.OrgMemberID(owner, email)
}

// inviteAccount invites the account's email.
func (w *world) inviteAccount(owner, account, role string) string {
	w.t.Helper()
	var email string
	if err := w.db.R.Get(&email, `SELECT email FROM accounts WHERE id = ?`, account); err != nil {
		w.t.Fatal(err)
	}
	return w.invite(owner, email, role)
}
