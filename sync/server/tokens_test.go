package server

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"iescp/backend/domain"
)

// TestRequireUser: the access tokens requireUser takes (GET /test/whoami) and
// those it refuses with 401 and a Bearer challenge.
func TestRequireUser(t *testing.T) {
	// ivy signs in: "id", "access", and "sid", her sign-in.
	signedIn := func(t *testing.T, e *testEnv) {
		e.set("id", e.register(influencerReq("ivy@example.com")).ID)
		tr := e.mustLogin("ivy@example.com", testPassword)
		e.set("access", tr.AccessToken)
		var sid string
		if err := e.s.db.R.Get(&sid, `SELECT family_id FROM refresh_tokens WHERE account_id = ?`, e.get("id")); err != nil {
			t.Fatal(err)
		}
		e.set("sid", sid)
	}
	access := func(e *testEnv) string { return e.get("access") }
	// forged signs claims (made from ivy's id and sign-in) with method and key
	// (nil: the server's own key).
	forged := func(method jwt.SigningMethod, key any, claims func(e *testEnv) jwt.MapClaims) func(*testEnv) string {
		return func(e *testEnv) string {
			if key == nil {
				key = e.s.auth.key
			}
			s, err := jwt.NewWithClaims(method, claims(e)).SignedString(key)
			if err != nil {
				e.t.Fatal(err)
			}
			return s
		}
	}
	exp := func(e *testEnv) int64 { return e.clock.Now().Add(time.Hour).Unix() }
	good := func(e *testEnv) jwt.MapClaims {
		return jwt.MapClaims{"iss": tokenIssuer, "sub": e.get("id"), "sid": e.get("sid"), "exp": exp(e)}
	}
	without := func(claim string) func(e *testEnv) jwt.MapClaims {
		return func(e *testEnv) jwt.MapClaims { c := good(e); delete(c, claim); return c }
	}
	with := func(claim, v string) func(e *testEnv) jwt.MapClaims {
		return func(e *testEnv) jwt.MapClaims { c := good(e); c[claim] = v; return c }
	}
	whoami := func(name string, token func(*testEnv) string) scenario {
		return scenario{name: name, method: "GET", url: "/test/whoami", before: signedIn, token: token,
			status: http.StatusOK,
			after: func(t *testing.T, e *testEnv, res response) {
				if !bytes.Contains(res.body, []byte(e.get("id"))) {
					t.Fatalf("got %s, want 200 with %s", res.body, e.get("id"))
				}
			}}
	}
	refused := func(name string, token func(*testEnv) string) scenario {
		return scenario{name: "refused: " + name, method: "GET", url: "/test/whoami", before: signedIn, token: token,
			status: http.StatusUnauthorized, code: domain.CodeUnauthenticated, contains: []string{msgBadAccess},
			after: func(t *testing.T, e *testEnv, res response) {
				if !strings.HasPrefix(res.header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("got WWW-Authenticate %q, want Bearer", res.header.Get("WWW-Authenticate"))
				}
			}}
	}
	scenarios := []scenario{
		whoami("the sign-in's access token", access),
		// Sanity: a token forged with the real key works, so the refusals below are the checks'.
		whoami("a well-formed token made with the server's key", forged(jwt.SigningMethodHS256, nil, good)),
		refused("garbage", func(*testEnv) string { return "not-a-jwt" }),
		refused("other key", forged(jwt.SigningMethodHS256, []byte("0123456789abcdef0123456789abcdef"), good)),
		refused("alg none", forged(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, good)),
		refused("HS512", forged(jwt.SigningMethodHS512, nil, good)),
		refused("no expiry", forged(jwt.SigningMethodHS256, nil, without("exp"))),
		refused("other iss", forged(jwt.SigningMethodHS256, nil, with("iss", "someone"))),
		refused("no token", func(*testEnv) string { return "" }),
		refused("unknown sub", forged(jwt.SigningMethodHS256, nil, with("sub", "0190c8a0-0000-7000-8000-000000000000"))),
		refused("no session", forged(jwt.SigningMethodHS256, nil, without("sid"))),
		refused("unknown session", forged(jwt.SigningMethodHS256, nil, with("sid", "0190c8a0-0000-7000-8000-000000000001"))),
		{
			// The query parameter counts only on the event stream.
			name: "refused: the access_token query parameter outside the event stream", method: "GET",
			url: "/test/whoami?access_token={access}", before: signedIn,
			status: http.StatusUnauthorized, code: domain.CodeUnauthenticated,
		},
		func() scenario {
			// Deactivated and flagged accounts still authenticate (pull resets them).
			sc := whoami("a deactivated and flagged account", access)
			sc.before = func(t *testing.T, e *testEnv) {
				signedIn(t, e)
				e.s.db.W.MustExec(`UPDATE accounts SET active = 0, flagged = 1 WHERE id = ?`, e.get("id"))
			}
			return sc
		}(),
		func() scenario {
			// Valid until exactly its expiry, with no leeway.
			sc := whoami("one second before its expiry", access)
			sc.before = func(t *testing.T, e *testEnv) { signedIn(t, e); e.clock.Advance(15*time.Minute - time.Second) }
			return sc
		}(),
		func() scenario {
			sc := refused("at its expiry", access)
			sc.before = func(t *testing.T, e *testEnv) { signedIn(t, e); e.clock.Advance(15 * time.Minute) }
			return sc
		}(),
		{
			name: "refused: a real sync route without a token", url: "/sync/v1/pull", body: `{}`,
			status: http.StatusUnauthorized, code: domain.CodeUnauthenticated,
		},
	}
	runScenarios(t, scenarios)
}

// TestRequireUser_QueryTokenOnlyOnEvents: the access_token query parameter is
// taken on GET of the event stream (EventSource cannot set headers) and nowhere
// else.
func TestRequireUser_QueryTokenOnlyOnEvents(t *testing.T) {
	e := newEnv(t, Config{})
	u := e.register(influencerReq("ivy@example.com"))
	tr := e.mustLogin("ivy@example.com", testPassword)
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
}

func TestSigningKeySurvivesRestart(t *testing.T) {
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

// TestVerifiedTokenStillExpires: an access token verified once is known again
// (verifyAccess remembers it) but still ends at its expiry, and its signature
// changed by one character is refused however often the real one was used.
func TestVerifiedTokenStillExpires(t *testing.T) {
	e := newEnv(t, Config{})
	u := e.register(influencerReq("ivy@example.com"))
	tr := e.mustLogin("ivy@example.com", testPassword)
	h := e.s.requireUser(func(w http.ResponseWriter, r *http.Request, id string) {})
	status := func(token string) int {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/test/whoami", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		h(rec, req)
		return rec.Code
	}
	sig := strings.LastIndexByte(tr.AccessToken, '.') + 1
	flip := map[byte]byte{'A': 'B'}[tr.AccessToken[sig]]
	if flip == 0 {
		flip = 'A'
	}
	tampered := tr.AccessToken[:sig] + string(flip) + tr.AccessToken[sig+1:]
	for i := range 3 {
		if got := status(tr.AccessToken); got != http.StatusOK {
			t.Fatalf("use %d of %s's token: got %d, want 200", i+1, u.ID, got)
		}
		if got := status(tampered); got != http.StatusUnauthorized {
			t.Fatalf("use %d: its signature changed: got %d, want 401", i+1, got)
		}
	}
	e.clock.Advance(15*time.Minute - time.Second)
	if got := status(tr.AccessToken); got != http.StatusOK {
		t.Fatalf("a second before its expiry: got %d, want 200", got)
	}
	e.clock.Advance(time.Second)
	if got := status(tr.AccessToken); got != http.StatusUnauthorized {
		t.Fatalf("at its expiry, verified before: got %d, want 401", got)
	}
	if _, ok := e.s.auth.verified.Get(tr.AccessToken); !ok {
		t.Fatal("the token was never remembered: this test would not see an expiry the cache missed")
	}
}
