package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/sync/protocol"
)

const loginURL = "/api/v1/auth/login"

func loginBody(email, password string) protocol.LoginRequest {
	return protocol.LoginRequest{Email: email, Password: password}
}

func TestLogin(t *testing.T) {
	sam := func(t *testing.T, e *testEnv) { e.set("id", e.register(sponsorReq("sam@example.com")).ID) }
	ivy := func(t *testing.T, e *testEnv) { e.set("id", e.register(influencerReq("ivy@example.com")).ID) }
	deactivated := func(t *testing.T, e *testEnv) {
		sam(t, e)
		e.s.db.W.MustExec(`UPDATE accounts SET active = 0 WHERE id = ?`, e.get("id"))
	}
	// signedInAs wants a token answer for the account the before hook named.
	signedInAs := func(key string) func(t *testing.T, e *testEnv, res response) {
		return func(t *testing.T, e *testEnv, res response) {
			var tr protocol.TokenResponse
			res.json(t, &tr)
			if tr.User.ID != e.get(key) || tr.AccessToken == "" || tr.RefreshToken == "" {
				t.Errorf("signed in as %s (tokens %t), want %s", tr.User.ID, tr.AccessToken != "" && tr.RefreshToken != "", e.get(key))
			}
		}
	}
	// Five failures a minute apart lock ivy's account.
	locked := func(t *testing.T, e *testEnv) {
		ivy(t, e)
		for i := 0; i < loginMaxPerAccount; i++ {
			e.failLogin("ivy@example.com")
			e.clock.Advance(time.Minute)
		}
	}
	// Many emails from one address, each below its own limit, lock the address.
	addressLocked := func(t *testing.T, e *testEnv) {
		ivy(t, e)
		for i := 0; i < loginMaxPerAddress; i++ {
			e.failLogin(fmt.Sprintf("guess%d@example.com", i))
		}
	}
	// An account stored before normalisation (a look-alike of admin@).
	legacy := func(email string) func(t *testing.T, e *testEnv) {
		return func(t *testing.T, e *testEnv) {
			e.set("id", e.register(influencerReq("admin@example.com")).ID)
			e.set("legacy", e.register(influencerReq("other@example.com")).ID)
			e.s.db.W.MustExec(`UPDATE accounts SET email = ? WHERE id = ?`, email, e.get("legacy"))
		}
	}
	noSecretsLogged := func(t *testing.T, e *testEnv, res response) {
		var tr protocol.TokenResponse
		res.json(t, &tr)
		logs := e.logs.String()
		for _, secret := range []string{testPassword, tr.AccessToken, tr.RefreshToken} {
			if strings.Contains(logs, secret) {
				t.Errorf("the logs contain a secret %.8s…", secret)
			}
		}
	}

	runScenarios(t, []scenario{
		{
			name: "right password, email as typed", url: loginURL, before: sam,
			body:     loginBody("SAM@example.com ", testPassword),
			status:   http.StatusOK,
			contains: []string{`"approval":"pending"`, `"expires_in":900`, `"access_token":"`, `"refresh_token":"`},
			header:   map[string]string{"Cache-Control": "no-store", "Pragma": "no-cache"},
			events:   map[string]int{"signed in": 1, "sign-in failed": 0},
			db:       map[string]int64{`SELECT COUNT(*) FROM refresh_tokens`: 1},
			after: func(t *testing.T, e *testEnv, res response) {
				signedInAs("id")(t, e, res)
				var tr protocol.TokenResponse
				res.json(t, &tr)
				if tr.User.Approval != "pending" || tr.ExpiresIn != int64((15*time.Minute)/time.Second) {
					t.Errorf("got %+v, want approval pending, expires_in 900", tr)
				}
				noSecretsLogged(t, e, res)
			},
		},
		{
			name: "wrong password", url: loginURL, before: sam, body: loginBody("sam@example.com", "wrong password"),
			status: http.StatusUnauthorized, code: domain.CodeUnauthenticated, contains: []string{msgBadCredentials},
			header: map[string]string{"Cache-Control": "no-store"},
			events: map[string]int{"sign-in failed": 1, "signed in": 0},
			db:     map[string]int64{`SELECT COUNT(*) FROM refresh_tokens`: 0},
		},
		{
			// Reads the same as a wrong password: sign-in does not tell which emails have accounts.
			name: "unknown email", url: loginURL, before: sam, body: loginBody("nobody@example.com", testPassword),
			status: http.StatusUnauthorized, code: domain.CodeUnauthenticated, contains: []string{msgBadCredentials},
			events: map[string]int{"sign-in failed": 1},
		},
		{
			name: "no email nor password", url: loginURL, before: sam, body: loginBody("", ""),
			status: http.StatusBadRequest, code: domain.CodeInvalidArgument,
		},
		{
			name: "deactivated account", url: loginURL, before: deactivated, body: loginBody("sam@example.com", testPassword),
			status: http.StatusForbidden, code: domain.CodeForbidden, contains: []string{msgDeactivated},
			db: map[string]int64{`SELECT COUNT(*) FROM refresh_tokens`: 0},
		},
		{
			name: "deactivated account, wrong password: just a wrong password", url: loginURL, before: deactivated,
			body:   loginBody("sam@example.com", "wrong password"),
			status: http.StatusUnauthorized, code: domain.CodeUnauthenticated, contains: []string{msgBadCredentials},
		},

		// Failed sign-ins per account, in a sliding window.
		{
			name: "locked after five failures, even with the right password", url: loginURL, before: locked,
			body:   loginBody("ivy@example.com", testPassword),
			status: http.StatusTooManyRequests, code: domain.CodeRateLimited,
			// The first failure was 5 minutes ago: it leaves the window in 10 minutes.
			header: map[string]string{"Retry-After": "600", "Cache-Control": "no-store"},
			events: map[string]int{"sign-in throttled": 1, "sign-in failed": 0},
		},
		{
			name: "still locked a second before the first failure leaves the window", url: loginURL,
			before: func(t *testing.T, e *testEnv) { locked(t, e); e.clock.Advance(10*time.Minute - time.Second) },
			body:   loginBody("ivy@example.com", testPassword),
			status: http.StatusTooManyRequests, code: domain.CodeRateLimited,
		},
		{
			name: "unlocked when the first failure leaves the window", url: loginURL,
			before: func(t *testing.T, e *testEnv) { locked(t, e); e.clock.Advance(10 * time.Minute) },
			body:   loginBody("ivy@example.com", testPassword),
			status: http.StatusOK, after: signedInAs("id"),
		},
		{
			name: "a success clears the account's count: four more failures do not lock it", url: loginURL,
			before: func(t *testing.T, e *testEnv) {
				locked(t, e)
				e.clock.Advance(10 * time.Minute)
				e.mustLogin("ivy@example.com", testPassword)
				for i := 0; i < loginMaxPerAccount-1; i++ {
					e.failLogin("ivy@example.com")
				}
			},
			body:   loginBody("ivy@example.com", testPassword),
			status: http.StatusOK, after: signedInAs("id"),
		},

		// Failed sign-ins per address.
		{
			name: "an address that failed for many emails is locked", url: loginURL, before: addressLocked,
			body:   loginBody("ivy@example.com", testPassword),
			status: http.StatusTooManyRequests, code: domain.CodeRateLimited,
			after: func(t *testing.T, e *testEnv, res response) {
				if res.header.Get("Retry-After") == "" {
					t.Error("no Retry-After")
				}
			},
		},
		{
			name: "another address is not affected", url: loginURL, before: addressLocked, remote: "192.0.2.7:5555",
			body:   `{"email":"ivy@example.com","password":"` + testPassword + `"}`,
			status: http.StatusOK, after: signedInAs("id"),
		},
		{
			name: "the address is unlocked after the window", url: loginURL,
			before: func(t *testing.T, e *testEnv) { addressLocked(t, e); e.clock.Advance(loginWindow) },
			body:   loginBody("ivy@example.com", testPassword),
			status: http.StatusOK, after: signedInAs("id"),
		},

		// Look-alike spellings reach the same account and the same counter.
		{
			name: "a fullwidth spelling signs in", url: loginURL,
			before: func(t *testing.T, e *testEnv) { e.set("id", e.register(influencerReq("admin@example.com")).ID) },
			body:   loginBody("ＡＤＭＩＮ@ｅｘａｍｐｌｅ.com", testPassword),
			status: http.StatusOK, after: signedInAs("id"),
		},
		{
			name: "failures under look-alike spellings count for one account", url: loginURL,
			before: func(t *testing.T, e *testEnv) {
				e.register(influencerReq("admin@example.com"))
				spellings := []string{"ａdmin@example.com", "Admin@example.com", "aｄmin@example.com", "adＭin@example.com", "admＩn@example.com"}
				for _, sp := range spellings[:loginMaxPerAccount] {
					e.failLogin(sp)
				}
			},
			body:   loginBody("admin@example.com", testPassword),
			status: http.StatusTooManyRequests, code: domain.CodeRateLimited,
		},
		{
			name: "a mixed-script look-alike (does not normalise) is just a wrong email", url: loginURL,
			before: func(t *testing.T, e *testEnv) { e.register(influencerReq("admin@example.com")) },
			body:   loginBody("\u0430dmin@example.com", testPassword),
			status: http.StatusUnauthorized, code: domain.CodeUnauthenticated,
		},
		{
			name: "a look-alike with an invisible character is just a wrong email", url: loginURL,
			before: func(t *testing.T, e *testEnv) { e.register(influencerReq("admin@example.com")) },
			body:   loginBody("adm\u200bin@example.com", testPassword),
			status: http.StatusUnauthorized, code: domain.CodeUnauthenticated,
		},

		// Accounts stored before normalisation still sign in as typed.
		{
			name: "legacy: the normal form signs in to the normalised account", url: loginURL,
			before: legacy("\uff41dmin@example.com"), body: loginBody("admin@example.com", testPassword),
			status: http.StatusOK, after: signedInAs("id"),
		},
		{
			name: "legacy: the fullwidth form signs in to the normalised account", url: loginURL,
			before: legacy("\uff41dmin@example.com"), body: loginBody("ａdmin@example.com", testPassword),
			status: http.StatusOK, after: signedInAs("id"),
		},
		{
			name: "legacy: an email that does not normalise signs in as stored", url: loginURL,
			before: legacy("adm\u200bin@example.com"), body: loginBody("adm\u200bin@example.com", testPassword),
			status: http.StatusOK, after: signedInAs("legacy"),
		},
	})
}

// TestLogin_LegacyEmailsWarned: the server points out, at start, the accounts
// whose stored email is not in normal form, by id only.
func TestLogin_LegacyEmailsWarned(t *testing.T) {
	e := newEnv(t, Config{})
	u := e.register(influencerReq("admin@example.com"))
	legacy := e.register(influencerReq("other@example.com"))
	e.s.db.W.MustExec(`UPDATE accounts SET email = ? WHERE id = ?`, "adm\u200bin@example.com", legacy.ID)
	logs := &logBuffer{}
	s2, err := New(Config{DBPath: e.s.cfg.DBPath, Now: e.clock.Now, Logger: slog.New(slog.NewJSONHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got := logs.String(); !strings.Contains(got, legacy.ID) || strings.Contains(got, u.ID) {
		t.Errorf("start-up warnings: got %s, want the legacy account %s only", got, legacy.ID)
	}
}

// burstWaiting collects the answers of n sign-ins and the requests that start
// waiting for a hashing slot (the slots are held), until every attempt is one or
// the other. A waiter is never answered while the slots are held (HashWait is
// long), so each attempt is counted once.
func burstWaiting(t *testing.T, n int, out <-chan loginResult, queued <-chan struct{}, collect func(loginResult)) {
	t.Helper()
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	for answered, waiting := 0, 0; answered+waiting < n; {
		select {
		case r := <-out:
			collect(r)
			answered++
		case <-queued:
			waiting++
		case <-deadline.C:
			t.Fatalf("after %s: %d answered and %d waiting for a hash, want %d in all", wait, answered, waiting, n)
		}
	}
}

// TestLogin_Burst: 40 concurrent wrong-password sign-ins for one account from
// one address get at most loginMaxPerAccount 401s, the rest 429 with a
// Retry-After, and afterwards the right password is refused too.
func TestLogin_Burst(t *testing.T) {
	// Waits for a hashing slot end only with the request here.
	e := newEnv(t, Config{AuthLimits: AuthLimits{HashWait: 10 * time.Minute}})
	e.register(influencerReq("ivy@example.com"))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const n = 40
	// The hashing slots are held until every attempt has either been answered or
	// is waiting for a slot, so the whole burst is in flight at once whatever the
	// machine's speed (real argon2id made this window wide open).
	queued := make(chan struct{}, n)
	releaseSlots := e.holdHashSlots(queued)
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
	burstWaiting(t, n, out, queued, collect)
	releaseSlots()
	for answered < n {
		collect(<-out)
	}
	if got[http.StatusUnauthorized] > loginMaxPerAccount || got[http.StatusUnauthorized]+got[http.StatusTooManyRequests] != n {
		t.Fatalf("got statuses %v, want at most %d × 401 and the rest 429", got, loginMaxPerAccount)
	}
	status, h, body := e.login("ivy@example.com", testPassword)
	e.wantError(status, body, http.StatusTooManyRequests, domain.CodeRateLimited)
	if h.Get("Retry-After") != "900" {
		t.Errorf("got Retry-After %q, want 900 (the window)", h.Get("Retry-After"))
	}
}

// TestLogin_BurstHoldsRightPassword: while loginMaxPerAccount wrong attempts
// are still being checked (the hashing slots are held), the right password is
// already refused with 429, without waiting for a hashing slot, and once they
// have failed it stays refused.
func TestLogin_BurstHoldsRightPassword(t *testing.T) {
	// Waits for a hashing slot end only with the request here.
	e := newEnv(t, Config{AuthLimits: AuthLimits{HashWait: 10 * time.Minute}})
	e.register(influencerReq("ivy@example.com"))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	queued := make(chan struct{}, loginMaxPerAccount+1)
	releaseSlots := e.holdHashSlots(queued)
	start := make(chan struct{})
	close(start)
	wrong := make(chan loginResult, loginMaxPerAccount)
	for i := 0; i < loginMaxPerAccount; i++ {
		e.loginAsync(ctx, start, "ivy@example.com", "wrong password", wrong)
	}
	burstWaiting(t, loginMaxPerAccount, make(chan loginResult), queued, func(r loginResult) {
		t.Fatalf("a wrong attempt was answered while the slots were held: %+v", r)
	})
	right := make(chan loginResult, 1)
	e.loginAsync(ctx, start, "ivy@example.com", testPassword, right)
	select {
	case r := <-right:
		if r.err != nil || r.status != http.StatusTooManyRequests || r.retryAfter == "" {
			t.Fatalf("the right password during the burst: got %+v, want 429 with Retry-After", r)
		}
	case <-queued:
		t.Fatal("the right password waited for a hashing slot instead of being refused")
	case <-time.After(wait):
		t.Fatal("the right password was not answered")
	}
	releaseSlots()
	for i := 0; i < loginMaxPerAccount; i++ {
		if r := <-wrong; r.err != nil || r.status != http.StatusUnauthorized {
			t.Fatalf("a wrong attempt: got %+v, want 401", r)
		}
	}
	status, _, body := e.login("ivy@example.com", testPassword)
	e.wantError(status, body, http.StatusTooManyRequests, domain.CodeRateLimited)
	e.clock.Advance(loginWindow)
	e.mustLogin("ivy@example.com", testPassword)
}

// TestLogin_HashWaitBounded: a sign-in that cannot get a hashing slot in time is
// answered 429 with Retry-After instead of queueing without end, and the attempt
// does not count as a failure; throttled attempts never take a slot.
func TestLogin_HashWaitBounded(t *testing.T) {
	e := newEnv(t, Config{AuthLimits: AuthLimits{HashWait: 50 * time.Millisecond}})
	e.register(influencerReq("ivy@example.com"))
	releaseSlots := e.holdHashSlots(nil)
	status, h, body := e.login("ivy@example.com", testPassword)
	e.wantError(status, body, http.StatusTooManyRequests, domain.CodeRateLimited)
	if h.Get("Retry-After") != "1" {
		t.Errorf("got Retry-After %q, want 1", h.Get("Retry-After"))
	}
	if p := e.pending(e.s.auth.accounts, "ivy@example.com") + e.pending(e.s.auth.addrs, "127.0.0.1"); p != 0 {
		t.Errorf("%d reservations left after a busy answer, want 0", p)
	}
	status, _, body = e.do("POST", registerURL, "", influencerReq("ann@example.com"))
	e.wantError(status, body, http.StatusTooManyRequests, domain.CodeRateLimited)
	releaseSlots()
	// Nothing was counted: all of the account's failures are still available.
	for i := 0; i < loginMaxPerAccount-1; i++ {
		e.failLogin("ivy@example.com")
	}
	e.mustLogin("ivy@example.com", testPassword)
	e.register(influencerReq("ann@example.com"))
}
