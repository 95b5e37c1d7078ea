package localdata

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"iescp/backend/domain"
)

// DefaultServerURL is the sync server a fresh desktop talks to: the one `make run`
// starts on this machine.
const DefaultServerURL = "http://127.0.0.1:8787"

// SettingServerURL is the setting holding the sync server's address.
const SettingServerURL = "server_url"

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
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return bad("the port must be from 1 to 65535")
		}
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String(), nil
}

// ServerURL is the stored server address, or DefaultServerURL when none is.
func (d *Directory) ServerURL(ctx context.Context) (string, error) {
	v, ok, err := d.Setting(ctx, SettingServerURL)
	if err != nil {
		return "", err
	}
	if !ok || v == "" {
		return DefaultServerURL, nil
	}
	return v, nil
}

// SetServerURL validates and stores the server address; it returns the stored form.
func (d *Directory) SetServerURL(ctx context.Context, raw string) (string, error) {
	u, err := NormalizeServerURL(raw)
	if err != nil {
		return "", err
	}
	return u, d.SetSetting(ctx, SettingServerURL, u)
}
