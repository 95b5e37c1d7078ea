package desktop

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"iescp/backend/domain"
	"iescp/backend/jobs"
	"iescp/backend/queries"
	"iescp/backend/report"
)

// The signed-in account's background jobs (backend/jobs): an influencer's daily
// reminder, a sponsor's monthly activity report. They run while the account is
// signed in, and catch up at sign-in on what was missed while the app was closed.

// Job names.
const (
	JobDailyReminder = "daily_reminder"
	JobMonthlyReport = "monthly_report"
)

// TopicJobsChanged tells the UI a job ran or changed.
const TopicJobsChanged = "jobs:changed"

// reminderHorizon: campaigns of accepted work starting or ending this soon are in
// the reminder.
const reminderHorizon = 3 * 24 * time.Hour

// Local settings keys.
const (
	settingEmail  = "delivery.email"
	settingNative = "delivery.native"
)

// Secret keys (the keyring): the SMTP password and the webhook URL (its token).
func smtpSecretKey(accountID string) string    { return "smtp:" + accountID }
func webhookSecretKey(accountID string) string { return "webhook:" + accountID }

func dailyPeriod(fire, now time.Time) string { return now.Format("2006-01-02") }

// monthlyPeriod: the month before the fire's (the 1st reports on last month).
func monthlyPeriod(fire, now time.Time) string {
	return time.Date(fire.Year(), fire.Month(), 1, 0, 0, 0, 0, fire.Location()).AddDate(0, -1, 0).Format("2006-01")
}

// startJobs makes and starts the scheduler of a new session (nil for roles
// without jobs). Notify is the native notification hook app.go sets.
func (s *Services) startJobs(sess *session) {
	var defs []jobs.Definition
	switch domain.Role(sess.info.Role) {
	case domain.RoleInfluencer:
		defs = append(defs, jobs.Definition{Name: JobDailyReminder, DefaultSchedule: "0 9 * * *", Period: dailyPeriod,
			Run: func(ctx context.Context, period string, now time.Time) (jobs.Outcome, error) {
				return s.dailyReminder(ctx, sess, now)
			}})
	case domain.RoleSponsor:
		defs = append(defs, jobs.Definition{Name: JobMonthlyReport, DefaultSchedule: "0 8 1 * *", Period: monthlyPeriod,
			Run: func(ctx context.Context, period string, now time.Time) (jobs.Outcome, error) {
				return s.monthlyReport(ctx, sess, period, now)
			}})
	}
	if len(defs) == 0 {
		return
	}
	me := sess.info.AccountID
	channels := []jobs.Channel{
		jobs.InApp{DB: sess.db, AccountID: me, Now: s.cfg.Now},
		jobs.Native{Notify: s.Notify, On: func(ctx context.Context) bool {
			on, _ := s.nativeOn(ctx, sess)
			return on
		}},
		s.webhookChannel(sess),
		s.emailChannel(sess),
	}
	logger := slog.New(slog.NewTextHandler(s.logWriter(), &slog.HandlerOptions{Level: slog.LevelInfo}))
	cfg := jobs.Config{DB: sess.db, Now: s.cfg.Now, Location: s.cfg.Location, Jobs: defs, Channels: channels, Log: logger,
		ManualTimer: s.cfg.JobsManualTimer,
		Changed: func() {
			s.emit(TopicJobsChanged, map[string]string{"account_id": me})
			s.emit(TopicDataChanged, DataChanged{AccountID: me, Source: "jobs"}) // the bell re-reads
		}}
	if s.cfg.JobRetryDelays != nil {
		cfg.RetryDelays = s.cfg.JobRetryDelays
	}
	sched := jobs.New(cfg)
	if err := sched.Start(context.Background()); err != nil {
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

// secret reads a keyring secret; "" when there is none.
func (s *Services) secret(key string) (string, error) {
	v, err := s.secrets.Get(key)
	if err != nil {
		return "", nil // none stored (or no keyring and no file): not configured
	}
	return v, nil
}

func getLocal(ctx context.Context, sess *session, key string, into any) (bool, error) {
	var v string
	err := sess.db.R.GetContext(ctx, &v, `SELECT value FROM local_settings WHERE key = ?`, key)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("settings: %w", err)
	}
	return true, json.Unmarshal([]byte(v), into)
}

func putLocal(ctx context.Context, sess *session, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = sess.db.W.ExecContext(ctx, `INSERT INTO local_settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, string(b))
	return err
}

func (s *Services) emailSettings(ctx context.Context, sess *session) (jobs.EmailSettings, error) {
	e := jobs.EmailSettings{Port: 587, Security: jobs.SecurityStartTLS}
	_, err := getLocal(ctx, sess, settingEmail, &e)
	return e, err
}

func (s *Services) nativeOn(ctx context.Context, sess *session) (bool, error) {
	on := true
	_, err := getLocal(ctx, sess, settingNative, &on)
	return on, err
}

// webhookChannel is the account's webhook channel: the address from the keyring.
func (s *Services) webhookChannel(sess *session) jobs.Webhook {
	me := sess.info.AccountID
	return jobs.Webhook{URL: func(ctx context.Context) (string, error) { return s.secret(webhookSecretKey(me)) }}
}

// emailChannel is the account's email channel: the settings from local_settings,
// the password from the keyring.
func (s *Services) emailChannel(sess *session) jobs.Email {
	me := sess.info.AccountID
	return jobs.Email{Settings: func(ctx context.Context) (jobs.EmailSettings, string, error) {
		e, err := s.emailSettings(ctx, sess)
		if err != nil || !e.Enabled {
			return e, "", err
		}
		pw, err := s.secret(smtpSecretKey(me))
		return e, pw, err
	}}
}

// dailyReminder: the requests waiting for the influencer's answer, and the
// campaigns of accepted work starting or ending within three days.
func (s *Services) dailyReminder(ctx context.Context, sess *session, now time.Time) (jobs.Outcome, error) {
	me := sess.info.AccountID
	waiting, _, err := queries.WaitingAdRequests(ctx, sess.db.R, viewer(sess), 1000)
	if err != nil {
		return jobs.Outcome{}, fmt.Errorf("reminder: %w", err)
	}
	today := now.Format("2006-01-02")
	soon := now.Add(reminderHorizon).Format("2006-01-02")
	var upcoming []struct {
		Name  string `db:"name"`
		Start string `db:"start_date"`
		End   string `db:"end_date"`
	}
	if err := sess.db.R.SelectContext(ctx, &upcoming, `SELECT c.name, c.start_date, c.end_date
		FROM campaigns c JOIN ad_requests r ON r.campaign_id = c.id
		WHERE r.influencer_id = ? AND r.status = 'accepted' AND r.deleted_at IS NULL AND c.deleted_at IS NULL
		AND ((c.start_date BETWEEN ? AND ?) OR (c.end_date BETWEEN ? AND ?))
		GROUP BY c.id ORDER BY c.start_date, c.name`, me, today, soon, today, soon); err != nil {
		return jobs.Outcome{}, fmt.Errorf("reminder: %w", err)
	}
	if len(waiting) == 0 && len(upcoming) == 0 {
		return jobs.Outcome{Summary: "nothing waits for you"}, nil
	}
	var b strings.Builder
	var parts []string
	if n := len(waiting); n > 0 {
		parts = append(parts, report.Plural(n, "ad request waits", "ad requests wait")+" for your answer")
		b.WriteString("Waiting for your answer:\n")
		for i, r := range waiting {
			if i == 10 {
				fmt.Fprintf(&b, "  … and %d more\n", n-10)
				break
			}
			fmt.Fprintf(&b, "  • %s (%s): %s\n", r.CampaignName, r.SponsorName, report.FormatMoney(r.Amount))
		}
	}
	if n := len(upcoming); n > 0 {
		parts = append(parts, report.Plural(n, "campaign starts or ends soon", "campaigns start or end soon"))
		b.WriteString("Starting or ending soon:\n")
		for _, c := range upcoming {
			if c.Start >= today {
				fmt.Fprintf(&b, "  • %s starts %s\n", c.Name, c.Start)
			} else {
				fmt.Fprintf(&b, "  • %s ends %s\n", c.Name, c.End)
			}
		}
	}
	subject := "IESCP: " + strings.Join(parts, "; ")
	return jobs.Outcome{Summary: strings.Join(parts, "; "),
		Message: &jobs.Message{Kind: "reminder", Subject: subject, Text: strings.TrimRight(b.String(), "\n"), RefTable: "ad_requests"}}, nil
}

// ReportsDir is where a account's reports go: <data dir>/reports/<account id>.
func (s *Services) ReportsDir(accountID string) string {
	return filepath.Join(s.cfg.DataDir, "reports", accountID)
}

// JobService is bound to the UI: the jobs of the signed-in account (Settings),
// and where their messages go.
type JobService struct{ s *Services }

// NewJobService makes the service over the desktop services.
func NewJobService(s *Services) *JobService { return &JobService{s: s} }

func (js *JobService) scheduler() (*session, *jobs.Scheduler, error) {
	sess, err := js.s.active()
	if err != nil {
		return nil, nil, err
	}
	return sess, sess.jobs, nil
}

// Jobs lists the account's jobs: schedule, last run and result, next run.
func (js *JobService) Jobs() ([]jobs.JobInfo, error) {
	_, sched, err := js.scheduler()
	if err != nil {
		return nil, toUI(err)
	}
	if sched == nil {
		return []jobs.JobInfo{}, nil
	}
	out, err := sched.Jobs(context.Background())
	return out, toUI(err)
}

func (js *JobService) need() (*jobs.Scheduler, error) {
	_, sched, err := js.scheduler()
	if err != nil {
		return nil, err
	}
	if sched == nil {
		return nil, domain.Errorf(domain.CodeNotFound, "this account has no background jobs")
	}
	return sched, nil
}

// Runs lists a job's latest runs (at most limit, 1..100).
func (js *JobService) Runs(name string, limit int) ([]jobs.Run, error) {
	sched, err := js.need()
	if err != nil {
		return nil, toUI(err)
	}
	out, err := sched.Runs(context.Background(), name, limit)
	return out, toUI(err)
}

// SetSchedule changes a job's schedule (a cron spec) and whether it runs.
func (js *JobService) SetSchedule(name, spec string, enabled bool) error {
	sched, err := js.need()
	if err != nil {
		return toUI(err)
	}
	return toUI(sched.SetSchedule(context.Background(), name, spec, enabled))
}

// RunNow runs a job now and returns the run. While a run of the job is in
// progress (its schedule's, the sign-in's catch-up, an earlier press), it waits
// for that run and returns it instead of running the job twice.
func (js *JobService) RunNow(name string) (jobs.Run, error) {
	sched, err := js.need()
	if err != nil {
		return jobs.Run{}, toUI(err)
	}
	r, err := sched.RunNow(context.Background(), name)
	return r, toUI(err)
}

// DeliverySettings is where job messages go, as the UI shows it: secrets only
// as "set or not".
type DeliverySettings struct {
	Native          bool               `json:"native"`
	NativeHere      bool               `json:"native_available"`
	WebhookSet      bool               `json:"webhook_set"`
	Email           jobs.EmailSettings `json:"email"`
	SMTPPasswordSet bool               `json:"smtp_password_set"`
}

// DeliveryInput changes the delivery settings. A nil secret keeps the stored one;
// "" removes it.
type DeliveryInput struct {
	Native       bool               `json:"native"`
	Email        jobs.EmailSettings `json:"email"`
	SMTPPassword *string            `json:"smtp_password,omitempty"`
	WebhookURL   *string            `json:"webhook_url,omitempty"`
}

// Delivery returns the delivery settings.
func (js *JobService) Delivery() (DeliverySettings, error) {
	sess, err := js.s.active()
	if err != nil {
		return DeliverySettings{}, toUI(err)
	}
	ctx := context.Background()
	d := DeliverySettings{NativeHere: js.s.Notify != nil}
	if d.Native, err = js.s.nativeOn(ctx, sess); err != nil {
		return d, toUI(err)
	}
	if d.Email, err = js.s.emailSettings(ctx, sess); err != nil {
		return d, toUI(err)
	}
	hook, _ := js.s.secret(webhookSecretKey(sess.info.AccountID))
	pw, _ := js.s.secret(smtpSecretKey(sess.info.AccountID))
	d.WebhookSet, d.SMTPPasswordSet = hook != "", pw != ""
	return d, nil
}

// SetDelivery validates and saves the delivery settings; secrets go to the keyring.
func (js *JobService) SetDelivery(in DeliveryInput) (DeliverySettings, error) {
	sess, err := js.s.active()
	if err != nil {
		return DeliverySettings{}, toUI(err)
	}
	e := in.Email
	e.Host, e.Username, e.From, e.To = strings.TrimSpace(e.Host), strings.TrimSpace(e.Username), strings.TrimSpace(e.From), strings.TrimSpace(e.To)
	if err := e.Check(); err != nil {
		return DeliverySettings{}, toUI(err)
	}
	if in.SMTPPassword != nil && len(*in.SMTPPassword) > 1024 {
		return DeliverySettings{}, toUI(domain.Errorf(domain.CodeInvalidArgument, "the SMTP password is too long"))
	}
	if in.WebhookURL != nil && *in.WebhookURL != "" {
		if err := jobs.CheckWebhookURL(*in.WebhookURL); err != nil {
			return DeliverySettings{}, toUI(err)
		}
	}
	ctx := context.Background()
	me := sess.info.AccountID
	if err := putLocal(ctx, sess, settingEmail, e); err != nil {
		return DeliverySettings{}, toUI(err)
	}
	if err := putLocal(ctx, sess, settingNative, in.Native); err != nil {
		return DeliverySettings{}, toUI(err)
	}
	for key, v := range map[string]*string{smtpSecretKey(me): in.SMTPPassword, webhookSecretKey(me): in.WebhookURL} {
		if v == nil {
			continue
		}
		var err error
		if *v == "" {
			err = js.s.secrets.Delete(key)
		} else {
			err = js.s.secrets.Set(key, strings.TrimSpace(*v))
		}
		if err != nil {
			return DeliverySettings{}, toUI(domain.Errorf(domain.CodeInternal, "could not store the secret: %v", err))
		}
	}
	return js.Delivery()
}

// TestDelivery sends a test message to one channel now (webhook, email or native).
func (js *JobService) TestDelivery(channel string) error {
	sess, err := js.s.active()
	if err != nil {
		return toUI(err)
	}
	ctx := context.Background()
	var ch jobs.Channel
	switch channel {
	case jobs.ChannelEmail:
		ch = js.s.emailChannel(sess)
	case jobs.ChannelWebhook:
		ch = js.s.webhookChannel(sess)
	case jobs.ChannelNative:
		ch = jobs.Native{Notify: js.s.Notify}
	default:
		return toUI(domain.Errorf(domain.CodeInvalidArgument, "unknown channel %q", channel))
	}
	if !ch.Enabled(ctx) {
		return toUI(domain.Errorf(domain.CodeInvalidArgument, "%s is not set up", channel))
	}
	if err := ch.Send(ctx, jobs.Message{Subject: "IESCP test message", Text: "If you read this, " + channel + " delivery works."}); err != nil {
		return toUI(domain.Errorf(codeUnavailable, "%v", err))
	}
	return nil
}
