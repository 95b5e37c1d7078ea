package server

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/sync/protocol"
)

// twin starts another server on e's database and clock: a second instance of the
// fleet behind a load balancer without sticky sessions (two processes on one
// SQLite file, or on one PostgreSQL database).
func (e *testEnv) twin(cfg Config) *testEnv {
	e.t.Helper()
	f := &testEnv{t: e.t, clock: e.clock, logs: &logBuffer{}, vars: map[string]string{}, n: 1_000}
	cfg.DBPath = e.s.cfg.DBPath
	f.start(cfg)
	return f
}

// TestFleet_LimitsShared: every limit counts the whole fleet's requests, not one
// instance's. Requests alternate between two instances on one database; each
// instance alone stays under every limit, yet the fleet is refused at its total.
func TestFleet_LimitsShared(t *testing.T) {
	t.Run("failed sign-ins per account", func(t *testing.T) {
		cfg := Config{}
		a := newEnv(t, cfg)
		b := a.twin(cfg)
		a.register(influencerReq("ivy@example.com"))
		fleet := []*testEnv{a, b}
		for i := 0; i < loginMaxPerAccount; i++ { // 3 on a, 2 on b
			fleet[i%2].failLogin("ivy@example.com")
		}
		for _, e := range fleet { // even the right password, on either instance
			status, h, body := e.login("ivy@example.com", testPassword)
			e.wantError(status, body, http.StatusTooManyRequests, domain.CodeRateLimited)
			if h.Get("Retry-After") != "900" {
				t.Errorf("Retry-After %q, want 900 (the window from the first failure)", h.Get("Retry-After"))
			}
		}
		a.clock.Advance(loginWindow)
		b.mustLogin("ivy@example.com", testPassword)
	})
	t.Run("a burst of failed sign-ins over both", func(t *testing.T) {
		// Wrong passwords sent at once, half to each instance: the checks of one
		// email run one at a time across the fleet, so at most the limit get as
		// far as a password check, whatever the interleaving.
		cfg := Config{AuthLimits: AuthLimits{HashWait: time.Minute}}
		a := newEnv(t, cfg)
		b := a.twin(cfg)
		a.register(influencerReq("ivy@example.com"))
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		const n = 16
		start, out := make(chan struct{}), make(chan loginResult, n)
		for i := 0; i < n; i++ {
			[]*testEnv{a, b}[i%2].loginAsync(ctx, start, "ivy@example.com", "wrong password", out)
		}
		close(start)
		got := map[int]int{}
		for i := 0; i < n; i++ {
			r := <-out
			if r.err != nil {
				t.Fatal(r.err)
			}
			got[r.status]++
		}
		if got[http.StatusUnauthorized] != loginMaxPerAccount || got[http.StatusTooManyRequests] != n-loginMaxPerAccount {
			t.Fatalf("got statuses %v, want %d × 401 and the rest 429", got, loginMaxPerAccount)
		}
	})
	t.Run("failed sign-ins per address", func(t *testing.T) {
		cfg := Config{AuthLimits: AuthLimits{LoginMaxPerAddress: 4}}
		a := newEnv(t, cfg)
		b := a.twin(cfg)
		for i := 0; i < 4; i++ { // four emails, one address (the test client's)
			[]*testEnv{a, b}[i%2].failLogin("user" + strconv.Itoa(i) + "@example.com")
		}
		status, _, body := b.login("other@example.com", "wrong password")
		b.wantError(status, body, http.StatusTooManyRequests, domain.CodeRateLimited)
	})
	t.Run("registrations per address", func(t *testing.T) {
		cfg := Config{AuthLimits: AuthLimits{RegisterMaxPerAddress: 2}}
		a := newEnv(t, cfg)
		b := a.twin(cfg)
		a.register(influencerReq("ann@example.com"))
		b.register(influencerReq("bob@example.com"))
		status, _, body := a.do("POST", registerURL, "", influencerReq("cat@example.com"))
		a.wantError(status, body, http.StatusTooManyRequests, domain.CodeRateLimited)
	})
	t.Run("registrations per minute", func(t *testing.T) {
		cfg := Config{AuthLimits: AuthLimits{RegisterMaxPerMinute: 2}}
		a := newEnv(t, cfg)
		b := a.twin(cfg)
		a.register(influencerReq("ann@example.com"))
		b.register(influencerReq("bob@example.com"))
		status, h, body := b.do("POST", registerURL, "", influencerReq("cat@example.com"))
		b.wantError(status, body, http.StatusTooManyRequests, domain.CodeRateLimited)
		if h.Get("Retry-After") != "30" {
			t.Errorf("Retry-After %q, want 30 (the next of 2 tokens a minute)", h.Get("Retry-After"))
		}
	})
	t.Run("mutations per account per day", func(t *testing.T) {
		cfg := Config{MaxMutationsPerDay: 5}
		a := newEnv(t, cfg)
		b := a.twin(cfg)
		id, tok := a.account(domain.RoleInfluencer)
		ca, cb := domain.NewID(), domain.NewID() // two desktops of the account
		marks := func(from, to int64) []protocol.Mutation {
			var ms []protocol.Mutation
			for id := from; id <= to; id++ {
				ms = append(ms, mut(id, "notification.markRead", mutate.NotificationMarkRead{All: true}))
			}
			return ms
		}
		a.mustPush(tok, ca, marks(1, 3)...)
		resp := b.mustPush(tok, cb, marks(1, 4)...)
		if resp.LastMutationID != 2 {
			t.Fatalf("the second instance applied up to %d, want 2 (5 a day, 3 spent on the first)", resp.LastMutationID)
		}
		a.clock.Advance(time.Hour)
		tok = a.token(id)
		for _, e := range []*testEnv{a, b} {
			status, body := e.push(tok, cb, marks(3, 4)...)
			e.wantError(status, body, http.StatusTooManyRequests, domain.CodeRateLimited)
		}
		a.clock.Advance(23 * time.Hour)
		tok = a.token(id)
		if resp := a.mustPush(tok, cb, marks(3, 4)...); resp.LastMutationID != 4 {
			t.Fatalf("a day later: applied up to %d, want 4", resp.LastMutationID)
		}
	})
	t.Run("clicks per link", func(t *testing.T) {
		cfg := Config{ClicksPerCodePerMinute: 3, ClicksPerSecond: -1}
		a := newEnv(t, cfg)
		b := a.twin(cfg)
		d := a.acceptedDeal("https://a.example/")
		for i := 0; i < 6; i++ {
			if status, _, _ := []*testEnv{a, b}[i%2].visit("GET", "/r/"+d.code); status != http.StatusFound {
				t.Fatalf("click %d: got %d, want the redirect", i, status)
			}
		}
		if n := a.clicks(d.code); n != 3 {
			t.Fatalf("the fleet counted %d clicks of one link in a minute, want 3", n)
		}
	})
	t.Run("clicks per second", func(t *testing.T) {
		cfg := Config{ClicksPerCodePerMinute: -1, ClicksPerSecond: 2}
		a := newEnv(t, cfg)
		b := a.twin(cfg)
		d := a.acceptedDeal("https://a.example/")
		for i := 0; i < 4; i++ {
			[]*testEnv{a, b}[i%2].visit("GET", "/r/"+d.code)
		}
		if n := a.clicks(d.code); n != 2 {
			t.Fatalf("the fleet counted %d clicks in one instant, want the bucket's 2", n)
		}
	})
}
