package server

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/sync/protocol"
)

// deal is an accepted ad request with its tracking link, made through pushes.
type deal struct {
	sponsor, infl      string // account ids
	stok, itok         string // access tokens
	sclient, iclient   string // sync client ids
	req, code, landing string
}

// acceptedDeal has a new approved sponsor create a campaign with landing page
// landing ("" for none) and send a new influencer a request, which the influencer
// accepts.
func (e *testEnv) acceptedDeal(landing string) deal {
	e.t.Helper()
	d := deal{sclient: domain.NewID(), iclient: domain.NewID(), landing: landing}
	d.sponsor, d.stok = e.account(domain.RoleSponsor)
	e.topUp(d.sponsor, 1_000_000)
	e.s.db.W.MustExec(`UPDATE sponsor_profiles SET approval = 'approved' WHERE account_id = ?`, d.sponsor)
	d.infl, d.itok = e.account(domain.RoleInfluencer)
	camp, offer := domain.NewID(), domain.NewID()
	d.req = domain.NewID()
	cc := draft(camp)
	cc.Publish, cc.Name, cc.LandingURL = true, "Spring Sale", landing
	e.mustPush(d.stok, d.sclient, mut(1, "campaign.create", cc),
		mut(2, "adRequest.send", mutate.AdRequestSend{ID: d.req, OfferID: offer, CampaignID: camp, InfluencerID: d.infl,
			Amount: 50_00, Requirements: "One reel"}))
	e.mustPush(d.itok, d.iclient, mut(1, "adRequest.accept", mutate.AdRequestAccept{AdRequestID: d.req, OfferID: offer}))
	if err := e.s.db.R.Get(&d.code, `SELECT code FROM tracking_links WHERE ad_request_id = ?`, d.req); err != nil {
		e.t.Fatalf("the accepted request has no tracking link: %v", err)
	}
	return d
}

// visit asks for a short link as a browser would, without following the redirect
// and without any credentials.
func (e *testEnv) visit(method, path string) (int, http.Header, []byte) {
	e.t.Helper()
	hc := &http.Client{Transport: e.hc.Transport, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	req, err := http.NewRequest(method, e.url+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	resp, err := hc.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, body
}

func (e *testEnv) clicks(code string) int64 {
	e.t.Helper()
	return e.count(`SELECT clicks FROM tracking_links WHERE code = ?`, code)
}

// GET /r/{code}: 302 to the tagged landing page, counted, in a new version that
// both parties pull (and nobody else); HEAD answers alike and is not counted;
// unknown codes and links without a landing page are 404; nothing about the
// visitor reaches the log.
func TestTracking_RedirectCountsAndSyncs(t *testing.T) {
	e := newEnv(t, Config{})
	d := e.acceptedDeal("https://shop.example/spring?ref=promo")
	_, otok := e.account(domain.RoleInfluencer)
	oclient := domain.NewID()
	cursors := map[string]int64{}
	toks := map[string]string{"sponsor": d.stok, "influencer": d.itok, "other": otok}
	clients := map[string]string{"sponsor": d.sclient, "influencer": d.iclient, "other": oclient}
	for who, tok := range toks {
		cursors[who] = e.pullAs(tok, clients[who], 0, "").Cursor
	}
	var target string
	if err := e.s.db.R.Get(&target, `SELECT target_url FROM tracking_links WHERE code = ?`, d.code); err != nil {
		t.Fatal(err)
	}
	want := "https://shop.example/spring?ref=promo&utm_campaign=spring-sale&utm_content=" + d.code +
		"&utm_medium=influencer&utm_source=iescp"
	if target != want {
		t.Fatalf("target %s, want %s", target, want)
	}
	logsFrom := len(e.logs.String())
	v0 := e.count(`SELECT version FROM sync_meta`)

	status, h, _ := e.visit("GET", "/r/"+d.code)
	if status != http.StatusFound || h.Get("Location") != target || h.Get("Referrer-Policy") != "no-referrer" ||
		h.Get("Cache-Control") != "no-store" || h.Get("Set-Cookie") != "" {
		t.Fatalf("GET: %d %v", status, h)
	}
	if n := e.clicks(d.code); n != 1 {
		t.Fatalf("clicks %d after one GET", n)
	}
	if status, h, _ := e.visit("GET", "/r/"+strings.ToUpper(d.code)); status != http.StatusFound || h.Get("Location") != target {
		t.Fatalf("GET in upper case: %d %v", status, h)
	}
	for range 3 {
		if status, h, _ := e.visit("HEAD", "/r/"+d.code); status != http.StatusFound || h.Get("Location") != target {
			t.Fatalf("HEAD: %d %v", status, h)
		}
	}
	if n := e.clicks(d.code); n != 2 {
		t.Fatalf("clicks %d after two GETs and three HEADs, want 2", n)
	}
	// Each counted click is one version, stamped on the row.
	if v, rv := e.count(`SELECT version FROM sync_meta`), e.count(`SELECT version FROM tracking_links WHERE code = ?`, d.code); v != v0+2 || rv != v {
		t.Fatalf("version %d (row %d), want %d", v, rv, v0+2)
	}

	// Unknown, malformed, other methods.
	for _, path := range []string{"/r/zzzzzzzz", "/r/" + d.code[:7], "/r/" + d.code + "x/", "/r/!!!!!!!!", "/r/"} {
		status, _, body := e.visit("GET", path)
		e.wantError(status, body, http.StatusNotFound, domain.CodeNotFound)
	}
	status, _, body := e.visit("POST", "/r/"+d.code)
	e.wantError(status, body, http.StatusMethodNotAllowed, domain.CodeMethodNotAllowed)
	if n := e.clicks(d.code); n != 2 {
		t.Fatalf("clicks %d after refused requests", n)
	}
	// A campaign without a landing page: its link exists, answers 404 and counts nothing.
	bare := e.acceptedDeal("")
	status, _, body = e.visit("GET", "/r/"+bare.code)
	if msg := e.wantError(status, body, http.StatusNotFound, domain.CodeNotFound).Message; !strings.Contains(msg, "no landing page") {
		t.Fatalf("message %q does not say why", msg)
	}
	if n := e.clicks(bare.code); n != 0 {
		t.Fatalf("a link without a target counted %d", n)
	}
	// Nothing about the visitor, nor the code, in the log.
	if logs := e.logs.String()[logsFrom:]; strings.Contains(logs, d.code) || strings.Contains(logs, "127.0.0.1") ||
		strings.Contains(logs, "Go-http-client") {
		t.Fatalf("the log mentions the click:\n%s", logs)
	}

	// The count reaches both parties' pulls, and nobody else's.
	for who, tok := range toks {
		pr := e.pullAs(tok, clients[who], cursors[who], "")
		var got *domain.TrackingLink
		for _, ch := range pr.Changes {
			if ch.Table == "tracking_links" && ch.ID == domain.DerivedID("tracking_link", d.req) && ch.Op == protocol.OpPut {
				got = new(domain.TrackingLink)
				if err := json.Unmarshal(ch.Row, got); err != nil {
					t.Fatal(err)
				}
			}
		}
		if party := who != "other"; (got != nil) != party {
			t.Fatalf("%s pulled the link: %v, want %v", who, got != nil, party)
		}
		if got != nil && (got.Clicks != 2 || got.Code != d.code || got.TargetURL != target) {
			t.Fatalf("%s pulled %+v", who, got)
		}
	}
}

// Counting is bounded per link (a sliding minute) and for the whole server (a
// token bucket per second); a click past a limit still redirects but writes
// nothing, and the limits refill on the server's clock.
func TestTracking_ClicksThrottled(t *testing.T) {
	t.Run("per link", func(t *testing.T) {
		e := newEnv(t, Config{ClicksPerCodePerMinute: 3, ClicksPerSecond: -1})
		a, b := e.acceptedDeal("https://a.example/"), e.acceptedDeal("https://b.example/")
		v0 := e.count(`SELECT version FROM sync_meta`)
		for range 5 {
			if status, _, _ := e.visit("GET", "/r/"+a.code); status != http.StatusFound {
				t.Fatalf("a throttled click got %d, want the redirect all the same", status)
			}
		}
		if n, m := e.clicks(a.code), e.count(`SELECT version FROM sync_meta`); n != 3 || m != v0+3 {
			t.Fatalf("clicks %d, version +%d; want 3 and 3", n, m-v0)
		}
		// Another link has its own window.
		e.visit("GET", "/r/"+b.code)
		if n := e.clicks(b.code); n != 1 {
			t.Fatalf("the other link counted %d", n)
		}
		e.clock.Advance(time.Minute)
		e.visit("GET", "/r/"+a.code)
		if n := e.clicks(a.code); n != 4 {
			t.Fatalf("a minute later: clicks %d, want 4", n)
		}
	})
	t.Run("whole server", func(t *testing.T) {
		e := newEnv(t, Config{ClicksPerCodePerMinute: -1, ClicksPerSecond: 2})
		a, b := e.acceptedDeal("https://a.example/"), e.acceptedDeal("https://b.example/")
		for _, code := range []string{a.code, b.code, a.code, b.code} {
			if status, _, _ := e.visit("GET", "/r/"+code); status != http.StatusFound {
				t.Fatalf("got %d", status)
			}
		}
		if n := e.clicks(a.code) + e.clicks(b.code); n != 2 {
			t.Fatalf("counted %d in one instant, want the bucket's 2", n)
		}
		e.clock.Advance(time.Second)
		e.visit("GET", "/r/"+b.code)
		if n := e.clicks(a.code) + e.clicks(b.code); n != 3 {
			t.Fatalf("a second later: counted %d, want 3", n)
		}
	})
}
