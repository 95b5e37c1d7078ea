package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/pkg/browser"

	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"iescp/backend/desktop"
	"iescp/backend/jobs"
)

// App ties the window's lifecycle to the services. It holds no business logic:
// what closing the window does, what a second launch or a clicked notification
// opens, is decided in backend/desktop (background.go, background_open.go) and done here.
type App struct {
	ctx      context.Context
	services *desktop.Services
	err      error  // why startup failed, reported once the window is gone
	route    string // the iescp:// link this launch was given, opened at start

	quitting atomic.Bool   // Quit (menu, Ctrl+Q) was asked for: closing quits
	ready    chan struct{} // closed once startup has wired the runtime

	mu     sync.Mutex
	notice bool // the window hid for the first time and no native notification said so
}

// NewApp returns an App over the given services.
func NewApp(services *desktop.Services) *App {
	return &App{services: services, ready: make(chan struct{})}
}

// startup is called by Wails once the window exists. It routes the services'
// events (the topics of backend/desktop/events.go, which the UI names in
// frontend/src/api/events.js) to the window; nothing signs in here.
func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	watchReady(ctx, newReadyScreens(processStart, time.Now, os.Stderr, os.Getenv(heapProfileEnv)))
	a.services.Emit = func(topic string, data any) { runtime.EventsEmit(ctx, topic, data) }
	// Native notifications where the desktop has them (a notification daemon on
	// D-Bus on Linux); without, the jobs' native channel stays off.
	if err := runtime.InitializeNotifications(ctx); err == nil && runtime.IsNotificationAvailable(ctx) {
		a.services.Notify = func(title, body string) error {
			return runtime.SendNotification(ctx, runtime.NotificationOptions{
				ID: fmt.Sprintf("iescp-%d", time.Now().UnixNano()), Title: title, Body: body})
		}
		// Clicking a notification about an item opens the app on it (the
		// notification service's default action, over D-Bus).
		a.services.NotifyAbout = func(title, body, refTable, refID string) error {
			return runtime.SendNotification(ctx, runtime.NotificationOptions{
				ID: fmt.Sprintf("iescp-%d", time.Now().UnixNano()), Title: title, Body: body,
				Data: desktop.NotificationData(refTable, refID)})
		}
		runtime.OnNotificationResponse(ctx, a.notificationClicked)
	}
	a.services.OpenFile = browser.OpenFile
	a.services.SaveDialog = func(defaultName string) (string, error) {
		path, err := runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{
			Title: "Export CSV", DefaultFilename: defaultName, CanCreateDirectories: true,
			Filters: []runtime.FileFilter{{DisplayName: "CSV files (*.csv)", Pattern: "*.csv"}},
		})
		if err != nil || path == "" {
			return "", err
		}
		if !strings.EqualFold(filepath.Ext(path), ".csv") {
			path += ".csv"
		}
		return path, nil
	}
	close(a.ready)
	// SIGTERM and SIGINT (logging out, a service manager, Ctrl+C) quit, even
	// while closing the window would hide it: Wails' own handler closes the
	// window, which may only hide it; this Quit then stops the app.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-sig
		a.quit()
	}()
	if a.route != "" {
		a.services.Open(desktop.OpenItem{Route: a.route})
	}
	if err := a.services.Startup(ctx); err != nil {
		a.err = fmt.Errorf("startup: %w", err)
		a.quit()
	}
}

// menu is the window's menu: IESCP → Quit (Ctrl+Q), the one way to stop the app
// while the window hides on close.
func (a *App) menu() *menu.Menu {
	m := menu.NewMenu()
	app := m.AddSubmenu("IESCP")
	app.AddText("Quit", keys.CmdOrCtrl("q"), func(*menu.CallbackData) { a.quit() })
	return m
}

// quit stops the app, whatever closing the window would do.
func (a *App) quit() {
	a.quitting.Store(true)
	if a.ctx != nil {
		runtime.Quit(a.ctx)
	}
}

// beforeClose is Wails' OnBeforeClose: with reminders on, closing the window
// hides it (the app keeps running and its jobs fire); the first time ever, the
// user is told so, natively where the desktop has notifications, else by a
// toast when the window next shows.
func (a *App) beforeClose(ctx context.Context) (prevent bool) {
	hide, tell := a.services.WindowClosing(a.quitting.Load())
	if !hide {
		return false
	}
	runtime.WindowHide(ctx)
	if tell {
		notify := a.services.Notify
		if notify == nil || notify(jobs.T("app.hidden.title", nil), jobs.T("app.hidden.body", nil)) != nil {
			a.mu.Lock()
			a.notice = true
			a.mu.Unlock()
		}
	}
	return true
}

// show brings the window back (from hidden or minimised) and says, once, that
// closing it kept the app running when that was not said natively.
func (a *App) show() {
	runtime.WindowShow(a.ctx)
	runtime.WindowUnminimise(a.ctx)
	a.mu.Lock()
	notice := a.notice
	a.notice = false
	a.mu.Unlock()
	if notice {
		a.services.Open(desktop.OpenItem{Notice: "hidden"})
	}
}

// secondInstance is a launch of the app while it runs (the single-instance
// lock): it shows the window, and opens the link it was given. A second
// --hidden launch (at login, the app already running) changes nothing.
func (a *App) secondInstance(data options.SecondInstanceData) {
	<-a.ready
	l, err := parseArgs(data.Args)
	if err != nil {
		fmt.Fprintln(os.Stderr, "iescp: a second launch:", err)
	}
	if l.hidden {
		return
	}
	a.show()
	if l.route != "" {
		a.services.Open(desktop.OpenItem{Route: l.route})
	}
}

// notificationClicked opens the app on the item a notification was about.
func (a *App) notificationClicked(result runtime.NotificationResult) {
	if result.Error != nil {
		return
	}
	a.show()
	if item, ok := desktop.OpenFromNotification(result.Response.UserInfo); ok {
		a.services.Open(item)
	}
}

// shutdown is called by Wails when the window closes.
func (a *App) shutdown(ctx context.Context) {
	if a.services.Notify != nil {
		runtime.CleanupNotifications(ctx)
	}
	if err := a.services.Shutdown(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "iescp: shutdown:", err)
	}
}
