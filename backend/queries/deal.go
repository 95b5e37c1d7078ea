package queries

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/blobs"
	"iescp/backend/domain"
	"iescp/backend/ledger"
)

// A deal is one ad request seen whole: its negotiation (each offer with what it
// changed), the escrow, the deliverables with what the viewer may do to each, and
// one timeline of everything that happened.

// Deal is the deal page's read model.
type Deal struct {
	AdRequestDetail
	Escrow       Escrow            `json:"escrow"`
	Deliverables []DealDeliverable `json:"deliverables"`
	Timeline     []DealEvent       `json:"timeline"`
	// Messages are the parties' messages outside the offers, oldest first
	// (DealMessages); each is in the timeline too.
	Messages []DealMessage `json:"messages"`
}

// Escrow is the request's money held by the platform (docs/money.md): State is ""
// (not funded), funded, disputed, released, refunded or split; Cents what was
// funded at acceptance; CommissionBps the rate fixed on the deal then. Once
// released (or split), ReleasedCents is the gross released, CommissionCents the
// platform's part of it as the ledger computes it (ledger.Commission),
// InfluencerCents what the influencer got, and RefundedCents what a split or a
// refund returned to the sponsor. ResolutionNote is an admin's note on a
// resolved dispute. All integer cents.
type Escrow struct {
	State           string `json:"state" db:"escrow_state"`
	Cents           int64  `json:"cents" db:"escrow_cents"`
	CommissionBps   int    `json:"commission_bps" db:"commission_bps"`
	ReleasedCents   int64  `json:"released_cents" db:"released_cents"`
	ResolutionNote  string `json:"resolution_note" db:"resolution_note"`
	CommissionCents int64  `json:"commission_cents" db:"-"`
	InfluencerCents int64  `json:"influencer_cents" db:"-"`
	RefundedCents   int64  `json:"refunded_cents" db:"-"`
}

// DeliverableActions are what the viewer may do to a deliverable now (the
// mutators have the last word).
type DeliverableActions struct {
	SubmitDraft bool `json:"submit_draft"` // influencer: to do or changes requested
	Review      bool `json:"review"`       // sponsor: approve the draft or ask for changes
	SubmitProof bool `json:"submit_proof"` // influencer: approved for posting
	AcceptProof bool `json:"accept_proof"` // sponsor: posted
	Dispute     bool `json:"dispute"`      // either party: draft submitted .. posted
}

// DealDeliverable is one deliverable of the contract with its progress.
type DealDeliverable struct {
	ID              string     `json:"id"`
	Seq             int        `json:"seq"`
	Platform        string     `json:"platform"`
	ContentType     string     `json:"content_type"`
	Quantity        int        `json:"quantity"`
	DueDate         string     `json:"due_date"`
	Brief           string     `json:"brief"`
	Status          string     `json:"status"`
	DraftText       string     `json:"draft_text"`
	DraftLinks      []string   `json:"draft_links"`
	ChangeComment   string     `json:"change_comment"`
	ProofURL        string     `json:"proof_url"`
	PostedAt        *time.Time `json:"posted_at"`
	SubmittedAt     *time.Time `json:"submitted_at"`
	DecidedAt       *time.Time `json:"decided_at"`
	AutoAcceptAfter string     `json:"auto_accept_after"` // YYYY-MM-DD; "" until posted
	// DraftAttachments are the latest draft's attachments; ProofScreenshot the
	// proof's screenshot (nil before a proof). Each party fetches the bytes on
	// demand (AttachmentService).
	DraftAttachments []blobs.Ref        `json:"draft_attachments"`
	ProofScreenshot  *blobs.Ref         `json:"proof_screenshot"`
	DisputeReason    string             `json:"dispute_reason"`
	DisputedBy       string             `json:"disputed_by"`
	Overdue          bool               `json:"overdue"` // due before today and the influencer still owes it
	Queued           bool               `json:"queued"`  // a change of this desktop to it waits in the outbox
	Actions          DeliverableActions `json:"actions"`
}

// DealEvent is one line of a deal's timeline. Kind is offer.opened,
// offer.countered, request.accepted, request.rejected, request.withdrawn,
// request.completed, escrow.funded, message (a party's message: Text is its body),
// or deliverable.<step> (draft_submitted,
// changes_requested, approved, posted, proof_accepted, auto_accepted, disputed).
// By is the party that acted ("" for the server's own changes); Text a comment,
// reason or URL.
type DealEvent struct {
	At             time.Time `json:"at"`
	Kind           string    `json:"kind"`
	By             string    `json:"by"`
	Amount         int64     `json:"amount"`
	OfferSeq       int       `json:"offer_seq"`
	DeliverableSeq int       `json:"deliverable_seq"`
	Text           string    `json:"text"`
}

// OfferChanges is what an offer changes from the one before it.
type OfferChanges struct {
	AmountFrom          int64                    `json:"amount_from"` // the previous amount; equal to the offer's when unchanged
	AmountChanged       bool                     `json:"amount_changed"`
	RequirementsChanged bool                     `json:"requirements_changed"`
	Added               []domain.DeliverableTerm `json:"added"`
	Removed             []domain.DeliverableTerm `json:"removed"`
	Changed             []TermChange             `json:"changed"`
}

// TermChange is one deliverable both offers have (same platform and content
// type, in order) whose quantity, due date or brief changed; Fields names them.
type TermChange struct {
	From   domain.DeliverableTerm `json:"from"`
	To     domain.DeliverableTerm `json:"to"`
	Fields []string               `json:"fields"`
}

// diffThread decodes each offer's deliverables and sets what it changed from the
// offer before.
func diffThread(thread []Offer) error {
	for i := range thread {
		o := &thread[i]
		o.Deliverables = []domain.DeliverableTerm{}
		if o.TermsJSON != "" {
			if err := json.Unmarshal([]byte(o.TermsJSON), &o.Deliverables); err != nil {
				return fmt.Errorf("offer %s deliverables: %w", o.ID, err)
			}
		}
		if i > 0 {
			o.Changes = diffOffers(&thread[i-1], o)
		}
	}
	return nil
}

// diffOffers compares two offers. Deliverables match by platform and content
// type, the first unmatched of the same kind in order; the rest are added or removed.
func diffOffers(prev, next *Offer) *OfferChanges {
	ch := &OfferChanges{AmountFrom: prev.Amount, AmountChanged: prev.Amount != next.Amount,
		RequirementsChanged: prev.Requirements != next.Requirements,
		Added:               []domain.DeliverableTerm{}, Removed: []domain.DeliverableTerm{}, Changed: []TermChange{}}
	used := make([]bool, len(prev.Deliverables))
	for _, t := range next.Deliverables {
		j := -1
		for k, p := range prev.Deliverables {
			if !used[k] && p.Platform == t.Platform && p.ContentType == t.ContentType {
				j = k
				break
			}
		}
		if j < 0 {
			ch.Added = append(ch.Added, t)
			continue
		}
		used[j] = true
		p := prev.Deliverables[j]
		var fields []string
		if p.Quantity != t.Quantity {
			fields = append(fields, "quantity")
		}
		if p.DueDate != t.DueDate {
			fields = append(fields, "due_date")
		}
		if p.Brief != t.Brief {
			fields = append(fields, "brief")
		}
		if fields != nil {
			ch.Changed = append(ch.Changed, TermChange{From: p, To: t, Fields: fields})
		}
	}
	for k, p := range prev.Deliverables {
		if !used[k] {
			ch.Removed = append(ch.Removed, p)
		}
	}
	return ch
}

// GetDeal returns one of the viewer's ad requests as a deal, on the given day
// (YYYY-MM-DD, the viewer's today: what is overdue).
func GetDeal(ctx context.Context, db sqlx.QueryerContext, v Viewer, id, today string) (Deal, error) {
	detail, err := AdRequest(ctx, db, v, id)
	if err != nil {
		return Deal{}, err
	}
	d := Deal{AdRequestDetail: detail, Deliverables: []DealDeliverable{}}
	if d.Escrow, err = escrowOf(ctx, db, id); err != nil {
		return Deal{}, err
	}
	var rows []domain.Deliverable
	if err := sqlx.SelectContext(ctx, db, &rows, `SELECT * FROM deliverables WHERE ad_request_id = ? AND deleted_at IS NULL
		ORDER BY seq`, id); err != nil {
		return Deal{}, fmt.Errorf("deal deliverables: %w", err)
	}
	queued, err := queuedDeliverables(ctx, db)
	if err != nil {
		return Deal{}, err
	}
	live := d.Status == string(domain.AdAccepted)
	// "Mark complete" is for a deal without deliverables: with deliverables, the
	// deal completes (and its escrow is released) when the last is accepted; a
	// disputed deal waits for an admin (mutate's adRequestComplete refuses both).
	d.Actions.Complete = d.Actions.Complete && len(rows) == 0 && d.Escrow.State != string(domain.EscrowDisputed)
	for i := range rows {
		dd, err := dealDeliverable(&rows[i], v, live, today)
		if err != nil {
			return Deal{}, err
		}
		dd.Queued = queued[dd.ID]
		d.Deliverables = append(d.Deliverables, dd)
	}
	if d.Messages, err = dealMessages(ctx, db, v, id); err != nil {
		return Deal{}, err
	}
	if d.Timeline, err = timeline(ctx, db, v, &d, rows); err != nil {
		return Deal{}, err
	}
	return d, nil
}

// escrowOf reads the request's escrow and what its release paid each side.
func escrowOf(ctx context.Context, db sqlx.QueryerContext, id string) (Escrow, error) {
	var e Escrow
	if err := sqlx.GetContext(ctx, db, &e, `SELECT escrow_state, escrow_cents, commission_bps, released_cents, resolution_note
		FROM ad_requests WHERE id = ?`, id); err != nil {
		return Escrow{}, fmt.Errorf("deal escrow: %w", err)
	}
	switch domain.EscrowState(e.State) {
	case domain.EscrowReleased, domain.EscrowSplit:
		e.CommissionCents = ledger.Commission(e.ReleasedCents, e.CommissionBps)
		e.InfluencerCents = e.ReleasedCents - e.CommissionCents
		e.RefundedCents = e.Cents - e.ReleasedCents
	case domain.EscrowRefunded:
		e.RefundedCents = e.Cents
	}
	return e, nil
}

// owed are the states in which the influencer owes the next step.
var owed = []domain.DeliverableStatus{domain.DeliverableTodo, domain.DeliverableChangesRequested, domain.DeliverableApproved}

// disputable are the states a party may dispute.
var disputable = []domain.DeliverableStatus{domain.DeliverableDraftSubmitted, domain.DeliverableChangesRequested,
	domain.DeliverableApproved, domain.DeliverablePosted}

func dealDeliverable(r *domain.Deliverable, v Viewer, live bool, today string) (DealDeliverable, error) {
	dd := DealDeliverable{ID: r.ID, Seq: r.Seq, Platform: r.Platform, ContentType: r.ContentType, Quantity: r.Quantity,
		DueDate: r.DueDate, Brief: r.Brief, Status: string(r.Status), DraftText: r.DraftText, DraftLinks: []string{},
		ChangeComment: r.ChangeComment, ProofURL: r.ProofURL, PostedAt: r.PostedAt, SubmittedAt: r.SubmittedAt,
		DecidedAt: r.DecidedAt, AutoAcceptAfter: r.AutoAcceptAfter, DisputeReason: r.DisputeReason, DisputedBy: r.DisputedBy,
		Overdue: slices.Contains(owed, r.Status) && r.DueDate < today, DraftAttachments: []blobs.Ref{}}
	if strings.TrimSpace(r.DraftAttachments) != "" {
		if err := json.Unmarshal([]byte(r.DraftAttachments), &dd.DraftAttachments); err != nil {
			return DealDeliverable{}, fmt.Errorf("deliverable %s attachments: %w", r.ID, err)
		}
	}
	if strings.TrimSpace(r.ProofScreenshot) != "" {
		dd.ProofScreenshot = &blobs.Ref{}
		if err := json.Unmarshal([]byte(r.ProofScreenshot), dd.ProofScreenshot); err != nil {
			return DealDeliverable{}, fmt.Errorf("deliverable %s screenshot: %w", r.ID, err)
		}
	}
	if r.DraftLinks != "" {
		if err := json.Unmarshal([]byte(r.DraftLinks), &dd.DraftLinks); err != nil {
			return DealDeliverable{}, fmt.Errorf("deliverable %s links: %w", r.ID, err)
		}
	}
	if !live {
		return dd, nil
	}
	s := r.Status
	switch v.Role {
	case domain.RoleInfluencer:
		dd.Actions = DeliverableActions{SubmitDraft: s == domain.DeliverableTodo || s == domain.DeliverableChangesRequested,
			SubmitProof: s == domain.DeliverableApproved, Dispute: slices.Contains(disputable, s)}
	case domain.RoleSponsor:
		dd.Actions = DeliverableActions{Review: s == domain.DeliverableDraftSubmitted, AcceptProof: s == domain.DeliverablePosted,
			Dispute: slices.Contains(disputable, s)}
	}
	return dd, nil
}

// queuedDeliverables are the deliverables a pending outbox entry changes.
func queuedDeliverables(ctx context.Context, db sqlx.QueryerContext) (map[string]bool, error) {
	var rows []outboxRow
	if err := sqlx.SelectContext(ctx, db, &rows, `SELECT mutation_id, name, args_json, status, code, message FROM outbox
		WHERE status = 'pending' AND name LIKE 'deliverable.%'`); err != nil {
		return nil, fmt.Errorf("queued deliverables: %w", err)
	}
	out := map[string]bool{}
	for _, r := range rows {
		var a struct {
			ID string `json:"deliverable_id"`
		}
		if json.Unmarshal([]byte(r.Args), &a) == nil && a.ID != "" {
			out[a.ID] = true
		}
	}
	return out, nil
}
