package mutate_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// terms is a list of n deliverable items for an offer.
func terms(n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = map[string]any{"platform": domain.Platforms[i%len(domain.Platforms)], "content_type": "reel",
			"quantity": i + 1, "due_date": "2026-12-15", "brief": fmt.Sprintf("Item %d", i+1)}
	}
	return out
}

// acceptedDeal sends an ad request (on a new campaign) from the sponsor to the influencer whose opening
// offer carries n deliverables, and has the influencer accept it; returns the
// request and its deliverables' IDs in order.
func (w *world) acceptedDeal(n int) (string, []string) {
	w.t.Helper()
	req, offer := domain.NewID(), domain.NewID()
	w.must(w.sponsor, "adRequest.send", map[string]any{"id": req, "offer_id": offer, "campaign_id": w.newCampaign(w.sponsor, 1_000_000, true),
		"influencer_id": w.infl, "amount": 1000, "requirements": "x", "deliverables": terms(n)})
	w.must(w.infl, "adRequest.accept", map[string]any{"ad_request_id": req, "offer_id": offer})
	var ids []string
	if err := w.db.R.Select(&ids, `SELECT id FROM deliverables WHERE ad_request_id = ? ORDER BY seq`, req); err != nil {
		w.t.Fatal(err)
	}
	if len(ids) != n {
		w.t.Fatalf("accepted offer with %d deliverables made %d rows", n, len(ids))
	}
	return req, ids
}

// disputedDeal is a funded deal whose one deliverable the influencer disputed
// after posting it.
func (w *world) disputedDeal() string {
	w.t.Helper()
	id := w.deliverableIn(domain.DeliverablePosted)
	w.must(w.infl, "deliverable.dispute", map[string]any{"deliverable_id": id, "reason": "the sponsor went silent"})
	var req string
	if err := w.db.R.Get(&req, `SELECT ad_request_id FROM deliverables WHERE id = ?`, id); err != nil {
		w.t.Fatal(err)
	}
	return req
}

func (w *world) delStatus(id string) domain.DeliverableStatus {
	w.t.Helper()
	var s domain.DeliverableStatus
	if err := w.db.R.Get(&s, `SELECT status FROM deliverables WHERE id = ?`, id); err != nil {
		w.t.Fatal(err)
	}
	return s
}

// deliverableIn returns a deliverable of a new accepted deal (its own campaign, so
// deals never clash) moved by the mutators to status.
func (w *world) deliverableIn(status domain.DeliverableStatus) string {
	w.t.Helper()
	_, ids := w.acceptedDeal(1)
	id := ids[0]
	ref := map[string]any{"deliverable_id": id}
	draft := func() {
		w.must(w.infl, "deliverable.submitDraft", map[string]any{"deliverable_id": id, "draft_text": "Caption",
			"draft_links": []string{"https://example.com/a"}})
	}
	switch status {
	case domain.DeliverableTodo:
	case domain.DeliverableDraftSubmitted:
		draft()
	case domain.DeliverableChangesRequested:
		draft()
		w.must(w.sponsor, "deliverable.requestChanges", map[string]any{"deliverable_id": id, "comment": "Shorter"})
	case domain.DeliverableApproved, domain.DeliverablePosted, domain.DeliverableAccepted:
		draft()
		w.must(w.sponsor, "deliverable.approveDraft", ref)
		if status != domain.DeliverableApproved {
			w.must(w.infl, "deliverable.submitProof", map[string]any{"deliverable_id": id,
				"proof_url": "https://instagram.com/p/1", "posted_at": w.now.Format(time.RFC3339), "screenshot": testShot})
		}
		if status == domain.DeliverableAccepted {
			w.must(w.sponsor, "deliverable.acceptProof", ref)
		}
	case domain.DeliverableDisputed:
		draft()
		w.must(w.sponsor, "deliverable.dispute", map[string]any{"deliverable_id": id, "reason": "Off brief"})
	default:
		w.t.Fatalf("no way to %s", status)
	}
	if got := w.delStatus(id); got != status {
		w.t.Fatalf("deliverable is %s, want %s", got, status)
	}
	return id
}

// deliverableArgs are valid arguments of each deliverable mutator, and who calls it.
func deliverableArgs(w *world, id string) map[string]struct {
	actor string
	args  map[string]any
} {
	type call = struct {
		actor string
		args  map[string]any
	}
	return map[string]call{
		"deliverable.submitDraft": {w.infl, map[string]any{"deliverable_id": id, "draft_text": "New caption",
			"draft_links": []string{"http://example.com/b"}}},
		"deliverable.requestChanges": {w.sponsor, map[string]any{"deliverable_id": id, "comment": "More product"}},
		"deliverable.approveDraft":   {w.sponsor, map[string]any{"deliverable_id": id}},
		"deliverable.submitProof": {w.infl, map[string]any{"deliverable_id": id, "proof_url": "https://youtube.com/watch?v=1",
			"posted_at": w.now.Format(time.RFC3339), "screenshot": testShot}},
		"deliverable.acceptProof": {w.sponsor, map[string]any{"deliverable_id": id}},
		"deliverable.dispute":     {w.infl, map[string]any{"deliverable_id": id, "reason": "Not paid attention"}},
	}
}

// Every deliverable mutator from every state: the allowed moves land in their
// state, every other one is refused with invalid_transition and changes nothing.
func TestDeliverables_StateMachine(t *testing.T) {
	all := []domain.DeliverableStatus{domain.DeliverableTodo, domain.DeliverableDraftSubmitted,
		domain.DeliverableChangesRequested, domain.DeliverableApproved, domain.DeliverablePosted,
		domain.DeliverableAccepted, domain.DeliverableDisputed}
	moves := map[string]struct {
		from []domain.DeliverableStatus
		to   domain.DeliverableStatus
	}{
		"deliverable.submitDraft":    {[]domain.DeliverableStatus{domain.DeliverableTodo, domain.DeliverableChangesRequested}, domain.DeliverableDraftSubmitted},
		"deliverable.requestChanges": {[]domain.DeliverableStatus{domain.DeliverableDraftSubmitted}, domain.DeliverableChangesRequested},
		"deliverable.approveDraft":   {[]domain.DeliverableStatus{domain.DeliverableDraftSubmitted}, domain.DeliverableApproved},
		"deliverable.submitProof":    {[]domain.DeliverableStatus{domain.DeliverableApproved}, domain.DeliverablePosted},
		"deliverable.acceptProof":    {[]domain.DeliverableStatus{domain.DeliverablePosted}, domain.DeliverableAccepted},
		"deliverable.dispute": {[]domain.DeliverableStatus{domain.DeliverableDraftSubmitted, domain.DeliverableChangesRequested,
			domain.DeliverableApproved, domain.DeliverablePosted}, domain.DeliverableDisputed},
	}
	w := newWorld(t)
	for name, mv := range moves {
		for _, from := range all {
			t.Run(name+"/"+string(from), func(t *testing.T) {
				w.t = t
				id := w.deliverableIn(from)
				c := deliverableArgs(w, id)[name]
				before := snapshot(w)
				err := w.do(c.actor, name, c.args)
				if contains(statusStrings(mv.from), string(from)) {
					if err != nil {
						t.Fatalf("got %v, want success", err)
					}
					if got := w.delStatus(id); got != mv.to {
						t.Fatalf("now %s, want %s", got, mv.to)
					}
					return
				}
				if domain.ErrorCode(err) != domain.CodeInvalidTransition {
					t.Fatalf("got %v, want invalid_transition", err)
				}
				if after := snapshot(w); after != before {
					t.Fatal("a refused move changed the database")
				}
			})
		}
	}
}

func statusStrings(ss []domain.DeliverableStatus) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

// The wrong side of the deal, a request that is no longer accepted, another
// pair's deliverable and a missing one.
func TestDeliverables_Refusals(t *testing.T) {
	w := newWorld(t)
	// The sponsor may not draft; the influencer may not judge.
	id := w.deliverableIn(domain.DeliverableDraftSubmitted)
	for _, name := range []string{"deliverable.requestChanges", "deliverable.approveDraft"} {
		w.want(domain.CodeForbidden, w.infl, name, deliverableArgs(w, id)[name].args)
	}
	w.want(domain.CodeForbidden, w.admin, "deliverable.dispute", map[string]any{"deliverable_id": id, "reason": "x"})
	// Both parties may dispute.
	w.must(w.sponsor, "deliverable.dispute", map[string]any{"deliverable_id": w.deliverableIn(domain.DeliverablePosted), "reason": "x"})
	w.must(w.infl, "deliverable.dispute", map[string]any{"deliverable_id": w.deliverableIn(domain.DeliverablePosted), "reason": "x"})

	// Another pair's deliverable answers like a missing one.
	for name, c := range deliverableArgs(w, id) {
		hiddenActor := w.sponsor2
		if c.actor == w.infl {
			hiddenActor = w.infl2
		}
		err := w.do(hiddenActor, name, c.args)
		nowhere := domain.NewID()
		c.args["deliverable_id"] = nowhere
		missing := w.do(hiddenActor, name, c.args)
		if domain.ErrorCode(err) != domain.CodeNotFound || domain.ErrorCode(missing) != domain.CodeNotFound {
			t.Errorf("%s: hidden %v, missing %v; want not_found for both", name, err, missing)
		} else if strings.ReplaceAll(err.Error(), id, "ID") != strings.ReplaceAll(missing.Error(), nowhere, "ID") {
			t.Errorf("%s: a hidden deliverable is refused in other words (%q) than a missing one (%q)", name, err, missing)
		}
	}

	// Withdrawn and completed requests' deliverables do not move.
	req, ids := w.acceptedDeal(1)
	w.must(w.sponsor, "adRequest.withdraw", map[string]any{"ad_request_id": req})
	w.want(domain.CodeInvalidTransition, w.infl, "deliverable.submitDraft", deliverableArgs(w, ids[0])["deliverable.submitDraft"].args)
	req, ids = w.acceptedDeal(1)
	// The deliverables are the contract: the sponsor cannot complete a deal
	// around them; it completes when the last one is accepted.
	w.want(domain.CodeInvalidTransition, w.sponsor, "adRequest.complete", map[string]any{"ad_request_id": req})
	w.exec(`UPDATE ad_requests SET status = 'completed' WHERE id = ?`, req)
	w.want(domain.CodeInvalidTransition, w.infl, "deliverable.submitDraft", deliverableArgs(w, ids[0])["deliverable.submitDraft"].args)

	// Arguments.
	approved := w.deliverableIn(domain.DeliverableApproved)
	for _, args := range []map[string]any{
		{"deliverable_id": approved, "proof_url": "https://x.com/1", "posted_at": w.now.Add(time.Hour).Format(time.RFC3339), "screenshot": testShot},
		{"deliverable_id": approved, "proof_url": "ftp://x.com/1", "posted_at": w.now.Format(time.RFC3339), "screenshot": testShot},
		{"deliverable_id": approved, "proof_url": "https://x.com/1", "screenshot": testShot},
	} {
		w.want(domain.CodeInvalidArgument, w.infl, "deliverable.submitProof", args)
	}
	todo := w.deliverableIn(domain.DeliverableTodo)
	links := make([]string, 11)
	for i := range links {
		links[i] = "https://example.com/" + fmt.Sprint(i)
	}
	for _, args := range []map[string]any{
		{"deliverable_id": todo, "draft_text": ""},
		{"deliverable_id": todo, "draft_text": "x", "draft_links": links},
		{"deliverable_id": todo, "draft_text": "x", "draft_links": []string{"javascript:alert(1)"}},
	} {
		w.want(domain.CodeInvalidArgument, w.infl, "deliverable.submitDraft", args)
	}
	w.want(domain.CodeInvalidArgument, w.sponsor, "deliverable.requestChanges", map[string]any{"deliverable_id": todo, "comment": " "})
	w.want(domain.CodeInvalidArgument, w.sponsor, "deliverable.dispute", map[string]any{"deliverable_id": todo, "reason": ""})
	// An offer's deliverables are checked item by item, and at most 20.
	bad := []func(m map[string]any){
		func(m map[string]any) { m["platform"] = "myspace" },
		func(m map[string]any) { m["content_type"] = "billboard" },
		func(m map[string]any) { m["quantity"] = 0 },
		func(m map[string]any) { m["quantity"] = 101 },
		func(m map[string]any) { m["due_date"] = "15/12/2026" },
		func(m map[string]any) { m["extra"] = 1 },
	}
	for _, spoil := range bad {
		list := terms(2)
		spoil(list[1])
		w.want(domain.CodeInvalidArgument, w.sponsor, "adRequest.send", map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(),
			"campaign_id": w.campaign, "influencer_id": w.infl2, "amount": 5, "requirements": "x", "deliverables": list})
	}
	w.want(domain.CodeInvalidArgument, w.sponsor, "adRequest.send", map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(),
		"campaign_id": w.campaign, "influencer_id": w.infl2, "amount": 5, "requirements": "x", "deliverables": terms(21)})
	w.must(w.sponsor, "adRequest.send", map[string]any{"id": domain.NewID(), "offer_id": domain.NewID(),
		"campaign_id": w.campaign, "influencer_id": w.infl2, "amount": 5, "requirements": "x", "deliverables": terms(20)})
}

// The accepted offer's deliverables, not an earlier one's, become the request's
// rows; an offer without any makes none; a replayed accept makes the same rows.
func TestDeliverables_FromAcceptedOffer(t *testing.T) {
	w := newWorld(t)
	req, offer := domain.NewID(), domain.NewID()
	w.must(w.sponsor, "adRequest.send", map[string]any{"id": req, "offer_id": offer, "campaign_id": w.campaign,
		"influencer_id": w.infl, "amount": 1000, "requirements": "x", "deliverables": terms(2)})
	counter := domain.NewID()
	w.must(w.infl, "adRequest.counter", map[string]any{"ad_request_id": req, "offer_id": counter, "in_reply_to": offer,
		"amount": 1200, "requirements": "y", "deliverables": terms(3)})
	if n := w.count(`SELECT COUNT(*) FROM deliverables`); n != 0 {
		t.Fatalf("%d deliverables before acceptance", n)
	}
	accept := func(tx *sqlx.Tx) error {
		return mutate.Apply(tx, w.sponsor, "adRequest.accept",
			[]byte(fmt.Sprintf(`{"ad_request_id":%q,"offer_id":%q}`, req, counter)), t0.Add(time.Hour))
	}
	type row struct {
		ID, Platform, Status, Due, After string
		Seq, Quantity                    int
	}
	read := func(tx *sqlx.Tx) []row {
		var rows []row
		if err := tx.Select(&rows, `SELECT id AS "id", platform AS "platform", status AS "status", due_date AS "due",
			auto_accept_after AS "after", seq AS "seq", quantity AS "quantity" FROM deliverables WHERE ad_request_id = ? ORDER BY seq`, req); err != nil {
			t.Fatal(err)
		}
		return rows
	}
	// Replay: the same accept at the same time, twice, each rolled back.
	errRollback := errors.New("rollback")
	var runs [][]row
	for range 2 {
		err := w.db.Write(context.Background(), func(tx *sqlx.Tx) error {
			if err := accept(tx); err != nil {
				return err
			}
			runs = append(runs, read(tx))
			return errRollback
		})
		if !errors.Is(err, errRollback) {
			t.Fatal(err)
		}
	}
	if fmt.Sprint(runs[0]) != fmt.Sprint(runs[1]) {
		t.Fatalf("a replayed accept made other rows:\n%v\n%v", runs[0], runs[1])
	}
	rows := runs[0]
	if len(rows) != 3 {
		t.Fatalf("got %d rows, want the accepted counter-offer's 3", len(rows))
	}
	for i, r := range rows {
		if r.ID != mutate.DeliverableID(counter, i) || r.Seq != i+1 || r.Quantity != i+1 || r.Status != "todo" ||
			r.Due != "2026-12-15" || r.After != "" || r.Platform != domain.Platforms[i] {
			t.Errorf("row %d: %+v", i, r)
		}
	}
	// Without deliverables: no rows, as before.
	r2, o2 := w.send(w.campaign, w.sponsor, w.infl2, 1000)
	w.must(w.infl2, "adRequest.accept", map[string]any{"ad_request_id": r2, "offer_id": o2})
	if n := w.count(`SELECT COUNT(*) FROM deliverables WHERE ad_request_id = ?`, r2); n != 0 {
		t.Fatalf("an offer without deliverables made %d", n)
	}
	w.checkInvariants()
}

// Each move tells the other side, as a kind and params.
func TestDeliverables_Notifications(t *testing.T) {
	w := newWorld(t)
	req, ids := w.acceptedDeal(2) // the second stays open: the deal does not complete here
	id := ids[0]
	cname := w.campaignRow(w.request(req).CampaignID).Name
	steps := []struct {
		actor, name, to, kind string
		args                  map[string]any
		extra                 string
	}{
		{w.infl, "deliverable.submitDraft", w.sponsor, "deliverable.draft_submitted", map[string]any{"draft_text": "x"}, ""},
		{w.sponsor, "deliverable.requestChanges", w.infl, "deliverable.changes_requested", map[string]any{"comment": "Brighter"}, "comment"},
		{w.infl, "deliverable.submitDraft", w.sponsor, "deliverable.draft_submitted", map[string]any{"draft_text": "y"}, ""},
		{w.sponsor, "deliverable.approveDraft", w.infl, "deliverable.approved", map[string]any{}, ""},
		{w.infl, "deliverable.submitProof", w.sponsor, "deliverable.proof_submitted",
			map[string]any{"proof_url": "https://x.com/p", "posted_at": "2026-11-21T08:00:00Z", "screenshot": testShot}, "date"},
		{w.sponsor, "deliverable.acceptProof", w.infl, "deliverable.proof_accepted", map[string]any{}, ""},
	}
	for _, s := range steps {
		s.args["deliverable_id"] = id
		before := w.count(`SELECT COUNT(*) FROM notifications WHERE account_id = ?`, s.to)
		w.must(s.actor, s.name, s.args)
		if n := w.count(`SELECT COUNT(*) FROM notifications WHERE account_id = ?`, s.to); n != before+1 {
			t.Fatalf("%s: %d new notifications, want 1", s.name, n-before)
		}
		kind, p, ref := w.lastNote(s.to)
		if kind != s.kind || ref != "deliverables" || p["campaign"] != cname || p["seq"] != float64(1) || p["platform"] != "instagram" {
			t.Fatalf("%s: %s %v %s", s.name, kind, p, ref)
		}
		if s.extra != "" && p[s.extra] == nil {
			t.Fatalf("%s: no %s in %v", s.name, s.extra, p)
		}
	}
	if _, p, _ := w.lastNote(w.sponsor); p["date"] != "2026-11-26" {
		t.Fatalf("auto-accept date %v, want the posted day + 5", p["date"])
	}
	d := w.deliverableIn(domain.DeliverablePosted)
	w.must(w.infl, "deliverable.dispute", map[string]any{"deliverable_id": d, "reason": "Unpaid"})
	if kind, p, _ := w.lastNote(w.sponsor); kind != "deliverable.disputed" || p["reason"] != "Unpaid" || p["party"] != "Ivy Influencer" {
		t.Fatalf("dispute told the sponsor %s %v", kind, p)
	}
}

// The server's auto-accept: a posted deliverable is accepted once its
// auto_accept_after date has passed, not before, only once, and both parties hear.
func TestDeliverables_AutoAccept(t *testing.T) {
	w := newWorld(t)
	_, ids := w.acceptedDeal(2)
	for _, id := range ids {
		w.must(w.infl, "deliverable.submitDraft", map[string]any{"deliverable_id": id, "draft_text": "x"})
		w.must(w.sponsor, "deliverable.approveDraft", map[string]any{"deliverable_id": id})
	}
	posted := time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)
	w.must(w.infl, "deliverable.submitProof", map[string]any{"deliverable_id": ids[0], "proof_url": "https://x.com/p",
		"posted_at": posted.Format(time.RFC3339), "screenshot": testShot})
	var after string
	if err := w.db.R.Get(&after, `SELECT auto_accept_after FROM deliverables WHERE id = ?`, ids[0]); err != nil || after != "2026-11-26" {
		t.Fatalf("auto_accept_after %q (%v), want 2026-11-26", after, err)
	}
	run := func(now time.Time) int {
		var n int
		if err := w.db.Write(context.Background(), func(tx *sqlx.Tx) error {
			var err error
			n, err = mutate.AutoAcceptDue(tx, now)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := run(time.Date(2026, 11, 26, 23, 59, 0, 0, time.UTC)); n != 0 {
		t.Fatalf("accepted %d on the auto_accept_after day itself", n)
	}
	if n := run(time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)); n != 1 {
		t.Fatalf("accepted %d the day after, want 1", n)
	}
	if w.delStatus(ids[0]) != domain.DeliverableAccepted || w.delStatus(ids[1]) != domain.DeliverableApproved {
		t.Fatalf("statuses %s %s", w.delStatus(ids[0]), w.delStatus(ids[1]))
	}
	for _, acc := range []string{w.sponsor, w.infl} {
		if kind, p, _ := w.lastNote(acc); kind != "deliverable.auto_accepted" || p["days"] != float64(mutate.AutoAcceptDays) {
			t.Fatalf("%s heard %s %v", acc, kind, p)
		}
	}
	if n := run(time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)); n != 0 {
		t.Fatalf("a second run accepted %d", n)
	}
	// A disputed proof is the admin's to settle, not the clock's.
	d := w.deliverableIn(domain.DeliverablePosted)
	w.must(w.sponsor, "deliverable.dispute", map[string]any{"deliverable_id": d, "reason": "Deleted after an hour"})
	if n := run(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)); n != 0 || w.delStatus(d) != domain.DeliverableDisputed {
		t.Fatalf("auto-accept touched a disputed deliverable (%d)", n)
	}
}
