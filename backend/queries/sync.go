package queries

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// Outbox states.
const (
	OutboxPending  = "pending"
	OutboxRejected = "rejected"
)

// OutboxCounts counts the local changes waiting for the server and those it refused.
func OutboxCounts(ctx context.Context, db sqlx.QueryerContext) (pending, rejected int, err error) {
	var c struct {
		Pending  int `db:"pending"`
		Rejected int `db:"rejected"`
	}
	err = sqlx.GetContext(ctx, db, &c, `SELECT COUNT(*) FILTER (WHERE status = 'pending') AS pending,
		COUNT(*) FILTER (WHERE status = 'rejected') AS rejected FROM outbox`)
	if err != nil {
		return 0, 0, fmt.Errorf("outbox counts: %w", err)
	}
	return c.Pending, c.Rejected, nil
}

// Synced reports whether the replica has pulled from the server at least once
// (a fresh replica is downloaded before it is shown).
func Synced(ctx context.Context, db sqlx.QueryerContext) (bool, error) {
	var synced bool
	err := sqlx.GetContext(ctx, db, &synced, `SELECT cursor > 0 FROM sync_state WHERE id = 1`)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("sync state: %w", err)
	}
	return synced, nil
}

// RejectedChange returns the mutation name and arguments of a change the server
// refused (to try it again); not_found when there is no such sync issue.
func RejectedChange(ctx context.Context, db sqlx.QueryerContext, id int64) (name string, args json.RawMessage, err error) {
	var r outboxRow
	err = sqlx.GetContext(ctx, db, &r, `SELECT mutation_id, name, args_json, status, code, message FROM outbox
		WHERE mutation_id = ? AND status = 'rejected'`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, domain.Errorf(domain.CodeNotFound, "no rejected change %d", id)
	}
	if err != nil {
		return "", nil, fmt.Errorf("sync issue %d: %w", id, err)
	}
	return r.Name, json.RawMessage(r.Args), nil
}

// IssueRef is what a sync issue is about, for the UI to open it. Kind is one of
// ad_request (a deliverable's step opens its deal), campaign, profile, account or
// commission (the platform's commission rate: ID "platform", its settings row).
type IssueRef struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// Ref kinds.
const (
	RefAdRequest  = "ad_request"
	RefCampaign   = "campaign"
	RefProfile    = "profile"
	RefAccount    = "account"
	RefCommission = "commission"
)

// IssueParams are the words a person needs about a refused change, looked up in
// the replica for the ids in its arguments (or taken from the arguments when the
// row is not there). Amounts and budgets are integer cents. Empty fields are left out.
type IssueParams struct {
	Campaign string `json:"campaign,omitempty"` // the campaign's name
	Party    string `json:"party,omitempty"`    // the other party (or the account an admin acted on)
	Amount   *int64 `json:"amount,omitempty"`   // the offer's amount
	Budget   *int64 `json:"budget,omitempty"`   // a budget the change set
	Rating   int    `json:"rating,omitempty"`   // a review's stars
	Target   string `json:"target,omitempty"`   // admin.flag / admin.unflag: account or campaign
	Active   *bool  `json:"active,omitempty"`   // admin.setActive
	Count    int    `json:"count,omitempty"`    // notification.markRead: how many
	// deliverable.*: which deliverable of the deal (its number, platform, kind of content).
	Seq         int    `json:"seq,omitempty"`
	Platform    string `json:"platform,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Checkpoint  string `json:"checkpoint,omitempty"` // deliverable.reportMetrics: 24h, 7d or 30d
	Outcome     string `json:"outcome,omitempty"`    // dispute.resolve: release, refund or split (Amount: the split's release)
	Rate        *int   `json:"rate,omitempty"`       // platform.setCommission: basis points
}

// SyncIssue is a change the server refused. Name, Args, Code and Message are the
// outbox's own; Action (the mutation's name, for the UI's i18n key), Params, Ref
// (nil when the row is not on this desktop) and ReasonCode (the domain code) say
// it in words a person reads.
type SyncIssue struct {
	ID         int64           `json:"id"`
	Name       string          `json:"name"`
	Args       json.RawMessage `json:"args"`
	CreatedAt  time.Time       `json:"created_at"`
	Code       string          `json:"code"`
	Message    string          `json:"message"`
	Action     string          `json:"action"`
	Params     IssueParams     `json:"params"`
	Ref        *IssueRef       `json:"ref"`
	ReasonCode string          `json:"reason_code"`
}

// SyncIssues lists the changes the server refused, oldest first, each described
// from the viewer's replica.
func SyncIssues(ctx context.Context, db sqlx.QueryerContext, v Viewer) ([]SyncIssue, error) {
	var rows []struct {
		outboxRow
		CreatedAt time.Time `db:"created_at"`
	}
	if err := sqlx.SelectContext(ctx, db, &rows, `SELECT mutation_id, name, args_json, status, code, message, created_at
		FROM outbox WHERE status = 'rejected' ORDER BY mutation_id`); err != nil {
		return nil, fmt.Errorf("sync issues: %w", err)
	}
	out := make([]SyncIssue, 0, len(rows))
	for _, r := range rows {
		args := json.RawMessage(r.Args)
		if !json.Valid(args) {
			args = json.RawMessage("null")
		}
		is := SyncIssue{ID: r.ID, Name: r.Name, Args: args, CreatedAt: r.CreatedAt, Code: r.Code, Message: r.Message,
			Action: r.Name, ReasonCode: r.Code}
		if is.ReasonCode == "" {
			is.ReasonCode = string(domain.CodeInternal)
		}
		var err error
		if is.Params, is.Ref, err = describe(ctx, db, v, r.Name, args); err != nil {
			return nil, fmt.Errorf("sync issue %d: %w", r.ID, err)
		}
		out = append(out, is)
	}
	return out, nil
}
