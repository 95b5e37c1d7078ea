package queries

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// The admin's console: counts, sponsors awaiting approval, and every account and
// campaign. Every read refuses non-admins with forbidden: lists must not leak.

// AdminOverview holds the console's counts.
type AdminOverview struct {
	Accounts         map[string]int `json:"accounts"` // by role
	AccountsTotal    int            `json:"accounts_total"`
	Active           int            `json:"active"`
	Deactivated      int            `json:"deactivated"`
	FlaggedAccounts  int            `json:"flagged_accounts"`
	PendingSponsors  int            `json:"pending_sponsors"`
	Campaigns        map[string]int `json:"campaigns"` // by status
	CampaignsTotal   int            `json:"campaigns_total"`
	FlaggedCampaigns int            `json:"flagged_campaigns"`
	AdRequests       map[string]int `json:"ad_requests"` // by status
	AdRequestsTotal  int            `json:"ad_requests_total"`
}

// AdminOverviewCounts counts accounts, sponsors awaiting approval, campaigns and
// ad requests.
func AdminOverviewCounts(ctx context.Context, db sqlx.QueryerContext, v Viewer) (AdminOverview, error) {
	if err := v.need(domain.RoleAdmin, "the admin console"); err != nil {
		return AdminOverview{}, err
	}
	o := AdminOverview{
		Accounts:   statusCounts("admin", "sponsor", "influencer"),
		Campaigns:  statusCounts("draft", "active", "completed", "cancelled"),
		AdRequests: statusCounts(adStatuses...),
	}
	groups := []struct {
		query string
		into  map[string]int
		total *int
	}{
		{`SELECT role AS k, COUNT(*) AS n FROM accounts GROUP BY role`, o.Accounts, &o.AccountsTotal},
		{`SELECT status AS k, COUNT(*) AS n FROM campaigns WHERE deleted_at IS NULL GROUP BY status`, o.Campaigns, &o.CampaignsTotal},
		{`SELECT status AS k, COUNT(*) AS n FROM ad_requests WHERE deleted_at IS NULL GROUP BY status`, o.AdRequests, &o.AdRequestsTotal},
	}
	for _, g := range groups {
		var rows []struct {
			K string `db:"k"`
			N int    `db:"n"`
		}
		if err := sqlx.SelectContext(ctx, db, &rows, g.query); err != nil {
			return AdminOverview{}, fmt.Errorf("admin overview: %w", err)
		}
		for _, r := range rows {
			g.into[r.K] = r.N
			*g.total += r.N
		}
	}
	var c struct {
		Active   int `db:"active"`
		Flagged  int `db:"flagged"`
		Pending  int `db:"pending"`
		FlaggedC int `db:"flagged_c"`
	}
	if err := sqlx.GetContext(ctx, db, &c, `SELECT
		(SELECT COUNT(*) FROM accounts WHERE active = 1) AS active,
		(SELECT COUNT(*) FROM accounts WHERE flagged = 1) AS flagged,
		(SELECT COUNT(*) FROM accounts a JOIN sponsor_profiles p ON p.account_id = a.id WHERE a.role = 'sponsor' AND p.approval = 'pending'
			AND NOT EXISTS (SELECT 1 FROM org_members m WHERE m.account_id = a.id AND m.org_id <> a.id AND m.status = 'active')) AS pending,
		(SELECT COUNT(*) FROM campaigns WHERE deleted_at IS NULL AND flagged = 1) AS flagged_c`); err != nil {
		return AdminOverview{}, fmt.Errorf("admin overview: %w", err)
	}
	o.Active, o.Deactivated = c.Active, o.AccountsTotal-c.Active
	o.FlaggedAccounts, o.PendingSponsors, o.FlaggedCampaigns = c.Flagged, c.Pending, c.FlaggedC
	return o, nil
}

// AdminAccountQuery filters and pages the account list.
type AdminAccountQuery struct {
	Text     string `json:"text"`    // matches name, email, company or display name
	Role     string `json:"role"`    // "" or a role
	Flagged  string `json:"flagged"` // "", "yes" or "no"
	Page     int    `json:"page"`    // 1-based; 0 means 1
	PageSize int    `json:"page_size"`
}

// AdminAccountRow is one account.
type AdminAccountRow struct {
	ID           string `json:"id" db:"id"`
	Email        string `json:"email" db:"email"`
	Name         string `json:"name" db:"name"`
	Role         string `json:"role" db:"role"`
	DisplayName  string `json:"display_name" db:"display_name"` // company (sponsors) or display name (influencers)
	Active       bool   `json:"active" db:"active"`
	Flagged      bool   `json:"flagged" db:"flagged"`
	FlagReason   string `json:"flag_reason" db:"flag_reason"`
	Approval     string `json:"approval" db:"approval"` // sponsors only
	ReviewReason string `json:"review_reason" db:"review_reason"`
	Industry     string `json:"industry" db:"industry"`
	CreatedAt    string `json:"created_at" db:"created_at"`
}

// AdminAccountPage is one page of accounts and the total matching.
type AdminAccountPage struct {
	Items    []AdminAccountRow `json:"items"`
	Total    int               `json:"total"`
	Page     int               `json:"page"`
	PageSize int               `json:"page_size"`
}

const adminAccountFrom = ` FROM accounts a
	LEFT JOIN sponsor_profiles sp ON sp.account_id = a.id
	LEFT JOIN influencer_profiles ip ON ip.account_id = a.id`

const adminAccountSelect = `SELECT a.id, a.email, a.name, a.role,
	COALESCE(sp.company_name, NULLIF(ip.display_name, ''), '') AS display_name,
	a.active, a.flagged, a.flag_reason, COALESCE(sp.approval, '') AS approval,
	COALESCE(sp.review_reason, '') AS review_reason, COALESCE(sp.industry, '') AS industry, a.created_at` + adminAccountFrom

// PendingSponsors lists the sponsors awaiting approval, the oldest first.
func PendingSponsors(ctx context.Context, db sqlx.QueryerContext, v Viewer) ([]AdminAccountRow, error) {
	if err := v.need(domain.RoleAdmin, "the admin console"); err != nil {
		return nil, err
	}
	rows := []AdminAccountRow{}
	if err := sqlx.SelectContext(ctx, db, &rows, adminAccountSelect+
		` WHERE a.role = 'sponsor' AND sp.approval = 'pending'
			AND NOT EXISTS (SELECT 1 FROM org_members m WHERE m.account_id = a.id AND m.org_id <> a.id AND m.status = 'active')
			ORDER BY a.created_at, a.id LIMIT 500`); err != nil {
		return nil, fmt.Errorf("pending sponsors: %w", err)
	}
	return rows, nil
}

// flaggedCond is the condition of a yes/no/"" flag filter on col.
func flaggedCond(col, v string) (string, error) {
	switch v {
	case "":
		return "1 = 1", nil
	case "yes":
		return col + " = 1", nil
	case "no":
		return col + " = 0", nil
	}
	return "", domain.Errorf(domain.CodeInvalidArgument, "flagged must be yes, no or empty")
}

// AdminAccounts lists every account, filtered by text, role and flag.
func AdminAccounts(ctx context.Context, db sqlx.QueryerContext, v Viewer, q AdminAccountQuery) (AdminAccountPage, error) {
	if err := v.need(domain.RoleAdmin, "the admin console"); err != nil {
		return AdminAccountPage{}, err
	}
	if err := paging(&q.Page, &q.PageSize, DefaultPageSize); err != nil {
		return AdminAccountPage{}, err
	}
	where, args := []string{}, []any{}
	if q.Role != "" {
		if !domain.Role(q.Role).Valid() {
			return AdminAccountPage{}, domain.Errorf(domain.CodeInvalidArgument, "unknown role %q", clip(q.Role))
		}
		where, args = append(where, "a.role = ?"), append(args, q.Role)
	}
	fc, err := flaggedCond("a.flagged", q.Flagged)
	if err != nil {
		return AdminAccountPage{}, err
	}
	where = append(where, fc)
	pat, err := like(q.Text)
	if err != nil {
		return AdminAccountPage{}, err
	}
	if pat != "" {
		where = append(where, `(a.name LIKE ? ESCAPE '\' OR a.email LIKE ? ESCAPE '\' OR COALESCE(sp.company_name, '') LIKE ? ESCAPE '\' OR COALESCE(ip.display_name, '') LIKE ? ESCAPE '\')`)
		args = append(args, pat, pat, pat, pat)
	}
	all := strings.Join(where, " AND ")
	page := AdminAccountPage{Items: []AdminAccountRow{}, Page: q.Page, PageSize: q.PageSize}
	if err := sqlx.GetContext(ctx, db, &page.Total, `SELECT COUNT(*)`+adminAccountFrom+` WHERE `+all, args...); err != nil {
		return AdminAccountPage{}, fmt.Errorf("list accounts: %w", err)
	}
	if err := sqlx.SelectContext(ctx, db, &page.Items, adminAccountSelect+` WHERE `+all+
		` ORDER BY a.name COLLATE NOCASE, a.id LIMIT ? OFFSET ?`, append(args, q.PageSize, (q.Page-1)*q.PageSize)...); err != nil {
		return AdminAccountPage{}, fmt.Errorf("list accounts: %w", err)
	}
	return page, nil
}
