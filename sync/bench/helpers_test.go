package bench_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"iescp/backend/store"
	"iescp/sync/client"
	"iescp/sync/protocol"
	"iescp/sync/server"
)

const password = "a long enough bench password"

// tmpRoot holds what a benchmark process caches between benchmarks (the seeded
// 100k database); TestMain removes it.
var tmpRoot string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "iescp-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tmpRoot = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// liveServer is a real sync server listening on 127.0.0.1 (no httptest).
type liveServer struct {
	srv *server.Server
	url string
}

func startServer(tb testing.TB, dbPath string, opts ...func(*server.Config)) *liveServer {
	tb.Helper()
	// The benchmarks register their 50 desktops' accounts from one address at
	// once and sign them in together: lift the limits per address meant for strangers.
	cfg := server.Config{DBPath: dbPath, Logger: quietLogger(),
		AuthLimits: server.AuthLimits{RegisterMaxPerAddress: -1, RegisterMaxPerMinute: -1, LoginMaxPerAddress: 1000}}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := server.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		tb.Fatal(err)
	}
	go func() { _ = srv.Serve() }() // returns nil after Close
	return &liveServer{srv: srv, url: srv.URL()}
}

func (s *liveServer) close() { s.srv.Close() }

func register(tb testing.TB, url, role, email, name string) protocol.User {
	tb.Helper()
	req := protocol.RegisterRequest{Role: role, Email: email, Password: password, Name: name}
	if role == "sponsor" {
		req.Profile.CompanyName = name + " Inc"
		req.Profile.Industry = "Retail"
		req.Profile.Budget = 1_000_000_000
	} else {
		req.Profile.Category, req.Profile.Niche = "Tech", "Phones"
	}
	u, err := client.Register(context.Background(), url, req)
	if err != nil {
		tb.Fatalf("register %s: %v", email, err)
	}
	return u
}

// desktop is one signed-in desktop: its replica and engine.
type desktop struct {
	user   protocol.User
	auth   *client.Auth
	db     *store.Store
	engine *client.Engine
}

func newDesktop(tb testing.TB, url, email, pw, dir string, tweak func(*client.Config)) *desktop {
	tb.Helper()
	ctx := context.Background()
	auth, user, err := client.Login(ctx, url, email, pw, &client.MemorySecrets{}, time.Now)
	if err != nil {
		tb.Fatalf("login %s: %v", email, err)
	}
	db, err := store.Open(filepath.Join(dir, user.ID+".db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		tb.Fatal(err)
	}
	cfg := client.Config{ServerURL: url, DB: db, AccountID: user.ID, Tokens: auth}
	if tweak != nil {
		tweak(&cfg)
	}
	eng, err := client.New(ctx, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return &desktop{user: user, auth: auth, db: db, engine: eng}
}

func (d *desktop) close() {
	d.engine.Stop()
	d.db.Close()
}

func (d *desktop) mutate(tb testing.TB, name string, args any) {
	tb.Helper()
	raw, err := json.Marshal(args)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := d.engine.Mutate(context.Background(), name, raw); err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
}

func (d *desktop) sync(tb testing.TB) {
	tb.Helper()
	if err := d.engine.Sync(context.Background()); err != nil {
		tb.Fatalf("sync: %v", err)
	}
}

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p/100*float64(len(sorted))+0.5) - 1
	i = max(0, min(i, len(sorted)-1))
	return sorted[i]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func sortDurations(ds []time.Duration) { sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] }) }

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
