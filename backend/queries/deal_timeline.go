package queries

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// The timeline merges what the rows say (each offer; the request's answer and
// its times; each deliverable's latest draft, decision and post; each message) with the
// viewer's own notifications about the deal, which keep the earlier rounds a row
// has overwritten (a second round of changes) and the server's auto-accepts. The
// same step told by both (at the same second) appears once, as the notification
// tells it.

// stepNotifications are the notification kinds that are deal steps, mapped to
// the timeline's kind; proof_submitted is the row's "posted".
var stepNotifications = map[string]string{
	"deliverable.draft_submitted":   "deliverable.draft_submitted",
	"deliverable.changes_requested": "deliverable.changes_requested",
	"deliverable.approved":          "deliverable.approved",
	"deliverable.proof_accepted":    "deliverable.proof_accepted",
	"deliverable.auto_accepted":     "deliverable.auto_accepted",
	"deliverable.disputed":          "deliverable.disputed",
}

type eventKey struct {
	kind, ref string
	at        int64
}

// sameStep names a step for matching a row's event with a notification.
func sameStep(kind string) string {
	if kind == "deliverable.auto_accepted" {
		return "deliverable.proof_accepted"
	}
	return kind
}

func timeline(ctx context.Context, db sqlx.QueryerContext, v Viewer, d *Deal, dels []domain.Deliverable) ([]DealEvent, error) {
	var out []DealEvent
	seen := map[eventKey]bool{}
	add := func(ref string, e DealEvent) {
		k := eventKey{sameStep(e.Kind), ref, e.At.Unix()}
		if !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	other := map[string]string{"sponsor": "influencer", "influencer": "sponsor"}
	me := ""
	if v.party() {
		me = string(v.Role)
	}

	// The viewer's notifications first: they name the server's own steps.
	seqOf := map[string]int{}
	for _, r := range dels {
		seqOf[r.ID] = r.Seq
	}
	var notes []struct {
		Kind      string    `db:"kind"`
		RefTable  string    `db:"ref_table"`
		RefID     string    `db:"ref_id"`
		Params    string    `db:"params"`
		CreatedAt time.Time `db:"created_at"`
	}
	if err := sqlx.SelectContext(ctx, db, &notes, `SELECT kind, ref_table, ref_id, params, created_at FROM notifications
		WHERE account_id = ? AND ((ref_table = 'deliverables' AND ref_id IN (SELECT id FROM deliverables WHERE ad_request_id = ?))
			OR (ref_table = 'ad_requests' AND ref_id = ?))
		ORDER BY created_at`, v.AccountID, d.ID, d.ID); err != nil {
		return nil, fmt.Errorf("deal timeline: %w", err)
	}
	withdrawnByOther := false
	for _, n := range notes {
		if n.Kind == "ad_request.withdrawn" {
			withdrawnByOther = true
		}
		kind, ok := stepNotifications[n.Kind]
		if !ok || n.RefTable != "deliverables" {
			continue
		}
		var p struct {
			Comment string `json:"comment"`
			Reason  string `json:"reason"`
		}
		_ = json.Unmarshal([]byte(n.Params), &p) // a notification without params says the step alone
		by := other[me]
		if kind == "deliverable.auto_accepted" {
			by = ""
		}
		add(n.RefID, DealEvent{At: n.CreatedAt.UTC(), Kind: kind, By: by, DeliverableSeq: seqOf[n.RefID], Text: p.Comment + p.Reason})
	}

	// The offers.
	for _, o := range d.Thread {
		at, err := parseInstant(o.CreatedAt)
		if err != nil {
			return nil, fmt.Errorf("offer %s: %w", o.ID, err)
		}
		kind := "offer.countered"
		if o.Seq == 1 {
			kind = "offer.opened"
		}
		add(o.ID, DealEvent{At: at, Kind: kind, By: o.AuthorRole, Amount: o.Amount, OfferSeq: o.Seq})
	}

	// The request's answer.
	var req struct {
		Status      string     `db:"status"`
		RespondedAt *time.Time `db:"responded_at"`
		CompletedAt *time.Time `db:"completed_at"`
		UpdatedAt   time.Time  `db:"updated_at"`
	}
	if err := sqlx.GetContext(ctx, db, &req, `SELECT status, responded_at, completed_at, updated_at FROM ad_requests WHERE id = ?`,
		d.ID); err != nil {
		return nil, fmt.Errorf("deal timeline: %w", err)
	}
	// The answer to the latest offer comes from the other party.
	answerer := ""
	if n := len(d.Thread); n > 0 {
		answerer = other[d.Thread[n-1].AuthorRole]
	}
	if req.RespondedAt != nil {
		switch req.Status {
		case string(domain.AdRejected):
			add(d.ID, DealEvent{At: req.RespondedAt.UTC(), Kind: "request.rejected", By: answerer, Text: d.CloseReason})
		default: // accepted, then maybe completed or withdrawn
			add(d.ID, DealEvent{At: req.RespondedAt.UTC(), Kind: "request.accepted", By: answerer, Amount: d.Amount})
			if d.Escrow.State != "" {
				add(d.ID, DealEvent{At: req.RespondedAt.UTC(), Kind: "escrow.funded", Amount: d.Escrow.Cents})
			}
		}
	}
	if req.Status == string(domain.AdWithdrawn) {
		by := me
		if withdrawnByOther {
			by = other[me]
		}
		add(d.ID, DealEvent{At: req.UpdatedAt.UTC(), Kind: "request.withdrawn", By: by, Text: d.CloseReason})
	}
	if req.CompletedAt != nil {
		// A deal without deliverables is marked complete by the sponsor; one with
		// deliverables (or an admin's release) completes itself: By "".
		by := "sponsor"
		if len(dels) > 0 || d.Escrow.ResolutionNote != "" {
			by = ""
		}
		add(d.ID, DealEvent{At: req.CompletedAt.UTC(), Kind: "request.completed", By: by})
	}

	// Each deliverable's latest steps.
	for i := range dels {
		r := &dels[i]
		ev := func(at *time.Time, kind, by, text string) {
			if at != nil {
				add(r.ID, DealEvent{At: at.UTC(), Kind: kind, By: by, DeliverableSeq: r.Seq, Text: text})
			}
		}
		ev(r.SubmittedAt, "deliverable.draft_submitted", "influencer", "")
		switch r.Status {
		case domain.DeliverableChangesRequested:
			ev(r.DecidedAt, "deliverable.changes_requested", "sponsor", r.ChangeComment)
		case domain.DeliverableApproved, domain.DeliverablePosted:
			ev(r.DecidedAt, "deliverable.approved", "sponsor", "")
		case domain.DeliverableAccepted:
			ev(r.DecidedAt, "deliverable.proof_accepted", "sponsor", "")
		case domain.DeliverableDisputed:
			ev(r.DecidedAt, "deliverable.disputed", r.DisputedBy, r.DisputeReason)
		}
		ev(r.PostedAt, "deliverable.posted", "influencer", r.ProofURL)
	}
	// The parties' messages, each with its author and body.
	for _, m := range d.Messages {
		add(m.ID, DealEvent{At: m.CreatedAt, Kind: "message", By: m.AuthorRole, Text: m.Body})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	if out == nil {
		out = []DealEvent{}
	}
	return out, nil
}

// parseInstant reads an instant a query scanned as text.
func parseInstant(s string) (time.Time, error) {
	for _, l := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("not an instant: %q", s)
}
