package jobs

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/store"
)

// clock is a fake clock tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// recorder is a channel that records what it got and fails while failures > 0.
type recorder struct {
	name     string
	mu       sync.Mutex
	got      []Message
	failures int
	off      bool
}

func (r *recorder) Name() string                     { return r.name }
func (r *recorder) Enabled(ctx context.Context) bool { return !r.off }
func (r *recorder) Send(ctx context.Context, m Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failures > 0 {
		r.failures--
		return errors.New("connection refused")
	}
	r.got = append(r.got, m)
	return nil
}
func (r *recorder) count() int { r.mu.Lock(); defer r.mu.Unlock(); return len(r.got) }

func day(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

func dailyPeriod(fire, now time.Time) string { return now.Format("2006-01-02") }
func monthlyPeriod(fire, now time.Time) string {
	return time.Date(fire.Year(), fire.Month(), 1, 0, 0, 0, 0, fire.Location()).AddDate(0, -1, 0).Format("2006-01")
}

type fixture struct {
	db       *store.Store
	clk      *clock
	ch       *recorder
	periods  []string // periods the jobs ran for, in order
	mu       sync.Mutex
	panicNow bool
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "acct.db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &fixture{db: db, clk: &clock{t: day(2026, 11, 20, 17, 0)}, ch: &recorder{name: "test"}}
}

func (f *fixture) job(name, spec string, period func(time.Time, time.Time) string) Definition {
	return Definition{Name: name, DefaultSchedule: spec, Period: period,
		Run: func(ctx context.Context, p string, now time.Time) (Outcome, error) {
			f.mu.Lock()
			f.periods = append(f.periods, name+":"+p)
			boom := f.panicNow
			f.mu.Unlock()
			if boom {
				panic("nil map")
			}
			return Outcome{Summary: "1 request waits", Message: &Message{Subject: name + " " + p, Text: "hello"}}, nil
		}}
}

// scheduler makes a scheduler on the fake clock: cron's wall-clock timer is off
// (ManualTimer), the tests fire and retry by hand.
func (f *fixture) scheduler(defs ...Definition) *Scheduler {
	return New(Config{DB: f.db, Now: f.clk.now, Location: time.UTC, Jobs: defs, Channels: []Channel{f.ch},
		RetryDelays: []time.Duration{time.Millisecond}, Backoff: 5 * time.Minute, MaxAttempts: 4, ManualTimer: true})
}

// wait is how long a test waits for something that happens at once on an idle
// machine: generous, for a busy one. Nothing waits this long when all is well.
const wait = 30 * time.Second

// recv waits for a value from ch, or fails the test after wait.
func recv[T any](t *testing.T, what string, ch <-chan T) T {
	t.Helper()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case v := <-ch:
		return v
	case <-timer.C:
		t.Fatalf("timed out waiting for %s", what)
	}
	var zero T
	return zero
}

// gatedJob is a job whose runs each say they started and then wait for the test
// to open the gate.
func (f *fixture) gatedJob(name, spec string, period func(time.Time, time.Time) string) (Definition, chan string, chan struct{}) {
	started, gate := make(chan string, 10), make(chan struct{})
	d := f.job(name, spec, period)
	inner := d.Run
	d.Run = func(ctx context.Context, p string, now time.Time) (Outcome, error) {
		started <- p
		select {
		case <-gate:
		case <-ctx.Done():
			return Outcome{}, ctx.Err()
		}
		return inner(ctx, p, now)
	}
	return d, started, gate
}

// waits records, as "trigger>behind", each time a run waits for the one in progress.
func waits(s *Scheduler) chan string {
	ch := make(chan string, 10)
	s.waiting = func(name, trigger, behind string) { ch <- trigger + ">" + behind }
	return ch
}

func (f *fixture) ran() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.periods, ",")
}

func lastRun(t *testing.T, s *Scheduler, name string) *Run {
	t.Helper()
	jobs, err := s.Jobs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs {
		if j.Name == name {
			return j.LastRun
		}
	}
	t.Fatalf("no job %s", name)
	return nil
}

// A laptop closed at 18:00 still reminds at the next start, once; the next day's
// 18:00 runs as usual; a monthly job missed on the 1st runs once for last month.
func TestCatchUp_OncePerPeriod(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	daily := f.job("reminder", "0 18 * * *", dailyPeriod)
	monthly := f.job("report", "0 8 1 * *", monthlyPeriod)

	// Nov 20, 18:00: the app is open and cron fires.
	s := f.scheduler(daily, monthly)
	f.clk.set(day(2026, 11, 20, 18, 0))
	s.Fire(ctx, "reminder")
	if got := f.ran(); got != "reminder:2026-11-20" {
		t.Fatalf("ran %q", got)
	}
	// The app opens on Nov 20 at 19:00 again: nothing missed, but the report for
	// October (due Nov 1, 08:00) never ran on this desktop: it catches up.
	f.clk.set(day(2026, 11, 20, 19, 0))
	s.CatchUp(ctx)
	if got := f.ran(); got != "reminder:2026-11-20,report:2026-10" {
		t.Fatalf("ran %q", got)
	}

	// Closed all of Nov 21; opened Nov 22 at 07:30: yesterday's 18:00 reminder runs
	// now, once, for today. Opening again runs nothing.
	f.clk.set(day(2026, 11, 22, 7, 30))
	s2 := f.scheduler(daily, monthly)
	s2.CatchUp(ctx)
	s2.CatchUp(ctx)
	if got := f.ran(); got != "reminder:2026-11-20,report:2026-10,reminder:2026-11-22" {
		t.Fatalf("ran %q", got)
	}
	r := lastRun(t, s2, "reminder")
	if r.Trigger != TriggerCatchUp || r.Status != StatusOK || r.Period != "2026-11-22" || r.Result != "1 request waits" {
		t.Fatalf("catch-up run: %+v", r)
	}
	// Today's 18:00 fire: one reminder per day at most, so it is skipped.
	f.clk.set(day(2026, 11, 22, 18, 0))
	s2.Fire(ctx, "reminder")
	if f.ch.count() != 3 {
		t.Fatalf("delivered %d messages, want 3", f.ch.count())
	}
	// Nov 23 18:00 runs as usual.
	f.clk.set(day(2026, 11, 23, 18, 0))
	s2.Fire(ctx, "reminder")
	if got := f.ran(); !strings.HasSuffix(got, ",reminder:2026-11-23") {
		t.Fatalf("ran %q", got)
	}
	// December 3: November's report was missed on the 1st.
	f.clk.set(day(2026, 12, 3, 9, 0))
	s2.CatchUp(ctx)
	s2.CatchUp(ctx)
	if got := f.ran(); !strings.HasSuffix(got, ",reminder:2026-12-03,report:2026-11") || strings.Count(got, "report:2026-11") != 1 {
		t.Fatalf("ran %q", got)
	}

	// Run now always runs, and the period's automatic run still happens once.
	f.clk.set(day(2026, 12, 4, 10, 0))
	run, err := s2.RunNow(ctx, "reminder")
	if err != nil || run.Trigger != TriggerManual || run.Status != StatusOK || len(run.Deliveries) != 1 || run.Deliveries[0].Status != DeliverySent {
		t.Fatalf("run now: %+v, %v", run, err)
	}
	f.clk.set(day(2026, 12, 4, 18, 0))
	s2.Fire(ctx, "reminder")
	s2.Fire(ctx, "reminder")
	if got := f.ran(); !strings.HasSuffix(got, ",reminder:2026-12-04,reminder:2026-12-04") {
		t.Fatalf("ran %q", got)
	}
	if _, err := s2.RunNow(ctx, "nope"); domain.AsError(err).Code != domain.CodeNotFound {
		t.Fatalf("unknown job: %v", err)
	}
}

// A delivery that fails is retried in the run, then by the timer with backoff; the
// run shows as failed with the reason until it goes through; nothing is lost and
// the next run still happens. One that never goes through gives up.
func TestDelivery_RetriesAndShowsFailure(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s := f.scheduler(f.job("reminder", "0 18 * * *", dailyPeriod))
	f.ch.failures = 3 // the run's two attempts fail, then one timer retry fails
	f.clk.set(day(2026, 11, 20, 18, 0))
	s.Fire(ctx, "reminder")
	r := lastRun(t, s, "reminder")
	if r.Status != StatusFailed || !strings.Contains(r.Result, "test: connection refused (retrying at 18:05)") || r.Deliveries[0].Attempts != 2 {
		t.Fatalf("after the run: %+v", r)
	}
	s.RetryDue(ctx) // not due yet
	f.clk.add(5 * time.Minute)
	s.RetryDue(ctx) // due: fails again; the next wait doubles
	r = lastRun(t, s, "reminder")
	if r.Status != StatusFailed || !strings.Contains(r.Result, "(retrying at 18:15)") || r.Deliveries[0].Attempts != 3 {
		t.Fatalf("after a failed retry: %+v", r)
	}
	f.clk.add(10 * time.Minute)
	s.RetryDue(ctx)
	r = lastRun(t, s, "reminder")
	if r.Status != StatusOK || r.Result != "1 request waits" || r.Deliveries[0].Status != DeliverySent || f.ch.count() != 1 {
		t.Fatalf("after the retry went through: %+v", r)
	}

	// The next day it never goes through: after MaxAttempts it gives up, and says so.
	f.ch.failures = 100
	f.clk.set(day(2026, 11, 21, 18, 0))
	s.Fire(ctx, "reminder")
	for i := 0; i < 5; i++ {
		f.clk.add(7 * time.Hour)
		s.RetryDue(ctx)
	}
	r = lastRun(t, s, "reminder")
	if r.Period != "2026-11-21" || r.Status != StatusFailed || !strings.Contains(r.Result, "(gave up)") || r.Deliveries[0].Attempts != 4 {
		t.Fatalf("gave up: %+v", r)
	}
	// And the day after runs as usual.
	f.ch.failures = 0
	f.clk.set(day(2026, 11, 22, 18, 0))
	s.Fire(ctx, "reminder")
	if r := lastRun(t, s, "reminder"); r.Period != "2026-11-22" || r.Status != StatusOK {
		t.Fatalf("next run: %+v", r)
	}
	// A channel switched off stops getting anything.
	f.ch.off = true
	f.clk.set(day(2026, 11, 23, 18, 0))
	s.Fire(ctx, "reminder")
	if r := lastRun(t, s, "reminder"); len(r.Deliveries) != 0 || r.Status != StatusOK {
		t.Fatalf("channel off: %+v", r)
	}
}

// A job that panics fails its run with the reason; the scheduler carries on.
func TestRun_PanicIsAFailedRun(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s := f.scheduler(f.job("reminder", "0 18 * * *", dailyPeriod))
	f.panicNow = true
	s.Fire(ctx, "reminder")
	r := lastRun(t, s, "reminder")
	if r.Status != StatusFailed || !strings.Contains(r.Result, "the job crashed: nil map") || f.ch.count() != 0 {
		t.Fatalf("panicking run: %+v", r)
	}
	f.panicNow = false
	f.clk.add(24 * time.Hour)
	s.Fire(ctx, "reminder")
	if r := lastRun(t, s, "reminder"); r.Status != StatusOK {
		t.Fatalf("next run: %+v", r)
	}
}

func TestSchedules(t *testing.T) {
	for _, bad := range []string{"", "@every 1m", "* * * * *", "*/5 * * * *", "61 * * * *", "0 9 * *", "CRON_TZ=UTC 0 9 * * *", "not a spec"} {
		if _, err := ParseSchedule(bad); domain.AsError(err).Code != domain.CodeInvalidArgument {
			t.Errorf("ParseSchedule(%q) = %v, want invalid_argument", bad, err)
		}
	}
	for _, good := range []string{"0 9 * * *", "30 18 * * 1-5", "0 8 1 * *", "@daily", "@monthly", "0 * * * *"} {
		if _, err := ParseSchedule(good); err != nil {
			t.Errorf("ParseSchedule(%q): %v", good, err)
		}
	}

	f := newFixture(t)
	ctx := context.Background()
	s := f.scheduler(f.job("reminder", "0 18 * * *", dailyPeriod))
	f.clk.set(day(2026, 11, 20, 12, 0))
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	// Starting catches up on yesterday's 18:00 (never run on this desktop), in the background.
	recv(t, "the catch-up at start", s.CaughtUp())
	if f.ran() != "reminder:2026-11-20" {
		t.Fatalf("no catch-up at start: %q", f.ran())
	}
	jobs, _ := s.Jobs(ctx)
	if jobs[0].Schedule != "0 18 * * *" || !jobs[0].NextRun.Equal(day(2026, 11, 20, 18, 0)) || !jobs[0].Enabled {
		t.Fatalf("jobs: %+v", jobs[0])
	}
	if err := s.SetSchedule(ctx, "reminder", "  30   7 * * 1-5 ", true); err != nil {
		t.Fatal(err)
	}
	jobs, _ = s.Jobs(ctx)
	if jobs[0].Schedule != "30 7 * * 1-5" || !jobs[0].NextRun.Equal(day(2026, 11, 23, 7, 30)) {
		t.Fatalf("after SetSchedule: %+v", jobs[0])
	}
	// cron has the new entry (and the retry timer).
	s.mu.Lock()
	entries := len(s.cron.Entries())
	s.mu.Unlock()
	if entries != 2 {
		t.Fatalf("cron entries: %d", entries)
	}
	if err := s.SetSchedule(ctx, "reminder", "* * * * *", true); domain.AsError(err).Code != domain.CodeInvalidArgument {
		t.Fatalf("too often: %v", err)
	}
	if err := s.SetSchedule(ctx, "reminder", "0 9 * * *", false); err != nil {
		t.Fatal(err)
	}
	jobs, _ = s.Jobs(ctx)
	s.mu.Lock()
	entries = len(s.cron.Entries())
	s.mu.Unlock()
	if jobs[0].Enabled || jobs[0].NextRun != nil || entries != 1 {
		t.Fatalf("disabled: %+v, %d entries", jobs[0], entries)
	}
	// A disabled job is not caught up either.
	f.clk.set(day(2026, 11, 25, 12, 0))
	s.CatchUp(ctx)
	if f.ran() != "reminder:2026-11-20" {
		t.Fatalf("a disabled job ran: %s", f.ran())
	}
}

// Run now pressed while the sign-in's catch-up runs waits for that run and shows
// it: no error, no second delivery. Pressed again once it ended, it runs.
func TestRunNow_DuringCatchUpWaitsForIt(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	job, started, gate := f.gatedJob("report", "0 8 1 * *", monthlyPeriod)
	s := f.scheduler(job)
	waited := waits(s)
	f.clk.set(day(2026, 11, 20, 10, 0))
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	if p := recv(t, "the catch-up run to start", started); p != "2026-10" {
		t.Fatalf("catch-up period %q", p)
	}
	if j, _ := s.Jobs(ctx); !j[0].Running || j[0].LastRun.Status != StatusRunning {
		t.Fatalf("jobs while running: %+v", j[0])
	}
	type result struct {
		run Run
		err error
	}
	pressed := make(chan result, 1)
	go func() {
		r, err := s.RunNow(ctx, "report")
		pressed <- result{r, err}
	}()
	if w := recv(t, "Run now to wait for the catch-up", waited); w != "manual>catch_up" {
		t.Fatalf("waited as %q", w)
	}
	close(gate)
	got := recv(t, "Run now's answer", pressed)
	if got.err != nil || got.run.Trigger != TriggerCatchUp || got.run.Status != StatusOK || got.run.Period != "2026-10" ||
		len(got.run.Deliveries) != 1 {
		t.Fatalf("Run now during the catch-up: %+v, %v", got.run, got.err)
	}
	recv(t, "the end of the catch-up", s.CaughtUp())
	if f.ran() != "report:2026-10" || f.ch.count() != 1 {
		t.Fatalf("ran %q, delivered %d: want one run, one message", f.ran(), f.ch.count())
	}
	// Nothing in progress: Run now runs a manual run of its own.
	r, err := s.RunNow(ctx, "report")
	if err != nil || r.Trigger != TriggerManual || r.ID == got.run.ID || f.ch.count() != 2 {
		t.Fatalf("Run now afterwards: %+v, %v (%d messages)", r, err, f.ch.count())
	}
}

// A scheduled fire that lands during a Run now waits and then runs its period
// (it is not dropped); a Run now that waited for a run that recorded nothing (its
// period was done already) runs its own.
func TestRunNow_AndFiresTakeTurns(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	job, started, gate := f.gatedJob("reminder", "0 18 * * *", dailyPeriod)
	s := f.scheduler(job)
	waited := waits(s)
	f.clk.set(day(2026, 11, 20, 18, 0))

	manual := make(chan Run, 1)
	go func() {
		r, err := s.RunNow(ctx, "reminder")
		if err != nil {
			t.Error(err)
		}
		manual <- r
	}()
	recv(t, "the manual run to start", started)
	fired := make(chan struct{})
	go func() { s.Fire(ctx, "reminder"); close(fired) }()
	if w := recv(t, "the fire to wait", waited); w != "schedule>manual" {
		t.Fatalf("waited as %q", w)
	}
	close(gate)
	if r := recv(t, "the manual run", manual); r.Trigger != TriggerManual || r.Status != StatusOK {
		t.Fatalf("manual run: %+v", r)
	}
	recv(t, "the fire", fired)
	if got := f.ran(); got != "reminder:2026-11-20,reminder:2026-11-20" {
		t.Fatalf("ran %q: the fire during Run now was dropped", got)
	}
	if r := lastRun(t, s, "reminder"); r.Trigger != TriggerSchedule || r.Status != StatusOK {
		t.Fatalf("the scheduled run: %+v", r)
	}

	// A fire for the same day now records nothing; a press that waited for it
	// runs its own.
	fl, err := s.takeOff(ctx, "reminder", TriggerSchedule)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		r, err := s.RunNow(ctx, "reminder")
		if err != nil {
			t.Error(err)
		}
		manual <- r
	}()
	if w := recv(t, "Run now to wait", waited); w != "manual>schedule" {
		t.Fatalf("waited as %q", w)
	}
	s.land(fl, 0, nil)
	if r := recv(t, "the second manual run", manual); r.Trigger != TriggerManual || r.Status != StatusOK || f.ch.count() != 3 {
		t.Fatalf("Run now after an empty run: %+v (%d messages)", r, f.ch.count())
	}
}
