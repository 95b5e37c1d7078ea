package client_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/store"
	"iescp/sync/client"
	"iescp/sync/protocol"
)

// syncServerProcess is a real iescp-sync process.
type syncServerProcess struct {
	t    *testing.T
	bin  string
	db   string
	addr string
	cmd  *exec.Cmd
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

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func (p *syncServerProcess) start() {
	p.t.Helper()
	p.cmd = exec.Command(p.bin, "serve", "--addr", p.addr, "--db", p.db, "--log-level", "error")
	out, _ := p.cmd.StdoutPipe()
	p.cmd.Stderr = nil
	if err := p.cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	go func() { // drain stdout (the first start prints the admin password)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
		}
	}()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + p.addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.t.Fatal("iescp-sync did not become healthy")
}

func (p *syncServerProcess) kill9() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	p.cmd.Wait()
}

// TestSync_ServerKilledDuringPushes kills the real server process with SIGKILL
// again and again while a desktop pushes, one mutation at a time, and restarts it:
// whether a kill lands before or after a commit, every change ends up applied
// exactly once.
func TestSync_ServerKilledDuringPushes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a server process")
	}
	p := &syncServerProcess{t: t, bin: buildSyncServer(t), db: filepath.Join(t.TempDir(), "server.db"), addr: freeAddr(t)}
	p.start()
	defer func() { p.kill9() }()
	url := "http://" + p.addr
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
		done := make(chan error, 1)
		go func() { done <- eng.Sync(ctx) }()
		if i%25 == 7 {
			// Kill while the push is in flight: sometimes before its commit,
			// sometimes after, sometimes between push and pull.
			time.Sleep(time.Duration(i%5) * time.Millisecond)
			p.kill9()
			kills++
			<-done
			p.start()
			continue
		}
		<-done
	}
	for attempt := 0; eng.Status().Pending > 0 || attempt == 0; attempt++ {
		if attempt > 20 {
			t.Fatalf("outbox never drained: %+v", eng.Status())
		}
		if err := eng.Sync(ctx); err != nil {
			time.Sleep(100 * time.Millisecond)
		}
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
	canon.R.Get(&results, `SELECT COUNT(*) FROM mutation_results WHERE client_id = ?`, eng.ClientID())
	canon.R.Get(&last, `SELECT last_mutation_id FROM sync_clients WHERE client_id = ?`, eng.ClientID())
	if results != total || last != total {
		t.Fatalf("mutation results %d, last_mutation_id %d; want %d each", results, last, total)
	}
	var ok string
	canon.R.Get(&ok, `PRAGMA integrity_check`)
	if ok != "ok" {
		t.Fatalf("integrity_check: %s", ok)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM campaigns`); n != total {
		t.Fatalf("desktop has %d campaigns, want %d", n, total)
	}
	t.Logf("%d SIGKILLs during %d pushes; every change applied once", kills, total)
}
