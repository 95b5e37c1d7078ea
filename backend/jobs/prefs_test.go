package jobs

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/jobs/smtptest"
)

// The matrix: defaults on, a change turns one cell, and every bad cell is a
// typed invalid_argument that changes nothing.
func TestPrefs_AllowsAndValidation(t *testing.T) {
	p := DefaultPrefs()
	for _, ch := range AllChannels {
		if !p.Allows(KindReminder, ch) || !p.Allows(KindReport, ch) {
			t.Fatalf("a job's event is off on %s by default", ch)
		}
	}
	if !p.Allows("ad_request.received", ChannelInApp) || p.Allows("ad_request.received", ChannelEmail) || p.Allows("ad_request.received", ChannelNative) {
		t.Fatal("a synced event reaches the bell only by default")
	}
	if !p.Allows("org.something_new", ChannelInApp) || !p.Allows("", ChannelEmail) {
		t.Fatal("a kind the matrix does not know is never held back")
	}
	if len(p.Hidden(ChannelInApp)) != 0 {
		t.Fatalf("hidden by default: %v", p.Hidden(ChannelInApp))
	}
	p2, err := p.Apply([]PrefChange{{Event: "ad_request.message", Channel: ChannelInApp, On: false},
		{Event: KindReminder, Channel: ChannelEmail, On: false}, {Event: KindReport, Channel: ChannelWebhook, On: false},
		{Event: KindReport, Channel: ChannelWebhook, On: true}, {Event: "ad_request.counter", Channel: ChannelNative, On: true}})
	if err != nil {
		t.Fatal(err)
	}
	if p2.Allows("ad_request.message", ChannelInApp) || p2.Allows(KindReminder, ChannelEmail) || !p2.Allows(KindReminder, ChannelWebhook) ||
		!p2.Allows(KindReport, ChannelWebhook) || !p.Allows("ad_request.message", ChannelInApp) || !p2.Allows("ad_request.counter", ChannelNative) {
		t.Fatalf("after changes: %+v (the original %+v)", p2, p)
	}
	if h := p2.Hidden(ChannelInApp); !slices.Equal(h, []string{"ad_request.message"}) {
		t.Fatalf("hidden: %v", h)
	}
	// Only the choices are kept: a cell set back to its default is forgotten.
	if len(p2.Set) != 3 || p2.Set[KindReport] != nil {
		t.Fatalf("stored: %+v", p2.Set)
	}
	for _, bad := range []PrefChange{
		{Event: "ad_request.nope", Channel: ChannelInApp},
		{Event: "", Channel: ChannelInApp},
		{Event: KindReminder, Channel: "pigeon"},
		{Event: KindReminder, Channel: ""},
	} {
		got, err := p2.Apply([]PrefChange{{Event: KindReport, Channel: ChannelEmail}, bad})
		if domain.ErrorCode(err) != domain.CodeInvalidArgument || !got.Allows(KindReport, ChannelEmail) {
			t.Errorf("%+v: %v (prefs %+v)", bad, err, got)
		}
	}
	if _, err := p.Apply(make([]PrefChange, maxPrefChanges+1)); domain.ErrorCode(err) != domain.CodeInvalidArgument {
		t.Errorf("too many changes: %v", err)
	}
	// A stored cell that is no longer one (an event since removed) is dropped on read.
	stale := Prefs{Set: map[string]map[string]bool{"gone.kind": {ChannelInApp: false},
		KindReminder: {"pigeon": false, ChannelNative: false, ChannelEmail: true}}}.clean()
	if len(stale.Set) != 1 || len(stale.Set[KindReminder]) != 1 || stale.Set[KindReminder][ChannelNative] {
		t.Fatalf("clean: %+v", stale)
	}
	v := p2.View([]ChannelState{{ChannelInApp, true}})
	msg := v.Groups[3].Events[0]
	if len(v.Groups) != len(EventGroups) || v.Groups[3].ID != GroupMessages || msg.On[ChannelInApp] || !msg.Defaults[ChannelInApp] ||
		msg.Defaults[ChannelEmail] || len(msg.On) != 4 || v.Groups[4].Events[0].On[ChannelEmail] || !v.Groups[4].Events[0].On[ChannelNative] {
		t.Fatalf("view: %+v", v)
	}
}

// Every kind the mutators write is an event of the matrix, so none of them
// escapes the preferences (and none is listed twice).
func TestPrefs_EveryMutatorKindIsAnEvent(t *testing.T) {
	files, err := filepath.Glob("../mutate/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("mutate sources: %v", err)
	}
	// notify(c, to, "kind", …), w.notify(c, to, "kind", …), kind := "kind".
	re := regexp.MustCompile(`notify\(c, [^,]+, "([a-z_]+\.[a-z_]+)"|kind :?= "([a-z_]+\.[a-z_]+)"`)
	var kinds []string
	for _, f := range files {
		if filepath.Ext(f) != ".go" || regexp.MustCompile(`_test\.go$`).MatchString(f) {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			kinds = append(kinds, m[1]+m[2])
		}
	}
	// admin.setFlag writes <target>.<verb>.
	kinds = append(kinds, "account.flagged", "account.unflagged", "campaign.flagged", "campaign.unflagged")
	if len(kinds) < 20 {
		t.Fatalf("found only %d kinds: %v", len(kinds), kinds)
	}
	for _, k := range kinds {
		if eventGroup[k] == "" {
			t.Errorf("the mutators write %q, which no group of the matrix holds", k)
		}
	}
	seen := map[string]bool{}
	for _, g := range EventGroups {
		for _, k := range g.Events {
			if seen[k] {
				t.Errorf("%s is in two groups", k)
			}
			seen[k] = true
		}
	}
}

// An account's first read migrates its switches: desktop notifications off
// means the desktop off for every event; email set up and switched off means
// email off for every event; the result is stored, so a later switch does not
// move it.
func TestPrefs_MigratedFromSwitches(t *testing.T) {
	ctx := context.Background()
	fresh := Account{DB: newFixture(t).db, AccountID: "new", Secrets: memSecrets{}}
	p, err := fresh.Prefs(ctx)
	if err != nil || len(p.Set) != 0 {
		t.Fatalf("an account without switches: %+v, %v", p, err)
	}

	f := newFixture(t)
	a := Account{DB: f.db, AccountID: "me", Secrets: memSecrets{}}
	if err := putLocal(ctx, f.db, settingNative, false); err != nil {
		t.Fatal(err)
	}
	off := EmailSettings{Enabled: false, Host: "smtp.x.test", Port: 587, Security: SecurityStartTLS, From: "a@x.test", To: "b@x.test"}
	if err := putLocal(ctx, f.db, settingEmail, off); err != nil {
		t.Fatal(err)
	}
	p, err = a.Prefs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{KindReminder, KindReport} {
		if p.Allows(k, ChannelNative) || p.Allows(k, ChannelEmail) || !p.Allows(k, ChannelWebhook) || !p.Allows(k, ChannelInApp) {
			t.Fatalf("%s after migration: %+v", k, p)
		}
	}
	if !p.Allows("ad_request.received", ChannelInApp) {
		t.Fatal("the bell lost an event in the migration")
	}
	// Email switched back on afterwards: the migrated matrix stays as it was.
	on := off
	on.Enabled = true
	if err := a.Save(ctx, DeliveryInput{Email: on}); err != nil {
		t.Fatal(err)
	}
	if p, err = a.Prefs(ctx); err != nil || p.Allows(KindReminder, ChannelEmail) || p.Allows(KindReport, ChannelNative) {
		t.Fatalf("after the switch: %+v, %v", p, err)
	}
	// Email saved but never set up (no host) is not "turned off": email stays on.
	g := newFixture(t)
	b := Account{DB: g.db, AccountID: "me", Secrets: memSecrets{}}
	if err := b.Save(ctx, DeliveryInput{Email: EmailSettings{Port: 587, Security: SecurityStartTLS}}); err != nil {
		t.Fatal(err)
	}
	if p, err = b.Prefs(ctx); err != nil || !p.Allows(KindReminder, ChannelEmail) || !p.Allows(KindReminder, ChannelNative) {
		t.Fatalf("never set up: %+v, %v", p, err)
	}
	// Set, then reset to the defaults (the migrated switches do not come back).
	if _, err := a.SetPrefs(ctx, []PrefChange{{Event: "pigeon.post", Channel: ChannelInApp}}); domain.ErrorCode(err) != domain.CodeInvalidArgument {
		t.Fatalf("unknown event: %v", err)
	}
	if _, err := a.SetPrefs(ctx, []PrefChange{{Event: KindReport, Channel: ChannelInApp, On: false}}); err != nil {
		t.Fatal(err)
	}
	if p, _ = a.Prefs(ctx); p.Allows(KindReport, ChannelInApp) || p.Allows(KindReport, ChannelNative) {
		t.Fatalf("after SetPrefs: %+v", p)
	}
	if _, err := a.ResetPrefs(ctx); err != nil {
		t.Fatal(err)
	}
	if p, _ = a.Prefs(ctx); len(p.Set) != 0 {
		t.Fatalf("after reset: %+v", p)
	}
}

// Every delivery path skips a kind turned off for it: the bell's local
// notification, the desktop notification, the webhook (a real HTTP server) and
// email (a real SMTP server); the other kind still goes everywhere; a retry
// of a delivery whose kind was turned off since gives up and says why.
func TestDelivery_SkipsKindsTurnedOff(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	smtp := smtptest.Start(t, "", "")
	host, port, _ := net.SplitHostPort(smtp.Addr)
	var mu sync.Mutex
	var posts, natives []string
	hookUp := true
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]string
		_ = json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		defer mu.Unlock()
		if !hookUp {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		posts = append(posts, body["text"])
	}))
	defer hook.Close()
	hookURL := hook.URL + "/hook"
	a := Account{DB: f.db, AccountID: "me", Secrets: memSecrets{}, Now: f.clk.now,
		Notify: func(title, body string) error { mu.Lock(); natives = append(natives, title); mu.Unlock(); return nil }}
	if err := a.Save(ctx, DeliveryInput{WebhookURL: &hookURL, Email: EmailSettings{Enabled: true, Host: host, Port: mustAtoi(t, port),
		Security: SecurityNone, From: "a@x.test", To: "b@x.test"}}); err != nil {
		t.Fatal(err)
	}
	kind := KindReminder
	job := Definition{Name: "j", DefaultSchedule: "0 9 * * *", Period: dailyPeriod,
		Run: func(ctx context.Context, p string, now time.Time) (Outcome, error) {
			return Outcome{Summary: "s", Message: &Message{Kind: kind, Params: map[string]any{"n": 1}, Subject: kind, Text: "t"}}, nil
		}}
	s := New(Config{DB: f.db, Now: f.clk.now, Location: time.UTC, Jobs: []Definition{job}, Channels: a.Channels(), Prefs: a.Prefs,
		RetryDelays: []time.Duration{}, Backoff: time.Minute, MaxAttempts: 5, ManualTimer: true})
	bell := func() int {
		var n int
		if err := f.db.R.Get(&n, `SELECT COUNT(*) FROM local_notifications WHERE account_id = 'me' AND kind = ?`, kind); err != nil {
			t.Fatal(err)
		}
		return n
	}
	counts := func() [4]int {
		mu.Lock()
		defer mu.Unlock()
		return [4]int{bell(), len(natives), len(posts), len(smtp.Messages())}
	}
	run := func() {
		t.Helper()
		if _, err := s.RunNow(ctx, "j"); err != nil {
			t.Fatal(err)
		}
	}
	run()
	if got := counts(); got != [4]int{1, 1, 1, 1} {
		t.Fatalf("everything on: bell, native, webhook, email = %v", got)
	}
	for i, ch := range AllChannels {
		if _, err := a.SetPrefs(ctx, []PrefChange{{Event: KindReminder, Channel: ch, On: false}}); err != nil {
			t.Fatal(err)
		}
		before := counts()
		run()
		after := counts()
		for j := range after {
			want := before[j] + 1
			if j <= i {
				want = before[j] // turned off so far
			}
			if after[j] != want {
				t.Fatalf("%s off: bell, native, webhook, email went %v → %v", ch, before, after)
			}
		}
	}
	// The report is another event: still everywhere.
	kind = KindReport
	run()
	if got := counts(); got != [4]int{1, 3, 4, 5} { // the bell counts reports now
		t.Fatalf("the report: bell, native, webhook, email = %v", got)
	}
	// A webhook delivery left pending, then its kind turned off: the retry gives up, saying why.
	mu.Lock()
	hookUp = false
	mu.Unlock()
	run()
	if _, err := a.SetPrefs(ctx, []PrefChange{{Event: KindReport, Channel: ChannelWebhook, On: false}}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	hookUp = true
	mu.Unlock()
	f.clk.add(time.Hour)
	s.RetryDue(ctx)
	var last Delivery
	if err := f.db.R.Get(&last, `SELECT channel, status, attempts, last_error, next_attempt_at, sent_at FROM job_deliveries
		WHERE channel = 'webhook' ORDER BY id DESC LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	if last.Status != DeliveryFailed || last.LastError != "webhook answered 503 Service Unavailable (turned off for this event)" {
		t.Fatalf("the retry: %+v", last)
	}
	if got := counts(); got[2] != 4 {
		t.Fatalf("the webhook got the turned-off report: %v", got)
	}
}
