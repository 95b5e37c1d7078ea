package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/replica"
	"iescp/sync/client"
	"iescp/sync/protocol"
)

// betweenPages is a proxy in front of the server that, once armed, runs a change
// after the server answered the desktop's nth pull and before that answer
// reaches the desktop: the change lands between two pages of one round.
type betweenPages struct {
	t     *testing.T
	mu    sync.Mutex
	pulls int
	at    int
	fn    func() error
	ran   bool
}

func newBetweenPages(w *world) (*betweenPages, string) {
	b := &betweenPages{t: w.t}
	proxy := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/sync/v1/pull" {
			w.srv.Handler().ServeHTTP(rw, r)
			return
		}
		rec := httptest.NewRecorder()
		w.srv.Handler().ServeHTTP(rec, r)
		b.afterPull()
		for k, v := range rec.Header() {
			rw.Header()[k] = v
		}
		rw.WriteHeader(rec.Code)
		if _, err := rw.Write(rec.Body.Bytes()); err != nil {
			b.t.Errorf("between pages: %v", err)
		}
	}))
	w.t.Cleanup(func() { proxy.CloseClientConnections(); proxy.Close() })
	return b, proxy.URL
}

// arm runs fn after the nth pull from now on (n = 1: between pages 1 and 2).
func (b *betweenPages) arm(n int, fn func() error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pulls, b.at, b.fn, b.ran = 0, n, fn, false
}

func (b *betweenPages) afterPull() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pulls++
	if b.fn != nil && b.pulls == b.at {
		if err := b.fn(); err != nil {
			b.t.Errorf("the change between pages failed: %v", err)
		}
		b.fn, b.ran = nil, true
	}
}

// mustHaveRun checks the change did land between two pages of the last round.
func (b *betweenPages) mustHaveRun() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.ran || b.pulls <= b.at {
		b.t.Fatalf("the change between pages did not land mid-round (%d pulls, armed at %d, ran %v)", b.pulls, b.at, b.ran)
	}
}

// change applies and pushes a mutation from another desktop, returning errors
// rather than failing (it runs on the proxy's goroutine).
func (d *desktop) change(name string, args any) error {
	raw, _ := json.Marshal(args)
	if _, err := d.engine.Mutate(context.Background(), name, raw); err != nil {
		return err
	}
	if err := d.engine.Sync(context.Background()); err != nil {
		return err
	}
	out, err := client.Outbox(context.Background(), d.db)
	if err != nil {
		return err
	}
	for _, m := range out {
		if m.Status == "rejected" {
			return fmt.Errorf("%s: %s rejected: %s", d.name, m.Name, m.Code)
		}
	}
	return nil
}

// pagedInfluencer is Ivy on a second desktop that pulls one version per page,
// through a proxy that can land a change between two pages.
func pagedInfluencer(w *world) (*desktop, *betweenPages) {
	w.t.Helper()
	between, url := newBetweenPages(w)
	d := w.desktopWith(url, "ivy@example.com", "ivy-paged", func(c *client.Config) { c.PageSize = 1 })
	d.sync()
	d.expectConverged()
	return d, between
}

// roundsConverge checks, after the round with the change between its pages and
// after one more, that every replica holds exactly what its account may see.
func roundsConverge(w *world, paged *desktop, between *betweenPages) {
	w.t.Helper()
	paged.sync()
	between.mustHaveRun()
	paged.expectConverged()
	for _, d := range []*desktop{w.admin, w.sponsor, w.infl} {
		d.sync()
		d.expectConverged()
	}
	paged.sync()
	paged.expectConverged()
}

// TestPages_DraftPublishedMidRound: a draft is sent as del on page 1 (Ivy may not
// see it) and published before page 3, which sends it as put.
func TestPages_DraftPublishedMidRound(t *testing.T) {
	w := newWorld(t)
	ivy, between := pagedInfluencer(w)
	draft := domain.NewID()
	w.sponsor.must("campaign.create", map[string]any{"id": draft, "name": "Winter drop", "start_date": "2026-12-01",
		"end_date": "2026-12-31", "budget": 20_000, "visibility": "public"})
	w.sponsor.sync()
	w.sponsor.must("campaign.update", map[string]any{"id": w.campaign, "goals": "a second version for a second page"})
	w.sponsor.sync()
	between.arm(1, func() error { return w.sponsor.change("campaign.publish", map[string]any{"id": draft}) })
	roundsConverge(w, ivy, between)
	if got := ivy.get(`SELECT status FROM campaigns WHERE id = ?`, draft); got != "active" {
		t.Fatalf("the published campaign on Ivy's desktop: %s", got)
	}
}

// TestPages_RequestOnPrivateCampaignMidRound: a private campaign is sent as del on
// page 1; a request to Ivy on it lands before page 3, which sends the campaign,
// the request and its offer as put. The del must not remove them (nor cascade to
// the request and offer, which would never come back: a later rename of the
// campaign sends the campaign alone).
func TestPages_RequestOnPrivateCampaignMidRound(t *testing.T) {
	w := newWorld(t)
	ivy, between := pagedInfluencer(w)
	private := domain.NewID()
	w.sponsor.must("campaign.create", map[string]any{"id": private, "name": "Invite only", "start_date": "2026-12-01",
		"end_date": "2026-12-31", "budget": 30_000, "visibility": "private", "publish": true})
	w.sponsor.sync()
	w.sponsor.must("campaign.update", map[string]any{"id": w.campaign, "goals": "a second version for a second page"})
	w.sponsor.sync()
	req, offer := domain.NewID(), domain.NewID()
	between.arm(1, func() error {
		return w.sponsor.change("adRequest.send", map[string]any{"id": req, "offer_id": offer, "campaign_id": private,
			"influencer_id": ivy.user.ID, "amount": 12_000, "requirements": "1 story"})
	})
	ivy.sync()
	between.mustHaveRun()
	ivy.expectConverged()
	w.sponsor.must("campaign.update", map[string]any{"id": private, "name": "Invite only (renamed)"})
	w.sponsor.sync()
	roundsConverge(w, ivy, between)
	if got := ivy.get(`SELECT status FROM ad_requests WHERE id = ?`, req); got != "pending" {
		t.Fatalf("Ivy's request: %s", got)
	}
	if got := ivy.get(`SELECT CAST(COUNT(*) AS TEXT) FROM offers WHERE id = ?`, offer); got != "1" {
		t.Fatal("the request's offer is missing on Ivy's desktop")
	}
}

// TestPages_SponsorUnflaggedMidRound: the sponsor was flagged while Ivy was away,
// so page 1 sends its account, profile and campaign as del; an admin lifts the
// flag before page 3, which sends them all as put.
func TestPages_SponsorUnflaggedMidRound(t *testing.T) {
	w := newWorld(t)
	ivy, between := pagedInfluencer(w)
	w.admin.sync()
	w.admin.must("admin.flag", map[string]any{"target": "account", "id": w.sponsor.user.ID, "reason": "checking"})
	w.admin.sync()
	w.register("influencer", "ian@example.com", "Ian") // a second version, for a second page
	between.arm(1, func() error {
		return w.admin.change("admin.unflag", map[string]any{"target": "account", "id": w.sponsor.user.ID})
	})
	roundsConverge(w, ivy, between)
	if got := ivy.get(`SELECT company_name FROM sponsor_profiles WHERE account_id = ?`, w.sponsor.user.ID); got != "Acme Inc" {
		t.Fatalf("the sponsor's profile on Ivy's desktop: %q", got)
	}
	if got := ivy.get(`SELECT name FROM campaigns WHERE id = ?`, w.campaign); got != "Phone launch" {
		t.Fatalf("the sponsor's campaign on Ivy's desktop: %q", got)
	}
}

// TestPages_DelAndPutOfOneRoundInPageOrder applies hand-made rounds to a replica
// holding a campaign, its request and the request's offer: the latest page
// decides each row, a del cascades to children sent on the same or earlier pages,
// and never to a child a later page keeps (if its parent really is gone, the
// commit fails on the foreign key and the engine downloads everything again).
func TestPages_DelAndPutOfOneRoundInPageOrder(t *testing.T) {
	w := newWorld(t)
	req, offer := w.sendRequest(25_000)
	w.sponsor.sync()
	d := w.sponsor
	var st struct {
		Cursor int64  `db:"cursor"`
		Epoch  string `db:"epoch"`
	}
	if err := d.db.R.Get(&st, `SELECT cursor, epoch FROM sync_state`); err != nil {
		t.Fatal(err)
	}
	put := func(table, id string) protocol.Change {
		return protocol.Change{Op: protocol.OpPut, Table: table, ID: id, Row: rowJSON(t, d, table, id)}
	}
	del := func(table, id string) protocol.Change {
		return protocol.Change{Op: protocol.OpDel, Table: table, ID: id}
	}
	rows := func() string {
		return d.get(`SELECT (SELECT COUNT(*) FROM campaigns WHERE id = ?) || (SELECT COUNT(*) FROM ad_requests WHERE id = ?) ||
			(SELECT COUNT(*) FROM offers WHERE id = ?)`, w.campaign, req, offer)
	}
	apply := func(pages ...[]protocol.Change) error {
		var round []*protocol.PullResponse
		for i, changes := range pages {
			round = append(round, &protocol.PullResponse{Changes: changes, Cursor: st.Cursor, Epoch: st.Epoch, HasMore: i < len(pages)-1})
		}
		return client.ApplyRound(context.Background(), d.db, d.user.ID, round, w.now)
	}
	campaign, request, offerRow := put("campaigns", w.campaign), put("ad_requests", req), put("offers", offer)

	// Del on page 1, put on page 2: the put is newer and stays, with the children.
	if err := apply([]protocol.Change{del("campaigns", w.campaign)}, []protocol.Change{campaign, request}); err != nil {
		t.Fatal(err)
	}
	if got := rows(); got != "111" {
		t.Fatalf("del then put: campaign, request, offer present = %s, want 111", got)
	}
	// A child sent on page 1, its parent deleted on page 2 (a newer snapshot): the
	// child goes with it, and so does the offer below.
	if err := apply([]protocol.Change{request}, []protocol.Change{del("campaigns", w.campaign)}); err != nil {
		t.Fatal(err)
	}
	if got := rows(); got != "000" {
		t.Fatalf("put child then del parent: present = %s, want 000", got)
	}
	// Bring them back, then: parent deleted on page 1, child put on page 2 without
	// its parent. The del must not take the child; the replica cannot hold it
	// without the campaign, so the round fails on the foreign key and changes nothing.
	if err := apply([]protocol.Change{campaign, request, offerRow}); err != nil {
		t.Fatal(err)
	}
	err := apply([]protocol.Change{del("campaigns", w.campaign)}, []protocol.Change{request})
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Fatalf("parent del, newer child put: got %v, want the round refused on the foreign key", err)
	}
	if got := rows(); got != "111" {
		t.Fatalf("after the refused round: present = %s, want 111 (nothing changed)", got)
	}
	// The engine mends it with a full download.
	d.sync()
	d.expectConverged()
}

// rowJSON is a replica row as the server sends it (column → value).
func rowJSON(t *testing.T, d *desktop, table, id string) json.RawMessage {
	t.Helper()
	var tb replica.Table
	for _, x := range replica.Tables {
		if x.Name == table {
			tb = x
		}
	}
	row := map[string]any{}
	if err := d.db.R.QueryRowx(`SELECT `+strings.Join(tb.Columns, ", ")+` FROM `+table+` WHERE `+tb.Key()+` = ?`, id).MapScan(row); err != nil {
		t.Fatalf("%s %s: %v", table, id, err)
	}
	for k, v := range row {
		switch x := v.(type) {
		case []byte:
			row[k] = string(x)
		case time.Time:
			row[k] = x.UTC().Format(time.RFC3339Nano)
		}
	}
	raw, err := json.Marshal(row)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
