// Package desktop holds the services the desktop UI is bound to. Each bound method
// returns (T, error); an error's message is the JSON of a domain.Error, so the UI
// always gets a typed code. Nothing here imports the Wails runtime.
package desktop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"iescp/backend/domain"
	"iescp/backend/jobs"
	"iescp/backend/store"
	"iescp/sync/client"
)

// Config configures the desktop services.
type Config struct {
	DataDir string           // where directory.db and accounts/<id>.db live
	Now     func() time.Time // injectable clock; nil means time.Now
	// ServerURL overrides the stored server address for this run (--server).
	ServerURL string
	// Secrets keeps refresh tokens; nil means the OS keyring with a 0600 file
	// fallback in DataDir (NewOSSecrets).
	Secrets client.SecretStore
	// SyncPoll is the engine's pull interval without pokes; 0 means its default.
	SyncPoll time.Duration
	// SignInEmail and SignInPassword sign in at Startup (--sign-in, for demos and
	// the window tests), exactly as the sign-in screen would. A failure is logged
	// and leaves the sign-in screen up.
	SignInEmail, SignInPassword string
	// Log receives startup messages; nil means os.Stderr. Never passwords or tokens.
	Log io.Writer
	// Location is the time zone of job schedules; nil means time.Local.
	Location *time.Location
	// JobRetryDelays are the waits between a delivery's in-run attempts; nil
	// means the jobs package's default (tests shorten them).
	JobRetryDelays []time.Duration
	// JobsManualTimer keeps the jobs' schedules from firing on the wall clock
	// (jobs.Config.ManualTimer): tests with a fake Now fire them by hand.
	JobsManualTimer bool
}

// Services are the desktop's bound services and their shared state.
type Services struct {
	Session   *SessionService
	Campaigns *CampaignService
	Settings  *SettingsService
	Sync      *SyncService

	// Emit publishes an event to the UI (topics: sync:status, sync:progress,
	// data:changed). app.go wires it to the Wails runtime before the window shows
	// anything; nil drops events. Backend code never imports the Wails runtime.
	Emit func(topic string, data any)
	// Notify shows a native desktop notification; app.go wires it to the Wails
	// runtime. nil: the native channel is off.
	Notify func(title, body string) error
	// OpenFile opens a file with the system's viewer; SaveDialog asks where to
	// save a file ("" when cancelled). app.go wires both to the Wails runtime.
	OpenFile   func(path string) error
	SaveDialog func(defaultName string) (string, error)

	cfg     Config
	dir     *store.Store // directory.db: accounts known on this machine, settings
	secrets client.SecretStore

	base context.Context // the app's startup context (Startup); Background until then

	mu             sync.RWMutex
	current        *session // the signed-in account, nil when signed out
	serverOverride string   // --server, until the user picks another address
}

type session struct {
	// ctx is derived from the app's startup context and cancelled when the
	// session ends (sign-out, another sign-in, shutdown): what the account had in
	// flight stops with it.
	ctx    context.Context
	cancel context.CancelFunc
	info   SessionInfo
	db     *store.Store
	engine *client.Engine // nil only in tests that build a session by hand
	tokens *tokens
	jobs   *jobs.Scheduler // nil for roles without jobs
}

// close stops the session's jobs and sync engine and closes its database; the
// outbox stays.
func (c *session) close() error {
	c.stopBackground()
	return c.db.Close()
}

func (c *session) stopBackground() {
	if c.cancel != nil {
		c.cancel()
	}
	if c.jobs != nil {
		c.jobs.Stop()
	}
	if c.engine != nil {
		c.engine.Stop()
	}
}

// DefaultDataDir is the OS user data directory for IESCP: $XDG_DATA_HOME/iescp
// (~/.local/share/iescp) on Linux, the user config dir elsewhere.
func DefaultDataDir() (string, error) {
	if x := os.Getenv("XDG_DATA_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "iescp"), nil
	}
	home, err := os.UserHomeDir()
	if err == nil && home != "" && isLinux() {
		return filepath.Join(home, ".local", "share", "iescp"), nil
	}
	cfg, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("desktop: no user data directory: %w", err)
	}
	return filepath.Join(cfg, "iescp"), nil
}

// DirectoryPath and AccountDBPath name the files of a data dir.
func DirectoryPath(dataDir string) string { return filepath.Join(dataDir, "directory.db") }

// AccountDBPath is the replica of one account.
func AccountDBPath(dataDir, accountID string) string {
	return filepath.Join(dataDir, "accounts", accountID+".db")
}

// New opens the data dir's directory database.
func New(cfg Config) (*Services, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("desktop: data dir is required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("desktop: data dir: %w", err)
	}
	dir, err := store.Open(DirectoryPath(cfg.DataDir), store.SetDirectory)
	if err != nil {
		return nil, err
	}
	if cfg.ServerURL != "" {
		u, err := NormalizeServerURL(cfg.ServerURL)
		if err != nil {
			dir.Close()
			return nil, fmt.Errorf("desktop: --server: %s", domain.AsError(err).Message)
		}
		cfg.ServerURL = u
	}
	if cfg.Secrets == nil {
		cfg.Secrets = NewOSSecrets(cfg.DataDir)
	}
	s := &Services{cfg: cfg, dir: dir, secrets: cfg.Secrets, serverOverride: cfg.ServerURL, base: context.Background()}
	s.Session = &SessionService{s: s}
	s.Campaigns = &CampaignService{s: s}
	s.Settings = &SettingsService{s: s}
	s.Sync = &SyncService{s: s}
	return s, nil
}

// Startup is called when the window starts: it signs in the --sign-in account,
// if any, before the UI asks who is signed in.
func (s *Services) Startup(ctx context.Context) error {
	s.mu.Lock()
	s.base = ctx
	s.mu.Unlock()
	if s.cfg.SignInEmail == "" {
		return nil
	}
	log := s.cfg.Log
	if log == nil {
		log = os.Stderr
	}
	info, err := s.Session.signIn(ctx, s.cfg.SignInEmail, s.cfg.SignInPassword)
	if err != nil {
		fmt.Fprintf(log, "iescp: --sign-in %s: %s\n", s.cfg.SignInEmail, domain.AsError(err).Message)
		return nil
	}
	mode := "online"
	if info.Offline {
		mode = "offline"
	}
	fmt.Fprintf(log, "iescp: signed in as %s (%s, %s)\n", info.Email, info.Role, mode)
	return nil
}

// Shutdown stops syncing, closes the account database and closes the directory.
func (s *Services) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	cur := s.current
	s.current = nil
	s.mu.Unlock()
	var errs []error
	if cur != nil {
		errs = append(errs, cur.close()) // keeps the refresh token: the next sign-in may resume offline
	}
	errs = append(errs, s.dir.Close())
	return errors.Join(errs...)
}

// uiError turns any error into one whose message is the JSON of a domain.Error,
// which the UI's api layer parses into {code, message}.
type uiError struct{ e *domain.Error }

func (u uiError) Error() string {
	b, _ := json.Marshal(u.e)
	return string(b)
}

func (u uiError) Unwrap() error { return u.e }

func toUI(err error) error {
	if err == nil {
		return nil
	}
	var ue uiError
	if errors.As(err, &ue) {
		return err
	}
	return uiError{domain.AsError(err)}
}

// begin starts a bound call: the signed-in session and a context that ends with
// it (signing out cancels what the account had in flight).
func (s *Services) begin() (context.Context, *session, error) {
	sess, err := s.active()
	if err != nil {
		return nil, nil, err
	}
	if sess.ctx == nil { // a session built by hand in a test
		return context.Background(), sess, nil
	}
	return sess.ctx, sess, nil
}

// active returns the signed-in session or an unauthenticated error.
func (s *Services) active() (*session, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.current == nil {
		return nil, domain.Errorf(domain.CodeUnauthenticated, "sign in first")
	}
	return s.current, nil
}
