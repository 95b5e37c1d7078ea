package desktop

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"iescp/backend/domain"
	"iescp/backend/jobs"
)

// The signed-in account's background jobs (backend/jobs): the daily reminder (an
// influencer's requests, deliverables and post metrics; a sponsor's drafts and
// proofs to review), a sponsor's monthly activity report. They run while the account is
// signed in, and catch up at sign-in on what was missed while the app was closed.
// What a job says and where it goes live in backend/jobs; this file wires them
// to the session and binds them to the UI.

// Job names.
const (
	JobDailyReminder = jobs.JobDailyReminder
	JobMonthlyReport = jobs.JobMonthlyReport
)

// delivery is where the session's job messages go.
func (s *Services) delivery(sess *session) jobs.Account {
	return jobs.Account{DB: sess.db, AccountID: sess.info.AccountID, Secrets: s.secrets, Notify: s.Notify,
		NotifyAbout: s.NotifyAbout, Now: s.cfg.Now}
}

// emailChannel is the session's email channel (reports email a report with it).
func (s *Services) emailChannel(sess *session) jobs.Email { return s.delivery(sess).EmailChannel() }

// startJobs makes and starts the scheduler of a new session (none for roles
// without jobs).
func (s *Services) startJobs(sess *session) {
	s.forwardNotifications(sess) // notes where the history ends, or sends what came since
	var defs []jobs.Definition
	switch domain.Role(sess.info.Role) {
	case domain.RoleInfluencer:
		defs = append(defs, jobs.DailyReminder(sess.db.R, viewer(sess)))
	case domain.RoleSponsor:
		defs = append(defs, jobs.DailyReminder(sess.db.R, viewer(sess)), jobs.Definition{Name: JobMonthlyReport, DefaultSchedule: "0 8 1 * *", Period: jobs.MonthlyPeriod,
			Run: func(ctx context.Context, period string, now time.Time) (jobs.Outcome, error) {
				return s.monthlyReport(ctx, sess, period, now)
			}})
	default:
		return
	}
	me := sess.info.AccountID
	logger := slog.New(slog.NewTextHandler(s.logWriter(), &slog.HandlerOptions{Level: slog.LevelInfo}))
	cfg := jobs.Config{DB: sess.db, Now: s.cfg.Now, Location: s.cfg.Location, Jobs: defs, Channels: s.delivery(sess).Channels(),
		Prefs: s.delivery(sess).Prefs,
		Log:   logger, ManualTimer: s.cfg.JobsManualTimer, RetryDelays: s.cfg.JobRetryDelays,
		Changed: func() {
			s.emit(TopicJobsChanged, map[string]string{"account_id": me})
			s.emit(TopicDataChanged, DataChanged{AccountID: me, Source: "jobs"}) // the bell re-reads
		}}
	sched := jobs.New(cfg)
	if err := sched.Start(sess.ctx); err != nil {
		logger.Error("jobs: start", "err", err)
		return
	}
	sess.jobs = sched
}

func (s *Services) logWriter() io.Writer {
	if s.cfg.Log != nil {
		return s.cfg.Log
	}
	return os.Stderr
}

// ReportsDir is where an account's reports go: <data dir>/reports/<account id>.
func (s *Services) ReportsDir(accountID string) string {
	return filepath.Join(s.cfg.DataDir, "reports", accountID)
}

// JobService is bound to the UI: the jobs of the signed-in account (Settings),
// and where their messages go.
type JobService struct{ s *Services }

// NewJobService makes the service over the desktop services.
func NewJobService(s *Services) *JobService { return &JobService{s: s} }

// scheduler is the signed-in account's scheduler; an account without jobs has none.
func (js *JobService) scheduler() (context.Context, *jobs.Scheduler, error) {
	ctx, sess, err := js.s.begin()
	if err != nil {
		return nil, nil, err
	}
	if sess.jobs == nil {
		return nil, nil, domain.Errorf(domain.CodeNotFound, "this account has no background jobs")
	}
	return ctx, sess.jobs, nil
}

// Jobs lists the account's jobs: schedule, last run and result, next run.
func (js *JobService) Jobs() ([]jobs.JobInfo, error) {
	ctx, sched, err := js.scheduler()
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return []jobs.JobInfo{}, nil
	}
	if err != nil {
		return nil, toUI(err)
	}
	out, err := sched.Jobs(ctx)
	return out, toUI(err)
}

// Runs lists a job's latest runs (at most limit, 1..100).
func (js *JobService) Runs(name string, limit int) ([]jobs.Run, error) {
	ctx, sched, err := js.scheduler()
	if err != nil {
		return nil, toUI(err)
	}
	out, err := sched.Runs(ctx, name, limit)
	return out, toUI(err)
}

// SetSchedule changes a job's schedule (a cron spec) and whether it runs.
func (js *JobService) SetSchedule(name, spec string, enabled bool) error {
	ctx, sched, err := js.scheduler()
	if err != nil {
		return toUI(err)
	}
	return toUI(sched.SetSchedule(ctx, name, spec, enabled))
}

// RunNow runs a job now and returns the run. While a run of the job is in
// progress (its schedule's, the sign-in's catch-up, an earlier press), it waits
// for that run and returns it instead of running the job twice.
func (js *JobService) RunNow(name string) (jobs.Run, error) {
	ctx, sched, err := js.scheduler()
	if err != nil {
		return jobs.Run{}, toUI(err)
	}
	r, err := sched.RunNow(ctx, name)
	return r, toUI(err)
}

// Delivery returns where job messages go (secrets only as set or not).
func (js *JobService) Delivery() (jobs.DeliverySettings, error) {
	ctx, sess, err := js.s.begin()
	if err != nil {
		return jobs.DeliverySettings{}, toUI(err)
	}
	d, err := js.s.delivery(sess).Settings(ctx)
	return d, toUI(err)
}

// SetDelivery validates and saves the delivery settings; secrets go to the
// secret store.
func (js *JobService) SetDelivery(in jobs.DeliveryInput) (jobs.DeliverySettings, error) {
	ctx, sess, err := js.s.begin()
	if err != nil {
		return jobs.DeliverySettings{}, toUI(err)
	}
	if err := js.s.delivery(sess).Save(ctx, in); err != nil {
		return jobs.DeliverySettings{}, toUI(err)
	}
	return js.Delivery()
}

// TestDelivery sends a test message to one channel now (webhook, email or native).
func (js *JobService) TestDelivery(channel string) error {
	ctx, sess, err := js.s.begin()
	if err != nil {
		return toUI(err)
	}
	return toUI(js.s.delivery(sess).Test(ctx, channel))
}
