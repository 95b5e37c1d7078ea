package desktop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"iescp/backend/domain"
)

// The admin's console: counts, sponsors awaiting approval, and every account and
// campaign, all read from the signed-in admin's replica. Actions are the admin.*
// mutators through Services.Mutate (optimistic, queued, pushed soon). Every method
// refuses non-admins with forbidden, reads included: lists must not leak.

// Flag targets.
const (
	TargetAccount  = "account"
	TargetCampaign = "campaign"
)

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

// AdminCampaignQuery filters and pages the campaign list.
type AdminCampaignQuery struct {
	Text     string `json:"text"`    // matches the campaign or the sponsor's name
	Status   string `json:"status"`  // "" or a campaign status
	Flagged  string `json:"flagged"` // "", "yes" or "no"
	Page     int    `json:"page"`
	PageSize int    `json:"page_size"`
}

// AdminCampaignRow is one campaign with its sponsor.
type AdminCampaignRow struct {
	ID          string `json:"id" db:"id"`
	Name        string `json:"name" db:"name"`
	SponsorID   string `json:"sponsor_id" db:"sponsor_id"`
	SponsorName string `json:"sponsor_name" db:"sponsor_name"`
	Status      string `json:"status" db:"status"`
	Visibility  string `json:"visibility" db:"visibility"`
	Budget      int64  `json:"budget" db:"budget"`
	Committed   int64  `json:"committed" db:"committed"`
	StartDate   string `json:"start_date" db:"start_date"`
	EndDate     string `json:"end_date" db:"end_date"`
	Flagged     bool   `json:"flagged" db:"flagged"`
	FlagReason  string `json:"flag_reason" db:"flag_reason"`
	UpdatedAt   string `json:"updated_at" db:"updated_at"`
}

// AdminCampaignPage is one page of campaigns and the total matching.
type AdminCampaignPage struct {
	Items    []AdminCampaignRow `json:"items"`
	Total    int                `json:"total"`
	Page     int                `json:"page"`
	PageSize int                `json:"page_size"`
}

// AdminService is bound to the UI.
type AdminService struct{ s *Services }

// NewAdminService makes the admin service over the desktop services.
func NewAdminService(s *Services) *AdminService { return &AdminService{s: s} }

func (a *AdminService) admin() (*session, error) {
	sess, err := a.s.active()
	if err != nil {
		return nil, err
	}
	if domain.Role(sess.info.Role) != domain.RoleAdmin {
		return nil, domain.Errorf(domain.CodeForbidden, "only an admin can do that")
	}
	return sess, nil
}

// Overview counts accounts, sponsors awaiting approval, campaigns and ad requests.
func (a *AdminService) Overview() (AdminOverview, error) {
	o, err := a.overview(context.Background())
	return o, toUI(err)
}

func (a *AdminService) overview(ctx context.Context) (AdminOverview, error) {
	sess, err := a.admin()
	if err != nil {
		return AdminOverview{}, err
	}
	o := AdminOverview{
		Accounts:   map[string]int{"admin": 0, "sponsor": 0, "influencer": 0},
		Campaigns:  map[string]int{"draft": 0, "active": 0, "completed": 0, "cancelled": 0},
		AdRequests: map[string]int{"pending": 0, "accepted": 0, "rejected": 0, "withdrawn": 0, "completed": 0},
	}
	type kv struct {
		K string `db:"k"`
		N int    `db:"n"`
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
		var rows []kv
		if err := sess.db.R.SelectContext(ctx, &rows, g.query); err != nil {
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
	if err := sess.db.R.GetContext(ctx, &c, `SELECT
		(SELECT COUNT(*) FROM accounts WHERE active = 1) AS active,
		(SELECT COUNT(*) FROM accounts WHERE flagged = 1) AS flagged,
		(SELECT COUNT(*) FROM accounts a JOIN sponsor_profiles p ON p.account_id = a.id WHERE a.role = 'sponsor' AND p.approval = 'pending') AS pending,
		(SELECT COUNT(*) FROM campaigns WHERE deleted_at IS NULL AND flagged = 1) AS flagged_c`); err != nil {
		return AdminOverview{}, fmt.Errorf("admin overview: %w", err)
	}
	o.Active, o.Deactivated = c.Active, o.AccountsTotal-c.Active
	o.FlaggedAccounts, o.PendingSponsors, o.FlaggedCampaigns = c.Flagged, c.Pending, c.FlaggedC
	return o, nil
}

const adminAccountSelect = `SELECT a.id, a.email, a.name, a.role,
	COALESCE(sp.company_name, NULLIF(ip.display_name, ''), '') AS display_name,
	a.active, a.flagged, a.flag_reason, COALESCE(sp.approval, '') AS approval,
	COALESCE(sp.review_reason, '') AS review_reason, COALESCE(sp.industry, '') AS industry, a.created_at
	FROM accounts a
	LEFT JOIN sponsor_profiles sp ON sp.account_id = a.id
	LEFT JOIN influencer_profiles ip ON ip.account_id = a.id`

// PendingSponsors lists the sponsors awaiting approval, the oldest first.
func (a *AdminService) PendingSponsors() ([]AdminAccountRow, error) {
	rows, err := a.pendingSponsors(context.Background())
	return rows, toUI(err)
}

func (a *AdminService) pendingSponsors(ctx context.Context) ([]AdminAccountRow, error) {
	sess, err := a.admin()
	if err != nil {
		return nil, err
	}
	rows := []AdminAccountRow{}
	if err := sess.db.R.SelectContext(ctx, &rows, adminAccountSelect+
		` WHERE a.role = 'sponsor' AND sp.approval = 'pending' ORDER BY a.created_at, a.id LIMIT 500`); err != nil {
		return nil, fmt.Errorf("pending sponsors: %w", err)
	}
	return rows, nil
}

func adminPageArgs(page, size *int) error {
	if *page == 0 {
		*page = 1
	}
	if *size == 0 {
		*size = 25
	}
	if *page < 1 || *size < 1 || *size > 200 {
		return domain.Errorf(domain.CodeInvalidArgument, "page must be ≥ 1 and page_size from 1 to 200")
	}
	return nil
}

// adminLike makes a LIKE pattern matching text anywhere (escaped with \).
func adminLike(text string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.TrimSpace(text)) + "%"
}

func adminFlaggedCond(col, v string) (string, error) {
	switch v {
	case "":
		return "", nil
	case "yes":
		return col + " = 1", nil
	case "no":
		return col + " = 0", nil
	}
	return "", domain.Errorf(domain.CodeInvalidArgument, "flagged must be yes, no or empty")
}

// Accounts lists every account, filtered by text, role and flag.
func (a *AdminService) Accounts(q AdminAccountQuery) (AdminAccountPage, error) {
	p, err := a.accounts(context.Background(), q)
	return p, toUI(err)
}

func (a *AdminService) accounts(ctx context.Context, q AdminAccountQuery) (AdminAccountPage, error) {
	sess, err := a.admin()
	if err != nil {
		return AdminAccountPage{}, err
	}
	if err := adminPageArgs(&q.Page, &q.PageSize); err != nil {
		return AdminAccountPage{}, err
	}
	where, args := []string{"1 = 1"}, []any{}
	if q.Role != "" {
		if !domain.Role(q.Role).Valid() {
			return AdminAccountPage{}, domain.Errorf(domain.CodeInvalidArgument, "unknown role %q", clipText(q.Role))
		}
		where, args = append(where, "a.role = ?"), append(args, q.Role)
	}
	fc, err := adminFlaggedCond("a.flagged", q.Flagged)
	if err != nil {
		return AdminAccountPage{}, err
	}
	if fc != "" {
		where = append(where, fc)
	}
	if strings.TrimSpace(q.Text) != "" {
		p := adminLike(q.Text)
		where = append(where, `(a.name LIKE ? ESCAPE '\' OR a.email LIKE ? ESCAPE '\' OR COALESCE(sp.company_name, '') LIKE ? ESCAPE '\' OR COALESCE(ip.display_name, '') LIKE ? ESCAPE '\')`)
		args = append(args, p, p, p, p)
	}
	all := strings.Join(where, " AND ")
	page := AdminAccountPage{Items: []AdminAccountRow{}, Page: q.Page, PageSize: q.PageSize}
	if err := sess.db.R.GetContext(ctx, &page.Total, `SELECT COUNT(*) FROM accounts a
		LEFT JOIN sponsor_profiles sp ON sp.account_id = a.id
		LEFT JOIN influencer_profiles ip ON ip.account_id = a.id WHERE `+all, args...); err != nil {
		return AdminAccountPage{}, fmt.Errorf("list accounts: %w", err)
	}
	if err := sess.db.R.SelectContext(ctx, &page.Items, adminAccountSelect+` WHERE `+all+
		` ORDER BY a.name COLLATE NOCASE, a.id LIMIT ? OFFSET ?`, append(args, q.PageSize, (q.Page-1)*q.PageSize)...); err != nil {
		return AdminAccountPage{}, fmt.Errorf("list accounts: %w", err)
	}
	return page, nil
}

// Campaigns lists every campaign with its sponsor, filtered by text, status and flag.
func (a *AdminService) Campaigns(q AdminCampaignQuery) (AdminCampaignPage, error) {
	p, err := a.campaigns(context.Background(), q)
	return p, toUI(err)
}

func (a *AdminService) campaigns(ctx context.Context, q AdminCampaignQuery) (AdminCampaignPage, error) {
	sess, err := a.admin()
	if err != nil {
		return AdminCampaignPage{}, err
	}
	if err := adminPageArgs(&q.Page, &q.PageSize); err != nil {
		return AdminCampaignPage{}, err
	}
	where, args := []string{"c.deleted_at IS NULL"}, []any{}
	switch domain.CampaignStatus(q.Status) {
	case "":
	case domain.CampaignDraft, domain.CampaignActive, domain.CampaignCompleted, domain.CampaignCancelled:
		where, args = append(where, "c.status = ?"), append(args, q.Status)
	default:
		return AdminCampaignPage{}, domain.Errorf(domain.CodeInvalidArgument, "unknown status %q", clipText(q.Status))
	}
	fc, err := adminFlaggedCond("c.flagged", q.Flagged)
	if err != nil {
		return AdminCampaignPage{}, err
	}
	if fc != "" {
		where = append(where, fc)
	}
	if strings.TrimSpace(q.Text) != "" {
		p := adminLike(q.Text)
		where = append(where, `(c.name LIKE ? ESCAPE '\' OR COALESCE(sp.company_name, '') LIKE ? ESCAPE '\' OR COALESCE(sa.name, '') LIKE ? ESCAPE '\')`)
		args = append(args, p, p, p)
	}
	from := ` FROM campaigns c
		LEFT JOIN accounts sa ON sa.id = c.sponsor_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id WHERE ` + strings.Join(where, " AND ")
	page := AdminCampaignPage{Items: []AdminCampaignRow{}, Page: q.Page, PageSize: q.PageSize}
	if err := sess.db.R.GetContext(ctx, &page.Total, `SELECT COUNT(*)`+from, args...); err != nil {
		return AdminCampaignPage{}, fmt.Errorf("list campaigns: %w", err)
	}
	if err := sess.db.R.SelectContext(ctx, &page.Items, `SELECT c.id, c.name, c.sponsor_id,
		COALESCE(sp.company_name, sa.name, '') AS sponsor_name, c.status, c.visibility, c.budget, c.committed,
		c.start_date, c.end_date, c.flagged, c.flag_reason, c.updated_at`+from+
		` ORDER BY c.updated_at DESC, c.id DESC LIMIT ? OFFSET ?`, append(args, q.PageSize, (q.Page-1)*q.PageSize)...); err != nil {
		return AdminCampaignPage{}, fmt.Errorf("list campaigns: %w", err)
	}
	return page, nil
}

// ApproveSponsor approves a pending or rejected sponsor.
func (a *AdminService) ApproveSponsor(id, reason string) error {
	if err := errors.Join(needID("sponsor", id), checkText("reason", reason, maxReason, false)); err != nil {
		return toUI(err)
	}
	return toUI(a.mutate("admin.approveSponsor", map[string]any{"sponsor_id": id, "reason": strings.TrimSpace(reason)}))
}

// RejectSponsor rejects a pending sponsor.
func (a *AdminService) RejectSponsor(id, reason string) error {
	if err := errors.Join(needID("sponsor", id), checkText("reason", reason, maxReason, false)); err != nil {
		return toUI(err)
	}
	return toUI(a.mutate("admin.rejectSponsor", map[string]any{"sponsor_id": id, "reason": strings.TrimSpace(reason)}))
}

func adminCheckTarget(target string) error {
	if target != TargetAccount && target != TargetCampaign {
		return domain.Errorf(domain.CodeInvalidArgument, "target must be account or campaign")
	}
	return nil
}

// Flag flags an account or a campaign; a reason is required.
func (a *AdminService) Flag(target, id, reason string) error {
	if err := errors.Join(adminCheckTarget(target), needID(target, id), checkText("reason", reason, maxReason, true)); err != nil {
		return toUI(err)
	}
	return toUI(a.mutate("admin.flag", map[string]any{"target": target, "id": id, "reason": strings.TrimSpace(reason)}))
}

// Unflag clears the flag of an account or a campaign.
func (a *AdminService) Unflag(target, id string) error {
	if err := errors.Join(adminCheckTarget(target), needID(target, id)); err != nil {
		return toUI(err)
	}
	return toUI(a.mutate("admin.unflag", map[string]any{"target": target, "id": id}))
}

// SetActive deactivates or reactivates an account.
func (a *AdminService) SetActive(accountID string, active bool) error {
	if err := needID("account", accountID); err != nil {
		return toUI(err)
	}
	return toUI(a.mutate("admin.setActive", map[string]any{"account_id": accountID, "active": active}))
}

// mutate checks the role first, so a non-admin gets forbidden before anything else.
func (a *AdminService) mutate(name string, args map[string]any) error {
	if _, err := a.admin(); err != nil {
		return err
	}
	b, err := json.Marshal(args)
	if err != nil {
		return err
	}
	_, err = a.s.Mutate(context.Background(), name, b)
	return err
}
