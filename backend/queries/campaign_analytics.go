package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
	"iescp/backend/domain"
)

// CampaignAnalyticsLine is one influencer's figures in a campaign (or the
// campaign's totals, InfluencerID ""), from analytics.Campaign. A cost is nil
// ("n/a") when its denominator is 0. Money is integer cents.
type CampaignAnalyticsLine struct {
	InfluencerID             string  `json:"influencer_id"`
	InfluencerName           string  `json:"influencer_name"`
	Deals                    int     `json:"deals"`
	SpendCents               int64   `json:"spend_cents"`
	Deliverables             int     `json:"deliverables"`
	Views                    int64   `json:"views"`
	Reach                    int64   `json:"reach"`
	Engagements              int64   `json:"engagements"`
	Clicks                   int64   `json:"clicks"`
	CPMCents                 *int64  `json:"cpm_cents"`
	CPECents                 *int64  `json:"cpe_cents"`
	CPCCents                 *int64  `json:"cpc_cents"`
	CostPerDeliverableCents  *int64  `json:"cost_per_deliverable_cents"`
	ERViews                  float64 `json:"er_views"`
	ERReach                  float64 `json:"er_reach"`
	MeasuredDeliverableCount int     `json:"measured_deliverables"` // deliverables with at least one metric checkpoint
}

// TrendWeek is one week (Monday, UTC, YYYY-MM-DD) of a campaign's trend: the views
// and engagements its deliverables' checkpoints reported that week (each checkpoint
// counts its increase over the deliverable's previous checkpoint, so the weeks sum to
// the totals), and the clicks of the tracking links last counted that week.
type TrendWeek struct {
	Week        string `json:"week"`
	Views       int64  `json:"views"`
	Engagements int64  `json:"engagements"`
	Clicks      int64  `json:"clicks"`
}

// CampaignStats is the analytics page of one campaign.
type CampaignStats struct {
	CampaignID      string                  `json:"campaign_id"`
	Name            string                  `json:"name"`
	Status          string                  `json:"status"`
	BudgetCents     int64                   `json:"budget_cents"`
	CommittedCents  int64                   `json:"committed_cents"`
	BudgetUsedBps   int64                   `json:"budget_used_bps"` // spend / budget in basis points (0 when the budget is 0)
	TargetCountries []string                `json:"target_countries"`
	TargetAges      []string                `json:"target_ages"`
	TargetPlatforms []string                `json:"target_platforms"`
	Totals          CampaignAnalyticsLine   `json:"totals"`
	Influencers     []CampaignAnalyticsLine `json:"influencers"`
	Trend           []TrendWeek             `json:"trend"`
	// HasMetrics is false while no deliverable of the campaign has metrics (the page
	// shows its empty state).
	HasMetrics bool `json:"has_metrics"`
}

// campaignHead is the campaign row the analytics and the recommendations read.
type campaignHead struct {
	ID              string `db:"id"`
	SponsorID       string `db:"sponsor_id"`
	Name            string `db:"name"`
	Status          string `db:"status"`
	Category        string `db:"category"`
	Niche           string `db:"niche"`
	Budget          int64  `db:"budget"`
	Committed       int64  `db:"committed"`
	Requirements    string `db:"goals"`
	TargetCountries string `db:"target_countries"`
	TargetAges      string `db:"target_ages"`
	TargetPlatforms string `db:"target_platforms"`
}

// ownCampaign reads a campaign its sponsor (or an admin) may analyse; any other
// viewer, and a deleted or missing campaign, answers not_found.
func ownCampaign(ctx context.Context, db sqlx.QueryerContext, v Viewer, id string) (campaignHead, error) {
	if err := needID("campaign", id); err != nil {
		return campaignHead{}, err
	}
	if v.Role != domain.RoleAdmin && v.Role != domain.RoleSponsor {
		return campaignHead{}, notFound("campaign")
	}
	var c campaignHead
	err := sqlx.GetContext(ctx, db, &c, `SELECT id, sponsor_id, name, status, category, niche, budget, committed, goals,
		target_countries, target_ages, target_platforms FROM campaigns WHERE id = ? AND deleted_at IS NULL`, id)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && v.Role != domain.RoleAdmin && c.SponsorID != v.Org()) {
		return campaignHead{}, notFound("campaign")
	}
	if err != nil {
		return campaignHead{}, fmt.Errorf("campaign: %w", err)
	}
	return c, nil
}

// splitList splits a comma list ("" gives an empty list).
func splitList(s string) []string {
	out := []string{}
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// dealRow is one accepted or completed deal of a campaign with its sums.
type dealRow struct {
	ID             string `db:"id"`
	InfluencerID   string `db:"influencer_id"`
	InfluencerName string `db:"influencer_name"`
	SpendCents     int64  `db:"spend"`
	Deliverables   int    `db:"deliverables"`
	Measured       int    `db:"measured"`
	Views          int64  `db:"views"`
	Reach          int64  `db:"reach"`
	Engagements    int64  `db:"engagements"`
	Clicks         int64  `db:"clicks"`
}

// latestMetrics picks each deliverable's latest checkpoint: 30d over 7d over 24h
// (a later checkpoint counts everything the earlier one did), the same rule as the
// influencer's analytics tab and the admin's platform analytics (docs/analytics.md).
// A deliverable has at most one row a checkpoint (UNIQUE (deliverable_id,
// checkpoint), three values), so each row is kept unless a later checkpoint exists:
// one probe of that unique index, where ordering the deliverable's rows cost a sort
// per row (the admin's analytics read every deliverable's).
const latestMetrics = `SELECT m.deliverable_id, m.views, m.reach, m.likes + m.comments + m.shares + m.saves AS engagements
	FROM deliverable_metrics m
	WHERE m.checkpoint = '30d'
		OR (m.checkpoint = '7d' AND NOT EXISTS (SELECT 1 FROM deliverable_metrics m2
			WHERE m2.deliverable_id = m.deliverable_id AND m2.checkpoint = '30d'))
		OR (m.checkpoint = '24h' AND NOT EXISTS (SELECT 1 FROM deliverable_metrics m2
			WHERE m2.deliverable_id = m.deliverable_id AND m2.checkpoint IN ('30d', '7d')))`

// CampaignDeals returns the accepted and completed deals of a campaign with their
// spend (the escrowed cents, or the agreed payment when nothing was escrowed),
// deliverables, the sums of their deliverables' latest metrics and their clicks.
func campaignDeals(ctx context.Context, db sqlx.QueryerContext, campaignID string) ([]dealRow, error) {
	var rows []dealRow
	err := sqlx.SelectContext(ctx, db, &rows, `WITH latest AS (`+latestMetrics+`)
		SELECT r.id, r.influencer_id,
			COALESCE(NULLIF(ip.display_name, ''), ia.name, '') AS influencer_name,
			CASE WHEN r.escrow_cents > 0 THEN r.escrow_cents ELSE r.payment_amount END AS spend,
			(SELECT COUNT(*) FROM deliverables d WHERE d.ad_request_id = r.id AND d.deleted_at IS NULL) AS deliverables,
			(SELECT COUNT(*) FROM deliverables d JOIN latest l ON l.deliverable_id = d.id
				WHERE d.ad_request_id = r.id AND d.deleted_at IS NULL) AS measured,
			COALESCE((SELECT SUM(l.views) FROM deliverables d JOIN latest l ON l.deliverable_id = d.id
				WHERE d.ad_request_id = r.id AND d.deleted_at IS NULL), 0) AS views,
			COALESCE((SELECT SUM(l.reach) FROM deliverables d JOIN latest l ON l.deliverable_id = d.id
				WHERE d.ad_request_id = r.id AND d.deleted_at IS NULL), 0) AS reach,
			COALESCE((SELECT SUM(l.engagements) FROM deliverables d JOIN latest l ON l.deliverable_id = d.id
				WHERE d.ad_request_id = r.id AND d.deleted_at IS NULL), 0) AS engagements,
			COALESCE((SELECT SUM(t.clicks) FROM tracking_links t WHERE t.ad_request_id = r.id), 0) AS clicks
		FROM ad_requests r
		LEFT JOIN accounts ia ON ia.id = r.influencer_id
		LEFT JOIN influencer_profiles ip ON ip.account_id = r.influencer_id
		WHERE r.campaign_id = ? AND r.deleted_at IS NULL AND r.status IN ('accepted', 'completed')
		ORDER BY r.id`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("campaign deals: %w", err)
	}
	return rows, nil
}

// CampaignMetricsOf computes a campaign's per-influencer lines and totals from its
// deals (shared with the monthly report).
func CampaignMetricsOf(ctx context.Context, db sqlx.QueryerContext, campaignID string) (CampaignAnalyticsLine, []CampaignAnalyticsLine, error) {
	deals, err := campaignDeals(ctx, db, campaignID)
	if err != nil {
		return CampaignAnalyticsLine{}, nil, err
	}
	in := make([]analytics.DealResult, 0, len(deals))
	names := map[string]string{}
	measured := map[string]int{}
	total := 0
	for _, d := range deals {
		in = append(in, analytics.DealResult{InfluencerID: d.InfluencerID, SpendCents: d.SpendCents, Deliverables: d.Deliverables,
			Views: d.Views, Reach: d.Reach, Engagements: d.Engagements, Clicks: d.Clicks})
		names[d.InfluencerID] = d.InfluencerName
		measured[d.InfluencerID] += d.Measured
		total += d.Measured
	}
	m, err := analytics.Campaign(in)
	if err != nil {
		return CampaignAnalyticsLine{}, nil, err
	}
	lines := make([]CampaignAnalyticsLine, 0, len(m.Influencers))
	for _, l := range m.Influencers {
		line := lineOf(l)
		line.InfluencerName = names[l.InfluencerID]
		line.MeasuredDeliverableCount = measured[l.InfluencerID]
		lines = append(lines, line)
	}
	totals := lineOf(m.Totals)
	totals.MeasuredDeliverableCount = total
	return totals, lines, nil
}

func lineOf(l analytics.CampaignLine) CampaignAnalyticsLine {
	return CampaignAnalyticsLine{InfluencerID: l.InfluencerID, Deals: l.Deals, SpendCents: l.SpendCents,
		Deliverables: l.Deliverables, Views: l.Views, Reach: l.Reach, Engagements: l.Engagements, Clicks: l.Clicks,
		CPMCents: l.CPMCents, CPECents: l.CPECents, CPCCents: l.CPCCents, CostPerDeliverableCents: l.CostPerDeliverableCents,
		ERViews: l.ERViews, ERReach: l.ERReach}
}

// CampaignAnalytics returns the analytics of one campaign to its sponsor or an
// admin (others: not_found): per influencer and in total the spend, deliverables,
// views, reach, engagements, clicks and the costs (docs/analytics.md "Campaigns"),
// the weekly trend and the share of the budget spent.
func CampaignAnalytics(ctx context.Context, db sqlx.QueryerContext, v Viewer, campaignID string) (CampaignStats, error) {
	c, err := ownCampaign(ctx, db, v, campaignID)
	if err != nil {
		return CampaignStats{}, err
	}
	totals, lines, err := CampaignMetricsOf(ctx, db, campaignID)
	if err != nil {
		return CampaignStats{}, err
	}
	trend, err := campaignTrend(ctx, db, campaignID)
	if err != nil {
		return CampaignStats{}, err
	}
	out := CampaignStats{CampaignID: c.ID, Name: c.Name, Status: c.Status, BudgetCents: c.Budget, CommittedCents: c.Committed,
		TargetCountries: splitList(c.TargetCountries), TargetAges: splitList(c.TargetAges), TargetPlatforms: splitList(c.TargetPlatforms),
		Totals: totals, Influencers: lines, Trend: trend, HasMetrics: totals.MeasuredDeliverableCount > 0}
	if c.Budget > 0 {
		if bps := analytics.CostCents(totals.SpendCents, 10000, c.Budget); bps != nil {
			out.BudgetUsedBps = *bps
		}
	}
	return out, nil
}

// weekOf is the Monday (UTC) of t's week as YYYY-MM-DD.
func weekOf(t time.Time) string {
	t = t.UTC()
	wd := (int(t.Weekday()) + 6) % 7 // Monday 0
	return t.AddDate(0, 0, -wd).Format(time.DateOnly)
}

// campaignTrend buckets the campaign's reported metrics by week (see TrendWeek).
func campaignTrend(ctx context.Context, db sqlx.QueryerContext, campaignID string) ([]TrendWeek, error) {
	type point struct {
		Deliverable string    `db:"deliverable_id"`
		Checkpoint  string    `db:"checkpoint"`
		At          time.Time `db:"reported_at"`
		Views       int64     `db:"views"`
		Engagements int64     `db:"engagements"`
	}
	var pts []point
	if err := sqlx.SelectContext(ctx, db, &pts, `SELECT m.deliverable_id, m.checkpoint, m.reported_at, m.views,
		m.likes + m.comments + m.shares + m.saves AS engagements
		FROM deliverable_metrics m JOIN deliverables d ON d.id = m.deliverable_id AND d.deleted_at IS NULL
		JOIN ad_requests r ON r.id = d.ad_request_id AND r.deleted_at IS NULL AND r.status IN ('accepted', 'completed')
		WHERE r.campaign_id = ?
		ORDER BY m.deliverable_id, m.reported_at, CASE m.checkpoint WHEN '30d' THEN 3 WHEN '7d' THEN 2 ELSE 1 END`, campaignID); err != nil {
		return nil, fmt.Errorf("campaign trend: %w", err)
	}
	weeks := map[string]*TrendWeek{}
	at := func(t time.Time) *TrendWeek {
		k := weekOf(t)
		w, ok := weeks[k]
		if !ok {
			w = &TrendWeek{Week: k}
			weeks[k] = w
		}
		return w
	}
	var prev point
	for _, p := range pts {
		dv, de := p.Views, p.Engagements
		if p.Deliverable == prev.Deliverable {
			dv, de = p.Views-prev.Views, p.Engagements-prev.Engagements
		}
		w := at(p.At)
		w.Views += dv
		w.Engagements += de
		prev = p
	}
	type click struct {
		At     time.Time `db:"updated_at"`
		Clicks int64     `db:"clicks"`
	}
	var clicks []click
	if err := sqlx.SelectContext(ctx, db, &clicks, `SELECT t.updated_at, t.clicks FROM tracking_links t
		JOIN ad_requests r ON r.id = t.ad_request_id AND r.deleted_at IS NULL AND r.status IN ('accepted', 'completed')
		WHERE r.campaign_id = ? AND t.clicks > 0`, campaignID); err != nil {
		return nil, fmt.Errorf("campaign trend clicks: %w", err)
	}
	for _, c := range clicks {
		at(c.At).Clicks += c.Clicks
	}
	out := make([]TrendWeek, 0, len(weeks))
	for _, w := range weeks {
		out = append(out, *w)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Week < out[j].Week })
	return out, nil
}
