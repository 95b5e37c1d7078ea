package client_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"iescp/backend/store"
	"iescp/sync/client"
)

// liveWait bounds every wait of the live tests: generous, for a busy machine;
// nothing waits this long when all is well.
const liveWait = 30 * time.Second

// liveDesktop is a desktop whose engine runs in the background (debounced
// pushes, SSE pokes), with its replica's changes and its event stream signalled.
type liveDesktop struct {
	*desktop
	changed chan struct{} // a value after each pull that changed the replica (for the test)
	wake    chan struct{} // the same, for waitFor (never blocks the engine)
	stream  chan struct{} // a value each time the server has subscribed its event stream
}

// live signs an account in on a new desktop whose engine runs in the background.
// Its Poll is an hour: a change can only arrive through a poke on the event
// stream. The desktop talks to the server through a front of its own that says
// when the stream is subscribed (the server flushes its first poke).
func (p *platform) live(email, name string) *liveDesktop {
	p.t.Helper()
	ctx := context.Background()
	l := &liveDesktop{changed: make(chan struct{}, 100), wake: make(chan struct{}, 1), stream: make(chan struct{}, 10)}
	h := p.srv.Handler()
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/sync/v1/events" {
			w = &flushSignal{ResponseWriter: w, ch: l.stream}
		}
		h.ServeHTTP(w, r)
	}))
	p.t.Cleanup(func() { front.CloseClientConnections(); front.Close() })
	auth, user, err := client.Login(ctx, front.URL, email, pw, &client.MemorySecrets{}, nil)
	if err != nil {
		p.t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(p.t.TempDir(), name+".db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		p.t.Fatal(err)
	}
	p.t.Cleanup(func() { db.Close() })
	eng, err := client.New(ctx, client.Config{ServerURL: front.URL, DB: db, AccountID: user.ID, Tokens: auth, Poll: time.Hour,
		OnChange: func() {
			select {
			case l.changed <- struct{}{}:
			default:
			}
			select {
			case l.wake <- struct{}{}:
			default:
			}
		}})
	if err != nil {
		p.t.Fatal(err)
	}
	eng.Start()
	p.t.Cleanup(eng.Stop)
	l.desktop = &desktop{t: p.t, p: p, name: name, user: user, db: db, engine: eng, auth: auth}
	return l
}

// flushSignal signals once per flush of an event stream: the first comes after
// the server subscribed the stream to pokes.
type flushSignal struct {
	http.ResponseWriter
	ch   chan struct{}
	sent bool
}

func (f *flushSignal) Flush() {
	if fl, ok := f.ResponseWriter.(http.Flusher); ok {
		fl.Flush()
	}
	if !f.sent {
		f.sent = true
		select {
		case f.ch <- struct{}{}:
		default:
		}
	}
}

func (f *flushSignal) Unwrap() http.ResponseWriter { return f.ResponseWriter }

// streaming waits until the desktop's event stream is subscribed.
func (l *liveDesktop) streaming(t *testing.T) {
	t.Helper()
	select {
	case <-l.stream:
	case <-time.After(liveWait):
		t.Fatalf("%s: no event stream", l.name)
	}
}

// waitFor waits until q on the desktop's replica returns want, re-reading after
// each pull that changed it.
func waitFor(t *testing.T, l *liveDesktop, want string, q string, args ...any) time.Duration {
	t.Helper()
	start := time.Now()
	deadline := time.NewTimer(liveWait)
	defer deadline.Stop()
	for {
		var got string
		if err := l.db.R.Get(&got, q, args...); err == nil && got == want {
			return time.Since(start)
		}
		select {
		case <-l.wake:
		case <-deadline.C:
			t.Fatalf("%s: %s never became %q (last %q)", l.name, q, want, got)
		}
	}
}

// TestSync_LiveAcrossDesktops: with engines running, a change on one desktop shows
// on another without anyone syncing by hand (push, SSE poke, pull), and one user's
// two desktops follow each other. The engines never poll (Poll is an hour), so
// what arrives came through a poke.
func TestSync_LiveAcrossDesktops(t *testing.T) {
	w := newWorld(t)
	sponsorA := w.live("sponsor@example.com", "sponsor-live")
	infl := w.live("ivy@example.com", "influencer-live")
	laptop := w.live("ivy@example.com", "influencer-laptop")
	for _, d := range []*liveDesktop{sponsorA, infl, laptop} {
		d.streaming(t)
	}
	waitFor(t, infl, "Phone launch", `SELECT name FROM campaigns WHERE id = ?`, w.campaign)
	for len(infl.changed) > 0 {
		<-infl.changed
	}
	raw := []byte(`{"id":"` + w.campaign + `","name":"Phone launch (live)"}`)
	if _, err := sponsorA.engine.Mutate(context.Background(), "campaign.update", raw); err != nil {
		t.Fatal(err)
	}
	took := waitFor(t, infl, "Phone launch (live)", `SELECT name FROM campaigns WHERE id = ?`, w.campaign)
	select {
	case <-infl.changed:
	case <-time.After(liveWait):
		t.Fatal("OnChange was not called after the live pull")
	}
	// One user, two desktops: an edit on one reaches the other.
	if _, err := infl.engine.Mutate(context.Background(), "profile.update", []byte(`{"bio":"from the desktop"}`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, laptop, "from the desktop", `SELECT bio FROM influencer_profiles WHERE account_id = ?`, infl.user.ID)
	t.Logf("a campaign rename reached the other desktop in %v", took)
}
