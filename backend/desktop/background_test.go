package desktop

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"iescp/backend/jobs"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestAutostartPath(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_CONFIG_HOME": "/x/cfg", "HOME": "/home/u"}, "/x/cfg/autostart/iescp.desktop"},
		{map[string]string{"HOME": "/home/u"}, "/home/u/.config/autostart/iescp.desktop"},
		// A relative XDG_CONFIG_HOME is invalid per the spec: ignored.
		{map[string]string{"XDG_CONFIG_HOME": "cfg", "HOME": "/home/u"}, "/home/u/.config/autostart/iescp.desktop"},
	} {
		got, err := AutostartPath(env(c.env))
		if err != nil || got != c.want {
			t.Errorf("AutostartPath(%v) = %q, %v; want %q", c.env, got, err, c.want)
		}
	}
	if _, err := AutostartPath(env(map[string]string{"HOME": "rel"})); err == nil {
		t.Error("a relative $HOME and no $XDG_CONFIG_HOME: got nil error, want one")
	}
}

func TestAutostartEntry_ExecStartsHiddenAndQuotes(t *testing.T) {
	got := AutostartEntry([]string{"/opt/IESCP app/iescp", "--data-dir", `/home/u/my "data" 100%`})
	for _, line := range []string{
		"[Desktop Entry]",
		"Type=Application",
		"Name=IESCP",
		`Exec="/opt/IESCP app/iescp" --data-dir "/home/u/my \\"data\\" 100%%" --hidden`,
		"X-GNOME-Autostart-enabled=true",
	} {
		if !strings.Contains(got, line+"\n") {
			t.Errorf("entry lacks %q:\n%s", line, got)
		}
	}
	if !strings.HasPrefix(got, "[Desktop Entry]\n") {
		t.Errorf("entry does not start with its group:\n%s", got)
	}
	plain := AutostartEntry([]string{"/usr/bin/iescp"})
	if !strings.Contains(plain, "\nExec=/usr/bin/iescp --hidden\n") {
		t.Errorf("plain entry:\n%s", plain)
	}
	if q := execQuote(`a\b`); q != `"a\\\\b"` {
		t.Errorf("execQuote(a\\b) = %s, want four backslashes", q)
	}
}

func TestBackgroundService_StartAtLoginWritesAndRemovesTheEntry(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cfg", "autostart", AutostartFile)
	s, err := New(Config{DataDir: filepath.Join(dir, "data"), Secrets: NewSecrets(nil, dir), AutostartPath: path,
		Command: []string{"/usr/bin/iescp", "--data-dir", "/srv/d"}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown(context.Background())
	bs := NewBackgroundService(s)
	st, err := bs.Settings()
	if err != nil || st.StartAtLogin || !st.Available || st.AutostartPath != path {
		t.Fatalf("before: %+v, %v", st, err)
	}
	if st, err = bs.SetStartAtLogin(true); err != nil || !st.StartAtLogin {
		t.Fatalf("on: %+v, %v", st, err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "\nExec=/usr/bin/iescp --data-dir /srv/d --hidden\n") {
		t.Fatalf("entry:\n%s", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("entry mode %v, want 0600 (only the session reads it)", fi.Mode().Perm())
	}
	if st, err = bs.SetStartAtLogin(false); err != nil || st.StartAtLogin {
		t.Fatalf("off: %+v, %v", st, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("entry still there after off: %v", err)
	}
	if _, err := bs.SetStartAtLogin(false); err != nil {
		t.Fatalf("off twice: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 0 {
		t.Fatalf("left behind in the autostart folder: %v", entries)
	}

	none, err := New(Config{DataDir: filepath.Join(dir, "data2"), Secrets: NewSecrets(nil, dir)})
	if err != nil {
		t.Fatal(err)
	}
	defer none.Shutdown(context.Background())
	if st, _ := NewBackgroundService(none).Settings(); st.Available {
		t.Fatal("available without a path or a command")
	}
	if _, err := NewBackgroundService(none).SetStartAtLogin(true); uiCode(t, err) != codeUnavailable {
		t.Fatal("want unavailable")
	}
}

func TestCloseHides(t *testing.T) {
	for _, c := range []struct{ quit, jobs, hide bool }{
		{false, true, true},   // reminders on: hide
		{false, false, false}, // nothing runs in the background: quit
		{true, true, false},   // Quit asked for: quit
		{true, false, false},
	} {
		if got := CloseHides(c.quit, c.jobs); got != c.hide {
			t.Errorf("CloseHides(quit %v, jobs %v) = %v, want %v", c.quit, c.jobs, got, c.hide)
		}
	}
}

// Closing the window: signed out it quits; an influencer with the daily
// reminder on hides it, and is told so the first time only; with the reminder
// turned off it quits again.
func TestServices_WindowClosing(t *testing.T) {
	ts := newTestServer(t)
	ts.register("influencer", "ivan@creator.test", "Ivan")
	clk := &fakeClock{t: testEpoch}
	d := newJobDesktop(t, ts.URL, clk)
	if hide, _ := d.WindowClosing(false); hide {
		t.Fatal("signed out: hides, want quit")
	}
	if _, err := d.Session.SignIn("ivan@creator.test", testPW); err != nil {
		t.Fatal(err)
	}
	if hide, tell := d.WindowClosing(false); !hide || !tell {
		t.Fatalf("first close with the reminder on: hide %v tell %v, want both", hide, tell)
	}
	if hide, tell := d.WindowClosing(false); !hide || tell {
		t.Fatalf("second close: hide %v tell %v, want hide only", hide, tell)
	}
	if hide, _ := d.WindowClosing(true); hide {
		t.Fatal("Quit asked for: hides")
	}
	if err := NewJobService(d.Services).SetSchedule(JobDailyReminder, "0 8 * * *", false); err != nil {
		t.Fatal(err)
	}
	if hide, _ := d.WindowClosing(false); hide {
		t.Fatal("no job on: hides, want quit")
	}
	if st, _ := NewBackgroundService(d.Services).Settings(); st.HideOnClose {
		t.Fatal("settings say hide on close with no job on")
	}
}

// The account signed in when the app stopped is resumed at the next start,
// with its jobs running, and the UI is told; after a sign-out nothing is.
func TestServices_StartupResumesTheLastSession(t *testing.T) {
	ts := newTestServer(t)
	ts.register("influencer", "ivan@creator.test", "Ivan")
	dir := t.TempDir()
	open := func() (*Services, *recorder) {
		s, err := New(Config{DataDir: dir, ServerURL: ts.URL, Secrets: NewSecrets(nil, dir), SyncPoll: time.Hour,
			Now: testNow, JobsManualTimer: true, Log: &lockedBuffer{}})
		if err != nil {
			t.Fatal(err)
		}
		rec := &recorder{}
		s.Emit = rec.emit
		return s, rec
	}
	first, _ := open()
	if _, err := first.Session.SignIn("ivan@creator.test", testPW); err != nil {
		t.Fatal(err)
	}
	if err := first.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}

	again, rec := open()
	if err := again.Startup(context.Background()); err != nil {
		t.Fatal(err)
	}
	cur, _ := again.Session.Current()
	if cur == nil || cur.Email != "ivan@creator.test" {
		t.Fatalf("after a restart: current %+v, want ivan resumed", cur)
	}
	if !again.JobsOn(context.Background()) {
		t.Fatal("resumed without its jobs")
	}
	changed := rec.all(TopicSessionChanged)
	if len(changed) != 1 || changed[0].(SessionInfo).Email != "ivan@creator.test" {
		t.Fatalf("session:changed events %v, want ivan's once", changed)
	}
	waitFor(t, "the resumed engine online", func() bool {
		st, _ := again.Sync.Status()
		return st.State == "online"
	})
	if err := again.Session.SignOut(); err != nil {
		t.Fatal(err)
	}
	if err := again.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}

	third, rec3 := open()
	defer third.Shutdown(context.Background())
	if err := third.Startup(context.Background()); err != nil {
		t.Fatal(err)
	}
	if cur, _ := third.Session.Current(); cur != nil {
		t.Fatalf("resumed after a sign-out: %+v", cur)
	}
	if n := rec3.count(TopicSessionChanged); n != 0 {
		t.Fatalf("%d session:changed events with nothing to resume", n)
	}
}

// The bug of issue 15: --sign-in with a first download slower than the window's
// start. While the download runs the UI asking Current gets nothing and Starting
// names the account; when Go is done, session:changed carries the session, and
// Current has it.
func TestServices_StartupSignInTellsTheUIWhenDone(t *testing.T) {
	ts := newTestServer(t)
	ts.register("influencer", "ivan@creator.test", "Ivan")
	gate, entered := make(chan struct{}), make(chan struct{}, 1)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/sync/v1/pull" {
			select {
			case entered <- struct{}{}:
			default:
			}
			<-gate
		}
		ts.srv.Handler().ServeHTTP(w, r)
	}))
	defer slow.Close()
	dir := t.TempDir()
	s, err := New(Config{DataDir: dir, ServerURL: slow.URL, Secrets: NewSecrets(nil, dir), SyncPoll: time.Hour,
		Now: testNow, SignInEmail: "ivan@creator.test", SignInPassword: testPW, Log: &lockedBuffer{}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown(context.Background())
	rec := &recorder{}
	s.Emit = rec.emit
	done := make(chan error, 1)
	go func() { done <- s.Startup(context.Background()) }()
	<-entered // the first download has begun and waits
	if cur, _ := s.Session.Current(); cur != nil {
		t.Fatalf("current during the first download: %+v", cur)
	}
	if who, _ := s.Session.Starting(); who != "ivan@creator.test" {
		t.Fatalf("Starting() = %q during the download, want ivan", who)
	}
	if n := rec.count(TopicSessionChanged); n != 0 {
		t.Fatal("session:changed before the sign-in finished")
	}
	close(gate)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	changed := rec.all(TopicSessionChanged)
	if len(changed) != 1 || changed[0].(SessionInfo).Email != "ivan@creator.test" {
		t.Fatalf("session:changed events %v, want ivan's once", changed)
	}
	if cur, _ := s.Session.Current(); cur == nil || cur.Email != "ivan@creator.test" {
		t.Fatalf("current after: %+v", cur)
	}
	if who, _ := s.Session.Starting(); who != "" {
		t.Fatalf("Starting() = %q after, want empty", who)
	}
}

func TestParseDeepLink(t *testing.T) {
	for link, want := range map[string]string{
		"iescp://ad-requests/01HXYZ":           "/ad-requests/01HXYZ",
		"iescp://settings":                     "/settings",
		"iescp://ad-requests?id=abc":           "/ad-requests?id=abc",
		"iescp:///campaigns/c_1/":              "/campaigns/c_1",
		"iescp://find-influencers?saved=s-1&x": "/find-influencers?saved=s-1&x",
	} {
		if got, err := ParseDeepLink(link); err != nil || got != want {
			t.Errorf("ParseDeepLink(%q) = %q, %v; want %q", link, got, err, want)
		}
	}
	for _, bad := range []string{"", "iescp://", "http://x/y", "iescp://../etc", "iescp://a//b", "iescp://a b",
		"iescp://x?<script>", "iescp://" + strings.Repeat("a", 201)} {
		if got, err := ParseDeepLink(bad); err == nil {
			t.Errorf("ParseDeepLink(%q) = %q, want an error", bad, got)
		}
	}
}

func TestOpenFromNotification(t *testing.T) {
	item, ok := OpenFromNotification(NotificationData("ad_requests", "r1"))
	if !ok || item != (OpenItem{RefTable: "ad_requests", RefID: "r1"}) {
		t.Fatalf("round trip: %+v %v", item, ok)
	}
	if NotificationData("accounts", "a1") != nil {
		t.Fatal("data for a table the UI cannot open")
	}
	for _, data := range []map[string]any{nil, {"ref_table": "accounts", "ref_id": "x"}, {"ref_table": "campaigns", "ref_id": "../x/y"},
		{"ref_table": "campaigns", "ref_id": 7}} {
		if item, ok := OpenFromNotification(data); ok {
			t.Errorf("OpenFromNotification(%v) = %+v, want nothing", data, item)
		}
	}
}

// The window test's hook: the clock moves to the next scheduled run and the job
// fires there, by its schedule, without waiting.
func TestServices_FireNextJob(t *testing.T) {
	ts := newTestServer(t)
	ts.register("influencer", "ivan@creator.test", "Ivan")
	clk := &fakeClock{t: time.Date(2026, 11, 15, 7, 0, 0, 0, time.UTC)}
	d := newJobDesktop(t, ts.URL, clk)
	if _, err := d.FireNextJob(context.Background(), clk.Set); err == nil {
		t.Fatal("signed out: got nil error")
	}
	if _, err := d.Session.SignIn("ivan@creator.test", testPW); err != nil {
		t.Fatal(err)
	}
	d.caughtUp(t)
	run, err := d.FireNextJob(context.Background(), clk.Set)
	if err != nil {
		t.Fatal(err)
	}
	// The daily reminder's default is 09:00; today's ran at sign-in (catch-up), so
	// the next that runs is tomorrow's.
	want := time.Date(2026, 11, 16, 9, 0, 0, 0, time.UTC)
	if !clk.Now().Equal(want) || run.Job != JobDailyReminder || run.Trigger != jobs.TriggerSchedule {
		t.Fatalf("clock %v, run %+v; want the daily reminder fired by its schedule at %v", clk.Now(), run, want)
	}
}

func TestProgressOf(t *testing.T) {
	if p := progressOf(3133, 3120, true); p.Rows != 3120 || p.Total != 3120 || !p.Initial {
		t.Fatalf("over the total: %+v", p)
	}
	if p := progressOf(500, 0, true); p.Rows != 500 || p.Total != 0 {
		t.Fatalf("no total: %+v", p)
	}
}

// What the window is brought back to show waits until the UI takes it, once:
// a window started hidden may load its page after the event.
func TestBackgroundService_TakeOpen(t *testing.T) {
	s, rec := newTestDesktop(t, "", "")
	bs := NewBackgroundService(s)
	if got, _ := bs.TakeOpen(); len(got) != 0 {
		t.Fatalf("nothing opened yet: %v", got)
	}
	s.Open(OpenItem{Route: "/settings"})
	s.Open(OpenItem{RefTable: "campaigns", RefID: "c1"})
	if n := rec.count(TopicAppOpen); n != 2 {
		t.Fatalf("%d app:open events, want 2", n)
	}
	got, _ := bs.TakeOpen()
	if len(got) != 2 || got[0].Route != "/settings" || got[1].RefID != "c1" {
		t.Fatalf("took %v", got)
	}
	if again, _ := bs.TakeOpen(); len(again) != 0 {
		t.Fatalf("taken twice: %v", again)
	}
}
