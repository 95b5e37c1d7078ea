package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pkg/browser"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"iescp/backend/desktop"
)

// App ties the window's lifecycle to the services. It holds no business logic.
type App struct {
	ctx      context.Context
	services *desktop.Services
	err      error // why startup failed, reported once the window is gone
}

// NewApp returns an App over the given services.
func NewApp(services *desktop.Services) *App {
	return &App{services: services}
}

// startup is called by Wails once the window exists. It routes the services'
// events (the topics of backend/desktop/events.go, which the UI names in
// frontend/src/api/events.js) to the window; nothing signs in here.
func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	a.services.Emit = func(topic string, data any) { runtime.EventsEmit(ctx, topic, data) }
	// Native notifications where the desktop has them (a notification daemon on
	// D-Bus on Linux); without, the jobs' native channel stays off.
	if err := runtime.InitializeNotifications(ctx); err == nil && runtime.IsNotificationAvailable(ctx) {
		a.services.Notify = func(title, body string) error {
			return runtime.SendNotification(ctx, runtime.NotificationOptions{
				ID: fmt.Sprintf("iescp-%d", time.Now().UnixNano()), Title: title, Body: body})
		}
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
	if err := a.services.Startup(ctx); err != nil {
		a.err = fmt.Errorf("startup: %w", err)
		runtime.Quit(ctx)
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
