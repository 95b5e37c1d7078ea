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
	"time"

	"iescp/backend/domain"
	"iescp/backend/localdata"
	"iescp/backend/secrets"
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
	// takes it (background_open.go).
	pendingOpen []OpenItem
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
