package desktop

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"iescp/backend/domain"
	"iescp/backend/jobs"
)

// Living in the background (docs/desktop.md, "In the background"): closing the
// window while the account has reminders hides it, "Start at login" writes an
// XDG autostart entry, and the account last signed in is resumed at start so its
// jobs run before anyone opens the window. Nothing here touches the window:
// app.go asks these questions and does what they answer with the Wails runtime.

// Directory settings (directory.db) of this file.
const (
	// settingLastSession is the account signed in when the app last stopped,
	// "" after a sign-out: it is resumed at the next start.
	settingLastSession = "session.last"
	// settingToldHidden is set once the user has been told that closing the
	// window keeps the app running.
	settingToldHidden = "background.told_hidden"
)

// AutostartFile is the name of the autostart entry.
const AutostartFile = "iescp.desktop"

// AutostartPath is where the XDG autostart entry goes:
// $XDG_CONFIG_HOME/autostart/iescp.desktop, else ~/.config/autostart/... .
// getenv is os.Getenv (injected for tests).
func AutostartPath(getenv func(string) string) (string, error) {
	if d := getenv("XDG_CONFIG_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "autostart", AutostartFile), nil
	}
	home := getenv("HOME")
	if home == "" || !filepath.IsAbs(home) {
		return "", errors.New("desktop: neither $XDG_CONFIG_HOME nor $HOME is an absolute path")
	}
	return filepath.Join(home, ".config", "autostart", AutostartFile), nil
}

// AutostartEntry is the desktop entry that starts the app hidden at login:
// command is the program and its arguments (--hidden is added).
func AutostartEntry(command []string) string {
	args := make([]string, 0, len(command)+1)
	for _, a := range append(append([]string{}, command...), "--hidden") {
		args = append(args, execQuote(a))
	}
	return "[Desktop Entry]\n" +
		"Type=Application\n" +
		"Name=IESCP\n" +
		"Comment=Keeps IESCP's reminders running in the background\n" +
		"Exec=" + strings.Join(args, " ") + "\n" +
		"Icon=iescp\n" +
		"Terminal=false\n" +
		"X-GNOME-Autostart-enabled=true\n"
}

// execQuote quotes one argument of a desktop entry's Exec key (the Desktop
// Entry Specification: reserved characters inside double quotes, with ", `, $
// and \ escaped by a backslash; the backslash itself is doubled again by the
// string escaping of the key's value, and % is doubled as a field code).
func execQuote(a string) string {
	a = strings.ReplaceAll(a, "%", "%%")
	if a != "" && !strings.ContainsAny(a, " \t\n\"'\\><~|&;$*?#()`=") {
		return a
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range a {
		switch r {
		case '"', '`', '$':
			b.WriteString(`\\`)
		case '\\':
			b.WriteString(`\\\`)
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// WriteAutostart writes the entry at path (creating its directory), atomically.
func WriteAutostart(path string, command []string) error {
	if len(command) == 0 || !filepath.IsAbs(command[0]) {
		return errors.New("desktop: autostart needs the program's absolute path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("desktop: autostart: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".iescp-*.desktop")
	if err != nil {
		return fmt.Errorf("desktop: autostart: %w", err)
	}
	_, werr := tmp.WriteString(AutostartEntry(command))
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), 0o600)); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("desktop: autostart: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("desktop: autostart: %w", err)
	}
	return nil
}

// RemoveAutostart removes the entry; a missing entry is not an error.
func RemoveAutostart(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("desktop: autostart: %w", err)
	}
	return nil
}

// BackgroundSettings is what Settings shows about the app in the background.
type BackgroundSettings struct {
	StartAtLogin  bool   `json:"start_at_login"` // the autostart entry exists
	AutostartPath string `json:"autostart_path"` // where it is (or would be)
	Available     bool   `json:"available"`      // an autostart path and the program are known
	HideOnClose   bool   `json:"hide_on_close"`  // closing the window now would hide it
	StartedHidden bool   `json:"started_hidden"` // this run started without a window (--hidden)
}

// BackgroundService is bound to the UI: Settings → "In the background".
type BackgroundService struct{ s *Services }

// NewBackgroundService makes the service over the desktop services.
func NewBackgroundService(s *Services) *BackgroundService { return &BackgroundService{s: s} }

// Settings reports whether the app starts at login.
func (bs *BackgroundService) Settings() (BackgroundSettings, error) {
	s := bs.s
	out := BackgroundSettings{AutostartPath: s.cfg.AutostartPath, StartedHidden: s.cfg.StartHidden,
		Available: s.cfg.AutostartPath != "" && len(s.cfg.Command) > 0}
	if out.Available {
		_, err := os.Stat(s.cfg.AutostartPath)
		out.StartAtLogin = err == nil
	}
	out.HideOnClose = CloseHides(false, s.JobsOn(s.baseCtx()))
	return out, nil
}

// SetStartAtLogin writes the autostart entry (on) or removes it (off).
func (bs *BackgroundService) SetStartAtLogin(on bool) (BackgroundSettings, error) {
	s := bs.s
	if s.cfg.AutostartPath == "" || len(s.cfg.Command) == 0 {
		return BackgroundSettings{}, toUI(domain.Errorf(codeUnavailable, "this desktop has no autostart folder ($XDG_CONFIG_HOME or $HOME)"))
	}
	var err error
	if on {
		err = WriteAutostart(s.cfg.AutostartPath, s.cfg.Command)
	} else {
		err = RemoveAutostart(s.cfg.AutostartPath)
	}
	if err != nil {
		return BackgroundSettings{}, toUI(err)
	}
	return bs.Settings()
}

// CloseHides decides what closing the window does: it hides the window (the app
// keeps running) when the account has reminders on, unless the user asked to
// quit (the Quit menu item, Ctrl+Q).
func CloseHides(quitRequested, jobsOn bool) bool {
	return !quitRequested && jobsOn
}

// JobsOn reports whether the signed-in account has a job that runs by itself
// (its scheduler has an enabled job).
func (s *Services) JobsOn(ctx context.Context) bool {
	sess, err := s.active()
	if err != nil || sess.jobs == nil {
		return false
	}
	list, err := sess.jobs.Jobs(ctx)
	if err != nil {
		return false
	}
	for _, j := range list {
		if j.Enabled {
			return true
		}
	}
	return false
}

// WindowClosing is what app.go asks when the window's close button is pressed:
// hide is whether to hide the window instead of quitting, tell whether this is
// the first time (the user is told once, ever, on this desktop).
func (s *Services) WindowClosing(quitRequested bool) (hide, tell bool) {
	ctx := s.baseCtx()
	if !CloseHides(quitRequested, s.JobsOn(ctx)) {
		return false, false
	}
	if _, told, err := s.dir.Setting(ctx, settingToldHidden); err == nil && !told {
		if err := s.dir.SetSetting(ctx, settingToldHidden, s.cfg.Now().UTC().Format(time.RFC3339)); err == nil {
			tell = true
		}
	}
	return true, tell
}

// OpenItem is what the UI opens when the app is brought back: an item a
// notification is about (the bell's ref_table and ref_id), or a route of a
// deep link. The UI maps it to a screen (components/NotificationBell.vue).
type OpenItem struct {
	RefTable string `json:"ref_table,omitempty"`
	RefID    string `json:"ref_id,omitempty"`
	Route    string `json:"route,omitempty"`
	// Notice asks the UI to say that the app kept running when the window was
	// closed (it could not be said natively).
	Notice string `json:"notice,omitempty"`
}

// refTables are the tables a notification may open.
var refTables = map[string]bool{"ad_requests": true, "campaigns": true, "reports": true}

// NotificationData is what a native notification about an item carries, for
// OpenFromNotification to read back when it is clicked.
func NotificationData(refTable, refID string) map[string]any {
	if !refTables[refTable] {
		return nil
	}
	return map[string]any{"ref_table": refTable, "ref_id": refID}
}

// OpenFromNotification reads the item of a clicked notification (its
// NotificationData); ok is false for a notification about nothing to open.
func OpenFromNotification(data map[string]any) (OpenItem, bool) {
	table, _ := data["ref_table"].(string)
	id, _ := data["ref_id"].(string)
	if !refTables[table] || (id == "" && table != "reports") || len(id) > 64 || strings.ContainsAny(id, "/?#") {
		return OpenItem{}, false
	}
	return OpenItem{RefTable: table, RefID: id}, true
}

// Open brings the UI to an item (app.go shows the window first). The item waits
// in Go until the UI takes it (BackgroundService.TakeOpen), on app:open or when
// it starts: a window started hidden may load its page only when first shown,
// after the event.
func (s *Services) Open(item OpenItem) {
	s.mu.Lock()
	s.pendingOpen = append(s.pendingOpen, item)
	if len(s.pendingOpen) > 8 {
		s.pendingOpen = s.pendingOpen[len(s.pendingOpen)-8:]
	}
	s.mu.Unlock()
	s.emit(TopicAppOpen, nil)
}

// TakeOpen returns, once, what the window was brought back to show, oldest first.
func (bs *BackgroundService) TakeOpen() ([]OpenItem, error) {
	s := bs.s
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.pendingOpen
	s.pendingOpen = nil
	if out == nil {
		out = []OpenItem{}
	}
	return out, nil
}

// DeepLinkScheme is the scheme of the links a second launch may pass on
// (iescp://ad-requests/<id> opens that request).
const DeepLinkScheme = "iescp://"

// ParseDeepLink turns iescp://<route> into the app route "/<route>", refusing
// anything but plain path segments (letters, digits, - and _) and a simple query.
func ParseDeepLink(link string) (string, error) {
	rest, ok := strings.CutPrefix(link, DeepLinkScheme)
	bad := fmt.Errorf("not an IESCP link: %q (want %s<screen>[/<id>])", link, DeepLinkScheme)
	if !ok || rest == "" || len(rest) > 200 {
		return "", bad
	}
	path, query, _ := strings.Cut(rest, "?")
	for _, seg := range strings.Split(strings.Trim(path, "/"), "/") {
		if seg == "" || strings.Trim(seg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != "" {
			return "", bad
		}
	}
	route := "/" + strings.Trim(path, "/")
	if query != "" {
		if strings.Trim(query, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=&") != "" {
			return "", bad
		}
		route += "?" + query
	}
	return route, nil
}

// FireNextJob is the window test's hook (scripts/background-test.sh): it moves
// the injected clock (advance) to the signed-in account's next scheduled run and
// fires that job there, as its schedule would, and returns the run. A run whose
// period is done already (a daily job that ran today at sign-in) records
// nothing, so it moves on to the following one, at most three times. With
// Config.JobsManualTimer the wall clock fires nothing, so the test needs no sleep.
func (s *Services) FireNextJob(ctx context.Context, advance func(to time.Time)) (jobs.Run, error) {
	sess, err := s.active()
	if err != nil {
		return jobs.Run{}, err
	}
	if sess.jobs == nil {
		return jobs.Run{}, domain.Errorf(domain.CodeNotFound, "this account has no background jobs")
	}
	last := func(name string) (jobs.Run, error) {
		runs, err := sess.jobs.Runs(ctx, name, 1)
		if err != nil || len(runs) == 0 {
			return jobs.Run{}, err
		}
		return runs[0], nil
	}
	for range 3 {
		list, err := sess.jobs.Jobs(ctx)
		if err != nil {
			return jobs.Run{}, err
		}
		var next *jobs.JobInfo
		for i, j := range list {
			if j.Enabled && j.NextRun != nil && (next == nil || j.NextRun.Before(*next.NextRun)) {
				next = &list[i]
			}
		}
		if next == nil {
			return jobs.Run{}, domain.Errorf(domain.CodeNotFound, "no job is scheduled")
		}
		before, err := last(next.Name)
		if err != nil {
			return jobs.Run{}, err
		}
		advance(*next.NextRun)
		sess.jobs.Fire(sess.ctx, next.Name)
		after, err := last(next.Name)
		if err != nil {
			return jobs.Run{}, err
		}
		if after.ID != before.ID {
			return after, nil
		}
	}
	return jobs.Run{}, errors.New("desktop: three scheduled runs fired and none ran")
}
