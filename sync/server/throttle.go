package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"sort"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/store"
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
	// sliding window), and for the whole fleet of instances per minute (a token
	// bucket: up to that many at once, refilled at that rate).
	registerAddressWindow = time.Hour
	registerMaxPerAddress = 20
	registerGlobalWindow  = time.Minute
	registerMaxPerMinute  = 60

	// Password hashes (argon2id, DefaultParams' memory each) computed at once, and how
	// long a request waits for a free slot before it is told to retry.
	maxConcurrentHashes = 4
	hashWaitMax         = 10 * time.Second
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
	RegisterMaxPerMinute  int // registrations per minute, whole fleet (a token bucket); default 60

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

// The limits below hold across every server instance on one database: their
// counts live in the database (limit_subjects and limit_hits, migration
// server/0020 and postgres/0002), so failures spread over instances behind a load
// balancer add up to the fleet's total. One implementation serves both engines.
// Only the hashing slots (hashSlots) stay in each process: they bound that
// process's memory and CPU, which is per instance by nature.
//
// Every check first updates its subject's row (limit_subjects), so the checks of
// one subject run one at a time: on PostgreSQL the row lock serialises them across
// instances until the transaction ends, on SQLite the single writer does. The
// check and the count are then one transaction: a burst spread over instances
// cannot all pass a check made before the first of them is counted. A transaction
// that checks several subjects takes them in one order (claims are sorted), so two
// of them never wait on each other. These transactions do not take the fleet-wide
// write lock (store.Write): they stamp no version and need no order but a subject's.
//
// Times are the server's clock (Config.Now) as Unix nanoseconds, plain integers on
// both engines. A row whose expires_ns has passed counts for nothing; each instance
// deletes such rows at most once per sweepEvery, after a limit's transaction (the
// write path), in statements of their own that hold no other lock.

// Scopes of the shared limits (limit_subjects.scope, limit_hits.scope).
const (
	scopeLoginAccount    = "login.account"    // failed sign-ins per normalised email
	scopeLoginAddress    = "login.address"    // failed sign-ins per client address
	scopeRegisterAddress = "register.address" // registrations per client address
	scopeRegister        = "register"         // registrations, whole fleet (a bucket)
	scopeClickCode       = "click.code"       // counted clicks per link code
	scopeClick           = "click"            // counted clicks, whole fleet (a bucket)
	scopePush            = "push.account"     // new mutations per account (quota.go)
)

const (
	// reservationTTL is how long a reserved place holds if it is neither kept nor
	// released: far longer than a request runs (a hashing wait is bounded by
	// HashWait, a request by the write timeout), so it only ends the places of an
	// instance that died mid-request.
	reservationTTL = 10 * time.Minute

	// sweepEvery is how often an instance deletes the expired rows of every limit.
	sweepEvery = time.Minute

	// limitRetries is how many times a limit's transaction is tried when
	// PostgreSQL ends it as a deadlock victim or a serialisation failure.
	limitRetries = 3
)

// limits runs the shared limits' transactions on the server's database.
type limits struct {
	db    *store.Store
	log   *slog.Logger
	swept atomic.Int64 // when this instance last swept (Unix ns of the server's clock)
}

func newLimits(db *store.Store, log *slog.Logger) *limits { return &limits{db: db, log: log} }

// limiter is one limit a place can be claimed against: an attemptThrottle (a
// sliding window per subject) or a rateLimit (a token bucket).
type limiter interface {
	// claim takes a place for subject in tx if one is free: held (a reservation to
	// end with keep or release) or, with hold false, spent at once. Refused, it
	// says how long until a place is free.
	claim(tx *sqlx.Tx, subject string, now time.Time, hold bool) (id string, ok bool, wait time.Duration, err error)
	// keep spends a held place at time at.
	keep(tx *sqlx.Tx, subject, id string, at time.Time) error
	scope() string
	unlimited() bool
}

// claim is a place wanted from one limit for one subject ("" for a fleet-wide limit).
type claim struct {
	lim     limiter
	subject string
}

// reservation is a held place; the zero reservation (an unlimited limit's) holds
// nothing and its ends do nothing.
type reservation struct {
	lim     limiter
	subject string
	id      string
}

// limitOp is one step of a limit's transaction (limits.run).
type limitOp func(tx *sqlx.Tx) error

// keep counts a reservation as spent at time at.
func (r reservation) keep(at time.Time) limitOp {
	return func(tx *sqlx.Tx) error {
		if r.lim == nil {
			return nil
		}
		return r.lim.keep(tx, r.subject, r.id, at)
	}
}

// release ends a reservation without counting it: it never happened.
func (r reservation) release() limitOp {
	return func(tx *sqlx.Tx) error {
		if r.lim == nil {
			return nil
		}
		_, err := tx.Exec(`DELETE FROM limit_hits WHERE scope = ? AND subject = ? AND id = ?`, r.lim.scope(), r.subject, r.id)
		return err
	}
}

// forgive ends a throttle's reservation and forgets the subject's counted
// attempts (a successful sign-in forgives its email's failures); reservations
// other requests hold stay.
func (r reservation) forgive(now time.Time) limitOp {
	return func(tx *sqlx.Tx) error {
		if r.lim == nil {
			return nil
		}
		_, err := tx.Exec(`DELETE FROM limit_hits WHERE scope = ? AND subject = ?
			AND (id = ? OR (pending = 0 AND expires_ns > ?))`, r.lim.scope(), r.subject, r.id, now.UnixNano())
		return err
	}
}

// errRefused rolls back a claim transaction of which one claim was refused.
var errRefused = errors.New("limit refused")

// reserve holds one place of each claim, all or none, in one transaction. The
// reservations come back in the claims' order, with refused -1; if a claim is
// refused, nothing is held, refused is its index and wait how long until it frees
// up.
func (l *limits) reserve(ctx context.Context, now time.Time, claims ...claim) (held []reservation, refused int, wait time.Duration, err error) {
	rs := make([]reservation, len(claims))
	err = l.run(ctx, now, func(tx *sqlx.Tx) error {
		var ok bool
		if refused, ok, wait, err = claimAll(tx, now, true, rs, claims); err == nil && !ok {
			return errRefused
		}
		return err
	})
	if errors.Is(err, errRefused) {
		return nil, refused, wait, nil
	}
	if err != nil {
		return nil, -1, 0, err
	}
	return rs, -1, 0, nil
}

// endLimits runs the ends of a request's reservations (keep, release, forgive)
// even if the request was cancelled. A failure is logged and the answer goes out
// all the same: reservations left open expire on their own (reservationTTL).
func (s *Server) endLimits(r *http.Request, l *limits, now time.Time, ops ...limitOp) {
	if err := l.run(context.WithoutCancel(r.Context()), now, ops...); err != nil {
		s.log.Error("updating a limit failed", "path", r.URL.Path, "err", err)
	}
}

// claimAll claims a place of each claim in tx (the subjects taken in one order);
// held places are written to rs (len(claims)) when hold is set. If one is
// refused, ok is false and refused is its index, with its wait: the caller rolls
// tx back.
func claimAll(tx *sqlx.Tx, now time.Time, hold bool, rs []reservation, claims []claim) (refused int, ok bool, wait time.Duration, err error) {
	order := make([]int, len(claims))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		ca, cb := claims[order[a]], claims[order[b]]
		if ca.lim.scope() != cb.lim.scope() {
			return ca.lim.scope() < cb.lim.scope()
		}
		return ca.subject < cb.subject
	})
	for _, i := range order {
		c := claims[i]
		if c.lim.unlimited() {
			continue
		}
		id, ok, wait, err := c.lim.claim(tx, c.subject, now, hold)
		if err != nil || !ok {
			return i, false, wait, err
		}
		if hold {
			rs[i] = reservation{lim: c.lim, subject: c.subject, id: id}
		}
	}
	return -1, true, 0, nil
}

// run runs ops in one write transaction, tried again if PostgreSQL picked it as a
// deadlock victim, then sweeps expired rows if this instance's turn has come (a
// failed sweep is logged: the next one deletes what it left).
func (l *limits) run(ctx context.Context, now time.Time, ops ...limitOp) error {
	var err error
	for try := 0; try < limitRetries; try++ {
		if err = l.runOnce(ctx, ops); !retryable(err) {
			break
		}
	}
	if err != nil && !errors.Is(err, errRefused) {
		return fmt.Errorf("server: limits: %w", err)
	}
	if serr := l.sweep(ctx, now); serr != nil {
		l.log.Error("sweeping expired limits failed", "err", serr)
	}
	return err
}

func (l *limits) runOnce(ctx context.Context, ops []limitOp) error {
	tx, err := l.db.W.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	for _, op := range ops {
		if err := op(tx); err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		if !l.db.IsPostgres() {
			// As store.Write: a failed COMMIT can leave SQLite's transaction open on
			// the single writer connection.
			_, _ = l.db.W.ExecContext(context.Background(), `ROLLBACK`)
		}
		return err
	}
	return nil
}

// retryable reports a PostgreSQL deadlock or serialisation failure: the
// transaction was rolled back and may simply be run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

// sweep deletes the rows of every limit that expired before now (the quota's own
// rows excepted: the push transaction sweeps those, quota.go), at most once per
// sweepEvery on this instance. Each statement runs on its own, holding no other
// lock while it waits for one.
func (l *limits) sweep(ctx context.Context, now time.Time) error {
	n := now.UnixNano()
	last := l.swept.Load()
	if n >= last && n-last < int64(sweepEvery) || !l.swept.CompareAndSwap(last, n) {
		return nil
	}
	for _, q := range []string{
		`DELETE FROM limit_hits WHERE expires_ns <= ? AND scope <> '` + scopePush + `'`,
		`DELETE FROM limit_subjects WHERE expires_ns <= ?`,
	} {
		var err error
		for try := 0; try < limitRetries; try++ {
			if _, err = l.db.W.ExecContext(ctx, q, n); !retryable(err) {
				break
			}
		}
		if err != nil {
			return fmt.Errorf("server: sweep limits: %w", err)
		}
	}
	return nil
}

// lockSubject takes subject's row for the rest of tx, creating it, and keeps it at
// least until expires; it returns the row's bucket state (base_ns, last_ns),
// which a new row takes from base and last.
func lockSubject(tx *sqlx.Tx, scope, subject string, base, last, expires int64) (bucketState, error) {
	var st bucketState
	err := tx.Get(&st, `INSERT INTO limit_subjects (scope, subject, base_ns, last_ns, expires_ns) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (scope, subject) DO UPDATE SET expires_ns = CASE
			WHEN limit_subjects.expires_ns < excluded.expires_ns THEN excluded.expires_ns ELSE limit_subjects.expires_ns END
		RETURNING base_ns, last_ns`, scope, subject, base, last, expires)
	return st, err
}

type bucketState struct {
	Base int64 `db:"base_ns"`
	Last int64 `db:"last_ns"`
}

// newHitID names a hit or a reservation: random, so instances never collide.
func newHitID() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b[:])
}

// attemptThrottle counts attempts per subject in a sliding window. An attempt is
// claimed (checked and counted in one transaction) before any work is done for
// it; a reservation is then kept (it stays counted as of its start), released (it
// never happened) or forgiven (a success forgives the subject's failures).
type attemptThrottle struct {
	name   string
	max    int // < 0: unlimited
	window time.Duration
}

func newAttemptThrottle(scope string, maxAttempts int, window time.Duration) *attemptThrottle {
	return &attemptThrottle{name: scope, max: maxAttempts, window: window}
}

func (t *attemptThrottle) scope() string   { return t.name }
func (t *attemptThrottle) unlimited() bool { return t.max < 0 }

func (t *attemptThrottle) claim(tx *sqlx.Tx, subject string, now time.Time, hold bool) (string, bool, time.Duration, error) {
	n := now.UnixNano()
	if _, err := lockSubject(tx, t.name, subject, 0, 0, n+int64(max(t.window, reservationTTL))); err != nil {
		return "", false, 0, err
	}
	var hits []struct {
		Expires int64 `db:"expires_ns"`
		Pending int64 `db:"pending"`
	}
	if err := tx.Select(&hits, `SELECT expires_ns, pending FROM limit_hits
		WHERE scope = ? AND subject = ? AND expires_ns > ? ORDER BY expires_ns`, t.name, subject, n); err != nil {
		return "", false, 0, err
	}
	var kept []int64 // when each counted attempt leaves the window, soonest first
	pending := 0
	for _, h := range hits {
		if h.Pending != 0 {
			pending++
		} else {
			kept = append(kept, h.Expires)
		}
	}
	if len(kept)+pending >= t.max {
		return "", false, t.retryAfter(kept, pending, n), nil
	}
	id, p, expires := newHitID(), 0, n+int64(t.window)
	if hold {
		p, expires = 1, n+int64(reservationTTL)
	}
	_, err := tx.Exec(`INSERT INTO limit_hits (scope, subject, id, n, pending, expires_ns) VALUES (?, ?, ?, 1, ?, ?)`,
		t.name, subject, id, p, expires)
	return id, err == nil, 0, err
}

// retryAfter is how long until a subject at its limit may try again: when enough
// counted attempts have left the window. Reservations in flight are newer than
// all of them; if only they block, they end within a hash.
func (t *attemptThrottle) retryAfter(kept []int64, pending int, now int64) time.Duration {
	need := len(kept) + pending - t.max + 1
	if need >= 1 && need <= len(kept) {
		if d := time.Duration(kept[need-1] - now); d > 0 {
			return d
		}
	}
	return time.Second
}

func (t *attemptThrottle) keep(tx *sqlx.Tx, subject, id string, at time.Time) error {
	_, err := tx.Exec(`INSERT INTO limit_hits (scope, subject, id, n, pending, expires_ns) VALUES (?, ?, ?, 1, 0, ?)
		ON CONFLICT (scope, subject, id) DO UPDATE SET pending = 0, expires_ns = excluded.expires_ns`,
		t.name, subject, id, at.Add(t.window).UnixNano())
	return err
}

// rateLimit is a plain rate limit for the whole fleet, a token bucket: up to n at
// once, refilled at n per window. Its state is one time, base: the bucket holds
// min(n, (now - base) / interval) tokens, and spending one moves base on by an
// interval. Like attemptThrottle, a place is reserved before the work it pays for
// and then kept (its token is spent) or released; reservations in flight hold
// their tokens. Every call takes its time from the caller (the server's clock),
// and a clock that goes back refills nothing twice.
type rateLimit struct {
	name     string
	interval int64 // ns per token; 0: unlimited
	capacity int64 // ns to fill the bucket: n intervals
}

// newRateLimit makes a limit of n per window; n < 0 is unlimited.
func newRateLimit(scope string, n int, window time.Duration) *rateLimit {
	if n < 0 {
		return &rateLimit{name: scope}
	}
	iv := int64(window) / int64(n)
	return &rateLimit{name: scope, interval: iv, capacity: iv * int64(n)}
}

func (l *rateLimit) scope() string   { return l.name }
func (l *rateLimit) unlimited() bool { return l.interval == 0 }

// lock takes the bucket's row and returns its state, and the time to use: now,
// or the latest time the bucket was given if the clock went back.
func (l *rateLimit) lock(tx *sqlx.Tx, now int64) (st bucketState, at int64, err error) {
	st, err = lockSubject(tx, l.name, "", now-l.capacity, now, now) // a new bucket is full
	return st, max(now, st.Last), err
}

func (l *rateLimit) claim(tx *sqlx.Tx, _ string, now time.Time, hold bool) (string, bool, time.Duration, error) {
	n := now.UnixNano()
	st, at, err := l.lock(tx, n)
	if err != nil {
		return "", false, 0, err
	}
	var pending int64
	if err := tx.Get(&pending, `SELECT COUNT(*) FROM limit_hits WHERE scope = ? AND subject = '' AND pending = 1 AND expires_ns > ?`,
		l.name, n); err != nil {
		return "", false, 0, err
	}
	// Tokens (in time) against the tokens this claim and those in flight need.
	have, need := min(l.capacity, at-st.Base), (pending+1)*l.interval
	if have < need {
		_, err := tx.Exec(`UPDATE limit_subjects SET last_ns = ? WHERE scope = ? AND subject = ''`, at, l.name)
		return "", false, time.Duration(need - have), err
	}
	if !hold {
		return "", true, 0, l.spend(tx, st, at)
	}
	id := newHitID()
	if _, err := tx.Exec(`UPDATE limit_subjects SET last_ns = ? WHERE scope = ? AND subject = ''`, at, l.name); err != nil {
		return "", false, 0, err
	}
	_, err = tx.Exec(`INSERT INTO limit_hits (scope, subject, id, n, pending, expires_ns) VALUES (?, '', ?, 1, 1, ?)`,
		l.name, id, n+int64(reservationTTL))
	return id, err == nil, 0, err
}

// spend takes one token at time at; the row may go once the bucket is full again.
func (l *rateLimit) spend(tx *sqlx.Tx, st bucketState, at int64) error {
	base := max(st.Base, at-l.capacity) + l.interval
	_, err := tx.Exec(`UPDATE limit_subjects SET base_ns = ?, last_ns = ?, expires_ns = ? WHERE scope = ? AND subject = ''`,
		base, at, base+l.capacity, l.name)
	return err
}

func (l *rateLimit) keep(tx *sqlx.Tx, _, id string, at time.Time) error {
	st, t, err := l.lock(tx, at.UnixNano())
	if err != nil {
		return err
	}
	if err := l.spend(tx, st, t); err != nil {
		return err
	}
	_, err = tx.Exec(`DELETE FROM limit_hits WHERE scope = ? AND subject = '' AND id = ?`, l.name, id)
	return err
}

// hashSlots bounds the argon2id work running at once (each hash holds its
// parameters' memory). Waiting for a slot is bounded by the request's context and
// by a maximum wait, so a flood queues for a bounded time and then gets 429.
//
// Unlike the limits above, the slots stay in each process on purpose: they guard
// this process's memory and CPU, which a second instance does not share, so each
// instance has its own MaxConcurrentHashes (a fleet of n hashes n times as many at
// once, on n machines' worth of memory).
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
