package desktop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/localdata"
	"iescp/sync/client"
	"iescp/sync/server"
)

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
	if c, ok, err := b.dir.Find(context.Background(), "maya@brand.test"); err != nil || !ok || c.ServerURL != ts.URL {
		t.Fatalf("got known account %+v, %v (%v), want server %q", c, ok, err, ts.URL)
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
	if err := s.Session.SignOut(); err != nil {
		t.Fatal(err)
	}
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
	dir, _ := os.ReadFile(localdata.DirectoryPath(dataDir))
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

// What a session had in flight stops with it: the context of its calls is
// cancelled by sign-out and by another sign-in, and not before.
func TestServices_SessionContextEndsWithTheSession(t *testing.T) {
	ts := newTestServer(t)
	ts.register("influencer", "ivan@creator.test", "Ivan")
	s, _ := newTestDesktop(t, ts.URL, "")
	if _, err := s.Session.SignIn("ivan@creator.test", testPW); err != nil {
		t.Fatal(err)
	}
	first, _, err := s.begin()
	if err != nil {
		t.Fatal(err)
	}
	if first.Err() != nil {
		t.Fatalf("the session's context is done while signed in: %v", first.Err())
	}
	if _, err := s.Session.SignIn("ivan@creator.test", testPW); err != nil {
		t.Fatal(err)
	}
	second, _, _ := s.begin()
	if !errors.Is(first.Err(), context.Canceled) || second.Err() != nil {
		t.Fatalf("after another sign-in: first %v, second %v; want only the first cancelled", first.Err(), second.Err())
	}
	if err := s.Session.SignOut(); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(second.Err(), context.Canceled) {
		t.Fatalf("after sign-out the session's context is %v, want cancelled", second.Err())
	}
	if _, _, err := s.begin(); domain.ErrorCode(err) != domain.CodeUnauthenticated {
		t.Fatalf("begin signed out: %v, want unauthenticated", err)
	}
	if _, err := s.Sync.Issues(); uiCode(t, err) != domain.CodeUnauthenticated {
		t.Fatalf("issues signed out: %v, want unauthenticated", err)
	}
}

// On a server that keeps first-download snapshots, a desktop signing in for the
// first time makes its replica from the snapshot of its role's public view and
// pulls only its own rows after it: it ends with everything a row-by-row download
// gives (its own private campaign, the public one of another sponsor), and a
// second sign-in on the same desktop does not fetch a snapshot again.
func TestSessionService_FirstSignInUsesTheServersSnapshot(t *testing.T) {
	ts := newTestServer(t, func(c *server.Config) { c.SnapshotDir = t.TempDir() })
	ts.register("sponsor", "maya@brand.test", "Maya")
	ts.register("sponsor", "omar@other.test", "Omar")

	a, _ := newTestDesktop(t, ts.URL, "")
	if _, err := a.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatalf("sign in on A: %v", err)
	}
	createCampaign(t, a, "Winter launch") // private: Maya's own
	waitFor(t, "A's outbox to drain", func() bool {
		st, _ := a.Sync.Status()
		return st.Pending == 0 && st.State == client.StateOnline
	})
	if ts.snapshotGets.Load() != 1 {
		t.Fatalf("%d snapshot requests after A's first sign-in, want 1", ts.snapshotGets.Load())
	}

	dir := t.TempDir()
	b, rec := newTestDesktop(t, ts.URL, dir)
	if _, err := b.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatalf("sign in on B: %v", err)
	}
	if ts.snapshotGets.Load() != 2 {
		t.Fatalf("%d snapshot requests after B's first sign-in, want 2", ts.snapshotGets.Load())
	}
	if sess, err := b.active(); err != nil || !sess.fromSnapshot {
		t.Fatalf("B's replica was not made from the snapshot (%v)", err)
	}
	if got := strings.Join(campaignNames(t, b), ","); got != "Winter launch" {
		t.Fatalf("B's campaigns %q after a snapshot first download, want Maya's own", got)
	}
	if rec.count(TopicSyncProgress) == 0 {
		t.Fatal("no sync:progress during the first download")
	}
	// A replica that exists is opened, not replaced.
	if err := b.Session.SignOut(); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Session.SignIn("maya@brand.test", testPW); err != nil {
		t.Fatalf("second sign in on B: %v", err)
	}
	if ts.snapshotGets.Load() != 2 {
		t.Fatalf("%d snapshot requests after a second sign-in, want still 2", ts.snapshotGets.Load())
	}
	if sess, err := b.active(); err != nil || sess.fromSnapshot {
		t.Fatalf("B's second sign-in replaced its replica from a snapshot (%v)", err)
	}
	if got := strings.Join(campaignNames(t, b), ","); got != "Winter launch" {
		t.Fatalf("B's campaigns %q after signing in again", got)
	}
}
