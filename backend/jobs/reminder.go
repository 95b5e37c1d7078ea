package jobs

import (
	"context"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/queries"
	"iescp/backend/report"
)

// Job names.
const (
	JobDailyReminder = "daily_reminder"
	JobMonthlyReport = "monthly_report"
)

// KindReminder is the in-app notification kind of the daily reminder. An
// influencer's params are waiting (requests waiting for their answer), soon
// (campaigns of accepted work starting or ending within three days), due
// (deliverables to draft due within two days or overdue) and metrics (post
// metrics checkpoints due); a sponsor's are drafts and proofs (waiting for its
// review).
const KindReminder = "reminder"

// reminderListMax: the reminder lists at most this many items of each kind.
const reminderListMax = 10

// DailyPeriod: a daily job runs once per local day.
func DailyPeriod(fire, now time.Time) string { return now.Format("2006-01-02") }

// MonthlyPeriod: the month before the fire's (the 1st reports on last month).
func MonthlyPeriod(fire, now time.Time) string {
	return time.Date(fire.Year(), fire.Month(), 1, 0, 0, 0, 0, fire.Location()).AddDate(0, -1, 0).Format("2006-01")
}

// DailyReminder is the daily job of an influencer or a sponsor: what waits for
// them, read from their replica (queries.DailyReminder) and composed by
// ComposeReminder.
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

// section adds one kind of item to a reminder: its count to the summary, its
// heading and at most reminderListMax lines to the text.
func section(parts, lines *[]string, countID, headingID string, items []string) {
	n := len(items)
	if n == 0 {
		return
	}
	*parts = append(*parts, TN(countID, n, nil))
	*lines = append(*lines, T(headingID, nil))
	for i, it := range items {
		if i == reminderListMax {
			*lines = append(*lines, TN("reminder.more", n-reminderListMax, nil))
			break
		}
		*lines = append(*lines, it)
	}
}

// work renders a deliverable of a reminder with the catalog's message id.
func work(id string, w queries.WorkItem) string {
	return T(id, map[string]any{"campaign": w.CampaignName, "seq": w.Seq, "platform": w.Platform,
		"content_type": w.ContentType, "party": w.Party, "date": w.Date})
}

// ComposeReminder turns what waits into the reminder: nothing to deliver when
// nothing waits; otherwise a message whose kind and counts go to the bell and
// whose text, from the catalog, lists the items for email, the webhook and the
// desktop notification.
func ComposeReminder(r queries.Reminder) Outcome {
	if r.Empty() {
		return Outcome{Summary: T("reminder.nothing", nil)}
	}
	var parts, lines, items []string
	for _, w := range r.Waiting {
		items = append(items, T("reminder.waitingItem", map[string]any{"campaign": w.CampaignName, "party": w.SponsorName,
			"amount": report.FormatMoney(w.Amount)}))
	}
	section(&parts, &lines, "reminder.waiting", "reminder.waitingHeading", items)
	items = nil
	for _, c := range r.Upcoming {
		if c.StartDate >= r.Today {
			items = append(items, T("reminder.starts", map[string]any{"campaign": c.Name, "date": c.StartDate}))
		} else {
			items = append(items, T("reminder.ends", map[string]any{"campaign": c.Name, "date": c.EndDate}))
		}
	}
	section(&parts, &lines, "reminder.soon", "reminder.soonHeading", items)
	items = nil
	for _, w := range r.DueSoon {
		if w.Date < r.Today {
			items = append(items, work("reminder.overdueItem", w))
		} else {
			items = append(items, work("reminder.dueItem", w))
		}
	}
	section(&parts, &lines, "reminder.due", "reminder.dueHeading", items)
	items = nil
	for _, m := range r.Metrics {
		items = append(items, T("reminder.metricsItem", map[string]any{"campaign": m.CampaignName, "seq": m.Seq,
			"platform": m.Platform, "content_type": m.ContentType, "checkpoint": string(m.Checkpoint)}))
	}
	section(&parts, &lines, "reminder.metrics", "reminder.metricsHeading", items)
	items = nil
	for _, w := range r.Drafts {
		items = append(items, work("reminder.draftItem", w))
	}
	section(&parts, &lines, "reminder.drafts", "reminder.draftsHeading", items)
	items = nil
	for _, w := range r.Proofs {
		items = append(items, work("reminder.proofItem", w))
	}
	section(&parts, &lines, "reminder.proofs", "reminder.proofsHeading", items)

	params := map[string]any{"waiting": len(r.Waiting), "soon": len(r.Upcoming), "due": len(r.DueSoon), "metrics": len(r.Metrics)}
	if r.Role == domain.RoleSponsor {
		params = map[string]any{"drafts": len(r.Drafts), "proofs": len(r.Proofs)}
	}
	summary := strings.Join(parts, "; ")
	return Outcome{Summary: summary, Message: &Message{
		Kind:     KindReminder,
		Params:   params,
		Subject:  T("reminder.subject", map[string]any{"summary": summary}),
		Text:     strings.Join(lines, "\n"),
		RefTable: "ad_requests",
	}}
}

// TestMessage is what Test sends on a channel.
func TestMessage(channel string) Message {
	return Message{Subject: T("test.subject", nil), Text: T("test.body", map[string]any{"channel": channel})}
}
