package queries

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/blobs"
)

// DealMessage is one message of a deal's thread (adRequest.message): who wrote
// it, what it says and its attachments (references; the bytes are fetched on
// demand, AttachmentService). Mine: the viewer wrote it; Queued: this desktop
// wrote it and it waits in the outbox.
type DealMessage struct {
	ID          string      `json:"id"`
	AuthorID    string      `json:"author_id"`
	AuthorRole  string      `json:"author_role"`
	AuthorName  string      `json:"author_name"`
	Body        string      `json:"body"`
	Attachments []blobs.Ref `json:"attachments"`
	CreatedAt   time.Time   `json:"created_at"`
	Mine        bool        `json:"mine"`
	Queued      bool        `json:"queued"`
}

// DealMessages lists the messages of one of the viewer's ad requests, oldest
// first; another's request is not_found.
func DealMessages(ctx context.Context, db sqlx.QueryerContext, v Viewer, id string) ([]DealMessage, error) {
	if err := needID("ad request", id); err != nil {
		return nil, err
	}
	cond, args, err := adScope(v)
	if err != nil {
		return nil, err
	}
	var one int
	if err := sqlx.GetContext(ctx, db, &one, `SELECT 1 FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id
		WHERE r.id = ? AND r.deleted_at IS NULL AND `+cond, append([]any{id}, args...)...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, notFound("ad request")
		}
		return nil, fmt.Errorf("deal messages: %w", err)
	}
	return dealMessages(ctx, db, v, id)
}

// dealMessages reads the messages of a request the viewer may see.
func dealMessages(ctx context.Context, db sqlx.QueryerContext, v Viewer, id string) ([]DealMessage, error) {
	var rows []struct {
		ID          string `db:"id"`
		AuthorID    string `db:"author_id"`
		AuthorRole  string `db:"author_role"`
		AuthorName  string `db:"author_name"`
		Body        string `db:"body"`
		Attachments string `db:"attachments"`
		CreatedAt   string `db:"created_at"`
	}
	if err := sqlx.SelectContext(ctx, db, &rows, `SELECT m.id, m.author_id, m.author_role,
		CASE WHEN m.author_role = 'sponsor' THEN COALESCE(sp.company_name, a.name, '')
			ELSE COALESCE(NULLIF(ip.display_name, ''), a.name, '') END AS author_name,
		m.body, m.attachments, m.created_at
		FROM deal_messages m
		LEFT JOIN accounts a ON a.id = m.author_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = m.author_id
		LEFT JOIN influencer_profiles ip ON ip.account_id = m.author_id
		WHERE m.ad_request_id = ? ORDER BY m.created_at, m.id`, id); err != nil {
		return nil, fmt.Errorf("deal messages: %w", err)
	}
	queued, err := queuedMessages(ctx, db)
	if err != nil {
		return nil, err
	}
	out := make([]DealMessage, 0, len(rows))
	for _, r := range rows {
		at, err := parseInstant(r.CreatedAt)
		if err != nil {
			return nil, fmt.Errorf("message %s: %w", r.ID, err)
		}
		m := DealMessage{ID: r.ID, AuthorID: r.AuthorID, AuthorRole: r.AuthorRole, AuthorName: r.AuthorName, Body: r.Body,
			Attachments: []blobs.Ref{}, CreatedAt: at, Mine: r.AuthorID == v.AccountID, Queued: queued[r.ID]}
		if r.Attachments != "" {
			if err := json.Unmarshal([]byte(r.Attachments), &m.Attachments); err != nil {
				return nil, fmt.Errorf("message %s attachments: %w", r.ID, err)
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// queuedMessages are the messages a pending outbox entry writes. A database
// without an outbox (the server's) has none.
func queuedMessages(ctx context.Context, db sqlx.QueryerContext) (map[string]bool, error) {
	out := map[string]bool{}
	var has int
	if err := sqlx.GetContext(ctx, db, &has, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'outbox'`); err != nil {
		return nil, fmt.Errorf("queued messages: %w", err)
	}
	if has == 0 {
		return out, nil
	}
	var rows []outboxRow
	if err := sqlx.SelectContext(ctx, db, &rows, `SELECT mutation_id, name, args_json, status, code, message FROM outbox
		WHERE status = 'pending' AND name = 'adRequest.message'`); err != nil {
		return nil, fmt.Errorf("queued messages: %w", err)
	}
	for _, r := range rows {
		var a struct {
			ID string `json:"id"`
		}
		if json.Unmarshal([]byte(r.Args), &a) == nil && a.ID != "" {
			out[a.ID] = true
		}
	}
	return out, nil
}
