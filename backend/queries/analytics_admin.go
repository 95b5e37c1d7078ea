package queries

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
	"iescp/backend/domain"
)

// The admin's platform analytics (issue 12, item 7): the influencers by size tier,
// the risk distribution, the top influencers and campaigns, the totals; and the
// authenticity review list. Both refuse non-admins with forbidden.

// Platform analytics limits.
const (
	// TopMinPosts is the posts in 90 days an influencer needs to be in the top by ER:
	// a high ER on two posts says little. The index influencer_stats_top_er holds only
	// those (domain migration 0020): change both together.
	TopMinPosts = 10
	// TopN is the length of the top lists.
	TopN = 10
)

// TierRow is one size tier of the platform. An influencer's tier is its stats'
// size tier, or, without stats, the tier of its profile's total reach ("" when 0).
type TierRow struct {
	Tier        string  `json:"tier" db:"tier"`
	Influencers int     `json:"influencers" db:"influencers"`
	Rated       int     `json:"rated" db:"rated"`         // with an influencer_stats row
	ShareRated  float64 `json:"share_rated" db:"-"`       // Rated / Influencers
	MedianER    float64 `json:"median_er" db:"-"`         // of the rated with posts in 90 days; 0 when none
	Posts90d    int64   `json:"posts_90d" db:"posts_90d"` // posts counted by the stats
}

// RiskCounts is the risk distribution: low (< 30), medium (30–59), high (≥ 60),
// and unrated (no stats, or too few posts to rate).
type RiskCounts struct {
	Low     int `json:"low" db:"low"`
	Medium  int `json:"medium" db:"medium"`
	High    int `json:"high" db:"high"`
	Unrated int `json:"unrated" db:"unrated"`
}

// TopInfluencer is one of the best ERs among the influencers with enough posts.
type TopInfluencer struct {
	InfluencerID string  `json:"influencer_id" db:"influencer_id"`
	Name         string  `json:"name" db:"name"`
	SizeTier     string  `json:"size_tier" db:"size_tier"`
	Followers    int64   `json:"followers" db:"followers"`
	ERFollowers  float64 `json:"er_followers" db:"er_followers"`
	Posts90d     int     `json:"posts_90d" db:"posts_90d"`
	RiskScore    int     `json:"risk_score" db:"risk_score"`
}

// TopCampaign is one of the campaigns with the most engagements reported on their
// deliverables (each deliverable's latest checkpoint: 30d, else 7d, else 24h).
type TopCampaign struct {
	CampaignID   string `json:"campaign_id" db:"campaign_id"`
	Name         string `json:"name" db:"name"`
	Company      string `json:"company" db:"company"`
	Deliverables int    `json:"deliverables" db:"deliverables"` // with metrics
	Views        int64  `json:"views" db:"views"`
	Engagements  int64  `json:"engagements" db:"engagements"` // likes + comments + shares + saves
}

// PlatformTotals are the platform's totals.
type PlatformTotals struct {
	Influencers  int   `json:"influencers" db:"influencers"`
	Rated        int   `json:"rated" db:"rated"`
	Posts90d     int64 `json:"posts_90d" db:"posts_90d"`
	Campaigns    int   `json:"campaigns" db:"campaigns"`       // not deleted
	Deals        int   `json:"deals" db:"deals"`               // accepted ad requests
	Deliverables int   `json:"deliverables" db:"deliverables"` // with metrics
	Views        int64 `json:"views" db:"views"`
	Engagements  int64 `json:"engagements" db:"engagements"`
}

// PlatformAnalyticsView is the admin's analytics tab.
type PlatformAnalyticsView struct {
	Tiers          []TierRow       `json:"tiers"` // smallest first, then "" (no reach)
	Risk           RiskCounts      `json:"risk"`
	TopInfluencers []TopInfluencer `json:"top_influencers"`
	TopCampaigns   []TopCampaign   `json:"top_campaigns"`
	Totals         PlatformTotals  `json:"totals"`
}

// reachTiers are the size tiers of a reach, each from its lower bound: the rule of
// analytics.SizeTier ("" for 0 or less; a lower bound belongs to its tier), which
// TestReachTiers holds them to.
var reachTiers = []struct {
	tier string
	from int64 // the first reach of the tier; the next tier's is the end
}{{"", math.MinInt64}, {analytics.TierNano, 1}, {analytics.TierMicro, 10_000}, {analytics.TierMid, 50_000},
	{analytics.TierMacro, 500_000}, {analytics.TierMega, 1_000_000}}

// unratedVisible counts the visible profiles without a stats row in each of
// reachTiers: range counts on the search keys' partial index of the unrated by reach
// (domain migration 0018, kept by triggers on the profiles, the stats and the
// accounts), instead of looking up every profile's id in the stats.
var unratedVisible = func() string {
	q := "SELECT "
	for i := range reachTiers {
		if i > 0 {
			q += ", "
		}
		q += `(SELECT COUNT(*) FROM influencer_search_keys INDEXED BY influencer_search_keys_unrated
			WHERE hidden = 0 AND rated = 0 AND reach_total >= ?`
		if i+1 < len(reachTiers) {
			q += " AND reach_total < ?"
		}
		q += ")"
	}
	return q
}()

// unratedByTier counts the profiles without an influencer_stats row by the size tier
// of their reach, hidden ones (flagged or deactivated) included: the visible from
// range counts on an index (unratedVisible), the hidden (few) read one by one from the
// keys' index of the hidden rows. A profile's keys say whether it has a stats row
// (rated) and carry its reach; search.Rebuild ends every bulk load in the same
// transaction, so a reader never sees them out of step.
func unratedByTier(ctx context.Context, db sqlx.QueryerContext) (map[string]int, error) {
	var args []any
	for i, t := range reachTiers {
		args = append(args, t.from)
		if i+1 < len(reachTiers) {
			args = append(args, reachTiers[i+1].from)
		}
	}
	counts := make([]int, len(reachTiers))
	dest := make([]any, len(counts))
	for i := range counts {
		dest[i] = &counts[i]
	}
	if err := db.QueryRowxContext(ctx, unratedVisible, args...).Scan(dest...); err != nil {
		return nil, fmt.Errorf("platform analytics: unrated: %w", err)
	}
	out := map[string]int{}
	for i, t := range reachTiers {
		if counts[i] > 0 {
			out[t.tier] = counts[i]
		}
	}
	var hidden []int64
	if err := sqlx.SelectContext(ctx, db, &hidden, `SELECT reach_total FROM influencer_search_keys
		INDEXED BY influencer_search_keys_hidden WHERE hidden = 1 AND rated = 0`); err != nil {
		return nil, fmt.Errorf("platform analytics: unrated hidden: %w", err)
	}
	for _, reach := range hidden {
		out[analytics.SizeTier(reach)]++
	}
	return out, nil
}

// insufficientExpr is the expression of the index influencer_stats_insufficient_risk
// (migration 0015), character for character, so SQLite uses it.
const insufficientExpr = `instr(risk_reasons, '"` + analytics.ReasonInsufficientData + `"') > 0`

// Each deliverable's latest metrics (latestMetrics: one rule for every screen) with
// its campaign.
const campaignLatestMetrics = `SELECT c.id AS campaign_id, l.views, l.engagements
	FROM (` + latestMetrics + `) l JOIN deliverables d ON d.id = l.deliverable_id JOIN ad_requests r ON r.id = d.ad_request_id
	JOIN campaigns c ON c.id = r.campaign_id
	WHERE c.deleted_at IS NULL`

// PlatformAnalytics reads the admin's analytics tab.
func PlatformAnalytics(ctx context.Context, db sqlx.QueryerContext, v Viewer) (PlatformAnalyticsView, error) {
	out := PlatformAnalyticsView{Tiers: []TierRow{}, TopInfluencers: []TopInfluencer{}, TopCampaigns: []TopCampaign{}}
	if err := v.need(domain.RoleAdmin, "the platform analytics"); err != nil {
		return out, err
	}
	// Each part from an index alone (migrations 0015 and 0018), never a join over every
	// row: the rated by the stats' tier (covering index), with the number that have
	// posts (the median's count), the unrated by their reach (the search keys).
	var tiers []struct {
		TierRow
		WithPosts int `db:"with_posts"`
	}
	if err := sqlx.SelectContext(ctx, db, &tiers, `SELECT size_tier AS tier, COUNT(*) AS influencers,
		COUNT(*) AS rated, SUM(posts_90d) AS posts_90d, SUM(posts_90d > 0) AS with_posts
		FROM influencer_stats INDEXED BY influencer_stats_tier_posts GROUP BY size_tier`); err != nil {
		return out, fmt.Errorf("platform analytics: tiers: %w", err)
	}
	unrated, err := unratedByTier(ctx, db)
	if err != nil {
		return out, err
	}
	at, withPosts := map[string]TierRow{}, map[string]int{}
	for _, r := range tiers {
		at[r.Tier], withPosts[r.Tier] = r.TierRow, r.WithPosts
	}
	for tier, n := range unrated {
		r := at[tier]
		r.Tier = tier
		r.Influencers += n
		at[tier] = r
	}
	for _, tier := range append(append([]string{}, analytics.SizeTiers...), "") {
		r, ok := at[tier]
		if !ok && tier == "" {
			continue
		}
		r.Tier = tier
		if r.Influencers > 0 {
			r.ShareRated = float64(r.Rated) / float64(r.Influencers)
		}
		med, err := medianER(ctx, db, tier, withPosts[tier])
		if err != nil {
			return out, err
		}
		r.MedianER = med
		out.Tiers = append(out.Tiers, r)
		out.Totals.Influencers += r.Influencers
		out.Totals.Rated += r.Rated
		out.Totals.Posts90d += r.Posts90d
	}

	// The risk distribution: range counts on the risk score, less the
	// insufficient_data ones (few) counted on their expression index. Every stats row
	// is in one band (risk_score is NOT NULL) and in one of the tiers' groups, so the
	// low (the most) are the rows less the medium and the high, not counted.
	var all, insufficient RiskCounts
	if err := sqlx.GetContext(ctx, db, &all, `SELECT 0 AS low,
		(SELECT COUNT(*) FROM influencer_stats WHERE risk_score >= ? AND risk_score < ?) AS medium,
		(SELECT COUNT(*) FROM influencer_stats WHERE risk_score >= ?) AS high, 0 AS unrated`,
		analytics.MediumRisk, analytics.HighRisk, analytics.HighRisk); err != nil {
		return out, fmt.Errorf("platform analytics: risk: %w", err)
	}
	for _, r := range tiers {
		all.Low += r.Rated
	}
	all.Low -= all.Medium + all.High
	if err := sqlx.GetContext(ctx, db, &insufficient, `SELECT
		(SELECT COUNT(*) FROM influencer_stats WHERE `+insufficientExpr+` = 1 AND risk_score < ?) AS low,
		(SELECT COUNT(*) FROM influencer_stats WHERE `+insufficientExpr+` = 1 AND risk_score >= ? AND risk_score < ?) AS medium,
		(SELECT COUNT(*) FROM influencer_stats WHERE `+insufficientExpr+` = 1 AND risk_score >= ?) AS high, 0 AS unrated`,
		analytics.MediumRisk, analytics.MediumRisk, analytics.HighRisk, analytics.HighRisk); err != nil {
		return out, fmt.Errorf("platform analytics: risk: %w", err)
	}
	out.Risk = RiskCounts{Low: all.Low - insufficient.Low, Medium: all.Medium - insufficient.Medium,
		High:    all.High - insufficient.High,
		Unrated: insufficient.Low + insufficient.Medium + insufficient.High + out.Totals.Influencers - out.Totals.Rated}

	if err := sqlx.SelectContext(ctx, db, &out.TopInfluencers, `SELECT st.influencer_id,
		COALESCE(NULLIF(p.display_name, ''), a.name, '') AS name, st.size_tier, st.followers, st.er_followers,
		st.posts_90d, st.risk_score
		FROM influencer_stats st INDEXED BY influencer_stats_top_er JOIN accounts a ON a.id = st.influencer_id
		LEFT JOIN influencer_profiles p ON p.account_id = st.influencer_id
		WHERE st.posts_90d >= `+strconv.Itoa(TopMinPosts)+` ORDER BY st.er_followers DESC, st.followers DESC,
			st.influencer_id LIMIT ?`, TopN); err != nil {
		return out, fmt.Errorf("platform analytics: top influencers: %w", err)
	}
	// Every campaign's sums over its deliverables' latest metrics, read once (a
	// correlated lookup per metrics row): the top campaigns and the totals from them.
	var campaigns []TopCampaign
	if err := sqlx.SelectContext(ctx, db, &campaigns, `SELECT m.campaign_id, c.name,
		COALESCE(sp.company_name, '') AS company, COUNT(*) AS deliverables, SUM(m.views) AS views,
		SUM(m.engagements) AS engagements
		FROM (`+campaignLatestMetrics+`) m JOIN campaigns c ON c.id = m.campaign_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id
		GROUP BY m.campaign_id`); err != nil {
		return out, fmt.Errorf("platform analytics: top campaigns: %w", err)
	}
	for _, c := range campaigns {
		out.Totals.Deliverables += c.Deliverables
		out.Totals.Views += c.Views
		out.Totals.Engagements += c.Engagements
	}
	slices.SortFunc(campaigns, func(a, b TopCampaign) int { // the most engagements first, then by id
		return cmp.Or(cmp.Compare(b.Engagements, a.Engagements), strings.Compare(a.CampaignID, b.CampaignID))
	})
	out.TopCampaigns = append(out.TopCampaigns, campaigns[:min(TopN, len(campaigns))]...)
	var counts struct {
		Campaigns int `db:"campaigns"`
		Deals     int `db:"deals"`
	}
	if err := sqlx.GetContext(ctx, db, &counts, `SELECT
		(SELECT COUNT(*) FROM campaigns WHERE deleted_at IS NULL) AS campaigns,
		(SELECT COUNT(*) FROM ad_requests WHERE deleted_at IS NULL AND status = 'accepted') AS deals`); err != nil {
		return out, fmt.Errorf("platform analytics: totals: %w", err)
	}
	out.Totals.Campaigns, out.Totals.Deals = counts.Campaigns, counts.Deals
	return out, nil
}

// medianER is analytics.Median of the ER by followers of a tier's n rated with posts
// in 90 days: the one or two middle values, sought in the ordered partial index
// influencer_stats_tier_er (migration 0015) instead of reading the tier.
func medianER(ctx context.Context, db sqlx.QueryerContext, tier string, n int) (float64, error) {
	if n == 0 {
		return 0, nil
	}
	var mid []float64
	if err := sqlx.SelectContext(ctx, db, &mid, `SELECT er_followers FROM influencer_stats INDEXED BY influencer_stats_tier_er
		WHERE size_tier = ? AND posts_90d > 0 ORDER BY er_followers LIMIT ? OFFSET ?`, tier, 2-n%2, (n-1)/2); err != nil {
		return 0, fmt.Errorf("platform analytics: ER: %w", err)
	}
	return analytics.Median(mid), nil
}

// RiskReviewRow is one influencer whose authenticity risk is high.
type RiskReviewRow struct {
	InfluencerID string       `json:"influencer_id" db:"influencer_id"`
	Name         string       `json:"name" db:"name"`
	Email        string       `json:"email" db:"email"`
	SizeTier     string       `json:"size_tier" db:"size_tier"`
	Followers    int64        `json:"followers" db:"followers"`
	ERFollowers  float64      `json:"er_followers" db:"er_followers"`
	RiskScore    int          `json:"risk_score" db:"risk_score"`
	RiskReasons  []RiskReason `json:"risk_reasons" db:"-"`
	Flagged      bool         `json:"flagged" db:"flagged"`
	FlagReason   string       `json:"flag_reason" db:"flag_reason"`
	Active       bool         `json:"active" db:"active"`
	ComputedAt   string       `json:"computed_at" db:"computed_at"`
	ReasonsJSON  string       `json:"-" db:"risk_reasons"`
}

// RiskReviewPage is one page of the review list.
type RiskReviewPage struct {
	Items    []RiskReviewRow `json:"items"`
	Total    int             `json:"total"`
	Page     int             `json:"page"`
	PageSize int             `json:"page_size"`
}

// RiskReview lists the influencers with a risk score of analytics.HighRisk (60) or
// more, flagged or not, the highest score first (then the most followers); page 0
// means 1, page_size 0 means DefaultPageSize.
func RiskReview(ctx context.Context, db sqlx.QueryerContext, v Viewer, page, pageSize int) (RiskReviewPage, error) {
	out := RiskReviewPage{Items: []RiskReviewRow{}}
	if err := v.need(domain.RoleAdmin, "the risk review"); err != nil {
		return out, err
	}
	if err := paging(&page, &pageSize, DefaultPageSize); err != nil {
		return out, err
	}
	out.Page, out.PageSize = page, pageSize
	if err := sqlx.GetContext(ctx, db, &out.Total, `SELECT COUNT(*) FROM influencer_stats WHERE risk_score >= ?`,
		analytics.HighRisk); err != nil {
		return out, fmt.Errorf("risk review: count: %w", err)
	}
	if err := sqlx.SelectContext(ctx, db, &out.Items, `SELECT st.influencer_id,
		COALESCE(NULLIF(p.display_name, ''), a.name, '') AS name, COALESCE(a.email, '') AS email, st.size_tier,
		st.followers, st.er_followers, st.risk_score, st.risk_reasons, COALESCE(a.flagged, 0) AS flagged,
		COALESCE(a.flag_reason, '') AS flag_reason, COALESCE(a.active, 0) AS active,
		strftime('%Y-%m-%dT%H:%M:%SZ', st.computed_at) AS computed_at
		FROM influencer_stats st LEFT JOIN accounts a ON a.id = st.influencer_id
		LEFT JOIN influencer_profiles p ON p.account_id = st.influencer_id
		WHERE st.risk_score >= ? ORDER BY st.risk_score DESC, st.followers DESC, st.influencer_id
		LIMIT ? OFFSET ?`, analytics.HighRisk, pageSize, (page-1)*pageSize); err != nil {
		return out, fmt.Errorf("risk review: %w", err)
	}
	for i := range out.Items {
		r := &out.Items[i]
		if err := json.Unmarshal([]byte(r.ReasonsJSON), &r.RiskReasons); err != nil || r.RiskReasons == nil {
			r.RiskReasons = []RiskReason{}
		}
	}
	return out, nil
}
