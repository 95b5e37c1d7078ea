package queries

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
	"iescp/backend/domain"
)

// An influencer's analytics as the profile's analytics tab shows them (issue 12,
// items 2 and 7; docs/analytics.md defines every figure). Two sources:
//
//   - the influencer themself: computed live from their own posts in the replica
//     (analytics.InfluencerMetrics over the 30-, 90- or 365-day window asked), so an
//     offline import shows at once; the tiers, risk and prediction come from their
//     influencer_stats row (they need the peers, which only the server holds);
//   - anyone else: the influencer_stats row the server's job computed (90-day
//     figures, 30-day growth, the 12-month monthly series unless the media kit hides
//     the history), the audience while the media kit shows it, and for a sponsor
//     the results of their own deals with this influencer.

// StatsWindowDays and StatsGrowthDays are the windows of influencer_stats' figures.
const (
	StatsWindowDays = 90
	StatsGrowthDays = 30
)

// RiskReason is one reason of the fake-follower risk score (analytics.Reason).
type RiskReason struct {
	Code   string         `json:"code"`
	Points int            `json:"points"`
	Params map[string]any `json:"params"`
}

// TrendPointView is one bucket of the engagement and follower history.
type TrendPointView struct {
	Start     time.Time `json:"start"`
	Posts     int       `json:"posts"`
	ER        float64   `json:"er"`
	Followers int64     `json:"followers"`
}

// BreakdownView is the figures of one content type or platform.
type BreakdownView struct {
	Key         string  `json:"key"`
	Posts       int     `json:"posts"`
	ERFollowers float64 `json:"er_followers"`
	ERViews     float64 `json:"er_views"`
	AvgViews    float64 `json:"avg_views"`
}

// SlotView is the best weekday (0 = Sunday) or hour (0–23), in UTC; Posts and ER are
// known for the live view only.
type SlotView struct {
	Value int     `json:"value"`
	Posts int     `json:"posts"`
	ER    float64 `json:"er"`
}

// AudienceBucket is one bucket of the audience breakdown, in basis points.
type AudienceBucket struct {
	Dimension string `json:"dimension" db:"dimension"`
	Bucket    string `json:"bucket" db:"bucket"`
	ShareBps  int64  `json:"share_bps" db:"share_bps"`
}

// InflAnalytics is one influencer's analytics for the viewer.
type InflAnalytics struct {
	InfluencerID string `json:"influencer_id"`
	Name         string `json:"name"`
	Own          bool   `json:"own"`    // the viewer is this influencer
	Source       string `json:"source"` // "posts" (live, own) or "stats" (the server's aggregates)
	Windows      []int  `json:"windows"`
	WindowDays   int    `json:"window_days"` // the KPIs' window
	GrowthDays   int    `json:"growth_days"` // the follower growth's window
	Posts        int    `json:"posts"`       // posts in the window

	Followers      int64   `json:"followers"`
	ERFollowers    float64 `json:"er_followers"`
	ERViews        float64 `json:"er_views"`
	AvgViews       float64 `json:"avg_views"`
	AvgLikes       float64 `json:"avg_likes"`
	AvgComments    float64 `json:"avg_comments"`
	FollowerGrowth float64 `json:"follower_growth"`
	PostsPerWeek   float64 `json:"posts_per_week"`

	HasStats       bool         `json:"has_stats"` // the server's job has computed a stats row
	SizeTier       string       `json:"size_tier"`
	PerfTier       string       `json:"perf_tier"`
	RiskScore      *int64       `json:"risk_score"` // nil without a stats row
	RiskReasons    []RiskReason `json:"risk_reasons"`
	PredictedER    float64      `json:"predicted_er"`
	PredictedViews int64        `json:"predicted_views"`
	OnTimeRate     float64      `json:"on_time_rate"`
	ModelVersion   int64        `json:"model_version"`
	ComputedAt     *time.Time   `json:"computed_at"`

	HistoryHidden bool             `json:"history_hidden"` // the media kit hides the history from others
	Bucket        string           `json:"bucket"`         // the trend's bucket: day, week, month
	Trend         []TrendPointView `json:"trend"`
	ByContentType []BreakdownView  `json:"by_content_type"`
	ByPlatform    []BreakdownView  `json:"by_platform"`
	BestDay       *SlotView        `json:"best_day"`  // UTC
	BestHour      *SlotView        `json:"best_hour"` // UTC

	AudienceHidden bool             `json:"audience_hidden"` // the media kit hides the audience from others
	Audience       []AudienceBucket `json:"audience"`
	MediaKit       domain.MediaKit  `json:"media_kit"`
	Deals          *DealResults     `json:"deals"` // a sponsor's own deals with this influencer; nil for others

	// The predictor's choices (analytics.Platforms, analytics.ContentTypes), so the
	// screen does not re-type them.
	Platforms    []string `json:"platforms"`
	ContentTypes []string `json:"content_types"`
}

// AnalyticsWindows are the windows the live view offers, in days.
var AnalyticsWindows = []int{30, 90, 365}

// InfluencerAnalytics is an influencer's analytics for the viewer: live from the
// replica's posts for the influencer themself over windowDays (30, 90 or 365), the
// server's aggregates for anyone else (windowDays is then ignored: the figures are
// the stats row's). An influencer the viewer may not see is not_found.
func InfluencerAnalytics(ctx context.Context, db sqlx.QueryerContext, v Viewer, influencerID string, windowDays int, now time.Time) (InflAnalytics, error) {
	if err := needID("influencer", influencerID); err != nil {
		return InflAnalytics{}, err
	}
	own := v.Role == domain.RoleInfluencer && v.AccountID == influencerID
	if own && windowDays != 30 && windowDays != 90 && windowDays != 365 {
		return InflAnalytics{}, domain.Errorf(domain.CodeInvalidArgument, "window_days must be 30, 90 or 365")
	}
	var head struct {
		Name    string `db:"name"`
		Flagged bool   `db:"flagged"`
		Active  bool   `db:"active"`
	}
	err := sqlx.GetContext(ctx, db, &head, `SELECT COALESCE(NULLIF(p.display_name, ''), a.name) AS name, a.flagged, a.active
		FROM influencer_profiles p JOIN accounts a ON a.id = p.account_id WHERE p.account_id = ? AND a.role = 'influencer'`, influencerID)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !own && v.Role != domain.RoleAdmin && (head.Flagged || !head.Active)) {
		return InflAnalytics{}, notFound("influencer")
	}
	if err != nil {
		return InflAnalytics{}, fmt.Errorf("influencer analytics: %w", err)
	}
	a := InflAnalytics{InfluencerID: influencerID, Name: head.Name, Own: own, RiskReasons: []RiskReason{},
		Trend: []TrendPointView{}, ByContentType: []BreakdownView{}, ByPlatform: []BreakdownView{}, Audience: []AudienceBucket{},
		Platforms: analytics.Platforms, ContentTypes: analytics.ContentTypes}
	if a.MediaKit, err = mediaKitOf(ctx, db, influencerID); err != nil {
		return InflAnalytics{}, err
	}
	stats, err := statsOf(ctx, db, influencerID)
	if err != nil {
		return InflAnalytics{}, err
	}
	if stats != nil {
		a.fromStats(stats, own)
	}
	if own {
		if err := a.live(ctx, db, influencerID, windowDays, now); err != nil {
			return InflAnalytics{}, err
		}
	}
	a.AudienceHidden = !own && !a.MediaKit.ShowAudience
	if !a.AudienceHidden {
		if err := sqlx.SelectContext(ctx, db, &a.Audience, `SELECT dimension, bucket, share_bps FROM audience_shares
			WHERE influencer_id = ? AND share_bps > 0 ORDER BY dimension, share_bps DESC, bucket`, influencerID); err != nil {
			return InflAnalytics{}, fmt.Errorf("audience: %w", err)
		}
	}
	if v.Role == domain.RoleSponsor {
		d, err := sponsorDeals(ctx, db, v.Org(), influencerID)
		if err != nil {
			return InflAnalytics{}, err
		}
		a.Deals = &d
	}
	return a, nil
}

func mediaKitOf(ctx context.Context, db sqlx.QueryerContext, id string) (domain.MediaKit, error) {
	var k domain.MediaKit
	err := sqlx.GetContext(ctx, db, &k, `SELECT * FROM media_kits WHERE influencer_id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.DefaultMediaKit(id), nil
	}
	if err != nil {
		return domain.MediaKit{}, fmt.Errorf("media kit: %w", err)
	}
	return k, nil
}

func statsOf(ctx context.Context, db sqlx.QueryerContext, id string) (*domain.InfluencerStats, error) {
	var s domain.InfluencerStats
	err := sqlx.GetContext(ctx, db, &s, `SELECT * FROM influencer_stats WHERE influencer_id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("influencer stats: %w", err)
	}
	return &s, nil
}

// fromStats fills the view from the stats row. For others, empty series and by_type
// (or a media kit hiding the history) means the history is hidden.
func (a *InflAnalytics) fromStats(s *domain.InfluencerStats, own bool) {
	a.HasStats, a.Source = true, "stats"
	a.Windows, a.WindowDays, a.GrowthDays = []int{StatsWindowDays}, StatsWindowDays, StatsGrowthDays
	a.Posts, a.Followers, a.ERFollowers, a.ERViews = int(s.Posts90d), s.Followers, s.ERFollowers, s.ERViews
	a.AvgViews, a.AvgLikes, a.AvgComments = float64(s.AvgViews), float64(s.AvgLikes), float64(s.AvgComments)
	a.FollowerGrowth, a.PostsPerWeek = s.Growth30d, s.PostsPerWeek
	a.SizeTier, a.PerfTier, a.RiskScore = s.SizeTier, s.PerfTier, &s.RiskScore
	a.PredictedER, a.PredictedViews, a.OnTimeRate, a.ModelVersion = s.PredictedER, s.PredictedViews, s.OnTimeRate, s.ModelVersion
	at := s.ComputedAt.UTC()
	a.ComputedAt = &at
	_ = json.Unmarshal([]byte(s.RiskReasons), &a.RiskReasons)
	if a.RiskReasons == nil {
		a.RiskReasons = []RiskReason{}
	}
	if day, hour, ok := parseBestSlot(s.BestSlot); ok {
		a.BestDay, a.BestHour = day, hour
	}
	a.HistoryHidden = !own && (s.Series == "" && s.ByType == "")
	if a.HistoryHidden {
		return
	}
	a.Bucket = "month"
	a.Trend = parseSeries(s.Series)
	a.ByContentType, a.ByPlatform = parseByType(s.ByType)
}

// live replaces the figures with those of the influencer's own posts over the window.
func (a *InflAnalytics) live(ctx context.Context, db sqlx.QueryerContext, id string, windowDays int, now time.Time) error {
	var rows []struct {
		ID          string    `db:"id"`
		Platform    string    `db:"platform"`
		ContentType string    `db:"content_type"`
		PostedAt    time.Time `db:"posted_at"`
		Followers   int64     `db:"followers"`
		Views       int64     `db:"views"`
		Reach       int64     `db:"reach"`
		Likes       int64     `db:"likes"`
		Comments    int64     `db:"comments"`
		Shares      int64     `db:"shares"`
		Saves       int64     `db:"saves"`
		Sponsored   bool      `db:"sponsored"`
	}
	// Every post up to now, not only the window's: the trend's follower line and the
	// current followers look before the window.
	if err := sqlx.SelectContext(ctx, db, &rows, `SELECT id, platform, content_type, posted_at, followers, views, reach,
		likes, comments, shares, saves, sponsored FROM posts WHERE influencer_id = ? AND deleted_at IS NULL`, id); err != nil {
		return fmt.Errorf("own posts: %w", err)
	}
	posts := make([]analytics.Post, len(rows))
	for i, r := range rows {
		posts[i] = analytics.Post{ID: r.ID, InfluencerID: id, Platform: r.Platform, ContentType: r.ContentType,
			PostedAt: r.PostedAt.UTC(), Followers: r.Followers, Views: r.Views, Reach: r.Reach, Likes: r.Likes,
			Comments: r.Comments, Shares: r.Shares, Saves: r.Saves, Sponsored: r.Sponsored}
	}
	m := analytics.InfluencerMetrics(posts, now, time.Duration(windowDays)*24*time.Hour)
	a.Source, a.Windows, a.WindowDays, a.GrowthDays = "posts", AnalyticsWindows, windowDays, windowDays
	a.Posts, a.ERFollowers, a.ERViews = m.Posts, m.ERFollowers, m.ERViews
	a.AvgViews, a.AvgLikes, a.AvgComments = m.AvgViews, m.AvgLikes, m.AvgComments
	a.FollowerGrowth, a.PostsPerWeek = m.FollowerGrowth, m.PostsPerWeek
	// Current followers over every post up to now (a post dated later is not counted).
	upToNow := make([]analytics.Post, 0, len(posts))
	for _, p := range posts {
		if !p.PostedAt.After(now) {
			upToNow = append(upToNow, p)
		}
	}
	a.Followers = analytics.CurrentFollowers(upToNow)
	a.SizeTier = analytics.SizeTier(a.Followers)
	a.Bucket, a.Trend = m.Bucket, make([]TrendPointView, len(m.Trend))
	for i, p := range m.Trend {
		a.Trend[i] = TrendPointView{Start: p.Start, Posts: p.Posts, ER: p.ERFollowers, Followers: p.Followers}
	}
	a.ByContentType, a.ByPlatform = breakdownViews(m.ByContentType), breakdownViews(m.ByPlatform)
	a.BestDay, a.BestHour = slotView(m.BestDay), slotView(m.BestHour)
	a.HistoryHidden = false
	return nil
}

func breakdownViews(bs []analytics.Breakdown) []BreakdownView {
	out := make([]BreakdownView, len(bs))
	for i, b := range bs {
		out[i] = BreakdownView{Key: b.Key, Posts: b.Posts, ERFollowers: b.ERFollowers, ERViews: b.ERViews, AvgViews: b.AvgViews}
	}
	return out
}

func slotView(s *analytics.Slot) *SlotView {
	if s == nil {
		return nil
	}
	return &SlotView{Value: s.Value, Posts: s.Posts, ER: s.ERFollowers}
}

// The stats row's JSON columns, as the server's job writes them (docs/analytics.md,
// "On screen"): series [{start, posts, er, followers}], by_type {content_type: [...],
// platform: [...]} of {key, posts, er_followers, er_views, avg_views} (a bare array
// is the content types), best_slot {day, hour} in UTC (either null when unknown).
// Go's own field names (analytics.TrendPoint, analytics.Breakdown) are read too. A
// column that does not parse shows as empty, never as an error: the rest of the
// profile still shows.

type seriesJSON struct {
	Start       time.Time `json:"start"`
	Posts       int       `json:"posts"`
	ER          *float64  `json:"er"`
	ERFollowers float64   `json:"er_followers"`
	GoER        float64   `json:"ERFollowers"`
	Followers   int64     `json:"followers"`
}

func parseSeries(text string) []TrendPointView {
	var in []seriesJSON
	out := []TrendPointView{}
	if text == "" || json.Unmarshal([]byte(text), &in) != nil {
		return out
	}
	for _, p := range in {
		er := p.ERFollowers + p.GoER
		if p.ER != nil {
			er = *p.ER
		}
		out = append(out, TrendPointView{Start: p.Start.UTC(), Posts: p.Posts, ER: er, Followers: p.Followers})
	}
	return out
}

type breakdownJSON struct {
	Key         string   `json:"key"`
	Posts       int      `json:"posts"`
	ER          *float64 `json:"er"`
	ERFollowers float64  `json:"er_followers"`
	GoER        float64  `json:"ERFollowers"`
	ERViews     float64  `json:"er_views"`
	GoERViews   float64  `json:"ERViews"`
	AvgViews    float64  `json:"avg_views"`
	GoAvgViews  float64  `json:"AvgViews"`
}

func (b breakdownJSON) view() BreakdownView {
	er := b.ERFollowers + b.GoER
	if b.ER != nil {
		er = *b.ER
	}
	return BreakdownView{Key: b.Key, Posts: b.Posts, ERFollowers: er, ERViews: b.ERViews + b.GoERViews, AvgViews: b.AvgViews + b.GoAvgViews}
}

func parseByType(text string) (types, platforms []BreakdownView) {
	types, platforms = []BreakdownView{}, []BreakdownView{}
	if text == "" {
		return types, platforms
	}
	var both struct {
		ContentType []breakdownJSON `json:"content_type"`
		Platform    []breakdownJSON `json:"platform"`
	}
	var bare []breakdownJSON
	if json.Unmarshal([]byte(text), &both) != nil {
		if json.Unmarshal([]byte(text), &bare) != nil {
			return types, platforms
		}
		both.ContentType = bare
	}
	for _, b := range both.ContentType {
		types = append(types, b.view())
	}
	for _, b := range both.Platform {
		platforms = append(platforms, b.view())
	}
	return types, platforms
}

func parseBestSlot(text string) (day, hour *SlotView, ok bool) {
	var s struct {
		Day  *int `json:"day"`
		Hour *int `json:"hour"`
	}
	if text == "" || json.Unmarshal([]byte(text), &s) != nil {
		return nil, nil, false
	}
	if s.Day != nil && *s.Day >= 0 && *s.Day <= 6 {
		day = &SlotView{Value: *s.Day}
	}
	if s.Hour != nil && *s.Hour >= 0 && *s.Hour <= 23 {
		hour = &SlotView{Value: *s.Hour}
	}
	return day, hour, true
}

// DealResults are a sponsor's own accepted and completed deals with one influencer,
// summed (docs/analytics.md, "Campaign metrics": spend is the amount funded in
// escrow, else the accepted amount; views, reach and engagements are each
// deliverable's latest reported checkpoint; clicks its tracking link's). Private to
// the two parties: only what the sponsor's replica holds.
type DealResults struct {
	Deals                   int     `json:"deals"`
	SpendCents              int64   `json:"spend_cents"`
	Deliverables            int     `json:"deliverables"`
	Reported                int     `json:"reported"` // deliverables with metrics
	Views                   int64   `json:"views"`
	Reach                   int64   `json:"reach"`
	Engagements             int64   `json:"engagements"`
	Clicks                  int64   `json:"clicks"`
	ERViews                 float64 `json:"er_views"`
	CPMCents                *int64  `json:"cpm_cents"`
	CPECents                *int64  `json:"cpe_cents"`
	CPCCents                *int64  `json:"cpc_cents"`
	CostPerDeliverableCents *int64  `json:"cost_per_deliverable_cents"`
}

func sponsorDeals(ctx context.Context, db sqlx.QueryerContext, sponsorID, influencerID string) (DealResults, error) {
	var rows []struct {
		ID           string `db:"id"`
		Spend        int64  `db:"spend"`
		Deliverables int    `db:"deliverables"`
		Reported     int    `db:"reported"`
		Views        int64  `db:"views"`
		Reach        int64  `db:"reach"`
		Engagements  int64  `db:"engagements"`
		Clicks       int64  `db:"clicks"`
	}
	// The latest checkpoint of each deliverable (latestMetrics: 30d over 7d over 24h).
	if err := sqlx.SelectContext(ctx, db, &rows, `WITH mine AS (
			SELECT r.id, COALESCE(NULLIF(r.escrow_cents, 0), r.payment_amount) AS spend
			FROM ad_requests r JOIN campaigns c ON c.id = r.campaign_id
			WHERE r.influencer_id = ? AND c.sponsor_id = ? AND r.deleted_at IS NULL AND r.status IN ('accepted', 'completed')),
		latest AS (
			SELECT d.ad_request_id, l.views, l.reach, l.engagements
			FROM deliverables d JOIN (`+latestMetrics+`) l ON l.deliverable_id = d.id
			WHERE d.deleted_at IS NULL AND d.ad_request_id IN (SELECT id FROM mine))
		SELECT mine.id, mine.spend,
			(SELECT COUNT(*) FROM deliverables d WHERE d.ad_request_id = mine.id AND d.deleted_at IS NULL) AS deliverables,
			(SELECT COUNT(*) FROM latest l WHERE l.ad_request_id = mine.id) AS reported,
			(SELECT COALESCE(SUM(l.views), 0) FROM latest l WHERE l.ad_request_id = mine.id) AS views,
			(SELECT COALESCE(SUM(l.reach), 0) FROM latest l WHERE l.ad_request_id = mine.id) AS reach,
			(SELECT COALESCE(SUM(l.engagements), 0) FROM latest l WHERE l.ad_request_id = mine.id) AS engagements,
			(SELECT COALESCE(SUM(t.clicks), 0) FROM tracking_links t WHERE t.ad_request_id = mine.id) AS clicks
		FROM mine ORDER BY mine.id`, influencerID, sponsorID); err != nil {
		return DealResults{}, fmt.Errorf("deal results: %w", err)
	}
	deals := make([]analytics.DealResult, len(rows))
	out := DealResults{Deals: len(rows)}
	for i, r := range rows {
		deals[i] = analytics.DealResult{InfluencerID: influencerID, SpendCents: r.Spend, Deliverables: r.Deliverables,
			Views: r.Views, Reach: r.Reach, Engagements: r.Engagements, Clicks: r.Clicks}
		out.Reported += r.Reported
	}
	m, err := analytics.Campaign(deals)
	if err != nil {
		return DealResults{}, err
	}
	t := m.Totals
	out.SpendCents, out.Deliverables, out.Views, out.Reach, out.Engagements, out.Clicks = t.SpendCents, t.Deliverables, t.Views, t.Reach, t.Engagements, t.Clicks
	out.ERViews, out.CPMCents, out.CPECents, out.CPCCents, out.CostPerDeliverableCents = t.ERViews, t.CPMCents, t.CPECents, t.CPCCents, t.CostPerDeliverableCents
	return out, nil
}
