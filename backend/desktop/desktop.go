// Package desktop holds the services the desktop UI is bound to. Each bound method
// returns (T, error); an error's message is the JSON of a domain.Error, so the UI
// always gets a typed code. Nothing here imports the Wails runtime, and nothing
// here writes SQL: reads go through backend/queries, changes through s.apply,
// the directory and settings through backend/localdata.
package desktop

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"iescp/backend/domain"
	"iescp/backend/jobs"
	"iescp/backend/localdata"
	"iescp/backend/queries"
	"iescp/backend/secrets"
	"iescp/backend/store"
	"iescp/sync/client"
)

// Config configures the desktop services.
type Config struct {
	DataDir string           // where directory.db and accounts/<id>.db live (localdata)
	Now     func() time.Time // injectable clock; nil means time.Now
	// ServerURL overrides the stored server address for this run (--server).
	ServerURL string
	// Secrets keeps refresh tokens; nil means the OS keyring with a 0600 file
	// fallback in DataDir (secrets.NewOS).
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
	// AutostartPath is where "Start at login" writes the XDG autostart entry
	// (AutostartPath); Command is the program and the arguments it starts with
	// (its absolute path first). Either empty: Settings cannot offer it.
	AutostartPath string
	Command       []string
	// StartHidden: this run started without a window (--hidden, at login).
	StartHidden bool
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

	// Emit publishes an event to the UI (topics in events.go). app.go wires it to
	// the Wails runtime before the window shows anything; nil drops events.
	// Backend code never imports the Wails runtime.
	Emit func(topic string, data any)
	// Notify shows a native desktop notification; app.go wires it to the Wails
	// runtime. nil: the native channel is off. NotifyAbout is the same about an
	// item (a notification's ref_table and ref_id), which clicking it opens.
	Notify      func(title, body string) error
	NotifyAbout func(title, body, refTable, refID string) error
	// OpenFile opens a file with the system's viewer; SaveDialog asks where to
	// save a file ("" when cancelled). app.go wires both to the Wails runtime.
	OpenFile   func(path string) error
	SaveDialog func(defaultName string) (string, error)

	cfg     Config
	dir     *localdata.Directory // directory.db: accounts known on this machine, settings
	secrets client.SecretStore

	base context.Context // the app's startup context (Startup); Background until then

	mu             sync.RWMutex
	current        *session // the signed-in account, nil when signed out
	serverOverride string   // --server, until the user picks another address
	// starting is the account Startup is signing in or resuming ("" once done):
	// the sign-in screen says so and waits for session:changed.
	starting string
	// pendingOpen is what the window was brought back to show, until the UI
	// takes it (background.go).
	pendingOpen []OpenItem
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
	// uploader sends the account's attachments in the background
	// (attachments.go); nil until the session starts, and in hand-built tests.
	uploader atomic.Pointer[client.Uploader]
	// fromSnapshot: this sign-in made the replica from the server's snapshot
	// (prepareReplica) rather than downloading it row by row.
	fromSnapshot bool
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
	if u := c.uploader.Load(); u != nil {
		u.Stop()
	}
}

// viewer is who the session's queries read as.
// A sponsor reads as the organisation they act for (docs/teams.md), as their
// replica says now: a membership that changes takes effect at the next call.
func viewer(sess *session) queries.Viewer {
	v := queries.Viewer{AccountID: sess.info.AccountID, Role: domain.Role(sess.info.Role)}
	if v.Role == domain.RoleSponsor {
		if m, err := queries.MembershipOf(context.Background(), sess.db.R, v.AccountID, v.Role); err == nil {
			v.OrgID, v.OrgRole = m.OrgID, m.Role
		}
	}
	return v
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
	if cfg.ServerURL != "" {
		u, err := localdata.NormalizeServerURL(cfg.ServerURL)
		if err != nil {
			return nil, fmt.Errorf("desktop: --server: %s", domain.AsError(err).Message)
		}
		cfg.ServerURL = u
	}
	dir, err := localdata.OpenDirectory(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if cfg.Secrets == nil {
		cfg.Secrets = secrets.NewOS(cfg.DataDir)
	}
	s := &Services{cfg: cfg, dir: dir, secrets: cfg.Secrets, serverOverride: cfg.ServerURL, base: context.Background()}
	s.Session = &SessionService{s: s}
	s.Campaigns = &CampaignService{s: s}
	s.Settings = &SettingsService{s: s}
	s.Sync = &SyncService{s: s}
	return s, nil
}

// Startup is called when the app starts (its window may not show yet, or ever:
// --hidden). It signs in the --sign-in account, if any; else it resumes the
// account that was signed in when the app last stopped (it did not sign out),
// so that account's jobs run before anyone opens the window. Either way the UI
// learns the session from a session:changed event, whenever Go is done: a first
// download may take longer than the window takes to start.
func (s *Services) Startup(ctx context.Context) error {
	s.mu.Lock()
	s.base = ctx
	s.mu.Unlock()
	log := s.logWriter()
	if s.cfg.SignInEmail == "" {
		info, ok, err := s.resume(ctx)
		switch {
		case err != nil:
			fmt.Fprintf(log, "iescp: resuming the last session: %s\n", domain.AsError(err).Message)
		case ok:
			fmt.Fprintf(log, "iescp: resumed the session of %s (%s)\n", info.Email, info.Role)
			s.emit(TopicSessionChanged, info)
		}
		return nil
	}
	s.setStarting(s.cfg.SignInEmail)
	info, err := s.Session.signIn(ctx, s.cfg.SignInEmail, s.cfg.SignInPassword)
	s.setStarting("") // before the event: a UI that hears it finds nothing starting
	if err != nil {
		fmt.Fprintf(log, "iescp: --sign-in %s: %s\n", s.cfg.SignInEmail, domain.AsError(err).Message)
		s.emit(TopicSessionChanged, nil)
		return nil
	}
	mode := "online"
	if info.Offline {
		mode = "offline"
	}
	fmt.Fprintf(log, "iescp: signed in as %s (%s, %s)\n", info.Email, info.Role, mode)
	s.emit(TopicSessionChanged, info)
	return nil
}

func (s *Services) setStarting(email string) {
	s.mu.Lock()
	s.starting = email
	s.mu.Unlock()
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

// baseCtx is the app's startup context: what calls made without a session
// (sign-in, registration, the sign-in screen's settings) run under.
func (s *Services) baseCtx() context.Context {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.base
}

// begin starts a bound call: the signed-in session and a context that ends with
// it (signing out cancels what the account had in flight).
func (s *Services) begin() (context.Context, *session, error) {
	sess, err := s.active()
	if err != nil {
		return nil, nil, err
	}
	if sess.ctx == nil { // a session built by hand in a test
		return s.baseCtx(), sess, nil
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
