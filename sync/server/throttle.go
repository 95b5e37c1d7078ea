package server

import (
	"context"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"iescp/backend/domain"
)

// Defaults of the sign-in and registration defences (AuthLimits).
const (
	// Failed sign-ins are counted per account (email) and per remote address in a
	// sliding window; past the limit, attempts get 429 until the oldest failure in
	// the window ages out. The address limit is higher: a team behind one NAT shares it.
	loginWindow        = 15 * time.Minute
	loginMaxPerAccount = 5
	loginMaxPerAddress = 20

	// Registrations (each one an argon2id hash) per remote address per hour (a
	// sliding window), and for the whole server per minute (a token bucket: up to
	// that many at once, refilled at that rate).
	registerAddressWindow = time.Hour
	registerMaxPerAddress = 20
	registerGlobalWindow  = time.Minute
	registerMaxPerMinute  = 60

	// Password hashes (argon2id, DefaultParams' memory each) computed at once, and how
	// long a request waits for a free slot before it is told to retry.
	maxConcurrentHashes = 4
	hashWaitMax         = 10 * time.Second

	throttleSweepEntries = 10_000
)

// DefaultAuthLimits are the limits a zero AuthLimits stands for (the serve
// command's flag defaults).
var DefaultAuthLimits = AuthLimits{}.withDefaults()

// AuthLimits tunes the sign-in and registration defences. A zero field takes its
// default; a negative Register* limit turns that limit off (a closed network).
type AuthLimits struct {
	LoginWindow        time.Duration // sliding window of failed sign-ins; default 15m
	LoginMaxPerAccount int           // failed sign-ins per email per window; default 5
	LoginMaxPerAddress int           // failed sign-ins per client address per window; default 20

	RegisterMaxPerAddress int // registrations per client address per hour; default 20
	RegisterMaxPerMinute  int // registrations per minute, whole server (a token bucket); default 60

	MaxConcurrentHashes int           // argon2id hashes at once; default 4
	HashWait            time.Duration // longest wait for a hashing slot before 429; default 10s
}

// withDefaults fills zero fields.
func (l AuthLimits) withDefaults() AuthLimits {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&l.LoginMaxPerAccount, loginMaxPerAccount)
	def(&l.LoginMaxPerAddress, loginMaxPerAddress)
	def(&l.RegisterMaxPerAddress, registerMaxPerAddress)
	def(&l.RegisterMaxPerMinute, registerMaxPerMinute)
	def(&l.MaxConcurrentHashes, maxConcurrentHashes)
	if l.LoginMaxPerAccount < 0 {
		l.LoginMaxPerAccount = loginMaxPerAccount
	}
	if l.LoginMaxPerAddress < 0 {
		l.LoginMaxPerAddress = loginMaxPerAddress
	}
	if l.MaxConcurrentHashes < 0 {
		l.MaxConcurrentHashes = maxConcurrentHashes
	}
	if l.LoginWindow <= 0 {
		l.LoginWindow = loginWindow
	}
	if l.HashWait <= 0 {
		l.HashWait = hashWaitMax
	}
	return l
}

// attemptThrottle counts attempts per key in a sliding window, in memory. An
// attempt is reserved (atomically checked and counted) before any work is done for
// it, so a burst of concurrent attempts cannot all pass a check made before the
// first of them is recorded. A reservation is then kept (it stays counted as of its
// start), released (it never happened) or, for the key, reset (a success forgives
// the key's failures).
type attemptThrottle struct {
	mu     sync.Mutex
	max    int // < 0: unlimited
	window time.Duration
	keys   map[string]*attempts
}

type attempts struct {
	done    []time.Time // kept attempts in the window, oldest first
	pending int         // reservations not yet kept or released
}

func newAttemptThrottle(maxAttempts int, window time.Duration) *attemptThrottle {
	return &attemptThrottle{max: maxAttempts, window: window, keys: map[string]*attempts{}}
}

// prune drops attempts older than the window and forgets an empty key; the caller
// holds mu.
func (t *attemptThrottle) prune(key string, now time.Time) *attempts {
	a := t.keys[key]
	if a == nil {
		return nil
	}
	i := 0
	for i < len(a.done) && !now.Before(a.done[i].Add(t.window)) {
		i++
	}
	a.done = a.done[i:]
	if len(a.done) == 0 && a.pending == 0 {
		delete(t.keys, key)
		return nil
	}
	return a
}

// retryAfter is how long until key may try again, given it is at its limit; the
// caller holds mu.
func (t *attemptThrottle) retryAfter(a *attempts, now time.Time) time.Duration {
	// The oldest kept attempts leave the window first; reservations in flight are
	// newer than all of them. If only reservations block, they end within a hash.
	need := len(a.done) + a.pending - t.max + 1
	if need >= 1 && need <= len(a.done) {
		if d := a.done[need-1].Add(t.window).Sub(now); d > 0 {
			return d
		}
	}
	return time.Second
}

// reserve counts one attempt for key if it is under its limit; otherwise it
// returns how long to wait. A reservation must be ended with keep or release.
func (t *attemptThrottle) reserve(key string, now time.Time) (ok bool, wait time.Duration) {
	if t.max < 0 {
		return true, 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.keys) >= throttleSweepEntries {
		for k := range t.keys {
			t.prune(k, now)
		}
	}
	a := t.prune(key, now)
	if a == nil {
		a = &attempts{}
		t.keys[key] = a
	}
	if len(a.done)+a.pending >= t.max {
		return false, t.retryAfter(a, now)
	}
	a.pending++
	return true, 0
}

// keep turns a reservation into a counted attempt at time at.
func (t *attemptThrottle) keep(key string, at time.Time) {
	if t.max < 0 {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	a := t.keys[key]
	if a == nil {
		return
	}
	a.pending = max(a.pending-1, 0)
	a.done = append(a.done, at)
	if len(a.done) > t.max {
		a.done = a.done[len(a.done)-t.max:]
	}
}

// release ends a reservation without counting it.
func (t *attemptThrottle) release(key string, now time.Time) { t.end(key, now, false) }

// reset ends a reservation and forgets key's counted attempts (a successful sign-in).
func (t *attemptThrottle) reset(key string, now time.Time) { t.end(key, now, true) }

func (t *attemptThrottle) end(key string, now time.Time, forget bool) {
	if t.max < 0 {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if a := t.keys[key]; a != nil {
		a.pending = max(a.pending-1, 0)
		if forget {
			a.done = nil
		}
		t.prune(key, now)
	}
}

// rateLimit is a plain rate limit, a token bucket (golang.org/x/time/rate): up to
// n at once, refilled at n per window. Like attemptThrottle, a place is reserved
// before the work it pays for (the check and the count are one step, so a burst
// cannot slip past) and then kept (its token is spent) or released (it never
// happened). Every call takes its time from the caller (the server's clock).
type rateLimit struct {
	mu      sync.Mutex
	lim     *rate.Limiter // nil: unlimited
	pending int           // reservations not yet kept or released
	last    time.Time     // the latest time the limiter was given: it must not go back
}

// newRateLimit makes a limit of n per window; n < 0 is unlimited.
func newRateLimit(n int, window time.Duration) *rateLimit {
	if n < 0 {
		return &rateLimit{}
	}
	return &rateLimit{lim: rate.NewLimiter(rate.Limit(float64(n)/window.Seconds()), n)}
}

// at is now, or the latest time the limiter saw if the clock went back (a
// limiter given an earlier time would refill the same seconds twice); the caller
// holds mu.
func (l *rateLimit) at(now time.Time) time.Time {
	if now.Before(l.last) {
		return l.last
	}
	l.last = now
	return now
}

// reserve takes a place if a token is free for it (tokens not promised to the
// reservations in flight); otherwise it returns how long until one is, were
// those reservations all kept. A reservation must be ended with keep or release.
func (l *rateLimit) reserve(now time.Time) (ok bool, wait time.Duration) {
	if l.lim == nil {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	need, have := float64(l.pending+1), l.lim.TokensAt(l.at(now))
	if have < need {
		return false, time.Duration((need - have) / float64(l.lim.Limit()) * float64(time.Second))
	}
	l.pending++
	return true, 0
}

// keep spends the token of a reservation.
func (l *rateLimit) keep(now time.Time) {
	if l.lim == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.pending = max(l.pending-1, 0)
	l.lim.AllowN(l.at(now), 1) // the reservation kept a token free for this
}

// release ends a reservation without spending its token.
func (l *rateLimit) release() {
	if l.lim == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.pending = max(l.pending-1, 0)
}

// hashSlots bounds the argon2id work running at once (each hash holds its
// parameters' memory). Waiting for a slot is bounded by the request's context and
// by a maximum wait, so a flood queues for a bounded time and then gets 429.
type hashSlots struct {
	ch   chan struct{}
	wait time.Duration
	// queued, when set (tests), hears of each request that starts waiting for a
	// slot, so a test waits on that instead of polling.
	queued chan<- struct{}
}

func newHashSlots(n int, wait time.Duration) *hashSlots {
	return &hashSlots{ch: make(chan struct{}, n), wait: wait}
}

// errHashBusy is returned when no hashing slot freed up in time.
var errHashBusy = rateLimited(time.Second, "the server is busy checking other passwords: try again in a moment")

func (h *hashSlots) acquire(ctx context.Context) error {
	select {
	case h.ch <- struct{}{}:
		return nil
	default:
	}
	if h.queued != nil {
		h.queued <- struct{}{}
	}
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.ch <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return errHashBusy
	}
}

func (h *hashSlots) release() { <-h.ch }

// rateLimitedError is a 429 with a Retry-After.
type rateLimitedError struct {
	retryAfter time.Duration
	msg        string
}

func (e *rateLimitedError) Error() string { return e.msg }

func rateLimited(retryAfter time.Duration, msg string) *rateLimitedError {
	return &rateLimitedError{retryAfter: retryAfter, msg: msg}
}

// writeRateLimited answers 429 rate_limited with a Retry-After in whole seconds
// (rounded up, at least 1).
func writeRateLimited(w http.ResponseWriter, retryAfter time.Duration, msg string) {
	secs := max(int(math.Ceil(retryAfter.Seconds())), 1)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	writeError(w, http.StatusTooManyRequests, string(domain.CodeRateLimited), msg)
}

// noStore marks an answer as never to be cached (it carries tokens).
func noStore(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Pragma", "no-cache")
		h(w, r)
	}
}

func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func roundUpSecond(d time.Duration) time.Duration {
	if d < time.Second {
		return time.Second
	}
	return d.Round(time.Second)
}
