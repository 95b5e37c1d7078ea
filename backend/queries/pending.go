package queries

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
)

// Mark is what the outbox says about one ad request or campaign: a change made
// on this desktop that the server has not taken yet (Queued), or one it refused
// (Refused, with the domain Code and the server's Message). Action is the
// mutation's name (for the UI's i18n key only): the newest refused one when
// Refused, else the newest queued one.
type Mark struct {
	Queued  bool   `json:"queued"`
	Refused bool   `json:"refused"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	Action  string `json:"action,omitempty"`
}

// outboxRow is one outbox entry as the read models see it.
type outboxRow struct {
	ID      int64  `db:"mutation_id"`
	Name    string `db:"name"`
	Args    string `db:"args_json"`
	Status  string `db:"status"`
	Code    string `db:"code"`
	Message string `db:"message"`
}

// outboxTarget is what an outbox entry's arguments say it is about.
type outboxTarget struct {
	ID          string `json:"id"`
	AdRequestID string `json:"ad_request_id"`
	Target      string `json:"target"` // admin.flag / admin.unflag: "account" or "campaign"
}

// PendingMarks says, for the ad requests and campaigns that have an outbox
// entry, whether a change is queued and whether one was refused, keyed by the
// row's id (ad request and campaign ids are UUIDs and never collide). Rows
// without an entry are absent. It reads the outbox's arguments: ad_request_id of
// an offer, accept, reject, withdraw, complete or review; id of a new ad request
// (send, apply) or of a campaign (campaign.*, admin.flag/unflag of a campaign).
func PendingMarks(ctx context.Context, db sqlx.QueryerContext) (map[string]Mark, error) {
	var rows []outboxRow
	if err := sqlx.SelectContext(ctx, db, &rows,
		`SELECT mutation_id, name, args_json, status, code, message FROM outbox ORDER BY mutation_id`); err != nil {
		return nil, fmt.Errorf("pending marks: %w", err)
	}
	out := map[string]Mark{}
	for _, r := range rows {
		id := markedRow(r.Name, r.Args)
		if id == "" {
			continue
		}
		m := out[id]
		switch r.Status {
		case "rejected":
			m.Refused, m.Code, m.Message, m.Action = true, r.Code, r.Message, r.Name
		default:
			m.Queued = true
			if !m.Refused {
				m.Action = r.Name
			}
		}
		out[id] = m
	}
	return out, nil
}

// markedRow is the ad request or campaign an outbox entry changes, or "".
func markedRow(name, args string) string {
	var t outboxTarget
	if json.Unmarshal([]byte(args), &t) != nil {
		return ""
	}
	switch {
	case name == "adRequest.send" || name == "adRequest.apply":
		return t.ID
	case strings.HasPrefix(name, "adRequest.") || name == "review.create":
		return t.AdRequestID
	case strings.HasPrefix(name, "campaign."):
		return t.ID
	case (name == "admin.flag" || name == "admin.unflag") && t.Target == "campaign":
		return t.ID
	}
	return ""
}
