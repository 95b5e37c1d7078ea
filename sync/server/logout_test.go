package server

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"iescp/backend/domain"
	"iescp/sync/protocol"
)

const logoutURL = "/api/v1/auth/logout"

func TestLogout(t *testing.T) {
	// ivy signs in twice ("tr" and "other"); tr's refresh token is rotated once ("rot").
	signedIn := func(t *testing.T, e *testEnv) {
		e.register(influencerReq("ivy@example.com"))
		tr := e.mustLogin("ivy@example.com", testPassword)
		other := e.mustLogin("ivy@example.com", testPassword)
		rot := e.mustRefresh(tr.RefreshToken)
		for _, tok := range []string{tr.AccessToken, rot.AccessToken} {
			if status := e.whoami(tok); status != http.StatusOK {
				t.Fatalf("before logout: got %d", status)
			}
		}
		e.set("refresh", tr.RefreshToken)
		e.set("access", tr.AccessToken)
		e.set("rot", rot.RefreshToken)
		e.set("rot access", rot.AccessToken)
		e.set("other access", other.AccessToken)
	}
	live := `SELECT COUNT(*) FROM refresh_tokens WHERE revoked_at IS NULL`

	runScenarios(t, []scenario{
		{
			// Logging out with any token of the sign-in ends all of it, its access
			// tokens at once (not at their expiry); another sign-in keeps working.
			name: "ends the sign-in and its access tokens", url: logoutURL, before: signedIn,
			body:   refreshWith("refresh"),
			status: http.StatusNoContent, noBody: true,
			header: map[string]string{"Cache-Control": "no-store"},
			db:     map[string]int64{live: 1},
			after: func(t *testing.T, e *testEnv, res response) {
				for _, tok := range []string{e.get("access"), e.get("rot access")} {
					status, h, body := e.do("GET", "/test/whoami", tok, nil)
					e.wantError(status, body, http.StatusUnauthorized, domain.CodeUnauthenticated)
					if !strings.Contains(h.Get("WWW-Authenticate"), "invalid_token") {
						t.Errorf("got WWW-Authenticate %q, want invalid_token", h.Get("WWW-Authenticate"))
					}
				}
				for _, tok := range []string{e.get("refresh"), e.get("rot")} {
					status, body := e.refresh(tok)
					e.wantError(status, body, http.StatusUnauthorized, domain.CodeUnauthenticated)
				}
				if status := e.whoami(e.get("other access")); status != http.StatusOK {
					t.Errorf("another sign-in: got %d, want 200", status)
				}
			},
		},
		{
			name: "idempotent: a second logout", url: logoutURL,
			before: func(t *testing.T, e *testEnv) {
				signedIn(t, e)
				status, _, body := e.do("POST", logoutURL, "", protocol.RefreshRequest{RefreshToken: e.get("refresh")})
				if status != http.StatusNoContent || len(body) != 0 {
					t.Fatalf("logout #1: got %d %q, want 204 and no body", status, body)
				}
			},
			body:   refreshWith("refresh"),
			status: http.StatusNoContent, noBody: true,
			db: map[string]int64{live: 1},
		},
		{
			name: "an unknown token", url: logoutURL, before: signedIn,
			body:   protocol.RefreshRequest{RefreshToken: "unknown"},
			status: http.StatusNoContent, noBody: true,
			db: map[string]int64{live: 2},
		},
		{
			name: "no token", url: logoutURL, before: signedIn, body: `{}`,
			status: http.StatusBadRequest, code: domain.CodeInvalidArgument,
			db: map[string]int64{live: 2},
		},
	})
}

// TestLogout_RemembersAcrossRestart: a restart on the same database still
// refuses the access tokens of a sign-in that logged out, and the principal of
// another sign-in names its session.
func TestLogout_RemembersAcrossRestart(t *testing.T) {
	e := newEnv(t, Config{})
	e.register(influencerReq("ivy@example.com"))
	tr := e.mustLogin("ivy@example.com", testPassword)
	other := e.mustLogin("ivy@example.com", testPassword)
	rot := e.mustRefresh(tr.RefreshToken)
	if status, _, body := e.do("POST", logoutURL, "", protocol.RefreshRequest{RefreshToken: tr.RefreshToken}); status != http.StatusNoContent {
		t.Fatalf("logout: %d %s", status, body)
	}
	s2, err := New(Config{DBPath: e.s.cfg.DBPath, Now: e.clock.Now, Logger: slog.New(slog.NewJSONHandler(&logBuffer{}, nil))})
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
