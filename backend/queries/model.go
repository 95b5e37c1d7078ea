package queries

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
	"iescp/backend/domain"
	"iescp/backend/predict"
)

// The engagement prediction on the desktop (issue 12, docs/prediction.md): the model
// the server's analytics job trained arrives in the replica's analytics_models row
// 'engagement' (params = the predict.Model's JSON); decoding it takes a while at
// 100,000 influencers, so the decoded model is kept and re-read only when the row's
// model_version or trained_at changes. A prediction is then a map look-up and a dot
// product: instant.

// EngagementModelID is the analytics_models row of the engagement model.
const EngagementModelID = "engagement"

type modelKey struct {
	version   int64
	trainedAt time.Time
	rows      int64
}

var modelCache struct {
	sync.Mutex
	key   modelKey
	model *predict.Model
}

// Model is the replica's engagement model, decoded once per model_version (nil and
// no error while none has arrived). A model of a format this build does not read is
// an error (predict.ErrFormat), not a wrong prediction.
func Model(ctx context.Context, db sqlx.QueryerContext) (*predict.Model, error) {
	var row struct {
		Version   int64     `db:"model_version"`
		TrainedAt time.Time `db:"trained_at"`
		Rows      int64     `db:"rows"`
	}
	err := sqlx.GetContext(ctx, db, &row, `SELECT model_version, trained_at, rows FROM analytics_models WHERE id = ?`, EngagementModelID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	key := modelKey{version: row.Version, trainedAt: row.TrainedAt.UTC(), rows: row.Rows}
	modelCache.Lock()
	defer modelCache.Unlock()
	if modelCache.model != nil && modelCache.key == key {
		return modelCache.model, nil
	}
	var params string
	if err := sqlx.GetContext(ctx, db, &params, `SELECT params FROM analytics_models WHERE id = ?`, EngagementModelID); err != nil {
		return nil, fmt.Errorf("model params: %w", err)
	}
	m := new(predict.Model)
	if err := json.Unmarshal([]byte(params), m); err != nil {
		return nil, fmt.Errorf("model %d: %w", row.Version, err)
	}
	if m.Version == 0 {
		m.Version = int(row.Version)
	}
	modelCache.key, modelCache.model = key, m
	return m, nil
}

// PredictQuery is what the "When to post" form asks: a post of this influencer on
// this platform, of this content type, on this weekday (0 = Sunday) at this hour,
// both in UTC (the screen converts from local time), sponsored or not.
type PredictQuery struct {
	InfluencerID string `json:"influencer_id"`
	Platform     string `json:"platform"`
	ContentType  string `json:"content_type"`
	Weekday      int    `json:"weekday"`
	Hour         int    `json:"hour"`
	Sponsored    bool   `json:"sponsored"`
}

// PredictionView is a prediction with the model version that made it and the
// followers it assumed (the profile's reach on the platform; 0: the influencer is
// not on it, and the prediction is zero with no reasons).
type PredictionView struct {
	predict.Prediction
	ModelVersion int64 `json:"model_version"`
	Followers    int64 `json:"followers"`
}

// Predict predicts a post's engagement rate and views with the replica's model, from
// the influencer's profile (category, niche, reach per platform as followers). An
// influencer the replica does not hold is not_found; no model yet is not_found too
// ("no prediction model yet"); a platform, content type, weekday or hour out of range
// is invalid_argument.
func Predict(ctx context.Context, db sqlx.QueryerContext, influencerID, platform, contentType string, weekday, hour int, sponsored bool) (PredictionView, error) {
	if err := needID("influencer", influencerID); err != nil {
		return PredictionView{}, err
	}
	if !slices.Contains(analytics.Platforms, platform) {
		return PredictionView{}, domain.Errorf(domain.CodeInvalidArgument, "platform must be one of %v", analytics.Platforms)
	}
	if !slices.Contains(analytics.ContentTypes, contentType) {
		return PredictionView{}, domain.Errorf(domain.CodeInvalidArgument, "content_type must be one of %v", analytics.ContentTypes)
	}
	if weekday < 0 || weekday > 6 {
		return PredictionView{}, domain.Errorf(domain.CodeInvalidArgument, "weekday must be 0 (Sunday) to 6")
	}
	if hour < 0 || hour > 23 {
		return PredictionView{}, domain.Errorf(domain.CodeInvalidArgument, "hour must be 0 to 23")
	}
	var p struct {
		Category  string `db:"category"`
		Niche     string `db:"niche"`
		Instagram int64  `db:"reach_instagram"`
		YouTube   int64  `db:"reach_youtube"`
		TikTok    int64  `db:"reach_tiktok"`
		X         int64  `db:"reach_x"`
		Other     int64  `db:"reach_other"`
	}
	err := sqlx.GetContext(ctx, db, &p, `SELECT p.category, p.niche, p.reach_instagram, p.reach_youtube, p.reach_tiktok,
		p.reach_x, p.reach_other FROM influencer_profiles p JOIN accounts a ON a.id = p.account_id
		WHERE p.account_id = ? AND a.role = 'influencer'`, influencerID)
	if errors.Is(err, sql.ErrNoRows) {
		return PredictionView{}, notFound("influencer")
	}
	if err != nil {
		return PredictionView{}, fmt.Errorf("predict profile: %w", err)
	}
	m, err := Model(ctx, db)
	if err != nil {
		return PredictionView{}, err
	}
	if m == nil {
		return PredictionView{}, domain.Errorf(domain.CodeNotFound, "no prediction model yet: it arrives with the next sync after the server trains one")
	}
	profile := predict.Profile{ID: influencerID, Category: p.Category, Niche: p.Niche,
		Followers: map[string]int64{"instagram": p.Instagram, "youtube": p.YouTube, "tiktok": p.TikTok, "x": p.X, "other": p.Other}}
	in := predict.Input{InfluencerID: influencerID, Category: p.Category, Niche: p.Niche, Platform: platform,
		ContentType: contentType, Weekday: time.Weekday(weekday), Hour: hour, Sponsored: sponsored, Followers: profile.Followers[platform]}
	// The model's history of the influencer is in its stats row (model format 2);
	// without one (no posts in the fit, no row yet) the model predicts a new
	// influencer, or finds the history in a format-1 model.
	var h struct {
		Posts  int     `db:"hist_posts"`
		LogER  float64 `db:"hist_log_er"`
		LogVws float64 `db:"hist_log_views"`
	}
	err = sqlx.GetContext(ctx, db, &h, `SELECT hist_posts, hist_log_er, hist_log_views FROM influencer_stats
		WHERE influencer_id = ?`, influencerID)
	switch {
	case err == nil && h.Posts > 0:
		in.History = &predict.History{ID: influencerID, Posts: h.Posts, MeanLogER: h.LogER, MeanLogViews: h.LogVws}
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return PredictionView{}, fmt.Errorf("predict history: %w", err)
	}
	return PredictionView{Prediction: m.Predict(in), ModelVersion: int64(m.Version), Followers: in.Followers}, nil
}
