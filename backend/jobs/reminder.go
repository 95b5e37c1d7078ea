package jobs

import (
	"context"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/queries"
	"iescp/backend/report"
)

// Job names.
const (
	JobDailyReminder = "daily_reminder"
	JobMonthlyReport = "monthly_report"
)

// KindReminder is the in-app notification kind of the daily reminder; its params
// are waiting (requests waiting for the influencer's answer) and soon (campaigns
// of accepted work starting or ending within three days).
const KindReminder = "reminder"

// reminderListMax: the reminder lists at most this many waiting requests.
const reminderListMax = 10

// DailyPeriod: a daily job runs once per local day.
func DailyPeriod(fire, now time.Time) string { return now.Format("2006-01-02") }

// MonthlyPeriod: the month before the fire's (the 1st reports on last month).
func MonthlyPeriod(fire, now time.Time) string {
	return time.Date(fire.Year(), fire.Month(), 1, 0, 0, 0, 0, fire.Location()).AddDate(0, -1, 0).Format("2006-01")
}

// DailyReminder is an influencer's daily job: what waits for them, read from
// their replica (queries.DailyReminder) and composed by ComposeReminder.
func DailyReminder(db sqlx.QueryerContext, v queries.Viewer) Definition {
	return Definition{Name: JobDailyReminder, DefaultSchedule: "0 9 * * *", Period: DailyPeriod,
		Run: func(ctx context.Context, period string, now time.Time) (Outcome, error) {
			r, err := queries.DailyReminder(ctx, db, v, now)
			if err != nil {
				return Outcome{}, err
			}
			return ComposeReminder(r), nil
		}}
}

// ComposeReminder turns what waits into the reminder: nothing to deliver when
// nothing waits; otherwise a message whose kind and counts go to the bell and
// whose text, from the catalog, lists the requests and campaigns for email, the
// webhook and the desktop notification.
func ComposeReminder(r queries.Reminder) Outcome {
	if r.Empty() {
		return Outcome{Summary: T("reminder.nothing", nil)}
	}
	var parts, lines []string
	if n := len(r.Waiting); n > 0 {
		parts = append(parts, TN("reminder.waiting", n, nil))
		lines = append(lines, T("reminder.waitingHeading", nil))
		for i, w := range r.Waiting {
			if i == reminderListMax {
				lines = append(lines, TN("reminder.more", n-reminderListMax, nil))
				break
			}
			lines = append(lines, T("reminder.waitingItem", map[string]any{"campaign": w.CampaignName, "party": w.SponsorName,
				"amount": report.FormatMoney(w.Amount)}))
		}
	}
	if n := len(r.Upcoming); n > 0 {
		parts = append(parts, TN("reminder.soon", n, nil))
		lines = append(lines, T("reminder.soonHeading", nil))
		for _, c := range r.Upcoming {
			if c.StartDate >= r.Today {
				lines = append(lines, T("reminder.starts", map[string]any{"campaign": c.Name, "date": c.StartDate}))
			} else {
				lines = append(lines, T("reminder.ends", map[string]any{"campaign": c.Name, "date": c.EndDate}))
			}
		}
	}
	summary := strings.Join(parts, "; ")
	return Outcome{Summary: summary, Message: &Message{
		Kind:     KindReminder,
		Params:   map[string]any{"waiting": len(r.Waiting), "soon": len(r.Upcoming)},
		Subject:  T("reminder.subject", map[string]any{"summary": summary}),
		Text:     strings.Join(lines, "\n"),
		RefTable: "ad_requests",
	}}
}

// TestMessage is what Test sends on a channel.
func TestMessage(channel string) Message {
	return Message{Subject: T("test.subject", nil), Text: T("test.body", map[string]any{"channel": channel})}
}
