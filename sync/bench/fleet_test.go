package bench_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/store/pgtest"
	"iescp/sync/client"
	"iescp/sync/server"
)

// The server on PostgreSQL, one instance and a fleet of three on one database
// (docs/operations.md), measured like the SQLite server: `make bench-pg` starts a
// throwaway cluster and runs these with IESCP_TEST_PG set, on 1 and 2 cores.

// fleet starts n server instances on one fresh PostgreSQL database.
func fleet(b *testing.B, n int) []*liveServer {
	b.Helper()
	if !pgtest.Enabled() {
		b.Skip("the PostgreSQL benchmarks need " + pgtest.Env + " (make bench-pg)")
	}
	db := pgtest.Database(b)
	var out []*liveServer
	for range n {
		s := startServer(b, db)
		select {
		case <-s.srv.Listening():
		case <-time.After(time.Minute):
			b.Fatal("an instance never listened for the others' commits")
		}
		b.Cleanup(s.close)
		out = append(out, s)
	}
	return out
}

// BenchmarkPushPostgres: BenchmarkPush50Desktops at batch = 1 on PostgreSQL, with one
// instance and with three (desktop i pushes to instance i mod 3, as a load
// balancer spreads them).
func BenchmarkPushPostgres(b *testing.B) {
	for _, n := range []int{1, 3} {
		b.Run(fmt.Sprintf("instances=%d/batch=1", n), func(b *testing.B) {
			fl := fleet(b, n)
			ps := pushers(b, fl[0])
			measurePushes(b, ps, func(i int) string { return fl[i%n].url }, 1)
		})
	}
}

// BenchmarkChangeLatencyAcrossInstances: a sponsor's edit on instance 0 until it is
// in an influencer's replica that syncs with instance 1 (default debounce): the
// push, the commit, the NOTIFY to the other instance, its poke, the pull.
func BenchmarkChangeLatencyAcrossInstances(b *testing.B) {
	fl := fleet(b, 2)
	ctx := context.Background()
	dir := b.TempDir()
	if _, err := server.CreateAdmin(ctx, fl[0].srv.DB(), "root@bench.example", "Root", password, time.Now()); err != nil {
		b.Fatal(err)
	}
	sp := register(b, fl[0].url, "sponsor", "sponsor@bench.example", "Acme")
	register(b, fl[0].url, "influencer", "ivy@bench.example", "Ivy")
	admin := newDesktop(b, fl[0].url, "root@bench.example", password, dir, nil)
	defer admin.close()
	admin.sync(b)
	admin.mutate(b, "admin.approveSponsor", map[string]any{"sponsor_id": sp.ID})
	admin.sync(b)

	changed := make(chan struct{}, 1)
	a := newDesktop(b, fl[0].url, "sponsor@bench.example", password, dir, nil)
	defer a.close()
	bd := newDesktop(b, fl[1].url, "ivy@bench.example", password, dir, func(c *client.Config) {
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
	for deadline := time.Now().Add(30 * time.Second); metricValue(b, fl[1].url, "iescp_sync_event_streams") < 1 ||
		metricValue(b, fl[0].url, "iescp_sync_event_streams") < 1; {
		if time.Now().After(deadline) {
			b.Fatal("the two event streams never connected")
		}
		select {
		case <-changed:
		case <-time.After(10 * time.Millisecond):
		}
	}
	var lat []time.Duration
	n := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for range latencyChanges {
			n++
			want := fmt.Sprintf("Phone launch %d", n)
			for len(changed) > 0 {
				<-changed
			}
			start := time.Now()
			a.mutate(b, "campaign.update", map[string]any{"id": campaign, "name": want})
			deadline := time.After(10 * time.Second)
			for {
				select {
				case <-changed:
				case <-deadline:
					b.Fatalf("change %d not on the other instance's desktop after 10 s", n)
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
	b.ReportMetric(float64(len(lat)), "changes")
}
