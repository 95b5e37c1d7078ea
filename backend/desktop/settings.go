package desktop

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"iescp/backend/domain"
)

// DefaultServerURL is the sync server a fresh desktop talks to: the one `make run`
// starts on this machine.
const DefaultServerURL = "http://127.0.0.1:8787"

const settingServerURL = "server_url"

// ServerSettings is what the UI shows about the server address.
type ServerSettings struct {
	ServerURL  string `json:"server_url"`  // the address in use
	Overridden bool   `json:"overridden"`  // set by --server for this run
	Default    string `json:"default_url"` // DefaultServerURL
}

// SettingsService reads and changes the desktop's settings (directory.db settings).
type SettingsService struct{ s *Services }

// NormalizeServerURL validates a server address: http or https, a host, no query,
// fragment or credentials. It drops a trailing slash.
func NormalizeServerURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	bad := func(why string) (string, error) {
		return "", domain.Errorf(domain.CodeInvalidArgument, "enter the server address as http(s)://host[:port]: %s", why)
	}
	if raw == "" {
		return bad("it is empty")
	}
	if len(raw) > 2048 {
		return bad("it is too long")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return bad("it is not a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return bad("it must start with http:// or https://")
	}
	if u.Hostname() == "" {
		return bad("it has no host")
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return bad("it must not contain credentials, a query or a fragment")
	}
	if p := u.Port(); p != "" {
		n := 0
		for _, c := range p {
			n = n*10 + int(c-'0')
		}
		if n < 1 || n > 65535 {
			return bad("the port must be from 1 to 65535")
		}
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String(), nil
}

// Server returns the server address in use.
func (ss *SettingsService) Server() (ServerSettings, error) {
	url, over, err := ss.s.serverURL(context.Background())
	return ServerSettings{ServerURL: url, Overridden: over, Default: DefaultServerURL}, toUI(err)
}

// SetServer validates and stores the server address. It applies to the next sign-in
// and replaces a --server override for the rest of this run.
func (ss *SettingsService) SetServer(raw string) (ServerSettings, error) {
	u, err := NormalizeServerURL(raw)
	if err != nil {
		return ServerSettings{}, toUI(err)
	}
	if _, err := ss.s.dir.W.Exec(`INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, settingServerURL, u); err != nil {
		return ServerSettings{}, toUI(fmt.Errorf("save server address: %w", err))
	}
	ss.s.mu.Lock()
	ss.s.serverOverride = ""
	ss.s.mu.Unlock()
	return ss.Server()
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
	var v string
	err := s.dir.R.GetContext(ctx, &v, `SELECT value FROM settings WHERE key = ?`, settingServerURL)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && v == "") {
		return DefaultServerURL, false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read server address: %w", err)
	}
	return v, false, nil
}
