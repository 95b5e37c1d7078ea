package bench_test

import (
	"fmt"
	"testing"
	"time"

	"iescp/backend/store/pgtest"
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
	measureChangeLatency(b, fl[0], fl[1], 0)
}
