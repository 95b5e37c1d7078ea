package server

import (
	"sync"
	"testing"
	"time"
)

func TestAttemptThrottle_Window(t *testing.T) {
	th := newAttemptThrottle(3, time.Minute)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		at := t0.Add(time.Duration(i) * 10 * time.Second)
		if ok, w := th.reserve("k", at); !ok {
			t.Fatalf("attempt %d: refused, wait %s", i, w)
		}
		th.keep("k", at)
	}
	if ok, w := th.reserve("k", t0.Add(30*time.Second)); ok || w != 30*time.Second {
		t.Errorf("got %v, wait %s; want refused, 30s", ok, w)
	}
	if ok, _ := th.reserve("k", t0.Add(time.Minute)); !ok {
		t.Error("after the oldest attempt left the window: refused")
	}
	th.release("k", t0.Add(time.Minute))
	if ok, _ := th.reserve("other", t0); !ok {
		t.Error("another key: refused")
	}
	th.reset("other", t0)
	th.reset("k", t0.Add(time.Minute)) // no reservation of k is open: only forgets
	if len(th.keys) != 0 {
		t.Errorf("got %d keys after reset, want 0", len(th.keys))
	}
}

// TestAttemptThrottle_Reservations: open reservations count against the limit,
// a released one gives its place back, a reset (a success) ends its reservation
// and forgives the kept attempts.
func TestAttemptThrottle_Reservations(t *testing.T) {
	th := newAttemptThrottle(2, time.Minute)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	ok1, _ := th.reserve("k", t0)
	ok2, _ := th.reserve("k", t0)
	ok3, w := th.reserve("k", t0)
	if !ok1 || !ok2 || ok3 || w != time.Second {
		t.Fatalf("got %v %v %v (wait %s), want two reservations then a refusal with 1s", ok1, ok2, ok3, w)
	}
	th.release("k", t0)
	if ok, _ := th.reserve("k", t0); !ok {
		t.Fatal("a released place was not given back")
	}
	th.keep("k", t0)  // one of the two failed
	th.reset("k", t0) // the other succeeded: everything is forgiven
	for i := 0; i < 2; i++ {
		if ok, _ := th.reserve("k", t0); !ok {
			t.Fatalf("after a reset: attempt %d refused", i)
		}
	}
	if ok, _ := th.reserve("k", t0); ok {
		t.Fatal("the two open reservations did not count")
	}
}

// TestAttemptThrottle_Concurrent: many goroutines reserving at once get exactly
// max places.
func TestAttemptThrottle_Concurrent(t *testing.T) {
	th := newAttemptThrottle(5, time.Minute)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	var mu sync.Mutex
	granted := 0
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, _ := th.reserve("k", t0); ok {
				mu.Lock()
				granted++
				mu.Unlock()
				th.keep("k", t0)
			}
		}()
	}
	wg.Wait()
	if granted != 5 {
		t.Errorf("granted %d, want 5", granted)
	}
}

func TestAttemptThrottle_Unlimited(t *testing.T) {
	th := newAttemptThrottle(-1, time.Minute)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 1000; i++ {
		if ok, _ := th.reserve("k", t0); !ok {
			t.Fatal("an unlimited throttle refused")
		}
		th.keep("k", t0)
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

// TestRateLimit_Bucket: n at once, then one per window/n; the wait is until the
// next token, from the injected time only.
func TestRateLimit_Bucket(t *testing.T) {
	l := newRateLimit(5, time.Minute) // a token every 12 s
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 5; i++ {
		if ok, w := l.reserve(t0); !ok {
			t.Fatalf("reservation %d: refused, wait %s", i, w)
		}
		l.keep(t0)
	}
	if ok, w := l.reserve(t0); ok || w != 12*time.Second {
		t.Errorf("got %v, wait %s; want refused, 12s", ok, w)
	}
	if ok, w := l.reserve(t0.Add(5 * time.Second)); ok || w != 7*time.Second {
		t.Errorf("5 s later: got %v, wait %s; want refused, 7s", ok, w)
	}
	if ok, _ := l.reserve(t0.Add(12 * time.Second)); !ok {
		t.Fatal("a token later: refused")
	}
	l.keep(t0.Add(12 * time.Second))
	if ok, _ := l.reserve(t0.Add(12 * time.Second)); ok {
		t.Error("the refilled token was given twice")
	}
	if ok, _ := l.reserve(t0.Add(12*time.Second + time.Minute)); !ok {
		t.Error("a minute later: refused")
	}
}

// TestRateLimit_Reservations: open reservations hold their tokens, a released
// one gives its token back, a refusal says how long until the reservations in
// flight would leave a token, and a clock that goes back refills nothing twice.
func TestRateLimit_Reservations(t *testing.T) {
	l := newRateLimit(2, time.Minute) // a token every 30 s
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	ok1, _ := l.reserve(t0)
	ok2, _ := l.reserve(t0)
	ok3, w := l.reserve(t0)
	if !ok1 || !ok2 || ok3 || w != 30*time.Second {
		t.Fatalf("got %v %v %v (wait %s), want two reservations then a refusal with 30s", ok1, ok2, ok3, w)
	}
	l.release()
	if ok, _ := l.reserve(t0); !ok {
		t.Fatal("a released token was not given back")
	}
	l.keep(t0)
	l.keep(t0)
	if ok, w := l.reserve(t0.Add(-time.Hour)); ok || w != 30*time.Second {
		t.Errorf("a clock gone back: got %v, wait %s; want refused, 30s", ok, w)
	}
	if ok, _ := l.reserve(t0.Add(29 * time.Second)); ok {
		t.Error("a token before its time (the clock went back and forth)")
	}
	// A reservation kept with the time it started, after a later one was seen
	// (concurrent requests), still spends its token.
	if ok, _ := l.reserve(t0.Add(30 * time.Second)); !ok {
		t.Fatal("a refilled token: refused")
	}
	l.keep(t0.Add(10 * time.Second))
	if ok, _ := l.reserve(t0.Add(30 * time.Second)); ok {
		t.Error("a kept reservation did not spend its token")
	}
}

// TestRateLimit_Concurrent: many goroutines reserving at once get exactly n.
func TestRateLimit_Concurrent(t *testing.T) {
	l := newRateLimit(5, time.Minute)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	var mu sync.Mutex
	granted := 0
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, _ := l.reserve(t0); ok {
				mu.Lock()
				granted++
				mu.Unlock()
				l.keep(t0)
			}
		}()
	}
	wg.Wait()
	if granted != 5 {
		t.Errorf("granted %d, want 5", granted)
	}
}

func TestRateLimit_Unlimited(t *testing.T) {
	l := newRateLimit(-1, time.Minute)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 1000; i++ {
		if ok, _ := l.reserve(t0); !ok {
			t.Fatal("an unlimited rate refused")
		}
		l.keep(t0)
	}
}
