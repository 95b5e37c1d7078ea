package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"iescp/backend/auth"
	"iescp/sync/protocol"
)

// authClock is an injectable clock that only moves when told.
type authClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *authClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *authClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// authLogBuffer is a log sink safe for concurrent handlers.
type authLogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *authLogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *authLogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// authEnv is a real server on a temp-dir database behind httptest, with a fake
// clock, cheap password hashing and a test-only route behind requireUser.
type authEnv struct {
	t     *testing.T
	s     *Server
	ts    *httptest.Server
	clock *authClock
	logs  *authLogBuffer
}

const authPassword = "correct horse battery"

func newAuthEnv(t *testing.T) *authEnv { return newAuthEnvWith(t, nil) }

// newAuthEnvWith is newAuthEnv with the config adjusted by tune (limits).
func newAuthEnvWith(t *testing.T, tune func(*Config)) *authEnv {
	t.Helper()
	clock := &authClock{t: time.Date(2030, 3, 1, 9, 0, 0, 0, time.UTC)}
	logs := &authLogBuffer{}
	cfg := Config{
		DBPath: filepath.Join(t.TempDir(), "sync.db"),
		Now:    clock.Now,
		Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if tune != nil {
		tune(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.auth.params = auth.Params{Memory: 256, Time: 1, Threads: 1, KeyLen: 32}
	s.mux.HandleFunc("GET /test/whoami", s.requireUser(func(w http.ResponseWriter, r *http.Request, id string) {
		writeJSON(w, http.StatusOK, map[string]string{"id": id})
	}))
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		ts.Close()
		s.Close()
	})
	return &authEnv{t: t, s: s, ts: ts, clock: clock, logs: logs}
}

// do sends a request with an optional JSON body (a string is sent as is) and
// bearer token, and returns the status, headers and body.
func (e *authEnv) do(method, path, token string, body any) (int, http.Header, []byte) {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, e.ts.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := e.ts.Client().Do(req)
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

// wantError checks an error answer: status, JSON body and code.
func (e *authEnv) wantError(status int, body []byte, wantStatus int, wantCode string) protocol.ErrorDetail {
	e.t.Helper()
	var eb protocol.ErrorBody
	if err := json.Unmarshal(body, &eb); err != nil {
		e.t.Fatalf("error body %q is not JSON: %v", body, err)
	}
	if status != wantStatus || eb.Error.Code != wantCode {
		e.t.Fatalf("got %d %s (%s), want %d %s", status, eb.Error.Code, eb.Error.Message, wantStatus, wantCode)
	}
	if eb.Error.Message == "" {
		e.t.Fatalf("error %s has no message", eb.Error.Code)
	}
	return eb.Error
}

func authSponsorReq(email string) protocol.RegisterRequest {
	return protocol.RegisterRequest{Role: "sponsor", Email: email, Password: authPassword, Name: "Sam Sponsor",
		Profile: protocol.RegisterProfile{CompanyName: "Acme", Industry: "Tools", Budget: 500_00}}
}

func authInfluencerReq(email string) protocol.RegisterRequest {
	return protocol.RegisterRequest{Role: "influencer", Email: email, Password: authPassword, Name: "Ivy Influencer",
		Profile: protocol.RegisterProfile{Category: "tech", Niche: "phones", Bio: "I review phones."}}
}

func (e *authEnv) register(req protocol.RegisterRequest) protocol.User {
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

func (e *authEnv) login(email, password string) (int, http.Header, []byte) {
	e.t.Helper()
	return e.do("POST", "/api/v1/auth/login", "", protocol.LoginRequest{Email: email, Password: password})
}

func (e *authEnv) mustLogin(email, password string) protocol.TokenResponse {
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

func (e *authEnv) refresh(token string) (int, []byte) {
	e.t.Helper()
	status, _, body := e.do("POST", "/api/v1/auth/refresh", "", protocol.RefreshRequest{RefreshToken: token})
	return status, body
}

func (e *authEnv) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.s.db.R.Get(&n, query, args...); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func TestServer_Register(t *testing.T) {
	e := newAuthEnv(t)
	before := e.count(`SELECT version FROM sync_meta`)

	sp := e.register(authSponsorReq("  Sam@Example.COM "))
	if sp.Email != "sam@example.com" || sp.Role != "sponsor" || sp.Approval != "pending" || !sp.Active || sp.Flagged {
		t.Fatalf("got sponsor %+v, want sam@example.com, sponsor, pending, active", sp)
	}
	v := e.count(`SELECT version FROM sync_meta`)
	if v != before+1 {
		t.Errorf("got sync_meta.version %d, want %d", v, before+1)
	}
	for _, q := range []string{
		`SELECT COUNT(*) FROM accounts WHERE id = ? AND version = ? AND email = 'sam@example.com'`,
		`SELECT COUNT(*) FROM sponsor_profiles WHERE account_id = ? AND version = ? AND approval = 'pending' AND company_name = 'Acme' AND budget = 50000`,
	} {
		if n := e.count(q, sp.ID, v); n != 1 {
			t.Errorf("%s: got %d rows, want 1", q, n)
		}
	}
	if n := e.count(`SELECT COUNT(*) FROM credentials WHERE account_id = ? AND password_hash LIKE '$argon2id$%'`, sp.ID); n != 1 {
		t.Errorf("got %d argon2id credentials, want 1", n)
	}

	in := e.register(authInfluencerReq("ivy@example.com"))
	if in.Role != "influencer" || in.Approval != "" {
		t.Fatalf("got influencer %+v", in)
	}
	var display string
	if err := e.s.db.R.Get(&display, `SELECT display_name FROM influencer_profiles WHERE account_id = ? AND version = ?`, in.ID, v+1); err != nil {
		t.Fatal(err)
	}
	if display != "Ivy Influencer" {
		t.Errorf("got display_name %q, want the name", display)
	}
	if strings.Contains(e.logs.String(), authPassword) {
		t.Error("a password appears in the logs")
	}
}

func TestServer_RegisterDuplicateEmail(t *testing.T) {
	e := newAuthEnv(t)
	e.register(authSponsorReq("dup@example.com"))
	status, _, body := e.do("POST", "/api/v1/auth/register", "", authInfluencerReq("DUP@example.com"))
	d := e.wantError(status, body, http.StatusConflict, "invalid_argument")
	if !strings.Contains(d.Message, "already registered") {
		t.Errorf("got message %q, want it to say the email is already registered", d.Message)
	}
	if n := e.count(`SELECT COUNT(*) FROM accounts`); n != 1 {
		t.Errorf("got %d accounts, want 1", n)
	}
}

func TestServer_RegisterRace(t *testing.T) {
	e := newAuthEnv(t)
	const n = 8
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body, _ := json.Marshal(authInfluencerReq("same@example.com"))
			resp, err := e.ts.Client().Post(e.ts.URL+"/api/v1/auth/register", "application/json", bytes.NewReader(body))
			if err != nil {
				statuses <- 0
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	got := map[int]int{}
	for st := range statuses {
		got[st]++
	}
	if got[http.StatusCreated] != 1 || got[http.StatusConflict] != n-1 {
		t.Errorf("got statuses %v, want one 201 and %d 409", got, n-1)
	}
	if c := e.count(`SELECT COUNT(*) FROM accounts`); c != 1 {
		t.Errorf("got %d accounts, want 1", c)
	}
}

func TestServer_RegisterBadInput(t *testing.T) {
	e := newAuthEnv(t)
	mod := func(base protocol.RegisterRequest, f func(*protocol.RegisterRequest)) protocol.RegisterRequest {
		f(&base)
		return base
	}
	sp, in := authSponsorReq("x@example.com"), authInfluencerReq("y@example.com")
	tests := []struct {
		name string
		body any
	}{
		{"admin role", mod(sp, func(r *protocol.RegisterRequest) { r.Role = "admin" })},
		{"no role", mod(sp, func(r *protocol.RegisterRequest) { r.Role = "" })},
		{"unknown role", mod(sp, func(r *protocol.RegisterRequest) { r.Role = "Sponsor" })},
		{"no email", mod(sp, func(r *protocol.RegisterRequest) { r.Email = "" })},
		{"email without @", mod(sp, func(r *protocol.RegisterRequest) { r.Email = "sam.example.com" })},
		{"email with a name", mod(sp, func(r *protocol.RegisterRequest) { r.Email = "Sam <sam@example.com>" })},
		{"two emails", mod(sp, func(r *protocol.RegisterRequest) { r.Email = "a@example.com, b@example.com" })},
		{"email too long", mod(sp, func(r *protocol.RegisterRequest) { r.Email = strings.Repeat("a", 250) + "@example.com" })},
		{"short password", mod(sp, func(r *protocol.RegisterRequest) { r.Password = "1234567" })},
		{"long password", mod(sp, func(r *protocol.RegisterRequest) { r.Password = strings.Repeat("p", 1025) })},
		{"no name", mod(sp, func(r *protocol.RegisterRequest) { r.Name = "   " })},
		{"name too long", mod(sp, func(r *protocol.RegisterRequest) { r.Name = strings.Repeat("n", 121) })},
		{"control character in name", mod(sp, func(r *protocol.RegisterRequest) { r.Name = "Sam\x00" })},
		{"sponsor without company", mod(sp, func(r *protocol.RegisterRequest) { r.Profile.CompanyName = "" })},
		{"negative budget", mod(sp, func(r *protocol.RegisterRequest) { r.Profile.Budget = -1 })},
		{"sponsor with a bio", mod(sp, func(r *protocol.RegisterRequest) { r.Profile.Bio = "hi" })},
		{"influencer with a budget", mod(in, func(r *protocol.RegisterRequest) { r.Profile.Budget = 10 })},
		{"influencer with a company", mod(in, func(r *protocol.RegisterRequest) { r.Profile.CompanyName = "Acme" })},
		{"bio too long", mod(in, func(r *protocol.RegisterRequest) { r.Profile.Bio = strings.Repeat("b", 2001) })},
		{"unknown field", `{"role":"influencer","email":"z@example.com","password":"` + authPassword + `","name":"Z","is_admin":true}`},
		{"malformed JSON", `{"role":`},
		{"trailing data", `{"role":"influencer","email":"z@example.com","password":"` + authPassword + `","name":"Z"} {}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := e.do("POST", "/api/v1/auth/register", "", tt.body)
			e.wantError(status, body, http.StatusBadRequest, "invalid_argument")
		})
	}
	if n := e.count(`SELECT COUNT(*) FROM accounts`); n != 0 {
		t.Errorf("got %d accounts after bad registrations, want 0", n)
	}
}

func TestServer_Login(t *testing.T) {
	e := newAuthEnv(t)
	u := e.register(authSponsorReq("sam@example.com"))

	tr := e.mustLogin("SAM@example.com ", authPassword)
	if tr.User.ID != u.ID || tr.User.Approval != "pending" || tr.ExpiresIn != int64((15*time.Minute)/time.Second) {
		t.Errorf("got %+v, want user %s, approval pending, expires_in 900", tr, u.ID)
	}

	status, _, body := e.login("sam@example.com", "wrong password")
	wrong := e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
	status, _, body = e.login("nobody@example.com", authPassword)
	unknown := e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
	if wrong.Message != unknown.Message {
		t.Errorf("wrong password says %q, unknown email says %q: want the same", wrong.Message, unknown.Message)
	}
	status, _, body = e.login("", "")
	e.wantError(status, body, http.StatusBadRequest, "invalid_argument")

	e.s.db.W.MustExec(`UPDATE accounts SET active = 0 WHERE id = ?`, u.ID)
	status, _, body = e.login("sam@example.com", authPassword)
	e.wantError(status, body, http.StatusForbidden, "forbidden")
	// A deactivated account's wrong password is just a wrong password.
	status, _, body = e.login("sam@example.com", "wrong password")
	e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")

	logs := e.logs.String()
	for _, secret := range []string{authPassword, tr.AccessToken, tr.RefreshToken} {
		if strings.Contains(logs, secret) {
			t.Errorf("the logs contain a secret %.8s…", secret)
		}
	}
}

func TestServer_RequireUser(t *testing.T) {
	e := newAuthEnv(t)
	u := e.register(authInfluencerReq("ivy@example.com"))
	tr := e.mustLogin("ivy@example.com", authPassword)

	status, _, body := e.do("GET", "/test/whoami", tr.AccessToken, nil)
	if status != http.StatusOK || !strings.Contains(string(body), u.ID) {
		t.Fatalf("got %d %s, want 200 with %s", status, body, u.ID)
	}

	// A different key, the none algorithm, another issuer, no expiry.
	forge := func(method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(method, claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	now := e.clock.Now()
	var sid string
	if err := e.s.db.R.Get(&sid, `SELECT family_id FROM refresh_tokens WHERE account_id = ?`, u.ID); err != nil {
		t.Fatal(err)
	}
	good := jwt.MapClaims{"iss": tokenIssuer, "sub": u.ID, "sid": sid, "exp": now.Add(time.Hour).Unix()}
	noExp := jwt.MapClaims{"iss": tokenIssuer, "sub": u.ID, "sid": sid}
	otherIss := jwt.MapClaims{"iss": "someone", "sub": u.ID, "sid": sid, "exp": now.Add(time.Hour).Unix()}
	noSid := jwt.MapClaims{"iss": tokenIssuer, "sub": u.ID, "exp": now.Add(time.Hour).Unix()}
	otherSid := jwt.MapClaims{"iss": tokenIssuer, "sub": u.ID, "sid": "0190c8a0-0000-7000-8000-000000000001", "exp": now.Add(time.Hour).Unix()}
	if tok := forge(jwt.SigningMethodHS256, e.s.auth.key, good); true {
		// sanity: a token forged with the real key works, so the failures below are the checks'
		if st, _, _ := e.do("GET", "/test/whoami", tok, nil); st != http.StatusOK {
			t.Fatalf("a well-formed token: got %d, want 200", st)
		}
	}
	bad := map[string]string{
		"garbage":         "not-a-jwt",
		"other key":       forge(jwt.SigningMethodHS256, []byte("0123456789abcdef0123456789abcdef"), good),
		"alg none":        forge(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, good),
		"HS512":           forge(jwt.SigningMethodHS512, e.s.auth.key, good),
		"no expiry":       forge(jwt.SigningMethodHS256, e.s.auth.key, noExp),
		"other iss":       forge(jwt.SigningMethodHS256, e.s.auth.key, otherIss),
		"no token":        "",
		"unknown sub":     forge(jwt.SigningMethodHS256, e.s.auth.key, jwt.MapClaims{"iss": tokenIssuer, "sub": "0190c8a0-0000-7000-8000-000000000000", "sid": sid, "exp": now.Add(time.Hour).Unix()}),
		"no session":      forge(jwt.SigningMethodHS256, e.s.auth.key, noSid),
		"unknown session": forge(jwt.SigningMethodHS256, e.s.auth.key, otherSid),
	}
	for name, tok := range bad {
		t.Run(name, func(t *testing.T) {
			status, h, body := e.do("GET", "/test/whoami", tok, nil)
			e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
			if !strings.HasPrefix(h.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("got WWW-Authenticate %q, want Bearer", h.Get("WWW-Authenticate"))
			}
		})
	}

	// The query parameter counts only on the event stream.
	status, _, body = e.do("GET", "/test/whoami?access_token="+tr.AccessToken, "", nil)
	e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
	var gotID string
	h := e.s.requireUser(func(w http.ResponseWriter, r *http.Request, id string) { gotID = id })
	rec := httptest.NewRecorder()
	h(rec, httptest.NewRequest("GET", eventsPath+"?access_token="+tr.AccessToken, nil))
	if rec.Code != http.StatusOK || gotID != u.ID {
		t.Errorf("events with access_token: got %d and %q, want 200 and %s", rec.Code, gotID, u.ID)
	}
	rec = httptest.NewRecorder()
	h(rec, httptest.NewRequest("POST", "/sync/v1/pull?access_token="+tr.AccessToken, nil))
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("pull with access_token: got %d, want 401", rec.Code)
	}

	// Deactivated and flagged accounts still authenticate (pull resets them).
	e.s.db.W.MustExec(`UPDATE accounts SET active = 0, flagged = 1 WHERE id = ?`, u.ID)
	if status, _, _ := e.do("GET", "/test/whoami", tr.AccessToken, nil); status != http.StatusOK {
		t.Errorf("deactivated account: got %d, want 200", status)
	}

	// Valid until exactly its expiry, with no leeway.
	e.clock.Advance(15*time.Minute - time.Second)
	if status, _, _ := e.do("GET", "/test/whoami", tr.AccessToken, nil); status != http.StatusOK {
		t.Errorf("one second before expiry: got %d, want 200", status)
	}
	e.clock.Advance(time.Second)
	status, _, body = e.do("GET", "/test/whoami", tr.AccessToken, nil)
	e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")

	// A real sync route is protected too.
	status, _, body = e.do("POST", "/sync/v1/pull", "", `{}`)
	e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
}

func TestServer_Refresh(t *testing.T) {
	e := newAuthEnv(t)
	u := e.register(authInfluencerReq("ivy@example.com"))
	first := e.mustLogin("ivy@example.com", authPassword)

	e.clock.Advance(time.Minute)
	status, body := e.refresh(first.RefreshToken)
	if status != http.StatusOK {
		t.Fatalf("refresh: got %d %s, want 200", status, body)
	}
	var second protocol.TokenResponse
	if err := json.Unmarshal(body, &second); err != nil {
		t.Fatal(err)
	}
	if second.RefreshToken == first.RefreshToken || second.AccessToken == first.AccessToken || second.User.ID != u.ID {
		t.Fatalf("refresh did not rotate: %+v", second)
	}
	if status, _, _ := e.do("GET", "/test/whoami", second.AccessToken, nil); status != http.StatusOK {
		t.Errorf("new access token: got %d, want 200", status)
	}

	// Once its replacement has been used, the old token coming back means theft:
	// the whole family is revoked, so the thief and the owner both sign in again.
	status, body = e.refresh(second.RefreshToken)
	if status != http.StatusOK {
		t.Fatalf("refresh with the second token: got %d %s", status, body)
	}
	var afterSecond protocol.TokenResponse
	_ = json.Unmarshal(body, &afterSecond)
	status, body = e.refresh(first.RefreshToken)
	e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
	status, body = e.refresh(afterSecond.RefreshToken)
	e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
	if !strings.Contains(e.logs.String(), "reused") {
		t.Error("the reuse is not logged")
	}

	// Another sign-in is its own family and is unaffected.
	other := e.mustLogin("ivy@example.com", authPassword)
	status, body = e.refresh(other.RefreshToken)
	if status != http.StatusOK {
		t.Fatalf("refresh of another sign-in: got %d %s", status, body)
	}
	var third protocol.TokenResponse
	_ = json.Unmarshal(body, &third)

	// Refresh tokens expire.
	e.clock.Advance(30*24*time.Hour + time.Second)
	status, body = e.refresh(third.RefreshToken)
	e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")

	// Unknown and empty tokens.
	status, body = e.refresh("bm90LWEtdG9rZW4")
	e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
	status, body = e.refresh("")
	e.wantError(status, body, http.StatusBadRequest, "invalid_argument")

	// A deactivated account cannot refresh.
	fresh := e.mustLogin("ivy@example.com", authPassword)
	e.s.db.W.MustExec(`UPDATE accounts SET active = 0 WHERE id = ?`, u.ID)
	status, body = e.refresh(fresh.RefreshToken)
	e.wantError(status, body, http.StatusForbidden, "forbidden")
}

func TestServer_Logout(t *testing.T) {
	e := newAuthEnv(t)
	e.register(authInfluencerReq("ivy@example.com"))
	tr := e.mustLogin("ivy@example.com", authPassword)

	for i := 0; i < 2; i++ { // idempotent
		status, _, body := e.do("POST", "/api/v1/auth/logout", "", protocol.RefreshRequest{RefreshToken: tr.RefreshToken})
		if status != http.StatusNoContent || len(body) != 0 {
			t.Fatalf("logout #%d: got %d %q, want 204 and no body", i+1, status, body)
		}
	}
	status, body := e.refresh(tr.RefreshToken)
	e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")

	if status, _, _ := e.do("POST", "/api/v1/auth/logout", "", protocol.RefreshRequest{RefreshToken: "unknown"}); status != http.StatusNoContent {
		t.Errorf("logout of an unknown token: got %d, want 204", status)
	}
	status, _, b := e.do("POST", "/api/v1/auth/logout", "", `{}`)
	e.wantError(status, b, http.StatusBadRequest, "invalid_argument")
}

func TestServer_LoginThrottle(t *testing.T) {
	e := newAuthEnv(t)
	e.register(authInfluencerReq("ivy@example.com"))

	for i := 0; i < loginMaxPerAccount; i++ {
		status, _, body := e.login("ivy@example.com", "wrong password")
		e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
		e.clock.Advance(time.Minute)
	}
	// Locked, even with the right password.
	status, h, body := e.login("ivy@example.com", authPassword)
	e.wantError(status, body, http.StatusTooManyRequests, "rate_limited")
	// The first failure was 5 minutes ago: it leaves the window in 10 minutes.
	if got := h.Get("Retry-After"); got != "600" {
		t.Errorf("got Retry-After %q, want 600", got)
	}
	e.clock.Advance(10*time.Minute - time.Second)
	status, _, body = e.login("ivy@example.com", authPassword)
	e.wantError(status, body, http.StatusTooManyRequests, "rate_limited")
	e.clock.Advance(time.Second)
	e.mustLogin("ivy@example.com", authPassword)

	// A success clears the account's count: four more failures do not lock it.
	for i := 0; i < loginMaxPerAccount-1; i++ {
		status, _, body := e.login("ivy@example.com", "wrong password")
		e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
	}
	e.mustLogin("ivy@example.com", authPassword)
}

func TestServer_LoginThrottlePerAddress(t *testing.T) {
	e := newAuthEnv(t)
	e.register(authInfluencerReq("ivy@example.com"))
	// Many emails from one address: each below its own limit.
	for i := 0; i < loginMaxPerAddress; i++ {
		status, _, body := e.login(fmt.Sprintf("guess%d@example.com", i), "wrong password")
		e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
	}
	status, h, body := e.login("ivy@example.com", authPassword)
	e.wantError(status, body, http.StatusTooManyRequests, "rate_limited")
	if h.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	// Another address is not affected.
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/api/v1/auth/login",
		strings.NewReader(`{"email":"ivy@example.com","password":"`+authPassword+`"}`))
	req.RemoteAddr = "192.0.2.7:5555"
	e.s.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("another address: got %d %s, want 200", rec.Code, rec.Body)
	}
	e.clock.Advance(loginWindow)
	e.mustLogin("ivy@example.com", authPassword)
}

func TestServer_SecretsNotStoredInClear(t *testing.T) {
	e := newAuthEnv(t)
	e.register(authSponsorReq("sam@example.com"))
	tr := e.mustLogin("sam@example.com", authPassword)
	status, body := e.refresh(tr.RefreshToken)
	if status != http.StatusOK {
		t.Fatalf("refresh: got %d %s", status, body)
	}
	var tr2 protocol.TokenResponse
	_ = json.Unmarshal(body, &tr2)

	if n := e.count(`SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = ?`, hashToken(tr2.RefreshToken)); n != 1 {
		t.Errorf("got %d rows for the refresh token's hash, want 1", n)
	}
	// Checkpoint so the main file holds everything, then look at every byte.
	e.s.db.W.MustExec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	var raw []byte
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(e.s.db.Path + suffix)
		if err == nil {
			raw = append(raw, b...)
		}
	}
	for name, secret := range map[string]string{"password": authPassword, "refresh token": tr.RefreshToken,
		"rotated refresh token": tr2.RefreshToken, "access token": tr.AccessToken} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the database file contains the %s in clear", name)
		}
	}
}

func TestServer_SigningKeySurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{DBPath: filepath.Join(dir, "sync.db"), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	s1, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	key := append([]byte(nil), s1.auth.key...)
	s1.Close()
	s2, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if len(key) != 32 || !bytes.Equal(key, s2.auth.key) {
		t.Errorf("got key %x after restart, want the stored %x", s2.auth.key, key)
	}
}
