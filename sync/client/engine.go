package client

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cenkalti/backoff/v5"
	"github.com/go-resty/resty/v2"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/store"
	"iescp/sync/protocol"
)

// TokenSource provides the access token and renews it after a 401.
type TokenSource interface {
	AccessToken(ctx context.Context) (string, error)
	Refresh(ctx context.Context) (string, error)
}

// Config configures an Engine.
type Config struct {
	ServerURL string
	DB        *store.Store // the signed-in account's replica
	AccountID string
	Tokens    TokenSource
	Now       func() time.Time
	// OnStatus receives every status change; OnChange is called after a pull
	// changed the replica; OnProgress during a long pull (rows received so far).
	OnStatus   func(Status)
	OnChange   func()
	OnProgress func(rows int)
	// OnPullTotal is called once a first download's first page says how many
	// rows the whole download brings (protocol.PullResponse.Total), before its
	// OnProgress; a server that does not say never calls it.
	OnPullTotal func(total int)
	// Debounce gathers a burst of local changes: a change made while the engine
	// is idle is pushed at once (leading edge); changes made while a push is on
	// its way wait Debounce after it and travel together (trailing edge). Poll
	// is the pull interval without pokes. Zero means 5 ms and 30 s.
	Debounce time.Duration
	Poll     time.Duration
	PageSize int
	// OnSnapshotStep, if set, hears how long each step of a first download from
	// a snapshot took: "download", "verify", "correction" (the correction pull's
	// pages), "copy" (the snapshot's rows into the replica) and "apply" (the rest
	// of the transaction: the correction's rows, search indexing, outbox replay).
	OnSnapshotStep func(step string, took time.Duration)
	// CheckSnapshot makes the desktop run PRAGMA integrity_check on a downloaded
	// snapshot too (the server checked it before taking the checksum the download
	// must match; snapshot.go verifySnapshot).
	CheckSnapshot bool
	// NoSnapshot makes a fresh replica's first download row by row even from a
	// server that offers snapshots (snapshot.go).
	NoSnapshot bool
}

// Sync states.
const (
	StateOffline   = "offline"
	StateOnline    = "online"
	StateSyncing   = "syncing"
	StateSignedOut = "signed_out" // the server refused our tokens: sign in again
)

// Status is what the UI shows about sync.
type Status struct {
	State      string     `json:"state"`
	Pending    int        `json:"pending"`
	Rejected   int        `json:"rejected"`
	LastSynced *time.Time `json:"last_synced"`
	LastError  string     `json:"last_error"`
}

// Engine syncs one replica with the server.
type Engine struct {
	cfg   Config
	http  *resty.Client
	state State

	kick chan struct{} // wake the loop: push soon
	poke chan struct{} // wake the loop: pull now
	// pushing is set while a push request is on its way; burst is set by a
	// Notify that came meanwhile: the change is part of a burst, and the loop
	// gathers the rest for Debounce before pushing it (see loop).
	pushing, burst atomic.Bool

	mu     sync.Mutex // guards status, syncing
	status Status
	syncMu sync.Mutex // one sync round at a time
	cancel context.CancelFunc
	wg     sync.WaitGroup
	retry  *backoff.ExponentialBackOff // the loop's backoff after failed rounds (the loop's alone)

	// healed is set when an event stream was established again: the server
	// answers, so the loop forgets its backoff (a pending push goes at once).
	healed atomic.Bool
	// jitter draws uniformly from [0, n); after waits d. Tests replace both
	// (export_test.go) to check delays without waiting them out.
	jitter func(n int64) int64
	after  func(kind string, d time.Duration) <-chan time.Time
	// silence is how long an event stream may carry nothing (not even the
	// server's 25 s keep-alive) before it is taken for dead and reconnected.
	silence time.Duration

	// First download from a snapshot (snapshot.go): noSnapshot once the server
	// said it offers none; snapshotUsed once one was installed; snapshotErr the
	// last failure that fell back to the row-by-row download (for tests and logs).
	noSnapshot, snapshotUsed atomic.Bool
	snapshotErr              atomic.Pointer[error]
}

// streamSilence is the default of Engine.silence: two missed keep-alives and a
// margin. A connection cut without a reset (a partition, a laptop that changed
// networks) otherwise looks open until TCP gives up, minutes later, and the
// desktop would not learn that the server answers again.
const streamSilence = 65 * time.Second

// errStreamSilent ends a stream that carried nothing for Engine.silence.
var errStreamSilent = errors.New("events: the stream went silent")

// The kinds of waits, for the after hook.
const (
	waitSync   = "sync"   // the loop's next round: Poll, or backoff after a failure
	waitStream = "stream" // the next event-stream connection
	waitPush   = "push"   // Debounce: gathering the rest of a burst of changes
)

// ErrSignedOut means the server no longer accepts this desktop's tokens.
var ErrSignedOut = errors.New("client: signed out by the server")

// New prepares an engine for a replica (creating its sync state if needed).
func New(ctx context.Context, cfg Config) (*Engine, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Debounce == 0 {
		cfg.Debounce = 5 * time.Millisecond
	}
	if cfg.Poll == 0 {
		cfg.Poll = 30 * time.Second
	}
	if cfg.PageSize == 0 {
		cfg.PageSize = protocol.MaxPullLimit
	}
	st, err := EnsureState(ctx, cfg.DB, cfg.AccountID)
	if err != nil {
		return nil, err
	}
	e := &Engine{
		cfg:     cfg,
		state:   st,
		http:    resty.New().SetBaseURL(strings.TrimRight(cfg.ServerURL, "/")).SetTimeout(60 * time.Second),
		kick:    make(chan struct{}, 1),
		poke:    make(chan struct{}, 1),
		status:  Status{State: StateOffline},
		retry:   newBackoff(syncRetryBase<<1, syncRetryCap),
		jitter:  rand.Int64N,
		after:   func(_ string, d time.Duration) <-chan time.Time { return time.After(d) },
		silence: streamSilence,
	}
	e.refreshCounts(ctx)
	return e, nil
}

// ClientID is this replica's sync client ID.
func (e *Engine) ClientID() string { return e.state.ClientID }

// Status returns the current sync status.
func (e *Engine) Status() Status {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.status
}

func (e *Engine) setStatus(f func(*Status)) {
	e.mu.Lock()
	f(&e.status)
	st := e.status
	e.mu.Unlock()
	if e.cfg.OnStatus != nil {
		e.cfg.OnStatus(st)
	}
}

func (e *Engine) refreshCounts(ctx context.Context) {
	var c struct {
		Pending  int `db:"pending"`
		Rejected int `db:"rejected"`
	}
	_ = e.cfg.DB.R.GetContext(ctx, &c, `SELECT COUNT(*) FILTER (WHERE status = 'pending') AS pending,
		COUNT(*) FILTER (WHERE status = 'rejected') AS rejected FROM outbox`)
	e.setStatus(func(s *Status) { s.Pending, s.Rejected = c.Pending, c.Rejected })
}

// Apply applies a local change (see Apply) and schedules a push.
func (e *Engine) Apply(ctx context.Context, args mutate.Args) (int64, error) {
	return e.applied(ctx)(Apply(ctx, e.cfg.DB, e.cfg.AccountID, args, e.cfg.Now()))
}

// Mutate is Apply for arguments as JSON under a registered name (ApplyJSON).
func (e *Engine) Mutate(ctx context.Context, name string, args json.RawMessage) (int64, error) {
	return e.applied(ctx)(ApplyJSON(ctx, e.cfg.DB, e.cfg.AccountID, name, args, e.cfg.Now()))
}

func (e *Engine) applied(ctx context.Context) func(id int64, err error) (int64, error) {
	return func(id int64, err error) (int64, error) {
		if err != nil {
			return 0, err
		}
		e.refreshCounts(ctx)
		e.Notify()
		return id, nil
	}
}

// Notify tells the engine there is something to push.
func (e *Engine) Notify() {
	if e.pushing.Load() {
		e.burst.Store(true)
	}
	select {
	case e.kick <- struct{}{}:
	default:
	}
}

// Start runs the background loop: push after local changes (debounced), pull on
// pokes and every Poll, retry failures with exponential backoff and jitter.
func (e *Engine) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel = cancel
	e.wg.Add(2)
	go func() { defer e.wg.Done(); e.loop(ctx) }()
	go func() { defer e.wg.Done(); e.listen(ctx) }()
}

// Stop ends the background work and waits for it.
func (e *Engine) Stop() {
	if e.cancel != nil {
		e.cancel()
		e.wg.Wait()
		e.cancel = nil
	}
}

func (e *Engine) loop(ctx context.Context) {
	wake := e.after(waitSync, 0) // sync at once on start
	for {
		select {
		case <-ctx.Done():
			return
		case <-e.kick:
			// Leading edge: a change that found the engine idle goes at once (a
			// lone edit must not wait). Trailing edge: changes made while a push
			// was on its way are a burst; wait Debounce for the rest of it, so
			// that it travels in one push.
			if e.burst.Load() {
				select {
				case <-ctx.Done():
					return
				case <-e.after(waitPush, e.cfg.Debounce):
				}
			}
		case <-e.poke:
		case <-wake:
		}
		// This round pushes every change committed so far: their kicks (and
		// the burst they made) are spent. A change committed from here on
		// kicks again.
		e.burst.Store(false)
		select {
		case <-e.kick:
		default:
		}
		if e.healed.Swap(false) {
			// The event stream is back: the server answers again, so the
			// failures so far say nothing about this round.
			e.retry.Reset()
		}
		err := e.Sync(ctx)
		next := e.cfg.Poll
		if err != nil && ctx.Err() == nil {
			if errors.Is(err, ErrSignedOut) {
				next = e.cfg.Poll // keep the outbox; try again after a new sign-in
			} else {
				next = e.jittered(syncRetryMin, e.retry.NextBackOff())
				// The server said how long to leave it alone (a spent quota): no
				// sooner. A poke from the event stream still wakes the loop.
				var he *HTTPError
				if errors.As(err, &he) && he.RetryAfter > next {
					next = he.RetryAfter
				}
			}
		} else {
			e.retry.Reset()
		}
		wake = e.after(waitSync, next)
	}
}

// Backoff of the loop after failed rounds: exponential from 500 ms to 60 s (the
// n-th failure in a row waits up to 500 ms × 2ⁿ), full jitter, at least 100 ms.
// The event stream tells the loop when the server answers again, so a long wait
// here never delays a push after an outage.
const (
	syncRetryMin  = 100 * time.Millisecond
	syncRetryBase = 500 * time.Millisecond
	syncRetryCap  = 60 * time.Second
)

// newBackoff is the exponential part of a retry schedule (cenkalti/backoff): the
// ceiling of the first wait, doubled at each failure up to a cap, and back to the
// first after Reset. Its own randomisation is off: jittered draws the wait under
// that ceiling from the engine's jitter source, which tests replace.
func newBackoff(first, ceiling time.Duration) *backoff.ExponentialBackOff {
	b := &backoff.ExponentialBackOff{InitialInterval: first, RandomizationFactor: 0, Multiplier: 2, MaxInterval: ceiling}
	b.Reset()
	return b
}

// jittered is floor plus full jitter over ceiling: uniform in [floor, floor+ceiling).
func (e *Engine) jittered(floor, ceiling time.Duration) time.Duration {
	return floor + time.Duration(e.jitter(int64(ceiling)))
}

// Reconnect delays of the event stream: a stream that was established (200 and
// its first event) and then carried on until the server ended it (at the access
// token's expiry, say) reconnects after the minimum (up to 100 + 250 ms); failed
// attempts in a row back off exponentially (the n-th up to 250 ms × 2ⁿ), capped
// low, since the stream is how a desktop learns that the server is back.
const (
	streamRetryMin  = 100 * time.Millisecond
	streamRetryBase = 250 * time.Millisecond
	streamRetryCap  = 3 * time.Second
)

// Sync pushes the outbox and pulls until the replica is current.
func (e *Engine) Sync(ctx context.Context) error {
	e.syncMu.Lock()
	defer e.syncMu.Unlock()
	e.setStatus(func(s *Status) { s.State = StateSyncing })
	err := e.push(ctx)
	if err == nil {
		err = e.pull(ctx)
	}
	e.refreshCounts(ctx)
	now := e.cfg.Now().UTC()
	e.setStatus(func(s *Status) {
		switch {
		case err == nil:
			s.State, s.LastError, s.LastSynced = StateOnline, "", &now
		case errors.Is(err, ErrSignedOut):
			s.State, s.LastError = StateSignedOut, "sign in again to sync your changes"
		default:
			s.State, s.LastError = StateOffline, err.Error()
		}
	})
	return err
}

// do POSTs one authenticated sync request, refreshing the token once after a 401.
func (e *Engine) do(ctx context.Context, path string, body, out any) error {
	return e.send(ctx, http.MethodPost, path, e.state.ClientID, body, out)
}

// send is one authenticated request (body nil: none), refreshing the token once
// after a 401; key is its Idempotency-Key.
func (e *Engine) send(ctx context.Context, method, path, key string, body, out any) error {
	for attempt := 0; ; attempt++ {
		tok, err := e.cfg.Tokens.AccessToken(ctx)
		if err != nil {
			return tokenError(err)
		}
		var apiErr protocol.ErrorBody
		// Push and pull are safe to repeat (duplicates are skipped by ID), and
		// saying so lets net/http retry them on a kept-alive connection the
		// server closed meanwhile (a restart) instead of failing the round.
		req := e.http.R().SetContext(ctx).SetAuthToken(tok).SetResult(out).SetError(&apiErr)
		if key != "" {
			req.SetHeader("Idempotency-Key", key)
		}
		if body != nil {
			req.SetBody(body)
		}
		resp, err := req.Execute(method, path)
		if err != nil {
			return fmt.Errorf("server unreachable: %w", err)
		}
		switch {
		case resp.StatusCode() == http.StatusUnauthorized && attempt == 0:
			if _, err := e.cfg.Tokens.Refresh(ctx); err != nil {
				return tokenError(err)
			}
			continue
		case resp.StatusCode() == http.StatusUnauthorized:
			return ErrSignedOut
		case resp.IsError():
			he := &HTTPError{Status: resp.StatusCode(), Detail: apiErr.Error}
			if he.Status == http.StatusTooManyRequests || he.Status == http.StatusServiceUnavailable {
				he.RetryAfter = retryAfter(resp.Header())
			}
			return he
		}
		if raw, ok := out.(*[]byte); ok { // a body that is not JSON (a CSV), as it came
			*raw = resp.Body()
		}
		return nil
	}
}

// tokenError tells a refused sign-in (the server answered 401 or 403: sign in
// again) from a network failure while renewing the token (offline: retry later).
func tokenError(err error) error {
	var he *HTTPError
	if errors.As(err, &he) && (he.Status == http.StatusUnauthorized || he.Status == http.StatusForbidden) {
		return fmt.Errorf("%w: %v", ErrSignedOut, err)
	}
	if errors.As(err, &he) {
		return err
	}
	if errors.Is(err, ErrNoSession) {
		return fmt.Errorf("%w: %v", ErrSignedOut, err)
	}
	return fmt.Errorf("renewing the session: %w", err)
}

// retryAfter is a response's Retry-After in seconds; 0 when absent or not a
// positive number.
func retryAfter(h http.Header) time.Duration {
	if secs, err := strconv.Atoi(h.Get("Retry-After")); err == nil && secs > 0 {
		return time.Duration(secs) * time.Second
	}
	return 0
}

// HTTPError is a typed error answer of the server.
type HTTPError struct {
	Status int
	Detail protocol.ErrorDetail
	// RetryAfter is the server's Retry-After on a 429 or 503 (0: none): how long
	// to leave it alone, e.g. while an account's daily mutation quota is spent.
	RetryAfter time.Duration
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("server answered %d %s: %s", e.Status, e.Detail.Code, e.Detail.Message)
}

// Code is the typed code of a server error, as a domain code.
func (e *HTTPError) Code() domain.Code { return domain.Code(e.Detail.Code) }

func (e *Engine) push(ctx context.Context) error {
	for {
		var pending []OutboxEntry
		if err := e.cfg.DB.R.SelectContext(ctx, &pending, `SELECT * FROM outbox WHERE status = 'pending'
			ORDER BY mutation_id LIMIT ?`, protocol.MaxPushMutations); err != nil {
			return err
		}
		if len(pending) == 0 {
			return nil
		}
		req := protocol.PushRequest{ClientID: e.state.ClientID, ProtocolVersion: protocol.ProtocolVersion,
			SchemaVersion: e.state.SchemaVersion}
		for _, m := range pending {
			req.Mutations = append(req.Mutations, protocol.Mutation{ID: m.ID, Name: m.Name,
				Args: json.RawMessage(m.Args), ClientTime: m.CreatedAt})
		}
		// Flag the batch before it leaves (Unqueue never takes back a change the
		// server may have); take the flag back only if no connection was made.
		fresh, err := markAttempted(ctx, e.cfg.DB, pending)
		if err != nil {
			return err
		}
		e.pushing.Store(true) // changes from here on wait for this push (Notify)
		var connected atomic.Bool
		traced := httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			GotConn: func(httptrace.GotConnInfo) { connected.Store(true) },
		})
		var resp protocol.PushResponse
		err = e.do(traced, "/sync/v1/push", req, &resp)
		e.pushing.Store(false)
		if err != nil && !connected.Load() {
			if cerr := clearAttempted(context.WithoutCancel(ctx), e.cfg.DB, fresh); cerr != nil {
				return errors.Join(err, cerr)
			}
		}
		var he *HTTPError
		if errors.As(err, &he) && he.Detail.Code == string(domain.CodeOutOfOrder) && he.Detail.ExpectedID > 0 {
			// The server lost track of some of our mutations (restored from a
			// backup): renumber what is pending from the ID it expects.
			if err := renumber(ctx, e.cfg.DB, pending[0].ID, he.Detail.ExpectedID); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		if _, err := recordResults(ctx, e.cfg.DB, resp.Results, resp.LastMutationID); err != nil {
			return err
		}
		if len(pending) < protocol.MaxPushMutations {
			return nil
		}
	}
}

func (e *Engine) pull(ctx context.Context) error {
	err := e.pullRound(ctx, false)
	if err != nil && strings.Contains(err.Error(), "FOREIGN KEY") {
		// The replica disagrees with the server in a way a delta cannot mend:
		// download everything again (pending changes are replayed on top).
		return e.pullRound(ctx, true)
	}
	return err
}

func (e *Engine) pullRound(ctx context.Context, full bool) error {
	var st State
	if err := e.cfg.DB.R.GetContext(ctx, &st, `SELECT client_id, account_id, cursor, epoch, schema_version, last_mutation_id
		FROM sync_state WHERE id = 1`); err != nil {
		return err
	}
	if !full && st.Cursor == 0 && st.Epoch == "" && !e.cfg.NoSnapshot {
		// A fresh replica: its class's snapshot and a correction pull, when the
		// server offers one; otherwise (or on any failure) row by row below.
		if done, err := e.pullFromSnapshot(ctx); done || err != nil {
			return err
		}
	}
	cursor, epoch, reset := st.Cursor, st.Epoch, false
	// A replica made from a snapshot file (PrepareReplica): its first pull is the
	// correction pull from the snapshot's version.
	snapVersion, snapEpoch, prepared := pendingSnapshot(st.Epoch)
	if prepared {
		cursor, epoch = snapVersion, ""
	}
	if full {
		cursor, reset, prepared = 0, true, false
	}
	var pages []*protocol.PullResponse
	rows := 0
	for {
		req := protocol.PullRequest{ClientID: e.state.ClientID, ProtocolVersion: protocol.ProtocolVersion,
			SchemaVersion: e.state.SchemaVersion, Cursor: cursor, Epoch: epoch, Limit: e.cfg.PageSize}
		if prepared {
			req.SnapshotVersion, req.SnapshotEpoch = snapVersion, snapEpoch
		}
		var page protocol.PullResponse
		if err := e.do(ctx, "/sync/v1/pull", req, &page); err != nil {
			return err
		}
		if page.Reset {
			if reset && cursor == 0 {
				break // nothing visible (a flagged account): stay empty
			}
			reset, cursor, epoch, pages, rows, prepared = true, 0, page.Epoch, nil, 0, false
			continue
		}
		pages = append(pages, &page)
		rows += len(page.Changes)
		if page.Total > 0 && e.cfg.OnPullTotal != nil {
			e.cfg.OnPullTotal(int(page.Total))
		}
		if e.cfg.OnProgress != nil && page.HasMore {
			e.cfg.OnProgress(rows)
		}
		cursor, epoch = page.Cursor, page.Epoch
		if !page.HasMore {
			break
		}
	}
	if reset && len(pages) == 0 {
		pages = []*protocol.PullResponse{{Cursor: 0, Epoch: epoch}}
	}
	if !reset && rows == 0 && len(pages) == 1 && pages[0].Cursor == st.Cursor && pages[0].Epoch == st.Epoch &&
		pages[0].LastMutationID <= st.LastMutationID {
		// Nothing new; only remember when we last heard from the server.
		_, err := e.cfg.DB.W.ExecContext(ctx, `UPDATE sync_state SET last_synced_at = ? WHERE id = 1`, e.cfg.Now().UTC())
		return err
	}
	bulk := (reset || st.Cursor == 0) && rows > bulkRows
	if err := applyRound(ctx, e.cfg.DB, e.cfg.AccountID, reset, bulk, pages, e.cfg.Now(), nil); err != nil {
		return err
	}
	if e.cfg.OnProgress != nil && rows > 0 {
		e.cfg.OnProgress(rows)
	}
	if e.cfg.OnChange != nil {
		e.cfg.OnChange()
	}
	return nil
}

// bulkRows is the size from which a full download re-indexes search once at the
// end rather than row by row.
const bulkRows = 2000

// renumber moves the pending mutations so that they start at next.
func renumber(ctx context.Context, db *store.Store, first, next int64) error {
	_, err := db.W.ExecContext(ctx, `UPDATE outbox SET mutation_id = mutation_id + ? WHERE status = 'pending' AND mutation_id >= ?`,
		next-first+1_000_000_000, first)
	if err != nil {
		return err
	}
	_, err = db.W.ExecContext(ctx, `UPDATE outbox SET mutation_id = mutation_id - 1000000000 WHERE mutation_id >= 1000000000`)
	if err == nil {
		_, err = db.W.ExecContext(ctx, `UPDATE sync_state SET last_mutation_id = ? WHERE id = 1`, next-1)
	}
	return err
}

// listen keeps an SSE connection to the server's events and pokes the loop.
func (e *Engine) listen(ctx context.Context) {
	retry := newBackoff(streamRetryBase<<1, streamRetryCap)
	for ctx.Err() == nil {
		established, healthy, err := e.stream(ctx)
		if ctx.Err() != nil {
			return
		}
		if established {
			retry.Reset()
		}
		ceiling := streamRetryBase
		if err != nil || !healthy {
			// Refused, cut, or ended before it carried anything but its first
			// event (a server that closes streams at once must not be hammered).
			ceiling = retry.NextBackOff()
		}
		delay := e.jittered(streamRetryMin, ceiling)
		var refused *streamRefused
		if errors.As(err, &refused) {
			// The server's stream cap: asking again within seconds changes nothing,
			// so wait as long as it says (at most a poll interval; the loop polls).
			delay = max(delay, refused.wait)
		}
		select {
		case <-ctx.Done():
			return
		case <-e.after(waitStream, delay):
		}
	}
}

// streamRefused is an event stream the server refused with 429 (its stream cap).
type streamRefused struct {
	status int
	wait   time.Duration // before asking again: Retry-After, at most a poll interval
}

func (e *streamRefused) Error() string {
	return fmt.Sprintf("events: refused with status %d; retrying in %v", e.status, e.wait)
}

// stream holds one SSE connection until it ends. established: it answered 200
// and sent its first event (which pokes the loop, and tells it the server is
// back); healthy: it then carried more (a poke or a keep-alive) before the
// server ended it cleanly. A 401 renews the token and connects again at once.
func (e *Engine) stream(ctx context.Context) (established, healthy bool, err error) {
	// The watchdog also bounds connecting: a partition can hang the dial itself.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var silent atomic.Bool
	watchdog := time.AfterFunc(e.silence, func() { silent.Store(true); cancel() })
	defer watchdog.Stop()
	defer func() {
		if silent.Load() {
			healthy, err = false, errStreamSilent
		}
	}()
	resp, err := e.openStream(ctx)
	if err != nil {
		return false, false, err
	}
	defer closeBody(resp)
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusTooManyRequests:
		// A 403 (a deactivated account) is not in this case on purpose: it is
		// retried on the short backoff, so a reactivated account's desktop
		// hears of it within seconds (a few cheap requests a second at most).
		wait := e.cfg.Poll
		if d := retryAfter(resp.Header); d > 0 {
			wait = min(d, e.cfg.Poll)
		}
		return false, false, &streamRefused{status: resp.StatusCode, wait: wait}
	default:
		return false, false, fmt.Errorf("events: status %d", resp.StatusCode)
	}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		watchdog.Reset(e.silence)
		line := sc.Text()
		if line == "" {
			continue
		}
		if established {
			healthy = true
		}
		if strings.HasPrefix(line, "data:") {
			if !established {
				established = true
				e.healed.Store(true)
			}
			select {
			case e.poke <- struct{}{}:
			default:
			}
		}
	}
	return established, healthy, sc.Err()
}

// openStream connects to the event stream and returns the server's answer,
// whatever its status; a first 401 renews the token and connects again.
func (e *Engine) openStream(ctx context.Context) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		tok, err := e.cfg.Tokens.AccessToken(ctx)
		if err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(e.cfg.ServerURL, "/")+"/sync/v1/events", nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Accept", "text/event-stream")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusUnauthorized || attempt > 0 {
			return resp, nil
		}
		closeBody(resp)
		if _, err := e.cfg.Tokens.Refresh(ctx); err != nil {
			return nil, err
		}
	}
}

// closeBody closes a response body that was only read: that hands the connection
// back, and its error can lose nothing (nor may it turn a clean end of the stream
// into a failure).
func closeBody(resp *http.Response) { _ = resp.Body.Close() }
