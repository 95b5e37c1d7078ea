package server

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/sync/protocol"
)

// sse is an open event stream as a client sees it.
type sse struct {
	pokes  chan int64    // versions, in order
	closed chan struct{} // closed when the server ends the stream
	cancel context.CancelFunc
}

// stream opens an event stream and fails unless it is accepted.
func (e *testEnv) stream(token string) *sse {
	e.t.Helper()
	st, status, body := e.tryStream(token)
	if st == nil {
		e.t.Fatalf("events: got %d %s", status, body)
	}
	return st
}

// tryStream opens an event stream; on refusal it returns the status and body.
func (e *testEnv) tryStream(token string) (*sse, int, []byte) {
	e.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", e.url+"/sync/v1/events", nil)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := e.hc.Do(req)
	if err != nil {
		cancel()
		e.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		cancel()
		return nil, resp.StatusCode, body
	}
	if got := resp.Header.Get("Content-Type"); got != "text/event-stream" {
		e.t.Errorf("events: Content-Type %q", got)
	}
	st := &sse{pokes: make(chan int64, 1024), closed: make(chan struct{}), cancel: cancel}
	e.t.Cleanup(cancel)
	go func() {
		defer close(st.closed)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var p protocol.Poke
			if json.Unmarshal([]byte(data), &p) == nil {
				st.pokes <- p.Version
			}
		}
	}()
	return st, 0, nil
}

// next waits for the next poke.
func (st *sse) next(t *testing.T) int64 {
	t.Helper()
	select {
	case v := <-st.pokes:
		return v
	case <-st.closed:
		select {
		case v := <-st.pokes:
			return v
		default:
		}
		t.Fatal("the stream ended, want a poke")
	case <-time.After(wait):
		t.Fatal("no poke in time")
	}
	return 0
}

// until waits for a poke of at least v and returns every poke seen before it.
func (st *sse) until(t *testing.T, v int64) []int64 {
	t.Helper()
	var seen []int64
	for {
		got := st.next(t)
		if got >= v {
			return seen
		}
		seen = append(seen, got)
	}
}

// waitEnd waits for the server to end the stream.
func (st *sse) waitEnd(t *testing.T, what string) {
	t.Helper()
	select {
	case <-st.closed:
	case <-time.After(wait):
		t.Fatalf("%s: the stream is still open", what)
	}
}

func (st *sse) isOpen() bool {
	select {
	case <-st.closed:
		return false
	default:
		return true
	}
}

func (e *testEnv) version() int64 {
	e.t.Helper()
	return e.count(`SELECT version FROM sync_meta WHERE id = 1`)
}

// The event stream lifts the server's read and write timeouts (it would die at
// the first) yet every other connection keeps them.
func TestEvents_OutliveTimeouts(t *testing.T) {
	d := 300 * time.Millisecond
	e := newEnv(t, Config{ReadHeaderTimeout: d, ReadTimeout: d, WriteTimeout: d, IdleTimeout: d})
	_, tok := e.account(domain.RoleSponsor)
	st := e.stream(tok)
	st.next(t)
	// An idle connection opened after the stream is closed by IdleTimeout: by then
	// the stream is older than every timeout.
	c := e.dial()
	if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	waitClosed(t, c, br)
	if !st.isOpen() {
		t.Fatal("the stream ended with the server's timeouts")
	}
	e.mustPush(tok, domain.NewID(), mut(1, "campaign.create", draft(domain.NewID())))
	st.until(t, e.version())
}

// A deactivated account's streams end when the deactivation commits, and it
// cannot open another; its pokes stop.
func TestEvents_ClosedOnDeactivation(t *testing.T) {
	e := newEnv(t, Config{})
	_, admin := e.account(domain.RoleAdmin)
	inf, tok := e.account(domain.RoleInfluencer)
	st1, st2 := e.stream(tok), e.stream(tok)
	st1.next(t)
	st2.next(t)
	e.mustPush(admin, domain.NewID(), mut(1, "admin.setActive", mutate.AdminSetActive{AccountID: inf, Active: false}))
	st1.waitEnd(t, "after deactivation")
	st2.waitEnd(t, "after deactivation")
	st, status, body := e.tryStream(tok)
	if st != nil {
		t.Fatal("a deactivated account opened an event stream")
	}
	e.wantError(status, body, http.StatusForbidden, domain.CodeForbidden)
	if n := e.s.hub.count(); n != 0 {
		t.Errorf("the hub holds %d streams, want 0", n)
	}
	// Reactivated, it streams again.
	e.mustPush(admin, domain.NewID(), mut(1, "admin.setActive", mutate.AdminSetActive{AccountID: inf, Active: true}))
	e.stream(tok).next(t)
}

// A stream ends when its access token expires: the server arms the injected
// timer with the token's remaining life, and ends the stream when it fires.
func TestEvents_EndAtTokenExpiry(t *testing.T) {
	type timer struct {
		d    time.Duration
		fire chan time.Time
	}
	timers := make(chan timer, 4)
	e := newEnv(t, Config{AccessTTL: 10 * time.Minute, After: func(d time.Duration) <-chan time.Time {
		tm := timer{d: d, fire: make(chan time.Time, 1)}
		timers <- tm
		return tm.fire
	}})
	_, tok := e.account(domain.RoleSponsor)
	e.clock.Advance(4 * time.Minute) // the token has 6 minutes left
	st := e.stream(tok)
	st.next(t)
	var tm timer
	select {
	case tm = <-timers:
	case <-time.After(wait):
		t.Fatal("the stream armed no expiry timer")
	}
	if tm.d != 6*time.Minute {
		t.Errorf("expiry timer armed for %s, want the token's remaining 6m0s", tm.d)
	}
	// Still open and poked before the timer fires.
	e.mustPush(tok, domain.NewID(), mut(1, "campaign.create", draft(domain.NewID())))
	st.until(t, e.version())
	tm.fire <- e.clock.Now()
	st.waitEnd(t, "at token expiry")

	// A token already expired by the server's clock cannot open one.
	e.clock.Advance(7 * time.Minute)
	if st, status, body := e.tryStream(tok); st != nil {
		t.Fatal("an expired token opened a stream")
	} else {
		e.wantError(status, body, http.StatusUnauthorized, domain.CodeUnauthenticated)
	}
}

// An account holds at most MaxStreamsPerAccount streams (a new one ends its
// oldest), and the server MaxStreams (a new one past that is refused with 429).
func TestEvents_StreamCaps(t *testing.T) {
	e := newEnv(t, Config{MaxStreamsPerAccount: 2, MaxStreams: 3})
	_, a := e.account(domain.RoleSponsor)
	_, b := e.account(domain.RoleInfluencer)
	_, c := e.account(domain.RoleInfluencer)
	a1 := e.stream(a)
	a1.next(t)
	a2 := e.stream(a)
	a2.next(t)
	a3 := e.stream(a)
	a3.next(t)
	a1.waitEnd(t, "the oldest past the per-account cap")
	if !a2.isOpen() || !a3.isOpen() {
		t.Fatal("a newer stream of the account ended")
	}
	e.stream(b).next(t)
	if n := e.s.hub.count(); n != 3 {
		t.Fatalf("the hub holds %d streams, want 3", n)
	}
	st, status, body := e.tryStream(c)
	if st != nil {
		t.Fatal("a stream past the server's cap was accepted")
	}
	e.wantError(status, body, http.StatusTooManyRequests, domain.CodeRateLimited)
	// A refused stream takes no slot: once one ends, c gets in.
	a2.cancel()
	waitBelow(t, e.s.hub, 3)
	e.stream(c).next(t)
}

// waitBelow waits until the hub holds fewer than n streams.
func waitBelow(t *testing.T, h *hub, n int) {
	t.Helper()
	deadline := time.After(wait)
	for {
		removed := h.removed()
		if h.count() < n {
			return
		}
		select {
		case <-removed:
		case <-deadline:
			t.Fatalf("the hub still holds %d streams", h.count())
		}
	}
}

// Only those who can see a change are poked: a sponsor's private draft pokes the
// sponsor and admins, not other users; a public campaign flagged pokes everyone
// who may hold it (it disappears from their replicas).
func TestPokes_OnlyWhoSees(t *testing.T) {
	e := newEnv(t, Config{})
	_, admin := e.account(domain.RoleAdmin)
	s1, s1tok := e.account(domain.RoleSponsor)
	_, s2tok := e.account(domain.RoleSponsor)
	_, inf := e.account(domain.RoleInfluencer)
	e.mustPush(admin, domain.NewID(), mut(1, "admin.approveSponsor", mutate.AdminSponsorReview{SponsorID: s1}))

	streams := map[string]*sse{"admin": e.stream(admin), "s1": e.stream(s1tok), "s2": e.stream(s2tok), "inf": e.stream(inf)}
	for _, st := range streams {
		st.next(t)
	}
	s1client := domain.NewID()
	e.mustPush(s1tok, s1client, mut(1, "campaign.create", draft(domain.NewID())))
	vDraft := e.version()
	// The sponsor and the admin are poked for the draft. Waiting for it also makes
	// the public campaign below a poke of its own (the poker hands a stream only
	// the newest version of what piled up).
	for _, who := range []string{"admin", "s1"} {
		streams[who].until(t, vDraft)
	}
	// A change everyone sees closes the window: a public campaign.
	pub := draft(domain.NewID())
	pub.Visibility, pub.Publish = "public", true
	e.mustPush(s1tok, s1client, mut(2, "campaign.create", pub))
	vPublic := e.version()
	for _, who := range []string{"s2", "inf"} {
		for _, v := range streams[who].until(t, vPublic) {
			if v >= vDraft {
				t.Errorf("%s: poked with %d for the private draft at %d", who, v, vDraft)
			}
		}
	}
	for _, who := range []string{"admin", "s1"} {
		streams[who].until(t, vPublic)
	}
	// Flagging the public campaign hides it from s2 and the influencer, who may
	// hold it: they are poked to pull the del.
	e.mustPush(admin, domain.NewID(), mut(1, "admin.flag", mutate.AdminFlag{Target: "campaign", ID: pub.ID, Reason: "spam"}))
	vFlag := e.version()
	for _, st := range streams {
		st.until(t, vFlag)
	}
}

// notify gives account an unread notification (a private row), written directly.
func (e *testEnv) notify(account string) string {
	e.t.Helper()
	id := domain.NewID()
	if _, err := e.s.db.W.Exec(`INSERT INTO notifications (id, account_id, kind, title, body, ref_table, ref_id, created_at)
		VALUES (?, ?, 'test', 'Hello', '', '', '', ?)`, id, account, e.clock.Now()); err != nil {
		e.t.Fatal(err)
	}
	return id
}

// Every commit pokes every connected account that sees it, whatever order
// concurrent commits finish in: 300 accounts each commit a change to a private
// row (their notification, read) at once; each must get a poke at or above the
// version of its own commit.
func TestPokes_NoneMissedUnderLoad(t *testing.T) {
	const n = 300
	e := newEnv(t, Config{})
	ids := make([]string, n)
	toks := make([]string, n)
	subs := make([]*subscriber, n)
	for i := range n {
		ids[i], toks[i] = e.account(domain.RoleSponsor)
		sub, err := e.s.hub.subscribe(ids[i])
		if err != nil {
			t.Fatal(err)
		}
		subs[i] = sub
	}
	notes := make([]string, n)
	for i := range n {
		notes[i] = e.notify(ids[i])
	}
	var wg sync.WaitGroup
	errs := make(chan string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, body := e.push(toks[i], domain.NewID(), mut(1, "notification.markRead", mutate.NotificationMarkRead{All: true}))
			if status != http.StatusOK {
				errs <- string(body)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Fatalf("push: %s", msg)
	}
	deadline := time.After(wait)
	for i := range n {
		v := e.count(`SELECT version FROM notifications WHERE id = ? AND read_at IS NOT NULL`, notes[i])
		for {
			select {
			case got := <-subs[i].ch:
				if got >= v {
					goto next
				}
			case <-deadline:
				t.Fatalf("account %d: no poke at or above its commit %d", i, v)
			}
		}
	next:
	}
}

// A commit whose poke is queued after a later commit's (registration or a push
// finishing late) still pokes its own readers: no version is skipped because a
// higher one was poked first.
func TestPokes_OutOfOrderCompletion(t *testing.T) {
	e := newEnv(t, Config{})
	a, _ := e.account(domain.RoleSponsor)
	b, _ := e.account(domain.RoleSponsor)
	subA, err := e.s.hub.subscribe(a)
	if err != nil {
		t.Fatal(err)
	}
	subB, err := e.s.hub.subscribe(b)
	if err != nil {
		t.Fatal(err)
	}
	e.notify(a)
	e.notify(b)
	commit := func(user string) int64 {
		t.Helper()
		p, err := e.s.verifyAccess(e.token(user))
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = e.s.push(context.Background(), p, &protocol.PushRequest{ClientID: domain.NewID(),
			ProtocolVersion: protocol.ProtocolVersion, SchemaVersion: e.s.cfg.MinSchemaVersion,
			Mutations: []protocol.Mutation{mut(1, "notification.markRead", mutate.NotificationMarkRead{All: true})}})
		if err != nil {
			t.Fatal(err)
		}
		return e.version()
	}
	waitPoke := func(who string, sub *subscriber, v int64) {
		t.Helper()
		deadline := time.After(wait)
		for {
			select {
			case got := <-sub.ch:
				if got >= v {
					return
				}
			case <-deadline:
				t.Fatalf("%s: no poke at or above %d", who, v)
			}
		}
	}
	vA := commit(a)
	vB := commit(b)
	waitPoke("a", subA, vA)
	waitPoke("b", subB, vB)
	// The two commits' pokes, queued in the wrong order.
	e.s.pokeAfter(context.Background(), vB)
	e.s.pokeAfter(context.Background(), vA)
	waitPoke("b", subB, vB)
	waitPoke("a", subA, vA)
}

// A flagged account keeps its stream but, pulling nothing but a reset, is poked
// only when its own account changes: the flag, then the unflag.
func TestPokes_FlaggedOnlyForOwnAccount(t *testing.T) {
	e := newEnv(t, Config{})
	_, admin := e.account(domain.RoleAdmin)
	sp, sptok := e.account(domain.RoleSponsor)
	inf, inftok := e.account(domain.RoleInfluencer)
	e.mustPush(admin, domain.NewID(), mut(1, "admin.approveSponsor", mutate.AdminSponsorReview{SponsorID: sp}))
	st := e.stream(inftok)
	st.next(t)
	adminClient := domain.NewID()
	e.mustPush(admin, adminClient, mut(1, "admin.flag", mutate.AdminFlag{Target: "account", ID: inf, Reason: "spam"}))
	st.until(t, e.version())
	pub := draft(domain.NewID())
	pub.Visibility, pub.Publish = "public", true
	spst := e.stream(sptok)
	spst.next(t)
	e.mustPush(sptok, domain.NewID(), mut(1, "campaign.create", pub))
	vPublic := e.version()
	// Pokes are worked out after the commit, from the accounts as they are then:
	// wait until the poker is past the campaign (its sponsor heard of it) before
	// the unflag, or an unflagged account would rightly be poked for it.
	spst.until(t, vPublic)
	e.mustPush(admin, adminClient, mut(2, "admin.unflag", mutate.AdminFlag{Target: "account", ID: inf}))
	vUnflag := e.version()
	if before := st.until(t, vUnflag); len(before) > 0 {
		t.Errorf("the flagged account was poked with %v for a public campaign at %d", before, vPublic)
	}
	if !st.isOpen() {
		t.Error("the flagged account's stream ended")
	}
}
