package desktop

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/jobs"
	"iescp/backend/jobs/smtptest"
	"iescp/backend/mutate"
	"iescp/backend/queries"
)

// fakeClock is a settable clock for a desktop.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// jobDesktop is a desktop with a fake clock in UTC (the jobs' schedules never fire
// on the wall clock: the tests fire and retry by hand), fast delivery retries, its
// log captured, and native notifications and opened files recorded.
type jobDesktop struct {
	*Services
	rec    *recorder
	log    *lockedBuffer
	mu     sync.Mutex
	native []string
	opened []string
}

func newJobDesktop(t *testing.T, serverURL string, clk *fakeClock) *jobDesktop {
	t.Helper()
	dir := t.TempDir()
	d := &jobDesktop{log: &lockedBuffer{}}
	s, err := New(Config{DataDir: dir, ServerURL: serverURL, Secrets: NewSecrets(nil, dir), SyncPoll: time.Hour,
		Now: clk.Now, Location: time.UTC, JobRetryDelays: []time.Duration{time.Millisecond}, JobsManualTimer: true, Log: d.log})
	if err != nil {
		t.Fatal(err)
	}
	d.Services, d.rec = s, &recorder{}
	s.Emit = d.rec.emit
	s.Notify = func(title, body string) error {
		d.mu.Lock()
		d.native = append(d.native, title)
		d.mu.Unlock()
		return nil
	}
	s.OpenFile = func(path string) error {
		d.mu.Lock()
		d.opened = append(d.opened, path)
		d.mu.Unlock()
		return nil
	}
	t.Cleanup(func() { s.Shutdown(context.Background()) })
	return d
}

func (d *jobDesktop) nativeCount() int { d.mu.Lock(); defer d.mu.Unlock(); return len(d.native) }

// caughtUp waits until the signed-in account's scheduler has ended its start-up
// catch-up (and first retries): everything a sign-in delivers has been delivered.
func (d *jobDesktop) caughtUp(t *testing.T) {
	t.Helper()
	sess, err := d.active()
	if err != nil || sess.jobs == nil {
		t.Fatalf("no scheduler: %v", err)
	}
	timer := time.NewTimer(30 * time.Second)
	defer timer.Stop()
	select {
	case <-sess.jobs.CaughtUp():
	case <-timer.C:
		t.Fatal("timed out waiting for the sign-in's catch-up")
	}
}

// bellItems is the bell's list: kinds and params (reminders), titles (reports).
func bellItems(t *testing.T, s *Services) []queries.NotificationItem {
	t.Helper()
	l, err := NewNotificationService(s).List(50)
	if err != nil {
		t.Fatal(err)
	}
	return l.Items
}

// reminders are the bell's daily reminders' params.
func reminders(t *testing.T, s *Services) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, n := range bellItems(t, s) {
		if n.Kind == jobs.KindReminder {
			out = append(out, n.Params)
		}
	}
	return out
}

func lastJobRun(t *testing.T, s *Services, name string) *jobs.Run {
	t.Helper()
	list, err := NewJobService(s).Jobs()
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range list {
		if j.Name == name {
			return j.LastRun
		}
	}
	t.Fatalf("no job %s in %+v", name, list)
	return nil
}

// webhookSink is an incoming-webhook endpoint that records texts and answers status.
type webhookSink struct {
	*httptest.Server
	mu     sync.Mutex
	texts  []string
	status int
}

func newWebhookSink(t *testing.T) *webhookSink {
	w := &webhookSink{status: http.StatusOK}
	w.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		var body map[string]string
		_ = json.NewDecoder(r.Body).Decode(&body)
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.status == http.StatusOK {
			w.texts = append(w.texts, body["text"])
		}
		rw.WriteHeader(w.status)
	}))
	t.Cleanup(w.Close)
	return w
}

func (w *webhookSink) got() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.texts...)
}
func (w *webhookSink) setStatus(s int) {
	w.mu.Lock()
	w.status = s
	w.mu.Unlock()
}

func smtpSettings(t *testing.T, srv *smtptest.Server) jobs.EmailSettings {
	host, port, _ := net.SplitHostPort(srv.Addr)
	p, _ := strconv.Atoi(port)
	return jobs.EmailSettings{Enabled: true, Host: host, Port: p, Security: jobs.SecurityNone, Username: "ivan",
		From: "IESCP <noreply@iescp.test>", To: "ivan@creator.test"}
}

// The influencer's daily reminder, end to end: caught up at sign-in after a day
// with the app closed, delivered to the bell, the native notification, the
// webhook and email; once per day; a webhook outage fails the run with its reason,
// loses nothing and is retried; no secret reaches a log or a database file.
func TestDailyReminder_CatchUpDeliveryAndFailure(t *testing.T) {
	n := newNegotiation(t)
	if _, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 150_000, Requirements: "Two reels", Message: "Hi Ivan"}); err != nil {
		t.Fatal(err)
	}
	drained(t, n.sponsor, "the request to upload")

	clk := &fakeClock{t: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)}
	d := newJobDesktop(t, n.ts.URL, clk)
	if _, err := d.Session.SignIn("ivan@creator.test", testPW); err != nil {
		t.Fatal(err)
	}
	// Signing in catches up on today's 09:00 reminder: the bell has it.
	d.caughtUp(t)
	if got := reminders(t, d.Services); len(got) != 1 || !reflect.DeepEqual(got[0], map[string]any{"waiting": float64(1), "soon": float64(0), "due": float64(0), "metrics": float64(0)}) {
		t.Fatalf("the caught-up reminder is not in the bell as its kind and counts: %v", got)
	}
	r := lastJobRun(t, d.Services, JobDailyReminder)
	if r.Trigger != jobs.TriggerCatchUp || r.Status != jobs.StatusOK || r.Period != clk.Now().Format("2006-01-02") {
		t.Fatalf("first run: %+v", r)
	}
	if d.nativeCount() != 1 {
		t.Fatalf("native notifications: %d", d.nativeCount())
	}

	// Set up the webhook and email (secrets into the keyring, here its file).
	hook := newWebhookSink(t)
	smtp := smtptest.Start(t, "ivan", "smtp-secret-PW1")
	js := NewJobService(d.Services)
	pw, url := "smtp-secret-PW1", hook.URL+"/v1/spaces/X/messages?key=KEY&token=HOOK-TOKEN-42"
	ds, err := js.SetDelivery(jobs.DeliveryInput{Email: smtpSettings(t, smtp), SMTPPassword: &pw, WebhookURL: &url})
	if err != nil || !ds.WebhookSet || !ds.SMTPPasswordSet || !ds.Email.Enabled || !ds.NativeHere {
		t.Fatalf("set delivery: %+v, %v", ds, err)
	}
	bad := "ftp://nope"
	if _, err := js.SetDelivery(jobs.DeliveryInput{WebhookURL: &bad}); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("bad webhook: %v", err)
	}
	if err := js.TestDelivery(jobs.ChannelWebhook); err != nil || len(hook.got()) != 1 {
		t.Fatalf("test webhook: %v, %v", err, hook.got())
	}

	// The app is closed the next day at 09:00; it is opened at 10:00.
	if err := d.Session.SignOut(); err != nil {
		t.Fatal(err)
	}
	clk.Set(clk.Now().AddDate(0, 0, 1))
	if _, err := d.Session.SignIn("ivan@creator.test", testPW); err != nil {
		t.Fatal(err)
	}
	d.caughtUp(t)
	if len(hook.got()) != 2 || len(smtp.Messages()) != 1 {
		t.Fatalf("the second day's reminder: %d webhook posts (want 2), %d emails (want 1)", len(hook.got()), len(smtp.Messages()))
	}
	if text := hook.got()[1]; !strings.Contains(text, "*IESCP: 1 ad request waits for your answer*") || !strings.Contains(text, "Phone launch") ||
		!strings.Contains(text, "$1,500") {
		t.Fatalf("webhook text: %q", text)
	}
	if m := string(smtp.Messages()[0]); !strings.Contains(m, "Subject: IESCP: 1 ad request waits for your answer") || !strings.Contains(m, "Phone launch") {
		t.Fatalf("email: %s", m)
	}
	second := lastJobRun(t, d.Services, JobDailyReminder)
	if second.Status != jobs.StatusOK || len(second.Deliveries) != 4 || second.Period != "2026-11-22" {
		t.Fatalf("the second day's run: %+v", second)
	}

	// Opened again the same day: the sign-in's catch-up ends without a second
	// reminder.
	if err := d.Session.SignOut(); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Session.SignIn("ivan@creator.test", testPW); err != nil {
		t.Fatal(err)
	}
	d.caughtUp(t)
	if len(hook.got()) != 2 || len(smtp.Messages()) != 1 || lastJobRun(t, d.Services, JobDailyReminder).ID != second.ID {
		t.Fatalf("a second reminder the same day: %d webhook, %d email, last run %+v", len(hook.got()), len(smtp.Messages()),
			lastJobRun(t, d.Services, JobDailyReminder))
	}

	// The webhook fails: Run now shows the run failed with the reason; the bell
	// and email still got it; a later retry goes through.
	hook.setStatus(http.StatusInternalServerError)
	bellBefore := len(bellItems(t, d.Services))
	run, err := js.RunNow(JobDailyReminder)
	if err != nil {
		t.Fatal(err)
	}
	if run.Status != jobs.StatusFailed || !strings.Contains(run.Result, "webhook: webhook answered 500 Internal Server Error (retrying at") {
		t.Fatalf("failed run: %+v", run)
	}
	if len(bellItems(t, d.Services)) != bellBefore+1 || len(smtp.Messages()) != 2 {
		t.Fatalf("the other channels lost it: bell %d→%d, email %d", bellBefore, len(bellItems(t, d.Services)), len(smtp.Messages()))
	}
	hook.setStatus(http.StatusOK)
	clk.Set(clk.Now().Add(6 * time.Minute))
	sess, _ := d.active()
	sess.jobs.RetryDue(context.Background())
	if r := lastJobRun(t, d.Services, JobDailyReminder); r.Status != jobs.StatusOK || len(hook.got()) != 3 {
		t.Fatalf("after the retry: %+v, %d posts", r, len(hook.got()))
	}

	// Schedules are validated and editable.
	if err := js.SetSchedule(JobDailyReminder, "* * * * *", true); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("too often: %v", err)
	}
	if err := js.SetSchedule(JobDailyReminder, "30 18 * * *", true); err != nil {
		t.Fatal(err)
	}
	list, _ := js.Jobs()
	if list[0].Schedule != "30 18 * * *" || list[0].NextRun == nil || list[0].NextRun.Hour() != 18 {
		t.Fatalf("jobs: %+v", list[0])
	}

	// No secret in the log or in any database file.
	for _, secret := range []string{"smtp-secret-PW1", "HOOK-TOKEN-42"} {
		if strings.Contains(d.log.String(), secret) {
			t.Fatalf("the log holds %q", secret)
		}
		err := filepath.Walk(d.cfg.DataDir, func(p string, info os.FileInfo, err error) error {
			if err == nil && !info.IsDir() && strings.Contains(filepath.Base(p), ".db") {
				b, _ := os.ReadFile(p)
				if bytes.Contains(b, []byte(secret)) {
					t.Errorf("%s holds %q", p, secret)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// The sponsor's reports and exports: a report for any month on demand, saved as
// HTML and PDF, listed, shown, opened and emailed with the PDF attached; the
// monthly job makes one too; a CSV export runs in the background with progress.
func TestReportsAndExports(t *testing.T) {
	n := newNegotiation(t)
	reqID, err := n.sAds.Send(mutate.AdRequestSend{CampaignID: n.campaign, InfluencerID: n.inflID, Amount: 150_000, Requirements: "Two reels"})
	if err != nil {
		t.Fatal(err)
	}
	_ = reqID
	drained(t, n.sponsor, "the request to upload")

	// November 20th: October's report (due November 1st, 08:00) was never made
	// on this desktop, so signing in catches up on it.
	clk := &fakeClock{t: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)}
	d := newJobDesktop(t, n.ts.URL, clk)
	if _, err := d.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatal(err)
	}
	// Run now pressed at once: the catch-up may be running, about to run, or done;
	// whichever, no error, and October's report.
	run, err := NewJobService(d.Services).RunNow(JobMonthlyReport)
	if err != nil || run.Status != jobs.StatusOK || run.Period != "2026-10" || len(run.Files) != 2 {
		t.Fatalf("Run now during the sign-in's catch-up: %+v, %v", run, err)
	}
	d.caughtUp(t)
	if r := lastJobRun(t, d.Services, JobMonthlyReport); r.Status != jobs.StatusOK || r.Period != "2026-10" {
		t.Fatalf("after the catch-up: %+v", r)
	}
	rs := NewReportService(d.Services)
	month := "2026-11"
	smtp := smtptest.Start(t, "ivan", "pw-2")
	pw := "pw-2"
	es := smtpSettings(t, smtp)
	es.To = "maya@brand.test"
	if _, err := NewJobService(d.Services).SetDelivery(jobs.DeliveryInput{Email: es, SMTPPassword: &pw}); err != nil {
		t.Fatal(err)
	}
	f, err := rs.Generate(month, true)
	if err != nil {
		t.Fatal(err)
	}
	if f.Month != month || f.PDFSize == 0 || filepath.Dir(f.PDFPath) != d.ReportsDir(n.sponsorID(t)) {
		t.Fatalf("report: %+v", f)
	}
	list, err := rs.Reports()
	found := false
	for _, x := range list {
		found = found || x.PDFPath == f.PDFPath && x.HTMLPath == f.HTMLPath
	}
	if err != nil || !found {
		t.Fatalf("reports: %+v, %v", list, err)
	}
	html, err := rs.HTML(f.HTMLPath)
	if err != nil || !strings.Contains(html, "Phone launch") || !strings.Contains(html, "<svg") {
		t.Fatalf("html: %v %.200s", err, html)
	}
	if _, err := rs.HTML("/etc/passwd"); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("reading outside the reports: %v", err)
	}
	if err := rs.Open(f.PDFPath); err != nil || len(d.opened) != 1 || d.opened[0] != f.PDFPath {
		t.Fatalf("open: %v %v", err, d.opened)
	}
	if _, err := rs.Generate("2026-13", false); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("bad month: %v", err)
	}
	emailed := 0
	for _, m := range smtp.Messages() {
		if bytes.Contains(m, []byte(filepath.Base(f.PDFPath))) {
			emailed++
		}
	}
	if emailed != 1 {
		t.Fatalf("emailed this month's report %d times", emailed)
	}
	if path, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command(path, "-layout", f.PDFPath, "-").Output()
		if err != nil || !strings.Contains(string(out), "Phone launch") {
			t.Fatalf("pdftotext: %v\n%s", err, out)
		}
	} else if os.Getenv("CI") != "" {
		t.Fatal("pdftotext is missing (poppler-utils)")
	}

	if len(smtp.Messages()) != 1 {
		t.Fatalf("%d emails before email was set up, want only this month's report", len(smtp.Messages()))
	}

	// The monthly job run now: last month's report, with its files on the run,
	// emailed with its PDF attached.
	run, err = NewJobService(d.Services).RunNow(JobMonthlyReport)
	if err != nil || run.Trigger != jobs.TriggerManual || run.Status != jobs.StatusOK || run.Period != "2026-10" || len(run.Files) != 2 ||
		!strings.HasSuffix(run.Files[1], ".pdf") {
		t.Fatalf("monthly run: %+v, %v", run, err)
	}
	if msgs := smtp.Messages(); len(msgs) != 2 || !bytes.Contains(msgs[1], []byte(filepath.Base(run.Files[1]))) {
		t.Fatalf("the monthly run's email: %d messages", len(msgs))
	}

	// CSV export in the background, with progress and a done event.
	kinds, _ := rs.ExportKinds()
	if strings.Join(kinds, ",") != "sponsor_campaigns,sponsor_ad_requests" {
		t.Fatalf("kinds: %v", kinds)
	}
	out := filepath.Join(t.TempDir(), "campaigns.csv")
	started, err := rs.ExportTo("sponsor_campaigns", out)
	if err != nil || started.ID == "" {
		t.Fatalf("export: %+v, %v", started, err)
	}
	waitFor(t, "export:done", func() bool { return d.rec.count(TopicExportDone) == 1 })
	done := d.rec.all(TopicExportDone)[0].(ExportDone)
	if done.Error != "" || done.Rows != 1 || done.Path != out || d.rec.count(TopicExportProgress) == 0 {
		t.Fatalf("done: %+v, %d progress", done, d.rec.count(TopicExportProgress))
	}
	fh, _ := os.Open(out)
	rows, err := csv.NewReader(fh).ReadAll()
	fh.Close()
	if err != nil || len(rows) != 2 || rows[1][1] != "Phone launch" {
		t.Fatalf("csv: %v %v", rows, err)
	}
	if _, err := rs.ExportTo("admin_accounts", out); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("admin export as sponsor: %v", err)
	}
	for _, p := range []string{"relative.csv", filepath.Join(t.TempDir(), "x.txt"), "/no/such/dir/x.csv"} {
		if _, err := rs.ExportTo("sponsor_campaigns", p); uiCode(t, err) != domain.CodeInvalidArgument {
			t.Fatalf("export to %q: %v", p, err)
		}
	}
	if _, err := rs.ExportTo("everything", out); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("unknown kind: %v", err)
	}
	// The influencer has no reports.
	if _, err := NewReportService(n.infl).Reports(); uiCode(t, err) != domain.CodeForbidden {
		t.Fatalf("influencer reports: %v", err)
	}
}

func (n *negotiation) sponsorID(t *testing.T) string {
	t.Helper()
	cur, err := n.sponsor.Session.Current()
	if err != nil || cur == nil {
		t.Fatal(err)
	}
	return cur.AccountID
}
