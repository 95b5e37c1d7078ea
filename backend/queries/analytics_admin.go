package queries

import (
	"context"
	"encoding/json"
	"fmt"

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
	// a high ER on two posts says little.
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

// The unrated (profiles without a stats row) by the tier of their reach, walking the
// covering index (reach_total, account_id) of migration 0015.
const unratedTiers = `SELECT CASE WHEN p.reach_total <= 0 THEN '' WHEN p.reach_total < 10000 THEN 'nano'
		WHEN p.reach_total < 50000 THEN 'micro' WHEN p.reach_total < 500000 THEN 'mid'
		WHEN p.reach_total < 1000000 THEN 'macro' ELSE 'mega' END AS tier, COUNT(*) AS influencers
	FROM influencer_profiles p INDEXED BY influencer_profiles_reach_id
	WHERE NOT EXISTS (SELECT 1 FROM influencer_stats st WHERE st.influencer_id = p.account_id) GROUP BY tier`

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
	// Each part from an index alone (migration 0015), never a join over every row:
	// the rated by the stats' tier (covering index), the unrated by their reach.
	var tiers []TierRow
	if err := sqlx.SelectContext(ctx, db, &tiers, `SELECT size_tier AS tier, COUNT(*) AS influencers,
		COUNT(*) AS rated, SUM(posts_90d) AS posts_90d
		FROM influencer_stats INDEXED BY influencer_stats_tier_posts GROUP BY size_tier`); err != nil {
		return out, fmt.Errorf("platform analytics: tiers: %w", err)
	}
	// Once the server's job has rated everyone (its usual state: it writes a row for
	// every influencer, and a replica holds a stats row exactly while it holds the
	// profile), no profile lacks a row: two counts say so without the walk below,
	// which costs ~250 ms at 100,000 profiles.
	var counts struct {
		Profiles int `db:"profiles"`
		Stats    int `db:"stats"`
	}
	if err := sqlx.GetContext(ctx, db, &counts, `SELECT (SELECT COUNT(*) FROM influencer_profiles) AS profiles,
		(SELECT COUNT(*) FROM influencer_stats) AS stats`); err != nil {
		return out, fmt.Errorf("platform analytics: counts: %w", err)
	}
	var unrated []TierRow
	if counts.Profiles > counts.Stats {
		if err := sqlx.SelectContext(ctx, db, &unrated, unratedTiers); err != nil {
			return out, fmt.Errorf("platform analytics: unrated: %w", err)
		}
	}
	at := map[string]TierRow{}
	for _, r := range tiers {
		at[r.Tier] = r
	}
	for _, u := range unrated {
		r := at[u.Tier]
		r.Tier = u.Tier
		r.Influencers += u.Influencers
		at[u.Tier] = r
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
		med, err := medianER(ctx, db, tier)
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
	// insufficient_data ones (few) counted on their expression index.
	var all, insufficient RiskCounts
	if err := sqlx.GetContext(ctx, db, &all, `SELECT
		(SELECT COUNT(*) FROM influencer_stats WHERE risk_score < ?) AS low,
		(SELECT COUNT(*) FROM influencer_stats WHERE risk_score >= ? AND risk_score < ?) AS medium,
		(SELECT COUNT(*) FROM influencer_stats WHERE risk_score >= ?) AS high, 0 AS unrated`,
		analytics.MediumRisk, analytics.MediumRisk, analytics.HighRisk, analytics.HighRisk); err != nil {
		return out, fmt.Errorf("platform analytics: risk: %w", err)
	}
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
		WHERE st.posts_90d >= ? ORDER BY st.er_followers DESC, st.followers DESC, st.influencer_id LIMIT ?`,
		TopMinPosts, TopN); err != nil {
		return out, fmt.Errorf("platform analytics: top influencers: %w", err)
	}
	if err := sqlx.SelectContext(ctx, db, &out.TopCampaigns, `SELECT m.campaign_id, c.name,
		COALESCE(sp.company_name, '') AS company, COUNT(*) AS deliverables, SUM(m.views) AS views,
		SUM(m.engagements) AS engagements
		FROM (`+campaignLatestMetrics+`) m JOIN campaigns c ON c.id = m.campaign_id
		LEFT JOIN sponsor_profiles sp ON sp.account_id = c.sponsor_id
		GROUP BY m.campaign_id ORDER BY engagements DESC, m.campaign_id LIMIT ?`, TopN); err != nil {
		return out, fmt.Errorf("platform analytics: top campaigns: %w", err)
	}
	if err := sqlx.GetContext(ctx, db, &out.Totals, `SELECT ? AS influencers, ? AS rated, ? AS posts_90d,
		(SELECT COUNT(*) FROM campaigns WHERE deleted_at IS NULL) AS campaigns,
		(SELECT COUNT(*) FROM ad_requests WHERE deleted_at IS NULL AND status = 'accepted') AS deals,
		m.deliverables, m.views, m.engagements
		FROM (SELECT COUNT(*) AS deliverables, COALESCE(SUM(views), 0) AS views,
			COALESCE(SUM(engagements), 0) AS engagements FROM (`+campaignLatestMetrics+`)) m`,
		out.Totals.Influencers, out.Totals.Rated, out.Totals.Posts90d); err != nil {
		return out, fmt.Errorf("platform analytics: totals: %w", err)
	}
	return out, nil
}

// medianER is analytics.Median of the ER by followers of a tier's rated with posts
// in 90 days: the one or two middle values, sought in the ordered partial index
// influencer_stats_tier_er (migration 0015) instead of reading the tier.
func medianER(ctx context.Context, db sqlx.QueryerContext, tier string) (float64, error) {
	var n int
	if err := sqlx.GetContext(ctx, db, &n, `SELECT COUNT(*) FROM influencer_stats INDEXED BY influencer_stats_tier_er
		WHERE size_tier = ? AND posts_90d > 0`, tier); err != nil {
		return 0, fmt.Errorf("platform analytics: ER: %w", err)
	}
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
