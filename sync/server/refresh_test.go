package server

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/sync/protocol"
)

const refreshURL = "/api/v1/auth/refresh"

// refreshWith is a scenario body: a refresh request with the token the before
// hook set under key.
func refreshWith(key string) func(*testEnv) any {
	return func(e *testEnv) any { return protocol.RefreshRequest{RefreshToken: e.get(key)} }
}

func TestRefresh(t *testing.T) {
	const reused = "refresh token reused: sign-in family revoked"
	// ivy signs in: "first" is her refresh token, "access" its access token.
	signedIn := func(t *testing.T, e *testEnv) {
		e.set("id", e.register(influencerReq("ivy@example.com")).ID)
		tr := e.mustLogin("ivy@example.com", testPassword)
		e.set("first", tr.RefreshToken)
		e.set("access", tr.AccessToken)
	}
	// ivy's first token rotated twice: "second", "third" (its access token "third access").
	rotatedTwice := func(t *testing.T, e *testEnv) {
		signedIn(t, e)
		second := e.mustRefresh(e.get("first"))
		third := e.mustRefresh(second.RefreshToken)
		e.set("second", second.RefreshToken)
		e.set("third", third.RefreshToken)
		e.set("third access", third.AccessToken)
	}
	// rotatedTwice, then the first token came back: the family is revoked.
	theft := func(t *testing.T, e *testEnv) {
		rotatedTwice(t, e)
		status, body := e.refresh(e.get("first"))
		e.wantError(status, body, http.StatusUnauthorized, domain.CodeUnauthenticated)
	}

	runScenarios(t, []scenario{
		{
			name: "rotates the refresh token, with a new access token", url: refreshURL,
			before: func(t *testing.T, e *testEnv) { signedIn(t, e); e.clock.Advance(time.Minute) },
			body:   refreshWith("first"),
			status: http.StatusOK, contains: []string{`"access_token":"`, `"refresh_token":"`, `"expires_in":900`},
			header: map[string]string{"Cache-Control": "no-store", "Pragma": "no-cache"},
			db:     map[string]int64{`SELECT COUNT(*) FROM refresh_tokens WHERE revoked_at IS NULL`: 1},
			after: func(t *testing.T, e *testEnv, res response) {
				var second protocol.TokenResponse
				res.json(t, &second)
				if second.RefreshToken == e.get("first") || second.AccessToken == e.get("access") || second.User.ID != e.get("id") {
					t.Fatalf("refresh did not rotate: %+v", second)
				}
				if !bytes.Contains(res.body, []byte(e.get("id"))) {
					t.Errorf("the answer does not name the user %s", e.get("id"))
				}
				if status := e.whoami(second.AccessToken); status != http.StatusOK {
					t.Errorf("new access token: got %d, want 200", status)
				}
			},
		},
		{
			// Once its replacement has been used, the old token coming back means
			// theft: the whole family is revoked, so the thief and the owner both
			// sign in again.
			name: "an old token after its replacement was used revokes the sign-in", url: refreshURL,
			before: rotatedTwice, body: refreshWith("first"),
			status: http.StatusUnauthorized, code: domain.CodeUnauthenticated, contains: []string{msgBadRefresh},
			events: map[string]int{reused: 1},
			db:     map[string]int64{`SELECT COUNT(*) FROM refresh_tokens WHERE revoked_at IS NULL`: 0},
			after: func(t *testing.T, e *testEnv, res response) {
				for _, name := range []string{"second", "third"} {
					status, body := e.refresh(e.get(name))
					if status != http.StatusUnauthorized {
						t.Errorf("%s after the reuse: got %d %s, want 401", name, status, body)
					}
				}
				status, _, body := e.do("GET", "/test/whoami", e.get("third access"), nil)
				e.wantError(status, body, http.StatusUnauthorized, domain.CodeUnauthenticated)
				if !strings.Contains(e.logs.String(), "reused") {
					t.Error("the reuse is not logged")
				}
			},
		},
		{
			name: "the newest token of a revoked sign-in", url: refreshURL, before: theft, body: refreshWith("third"),
			status: http.StatusUnauthorized, code: domain.CodeUnauthenticated,
		},
		{
			name: "another sign-in of the account is unaffected by a theft", url: refreshURL,
			before: func(t *testing.T, e *testEnv) {
				theft(t, e)
				other := e.mustLogin("ivy@example.com", testPassword)
				if status := e.whoami(other.AccessToken); status != http.StatusOK {
					t.Errorf("another sign-in: got %d, want 200", status)
				}
				e.set("other", other.RefreshToken)
			},
			body: refreshWith("other"), status: http.StatusOK, events: map[string]int{reused: 0},
		},
		{
			name: "refresh tokens expire", url: refreshURL,
			before: func(t *testing.T, e *testEnv) {
				signedIn(t, e)
				e.set("second", e.mustRefresh(e.get("first")).RefreshToken)
				e.clock.Advance(30*24*time.Hour + time.Second)
			},
			body:   refreshWith("second"),
			status: http.StatusUnauthorized, code: domain.CodeUnauthenticated,
		},
		{
			name: "an unknown token", url: refreshURL, before: signedIn,
			body:   protocol.RefreshRequest{RefreshToken: "bm90LWEtdG9rZW4"},
			status: http.StatusUnauthorized, code: domain.CodeUnauthenticated,
		},
		{
			name: "no token", url: refreshURL, before: signedIn, body: protocol.RefreshRequest{},
			status: http.StatusBadRequest, code: domain.CodeInvalidArgument,
		},
		{
			name: "a deactivated account cannot refresh", url: refreshURL,
			before: func(t *testing.T, e *testEnv) {
				signedIn(t, e)
				e.s.db.W.MustExec(`UPDATE accounts SET active = 0 WHERE id = ?`, e.get("id"))
			},
			body:   refreshWith("first"),
			status: http.StatusForbidden, code: domain.CodeForbidden, contains: []string{msgDeactivated},
		},
		{
			name: "no secret is stored in clear", url: refreshURL, before: signedIn, body: refreshWith("first"),
			status: http.StatusOK,
			after: func(t *testing.T, e *testEnv, res response) {
				var tr2 protocol.TokenResponse
				res.json(t, &tr2)
				if n := e.count(`SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = ?`, hashToken(tr2.RefreshToken)); n != 1 {
					t.Errorf("got %d rows for the refresh token's hash, want 1", n)
				}
				// Checkpoint so the main file holds everything, then look at every byte.
				if !e.s.db.IsPostgres() {
					e.s.db.W.MustExec(`PRAGMA wal_checkpoint(TRUNCATE)`)
				}
				raw := e.databaseBytes()
				for name, secret := range map[string]string{"password": testPassword, "refresh token": e.get("first"),
					"rotated refresh token": tr2.RefreshToken, "access token": e.get("access")} {
					if bytes.Contains(raw, []byte(secret)) {
						t.Errorf("the database file contains the %s in clear", name)
					}
				}
			},
		},
	})
}

// TestRefresh_Idempotent: a desktop whose refresh answers were lost 1, 2 or 3
// times (also retrying after more than 30 s) gets the same replacement each
// time, a fresh access token each time, and its next refresh with that
// replacement works; the sign-in is not revoked.
func TestRefresh_Idempotent(t *testing.T) {
	for lost := 1; lost <= 3; lost++ {
		t.Run(fmt.Sprintf("%d lost", lost), func(t *testing.T) {
			e := newEnv(t, Config{})
			e.register(influencerReq("ivy@example.com"))
			first := e.mustLogin("ivy@example.com", testPassword)
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
				if status := e.whoami(tr.AccessToken); status != http.StatusOK {
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
			if status := e.whoami(next.AccessToken); status != http.StatusOK {
				t.Fatalf("after the retries: got %d", status)
			}
			if strings.Contains(e.logs.String(), "reused") {
				t.Error("a retry was taken for reuse")
			}
		})
	}
}
