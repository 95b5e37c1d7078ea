package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iescp/backend/store"
	"iescp/backend/store/pgtest"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/auth"
	"iescp/backend/domain"
	"iescp/backend/ledger"
	"iescp/backend/mutate"
	"iescp/sync/protocol"
)

// The scaffolding every test of this package shares: one test server (testEnv),
// its requests, and the scenario runner of the per-endpoint tests.

// testClock is a clock that only moves when told.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// logBuffer is a log sink safe for concurrent handlers.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// events counts the log records by message (the JSON handler's "msg") in the
// logs written from offset from on.
func (b *logBuffer) events(from int) map[string]int {
	s := b.String()
	got := map[string]int{}
	for _, line := range strings.Split(s[min(from, len(s)):], "\n") {
		var rec struct {
			Msg string `json:"msg"`
		}
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg != "" {
			got[rec.Msg]++
		}
	}
	return got
}

// testEnv is a real server (net/http.Server with the configured limits)
// listening on 127.0.0.1:0 over a temp-dir database, with a fake clock, cheap
// password hashing, its JSON logs kept, and a test-only route behind requireUser
// (GET /test/whoami answers the account id).
type testEnv struct {
	t     *testing.T
	s     *Server
	url   string
	clock *testClock
	logs  *logBuffer
	hc    *http.Client      // its own connections, closed before the server
	n     int               // accounts made
	vars  map[string]string // what a scenario's before hook hands to its request and checks

	stopFn func()
}

// wait bounds every wait of these tests: generous, since the machine may be busy.
const wait = 30 * time.Second

// testPassword is the password of every account the tests make.
const testPassword = "correct horse battery"

func newEnv(t *testing.T, cfg Config) *testEnv {
	t.Helper()
	e := &testEnv{t: t, clock: &testClock{t: time.Date(2030, 3, 1, 9, 0, 0, 0, time.UTC)}, logs: &logBuffer{},
		vars: map[string]string{}}
	cfg.DBPath = pgtest.ServerDB(t, t.TempDir())
	e.start(cfg)
	// A failed test shows what the server logged as an error: an internal error's
	// cause is there, not in the answer.
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		for _, line := range strings.Split(e.logs.String(), "\n") {
			if strings.Contains(line, `"level":"ERROR"`) {
				t.Logf("server: %.400s", line)
			}
		}
	})
	return e
}

// start serves cfg's database (a restart when the env served before).
func (e *testEnv) start(cfg Config) {
	e.t.Helper()
	cfg.Now = e.clock.Now
	cfg.Logger = slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := New(cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	s.auth.params = auth.Params{Memory: 256, Time: 1, Threads: 1, KeyLen: 32}
	s.mux.HandleFunc("GET /test/whoami", s.requireUser(func(w http.ResponseWriter, r *http.Request, id string) {
		writeJSON(w, http.StatusOK, map[string]string{"id": id})
	}))
	if err := s.Listen("127.0.0.1:0"); err != nil {
		e.t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve() }()
	hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		hc.CloseIdleConnections()
		if err := s.Close(); err != nil {
			e.t.Errorf("close: %v", err)
		}
		if err := <-served; err != nil {
			e.t.Errorf("serve: %v", err)
		}
	}
	e.t.Cleanup(stop)
	e.s, e.url, e.hc = s, s.URL(), hc
	e.stopFn = stop
}

// stop closes the server and its database (before a restart with start).
func (e *testEnv) stop() { e.stopFn() }

func (e *testEnv) set(k, v string) { e.vars[k] = v }

func (e *testEnv) get(k string) string {
	v, ok := e.vars[k]
	if !ok {
		e.t.Fatalf("no %q set by the scenario's before hook", k)
	}
	return v
}

// account creates an account of role directly in the database (a cheap password
// hash, no registration limits) and returns its id and an access token.
func (e *testEnv) account(role domain.Role) (string, string) {
	e.t.Helper()
	e.n++
	name := fmt.Sprintf("User %d", e.n)
	a := &newAccount{Role: role, Email: fmt.Sprintf("user%d@example.com", e.n), Name: name}
	a.Profile.Name = &a.Name
	switch role {
	case domain.RoleSponsor:
		company, industry, budget := "Acme "+name, "Tools", int64(1_000_000_00)
		a.Profile.CompanyName, a.Profile.Industry, a.Profile.Budget = &company, &industry, &budget
	case domain.RoleInfluencer:
		display, category, niche, bio := name, "tech", "phones", "I review phones."
		a.Profile.DisplayName, a.Profile.Category, a.Profile.Niche, a.Profile.Bio = &display, &category, &niche, &bio
	}
	hash, err := auth.HashPasswordWith(testPassword, e.s.auth.params)
	if err != nil {
		e.t.Fatal(err)
	}
	u, _, err := createAccount(context.Background(), e.s.db, a, hash, e.clock.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	return u.ID, e.token(u.ID)
}

func (e *testEnv) token(id string) string {
	e.t.Helper()
	// A real sign-in: a refresh-token family the access token's sid names.
	resp, err := e.s.issueTokens(context.Background(), &credentialRow{ID: id}, "")
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.AccessToken
}

// encodeBody is a request body: a string or []byte as is, nil as none, anything
// else as JSON.
func encodeBody(t *testing.T, body any) io.Reader {
	t.Helper()
	switch b := body.(type) {
	case nil:
		return nil
	case string:
		return strings.NewReader(b)
	case []byte:
		return bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		return bytes.NewReader(j)
	}
}

// do sends a request with an optional body (encodeBody) and bearer token.
func (e *testEnv) do(method, path, token string, body any) (int, http.Header, []byte) {
	e.t.Helper()
	var h map[string]string
	if token != "" {
		h = map[string]string{"Authorization": "Bearer " + token}
	}
	return e.doWith(method, path, h, body)
}

func (e *testEnv) doWith(method, path string, headers map[string]string, body any) (int, http.Header, []byte) {
	e.t.Helper()
	rd := encodeBody(e.t, body)
	req, err := http.NewRequest(method, e.url+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := e.hc.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, out
}

// doFrom sends a request through the handler as if from remote address addr.
func (e *testEnv) doFrom(addr, method, path string, body any) *httptest.ResponseRecorder {
	e.t.Helper()
	req := httptest.NewRequest(method, path, encodeBody(e.t, body))
	req.RemoteAddr = addr
	rec := httptest.NewRecorder()
	e.s.Handler().ServeHTTP(rec, req)
	return rec
}

// wantError checks a typed error answer and returns it.
func (e *testEnv) wantError(status int, body []byte, wantStatus int, wantCode domain.Code) protocol.ErrorDetail {
	e.t.Helper()
	return wantError(e.t, status, body, wantStatus, wantCode)
}

func wantError(t *testing.T, status int, body []byte, wantStatus int, wantCode domain.Code) protocol.ErrorDetail {
	t.Helper()
	var eb protocol.ErrorBody
	if err := json.Unmarshal(body, &eb); err != nil {
		t.Fatalf("error body %.200q is not JSON: %v", body, err)
	}
	if status != wantStatus || eb.Error.Code != string(wantCode) {
		t.Fatalf("got %d %s (%.300s), want %d %s", status, eb.Error.Code, eb.Error.Message, wantStatus, wantCode)
	}
	if eb.Error.Message == "" {
		t.Fatalf("error %s has no message", eb.Error.Code)
	}
	return eb.Error
}

func (e *testEnv) count(query string, args ...any) int64 {
	e.t.Helper()
	var n int64
	if err := e.s.db.R.Get(&n, query, args...); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// ---- accounts and tokens over the API ----

func sponsorReq(email string) protocol.RegisterRequest {
	return protocol.RegisterRequest{Role: "sponsor", Email: email, Password: testPassword, Name: "Sam Sponsor",
		Profile: protocol.RegisterProfile{CompanyName: "Acme", Industry: "Tools", Budget: 500_00}}
}

func influencerReq(email string) protocol.RegisterRequest {
	return protocol.RegisterRequest{Role: "influencer", Email: email, Password: testPassword, Name: "Ivy Influencer",
		Profile: protocol.RegisterProfile{Category: "tech", Niche: "phones", Bio: "I review phones."}}
}

func (e *testEnv) register(req protocol.RegisterRequest) protocol.User {
	e.t.Helper()
	status, _, body := e.do("POST", "/api/v1/auth/register", "", req)
	if status != http.StatusCreated {
		e.t.Fatalf("register %s: got %d %s, want 201", req.Email, status, body)
	}
	var resp protocol.RegisterResponse
	if err := json.Unmarshal(body, &resp); err != nil {
		e.t.Fatal(err)
	}
	return resp.User
}

func (e *testEnv) login(email, password string) (int, http.Header, []byte) {
	e.t.Helper()
	return e.do("POST", "/api/v1/auth/login", "", protocol.LoginRequest{Email: email, Password: password})
}

// failLogin signs in with a wrong password and wants 401.
func (e *testEnv) failLogin(email string) {
	e.t.Helper()
	status, _, body := e.login(email, "wrong password")
	e.wantError(status, body, http.StatusUnauthorized, domain.CodeUnauthenticated)
}

func (e *testEnv) mustLogin(email, password string) protocol.TokenResponse {
	e.t.Helper()
	status, _, body := e.login(email, password)
	if status != http.StatusOK {
		e.t.Fatalf("login %s: got %d %s, want 200", email, status, body)
	}
	var tr protocol.TokenResponse
	if err := json.Unmarshal(body, &tr); err != nil {
		e.t.Fatal(err)
	}
	if tr.AccessToken == "" || tr.RefreshToken == "" {
		e.t.Fatalf("login %s: empty tokens in %s", email, body)
	}
	return tr
}

func (e *testEnv) refresh(token string) (int, []byte) {
	e.t.Helper()
	status, _, body := e.do("POST", "/api/v1/auth/refresh", "", protocol.RefreshRequest{RefreshToken: token})
	return status, body
}

// mustRefresh refreshes with token and returns the new tokens.
func (e *testEnv) mustRefresh(token string) protocol.TokenResponse {
	e.t.Helper()
	status, body := e.refresh(token)
	return decodeTokens(e.t, status, body)
}

func decodeTokens(t *testing.T, status int, body []byte) protocol.TokenResponse {
	t.Helper()
	if status != http.StatusOK {
		t.Fatalf("refresh: got %d %s, want 200", status, body)
	}
	var tr protocol.TokenResponse
	if err := json.Unmarshal(body, &tr); err != nil {
		t.Fatal(err)
	}
	return tr
}

// whoami is the status of the test route with an access token.
func (e *testEnv) whoami(token string) int {
	e.t.Helper()
	status, _, _ := e.do("GET", "/test/whoami", token, nil)
	return status
}

// ---- push ----

// mut makes a mutation with JSON-encoded args.
func mut(id int64, name string, args any) protocol.Mutation {
	raw, err := json.Marshal(args)
	if err != nil {
		panic(err)
	}
	return protocol.Mutation{ID: id, Name: name, Args: raw}
}

// push pushes mutations as one request and returns the status and body.
func (e *testEnv) push(token, clientID string, muts ...protocol.Mutation) (int, []byte) {
	e.t.Helper()
	status, _, body := e.do("POST", "/sync/v1/push", token, protocol.PushRequest{ClientID: clientID,
		ProtocolVersion: protocol.ProtocolVersion, SchemaVersion: e.s.cfg.MinSchemaVersion, Mutations: muts})
	return status, body
}

// mustPush pushes and wants every mutation applied.
func (e *testEnv) mustPush(token, clientID string, muts ...protocol.Mutation) protocol.PushResponse {
	e.t.Helper()
	status, body := e.push(token, clientID, muts...)
	if status != http.StatusOK {
		e.t.Fatalf("push: got %d %s", status, body)
	}
	var pr protocol.PushResponse
	if err := json.Unmarshal(body, &pr); err != nil {
		e.t.Fatal(err)
	}
	for _, r := range pr.Results {
		if r.Status != protocol.StatusApplied {
			e.t.Fatalf("push: mutation %d %s: %s", r.ID, r.Code, r.Message)
		}
	}
	return pr
}

// draft is campaign.create args for a private draft.
func draft(id string) mutate.CampaignCreate {
	return mutate.CampaignCreate{ID: id, Name: "Draft " + id[:8], StartDate: "2030-04-01", EndDate: "2030-05-01",
		Budget: 100_00, Visibility: "private"}
}

// ---- raw connections ----

// dial opens a raw TCP connection to the server.
func (e *testEnv) dial() net.Conn {
	e.t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(e.url, "http://"))
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { c.Close() })
	return c
}

// waitClosed reads from c until the server closes it (EOF or reset), failing if
// it is still open after the generous deadline. It returns what was read.
func waitClosed(t *testing.T, c net.Conn, r io.Reader) []byte {
	t.Helper()
	if err := c.SetReadDeadline(time.Now().Add(wait)); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	_, err := io.Copy(&got, r)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server kept the connection open for %s (read so far: %.200q)", wait, got.String())
	}
	return got.Bytes() // io.Copy returns nil at EOF; a reset is fine too
}

// ---- password hashing ----

// holdHashSlots takes every password-hashing slot until the returned func is
// called, and has the server tell queued of each request that starts waiting.
func (e *testEnv) holdHashSlots(queued chan<- struct{}) (release func()) {
	h := e.s.auth.hashing
	h.queued = queued
	n := cap(h.ch)
	for i := 0; i < n; i++ {
		h.ch <- struct{}{}
	}
	return func() {
		for i := 0; i < n; i++ {
			<-h.ch
		}
	}
}

// pending is how many attempts of key the throttle has reserved and not ended.
func (e *testEnv) pending(th *attemptThrottle, key string) int64 {
	return e.count(`SELECT COUNT(*) FROM limit_hits WHERE scope = ? AND subject = ? AND pending = 1`, th.scope(), key)
}

// loginResult is one answer of a concurrent burst.
type loginResult struct {
	status     int
	retryAfter string
	err        error
}

// loginAsync signs in over real HTTP in a goroutine once start is closed.
func (e *testEnv) loginAsync(ctx context.Context, start <-chan struct{}, email, password string, out chan<- loginResult) {
	go func() {
		<-start
		body, _ := json.Marshal(protocol.LoginRequest{Email: email, Password: password})
		req, err := http.NewRequestWithContext(ctx, "POST", e.url+"/api/v1/auth/login", bytes.NewReader(body))
		if err != nil {
			out <- loginResult{err: err}
			return
		}
		resp, err := e.hc.Do(req)
		if err != nil {
			out <- loginResult{err: err}
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		out <- loginResult{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After")}
	}()
}

// ---- scenarios ----

// scenario is one request to a fresh server and what must come of it, in the way
// PocketBase's tests.ApiScenario reads: a before hook makes the state, the
// request is sent, and the answer (status, typed error code, JSON fragments
// present and absent, headers), the log events it caused and the database
// effects are checked, then an after hook checks what is left.
type scenario struct {
	name   string
	config Config // limits of the fresh server

	method  string                // default POST
	url     string                // {key} stands for what the before hook set under key
	body    any                   // see encodeBody; a func(*testEnv) any is called after before
	token   func(*testEnv) string // bearer access token, if any
	headers map[string]string
	remote  string // send through the handler from this address instead (ip:port)

	before func(t *testing.T, e *testEnv)

	status   int
	code     domain.Code       // the typed error code of an error answer
	contains []string          // fragments the body must contain
	absent   []string          // fragments the body must not contain
	noBody   bool              // the answer has no body at all
	header   map[string]string // exact header values of the answer
	events   map[string]int    // log records by message caused by the request ("*": 0: no other)
	db       map[string]int64  // query (a single number) → its value after the request
	after    func(t *testing.T, e *testEnv, res response)
}

// response is a scenario's answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the answer's body into v.
func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("answer %.200q: %v", r.body, err)
	}
}

// runScenarios runs each scenario as a subtest on a fresh server.
func runScenarios(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) { sc.run(t) })
	}
}

func (sc scenario) run(t *testing.T) {
	t.Helper()
	e := newEnv(t, sc.config)
	if sc.before != nil {
		sc.before(t, e)
	}
	body := sc.body
	if f, ok := body.(func(*testEnv) any); ok {
		body = f(e)
	}
	headers := map[string]string{}
	for k, v := range sc.headers {
		headers[k] = v
	}
	if sc.token != nil {
		if tok := sc.token(e); tok != "" {
			headers["Authorization"] = "Bearer " + tok
		}
	}
	method := sc.method
	if method == "" {
		method = http.MethodPost
	}
	url := sc.url
	for k, v := range e.vars {
		url = strings.ReplaceAll(url, "{"+k+"}", v)
	}
	logFrom := len(e.logs.String())
	var res response
	if sc.remote != "" {
		req := httptest.NewRequest(method, url, encodeBody(t, body))
		req.RemoteAddr = sc.remote
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		e.s.Handler().ServeHTTP(rec, req)
		res = response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	} else {
		res.status, res.header, res.body = e.doWith(method, url, headers, body)
	}

	if sc.code != "" {
		wantError(t, res.status, res.body, sc.status, sc.code)
	} else if res.status != sc.status {
		t.Fatalf("got %d %.300s, want %d", res.status, res.body, sc.status)
	}
	for _, s := range sc.contains {
		if !bytes.Contains(res.body, []byte(s)) {
			t.Errorf("the answer %.300s lacks %s", res.body, s)
		}
	}
	for _, s := range sc.absent {
		if bytes.Contains(res.body, []byte(s)) {
			t.Errorf("the answer %.300s has %s", res.body, s)
		}
	}
	if sc.noBody && len(res.body) != 0 {
		t.Errorf("got a body %.200q, want none", res.body)
	}
	for k, v := range sc.header {
		if got := res.header.Get(k); got != v {
			t.Errorf("got %s %q, want %q", k, got, v)
		}
	}
	if sc.events != nil {
		got := e.logs.events(logFrom)
		for msg, n := range sc.events {
			if msg != "*" && got[msg] != n {
				t.Errorf("got %d × event %q, want %d (events: %v)", got[msg], msg, n, got)
			}
		}
		if n, ok := sc.events["*"]; ok {
			for msg, c := range got {
				if _, listed := sc.events[msg]; !listed && c != n {
					t.Errorf("got %d × event %q, want none but those listed", c, msg)
				}
			}
		}
	}
	for q, want := range sc.db {
		if got := e.count(q); got != want {
			t.Errorf("%s: got %d, want %d", q, got, want)
		}
	}
	if sc.after != nil {
		sc.after(t, e, res)
	}
}

// topUp credits a sponsor's wallet in the ledger, as a card payment does, so its
// deals are funded when accepted (docs/money.md).
func (e *testEnv) topUp(sponsorID string, cents int64) {
	e.t.Helper()
	err := e.s.db.Write(context.Background(), func(tx *sqlx.Tx) error {
		_, err := ledger.New(e.clock.Now).TopUp(context.Background(), tx, sponsorID, cents, domain.NewID())
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// databaseBytes is everything the canonical database holds, for tests that look for
// a secret in it: every byte of the SQLite file and its journals, or every row of
// every PostgreSQL table as text.
func (e *testEnv) databaseBytes() []byte {
	e.t.Helper()
	var out bytes.Buffer
	if !store.IsPostgresURL(e.s.cfg.DBPath) {
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			b, err := os.ReadFile(e.s.cfg.DBPath + suffix)
			if err == nil {
				out.Write(b)
			} else if !os.IsNotExist(err) {
				e.t.Fatal(err)
			}
		}
		return out.Bytes()
	}
	db, err := sqlx.Open("pgx", e.s.cfg.DBPath)
	if err != nil {
		e.t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	if err := db.Select(&tables, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`); err != nil {
		e.t.Fatal(err)
	}
	for _, tb := range tables {
		var rows []string
		if err := db.Select(&rows, `SELECT t::text FROM `+tb+` t`); err != nil {
			e.t.Fatal(err)
		}
		for _, r := range rows {
			out.WriteString(r)
			out.WriteByte('\n')
		}
	}
	return out.Bytes()
}

// columns names a table's columns in order, on either engine.
func (e *testEnv) columns(table string) []string {
	e.t.Helper()
	var cols []string
	q := `SELECT name FROM pragma_table_info(?) ORDER BY cid`
	if e.s.db.IsPostgres() {
		// rowid is PostgreSQL's stand-in for SQLite's implicit one (migrations/postgres).
		q = `SELECT column_name FROM information_schema.columns WHERE table_name = ? AND column_name <> 'rowid' ORDER BY ordinal_position`
	}
	if err := e.s.db.R.Select(&cols, q, table); err != nil {
		e.t.Fatal(err)
	}
	return cols
}

// groupJob is a push of muts by the holder of token from clientID, for
// commitPushes.
func (e *testEnv) groupJob(token, clientID string, muts ...protocol.Mutation) *pushJob {
	e.t.Helper()
	p, err := e.s.verifyAccess(token)
	if err != nil {
		e.t.Fatal(err)
	}
	return &pushJob{user: p.AccountID, session: p.SessionID, done: make(chan struct{}),
		req: &protocol.PushRequest{ClientID: clientID, ProtocolVersion: protocol.ProtocolVersion,
			SchemaVersion: e.s.cfg.MinSchemaVersion, Mutations: muts}}
}

// commitGroup applies jobs as one group commit.
func (e *testEnv) commitGroup(jobs ...*pushJob) {
	e.s.pushMu.Lock()
	e.s.commitPushes(jobs)
	e.s.pushMu.Unlock()
}
