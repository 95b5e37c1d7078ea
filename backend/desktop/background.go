package desktop

import (
	"context"
	"errors"
	"os"
	"time"

	"iescp/backend/domain"
	"iescp/backend/jobs"
)

// Living in the background (docs/desktop.md, "In the background"): closing the
// window while the account has reminders hides it, "Start at login" writes an
// XDG autostart entry, and the account last signed in is resumed at start so its
// jobs run before anyone opens the window (lifecycle.go). Nothing here touches
// the window: app.go asks these questions and does what they answer with the
// Wails runtime. The autostart entry is in background_autostart.go, what the
// window is brought back to show (a clicked notification, a deep link) in
// background_open.go.

// Directory settings (directory.db) of this file.
const (
	// settingLastSession is the account signed in when the app last stopped,
	// "" after a sign-out: it is resumed at the next start.
	settingLastSession = "session.last"
	// settingToldHidden is set once the user has been told that closing the
	// window keeps the app running.
	settingToldHidden = "background.told_hidden"
)

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
