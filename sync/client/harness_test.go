package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iescp/backend/store/pgtest"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/ledger"
	"iescp/backend/replica"
	"iescp/backend/store"
	"iescp/sync/client"
	"iescp/sync/protocol"
	"iescp/sync/server"
)

const pw = "a long enough password"

// platform is a real sync server (httptest) over a temp-dir SQLite database.
type platform struct {
	t    *testing.T
	srv  *server.Server
	http *httptest.Server
	dir  string
	now  time.Time
}

func newPlatform(t *testing.T, opts ...func(*server.Config)) *platform {
	t.Helper()
	dir := t.TempDir()
	p := &platform{t: t, dir: dir, now: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}
	cfg := server.Config{DBPath: pgtest.ServerDB(t, dir), Now: func() time.Time { return p.now }, Logger: errorLog(t)}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p.srv = srv
	p.http = httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		p.http.CloseClientConnections()
		p.http.Close()
		srv.Close()
	})
	return p
}

// desktop is one desktop: a replica and its engine, driven by hand (Sync) unless
// started.
type desktop struct {
	t       *testing.T
	p       *platform
	name    string
	user    protocol.User
	db      *store.Store
	engine  *client.Engine
	auth    *client.Auth
	secrets *client.MemorySecrets
}

func (p *platform) register(role, email, name string) protocol.User {
	p.t.Helper()
	req := protocol.RegisterRequest{Role: role, Email: email, Password: pw, Name: name}
	if role == "sponsor" {
		req.Profile.CompanyName = name + " Inc"
		req.Profile.Industry = "Retail"
	} else {
		req.Profile.Category, req.Profile.Niche = "Tech", "Phones"
	}
	u, err := client.Register(context.Background(), p.http.URL, req)
	if err != nil {
		p.t.Fatalf("register %s: %v", email, err)
	}
	if role == "sponsor" {
		p.topUp(u.ID, 100_000_000) // accepting is never refused for money here (docs/money.md)
	}
	return u
}

// topUp credits a sponsor's wallet in the server's ledger, as a card payment does.
func (p *platform) topUp(sponsorID string, cents int64) {
	p.t.Helper()
	err := p.srv.DB().Write(context.Background(), func(tx *sqlx.Tx) error {
		_, err := ledger.New(func() time.Time { return p.now }).TopUp(context.Background(), tx, sponsorID, cents, domain.NewID())
		return err
	})
	if err != nil {
		p.t.Fatal(err)
	}
}

func (p *platform) admin() string {
	p.t.Helper()
	id, err := server.CreateAdmin(context.Background(), p.srv.DB(), "root@example.com", "Root", pw, p.now)
	if err != nil {
		p.t.Fatal(err)
	}
	return id
}

// desktopFor signs an account in on a new desktop (its own replica file).
func (p *platform) desktopFor(email, name string) *desktop {
	p.t.Helper()
	return p.desktopWith(p.http.URL, email, name)
}

// desktopWith signs an account in on a new desktop that talks to the server at
// url (the server itself, or a proxy in front of it), its engine's configuration
// adjusted by opts.
func (p *platform) desktopWith(url, email, name string, opts ...func(*client.Config)) *desktop {
	p.t.Helper()
	ctx := context.Background()
	secrets := &client.MemorySecrets{}
	auth, user, err := client.Login(ctx, url, email, pw, secrets, func() time.Time { return p.now })
	if err != nil {
		p.t.Fatalf("login %s: %v", email, err)
	}
	db, err := store.Open(filepath.Join(p.t.TempDir(), name+".db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		p.t.Fatal(err)
	}
	p.t.Cleanup(func() { db.Close() })
	cfg := client.Config{ServerURL: url, DB: db, AccountID: user.ID, Tokens: auth, Now: func() time.Time { return p.now }}
	for _, o := range opts {
		o(&cfg)
	}
	eng, err := client.New(ctx, cfg)
	if err != nil {
		p.t.Fatal(err)
	}
	p.t.Cleanup(eng.Stop)
	return &desktop{t: p.t, p: p, name: name, user: user, db: db, engine: eng, auth: auth, secrets: secrets}
}

func (d *desktop) sync() {
	d.t.Helper()
	if err := d.engine.Sync(context.Background()); err != nil {
		d.t.Fatalf("%s: sync: %v", d.name, err)
	}
}

func (d *desktop) do(name string, args any) (int64, error) {
	d.t.Helper()
	raw, _ := json.Marshal(args)
	return d.engine.Mutate(context.Background(), name, raw)
}

func (d *desktop) must(name string, args any) {
	d.t.Helper()
	if _, err := d.do(name, args); err != nil {
		d.t.Fatalf("%s: %s locally: %v", d.name, name, err)
	}
}

func (d *desktop) get(q string, args ...any) string {
	d.t.Helper()
	var s string
	if err := d.db.R.Get(&s, q, args...); err != nil {
		d.t.Fatalf("%s: %s: %v", d.name, q, err)
	}
	return s
}

func (d *desktop) outbox() []client.OutboxEntry {
	d.t.Helper()
	out, err := client.Outbox(context.Background(), d.db)
	if err != nil {
		d.t.Fatal(err)
	}
	return out
}

// dump renders every domain table of a database in a canonical form: what a
// replica holds must equal what the server would give that account now.
func dump(t *testing.T, db *store.Store) string {
	t.Helper()
	var b strings.Builder
	for _, tb := range replica.Tables {
		rows, err := db.R.Queryx(`SELECT ` + strings.Join(tb.Columns, ", ") + ` FROM ` + tb.Name + ` ORDER BY ` + tb.Key())
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			vals, err := rows.SliceScan()
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s:", tb.Name)
			for _, v := range vals {
				switch x := v.(type) {
				case time.Time:
					v = x.UTC().Format(time.RFC3339Nano)
				case []byte:
					v = string(x)
				case string:
					if ts, err := time.Parse("2006-01-02 15:04:05.999999999-07:00", x); err == nil {
						v = ts.UTC().Format(time.RFC3339Nano)
					}
				}
				fmt.Fprintf(&b, " %v", v)
			}
			b.WriteString("\n")
		}
		rows.Close()
	}
	return b.String()
}

// expectConverged checks a desktop with an empty outbox holds exactly what the
// server would give its account, and that the server's invariants hold.
func (d *desktop) expectConverged() {
	d.t.Helper()
	for _, m := range d.outbox() {
		if m.Status == "pending" {
			d.t.Fatalf("%s: mutation %d (%s) still pending", d.name, m.ID, m.Name)
		}
	}
	want, err := store.Open(filepath.Join(d.t.TempDir(), "want-"+d.name+".db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		d.t.Fatal(err)
	}
	defer want.Close()
	var acc domain.Account
	if err := d.p.srv.DB().R.Get(&acc, `SELECT * FROM accounts WHERE id = ?`, d.user.ID); err != nil {
		d.t.Fatal(err)
	}
	if !acc.Flagged && acc.Active {
		if _, err := replica.CopyVisibleFrom(context.Background(), want, d.p.srv.DB(), replica.Viewer{ID: acc.ID, Role: acc.Role}); err != nil {
			d.t.Fatal(err)
		}
	}
	got, exp := dump(d.t, d.db), dump(d.t, want)
	if got != exp {
		d.t.Fatalf("%s: replica differs from the server's view:\n%s", d.name, diff(got, exp))
	}
}

func diff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	in := func(xs []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range xs {
			m[x] = true
		}
		return m
	}
	gi, wi := in(g), in(w)
	var out []string
	for _, x := range g {
		if !wi[x] {
			out = append(out, "+ "+x)
		}
	}
	for _, x := range w {
		if !gi[x] {
			out = append(out, "- "+x)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// checkServerInvariants verifies the canonical database's invariants.
func (p *platform) checkServerInvariants() {
	p.t.Helper()
	var bad int
	if err := p.srv.DB().R.Get(&bad, `SELECT COUNT(*) FROM campaigns c WHERE committed != COALESCE((SELECT SUM(payment_amount)
		FROM ad_requests r WHERE r.campaign_id = c.id AND r.status IN ('accepted', 'completed')), 0) OR committed > budget`); err != nil {
		p.t.Fatal(err)
	}
	if bad != 0 {
		p.t.Fatalf("%d campaigns break committed = sum(accepted) ≤ budget", bad)
	}
}

// errorLog is a server logger that keeps only errors, and shows them when the test
// fails (an internal error's cause is in the server's log, not in its answer).
func errorLog(t *testing.T) *slog.Logger {
	var mu sync.Mutex
	var buf bytes.Buffer
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if t.Failed() && buf.Len() > 0 {
			t.Logf("server errors:\n%s", buf.String())
		}
	})
	return slog.New(slog.NewTextHandler(writerFunc(func(b []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return buf.Write(b)
	}), &slog.HandlerOptions{Level: slog.LevelError}))
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }
