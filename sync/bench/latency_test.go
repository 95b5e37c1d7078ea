package bench_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/sync/client"
	"iescp/sync/server"
)

const latencyChanges = 300

// BenchmarkChangeLatency: desktop A (a sponsor) renames its public campaign;
// desktop B (an influencer) has it in its replica. Both engines run their
// background loops (debounced push, SSE events, pull on poke). Measured from
// just before A's Mutate until B's OnChange fired and B's replica holds the new
// name: local apply, debounce, push, poke, pull, apply. latencyChanges changes
// per iteration, one at a time (the next starts once B shows the previous).
//
// debounce=default is the engine's default, 5 ms (what the app runs); debounce=0 sets it
// to 1µs to show what the rest of the path costs.
func BenchmarkChangeLatency(b *testing.B) {
	for _, v := range []struct {
		name     string
		debounce time.Duration
	}{{"debounce=default", 0}, {"debounce=0", time.Microsecond}} {
		b.Run(v.name, func(b *testing.B) { changeLatency(b, v.debounce) })
	}
}

func changeLatency(b *testing.B, debounce time.Duration) {
	s := startServer(b, b.TempDir()+"/server.db")
	defer s.close()
	measureChangeLatency(b, s, s, debounce)
}

// measureChangeLatency runs the measurement with desktop A syncing with server sa
// and desktop B with sb (the same server, or two instances of a fleet).
func measureChangeLatency(b *testing.B, sa, sb *liveServer, debounce time.Duration) {
	ctx := context.Background()
	dir := b.TempDir()
	if _, err := server.CreateAdmin(ctx, sa.srv.DB(), "root@bench.example", "Root", password, time.Now()); err != nil {
		b.Fatal(err)
	}
	sp := register(b, sa.url, "sponsor", "sponsor@bench.example", "Acme")
	register(b, sa.url, "influencer", "ivy@bench.example", "Ivy")
	admin := newDesktop(b, sa.url, "root@bench.example", password, dir, nil)
	defer admin.close()
	admin.sync(b)
	admin.mutate(b, "admin.approveSponsor", map[string]any{"sponsor_id": sp.ID})
	admin.sync(b)

	changed := make(chan struct{}, 1)
	a := newDesktop(b, sa.url, "sponsor@bench.example", password, dir, func(c *client.Config) { c.Debounce = debounce })
	defer a.close()
	bd := newDesktop(b, sb.url, "ivy@bench.example", password, dir, func(c *client.Config) {
		c.Debounce = debounce
		c.OnChange = func() {
			select {
			case changed <- struct{}{}:
			default:
			}
		}
	})
	defer bd.close()
	a.sync(b)
	campaign := domain.NewID()
	a.mutate(b, "campaign.create", map[string]any{"id": campaign, "name": "Phone launch", "start_date": "2026-11-01",
		"end_date": "2027-12-31", "budget": 100_000, "visibility": "public", "publish": true})
	a.sync(b)
	bd.sync(b)
	a.engine.Start()
	bd.engine.Start()
	// Measure from the moment both event streams are subscribed (the server's
	// gauge counts a stream once it receives pokes): before that a change could
	// only arrive by the 30 s poll.
	streams := func() float64 {
		n := metricValue(b, sa.url, "iescp_sync_event_streams")
		if sb != sa {
			n += metricValue(b, sb.url, "iescp_sync_event_streams")
		}
		return n
	}
	for deadline := time.Now().Add(30 * time.Second); streams() < 2; {
		if time.Now().After(deadline) {
			b.Fatal("the two event streams never connected")
		}
		select {
		case <-changed: // B's first pull after its stream's first poke
		case <-time.After(10 * time.Millisecond):
		}
	}
	drain := func() {
		for {
			select {
			case <-changed:
			default:
				return
			}
		}
	}

	var lat []time.Duration
	n := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for range latencyChanges {
			n++
			want := fmt.Sprintf("Phone launch %d", n)
			drain()
			start := time.Now()
			a.mutate(b, "campaign.update", map[string]any{"id": campaign, "name": want})
			deadline := time.After(10 * time.Second)
			for {
				select {
				case <-changed:
				case <-deadline:
					b.Fatalf("change %d not on B after 10 s", n)
				}
				var got string
				if err := bd.db.R.Get(&got, `SELECT name FROM campaigns WHERE id = ?`, campaign); err != nil {
					b.Fatal(err)
				}
				if got == want {
					break
				}
			}
			lat = append(lat, time.Since(start))
		}
	}
	b.StopTimer()
	sortDurations(lat)
	b.ReportMetric(ms(percentile(lat, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(lat, 95)), "p95-ms")
	b.ReportMetric(ms(percentile(lat, 99)), "p99-ms")
	b.ReportMetric(float64(len(lat)), "changes")
}
