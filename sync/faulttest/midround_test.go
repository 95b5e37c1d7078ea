package faulttest

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"iescp/backend/domain"
)

// TestMultiPageRoundDraftPublishedMidRound lands a change between the pages of
// one pull round (issue 9, item 12): an influencer's desktop at page size 1
// pulls a sponsor's draft (invisible to it: a del) on one page, the sponsor
// publishes the draft before the next page is asked for, and a later page of
// the same round brings it (a put). The campaign is public and active: the
// influencer's replica must hold it.
func TestMultiPageRoundDraftPublishedMidRound(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a server process")
	}
	r := newRun(t, 7)
	for _, d := range r.desks {
		d.eng.Stop() // every round below is driven by hand
	}
	ctx := context.Background()
	sponsor, infl := r.desks[1], r.desks[len(r.desks)-1]
	if infl.pageSize != 1 {
		t.Fatalf("%s pulls %d versions a page, want 1", infl.name, infl.pageSize)
	}
	sync := func(d *desk) {
		t.Helper()
		if err := d.eng.Sync(ctx); err != nil {
			t.Fatalf("%s: sync: %v", d.name, err)
		}
	}
	mutate := func(d *desk, name string, args map[string]any) {
		t.Helper()
		if !d.mutate(name, args) {
			t.Fatalf("%s: %s refused locally", d.name, name)
		}
	}
	sync(infl)
	draft := domain.NewID()
	mutate(sponsor, "campaign.create", map[string]any{"id": draft, "name": "Draft", "start_date": "2027-01-01",
		"end_date": "2027-12-31", "budget": 100_000, "visibility": "public"})
	sync(sponsor)
	for i := range 3 { // later versions, so the round has pages after the draft's
		mutate(sponsor, "campaign.create", map[string]any{"id": domain.NewID(), "name": r.name("other"), "start_date": "2027-01-01",
			"end_date": "2027-12-31", "budget": 100_000 + i, "visibility": "public", "publish": true})
		sync(sponsor)
	}
	var pulls atomic.Int32
	infl.proxy.BeforeForward(func(req *http.Request) {
		if strings.HasSuffix(req.URL.Path, "/sync/v1/pull") && pulls.Add(1) == 2 {
			// Page 1 (the draft, a del for this influencer) is answered:
			// the sponsor publishes it before page 2.
			mutate(sponsor, "campaign.publish", map[string]any{"id": draft})
			sync(sponsor)
		}
	})
	sync(infl)
	infl.proxy.BeforeForward(nil)
	if n := pulls.Load(); n < 3 {
		t.Fatalf("the round took %d pulls, want several pages", n)
	}
	canon := r.openServerDB()
	defer canon.Close()
	var bad []string
	for _, d := range []*desk{sponsor, infl} {
		bad = append(bad, r.compareReplica(canon, d)...)
	}
	if len(bad) > 0 {
		t.Fatalf("after a round with the draft published between its pages:\n%s", strings.Join(bad, "\n"))
	}
}
