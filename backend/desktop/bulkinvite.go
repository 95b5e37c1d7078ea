package desktop

import (
	"context"
	"time"

	"iescp/backend/bulkinvite"
	"iescp/backend/domain"
	"iescp/backend/queries"
	"iescp/sync/client"
)

// bulkPushTimeout bounds the push a bulk send waits for before it answers
// (what is not acknowledged by then is reported queued; the engine goes on).
const bulkPushTimeout = 30 * time.Second

// BulkInviteService is bound to the UI: one offer sent to many creators
// (docs/desktop.md, "Bulk invites"), planned by backend/bulkinvite over the
// replica's facts and sent as one normal adRequest.send per creator.
type BulkInviteService struct{ s *Services }

// NewBulkInviteService makes the bulk-invite service over the desktop services.
func NewBulkInviteService(s *Services) *BulkInviteService { return &BulkInviteService{s: s} }

// BulkInviteRow is one creator's outcome: sent (acknowledged by the server),
// queued (applied here, waiting to be pushed: the server may still refuse it,
// then it shows in Sync issues) or refused (Code and Reason; Later when the
// server refused it after it was queued).
type BulkInviteRow struct {
	bulkinvite.Row
	State string `json:"state"`
	Code  string `json:"code,omitempty"`
	// Reason is the refusal's message (Message is the rendered invitation's).
	Reason string `json:"reason,omitempty"`
	Later  bool   `json:"later,omitempty"`
}

// BulkUnsent is the state of a row Summary finds neither applied nor refused:
// the batch was not sent, or the row was refused when it was and could be sent
// now (the budget it was over has been freed). Sending the batch again sends it.
const BulkUnsent = "unsent"

// BulkInviteResult is the summary of a sent batch.
type BulkInviteResult struct {
	BatchID  string          `json:"batch_id"`
	Campaign string          `json:"campaign"`
	Rows     []BulkInviteRow `json:"rows"`
	Sent     int             `json:"sent"`
	Queued   int             `json:"queued"`
	Refused  int             `json:"refused"`
	Unsent   int             `json:"unsent"`
	Total    int64           `json:"total"`
}

// bulkOrg is the organisation a bulk invitation is made for: the one the
// signed-in sponsor acts for (docs/teams.md).
func bulkOrg(sess *session) string { return viewer(sess).Org() }

// plan reads the facts and plans the invitation.
func (bs *BulkInviteService) plan(ctx context.Context, sess *session, b bulkinvite.Invite) (bulkinvite.Plan, error) {
	if err := b.Validate(); err != nil {
		return bulkinvite.Plan{}, err
	}
	f, err := queries.BulkInviteFacts(ctx, sess.db.R, viewer(sess), bulkOrg(sess), b)
	if err != nil {
		return bulkinvite.Plan{}, err
	}
	f.Today = bs.s.cfg.Now().UTC().Format(time.DateOnly)
	return bulkinvite.Make(b, f)
}

// Preview plans the invitation without sending: per creator the rendered
// message, the amount and whether it would be refused now, and why.
func (bs *BulkInviteService) Preview(b bulkinvite.Invite) (bulkinvite.Plan, error) {
	ctx, sess, err := bs.s.begin()
	if err != nil {
		return bulkinvite.Plan{}, toUI(err)
	}
	p, err := bs.plan(ctx, sess, b)
	return p, toUI(err)
}

// Send plans the invitation again and applies each creator's adRequest.send
// as its own local mutation (client.Apply: the mutator validates, the outbox
// queues), then pushes once, and answers where each creator stands. Sending
// the same batch again sends nothing twice (the request ids derive from it).
func (bs *BulkInviteService) Send(b bulkinvite.Invite) (BulkInviteResult, error) {
	ctx, sess, err := bs.s.begin()
	if err != nil {
		return BulkInviteResult{}, toUI(err)
	}
	p, err := bs.plan(ctx, sess, b)
	if err != nil {
		return BulkInviteResult{}, toUI(err)
	}
	refused := make(map[string]*domain.Error)
	applied := 0
	now := bs.s.cfg.Now()
	for _, r := range p.Rows {
		if r.Args == nil {
			continue
		}
		if _, err := client.Apply(ctx, sess.db, sess.info.AccountID, r.Args, now); err != nil {
			refused[r.RequestID] = domain.AsError(err)
			continue
		}
		applied++
	}
	if applied > 0 {
		bs.s.localChange(ctx, sess)
		if sess.engine != nil && sess.engine.Status().State == client.StateOnline {
			pctx, cancel := context.WithTimeout(ctx, bulkPushTimeout)
			_ = sess.engine.Sync(pctx) // a failed round leaves them queued
			cancel()
		}
	}
	res, err := bs.result(ctx, sess, p, refused)
	return res, toUI(err)
}

// Summary answers where a sent batch stands now, sending nothing (the dialog
// re-reads it as the engine pushes).
func (bs *BulkInviteService) Summary(b bulkinvite.Invite) (BulkInviteResult, error) {
	ctx, sess, err := bs.s.begin()
	if err != nil {
		return BulkInviteResult{}, toUI(err)
	}
	p, err := bs.plan(ctx, sess, b)
	if err != nil {
		return BulkInviteResult{}, toUI(err)
	}
	res, err := bs.result(ctx, sess, p, nil)
	return res, toUI(err)
}

// result joins the plan, the local refusals and the outbox's word on each request.
func (bs *BulkInviteService) result(ctx context.Context, sess *session, p bulkinvite.Plan, refused map[string]*domain.Error) (BulkInviteResult, error) {
	ids := make([]string, len(p.Rows))
	for i, r := range p.Rows {
		ids[i] = r.RequestID
	}
	outcomes, err := queries.BulkInviteOutcomes(ctx, sess.db.R, ids)
	if err != nil {
		return BulkInviteResult{}, err
	}
	res := BulkInviteResult{BatchID: p.BatchID, Campaign: p.Campaign, Rows: make([]BulkInviteRow, 0, len(p.Rows))}
	for _, r := range p.Rows {
		row := BulkInviteRow{Row: r}
		o := outcomes[r.RequestID]
		switch {
		case refused[r.RequestID] != nil:
			e := refused[r.RequestID]
			row.State, row.Code, row.Reason = queries.BulkRefused, string(e.Code), e.Message
		case o.State == queries.BulkRefused:
			row.State, row.Code, row.Reason, row.Later = o.State, o.Code, o.Message, true
		case o.State != queries.BulkMissing:
			row.State = o.State
		case r.Refusal != nil:
			row.State, row.Code, row.Reason = queries.BulkRefused, string(r.Refusal.Code), r.Refusal.Message
		default: // not applied: Summary before Send, or refused then and sendable now (budget freed)
			row.State = BulkUnsent
		}
		switch row.State {
		case queries.BulkSent:
			res.Sent++
			res.Total += r.Amount
		case queries.BulkQueued:
			res.Queued++
			res.Total += r.Amount
		case queries.BulkRefused:
			res.Refused++
		default:
			res.Unsent++
		}
		res.Rows = append(res.Rows, row)
	}
	return res, nil
}
