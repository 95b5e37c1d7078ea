package bench_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/replica"
	"iescp/backend/seed"
	"iescp/backend/store"
	"iescp/sync/client"
	"iescp/sync/server"
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

// BenchmarkInitialSync: a fresh desktop signs in as an influencer and makes its
// first download (every influencer profile and the accounts behind them, their
// stats, public campaigns, its own requests) from a real server on loopback, with
// the engine's default page size. Timed: engine.Sync only (push of an empty
// outbox, then the download and the one transaction applying it).
//
// snapshot: the server offers its prebuilt snapshot of the influencers' class
// (built before the timer, reported as snapshot-build-s); the desktop downloads
// and verifies the file, copies its rows in and makes the correction pull; each
// step is reported (download-s, verify-s, correction-s, copy-s, apply-s).
// file: the same, but the replica file does not exist yet and is made from the
// snapshot file itself (client.PrepareReplica: download, verify, install), then
// opened and synced (the correction pull); timed from before PrepareReplica.
// rows: the same desktop downloading row by row (Config.NoSnapshot), as before.
func BenchmarkInitialSync(b *testing.B) {
	b.Run("file", func(b *testing.B) { benchInitialSync(b, modeFile) })
	b.Run("snapshot", func(b *testing.B) { benchInitialSync(b, modeCopy) })
	b.Run("rows", func(b *testing.B) { benchInitialSync(b, modeRows) })
}

// How a benchmarked first download is made.
const (
	modeRows = iota // row by row
	modeCopy        // the snapshot's rows copied into an open replica
	modeFile        // the snapshot file made the replica before it is opened
)

func benchInitialSync(b *testing.B, mode int) {
	src := seededDB(b)
	measureInitialSync(b, mode, func() string {
		dbPath := filepath.Join(b.TempDir(), "server.db")
		if err := copyFile(dbPath, src); err != nil {
			b.Fatal(err)
		}
		return dbPath
	})
}

// measureInitialSync runs BenchmarkInitialSync's measurement over the server
// database serverDB makes for each run (a fresh copy of the seeded fixture).
// mode is how the desktop makes its first download (modeRows, modeCopy, modeFile).
func measureInitialSync(b *testing.B, mode int, serverDB func() string) {
	snapshots := mode != modeRows
	email := "influencer@iescp.demo"
	b.ResetTimer()
	var rows, total int // rows: as OnProgress counts them, then as the replica holds them
	var elapsed, serverPull, build time.Duration
	steps := map[string]time.Duration{}
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		s := startServer(b, serverDB(), func(c *server.Config) {
			if snapshots {
				c.SnapshotDir = filepath.Join(dir, "snapshots")
			}
		})
		if snapshots {
			start := time.Now()
			if err := s.srv.RefreshSnapshots(context.Background(), domain.RoleInfluencer); err != nil {
				b.Fatal(err)
			}
			build += time.Since(start)
		}
		tweak := func(c *client.Config) {
			c.OnProgress = func(n int) { rows = n }
			c.NoSnapshot = !snapshots
			c.OnSnapshotStep = func(step string, took time.Duration) { steps[step] += took }
		}
		var d *desktop
		var start time.Time
		if mode == modeFile {
			auth, user, err := client.Login(context.Background(), s.url, email, password, &client.MemorySecrets{}, time.Now)
			if err != nil {
				b.Fatal(err)
			}
			cfg := client.Config{ServerURL: s.url, AccountID: user.ID, Tokens: auth}
			tweak(&cfg)
			rows = 0
			b.StartTimer()
			start = time.Now()
			path := filepath.Join(dir, user.ID+".db")
			made, err := client.PrepareReplica(context.Background(), cfg, path)
			if err != nil || !made {
				b.Fatalf("prepare: %v, %v", made, err)
			}
			t0 := time.Now()
			db, err := store.Open(path, store.SetDomain, store.SetDesktop)
			if err != nil {
				b.Fatal(err)
			}
			cfg.DB = db
			eng, err := client.New(context.Background(), cfg)
			if err != nil {
				b.Fatal(err)
			}
			d = &desktop{user: user, auth: auth, db: db, engine: eng}
			d.sync(b)
			steps["correction"] += time.Since(t0)
		} else {
			d = newDesktop(b, s.url, email, password, dir, tweak)
			rows = 0
			b.StartTimer()
			start = time.Now()
			d.sync(b)
		}
		took := time.Since(start)
		elapsed += took
		b.StopTimer()
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
		// rows: what the replica holds after the download (the same for both ways;
		// the row-by-row download receives a few rows twice across its pages).
		held := 0
		for _, tb := range replica.Tables {
			var c int
			if err := d.db.R.Get(&c, `SELECT COUNT(*) FROM `+tb.Name); err != nil {
				b.Fatal(err)
			}
			held += c
		}
		b.Logf("run %d: %d rows in %v (%.0f rows/s); received %d rows", i+1, held, took.Round(time.Millisecond),
			float64(held)/took.Seconds(), rows)
		total += held
		if mode == modeCopy && steps["copy"] == 0 {
			b.Fatal("the first download did not come from the snapshot")
		}
		d.close()
		s.close()
		b.StartTimer()
	}
	b.ReportMetric(float64(total)/float64(b.N), "rows")
	b.ReportMetric(float64(total)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(serverPull.Seconds()/float64(b.N), "server-pull-s")
	b.ReportMetric((elapsed-serverPull).Seconds()/float64(b.N), "desktop-s")
	if snapshots {
		b.ReportMetric(build.Seconds()/float64(b.N), "snapshot-build-s")
		names := []string{"download", "verify", "correction", "copy", "apply"}
		if mode == modeFile {
			names = []string{"download", "verify", "install", "correction"}
		}
		for _, step := range names {
			b.ReportMetric(steps[step].Seconds()/float64(b.N), step+"-s")
		}
	}
}
