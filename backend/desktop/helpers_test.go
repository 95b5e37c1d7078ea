package desktop

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/ledger"
	"iescp/backend/queries"
	"iescp/backend/secrets"
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
	// unfunded: sponsors registered from now on are not topped up (a test of
	// the wallet itself starts from an empty one).
	unfunded bool
	// snapshotGets counts the desktops' requests for a first-download snapshot.
	snapshotGets atomic.Int32
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

func newTestServer(t *testing.T, opts ...func(*server.Config)) *testServer {
	t.Helper()
	log := &lockedBuffer{}
	cfg := server.Config{DBPath: filepath.Join(t.TempDir(), "server.db"), Now: testNow,
		Logger: slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{t: t, srv: srv, log: log}
	h := srv.Handler()
	ts.http = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/sync/v1/snapshot" {
			ts.snapshotGets.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
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
	if role == "sponsor" && !ts.unfunded {
		ts.topUp(u.ID, testWallet)
	}
	return u
}

// testWallet is what each sponsor of these tests has topped up: more than any
// amount they accept, so accepting is never refused for money (docs/money.md).
const testWallet int64 = 100_000_000

// topUp credits a sponsor's wallet in the server's ledger, as a card payment does.
func (ts *testServer) topUp(sponsorID string, cents int64) {
	ts.t.Helper()
	err := ts.srv.DB().Write(context.Background(), func(tx *sqlx.Tx) error {
		_, err := ledger.New(testNow).TopUp(context.Background(), tx, sponsorID, cents, "test-top-up-"+sponsorID)
		return err
	})
	if err != nil {
		ts.t.Fatal(err)
	}
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

// NewSecrets is the secret store of a test desktop: ring (nil: the file only)
// with the 0600 file fallback in dir.
func NewSecrets(ring secrets.Keyring, dir string) *secrets.Store { return secrets.New(ring, dir) }

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
