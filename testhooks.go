package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"iescp/backend/desktop"
)

// testHooksEnv turns on the window tests' hooks (scripts/background-test.sh): it
// names a FIFO the app reads lines from. The jobs' schedules then run on an
// injected clock that nothing moves but the hook, and each line "fire" moves it
// to the next scheduled run and fires that job (desktop.Services.FireNextJob),
// printing the run on stderr. So the test proves a job fires with the window
// closed without waiting for a real schedule. (Not a signal: WebKit's
// JavaScriptCore takes SIGUSR1 for its garbage collector.)
const testHooksEnv = "IESCP_TEST_HOOKS"

type testHooks struct {
	fifo   string
	offset atomic.Int64 // nanoseconds the injected clock is ahead of the wall clock
	file   *os.File
}

func testHooksFromEnv() *testHooks {
	h := &testHooks{fifo: os.Getenv(testHooksEnv)}
	_ = os.Unsetenv(testHooksEnv)
	return h
}

func (h *testHooks) on() bool { return h.fifo != "" }

func (h *testHooks) now() time.Time { return time.Now().Add(time.Duration(h.offset.Load())) }

// advance moves the injected clock to t.
func (h *testHooks) advance(t time.Time) { h.offset.Store(int64(time.Until(t))) }

// configure gives the services the injected clock and a manual job timer.
func (h *testHooks) configure(cfg *desktop.Config) {
	if !h.on() {
		return
	}
	cfg.Now = h.now
	cfg.JobsManualTimer = true
}

// start reads the FIFO and fires the next job on each "fire".
func (h *testHooks) start(s *desktop.Services) {
	if !h.on() {
		return
	}
	// Read and write: the FIFO never reaches end of file between writers.
	f, err := os.OpenFile(h.fifo, os.O_RDWR, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, "iescp: test hooks:", err)
		return
	}
	h.file = f
	fmt.Fprintln(os.Stderr, "iescp: test hooks on: \"fire\" on", h.fifo, "fires the next scheduled job")
	go func() {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) != "fire" {
				continue
			}
			run, err := s.FireNextJob(context.Background(), h.advance)
			if err != nil {
				fmt.Fprintln(os.Stderr, "iescp: test hook: fire:", err)
				continue
			}
			fmt.Fprintf(os.Stderr, "iescp: test hook: fired %s (%s) at %s: %s\n", run.Job, run.Trigger,
				h.now().UTC().Format(time.RFC3339), run.Status)
		}
	}()
}

func (h *testHooks) stop() {
	if h.file != nil {
		_ = h.file.Close()
	}
}
