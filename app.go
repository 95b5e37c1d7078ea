package main

import (
	"context"
	"fmt"
	"os"

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
// events (sync:status, sync:progress, data:changed) to the window; nothing signs
// in here.
func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	a.services.Emit = func(topic string, data any) { runtime.EventsEmit(ctx, topic, data) }
	if err := a.services.Startup(ctx); err != nil {
		a.err = fmt.Errorf("startup: %w", err)
		runtime.Quit(ctx)
	}
}

// shutdown is called by Wails when the window closes.
func (a *App) shutdown(ctx context.Context) {
	if err := a.services.Shutdown(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "iescp: shutdown:", err)
	}
}
