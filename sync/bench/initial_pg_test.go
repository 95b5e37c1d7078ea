package bench_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/store/pgtest"
)

// BenchmarkInitialSyncPostgres is BenchmarkInitialSync with the server on
// PostgreSQL (make bench-pg): the same seeded fixture, moved into PostgreSQL once
// per process with `iescp-sync migrate-to-postgres` (as an operator moves a team),
// then each run serves a fresh copy of it (CREATE DATABASE ... TEMPLATE).
func BenchmarkInitialSyncPostgres(b *testing.B) {
	if !pgtest.Enabled() {
		b.Skip("the PostgreSQL benchmarks need " + pgtest.Env + " (make bench-pg)")
	}
	b.Run("file", func(b *testing.B) { measureInitialSync(b, modeFile, postgresCopies(b)) })
	b.Run("rows", func(b *testing.B) { measureInitialSync(b, modeRows, postgresCopies(b)) })
}

// postgresCopies makes each run's server database: a fresh copy of the seeded
// PostgreSQL fixture (CREATE DATABASE ... TEMPLATE), dropped after the benchmark.
func postgresCopies(b *testing.B) func() string {
	tpl := seededPostgres(b)
	base := os.Getenv(pgtest.Env)
	admin, err := sqlx.Open("pgx", base)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = admin.Close() }) // after the runs' drops (cleanups run last first)
	return func() string {
		name := fmt.Sprintf("%s_%d_run%d", tpl, os.Getpid(), pgRuns.Add(1)) // unique across processes
		if _, err := admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE ` + tpl); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() {
			if _, err := admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
				b.Error(err)
			}
		})
		return pgtest.WithDatabase(base, name)
	}
}

// pgRuns numbers the fixture's copies in this process.
var pgRuns atomic.Int64

var (
	pgSeedOnce sync.Once
	pgSeedName string
	pgSeedErr  error
)

// seededPostgres moves the seeded SQLite fixture into a new PostgreSQL database
// once per process and names it. It is not dropped: make bench-pg throws the whole
// cluster away after the run (the name carries the process id).
// IESCP_BENCH_PG_SEED names such a database left by an earlier run instead.
func seededPostgres(b *testing.B) string {
	b.Helper()
	if name := os.Getenv("IESCP_BENCH_PG_SEED"); name != "" {
		return name
	}
	src := seededDB(b)
	bin := buildSyncServer(b)
	pgSeedOnce.Do(func() {
		base := os.Getenv(pgtest.Env)
		name := fmt.Sprintf("bench_initial_%d", os.Getpid())
		admin, err := sqlx.Open("pgx", base)
		if err != nil {
			pgSeedErr = err
			return
		}
		defer admin.Close()
		if _, err := admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE template0`); err != nil {
			pgSeedErr = err
			return
		}
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		defer cancel()
		//nolint:gosec // G702: the binary this process just built, its own temp fixture and the bench's database; no shell
		out, err := exec.CommandContext(ctx, bin, "migrate-to-postgres", "--from", src, "--to", pgtest.WithDatabase(base, name)).CombinedOutput()
		if err != nil {
			pgSeedErr = fmt.Errorf("migrate-to-postgres: %v\n%s", err, out)
			return
		}
		b.Logf("fixture moved to PostgreSQL in %v: %s", time.Since(start).Round(time.Millisecond), strings.TrimSpace(lastLine(string(out))))
		pgSeedName = name
	})
	if pgSeedErr != nil {
		b.Fatal(pgSeedErr)
	}
	return pgSeedName
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
