package server

import (
	"bytes"
	"context"
	"encoding/json"
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

// doFrom sends a request through the handler as if from remote address addr.
func (e *authEnv) doFrom(addr, method, path string, body any) *httptest.ResponseRecorder {
	e.t.Helper()
	j, err := json.Marshal(body)
	if err != nil {
		e.t.Fatal(err)
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(j))
	req.RemoteAddr = addr
	rec := httptest.NewRecorder()
	e.s.Handler().ServeHTTP(rec, req)
	return rec
}

// loginResult is one answer of a concurrent burst.
type loginResult struct {
	status     int
	retryAfter string
	err        error
}

// loginAsync signs in over real HTTP in a goroutine once start is closed.
func (e *authEnv) loginAsync(ctx context.Context, start <-chan struct{}, email, password string, out chan<- loginResult) {
	go func() {
		<-start
		body, _ := json.Marshal(protocol.LoginRequest{Email: email, Password: password})
		req, err := http.NewRequestWithContext(ctx, "POST", e.ts.URL+"/api/v1/auth/login", bytes.NewReader(body))
		if err != nil {
			out <- loginResult{err: err}
			return
		}
		resp, err := e.ts.Client().Do(req)
		if err != nil {
			out <- loginResult{err: err}
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		out <- loginResult{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After")}
	}()
}

// TestServer_LoginBurst: 40 concurrent wrong-password sign-ins for one account
// from one address get at most loginMaxPerAccount 401s, the rest 429 with a
// Retry-After, and afterwards the right password is refused too.
func TestServer_LoginBurst(t *testing.T) {
	e := newAuthEnv(t)
	e.register(authInfluencerReq("ivy@example.com"))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const n = 40
	// The hashing slots are held until every attempt has either been answered or
	// is waiting for a slot, so the whole burst is in flight at once whatever the
	// machine's speed (real argon2id made this window wide open).
	releaseSlots := e.holdHashSlots()
	start := make(chan struct{})
	out := make(chan loginResult, n)
	for i := 0; i < n; i++ {
		e.loginAsync(ctx, start, "ivy@example.com", fmt.Sprintf("wrong password %d", i), out)
	}
	close(start)
	got := map[int]int{}
	answered := 0
	collect := func(r loginResult) {
		if r.err != nil {
			t.Fatal(r.err)
		}
		answered++
		got[r.status]++
		if r.status == http.StatusTooManyRequests && r.retryAfter == "" {
			t.Error("a 429 without Retry-After")
		}
	}
	waitFor(t, "every attempt to be answered or waiting for a hash", func() bool {
		select {
		case r := <-out:
			collect(r)
		default:
		}
		return answered+int(e.s.auth.hashing.waiting.Load()) == n
	})
	releaseSlots()
	for answered < n {
		collect(<-out)
	}
	if got[http.StatusUnauthorized] > loginMaxPerAccount || got[http.StatusUnauthorized]+got[http.StatusTooManyRequests] != n {
		t.Fatalf("got statuses %v, want at most %d × 401 and the rest 429", got, loginMaxPerAccount)
	}
	status, h, body := e.login("ivy@example.com", authPassword)
	e.wantError(status, body, http.StatusTooManyRequests, "rate_limited")
	if h.Get("Retry-After") != "900" {
		t.Errorf("got Retry-After %q, want 900 (the window)", h.Get("Retry-After"))
	}
}

// holdHashSlots takes every password-hashing slot until the returned func is called.
func (e *authEnv) holdHashSlots() (release func()) {
	n := cap(e.s.auth.hashing.ch)
	for i := 0; i < n; i++ {
		e.s.auth.hashing.ch <- struct{}{}
	}
	return func() {
		for i := 0; i < n; i++ {
			<-e.s.auth.hashing.ch
		}
	}
}

// pending is how many attempts of key the throttle has reserved and not ended.
func pending(th *attemptThrottle, key string) int {
	th.mu.Lock()
	defer th.mu.Unlock()
	if a := th.keys[key]; a != nil {
		return a.pending
	}
	return 0
}

// waitFor polls cond (cheap, in-memory) until it holds or a generous deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestServer_LoginBurstHoldsRightPassword: while loginMaxPerAccount wrong
// attempts are still being checked (the hashing slots are held), the right
// password is already refused with 429, without waiting for a hashing slot, and
// once they have failed it stays refused.
func TestServer_LoginBurstHoldsRightPassword(t *testing.T) {
	// Waits for a hashing slot end only with the request here.
	e := newAuthEnvWith(t, func(c *Config) { c.HashWait = 10 * time.Minute })
	e.register(authInfluencerReq("ivy@example.com"))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	releaseSlots := e.holdHashSlots()
	start := make(chan struct{})
	close(start)
	wrong := make(chan loginResult, loginMaxPerAccount)
	for i := 0; i < loginMaxPerAccount; i++ {
		e.loginAsync(ctx, start, "ivy@example.com", "wrong password", wrong)
	}
	waitFor(t, "the wrong attempts to wait for a hash", func() bool {
		return e.s.auth.hashing.waiting.Load() == loginMaxPerAccount
	})
	right := make(chan loginResult, 1)
	e.loginAsync(ctx, start, "ivy@example.com", authPassword, right)
	select {
	case r := <-right:
		if r.err != nil || r.status != http.StatusTooManyRequests || r.retryAfter == "" {
			t.Fatalf("the right password during the burst: got %+v, want 429 with Retry-After", r)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the right password waited for a hashing slot instead of being refused")
	}
	releaseSlots()
	for i := 0; i < loginMaxPerAccount; i++ {
		if r := <-wrong; r.err != nil || r.status != http.StatusUnauthorized {
			t.Fatalf("a wrong attempt: got %+v, want 401", r)
		}
	}
	status, _, body := e.login("ivy@example.com", authPassword)
	e.wantError(status, body, http.StatusTooManyRequests, "rate_limited")
	e.clock.Advance(loginWindow)
	e.mustLogin("ivy@example.com", authPassword)
}

// TestServer_LoginHashWaitBounded: a sign-in that cannot get a hashing slot in
// time is answered 429 with Retry-After instead of queueing without end, and the
// attempt does not count as a failure; throttled attempts never take a slot.
func TestServer_LoginHashWaitBounded(t *testing.T) {
	e := newAuthEnvWith(t, func(c *Config) { c.HashWait = 50 * time.Millisecond })
	e.register(authInfluencerReq("ivy@example.com"))
	releaseSlots := e.holdHashSlots()
	status, h, body := e.login("ivy@example.com", authPassword)
	e.wantError(status, body, http.StatusTooManyRequests, "rate_limited")
	if h.Get("Retry-After") != "1" {
		t.Errorf("got Retry-After %q, want 1", h.Get("Retry-After"))
	}
	if p := pending(e.s.auth.accounts, "ivy@example.com") + pending(e.s.auth.addrs, "127.0.0.1"); p != 0 {
		t.Errorf("%d reservations left after a busy answer, want 0", p)
	}
	status, _, body = e.do("POST", "/api/v1/auth/register", "", authInfluencerReq("ann@example.com"))
	e.wantError(status, body, http.StatusTooManyRequests, "rate_limited")
	releaseSlots()
	// Nothing was counted: all of the account's failures are still available.
	for i := 0; i < loginMaxPerAccount-1; i++ {
		status, _, body := e.login("ivy@example.com", "wrong password")
		e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
	}
	e.mustLogin("ivy@example.com", authPassword)
	e.register(authInfluencerReq("ann@example.com"))
}

// TestServer_LoginLookAlikes: a look-alike spelling of an email reaches the same
// account and is throttled under the same counter.
func TestServer_LoginLookAlikes(t *testing.T) {
	e := newAuthEnv(t)
	u := e.register(authInfluencerReq("admin@example.com"))
	tr := e.mustLogin("ＡＤＭＩＮ@ｅｘａｍｐｌｅ.com", authPassword)
	if tr.User.ID != u.ID {
		t.Fatalf("the fullwidth spelling signed in as %s, want %s", tr.User.ID, u.ID)
	}
	spellings := []string{"ａdmin@example.com", "Admin@example.com", "aｄmin@example.com", "adＭin@example.com", "admＩn@example.com"}
	for _, sp := range spellings[:loginMaxPerAccount] {
		status, _, body := e.login(sp, "wrong password")
		e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
	}
	status, _, body := e.login("admin@example.com", authPassword)
	e.wantError(status, body, http.StatusTooManyRequests, "rate_limited")
	// A look-alike that does not normalise (mixed scripts, invisible characters)
	// is just a wrong email.
	e.clock.Advance(loginWindow)
	for _, sp := range []string{"\u0430dmin@example.com", "adm\u200bin@example.com"} {
		status, _, body := e.login(sp, authPassword)
		e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
	}
}

// TestServer_RegisterLookAlikes: look-alikes of a registered email are refused as
// taken (they normalise to it) or as invalid, and no account is created.
func TestServer_RegisterLookAlikes(t *testing.T) {
	e := newAuthEnv(t)
	e.register(authInfluencerReq("admin@example.com"))
	taken := []string{"ａdmin@example.com", "ＡＤＭＩＮ@example.com", "admin@ｅxample.com", "admin＠example.com", "ADMIN@EXAMPLE.COM"}
	for _, em := range taken {
		status, _, body := e.do("POST", "/api/v1/auth/register", "", authInfluencerReq(em))
		d := e.wantError(status, body, http.StatusConflict, "invalid_argument")
		if !strings.Contains(d.Message, "already registered") {
			t.Errorf("%q: got %q, want already registered", em, d.Message)
		}
	}
	invalid := []string{"adm\u200bin@example.com", "adm\u00adin@example.com", "\u0430dmin@example.com",
		"ad\u202emin@example.com", "admin@ex\u0430mple.com", "r\u03bfot@example.com"}
	for _, em := range invalid {
		status, _, body := e.do("POST", "/api/v1/auth/register", "", authInfluencerReq(em))
		e.wantError(status, body, http.StatusBadRequest, "invalid_argument")
	}
	if n := e.count(`SELECT COUNT(*) FROM accounts`); n != 1 {
		t.Errorf("got %d accounts, want 1", n)
	}
	// A new account registered in fullwidth is stored in its normal form.
	u := e.register(authSponsorReq("ｎｅｗ@Example.com"))
	if u.Email != "new@example.com" {
		t.Errorf("got email %q, want new@example.com", u.Email)
	}
}

// TestServer_RegisterPasswordPolicy: whitespace-only passwords are refused, and
// the minimum length counts characters, not bytes or code points of a
// decomposed form.
func TestServer_RegisterPasswordPolicy(t *testing.T) {
	e := newAuthEnv(t)
	for name, pw := range map[string]string{
		"spaces":               "            ",
		"no-break spaces":      "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0",
		"four decomposed é":    "e\u0301e\u0301e\u0301e\u0301",
		"seven two-byte chars": "ééééééé",
	} {
		req := authInfluencerReq("ivy@example.com")
		req.Password = pw
		status, _, body := e.do("POST", "/api/v1/auth/register", "", req)
		d := e.wantError(status, body, http.StatusBadRequest, "invalid_argument")
		if !strings.Contains(d.Message, "password") {
			t.Errorf("%s: got %q, want a message about the password", name, d.Message)
		}
	}
	req := authInfluencerReq("ivy@example.com")
	req.Password = "пароль12" // 8 characters, 14 bytes
	e.register(req)
	e.mustLogin("ivy@example.com", "пароль12")
}

// TestServer_RegisterRateLimitPerAddress: one address registers at most
// registerMaxPerAddress accounts an hour; others are not affected; refused
// input does not count.
func TestServer_RegisterRateLimitPerAddress(t *testing.T) {
	e := newAuthEnv(t)
	bad := authInfluencerReq("not an email")
	for i := 0; i < 3; i++ {
		if rec := e.doFrom("198.51.100.1:1000", "POST", "/api/v1/auth/register", bad); rec.Code != http.StatusBadRequest {
			t.Fatalf("bad registration: got %d %s", rec.Code, rec.Body)
		}
	}
	for i := 0; i < registerMaxPerAddress; i++ {
		rec := e.doFrom("198.51.100.1:1000", "POST", "/api/v1/auth/register", authInfluencerReq(fmt.Sprintf("u%d@example.com", i)))
		if rec.Code != http.StatusCreated {
			t.Fatalf("registration %d: got %d %s", i, rec.Code, rec.Body)
		}
		e.clock.Advance(time.Minute)
	}
	rec := e.doFrom("198.51.100.1:2000", "POST", "/api/v1/auth/register", authInfluencerReq("late@example.com"))
	e.wantError(rec.Code, rec.Body.Bytes(), http.StatusTooManyRequests, "rate_limited")
	// The first registration leaves the hour in 60 - 20 = 40 minutes.
	if got := rec.Header().Get("Retry-After"); got != "2400" {
		t.Errorf("got Retry-After %q, want 2400", got)
	}
	if got := rec.Header().Get("Cache-Control"); got != "no-store" {
		t.Errorf("got Cache-Control %q, want no-store", got)
	}
	if rec := e.doFrom("198.51.100.2:1000", "POST", "/api/v1/auth/register", authInfluencerReq("other@example.com")); rec.Code != http.StatusCreated {
		t.Errorf("another address: got %d %s, want 201", rec.Code, rec.Body)
	}
	e.clock.Advance(40 * time.Minute)
	if rec := e.doFrom("198.51.100.1:3000", "POST", "/api/v1/auth/register", authInfluencerReq("late@example.com")); rec.Code != http.StatusCreated {
		t.Errorf("after the window: got %d %s, want 201", rec.Code, rec.Body)
	}
	if n := e.count(`SELECT COUNT(*) FROM accounts`); n != registerMaxPerAddress+2 {
		t.Errorf("got %d accounts, want %d", n, registerMaxPerAddress+2)
	}
}

// TestServer_RegisterRateLimitGlobal: the whole server hashes at most
// RegisterMaxPerMinute registrations a minute, from any number of addresses,
// and a concurrent burst cannot exceed it.
func TestServer_RegisterRateLimitGlobal(t *testing.T) {
	const perMinute = 5
	e := newAuthEnvWith(t, func(c *Config) { c.RegisterMaxPerMinute = perMinute })
	const n = 12
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			j, _ := json.Marshal(authInfluencerReq(fmt.Sprintf("u%d@example.com", i)))
			req := httptest.NewRequest("POST", "/api/v1/auth/register", bytes.NewReader(j))
			req.RemoteAddr = fmt.Sprintf("203.0.113.%d:1000", i+1)
			rec := httptest.NewRecorder()
			e.s.Handler().ServeHTTP(rec, req)
			if rec.Code == http.StatusTooManyRequests {
				if ra, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || ra < 1 || ra > 60 {
					t.Errorf("got Retry-After %q, want 1..60", rec.Header().Get("Retry-After"))
				}
			}
			codes <- rec.Code
		}()
	}
	wg.Wait()
	close(codes)
	got := map[int]int{}
	for c := range codes {
		got[c]++
	}
	if got[http.StatusCreated] != perMinute || got[http.StatusTooManyRequests] != n-perMinute {
		t.Fatalf("got statuses %v, want %d × 201 and %d × 429", got, perMinute, n-perMinute)
	}
	e.clock.Advance(registerGlobalWindow)
	if rec := e.doFrom("203.0.113.200:1", "POST", "/api/v1/auth/register", authInfluencerReq("next@example.com")); rec.Code != http.StatusCreated {
		t.Errorf("a minute later: got %d %s, want 201", rec.Code, rec.Body)
	}
}

// TestServer_TokenResponsesNoStore: token answers must not be cached.
func TestServer_TokenResponsesNoStore(t *testing.T) {
	e := newAuthEnv(t)
	status, h, body := e.do("POST", "/api/v1/auth/register", "", authInfluencerReq("ivy@example.com"))
	if status != http.StatusCreated || h.Get("Cache-Control") != "no-store" {
		t.Errorf("register: got %d, Cache-Control %q: %s", status, h.Get("Cache-Control"), body)
	}
	status, h, body = e.login("ivy@example.com", authPassword)
	if status != http.StatusOK || h.Get("Cache-Control") != "no-store" {
		t.Errorf("login: got %d, Cache-Control %q", status, h.Get("Cache-Control"))
	}
	var tr protocol.TokenResponse
	_ = json.Unmarshal(body, &tr)
	status, h, _ = e.do("POST", "/api/v1/auth/refresh", "", protocol.RefreshRequest{RefreshToken: tr.RefreshToken})
	if status != http.StatusOK || h.Get("Cache-Control") != "no-store" {
		t.Errorf("refresh: got %d, Cache-Control %q", status, h.Get("Cache-Control"))
	}
	status, h, _ = e.login("ivy@example.com", "wrong password")
	if status != http.StatusUnauthorized || h.Get("Cache-Control") != "no-store" {
		t.Errorf("failed login: got %d, Cache-Control %q", status, h.Get("Cache-Control"))
	}
}

// mustRefresh refreshes with token and returns the new tokens.
func (e *authEnv) mustRefresh(token string) protocol.TokenResponse {
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

// TestServer_RefreshIdempotent: a desktop whose refresh answers were lost 1, 2 or
// 3 times (also retrying after more than 30 s) gets the same replacement each
// time, a fresh access token each time, and its next refresh with that
// replacement works; the sign-in is not revoked.
func TestServer_RefreshIdempotent(t *testing.T) {
	for lost := 1; lost <= 3; lost++ {
		t.Run(fmt.Sprintf("%d lost", lost), func(t *testing.T) {
			e := newAuthEnv(t)
			e.register(authInfluencerReq("ivy@example.com"))
			first := e.mustLogin("ivy@example.com", authPassword)
			var replacement string
			accesses := map[string]bool{}
			for i := 0; i <= lost; i++ { // lost answers, then the one that arrives
				status, body := e.refresh(first.RefreshToken)
				tr := decodeTokens(t, status, body)
				if replacement != "" && tr.RefreshToken != replacement {
					t.Fatalf("retry %d got another replacement", i)
				}
				replacement = tr.RefreshToken
				if accesses[tr.AccessToken] {
					t.Fatalf("retry %d got the same access token again", i)
				}
				accesses[tr.AccessToken] = true
				if status, _, _ := e.do("GET", "/test/whoami", tr.AccessToken, nil); status != http.StatusOK {
					t.Fatalf("access token of retry %d: got %d", i, status)
				}
				e.clock.Advance(31 * time.Second) // past the old 30 s grace
			}
			if replacement == first.RefreshToken {
				t.Fatal("refresh did not rotate")
			}
			next := e.mustRefresh(replacement)
			if next.RefreshToken == replacement {
				t.Fatal("the replacement did not rotate")
			}
			if status, _, _ := e.do("GET", "/test/whoami", next.AccessToken, nil); status != http.StatusOK {
				t.Fatalf("after the retries: got %d", status)
			}
			if strings.Contains(e.logs.String(), "reused") {
				t.Error("a retry was taken for reuse")
			}
		})
	}
}

// TestServer_RefreshReuseRevokes: an old token presented after its replacement
// was itself used is theft: the family is revoked, refresh and access tokens alike.
func TestServer_RefreshReuseRevokes(t *testing.T) {
	e := newAuthEnv(t)
	e.register(authInfluencerReq("ivy@example.com"))
	first := e.mustLogin("ivy@example.com", authPassword)
	second := e.mustRefresh(first.RefreshToken)
	third := e.mustRefresh(second.RefreshToken)
	status, body := e.refresh(first.RefreshToken) // the thief, or a copy
	e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
	for name, tok := range map[string]string{"second": second.RefreshToken, "third": third.RefreshToken} {
		status, body := e.refresh(tok)
		if status != http.StatusUnauthorized {
			t.Errorf("%s after the reuse: got %d %s, want 401", name, status, body)
		}
	}
	status, _, body = e.do("GET", "/test/whoami", third.AccessToken, nil)
	e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
	if !strings.Contains(e.logs.String(), "reused") {
		t.Error("the reuse is not logged")
	}
	// Another sign-in of the same account is unaffected.
	other := e.mustLogin("ivy@example.com", authPassword)
	if status, _, _ := e.do("GET", "/test/whoami", other.AccessToken, nil); status != http.StatusOK {
		t.Errorf("another sign-in: got %d, want 200", status)
	}
}

// TestServer_LogoutEndsAccessTokens: after logout, the sign-in's access tokens
// stop working at once (not at their expiry), also after a restart; another
// sign-in of the account keeps working.
func TestServer_LogoutEndsAccessTokens(t *testing.T) {
	e := newAuthEnv(t)
	e.register(authInfluencerReq("ivy@example.com"))
	tr := e.mustLogin("ivy@example.com", authPassword)
	other := e.mustLogin("ivy@example.com", authPassword)
	rot := e.mustRefresh(tr.RefreshToken)
	for _, tok := range []string{tr.AccessToken, rot.AccessToken} {
		if status, _, _ := e.do("GET", "/test/whoami", tok, nil); status != http.StatusOK {
			t.Fatalf("before logout: got %d", status)
		}
	}
	// Logging out with any token of the sign-in ends all of it.
	if status, _, body := e.do("POST", "/api/v1/auth/logout", "", protocol.RefreshRequest{RefreshToken: tr.RefreshToken}); status != http.StatusNoContent {
		t.Fatalf("logout: %d %s", status, body)
	}
	for _, tok := range []string{tr.AccessToken, rot.AccessToken} {
		status, h, body := e.do("GET", "/test/whoami", tok, nil)
		e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
		if !strings.Contains(h.Get("WWW-Authenticate"), "invalid_token") {
			t.Errorf("got WWW-Authenticate %q, want invalid_token", h.Get("WWW-Authenticate"))
		}
	}
	status, body := e.refresh(rot.RefreshToken)
	e.wantError(status, body, http.StatusUnauthorized, "unauthenticated")
	if status, _, _ := e.do("GET", "/test/whoami", other.AccessToken, nil); status != http.StatusOK {
		t.Errorf("another sign-in: got %d, want 200", status)
	}

	// A restart on the same database remembers.
	s2, err := New(Config{DBPath: e.s.db.Path, Now: e.clock.Now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	h := s2.requireUser(func(w http.ResponseWriter, r *http.Request, id string) {
		p, _ := principalFrom(r)
		writeJSON(w, http.StatusOK, map[string]string{"sid": p.SessionID})
	})
	for tok, want := range map[string]int{rot.AccessToken: http.StatusUnauthorized, other.AccessToken: http.StatusOK} {
		req := httptest.NewRequest("GET", "/test/whoami", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		h(rec, req)
		if rec.Code != want {
			t.Errorf("after a restart: got %d, want %d", rec.Code, want)
		}
		if want == http.StatusOK && !strings.Contains(rec.Body.String(), `"sid":"`) || strings.Contains(rec.Body.String(), `"sid":""`) {
			t.Errorf("the principal has no session id: %s", rec.Body)
		}
	}
}

// TestCreateAdmin_Policy: admin creation normalises the email and applies the
// password policy like registration.
func TestCreateAdmin_Policy(t *testing.T) {
	e := newAuthEnv(t)
	ctx := context.Background()
	now := e.clock.Now()
	if _, err := CreateAdmin(ctx, e.s.db, "boss@example.com", "Boss", "            ", now); err == nil {
		t.Error("a whitespace-only admin password was accepted")
	}
	if _, err := CreateAdmin(ctx, e.s.db, "boss@example.com", "Boss", "e\u0301e\u0301e\u0301e\u0301", now); err == nil {
		t.Error("a 4-character admin password was accepted")
	}
	if _, err := CreateAdmin(ctx, e.s.db, "bo\u200bss@example.com", "Boss", authPassword, now); err == nil {
		t.Error("an email with a zero-width space was accepted")
	}
	id, err := CreateAdmin(ctx, e.s.db, "ＢＯＳＳ@example.com", "Boss", authPassword, now)
	if err != nil {
		t.Fatal(err)
	}
	var email string
	if err := e.s.db.R.Get(&email, `SELECT email FROM accounts WHERE id = ?`, id); err != nil || email != "boss@example.com" {
		t.Fatalf("got email %q (%v), want boss@example.com", email, err)
	}
	if _, err := CreateAdmin(ctx, e.s.db, "boss@ｅxample.com", "Boss 2", authPassword, now); !isEmailTaken(err) {
		t.Errorf("a look-alike admin: got %v, want email taken", err)
	}
}

// TestServer_LegacyEmails: an account stored before normalisation (a fullwidth
// email) still signs in as typed, and the server points it out at start.
func TestServer_LegacyEmails(t *testing.T) {
	e := newAuthEnv(t)
	u := e.register(authInfluencerReq("admin@example.com"))
	legacy := e.register(authInfluencerReq("other@example.com"))
	e.s.db.W.MustExec(`UPDATE accounts SET email = ? WHERE id = ?`, "\uff41dmin@example.com", legacy.ID)
	if tr := e.mustLogin("admin@example.com", authPassword); tr.User.ID != u.ID {
		t.Errorf("the normal form signed in as %s, want %s", tr.User.ID, u.ID)
	}
	if tr := e.mustLogin("ａdmin@example.com", authPassword); tr.User.ID != u.ID {
		t.Errorf("the fullwidth form signed in as %s, want the normalised account %s", tr.User.ID, u.ID)
	}
	e.s.db.W.MustExec(`UPDATE accounts SET email = ? WHERE id = ?`, "adm\u200bin@example.com", legacy.ID)
	if tr := e.mustLogin("adm\u200bin@example.com", authPassword); tr.User.ID != legacy.ID {
		t.Errorf("the legacy account signed in as %s, want %s", tr.User.ID, legacy.ID)
	}
	logs := &authLogBuffer{}
	s2, err := New(Config{DBPath: e.s.db.Path, Now: e.clock.Now, Logger: slog.New(slog.NewJSONHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got := logs.String(); !strings.Contains(got, legacy.ID) || strings.Contains(got, u.ID) {
		t.Errorf("start-up warnings: got %s, want the legacy account %s only", got, legacy.ID)
	}
}
