// Command benchtable runs the sync benchmarks (iescp/sync/bench) once each and
// prints their results as a Markdown table, against the targets, with the
// machine they ran on. Run it from the module root:
//
//	go run ./sync/bench/cmd/benchtable [-bench REGEXP] [-raw]
//
// IESCP_BENCH_INFLUENCERS sets the size of the initial-sync fixture (default
// 100,000 influencers).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
)

// target is what the sync issue asks of one metric.
type target struct {
	metric string
	label  string
	limit  float64
	atMost bool // the figure must be ≤ limit (else ≥)
	unit   string
}

// targets by benchmark name prefix.
var targets = []struct {
	prefix string
	what   string
	checks []target
}{
	{"BenchmarkInitialSync", "initial sync into a fresh desktop",
		[]target{{"rows/s", "rows/s", 75_000, false, ""}}}, // issue 15: ten times PouchDB
	{"BenchmarkPush50Desktops", "push, 50 concurrent desktops",
		[]target{{"mutations/s", "mutations/s", 2_000, false, ""}}},
	{"BenchmarkChangeLatency", "change on A visible on B",
		[]target{{"p50-ms", "p50", 15, true, " ms"}, {"p95-ms", "p95", 50, true, " ms"}}},
	{"BenchmarkServerMemory1000Streams", "server RSS, 1,000 event streams",
		[]target{{"MB", "RSS", 150, true, " MB"}}},
}

type result struct {
	name    string
	metrics map[string]float64
	order   []string
}

func main() {
	bench := flag.String("bench", ".", "which benchmarks (go test -bench)")
	raw := flag.Bool("raw", false, "also echo go test's output")
	flag.Parse()
	//nolint:gosec // G204 false positive: the developer's own -bench pattern, one argv to go test, no shell
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", *bench, "-benchtime", "1x", "-timeout", "60m", "./sync/bench/")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		fail(err)
	}
	if err := cmd.Start(); err != nil {
		fail(err)
	}
	echo := io.Discard
	if *raw {
		echo = os.Stderr
	}
	var results []result
	cpu := ""
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(echo, line)
		if c, ok := strings.CutPrefix(line, "cpu: "); ok {
			cpu = c
		}
		if r, ok := parse(line); ok {
			results = append(results, r)
			fmt.Fprintf(os.Stderr, "done: %s\n", r.name)
		}
	}
	if err := cmd.Wait(); err != nil {
		fail(fmt.Errorf("go test: %w", err))
	}
	fmt.Printf("Machine: %d CPUs (%s), %s, %s/%s\n\n", runtime.NumCPU(), cpu, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Println("| benchmark | result | target | met | details |")
	fmt.Println("| --- | --- | --- | --- | --- |")
	for _, r := range results {
		row(r)
	}
}

func row(r result) {
	name := strings.TrimPrefix(r.name, "Benchmark")
	var got, want, met []string
	used := map[string]bool{}
	for _, t := range targets {
		if !strings.HasPrefix(r.name, t.prefix) {
			continue
		}
		name = t.what + sub(r.name)
		for _, c := range t.checks {
			v, ok := r.metrics[c.metric]
			if !ok {
				continue
			}
			used[c.metric] = true
			got = append(got, fmt.Sprintf("%s %s%s", c.label, num(v), c.unit))
			op := "≥"
			pass := v >= c.limit
			if c.atMost {
				op, pass = "≤", v <= c.limit
			}
			want = append(want, fmt.Sprintf("%s %s %s%s", c.label, op, num(c.limit), c.unit))
			met = append(met, map[bool]string{true: "yes", false: "**no**"}[pass])
		}
	}
	var details []string
	for _, k := range r.order {
		if !used[k] {
			details = append(details, fmt.Sprintf("%s %s", num(r.metrics[k]), k))
		}
	}
	fmt.Printf("| %s | %s | %s | %s | %s |\n", name, strings.Join(got, ", "), strings.Join(want, ", "),
		strings.Join(met, ", "), strings.Join(details, ", "))
}

// sub renders a sub-benchmark's name ("/batch=10-2" → " (batch=10)").
func sub(name string) string {
	_, s, ok := strings.Cut(name, "/")
	if !ok {
		return ""
	}
	return " (" + s + ")"
}

// parse reads one result line: "BenchmarkX/y-2   1   123 ns/op   4.5 unit ...".
func parse(line string) (result, bool) {
	f := strings.Fields(line)
	if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
		return result{}, false
	}
	if _, err := strconv.Atoi(f[1]); err != nil {
		return result{}, false
	}
	name := f[0]
	if i := strings.LastIndex(name, "-"); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			name = name[:i]
		}
	}
	r := result{name: name, metrics: map[string]float64{}}
	for i := 2; i+1 < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return result{}, false
		}
		unit := f[i+1]
		if unit == "ns/op" || unit == "B/op" || unit == "allocs/op" {
			continue
		}
		r.metrics[unit] = v
		r.order = append(r.order, unit)
	}
	return r, true
}

// num formats a figure with thousands separators and at most one decimal.
func num(v float64) string {
	if v >= 100 || v == float64(int64(v)) {
		s := strconv.FormatInt(int64(v+0.5), 10)
		var b strings.Builder
		for i, c := range s {
			if i > 0 && (len(s)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(c)
		}
		return b.String()
	}
	if v >= 10 {
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchtable:", err)
	os.Exit(1)
}
