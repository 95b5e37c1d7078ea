package desktop

import (
	"context"

	"iescp/backend/domain"
	"iescp/backend/localdata"
	"iescp/backend/mutate"
	"iescp/backend/queries"
	"iescp/backend/search"
)

// ServerSettings is what the settings panel shows about the server address.
type ServerSettings struct {
	ServerURL  string `json:"server_url"`  // the address in use
	Overridden bool   `json:"overridden"`  // set by --server for this run
	StoredURL  string `json:"stored_url"`  // the address in the settings (used when not overridden)
	Default    string `json:"default_url"` // localdata.DefaultServerURL
}

// Limits are the bounds the UI's forms and lists use, served from the Go that
// enforces them so the UI never re-types them: the mutators' input limits and
// the list queries' page sizes.
type Limits struct {
	Input             mutate.Limits `json:"input"`
	DefaultPageSize   int           `json:"default_page_size"`
	MaxPageSize       int           `json:"max_page_size"`
	SearchMaxPageSize int           `json:"search_max_page_size"`
	// Platforms and ContentTypes are a deliverable's choices (domain.Platforms,
	// domain.ContentTypes).
	Platforms    []string `json:"platforms"`
	ContentTypes []string `json:"content_types"`
}

// SettingsService reads and changes the desktop's own settings (in the data
// dir's directory). Its methods work signed out too (the sign-in screen links to
// the settings panel), so they run under the app's context, not a session's.
type SettingsService struct{ s *Services }

// NewSettingsService is the settings service of s (the one in s.Settings).
func NewSettingsService(s *Services) *SettingsService { return s.Settings }

// Limits returns the input limits and page sizes.
func (ss *SettingsService) Limits() (Limits, error) {
	return Limits{Input: mutate.CurrentLimits(), DefaultPageSize: queries.DefaultPageSize,
		MaxPageSize: queries.MaxPageSize, SearchMaxPageSize: search.MaxPageSize,
		Platforms: domain.Platforms, ContentTypes: domain.ContentTypes}, nil
}

// Server returns the server address in use and where it comes from.
func (ss *SettingsService) Server() (ServerSettings, error) {
	st, err := ss.s.serverSettings(ss.s.baseCtx())
	return st, toUI(err)
}

// SetServer validates and stores the server address. It applies to the next sign-in
// and replaces a --server override for the rest of this run.
func (ss *SettingsService) SetServer(raw string) (ServerSettings, error) {
	ctx := ss.s.baseCtx()
	if _, err := ss.s.dir.SetServerURL(ctx, raw); err != nil {
		return ServerSettings{}, toUI(err)
	}
	ss.s.mu.Lock()
	ss.s.serverOverride = ""
	ss.s.mu.Unlock()
	st, err := ss.s.serverSettings(ctx)
	return st, toUI(err)
}

func (s *Services) serverSettings(ctx context.Context) (ServerSettings, error) {
	stored, err := s.dir.ServerURL(ctx)
	if err != nil {
		return ServerSettings{}, err
	}
	inUse, over, err := s.serverURL(ctx)
	return ServerSettings{ServerURL: inUse, Overridden: over, StoredURL: stored, Default: localdata.DefaultServerURL}, err
}

// serverURL is the address in use: the --server override, else the setting, else
// the default. over reports the override.
func (s *Services) serverURL(ctx context.Context) (string, bool, error) {
	s.mu.RLock()
	over := s.serverOverride
	s.mu.RUnlock()
	if over != "" {
		return over, true, nil
	}
	u, err := s.dir.ServerURL(ctx)
	return u, false, err
}
