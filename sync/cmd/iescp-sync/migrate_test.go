package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/blobs"
	"iescp/backend/domain"
	"iescp/backend/ledger"
	"iescp/backend/mutate"
	"iescp/backend/replica"
	"iescp/backend/store"
	"iescp/backend/store/pgtest"
	"iescp/sync/client"
	"iescp/sync/protocol"
	"iescp/sync/server"
)

const testPassword = "a long enough password"

// front is what the desktops talk to: one URL whose server behind can be swapped
// (the SQLite server, then the PostgreSQL one), recording every pull's answer.
type front struct {
	http    *httptest.Server
	backend atomic.Pointer[server.Server]
	mu      sync.Mutex
	pulls   []protocol.PullResponse
}

func newFront(t *testing.T) *front {
	f := &front{}
	f.http = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv := f.backend.Load()
		if srv == nil {
			http.Error(w, "no backend", http.StatusServiceUnavailable)
			return
		}
		if r.URL.Path != "/sync/v1/pull" {
			srv.Handler().ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, r)
		var page protocol.PullResponse
		if rec.Code == http.StatusOK && json.Unmarshal(rec.Body.Bytes(), &page) == nil {
			f.mu.Lock()
			f.pulls = append(f.pulls, page)
			f.mu.Unlock()
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(f.http.Close)
	return f
}

// takePulls returns the pulls answered since the last call.
func (f *front) takePulls() []protocol.PullResponse {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := f.pulls
	f.pulls = nil
	return p
}

// team is a server with a small team's real history, made through the sync API.
type team struct {
	t     *testing.T
	front *front
	srv   *server.Server
	now   atomic.Pointer[time.Time]
	// desktops by name, and each one's password-less sign-in state
	desk map[string]*teamDesktop
}

type teamDesktop struct {
	name  string
	email string
	user  protocol.User
	db    *store.Store
	eng   *client.Engine
}

func (tm *team) clock() time.Time { return *tm.now.Load() }

func (tm *team) advance(d time.Duration) {
	n := tm.clock().Add(d)
	tm.now.Store(&n)
}

// start serves the database at dbPath behind the front.
func (tm *team) start(dbPath string) {
	tm.t.Helper()
	srv, err := server.New(server.Config{DBPath: dbPath, Now: tm.clock, Logger: discardLog()})
	if err != nil {
		tm.t.Fatal(err)
	}
	tm.srv = srv
	tm.front.backend.Store(srv)
	tm.t.Cleanup(func() { _ = srv.Close() })
}

// stop stops the server, as an operator does before migrating.
func (tm *team) stop() {
	tm.t.Helper()
	tm.front.backend.Store(nil)
	if err := tm.srv.Close(); err != nil {
		tm.t.Fatal(err)
	}
}

func (tm *team) register(role, email, name string) protocol.User {
	tm.t.Helper()
	req := protocol.RegisterRequest{Role: role, Email: email, Password: testPassword, Name: name}
	if role == "sponsor" {
		req.Profile.CompanyName, req.Profile.Industry = name+" Inc", "Retail"
	} else {
		req.Profile.Category, req.Profile.Niche = "Tech", "Phones"
	}
	u, err := client.Register(context.Background(), tm.front.http.URL, req)
	if err != nil {
		tm.t.Fatalf("register %s: %v", email, err)
	}
	return u
}

// desktop signs an account in on a new desktop with its own replica file.
func (tm *team) desktop(email, name string) *teamDesktop {
	tm.t.Helper()
	ctx := context.Background()
	auth, user, err := client.Login(ctx, tm.front.http.URL, email, testPassword, &client.MemorySecrets{}, tm.clock)
	if err != nil {
		tm.t.Fatalf("login %s: %v", email, err)
	}
	db, err := store.Open(filepath.Join(tm.t.TempDir(), name+".db"), store.SetDomain, store.SetDesktop)
	if err != nil {
		tm.t.Fatal(err)
	}
	tm.t.Cleanup(func() { _ = db.Close() })
	eng, err := client.New(ctx, client.Config{ServerURL: tm.front.http.URL, DB: db, AccountID: user.ID, Tokens: auth, Now: tm.clock})
	if err != nil {
		tm.t.Fatal(err)
	}
	tm.t.Cleanup(eng.Stop)
	return &teamDesktop{name: name, email: email, user: user, db: db, eng: eng}
}

func (d *teamDesktop) sync(t *testing.T) {
	t.Helper()
	if err := d.eng.Sync(context.Background()); err != nil {
		t.Fatalf("%s: sync: %v", d.name, err)
	}
}

func (d *teamDesktop) must(t *testing.T, name string, args any) {
	t.Helper()
	raw, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.eng.Mutate(context.Background(), name, raw); err != nil {
		t.Fatalf("%s: %s: %v", d.name, name, err)
	}
}

func (d *teamDesktop) rejected(t *testing.T) []string {
	t.Helper()
	out, err := client.Outbox(context.Background(), d.db)
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	for _, m := range out {
		if m.Status != "pending" && m.Status != "applied" {
			bad = append(bad, m.Name+":"+m.Status)
		}
	}
	return bad
}

// dumpReplica renders every synced table of a replica canonically.
func dumpReplica(t *testing.T, db *store.Store) string {
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
				}
				fmt.Fprintf(&b, " %v", v)
			}
			b.WriteString("\n")
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		_ = rows.Close()
	}
	return b.String()
}

// view is everything one account gets from the server: a fresh desktop's pulls
// (every page, changes in a canonical order), the replica they build, and the
// money endpoints' answers.
type view struct {
	pulls   string
	replica string
	money   string
}

func (tm *team) viewOf(email string) view {
	tm.t.Helper()
	tm.front.takePulls()
	d := tm.desktop(email, "fresh-"+strings.NewReplacer("@", "-", ".", "-").Replace(email)+"-"+domain.NewID()[:8])
	d.sync(tm.t)
	var pulls strings.Builder
	for _, p := range tm.front.takePulls() {
		sort.Slice(p.Changes, func(i, j int) bool {
			a, b := p.Changes[i], p.Changes[j]
			return a.Table+"/"+a.ID < b.Table+"/"+b.ID
		})
		p.Results = nil // per desktop
		for i, c := range p.Changes {
			p.Changes[i].Row = sameTimes(tm.t, c.Row)
		}
		b, err := json.Marshal(p)
		if err != nil {
			tm.t.Fatal(err)
		}
		pulls.Write(b)
		pulls.WriteByte('\n')
	}
	ctx := context.Background()
	var money strings.Builder
	if domain.Role(d.user.Role) != domain.RoleAdmin {
		w, err := d.eng.Wallet(ctx)
		if err != nil {
			tm.t.Fatalf("%s: wallet: %v", email, err)
		}
		docs, err := d.eng.Documents(ctx)
		if err != nil {
			tm.t.Fatalf("%s: documents: %v", email, err)
		}
		csv, err := d.eng.LedgerCSV(ctx)
		if err != nil {
			tm.t.Fatalf("%s: ledger csv: %v", email, err)
		}
		fmt.Fprintf(&money, "wallet %+v\ndocuments %+v\nledger\n%s", w, docs, csv)
	} else {
		l, err := d.eng.AdminLedger(ctx)
		if err != nil {
			tm.t.Fatalf("%s: admin ledger: %v", email, err)
		}
		fmt.Fprintf(&money, "admin ledger %+v", l)
	}
	if domain.Role(d.user.Role) == domain.RoleInfluencer {
		p, err := d.eng.Payouts(ctx)
		if err != nil {
			tm.t.Fatalf("%s: payouts: %v", email, err)
		}
		fmt.Fprintf(&money, "\npayouts %+v", p)
	}
	return view{pulls: pulls.String(), replica: dumpReplica(tm.t, d.db), money: money.String()}
}

// sameTimes writes a row's times one way: SQLite's server sends a nullable time as
// its stored text ("2026-11-21 09:00:00+00:00"), PostgreSQL's as RFC 3339; the
// desktop reads either as the same instant.
func sameTimes(t *testing.T, row json.RawMessage) json.RawMessage {
	t.Helper()
	if row == nil {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal(row, &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range m {
		if s, ok := v.(string); ok && len(s) > 10 {
			if ts, err := parseSQLiteTime(s); err == nil {
				m[k] = ts.Format(time.RFC3339Nano)
			}
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func pngBytes(t *testing.T, w int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, 2))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// A team's server moves from SQLite to PostgreSQL: every account pulls exactly the
// same pages, replica and money from the copy as from the original, and the
// desktops that synced before go on syncing (no reset, no new sign-in) afterwards.
func TestMigrateToPostgres_DesktopsKeepSyncing(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skip("needs PostgreSQL: set " + pgtest.Env + " (scripts/pg-cluster.sh start DIR prints a URL)")
	}
	ctx := context.Background()
	tm := &team{t: t, front: newFront(t), desk: map[string]*teamDesktop{}}
	start := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	tm.now.Store(&start)
	from := filepath.Join(t.TempDir(), "sync.db")
	tm.start(from)

	// The team: an admin, a sponsor, two influencers, through the API.
	if _, err := server.CreateAdmin(ctx, tm.srv.DB(), "root@example.com", "Root", testPassword, tm.clock()); err != nil {
		t.Fatal(err)
	}
	sp := tm.register("sponsor", "sponsor@example.com", "Acme")
	tm.register("influencer", "ivy@example.com", "Ivy")
	tm.register("influencer", "ian@example.com", "Ian")
	admin := tm.desktop("root@example.com", "admin")
	spon := tm.desktop("sponsor@example.com", "sponsor")
	ivy := tm.desktop("ivy@example.com", "ivy")
	ian := tm.desktop("ian@example.com", "ian")
	all := []*teamDesktop{admin, spon, ivy, ian}
	syncAll := func() {
		t.Helper()
		for range 2 {
			for _, d := range all {
				d.sync(t)
			}
		}
	}
	admin.sync(t)
	admin.must(t, "admin.approveSponsor", map[string]any{"sponsor_id": sp.ID})
	admin.sync(t)

	// Money: a card top-up, and a top-up the ledger reverses (a self-reference).
	if _, err := spon.eng.Charge(ctx, "charge-1", client.ChargeRequest{Amount: 500_000_00, Currency: "usd",
		Card: client.ChargeCard{Number: "4242 4242 4242 4242", Expiry: "12/30", CVC: "123", Name: "Acme"}}); err != nil {
		t.Fatal(err)
	}
	err := tm.srv.DB().Write(ctx, func(tx *sqlx.Tx) error {
		l := ledger.New(tm.clock)
		id, err := l.TopUp(ctx, tx, sp.ID, 12_345, domain.NewID())
		if err != nil {
			return err
		}
		_, err = l.Reverse(ctx, tx, id.ID, "test: a mistaken top-up")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	// A campaign, deals with deliverables, a message, an attachment, a paid deal.
	spon.sync(t)
	campaign := domain.NewID()
	spon.must(t, "campaign.create", map[string]any{"id": campaign, "name": "Phone launch", "start_date": "2026-11-01",
		"end_date": "2026-12-31", "budget": 200_000, "visibility": "public", "publish": true})
	deal := func(infl *teamDesktop, amount int64) (req, offer string) {
		req, offer = domain.NewID(), domain.NewID()
		spon.must(t, "adRequest.send", map[string]any{"id": req, "offer_id": offer, "campaign_id": campaign,
			"influencer_id": infl.user.ID, "amount": amount, "requirements": "shorts",
			"deliverables": []map[string]any{{"platform": "youtube", "content_type": "short", "quantity": 1,
				"due_date": "2026-12-10", "brief": "Unboxing"}}})
		return req, offer
	}
	r1, o1 := deal(ivy, 40_000)
	r2, o2 := deal(ian, 30_000)
	syncAll()
	ivy.must(t, "adRequest.accept", map[string]any{"ad_request_id": r1, "offer_id": o1})
	ian.must(t, "adRequest.accept", map[string]any{"ad_request_id": r2, "offer_id": o2})
	ivy.must(t, "adRequest.message", map[string]any{"id": domain.NewID(), "ad_request_id": r1, "body": "Is a story OK too?"})
	syncAll()
	blobStore, err := blobs.Open(filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	shot := pngBytes(t, 3)
	ref, err := blobStore.Put("draft.png", shot)
	if err != nil {
		t.Fatal(err)
	}
	d1, d2 := mutate.DeliverableID(o1, 0), mutate.DeliverableID(o2, 0)
	ivy.must(t, "deliverable.submitDraft", map[string]any{"deliverable_id": d1, "draft_text": "v1", "attachments": []blobs.Ref{ref}})
	if err := client.NewUploader(ivy.eng, blobStore).UploadPending(ctx); err != nil {
		t.Fatal(err)
	}
	ian.must(t, "deliverable.submitDraft", map[string]any{"deliverable_id": d2, "draft_text": "take 1"})
	syncAll()
	spon.must(t, "deliverable.approveDraft", map[string]any{"deliverable_id": d1})
	syncAll()
	ivy.must(t, "deliverable.submitProof", map[string]any{"deliverable_id": d1, "proof_url": "https://youtube.com/shorts/abc",
		"posted_at": tm.clock().Format(time.RFC3339), "screenshot": ref})
	syncAll()
	spon.must(t, "deliverable.acceptProof", map[string]any{"deliverable_id": d1}) // completes the deal: release, invoice
	syncAll()
	for _, d := range all {
		if bad := d.rejected(t); len(bad) > 0 {
			t.Fatalf("%s: refused mutations while making the history: %v", d.name, bad)
		}
	}
	if _, err := ivy.eng.SetPayoutAccount(ctx, client.PayoutAccountInput{Kind: "iban", Holder: "Ivy", IBAN: "DE89370400440532013000"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ivy.eng.RequestPayout(ctx, "payout-1", 1_000); err != nil {
		t.Fatal(err)
	}
	tm.advance(time.Minute)

	emails := []string{"root@example.com", "sponsor@example.com", "ivy@example.com", "ian@example.com"}
	before := map[string]view{}
	for _, e := range emails {
		before[e] = tm.viewOf(e)
	}
	if !strings.Contains(before["ivy@example.com"].money, "invoice") || !strings.Contains(before["sponsor@example.com"].money, "reversal") {
		t.Fatalf("the history lacks the money it should cover:\nivy: %s\nsponsor: %s", before["ivy@example.com"].money,
			before["sponsor@example.com"].money)
	}
	orderBefore := ledgerOrder(t, tm.srv.DB())

	// The operator stops the server and migrates.
	tm.stop()
	to := pgtest.Database(t)
	var progress bytes.Buffer
	rep, err := migrateToPostgres(ctx, from, to, &progress)
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	for _, tbl := range []string{"accounts", "refresh_tokens", "server_secrets", "ledger_transactions", "ledger_postings",
		"ledger_documents", "attachments", "payouts", "processor_charges", "deal_messages", "mutation_results"} {
		if rep.PerTable[tbl] == 0 {
			t.Errorf("copied no rows of %s:\n%s", tbl, progress.String())
		}
	}

	// The copy is vacuumed and analysed (a bulk load has no statistics: reltuples
	// stays -1 until VACUUM or ANALYZE).
	stats, err := sqlx.Open("pgx", to)
	if err != nil {
		t.Fatal(err)
	}
	for _, tbl := range []string{"accounts", "ledger_postings"} {
		var tuples float64
		if err := stats.Get(&tuples, `SELECT reltuples FROM pg_class WHERE oid = $1::regclass`, tbl); err != nil || tuples < 1 {
			t.Errorf("%s after the migration: reltuples %v (%v), want the rows counted by ANALYZE", tbl, tuples, err)
		}
	}
	_ = stats.Close()

	// The same server on the copy.
	tm.start(to)
	if got := ledgerOrder(t, tm.srv.DB()); !slices.Equal(got, orderBefore) {
		t.Fatalf("ledger insertion order changed:\n got %v\nwant %v", got, orderBefore)
	}
	for _, e := range emails {
		after := tm.viewOf(e)
		b := before[e]
		if after.pulls != b.pulls {
			t.Errorf("%s: the pulls differ after the migration:\nbefore:\n%s\nafter:\n%s", e, b.pulls, after.pulls)
		}
		if after.replica != b.replica {
			t.Errorf("%s: the replica differs after the migration:\nbefore:\n%s\nafter:\n%s", e, b.replica, after.replica)
		}
		if after.money != b.money {
			t.Errorf("%s: the money differs after the migration:\nbefore:\n%s\nafter:\n%s", e, b.money, after.money)
		}
	}
	got, err := spon.eng.GetAttachment(ctx, ref.SHA256)
	if err != nil || !bytes.Equal(got, shot) {
		t.Fatalf("the attachment from the copy: %v", err)
	}

	// The desktops that synced before go on: past their access tokens' lifetime (so
	// they refresh with tokens the copy must know), no reset, changes flow both ways.
	tm.advance(time.Hour)
	tm.front.takePulls()
	spon.must(t, "deliverable.requestChanges", map[string]any{"deliverable_id": d2, "comment": "louder"})
	spon.must(t, "campaign.update", map[string]any{"id": campaign, "name": "Phone launch II"})
	syncAll()
	ian.must(t, "deliverable.submitDraft", map[string]any{"deliverable_id": d2, "draft_text": "take 2"})
	syncAll()
	for _, p := range tm.front.takePulls() {
		if p.Reset {
			t.Fatalf("a desktop was reset after the migration (epoch %s)", p.Epoch)
		}
		if p.Epoch != rep.Epoch {
			t.Fatalf("epoch %s after the migration, want %s", p.Epoch, rep.Epoch)
		}
	}
	for _, d := range all {
		if bad := d.rejected(t); len(bad) > 0 {
			t.Fatalf("%s: refused after the migration: %v", d.name, bad)
		}
	}
	var draft, name string
	if err := spon.db.R.Get(&draft, `SELECT draft_text FROM deliverables WHERE id = ?`, d2); err != nil || draft != "take 2" {
		t.Fatalf("the sponsor's desktop after the migration: draft %q, %v", draft, err)
	}
	if err := ivy.db.R.Get(&name, `SELECT name FROM campaigns WHERE id = ?`, campaign); err != nil || name != "Phone launch II" {
		t.Fatalf("ivy's desktop after the migration: campaign %q, %v", name, err)
	}
	// Each old desktop holds what a fresh one pulls now.
	for _, d := range all {
		if got, want := dumpReplica(t, d.db), tm.viewOf(d.email).replica; got != want {
			t.Errorf("%s: the replica that kept syncing differs from a fresh pull:\nkept:\n%s\nfresh:\n%s", d.name, got, want)
		}
	}

	// Twice into the same database: refused, and nothing changed.
	tm.stop()
	if _, err := migrateToPostgres(ctx, from, to, nil); !errors.Is(err, errNotEmpty) {
		t.Fatalf("migrating into a database that holds data: %v, want %v", err, errNotEmpty)
	}
}

// ledgerOrder is the ledger's rows in insertion order.
func ledgerOrder(t *testing.T, db *store.Store) []string {
	t.Helper()
	var out []string
	for _, q := range []string{`SELECT id FROM ledger_transactions ORDER BY rowid`, `SELECT id FROM ledger_documents ORDER BY rowid`,
		`SELECT id FROM payouts ORDER BY rowid`} {
		var ids []string
		if err := db.R.Select(&ids, q); err != nil {
			t.Fatal(err)
		}
		out = append(out, ids...)
		out = append(out, "|")
	}
	return out
}

func TestRun_MigrateAndNewEpochUsage(t *testing.T) {
	tests := []struct {
		args []string
		out  string
	}{
		{[]string{"migrate-to-postgres"}, "--from and --to are required"},
		{[]string{"migrate-to-postgres", "--from", "a.db"}, "--from and --to are required"},
		{[]string{"migrate-to-postgres", "--from", "a.db", "--to", "b.db"}, "--to must be a postgres://"},
		{[]string{"migrate-to-postgres", "--from", "postgres://x/y", "--to", "postgres://x/z"}, "--from must be an SQLite file"},
		{[]string{"new-epoch", "extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		h := newHarness("")
		if code := h.run(t, tt.args...); code != exitUsage || !strings.Contains(h.stderr.String(), tt.out) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, h.stderr.String(), exitUsage, tt.out)
		}
	}
	h := newHarness("")
	if code := h.run(t, "migrate-to-postgres", "--from", filepath.Join(t.TempDir(), "none.db"), "--to", "postgres://u@127.0.0.1:1/x"); code != exitError ||
		!strings.Contains(h.stderr.String(), "no such file") {
		t.Errorf("a missing source: exit %d, %q", code, h.stderr.String())
	}
	if code := h.run(t, "help"); code != exitOK || !strings.Contains(h.stdout.String(), "migrate-to-postgres --from FILE --to postgres://") ||
		!strings.Contains(h.stdout.String(), "new-epoch") {
		t.Errorf("help does not name the commands: %s", h.stdout.String())
	}
}

// new-epoch works on an SQLite file too (one restored by copying it back), and
// refuses what is not a sync server database.
func TestRun_NewEpochSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sync.db")
	db, err := store.OpenServer(path)
	if err != nil {
		t.Fatal(err)
	}
	epoch := func() string {
		var e string
		if err := db.R.Get(&e, `SELECT epoch FROM sync_meta WHERE id = 1`); err != nil {
			t.Fatal(err)
		}
		return e
	}
	before := epoch()
	h := newHarness("")
	if code := h.run(t, "new-epoch", "--db", path); code != exitOK {
		t.Fatalf("new-epoch: exit %d: %s", code, h.stderr.String())
	}
	after := epoch()
	if after == before || len(after) != 32 || !strings.Contains(h.stdout.String(), after) {
		t.Fatalf("epoch %s -> %s, said %q", before, after, h.stdout.String())
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	h = newHarness("")
	if code := h.run(t, "new-epoch", "--db", filepath.Join(t.TempDir(), "none.db")); code != exitError {
		t.Errorf("a missing file: exit %d", code)
	}
	other := filepath.Join(t.TempDir(), "desktop.db")
	d, err := store.Open(other, store.SetDomain, store.SetDesktop)
	if err != nil {
		t.Fatal(err)
	}
	_ = d.Close()
	h.env[envDB] = other
	if code := h.run(t, "new-epoch"); code != exitError || !strings.Contains(h.stderr.String(), "sync_meta") {
		t.Errorf("a desktop's database: exit %d, %q", code, h.stderr.String())
	}
}

func TestParseSQLiteTime(t *testing.T) {
	want := time.Date(2026, 11, 21, 8, 0, 0, 123456000, time.UTC)
	for _, s := range []string{"2026-11-21 09:00:00.123456+01:00", "2026-11-21T08:00:00.123456Z", "2026-11-21 08:00:00.123456",
		"2026-11-21 08:00:00.123456 +0000 UTC", "2026-11-21 08:00:00.123456 +0000 UTC m=+0.001"} {
		got, err := parseSQLiteTime(s)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("%q: %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "yesterday", "2026-13-01"} {
		if _, err := parseSQLiteTime(s); err == nil {
			t.Errorf("%q: no error", s)
		}
	}
}

// What cannot be copied faithfully is refused, and a failure halfway leaves the
// destination as it was: empty (one transaction).
func TestMigrateToPostgres_RefusesWhatItCannotCopy(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skip("needs PostgreSQL: set " + pgtest.Env)
	}
	ctx := context.Background()
	newSource := func() (string, *store.Store) {
		path := filepath.Join(t.TempDir(), "sync.db")
		db, err := store.OpenServer(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		if _, err := server.CreateAdmin(ctx, db, "root@example.com", "Root", testPassword, time.Now()); err != nil {
			t.Fatal(err)
		}
		return path, db
	}
	to := pgtest.Database(t)
	count := func() int {
		dst, err := store.OpenPostgres(to)
		if err != nil {
			t.Fatal(err)
		}
		defer dst.Close()
		var n int
		if err := dst.R.Get(&n, `SELECT (SELECT COUNT(*) FROM accounts) + (SELECT COUNT(*) FROM credentials)`); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// A table with nowhere to go.
	path, db := newSource()
	db.W.MustExec(`CREATE TABLE notes_of_a_fork (id TEXT PRIMARY KEY)`)
	if _, err := migrateToPostgres(ctx, path, to, nil); err == nil || !strings.Contains(err.Error(), "table notes_of_a_fork has no PostgreSQL counterpart") {
		t.Fatalf("an extra table: %v", err)
	}
	// A row that does not convert, after others were copied: nothing stays.
	path, db = newSource()
	db.W.MustExec(`INSERT INTO refresh_tokens (token_hash, account_id, family_id, created_at, expires_at)
		SELECT 'h', id, 'f', created_at, 'whenever' FROM accounts`)
	_, err := migrateToPostgres(ctx, path, to, nil)
	if err == nil || !strings.Contains(err.Error(), `refresh_tokens row 1, column expires_at: unreadable time "whenever"`) {
		t.Fatalf("an unreadable time: %v", err)
	}
	if n := count(); n != 0 {
		t.Fatalf("a failed migration left %d rows behind", n)
	}
	db.W.MustExec(`DELETE FROM refresh_tokens`)
	if _, err := migrateToPostgres(ctx, path, to, nil); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 2 {
		t.Fatalf("copied %d account and credential rows, want 2", n)
	}
}
