package client_test

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"
)

// TestMeasure_HealToConverged measures, with real timers, how long desktops take
// from the end of an outage to converged (their pending change pushed and every
// other desktop's change pulled). Outages repeat on the same engines, so backoff
// that builds up over an engine's life shows. It is a measurement, not a check:
// run it with IESCP_MEASURE_HEAL=1 (IESCP_HEAL_CYCLES, IESCP_HEAL_DOWN to tune).
func TestMeasure_HealToConverged(t *testing.T) {
	if os.Getenv("IESCP_MEASURE_HEAL") == "" {
		t.Skip("a measurement with real timers: set IESCP_MEASURE_HEAL=1")
	}
	cycles, down := 10, 4*time.Second
	if n, err := strconv.Atoi(os.Getenv("IESCP_HEAL_CYCLES")); err == nil && n > 0 {
		cycles = n
	}
	if d, err := time.ParseDuration(os.Getenv("IESCP_HEAL_DOWN")); err == nil && d > 0 {
		down = d
	}
	w := newWorld(t)
	w.register("influencer", "ian@example.com", "Ian")
	w.register("influencer", "iris@example.com", "Iris")
	front := newOutage(w)
	var desktops []*desktop
	for i, email := range []string{"sponsor@example.com", "ivy@example.com", "ian@example.com", "iris@example.com"} {
		d := w.desktopWith(front.hs.URL, email, fmt.Sprintf("live%d", i))
		d.sync()
		d.engine.Start()
		desktops = append(desktops, d)
	}
	var samples, rounds []time.Duration
	for k := range cycles {
		front.cut()
		for i, d := range desktops {
			d.must("profile.update", map[string]any{"name": fmt.Sprintf("Desk %d, outage %d", i, k)})
		}
		time.Sleep(down) // the outage itself: real time is what is measured
		front.heal()
		healed := time.Now()
		done := make([]time.Duration, len(desktops))
		deadline := healed.Add(3 * time.Minute)
		for left := len(desktops); left > 0; {
			if time.Now().After(deadline) {
				t.Fatalf("outage %d: not converged 3 minutes after the heal", k)
			}
			var version int64
			if err := w.srv.DB().R.Get(&version, `SELECT version FROM sync_meta`); err != nil {
				t.Fatal(err)
			}
			pushed := true
			for _, d := range desktops {
				pushed = pushed && d.engine.Status().Pending == 0
			}
			for i, d := range desktops {
				if done[i] != 0 || !pushed {
					continue
				}
				var cursor int64
				if err := d.db.R.Get(&cursor, `SELECT cursor FROM sync_state`); err != nil {
					t.Fatal(err)
				}
				if cursor >= version {
					done[i] = time.Since(healed)
					left--
				}
			}
			time.Sleep(5 * time.Millisecond) // polling the measurement, not the engines
		}
		samples = append(samples, done...)
		rounds = append(rounds, slices.Max(done))
		t.Logf("outage %d (%v down): converged after %v", k, down, done)
	}
	for _, d := range desktops {
		d.engine.Stop()
		d.expectConverged()
	}
	t.Logf("heal → converged over %d outages × %d desktops: %s; all desktops of an outage: %s",
		cycles, len(desktops), percentiles(samples), percentiles(rounds))
}

func percentiles(ds []time.Duration) string {
	s := slices.Clone(ds)
	slices.Sort(s)
	at := func(q float64) time.Duration { return s[min(len(s)-1, int(q*float64(len(s))))] }
	r := func(d time.Duration) time.Duration { return d.Round(10 * time.Millisecond) }
	return fmt.Sprintf("p50 %v, p95 %v, max %v (n=%d)", r(at(0.5)), r(at(0.95)), r(s[len(s)-1]), len(s))
}
