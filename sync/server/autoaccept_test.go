package server

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"iescp/backend/blobs"
	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/sync/protocol"
)

// The server's auto-accept, fired by hand on the injected clock: a proof the
// sponsor leaves unanswered is accepted once its auto_accept_after date has
// passed, not before; the change is one new version that both parties pull (the
// deliverable and their notifications) and nobody else does.
func TestAutoAccept_AcceptsLateProofsAndSyncs(t *testing.T) {
	e := newEnv(t, Config{})
	ctx := context.Background()
	sponsor, stok := e.account(domain.RoleSponsor)
	e.s.db.W.MustExec(`UPDATE sponsor_profiles SET approval = 'approved' WHERE account_id = ?`, sponsor)
	e.topUp(sponsor, 100_00)
	infl, itok := e.account(domain.RoleInfluencer)
	other, otok := e.account(domain.RoleInfluencer)
	sc, ic, oc := domain.NewID(), domain.NewID(), domain.NewID()

	camp, req, offer := domain.NewID(), domain.NewID(), domain.NewID()
	cc := draft(camp)
	cc.Publish = true
	e.mustPush(stok, sc, mut(1, "campaign.create", cc),
		mut(2, "adRequest.send", mutate.AdRequestSend{ID: req, OfferID: offer, CampaignID: camp, InfluencerID: infl,
			Amount: 50_00, Requirements: "One reel", Deliverables: []domain.DeliverableTerm{
				{Platform: "instagram", ContentType: "reel", Quantity: 1, DueDate: "2030-04-10", Brief: "Show the box"}}}))
	del := mutate.DeliverableID(offer, 0)
	e.mustPush(itok, ic, mut(1, "adRequest.accept", mutate.AdRequestAccept{AdRequestID: req, OfferID: offer}),
		mut(2, "deliverable.submitDraft", mutate.DeliverableSubmitDraft{DeliverableID: del, DraftText: "Unboxing!"}))
	e.mustPush(stok, sc, mut(3, "deliverable.approveDraft", mutate.DeliverableApproveDraft{DeliverableID: del}))
	e.mustPush(itok, ic, mut(3, "deliverable.submitProof", mutate.DeliverableSubmitProof{DeliverableID: del,
		ProofURL: "https://instagram.com/p/abc", PostedAt: e.clock.Now(),
		Screenshot: &blobs.Ref{SHA256: strings.Repeat("ab", 32), Name: "post.png", Size: 2048, ContentType: blobs.TypePNG}}))

	cursors := map[string]int64{}
	for who, tok := range map[string]string{"sponsor": stok, "influencer": itok, "other": otok} {
		cl := map[string]string{"sponsor": sc, "influencer": ic, "other": oc}[who]
		cursors[who] = e.pullAs(tok, cl, 0, "").Cursor
	}
	// Posted 2030-03-01: auto_accept_after is 2030-03-06; on that day nothing moves.
	e.clock.Advance(5 * 24 * time.Hour)
	if n, err := e.s.AutoAccept(ctx); err != nil || n != 0 {
		t.Fatalf("on the auto_accept_after day: accepted %d, %v", n, err)
	}
	var v0 int64
	if err := e.s.db.R.Get(&v0, `SELECT version FROM sync_meta`); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(24 * time.Hour)
	if n, err := e.s.AutoAccept(ctx); err != nil || n != 1 {
		t.Fatalf("the day after: accepted %d, %v; want 1", n, err)
	}
	var status string
	var version int64
	if err := e.s.db.R.QueryRow(`SELECT status, version FROM deliverables WHERE id = ?`, del).Scan(&status, &version); err != nil {
		t.Fatal(err)
	}
	if status != "accepted" || version != v0+1 {
		t.Fatalf("deliverable %s at version %d, want accepted at %d", status, version, v0+1)
	}
	// Days later, the access tokens have expired: sign in again.
	stok, itok, otok = e.token(sponsor), e.token(infl), e.token(other)
	for who, tok := range map[string]string{"sponsor": stok, "influencer": itok, "other": otok} {
		cl := map[string]string{"sponsor": sc, "influencer": ic, "other": oc}[who]
		pr := e.pullAs(tok, cl, cursors[who], "")
		var gotDel, gotNote bool
		for _, ch := range pr.Changes {
			switch {
			case ch.Table == "deliverables" && ch.ID == del && ch.Op == "put":
				var row domain.Deliverable
				if err := json.Unmarshal(ch.Row, &row); err != nil || row.Status != domain.DeliverableAccepted {
					t.Errorf("%s pulled %s (%v)", who, ch.Row, err)
				}
				gotDel = true
			case ch.Table == "notifications" && ch.Op == "put":
				var n domain.Notification
				if err := json.Unmarshal(ch.Row, &n); err == nil && n.Kind == "deliverable.auto_accepted" {
					gotNote = true
				}
			}
		}
		if party := who != "other"; gotDel != party || gotNote != party {
			t.Errorf("%s pulled the deliverable %v and a notification %v; want %v", who, gotDel, gotNote, party)
		}
	}
	// Nothing left: a second run commits nothing.
	if n, err := e.s.AutoAccept(ctx); err != nil || n != 0 {
		t.Fatalf("second run: %d, %v", n, err)
	}
	var v1 int64
	if err := e.s.db.R.Get(&v1, `SELECT version FROM sync_meta`); err != nil || v1 != v0+1 {
		t.Fatalf("version %d after an empty run, want %d", v1, v0+1)
	}
	// Not a mutation a client may push.
	status2, body := e.push(itok, ic, mut(4, "deliverable.autoAccept", map[string]any{}))
	if status2 == 200 {
		var pr protocol.PushResponse
		if err := json.Unmarshal(body, &pr); err != nil || len(pr.Results) != 1 || pr.Results[0].Status != protocol.StatusRejected {
			t.Fatalf("a client pushed deliverable.autoAccept: %s", body)
		}
	}
}

// The schedule defaults to once a day and a bad one is refused at Listen.
func TestAutoAccept_Schedule(t *testing.T) {
	e := newEnv(t, Config{AnalyticsSchedule: "off"})
	if e.s.cron == nil || len(e.s.cron.Entries()) != 1 {
		t.Fatal("a listening server has no auto-accept job")
	}
	en := e.s.cron.Entries()[0]
	from := time.Date(2030, 3, 1, 9, 0, 0, 0, time.UTC)
	if next := en.Schedule.Next(from); !next.Equal(time.Date(2030, 3, 2, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("next run after %s: %s, want the next midnight UTC", from, next)
	}
	s, err := New(Config{DBPath: t.TempDir() + "/x.db", AutoAcceptSchedule: "every tuesday"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Listen("127.0.0.1:0"); err == nil {
		t.Fatal("Listen took a bad schedule")
	}
}
