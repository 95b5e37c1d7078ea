package desktop

import (
	"context"
	"fmt"
	"strings"

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
}

// CampaignPage is one page of campaigns and the total matching.
type CampaignPage struct {
	Items    []CampaignRow `json:"items"`
	Total    int           `json:"total"`
	Page     int           `json:"page"`
	PageSize int           `json:"page_size"`
}

// CampaignService reads campaigns from the signed-in account's replica.
type CampaignService struct{ s *Services }

var campaignSorts = map[string]string{
	"updated":    "c.updated_at",
	"name":       "c.name COLLATE NOCASE",
	"start_date": "c.start_date",
	"end_date":   "c.end_date",
	"budget":     "c.budget",
}

// List returns the campaigns the signed-in account works with: a sponsor's own, an
// influencer's public ones plus those they have ad requests on, all for an admin.
func (cs *CampaignService) List(q CampaignQuery) (CampaignPage, error) {
	p, err := cs.list(context.Background(), q)
	return p, toUI(err)
}

func (cs *CampaignService) list(ctx context.Context, q CampaignQuery) (CampaignPage, error) {
	sess, err := cs.s.active()
	if err != nil {
		return CampaignPage{}, err
	}
	if q.Page == 0 {
		q.Page = 1
	}
	if q.PageSize == 0 {
		q.PageSize = 25
	}
	if q.Page < 1 || q.PageSize < 1 || q.PageSize > 200 {
		return CampaignPage{}, domain.Errorf(domain.CodeInvalidArgument, "page must be ≥ 1 and page_size from 1 to 200")
	}
	if q.Sort == "" {
		q.Sort, q.Desc = "updated", true
	}
	order, ok := campaignSorts[q.Sort]
	if !ok {
		return CampaignPage{}, domain.Errorf(domain.CodeInvalidArgument, "unknown sort %q", q.Sort)
	}
	where := []string{"c.deleted_at IS NULL"}
	var args []any
	me := sess.info.AccountID
	switch domain.Role(sess.info.Role) {
	case domain.RoleSponsor:
		where = append(where, "c.sponsor_id = ?")
		args = append(args, me)
	case domain.RoleInfluencer:
		where = append(where, `((c.visibility = 'public' AND c.status = 'active' AND c.flagged = 0)
			OR EXISTS (SELECT 1 FROM ad_requests r WHERE r.campaign_id = c.id AND r.influencer_id = ? AND r.deleted_at IS NULL))`)
		args = append(args, me)
	}
	if q.Status != "" {
		switch domain.CampaignStatus(q.Status) {
		case domain.CampaignDraft, domain.CampaignActive, domain.CampaignCompleted, domain.CampaignCancelled:
		default:
			return CampaignPage{}, domain.Errorf(domain.CodeInvalidArgument, "unknown status %q", q.Status)
		}
		where = append(where, "c.status = ?")
		args = append(args, q.Status)
	}
	if q.Visibility != "" {
		if q.Visibility != string(domain.VisibilityPublic) && q.Visibility != string(domain.VisibilityPrivate) {
			return CampaignPage{}, domain.Errorf(domain.CodeInvalidArgument, "unknown visibility %q", q.Visibility)
		}
		where = append(where, "c.visibility = ?")
		args = append(args, q.Visibility)
	}
	if t := strings.TrimSpace(q.Text); t != "" {
		if len(t) > 200 {
			return CampaignPage{}, domain.Errorf(domain.CodeInvalidArgument, "search text is too long")
		}
		like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(t) + "%"
		where = append(where, `(c.name LIKE ? ESCAPE '\' OR c.category LIKE ? ESCAPE '\' OR c.niche LIKE ? ESCAPE '\'
			OR c.description LIKE ? ESCAPE '\')`)
		args = append(args, like, like, like, like)
	}
	cond := strings.Join(where, " AND ")
	page := CampaignPage{Items: []CampaignRow{}, Page: q.Page, PageSize: q.PageSize}
	if err := sess.db.R.GetContext(ctx, &page.Total, `SELECT COUNT(*) FROM campaigns c WHERE `+cond, args...); err != nil {
		return CampaignPage{}, fmt.Errorf("list campaigns: %w", err)
	}
	dir := "ASC"
	if q.Desc {
		dir = "DESC"
	}
	query := `SELECT c.id, c.name, COALESCE(sp.company_name, a.name, '') AS sponsor_name, c.category, c.niche,
		c.start_date, c.end_date, c.budget, c.committed, c.visibility, c.status, c.flagged,
		(SELECT COUNT(*) FROM ad_requests r WHERE r.campaign_id = c.id AND r.status IN ('pending', 'accepted')
			AND r.deleted_at IS NULL) AS open_requests
		FROM campaigns c
		LEFT JOIN accounts a ON a.id = c.sponsor_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id
		WHERE ` + cond + ` ORDER BY ` + order + ` ` + dir + `, c.id ` + dir + ` LIMIT ? OFFSET ?`
	args = append(args, q.PageSize, (q.Page-1)*q.PageSize)
	if err := sess.db.R.SelectContext(ctx, &page.Items, query, args...); err != nil {
		return CampaignPage{}, fmt.Errorf("list campaigns: %w", err)
	}
	return page, nil
}
