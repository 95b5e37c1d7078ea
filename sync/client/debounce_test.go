package client_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"
	"time"

	"iescp/sync/client"
	"iescp/sync/protocol"
)

// pushGate is a proxy in front of a real server that reports every push (the
// mutation IDs it carries) and holds it until the test lets it through. It
// refuses the event stream, so that no poke starts a round the test did not ask
// for (the engine then waits its reconnect delay, which the fake timers never end).
type pushGate struct {
	http   *httptest.Server
	pushes chan []int64  // the mutation IDs of each push, as it arrives
	let    chan struct{} // one value lets one push through
}

func newPushGate(t *testing.T, target string) *pushGate {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	g := &pushGate{pushes: make(chan []int64, 100), let: make(chan struct{}, 100)}
	proxy := httputil.NewSingleHostReverseProxy(u)
	g.http = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/sync/v1/events":
			http.Error(rw, `{"error":{"code":"unavailable","message":"no stream in this test"}}`, http.StatusServiceUnavailable)
			return
		case "/sync/v1/push":
			body, err := io.ReadAll(r.Body)
			if err != nil {
				http.Error(rw, err.Error(), http.StatusBadRequest)
				return
			}
			var req protocol.PushRequest
			if err := json.Unmarshal(body, &req); err != nil {
				http.Error(rw, err.Error(), http.StatusBadRequest)
				return
			}
			ids := make([]int64, 0, len(req.Mutations))
			for _, m := range req.Mutations {
				ids = append(ids, m.ID)
			}
			g.pushes <- ids
			select {
			case <-g.let:
			case <-r.Context().Done():
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		proxy.ServeHTTP(rw, r)
	}))
	t.Cleanup(func() {
		g.http.CloseClientConnections()
		g.http.Close()
	})
	return g
}

// next is the next push to arrive (its mutation IDs).
func (g *pushGate) next(t *testing.T, what string) []int64 {
	t.Helper()
	select {
	case ids := <-g.pushes:
		return ids
	case <-time.After(20 * time.Second):
		t.Fatalf("no push arrived: %s", what)
		return nil
	}
}

// pushTimers are the engine's waits: sync rounds and debounce waits recorded (and
// only ended by the test), stream reconnects never ended.
type pushTimers struct {
	sync, push chan wait
}

func (f *pushTimers) after(kind string, d time.Duration) <-chan time.Time {
	w := wait{d: d, fire: make(chan time.Time, 1)}
	switch kind {
	case client.WaitPush:
		f.push <- w
	case client.WaitSync:
		f.sync <- w
	}
	return w.fire
}

func (f *pushTimers) next(t *testing.T, ch chan wait, what string) wait {
	t.Helper()
	select {
	case w := <-ch:
		return w
	case <-time.After(20 * time.Second):
		t.Fatalf("the engine never waited: %s", what)
		return wait{}
	}
}

// noWait fails if the engine asked for a debounce wait.
func (f *pushTimers) noWait(t *testing.T, what string) {
	t.Helper()
	select {
	case w := <-f.push:
		t.Fatalf("%s: the engine waited %s before pushing", what, w.d)
	default:
	}
}

// startPushing signs an influencer in behind a push gate, starts its engine on
// fake timers and lets its first round (nothing to push) finish.
func startPushing(t *testing.T, debounce time.Duration) (*desktop, *pushGate, *pushTimers) {
	t.Helper()
	p := newPlatform(t)
	p.register("influencer", "ivy@example.com", "Ivy")
	gate := newPushGate(t, p.http.URL)
	ivy := p.desktopWith(gate.http.URL, "ivy@example.com", "ivy", func(c *client.Config) { c.Debounce = debounce })
	clock := &pushTimers{sync: make(chan wait, 100), push: make(chan wait, 100)}
	client.SetTiming(ivy.engine, maxJitter, clock.after)
	ivy.engine.Start()
	clock.next(t, clock.sync, "start").go_()
	if w := clock.next(t, clock.sync, "poll after the first round"); w.d != 30*time.Second {
		t.Fatalf("first round failed: next round in %s, want the 30 s poll", w.d)
	}
	return ivy, gate, clock
}

func headline(ivy *desktop, i int) {
	ivy.must("mediaKit.update", map[string]any{"headline": fmt.Sprintf("Headline %d", i)})
}

// TestPush_LoneEditGoesAtOnce: an edit made while the engine is idle is pushed
// without any debounce wait (the leading edge), and so is the next lone edit
// right after that push: the time since the last round does not delay it.
func TestPush_LoneEditGoesAtOnce(t *testing.T) {
	ivy, gate, clock := startPushing(t, 0)
	for i := 1; i <= 2; i++ {
		headline(ivy, i)
		ids := gate.next(t, fmt.Sprintf("lone edit %d", i))
		if len(ids) != 1 {
			t.Fatalf("lone edit %d: pushed %v, want one mutation", i, ids)
		}
		clock.noWait(t, fmt.Sprintf("lone edit %d", i))
		gate.let <- struct{}{}
		if w := clock.next(t, clock.sync, "poll after the push"); w.d != 30*time.Second {
			t.Fatalf("lone edit %d: next round in %s, want the 30 s poll", i, w.d)
		}
		clock.noWait(t, fmt.Sprintf("lone edit %d", i))
		if n := pendingCount(ivy); n != 0 {
			t.Fatalf("lone edit %d: %d changes still pending after the push", i, n)
		}
	}
}

func pendingCount(d *desktop) int {
	n := 0
	for _, o := range d.outbox() {
		if o.Status == "pending" {
			n++
		}
	}
	return n
}

// TestPush_BurstTravelsTogether: the first edit of a burst goes at once; the edits
// made while it is on its way wait the debounce after it (the trailing edge), and
// every edit made until the wait ends joins them in one push.
func TestPush_BurstTravelsTogether(t *testing.T) {
	const debounce = 7 * time.Millisecond
	ivy, gate, clock := startPushing(t, debounce)
	headline(ivy, 1)
	first := gate.next(t, "the burst's first edit")
	if len(first) != 1 {
		t.Fatalf("first push %v, want the first edit alone", first)
	}
	clock.noWait(t, "the burst's first edit")
	for i := 2; i <= 4; i++ { // while the first push is held at the gate
		headline(ivy, i)
	}
	gate.let <- struct{}{}
	if w := clock.next(t, clock.sync, "poll after the first push"); w.d != 30*time.Second {
		t.Fatalf("next round in %s, want the 30 s poll", w.d)
	}
	w := clock.next(t, clock.push, "the rest of the burst")
	if w.d != debounce {
		t.Fatalf("gathered the burst for %s, want the debounce %s", w.d, debounce)
	}
	headline(ivy, 5) // during the wait: joins the burst
	select {
	case ids := <-gate.pushes:
		t.Fatalf("pushed %v before the debounce ended", ids)
	default:
	}
	w.go_()
	rest := gate.next(t, "the rest of the burst")
	if len(rest) != 4 || rest[0] != first[0]+1 || rest[3] != first[0]+4 {
		t.Fatalf("second push %v, want edits 2 to 5 (after %v) in one push", rest, first)
	}
	gate.let <- struct{}{}
	if w := clock.next(t, clock.sync, "poll after the burst"); w.d != 30*time.Second {
		t.Fatalf("next round in %s, want the 30 s poll", w.d)
	}
	clock.noWait(t, "after the burst")
	if n := pendingCount(ivy); n != 0 {
		t.Fatalf("%d changes still pending after the burst", n)
	}

	// The burst is over: the next edit is lone again.
	headline(ivy, 6)
	if ids := gate.next(t, "a lone edit after the burst"); len(ids) != 1 {
		t.Fatalf("pushed %v, want the lone edit alone", ids)
	}
	clock.noWait(t, "a lone edit after the burst")
	gate.let <- struct{}{}
}
