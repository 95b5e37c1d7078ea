package securitytest

import (
	"net/http"
	"strings"
	"testing"

	"iescp/sync/protocol"
)

// TestNosniffOnEveryResponse: every answer, success or error, carries
// X-Content-Type-Options: nosniff.
func TestNosniffOnEveryResponse(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	a := register(t, s, "influencer", "nosniff")
	c := newClient()
	for _, tc := range []struct {
		name, method, path, token string
		body                      any
	}{
		{"healthz", "GET", "/healthz", "", nil},
		{"metrics", "GET", "/metrics", "", nil},
		{"login_ok", "POST", "/api/v1/auth/login", "", protocol.LoginRequest{Email: a.Email, Password: a.Password}},
		{"login_wrong", "POST", "/api/v1/auth/login", "", protocol.LoginRequest{Email: a.Email, Password: "wrong password"}},
		{"register_bad", "POST", "/api/v1/auth/register", "", "{"},
		{"refresh_bad", "POST", "/api/v1/auth/refresh", "", protocol.RefreshRequest{RefreshToken: "nope"}},
		{"pull_ok", "POST", "/sync/v1/pull", a.access, pullReq()},
		{"pull_no_token", "POST", "/sync/v1/pull", "", pullReq()},
		{"unknown_route", "GET", "/nope", "", nil},
		{"wrong_method", "GET", "/sync/v1/push", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, c, tc.method, s.URL+tc.path, tc.token, tc.body)
			if got := r.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("%s %s (status %d): X-Content-Type-Options %q, want nosniff", tc.method, tc.path, r.Status, got)
			}
		})
	}
	t.Run("event_stream", func(t *testing.T) {
		req, _ := http.NewRequest("GET", s.URL+"/sync/v1/events", nil)
		req.Header.Set("Authorization", "Bearer "+a.access)
		resp, err := c.Transport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("event stream: X-Content-Type-Options %q, want nosniff", got)
		}
	})
}

// TestTokenResponsesAreNotCached: answers that carry tokens say Cache-Control:
// no-store, so no proxy or browser cache keeps them.
func TestTokenResponsesAreNotCached(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	a := register(t, s, "influencer", "nocache")
	r := do(t, a.http, "POST", s.URL+"/api/v1/auth/login", "", protocol.LoginRequest{Email: a.Email, Password: a.Password})
	if r.Status != http.StatusOK {
		t.Fatalf("login: %d %s", r.Status, r.Body)
	}
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("login answer: Cache-Control %q, want no-store", cc)
	}
	rr, _ := refreshWith(t, a, a.refresh)
	if rr.Status != http.StatusOK {
		t.Fatalf("refresh: %d %s", rr.Status, rr.Body)
	}
	if cc := rr.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("refresh answer: Cache-Control %q, want no-store", cc)
	}
}

// TestUnknownRoutesAnswerTypedNotFound: a path the server does not serve is 404
// with the typed error body, not net/http's text/plain page.
func TestUnknownRoutesAnswerTypedNotFound(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	for _, p := range []string{"/", "/nope", "/api/v1/auth/whoami", "/sync/v2/pull", "/sync/v1/push/../../etc/passwd", "/.env"} {
		t.Run(strings.Trim(strings.ReplaceAll(p, "/", "_"), "_"), func(t *testing.T) {
			r := do(t, newClient(), "GET", s.URL+p, "", nil)
			r.expectError(t, http.StatusNotFound, "not_found")
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("GET %s: Content-Type %q, want application/json", p, ct)
			}
		})
	}
}

// TestWrongMethodsAnswerTypedError: a known path with a method it does not take is
// 405 with Allow and the typed error body.
func TestWrongMethodsAnswerTypedError(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	for _, tc := range []struct{ method, path string }{
		{"GET", "/sync/v1/push"}, {"PUT", "/sync/v1/pull"}, {"DELETE", "/api/v1/auth/login"},
		{"POST", "/healthz"}, {"POST", "/sync/v1/events"}, {"GET", "/api/v1/auth/register"},
	} {
		t.Run(tc.method+strings.ReplaceAll(tc.path, "/", "_"), func(t *testing.T) {
			r := do(t, newClient(), tc.method, s.URL+tc.path, "", nil)
			if r.Status != http.StatusMethodNotAllowed {
				t.Fatalf("%s %s: status %d, want 405", tc.method, tc.path, r.Status)
			}
			if r.Header.Get("Allow") == "" {
				t.Errorf("%s %s: 405 without an Allow header", tc.method, tc.path)
			}
			if e := r.errorBody(t); e.Code == "" {
				t.Errorf("%s %s: no error code", tc.method, tc.path)
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("%s %s: Content-Type %q, want application/json", tc.method, tc.path, ct)
			}
		})
	}
}

// TestLogsHoldNoSecrets signs in, refreshes, fails a sign-in, pushes and signs out,
// then reads the server's whole log: no password, access or refresh token in it.
func TestLogsHoldNoSecrets(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	a := register(t, s, "sponsor", "logged")
	wrong := "wrong-password-" + a.ID
	do(t, a.http, "POST", s.URL+"/api/v1/auth/login", "", protocol.LoginRequest{Email: a.Email, Password: wrong})
	rr, tok := refreshWith(t, a, a.refresh)
	if rr.Status != 200 {
		t.Fatalf("refresh: %d %s", rr.Status, rr.Body)
	}
	a.must(t, "profile.update", map[string]any{"name": "Logged Sponsor"})
	pullWith(t, s, "forged."+a.access)
	do(t, a.http, "POST", s.URL+"/api/v1/auth/logout", tok.AccessToken, protocol.RefreshRequest{RefreshToken: tok.RefreshToken})
	log := s.log()
	if !strings.Contains(log, `"msg":"listening"`) {
		t.Fatalf("the server's log was not captured: %q", clip(log))
	}
	for what, secret := range map[string]string{
		"password": a.Password, "wrong password": wrong, "admin password": s.adminPW,
		"access token": a.access, "refreshed access token": tok.AccessToken,
		"refresh token": a.refresh, "rotated refresh token": tok.RefreshToken,
		"access token signature": a.access[strings.LastIndex(a.access, ".")+1:],
	} {
		if strings.Contains(log, secret) {
			t.Errorf("the server's log holds the %s", what)
		}
	}
}
