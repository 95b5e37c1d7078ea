package securitytest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"iescp/backend/domain"
	"iescp/sync/protocol"
)

// signingKey reads the server's HS256 key from its database.
func signingKey(t *testing.T, s *server) []byte {
	t.Helper()
	db := s.openDB(t)
	var key []byte
	if err := db.R.Get(&key, `SELECT value FROM server_secrets WHERE name = 'jwt_hs256_key'`); err != nil {
		t.Fatalf("read the signing key: %v", err)
	}
	return key
}

// pullStatus pulls once with the token and returns the answer.
func pullWith(t *testing.T, s *server, token string) *reply {
	t.Helper()
	return do(t, newClient(), "POST", s.URL+"/sync/v1/pull", token, pullReq())
}

// TestForgedTokensAreRefused presents access tokens an attacker can make: no
// signature, a wrong key, a disallowed algorithm, and tokens signed with the right
// key but wrong in one claim each. A control token, right in every claim, works.
func TestForgedTokensAreRefused(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	victim := register(t, s, "sponsor", "victim")
	attacker := register(t, s, "influencer", "attacker")
	key := signingKey(t, s)
	now := time.Now()
	victimSid := sessionOf(t, victim.access)
	claims := func(mod func(c *jwt.RegisteredClaims)) forgedClaims {
		c := forgedClaims{RegisteredClaims: jwt.RegisteredClaims{Issuer: "iescp-sync", Subject: victim.ID,
			IssuedAt: jwt.NewNumericDate(now.Add(-time.Minute)), ExpiresAt: jwt.NewNumericDate(now.Add(10 * time.Minute)),
			ID: domain.NewID()}, Sid: victimSid}
		if mod != nil {
			mod(&c.RegisteredClaims)
		}
		return c
	}
	withSid := func(sid string) forgedClaims {
		c := claims(nil)
		c.Sid = sid
		return c
	}
	sign := func(m jwt.SigningMethod, k any, c forgedClaims) string {
		tok, err := jwt.NewWithClaims(m, c).SignedString(k)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	// The attacker's own token with the victim's id put in its payload, signature kept.
	parts := strings.Split(attacker.access, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var pc map[string]any
	if err := json.Unmarshal(payload, &pc); err != nil {
		t.Fatal(err)
	}
	pc["sub"] = victim.ID
	tampered, _ := json.Marshal(pc)
	parts[1] = base64.RawURLEncoding.EncodeToString(tampered)

	if r := pullWith(t, s, sign(jwt.SigningMethodHS256, key, claims(nil))); r.Status != http.StatusOK {
		t.Fatalf("control: a token signed with the server's key and right claims got %d: %s", r.Status, r.Body)
	}
	for _, tc := range []struct{ name, token string }{
		{"garbage", "not.a.token"},
		{"no session", sign(jwt.SigningMethodHS256, key, withSid(""))},
		{"unknown session", sign(jwt.SigningMethodHS256, key, withSid(domain.NewID()))},
		{"another account's session", sign(jwt.SigningMethodHS256, key, withSid(sessionOf(t, attacker.access)))},
		{"alg none", sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims(nil))},
		{"HS256 with a wrong key", sign(jwt.SigningMethodHS256, []byte("0123456789abcdef0123456789abcdef"), claims(nil))},
		{"HS512 with the right key", sign(jwt.SigningMethodHS512, key, claims(nil))},
		{"expired", sign(jwt.SigningMethodHS256, key, claims(func(c *jwt.RegisteredClaims) {
			c.IssuedAt, c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Hour)), jwt.NewNumericDate(now.Add(-time.Minute))
		}))},
		{"no expiry", sign(jwt.SigningMethodHS256, key, claims(func(c *jwt.RegisteredClaims) { c.ExpiresAt = nil }))},
		{"wrong issuer", sign(jwt.SigningMethodHS256, key, claims(func(c *jwt.RegisteredClaims) { c.Issuer = "evil" }))},
		{"no issuer", sign(jwt.SigningMethodHS256, key, claims(func(c *jwt.RegisteredClaims) { c.Issuer = "" }))},
		{"unknown subject", sign(jwt.SigningMethodHS256, key, claims(func(c *jwt.RegisteredClaims) { c.Subject = domain.NewID() }))},
		{"empty subject", sign(jwt.SigningMethodHS256, key, claims(func(c *jwt.RegisteredClaims) { c.Subject = "" }))},
		{"not yet valid", sign(jwt.SigningMethodHS256, key, claims(func(c *jwt.RegisteredClaims) {
			c.NotBefore = jwt.NewNumericDate(now.Add(time.Hour))
		}))},
		{"tampered subject", strings.Join(parts, ".")},
		{"refresh token as access token", victim.refresh},
	} {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			pullWith(t, s, tc.token).expectError(t, http.StatusUnauthorized, "unauthenticated")
		})
	}
	t.Run("token_in_the_query_of_a_pull", func(t *testing.T) {
		do(t, newClient(), "POST", s.URL+"/sync/v1/pull?access_token="+victim.access, "", pullReq()).
			expectError(t, http.StatusUnauthorized, "unauthenticated")
	})
}

// refreshWith rotates a refresh token and returns the answer.
func refreshWith(t *testing.T, a *actor, token string) (*reply, protocol.TokenResponse) {
	t.Helper()
	r := do(t, a.http, "POST", a.s.URL+"/api/v1/auth/refresh", "", protocol.RefreshRequest{RefreshToken: token})
	var tok protocol.TokenResponse
	if r.Status == http.StatusOK {
		if err := json.Unmarshal(r.Body, &tok); err != nil {
			t.Fatal(err)
		}
	}
	return r, tok
}

// TestRefreshReuseRevokesFamily replays a refresh token after its replacement was
// used: that is theft, so the whole sign-in ends, the newest token included.
func TestRefreshReuseRevokesFamily(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	a := register(t, s, "influencer", "rotator")
	r1 := a.refresh
	r, t2 := refreshWith(t, a, r1)
	if r.Status != http.StatusOK {
		t.Fatalf("first refresh: %d %s", r.Status, r.Body)
	}
	r, t3 := refreshWith(t, a, t2.RefreshToken) // the replacement is used
	if r.Status != http.StatusOK {
		t.Fatalf("second refresh: %d %s", r.Status, r.Body)
	}
	if t3.RefreshToken == t2.RefreshToken || t3.RefreshToken == r1 {
		t.Fatal("refresh did not rotate the token")
	}
	r, _ = refreshWith(t, a, r1)
	r.expectError(t, http.StatusUnauthorized, "unauthenticated")
	r, _ = refreshWith(t, a, t3.RefreshToken)
	r.expectError(t, http.StatusUnauthorized, "unauthenticated")
	r, _ = refreshWith(t, a, t2.RefreshToken)
	r.expectError(t, http.StatusUnauthorized, "unauthenticated")
	// A forged refresh token is refused the same way.
	r, _ = refreshWith(t, a, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	r.expectError(t, http.StatusUnauthorized, "unauthenticated")
}

// TestAccessTokenRefusedAfterLogout: signing out ends the access token too (a
// denylist of revoked sessions), not only the refresh token.
func TestAccessTokenRefusedAfterLogout(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	a := register(t, s, "influencer", "leaver")
	if r := pullWith(t, s, a.access); r.Status != http.StatusOK {
		t.Fatalf("pull before logout: %d %s", r.Status, r.Body)
	}
	r := do(t, a.http, "POST", s.URL+"/api/v1/auth/logout", a.access, protocol.RefreshRequest{RefreshToken: a.refresh})
	if r.Status != http.StatusNoContent && r.Status != http.StatusOK {
		t.Fatalf("logout: %d %s", r.Status, r.Body)
	}
	rr, _ := refreshWith(t, a, a.refresh)
	rr.expectError(t, http.StatusUnauthorized, "unauthenticated")
	pullWith(t, s, a.access).expectError(t, http.StatusUnauthorized, "unauthenticated")
	res := a.pushRaw(t, "profile.update", map[string]any{"name": "after logout"})
	res.expectError(t, http.StatusUnauthorized, "unauthenticated")
}

// forgedClaims are an access token's claims as the server signs them: the
// registered ones and the sign-in (session) the token belongs to.
type forgedClaims struct {
	jwt.RegisteredClaims
	Sid string `json:"sid,omitempty"`
}

// sessionOf reads the sid claim of a real access token (no verification: the test
// only wants to copy it into forged tokens).
func sessionOf(t *testing.T, token string) string {
	t.Helper()
	var c forgedClaims
	if _, _, err := jwt.NewParser().ParseUnverified(token, &c); err != nil {
		t.Fatalf("read a real access token: %v", err)
	}
	if c.Sid == "" {
		t.Fatal("the server's access token has no sid claim")
	}
	return c.Sid
}
