package client_test

import (
	"testing"

	"iescp/backend/domain"
	"iescp/backend/store"
	"iescp/sync/protocol"
)

// world is a platform with an admin, an approved sponsor with an active public
// campaign, and an influencer, each on a desktop.
type world struct {
	*platform
	admin, sponsor, infl *desktop
	campaign             string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	p := newPlatform(t)
	p.admin()
	sp := p.register("sponsor", "sponsor@example.com", "Acme")
	p.register("influencer", "ivy@example.com", "Ivy")
	w := &world{platform: p}
	w.admin = p.desktopFor("root@example.com", "admin")
	w.sponsor = p.desktopFor("sponsor@example.com", "sponsor")
	w.infl = p.desktopFor("ivy@example.com", "influencer")
	w.admin.sync()
	w.admin.must("admin.approveSponsor", map[string]any{"sponsor_id": sp.ID})
	w.admin.sync()
	w.sponsor.sync()
	w.campaign = domain.NewID()
	w.sponsor.must("campaign.create", map[string]any{"id": w.campaign, "name": "Phone launch", "start_date": "2026-11-01",
		"end_date": "2026-12-31", "budget": 100_000, "visibility": "public", "publish": true})
	w.sponsor.sync()
	w.infl.sync()
	return w
}

func (w *world) sendRequest(amount int64) (req, offer string) {
	w.t.Helper()
	req, offer = domain.NewID(), domain.NewID()
	w.sponsor.must("adRequest.send", map[string]any{"id": req, "offer_id": offer, "campaign_id": w.campaign,
		"influencer_id": w.infl.user.ID, "amount": amount, "requirements": "3 reels"})
	return req, offer
}

func TestSync_RequestCounterAccept(t *testing.T) {
	w := newWorld(t)
	if got := w.infl.get(`SELECT name FROM campaigns WHERE id = ?`, w.campaign); got != "Phone launch" {
		t.Fatalf("influencer sees campaign %q", got)
	}
	req, o1 := w.sendRequest(40_000)
	w.sponsor.sync()
	w.infl.sync()
	if got := w.infl.get(`SELECT status FROM ad_requests WHERE id = ?`, req); got != "pending" {
		t.Fatalf("influencer's request: %s", got)
	}
	// The influencer counters offline: the optimistic effect shows at once.
	o2 := domain.NewID()
	w.infl.must("adRequest.counter", map[string]any{"ad_request_id": req, "offer_id": o2, "in_reply_to": o1,
		"amount": 55_000, "requirements": "2 reels"})
	if got := w.infl.get(`SELECT CAST(payment_amount AS TEXT) FROM ad_requests WHERE id = ?`, req); got != "55000" {
		t.Fatalf("optimistic counter: amount %s", got)
	}
	if st := w.infl.engine.Status(); st.Pending != 1 {
		t.Fatalf("pending count: got %d, want 1", st.Pending)
	}
	// Back online: it reaches the sponsor, who accepts.
	w.infl.sync()
	w.sponsor.sync()
	if got := w.sponsor.get(`SELECT CAST(COUNT(*) AS TEXT) FROM offers WHERE ad_request_id = ?`, req); got != "2" {
		t.Fatalf("sponsor sees %s offers, want 2", got)
	}
	w.sponsor.must("adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": o2})
	w.sponsor.sync()
	w.infl.sync()
	if got := w.infl.get(`SELECT status FROM ad_requests WHERE id = ?`, req); got != "accepted" {
		t.Fatalf("influencer's request after accept: %s", got)
	}
	for _, d := range []*desktop{w.admin, w.sponsor, w.infl} {
		d.sync()
		d.expectConverged()
	}
	w.checkServerInvariants()
}

// TestSync_NewSponsorsCampaignReachesAnInfluencer: an influencer who synced before a
// sponsor existed receives that sponsor's new public campaign together with the
// sponsor's account and profile (rows that did not change themselves), and the
// replica stays writable.
func TestSync_NewSponsorsCampaignReachesAnInfluencer(t *testing.T) {
	w := newWorld(t)
	w.infl.sync()
	sp := w.register("sponsor", "late@example.com", "Latecomer")
	w.admin.sync()
	w.admin.must("admin.approveSponsor", map[string]any{"sponsor_id": sp.ID})
	w.admin.sync()
	late := w.desktopFor("late@example.com", "late")
	late.sync()
	w.infl.sync() // the sponsor's rows are older than the influencer's cursor from here on
	c := domain.NewID()
	late.must("campaign.create", map[string]any{"id": c, "name": "Late launch", "start_date": "2026-11-01",
		"end_date": "2026-12-31", "budget": 5000, "visibility": "public", "publish": true})
	late.sync()
	// The delta itself carries the sponsor's rows (no full re-download needed).
	var cursor int64
	if err := w.infl.db.R.Get(&cursor, `SELECT cursor FROM sync_state`); err != nil {
		t.Fatal(err)
	}
	var page protocol.PullResponse
	post(t, w.platform, w.infl, "/sync/v1/pull", protocol.PullRequest{ClientID: w.infl.engine.ClientID(),
		ProtocolVersion: protocol.ProtocolVersion, SchemaVersion: store.LatestVersion(store.SetDomain), Cursor: cursor}, &page)
	got := map[string]bool{}
	for _, ch := range page.Changes {
		if ch.Op == protocol.OpPut {
			got[ch.Table+":"+ch.ID] = true
		}
	}
	for _, want := range []string{"campaigns:" + c, "accounts:" + sp.ID, "sponsor_profiles:" + sp.ID} {
		if !got[want] {
			t.Errorf("the pull after the new campaign lacks %s", want)
		}
	}
	w.infl.sync()
	if got := w.infl.get(`SELECT name FROM campaigns WHERE id = ?`, c); got != "Late launch" {
		t.Fatalf("influencer sees %q", got)
	}
	if got := w.infl.get(`SELECT company_name FROM sponsor_profiles WHERE account_id = ?`, sp.ID); got != "Latecomer Inc" {
		t.Fatalf("sponsor profile on the influencer's desktop: %q", got)
	}
	w.infl.must("profile.update", map[string]any{"bio": "still writable"})
	w.infl.sync()
	w.infl.expectConverged()
}
