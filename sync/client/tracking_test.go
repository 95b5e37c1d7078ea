package client_test

import (
	"context"
	"net/http"
	"testing"

	"iescp/backend/mutate"
	"iescp/sync/client"
	"iescp/sync/protocol"
)

// follow asks the server for a short link as a browser would, without following
// the redirect; returns the status and Location.
func (p *platform) follow(method, code string) (int, string) {
	p.t.Helper()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequest(method, p.http.URL+"/r/"+code, nil)
	if err != nil {
		p.t.Fatal(err)
	}
	resp, err := hc.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

// The influencer's desktop makes the tracking link at once on accepting, the same
// row the server makes; clicks on the short link reach both parties' replicas
// through the ordinary sync; the request's del takes its link with it.
func TestSync_TrackingLinkClicksReachBothParties(t *testing.T) {
	w := newWorld(t)
	w.sponsor.must("campaign.update", map[string]any{"id": w.campaign, "landing_url": "https://shop.example/phone?ref=ivy"})
	w.sponsor.sync()
	req, offer := w.sendRequest(40_000)
	w.sponsor.sync()
	w.infl.sync()
	w.infl.must("adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": offer})
	link := mutate.TrackingLinkID(req)
	code := w.infl.get(`SELECT code FROM tracking_links WHERE id = ?`, link)
	target := w.infl.get(`SELECT target_url FROM tracking_links WHERE id = ?`, link)
	w.infl.sync()
	w.sponsor.sync()
	for _, d := range []*desktop{w.sponsor, w.infl} {
		if got := d.get(`SELECT code || ' ' || target_url || ' ' || clicks FROM tracking_links WHERE id = ?`, link); got != code+" "+target+" 0" {
			t.Fatalf("%s holds %q, want the optimistic row %q", d.name, got, code+" "+target+" 0")
		}
		d.expectConverged()
	}

	for _, m := range []string{"GET", "HEAD", "GET"} {
		if status, loc := w.follow(m, code); status != http.StatusFound || loc != target {
			t.Fatalf("%s /r/%s: %d to %q, want 302 to %q", m, code, status, loc, target)
		}
	}
	w.sponsor.sync()
	w.infl.sync()
	for _, d := range []*desktop{w.sponsor, w.infl} {
		if got := d.get(`SELECT clicks FROM tracking_links WHERE id = ?`, link); got != "2" {
			t.Fatalf("%s's replica counts %s clicks, want 2", d.name, got)
		}
		d.expectConverged()
	}

	// A del of the request (the row left the viewer's sight) takes the link along.
	var st struct {
		Cursor int64  `db:"cursor"`
		Epoch  string `db:"epoch"`
	}
	if err := w.sponsor.db.R.Get(&st, `SELECT cursor, epoch FROM sync_state`); err != nil {
		t.Fatal(err)
	}
	round := []*protocol.PullResponse{{Changes: []protocol.Change{{Op: protocol.OpDel, Table: "ad_requests", ID: req}},
		Cursor: st.Cursor, Epoch: st.Epoch}}
	if err := client.ApplyRound(context.Background(), w.sponsor.db, w.sponsor.user.ID, round, w.now); err != nil {
		t.Fatal(err)
	}
	if got := w.sponsor.get(`SELECT COUNT(*) FROM tracking_links WHERE ad_request_id = ?`, req); got != "0" {
		t.Fatalf("after the request's del the link is still held (%s)", got)
	}
}
