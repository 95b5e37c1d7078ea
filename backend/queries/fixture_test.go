package queries

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/store"
)

// world is a small replica written row by row: a sponsor (Maya Inc) with two
// active campaigns, one flagged; an influencer (Ivan) with a request on each, one
// waiting for each side; and an outbox holding a queued counter, a refused
// accept and a queued campaign edit.
type world struct {
	t                  *testing.T
	st                 *store.Store
	sponsor, infl, adm Viewer
	phone, zebra       string // campaigns
	onPhone, onZebra   string // ad requests
	phoneOffer         string
}

var worldTime = time.Date(2026, 11, 15, 9, 0, 0, 0, time.UTC)

func (w *world) exec(q string, args ...any) {
	w.t.Helper()
	if _, err := w.st.W.Exec(q, args...); err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
}

func newWorld(t *testing.T) *world {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "replica.db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := &world{t: t, st: st}
	id := func() string { return domain.NewID() }
	w.sponsor = Viewer{AccountID: id(), Role: domain.RoleSponsor}
	w.infl = Viewer{AccountID: id(), Role: domain.RoleInfluencer}
	w.adm = Viewer{AccountID: id(), Role: domain.RoleAdmin}
	at := func(min int) time.Time { return worldTime.Add(time.Duration(min) * time.Minute) }
	for _, a := range []struct {
		v    Viewer
		name string
	}{{w.sponsor, "Maya"}, {w.infl, "Ivan"}, {w.adm, "Root"}} {
		w.exec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			a.v.AccountID, a.name+"@example.com", a.v.Role, a.name, at(0), at(0))
	}
	w.exec(`INSERT INTO sponsor_profiles (account_id, company_name, approval, updated_at) VALUES (?, 'Maya Inc', 'approved', ?)`, w.sponsor.AccountID, at(0))
	// Maya founded her organisation (the server writes this row for every sponsor).
	w.exec(`INSERT INTO org_members (id, org_id, email, account_id, role, status, created_at, updated_at)
		VALUES (?, ?, 'Maya@example.com', ?, 'owner', 'active', ?, ?)`, w.sponsor.AccountID, w.sponsor.AccountID, w.sponsor.AccountID, at(0), at(0))
	w.exec(`INSERT INTO influencer_profiles (account_id, display_name, updated_at) VALUES (?, 'Ivan', ?)`, w.infl.AccountID, at(0))
	w.phone, w.zebra = id(), id()
	w.exec(`INSERT INTO campaigns (id, sponsor_id, name, start_date, end_date, budget, status, visibility, created_at, updated_at)
		VALUES (?, ?, 'Phone launch', '2026-01-01', '2099-12-31', 500000, 'active', 'public', ?, ?)`, w.phone, w.sponsor.AccountID, at(1), at(1))
	w.exec(`INSERT INTO campaigns (id, sponsor_id, name, start_date, end_date, budget, status, flagged, flag_reason, created_at, updated_at)
		VALUES (?, ?, 'Zebra socks', '2026-01-01', '2099-12-31', 900000, 'active', 1, 'Misleading', ?, ?)`, w.zebra, w.sponsor.AccountID, at(2), at(2))
	w.onPhone, w.onZebra = id(), id()
	// On Phone launch: the sponsor's opening offer (the influencer's turn), changed last.
	w.exec(`INSERT INTO ad_requests (id, campaign_id, influencer_id, initiated_by, requirements, payment_amount, created_at, updated_at)
		VALUES (?, ?, ?, 'sponsor', 'Two reels', 300000, ?, ?)`, w.onPhone, w.phone, w.infl.AccountID, at(3), at(9))
	w.phoneOffer = id()
	w.exec(`INSERT INTO offers (id, ad_request_id, seq, author_id, author_role, amount, created_at) VALUES (?, ?, 1, ?, 'sponsor', 300000, ?)`,
		w.phoneOffer, w.onPhone, w.sponsor.AccountID, at(3))
	// On Zebra socks: the influencer countered (the sponsor's turn).
	w.exec(`INSERT INTO ad_requests (id, campaign_id, influencer_id, initiated_by, requirements, payment_amount, created_at, updated_at)
		VALUES (?, ?, ?, 'sponsor', 'A post', 100000, ?, ?)`, w.onZebra, w.zebra, w.infl.AccountID, at(4), at(5))
	w.exec(`INSERT INTO offers (id, ad_request_id, seq, author_id, author_role, amount, created_at) VALUES (?, ?, 1, ?, 'sponsor', 90000, ?)`,
		id(), w.onZebra, w.sponsor.AccountID, at(4))
	w.exec(`INSERT INTO offers (id, ad_request_id, seq, author_id, author_role, amount, created_at) VALUES (?, ?, 2, ?, 'influencer', 100000, ?)`,
		id(), w.onZebra, w.infl.AccountID, at(5))
	// The outbox: a queued counter on Phone launch's request, a refused accept on
	// Zebra's, a queued edit of Phone launch.
	w.exec(`INSERT INTO outbox (mutation_id, name, args_json, created_at) VALUES (1, 'adRequest.counter', ?, ?)`,
		`{"ad_request_id":"`+w.onPhone+`","amount":1}`, at(10))
	w.exec(`INSERT INTO outbox (mutation_id, name, args_json, created_at, status, code, message)
		VALUES (2, 'adRequest.accept', ?, ?, 'rejected', 'stale_offer', 'the offer was superseded')`, `{"ad_request_id":"`+w.onZebra+`"}`, at(11))
	w.exec(`INSERT INTO outbox (mutation_id, name, args_json, created_at) VALUES (3, 'campaign.update', ?, ?)`,
		`{"id":"`+w.phone+`","name":"x"}`, at(12))
	return w
}

func code(err error) domain.Code {
	if err == nil {
		return ""
	}
	return domain.AsError(err).Code
}

var bg = context.Background()
