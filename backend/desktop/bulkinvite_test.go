package desktop

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"iescp/backend/bulkinvite"
	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/queries"
	"iescp/sync/client"
	"iescp/sync/protocol"
	"iescp/sync/server"
)

// gate puts a real sync server behind a switch: down, every request is
// answered 503 (a server that does not answer), as an outage looks to a desktop.
type gate struct {
	down atomic.Bool
	h    http.Handler
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if g.down.Load() {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	g.h.ServeHTTP(w, r)
}

// bulkWorld is a real server behind a gate with an admin, an approved sponsor
// signed in on a desktop, and n creators written straight into the server's
// database (registering each would hash n passwords), reach cycling nano,
// micro, mid.
type bulkWorld struct {
	ts       *testServer
	g        *gate
	admin    *Services
	sponsor  *Services
	bulk     *BulkInviteService
	creators []string
}

func newBulkWorld(t testing.TB, n int) *bulkWorld {
	srv, err := server.New(server.Config{DBPath: filepath.Join(t.TempDir(), "server.db"), Now: testNow,
		Logger: slog.New(slog.NewTextHandler(&lockedBuffer{}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	g := &gate{h: srv.Handler()}
	ts := &testServer{srv: srv, http: httptest.NewServer(g), log: &lockedBuffer{}}
	ts.URL = ts.http.URL
	t.Cleanup(ts.stop)
	if _, err := server.CreateAdmin(context.Background(), srv.DB(), "root@iescp.test", "Root", testPW, testNow()); err != nil {
		t.Fatal(err)
	}
	req := protocol.RegisterRequest{Role: "sponsor", Email: "maya@brand.test", Password: testPW, Name: "Maya"}
	req.Profile.CompanyName = "Maya Inc"
	sp, err := client.Register(context.Background(), ts.URL, req)
	if err != nil {
		t.Fatal(err)
	}
	w := &bulkWorld{ts: ts, g: g}
	now := testNow()
	tx := srv.DB().W.MustBegin()
	tx.MustExec(`UPDATE sync_meta SET version = version + 1 WHERE id = 1`)
	reach := []string{"reach_instagram", "reach_tiktok", "reach_youtube"}
	followers := []int64{5_000, 20_000, 100_000} // nano, micro, mid
	for i := range n {
		id := domain.NewID()
		w.creators = append(w.creators, id)
		tx.MustExec(`INSERT INTO accounts (id, email, role, name, created_at, updated_at) VALUES (?, ?, 'influencer', ?, ?, ?)`,
			id, id+"@creator.test", fmt.Sprintf("Creator %03d", i), now, now)
		tx.MustExec(`INSERT INTO influencer_profiles (account_id, display_name, category, niche, `+reach[i%3]+`, updated_at)
			VALUES (?, ?, 'Tech', 'Phones', ?, ?)`, id, fmt.Sprintf("Cleo %03d", i), followers[i%3], now)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	w.admin = bulkDesktop(t, ts.URL)
	if _, err := w.admin.Session.SignIn("root@iescp.test", testPW); err != nil {
		t.Fatalf("admin sign in: %v", err)
	}
	pushNow(t, w.admin, "admin.approveSponsor", fmt.Sprintf(`{"sponsor_id":%q}`, sp.ID))
	w.sponsor = bulkDesktop(t, ts.URL)
	if info, err := w.sponsor.Session.SignIn("maya@brand.test", testPW); err != nil || info.Approval != "approved" {
		t.Fatalf("sponsor sign in: %+v, %v", info, err)
	}
	w.bulk = NewBulkInviteService(w.sponsor)
	return w
}

// bulkDesktop is newTestDesktop for a test or a benchmark.
func bulkDesktop(t testing.TB, serverURL string) *Services {
	dir := t.TempDir()
	s, err := New(Config{DataDir: dir, ServerURL: serverURL, Secrets: NewSecrets(nil, dir), SyncPoll: time.Hour, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	s.Emit = (&recorder{}).emit
	t.Cleanup(func() { s.Shutdown(context.Background()) })
	return s
}

// pushNow applies a mutation on a desktop and pushes it at once.
func pushNow(t testing.TB, s *Services, name, args string) {
	if _, err := s.Mutate(context.Background(), name, []byte(args)); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if st, _ := s.Sync.SyncNow(); st.Pending != 0 || st.Rejected != 0 {
		t.Fatalf("%s not pushed: %+v", name, st)
	}
}

// campaign creates and publishes a campaign of the sponsor with a budget.
func (w *bulkWorld) campaign(t testing.TB, budget int64) string {
	id := domain.NewID()
	args := fmt.Sprintf(`{"id":%q,"name":"Phone launch","start_date":"2026-01-01","end_date":"2099-12-31","budget":%d,"visibility":"private","publish":true}`, id, budget)
	if _, err := w.sponsor.Mutate(context.Background(), "campaign.create", []byte(args)); err != nil {
		t.Fatal(err)
	}
	return id
}

var tierAmounts = map[string]int64{"nano": 10_000, "micro": 20_000, "mid": 40_000}

// TestBulkInvite_200OfflineThenOnline: 200 creators, some flagged, some with an
// open request, the last ones over the budget, planned and sent while the
// server is down, then resolved once it answers: each as planned, except the
// two the server flagged meanwhile, which it refuses (sync issues).
func TestBulkInvite_200OfflineThenOnline(t *testing.T) {
	w := newBulkWorld(t, 200)
	c := w.creators
	const budget = 4_000_000
	cp := w.campaign(t, budget)
	// Five creators already have an open request on the campaign (100.00 each,
	// pending: they count against the budget left).
	ads := NewAdRequestService(w.sponsor)
	for _, id := range c[10:15] {
		if _, err := ads.Send(mutate.AdRequestSend{CampaignID: cp, InfluencerID: id, Amount: 10_000, Requirements: "A reel"}); err != nil {
			t.Fatal(err)
		}
	}
	// Five are flagged by the admin, and the sponsor's desktop has heard of it.
	for _, id := range c[20:25] {
		pushNow(t, w.admin, "admin.flag", fmt.Sprintf(`{"target":"account","id":%q,"reason":"fake followers"}`, id))
	}
	if st, _ := w.sponsor.Sync.SyncNow(); st.Pending != 0 {
		t.Fatalf("sponsor's sync before the outage: %+v", st)
	}

	// The server goes down; the sponsor's desktop notices.
	w.g.down.Store(true)
	w.ts.http.CloseClientConnections()
	if st, _ := w.sponsor.Sync.SyncNow(); st.State != client.StateOffline {
		t.Fatalf("sponsor's state with the server down: %+v", st)
	}
	// Meanwhile the admin flags two more on the server: the desktop cannot know.
	laterFlagged := map[string]bool{c[30]: true, c[31]: true}
	tx := w.ts.srv.DB().W.MustBegin()
	tx.MustExec(`UPDATE sync_meta SET version = version + 1 WHERE id = 1`)
	tx.MustExec(`UPDATE accounts SET flagged = 1, flag_reason = 'spam' WHERE id IN (?, ?)`, c[30], c[31])
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	inv := bulkinvite.Invite{BatchID: domain.NewID(), CampaignID: cp, InfluencerIDs: c, TierAmounts: tierAmounts,
		Requirements: "One reel about the phone", Message: "Hi {first_name}! {campaign} pays {amount} for a {platform} reel."}
	p, err := w.bulk.Preview(inv)
	if err != nil {
		t.Fatal(err)
	}
	// What the plan must say, worked out here on its own.
	followers := []string{"Instagram", "TikTok", "YouTube"}
	amounts := []int64{10_000, 20_000, 40_000}
	left := int64(budget - 5*10_000)
	want := make([]domain.Code, len(c))
	var sends, overBudget int
	for i := range c {
		switch {
		case i >= 20 && i < 25:
			want[i] = domain.CodeFlagged
		case i >= 10 && i < 15:
			want[i] = domain.CodeInvalidTransition
		case amounts[i%3] > left:
			want[i] = domain.CodeBudgetExceeded
			overBudget++
		default:
			left -= amounts[i%3]
			sends++
		}
	}
	if overBudget == 0 || sends < 150 {
		t.Fatalf("the scenario needs some over budget: %d over, %d sent", overBudget, sends)
	}
	for i, r := range p.Rows {
		got := domain.Code("")
		if r.Refusal != nil {
			got = r.Refusal.Code
		}
		// A flagged creator the sponsor may no longer see is not found to them.
		if got != want[i] && !(want[i] == domain.CodeFlagged && got == domain.CodeNotFound) {
			t.Fatalf("preview row %d: refusal %v, want %q", i, r.Refusal, want[i])
		}
		if got == domain.CodeNotFound { // nothing known of them but their id
			continue
		}
		if r.Amount != amounts[i%3] {
			t.Fatalf("preview row %d: amount %d, want %d", i, r.Amount, amounts[i%3])
		}
		if wantMsg := fmt.Sprintf("Hi Cleo! Phone launch pays $%s for a %s reel.", bulkinvite.Money(amounts[i%3]), followers[i%3]); r.Message != wantMsg {
			t.Fatalf("preview row %d: message %q, want %q", i, r.Message, wantMsg)
		}
	}
	if p.WouldSend != sends || p.Refused != len(c)-sends {
		t.Fatalf("preview counts %d/%d, want %d sends", p.WouldSend, p.Refused, sends)
	}

	// Sent offline: every planned one queued, the others refused as previewed.
	res, err := w.bulk.Send(inv)
	if err != nil {
		t.Fatal(err)
	}
	if res.Queued != sends || res.Sent != 0 || res.Refused != len(c)-sends {
		t.Fatalf("offline send: %d sent, %d queued, %d refused; want %d queued", res.Sent, res.Queued, res.Refused, sends)
	}
	if pending, _, _ := queries.OutboxCounts(context.Background(), mustSess(t, w.sponsor).db.R); pending != sends {
		t.Fatalf("outbox holds %d, want %d", pending, sends)
	}

	// The server answers again: each queued one is acknowledged or refused.
	w.g.down.Store(false)
	if st, _ := w.sponsor.Sync.SyncNow(); st.State != client.StateOnline {
		t.Fatalf("sponsor's state after the outage: %+v", st)
	}
	res, err = w.bulk.Summary(inv)
	if err != nil {
		t.Fatal(err)
	}
	// Two rows over the budget fit now (the two the server refused freed it):
	// unsent, not refused.
	if res.Sent != sends-2 || res.Queued != 0 || res.Refused+res.Unsent != len(c)-sends+2 {
		t.Fatalf("online: %d sent, %d queued, %d refused; want %d sent", res.Sent, res.Queued, res.Refused, sends-2)
	}
	for i, r := range res.Rows {
		switch {
		case laterFlagged[r.InfluencerID]:
			if r.State != queries.BulkRefused || !r.Later || r.Code == "" {
				t.Fatalf("row %d flagged on the server meanwhile: %+v", i, r)
			}
		case r.State == BulkUnsent:
			if want[i] != domain.CodeBudgetExceeded || r.Refusal != nil {
				t.Fatalf("row %d unsent: %+v, want only a row once over the budget and sendable now", i, r)
			}
		case want[i] == "":
			if r.State != queries.BulkSent {
				t.Fatalf("row %d: %+v, want sent", i, r)
			}
		default:
			if r.State != queries.BulkRefused || r.Later || r.Code == "" {
				t.Fatalf("row %d: %+v, want refused now", i, r)
			}
		}
	}
	unsent := res.Unsent
	if issues, _ := w.sponsor.Sync.Issues(); len(issues) != 2 {
		t.Fatalf("sync issues: %d, want the 2 refused by the server", len(issues))
	}

	// On the server: the requests as sent, none twice, the budget held.
	serverHolds := func() (n int, pending, committed int64) {
		t.Helper()
		db := w.ts.srv.DB().R
		if err := db.Get(&n, `SELECT COUNT(*) FROM ad_requests WHERE campaign_id = ?`, cp); err != nil {
			t.Fatal(err)
		}
		if err := db.Get(&pending, `SELECT COALESCE(SUM(payment_amount), 0) FROM ad_requests WHERE campaign_id = ? AND status = 'pending'`, cp); err != nil {
			t.Fatal(err)
		}
		if err := db.Get(&committed, `SELECT committed FROM campaigns WHERE id = ?`, cp); err != nil {
			t.Fatal(err)
		}
		return n, pending, committed
	}
	n, pending, committed := serverHolds()
	if n != 5+sends-2 || pending+committed > budget {
		t.Fatalf("server: %d requests, %d pending + %d committed of %d", n, pending, committed, budget)
	}
	// Sending the same batch again sends none of it twice.
	res, err = w.bulk.Send(inv)
	if err != nil || res.Sent+res.Queued != sends-2+unsent || res.Unsent != 0 {
		t.Fatalf("resend: %d sent, %d queued, %d unsent, %v; want %d", res.Sent, res.Queued, res.Unsent, err, sends-2+unsent)
	}
	drained(t, w.sponsor, "the resend")
	if n2, pending, committed := serverHolds(); n2 != n+unsent || pending+committed > budget {
		t.Fatalf("server after a resend: %d requests, want %d; %d pending + %d committed of %d", n2, n+unsent, pending, committed, budget)
	}
}

func mustSess(t testing.TB, s *Services) *session {
	sess, err := s.active()
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

// BenchmarkBulkInvite200 applies a batch of 200 invitations locally (the
// server down, so nothing is pushed): plan and 200 adRequest.send mutations.
func BenchmarkBulkInvite200(b *testing.B) {
	w := newBulkWorld(b, 200)
	w.g.down.Store(true)
	w.ts.http.CloseClientConnections()
	if st, _ := w.sponsor.Sync.SyncNow(); st.State != client.StateOffline {
		b.Fatalf("state with the server down: %+v", st)
	}
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		cp := w.campaign(b, 1_000_000_000)
		inv := bulkinvite.Invite{BatchID: domain.NewID(), CampaignID: cp, InfluencerIDs: w.creators, AmountCents: 10_000,
			Requirements: "One reel", Message: "Hi {first_name}, join {campaign} on {platform}."}
		b.StartTimer()
		res, err := w.bulk.Send(inv)
		if err != nil || res.Queued != 200 {
			b.Fatalf("send: %d queued, %v", res.Queued, err)
		}
	}
}

// TestBulkInvite_OnlyOwnCampaignsAndValidOffers: another organisation's campaign,
// though the replica holds it (public), is not found; a bad offer is refused
// whole, naming what is wrong; an influencer has no campaign to invite to.
func TestBulkInvite_OnlyOwnCampaignsAndValidOffers(t *testing.T) {
	w := newBulkWorld(t, 3)
	own := w.campaign(t, 1_000_000)
	req := protocol.RegisterRequest{Role: "sponsor", Email: "noor@rival.test", Password: testPW, Name: "Noor"}
	req.Profile.CompanyName = "Rival"
	noor, err := client.Register(context.Background(), w.ts.URL, req)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := w.admin.Sync.SyncNow(); st.Pending != 0 { // the admin's desktop hears of the new sponsor
		t.Fatalf("admin sync: %+v", st)
	}
	pushNow(t, w.admin, "admin.approveSponsor", fmt.Sprintf(`{"sponsor_id":%q}`, noor.ID))
	rival := bulkDesktop(t, w.ts.URL)
	if _, err := rival.Session.SignIn("noor@rival.test", testPW); err != nil {
		t.Fatal(err)
	}
	theirs := domain.NewID()
	pushNow(t, rival, "campaign.create", fmt.Sprintf(`{"id":%q,"name":"Rival launch","start_date":"2026-01-01","end_date":"2099-12-31","budget":100000,"visibility":"public","publish":true}`, theirs))
	if st, _ := w.sponsor.Sync.SyncNow(); st.Pending != 0 {
		t.Fatalf("sync: %+v", st)
	}
	var n int
	if err := mustSess(t, w.sponsor).db.R.Get(&n, `SELECT COUNT(*) FROM campaigns WHERE id IN (?, ?)`, own, theirs); err != nil || n != 2 {
		t.Fatalf("sponsor's replica holds %d campaigns, want its own and the rival's public one", n)
	}

	inv := bulkinvite.Invite{BatchID: domain.NewID(), CampaignID: theirs, InfluencerIDs: w.creators, AmountCents: 10_000, Requirements: "A reel"}
	if _, err := w.bulk.Preview(inv); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("preview on another's campaign: %v", err)
	}
	if _, err := w.bulk.Send(inv); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("send on another's campaign: %v", err)
	}
	if _, err := NewBulkInviteService(rival).Preview(bulkinvite.Invite{BatchID: inv.BatchID, CampaignID: own,
		InfluencerIDs: w.creators, AmountCents: 10_000, Requirements: "A reel"}); uiCode(t, err) != domain.CodeNotFound {
		t.Fatalf("the rival previewing the sponsor's private campaign: %v", err)
	}

	inv.CampaignID, inv.Message = own, "Hi {first_name} {fee}"
	_, err = w.bulk.Preview(inv)
	if uiCode(t, err) != domain.CodeInvalidArgument || !strings.Contains(err.Error(), "{fee}") {
		t.Fatalf("unknown placeholder: %v", err)
	}
	if st, _ := w.sponsor.Sync.Status(); st.Pending != 0 {
		t.Fatalf("refused batches queued something: %+v", st)
	}
}

// TestBulkInviteRow_JSON: a summary row carries both the rendered message and
// the refusal's reason (one JSON name each).
func TestBulkInviteRow_JSON(t *testing.T) {
	b, err := json.Marshal(BulkInviteRow{Row: bulkinvite.Row{Message: "Hi Ana"}, State: "refused", Code: "flagged", Reason: "Ana is flagged"})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got["message"] != "Hi Ana" || got["reason"] != "Ana is flagged" || got["code"] != "flagged" {
		t.Fatalf("got %s", b)
	}
}
