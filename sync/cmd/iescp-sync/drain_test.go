package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/store"
	"iescp/backend/store/pgtest"
)

// --drain-delay and --db-max-conns (and their environment twins) reach serve's
// options; the drain's default follows the engine; bad values are usage errors.
func TestRun_ServeDrainAndPoolFlags(t *testing.T) {
	const pg = "postgres://u@127.0.0.1:1/db"
	tests := []struct {
		env   map[string]string
		args  []string
		drain time.Duration
		conns int
	}{
		{nil, []string{"--db", "x.db"}, 0, 0},
		{nil, []string{"--db", pg}, defaultDrainDelay, 0},
		{nil, []string{"--db", pg, "--drain-delay", "0"}, 0, 0},
		{nil, []string{"--db", "x.db", "--drain-delay", "12s"}, 12 * time.Second, 0},
		{map[string]string{envDrainDelay: "3s", envDBMaxConns: "40"}, []string{"--db", pg}, 3 * time.Second, 40},
		{map[string]string{envDrainDelay: "3s", envDBMaxConns: "40"}, []string{"--db", pg, "--drain-delay", "1s", "--db-max-conns", "2"}, time.Second, 2},
		{map[string]string{envDrainDelay: "0"}, []string{"--db", pg}, 0, 0},
	}
	for _, tt := range tests {
		h := newHarness("")
		for k, v := range tt.env {
			h.env[k] = v
		}
		opts, err := h.c.serveFlags(tt.args)
		if err != nil {
			t.Fatalf("%v %v: %v", tt.env, tt.args, err)
		}
		if opts.drainDelay != tt.drain || opts.dbMaxConns != tt.conns {
			t.Errorf("%v %v: drain %s, conns %d; want %s, %d", tt.env, tt.args, opts.drainDelay, opts.dbMaxConns, tt.drain, tt.conns)
		}
	}
	for _, bad := range []struct {
		env  map[string]string
		args []string
		msg  string
	}{
		{nil, []string{"--drain-delay", "-1s"}, "--drain-delay must not be negative"},
		{nil, []string{"--drain-delay", "soon"}, "invalid value"},
		{map[string]string{envDrainDelay: "soon"}, nil, envDrainDelay + `="soon" is not a duration`},
		{map[string]string{envDrainDelay: "-2s"}, nil, envDrainDelay + " must not be negative"},
		{nil, []string{"--db", pg, "--db-max-conns", "1"}, "--db-max-conns must be between 2 and 1000, got 1"},
		{nil, []string{"--db", pg, "--db-max-conns", "1001"}, "between 2 and 1000"},
		{nil, []string{"--db", pg, "--db-max-conns", "many"}, "invalid value"},
		{map[string]string{envDBMaxConns: "many"}, []string{"--db", pg}, envDBMaxConns + `="many" is not a whole number`},
		{nil, []string{"--db", "x.db", "--db-max-conns", "8"}, "applies to a PostgreSQL database only"},
		{map[string]string{envDBMaxConns: "8"}, []string{"--db", "x.db"}, "applies to a PostgreSQL database only"},
		{nil, []string{"--db", pg + "?pool_max_conns=4"}, "pool_max_conns in the URL is not read: size the pool with --db-max-conns"},
	} {
		h := newHarness("")
		for k, v := range bad.env {
			h.env[k] = v
		}
		if code := h.run(t, append([]string{"serve"}, bad.args...)...); code != exitUsage || !strings.Contains(h.stderr.String(), bad.msg) {
			t.Errorf("serve %v %v: exit %d, stderr %q; want %d and %q", bad.env, bad.args, code, h.stderr, exitUsage, bad.msg)
		}
	}
}

// On SIGTERM, serve first drains: /readyz answers 503 while every other request is
// still served, for --drain-delay (the test's own clock decides when it is over),
// then the listener closes and serve exits cleanly.
func TestRun_ServeDrains(t *testing.T) {
	h := newHarness("")
	asked, over := make(chan time.Duration, 1), make(chan time.Time)
	h.c.after = func(d time.Duration) <-chan time.Time { asked <- d; return over }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	urls, done := make(chan string, 1), make(chan int, 1)
	h.c.listening = func(u string) { urls <- u }
	go func() {
		done <- h.c.run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "s.db"), "--drain-delay", "1h"})
	}()
	var url string
	select {
	case url = <-urls:
	case code := <-done:
		t.Fatalf("serve exited with %d: %s", code, h.stderr)
	}
	if got := status(t, url+"/readyz"); got != http.StatusOK {
		t.Fatalf("readyz before SIGTERM: %d", got)
	}
	cancel() // SIGTERM
	if d := <-asked; d != time.Hour {
		t.Fatalf("drained for %s, want --drain-delay's 1h", d)
	}
	if got := status(t, url+"/readyz"); got != http.StatusServiceUnavailable {
		t.Errorf("readyz while draining: %d, want 503", got)
	}
	if got := status(t, url+"/healthz"); got != http.StatusOK {
		t.Errorf("healthz while draining: %d, want 200 (still serving)", got)
	}
	select {
	case code := <-done:
		t.Fatalf("serve exited (%d) before the drain delay was over", code)
	default:
	}
	close(over)
	if code := <-done; code != exitOK {
		t.Fatalf("serve: exit %d after the drain; stderr: %s", code, h.stderr)
	}
	logs := h.stderr.String()
	if !strings.Contains(logs, `"msg":"draining"`) || !strings.Contains(logs, `"msg":"stopped"`) {
		t.Errorf("no drain then clean stop in the logs: %s", logs)
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Error("the listener still answers after serve returned")
	}
}

func status(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// The real process: SIGTERM starts the drain (/readyz 503, the rest served), a
// second SIGTERM cuts a long --drain-delay short, and the process exits 0.
func TestProcess_SigtermDrains(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "iescp-sync")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "s.db"),
		"--admin-password-file", filepath.Join(t.TempDir(), "pw"))
	cmd.Env = append(os.Environ(), envDrainDelay+"=1h")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }() // a failed test leaves no process (after Wait: a no-op)
	events := make(chan map[string]any, 16)
	var lines sync.WaitGroup
	lines.Add(1)
	go func() {
		defer lines.Done()
		defer close(events)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var rec map[string]any
			if json.Unmarshal(sc.Bytes(), &rec) == nil {
				events <- rec
			}
		}
	}()
	until := func(msg string) map[string]any {
		t.Helper()
		timeout := time.After(60 * time.Second)
		for {
			select {
			case rec, ok := <-events:
				if !ok {
					t.Fatalf("the server's log ended before %q", msg)
				}
				if rec["msg"] == msg {
					return rec
				}
			case <-timeout:
				t.Fatalf("no %q in the server's log", msg)
			}
		}
	}
	url, _ := until("listening")["url"].(string)
	if got := status(t, url+"/readyz"); got != http.StatusOK {
		t.Fatalf("readyz: %d", got)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if d := until("draining")["drain_delay"]; d != "1h0m0s" {
		t.Errorf("drain_delay %v, want the environment's 1h", d)
	}
	if got := status(t, url+"/readyz"); got != http.StatusServiceUnavailable {
		t.Errorf("readyz while draining: %d, want 503", got)
	}
	if got := status(t, url+"/healthz"); got != http.StatusOK {
		t.Errorf("healthz while draining: %d, want 200", got)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	until("drain cut short by a second signal")
	until("stopped")
	lines.Wait()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the server's exit: %v", err)
	}
}

// --db-max-conns bounds the connections an instance holds to PostgreSQL, under
// more concurrent requests than that, and the instance works at the smallest
// size allowed (a sign-in writes while readers run).
func TestRun_ServeDBMaxConns(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skip("needs PostgreSQL: set " + pgtest.Env + " (scripts/pg-cluster.sh start DIR prints a URL)")
	}
	defer func(n int) { store.PostgresPoolSize = n }(store.PostgresPoolSize)
	db := pgtest.Database(t)
	h := newHarness("")
	url, stop := serve(t, h, "--addr", "127.0.0.1:0", "--db", db, "--db-max-conns", "2", "--drain-delay", "0")
	defer stop()
	m := passwordLine.FindStringSubmatch(h.stdout.String())
	if m == nil {
		t.Fatalf("no admin password on stdout: %q", h.stdout)
	}
	watch, err := sqlx.Open("pgx", db)
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := 0; i < 48; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := status(t, url+"/readyz"); got != http.StatusOK {
				errs <- fmt.Errorf("readyz: %d", got)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		body := strings.NewReader(fmt.Sprintf(`{"email":"admin@localhost","password":%q}`, m[1]))
		resp, err := http.Post(url+"/api/v1/auth/login", "application/json", body)
		if err != nil {
			errs <- err
			return
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			errs <- fmt.Errorf("login: %d", resp.StatusCode)
		}
	}()
	// The most connections seen while the requests run (the server's listener for
	// the other instances' commits holds one more, outside the pool).
	most, finished := 0, waitCh(&wg)
	for running := true; running; {
		select {
		case <-finished:
			running = false
		default:
		}
		var n int
		if err := watch.Get(&n, `SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`); err != nil {
			t.Fatal(err)
		}
		most = max(most, n)
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if most > 2+1 {
		t.Errorf("%d connections to the database with --db-max-conns 2 (+1 listener)", most)
	}
}

func waitCh(wg *sync.WaitGroup) <-chan struct{} {
	c := make(chan struct{})
	go func() { wg.Wait(); close(c) }()
	return c
}
