package bench_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	streams         = 1000
	streamsAccounts = 10 // the streams are spread over this many signed-in influencers
)

// BenchmarkServerMemory1000Streams: the real iescp-sync binary (`serve`) runs as
// its own process; this process registers streamsAccounts influencers and opens
// 1,000 authenticated event streams to it, each on its own TCP connection, waits
// for each stream's first poke, then reads the server's resident memory
// (VmRSS from /proc/<pid>/status, and VmHWM, the peak). after-sign-ins measures
// the process that also registered and signed in the accounts (argon2id, 64 MiB
// per hash, up to 4 at once); restarted measures a fresh process serving the
// same streams with tokens issued before it started. Reported: RSS once
// listening (boot), after the sign-ins (idle), with the streams (MB), the peak,
// the Go heap in use with the streams, and the cost per stream.
func BenchmarkServerMemory1000Streams(b *testing.B) {
	raiseFileLimit(b, 4*streams)
	bin := buildSyncServer(b)
	for _, restart := range []bool{false, true} {
		name := "after-sign-ins"
		if restart {
			name = "restarted"
		}
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				serverMemory(b, bin, restart)
			}
		})
	}
}

func raiseFileLimit(b *testing.B, want uint64) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		b.Fatal(err)
	}
	if lim.Cur >= want {
		return
	}
	lim.Cur = min(want, lim.Max)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil || lim.Cur < want {
		b.Fatalf("need %d open files, limit %d: %v", want, lim.Cur, err)
	}
}

var (
	buildOnce sync.Once
	buildBin  string
	buildErr  error
)

func buildSyncServer(b *testing.B) string {
	buildOnce.Do(func() {
		buildBin = filepath.Join(tmpRoot, "iescp-sync")
		out, err := exec.Command("go", "build", "-o", buildBin, "iescp/sync/cmd/iescp-sync").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build iescp-sync: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		b.Fatal(buildErr)
	}
	return buildBin
}

// syncProcess is iescp-sync serve running as a child process.
type syncProcess struct {
	cmd *exec.Cmd
	url string
	pid int
}

func startSyncProcess(b *testing.B, bin, db string) *syncProcess {
	b.Helper()
	// 1,000 streams over a few accounts: lift the per-account stream cap (8) that
	// would otherwise close all but each account's newest.
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db, "--max-streams-per-account", "1000")
	cmd.Stdout = io.Discard // the first admin's password
	stderr, err := cmd.StderrPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var line struct{ Msg, URL string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "listening" {
				urlc <- line.URL
			}
		}
	}()
	p := &syncProcess{cmd: cmd, pid: cmd.Process.Pid}
	select {
	case p.url = <-urlc:
	case <-time.After(30 * time.Second):
		p.stop()
		b.Fatal("iescp-sync did not start listening")
	}
	return p
}

func (p *syncProcess) stop() {
	// Teardown: both fail only for a process already gone, which is what we want.
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	_ = p.cmd.Wait()
}

// serverMemory measures one server process with the streams. With restart, the
// accounts are registered and signed in first, then the server is restarted on
// the same database (access tokens survive a restart), so the measured process
// has done no password hashing at all: the streams' own cost.
func serverMemory(b *testing.B, bin string, restart bool) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := b.TempDir()
	db := filepath.Join(dir, "sync.db")
	p := startSyncProcess(b, bin, db)
	defer func() { p.stop() }()
	url := p.url
	boot := rss(b, p.pid, "VmRSS") // after the first start's admin password hash
	var err error

	tokens := make([]string, streamsAccounts)
	for i := range tokens {
		email := fmt.Sprintf("viewer%d@bench.example", i)
		register(b, url, "influencer", email, fmt.Sprintf("Viewer %d", i))
		d := newDesktop(b, url, email, password, dir, nil)
		if tokens[i], err = d.auth.AccessToken(ctx); err != nil {
			b.Fatal(err)
		}
		d.close()
	}
	if restart {
		p.stop()
		p = startSyncProcess(b, bin, db)
		url = p.url
		boot = rss(b, p.pid, "VmRSS")
	}
	pid := p.pid
	idle := rss(b, pid, "VmRSS")

	tr := &http.Transport{MaxIdleConnsPerHost: -1, DisableCompression: true}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, streams)
	sem := make(chan struct{}, 50) // connect 50 at a time
	for i := range streams {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			err := openStream(ctx, hc, url, tokens[i%len(tokens)])
			<-sem
			if err != nil {
				errs <- err
			}
		}()
	}
	// Each goroutine returns once its first poke arrived; the stream stays open
	// (its body is read by a goroutine until ctx ends).
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	connect := time.Since(start)
	time.Sleep(time.Second) // let the server settle (GC, buffers)
	connected := metricValue(b, url, "iescp_sync_event_streams")
	with := rss(b, pid, "VmRSS")
	peak := rss(b, pid, "VmHWM")
	heap := metricValue(b, url, "go_memstats_heap_inuse_bytes")
	b.ReportMetric(float64(boot)/1e6, "boot-MB")
	b.ReportMetric(float64(idle)/1e6, "idle-MB")
	b.ReportMetric(heap/1e6, "heap-inuse-MB")
	b.ReportMetric(float64(with)/1e6, "MB")
	b.ReportMetric(float64(peak)/1e6, "peak-MB")
	b.ReportMetric(float64(with-idle)/1e3/streams, "KB/stream")
	b.ReportMetric(connect.Seconds()*1e3, "connect-ms")
	if connected >= 0 && connected != streams {
		b.Logf("server reports %v connected streams, want %d", connected, streams)
	}
}

// openStream opens one event stream and returns after its first event; the
// connection stays open until ctx ends.
func openStream(ctx context.Context, hc *http.Client, url, token string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/sync/v1/events", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return fmt.Errorf("events: status %d", resp.StatusCode)
	}
	br := bufio.NewReader(resp.Body)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			resp.Body.Close()
			return err
		}
		if strings.HasPrefix(line, "data:") {
			break
		}
	}
	go func() {
		_, _ = io.Copy(io.Discard, br) // drain until ctx ends; how it ends is not measured
		resp.Body.Close()
	}()
	return nil
}

// rss reads a memory line (VmRSS, VmHWM) of /proc/<pid>/status, in bytes.
func rss(b *testing.B, pid int, field string) int64 {
	b.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb * 1024
		}
	}
	b.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

// metricValue reads one unlabelled gauge from /metrics; -1 when absent.
func metricValue(b *testing.B, url, name string) float64 {
	b.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			if err == nil {
				return v
			}
		}
	}
	return -1
}
