package securitytest

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/sync/protocol"
)

// TestTrackingLinkReachesOnlyItsParties: an accepted deal's tracking link (its
// codes, landing page and click count) is pulled by the deal's two parties and
// admins, by nobody else; a stranger who follows the short link (anyone may: it
// is public by design) and then pulls gets neither the row nor a del naming it;
// the click is redirected and counted for the parties.
func TestTrackingLinkReachesOnlyItsParties(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	m := newMarket(t, s)
	link := domain.DerivedID("tracking_link", m.publicReq)
	strangers := []*actor{m.otherSponsor, m.otherInfl}
	cursors := map[*actor]int64{}
	for _, a := range strangers {
		rep, cursor := a.pullAll(t)
		if r := rep.get("tracking_links", link); r != nil {
			t.Fatalf("%s pulls a stranger's tracking link: %v", a.Name, map[string]any(r))
		}
		if n := len(rep["tracking_links"]); n != 0 {
			t.Fatalf("%s, with no deal, pulls %d tracking links", a.Name, n)
		}
		cursors[a] = cursor
	}
	rep, _ := m.party.pullAll(t)
	code := rep.get("tracking_links", link).str("code")
	if code == "" {
		t.Fatalf("the party does not pull its deal's tracking link: %v", rep["tracking_links"])
	}
	// The sponsor names a landing page: the link is retargeted on the server.
	m.sponsor.must(t, "campaign.update", map[string]any{"id": m.public, "landing_url": "https://shop.example/p"})
	hc := newClient()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	r := do(t, hc, "GET", s.URL+"/r/"+code, "", nil)
	if r.Status != http.StatusFound {
		t.Fatalf("the short link answers %d: %s", r.Status, clip(string(r.Body)))
	}
	for _, a := range []*actor{m.sponsor, m.party, m.admin} {
		rep, _ := a.pullAll(t)
		l := rep.get("tracking_links", link)
		if l == nil || l.num(t, "clicks") != 1 || l.str("code") != code ||
			l.str("target_url") != "https://shop.example/p?utm_campaign="+l.str("slug")+"&utm_content="+code+"&utm_medium=influencer&utm_source=iescp" {
			t.Errorf("%s pulls the link as %v", a.Name, map[string]any(l))
		}
	}
	for _, a := range strangers {
		a.pullInto(t, replica{}, cursors[a], func(ch protocol.Change) {
			if ch.Table == "tracking_links" {
				t.Errorf("%s's incremental pull carries %s tracking_links %s", a.Name, ch.Op, ch.ID)
			}
		})
	}
}

// TestShortLinkFloodWritesLittleAndLogsNothing: a bot hammering one short link
// from the real binary's defaults is redirected every time, but at most 60 of its
// clicks per minute are counted (each counted click is a write); the server's log
// names neither the link nor the bot's address. A server of its own: the flood
// spends the server-wide click budget for a few seconds, which would leave other
// tests' clicks uncounted.
func TestShortLinkFloodWritesLittleAndLogsNothing(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	m := newMarket(t, s)
	m.sponsor.must(t, "campaign.update", map[string]any{"id": m.private, "landing_url": "https://shop.example/flood"})
	rep, _ := m.party.pullAll(t)
	code := rep.get("tracking_links", domain.DerivedID("tracking_link", m.privateReq)).str("code")
	if code == "" {
		t.Fatal("no tracking link to flood")
	}
	ip := nextAddr()
	bot := clientFrom(ip)
	bot.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	const flood = 150
	start := time.Now()
	for range flood {
		if r := do(t, bot, "GET", s.URL+"/r/"+code, "", nil); r.Status != http.StatusFound {
			t.Fatalf("a flooded short link answers %d: %s", r.Status, clip(string(r.Body)))
		}
	}
	// The window is a sliding minute: a slow machine may span more than one.
	allowed := int64(60 * (1 + int(time.Since(start)/time.Minute)))
	rep, _ = m.sponsor.pullAll(t)
	clicks := rep.get("tracking_links", domain.DerivedID("tracking_link", m.privateReq)).num(t, "clicks")
	if clicks < 1 || clicks > allowed {
		t.Fatalf("%d of %d flooded clicks were counted, want 1 to %d", clicks, flood, allowed)
	}
	if log := s.log(); strings.Contains(log, code) || (ip != nil && strings.Contains(log, ip.String())) {
		t.Fatalf("the server's log names the link or the visitor")
	}
}
