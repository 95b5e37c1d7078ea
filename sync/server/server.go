// Package server is the sync server: accounts and tokens, push (exactly-once,
// authoritative mutations), pull (what each user may see, since a cursor), events
// (SSE pokes), health and metrics. Identity always comes from the access token.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"

	"iescp/backend/domain"
	"iescp/backend/ledger"
	"iescp/backend/store"
	"iescp/sync/protocol"
)

// Config configures a Server. The zero value of every limit means its default
// (docs/operations.md, "What the server defends against").
type Config struct {
	DBPath     string           // canonical database: an SQLite file or a postgres:// URL (created/migrated if needed)
	Now        func() time.Time // injectable clock; nil means time.Now
	Logger     *slog.Logger     // nil means slog.Default()
	AccessTTL  time.Duration    // access token lifetime; 0 means 15 minutes
	RefreshTTL time.Duration    // refresh token lifetime; 0 means 30 days
	// MinSchemaVersion is the oldest desktop schema accepted; 0 means the current one.
	MinSchemaVersion int
	// AuthLimits tunes sign-in throttling, registration rate limits and password
	// hashing concurrency (throttle.go); zero fields take the defaults.
	AuthLimits

	// After is the timer event streams end on at their token's expiry (the
	// injectable twin of Now); nil means time.After.
	After func(time.Duration) <-chan time.Time

	// Slow and idle connections (see net/http.Server).
	ReadHeaderTimeout time.Duration // request line and headers; 0 means 10 s
	ReadTimeout       time.Duration // a whole request, body included; 0 means 60 s
	WriteTimeout      time.Duration // a whole response, and each write of an event stream; 0 means 60 s
	IdleTimeout       time.Duration // an idle keep-alive connection; 0 means 120 s
	MaxHeaderBytes    int           // request line and headers; 0 means 64 KiB

	// Event streams.
	MaxStreamsPerAccount int // a new stream past this closes the account's oldest; 0 means 8
	MaxStreams           int // a new stream past this is refused with 429; 0 means 10,000

	// What one account can make the server keep.
	MaxClientsPerAccount int // sync clients seen within ClientActiveWindow; 0 means 20
	MaxMutationsPerDay   int // new mutations one account may have applied in a sliding 24 h; 0 means 20,000
	// MaxAttachmentBytes bounds the total size of the blobs one account has
	// uploaded (attachments.go); 0 means DefaultMaxAttachmentBytes.
	MaxAttachmentBytes int64

	// AutoAcceptSchedule is when a listening server runs deliverable.autoAccept (a robfig/cron
	// spec in UTC); "" means DefaultAutoAcceptSchedule (daily), "off" never.
	AutoAcceptSchedule string

	// AnalyticsSchedule is when a listening server runs the analytics refresh
	// (analytics.go; a robfig/cron spec in UTC); "" means DefaultAnalyticsSchedule
	// (daily), "off" never (POST /v1/admin/analytics/refresh still runs it).
	AnalyticsSchedule string
	// AnalyticsTrainTimeout bounds the model's training in a refresh; 0 means
	// statsjob.DefaultTrainTimeout.
	AnalyticsTrainTimeout time.Duration

	// Clicks of short links (GET /r/{code}, tracking.go) counted per link per
	// minute, and per second by the whole server; past either, a click is still
	// redirected but not counted. 0 means the default (60, 20); negative, unlimited.
	ClicksPerCodePerMinute int
	ClicksPerSecond        int

	// SnapshotDir is where the server keeps its first-download snapshots, one
	// desktop replica file per visibility class (snapshot.go); "" offers none.
	// A snapshot asked for when more than SnapshotMaxLag versions behind, or
	// older than SnapshotMaxAge, is brought forward first; 0 means the defaults
	// (DefaultSnapshotMaxLag, DefaultSnapshotMaxAge).
	SnapshotDir    string
	SnapshotMaxLag int64
	SnapshotMaxAge time.Duration
}

// Defaults of Config's limits.
const (
	DefaultReadHeaderTimeout    = 10 * time.Second
	DefaultReadTimeout          = 60 * time.Second
	DefaultWriteTimeout         = 60 * time.Second
	DefaultIdleTimeout          = 120 * time.Second
	DefaultMaxHeaderBytes       = 64 << 10
	DefaultMaxStreamsPerAccount = 8
	DefaultMaxStreams           = 10_000
	DefaultMaxClientsPerAccount = 20
)

// Server is one sync server over one canonical database.
type Server struct {
	// readAheadHook, when set (tests), runs in a speculating group commit between
	// its reads ahead and the round trip that takes the write lock.
	readAheadHook func()

	cfg     Config
	db      *store.Store
	log     *slog.Logger
	mux     *http.ServeMux
	hub     *hub
	metrics *metrics
	auth    *authState

	pushMu sync.Mutex     // the group-commit leader's lock (SQLite has one writer anyway)
	pushQ  chan *pushJob  // pushes waiting for the next group commit
	pokes  *pokeQueue     // committed versions whose readers are still to be poked
	quota  *mutationQuota // new mutations per account per day
	ledger *ledger.Ledger // money: wallets, escrow, earnings (docs/money.md)
	cron   *cron.Cron     // the server's jobs (autoaccept.go), started by Listen
	clicks *clickLimits   // what short-link clicks may write (tracking.go)

	analyticsMu sync.Mutex // one analytics refresh at a time (analytics.go)
	snaps       snapshots  // first-download snapshots per class (snapshot.go)

	instance string // this process among the fleet (fleet.go)
	fleet    *fleet // on PostgreSQL: pokes to and from the other instances

	draining atomic.Bool // Close has begun: /readyz says so, so a load balancer sends no more

	ln   net.Listener
	http *http.Server
}

// New opens (and migrates) the database and builds the handlers.
func New(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.AccessTTL == 0 {
		cfg.AccessTTL = 15 * time.Minute
	}
	if cfg.RefreshTTL == 0 {
		cfg.RefreshTTL = 30 * 24 * time.Hour
	}
	if cfg.MinSchemaVersion == 0 {
		cfg.MinSchemaVersion = store.LatestVersion(store.SetDomain)
	}
	if cfg.After == nil {
		cfg.After = time.After
	}
	setDefault(&cfg.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	setDefault(&cfg.ReadTimeout, DefaultReadTimeout)
	setDefault(&cfg.WriteTimeout, DefaultWriteTimeout)
	setDefault(&cfg.IdleTimeout, DefaultIdleTimeout)
	setDefault(&cfg.MaxHeaderBytes, DefaultMaxHeaderBytes)
	setDefault(&cfg.MaxStreamsPerAccount, DefaultMaxStreamsPerAccount)
	setDefault(&cfg.MaxStreams, DefaultMaxStreams)
	setDefault(&cfg.MaxClientsPerAccount, DefaultMaxClientsPerAccount)
	setDefault(&cfg.MaxMutationsPerDay, DefaultMaxMutationsPerDay)
	setDefault(&cfg.SnapshotMaxLag, DefaultSnapshotMaxLag)
	setDefault(&cfg.SnapshotMaxAge, DefaultSnapshotMaxAge)
	db, err := store.OpenServer(cfg.DBPath)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, db: db, log: cfg.Logger, mux: http.NewServeMux(),
		hub: newHub(cfg.MaxStreamsPerAccount, cfg.MaxStreams), metrics: newMetrics(),
		pushQ: make(chan *pushJob, 4096), pokes: newPokeQueue(), quota: newMutationQuota(cfg.MaxMutationsPerDay),
		ledger: ledger.New(cfg.Now)}
	if s.auth, err = newAuthState(s); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	s.instance = instanceID()
	s.routes()
	go s.poker()
	s.startFleet()
	return s, nil
}

// setDefault replaces a zero (or negative) limit by its default.
func setDefault[T int | int64 | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// DB exposes the canonical store (for the admin CLI and tests).
func (s *Server) DB() *store.Store { return s.db }

// Handler is the server's HTTP handler: the routes, with the headers every answer
// carries, every request body bounded, and typed errors for unknown routes and
// methods.
func (s *Server) Handler() http.Handler { return s.hygiene(s.metrics.wrap(http.HandlerFunc(s.route))) }

// Listen binds addr (":0" picks a free port) and starts the server's jobs
// (autoaccept.go).
func (s *Server) Listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("server: listen %s: %w", addr, err)
	}
	if err := s.startJobs(); err != nil {
		return errors.Join(err, ln.Close())
	}
	s.ln = ln
	s.http = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout, // the event stream moves it forward at each write
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    s.cfg.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn), // panics, accept errors: JSON like the rest
	}
	return nil
}

// Serve serves until Close; it returns nil after a graceful Close.
func (s *Server) Serve() error {
	if s.ln == nil {
		return errors.New("server: Serve before Listen")
	}
	err := s.http.Serve(s.ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// URL is the base URL of a listening server.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	return "http://" + s.ln.Addr().String()
}

// Close stops the server gracefully (event streams are ended first) and closes
// the database.
func (s *Server) Close() error {
	s.draining.Store(true)
	s.stopJobs()
	s.hub.closeAll()
	s.stopFleet()
	s.pokes.close()
	var errs []error
	if s.http != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		errs = append(errs, s.http.Shutdown(ctx))
	}
	errs = append(errs, s.db.Close())
	return errors.Join(errs...)
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", s.handleHealth)
	s.mux.HandleFunc("GET /readyz", s.handleReady)
	s.mux.Handle("GET /metrics", s.metrics)
	s.authRoutes()
	s.paymentRoutes()
	s.walletRoutes()
	s.adminLedgerRoutes()
	s.documentRoutes()
	s.trackingRoutes()
	s.attachmentRoutes()
	s.payoutRoutes()
	s.analyticsRoutes()
	// The push checks the session inside its group commit (pushHead): no query
	// of its own before it.
	s.mux.HandleFunc("POST /sync/v1/push", s.requireToken(s.handlePush))
	s.mux.HandleFunc("POST /sync/v1/pull", s.requireUser(s.handlePull))
	s.mux.HandleFunc("GET /sync/v1/events", s.requireUser(s.handleEvents))
	s.mux.HandleFunc("GET /sync/v1/snapshot", s.requireUser(s.handleSnapshot))
}

// hygiene gives every answer the headers it always needs (API answers are
// per-user JSON that no cache may keep, and none may be sniffed as another type),
// and bounds every request body: the routes bound theirs more tightly, this one
// catches any route that does not.
func (s *Server) hygiene(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, protocol.MaxBodyBytes)
		}
		next.ServeHTTP(w, r)
	})
}

// route serves the request with its route, or answers an unknown route with 404
// and a known one asked with the wrong method with 405 and Allow, both with the
// typed error body instead of net/http's plain text.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	h, pattern := s.mux.Handler(r)
	if pattern != "" {
		s.mux.ServeHTTP(w, r)
		return
	}
	// The mux's own answer says which: run it against a recorder of headers.
	probe := &headerProbe{header: http.Header{}, status: http.StatusOK}
	h.ServeHTTP(probe, r)
	if probe.status == http.StatusMethodNotAllowed {
		allow := probe.header.Get("Allow")
		w.Header().Set("Allow", allow)
		writeError(w, http.StatusMethodNotAllowed, string(domain.CodeMethodNotAllowed),
			"this method is not allowed here; allowed: "+allow)
		return
	}
	writeError(w, http.StatusNotFound, string(domain.CodeNotFound), "no such route")
}

// headerProbe records the status and headers a handler writes, and drops its body.
type headerProbe struct {
	header http.Header
	status int
}

func (p *headerProbe) Header() http.Header         { return p.header }
func (p *headerProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *headerProbe) WriteHeader(status int)      { p.status = status }

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if err := s.db.R.PingContext(r.Context()); err != nil {
		writeError(w, http.StatusServiceUnavailable, "internal", "database unavailable")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// handleReady tells a load balancer whether to send this instance requests: the
// database answers a query (not only a ping), and the instance is not draining
// (Close begun, as on SIGTERM).
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	if s.draining.Load() {
		writeError(w, http.StatusServiceUnavailable, string(domain.CodeBusy), "this instance is shutting down")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	var v int64
	if err := s.db.R.GetContext(ctx, &v, `SELECT version FROM sync_meta WHERE id = 1`); err != nil {
		writeError(w, http.StatusServiceUnavailable, "internal", "database unavailable")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "version": v})
}
