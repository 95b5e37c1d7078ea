package client_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/sync/client"
)

// queue applies a mutation on d's replica as the desktop's services do
// (client.Queue), returning its stable handle.
func (d *desktop) queue(name string, args map[string]any) client.Queued {
	d.t.Helper()
	raw, _ := json.Marshal(args)
	decoded, err := mutate.Decode(name, raw)
	if err != nil {
		d.t.Fatal(err)
	}
	q, err := client.Queue(context.Background(), d.db, d.user.ID, decoded, d.p.now)
	if err != nil {
		d.t.Fatalf("%s: %s locally: %v", d.name, name, err)
	}
	return q
}

// counteredRequest leaves a request whose latest offer is the influencer's
// counter, for the sponsor to accept (money leaves the sponsor's wallet).
func (w *world) counteredRequest() (req, offer string) {
	w.t.Helper()
	req, o1 := w.sendRequest(40_000)
	w.sponsor.sync()
	w.infl.sync()
	offer = domain.NewID()
	w.infl.must("adRequest.counter", map[string]any{"ad_request_id": req, "offer_id": offer, "in_reply_to": o1,
		"amount": 45_000, "requirements": "3 reels", "deliverables": []map[string]any{{"platform": "instagram",
			"content_type": "reel", "quantity": 3, "due_date": "2026-12-10", "brief": "Unboxing"}}})
	w.infl.sync()
	w.sponsor.sync()
	return req, offer
}

// serverGet reads one value from the server's database.
func (p *platform) serverGet(q string, args ...any) string {
	p.t.Helper()
	var s string
	if err := p.srv.DB().R.Get(&s, q, args...); err != nil {
		p.t.Fatalf("server: %s: %v", q, err)
	}
	return s
}

func (p *platform) results(clientID string) int {
	p.t.Helper()
	var n int
	if err := p.srv.DB().R.Get(&n, `SELECT COUNT(*) FROM mutation_results WHERE client_id = ?`, clientID); err != nil {
		p.t.Fatal(err)
	}
	return n
}

func wantRefused(t *testing.T, err error, what string) {
	t.Helper()
	if domain.ErrorCode(err) != domain.CodeInvalidTransition {
		t.Fatalf("%s: got %v, want invalid_transition", what, err)
	}
}

// Taken back before any push: the replica is exactly what it was before the
// accept (escrow, committed budget, deliverables, tracking link) and the outbox
// is empty.
func TestUnqueue_BeforePushRestoresReplicaAndOutbox(t *testing.T) {
	w := newWorld(t)
	req, offer := w.counteredRequest()
	before := dump(t, w.sponsor.db)
	q := w.sponsor.queue("adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": offer})
	if got := w.sponsor.get(`SELECT status || ' ' || escrow_state || ' ' || (SELECT COUNT(*) FROM deliverables WHERE ad_request_id = ?1)
		FROM ad_requests WHERE id = ?1`, req); got != "accepted funded 1" {
		t.Fatalf("optimistic accept: %s", got)
	}
	if ok, err := client.Undoable(context.Background(), w.sponsor.db, q.ChangeID); err != nil || !ok {
		t.Fatalf("undoable before any push: %v %v", ok, err)
	}
	if err := w.sponsor.engine.Unqueue(context.Background(), q.ChangeID); err != nil {
		t.Fatal(err)
	}
	if d := diff(dump(t, w.sponsor.db), before); d != "" {
		t.Fatalf("the replica after taking the accept back differs from before it:\n%s", d)
	}
	if out := w.sponsor.outbox(); len(out) != 0 {
		t.Fatalf("outbox: %+v, want empty", out)
	}
	if st := w.sponsor.engine.Status(); st.Pending != 0 {
		t.Fatalf("pending %d, want 0", st.Pending)
	}
	wantRefused(t, w.sponsor.engine.Unqueue(context.Background(), q.ChangeID), "taken back twice")
	w.sponsor.sync()
	if got := w.serverGet(`SELECT status FROM ad_requests WHERE id = ?`, req); got != "pending" {
		t.Fatalf("server's request: %s, want pending", got)
	}
	w.sponsor.expectConverged()
}

// Later pending changes survive: they are replayed on the state without the
// taken-back one (here over the same campaign row, whose committed sum the
// accept raised) and renumbered, so the server takes them in order.
func TestUnqueue_ReplaysAndRenumbersLaterChanges(t *testing.T) {
	w := newWorld(t)
	req, offer := w.counteredRequest()
	committed := w.sponsor.get(`SELECT CAST(committed AS TEXT) FROM campaigns WHERE id = ?`, w.campaign)
	q1 := w.sponsor.queue("adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": offer})
	q2 := w.sponsor.queue("campaign.update", map[string]any{"id": w.campaign, "name": "Renamed after accepting"})
	q3 := w.sponsor.queue("campaign.update", map[string]any{"id": w.campaign, "description": "Autumn phones"})
	if q2.ID != q1.ID+1 || q3.ID != q2.ID+1 {
		t.Fatalf("ids %d %d %d", q1.ID, q2.ID, q3.ID)
	}
	if err := w.sponsor.engine.Unqueue(context.Background(), q1.ChangeID); err != nil {
		t.Fatal(err)
	}
	got := w.sponsor.get(`SELECT name || ' | ' || description || ' | ' || committed FROM campaigns WHERE id = ?`, w.campaign)
	if want := "Renamed after accepting | Autumn phones | " + committed; got != want {
		t.Fatalf("campaign after taking the accept back: %q, want %q", got, want)
	}
	if got := w.sponsor.get(`SELECT status || ' ' || escrow_state FROM ad_requests WHERE id = ?`, req); got != "pending " {
		t.Fatalf("request: %q, want pending and unfunded", got)
	}
	out := w.sponsor.outbox()
	if len(out) != 2 || out[0].ID != q1.ID || out[0].ChangeID != q2.ChangeID || out[1].ID != q2.ID || out[1].ChangeID != q3.ChangeID {
		t.Fatalf("outbox %+v: want the two updates as %d and %d, their handles kept", out, q1.ID, q2.ID)
	}
	w.sponsor.sync()
	if got := w.serverGet(`SELECT c.name || ' | ' || c.description || ' | ' || r.status FROM campaigns c JOIN ad_requests r ON r.campaign_id = c.id
		WHERE r.id = ?`, req); got != "Renamed after accepting | Autumn phones | pending" {
		t.Fatalf("server: %q", got)
	}
	var results int
	if err := w.srv.DB().R.Get(&results, `SELECT COUNT(*) FROM mutation_results WHERE client_id = ? AND status = 'applied'`,
		w.sponsor.engine.ClientID()); err != nil {
		t.Fatal(err)
	}
	if results != int(q2.ID) {
		t.Fatalf("%d mutations applied on the server, want %d (every earlier one and the two updates)", results, q2.ID)
	}
	if out := w.sponsor.outbox(); len(out) != 0 {
		t.Fatalf("outbox after sync: %+v", out)
	}
	w.sponsor.expectConverged()
}

// Once push has tried to send a change it is never taken back: here the
// server applied it and the answer was lost, so taking it back would leave the
// server funded while the desktop forgot it (and give its ID to the next change).
func TestUnqueue_RefusedAfterAPushAttempt(t *testing.T) {
	w := newWorld(t)
	req, offer := w.counteredRequest()
	var lose atomic.Bool
	proxy := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		w.srv.Handler().ServeHTTP(rec, r)
		if r.URL.Path == "/sync/v1/push" && lose.Swap(false) {
			panic(http.ErrAbortHandler) // committed, but the answer is lost
		}
		for k, v := range rec.Header() {
			rw.Header()[k] = v
		}
		rw.WriteHeader(rec.Code)
		_, _ = rw.Write(rec.Body.Bytes())
	}))
	defer proxy.Close()
	sp := w.desktopVia(proxy.URL, "sponsor@example.com", "flaky")
	sp.sync()
	q := sp.queue("adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": offer})
	lose.Store(true)
	// One attempt, no retry by net/http: the transport's own retry would resend it.
	proxy.Config.SetKeepAlivesEnabled(false)
	if err := sp.engine.Sync(context.Background()); err == nil {
		t.Fatal("the push whose answer was lost succeeded")
	}
	if out := sp.outbox(); len(out) != 1 || !out[0].Attempted || out[0].Status != "pending" {
		t.Fatalf("outbox after the lost answer: %+v, want one pending attempted entry", out)
	}
	if got := w.serverGet(`SELECT status FROM ad_requests WHERE id = ?`, req); got != "accepted" {
		t.Fatalf("server: %s, want the accept applied", got)
	}
	if ok, _ := client.Undoable(context.Background(), sp.db, q.ChangeID); ok {
		t.Fatal("an attempted change is offered for undo")
	}
	wantRefused(t, sp.engine.Unqueue(context.Background(), q.ChangeID), "attempted")
	sp.sync()
	wantRefused(t, sp.engine.Unqueue(context.Background(), q.ChangeID), "acknowledged")
	if got := w.results(sp.engine.ClientID()); got != 1 {
		t.Fatalf("mutation results: %d, want the accept once", got)
	}
	sp.expectConverged()
}

// Offline, the push never reaches a connection: the change stays un-attempted,
// is taken back, and once the server is back there is nothing to push.
func TestUnqueue_OfflineAcceptThenUndoLeavesNothingToPush(t *testing.T) {
	w := newWorld(t)
	req, offer := w.counteredRequest()
	before := dump(t, w.sponsor.db)
	sent, status := w.results(w.sponsor.engine.ClientID()), w.serverGet(`SELECT status FROM ad_requests WHERE id = ?`, req)
	dbPath, addr := w.srv.DB().Location(), w.http.Listener.Addr().String()
	w.http.CloseClientConnections()
	w.http.Close()
	w.srv.Close()
	client.DropIdleConnections(w.sponsor.engine)
	q := w.sponsor.queue("adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": offer})
	if err := w.sponsor.engine.Sync(context.Background()); err == nil {
		t.Fatal("synced with the server down")
	}
	if out := w.sponsor.outbox(); len(out) != 1 || out[0].Attempted {
		t.Fatalf("outbox after an offline round: %+v, want one entry not attempted", out)
	}
	if err := w.sponsor.engine.Unqueue(context.Background(), q.ChangeID); err != nil {
		t.Fatal(err)
	}
	if d := diff(dump(t, w.sponsor.db), before); d != "" {
		t.Fatalf("replica differs from before the accept:\n%s", d)
	}
	w.startServer(dbPath, addr, 0)
	w.sponsor.sync()
	if got := w.results(w.sponsor.engine.ClientID()); got != sent {
		t.Fatalf("mutation results: %d, want the %d sent before going offline", got, sent)
	}
	if got := w.serverGet(`SELECT status FROM ad_requests WHERE id = ?`, req); got != status {
		t.Fatalf("server's request: %s, want %s as before", got, status)
	}
	w.sponsor.expectConverged()
}
