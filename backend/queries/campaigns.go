package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// CampaignQuery filters, sorts and pages the campaign list.
type CampaignQuery struct {
	Text       string `json:"text"`
	Status     string `json:"status"`     // "" or a campaign status
	Visibility string `json:"visibility"` // "" or public/private
	Sort       string `json:"sort"`       // updated (default), name, start_date, end_date, budget
	Desc       bool   `json:"desc"`
	Page       int    `json:"page"`      // 1-based; 0 means 1
	PageSize   int    `json:"page_size"` // 1..200; 0 means 25
}

// CampaignRow is one line of the campaign list.
type CampaignRow struct {
	ID           string `json:"id" db:"id"`
	Name         string `json:"name" db:"name"`
	SponsorName  string `json:"sponsor_name" db:"sponsor_name"`
	Category     string `json:"category" db:"category"`
	Niche        string `json:"niche" db:"niche"`
	StartDate    string `json:"start_date" db:"start_date"`
	EndDate      string `json:"end_date" db:"end_date"`
	Budget       int64  `json:"budget" db:"budget"`
	Committed    int64  `json:"committed" db:"committed"`
	Visibility   string `json:"visibility" db:"visibility"`
	Status       string `json:"status" db:"status"`
	Flagged      bool   `json:"flagged" db:"flagged"`
	OpenRequests int    `json:"open_requests" db:"open_requests"`
	Queued       bool   `json:"queued" db:"-"` // a local change to it waits in the outbox
}

// CampaignPage is one page of campaigns and the total matching.
type CampaignPage struct {
	Items    []CampaignRow `json:"items"`
	Total    int           `json:"total"`
	Page     int           `json:"page"`
	PageSize int           `json:"page_size"`
}

var campaignSorts = map[string]string{
	"updated":    "c.updated_at",
	"name":       "c.name COLLATE NOCASE",
	"start_date": "c.start_date",
	"end_date":   "c.end_date",
	"budget":     "c.budget",
}

// checkCampaignStatus accepts "" or a campaign status.
func checkCampaignStatus(s string) error {
	switch domain.CampaignStatus(s) {
	case "", domain.CampaignDraft, domain.CampaignActive, domain.CampaignCompleted, domain.CampaignCancelled:
		return nil
	}
	return domain.Errorf(domain.CodeInvalidArgument, "unknown status %q", clip(s))
}

// Campaigns lists the campaigns the viewer works with: a sponsor's own, an
// influencer's public ones plus those they have ad requests on, all for an admin.
func Campaigns(ctx context.Context, db sqlx.QueryerContext, v Viewer, q CampaignQuery) (CampaignPage, error) {
	if err := paging(&q.Page, &q.PageSize, DefaultPageSize); err != nil {
		return CampaignPage{}, err
	}
	if q.Sort == "" {
		q.Sort, q.Desc = "updated", true
	}
	col, err := order(campaignSorts, q.Sort)
	if err != nil {
		return CampaignPage{}, err
	}
	where := []string{"c.deleted_at IS NULL"}
	var args []any
	switch v.Role {
	case domain.RoleSponsor:
		where, args = append(where, "c.sponsor_id = ?"), append(args, v.Org())
	case domain.RoleInfluencer:
		where = append(where, `((c.visibility = 'public' AND c.status = 'active' AND c.flagged = 0)
			OR EXISTS (SELECT 1 FROM ad_requests r WHERE r.campaign_id = c.id AND r.influencer_id = ? AND r.deleted_at IS NULL))`)
		args = append(args, v.AccountID)
	case domain.RoleAdmin:
	default:
		return CampaignPage{}, forbidden("no campaigns for role %q", v.Role)
	}
	if err := checkCampaignStatus(q.Status); err != nil {
		return CampaignPage{}, err
	}
	if q.Status != "" {
		where, args = append(where, "c.status = ?"), append(args, q.Status)
	}
	if q.Visibility != "" {
		if q.Visibility != string(domain.VisibilityPublic) && q.Visibility != string(domain.VisibilityPrivate) {
			return CampaignPage{}, domain.Errorf(domain.CodeInvalidArgument, "unknown visibility %q", clip(q.Visibility))
		}
		where, args = append(where, "c.visibility = ?"), append(args, q.Visibility)
	}
	pat, err := like(q.Text)
	if err != nil {
		return CampaignPage{}, err
	}
	if pat != "" {
		where = append(where, `(c.name LIKE ? ESCAPE '\' OR c.category LIKE ? ESCAPE '\' OR c.niche LIKE ? ESCAPE '\'
			OR c.description LIKE ? ESCAPE '\')`)
		args = append(args, pat, pat, pat, pat)
	}
	cond := strings.Join(where, " AND ")
	page := CampaignPage{Items: []CampaignRow{}, Page: q.Page, PageSize: q.PageSize}
	if err := sqlx.GetContext(ctx, db, &page.Total, `SELECT COUNT(*) FROM campaigns c WHERE `+cond, args...); err != nil {
		return CampaignPage{}, fmt.Errorf("list campaigns: %w", err)
	}
	d := dir(q.Desc)
	query := `SELECT c.id, c.name, COALESCE(sp.company_name, a.name, '') AS sponsor_name, c.category, c.niche,
		c.start_date, c.end_date, c.budget, c.committed, c.visibility, c.status, c.flagged,
		(SELECT COUNT(*) FROM ad_requests r WHERE r.campaign_id = c.id AND r.status IN ('pending', 'accepted')
			AND r.deleted_at IS NULL) AS open_requests
		FROM campaigns c
		LEFT JOIN accounts a ON a.id = c.sponsor_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id
		WHERE ` + cond + ` ORDER BY ` + col + ` ` + d + `, c.id ` + d + ` LIMIT ? OFFSET ?`
	args = append(args, q.PageSize, (q.Page-1)*q.PageSize)
	if err := sqlx.SelectContext(ctx, db, &page.Items, query, args...); err != nil {
		return CampaignPage{}, fmt.Errorf("list campaigns: %w", err)
	}
	marks, err := PendingMarks(ctx, db)
	if err != nil {
		return CampaignPage{}, err
	}
	for i := range page.Items {
		page.Items[i].Queued = marks[page.Items[i].ID].Queued
	}
	return page, nil
}

// CampaignRequest is one ad request of a campaign.
type CampaignRequest struct {
	ID             string `json:"id" db:"id"`
	InfluencerID   string `json:"influencer_id" db:"influencer_id"`
	InfluencerName string `json:"influencer_name" db:"influencer_name"`
	Amount         int64  `json:"amount" db:"amount"`
	Status         string `json:"status" db:"status"`
	InitiatedBy    string `json:"initiated_by" db:"initiated_by"`
	UpdatedAt      string `json:"updated_at" db:"updated_at"`
}

// CampaignDetail is one campaign with all its fields and its ad requests.
type CampaignDetail struct {
	ID          string            `json:"id" db:"id"`
	SponsorID   string            `json:"sponsor_id" db:"sponsor_id"`
	Name        string            `json:"name" db:"name"`
	Description string            `json:"description" db:"description"`
	Category    string            `json:"category" db:"category"`
	Niche       string            `json:"niche" db:"niche"`
	StartDate   string            `json:"start_date" db:"start_date"`
	EndDate     string            `json:"end_date" db:"end_date"`
	Budget      int64             `json:"budget" db:"budget"`
	Committed   int64             `json:"committed" db:"committed"`
	Remaining   int64             `json:"remaining" db:"-"`
	Visibility  string            `json:"visibility" db:"visibility"`
	Goals       string            `json:"goals" db:"goals"`
	Status      string            `json:"status" db:"status"`
	Flagged     bool              `json:"flagged" db:"flagged"`
	FlagReason  string            `json:"flag_reason" db:"flag_reason"`
	LandingURL  string            `json:"landing_url" db:"landing_url"`
	UpdatedAt   string            `json:"updated_at" db:"updated_at"`
	Approval    string            `json:"approval" db:"-"` // the viewing sponsor's approval ("" when unknown)
	Queued      bool              `json:"queued" db:"-"`   // a local change to it waits in the outbox
	Requests    []CampaignRequest `json:"requests" db:"-"`
}

// Campaign returns one of the viewer's own campaigns (any campaign for an admin)
// with its ad requests; others' answer not_found.
func Campaign(ctx context.Context, db sqlx.QueryerContext, v Viewer, id string) (CampaignDetail, error) {
	if err := needID("campaign", id); err != nil {
		return CampaignDetail{}, err
	}
	var d CampaignDetail
	err := sqlx.GetContext(ctx, db, &d, `SELECT id, sponsor_id, name, description, category, niche, start_date, end_date,
		budget, committed, visibility, goals, status, flagged, flag_reason, landing_url, updated_at
		FROM campaigns WHERE id = ? AND deleted_at IS NULL`, id)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && v.Role != domain.RoleAdmin && d.SponsorID != v.Org()) {
		return CampaignDetail{}, notFound("campaign")
	}
	if err != nil {
		return CampaignDetail{}, fmt.Errorf("campaign: %w", err)
	}
	d.Remaining = d.Budget - d.Committed
	if v.Role == domain.RoleSponsor {
		var a []string
		if err := sqlx.SelectContext(ctx, db, &a, `SELECT approval FROM sponsor_profiles WHERE account_id = ?`, v.Org()); err != nil {
			return CampaignDetail{}, fmt.Errorf("campaign: approval: %w", err)
		}
		if len(a) == 1 {
			d.Approval = a[0]
		}
	}
	marks, err := PendingMarks(ctx, db)
	if err != nil {
		return CampaignDetail{}, err
	}
	d.Queued = marks[id].Queued
	d.Requests = []CampaignRequest{}
	if err := sqlx.SelectContext(ctx, db, &d.Requests, `SELECT r.id, r.influencer_id,
		COALESCE(NULLIF(ip.display_name, ''), ia.name, '') AS influencer_name,
		r.payment_amount AS amount, r.status, r.initiated_by, r.updated_at
		FROM ad_requests r
		LEFT JOIN accounts ia ON ia.id = r.influencer_id
		LEFT JOIN influencer_profiles ip ON ip.account_id = r.influencer_id
		WHERE r.campaign_id = ? AND r.deleted_at IS NULL
		ORDER BY r.updated_at DESC, r.id DESC`, id); err != nil {
		return CampaignDetail{}, fmt.Errorf("campaign requests: %w", err)
	}
	return d, nil
}
