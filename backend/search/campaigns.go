package search

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// CampaignQuery filters, sorts and pages public campaigns. Zero values mean "no
// filter"; Page and PageSize are required.
type CampaignQuery struct {
	Text      string `json:"text"`       // words in name, description, category, niche or goals
	Category  string `json:"category"`   // exact, case-insensitive
	Niche     string `json:"niche"`      // exact, case-insensitive
	MinBudget int64  `json:"min_budget"` // cents; 0: no lower bound
	MaxBudget int64  `json:"max_budget"` // cents; 0: no upper bound
	// From and To (YYYY-MM-DD, inclusive) keep campaigns whose dates overlap the
	// window; either may be empty for an open end.
	From     string `json:"from"`
	To       string `json:"to"`
	Sort     string `json:"sort"`      // relevance (default), budget, start_date or end_date
	Order    string `json:"order"`     // "" (the sort's natural direction), asc or desc
	Page     int    `json:"page"`      // from 1
	PageSize int    `json:"page_size"` // 1 to MaxPageSize
}

// CampaignHit is one public campaign found.
type CampaignHit struct {
	ID          string `db:"id" json:"id"`
	SponsorID   string `db:"sponsor_id" json:"sponsor_id"`
	CompanyName string `db:"company_name" json:"company_name"`
	Name        string `db:"name" json:"name"`
	Description string `db:"description" json:"description"`
	Category    string `db:"category" json:"category"`
	Niche       string `db:"niche" json:"niche"`
	Goals       string `db:"goals" json:"goals"`
	StartDate   string `db:"start_date" json:"start_date"`
	EndDate     string `db:"end_date" json:"end_date"`
	Budget      int64  `db:"budget" json:"budget"`
	// No committed or remaining money: those are the sponsor's, masked in every
	// other account's replica (a searcher never owns the campaigns found).
}

func (q *CampaignQuery) validate() error {
	if err := checkPaging(q.Page, q.PageSize); err != nil {
		return err
	}
	if err := checkText(q.Text); err != nil {
		return err
	}
	if err := checkRange("budget", q.MinBudget, q.MaxBudget); err != nil {
		return err
	}
	if err := checkDate("from", q.From); err != nil {
		return err
	}
	if err := checkDate("to", q.To); err != nil {
		return err
	}
	if q.From != "" && q.To != "" && q.From > q.To {
		return invalid("from (%s) must not be after to (%s)", q.From, q.To)
	}
	switch q.Sort {
	case "", SortRelevance, SortBudget, SortStartDate, SortEndDate:
	default:
		return invalid("sort must be relevance, budget, start_date or end_date, got %q", clip(q.Sort))
	}
	return checkOrder(q.Order)
}

const campaignSelect = `c.id, c.sponsor_id, sp.company_name, c.name, c.description, c.category, c.niche,
	c.goals, c.start_date, c.end_date, c.budget`

// Campaigns searches the campaigns anyone may see: public and active, not flagged or
// deleted, of an approved sponsor whose account is active and not flagged.
func Campaigns(ctx context.Context, db *sqlx.DB, q CampaignQuery) (Page[CampaignHit], error) {
	if err := q.validate(); err != nil {
		return Page[CampaignHit]{}, err
	}
	match := MatchQuery(q.Text)
	from := `campaigns c`
	if match != "" {
		// CROSS JOIN fixes the join order: the full-text index drives, once.
		from = `campaign_search s
			CROSS JOIN campaign_search_docs d ON d.rid = s.rowid
			CROSS JOIN campaigns c ON c.id = d.campaign_id`
	}
	from += ` JOIN accounts a ON a.id = c.sponsor_id
		JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id`
	var w where
	if match != "" {
		w.add("campaign_search MATCH ?", match)
	}
	w.add(`c.visibility = 'public' AND c.status = 'active' AND c.flagged = 0 AND c.deleted_at IS NULL
		AND a.active = 1 AND a.flagged = 0 AND sp.approval = 'approved'`)
	if q.Category != "" {
		w.add("c.category = ? COLLATE NOCASE", q.Category)
	}
	if q.Niche != "" {
		w.add("c.niche = ? COLLATE NOCASE", q.Niche)
	}
	if q.MinBudget > 0 {
		w.add("c.budget >= ?", q.MinBudget)
	}
	if q.MaxBudget > 0 {
		w.add("c.budget <= ?", q.MaxBudget)
	}
	if q.From != "" {
		w.add("c.end_date >= ?", q.From)
	}
	if q.To != "" {
		w.add("c.start_date <= ?", q.To)
	}

	sort := q.Sort
	if sort == "" || (sort == SortRelevance && match == "") {
		sort = SortRelevance
		if match == "" {
			sort = SortStartDate // browsing: the newest first
			if q.Order == OrderDefault {
				q.Order = OrderDesc
			}
		}
	}
	var orderBy string
	switch sort {
	case SortRelevance:
		orderBy = "s.rank " + direction(OrderAsc, q.Order)
	case SortBudget:
		orderBy = "c.budget " + direction(OrderDesc, q.Order)
	case SortStartDate:
		orderBy = "c.start_date " + direction(OrderAsc, q.Order)
	case SortEndDate:
		orderBy = "c.end_date " + direction(OrderAsc, q.Order)
	}
	orderBy += ", c.id"
	return run[CampaignHit](ctx, db, campaignSelect, from, &w, orderBy, q.Page, q.PageSize)
}
