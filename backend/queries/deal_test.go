package queries

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/blobs"
	"iescp/backend/domain"
	"iescp/backend/mutate"
)

// dealWorld is the world plus a deal made through the mutators on a new campaign:
// the sponsor offers two deliverables, the influencer counters (a higher amount,
// three reels instead of two, the video dropped, a TikTok short added), the
// sponsor accepts.
type dealWorld struct {
	*world
	req, shoes string
	now        time.Time
}

// run applies a mutation as a desktop does (on its replica: no ledger, the
// escrow columns alone).
func (w *dealWorld) run(t *testing.T, actor Viewer, a mutate.Args) {
	t.Helper()
	w.now = w.now.Add(time.Minute)
	if err := w.st.Write(bg, func(tx *sqlx.Tx) error {
		if err := a.Validate(); err != nil {
			return err
		}
		return mutate.RunOnReplica(tx, actor.AccountID, a.Mutation(), a, w.now)
	}); err != nil {
		t.Fatalf("%s: %v", a.Mutation(), err)
	}
}

func (w *dealWorld) deal(t *testing.T, v Viewer) Deal {
	t.Helper()
	d, err := GetDeal(bg, w.st.R, v, w.req, "2026-11-25")
	if err != nil {
		t.Fatalf("deal as %s: %v", v.Role, err)
	}
	return d
}

func newDealWorld(t *testing.T) *dealWorld {
	t.Helper()
	w := &dealWorld{world: newWorld(t), now: worldTime.Add(time.Hour)}
	w.shoes = domain.NewID()
	w.exec(`INSERT INTO campaigns (id, sponsor_id, name, start_date, end_date, budget, status, visibility, created_at, updated_at)
		VALUES (?, ?, 'Shoe drop', '2026-01-01', '2099-12-31', 800000, 'active', 'private', ?, ?)`, w.shoes, w.sponsor.AccountID, worldTime, worldTime)
	w.req = domain.NewID()
	first, second := domain.NewID(), domain.NewID()
	w.run(t, w.sponsor, &mutate.AdRequestSend{ID: w.req, OfferID: first, CampaignID: w.shoes, InfluencerID: w.infl.AccountID,
		Amount: 200000, Requirements: "Launch content", Deliverables: []domain.DeliverableTerm{
			{Platform: "instagram", ContentType: "reel", Quantity: 2, DueDate: "2026-11-30", Brief: "Unboxing"},
			{Platform: "youtube", ContentType: "long_video", Quantity: 1, DueDate: "2026-12-10"},
		}})
	w.run(t, w.infl, &mutate.AdRequestCounter{AdRequestID: w.req, OfferID: second, InReplyTo: first, Amount: 250000,
		Requirements: "Launch content", Deliverables: []domain.DeliverableTerm{
			{Platform: "instagram", ContentType: "reel", Quantity: 3, DueDate: "2026-11-30", Brief: "Unboxing"},
			{Platform: "tiktok", ContentType: "short", Quantity: 1, DueDate: "2026-11-20"},
		}})
	w.run(t, w.sponsor, &mutate.AdRequestAccept{AdRequestID: w.req, OfferID: second})
	return w
}

func TestAdRequest_OfferChanges(t *testing.T) {
	w := newDealWorld(t)
	d := w.deal(t, w.infl)
	if len(d.Thread) != 2 || d.Thread[0].Changes != nil {
		t.Fatalf("thread = %+v, want two offers, the opening one without changes", d.Thread)
	}
	ch := d.Thread[1].Changes
	if ch == nil || !ch.AmountChanged || ch.AmountFrom != 200000 || ch.RequirementsChanged {
		t.Fatalf("changes = %+v, want the amount from 200000 and the same requirements", ch)
	}
	if len(ch.Added) != 1 || ch.Added[0].ContentType != "short" {
		t.Errorf("added = %+v, want the TikTok short", ch.Added)
	}
	if len(ch.Removed) != 1 || ch.Removed[0].ContentType != "long_video" {
		t.Errorf("removed = %+v, want the video", ch.Removed)
	}
	if len(ch.Changed) != 1 || !slices.Equal(ch.Changed[0].Fields, []string{"quantity"}) || ch.Changed[0].From.Quantity != 2 ||
		ch.Changed[0].To.Quantity != 3 {
		t.Errorf("changed = %+v, want the reels' quantity 2 → 3", ch.Changed)
	}
	if got := len(d.Thread[0].Deliverables); got != 2 {
		t.Errorf("the opening offer's deliverables = %d, want 2", got)
	}
}

func TestGetDeal_DeliverablesActionsAndTimeline(t *testing.T) {
	w := newDealWorld(t)
	d := w.deal(t, w.infl)
	if len(d.Deliverables) != 2 {
		t.Fatalf("deliverables = %+v, want the accepted offer's two", d.Deliverables)
	}
	reel, short := d.Deliverables[0], d.Deliverables[1]
	if reel.Quantity != 3 || reel.Overdue || !short.Overdue {
		t.Errorf("reel %+v, short %+v: want 3 reels due later, the short overdue on 2026-11-25", reel, short)
	}
	if !reel.Actions.SubmitDraft || reel.Actions.Review || reel.Actions.Dispute {
		t.Errorf("influencer's actions on a todo = %+v, want submit draft only", reel.Actions)
	}
	if a := w.deal(t, w.sponsor).Deliverables[0].Actions; a != (DeliverableActions{}) {
		t.Errorf("sponsor's actions on a todo = %+v, want none", a)
	}

	w.run(t, w.infl, &mutate.DeliverableSubmitDraft{DeliverableID: reel.ID, DraftText: "Caption v1", DraftLinks: []string{"https://x.test/a"}})
	if a := w.deal(t, w.sponsor).Deliverables[0].Actions; !a.Review || !a.Dispute || a.AcceptProof {
		t.Errorf("sponsor's actions on a draft = %+v, want review and dispute", a)
	}
	w.run(t, w.sponsor, &mutate.DeliverableRequestChanges{DeliverableID: reel.ID, Comment: "Show the logo"})
	w.run(t, w.infl, &mutate.DeliverableSubmitDraft{DeliverableID: reel.ID, DraftText: "Caption v2"})
	w.run(t, w.sponsor, &mutate.DeliverableApproveDraft{DeliverableID: reel.ID})
	posted := w.now
	w.run(t, w.infl, &mutate.DeliverableSubmitProof{DeliverableID: reel.ID, ProofURL: "https://instagram.test/p/1", PostedAt: posted,
		Screenshot: shot})
	s := w.deal(t, w.sponsor)
	if got := s.Deliverables[0]; got.Status != "posted" || !got.Actions.AcceptProof || got.AutoAcceptAfter == "" ||
		got.DraftText != "Caption v2" {
		t.Errorf("posted reel = %+v, want accept proof, an auto-accept date and the last draft", got)
	}
	w.run(t, w.sponsor, &mutate.DeliverableAcceptProof{DeliverableID: reel.ID})

	// Each party's timeline holds the offers, the accept, every step of the other
	// party (from its notifications, the earlier rounds included) and its own
	// latest ones (from the row, which keeps one time per step): the influencer's
	// first draft and the sponsor's own request for changes and approval, which
	// later steps overwrote, are not in the rows.
	timelines := map[Viewer][]string{
		w.infl: {"offer.opened", "offer.countered", "request.accepted", "escrow.funded", "deliverable.changes_requested",
			"deliverable.draft_submitted", "deliverable.approved", "deliverable.posted", "deliverable.proof_accepted"},
		w.sponsor: {"offer.opened", "offer.countered", "request.accepted", "escrow.funded", "deliverable.draft_submitted",
			"deliverable.draft_submitted", "deliverable.posted", "deliverable.proof_accepted"},
	}
	for v, want := range timelines {
		var kinds []string
		for _, e := range w.deal(t, v).Timeline {
			kinds = append(kinds, e.Kind)
			if e.Kind == "deliverable.changes_requested" && (e.By != "sponsor" || e.Text != "Show the logo" || e.DeliverableSeq != 1) {
				t.Errorf("changes requested = %+v, want by the sponsor, with its comment, on deliverable 1", e)
			}
			if e.Kind == "request.accepted" && (e.By != "sponsor" || e.Amount != 250000) {
				t.Errorf("accepted = %+v, want by the sponsor for 250000", e)
			}
		}
		if !slices.Equal(kinds, want) {
			t.Errorf("%s's timeline = %v, want %v", v.Role, kinds, want)
		}
	}
}

// shot is a proof's screenshot reference (the bytes are blobs' business).
var shot = &blobs.Ref{SHA256: strings.Repeat("ab", 32), Name: "post.png", Size: 2048, ContentType: "image/png"}

// The escrow as the header shows it: funded at acceptance with the rate fixed on
// the deal, then, once released, what the influencer got and the commission as
// the ledger computes it (rounded half up); a split's refund and its note.
func TestGetDeal_Escrow(t *testing.T) {
	w := newDealWorld(t)
	d := w.deal(t, w.sponsor)
	if d.Escrow != (Escrow{State: "funded", Cents: 250000, CommissionBps: 1000}) {
		t.Errorf("escrow after acceptance = %+v, want funded 250000 at 10%%", d.Escrow)
	}
	i := slices.IndexFunc(d.Timeline, func(e DealEvent) bool { return e.Kind == "escrow.funded" })
	if i < 0 || d.Timeline[i].Amount != 250000 {
		t.Errorf("timeline = %+v, want the funding", d.Timeline)
	}
	// Every deliverable accepted: the deal completes itself and releases.
	for _, del := range d.Deliverables {
		w.run(t, w.infl, &mutate.DeliverableSubmitDraft{DeliverableID: del.ID, DraftText: "Caption"})
		w.run(t, w.sponsor, &mutate.DeliverableApproveDraft{DeliverableID: del.ID})
		w.run(t, w.infl, &mutate.DeliverableSubmitProof{DeliverableID: del.ID, ProofURL: "https://x.test/p", PostedAt: w.now, Screenshot: shot})
		w.run(t, w.sponsor, &mutate.DeliverableAcceptProof{DeliverableID: del.ID})
	}
	d = w.deal(t, w.infl)
	want := Escrow{State: "released", Cents: 250000, CommissionBps: 1000, ReleasedCents: 250000, CommissionCents: 25000, InfluencerCents: 225000}
	if d.Status != "completed" || d.Escrow != want {
		t.Errorf("after the last acceptance: %s, escrow %+v; want completed, %+v", d.Status, d.Escrow, want)
	}
	if i := slices.IndexFunc(d.Timeline, func(e DealEvent) bool { return e.Kind == "request.completed" }); i < 0 || d.Timeline[i].By != "" {
		t.Errorf("timeline = %+v, want the deal completing itself (by nobody)", d.Timeline)
	}
	// A split: 1000 bps of 123457 is 12345.7, rounded to 12346.
	w.exec(`UPDATE ad_requests SET escrow_state = 'split', released_cents = 123457, resolution_note = 'Half the posts' WHERE id = ?`, w.req)
	want = Escrow{State: "split", Cents: 250000, CommissionBps: 1000, ReleasedCents: 123457, ResolutionNote: "Half the posts",
		CommissionCents: 12346, InfluencerCents: 111111, RefundedCents: 126543}
	if e := w.deal(t, w.sponsor).Escrow; e != want {
		t.Errorf("split escrow = %+v, want %+v", e, want)
	}
	w.exec(`UPDATE ad_requests SET escrow_state = 'refunded', released_cents = 0 WHERE id = ?`, w.req)
	if e := w.deal(t, w.sponsor).Escrow; e.RefundedCents != 250000 || e.InfluencerCents != 0 || e.CommissionCents != 0 {
		t.Errorf("refunded escrow = %+v, want all 250000 back to the sponsor", e)
	}
}

// "Mark complete" is offered only for an accepted deal without deliverables:
// with deliverables the last acceptance completes it; a disputed one waits.
func TestGetDeal_CompleteOnlyWithoutDeliverables(t *testing.T) {
	w := newDealWorld(t)
	if d := w.deal(t, w.sponsor); d.Actions.Complete || !d.Actions.Withdraw {
		t.Errorf("sponsor's actions on a deal with deliverables = %+v, want withdraw, no complete", d.Actions)
	}
	hats, bare, offer := domain.NewID(), domain.NewID(), domain.NewID()
	w.exec(`INSERT INTO campaigns (id, sponsor_id, name, start_date, end_date, budget, status, visibility, created_at, updated_at)
		VALUES (?, ?, 'Hats', '2026-01-01', '2099-12-31', 800000, 'active', 'private', ?, ?)`, hats, w.sponsor.AccountID, worldTime, worldTime)
	w.run(t, w.sponsor, &mutate.AdRequestSend{ID: bare, OfferID: offer, CampaignID: hats, InfluencerID: w.infl.AccountID,
		Amount: 10000, Requirements: "One mention"})
	w.run(t, w.infl, &mutate.AdRequestAccept{AdRequestID: bare, OfferID: offer})
	get := func(v Viewer) Deal {
		t.Helper()
		d, err := GetDeal(bg, w.st.R, v, bare, "2026-11-25")
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if d := get(w.sponsor); !d.Actions.Complete || len(d.Deliverables) != 0 {
		t.Errorf("sponsor's actions on a deal without deliverables = %+v, want complete", d.Actions)
	}
	if d := get(w.infl); d.Actions.Complete {
		t.Errorf("influencer's actions = %+v, want no complete", d.Actions)
	}
	w.exec(`UPDATE ad_requests SET escrow_state = 'disputed' WHERE id = ?`, bare)
	if d := get(w.sponsor); d.Actions.Complete {
		t.Errorf("sponsor's actions on a disputed deal = %+v, want no complete", d.Actions)
	}
}

// A draft's attachments and a proof's screenshot reach both parties' read model.
func TestGetDeal_Attachments(t *testing.T) {
	w := newDealWorld(t)
	del := w.deal(t, w.infl).Deliverables[0]
	if del.DraftAttachments == nil || len(del.DraftAttachments) != 0 || del.ProofScreenshot != nil {
		t.Fatalf("a new deliverable: attachments %v, screenshot %v; want none", del.DraftAttachments, del.ProofScreenshot)
	}
	pdf := blobs.Ref{SHA256: strings.Repeat("cd", 32), Name: "script.pdf", Size: 4096, ContentType: "application/pdf"}
	w.run(t, w.infl, &mutate.DeliverableSubmitDraft{DeliverableID: del.ID, DraftText: "Caption", Attachments: []blobs.Ref{pdf, *shot}})
	if got := w.deal(t, w.sponsor).Deliverables[0].DraftAttachments; !slices.Equal(got, []blobs.Ref{pdf, *shot}) {
		t.Errorf("the sponsor's view of the draft's attachments = %+v, want the PDF and the image", got)
	}
	w.run(t, w.sponsor, &mutate.DeliverableApproveDraft{DeliverableID: del.ID})
	w.run(t, w.infl, &mutate.DeliverableSubmitProof{DeliverableID: del.ID, ProofURL: "https://x.test/p", PostedAt: w.now, Screenshot: shot})
	if got := w.deal(t, w.sponsor).Deliverables[0].ProofScreenshot; got == nil || *got != *shot {
		t.Errorf("the sponsor's view of the proof's screenshot = %+v, want %+v", got, shot)
	}
}

func TestGetDeal_HiddenIsNotFound(t *testing.T) {
	w := newDealWorld(t)
	stranger := Viewer{AccountID: domain.NewID(), Role: domain.RoleInfluencer}
	if _, err := GetDeal(bg, w.st.R, stranger, w.req, "2026-11-25"); code(err) != domain.CodeNotFound {
		t.Errorf("a stranger's deal: %v, want not_found", err)
	}
	if _, err := GetDeal(bg, w.st.R, w.adm, w.req, "2026-11-25"); err != nil {
		t.Errorf("admin's deal: %v", err)
	}
}

func TestTodo_ByRoleAndDueDate(t *testing.T) {
	w := newDealWorld(t)
	d := w.deal(t, w.infl)
	todo, err := Todo(bg, w.st.R, w.infl, "2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	if len(todo) != 2 || todo[0].ContentType != "short" || !todo[0].Overdue || todo[1].Overdue ||
		todo[0].Step != "submit_draft" || todo[0].CampaignName != "Shoe drop" || todo[0].CounterpartyName != "Maya Inc" {
		t.Fatalf("influencer's to-do = %+v, want the overdue short first, then the reels", todo)
	}
	if s, _ := Todo(bg, w.st.R, w.sponsor, "2026-11-25"); len(s) != 0 {
		t.Errorf("sponsor's to-do before any draft = %+v, want none", s)
	}
	w.run(t, w.infl, &mutate.DeliverableSubmitDraft{DeliverableID: d.Deliverables[0].ID, DraftText: "Caption"})
	s, err := Todo(bg, w.st.R, w.sponsor, "2026-11-25")
	if err != nil || len(s) != 1 || s[0].Step != "review_draft" || s[0].CounterpartyName != "Ivan" || s[0].Overdue {
		t.Errorf("sponsor's to-do = %+v, %v; want the draft to review", s, err)
	}
	if todo, _ = Todo(bg, w.st.R, w.infl, "2026-11-25"); len(todo) != 1 {
		t.Errorf("influencer's to-do after the draft = %+v, want the short only", todo)
	}
	if a, err := Todo(bg, w.st.R, w.adm, "2026-11-25"); err != nil || len(a) != 0 {
		t.Errorf("admin's to-do = %+v, %v; want none", a, err)
	}
}
