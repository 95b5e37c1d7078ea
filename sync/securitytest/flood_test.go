package securitytest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"sync"
	"testing"
	"time"

	"iescp/sync/protocol"
)

// loginAnswer is one sign-in attempt's outcome.
type loginAnswer struct {
	status     int
	code       string
	retryAfter string
	err        error
}

// login tries one sign-in with c; wrote, if set, is called once the request is sent.
func login(c *http.Client, url, email, password string, wrote func()) loginAnswer {
	body, _ := json.Marshal(protocol.LoginRequest{Email: email, Password: password})
	ctx := context.Background()
	if wrote != nil {
		ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { wrote() }})
	}
	req, err := http.NewRequestWithContext(ctx, "POST", url+"/api/v1/auth/login", bytes.NewReader(body))
	if err != nil {
		return loginAnswer{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return loginAnswer{err: err}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return loginAnswer{err: err}
	}
	var e protocol.ErrorBody
	if err := json.Unmarshal(raw, &e); err != nil {
		return loginAnswer{err: fmt.Errorf("status %d, body %q: %w", resp.StatusCode, raw, err)}
	}
	return loginAnswer{status: resp.StatusCode, code: e.Error.Code, retryAfter: resp.Header.Get("Retry-After")}
}

// checkRetryAfter checks a 429 answer carries rate_limited and a positive Retry-After.
func checkRetryAfter(t *testing.T, what string, a loginAnswer) {
	t.Helper()
	if a.code != "rate_limited" {
		t.Errorf("%s: 429 with code %q, want rate_limited", what, a.code)
	}
	if n, err := strconv.Atoi(a.retryAfter); err != nil || n <= 0 {
		t.Errorf("%s: 429 with Retry-After %q, want a positive number of seconds", what, a.retryAfter)
	}
}

// TestLoginBurstIsThrottled sends 39 wrong passwords for one account at once from
// one address, and the right password while they are in flight: at most the limit
// (5) are checked and answered 401, every other attempt is 429 with Retry-After, and
// the right password is refused too once the limit is spent.
func TestLoginBurstIsThrottled(t *testing.T) {
	s := newServer(t)
	victim := register(t, s, "influencer", "burstvictim")
	c := newClient()
	const burst = 39
	start := make(chan struct{})
	answers := make(chan loginAnswer, burst)
	var wg sync.WaitGroup
	for i := range burst {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			answers <- login(c, s.URL, victim.Email, fmt.Sprintf("wrong password %d", i), nil)
		}()
	}
	close(start)
	// The right password goes out once five wrong ones have been answered (the
	// limit is spent whatever the order the server took them in), while the rest
	// of the burst may still be in flight.
	var got []loginAnswer
	for len(got) < 5 {
		got = append(got, <-answers)
	}
	right := login(c, s.URL, victim.Email, victim.Password, nil)
	wg.Wait()
	close(answers)
	for a := range answers {
		got = append(got, a)
	}
	counts := map[int]int{}
	for i, a := range got {
		if a.err != nil {
			t.Fatalf("attempt %d: %v", i, a.err)
		}
		counts[a.status]++
		switch a.status {
		case http.StatusUnauthorized:
		case http.StatusTooManyRequests:
			checkRetryAfter(t, "a throttled attempt", a)
		default:
			t.Errorf("attempt %d: status %d, want 401 or 429", i, a.status)
		}
	}
	if counts[http.StatusUnauthorized] > 5 || counts[http.StatusTooManyRequests] < burst-5 {
		t.Errorf("%d parallel wrong passwords: %d × 401, %d × 429; want at most 5 × 401 and the rest 429",
			burst, counts[http.StatusUnauthorized], counts[http.StatusTooManyRequests])
	}
	if right.status != http.StatusTooManyRequests {
		t.Errorf("the right password sent in the burst: status %d, want 429 (the limit is spent)", right.status)
	} else {
		checkRetryAfter(t, "the right password", right)
	}
}

// TestRegistrationIsRateLimited registers many accounts at once from one address:
// beyond the limit the server answers 429 rate_limited with Retry-After instead of
// hashing one more password.
func TestRegistrationIsRateLimited(t *testing.T) {
	s := newServer(t)
	c := newClient()
	const n = 40
	start := make(chan struct{})
	answers := make(chan *reply, n)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r, err := tryDo(c, "POST", s.URL+"/api/v1/auth/register", "", protocol.RegisterRequest{
				Role: "influencer", Email: uniqueEmail(fmt.Sprintf("flood%d", i)), Password: testPassword, Name: "Flood"})
			if err != nil {
				errs <- err
				return
			}
			answers <- r
		}()
	}
	close(start)
	wg.Wait()
	close(answers)
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	counts := map[int]int{}
	for r := range answers {
		counts[r.Status]++
		switch r.Status {
		case http.StatusCreated:
		case http.StatusTooManyRequests:
			e := r.errorBody(t)
			checkRetryAfter(t, "a throttled registration", loginAnswer{code: e.Code, retryAfter: r.Header.Get("Retry-After")})
		default:
			t.Errorf("registration: status %d %s", r.Status, clip(string(r.Body)))
		}
	}
	if counts[http.StatusTooManyRequests] == 0 {
		t.Errorf("%d registrations at once from one address: %v, want the ones beyond the limit answered 429", n, counts)
	}
	if counts[http.StatusCreated] == 0 {
		t.Errorf("%d registrations at once from one address: none created, want the first ones through", n)
	}
}

// TestSignInBehindFloodSucceeds floods the server with 200 wrong sign-ins from
// one address and signs in for real from another while they are queued: the real
// sign-in succeeds, and takes a bounded multiple of an unloaded sign-in instead of
// waiting for the flood's password hashes (today: about 100 times as long, ~2 s for 200).
func TestSignInBehindFloodSucceeds(t *testing.T) {
	s := newServer(t)
	real := register(t, s, "sponsor", "realuser")
	rc := newClient()
	// An unloaded sign-in, the slowest of three.
	var base time.Duration
	for range 3 {
		t0 := time.Now()
		if a := login(rc, s.URL, real.Email, real.Password, nil); a.status != http.StatusOK {
			t.Fatalf("baseline sign-in: status %d %s", a.status, a.code)
		}
		base = max(base, time.Since(t0))
	}
	attacker := newClient()
	const flood = 200
	var sent sync.WaitGroup
	sent.Add(flood)
	var done sync.WaitGroup
	statuses := make([]int, flood)
	for i := range flood {
		done.Add(1)
		go func() {
			defer done.Done()
			var once sync.Once
			a := login(attacker, s.URL, fmt.Sprintf("nobody%d@example.com", i), "wrong password", func() { once.Do(sent.Done) })
			once.Do(sent.Done) // failed before the request went out
			statuses[i] = a.status
		}()
	}
	sent.Wait() // every bad sign-in is at the server
	t0 := time.Now()
	a := login(rc, s.URL, real.Email, real.Password, nil)
	took := time.Since(t0)
	done.Wait()
	if a.status != http.StatusOK {
		t.Fatalf("the real sign-in behind the flood: status %d %s", a.status, a.code)
	}
	// What the real sign-in waits behind is the hashes the flood was allowed to
	// cost: at most the per-address failure limit (the rest are refused before
	// hashing). Counted, not timed: a busy machine stretches every hash alike.
	const perAddress = 20 // serve's default failed sign-ins per address per window (docs/operations.md)
	if hashed := countOf(statuses, http.StatusUnauthorized); hashed > perAddress {
		t.Errorf("the flood cost %d password hashes, more than the per-address limit %d", hashed, perAddress)
	}
	if n := countOf(statuses, http.StatusUnauthorized) + countOf(statuses, http.StatusTooManyRequests); n != flood {
		t.Errorf("%d of %d bad sign-ins got neither 401 nor 429: %v", flood-n, flood, statuses)
	}
	t.Logf("unloaded sign-in %v, behind the flood %v; flood answers: 401×%d 429×%d",
		base, took, countOf(statuses, 401), countOf(statuses, 429))
}

func countOf(xs []int, x int) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}
