package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/search"
)

// Finding campaigns (influencers) and influencers (sponsors). The full-text
// searches run in the search package over a read-only transaction, so these take
// the replica's *sqlx.DB.

// InflCampaignQuery is what the Find-campaigns filters send.
type InflCampaignQuery struct {
	Text      string `json:"text"`
	Category  string `json:"category"`
	MinBudget int64  `json:"min_budget"` // cents; 0: no lower bound
	MaxBudget int64  `json:"max_budget"` // cents; 0: no upper bound
	From      string `json:"from"`       // YYYY-MM-DD or ""
	To        string `json:"to"`         // YYYY-MM-DD or ""
	Sort      string `json:"sort"`       // relevance, budget, start_date, end_date
	Order     string `json:"order"`      // "", asc, desc
	Page      int    `json:"page"`       // 0 means 1
	PageSize  int    `json:"page_size"`  // 0 means 20
}

// InflCampaignHit is one public campaign found, with whether I already applied.
type InflCampaignHit struct {
	search.CampaignHit
	Applied bool `json:"applied"` // I have an open (pending or accepted) request on it
}

// InflCampaignPage is one page of public campaigns.
type InflCampaignPage struct {
	Items    []InflCampaignHit `json:"items"`
	Total    int               `json:"total"`
	Page     int               `json:"page"`
	PageSize int               `json:"page_size"`
}

// SearchCampaigns finds public active campaigns for an influencer.
func SearchCampaigns(ctx context.Context, db *sqlx.DB, v Viewer, q InflCampaignQuery) (InflCampaignPage, error) {
	if err := v.need(domain.RoleInfluencer, "finding campaigns"); err != nil {
		return InflCampaignPage{}, err
	}
	if q.Page == 0 {
		q.Page = 1
	}
	if q.PageSize == 0 {
		q.PageSize = 20
	}
	if q.MinBudget < 0 || q.MaxBudget < 0 {
		return InflCampaignPage{}, domain.Errorf(domain.CodeInvalidArgument, "budgets must not be negative")
	}
	res, err := search.Campaigns(ctx, db, search.CampaignQuery{
		Text: strings.TrimSpace(q.Text), Category: strings.TrimSpace(q.Category), MinBudget: q.MinBudget, MaxBudget: q.MaxBudget,
		From: q.From, To: q.To, Sort: q.Sort, Order: q.Order, Page: q.Page, PageSize: q.PageSize,
	})
	if err != nil {
		return InflCampaignPage{}, err
	}
	var open []string
	if err := db.SelectContext(ctx, &open, `SELECT DISTINCT campaign_id FROM ad_requests
		WHERE influencer_id = ? AND deleted_at IS NULL AND status IN ('pending', 'accepted')`, v.AccountID); err != nil {
		return InflCampaignPage{}, fmt.Errorf("open requests: %w", err)
	}
	applied := make(map[string]bool, len(open))
	for _, id := range open {
		applied[id] = true
	}
	out := InflCampaignPage{Items: make([]InflCampaignHit, 0, len(res.Items)), Total: res.Total, Page: res.Page, PageSize: res.PageSize}
	for _, h := range res.Items {
		out.Items = append(out.Items, InflCampaignHit{CampaignHit: h, Applied: applied[h.ID]})
	}
	return out, nil
}

// InflCampaignDetail is one public campaign as an influencer sees it: no
// committed or remaining money (the sponsor's, masked in the influencer's replica).
type InflCampaignDetail struct {
	ID            string `json:"id" db:"id"`
	Name          string `json:"name" db:"name"`
	Description   string `json:"description" db:"description"`
	Category      string `json:"category" db:"category"`
	Niche         string `json:"niche" db:"niche"`
	Goals         string `json:"goals" db:"goals"`
	StartDate     string `json:"start_date" db:"start_date"`
	EndDate       string `json:"end_date" db:"end_date"`
	Budget        int64  `json:"budget" db:"budget"`
	Status        string `json:"status" db:"status"`
	SponsorID     string `json:"sponsor_id" db:"sponsor_id"`
	CompanyName   string `json:"company_name" db:"company_name"`
	Industry      string `json:"industry" db:"industry"`
	OpenRequestID string `json:"open_request_id" db:"open_request_id"` // my pending or accepted request, or ""
	OpenStatus    string `json:"open_status" db:"open_status"`
	Applied       bool   `json:"applied" db:"-"`
}

// PublicCampaign returns one campaign an influencer may apply to (or already has
// a request on); any other answers not_found.
func PublicCampaign(ctx context.Context, db sqlx.QueryerContext, v Viewer, id string) (InflCampaignDetail, error) {
	if err := v.need(domain.RoleInfluencer, "a public campaign"); err != nil {
		return InflCampaignDetail{}, err
	}
	if err := needID("campaign", id); err != nil {
		return InflCampaignDetail{}, err
	}
	var d InflCampaignDetail
	me := v.AccountID
	err := sqlx.GetContext(ctx, db, &d, `SELECT c.id, c.name, c.description, c.category, c.niche, c.goals,
		c.start_date, c.end_date, c.budget, c.status, c.sponsor_id,
		COALESCE(sp.company_name, a.name, '') AS company_name, COALESCE(sp.industry, '') AS industry,
		COALESCE((SELECT r.id FROM ad_requests r WHERE r.campaign_id = c.id AND r.influencer_id = ? AND r.deleted_at IS NULL
			AND r.status IN ('pending', 'accepted') ORDER BY r.created_at DESC LIMIT 1), '') AS open_request_id,
		COALESCE((SELECT r.status FROM ad_requests r WHERE r.campaign_id = c.id AND r.influencer_id = ? AND r.deleted_at IS NULL
			AND r.status IN ('pending', 'accepted') ORDER BY r.created_at DESC LIMIT 1), '') AS open_status
		FROM campaigns c
		LEFT JOIN accounts a ON a.id = c.sponsor_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id
		WHERE c.id = ? AND c.deleted_at IS NULL AND (
			(c.visibility = 'public' AND c.status = 'active' AND c.flagged = 0
				AND a.active = 1 AND a.flagged = 0 AND sp.approval = 'approved')
			OR EXISTS (SELECT 1 FROM ad_requests r WHERE r.campaign_id = c.id AND r.influencer_id = ?))`,
		me, me, id, me)
	if errors.Is(err, sql.ErrNoRows) {
		return InflCampaignDetail{}, notFound("campaign")
	}
	if err != nil {
		return InflCampaignDetail{}, fmt.Errorf("get campaign: %w", err)
	}
	d.Applied = d.OpenRequestID != ""
	return d, nil
}

// SearchInfluencers searches the influencer directory; page and page_size
// default to 1 and 20.
func SearchInfluencers(ctx context.Context, db *sqlx.DB, q search.InfluencerQuery) (search.Page[search.InfluencerHit], error) {
	if q.Page == 0 {
		q.Page = 1
	}
	if q.PageSize == 0 {
		q.PageSize = 20
	}
	q.Text = strings.TrimSpace(q.Text)
	q.Category = strings.TrimSpace(q.Category)
	q.Niche = strings.TrimSpace(q.Niche)
	p, err := search.Influencers(ctx, db, q)
	if err != nil {
		return search.Page[search.InfluencerHit]{}, err
	}
	if p.Items == nil {
		p.Items = []search.InfluencerHit{}
	}
	return p, nil
}
