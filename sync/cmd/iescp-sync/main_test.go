package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"iescp/backend/auth"
	"iescp/backend/store"
	"iescp/sync/protocol"
	"iescp/sync/server"
)

// lockedBuffer is an output a running command and the test may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

type harness struct {
	c              *cli
	stdout, stderr *lockedBuffer
	env            map[string]string
}

func newHarness(stdin string) *harness {
	h := &harness{stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, env: map[string]string{}}
	h.c = &cli{stdin: strings.NewReader(stdin), stdout: h.stdout, stderr: h.stderr,
		getenv: func(k string) string { return h.env[k] }, now: time.Now}
	return h
}

func (h *harness) run(t *testing.T, args ...string) int {
	t.Helper()
	return h.c.run(context.Background(), args)
}

func TestRun_Usage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		out  string // in stdout or stderr
	}{
		{nil, exitUsage, "Usage:"},
		{[]string{"help"}, exitOK, "iescp-sync serve"},
		{[]string{"version"}, exitOK, "iescp-sync 0.0.0-dev (protocol 1"},
		{[]string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"admin"}, exitUsage, "admin create"},
		{[]string{"admin", "create", "--name", "A"}, exitUsage, "--email and --name are required"},
		{[]string{"serve", "--nope"}, exitUsage, "flag provided but not defined"},
		{[]string{"serve", "extra"}, exitUsage, `unexpected argument "extra"`},
		{[]string{"serve", "--log-level", "loud"}, exitUsage, "--log-level"},
		{[]string{"serve", "--access-ttl", "1s"}, exitUsage, "--access-ttl"},
		{[]string{"serve", "--help"}, exitOK, "-addr"},
		{[]string{"backup"}, exitUsage, "--out is required"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			h := newHarness("")
			if got := h.run(t, tt.args...); got != tt.code {
				t.Errorf("got exit %d, want %d; stderr: %s", got, tt.code, h.stderr)
			}
			if out := h.stdout.String() + h.stderr.String(); !strings.Contains(out, tt.out) {
				t.Errorf("output %q does not contain %q", out, tt.out)
			}
		})
	}
}

var passwordLine = regexp.MustCompile(`password:\s+(\S+)`)

// serve starts `serve` in the background and returns its URL and a stop function
// that sends the equivalent of SIGTERM and returns the exit status.
func serve(t *testing.T, h *harness, args ...string) (string, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	h.c.listening = func(u string) { urls <- u }
	done := make(chan int, 1)
	go func() { done <- h.c.run(ctx, append([]string{"serve"}, args...)) }()
	select {
	case u := <-urls:
		return u, func() int { cancel(); return <-done }
	case code := <-done:
		cancel()
		t.Fatalf("serve exited with %d: %s", code, h.stderr)
	case <-time.After(20 * time.Second):
		cancel()
		t.Fatal("serve did not start")
	}
	return "", nil
}

func TestRun_Serve(t *testing.T) {
	dir := t.TempDir()
	h := newHarness("")
	h.env[envDB] = filepath.Join(dir, "env.db")
	h.env[envAddr] = "127.0.0.1:1" // overridden by the flag
	url, stop := serve(t, h, "--addr", "127.0.0.1:0")

	resp, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("healthz: got %d, want 200", resp.StatusCode)
	}
	m := passwordLine.FindStringSubmatch(h.stdout.String())
	if m == nil {
		t.Fatalf("no admin password on stdout: %q", h.stdout)
	}
	password := m[1]
	if len(password) < 20 {
		t.Errorf("got a %d-character admin password, want 20 or more", len(password))
	}
	body, _ := json.Marshal(protocol.LoginRequest{Email: "admin@localhost", Password: password})
	resp, err = http.Post(url+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("admin login: got %d, want 200", resp.StatusCode)
	}
	if code := stop(); code != exitOK {
		t.Fatalf("serve: got exit %d after shutdown, want 0; stderr: %s", code, h.stderr)
	}
	logs := h.stderr.String()
	if strings.Contains(logs, password) {
		t.Error("the admin password is in the logs")
	}
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("log line is not JSON: %s", line)
		}
	}
	if !strings.Contains(logs, `"msg":"stopped"`) {
		t.Errorf("no clean stop in the logs: %s", logs)
	}
	if _, err := os.Stat(h.env[envDB]); err != nil {
		t.Errorf("the database named by %s: %v", envDB, err)
	}

	// Second start: the admin exists, nothing is printed.
	h2 := newHarness("")
	_, stop2 := serve(t, h2, "--addr", "127.0.0.1:0", "--db", h.env[envDB])
	if code := stop2(); code != exitOK {
		t.Fatalf("second serve: exit %d", code)
	}
	if strings.Contains(h2.stdout.String(), "password") {
		t.Errorf("second start printed a password: %q", h2.stdout)
	}
}

func TestRun_ServeBadAddress(t *testing.T) {
	h := newHarness("")
	if code := h.run(t, "serve", "--addr", "256.0.0.1:99999", "--db", filepath.Join(t.TempDir(), "s.db")); code != exitError {
		t.Errorf("got exit %d, want %d", code, exitError)
	}
}

func TestRun_AdminCreate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	h := newHarness("a long admin password\nignored second line\n")
	if code := h.run(t, "admin", "create", "--db", db, "--email", "Boss@Example.com", "--name", "Boss", "--password-stdin"); code != exitOK {
		t.Fatalf("got exit %d, stderr %s", code, h.stderr)
	}
	if !strings.Contains(h.stdout.String(), "created admin boss@example.com") {
		t.Errorf("stdout %q", h.stdout)
	}
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	var hash string
	err = s.R.Get(&hash, `SELECT c.password_hash FROM credentials c JOIN accounts a ON a.id = c.account_id
		WHERE a.email = 'boss@example.com' AND a.role = 'admin'`)
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := auth.VerifyPassword(hash, "a long admin password"); !ok || err != nil {
		t.Errorf("the stored hash does not verify the password read from stdin (%v)", err)
	}

	// The same email again fails; a short password fails; no terminal and no
	// --password-stdin is a usage error; --password works with a warning.
	h = newHarness("a long admin password\n")
	if code := h.run(t, "admin", "create", "--db", db, "--email", "boss@example.com", "--name", "B", "--password-stdin"); code != exitError ||
		!strings.Contains(h.stderr.String(), "already registered") {
		t.Errorf("duplicate: got exit %d, stderr %q", code, h.stderr)
	}
	h = newHarness("short\n")
	if code := h.run(t, "admin", "create", "--db", db, "--email", "c@example.com", "--name", "C", "--password-stdin"); code != exitError {
		t.Errorf("short password: got exit %d, want %d", code, exitError)
	}
	h = newHarness("")
	if code := h.run(t, "admin", "create", "--db", db, "--email", "d@example.com", "--name", "D"); code != exitUsage ||
		!strings.Contains(h.stderr.String(), "--password-stdin") {
		t.Errorf("no terminal: got exit %d, stderr %q", code, h.stderr)
	}
	h = newHarness("")
	if code := h.run(t, "admin", "create", "--db", db, "--email", "e@example.com", "--name", "E", "--password", "scripted password"); code != exitOK ||
		!strings.Contains(h.stderr.String(), "warning") {
		t.Errorf("--password: got exit %d, stderr %q", code, h.stderr)
	}

	// A terminal prompt asks twice and refuses a mismatch.
	h = newHarness("")
	answers := []string{"terminal password", "terminal pasword"}
	h.c.readPassword = func(string) (string, error) { a := answers[0]; answers = answers[1:]; return a, nil }
	if code := h.run(t, "admin", "create", "--db", db, "--email", "f@example.com", "--name", "F"); code != exitError ||
		!strings.Contains(h.stderr.String(), "differ") {
		t.Errorf("mismatch: got exit %d, stderr %q", code, h.stderr)
	}
	answers = []string{"terminal password", "terminal password"}
	if code := h.run(t, "admin", "create", "--db", db, "--email", "f@example.com", "--name", "F"); code != exitOK {
		t.Errorf("prompted: got exit %d, stderr %q", code, h.stderr)
	}
}

func TestRun_Backup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	h := newHarness("a long admin password\n")
	if code := h.run(t, "admin", "create", "--db", db, "--email", "boss@example.com", "--name", "Boss", "--password-stdin"); code != exitOK {
		t.Fatalf("admin create: exit %d %s", code, h.stderr)
	}
	out := filepath.Join(dir, "backup.db")
	h = newHarness("")
	if code := h.run(t, "backup", "--db", db, "--out", out); code != exitOK {
		t.Fatalf("backup: exit %d %s", code, h.stderr)
	}
	s, err := store.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	err = s.R.Get(&n, `SELECT COUNT(*) FROM accounts WHERE email = 'boss@example.com'`)
	s.Close()
	if err != nil || n != 1 {
		t.Errorf("the backup has %d admins (%v), want 1", n, err)
	}
	h = newHarness("")
	if code := h.run(t, "backup", "--db", db, "--out", out); code != exitError || !strings.Contains(h.stderr.String(), "exists") {
		t.Errorf("backup over a file: got exit %d, stderr %q", code, h.stderr)
	}
	h = newHarness("")
	missing := filepath.Join(dir, "missing.db")
	if code := h.run(t, "backup", "--db", missing, "--out", filepath.Join(dir, "b2.db")); code != exitError {
		t.Errorf("missing database: got exit %d, want %d", code, exitError)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("backup created the missing database")
	}
}

// TestBuild_NoCgo builds the server the way operators do: no cgo, no GTK.
func TestBuild_NoCgo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "iescp-sync")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "iescp-sync ") {
		t.Errorf("version: got %q, %v", out, err)
	}
}

// The limits flags reach the server's configuration, bad values are usage errors,
// and a served idle connection is closed at --idle-timeout.
func TestRun_ServeLimits(t *testing.T) {
	h := newHarness("")
	opts, err := h.c.serveFlags([]string{"--read-header-timeout", "2s", "--read-timeout", "3s", "--write-timeout", "4s",
		"--idle-timeout", "5s", "--max-header-bytes", "8192", "--max-streams-per-account", "2", "--max-streams", "9",
		"--max-clients-per-account", "7", "--max-mutations-per-day", "99", "--login-window", "2m", "--login-max-per-account", "3",
		"--login-max-per-address", "11", "--register-max-per-address", "-1", "--register-max-per-minute", "13",
		"--max-concurrent-hashes", "2", "--hash-wait", "750ms", "--auto-accept-schedule", "30 2 * * *",
		"--analytics-schedule", "off", "--analytics-train-timeout", "90s"})
	if err != nil {
		t.Fatal(err)
	}
	c := opts.cfg
	if c.ReadHeaderTimeout != 2*time.Second || c.ReadTimeout != 3*time.Second || c.WriteTimeout != 4*time.Second ||
		c.IdleTimeout != 5*time.Second || c.MaxHeaderBytes != 8192 || c.MaxStreamsPerAccount != 2 || c.MaxStreams != 9 ||
		c.MaxClientsPerAccount != 7 || c.MaxMutationsPerDay != 99 || c.AutoAcceptSchedule != "30 2 * * *" ||
		c.AnalyticsSchedule != "off" || c.AnalyticsTrainTimeout != 90*time.Second {
		t.Errorf("flags did not reach the config: %+v", c)
	}
	if want := (server.AuthLimits{LoginWindow: 2 * time.Minute, LoginMaxPerAccount: 3, LoginMaxPerAddress: 11,
		RegisterMaxPerAddress: -1, RegisterMaxPerMinute: 13, MaxConcurrentHashes: 2, HashWait: 750 * time.Millisecond}); c.AuthLimits != want {
		t.Errorf("auth flags did not reach the config: %+v, want %+v", c.AuthLimits, want)
	}
	opts, err = h.c.serveFlags(nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := opts.cfg; c.ReadTimeout != server.DefaultReadTimeout || c.IdleTimeout != server.DefaultIdleTimeout ||
		c.MaxStreams != server.DefaultMaxStreams || c.MaxClientsPerAccount != server.DefaultMaxClientsPerAccount ||
		c.AuthLimits != server.DefaultAuthLimits {
		t.Errorf("defaults: %+v", c)
	}
	for _, args := range [][]string{
		{"--read-timeout", "0s"}, {"--write-timeout", "-1s"}, {"--idle-timeout", "0s"},
		{"--read-header-timeout", "2m", "--read-timeout", "1m"}, {"--max-header-bytes", "100"},
		{"--max-streams", "0"}, {"--max-streams-per-account", "-3"}, {"--max-clients-per-account", "0"},
		{"--max-mutations-per-day", "0"}, {"--login-max-per-account", "0"}, {"--login-max-per-address", "-1"}, {"--register-max-per-minute", "0"},
		{"--register-max-per-address", "-2"}, {"--max-concurrent-hashes", "0"}, {"--login-window", "10ms"},
		{"--hash-wait", "0s"}, {"--auto-accept-schedule", "every tuesday"},
		{"--analytics-schedule", "every tuesday"}, {"--analytics-train-timeout", "0s"},
	} {
		h := newHarness("")
		if code := h.run(t, append([]string{"serve"}, args...)...); code != exitUsage {
			t.Errorf("serve %v: exit %d, want %d; stderr: %s", args, code, exitUsage, h.stderr)
		}
	}

	h = newHarness("")
	url, stop := serve(t, h, "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "s.db"), "--idle-timeout", "300ms")
	defer stop()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := conn.SetReadDeadline(time.Now().Add(30 * time.Second)); err != nil {
		t.Fatal(err)
	}
	_, err = io.Copy(io.Discard, br)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("an idle connection outlived --idle-timeout by 30s")
	}
}
