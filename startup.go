package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

// processStart is when this process began running Go code (package
// initialisation), the origin of the "ui ready" times.
var processStart = time.Now()

// uiReadyTopic is the event the UI emits once a screen has painted for the
// first time (frontend/src/api/ready.js): the sign-in form, a dashboard. The app
// logs it once per screen with the time since start, which scripts/desktop-memory.sh
// reads to time the cold start (docs/benchmarks.md "Desktop cold start").
const uiReadyTopic = "ui:ready"

// heapProfileEnv names a path prefix: when set, each first "ui ready" also writes
// the Go heap profile after a GC to <prefix>-<screen>.pprof and logs the Go
// runtime's memory figures (scripts/desktop-memory.sh; go tool pprof reads it).
const heapProfileEnv = "IESCP_HEAP_PROFILE"

// readyScreens remembers which screens have reported ready, so each is logged once.
type readyScreens struct {
	mu      sync.Mutex
	seen    map[string]bool
	start   time.Time
	now     func() time.Time
	log     io.Writer
	profile string // heapProfileEnv's prefix, "" for none
}

func newReadyScreens(start time.Time, now func() time.Time, log io.Writer, profile string) *readyScreens {
	return &readyScreens{seen: map[string]bool{}, start: start, now: now, log: log, profile: profile}
}

// validScreen reports whether name is a screen name the UI may send: a short
// word of lower-case letters, digits and dashes (it becomes part of a file name).
func validScreen(name string) bool {
	if name == "" || len(name) > 40 {
		return false
	}
	for _, c := range name {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// ready handles one "ui ready" event: the first time a screen reports, it logs
// "iescp: ui ready: <screen> after <ms> ms" (and, with a profile prefix, writes
// the heap profile). It reports whether it logged. Anything but one valid screen
// name is ignored.
func (r *readyScreens) ready(data ...any) bool {
	if len(data) != 1 {
		return false
	}
	screen, ok := data[0].(string)
	if !ok || !validScreen(screen) {
		return false
	}
	r.mu.Lock()
	first := !r.seen[screen]
	r.seen[screen] = true
	r.mu.Unlock()
	if !first {
		return false
	}
	ms := float64(r.now().Sub(r.start).Microseconds()) / 1000
	fmt.Fprintf(r.log, "iescp: ui ready: %s after %.1f ms\n", screen, ms)
	if r.profile != "" {
		if err := r.writeProfile(screen); err != nil {
			fmt.Fprintf(r.log, "iescp: heap profile: %v\n", err)
		}
	}
	return true
}

// writeProfile collects garbage, logs the runtime's memory figures and writes
// the heap profile of screen.
func (r *readyScreens) writeProfile(screen string) error {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(r.log, "iescp: go memory at %s: heap in use %.1f MB, heap objects %d, stacks %.1f MB, runtime total (Sys) %.1f MB, released %.1f MB\n",
		screen, mb(ms.HeapInuse), ms.HeapObjects, mb(ms.StackInuse), mb(ms.Sys), mb(ms.HeapReleased))
	// The path is the developer's own $IESCP_HEAP_PROFILE and a checked screen name.
	path := filepath.Clean(r.profile + "-" + screen + ".pprof")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil { //nolint:gosec // G703: see above
		return err
	}
	f, err := os.Create(path) //nolint:gosec // G304: see above
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		return fmt.Errorf("%s: %w", path, errors.Join(err, f.Close()))
	}
	return f.Close()
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }

// watchReady listens to the UI's "ui ready" events.
func watchReady(ctx context.Context, r *readyScreens) {
	wruntime.EventsOn(ctx, uiReadyTopic, func(data ...any) { r.ready(data...) })
}
