package search

import (
	"context"
	"slices"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// InfluencerQuery filters, sorts and pages influencer profiles. Zero values mean "no
// filter"; Page and PageSize are required.
type InfluencerQuery struct {
	Text     string `json:"text"`     // words in name, display name, category, niche or bio
	Category string `json:"category"` // exact, case-insensitive
	Niche    string `json:"niche"`    // exact, case-insensitive
	// Platform, one of domain.Platforms, keeps only influencers with reach on it and
	// makes MinReach, MaxReach and SortReach apply to that platform's reach.
	Platform string `json:"platform"`
	MinReach int64  `json:"min_reach"` // 0: no lower bound
	MaxReach int64  `json:"max_reach"` // 0: no upper bound
	Sort     string `json:"sort"`      // relevance (default), reach, name or rating
	Order    string `json:"order"`     // "" (the sort's natural direction), asc or desc
	Page     int    `json:"page"`      // from 1
	PageSize int    `json:"page_size"` // 1 to MaxPageSize
}

// InfluencerHit is one influencer found.
type InfluencerHit struct {
	AccountID      string  `db:"account_id" json:"account_id"`
	Name           string  `db:"name" json:"name"`
	DisplayName    string  `db:"display_name" json:"display_name"`
	Category       string  `db:"category" json:"category"`
	Niche          string  `db:"niche" json:"niche"`
	Bio            string  `db:"bio" json:"bio"`
	ReachInstagram int64   `db:"reach_instagram" json:"reach_instagram"`
	ReachYouTube   int64   `db:"reach_youtube" json:"reach_youtube"`
	ReachTikTok    int64   `db:"reach_tiktok" json:"reach_tiktok"`
	ReachX         int64   `db:"reach_x" json:"reach_x"`
	ReachOther     int64   `db:"reach_other" json:"reach_other"`
	ReachTotal     int64   `db:"reach_total" json:"reach_total"`
	Rating         float64 `db:"rating" json:"rating"` // average of sponsors' reviews; 0 when none
	ReviewCount    int     `db:"review_count" json:"review_count"`
}

// reachColumn maps a platform to its reach column; "" is the total.
func reachColumn(platform string) string {
	if platform == "" {
		return "p.reach_total"
	}
	return "p.reach_" + platform
}

func (q *InfluencerQuery) validate() error {
	if err := checkPaging(q.Page, q.PageSize); err != nil {
		return err
	}
	if err := checkText(q.Text); err != nil {
		return err
	}
	if q.Platform != "" && !slices.Contains(domain.Platforms, q.Platform) {
		return invalid("platform must be one of %v, got %q", domain.Platforms, clip(q.Platform))
	}
	if err := checkRange("reach", q.MinReach, q.MaxReach); err != nil {
		return err
	}
	switch q.Sort {
	case "", SortRelevance, SortReach, SortName, SortRating:
	default:
		return invalid("sort must be relevance, reach, name or rating, got %q", clip(q.Sort))
	}
	return checkOrder(q.Order)
}

const influencerSelect = `p.account_id, a.name, p.display_name, p.category, p.niche, p.bio,
	p.reach_instagram, p.reach_youtube, p.reach_tiktok, p.reach_x, p.reach_other, p.reach_total,
	COALESCE((SELECT AVG(r.rating) FROM reviews r
		WHERE r.influencer_id = p.account_id AND r.subject = 'influencer'), 0) AS rating,
	(SELECT COUNT(*) FROM reviews r
		WHERE r.influencer_id = p.account_id AND r.subject = 'influencer') AS review_count`

// Influencers searches influencer profiles. Flagged and deactivated accounts are
// never returned.
func Influencers(ctx context.Context, db *sqlx.DB, q InfluencerQuery) (Page[InfluencerHit], error) {
	if err := q.validate(); err != nil {
		return Page[InfluencerHit]{}, err
	}
	match := MatchQuery(q.Text)
	from := `influencer_profiles p JOIN accounts a ON a.id = p.account_id`
	if match != "" {
		from = `influencer_search s
			JOIN influencer_search_docs d ON d.rid = s.rowid
			JOIN influencer_profiles p ON p.account_id = d.account_id
			JOIN accounts a ON a.id = p.account_id`
	}
	var w where
	if match != "" {
		w.add("influencer_search MATCH ?", match)
	}
	w.add("a.role = 'influencer' AND a.active = 1 AND a.flagged = 0")
	if q.Category != "" {
		w.add("p.category = ? COLLATE NOCASE", q.Category)
	}
	if q.Niche != "" {
		w.add("p.niche = ? COLLATE NOCASE", q.Niche)
	}
	reach := reachColumn(q.Platform)
	if q.Platform != "" {
		w.add(reach + " > 0")
	}
	if q.MinReach > 0 {
		w.add(reach+" >= ?", q.MinReach)
	}
	if q.MaxReach > 0 {
		w.add(reach+" <= ?", q.MaxReach)
	}

	sort := q.Sort
	if sort == "" || (sort == SortRelevance && match == "") {
		sort = SortRelevance
		if match == "" {
			sort = SortReach // browsing: the biggest first
		}
	}
	var orderBy string
	switch sort {
	case SortRelevance:
		dir := direction(OrderAsc, q.Order) // rank is bm25: lower is better
		orderBy = "s.rank " + dir + ", p.reach_total " + flip(dir)
	case SortReach:
		dir := direction(OrderDesc, q.Order)
		orderBy = reach + " " + dir
	case SortName:
		orderBy = "p.display_name COLLATE NOCASE " + direction(OrderAsc, q.Order)
	case SortRating:
		dir := direction(OrderDesc, q.Order)
		orderBy = "rating " + dir + ", review_count " + dir + ", p.reach_total " + dir
	}
	orderBy += ", p.account_id"
	return run[InfluencerHit](ctx, db, influencerSelect, from, &w, orderBy, q.Page, q.PageSize)
}
