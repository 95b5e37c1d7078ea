package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/store"
	"iescp/backend/store/pgtest"
	"iescp/sync/server"
)

// pgTool finds a PostgreSQL client program (pg_dump, pg_restore): Debian keeps
// them under /usr/lib/postgresql/N/bin, other systems on PATH.
func pgTool(t *testing.T, name string) string {
	t.Helper()
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(dirs))) // the newest major version first
	for _, d := range dirs {
		if p := filepath.Join(d, name); isExecutable(p) {
			return p
		}
	}
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s not found (apt-get install postgresql-client): %v", name, err)
	}
	return p
}

func isExecutable(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}

func runTool(t *testing.T, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(pgTool(t, name), args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// emptyDatabase creates a database with nothing in it (what pg_restore restores
// into) and drops it when the test ends.
func emptyDatabase(t *testing.T) string {
	t.Helper()
	base := os.Getenv(pgtest.Env)
	admin, err := sqlx.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := "restored_" + strings.ReplaceAll(domain.NewID()[:18], "-", "")
	if _, err := admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE template0`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		a, err := sqlx.Open("pgx", base)
		if err != nil {
			t.Error(err)
			return
		}
		defer a.Close()
		if _, err := a.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
			t.Error(err)
		}
	})
	return pgtest.WithDatabase(base, name)
}

// The operator's restore of a PostgreSQL server, as docs/operations.md tells it: a
// pg_dump -Fc taken while the team works, changes after it, the server lost,
// pg_restore into a new database, `iescp-sync new-epoch`, a server on it. Desktops
// that hold the lost changes reset, replay what they had not sent, and converge on
// the restored history, even when new writes have pushed the database's version
// past their cursors (which alone would look like nothing happened).
func TestPostgresRestoreResetsDesktops(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skip("needs PostgreSQL: set " + pgtest.Env + " (scripts/pg-cluster.sh start DIR prints a URL)")
	}
	ctx := context.Background()
	tm := &team{t: t, front: newFront(t), desk: map[string]*teamDesktop{}}
	start := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	tm.now.Store(&start)
	live := pgtest.Database(t)
	tm.start(live)
	sp := tm.register("sponsor", "sponsor@example.com", "Acme")
	tm.register("influencer", "ivy@example.com", "Ivy")
	if _, err := tm.srv.DB().W.ExecContext(ctx, `UPDATE sponsor_profiles SET approval = 'approved' WHERE account_id = ?`, sp.ID); err != nil {
		t.Fatal(err)
	}
	spon := tm.desktop("sponsor@example.com", "sponsor")
	ivy := tm.desktop("ivy@example.com", "ivy")
	spon.sync(t)
	campaign := domain.NewID()
	spon.must(t, "campaign.create", map[string]any{"id": campaign, "name": "Phone launch", "start_date": "2026-11-01",
		"end_date": "2026-12-31", "budget": 100_000, "visibility": "public", "publish": true})
	spon.sync(t)
	ivy.sync(t)

	// The nightly dump, while the server runs.
	dump := filepath.Join(t.TempDir(), "iescp.dump")
	runTool(t, "pg_dump", "-Fc", "-f", dump, live)

	// After it: changes both desktops see, which the restore loses, and one the
	// sponsor has not sent yet.
	spon.must(t, "campaign.update", map[string]any{"id": campaign, "goals": "lost in the restore"})
	spon.sync(t)
	ivy.must(t, "profile.update", map[string]any{"bio": "lost too"})
	ivy.sync(t)
	spon.sync(t)
	ivy.sync(t)
	spon.must(t, "campaign.update", map[string]any{"id": campaign, "name": "Made offline"})

	// The database is lost; the operator restores the dump into a new one and gives
	// it a new epoch before any server serves it.
	tm.stop()
	restored := emptyDatabase(t)
	runTool(t, "pg_restore", "--exit-on-error", "--no-owner", "-d", restored, dump)
	h := newHarness("")
	if code := h.run(t, "new-epoch", "--db", restored); code != exitOK {
		t.Fatalf("new-epoch: exit %d: %s", code, h.stderr.String())
	}
	if !strings.Contains(h.stdout.String(), "new epoch") || strings.Contains(h.stdout.String(), "password") {
		t.Fatalf("new-epoch said %q", h.stdout.String())
	}
	tm.start(restored)

	// New writes first, through another desktop of ivy's (ivy's old one would be
	// reset by its first pull): the version passes both old desktops' cursors, so
	// only the epoch tells them the history changed.
	ivy2 := tm.desktop("ivy@example.com", "ivy-new-laptop")
	ivy2.sync(t)
	for i := range 4 {
		ivy2.must(t, "profile.update", map[string]any{"bio": fmt.Sprintf("after the restore %d", i)})
		ivy2.sync(t)
	}
	var version int64
	if err := tm.srv.DB().R.GetContext(ctx, &version, `SELECT version FROM sync_meta WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*teamDesktop{spon, ivy} {
		var cursor int64
		if err := d.db.R.GetContext(ctx, &cursor, `SELECT cursor FROM sync_state WHERE id = 1`); err != nil {
			t.Fatal(err)
		}
		if cursor > version {
			t.Fatalf("%s: cursor %d is past the restored server's version %d: the test would not need the epoch", d.name, cursor, version)
		}
	}

	tm.front.takePulls()
	spon.sync(t)
	ivy.sync(t)
	resets := 0
	for _, p := range tm.front.takePulls() {
		if p.Reset {
			resets++
		}
	}
	if resets < 2 {
		t.Fatalf("%d pulls answered a reset after the restore, want one for each old desktop", resets)
	}
	var name, goals, bio string
	if err := spon.db.R.GetContext(ctx, &name, `SELECT name FROM campaigns WHERE id = ?`, campaign); err != nil || name != "Made offline" {
		t.Fatalf("sponsor after the restore: campaign name %q (%v), want the unsent change replayed", name, err)
	}
	if err := ivy.db.R.GetContext(ctx, &goals, `SELECT goals FROM campaigns WHERE id = ?`, campaign); err != nil || goals == "lost in the restore" {
		t.Fatalf("ivy after the restore: goals %q (%v): the replica kept a change the restored server does not have", goals, err)
	}
	if err := ivy.db.R.GetContext(ctx, &bio, `SELECT bio FROM influencer_profiles WHERE account_id = ?`, ivy.user.ID); err != nil || bio != "after the restore 3" {
		t.Fatalf("ivy after the restore: bio %q (%v)", bio, err)
	}
	for _, d := range []*teamDesktop{spon, ivy, ivy2} {
		d.sync(t)
		if got, want := dumpReplica(t, d.db), tm.viewOf(d.email).replica; got != want {
			t.Errorf("%s: the replica differs from the restored server's view:\nheld:\n%s\nserver:\n%s", d.name, got, want)
		}
	}
}

// Instances started together on a new PostgreSQL database all find no admin: one
// creates it (and prints its password), the others start without an error.
func TestEnsureAdmin_InstancesStartingTogether(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skip("needs PostgreSQL: set " + pgtest.Env + " (one SQLite file serves one instance)")
	}
	url := pgtest.Database(t)
	const n = 3
	dbs := make([]*store.Store, n)
	for i := range dbs {
		db, err := store.OpenServer(url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		dbs[i] = db
	}
	start := make(chan struct{})
	type result struct {
		created bool
		err     error
	}
	results := make(chan result, n)
	for _, db := range dbs {
		go func() {
			<-start
			_, _, created, err := server.EnsureAdmin(context.Background(), db, time.Now())
			results <- result{created, err}
		}()
	}
	close(start)
	created := 0
	for range n {
		r := <-results
		if r.err != nil {
			t.Errorf("an instance failed to start: %v", r.err)
		}
		if r.created {
			created++
		}
	}
	var admins int
	if err := dbs[0].R.Get(&admins, `SELECT COUNT(*) FROM accounts WHERE role = 'admin'`); err != nil {
		t.Fatal(err)
	}
	if created != 1 || admins != 1 {
		t.Fatalf("%d instances said they created the admin, %d admins exist; want 1 and 1", created, admins)
	}
}
