package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/queries"
)

// The catalog says "1 request" and "3 requests", and every message in it renders
// with no field left empty.
func TestCatalog_PluralsAndEveryMessage(t *testing.T) {
	for _, c := range []struct {
		id   string
		n    int
		want string
	}{
		{"reminder.waiting", 1, "1 ad request waits for your answer"},
		{"reminder.waiting", 3, "3 ad requests wait for your answer"},
		{"reminder.soon", 1, "1 campaign starts or ends soon"},
		{"reminder.soon", 2, "2 campaigns start or end soon"},
		{"reminder.more", 2, "  … and 2 more"},
		{"reminder.due", 1, "1 deliverable is due soon"},
		{"reminder.metrics", 1, "1 set of post metrics is due"},
		{"reminder.metrics", 4, "4 sets of post metrics are due"},
		{"reminder.drafts", 2, "2 drafts wait for your review"},
		{"reminder.proofs", 1, "1 proof of post waits for you"},
	} {
		if got := TN(c.id, c.n, nil); got != c.want {
			t.Errorf("%s(%d) = %q, want %q", c.id, c.n, got, c.want)
		}
	}
	b, err := messageFiles.ReadFile("messages/en.json")
	if err != nil {
		t.Fatal(err)
	}
	var msgs map[string]any
	if err := json.Unmarshal(b, &msgs); err != nil {
		t.Fatal(err)
	}
	data := map[string]any{"summary": "s", "campaign": "c", "party": "p", "amount": "$1", "date": "d", "channel": "ch",
		"month": "October 2026", "committed": "$2", "completed": "$3", "seq": 1, "platform": "youtube", "content_type": "short",
		"checkpoint": "7d", "excerpt": "e", "rating": 5, "comment": "co", "reason": "r", "views": 1, "reach": 2, "days": 5,
		"fee": "$4", "outcome": "o", "released": "$5", "refunded": "$6", "note": "n", "member": "m", "company": "co"}
	for id := range msgs {
		got := TN(id, 2, data)
		if got == id || got == "" || strings.Contains(got, "<no value>") {
			t.Errorf("message %s renders as %q", id, got)
		}
	}
	if got := T("no.such.message", nil); got != "no.such.message" {
		t.Errorf("a missing message renders as %q, want its id", got)
	}
}

func TestComposeReminder(t *testing.T) {
	if out := ComposeReminder(queries.Reminder{Today: "2026-11-21"}); out.Message != nil || out.Summary != "nothing waits for you" {
		t.Fatalf("nothing waits: %+v", out)
	}
	r := queries.Reminder{Today: "2026-11-21", Upcoming: []queries.SoonCampaign{
		{Name: "Winter sale", StartDate: "2026-11-22", EndDate: "2026-12-31"},
		{Name: "Autumn", StartDate: "2026-10-01", EndDate: "2026-11-23"},
	}}
	for i := range 12 {
		r.Waiting = append(r.Waiting, queries.WaitingRequest{ID: fmt.Sprint(i), CampaignName: fmt.Sprintf("Campaign %02d", i),
			SponsorName: "Acme", Amount: 150_000})
	}
	out := ComposeReminder(r)
	m := out.Message
	if m == nil || m.Kind != KindReminder || !reflect.DeepEqual(m.Params, map[string]any{"waiting": 12, "soon": 2, "due": 0, "metrics": 0}) || m.RefTable != "ad_requests" {
		t.Fatalf("message: %+v", m)
	}
	if want := "12 ad requests wait for your answer; 2 campaigns start or end soon"; out.Summary != want || m.Subject != "IESCP: "+want {
		t.Fatalf("summary %q, subject %q", out.Summary, m.Subject)
	}
	for _, want := range []string{"Waiting for your answer:\n  • Campaign 00 (Acme): $1,500\n", "  • Campaign 09 (Acme): $1,500\n  … and 2 more\n",
		"Starting or ending soon:\n  • Winter sale starts 2026-11-22\n  • Autumn ends 2026-11-23"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("the text lacks %q:\n%s", want, m.Text)
		}
	}
	if strings.Contains(m.Text, "Campaign 10") {
		t.Errorf("the text lists more than 10 requests:\n%s", m.Text)
	}
	one := ComposeReminder(queries.Reminder{Today: "2026-11-21", Waiting: r.Waiting[:1]})
	if one.Message.Subject != "IESCP: 1 ad request waits for your answer" || strings.Contains(one.Message.Text, "Starting") {
		t.Fatalf("one request: %+v", one.Message)
	}
}

// The bell's channel stores a job's kind and params (a report's message, which
// has none, as its title and text); marking read touches only the account's own
// local notifications and hands back the rest for the mutator.
func TestLocalNotifications(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := f.clk.now()
	in := InApp{DB: f.db, AccountID: "me", Now: f.clk.now}
	if err := in.Send(ctx, Message{Kind: KindReminder, Params: map[string]any{"waiting": 2, "soon": 0}, Subject: "IESCP: 2", Text: "list"}); err != nil {
		t.Fatal(err)
	}
	if err := in.Send(ctx, Message{Kind: "report", Subject: "Your October report", Text: "ready", RefTable: "reports", RefID: "oct"}); err != nil {
		t.Fatal(err)
	}
	if err := AddLocalNotification(ctx, f.db, "other", Message{Subject: "theirs"}, now); err != nil {
		t.Fatal(err)
	}
	var rows []LocalNotification
	if err := f.db.Gorm.Order("kind").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("rows: %+v", rows)
	}
	job, rem, rep := rows[0], rows[1], rows[2]
	if rem.Kind != KindReminder || rem.Params != `{"soon":0,"waiting":2}` || rem.Title != "" || rem.Body != "" || !rem.CreatedAt.Equal(now) {
		t.Fatalf("reminder row: %+v", rem)
	}
	if rep.Params != "{}" || rep.Title != "Your October report" || rep.Body != "ready" || rep.RefID != "oct" {
		t.Fatalf("report row: %+v", rep)
	}
	if job.Kind != "job" || job.AccountID != "other" {
		t.Fatalf("kindless row: %+v", job)
	}
	rest, err := MarkLocalRead(ctx, f.db, "me", []string{rem.ID, job.ID, "synced-1"}, now)
	if err != nil || !reflect.DeepEqual(rest, []string{job.ID, "synced-1"}) {
		t.Fatalf("mark read: rest %v, %v", rest, err)
	}
	unread := func(account string) int64 {
		var n int64
		if err := f.db.Gorm.Model(&LocalNotification{}).Where("account_id = ? AND read_at IS NULL", account).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	if unread("me") != 1 || unread("other") != 1 {
		t.Fatalf("unread after marking one: me %d, other %d", unread("me"), unread("other"))
	}
	if err := MarkAllLocalRead(ctx, f.db, "me", now); err != nil || unread("me") != 0 || unread("other") != 1 {
		t.Fatalf("after marking all: me %d, other %d, %v", unread("me"), unread("other"), err)
	}
}

// memSecrets is a secret store in memory.
type memSecrets map[string]string

func (m memSecrets) Get(k string) (string, error) {
	if v, ok := m[k]; ok {
		return v, nil
	}
	return "", errors.New("not found")
}
func (m memSecrets) Set(k, v string) error { m[k] = v; return nil }
func (m memSecrets) Delete(k string) error { delete(m, k); return nil }

// Delivery settings: validated, stored as local settings, secrets only in the
// secret store; a nil secret keeps it, "" removes it.
func TestAccount_DeliverySettings(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sec := memSecrets{}
	a := Account{DB: f.db, AccountID: "me", Secrets: sec, Now: f.clk.now}
	d, err := a.Settings(ctx)
	if err != nil || d.NativeHere || d.WebhookSet || d.Email.Port != 587 || d.Email.Security != SecurityStartTLS {
		t.Fatalf("defaults: %+v, %v", d, err)
	}
	bad := "ftp://x"
	if err := a.Save(ctx, DeliveryInput{WebhookURL: &bad}); domain.ErrorCode(err) != domain.CodeInvalidArgument {
		t.Fatalf("bad webhook: %v", err)
	}
	if err := a.Save(ctx, DeliveryInput{Email: EmailSettings{Enabled: true, Host: "smtp.x.test", Port: 0, Security: SecurityTLS,
		From: "a@x.test", To: "b@x.test"}}); domain.ErrorCode(err) != domain.CodeInvalidArgument {
		t.Fatalf("bad port: %v", err)
	}
	pw, hook := "PW-secret-1", "https://chat.example/hook?token=T0K3N"
	email := EmailSettings{Enabled: true, Host: " smtp.x.test ", Port: 465, Security: SecurityTLS, From: "a@x.test", To: "b@x.test"}
	if err := a.Save(ctx, DeliveryInput{Email: email, SMTPPassword: &pw, WebhookURL: &hook}); err != nil {
		t.Fatal(err)
	}
	d, err = a.Settings(ctx)
	if err != nil || !d.WebhookSet || !d.SMTPPasswordSet || d.Email.Host != "smtp.x.test" || d.Email.Port != 465 {
		t.Fatalf("saved: %+v, %v", d, err)
	}
	var values []string
	if err := f.db.Gorm.Model(&localSetting{}).Pluck("value", &values).Error; err != nil {
		t.Fatal(err)
	}
	if all := strings.Join(values, "|"); strings.Contains(all, pw) || strings.Contains(all, "T0K3N") || !strings.Contains(all, "smtp.x.test") {
		t.Fatalf("local settings: %s", all)
	}
	if a.Native().Enabled(ctx) || !a.Webhook().Enabled(ctx) || !a.EmailChannel().Enabled(ctx) {
		t.Fatal("channels do not follow the settings")
	}
	empty := ""
	if err := a.Save(ctx, DeliveryInput{Email: email, WebhookURL: &empty}); err != nil {
		t.Fatal(err)
	}
	if d, _ = a.Settings(ctx); d.WebhookSet || !d.SMTPPasswordSet {
		t.Fatalf("after removing the webhook: %+v", d)
	}
	if err := a.Test(ctx, ChannelWebhook); domain.ErrorCode(err) != domain.CodeInvalidArgument {
		t.Fatalf("test of a channel not set up: %v", err)
	}
	if err := a.Test(ctx, "pigeon"); domain.ErrorCode(err) != domain.CodeInvalidArgument {
		t.Fatalf("test of an unknown channel: %v", err)
	}
}

// The monthly report's message: kind + params in-app, the catalog's words by
// email, with one campaign said in the singular.
func TestReportMessage(t *testing.T) {
	f := ReportFacts{MonthLabel: "October 2026", Campaigns: 1, Committed: 150000, Completed: 1999,
		HTML: "<p>r</p>", FileName: "iescp-report-2026-10", PDFPath: "/r/iescp-report-2026-10.pdf"}
	m := ReportMessage(f)
	if m.Kind != KindReport || m.Params["campaigns"] != 1 || m.Params["committed"] != int64(150000) || m.Params["month"] != "October 2026" {
		t.Fatalf("in-app notice: %+v", m)
	}
	if want := "Your activity report for October 2026 is ready: 1 campaign, $1,500 committed, $19.99 completed. The PDF is attached."; m.Text != want {
		t.Fatalf("text %q, want %q", m.Text, want)
	}
	if m.Subject != "IESCP: your October 2026 activity report" || len(m.Attachments) != 1 || m.RefID != f.FileName {
		t.Fatalf("email: %+v", m)
	}
	if got := ReportSummary(ReportFacts{MonthLabel: "May 2026", Campaigns: 3, Committed: 100}); got != "May 2026 report: 3 campaigns, $1 committed" {
		t.Fatalf("summary %q", got)
	}
}

// The reminder of deliverables and metrics: an influencer's work due soon (and
// overdue, said so) and post metrics due; a sponsor's drafts and proofs, with the
// bell's counts per role.
func TestComposeReminder_DeliverablesAndMetrics(t *testing.T) {
	item := func(seq int, date string) queries.WorkItem {
		return queries.WorkItem{ID: fmt.Sprint(seq), Seq: seq, Platform: "instagram", ContentType: "reel",
			CampaignName: "Winter sale", Party: "Acme", Date: date}
	}
	infl := queries.Reminder{Today: "2026-11-21", Role: domain.RoleInfluencer,
		DueSoon: []queries.WorkItem{item(2, "2026-11-20"), item(1, "2026-11-23")},
		Metrics: []queries.DueMetrics{{Seq: 3, Platform: "youtube", ContentType: "short", CampaignName: "Autumn", Checkpoint: domain.Checkpoint7d}}}
	out := ComposeReminder(infl)
	m := out.Message
	if m == nil || !reflect.DeepEqual(m.Params, map[string]any{"waiting": 0, "soon": 0, "due": 2, "metrics": 1}) {
		t.Fatalf("influencer's message: %+v", m)
	}
	if want := "2 deliverables are due soon; 1 set of post metrics is due"; out.Summary != want {
		t.Fatalf("summary %q, want %q", out.Summary, want)
	}
	for _, want := range []string{"Deliverables due soon:\n  • Winter sale #2 (instagram reel) was due 2026-11-20\n  • Winter sale #1 (instagram reel) is due 2026-11-23",
		"Post metrics to report:\n  • Autumn #3 (youtube short): the 7d figures"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("the text lacks %q:\n%s", want, m.Text)
		}
	}
	sp := queries.Reminder{Today: "2026-11-21", Role: domain.RoleSponsor, Drafts: []queries.WorkItem{item(1, "2026-11-30")},
		Proofs: []queries.WorkItem{item(4, "2026-11-25"), item(5, "2026-11-26")}}
	out = ComposeReminder(sp)
	m = out.Message
	if m == nil || !reflect.DeepEqual(m.Params, map[string]any{"drafts": 1, "proofs": 2}) {
		t.Fatalf("sponsor's message: %+v", m)
	}
	if want := "1 draft waits for your review; 2 proofs of post wait for you"; out.Summary != want {
		t.Fatalf("summary %q, want %q", out.Summary, want)
	}
	for _, want := range []string{"Drafts waiting for your review:\n  • Winter sale #1 (instagram reel) by Acme",
		"Proofs of post waiting for you:\n  • Winter sale #4 (instagram reel) by Acme: accepted automatically after 2026-11-25"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("the text lacks %q:\n%s", want, m.Text)
		}
	}
	if ComposeReminder(queries.Reminder{Today: "2026-11-21", Role: domain.RoleSponsor}).Message != nil {
		t.Fatal("a sponsor with nothing waiting got a message")
	}
}
