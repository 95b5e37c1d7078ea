package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/sync/protocol"
)

// A request body trickled slowly is cut off by the read timeout.
func TestHTTP_SlowBodyIsCut(t *testing.T) {
	e := newEnv(t, Config{ReadHeaderTimeout: 300 * time.Millisecond, ReadTimeout: 300 * time.Millisecond})
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
	e := newEnv(t, Config{IdleTimeout: 300 * time.Millisecond})
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
	e := newEnv(t, Config{})
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
	e := newEnv(t, Config{})
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
	e := newEnv(t, Config{})
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
	status, h, body := e.do("POST", "/api/v1/auth/login", "", protocol.LoginRequest{Email: email, Password: testPassword})
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

// /readyz is ready while the database answers, and says busy once the instance
// drains (Close begun), so a load balancer stops sending it requests.
func TestReadyz(t *testing.T) {
	e := newEnv(t, Config{})
	status, _, body := e.do("GET", "/readyz", "", nil)
	if status != http.StatusOK || !strings.Contains(string(body), `"status":"ready"`) {
		t.Fatalf("readyz: %d %s", status, body)
	}
	e.s.draining.Store(true)
	status, _, body = e.do("GET", "/readyz", "", nil)
	if status != http.StatusServiceUnavailable || !strings.Contains(string(body), `"busy"`) {
		t.Fatalf("readyz while draining: %d %s", status, body)
	}
	e.s.draining.Store(false)
}
