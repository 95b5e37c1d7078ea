package bench_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"iescp/backend/seed"
	"iescp/sync/client"
)

// seededInfluencers is how many influencers the initial-sync fixture holds;
// IESCP_BENCH_INFLUENCERS overrides it (a quick run while working on the bench).
func seededInfluencers() int {
	if n, err := strconv.Atoi(os.Getenv("IESCP_BENCH_INFLUENCERS")); err == nil && n >= 2 {
		return n
	}
	return 100_000
}

// postsPerInfluencer is the seed's synthetic posts per influencer (issue 12: the
// initial sync carries the analytics job's stats row per influencer, the model and
// the public media kits and audiences; raw posts stay on the server);
// IESCP_BENCH_POSTS=0 measures the replica without analytics.
func postsPerInfluencer() int {
	if n, err := strconv.Atoi(os.Getenv("IESCP_BENCH_POSTS")); err == nil && n >= 0 {
		return n
	}
	return seed.DefaultPostsPerInfluencer
}

var (
	seedOnce sync.Once
	seedPath string
	seedErr  error
	seedTook time.Duration
)

// seededDB generates the canonical database once per process and returns its path;
// each run copies it. IESCP_BENCH_SEED names one generated before (a copy of a
// run's seed/server.db, for the same IESCP_BENCH_INFLUENCERS and _POSTS): no
// generation, for a quicker round while working on the bench.
func seededDB(b *testing.B) string {
	b.Helper()
	if p := os.Getenv("IESCP_BENCH_SEED"); p != "" {
		if _, err := os.Stat(p); err != nil {
			b.Fatalf("IESCP_BENCH_SEED: %v", err)
		}
		return p
	}
	seedOnce.Do(func() {
		dir := filepath.Join(tmpRoot, "seed")
		if seedErr = os.MkdirAll(dir, 0o755); seedErr != nil {
			return
		}
		start := time.Now()
		var sum seed.Summary
		sum, seedErr = seed.Generate(context.Background(), seed.Options{DataDir: dir, Password: password,
			Influencers: seededInfluencers(), Sponsors: 30, Campaigns: 100, AdRequests: 500, Seed: 1, Now: time.Now(),
			PostsPerInfluencer: postsPerInfluencer()})
		seedPath, seedTook = sum.Path, time.Since(start)
	})
	if seedErr != nil {
		b.Fatal(seedErr)
	}
	b.Logf("fixture: %d influencers, %d posts each, seeded in %v", seededInfluencers(), postsPerInfluencer(), seedTook.Round(time.Millisecond))
	return seedPath
}

// BenchmarkInitialSync: a fresh desktop signs in as an influencer and pulls its
// whole replica (every influencer profile and the accounts behind them, public
// campaigns, its own requests) from a real server on loopback, with the engine's
// default page size. Timed: engine.Sync only (push of an empty outbox, every pull
// page, the one transaction applying them).
func BenchmarkInitialSync(b *testing.B) {
	src := seededDB(b)
	measureInitialSync(b, func() string {
		dbPath := filepath.Join(b.TempDir(), "server.db")
		if err := copyFile(dbPath, src); err != nil {
			b.Fatal(err)
		}
		return dbPath
	})
}

// measureInitialSync runs BenchmarkInitialSync's measurement over the server
// database serverDB makes for each run (a fresh copy of the seeded fixture).
func measureInitialSync(b *testing.B, serverDB func() string) {
	email := "influencer@iescp.demo"
	b.ResetTimer()
	var rows, total int
	var elapsed, serverPull time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		s := startServer(b, serverDB())
		d := newDesktop(b, s.url, email, password, dir, func(c *client.Config) {
			c.OnProgress = func(n int) { rows = n }
		})
		rows = 0
		b.StartTimer()
		start := time.Now()
		d.sync(b)
		elapsed += time.Since(start)
		b.StopTimer()
		total += rows
		// The server's own time answering the pulls (its pull histogram); the rest
		// is the desktop: HTTP, JSON decoding and the apply transaction.
		serverPull += time.Duration(metricValue(b, s.url, "iescp_sync_pull_seconds_sum") * float64(time.Second))
		var n int
		if err := d.db.R.Get(&n, `SELECT COUNT(*) FROM influencer_profiles`); err != nil {
			b.Fatal(err)
		}
		if n < seededInfluencers()/2 {
			b.Fatalf("replica holds %d influencer profiles", n)
		}
		d.close()
		s.close()
		b.StartTimer()
	}
	b.ReportMetric(float64(total)/float64(b.N), "rows")
	b.ReportMetric(float64(total)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(serverPull.Seconds()/float64(b.N), "server-pull-s")
	b.ReportMetric((elapsed-serverPull).Seconds()/float64(b.N), "desktop-s")
}
