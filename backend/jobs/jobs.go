// Package jobs runs a desktop's background jobs: robfig/cron fires them on their
// schedules while an account is signed in, a run whose time passed while the app was
// closed runs once when the account is next opened (catch-up), and automatic runs
// happen at most once per period (a day, a month) — the job_runs table has a unique
// index on (job, period) for them. A run produces a message, delivered to every
// enabled channel (in-app, native notification, webhook, email) that the
// account's notification preferences allow for its kind (prefs.go); a delivery that
// fails is retried with backoff, in the run and then on a timer, and the run shows
// as failed with the reason until it goes through. Time comes from an injectable
// clock; cron itself only says "now is a good time to look" (and tests that drive
// a fake clock turn cron's wall-clock timer off with ManualTimer and fire by hand).
//
// One run of a job at a time: a scheduled or caught-up run waits for a run in
// progress and then runs (the period decides whether it still has work); Run now
// pressed while a run is in progress waits for that run and returns it instead of
// starting a second one that would deliver the same message twice.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/robfig/cron/v3"
	"gorm.io/gorm"

	"iescp/backend/domain"
	"iescp/backend/store"
)

// Triggers of a run.
const (
	TriggerSchedule = "schedule"
	TriggerCatchUp  = "catch_up"
	TriggerManual   = "manual"
)

// Run and delivery statuses.
const (
	StatusRunning = "running"
	StatusOK      = "ok"
	StatusSkipped = "skipped" // nothing to say (e.g. no request waits): nothing delivered
	StatusFailed  = "failed"

	DeliveryPending = "pending"
	DeliverySent    = "sent"
	DeliveryFailed  = "failed" // gave up
)

// Message is what a run delivers. Attachments are file paths.
type Message struct {
	Kind string `json:"kind"` // e.g. reminder, report: the in-app notification kind
	// Params are what the kind says, as data (strings and integers): the bell
	// renders kind + params in the reader's language. Subject and Text are the
	// catalog's rendering, for email, webhook and the desktop notification.
	Params      map[string]any `json:"params,omitempty"`
	Subject     string         `json:"subject"`
	Text        string         `json:"text"`
	HTML        string         `json:"html,omitempty"`
	RefTable    string         `json:"ref_table,omitempty"`
	RefID       string         `json:"ref_id,omitempty"`
	Attachments []string       `json:"attachments,omitempty"`
}

// Outcome is what a job's Run returns.
type Outcome struct {
	Summary string   // shown as the run's result
	Message *Message // nil: nothing to deliver (the run is skipped)
	Files   []string // files the run wrote (reports)
}

// Definition is one job.
type Definition struct {
	Name            string
	DefaultSchedule string // standard 5-field cron spec or a descriptor (@daily)
	// Period names what a run covers, given the fire time it stands for and now:
	// automatic runs happen once per period.
	Period func(fire, now time.Time) string
	Run    func(ctx context.Context, period string, now time.Time) (Outcome, error)
}

// Channel delivers messages somewhere.
type Channel interface {
	Name() string
	// Enabled says whether the channel is configured; a disabled channel gets nothing.
	Enabled(ctx context.Context) bool
	Send(ctx context.Context, m Message) error
}

// Config configures a Scheduler.
type Config struct {
	DB       *store.Store // the account's replica (desktop tables)
	Now      func() time.Time
	Location *time.Location // schedules' time zone; nil means time.Local
	Jobs     []Definition
	Channels []Channel
	// Prefs reads the account's notification preferences: a delivery goes to a
	// channel only where they allow the message's kind. Nil means the defaults.
	Prefs func(ctx context.Context) (Prefs, error)
	// RetryDelays are the waits between in-run attempts of a delivery; nil means
	// 1s, 4s. After them a delivery is retried by the timer, Backoff apart.
	RetryDelays []time.Duration
	// Backoff is the first wait of the timer's retries (doubling, capped at 6 h);
	// 0 means 5 minutes. MaxAttempts caps all attempts; 0 means 10.
	Backoff     time.Duration
	MaxAttempts int
	Log         *slog.Logger
	// Changed is called after anything a Jobs() reader would see changed.
	Changed func()
	// ManualTimer keeps cron's wall-clock timer from running: entries are still
	// registered (Jobs shows the next run), but nothing fires by itself; the
	// caller calls Fire and RetryDue as it moves its clock. For tests with a fake
	// Now, where a wall-clock fire would land at a random point of the test.
	ManualTimer bool
}

// Scheduler runs the jobs of one signed-in account.
type Scheduler struct {
	cfg  Config
	defs map[string]Definition
	log  *slog.Logger

	mu       sync.Mutex
	cron     *cron.Cron
	entries  map[string]cron.EntryID
	flights  map[string]*flight // the run in progress, per job
	wg       sync.WaitGroup
	ctx      context.Context
	cancel   context.CancelFunc
	caughtUp chan struct{} // closed when Start's catch-up and first retries are done

	retryMu sync.Mutex // one RetryDue at a time: a delivery is attempted once per due time

	// waiting, if set, is called when a run of trigger finds a run of the job in
	// progress (of trigger behind) and waits for it: tests use it to know a press
	// or a fire landed during a run.
	waiting func(name, trigger, behind string)
}

// flight is a run in progress; done is closed when it ended, and then id (0:
// nothing was recorded, its period was done already) and err say how.
type flight struct {
	name    string
	trigger string
	done    chan struct{}
	id      int64
	err     error
}

// New makes a scheduler; Start starts it.
func New(cfg Config) *Scheduler {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	if cfg.RetryDelays == nil {
		cfg.RetryDelays = []time.Duration{time.Second, 4 * time.Second}
	}
	if cfg.Backoff == 0 {
		cfg.Backoff = 5 * time.Minute
	}
	if cfg.MaxAttempts == 0 {
		cfg.MaxAttempts = 10
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Scheduler{cfg: cfg, defs: map[string]Definition{}, log: cfg.Log, entries: map[string]cron.EntryID{},
		flights: map[string]*flight{}, caughtUp: make(chan struct{})}
	for _, d := range cfg.Jobs {
		s.defs[d.Name] = d
	}
	return s
}

var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseSchedule validates a schedule: a standard 5-field cron spec (minute hour
// day-of-month month day-of-week) or a descriptor such as @daily. Schedules more
// often than hourly are refused: these are daily and monthly jobs.
func ParseSchedule(spec string) (cron.Schedule, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" || len(spec) > 100 {
		return nil, domain.Errorf(domain.CodeInvalidArgument, "enter a schedule such as \"0 9 * * *\" (every day at 09:00)")
	}
	if strings.HasPrefix(spec, "@every") || strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		return nil, domain.Errorf(domain.CodeInvalidArgument, "use a cron spec (minute hour day month weekday), not %q", strings.Fields(spec)[0])
	}
	sched, err := parser.Parse(spec)
	if err != nil {
		return nil, domain.Errorf(domain.CodeInvalidArgument, "not a valid schedule: %v", err)
	}
	// At most hourly: two fires less than an hour apart are refused.
	t0 := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC) // a Monday
	a := sched.Next(t0)
	if b := sched.Next(a); !a.IsZero() && !b.IsZero() && b.Sub(a) < time.Hour {
		return nil, domain.Errorf(domain.CodeInvalidArgument, "a schedule may run at most once an hour")
	}
	return sched, nil
}

// schedule returns a job's schedule spec and whether it is enabled.
func (s *Scheduler) schedule(ctx context.Context, name string) (string, bool, error) {
	var row jobSetting
	err := s.cfg.DB.Gorm.WithContext(ctx).Where("job = ?", name).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return s.defs[name].DefaultSchedule, true, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("jobs: settings: %w", err)
	}
	return row.Schedule, row.Enabled, nil
}

// Start catches up on runs missed while the app was closed, then starts cron.
// Catch-up runs in the background: Start returns at once.
func (s *Scheduler) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cron != nil {
		return errors.New("jobs: already started")
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.cron = cron.New(cron.WithLocation(s.cfg.Location), cron.WithParser(parser),
		cron.WithChain(cron.Recover(cronLogger{s.log})))
	for name := range s.defs {
		if err := s.register(ctx, name); err != nil {
			return err
		}
	}
	// Deliveries that failed earlier are retried every minute.
	if _, err := s.cron.AddFunc("* * * * *", func() { s.RetryDue(s.ctx) }); err != nil {
		return err
	}
	if !s.cfg.ManualTimer {
		s.cron.Start()
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer close(s.caughtUp)
		s.CatchUp(s.ctx)
		s.RetryDue(s.ctx)
	}()
	return nil
}

// CaughtUp is closed once Start's catch-up runs (and the first retries of
// deliveries due) have ended: from then on, only a schedule, a retry or Run now
// delivers anything.
func (s *Scheduler) CaughtUp() <-chan struct{} { return s.caughtUp }

// register (re)adds a job's cron entry; s.mu is held.
func (s *Scheduler) register(ctx context.Context, name string) error {
	if id, ok := s.entries[name]; ok {
		s.cron.Remove(id)
		delete(s.entries, name)
	}
	spec, enabled, err := s.schedule(ctx, name)
	if err != nil || !enabled {
		return err
	}
	sched, err := ParseSchedule(spec)
	if err != nil {
		s.log.Warn("jobs: bad stored schedule; using the default", "job", name, "err", err)
		sched, _ = ParseSchedule(s.defs[name].DefaultSchedule)
	}
	s.entries[name] = s.cron.Schedule(sched, cron.FuncJob(func() { s.Fire(s.ctx, name) }))
	return nil
}

// Stop stops cron and waits for running jobs (their contexts are cancelled).
func (s *Scheduler) Stop() {
	s.mu.Lock()
	c, cancel := s.cron, s.cancel
	s.cron = nil
	s.mu.Unlock()
	if c == nil {
		return
	}
	cancel()
	<-c.Stop().Done()
	s.wg.Wait()
}

// lastFire is the latest fire time of sched at or before now, looking back at most
// lookback; zero if none.
func lastFire(sched cron.Schedule, now time.Time, lookback time.Duration) time.Time {
	var last time.Time
	t := sched.Next(now.Add(-lookback))
	for i := 0; i < 100_000 && !t.IsZero() && !t.After(now); i++ {
		last = t
		t = sched.Next(t)
	}
	return last
}

// catchUpLookback bounds how far back catch-up looks (a monthly job's last fire
// is at most ~31 days back).
const catchUpLookback = 32 * 24 * time.Hour

// CatchUp runs, once, each enabled job whose latest fire time passed with no
// automatic run for its period since (the app was closed, or the account was
// signed out).
func (s *Scheduler) CatchUp(ctx context.Context) {
	now := s.cfg.Now().In(s.cfg.Location)
	for _, name := range s.names() {
		spec, enabled, err := s.schedule(ctx, name)
		if err != nil || !enabled {
			continue
		}
		sched, err := ParseSchedule(spec)
		if err != nil {
			continue
		}
		fire := lastFire(sched, now, catchUpLookback)
		if fire.IsZero() {
			continue
		}
		// Ran at or after that fire time (any trigger but manual): nothing missed.
		var n int
		if err := s.cfg.DB.R.GetContext(ctx, &n, `SELECT COUNT(*) FROM job_runs WHERE job = ? AND trigger <> 'manual' AND started_at >= ?`,
			name, fire.UTC()); err != nil || n > 0 {
			continue
		}
		f, err := s.takeOff(ctx, name, TriggerCatchUp)
		if err != nil {
			return
		}
		id, err := s.run(ctx, name, TriggerCatchUp, fire, now)
		s.land(f, id, err)
	}
}

// Fire is cron's entry point for a job (exported so tests can fire with a fake
// clock). A run in progress is waited for first.
func (s *Scheduler) Fire(ctx context.Context, name string) {
	f, err := s.takeOff(ctx, name, TriggerSchedule)
	if err != nil {
		return
	}
	now := s.cfg.Now().In(s.cfg.Location)
	id, err := s.run(ctx, name, TriggerSchedule, now, now)
	s.land(f, id, err)
}

// RunNow runs a job at once (Run now in the UI). Manual runs always run, and do
// not count against the period's automatic run. Pressed while a run of the job is
// in progress (a schedule's, the sign-in's catch-up, or an earlier press), it
// waits for that run and returns it: the run started moments ago from the same
// data, and a second one would deliver the same message twice. Never an error
// for being busy.
func (s *Scheduler) RunNow(ctx context.Context, name string) (Run, error) {
	if _, ok := s.defs[name]; !ok {
		return Run{}, domain.Errorf(domain.CodeNotFound, "no job %q", name)
	}
	// Stop ends a manual run like any other (its caller's ctx may be Background).
	s.mu.Lock()
	stopCtx, started, stopped := s.ctx, s.cron != nil, s.ctx != nil && s.cron == nil
	if started {
		s.wg.Add(1) // Stop waits for this run too
		defer s.wg.Done()
	}
	s.mu.Unlock()
	if stopped {
		return Run{}, domain.Errorf(domain.CodeUnauthenticated, "signed out: sign in to run the job")
	}
	if started {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		defer context.AfterFunc(stopCtx, cancel)()
	}
	for {
		mine, f := s.claim(name, TriggerManual)
		if mine != nil {
			now := s.cfg.Now().In(s.cfg.Location)
			id, err := s.run(ctx, name, TriggerManual, now, now)
			s.land(mine, id, err)
			if err != nil {
				return Run{}, err
			}
			return s.getRun(context.WithoutCancel(ctx), id)
		}
		select {
		case <-f.done:
		case <-ctx.Done():
			return Run{}, domain.Errorf(domain.CodeUnauthenticated, "signed out while the job was running")
		}
		if f.err == nil && f.id != 0 {
			return s.getRun(context.WithoutCancel(ctx), f.id)
		}
		// That run recorded nothing (its period was done already) or could not
		// record itself: run our own.
	}
}

// takeOff waits until no run of name is in progress and marks one as started;
// land ends it. Only ctx's end stops the wait.
func (s *Scheduler) takeOff(ctx context.Context, name, trigger string) (*flight, error) {
	for {
		mine, f := s.claim(name, trigger)
		if mine != nil {
			return mine, nil
		}
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// claim marks a run of name as started (mine) when none is in progress, or
// returns the run in progress (theirs), telling the waiting hook.
func (s *Scheduler) claim(name, trigger string) (mine, theirs *flight) {
	s.mu.Lock()
	if f := s.flights[name]; f != nil {
		s.mu.Unlock()
		if s.waiting != nil {
			s.waiting(name, trigger, f.trigger)
		}
		return nil, f
	}
	f := &flight{name: name, trigger: trigger, done: make(chan struct{})}
	s.flights[name] = f
	s.mu.Unlock()
	return f, nil
}

// land records how a run ended and lets the next one start.
func (s *Scheduler) land(f *flight, id int64, err error) {
	s.mu.Lock()
	f.id, f.err = id, err
	delete(s.flights, f.name)
	s.mu.Unlock()
	close(f.done)
	s.changed()
}

func (s *Scheduler) names() []string {
	out := make([]string, 0, len(s.defs))
	for n := range s.defs {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// run records and performs one run; the caller holds the job's flight (takeOff).
// Automatic runs for a period that has one are skipped without a trace (the
// unique index decides, so two fires, even from two schedulers, cannot both run).
func (s *Scheduler) run(ctx context.Context, name, trigger string, fire, now time.Time) (id int64, err error) {
	def := s.defs[name]
	period := def.Period(fire, now)
	err = s.cfg.DB.Write(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO job_runs (job, period, trigger, started_at, status) VALUES (?, ?, ?, ?, 'running')
			ON CONFLICT DO NOTHING`, name, period, trigger, now.UTC())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("jobs: record run: %w", err)
	}
	if id == 0 {
		s.log.Info("jobs: period done already", "job", name, "period", period, "trigger", trigger)
		return 0, nil
	}
	s.changed()
	s.log.Info("jobs: run", "job", name, "period", period, "trigger", trigger)

	out, runErr := s.safeRun(ctx, def, period, now)
	status, msg := StatusOK, out.Summary
	switch {
	case runErr != nil:
		status, msg = StatusFailed, domain.AsError(runErr).Message
	case out.Message == nil:
		status = StatusSkipped
	}
	files, _ := json.Marshal(nonNil(out.Files))
	if runErr == nil && out.Message != nil {
		// Failed deliveries stay pending for the timer; the run shows them as its
		// failure until they go through (finishRun).
		if derr := s.deliver(ctx, id, *out.Message); derr != "" {
			s.log.Warn("jobs: some deliveries failed", "job", name, "run", id, "failures", derr)
		}
	}
	if err := s.finish(ctx, id, status, msg, string(files)); err != nil {
		return id, err
	}
	return id, nil
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func joinMsg(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// safeRun runs a job, turning a panic into an error.
func (s *Scheduler) safeRun(ctx context.Context, def Definition, period string, now time.Time) (out Outcome, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the job crashed: %v", r)
			s.log.Error("jobs: panic", "job", def.Name, "panic", r, "stack", string(debug.Stack()))
		}
	}()
	return def.Run(ctx, period, now)
}

func (s *Scheduler) finish(ctx context.Context, id int64, status, msg, files string) error {
	ctx = context.WithoutCancel(ctx) // a run stopped by Stop still records how it ended
	return s.cfg.DB.Write(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE job_runs SET status = ?, message = ?, files = ?, finished_at = ? WHERE id = ?`,
			status, msg, files, s.cfg.Now().UTC(), id)
		return err
	})
}

func (s *Scheduler) changed() {
	if s.cfg.Changed != nil {
		s.cfg.Changed()
	}
}

type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Info("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append([]any{"err", err}, kv...)...)
}
