package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"iescp/backend/auth"
	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/sync/protocol"
)

// hxClock is a clock that only moves when told.
type hxClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *hxClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *hxClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// hxEnv is a real server (net/http.Server with the configured limits) listening
// on 127.0.0.1:0 over a temp-dir database, with a fake clock.
type hxEnv struct {
	t     *testing.T
	s     *Server
	url   string
	clock *hxClock
	hc    *http.Client // its own connections, closed before the server
	n     int          // accounts made
}

// wait bounds every wait of these tests: generous, since the machine may be busy.
const wait = 30 * time.Second

func newHXEnv(t *testing.T, cfg Config) *hxEnv {
	t.Helper()
	clock := &hxClock{t: time.Date(2030, 3, 1, 9, 0, 0, 0, time.UTC)}
	cfg.DBPath = filepath.Join(t.TempDir(), "sync.db")
	cfg.Now = clock.Now
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.auth.params = auth.Params{Memory: 256, Time: 1, Threads: 1, KeyLen: 32}
	if err := s.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve() }()
	hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	t.Cleanup(func() {
		hc.CloseIdleConnections()
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return &hxEnv{t: t, s: s, url: s.URL(), clock: clock, hc: hc}
}

const hxPassword = "correct horse battery"

// account creates an account of role directly in the database (a cheap password
// hash, no registration limits) and returns its id and an access token.
func (e *hxEnv) account(role domain.Role) (string, string) {
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
	hash, err := auth.HashPasswordWith(hxPassword, e.s.auth.params)
	if err != nil {
		e.t.Fatal(err)
	}
	u, _, err := createAccount(context.Background(), e.s.db, a, hash, e.clock.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	return u.ID, e.token(u.ID)
}

func (e *hxEnv) token(id string) string {
	e.t.Helper()
	// A real sign-in: a refresh-token family the access token's sid names.
	resp, err := e.s.issueTokens(context.Background(), &credentialRow{ID: id}, "")
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.AccessToken
}

// do sends a request (a string body is sent as is, anything else as JSON).
func (e *hxEnv) do(method, path, token string, body any) (int, http.Header, []byte) {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, e.url+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
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

// wantError checks a typed error answer and returns it.
func (e *hxEnv) wantError(status int, body []byte, wantStatus int, wantCode domain.Code) protocol.ErrorDetail {
	e.t.Helper()
	var eb protocol.ErrorBody
	if err := json.Unmarshal(body, &eb); err != nil {
		e.t.Fatalf("error body %.200q is not JSON: %v", body, err)
	}
	if status != wantStatus || eb.Error.Code != string(wantCode) {
		e.t.Fatalf("got %d %s (%.300s), want %d %s", status, eb.Error.Code, eb.Error.Message, wantStatus, wantCode)
	}
	if eb.Error.Message == "" {
		e.t.Fatalf("error %s has no message", eb.Error.Code)
	}
	return eb.Error
}

// mut makes a mutation with JSON-encoded args.
func mut(id int64, name string, args any) protocol.Mutation {
	raw, err := json.Marshal(args)
	if err != nil {
		panic(err)
	}
	return protocol.Mutation{ID: id, Name: name, Args: raw}
}

// push pushes mutations as one request and returns the status and body.
func (e *hxEnv) push(token, clientID string, muts ...protocol.Mutation) (int, []byte) {
	e.t.Helper()
	status, _, body := e.do("POST", "/sync/v1/push", token, protocol.PushRequest{ClientID: clientID,
		ProtocolVersion: protocol.ProtocolVersion, SchemaVersion: e.s.cfg.MinSchemaVersion, Mutations: muts})
	return status, body
}

// mustPush pushes and wants every mutation applied.
func (e *hxEnv) mustPush(token, clientID string, muts ...protocol.Mutation) protocol.PushResponse {
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

func (e *hxEnv) count(query string, args ...any) int64 {
	e.t.Helper()
	var n int64
	if err := e.s.db.R.Get(&n, query, args...); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// draft is campaign.create args for a private draft.
func draft(id string) mutate.CampaignCreate {
	return mutate.CampaignCreate{ID: id, Name: "Draft " + id[:8], StartDate: "2030-04-01", EndDate: "2030-05-01",
		Budget: 100_00, Visibility: "private"}
}

// dial opens a raw TCP connection to the server.
func (e *hxEnv) dial() net.Conn {
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

// A request body trickled slowly is cut off by the read timeout.
func TestHTTP_SlowBodyIsCut(t *testing.T) {
	e := newHXEnv(t, Config{ReadHeaderTimeout: 300 * time.Millisecond, ReadTimeout: 300 * time.Millisecond})
	c := e.dial()
	if _, err := io.WriteString(c, "POST /api/v1/auth/login HTTP/1.1\r\nHost: test\r\n"+
		"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"e"); err != nil {
		t.Fatal(err)
	}
	// One more byte, as a trickle would; then nothing: the server must hang up.
	if _, err := io.WriteString(c, "m"); err != nil {
		t.Fatal(err)
	}
	got := waitClosed(t, c, c)
	if len(got) > 0 && !bytes.Contains(got, []byte("400")) {
		t.Errorf("answer to a cut body: %.300q", got)
	}
}

// An idle keep-alive connection is closed by the idle timeout.
func TestHTTP_IdleConnectionIsClosed(t *testing.T) {
	e := newHXEnv(t, Config{IdleTimeout: 300 * time.Millisecond})
	c := e.dial()
	if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Close {
		t.Fatalf("healthz: %d, close %v; want 200 kept alive", resp.StatusCode, resp.Close)
	}
	if got := waitClosed(t, c, br); len(got) > 0 {
		t.Errorf("unexpected bytes on an idle connection: %q", got)
	}
}

// Headers past MaxHeaderBytes are refused (net/http allows 4 KiB of slack).
func TestHTTP_HeaderBytesBounded(t *testing.T) {
	e := newHXEnv(t, Config{})
	req, _ := http.NewRequest("GET", e.url+"/healthz", nil)
	req.Header.Set("X-Padding", strings.Repeat("a", DefaultMaxHeaderBytes+8<<10))
	resp, err := e.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("got %d for %d bytes of headers, want 431", resp.StatusCode, DefaultMaxHeaderBytes+8<<10)
	}
	// Just under the limit is fine.
	req.Header.Set("X-Padding", strings.Repeat("a", DefaultMaxHeaderBytes-1<<10))
	resp, err = e.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("got %d under the header limit, want 200", resp.StatusCode)
	}
}

// Every request body is bounded, even on a route that reads it without a limit
// of its own; the sync and auth routes answer 413 with the typed error.
func TestHTTP_BodiesBounded(t *testing.T) {
	e := newHXEnv(t, Config{})
	e.s.mux.HandleFunc("POST /test/readall", func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, string(domain.CodePayloadTooLarge), "too big")
			return
		}
		writeJSON(w, http.StatusOK, map[string]int{"read": len(b)})
	})
	_, tok := e.account(domain.RoleInfluencer)
	huge := bytes.Repeat([]byte(" "), protocol.MaxBodyBytes+1)
	for _, path := range []string{"/test/readall", "/sync/v1/push", "/sync/v1/pull", "/api/v1/auth/login",
		"/api/v1/auth/register", "/api/v1/auth/refresh", "/api/v1/auth/logout"} {
		status, _, body := e.do("POST", path, tok, huge)
		e.wantError(status, body, http.StatusRequestEntityTooLarge, domain.CodePayloadTooLarge)
	}
}

// Every answer says nosniff; API answers (tokens above all) say no-store; unknown
// routes and wrong methods get the typed error body.
func TestHTTP_Hygiene(t *testing.T) {
	e := newHXEnv(t, Config{})
	id, tok := e.account(domain.RoleSponsor)
	var email string
	if err := e.s.db.R.Get(&email, `SELECT email FROM accounts WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	check := func(what string, h http.Header) {
		t.Helper()
		if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q, want nosniff", what, got)
		}
		if got := h.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", what, got)
		}
	}
	status, h, body := e.do("POST", "/api/v1/auth/login", "", protocol.LoginRequest{Email: email, Password: hxPassword})
	if status != http.StatusOK {
		t.Fatalf("login: %d %s", status, body)
	}
	check("login", h)
	var tr protocol.TokenResponse
	if err := json.Unmarshal(body, &tr); err != nil {
		t.Fatal(err)
	}
	status, h, body = e.do("POST", "/api/v1/auth/refresh", "", protocol.RefreshRequest{RefreshToken: tr.RefreshToken})
	if status != http.StatusOK {
		t.Fatalf("refresh: %d %s", status, body)
	}
	check("refresh", h)
	_, h, _ = e.do("POST", "/api/v1/auth/login", "", protocol.LoginRequest{Email: email, Password: "wrong password!"})
	check("failed login", h)
	_, h, _ = e.do("GET", "/healthz", "", nil)
	check("healthz", h)
	_, h, _ = e.do("GET", "/metrics", "", nil)
	check("metrics", h)
	_, h, _ = e.do("POST", "/sync/v1/pull", tok, protocol.PullRequest{ClientID: domain.NewID(),
		ProtocolVersion: protocol.ProtocolVersion, SchemaVersion: e.s.cfg.MinSchemaVersion})
	check("pull", h)
	_, h, _ = e.do("POST", "/sync/v1/push", "", "{}")
	check("unauthenticated push", h)

	for _, path := range []string{"/", "/nope", "/sync/v1", "/sync/v1/push/x", "/api/v1/auth"} {
		status, h, body := e.do("GET", path, "", nil)
		e.wantError(status, body, http.StatusNotFound, domain.CodeNotFound)
		check("GET "+path, h)
		if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("GET %s: Content-Type %q", path, ct)
		}
	}
	for _, c := range []struct{ method, path, allow string }{
		{"GET", "/sync/v1/push", "POST"},
		{"PUT", "/sync/v1/pull", "POST"},
		{"POST", "/sync/v1/events", "GET, HEAD"},
		{"DELETE", "/healthz", "GET, HEAD"},
		{"GET", "/api/v1/auth/login", "POST"},
	} {
		status, h, body := e.do(c.method, c.path, tok, nil)
		e.wantError(status, body, http.StatusMethodNotAllowed, domain.CodeMethodNotAllowed)
		if got := h.Get("Allow"); got != c.allow {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.path, got, c.allow)
		}
		check(c.method+" "+c.path, h)
	}
}
