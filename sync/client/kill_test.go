package client_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/store"
	"iescp/sync/client"
	"iescp/sync/protocol"
)

// syncServerProcess is a real iescp-sync process behind a forwarder: the test
// owns the address desktops use (127.0.0.1:0, bound once for the whole test), and
// each start of the server listens on a fresh port of its own (:0), read from its
// "listening" log line. No port is ever closed and reused, so nothing else can
// take it between a kill and a restart.
type syncServerProcess struct {
	t   *testing.T
	bin string
	db  string
	fw  *forwarder
	cmd *exec.Cmd
}

func buildSyncServer(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "iescp-sync")
	cmd := exec.Command("go", "build", "-o", bin, "iescp/sync/cmd/iescp-sync")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build iescp-sync: %v\n%s", err, out)
	}
	return bin
}

// url is the address desktops use: the forwarder's.
func (p *syncServerProcess) url() string { return "http://" + p.fw.ln.Addr().String() }

// start starts the server on 127.0.0.1:0 and points the forwarder at it once it
// says it listens (it accepts connections from then on).
func (p *syncServerProcess) start() {
	p.t.Helper()
	p.cmd = exec.Command(p.bin, "serve", "--addr", "127.0.0.1:0", "--db", p.db, "--log-level", "info")
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		p.t.Fatal(err)
	}
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		p.t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	go func() {
		// The first start prints the admin password. The read ends at EOF when the
		// process dies, or with os.ErrClosed when kill9's Wait closes the pipe first.
		if _, err := io.Copy(io.Discard, stdout); err != nil && !errors.Is(err, os.ErrClosed) {
			p.t.Errorf("iescp-sync stdout: %v", err)
		}
	}()
	listening := make(chan string, 1)
	go func() {
		// Read the log to its end (the server must never block on a full pipe).
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			var line struct {
				Msg string `json:"msg"`
				URL string `json:"url"`
			}
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "listening" {
				select {
				case listening <- line.URL:
				default:
				}
			}
		}
		close(listening)
	}()
	timer := time.NewTimer(60 * time.Second)
	defer timer.Stop()
	select {
	case u, ok := <-listening:
		if !ok {
			p.t.Fatal("iescp-sync exited before listening")
		}
		p.fw.setBackend(strings.TrimPrefix(u, "http://"))
	case <-timer.C:
		p.t.Fatal("iescp-sync did not say it listens within 60 s")
	}
}

// kill9 kills the running server with SIGKILL and reaps it; once it is reaped (the
// deferred call after the test's last kill) there is nothing left to kill.
func (p *syncServerProcess) kill9() {
	p.fw.setBackend("") // from now on connections are refused (closed at once)
	if p.cmd.ProcessState != nil {
		return
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		p.t.Fatalf("kill -9 iescp-sync: %v", err) // it exited on its own: a crash
	}
	err := p.cmd.Wait() // "signal: killed"
	if st := p.cmd.ProcessState; st == nil {
		p.t.Fatalf("iescp-sync after kill -9: %v", err)
	} else if ws, ok := st.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		p.t.Fatalf("iescp-sync after kill -9: %v (%v)", err, st)
	}
}

// forwarder accepts connections on a loopback port it holds for the whole test
// and pipes each to the current backend; with no backend it closes them at once.
// It can also trip at a chosen point of the HTTP traffic: when the nth request
// starts (after passing its first bytes on), or when the nth response starts (its
// bytes are dropped and the connection cut: the server did the work, the client
// never hears). Requests and responses are told apart by the direction of the
// bytes on a connection (HTTP/1.1, one request at a time).
type forwarder struct {
	ln net.Listener

	mu      sync.Mutex
	backend string
	trip    *trip
}

type trip struct {
	kind string // "request" or "response"
	n    int    // trips at the nth event of its kind
	seen int
	done chan struct{}
}

func newForwarder(t *testing.T) *forwarder {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &forwarder{ln: ln}
	go f.serve()
	t.Cleanup(func() { ln.Close() })
	return f
}

func (f *forwarder) setBackend(addr string) {
	f.mu.Lock()
	f.backend = addr
	f.mu.Unlock()
}

// arm makes the forwarder trip at the nth request or response from now; the
// channel is closed when it did.
func (f *forwarder) arm(kind string, n int) <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.trip = &trip{kind: kind, n: n, done: make(chan struct{})}
	return f.trip.done
}

// event counts an event of kind and says whether it is the armed one (and disarms).
func (f *forwarder) event(kind string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	tr := f.trip
	if tr == nil || tr.kind != kind {
		return false
	}
	if tr.seen++; tr.seen < tr.n {
		return false
	}
	f.trip = nil
	close(tr.done)
	return true
}

func (f *forwarder) serve() {
	for {
		c, err := f.ln.Accept()
		if err != nil {
			return
		}
		go f.pipe(c)
	}
}

func (f *forwarder) pipe(c net.Conn) {
	defer c.Close()
	f.mu.Lock()
	backend := f.backend
	f.mu.Unlock()
	if backend == "" {
		return
	}
	b, err := net.Dial("tcp", backend)
	if err != nil {
		return
	}
	defer b.Close()
	var requesting atomic.Bool // the client spoke last: the next server bytes start a response
	var once sync.Once
	cut := func() { once.Do(func() { c.Close(); b.Close() }) }
	go func() {
		defer cut()
		buf := make([]byte, 32<<10)
		for {
			n, err := c.Read(buf)
			if n > 0 {
				newRequest := !requesting.Swap(true)
				if _, werr := b.Write(buf[:n]); werr != nil {
					return
				}
				if newRequest && f.event("request") {
					return // the request is on its way; the test kills the server now
				}
			}
			if err != nil {
				return
			}
		}
	}()
	defer cut()
	buf := make([]byte, 32<<10)
	for {
		n, err := b.Read(buf)
		if n > 0 {
			if requesting.Swap(false) && f.event("response") {
				return // drop the answer: the server did the work, the client never hears
			}
			if _, werr := c.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// killPoints are where, in a sync, the server is killed: the nth request or
// response through the forwarder (a sync sends a push, then a pull).
var killPoints = []struct {
	kind string
	n    int
}{{"request", 1}, {"response", 1}, {"request", 2}, {"response", 2}}

// TestSync_ServerKilledDuringPushes kills the real server process with SIGKILL
// again and again while a desktop pushes, one mutation at a time, and restarts it:
// whether a kill lands before or after a commit, every change ends up applied
// exactly once.
func TestSync_ServerKilledDuringPushes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a server process")
	}
	p := &syncServerProcess{t: t, bin: buildSyncServer(t), db: filepath.Join(t.TempDir(), "server.db"), fw: newForwarder(t)}
	p.start()
	defer func() { p.kill9() }()
	url := p.url()
	ctx := context.Background()
	if _, err := client.Register(ctx, url, protocol.RegisterRequest{Role: "sponsor", Email: "s@example.com", Password: pw,
		Name: "S", Profile: protocol.RegisterProfile{CompanyName: "S Ltd"}}); err != nil {
		t.Fatal(err)
	}
	auth, user, err := client.Login(ctx, url, "s@example.com", pw, &client.MemorySecrets{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "desk.db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	eng, err := client.New(ctx, client.Config{ServerURL: url, DB: db, AccountID: user.ID, Tokens: auth})
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	const total = 150
	ids := map[string]bool{}
	kills := 0
	for i := 0; i < total; i++ {
		id := domain.NewID()
		ids[id] = true
		args, _ := json.Marshal(map[string]any{"id": id, "name": fmt.Sprintf("Draft %d", i), "start_date": "2026-12-01",
			"end_date": "2026-12-31", "budget": 100 + i})
		if _, err := eng.Mutate(ctx, "campaign.create", args); err != nil {
			t.Fatal(err)
		}
		if i%15 != 7 {
			_ = eng.Sync(ctx) // may meet a kept-alive connection to the last killed server: the outbox keeps it
			continue
		}
		// Kill at a chosen point of this sync (a push, then a pull): while the
		// push is on its way (before or during its commit), once the push has
		// committed but before its answer reaches the desktop, while the pull is
		// on its way, or once the pull is answered but the answer is lost.
		point := killPoints[kills%len(killPoints)]
		tripped := p.fw.arm(point.kind, point.n)
		done := make(chan error, 1)
		go func() { done <- eng.Sync(ctx) }()
		select {
		case <-tripped:
			p.kill9()
			t.Logf("kill %d (%s %d) during the sync: %v", kills, point.kind, point.n, <-done)
		case err := <-done: // the sync ended before that point (it had less to do)
			p.kill9()
			t.Logf("kill %d (%s %d) after the sync ended: %v", kills, point.kind, point.n, err)
		}
		kills++
		p.start()
	}
	for attempt := 0; eng.Status().Pending > 0 || attempt == 0; attempt++ {
		if attempt > 20 {
			t.Fatalf("outbox never drained: %+v", eng.Status())
		}
		_ = eng.Sync(ctx) // the server is up: a failure here is a kept-alive connection to a killed one
	}
	p.kill9() // the canonical file must be consistent even after a last SIGKILL
	canon, err := store.Open(p.db, store.SetDomain, store.SetServer)
	if err != nil {
		t.Fatal(err)
	}
	defer canon.Close()
	var got []string
	if err := canon.R.Select(&got, `SELECT id FROM campaigns WHERE sponsor_id = ?`, user.ID); err != nil {
		t.Fatal(err)
	}
	if len(got) != total {
		t.Fatalf("server has %d campaigns after %d kills, want exactly %d", len(got), kills, total)
	}
	for _, id := range got {
		if !ids[id] {
			t.Fatalf("unexpected campaign %s", id)
		}
	}
	var results, last int
	if err := canon.R.Get(&results, `SELECT COUNT(*) FROM mutation_results WHERE client_id = ?`, eng.ClientID()); err != nil {
		t.Fatal(err)
	}
	if err := canon.R.Get(&last, `SELECT last_mutation_id FROM sync_clients WHERE client_id = ?`, eng.ClientID()); err != nil {
		t.Fatal(err)
	}
	if results != total || last != total {
		t.Fatalf("mutation results %d, last_mutation_id %d; want %d each", results, last, total)
	}
	var ok string
	if err := canon.R.Get(&ok, `PRAGMA integrity_check`); err != nil {
		t.Fatal(err)
	}
	if ok != "ok" {
		t.Fatalf("integrity_check: %s", ok)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM campaigns`); n != total {
		t.Fatalf("desktop has %d campaigns, want %d", n, total)
	}
	t.Logf("%d SIGKILLs during %d pushes; every change applied once", kills, total)
}
