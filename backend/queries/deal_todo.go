package queries

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// TodoItem is one deliverable waiting for the viewer, across their accepted
// deals: for an influencer, a draft to write (or revise) or a proof to submit;
// for a sponsor, a draft to review or a proof to accept.
type TodoItem struct {
	DeliverableID    string `json:"deliverable_id" db:"id"`
	AdRequestID      string `json:"ad_request_id" db:"ad_request_id"`
	CampaignName     string `json:"campaign_name" db:"campaign_name"`
	CounterpartyName string `json:"counterparty_name" db:"counterparty_name"`
	Seq              int    `json:"seq" db:"seq"`
	Platform         string `json:"platform" db:"platform"`
	ContentType      string `json:"content_type" db:"content_type"`
	Quantity         int    `json:"quantity" db:"quantity"`
	DueDate          string `json:"due_date" db:"due_date"`
	Status           string `json:"status" db:"status"`
	AutoAcceptAfter  string `json:"auto_accept_after" db:"auto_accept_after"`
	// Step is what the viewer is to do: submit_draft, revise_draft, submit_proof,
	// review_draft or accept_proof.
	Step    string `json:"step" db:"-"`
	Overdue bool   `json:"overdue" db:"-"` // the influencer's step, due before today
}

var todoSteps = map[domain.Role]map[string]string{
	domain.RoleInfluencer: {"todo": "submit_draft", "changes_requested": "revise_draft", "approved_for_posting": "submit_proof"},
	domain.RoleSponsor:    {"draft_submitted": "review_draft", "posted": "accept_proof"},
}

// Todo lists the deliverables of the viewer's accepted deals that wait for the
// viewer's step, by due date (then campaign and order), on the given day
// (YYYY-MM-DD): what is overdue. Admins have none.
func Todo(ctx context.Context, db sqlx.QueryerContext, v Viewer, today string) ([]TodoItem, error) {
	out := []TodoItem{}
	steps, ok := todoSteps[v.Role]
	if !ok {
		return out, nil
	}
	cond, args, err := adScope(v)
	if err != nil {
		return nil, err
	}
	statuses := []any{}
	marks := ""
	for s := range steps {
		statuses = append(statuses, s)
		if marks != "" {
			marks += ", "
		}
		marks += "?"
	}
	counterparty := `COALESCE(NULLIF(ip.display_name, ''), ia.name, '')`
	if v.Role == domain.RoleInfluencer {
		counterparty = `COALESCE(sp.company_name, sa.name, '')`
	}
	if err := sqlx.SelectContext(ctx, db, &out, `SELECT d.id, d.ad_request_id, c.name AS campaign_name,
		`+counterparty+` AS counterparty_name, d.seq, d.platform, d.content_type, d.quantity, d.due_date, d.status,
		d.auto_accept_after
		FROM deliverables d JOIN ad_requests r ON r.id = d.ad_request_id
		JOIN campaigns c ON c.id = r.campaign_id
		LEFT JOIN accounts sa ON sa.id = c.sponsor_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id
		LEFT JOIN accounts ia ON ia.id = r.influencer_id
		LEFT JOIN influencer_profiles ip ON ip.account_id = r.influencer_id
		WHERE d.deleted_at IS NULL AND r.deleted_at IS NULL AND r.status = 'accepted' AND `+cond+`
			AND d.status IN (`+marks+`)
		ORDER BY d.due_date, c.name COLLATE NOCASE, d.ad_request_id, d.seq`, append(args, statuses...)...); err != nil {
		return nil, fmt.Errorf("to do: %w", err)
	}
	for i := range out {
		out[i].Step = steps[out[i].Status]
		out[i].Overdue = v.Role == domain.RoleInfluencer && out[i].DueDate < today
	}
	return out, nil
}
