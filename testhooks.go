package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"iescp/backend/desktop"
)

// testHooksEnv turns on the window tests' hooks (scripts/background-test.sh):
// the jobs' schedules run on an injected clock that nothing moves but the hook,
// and SIGUSR1 moves it to the next scheduled run and fires that job
// (desktop.Services.FireNextJob), printing the run on stderr. So the test proves
// a job fires with the window closed without waiting for a real schedule.
const testHooksEnv = "IESCP_TEST_HOOKS"

type testHooks struct {
	on     bool
	offset atomic.Int64 // nanoseconds the injected clock is ahead of the wall clock
	sig    chan os.Signal
}

func testHooksFromEnv() *testHooks {
	h := &testHooks{on: os.Getenv(testHooksEnv) == "1"}
	_ = os.Unsetenv(testHooksEnv)
	return h
}

func (h *testHooks) now() time.Time { return time.Now().Add(time.Duration(h.offset.Load())) }

// advance moves the injected clock to t.
func (h *testHooks) advance(t time.Time) { h.offset.Store(int64(time.Until(t))) }

// configure gives the services the injected clock and a manual job timer.
func (h *testHooks) configure(cfg *desktop.Config) {
	if !h.on {
		return
	}
	cfg.Now = h.now
	cfg.JobsManualTimer = true
}

// start listens for SIGUSR1 and fires the next job on each.
func (h *testHooks) start(s *desktop.Services) {
	if !h.on {
		return
	}
	fmt.Fprintln(os.Stderr, "iescp: test hooks on: SIGUSR1 fires the next scheduled job")
	h.sig = make(chan os.Signal, 1)
	signal.Notify(h.sig, syscall.SIGUSR1)
	go func() {
		for range h.sig {
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
	if h.sig != nil {
		signal.Stop(h.sig)
		close(h.sig)
	}
}
