package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"iescp/backend/domain"
)

// maxBackoff caps the wait between a delivery's timer retries.
const maxBackoff = 6 * time.Hour

// deliver sends m to every enabled channel, each with its in-run retries; what
// still fails is left pending for the timer. It returns a summary of the failures
// ("" when everything went through).
func (s *Scheduler) deliver(ctx context.Context, runID int64, m Message) string {
	body, err := json.Marshal(m)
	if err != nil {
		return "encode message: " + err.Error()
	}
	prefs, err := s.prefs(ctx)
	if err != nil {
		return "notification preferences: " + err.Error()
	}
	var failures []string
	for _, ch := range s.cfg.Channels {
		if !ch.Enabled(ctx) || !prefs.Allows(m.Kind, ch.Name()) {
			continue
		}
		var did int64
		if err := s.cfg.DB.Write(ctx, func(tx *sqlx.Tx) error {
			// Due for the timer after the backoff: if the app stops mid-delivery, the
			// next start retries it; the timer never races the in-run attempts.
			res, err := tx.ExecContext(ctx, `INSERT INTO job_deliveries (run_id, channel, message_json, status, next_attempt_at)
				VALUES (?, ?, ?, 'pending', ?)`, runID, ch.Name(), string(body), s.cfg.Now().UTC().Add(s.cfg.Backoff))
			if err != nil {
				return err
			}
			did, err = res.LastInsertId()
			return err
		}); err != nil {
			failures = append(failures, ch.Name()+": "+err.Error())
			continue
		}
		var sendErr error
		for attempt := 0; ; attempt++ {
			sendErr = s.attempt(ctx, did, ch, m)
			if sendErr == nil || attempt >= len(s.cfg.RetryDelays) || ctx.Err() != nil {
				break
			}
			select {
			case <-ctx.Done():
			case <-time.After(s.cfg.RetryDelays[attempt]):
			}
		}
		if sendErr != nil {
			failures = append(failures, ch.Name()+": "+sendErr.Error())
		}
	}
	return strings.Join(failures, "; ")
}

// attempt sends once and records the outcome: sent, pending with the next attempt
// time, or failed for good after MaxAttempts.
func (s *Scheduler) attempt(ctx context.Context, deliveryID int64, ch Channel, m Message) error {
	sendErr := safeSend(ctx, ch, m)
	now := s.cfg.Now().UTC()
	ctx = context.WithoutCancel(ctx) // record the outcome even while stopping
	werr := s.cfg.DB.Write(ctx, func(tx *sqlx.Tx) error {
		if sendErr == nil {
			_, err := tx.ExecContext(ctx, `UPDATE job_deliveries SET status = 'sent', attempts = attempts + 1, last_error = '',
				next_attempt_at = NULL, sent_at = ? WHERE id = ?`, now, deliveryID)
			return err
		}
		var attempts int
		if err := tx.GetContext(ctx, &attempts, `SELECT attempts + 1 FROM job_deliveries WHERE id = ?`, deliveryID); err != nil {
			return err
		}
		if attempts >= s.cfg.MaxAttempts {
			_, err := tx.ExecContext(ctx, `UPDATE job_deliveries SET status = 'failed', attempts = ?, last_error = ?, next_attempt_at = NULL
				WHERE id = ?`, attempts, sendErr.Error(), deliveryID)
			return err
		}
		wait := s.cfg.Backoff
		for i := 1; i < attempts-len(s.cfg.RetryDelays) && wait < maxBackoff; i++ {
			wait *= 2
		}
		wait = min(wait, maxBackoff)
		_, err := tx.ExecContext(ctx, `UPDATE job_deliveries SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?`,
			attempts, sendErr.Error(), now.Add(wait), deliveryID)
		return err
	})
	if werr != nil {
		s.log.Error("jobs: record delivery", "err", werr)
	}
	if sendErr != nil {
		s.log.Warn("jobs: delivery failed", "channel", ch.Name(), "err", sendErr)
	}
	return sendErr
}

func safeSend(ctx context.Context, ch Channel, m Message) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("crashed: %v", r)
		}
	}()
	return ch.Send(ctx, m)
}

// RetryDue retries the pending deliveries whose time has come (the timer calls it
// every minute; Start calls it once).
func (s *Scheduler) RetryDue(ctx context.Context) {
	s.retryMu.Lock()
	defer s.retryMu.Unlock()
	var due []struct {
		ID      int64  `db:"id"`
		Channel string `db:"channel"`
		Body    string `db:"message_json"`
	}
	if err := s.cfg.DB.R.SelectContext(ctx, &due, `SELECT id, channel, message_json FROM job_deliveries
		WHERE status = 'pending' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ? ORDER BY id`, s.cfg.Now().UTC()); err != nil {
		s.log.Error("jobs: due deliveries", "err", err)
		return
	}
	prefs, err := s.prefs(ctx)
	if err != nil {
		s.log.Error("jobs: notification preferences", "err", err)
		return
	}
	for _, d := range due {
		var m Message
		if err := json.Unmarshal([]byte(d.Body), &m); err != nil {
			continue
		}
		ch := s.channel(d.Channel)
		why := ""
		switch {
		case ch == nil || !ch.Enabled(ctx):
			why = " (channel switched off)"
		case !prefs.Allows(m.Kind, ch.Name()):
			why = " (turned off for this event)"
		}
		if why != "" {
			// Switched off since: stop trying; say so.
			_ = s.cfg.DB.Write(ctx, func(tx *sqlx.Tx) error {
				_, err := tx.ExecContext(ctx, `UPDATE job_deliveries SET status = 'failed', last_error = last_error || ?,
					next_attempt_at = NULL WHERE id = ?`, why, d.ID)
				return err
			})
			continue
		}
		_ = s.attempt(ctx, d.ID, ch, m)
	}
	if len(due) > 0 {
		s.changed()
	}
}

// prefs reads the notification preferences (the defaults without a reader).
func (s *Scheduler) prefs(ctx context.Context) (Prefs, error) {
	if s.cfg.Prefs == nil {
		return DefaultPrefs(), nil
	}
	return s.cfg.Prefs(ctx)
}

func (s *Scheduler) channel(name string) Channel {
	for _, ch := range s.cfg.Channels {
		if ch.Name() == name {
			return ch
		}
	}
	return nil
}

// Delivery is one channel's delivery of a run.
type Delivery struct {
	Channel       string     `json:"channel" db:"channel"`
	Status        string     `json:"status" db:"status"`
	Attempts      int        `json:"attempts" db:"attempts"`
	LastError     string     `json:"last_error" db:"last_error"`
	NextAttemptAt *time.Time `json:"next_attempt_at" db:"next_attempt_at"`
	SentAt        *time.Time `json:"sent_at" db:"sent_at"`
}

// Run is one run of a job with its deliveries. Status is the run's own status,
// turned to failed while a delivery has not gone through; Result says why.
type Run struct {
	ID         int64      `json:"id" db:"id"`
	Job        string     `json:"job" db:"job"`
	Period     string     `json:"period" db:"period"`
	Trigger    string     `json:"trigger" db:"trigger"`
	StartedAt  time.Time  `json:"started_at" db:"started_at"`
	FinishedAt *time.Time `json:"finished_at" db:"finished_at"`
	Status     string     `json:"status" db:"status"`
	Summary    string     `json:"summary" db:"message"`
	FilesJSON  string     `json:"-" db:"files"`
	Files      []string   `json:"files" db:"-"`
	Result     string     `json:"result" db:"-"`
	Deliveries []Delivery `json:"deliveries" db:"-"`
}

func (s *Scheduler) getRun(ctx context.Context, id int64) (Run, error) {
	var r Run
	if err := s.cfg.DB.R.GetContext(ctx, &r, `SELECT id, job, period, trigger, started_at, finished_at, status, message, files
		FROM job_runs WHERE id = ?`, id); err != nil {
		return Run{}, fmt.Errorf("jobs: run %d: %w", id, err)
	}
	// Finish first, then return r: in `return r, s.finishRun(ctx, &r)` the spec
	// leaves open whether r is read before or after the call fills it in.
	err := s.finishRun(ctx, &r)
	return r, err
}

// finishRun loads a run's deliveries and works out what it shows.
func (s *Scheduler) finishRun(ctx context.Context, r *Run) error {
	_ = json.Unmarshal([]byte(r.FilesJSON), &r.Files)
	if r.Files == nil {
		r.Files = []string{}
	}
	r.Deliveries = []Delivery{}
	if err := s.cfg.DB.R.SelectContext(ctx, &r.Deliveries, `SELECT channel, status, attempts, last_error, next_attempt_at, sent_at
		FROM job_deliveries WHERE run_id = ? ORDER BY id`, r.ID); err != nil {
		return fmt.Errorf("jobs: deliveries: %w", err)
	}
	r.Result = r.Summary
	if r.Status == StatusRunning {
		return nil
	}
	var problems []string
	for _, d := range r.Deliveries {
		switch d.Status {
		case DeliveryPending:
			p := d.Channel + ": " + d.LastError
			if d.NextAttemptAt != nil {
				p += fmt.Sprintf(" (retrying at %s)", d.NextAttemptAt.In(s.cfg.Location).Format("15:04"))
			}
			problems = append(problems, p)
		case DeliveryFailed:
			problems = append(problems, d.Channel+": "+d.LastError+" (gave up)")
		}
	}
	if len(problems) > 0 {
		r.Status = StatusFailed
		r.Result = joinMsg(r.Summary, strings.Join(problems, "; "))
	} else if r.Status == StatusFailed && r.Summary == "" {
		r.Result = "failed"
	}
	return nil
}

// JobInfo is what Settings shows about a job.
type JobInfo struct {
	Name            string     `json:"name"`
	Schedule        string     `json:"schedule"`
	DefaultSchedule string     `json:"default_schedule"`
	Enabled         bool       `json:"enabled"`
	Running         bool       `json:"running"`
	NextRun         *time.Time `json:"next_run"`
	LastRun         *Run       `json:"last_run"`
}

// Jobs lists the jobs with their schedules, last and next runs.
func (s *Scheduler) Jobs(ctx context.Context) ([]JobInfo, error) {
	now := s.cfg.Now().In(s.cfg.Location)
	out := []JobInfo{}
	for _, name := range s.names() {
		spec, enabled, err := s.schedule(ctx, name)
		if err != nil {
			return nil, err
		}
		info := JobInfo{Name: name, Schedule: spec, DefaultSchedule: s.defs[name].DefaultSchedule, Enabled: enabled}
		s.mu.Lock()
		info.Running = s.flights[name] != nil
		s.mu.Unlock()
		if sched, err := ParseSchedule(spec); err == nil && enabled {
			next := sched.Next(now)
			info.NextRun = &next
		}
		var id int64
		err = s.cfg.DB.R.GetContext(ctx, &id, `SELECT id FROM job_runs WHERE job = ? ORDER BY started_at DESC, id DESC LIMIT 1`, name)
		if err == nil {
			r, err := s.getRun(ctx, id)
			if err != nil {
				return nil, err
			}
			info.LastRun = &r
		}
		out = append(out, info)
	}
	return out, nil
}

// Runs lists a job's latest runs, newest first (at most limit, 1..100).
func (s *Scheduler) Runs(ctx context.Context, name string, limit int) ([]Run, error) {
	if _, ok := s.defs[name]; !ok {
		return nil, domain.Errorf(domain.CodeNotFound, "no job %q", name)
	}
	if limit < 1 || limit > 100 {
		return nil, domain.Errorf(domain.CodeInvalidArgument, "limit must be from 1 to 100")
	}
	runs := []Run{}
	if err := s.cfg.DB.R.SelectContext(ctx, &runs, `SELECT id, job, period, trigger, started_at, finished_at, status, message, files
		FROM job_runs WHERE job = ? ORDER BY started_at DESC, id DESC LIMIT ?`, name, limit); err != nil {
		return nil, fmt.Errorf("jobs: runs: %w", err)
	}
	for i := range runs {
		if err := s.finishRun(ctx, &runs[i]); err != nil {
			return nil, err
		}
	}
	return runs, nil
}

// SetSchedule changes a job's schedule and whether it runs; cron picks it up at once.
func (s *Scheduler) SetSchedule(ctx context.Context, name, spec string, enabled bool) error {
	if _, ok := s.defs[name]; !ok {
		return domain.Errorf(domain.CodeNotFound, "no job %q", name)
	}
	spec = strings.Join(strings.Fields(spec), " ")
	if _, err := ParseSchedule(spec); err != nil {
		return err
	}
	if err := written(ctx, s.cfg.DB, func(g *gorm.DB) error {
		return g.Clauses(clause.OnConflict{UpdateAll: true}).Create(&jobSetting{Job: name, Schedule: spec, Enabled: enabled}).Error
	}); err != nil {
		return fmt.Errorf("jobs: save schedule: %w", err)
	}
	s.mu.Lock()
	var err error
	if s.cron != nil {
		err = s.register(ctx, name)
	}
	s.mu.Unlock()
	s.changed()
	return err
}
