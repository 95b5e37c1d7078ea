package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// Offer is one entry of the negotiation thread.
type Offer struct {
	ID         string `json:"id" db:"id"`
	Seq        int    `json:"seq" db:"seq"`
	AuthorID   string `json:"author_id" db:"author_id"`
	AuthorRole string `json:"author_role" db:"author_role"`
	AuthorName string `json:"author_name" db:"author_name"`
	// ActedBy is the person who made a sponsor's offer (a teammate of the
	// organisation: "Dana countered $1,200"); "" for an influencer's.
	ActedBy      string `json:"acted_by" db:"acted_by"`
	Amount       int64  `json:"amount" db:"amount"`
	Requirements string `json:"requirements" db:"requirements"`
	Message      string `json:"message" db:"message"`
	CreatedAt    string `json:"created_at" db:"created_at"`
	Mine         bool   `json:"mine" db:"-"`
	// Deliverables are the offer's proposed deliverables; Changes what it changes
	// from the offer before it (nil for the opening offer).
	Deliverables []domain.DeliverableTerm `json:"deliverables" db:"-"`
	Changes      *OfferChanges            `json:"changes" db:"-"`
	TermsJSON    string                   `json:"-" db:"deliverables"`
}

// AdRequestActions are what the viewer may do now (the server has the last word).
type AdRequestActions struct {
	Counter  bool `json:"counter"`
	Accept   bool `json:"accept"`
	Reject   bool `json:"reject"`
	Withdraw bool `json:"withdraw"`
	Complete bool `json:"complete"` // the sponsor marks accepted work delivered
	Review   bool `json:"review"`   // a party rates the other side of completed work, once
}

// AdRequestDetail is one request with its whole thread (the campaign's status is
// the row's campaign_status).
type AdRequestDetail struct {
	AdRequestRow
	CloseReason     string           `json:"close_reason"`
	CampaignBudget  int64            `json:"campaign_budget"`
	CampaignCommits int64            `json:"campaign_committed"`
	Thread          []Offer          `json:"thread"`
	Actions         AdRequestActions `json:"actions"`
}

// AdRequest returns one of the viewer's ad requests with its negotiation thread.
func AdRequest(ctx context.Context, db sqlx.QueryerContext, v Viewer, id string) (AdRequestDetail, error) {
	if err := needID("ad request", id); err != nil {
		return AdRequestDetail{}, err
	}
	cond, args, err := adScope(v)
	if err != nil {
		return AdRequestDetail{}, err
	}
	var d AdRequestDetail
	if err := sqlx.GetContext(ctx, db, &d.AdRequestRow, adRequestSelect+` WHERE r.id = ? AND r.deleted_at IS NULL AND `+cond,
		append([]any{id}, args...)...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return AdRequestDetail{}, notFound("ad request")
		}
		return AdRequestDetail{}, fmt.Errorf("get ad request: %w", err)
	}
	marks, err := PendingMarks(ctx, db)
	if err != nil {
		return AdRequestDetail{}, err
	}
	finishRow(v, &d.AdRequestRow, marks)
	var extra struct {
		CloseReason string `db:"close_reason"`
		Budget      int64  `db:"budget"`
		Committed   int64  `db:"committed"`
	}
	if err := sqlx.GetContext(ctx, db, &extra, `SELECT r.close_reason, c.budget, c.committed
		FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id WHERE r.id = ?`, id); err != nil {
		return AdRequestDetail{}, fmt.Errorf("get ad request: %w", err)
	}
	d.CloseReason, d.CampaignBudget, d.CampaignCommits = extra.CloseReason, extra.Budget, extra.Committed
	d.Thread = []Offer{}
	if err := sqlx.SelectContext(ctx, db, &d.Thread, `SELECT o.id, o.seq, o.author_id, o.author_role,
		CASE WHEN o.author_role = 'sponsor' THEN COALESCE(sp.company_name, a.name, '')
			ELSE COALESCE(NULLIF(ip.display_name, ''), a.name, '') END AS author_name,
		CASE WHEN o.author_role = 'sponsor' THEN COALESCE(a.name, '') ELSE '' END AS acted_by,
		o.amount, o.requirements, o.message, o.created_at, o.deliverables
		FROM offers o
		LEFT JOIN accounts a ON a.id = o.author_id
		LEFT JOIN campaigns oc ON oc.id = (SELECT campaign_id FROM ad_requests WHERE id = o.ad_request_id)
		LEFT JOIN sponsor_profiles sp ON sp.account_id = oc.sponsor_id
		LEFT JOIN influencer_profiles ip ON ip.account_id = o.author_id
		WHERE o.ad_request_id = ? ORDER BY o.seq`, id); err != nil {
		return AdRequestDetail{}, fmt.Errorf("get ad request thread: %w", err)
	}
	for i := range d.Thread {
		// Our side's offers are ours, whichever teammate made them.
		d.Thread[i].Mine = d.Thread[i].AuthorRole == string(v.Role)
	}
	if err := diffThread(d.Thread); err != nil {
		return AdRequestDetail{}, err
	}
	party := v.party()
	switch d.Status {
	case string(domain.AdPending):
		mine := d.Turn == TurnYou
		d.Actions = AdRequestActions{Counter: mine, Accept: mine, Reject: mine, Withdraw: party}
	case string(domain.AdAccepted):
		// As the mutators rule (docs/money.md): a deal with deliverables completes
		// itself when the last is accepted, so only one without any is marked
		// complete; a delivered or disputed deal is settled, not withdrawn.
		var st struct {
			Deliverables int    `db:"deliverables"`
			Delivered    int    `db:"delivered"`
			Escrow       string `db:"escrow_state"`
		}
		if err := sqlx.GetContext(ctx, db, &st, `SELECT
				(SELECT COUNT(*) FROM deliverables WHERE ad_request_id = r.id AND deleted_at IS NULL) AS deliverables,
				(SELECT COUNT(*) FROM deliverables WHERE ad_request_id = r.id AND deleted_at IS NULL
					AND status IN ('posted', 'accepted', 'disputed')) AS delivered,
				r.escrow_state
			FROM ad_requests r WHERE r.id = ?`, d.ID); err != nil {
			return AdRequestDetail{}, fmt.Errorf("get ad request deliverables: %w", err)
		}
		disputed := st.Escrow == string(domain.EscrowDisputed)
		d.Actions = AdRequestActions{Withdraw: party && st.Delivered == 0 && !disputed,
			Complete: v.Role == domain.RoleSponsor && st.Deliverables == 0 && !disputed}
	case string(domain.AdCompleted):
		var reviewed int
		subject := "campaign" // one review per side, whichever teammate wrote it
		if v.Role == domain.RoleSponsor {
			subject = "influencer"
		}
		if err := sqlx.GetContext(ctx, db, &reviewed, `SELECT COUNT(*) FROM reviews WHERE ad_request_id = ? AND subject = ?`,
			d.ID, subject); err != nil {
			return AdRequestDetail{}, err
		}
		d.Actions = AdRequestActions{Review: party && reviewed == 0}
	}
	return d, nil
}
