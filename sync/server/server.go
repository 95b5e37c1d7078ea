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

	"iescp/backend/store"
)

// Config configures a Server.
type Config struct {
	DBPath     string           // canonical SQLite database (created and migrated if needed)
	Now        func() time.Time // injectable clock; nil means time.Now
	Logger     *slog.Logger     // nil means slog.Default()
	AccessTTL  time.Duration    // access token lifetime; 0 means 15 minutes
	RefreshTTL time.Duration    // refresh token lifetime; 0 means 30 days
	// MinSchemaVersion is the oldest desktop schema accepted; 0 means the current one.
	MinSchemaVersion int
	// AuthLimits tunes sign-in throttling, registration rate limits and password
	// hashing concurrency (throttle.go); zero fields take the defaults.
	AuthLimits
}

// Server is one sync server over one canonical database.
type Server struct {
	cfg     Config
	db      *store.Store
	log     *slog.Logger
	mux     *http.ServeMux
	hub     *hub
	metrics *metrics
	auth    *authState

	pushMu sync.Mutex    // the group-commit leader's lock (SQLite has one writer anyway)
	pushQ  chan *pushJob // pushes waiting for the next group commit
	poked  atomic.Int64  // the newest version pokes were sent for

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
	db, err := store.Open(cfg.DBPath, store.SetDomain, store.SetServer)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, db: db, log: cfg.Logger, mux: http.NewServeMux(), hub: newHub(), metrics: newMetrics(),
		pushQ: make(chan *pushJob, 4096)}
	if s.auth, err = newAuthState(s); err != nil {
		db.Close()
		return nil, err
	}
	s.routes()
	return s, nil
}

// DB exposes the canonical store (for the admin CLI and tests).
func (s *Server) DB() *store.Store { return s.db }

// Handler is the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.metrics.wrap(s.mux) }

// Listen binds addr (":0" picks a free port).
func (s *Server) Listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("server: listen %s: %w", addr, err)
	}
	s.ln = ln
	s.http = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
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
	s.hub.closeAll()
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
	s.mux.Handle("GET /metrics", s.metrics)
	s.authRoutes()
	s.mux.HandleFunc("POST /sync/v1/push", s.requireUser(s.handlePush))
	s.mux.HandleFunc("POST /sync/v1/pull", s.requireUser(s.handlePull))
	s.mux.HandleFunc("GET /sync/v1/events", s.requireUser(s.handleEvents))
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if err := s.db.R.PingContext(r.Context()); err != nil {
		writeError(w, http.StatusServiceUnavailable, "internal", "database unavailable")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"status":"ok"}`))
}
