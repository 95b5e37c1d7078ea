package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"iescp/backend/store/pgtest"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"iescp/backend/domain"
	"iescp/backend/store"
	"iescp/sync/client"
	"iescp/sync/protocol"
	"iescp/sync/server"
)

// rejected returns the desktop's sync issues as "name:code".
func (d *desktop) rejected() []string {
	var out []string
	for _, m := range d.outbox() {
		if m.Status == "rejected" {
			out = append(out, m.Name+":"+m.Code)
		}
	}
	return out
}

func TestSync_WithdrawVersusOfflineAccept(t *testing.T) {
	w := newWorld(t)
	req, o1 := w.sendRequest(40_000)
	w.sponsor.sync()
	w.infl.sync()
	// Both offline: the sponsor withdraws, the influencer accepts.
	w.sponsor.must("adRequest.withdraw", map[string]any{"ad_request_id": req, "reason": "budget cut"})
	w.infl.must("adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": o1})
	if got := w.infl.get(`SELECT status FROM ad_requests WHERE id = ?`, req); got != "accepted" {
		t.Fatalf("optimistic accept: %s", got)
	}
	w.sponsor.sync() // the withdrawal reaches the server first
	w.infl.sync()
	if got := w.infl.get(`SELECT status FROM ad_requests WHERE id = ?`, req); got != "withdrawn" {
		t.Fatalf("after sync the influencer sees %s, want withdrawn", got)
	}
	if got := w.infl.rejected(); len(got) != 1 || got[0] != "adRequest.accept:invalid_transition" {
		t.Fatalf("sync issues: got %v, want the accept rejected with invalid_transition", got)
	}
	if st := w.infl.engine.Status(); st.Pending != 0 || st.Rejected != 1 {
		t.Fatalf("status: got %+v", st)
	}
	for _, d := range []*desktop{w.sponsor, w.infl, w.admin} {
		d.sync()
		d.expectConverged()
	}
	w.checkServerInvariants()
}

func TestSync_TwoAcceptsRaceOneBudget(t *testing.T) {
	w := newWorld(t) // budget 100,000
	w.register("influencer", "ian@example.com", "Ian")
	ian := w.desktopFor("ian@example.com", "ian")
	w.sponsor.sync() // the new influencer's public profile arrives
	r1, o1 := w.sendRequest(70_000)
	r2, o2 := domain.NewID(), domain.NewID()
	w.sponsor.must("adRequest.send", map[string]any{"id": r2, "offer_id": o2, "campaign_id": w.campaign,
		"influencer_id": ian.user.ID, "amount": 60_000, "requirements": "1 video"})
	w.sponsor.sync()
	w.infl.sync()
	ian.sync()
	// Both accept offline; each fits the budget alone, not together.
	w.infl.must("adRequest.accept", map[string]any{"ad_request_id": r1, "offer_id": o1})
	ian.must("adRequest.accept", map[string]any{"ad_request_id": r2, "offer_id": o2})
	w.infl.sync()
	ian.sync()
	if got := ian.rejected(); len(got) != 1 || got[0] != "adRequest.accept:budget_exceeded" {
		t.Fatalf("second accept: got %v, want budget_exceeded", got)
	}
	if got := ian.get(`SELECT status FROM ad_requests WHERE id = ?`, r2); got != "pending" {
		t.Fatalf("the refused accept left status %s, want pending", got)
	}
	w.sponsor.sync()
	if got := w.sponsor.get(`SELECT CAST(committed AS TEXT) FROM campaigns WHERE id = ?`, w.campaign); got != "70000" {
		t.Fatalf("committed: %s, want 70000", got)
	}
	for _, d := range []*desktop{w.sponsor, w.infl, ian} {
		d.sync()
		d.expectConverged()
	}
	w.checkServerInvariants()
}

func TestSync_CounterVersusCounter(t *testing.T) {
	w := newWorld(t)
	req, o1 := w.sendRequest(40_000)
	w.sponsor.sync()
	w.infl.sync()
	// The same influencer on a laptop and a desktop: both answer offer 1 offline.
	laptop := w.desktopFor("ivy@example.com", "laptop")
	laptop.sync()
	if laptop.engine.ClientID() == w.infl.engine.ClientID() {
		t.Fatal("two desktops share a client ID")
	}
	w.infl.must("adRequest.counter", map[string]any{"ad_request_id": req, "offer_id": domain.NewID(), "in_reply_to": o1,
		"amount": 50_000, "requirements": "desk"})
	laptop.must("adRequest.counter", map[string]any{"ad_request_id": req, "offer_id": domain.NewID(), "in_reply_to": o1,
		"amount": 45_000, "requirements": "lap"})
	w.infl.sync()
	laptop.sync()
	if got := laptop.rejected(); len(got) != 1 || got[0] != "adRequest.counter:stale_offer" {
		t.Fatalf("laptop's counter: got %v, want stale_offer", got)
	}
	if got := laptop.get(`SELECT requirements FROM ad_requests WHERE id = ?`, req); got != "desk" {
		t.Fatalf("laptop shows terms %q, want the desktop's counter", got)
	}
	if got := laptop.get(`SELECT CAST(COUNT(*) AS TEXT) FROM offers WHERE ad_request_id = ?`, req); got != "2" {
		t.Fatalf("offers on the laptop: %s, want 2", got)
	}
	for _, d := range []*desktop{w.sponsor, w.infl, laptop} {
		d.sync()
		d.expectConverged()
	}
}

func TestSync_PublicToPrivate(t *testing.T) {
	w := newWorld(t)
	w.register("influencer", "ian@example.com", "Ian")
	ian := w.desktopFor("ian@example.com", "ian")
	ian.sync()
	req, _ := w.sendRequest(10_000) // Ivy has a request on the campaign, Ian has none
	w.sponsor.sync()
	w.infl.sync()
	if got := ian.get(`SELECT CAST(COUNT(*) AS TEXT) FROM campaigns WHERE id = ?`, w.campaign); got != "1" {
		t.Fatal("Ian does not see the public campaign")
	}
	w.sponsor.must("campaign.setVisibility", map[string]any{"id": w.campaign, "visibility": "private"})
	w.sponsor.sync()
	ian.sync()
	w.infl.sync()
	if got := ian.get(`SELECT CAST(COUNT(*) AS TEXT) FROM campaigns WHERE id = ?`, w.campaign); got != "0" {
		t.Fatal("the private campaign stayed on Ian's desktop")
	}
	if got := w.infl.get(`SELECT visibility FROM campaigns WHERE id = ?`, w.campaign); got != "private" {
		t.Fatalf("Ivy (with a request on it) sees visibility %q, want private", got)
	}
	if got := w.infl.get(`SELECT status FROM ad_requests WHERE id = ?`, req); got != "pending" {
		t.Fatalf("Ivy's request: %s", got)
	}
	// Ian cannot apply to it even by skipping his own checks.
	ian.must("profile.update", map[string]any{"bio": "still here"})
	for _, d := range []*desktop{w.sponsor, w.infl, ian} {
		d.sync()
		d.expectConverged()
	}
}

func TestSync_FlaggedAccount(t *testing.T) {
	w := newWorld(t)
	w.infl.must("profile.update", map[string]any{"bio": "pending change"})
	w.admin.sync()
	w.admin.must("admin.flag", map[string]any{"target": "account", "id": w.infl.user.ID, "reason": "fake followers"})
	w.admin.sync()
	w.infl.sync()
	if got := w.infl.rejected(); len(got) != 1 || got[0] != "profile.update:flagged" {
		t.Fatalf("flagged user's pending change: got %v, want rejected with flagged", got)
	}
	if got := w.infl.get(`SELECT CAST(COUNT(*) AS TEXT) FROM campaigns`); got != "0" {
		t.Fatalf("a flagged account's replica keeps %s campaigns, want a reset to nothing", got)
	}
	w.sponsor.sync()
	if got := w.sponsor.get(`SELECT CAST(COUNT(*) AS TEXT) FROM influencer_profiles WHERE account_id = ?`, w.infl.user.ID); got != "0" {
		t.Fatal("the flagged influencer's profile stayed visible to the sponsor")
	}
	// Unflagged, everything comes back.
	w.admin.must("admin.unflag", map[string]any{"target": "account", "id": w.infl.user.ID})
	w.admin.sync()
	w.infl.sync()
	w.sponsor.sync()
	for _, d := range []*desktop{w.sponsor, w.infl, w.admin} {
		d.expectConverged()
	}
	if got := w.infl.get(`SELECT name FROM campaigns WHERE id = ?`, w.campaign); got != "Phone launch" {
		t.Fatalf("after unflag: campaign %q", got)
	}
}

func TestSync_UnapprovedSponsor(t *testing.T) {
	w := newWorld(t)
	w.register("sponsor", "newco@example.com", "NewCo")
	newco := w.desktopFor("newco@example.com", "newco")
	newco.sync()
	c := domain.NewID()
	newco.must("campaign.create", map[string]any{"id": c, "name": "Draft idea", "start_date": "2026-12-01",
		"end_date": "2026-12-31", "budget": 5000})
	newco.sync()
	// Its own check refuses publishing; a client that skips it is refused by the server.
	if _, err := newco.do("campaign.publish", map[string]any{"id": c}); domain.ErrorCode(err) != domain.CodeSponsorNotApproved {
		t.Fatalf("local publish: got %v, want sponsor_not_approved", err)
	}
	forged := pushRaw(t, w.platform, newco, "campaign.publish", map[string]any{"id": c})
	newco.sync()
	if forged.Status != "rejected" || forged.Code != "sponsor_not_approved" {
		t.Fatalf("forged publish: got %+v", forged)
	}
	if got := newco.get(`SELECT status FROM campaigns WHERE id = ?`, c); got != "draft" {
		t.Fatalf("campaign status %s, want draft", got)
	}
	newco.sync()
	newco.expectConverged()
}

// pushRaw sends one mutation straight to the server with the desktop's token and
// the next mutation ID, bypassing every local check; the local outbox learns of it
// as if another process of the same desktop had queued it.
func pushRaw(t *testing.T, p *platform, d *desktop, name string, args any) protocol.MutationResult {
	t.Helper()
	raw, _ := json.Marshal(args)
	var next int64
	if err := d.db.R.Get(&next, `SELECT MAX(COALESCE((SELECT MAX(mutation_id) FROM outbox), 0),
		COALESCE((SELECT last_mutation_id FROM sync_state), 0)) + 1`); err != nil {
		t.Fatal(err)
	}
	req := protocol.PushRequest{ClientID: d.engine.ClientID(), ProtocolVersion: protocol.ProtocolVersion,
		SchemaVersion: store.LatestVersion(store.SetDomain),
		Mutations:     []protocol.Mutation{{ID: next, Name: name, Args: raw, ClientTime: p.now}}}
	var resp protocol.PushResponse
	status := post(t, p, d, "/sync/v1/push", req, &resp)
	if status != http.StatusOK || len(resp.Results) != 1 {
		t.Fatalf("raw push: status %d, %+v", status, resp)
	}
	if _, err := d.db.W.Exec(`UPDATE sync_state SET last_mutation_id = ?`, next); err != nil {
		t.Fatal(err)
	}
	return resp.Results[0]
}

func post(t *testing.T, p *platform, d *desktop, path string, body, out any) int {
	t.Helper()
	tok, err := d.auth.AccessToken(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, p.http.URL+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s: %v: %s", path, err, data)
		}
	} else if out != nil {
		if e, ok := out.(*protocol.ErrorBody); ok {
			_ = json.Unmarshal(data, e)
		}
	}
	return resp.StatusCode
}

// TestSync_PushLostBeforeOrAfterCommit puts a proxy between a desktop and the
// server that drops the first push either before it reaches the server (a crash
// before the commit) or after the server answered (a crash after the commit, the
// answer lost): the retry applies the change exactly once either way.
func TestSync_PushLostBeforeOrAfterCommit(t *testing.T) {
	for _, when := range []string{"before", "after"} {
		t.Run(when, func(t *testing.T) {
			w := newWorld(t)
			var lose, pushes atomic.Int32
			lose.Store(1)
			proxy := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/sync/v1/push" {
					pushes.Add(1)
				}
				drop := r.URL.Path == "/sync/v1/push" && lose.Add(-1) >= 0
				if drop && when == "before" {
					panic(http.ErrAbortHandler) // never reaches the server
				}
				rec := httptest.NewRecorder()
				w.srv.Handler().ServeHTTP(rec, r)
				if drop {
					panic(http.ErrAbortHandler) // committed, but the answer is lost
				}
				for k, v := range rec.Header() {
					rw.Header()[k] = v
				}
				rw.WriteHeader(rec.Code)
				if _, err := rw.Write(rec.Body.Bytes()); err != nil {
					t.Errorf("proxy: %v", err)
				}
			}))
			defer proxy.Close()
			d := w.desktopVia(proxy.URL, "ivy@example.com", "flaky")
			d.sync()
			d.must("profile.update", map[string]any{"bio": "once"})
			// The lost push is retried (by net/http on the dropped connection, or
			// by the engine's next round): mutation 1 travels twice.
			if err := d.engine.Sync(context.Background()); err != nil {
				d.sync()
			}
			if n := pushes.Load(); n < 2 {
				t.Fatalf("%d pushes reached the proxy, want the lost one and its retry", n)
			}
			var results int
			if err := w.srv.DB().R.Get(&results, `SELECT COUNT(*) FROM mutation_results WHERE client_id = ?`, d.engine.ClientID()); err != nil {
				t.Fatal(err)
			}
			if results != 1 {
				t.Fatalf("mutation results on the server: %d, want exactly 1", results)
			}
			d.expectConverged()
		})
	}
}

// desktopVia signs in on a new desktop that talks to the server through url.
func (w *world) desktopVia(url, email, name string) *desktop {
	w.t.Helper()
	return w.desktopWith(url, email, name)
}

func TestSync_DesktopKilledBetweenWriteAndPush(t *testing.T) {
	w := newWorld(t)
	path := filepath.Join(t.TempDir(), "crashy.db")
	db, err := store.Open(path, store.SetDomain, store.SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	eng, err := client.New(ctx, client.Config{ServerURL: w.http.URL, DB: db, AccountID: w.infl.user.ID, Tokens: w.infl.auth})
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Mutate(ctx, "profile.update", json.RawMessage(`{"bio":"written before the crash"}`)); err != nil {
		t.Fatal(err)
	}
	db.Close() // the process dies here: the write is on disk, the push never happened
	db2, err := store.Open(path, store.SetDomain, store.SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	eng2, err := client.New(ctx, client.Config{ServerURL: w.http.URL, DB: db2, AccountID: w.infl.user.ID, Tokens: w.infl.auth})
	if err != nil {
		t.Fatal(err)
	}
	if eng2.ClientID() != eng.ClientID() || eng2.Status().Pending != 1 {
		t.Fatalf("after restart: client %s (was %s), pending %d", eng2.ClientID(), eng.ClientID(), eng2.Status().Pending)
	}
	if err := eng2.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	var bio string
	if err := w.srv.DB().R.Get(&bio, `SELECT bio FROM influencer_profiles WHERE account_id = ?`, w.infl.user.ID); err != nil {
		t.Fatal(err)
	}
	if bio != "written before the crash" {
		t.Fatalf("server bio %q", bio)
	}
}

func TestSync_ClockDaysOff(t *testing.T) {
	w := newWorld(t)
	skewed := w.desktopFor("sponsor@example.com", "skewed")
	skewedNow := w.now.Add(-72 * time.Hour)
	eng, err := client.New(context.Background(), client.Config{ServerURL: w.http.URL, DB: skewed.db, AccountID: skewed.user.ID,
		Tokens: skewed.auth, Now: func() time.Time { return skewedNow }})
	if err != nil {
		t.Fatal(err)
	}
	skewed.engine = eng
	skewed.sync()
	skewed.must("campaign.update", map[string]any{"id": w.campaign, "name": "Renamed three days ago"})
	skewed.sync()
	var updated time.Time
	if err := w.srv.DB().R.Get(&updated, `SELECT updated_at FROM campaigns WHERE id = ?`, w.campaign); err != nil {
		t.Fatal(err)
	}
	if !updated.Equal(w.now) {
		t.Fatalf("server stamped %v, want its own clock %v", updated, w.now)
	}
	skewed.expectConverged()
	w.sponsor.sync()
	w.sponsor.expectConverged()
}

func TestSync_OldDesktopAgainstNewServer(t *testing.T) {
	w := newWorld(t)
	w.infl.must("profile.update", map[string]any{"bio": "kept"})
	// The server is upgraded to one that needs a newer desktop schema than this build's.
	w.restartServer(store.LatestVersion(store.SetDomain) + 1)
	err := w.infl.engine.Sync(context.Background())
	var he *client.HTTPError
	if !errors.As(err, &he) || he.Status != http.StatusUpgradeRequired || he.Detail.Code != "client_too_old" ||
		!strings.Contains(he.Detail.Message, "update the app") {
		t.Fatalf("old desktop: got %v, want 426 client_too_old", err)
	}
	if st := w.infl.engine.Status(); st.Pending != 1 || !strings.Contains(st.LastError, "update the app") {
		t.Fatalf("status: %+v, want the change kept and the reason shown", st)
	}
	// Back on a server that accepts it, nothing was lost.
	w.restartServer(0)
	w.infl.sync()
	w.infl.expectConverged()
}

// restartServer stops the server and starts a new one on the same database and
// address (minSchema 0: the current schema).
func (w *world) restartServer(minSchema int) {
	w.t.Helper()
	dbPath, addr := w.srv.DB().Location(), w.http.Listener.Addr().String()
	w.http.CloseClientConnections()
	w.http.Close()
	w.srv.Close()
	w.startServer(dbPath, addr, minSchema)
}

func (w *world) startServer(dbPath, addr string, minSchema int) {
	w.t.Helper()
	srv, err := server.New(server.Config{DBPath: dbPath, Now: func() time.Time { return w.now }, Logger: quiet(),
		MinSchemaVersion: minSchema})
	if err != nil {
		w.t.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(srv.Handler())
	hs.Listener.Close()
	hs.Listener = mustListen(w.t, addr)
	hs.Start()
	w.srv, w.http = srv, hs
	w.t.Cleanup(func() { hs.CloseClientConnections(); hs.Close(); srv.Close() })
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func mustListen(t *testing.T, addr string) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

func TestSync_RestoreFromBackup(t *testing.T) {
	if pgtest.Enabled() {
		t.Skip("PostgreSQL is backed up with pg_dump: TestPostgresRestoreResetsDesktops")
	}
	w := newWorld(t)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := server.Backup(context.Background(), w.srv.DB(), backup); err != nil {
		t.Fatal(err)
	}
	// After the backup: a change that the restore will lose, and a pending one.
	w.sponsor.must("campaign.update", map[string]any{"id": w.campaign, "goals": "lost in the restore"})
	w.sponsor.sync()
	w.sponsor.must("campaign.update", map[string]any{"id": w.campaign, "name": "Made offline"})
	// Restore: stop the server, put the backup in place, start again.
	dbPath, addr := w.srv.DB().Location(), w.http.Listener.Addr().String()
	w.http.CloseClientConnections()
	w.http.Close()
	w.srv.Close()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(dbPath + suffix)
	}
	data, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dbPath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	w.startServer(dbPath, addr, 0)
	w.sponsor.sync() // epoch changed: reset, re-download, replay what is pending
	if got := w.sponsor.get(`SELECT name FROM campaigns WHERE id = ?`, w.campaign); got != "Made offline" {
		t.Fatalf("after restore: campaign name %q, want the pending change replayed", got)
	}
	if got := w.sponsor.get(`SELECT goals FROM campaigns WHERE id = ?`, w.campaign); got == "lost in the restore" {
		t.Fatal("the replica kept a change the restored server does not have")
	}
	w.sponsor.expectConverged()
	w.infl.sync()
	w.infl.expectConverged()
}
