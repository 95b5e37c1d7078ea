package securitytest

import (
	"bufio"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// maxStreamsPerAccount is the most event streams one account may hold open that
// this suite accepts (a desktop needs one; a few signed-in machines a handful).
const maxStreamsPerAccount = 16

// streamDeadline bounds how long the server may take to close a stream it must close.
const streamDeadline = 15 * time.Second

// TestStreamsPerAccountAreCapped opens 40 event streams with one token: the server
// refuses the extras with 429 or closes older ones, so the account never holds
// more than a handful (today: all 40, one file descriptor each).
func TestStreamsPerAccountAreCapped(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	a := register(t, s, "influencer", "manystreams")
	const n = 40
	closed := make(chan struct{}, n)
	accepted, refused := 0, 0
	for range n {
		st := openStream(t, s, a.http, a.access)
		switch st.Status {
		case http.StatusOK:
			accepted++
			go func() { <-st.closed; closed <- struct{}{} }()
		case http.StatusTooManyRequests:
			refused++
			if e := (&reply{Status: st.Status, Body: st.Body}).errorBody(t); e.Code != "rate_limited" {
				t.Errorf("a refused stream: code %s, want rate_limited", e.Code)
			}
		default:
			t.Fatalf("stream: status %d %s, want 200 or 429", st.Status, st.Body)
		}
	}
	open := accepted
	deadline := time.After(streamDeadline)
	for open > maxStreamsPerAccount {
		select {
		case <-closed:
			open--
		case <-deadline:
			t.Fatalf("%d streams opened with one token: %d accepted, %d refused, %d still open after %s; want at most %d open",
				n, accepted, refused, open, streamDeadline, maxStreamsPerAccount)
		}
	}
	if open == 0 {
		t.Fatal("no stream is left open: the cap must leave the account its own streams")
	}
	if g := streamGauge(t, s); g > maxStreamsPerAccount {
		t.Errorf("the server counts %v open streams, want at most %d", g, maxStreamsPerAccount)
	}
}

// streamGauge reads iescp_sync_event_streams from /metrics.
func streamGauge(t *testing.T, s *server) float64 {
	t.Helper()
	r := do(t, newClient(), "GET", s.URL+"/metrics", "", nil)
	sc := bufio.NewScanner(strings.NewReader(string(r.Body)))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == "iescp_sync_event_streams" {
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
	}
	t.Fatal("no iescp_sync_event_streams in /metrics")
	return 0
}

// TestDeactivatedAccountStreamIsClosed: deactivating an account ends its open
// event stream at once, and its still-valid token opens no new one.
func TestDeactivatedAccountStreamIsClosed(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	a := register(t, s, "influencer", "deactivated")
	st := openStream(t, s, a.http, a.access)
	if st.Status != http.StatusOK {
		t.Fatalf("open stream: %d %s", st.Status, st.Body)
	}
	s.adminActor(t).must(t, "admin.setActive", map[string]any{"account_id": a.ID, "active": false})
	select {
	case <-st.closed:
	case <-time.After(streamDeadline):
		t.Fatalf("a deactivated account's event stream is still open %s after the deactivation", streamDeadline)
	}
	// Its still-valid token opens no new stream: refused, or ended at once.
	again := openStream(t, s, a.http, a.access)
	if again.Status == http.StatusOK {
		select {
		case <-again.closed:
		case <-time.After(streamDeadline):
			t.Errorf("a deactivated account's token opened a new event stream that stays open")
		}
	}
}

// TestPrivateDraftPokesNoOne: a sponsor's private draft is visible to the sponsor
// (and admins) only, so it must not poke anyone else's stream. Another user's next
// poke is for the next change they can see.
func TestPrivateDraftPokesNoOne(t *testing.T) {
	t.Parallel()
	s := newServer(t) // nothing else writes: every poke here is one of ours
	sponsor := approvedSponsor(t, s, "drafter")
	infl := register(t, s, "influencer", "bystander")
	other := approvedSponsor(t, s, "othersponsor")
	// The drafter also runs a public campaign, so everyone holds its account and
	// profile: the draft must not send those again (and poke everyone) either.
	sponsor.campaign(t, "public", true, 50_000)
	infl.pullAll(t)
	other.pullAll(t)
	type watched struct {
		a  *actor
		st *stream
	}
	var ws []watched
	for _, a := range []*actor{infl, other} {
		st := openStream(t, s, a.http, a.access)
		if st.Status != http.StatusOK {
			t.Fatalf("open stream: %d %s", st.Status, st.Body)
		}
		ws = append(ws, watched{a, st})
	}
	sponsor.campaign(t, "private", false, 123_456) // the private draft
	// A change everyone sees, as the marker: its version is the only poke due.
	infl.must(t, "profile.update", map[string]any{"name": "Bystander renamed"})
	_, marker := infl.pullAll(t)
	for _, w := range ws {
		deadline := time.After(streamDeadline)
	wait:
		for {
			select {
			case v := <-w.st.pokes:
				if v < marker {
					t.Errorf("%s was poked for version %d, a change it cannot see (the next it can see is %d)", w.a.Name, v, marker)
					continue
				}
				break wait
			case <-w.st.closed:
				t.Fatalf("%s's stream closed", w.a.Name)
			case <-deadline:
				t.Fatalf("%s got no poke for the change it can see (version %d)", w.a.Name, marker)
			}
		}
	}
}
