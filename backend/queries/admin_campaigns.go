package queries

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// The admin's one campaign list: every campaign with its sponsor, status, flag
// and reason, money and requests, for the moderation screen (flag, unflag, open).

// AdminCampaignQuery filters, sorts and pages the admin's campaign list.
type AdminCampaignQuery struct {
	Text    string `json:"text"`    // matches the campaign or the sponsor's name
	Status  string `json:"status"`  // "" or a campaign status
	Flagged string `json:"flagged"` // "", "yes" or "no"
	// Sort is updated (default), name, sponsor, status, budget, start_date,
	// end_date or requests; Desc reverses it (updated defaults to the newest first).
	Sort     string `json:"sort"`
	Desc     bool   `json:"desc"`
	Page     int    `json:"page"`
	PageSize int    `json:"page_size"`
}

// AdminCampaignRow is one campaign with its sponsor.
type AdminCampaignRow struct {
	ID           string `json:"id" db:"id"`
	Name         string `json:"name" db:"name"`
	SponsorID    string `json:"sponsor_id" db:"sponsor_id"`
	SponsorName  string `json:"sponsor_name" db:"sponsor_name"`
	Category     string `json:"category" db:"category"`
	Status       string `json:"status" db:"status"`
	Visibility   string `json:"visibility" db:"visibility"`
	Budget       int64  `json:"budget" db:"budget"`
	Committed    int64  `json:"committed" db:"committed"`
	StartDate    string `json:"start_date" db:"start_date"`
	EndDate      string `json:"end_date" db:"end_date"`
	Flagged      bool   `json:"flagged" db:"flagged"`
	FlagReason   string `json:"flag_reason" db:"flag_reason"`
	Requests     int    `json:"requests" db:"requests"`           // every ad request on it
	OpenRequests int    `json:"open_requests" db:"open_requests"` // pending or accepted
	UpdatedAt    string `json:"updated_at" db:"updated_at"`
	Queued       bool   `json:"queued" db:"-"` // a local change (say a flag) waits in the outbox
}

// AdminCampaignPage is one page of campaigns and the total matching.
type AdminCampaignPage struct {
	Items    []AdminCampaignRow `json:"items"`
	Total    int                `json:"total"`
	Page     int                `json:"page"`
	PageSize int                `json:"page_size"`
}

var adminCampaignSorts = map[string]string{
	"updated":    "c.updated_at",
	"name":       "c.name COLLATE NOCASE",
	"sponsor":    "sponsor_name COLLATE NOCASE",
	"status":     "c.status",
	"budget":     "c.budget",
	"start_date": "c.start_date",
	"end_date":   "c.end_date",
	"requests":   "requests",
}

// AdminCampaigns lists every campaign with its sponsor, filtered by text, status
// and flag.
func AdminCampaigns(ctx context.Context, db sqlx.QueryerContext, v Viewer, q AdminCampaignQuery) (AdminCampaignPage, error) {
	if err := v.need(domain.RoleAdmin, "the admin console"); err != nil {
		return AdminCampaignPage{}, err
	}
	if err := paging(&q.Page, &q.PageSize, DefaultPageSize); err != nil {
		return AdminCampaignPage{}, err
	}
	if q.Sort == "" {
		q.Sort, q.Desc = "updated", true
	}
	col, err := order(adminCampaignSorts, q.Sort)
	if err != nil {
		return AdminCampaignPage{}, err
	}
	where, args := []string{"c.deleted_at IS NULL"}, []any{}
	if err := checkCampaignStatus(q.Status); err != nil {
		return AdminCampaignPage{}, err
	}
	if q.Status != "" {
		where, args = append(where, "c.status = ?"), append(args, q.Status)
	}
	fc, err := flaggedCond("c.flagged", q.Flagged)
	if err != nil {
		return AdminCampaignPage{}, err
	}
	where = append(where, fc)
	pat, err := like(q.Text)
	if err != nil {
		return AdminCampaignPage{}, err
	}
	if pat != "" {
		where = append(where, `(c.name LIKE ? ESCAPE '\' OR COALESCE(sp.company_name, '') LIKE ? ESCAPE '\' OR COALESCE(sa.name, '') LIKE ? ESCAPE '\')`)
		args = append(args, pat, pat, pat)
	}
	from := ` FROM campaigns c
		LEFT JOIN accounts sa ON sa.id = c.sponsor_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id WHERE ` + strings.Join(where, " AND ")
	page := AdminCampaignPage{Items: []AdminCampaignRow{}, Page: q.Page, PageSize: q.PageSize}
	if err := sqlx.GetContext(ctx, db, &page.Total, `SELECT COUNT(*)`+from, args...); err != nil {
		return AdminCampaignPage{}, fmt.Errorf("list campaigns: %w", err)
	}
	d := dir(q.Desc)
	if err := sqlx.SelectContext(ctx, db, &page.Items, `SELECT c.id, c.name, c.sponsor_id,
		COALESCE(sp.company_name, sa.name, '') AS sponsor_name, c.category, c.status, c.visibility, c.budget, c.committed,
		c.start_date, c.end_date, c.flagged, c.flag_reason, c.updated_at,
		(SELECT COUNT(*) FROM ad_requests r WHERE r.campaign_id = c.id AND r.deleted_at IS NULL) AS requests,
		(SELECT COUNT(*) FROM ad_requests r WHERE r.campaign_id = c.id AND r.deleted_at IS NULL
			AND r.status IN ('pending', 'accepted')) AS open_requests`+from+
		` ORDER BY `+col+` `+d+`, c.id `+d+` LIMIT ? OFFSET ?`, append(args, q.PageSize, (q.Page-1)*q.PageSize)...); err != nil {
		return AdminCampaignPage{}, fmt.Errorf("list campaigns: %w", err)
	}
	marks, err := PendingMarks(ctx, db)
	if err != nil {
		return AdminCampaignPage{}, err
	}
	for i := range page.Items {
		page.Items[i].Queued = marks[page.Items[i].ID].Queued
	}
	return page, nil
}
