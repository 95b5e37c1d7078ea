package bench_test

import (
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cpuUse is the CPU time spent so far by this process (the server instances and
// the benchmark's desktops) and by every PostgreSQL process on the machine
// (backends, WAL writer, checkpointer; Linux's /proc, nothing elsewhere).
type cpuUse struct{ self, postgres time.Duration }

func cpuNow() cpuUse {
	var ru syscall.Rusage
	var u cpuUse
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		u.self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range stats {
		raw, err := os.ReadFile(p)
		if err != nil {
			continue // gone since the glob
		}
		s := string(raw)
		open, closing := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || closing < open || s[open+1:closing] != "postgres" {
			continue
		}
		// After the command: state, then fields 4.. ; utime and stime are 14 and 15.
		f := strings.Fields(s[closing+1:])
		if len(f) < 13 {
			continue
		}
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		u.postgres += time.Duration(ut+st) * (time.Second / 100) // USER_HZ, 100 on Linux
	}
	return u
}

// reportCPU reports the CPU time spent per unit of work since before: this
// process's and PostgreSQL's (0 on SQLite), in milliseconds. On a 2-core machine
// a rate is bounded by 2,000 ms of CPU a second over the sum of the two.
func reportCPU(b *testing.B, before cpuUse, units int64, unit string) {
	if units == 0 {
		return
	}
	d := cpuNow()
	b.ReportMetric(float64(d.self-before.self)/1e6/float64(units), "cpu-ms/"+unit)
	b.ReportMetric(float64(d.postgres-before.postgres)/1e6/float64(units), "pg-cpu-ms/"+unit)
}

// profileWindow writes a CPU profile of the measured window alone to the file
// IESCP_BENCH_CPUPROFILE names (the test binary's own -cpuprofile includes the
// set-up: registration's password hashing, the desktops' migrations). It returns
// the function that stops it.
func profileWindow(b *testing.B) func() {
	path := os.Getenv("IESCP_BENCH_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
