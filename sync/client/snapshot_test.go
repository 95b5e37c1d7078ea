package client_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/replica"
	"iescp/backend/store"
	"iescp/sync/client"
	"iescp/sync/server"
)

// snapshotWorld is a platform whose server offers first-download snapshots that
// only an explicit RefreshSnapshots brings forward (a stale snapshot is the hard
// case: the correction pull must mend everything since), with an admin, an
// approved sponsor and a teammate of theirs, three influencers (one flagged), a
// public and a private campaign, and ad requests on both.
type snapshotWorld struct {
	*platform
	dir                      string
	admin, sponsor, ivy, zoe *desktop
	public, private, spare   string
	emails                   []string
	flaggedID                string
	flagged                  map[string]bool // emails of flagged accounts
}

func newSnapshotWorld(t *testing.T) *snapshotWorld {
	t.Helper()
	dir := t.TempDir()
	p := newPlatform(t, func(c *server.Config) {
		c.SnapshotDir = dir
		c.SnapshotMaxLag = 1 << 40
		c.SnapshotMaxAge = 1 << 62
	})
	w := &snapshotWorld{platform: p, dir: dir, flagged: map[string]bool{"max@example.com": true}}
	p.admin()
	sp := p.register("sponsor", "sponsor@example.com", "Acme")
	p.register("influencer", "ivy@example.com", "Ivy")
	p.register("influencer", "zoe@example.com", "Zoe")
	flagged := p.register("influencer", "max@example.com", "Max")
	w.flaggedID = flagged.ID
	w.admin = p.desktopFor("root@example.com", "admin-setup")
	w.sponsor = p.desktopFor("sponsor@example.com", "sponsor-setup")
	w.ivy = p.desktopFor("ivy@example.com", "ivy-setup")
	w.zoe = p.desktopFor("zoe@example.com", "zoe-setup")
	w.admin.sync()
	w.admin.must("admin.approveSponsor", map[string]any{"sponsor_id": sp.ID})
	w.admin.must("admin.flag", map[string]any{"target": "account", "id": flagged.ID, "reason": "fake followers"})
	w.admin.sync()
	w.sponsor.sync()
	w.public, w.private, w.spare = domain.NewID(), domain.NewID(), domain.NewID()
	for id, vis := range map[string]string{w.public: "public", w.private: "private", w.spare: "public"} {
		w.sponsor.must("campaign.create", map[string]any{"id": id, "name": "Campaign " + vis, "start_date": "2026-11-01",
			"end_date": "2026-12-31", "budget": 100_000, "visibility": vis, "publish": true})
	}
	w.sponsor.sync()
	w.ivy.sync()
	for _, c := range []string{w.public, w.private} {
		w.sponsor.must("adRequest.send", map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(), "campaign_id": c,
			"influencer_id": w.ivy.user.ID, "amount": 40_000, "requirements": "3 reels"})
	}
	w.sponsor.must("team.invite", map[string]any{"email": "dana@example.com", "role": "manager"})
	w.sponsor.sync()
	p.register("sponsor", "dana@example.com", "Dana")
	w.emails = []string{"root@example.com", "sponsor@example.com", "dana@example.com", "ivy@example.com", "zoe@example.com", "max@example.com"}
	return w
}

// firstDownloads signs every account in on two fresh desktops, one downloading
// row by row and one from the snapshot, and requires the two replicas to be
// identical table by table, and what the server gives the account now.
func (w *snapshotWorld) firstDownloads(stage string) {
	w.t.Helper()
	for _, email := range w.emails {
		name := stage + "-" + strings.Split(email, "@")[0]
		plain := w.desktopWith(w.http.URL, email, name+"-rows", func(c *client.Config) { c.NoSnapshot = true })
		plain.sync()
		snap := w.desktopWith(w.http.URL, email, name+"-snapshot", func(c *client.Config) { c.PageSize, c.CheckSnapshot = 7, true })
		snap.sync()
		used, failure := snap.engine.SnapshotOutcome()
		if flagged := w.flagged[email]; used == flagged || failure != nil {
			w.t.Fatalf("%s: snapshot used %v (failure %v); a flagged account gets none, every other one does", name, used, failure)
		}
		if got, want := dump(w.t, snap.db), dump(w.t, plain.db); got != want {
			w.t.Fatalf("%s: the replica from the snapshot differs from the one downloaded row by row:\n%s", name, diff(got, want))
		}
		file, made := w.preparedDesktop(email, name+"-file")
		if made == w.flagged[email] {
			w.t.Fatalf("%s: PrepareReplica made a file: %v; a flagged account gets none, every other one does", name, made)
		}
		file.sync()
		if got, want := dump(w.t, file.db), dump(w.t, plain.db); got != want {
			w.t.Fatalf("%s: the replica made from the snapshot file differs from the one downloaded row by row:\n%s", name, diff(got, want))
		}
		file.expectConverged()
		if !w.flagged[email] && len(dump(w.t, plain.db)) == 0 {
			w.t.Fatalf("%s: an empty replica proves nothing", name)
		}
		snap.expectConverged()
	}
}

// preparedDesktop signs an account in on a desktop whose replica file is made
// from the snapshot before it is opened (client.PrepareReplica).
func (w *snapshotWorld) preparedDesktop(email, name string) (*desktop, bool) {
	w.t.Helper()
	ctx := context.Background()
	secrets := &client.MemorySecrets{}
	auth, user, err := client.Login(ctx, w.http.URL, email, pw, secrets, func() time.Time { return w.now })
	if err != nil {
		w.t.Fatalf("login %s: %v", email, err)
	}
	cfg := client.Config{ServerURL: w.http.URL, AccountID: user.ID, Tokens: auth, Now: func() time.Time { return w.now }, PageSize: 7}
	path := filepath.Join(w.t.TempDir(), name+".db")
	made, err := client.PrepareReplica(ctx, cfg, path)
	if err != nil {
		w.t.Fatalf("%s: prepare: %v", name, err)
	}
	if again, err := client.PrepareReplica(ctx, cfg, path); again || err != nil {
		w.t.Fatalf("%s: a second PrepareReplica over the file: %v, %v; want false, nil", name, again, err)
	}
	db, err := store.Open(path, store.SetDomain, store.SetDesktop)
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { db.Close() })
	cfg.DB = db
	eng, err := client.New(ctx, cfg)
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(eng.Stop)
	return &desktop{t: w.t, p: w.platform, name: name, user: user, db: db, engine: eng, auth: auth, secrets: secrets}, made
}

// classFilesExact checks every snapshot on disk holds exactly its class's view of
// the server now (no row the class may not see, none missing, masks as the class
// reads them), for the roles that have one.
func (w *snapshotWorld) classFilesExact() {
	w.t.Helper()
	for _, role := range []domain.Role{domain.RoleAdmin, domain.RoleSponsor, domain.RoleInfluencer} {
		src := filepath.Join(w.dir, "class-"+string(role)+".db")
		if _, err := os.Stat(src); err != nil {
			w.t.Fatalf("no %s snapshot: %v", role, err)
		}
		cp := filepath.Join(w.t.TempDir(), "got.db")
		copyTestFile(w.t, cp, src)
		got, err := store.Open(cp, store.SetDomain, store.SetDesktop)
		if err != nil {
			w.t.Fatal(err)
		}
		want, err := store.Open(filepath.Join(w.t.TempDir(), "want.db"), store.SetDomain, store.SetDesktop)
		if err != nil {
			w.t.Fatal(err)
		}
		if _, err := replica.CopyVisibleFrom(context.Background(), want, w.srv.DB(), replica.ClassViewer(role)); err != nil {
			w.t.Fatal(err)
		}
		g, x := dump(w.t, got), dump(w.t, want)
		got.Close()
		want.Close()
		if g != x {
			w.t.Fatalf("the %s snapshot is not its class's view:\n%s", role, diff(g, x))
		}
		for _, leak := range []string{"sponsor@example.com", "ivy@example.com", w.flaggedID, "fake followers"} {
			if role != domain.RoleAdmin && strings.Contains(g, leak) {
				w.t.Fatalf("the %s snapshot holds %q", role, leak)
			}
		}
	}
}

func copyTestFile(t *testing.T, dst, src string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestSnapshot_FirstDownloadEqualsRowByRow: for an admin, a sponsor, their
// teammate, two influencers and a flagged influencer, a first download from the
// class snapshot plus the correction pull makes the very replica a row-by-row
// download makes: with the snapshot current; with it stale while a campaign went
// private, another was deleted, a third created, an influencer flagged and
// another's profile changed; and after the server brought it forward
// incrementally. The snapshots themselves hold exactly their class's view.
func TestSnapshot_FirstDownloadEqualsRowByRow(t *testing.T) {
	w := newSnapshotWorld(t)
	if err := w.srv.RefreshSnapshots(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.classFilesExact()
	w.firstDownloads("current")

	// The snapshots stay at their version while the world moves on.
	w.sponsor.sync()
	w.sponsor.must("campaign.setVisibility", map[string]any{"id": w.public, "visibility": "private"})
	w.sponsor.must("campaign.delete", map[string]any{"id": w.spare})
	w.sponsor.must("campaign.create", map[string]any{"id": domain.NewID(), "name": "Fresh", "start_date": "2026-11-01",
		"end_date": "2026-12-31", "budget": 5_000, "visibility": "public", "publish": true})
	w.sponsor.sync()
	w.admin.sync()
	w.admin.must("admin.flag", map[string]any{"target": "account", "id": w.zoe.user.ID, "reason": "spam"})
	w.flagged["zoe@example.com"] = true
	w.admin.sync()
	w.ivy.sync()
	w.ivy.must("profile.update", map[string]any{"name": "Ivy B", "display_name": "Ivy B", "bio": "new bio"})
	w.ivy.sync()
	w.firstDownloads("stale")

	// Brought forward incrementally (a copy patched with the class's changes).
	if err := w.srv.RefreshSnapshots(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.classFilesExact()
	w.firstDownloads("refreshed")
}

// TestSnapshot_RefusedSnapshotFallsBack: a snapshot that fails verification (its
// bytes changed on the server's disk) is refused and the desktop downloads row
// by row, ending with the same replica.
func TestSnapshot_RefusedSnapshotFallsBack(t *testing.T) {
	w := newSnapshotWorld(t)
	w.emails = []string{"ivy@example.com"}
	if err := w.srv.RefreshSnapshots(context.Background()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(w.dir, "class-influencer.db")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	d := w.desktopFor("ivy@example.com", "ivy-corrupt")
	d.sync()
	used, failure := d.engine.SnapshotOutcome()
	if used || failure == nil || !strings.Contains(failure.Error(), "checksum") {
		t.Fatalf("a corrupted snapshot: used %v, failure %v; want refused on its checksum", used, failure)
	}
	d.expectConverged()
}
