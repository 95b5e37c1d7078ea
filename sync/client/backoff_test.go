package client_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"iescp/backend/store"
	"iescp/sync/client"
)

// timers stands in for the engine's waits: every wait is recorded (kind and
// duration) and only ends when the test fires it, so delays are checked without
// waiting them out.
type timers struct {
	t            *testing.T
	sync, stream chan wait
}

type wait struct {
	d    time.Duration
	fire chan time.Time
}

func newTimers(t *testing.T) *timers {
	return &timers{t: t, sync: make(chan wait, 100), stream: make(chan wait, 100)}
}

func (f *timers) after(kind string, d time.Duration) <-chan time.Time {
	w := wait{d: d, fire: make(chan time.Time, 1)}
	if kind == client.WaitStream {
		f.stream <- w
	} else {
		f.sync <- w
	}
	return w.fire
}

// next returns the next wait of a kind the engine starts.
func (f *timers) next(ch chan wait, what string) wait {
	f.t.Helper()
	select {
	case w := <-ch:
		return w
	case <-time.After(20 * time.Second):
		f.t.Fatalf("the engine never waited for its %s", what)
		return wait{}
	}
}

func (w wait) go_() { w.fire <- time.Time{} }

// reconnectBound is the longest a desktop may wait to reconnect its event stream:
// the stream is how it learns the server is back, and the target is converged
// within 5 s of a heal.
const reconnectBound = 4 * time.Second

// maxJitter makes every jittered delay its ceiling.
func maxJitter(n int64) int64 { return n - 1 }

// streamDelay is the reconnect delay after n failed attempts, at maxJitter.
func streamDelay(n int) time.Duration {
	return client.StreamRetryMin + min(client.StreamRetryBase<<n, client.StreamRetryCap) - 1
}

// syncDelay is the loop's wait after n failed rounds, at maxJitter.
func syncDelay(n int) time.Duration { return client.SyncRetryMin + client.SyncRetryBase<<n - 1 }

// swappableTokens is a TokenSource whose access token the test replaces (a
// new one after the old expired); Refresh adds a prime.
type swappableTokens struct {
	mu        sync.Mutex
	tok       string
	refreshes int
}

func (s *swappableTokens) AccessToken(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tok, nil
}

func (s *swappableTokens) Refresh(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refreshes++
	s.tok += "'"
	return s.tok, nil
}

func (s *swappableTokens) set(tok string) {
	s.mu.Lock()
	s.tok = tok
	s.mu.Unlock()
}

// TestBackoff_StreamReconnects drives the event stream through a scripted server:
// seven refused attempts (the delays grow to the cap of a few seconds), a healthy
// stream the server then ends as at its token's expiry (the next connection
// follows after the minimum delay, with the fresh token), a stream that ends
// right after its first event (a failure, though the count restarted), a 401
// (renewed and reconnected at once, without a wait) and a stream that stays.
func TestBackoff_StreamReconnects(t *testing.T) {
	var attempts atomic.Int32
	var mu sync.Mutex
	var auths []string
	established := make(chan int, 20)
	end := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/sync/v1/events" {
			http.Error(rw, `{"error":{"code":"unavailable","message":"not here"}}`, http.StatusServiceUnavailable)
			return
		}
		n := int(attempts.Add(1))
		mu.Lock()
		auths = append(auths, r.Header.Get("Authorization"))
		mu.Unlock()
		if n <= 7 {
			http.Error(rw, `{"error":{"code":"unavailable","message":"down"}}`, http.StatusServiceUnavailable)
			return
		}
		if n == 10 {
			http.Error(rw, `{"error":{"code":"unauthenticated","message":"token expired"}}`, http.StatusUnauthorized)
			return
		}
		rw.Header().Set("Content-Type", "text/event-stream")
		rw.WriteHeader(http.StatusOK)
		fmt.Fprintf(rw, "retry: 2000\nevent: poke\ndata: {\"version\":%d}\n\n", n)
		rw.(http.Flusher).Flush()
		established <- n
		switch n {
		case 8: // healthy: a keep-alive, then the server ends it (the token expired)
			fmt.Fprint(rw, ": keep-alive\n\n")
			rw.(http.Flusher).Flush()
			<-end
		case 9: // ends right after its first event
		default:
			<-r.Context().Done()
		}
	}))
	defer srv.Close()
	defer srv.CloseClientConnections()

	db, err := store.Open(filepath.Join(t.TempDir(), "r.db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tokens := &swappableTokens{tok: "first"}
	eng, err := client.New(context.Background(), client.Config{ServerURL: srv.URL, DB: db, AccountID: "acc", Tokens: tokens})
	if err != nil {
		t.Fatal(err)
	}
	clock := newTimers(t)
	client.SetTiming(eng, maxJitter, clock.after)
	eng.Start()
	defer eng.Stop()

	for n := 1; n <= 7; n++ {
		w := clock.next(clock.stream, "reconnect")
		if w.d != streamDelay(n) {
			t.Fatalf("after %d refused attempts: delay %v, want %v", n, w.d, streamDelay(n))
		}
		if w.d > reconnectBound {
			t.Fatalf("after %d refused attempts: delay %v, above %v", n, w.d, reconnectBound)
		}
		w.go_()
	}
	waitEstablished(t, established, 8)
	tokens.set("fresh") // the old token expired: the server ends the stream
	close(end)
	if w := clock.next(clock.stream, "reconnect"); w.d != streamDelay(0) {
		t.Fatalf("after a healthy stream ended by the server: delay %v, want the minimum %v", w.d, streamDelay(0))
	} else {
		w.go_()
	}
	waitEstablished(t, established, 9)
	if w := clock.next(clock.stream, "reconnect"); w.d != streamDelay(1) {
		t.Fatalf("after a stream that ended at its first event: delay %v, want %v (one failure)", w.d, streamDelay(1))
	} else {
		w.go_()
	}
	waitEstablished(t, established, 11) // 10 answered 401: renewed and retried at once
	select {
	case w := <-clock.stream:
		t.Fatalf("the engine waited %v around a 401 instead of renewing the token and reconnecting", w.d)
	default:
	}
	mu.Lock()
	defer mu.Unlock()
	if auths[8] != "Bearer fresh" || auths[9] != "Bearer fresh" || auths[10] != "Bearer fresh'" {
		t.Fatalf("tokens of the connections after the expiry: %q, want the fresh one, then the renewed one", auths[8:11])
	}
}

func waitEstablished(t *testing.T, ch chan int, want int) {
	t.Helper()
	select {
	case n := <-ch:
		if n != want {
			t.Fatalf("stream %d established, want %d", n, want)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("stream %d never established", want)
	}
}

// outage is a front in front of the server that refuses every request (503)
// while down; going down also cuts every open connection, event streams
// included. refusePushes refuses that many pushes more after the heal.
type outage struct {
	down         atomic.Bool
	refusePushes atomic.Int32
	quotaPushes  atomic.Int32  // pushes answered 429 with Retry-After: 120
	noStreams    atomic.Bool   // event streams refused even while the network is up
	streams      chan struct{} // an event stream answered 200
	hs           *httptest.Server
}

func newOutage(w *world) *outage {
	o := &outage{streams: make(chan struct{}, 100)}
	o.hs = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if o.down.Load() || (r.URL.Path == "/sync/v1/push" && o.refusePushes.Add(-1) >= 0) ||
			(r.URL.Path == "/sync/v1/events" && o.noStreams.Load()) {
			rw.Header().Set("Content-Type", "application/json")
			rw.WriteHeader(http.StatusServiceUnavailable)
			if _, err := rw.Write([]byte(`{"error":{"code":"unavailable","message":"the network is down"}}`)); err != nil {
				w.t.Errorf("outage: %v", err)
			}
			return
		}
		if r.URL.Path == "/sync/v1/push" && o.quotaPushes.Add(-1) >= 0 {
			rw.Header().Set("Content-Type", "application/json")
			rw.Header().Set("Retry-After", "120")
			rw.WriteHeader(http.StatusTooManyRequests)
			if _, err := rw.Write([]byte(`{"error":{"code":"rate_limited","message":"daily quota spent"}}`)); err != nil {
				w.t.Errorf("outage: %v", err)
			}
			return
		}
		if r.URL.Path == "/sync/v1/events" {
			rw = &streamWatch{ResponseWriter: rw, o: o}
		}
		w.srv.Handler().ServeHTTP(rw, r)
	}))
	w.t.Cleanup(func() { o.hs.CloseClientConnections(); o.hs.Close() })
	return o
}

func (o *outage) cut() {
	o.down.Store(true)
	o.hs.CloseClientConnections()
}

func (o *outage) heal() { o.down.Store(false) }

// streamWatch signals the first flush of a 200 event stream.
type streamWatch struct {
	http.ResponseWriter
	o      *outage
	status int
	seen   bool
}

func (s *streamWatch) WriteHeader(code int) { s.status = code; s.ResponseWriter.WriteHeader(code) }

func (s *streamWatch) Flush() {
	s.ResponseWriter.(http.Flusher).Flush()
	if !s.seen && s.status == http.StatusOK {
		s.seen = true
		select {
		case s.o.streams <- struct{}{}:
		default:
		}
	}
}

// TestBackoff_PendingPushGoesWhenTheServerIsBack: during an outage a change waits
// behind a loop backoff that has grown to half a minute; when the server answers
// again, the event stream reconnects within the capped delay, and its first event
// resets the loop's backoff and syncs at once. The first push after the heal is
// refused once more, so the loop's next wait shows its failure count restarted.
func TestBackoff_PendingPushGoesWhenTheServerIsBack(t *testing.T) {
	w := newWorld(t)
	front := newOutage(w)
	synced := make(chan struct{}, 100)
	ivy := w.desktopWith(front.hs.URL, "ivy@example.com", "ivy-live", func(c *client.Config) {
		c.OnStatus = func(st client.Status) {
			if st.State == client.StateOnline && st.Pending == 0 {
				select {
				case synced <- struct{}{}:
				default:
				}
			}
		}
	})
	ivy.sync()
	clock := newTimers(t)
	client.SetTiming(ivy.engine, maxJitter, clock.after)
	ivy.engine.Start()
	// The loop's first round is due at once; here the stream's first event runs it.
	if w := clock.next(clock.sync, "start"); w.d != 0 {
		t.Fatalf("the loop's first round waits %v, want none", w.d)
	}
	select {
	case <-front.streams:
	case <-time.After(20 * time.Second):
		t.Fatal("the event stream never connected")
	}
	if w := clock.next(clock.sync, "poll"); w.d != 30*time.Second {
		t.Fatalf("after a good round the loop waits %v, want the 30 s poll", w.d)
	}

	front.cut()
	for n := 1; n <= 7; n++ {
		w := clock.next(clock.stream, "reconnect")
		if w.d != streamDelay(n) || w.d > reconnectBound {
			t.Fatalf("outage, %d failed connections: delay %v, want %v (at most %v)", n, w.d, streamDelay(n), reconnectBound)
		}
		if n < 7 {
			w.go_()
			continue
		}
		// Offline, a change waits behind a growing backoff.
		ivy.must("profile.update", map[string]any{"bio": "written during the outage"})
		for f := 1; f <= 6; f++ {
			s := clock.next(clock.sync, "retry")
			if s.d != syncDelay(f) {
				t.Fatalf("%d failed rounds: the loop waits %v, want %v", f, s.d, syncDelay(f))
			}
			if f < 6 {
				s.go_()
			}
		}
		// The loop now waits 32 s (never fired here); the server comes back.
		front.refusePushes.Store(1)
		front.heal()
		w.go_()
	}
	// The stream is back: its first event resets the loop, whose push is refused
	// once more; the next wait is the first step of the backoff again.
	s := clock.next(clock.sync, "retry after the heal")
	if s.d != syncDelay(1) {
		t.Fatalf("after the heal and one refused push the loop waits %v, want %v (backoff restarted)", s.d, syncDelay(1))
	}
	for len(synced) > 0 {
		<-synced
	}
	s.go_()
	select {
	case <-synced:
	case <-time.After(20 * time.Second):
		t.Fatal("the pending change was not pushed after the heal")
	}
	ivy.engine.Stop()
	var bio string
	if err := w.srv.DB().R.Get(&bio, `SELECT bio FROM influencer_profiles WHERE account_id = ?`, ivy.user.ID); err != nil {
		t.Fatal(err)
	}
	if bio != "written during the outage" {
		t.Fatalf("server bio %q", bio)
	}
	ivy.expectConverged()
}

// TestBackoff_RefusedStreamWaitsAPollInterval: a server that answers the event
// stream with 429 (its stream cap) is not asked again every few seconds: the
// desktop waits its Retry-After, or a poll interval without one. A 403 (a
// deactivated account) stays on the short backoff, so a reactivation is heard
// within seconds.
func TestBackoff_RefusedStreamWaitsAPollInterval(t *testing.T) {
	var attempts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/sync/v1/events" {
			http.Error(rw, `{"error":{"code":"unavailable","message":"not here"}}`, http.StatusServiceUnavailable)
			return
		}
		switch attempts.Add(1) {
		case 1:
			http.Error(rw, `{"error":{"code":"rate_limited","message":"too many streams"}}`, http.StatusTooManyRequests)
		case 2:
			rw.Header().Set("Retry-After", "12")
			http.Error(rw, `{"error":{"code":"rate_limited","message":"too many streams"}}`, http.StatusTooManyRequests)
		case 3:
			http.Error(rw, `{"error":{"code":"forbidden","message":"this account is deactivated"}}`, http.StatusForbidden)
		default:
			http.Error(rw, `{"error":{"code":"unavailable","message":"down"}}`, http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()

	db, err := store.Open(filepath.Join(t.TempDir(), "r.db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	poll := 45 * time.Second
	eng, err := client.New(context.Background(), client.Config{ServerURL: srv.URL, DB: db, AccountID: "acc",
		Tokens: &swappableTokens{tok: "t"}, Poll: poll})
	if err != nil {
		t.Fatal(err)
	}
	clock := newTimers(t)
	client.SetTiming(eng, maxJitter, clock.after)
	eng.Start()
	defer eng.Stop()

	if w := clock.next(clock.stream, "reconnect after 429"); w.d != poll {
		t.Fatalf("after a 429 without Retry-After: delay %v, want the poll interval %v", w.d, poll)
	} else {
		w.go_()
	}
	if w := clock.next(clock.stream, "reconnect after 429"); w.d != 12*time.Second {
		t.Fatalf("after a 429 with Retry-After 12: delay %v, want 12s", w.d)
	} else {
		w.go_()
	}
	if w := clock.next(clock.stream, "reconnect after 403"); w.d > reconnectBound {
		t.Fatalf("after a 403: delay %v, want the short backoff (≤ %v)", w.d, reconnectBound)
	} else {
		w.go_()
	}
	if w := clock.next(clock.stream, "reconnect after 503"); w.d > reconnectBound {
		t.Fatalf("after a plain outage: delay %v, want the short backoff (≤ %v)", w.d, reconnectBound)
	}
}

// TestBackoff_SilentStreamIsDropped: a stream that carries nothing for the
// silence bound (no poke, no keep-alive: a connection a partition cut without a
// reset) is taken for dead and connected again, after the short stream backoff,
// instead of waiting minutes for TCP to notice.
func TestBackoff_SilentStreamIsDropped(t *testing.T) {
	var attempts atomic.Int32
	connected := make(chan int, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/sync/v1/events" {
			http.Error(rw, `{"error":{"code":"unavailable","message":"not here"}}`, http.StatusServiceUnavailable)
			return
		}
		n := int(attempts.Add(1))
		rw.Header().Set("Content-Type", "text/event-stream")
		rw.WriteHeader(http.StatusOK)
		fmt.Fprintf(rw, "event: poke\ndata: {\"version\":%d}\n\n", n)
		rw.(http.Flusher).Flush()
		connected <- n
		<-r.Context().Done() // then nothing, as behind a partition
	}))
	defer srv.Close()
	defer srv.CloseClientConnections()

	db, err := store.Open(filepath.Join(t.TempDir(), "r.db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	eng, err := client.New(context.Background(), client.Config{ServerURL: srv.URL, DB: db, AccountID: "acc",
		Tokens: &swappableTokens{tok: "t"}, Poll: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	clock := newTimers(t)
	client.SetTiming(eng, maxJitter, clock.after)
	client.SetStreamSilence(eng, 50*time.Millisecond)
	eng.Start()
	defer eng.Stop()

	waitEstablished(t, connected, 1)
	w := clock.next(clock.stream, "reconnect after a silent stream")
	if w.d > reconnectBound {
		t.Fatalf("after a silent stream: delay %v, want the short backoff", w.d)
	}
	w.go_()
	waitEstablished(t, connected, 2)
}

// syncCap is the documented longest wait of the loop after failed rounds.
const syncCap = 60 * time.Second

// TestBackoff_SyncLoopCapsAndResets: failed rounds in a row wait up to 1, 2, 4 …
// 32 s, then stay at the 60 s cap; a good round goes back to the poll interval,
// and the next failure starts the backoff again from its first step. The event
// stream never connects here (the server refuses it throughout, and its reconnect
// waits are never fired), so only the loop's own rounds count: a stream whose
// first attempt was slow to reach the server, after the heal, would poke the loop
// into an extra round.
func TestBackoff_SyncLoopCapsAndResets(t *testing.T) {
	w := newWorld(t)
	front := newOutage(w)
	front.noStreams.Store(true)
	ivy := w.desktopWith(front.hs.URL, "ivy@example.com", "ivy-caps")
	ivy.sync()
	clock := newTimers(t)
	client.SetTiming(ivy.engine, maxJitter, clock.after)
	front.cut()
	ivy.engine.Start()
	if s := clock.next(clock.sync, "start"); s.d != 0 {
		t.Fatalf("the loop's first round waits %v, want none", s.d)
	} else {
		s.go_()
	}
	var s wait
	for f := 1; f <= 9; f++ {
		s = clock.next(clock.sync, "retry")
		want := client.SyncRetryMin + min(client.SyncRetryBase<<f, syncCap) - 1
		if s.d != want {
			t.Fatalf("%d failed rounds: the loop waits %v, want %v", f, s.d, want)
		}
		if f < 9 {
			s.go_()
		}
	}
	front.heal()
	s.go_()
	if s := clock.next(clock.sync, "poll"); s.d != 30*time.Second {
		t.Fatalf("after a good round the loop waits %v, want the 30 s poll", s.d)
	} else {
		front.cut()
		s.go_()
	}
	if s := clock.next(clock.sync, "retry"); s.d != syncDelay(1) {
		t.Fatalf("the first failure after a good round: the loop waits %v, want %v (backoff restarted)", s.d, syncDelay(1))
	}
}

// TestBackoff_PushHonoursRetryAfter: a push refused with 429 and Retry-After (an
// account's spent daily quota) is not retried sooner than the server asked, though
// the loop's own backoff would have tried again within a second.
func TestBackoff_PushHonoursRetryAfter(t *testing.T) {
	w := newWorld(t)
	front := newOutage(w)
	ivy := w.desktopWith(front.hs.URL, "ivy@example.com", "ivy-quota")
	ivy.sync()
	clock := newTimers(t)
	client.SetTiming(ivy.engine, maxJitter, clock.after)
	ivy.must("profile.update", map[string]any{"bio": "waits for the quota"})
	front.quotaPushes.Store(1)
	ivy.engine.Start()
	if s := clock.next(clock.sync, "start"); s.d != 0 {
		t.Fatalf("the loop's first round waits %v, want none", s.d)
	} else {
		s.go_()
	}
	s := clock.next(clock.sync, "retry after the quota")
	if s.d != 120*time.Second {
		t.Fatalf("after a 429 with Retry-After: 120 the loop waits %v, want 2m0s", s.d)
	}
	s.go_()
	if s := clock.next(clock.sync, "poll"); s.d != 30*time.Second {
		t.Fatalf("after the push went through the loop waits %v, want the 30 s poll", s.d)
	}
}
