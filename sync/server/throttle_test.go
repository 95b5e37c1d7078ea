package server

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"iescp/backend/store/pgtest"
)

// The limits' machinery on the engine of the run (SQLite, or PostgreSQL with
// IESCP_TEST_PG): a sliding window per subject (attemptThrottle) and a token bucket
// (rateLimit), both counted in the database.

// testLimits is a limits over a fresh canonical database.
func testLimits(t *testing.T) *limits {
	t.Helper()
	return newLimits(pgtest.Server(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// reserve holds one place of lim for subject, or says how long to wait.
func reserve(t *testing.T, l *limits, lim limiter, subject string, now time.Time) (reservation, bool, time.Duration) {
	t.Helper()
	held, refused, wait, err := l.reserve(context.Background(), now, claim{lim, subject})
	if err != nil {
		t.Fatal(err)
	}
	if refused >= 0 {
		return reservation{}, false, wait
	}
	return held[0], true, 0
}

// end runs the ends of reservations.
func end(t *testing.T, l *limits, now time.Time, ops ...limitOp) {
	t.Helper()
	if err := l.run(context.Background(), now, ops...); err != nil {
		t.Fatal(err)
	}
}

// rows is how many rows the limits' tables hold.
func rows(t *testing.T, l *limits) (subjects, hits int) {
	t.Helper()
	if err := l.db.R.Get(&subjects, `SELECT COUNT(*) FROM limit_subjects`); err != nil {
		t.Fatal(err)
	}
	if err := l.db.R.Get(&hits, `SELECT COUNT(*) FROM limit_hits`); err != nil {
		t.Fatal(err)
	}
	return subjects, hits
}

func TestAttemptThrottle_Window(t *testing.T) {
	l := testLimits(t)
	th := newAttemptThrottle("test", 3, time.Minute)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		at := t0.Add(time.Duration(i) * 10 * time.Second)
		r, ok, w := reserve(t, l, th, "k", at)
		if !ok {
			t.Fatalf("attempt %d: refused, wait %s", i, w)
		}
		end(t, l, at, r.keep(at))
	}
	if _, ok, w := reserve(t, l, th, "k", t0.Add(30*time.Second)); ok || w != 30*time.Second {
		t.Errorf("got %v, wait %s; want refused, 30s", ok, w)
	}
	r, ok, _ := reserve(t, l, th, "k", t0.Add(time.Minute))
	if !ok {
		t.Error("after the oldest attempt left the window: refused")
	}
	end(t, l, t0.Add(time.Minute), r.release())
	other, ok, _ := reserve(t, l, th, "other", t0)
	if !ok {
		t.Error("another key: refused")
	}
	end(t, l, t0, other.forgive(t0))
	// No reservation of k is open: forgiving only forgets its counted attempts.
	end(t, l, t0.Add(time.Minute), reservation{lim: th, subject: "k"}.forgive(t0.Add(time.Minute)))
	for i := 0; i < 3; i++ {
		if _, ok, _ := reserve(t, l, th, "k", t0.Add(time.Minute)); !ok {
			t.Fatalf("after forgiving: attempt %d refused", i)
		}
	}
}

// TestAttemptThrottle_Reservations: open reservations count against the limit,
// a released one gives its place back, a forgiven one (a success) ends its
// reservation and forgives the kept attempts.
func TestAttemptThrottle_Reservations(t *testing.T) {
	l := testLimits(t)
	th := newAttemptThrottle("test", 2, time.Minute)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	r1, ok1, _ := reserve(t, l, th, "k", t0)
	r2, ok2, _ := reserve(t, l, th, "k", t0)
	_, ok3, w := reserve(t, l, th, "k", t0)
	if !ok1 || !ok2 || ok3 || w != time.Second {
		t.Fatalf("got %v %v %v (wait %s), want two reservations then a refusal with 1s", ok1, ok2, ok3, w)
	}
	end(t, l, t0, r1.release())
	r3, ok, _ := reserve(t, l, th, "k", t0)
	if !ok {
		t.Fatal("a released place was not given back")
	}
	end(t, l, t0, r2.keep(t0))    // one of the two failed
	end(t, l, t0, r3.forgive(t0)) // the other succeeded: everything is forgiven
	for i := 0; i < 2; i++ {
		if _, ok, _ := reserve(t, l, th, "k", t0); !ok {
			t.Fatalf("after a reset: attempt %d refused", i)
		}
	}
	if _, ok, _ := reserve(t, l, th, "k", t0); ok {
		t.Fatal("the two open reservations did not count")
	}
	// A reservation nobody ends (its instance died) frees its place on its own.
	if _, ok, _ := reserve(t, l, th, "k", t0.Add(reservationTTL)); !ok {
		t.Fatal("abandoned reservations still hold their places after reservationTTL")
	}
}

// TestAttemptThrottle_Concurrent: many goroutines reserving at once get exactly
// max places.
func TestAttemptThrottle_Concurrent(t *testing.T) {
	l := testLimits(t)
	th := newAttemptThrottle("test", 5, time.Minute)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	var mu sync.Mutex
	granted := 0
	errs := make(chan error, 50)
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			held, refused, _, err := l.reserve(context.Background(), t0, claim{th, "k"})
			if err != nil {
				errs <- err
				return
			}
			if refused < 0 {
				mu.Lock()
				granted++
				mu.Unlock()
				if err := l.run(context.Background(), t0, held[0].keep(t0)); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if granted != 5 {
		t.Errorf("granted %d, want 5", granted)
	}
}

func TestAttemptThrottle_Unlimited(t *testing.T) {
	l := testLimits(t)
	th := newAttemptThrottle("test", -1, time.Minute)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 100; i++ {
		r, ok, _ := reserve(t, l, th, "k", t0)
		if !ok {
			t.Fatal("an unlimited throttle refused")
		}
		end(t, l, t0, r.keep(t0))
	}
	if s, h := rows(t, l); s != 0 || h != 0 {
		t.Errorf("an unlimited throttle wrote %d subjects, %d hits; want none", s, h)
	}
}

// TestLimits_Swept: expired rows of every limit are deleted on the write path,
// at most once per sweepEvery, so the tables stay as large as what still counts.
func TestLimits_Swept(t *testing.T) {
	l := testLimits(t)
	th := newAttemptThrottle("test", 3, time.Minute)
	bucket := newRateLimit("bucket", 2, time.Second)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 50; i++ {
		key := string(rune('a' + i%26))
		r, ok, _ := reserve(t, l, th, key+key, t0)
		if !ok {
			t.Fatalf("attempt %d refused", i)
		}
		end(t, l, t0, r.keep(t0))
	}
	if r, ok, _ := reserve(t, l, bucket, "", t0); ok {
		end(t, l, t0, r.keep(t0))
	}
	if s, h := rows(t, l); s != 27 || h != 50 {
		t.Fatalf("got %d subjects, %d hits; want 27, 50", s, h)
	}
	// Within sweepEvery of the last sweep nothing is swept, even what expired.
	l.swept.Store(t0.UnixNano())
	t1 := t0.Add(sweepEvery - time.Nanosecond)
	end(t, l, t1)
	if _, h := rows(t, l); h != 50 {
		t.Fatalf("swept before its turn: %d hits left, want 50", h)
	}
	// Past the window (and the subjects' reservation time), the next write sweeps.
	t2 := t0.Add(reservationTTL)
	end(t, l, t2)
	if s, h := rows(t, l); s != 0 || h != 0 {
		t.Errorf("after the sweep: %d subjects, %d hits; want none", s, h)
	}
}

// TestRateLimit_Bucket: n at once, then one per window/n; the wait is until the
// next token, from the injected time only.
func TestRateLimit_Bucket(t *testing.T) {
	l := testLimits(t)
	b := newRateLimit("bucket", 5, time.Minute) // a token every 12 s
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 5; i++ {
		r, ok, w := reserve(t, l, b, "", t0)
		if !ok {
			t.Fatalf("reservation %d: refused, wait %s", i, w)
		}
		end(t, l, t0, r.keep(t0))
	}
	if _, ok, w := reserve(t, l, b, "", t0); ok || w != 12*time.Second {
		t.Errorf("got %v, wait %s; want refused, 12s", ok, w)
	}
	if _, ok, w := reserve(t, l, b, "", t0.Add(5*time.Second)); ok || w != 7*time.Second {
		t.Errorf("5 s later: got %v, wait %s; want refused, 7s", ok, w)
	}
	r, ok, _ := reserve(t, l, b, "", t0.Add(12*time.Second))
	if !ok {
		t.Fatal("a token later: refused")
	}
	end(t, l, t0.Add(12*time.Second), r.keep(t0.Add(12*time.Second)))
	if _, ok, _ := reserve(t, l, b, "", t0.Add(12*time.Second)); ok {
		t.Error("the refilled token was given twice")
	}
	if _, ok, _ := reserve(t, l, b, "", t0.Add(12*time.Second+time.Minute)); !ok {
		t.Error("a minute later: refused")
	}
}

// TestRateLimit_Reservations: open reservations hold their tokens, a released
// one gives its token back, a refusal says how long until the reservations in
// flight would leave a token, and a clock that goes back refills nothing twice.
func TestRateLimit_Reservations(t *testing.T) {
	l := testLimits(t)
	b := newRateLimit("bucket", 2, time.Minute) // a token every 30 s
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	r1, ok1, _ := reserve(t, l, b, "", t0)
	r2, ok2, _ := reserve(t, l, b, "", t0)
	_, ok3, w := reserve(t, l, b, "", t0)
	if !ok1 || !ok2 || ok3 || w != 30*time.Second {
		t.Fatalf("got %v %v %v (wait %s), want two reservations then a refusal with 30s", ok1, ok2, ok3, w)
	}
	end(t, l, t0, r1.release())
	r3, ok, _ := reserve(t, l, b, "", t0)
	if !ok {
		t.Fatal("a released token was not given back")
	}
	end(t, l, t0, r2.keep(t0), r3.keep(t0))
	if _, ok, w := reserve(t, l, b, "", t0.Add(-time.Hour)); ok || w != 30*time.Second {
		t.Errorf("a clock gone back: got %v, wait %s; want refused, 30s", ok, w)
	}
	if _, ok, _ := reserve(t, l, b, "", t0.Add(29*time.Second)); ok {
		t.Error("a token before its time (the clock went back and forth)")
	}
	// A reservation kept with the time it started, after a later one was seen
	// (concurrent requests), still spends its token.
	r4, ok, _ := reserve(t, l, b, "", t0.Add(30*time.Second))
	if !ok {
		t.Fatal("a refilled token: refused")
	}
	end(t, l, t0.Add(10*time.Second), r4.keep(t0.Add(10*time.Second)))
	if _, ok, _ := reserve(t, l, b, "", t0.Add(30*time.Second)); ok {
		t.Error("a kept reservation did not spend its token")
	}
}

// TestRateLimit_Concurrent: many goroutines reserving at once get exactly n.
func TestRateLimit_Concurrent(t *testing.T) {
	l := testLimits(t)
	b := newRateLimit("bucket", 5, time.Minute)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	var mu sync.Mutex
	granted := 0
	errs := make(chan error, 50)
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			held, refused, _, err := l.reserve(context.Background(), t0, claim{b, ""})
			if err != nil {
				errs <- err
				return
			}
			if refused < 0 {
				mu.Lock()
				granted++
				mu.Unlock()
				if err := l.run(context.Background(), t0, held[0].keep(t0)); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if granted != 5 {
		t.Errorf("granted %d, want 5", granted)
	}
}

func TestRateLimit_Unlimited(t *testing.T) {
	l := testLimits(t)
	b := newRateLimit("bucket", -1, time.Minute)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 100; i++ {
		r, ok, _ := reserve(t, l, b, "", t0)
		if !ok {
			t.Fatal("an unlimited rate refused")
		}
		end(t, l, t0, r.keep(t0))
	}
}

func TestAuthLimits_Defaults(t *testing.T) {
	l := AuthLimits{RegisterMaxPerAddress: -1, LoginMaxPerAccount: 3}.withDefaults()
	want := AuthLimits{LoginWindow: loginWindow, LoginMaxPerAccount: 3, LoginMaxPerAddress: loginMaxPerAddress,
		RegisterMaxPerAddress: -1, RegisterMaxPerMinute: registerMaxPerMinute, MaxConcurrentHashes: maxConcurrentHashes,
		HashWait: hashWaitMax}
	if l != want {
		t.Errorf("got %+v, want %+v", l, want)
	}
}
