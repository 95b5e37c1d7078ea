package desktop

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/queries"
	"iescp/sync/client"
	"iescp/sync/protocol"
	"iescp/sync/server"
)

const testPW = "a long enough password"

// testEpoch is the instant test servers and desktops start their clocks at: the
// middle of a month, so a test that reads "this month" or "in 5 days" means the
// same thing on any real date, at any machine load (the clock runs at real speed
// from there; a test would need two weeks to reach the month's end).
var testEpoch = time.Date(2026, 11, 15, 12, 0, 0, 0, time.UTC)

// testStart is when the package's tests started, on the real monotonic clock.
var testStart = time.Now()

// testNow is the clock of the test servers and desktops.
func testNow() time.Time { return testEpoch.Add(time.Since(testStart)) }

// testServer is a real sync server (httptest) over a temp-dir SQLite database.
type testServer struct {
	t    *testing.T
	srv  *server.Server
	http *httptest.Server
	URL  string
	log  *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	log := &lockedBuffer{}
	srv, err := server.New(server.Config{DBPath: filepath.Join(t.TempDir(), "server.db"), Now: testNow,
		Logger: slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{t: t, srv: srv, http: httptest.NewServer(srv.Handler()), log: log}
	ts.URL = ts.http.URL
	t.Cleanup(ts.stop)
	return ts
}

// stop makes the server unreachable (connection refused from now on).
func (ts *testServer) stop() {
	if ts.http == nil {
		return
	}
	// No new connections, then end the event streams (whose handlers httptest
	// would otherwise wait for), then drop the rest.
	ts.http.Listener.Close()
	ts.srv.Close()
	ts.http.CloseClientConnections()
	ts.http.Close()
	ts.http = nil
}

// streams is how many event streams (desktops online) the server holds.
func (ts *testServer) streams() int {
	resp, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "iescp_sync_event_streams "); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return 0
}

func (ts *testServer) register(role, email, name string) protocol.User {
	ts.t.Helper()
	req := protocol.RegisterRequest{Role: role, Email: email, Password: testPW, Name: name}
	if role == "sponsor" {
		req.Profile.CompanyName = name + " Inc"
	} else {
		req.Profile.Category, req.Profile.Niche = "Tech", "Phones"
	}
	u, err := client.Register(context.Background(), ts.URL, req)
	if err != nil {
		ts.t.Fatalf("register %s: %v", email, err)
	}
	return u
}

// recorder keeps the events a Services instance emitted.
type recorder struct {
	mu     sync.Mutex
	events []event
}

type event struct {
	topic string
	data  any
}

func (r *recorder) emit(topic string, data any) {
	r.mu.Lock()
	r.events = append(r.events, event{topic, data})
	r.mu.Unlock()
	emitted.ring()
}

// emitted rings whenever any test desktop emits an event (data changed, sync
// status, jobs, exports): what waitFor waits on.
var emitted bell

// bell wakes every listener at its next ring.
type bell struct {
	mu sync.Mutex
	ch chan struct{}
}

func (b *bell) ring() {
	b.mu.Lock()
	if b.ch != nil {
		close(b.ch)
		b.ch = nil
	}
	b.mu.Unlock()
}

func (b *bell) listen() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ch == nil {
		b.ch = make(chan struct{})
	}
	return b.ch
}

func (r *recorder) count(topic string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, e := range r.events {
		if e.topic == topic {
			n++
		}
	}
	return n
}

func (r *recorder) all(topic string) []any {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []any
	for _, e := range r.events {
		if e.topic == topic {
			out = append(out, e.data)
		}
	}
	return out
}

// newTestDesktop is one desktop: its own data dir, file-only secrets, events recorded.
func newTestDesktop(t *testing.T, serverURL string, dataDir string) (*Services, *recorder) {
	t.Helper()
	if dataDir == "" {
		dataDir = t.TempDir()
	}
	s, err := New(Config{DataDir: dataDir, ServerURL: serverURL, Secrets: NewSecrets(nil, dataDir), SyncPoll: time.Hour,
		Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	s.Emit = rec.emit
	t.Cleanup(func() { s.Shutdown(context.Background()) })
	return s, rec
}

// uiCode decodes the code of an error returned by a bound method.
func uiCode(t *testing.T, err error) domain.Code {
	t.Helper()
	if err == nil {
		t.Fatal("got nil error, want one")
	}
	var d domain.Error
	if jerr := json.Unmarshal([]byte(err.Error()), &d); jerr != nil {
		t.Fatalf("error %q is not the UI's JSON: %v", err, jerr)
	}
	return d.Code
}

// waitFor waits until cond holds, re-checking it after every event a test
// desktop emits. Some conditions change without one (the server's stream count,
// a webhook received), so it also re-checks every 50 ms: a re-check, not a
// pause that lets things settle; the outcome only depends on cond becoming true
// within the (generous, for a busy machine) deadline.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(30 * time.Second)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		wake := emitted.listen() // before the check: an event during it still wakes us
		if cond() {
			return
		}
		select {
		case <-wake:
		case <-tick.C:
		case <-deadline.C:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func createCampaign(t *testing.T, s *Services, name string) string {
	t.Helper()
	id := domain.NewID()
	args, _ := json.Marshal(map[string]any{"id": id, "name": name, "start_date": "2026-12-01", "end_date": "2026-12-31",
		"budget": 500000, "visibility": "private"})
	if _, err := s.Mutate(context.Background(), "campaign.create", args); err != nil {
		t.Fatalf("campaign.create: %v", err)
	}
	s.NotifyLocalChange()
	return id
}

func campaignNames(t *testing.T, s *Services) []string {
	t.Helper()
	page, err := s.Campaigns.List(queries.CampaignQuery{Sort: "name"})
	if err != nil {
		t.Fatalf("list campaigns: %v", err)
	}
	var out []string
	for _, c := range page.Items {
		out = append(out, c.Name)
	}
	return out
}

func TestSessionService_SignInOnlineDownloadsOnANewDesktop(t *testing.T) {
	ts := newTestServer(t)
	ts.register("sponsor", "maya@brand.test", "Maya")

	// Desktop A creates two campaigns and pushes them.
	a, _ := newTestDesktop(t, ts.URL, "")
	info, err := a.Session.SignIn("maya@brand.test", testPW)
	if err != nil {
		t.Fatalf("sign in on A: %v", err)
	}
	if info.Role != "sponsor" || info.Approval != "pending" || info.Offline {
		t.Fatalf("got %+v, want an online pending sponsor", info)
	}
	createCampaign(t, a, "Winter launch")
	createCampaign(t, a, "Spring teaser")
	waitFor(t, "A's outbox to drain", func() bool {
		st, _ := a.Sync.Status()
		return st.Pending == 0 && st.State == client.StateOnline
	})

	// Desktop B has never seen the account: signing in downloads it before returning.
	b, rec := newTestDesktop(t, ts.URL, "")
	info, err = b.Session.SignIn("maya@brand.test", testPW)
	if err != nil {
		t.Fatalf("sign in on B: %v", err)
	}
	if info.Name != "Maya" || info.Approval != "pending" {
		t.Fatalf("got %+v, want Maya, pending", info)
	}
	if got, want := strings.Join(campaignNames(t, b), ","), "Spring teaser,Winter launch"; got != want {
		t.Fatalf("got campaigns %q on B, want %q", got, want)
	}
	known, err := b.Session.KnownAccounts()
	if err != nil || len(known) != 1 || known[0].Email != "maya@brand.test" {
		t.Fatalf("got known accounts %+v (%v), want maya", known, err)
	}
	var serverURL string
	if err := b.dir.R.Get(&serverURL, `SELECT server_url FROM known_accounts`); err != nil || serverURL != ts.URL {
		t.Fatalf("got server_url %q (%v), want %q", serverURL, err, ts.URL)
	}
	if rec.count(TopicDataChanged) == 0 {
		t.Fatal("got no data:changed after the first download")
	}
	waitFor(t, "B online", func() bool {
		st, _ := b.Sync.Status()
		return st.State == client.StateOnline && st.LastSynced != nil
	})
}

func TestSessionService_SignInOfflineAfterTheServerStops(t *testing.T) {
	ts := newTestServer(t)
	ts.register("influencer", "ivan@creator.test", "Ivan")
	s, rec := newTestDesktop(t, ts.URL, "")
	if _, err := s.Session.SignIn("ivan@creator.test", testPW); err != nil {
		t.Fatalf("online sign in: %v", err)
	}
	if err := s.Session.SignOut(); err != nil {
		t.Fatal(err)
	}
	ts.stop()
	seen := len(rec.all(TopicSyncStatus))

	info, err := s.Session.SignIn("ivan@creator.test", testPW)
	if err != nil {
		t.Fatalf("offline sign in: %v", err)
	}
	if !info.Offline || info.Role != "influencer" || info.Name != "Ivan" {
		t.Fatalf("got %+v, want Ivan signed in offline", info)
	}
	cur, err := s.Session.Current()
	if err != nil || cur == nil || !cur.Offline {
		t.Fatalf("got current %+v (%v), want the offline session", cur, err)
	}
	waitFor(t, "an offline status", func() bool {
		st, _ := s.Sync.Status()
		return st.State == client.StateOffline && st.LastError != ""
	})
	for _, d := range rec.all(TopicSyncStatus)[seen:] {
		if st := d.(client.Status); st.State == client.StateSignedOut {
			t.Fatalf("got a signed_out status while merely offline: %+v", st)
		}
	}

	// Offline, a wrong password is still refused, and an unknown account cannot sign in.
	s.Session.SignOut()
	if _, err := s.Session.SignIn("ivan@creator.test", "not the password"); uiCode(t, err) != domain.CodeUnauthenticated {
		t.Fatalf("got %v, want unauthenticated", err)
	}
	if _, err := s.Session.SignIn("nobody@creator.test", testPW); uiCode(t, err) != codeUnavailable {
		t.Fatalf("got %v, want unavailable", err)
	}
}

func TestSessionService_SignInWrongPassword(t *testing.T) {
	ts := newTestServer(t)
	ts.register("influencer", "ivan@creator.test", "Ivan")
	s, _ := newTestDesktop(t, ts.URL, "")
	for _, tc := range []struct{ email, pw string }{
		{"ivan@creator.test", "wrong password!"},
		{"nobody@creator.test", testPW},
	} {
		_, err := s.Session.SignIn(tc.email, tc.pw)
		if got := uiCode(t, err); got != domain.CodeUnauthenticated {
			t.Fatalf("%s: got code %s (%v), want unauthenticated", tc.email, got, err)
		}
	}
	if cur, _ := s.Session.Current(); cur != nil {
		t.Fatalf("got a session %+v after failed sign-ins", cur)
	}
	if known, _ := s.Session.KnownAccounts(); len(known) != 0 {
		t.Fatalf("got known accounts %+v after failed sign-ins, want none", known)
	}
}

func TestSessionService_Register(t *testing.T) {
	ts := newTestServer(t)
	s, _ := newTestDesktop(t, ts.URL, "")

	r, err := s.Session.Register("sponsor", " maya@brand.test ", testPW, "Maya", Registration{CompanyName: "Brand Co",
		Industry: "Retail", Budget: 100000})
	if err != nil {
		t.Fatalf("register sponsor: %v", err)
	}
	if !r.PendingApproval || r.Approval != "pending" || r.Role != "sponsor" {
		t.Fatalf("got %+v, want a sponsor pending approval", r)
	}
	r, err = s.Session.Register("influencer", "ivan@creator.test", testPW, "Ivan", Registration{Category: "Tech", Niche: "Phones"})
	if err != nil || r.PendingApproval || r.Role != "influencer" {
		t.Fatalf("got %+v (%v), want an influencer not pending", r, err)
	}
	// The sponsor can sign in; the session says it awaits approval.
	info, err := s.Session.SignIn("maya@brand.test", testPW)
	if err != nil || info.Approval != "pending" {
		t.Fatalf("got %+v (%v), want a pending sponsor", info, err)
	}

	for _, tc := range []struct {
		name, role, email, pw string
		p                     Registration
		want                  domain.Code
	}{
		{"email taken", "influencer", "ivan@creator.test", testPW, Registration{}, domain.CodeInvalidArgument},
		{"admin role", "admin", "root@x.test", testPW, Registration{}, domain.CodeInvalidArgument},
		{"short password", "influencer", "new@x.test", "short", Registration{}, domain.CodeInvalidArgument},
		{"sponsor without company", "sponsor", "new@x.test", testPW, Registration{}, domain.CodeInvalidArgument},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Session.Register(tc.role, tc.email, tc.pw, "New", tc.p)
			if got := uiCode(t, err); got != tc.want {
				t.Fatalf("got %s (%v), want %s", got, err, tc.want)
			}
		})
	}

	ts.stop()
	_, err = s.Session.Register("influencer", "late@creator.test", testPW, "Late", Registration{})
	if got := uiCode(t, err); got != codeUnavailable {
		t.Fatalf("got %s (%v), want unavailable with the server down", got, err)
	}
}

// failingKeyring is an OS keyring that is not there (no Secret Service on CI).
type failingKeyring struct{}

var errNoKeyring = errors.New("org.freedesktop.secrets was not provided by any .service files")

func (failingKeyring) Get(string, string) (string, error) { return "", errNoKeyring }
func (failingKeyring) Set(string, string, string) error   { return errNoKeyring }
func (failingKeyring) Delete(string, string) error        { return errNoKeyring }

func TestSecrets_FileFallbackIs0600AndTokensStayOutOfLogs(t *testing.T) {
	ts := newTestServer(t)
	u := ts.register("influencer", "ivan@creator.test", "Ivan")
	dataDir := t.TempDir()
	s, err := New(Config{DataDir: dataDir, ServerURL: ts.URL, Secrets: NewSecrets(failingKeyring{}, dataDir), SyncPoll: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown(context.Background())
	var events lockedBuffer
	s.Emit = func(topic string, data any) { fmt.Fprintf(&events, "%s %+v\n", topic, data) }
	if _, err := s.Session.SignIn("ivan@creator.test", testPW); err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(dataDir, "secrets.json")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no token file: %v", err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Fatalf("got mode %o, want 600", mode)
	}
	tok, err := s.secrets.Get(u.ID)
	if err != nil || len(tok) < 16 {
		t.Fatalf("got token of %d bytes (%v), want one", len(tok), err)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), tok) {
		t.Fatal("the token file does not hold the refresh token")
	}
	if strings.Contains(ts.log.String(), tok) {
		t.Fatal("the server log contains the refresh token")
	}
	if strings.Contains(events.String(), tok) {
		t.Fatal("an event to the UI contains the refresh token")
	}
	dir, _ := os.ReadFile(DirectoryPath(dataDir))
	if bytes.Contains(dir, []byte(tok)) || bytes.Contains(dir, []byte(testPW)) {
		t.Fatal("directory.db holds the token or the password")
	}

	// Signing out revokes and forgets it: the file goes away with its last token.
	if err := s.Session.SignOut(); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.secrets.Get(u.ID); got != "" {
		t.Fatal("the refresh token is still stored after sign-out")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("got %v, want the empty token file removed", err)
	}
	if _, err := client.Resume(ts.URL, u.ID, &client.MemorySecrets{}, nil); err == nil {
		t.Fatal("resumed without a token")
	}
}

func TestSecrets_KeyringWhenAvailable(t *testing.T) {
	ring := &memRing{m: map[string]string{}}
	dir := t.TempDir()
	s := NewSecrets(ring, dir)
	if err := s.Set("acc", "tok"); err != nil {
		t.Fatal(err)
	}
	if ring.m[keyringService+"/acc"] != "tok" {
		t.Fatalf("got keyring %v, want the token there", ring.m)
	}
	if _, err := os.Stat(filepath.Join(dir, "secrets.json")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the token went to the file although the keyring works")
	}
	if got, _ := s.Get("acc"); got != "tok" {
		t.Fatalf("got %q, want tok", got)
	}
	if err := s.Delete("acc"); err != nil || len(ring.m) != 0 {
		t.Fatalf("got %v (%v), want the keyring empty", ring.m, err)
	}
	if got, _ := s.Get("acc"); got != "" {
		t.Fatalf("got %q after delete, want none", got)
	}
}

type memRing struct {
	mu sync.Mutex
	m  map[string]string
}

func (r *memRing) Get(svc, user string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.m[svc+"/"+user]
	if !ok {
		return "", errors.New("secret not found in keyring")
	}
	return v, nil
}

func (r *memRing) Set(svc, user, pw string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[svc+"/"+user] = pw
	return nil
}

func (r *memRing) Delete(svc, user string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.m, svc+"/"+user)
	return nil
}

func TestSessionService_SignOutKeepsPendingChanges(t *testing.T) {
	ts := newTestServer(t)
	ts.register("sponsor", "maya@brand.test", "Maya")
	dataDir := t.TempDir()
	s, _ := newTestDesktop(t, ts.URL, dataDir)
	if _, err := s.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatal(err)
	}
	ts.stop()
	createCampaign(t, s, "Offline idea")
	waitFor(t, "one pending change", func() bool {
		st, _ := s.Sync.Status()
		return st.Pending == 1
	})
	if err := s.Session.SignOut(); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Sync.Status(); st.State != client.StateSignedOut {
		t.Fatalf("got %+v after sign-out, want signed_out", st)
	}

	// Signed in again (offline), the change is still queued and still shown.
	if _, err := s.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatal(err)
	}
	st, _ := s.Sync.Status()
	if st.Pending != 1 {
		t.Fatalf("got %d pending after signing in again, want 1", st.Pending)
	}
	if got := campaignNames(t, s); len(got) != 1 || got[0] != "Offline idea" {
		t.Fatalf("got campaigns %v, want the offline one", got)
	}
}

func TestServices_DataChangedWhenAnotherDesktopChangesACampaign(t *testing.T) {
	ts := newTestServer(t)
	ts.register("sponsor", "maya@brand.test", "Maya")
	a, _ := newTestDesktop(t, ts.URL, "")
	b, recB := newTestDesktop(t, ts.URL, "")
	for _, s := range []*Services{a, b} {
		if _, err := s.Session.SignIn("maya@brand.test", testPW); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "both event streams", func() bool { return ts.streams() == 2 })
	before := recB.count(TopicDataChanged)
	createCampaign(t, a, "Made on A")
	waitFor(t, "data:changed on B", func() bool { return recB.count(TopicDataChanged) > before })
	waitFor(t, "the campaign on B", func() bool {
		names := campaignNames(t, b)
		return len(names) == 1 && names[0] == "Made on A"
	})
	for _, d := range recB.all(TopicDataChanged) {
		if dc := d.(DataChanged); dc.Source == "jobs" {
			continue // the monthly report's catch-up at sign-in
		} else if dc.Source != "sync" || dc.AccountID == "" {
			t.Fatalf("got %+v, want a sync change of the account", dc)
		}
	}
}

func TestSyncService_IssuesDiscardAndResubmit(t *testing.T) {
	ts := newTestServer(t)
	ts.register("sponsor", "maya@brand.test", "Maya")
	a, _ := newTestDesktop(t, ts.URL, "")
	b, _ := newTestDesktop(t, ts.URL, "")
	if _, err := a.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatal(err)
	}
	id := createCampaign(t, a, "Doomed")
	waitFor(t, "A's push", func() bool { st, _ := a.Sync.Status(); return st.Pending == 0 && st.State == client.StateOnline })
	if _, err := b.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatal(err)
	}
	// B's background loop is paused (sync runs only through SyncNow), so that
	// its change stays queued while A's delete reaches the server.
	sessB, _ := b.active()
	sessB.engine.Stop()

	// B renames the campaign without pushing yet, while A deletes it and pushes:
	// B's rename reaches the server after the delete and is rejected.
	rename := func(name string) string {
		args, _ := json.Marshal(map[string]any{"id": id, "name": name})
		return string(args)
	}
	if _, err := b.Mutate(context.Background(), "campaign.update", json.RawMessage(rename("Renamed on B"))); err != nil {
		t.Fatal(err)
	}
	del, _ := json.Marshal(map[string]any{"id": id})
	if _, err := a.Mutate(context.Background(), "campaign.delete", del); err != nil {
		t.Fatal(err)
	}
	if st, _ := b.Sync.Status(); st.Pending != 1 {
		t.Fatalf("got %+v on B, want the rename pending", st)
	}
	a.NotifyLocalChange()
	waitFor(t, "A's push of the delete", func() bool { st, _ := a.Sync.Status(); return st.Pending == 0 })
	if st, err := b.Sync.SyncNow(); err != nil || st.Rejected != 1 {
		t.Fatalf("got %+v (%v) on B, want one rejected change", st, err)
	}

	issues, err := b.Sync.Issues()
	if err != nil || len(issues) != 1 {
		t.Fatalf("got issues %+v (%v), want one", issues, err)
	}
	is := issues[0]
	if is.Name != "campaign.update" || is.Code == "" || is.Message == "" || !strings.Contains(string(is.Args), "Renamed on B") {
		t.Fatalf("got issue %+v, want the rejected rename with its code and message", is)
	}
	if got := campaignNames(t, b); len(got) != 0 {
		t.Fatalf("got campaigns %v on B, want the deleted one gone", got)
	}

	// Resubmitting against a campaign that no longer exists fails locally and
	// keeps the issue; discarding removes it.
	if _, err := b.Sync.Resubmit(is.ID, rename("Again")); err == nil {
		t.Fatal("resubmit of an update to a deleted campaign succeeded")
	}
	if _, err := b.Sync.Resubmit(is.ID, "{not json"); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("got %v, want invalid_argument for bad JSON", err)
	}
	if issues, _ := b.Sync.Issues(); len(issues) != 1 {
		t.Fatalf("got %d issues after failed resubmits, want 1", len(issues))
	}
	if err := b.Sync.Discard(is.ID); err != nil {
		t.Fatal(err)
	}
	if issues, _ := b.Sync.Issues(); len(issues) != 0 {
		t.Fatalf("got %d issues after discard, want 0", len(issues))
	}
	if err := b.Sync.Discard(is.ID); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("got %v for a second discard, want not_found", err)
	}
	if st, err := b.Sync.SyncNow(); err != nil || st.State != client.StateOnline || st.Rejected != 0 {
		t.Fatalf("got %+v (%v) after SyncNow, want online with no issues", st, err)
	}
}

func TestNormalizeServerURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"http://127.0.0.1:8787", "http://127.0.0.1:8787"},
		{" https://sync.example.com/ ", "https://sync.example.com"},
		{"https://example.com/iescp/", "https://example.com/iescp"},
		{"http://[::1]:8787", "http://[::1]:8787"},
		{"", ""},
		{"ftp://example.com", ""},
		{"example.com:8787", ""},
		{"http://", ""},
		{"http://user:pw@example.com", ""},
		{"http://example.com/?x=1", ""},
		{"http://example.com:99999", ""},
		{"javascript:alert(1)", ""},
	} {
		got, err := NormalizeServerURL(tc.in)
		if (err != nil) != (tc.want == "") || got != tc.want {
			t.Errorf("NormalizeServerURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestSettingsService_Server(t *testing.T) {
	dataDir := t.TempDir()
	s, _ := newTestDesktop(t, "", dataDir)
	got, err := s.Settings.Server()
	if err != nil || got.ServerURL != DefaultServerURL || got.Overridden {
		t.Fatalf("got %+v (%v), want the default", got, err)
	}
	if _, err := s.Settings.SetServer("gopher://x"); uiCode(t, err) != domain.CodeInvalidArgument {
		t.Fatalf("got %v, want invalid_argument", err)
	}
	if got, err = s.Settings.SetServer("https://sync.example.com/"); err != nil || got.ServerURL != "https://sync.example.com" {
		t.Fatalf("got %+v (%v), want the new address", got, err)
	}
	s.Shutdown(context.Background())

	// Stored in directory.db; --server overrides it for a run.
	s2, _ := newTestDesktop(t, "http://10.0.0.1:9000", dataDir)
	if got, _ := s2.Settings.Server(); got.ServerURL != "http://10.0.0.1:9000" || !got.Overridden {
		t.Fatalf("got %+v, want the override", got)
	}
	s2.Shutdown(context.Background())
	s3, _ := newTestDesktop(t, "", dataDir)
	if got, _ := s3.Settings.Server(); got.ServerURL != "https://sync.example.com" || got.Overridden {
		t.Fatalf("got %+v, want the stored address", got)
	}
}

// --sign-in: Startup signs in as the sign-in screen would; a wrong password leaves
// the sign-in screen up and is logged without the password.
func TestServices_StartupSignIn(t *testing.T) {
	ts := newTestServer(t)
	ts.register("influencer", "ivan@creator.test", "Ivan")

	var log bytes.Buffer
	dir := t.TempDir()
	s, err := New(Config{DataDir: dir, ServerURL: ts.URL, Secrets: NewSecrets(nil, dir), SyncPoll: time.Hour,
		SignInEmail: "ivan@creator.test", SignInPassword: testPW, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown(context.Background())
	if err := s.Startup(context.Background()); err != nil {
		t.Fatal(err)
	}
	cur, err := s.Session.Current()
	if err != nil || cur == nil || cur.Email != "ivan@creator.test" || cur.Role != "influencer" || cur.Offline {
		t.Fatalf("current after --sign-in: %+v, %v", cur, err)
	}
	if !strings.Contains(log.String(), "signed in as ivan@creator.test (influencer, online)") {
		t.Fatalf("log: %q", log.String())
	}

	log.Reset()
	dir2 := t.TempDir()
	bad, err := New(Config{DataDir: dir2, ServerURL: ts.URL, Secrets: NewSecrets(nil, dir2), SyncPoll: time.Hour,
		SignInEmail: "ivan@creator.test", SignInPassword: "not-the-password-xyz", Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Shutdown(context.Background())
	if err := bad.Startup(context.Background()); err != nil {
		t.Fatalf("a failed --sign-in must not stop the app: %v", err)
	}
	if cur, _ := bad.Session.Current(); cur != nil {
		t.Fatalf("signed in with a wrong password: %+v", cur)
	}
	if !strings.Contains(log.String(), "--sign-in ivan@creator.test:") || strings.Contains(log.String(), "not-the-password-xyz") {
		t.Fatalf("log: %q", log.String())
	}
}
