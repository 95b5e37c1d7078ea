package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/sync/protocol"
)

const registerURL = "/api/v1/auth/register"

// withReq is base changed by f.
func withReq(base protocol.RegisterRequest, f func(*protocol.RegisterRequest)) protocol.RegisterRequest {
	f(&base)
	return base
}

func TestRegister(t *testing.T) {
	version := `SELECT version FROM sync_meta`
	accounts := `SELECT COUNT(*) FROM accounts`
	scenarios := []scenario{
		{
			name:   "sponsor: email normalised, pending approval, one version",
			url:    registerURL,
			body:   sponsorReq("  Sam@Example.COM "),
			status: http.StatusCreated,
			contains: []string{`"email":"sam@example.com"`, `"role":"sponsor"`, `"approval":"pending"`,
				`"active":true`, `"flagged":false`},
			absent: []string{testPassword, `"password`},
			header: map[string]string{"Cache-Control": "no-store"},
			events: map[string]int{"account registered": 1},
			before: func(t *testing.T, e *testEnv) { e.set("version", strconv.FormatInt(e.count(version), 10)) },
			db:     map[string]int64{accounts: 1},
			after: func(t *testing.T, e *testEnv, res response) {
				if v, before := e.count(version), e.get("version"); strconv.FormatInt(v-1, 10) != before {
					t.Errorf("got sync_meta.version %d, want %s + 1", v, before)
				}
				var r protocol.RegisterResponse
				res.json(t, &r)
				sp := r.User
				if sp.Email != "sam@example.com" || sp.Role != "sponsor" || sp.Approval != "pending" || !sp.Active || sp.Flagged {
					t.Fatalf("got sponsor %+v, want sam@example.com, sponsor, pending, active", sp)
				}
				v := e.count(version)
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
				if strings.Contains(e.logs.String(), testPassword) {
					t.Error("a password appears in the logs")
				}
			},
		},
		{
			name:     "influencer: display name defaults to the name",
			url:      registerURL,
			before:   func(t *testing.T, e *testEnv) { e.register(sponsorReq("sam@example.com")) },
			body:     influencerReq("ivy@example.com"),
			status:   http.StatusCreated,
			contains: []string{`"role":"influencer"`},
			absent:   []string{`"approval"`},
			after: func(t *testing.T, e *testEnv, res response) {
				var r protocol.RegisterResponse
				res.json(t, &r)
				if in := r.User; in.Role != "influencer" || in.Approval != "" {
					t.Fatalf("got influencer %+v", in)
				}
				var display string
				if err := e.s.db.R.Get(&display, `SELECT display_name FROM influencer_profiles WHERE account_id = ? AND version = ?`,
					r.User.ID, e.count(version)); err != nil {
					t.Fatal(err)
				}
				if display != "Ivy Influencer" {
					t.Errorf("got display_name %q, want the name", display)
				}
				if strings.Contains(e.logs.String(), testPassword) {
					t.Error("a password appears in the logs")
				}
			},
		},
		{
			name:     "duplicate email, another case",
			url:      registerURL,
			before:   func(t *testing.T, e *testEnv) { e.register(sponsorReq("dup@example.com")) },
			body:     influencerReq("DUP@example.com"),
			status:   http.StatusConflict,
			code:     domain.CodeInvalidArgument,
			contains: []string{"already registered"},
			db:       map[string]int64{accounts: 1},
		},
		{
			name:     "a new account registered in fullwidth is stored in its normal form",
			url:      registerURL,
			before:   func(t *testing.T, e *testEnv) { e.register(influencerReq("admin@example.com")) },
			body:     sponsorReq("ｎｅｗ@Example.com"),
			status:   http.StatusCreated,
			contains: []string{`"email":"new@example.com"`},
			db:       map[string]int64{accounts: 2},
		},
		{
			name: "a password of 8 characters in 14 bytes",
			url:  registerURL,
			body: withReq(influencerReq("ivy@example.com"), func(r *protocol.RegisterRequest) { r.Password = "пароль12" }),
			after: func(t *testing.T, e *testEnv, res response) {
				e.mustLogin("ivy@example.com", "пароль12")
			},
			status: http.StatusCreated,
		},
	}

	// Refused input: 400 invalid_argument, and nothing is created nor counted.
	sp, in := sponsorReq("x@example.com"), influencerReq("y@example.com")
	bad := []struct {
		name string
		body any
	}{
		{"admin role", withReq(sp, func(r *protocol.RegisterRequest) { r.Role = "admin" })},
		{"no role", withReq(sp, func(r *protocol.RegisterRequest) { r.Role = "" })},
		{"unknown role", withReq(sp, func(r *protocol.RegisterRequest) { r.Role = "Sponsor" })},
		{"no email", withReq(sp, func(r *protocol.RegisterRequest) { r.Email = "" })},
		{"email without @", withReq(sp, func(r *protocol.RegisterRequest) { r.Email = "sam.example.com" })},
		{"email with a name", withReq(sp, func(r *protocol.RegisterRequest) { r.Email = "Sam <sam@example.com>" })},
		{"two emails", withReq(sp, func(r *protocol.RegisterRequest) { r.Email = "a@example.com, b@example.com" })},
		{"email too long", withReq(sp, func(r *protocol.RegisterRequest) { r.Email = strings.Repeat("a", 250) + "@example.com" })},
		{"short password", withReq(sp, func(r *protocol.RegisterRequest) { r.Password = "1234567" })},
		{"long password", withReq(sp, func(r *protocol.RegisterRequest) { r.Password = strings.Repeat("p", 1025) })},
		{"no name", withReq(sp, func(r *protocol.RegisterRequest) { r.Name = "   " })},
		{"name too long", withReq(sp, func(r *protocol.RegisterRequest) { r.Name = strings.Repeat("n", 121) })},
		{"control character in name", withReq(sp, func(r *protocol.RegisterRequest) { r.Name = "Sam\x00" })},
		{"sponsor without company", withReq(sp, func(r *protocol.RegisterRequest) { r.Profile.CompanyName = "" })},
		{"negative budget", withReq(sp, func(r *protocol.RegisterRequest) { r.Profile.Budget = -1 })},
		{"sponsor with a bio", withReq(sp, func(r *protocol.RegisterRequest) { r.Profile.Bio = "hi" })},
		{"influencer with a budget", withReq(in, func(r *protocol.RegisterRequest) { r.Profile.Budget = 10 })},
		{"influencer with a company", withReq(in, func(r *protocol.RegisterRequest) { r.Profile.CompanyName = "Acme" })},
		{"bio too long", withReq(in, func(r *protocol.RegisterRequest) { r.Profile.Bio = strings.Repeat("b", 2001) })},
		{"unknown field", `{"role":"influencer","email":"z@example.com","password":"` + testPassword + `","name":"Z","is_admin":true}`},
		{"malformed JSON", `{"role":`},
		{"trailing data", `{"role":"influencer","email":"z@example.com","password":"` + testPassword + `","name":"Z"} {}`},
	}
	for _, b := range bad {
		scenarios = append(scenarios, scenario{name: "refused: " + b.name, url: registerURL, body: b.body,
			status: http.StatusBadRequest, code: domain.CodeInvalidArgument, db: map[string]int64{accounts: 0},
			events: map[string]int{"*": 0}})
	}
	// Password policy: whitespace-only passwords are refused, and the minimum
	// length counts characters, not bytes or code points of a decomposed form.
	for name, pw := range map[string]string{
		"spaces":               "            ",
		"no-break spaces":      "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0",
		"four decomposed é":    "e\u0301e\u0301e\u0301e\u0301",
		"seven two-byte chars": "ééééééé",
	} {
		scenarios = append(scenarios, scenario{name: "password policy: " + name, url: registerURL,
			body:   withReq(influencerReq("ivy@example.com"), func(r *protocol.RegisterRequest) { r.Password = pw }),
			status: http.StatusBadRequest, code: domain.CodeInvalidArgument, contains: []string{"password"},
			db: map[string]int64{accounts: 0}})
	}
	// Look-alikes of a registered email are refused as taken (they normalise to
	// it) or as invalid, and no account is created.
	registered := func(t *testing.T, e *testEnv) { e.register(influencerReq("admin@example.com")) }
	for _, em := range []string{"ａdmin@example.com", "ＡＤＭＩＮ@example.com", "admin@ｅxample.com", "admin＠example.com", "ADMIN@EXAMPLE.COM"} {
		scenarios = append(scenarios, scenario{name: "look-alike taken: " + em, url: registerURL, before: registered,
			body: influencerReq(em), status: http.StatusConflict, code: domain.CodeInvalidArgument,
			contains: []string{"already registered"}, db: map[string]int64{accounts: 1}})
	}
	for _, em := range []string{"adm\u200bin@example.com", "adm\u00adin@example.com", "\u0430dmin@example.com",
		"ad\u202emin@example.com", "admin@ex\u0430mple.com", "r\u03bfot@example.com"} {
		scenarios = append(scenarios, scenario{name: fmt.Sprintf("look-alike invalid: %+q", em), url: registerURL,
			before: registered, body: influencerReq(em), status: http.StatusBadRequest, code: domain.CodeInvalidArgument,
			db: map[string]int64{accounts: 1}})
	}

	// One address registers at most registerMaxPerAddress accounts an hour (a
	// sliding window); refused input does not count; others are not affected.
	const addr = "198.51.100.1:1000"
	fillAddress := func(t *testing.T, e *testEnv) {
		for i := 0; i < 3; i++ {
			if rec := e.doFrom(addr, "POST", registerURL, influencerReq("not an email")); rec.Code != http.StatusBadRequest {
				t.Fatalf("bad registration: got %d %s", rec.Code, rec.Body)
			}
		}
		for i := 0; i < registerMaxPerAddress; i++ {
			rec := e.doFrom(addr, "POST", registerURL, influencerReq(fmt.Sprintf("u%d@example.com", i)))
			if rec.Code != http.StatusCreated {
				t.Fatalf("registration %d: got %d %s", i, rec.Code, rec.Body)
			}
			e.clock.Advance(time.Minute)
		}
	}
	scenarios = append(scenarios,
		scenario{
			name: "per address: one more within the hour", url: registerURL, remote: "198.51.100.1:2000",
			before: fillAddress, body: influencerReq("late@example.com"),
			status: http.StatusTooManyRequests, code: domain.CodeRateLimited,
			// The first registration leaves the hour in 60 - 20 = 40 minutes.
			header: map[string]string{"Retry-After": "2400", "Cache-Control": "no-store"},
			events: map[string]int{"registration throttled": 1},
			db:     map[string]int64{accounts: registerMaxPerAddress},
		},
		scenario{
			name: "per address: another address is not affected", url: registerURL, remote: "198.51.100.2:1000",
			before: fillAddress, body: influencerReq("other@example.com"), status: http.StatusCreated,
		},
		scenario{
			name: "per address: after the window", url: registerURL, remote: "198.51.100.1:3000",
			before: func(t *testing.T, e *testEnv) {
				fillAddress(t, e)
				if rec := e.doFrom("198.51.100.2:1000", "POST", registerURL, influencerReq("other@example.com")); rec.Code != http.StatusCreated {
					t.Fatalf("another address: got %d %s, want 201", rec.Code, rec.Body)
				}
				e.clock.Advance(40 * time.Minute)
			},
			body: influencerReq("late@example.com"), status: http.StatusCreated,
			db: map[string]int64{accounts: registerMaxPerAddress + 2},
		},
	)
	// A registration that got no hashing slot in time spent no hash: it does not
	// count against either limit.
	scenarios = append(scenarios, scenario{
		name: "a registration that waited in vain for a hash does not count", url: registerURL,
		config: Config{AuthLimits: AuthLimits{RegisterMaxPerMinute: 1, RegisterMaxPerAddress: 1, HashWait: 50 * time.Millisecond}},
		before: func(t *testing.T, e *testEnv) {
			release := e.holdHashSlots(nil)
			status, h, body := e.do("POST", registerURL, "", influencerReq("ivy@example.com"))
			e.wantError(status, body, http.StatusTooManyRequests, domain.CodeRateLimited)
			if h.Get("Retry-After") != "1" {
				t.Errorf("hashing busy: got Retry-After %q, want 1", h.Get("Retry-After"))
			}
			release()
		},
		body: influencerReq("ivy@example.com"), status: http.StatusCreated,
		db: map[string]int64{accounts: 1},
	})
	runScenarios(t, scenarios)
}

// TestRegister_Race: concurrent registrations of one email make one account;
// the others are told it is taken.
func TestRegister_Race(t *testing.T) {
	e := newEnv(t, Config{})
	const n = 8
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body, _ := json.Marshal(influencerReq("same@example.com"))
			resp, err := e.hc.Post(e.url+registerURL, "application/json", strings.NewReader(string(body)))
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

// TestRegister_RateLimitGlobal: the whole server hashes at most
// RegisterMaxPerMinute registrations a minute, from any number of addresses,
// and a concurrent burst cannot exceed it.
func TestRegister_RateLimitGlobal(t *testing.T) {
	const perMinute = 5
	e := newEnv(t, Config{AuthLimits: AuthLimits{RegisterMaxPerMinute: perMinute}})
	const n = 12
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := e.doFrom(fmt.Sprintf("203.0.113.%d:1000", i+1), "POST", registerURL,
				influencerReq(fmt.Sprintf("u%d@example.com", i)))
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
	if rec := e.doFrom("203.0.113.200:1", "POST", registerURL, influencerReq("next@example.com")); rec.Code != http.StatusCreated {
		t.Errorf("a minute later: got %d %s, want 201", rec.Code, rec.Body)
	}
}

// TestCreateAdmin_Policy: admin creation normalises the email and applies the
// password policy like registration.
func TestCreateAdmin_Policy(t *testing.T) {
	e := newEnv(t, Config{})
	ctx := context.Background()
	now := e.clock.Now()
	if _, err := CreateAdmin(ctx, e.s.db, "boss@example.com", "Boss", "            ", now); err == nil {
		t.Error("a whitespace-only admin password was accepted")
	}
	if _, err := CreateAdmin(ctx, e.s.db, "boss@example.com", "Boss", "e\u0301e\u0301e\u0301e\u0301", now); err == nil {
		t.Error("a 4-character admin password was accepted")
	}
	if _, err := CreateAdmin(ctx, e.s.db, "bo\u200bss@example.com", "Boss", testPassword, now); err == nil {
		t.Error("an email with a zero-width space was accepted")
	}
	id, err := CreateAdmin(ctx, e.s.db, "ＢＯＳＳ@example.com", "Boss", testPassword, now)
	if err != nil {
		t.Fatal(err)
	}
	var email string
	if err := e.s.db.R.Get(&email, `SELECT email FROM accounts WHERE id = ?`, id); err != nil || email != "boss@example.com" {
		t.Fatalf("got email %q (%v), want boss@example.com", email, err)
	}
	if _, err := CreateAdmin(ctx, e.s.db, "boss@ｅxample.com", "Boss 2", testPassword, now); !isEmailTaken(err) {
		t.Errorf("a look-alike admin: got %v, want email taken", err)
	}
}
