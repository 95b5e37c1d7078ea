package queries

// TEMPORARY (areas helper): the "core" helper writes PendingMarks and Mark in
// pending.go with this exact signature; delete this file when that lands.

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Mark is the provisional state of one ad request or campaign: a local change to
// it waits in the outbox (Queued), or the last change to it the server refused
// (Refused, with the mutation's Action, Code and Message).
type Mark struct {
	Queued  bool
	Refused bool
	Code    string
	Message string
	Action  string
}

// PendingMarks reads the outbox: the marks keyed by the ad request id or the
// campaign id each queued or refused mutation changes.
func PendingMarks(ctx context.Context, db sqlx.QueryerContext) (map[string]Mark, error) {
	var rows []struct {
		Name    string `db:"name"`
		Args    string `db:"args_json"`
		Status  string `db:"status"`
		Code    string `db:"code"`
		Message string `db:"message"`
	}
	if err := sqlx.SelectContext(ctx, db, &rows, `SELECT name, args_json, status, code, message
		FROM outbox ORDER BY mutation_id`); err != nil {
		return nil, fmt.Errorf("pending marks: %w", err)
	}
	marks := map[string]Mark{}
	for _, r := range rows {
		var a struct {
			AdRequestID string `json:"ad_request_id"`
			ID          string `json:"id"`
		}
		if json.Unmarshal([]byte(r.Args), &a) != nil {
			continue
		}
		key := a.AdRequestID
		if key == "" {
			key = a.ID
		}
		if key == "" {
			continue
		}
		m := marks[key]
		if r.Status == "rejected" {
			m.Refused, m.Code, m.Message, m.Action = true, r.Code, r.Message, r.Name
		} else {
			m.Queued = true
		}
		marks[key] = m
	}
	return marks, nil
}
