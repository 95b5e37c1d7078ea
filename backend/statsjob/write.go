package statsjob

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
)

// Written is what Write changed: the stats rows inserted or rewritten (a row whose
// figures all equal the stored ones is left alone, its version unchanged) and
// whether the model row was written.
type Written struct {
	StatsChanged int
	Model        bool
}

// Write stores r in tx (the caller's write transaction, its version already bumped:
// the server's triggers stamp the rows it writes). A stats row is written only when
// one of its figures differs from the stored row (model_version and computed_at do
// not count: a row keeps the stamp of the refresh that last changed it); the model
// row is replaced when r has a model.
func Write(ctx context.Context, tx *sqlx.Tx, r Result) (Written, error) {
	var w Written
	stored := map[string]domain.InfluencerStats{}
	rows, err := tx.QueryxContext(ctx, `SELECT * FROM influencer_stats`)
	if err != nil {
		return w, fmt.Errorf("statsjob: stored stats: %w", err)
	}
	for rows.Next() {
		var s domain.InfluencerStats
		if err := rows.StructScan(&s); err != nil {
			rows.Close()
			return w, fmt.Errorf("statsjob: stored stats: %w", err)
		}
		stored[s.InfluencerID] = s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return w, fmt.Errorf("statsjob: stored stats: %w", err)
	}
	stmt, err := tx.PrepareNamedContext(ctx, `INSERT INTO influencer_stats (influencer_id, followers, posts_90d, er_followers,
		er_views, avg_views, avg_likes, avg_comments, growth_30d, posts_per_week, size_tier, perf_tier, segment, risk_score,
		risk_reasons, predicted_er, predicted_views, on_time_rate, series, by_type, best_slot, model_version, computed_at)
		VALUES (:influencer_id, :followers, :posts_90d, :er_followers, :er_views, :avg_views, :avg_likes, :avg_comments,
		:growth_30d, :posts_per_week, :size_tier, :perf_tier, :segment, :risk_score, :risk_reasons, :predicted_er,
		:predicted_views, :on_time_rate, :series, :by_type, :best_slot, :model_version, :computed_at)
		ON CONFLICT (influencer_id) DO UPDATE SET followers = excluded.followers, posts_90d = excluded.posts_90d,
		er_followers = excluded.er_followers, er_views = excluded.er_views, avg_views = excluded.avg_views,
		avg_likes = excluded.avg_likes, avg_comments = excluded.avg_comments, growth_30d = excluded.growth_30d,
		posts_per_week = excluded.posts_per_week, size_tier = excluded.size_tier, perf_tier = excluded.perf_tier,
		segment = excluded.segment, risk_score = excluded.risk_score, risk_reasons = excluded.risk_reasons,
		predicted_er = excluded.predicted_er, predicted_views = excluded.predicted_views, on_time_rate = excluded.on_time_rate,
		series = excluded.series, by_type = excluded.by_type, best_slot = excluded.best_slot,
		model_version = excluded.model_version, computed_at = excluded.computed_at`)
	if err != nil {
		return w, fmt.Errorf("statsjob: write stats: %w", err)
	}
	defer func() { _ = stmt.Close() }()
	for _, s := range r.Stats {
		if old, ok := stored[s.InfluencerID]; ok && sameFigures(old, s) {
			continue
		}
		if _, err := stmt.ExecContext(ctx, s); err != nil {
			return w, fmt.Errorf("statsjob: write stats of %s: %w", s.InfluencerID, err)
		}
		w.StatsChanged++
	}
	if r.Model != nil {
		params, err := json.Marshal(r.Model)
		if err != nil {
			return w, fmt.Errorf("statsjob: model: %w", err)
		}
		metrics, err := json.Marshal(r.Model.Metrics)
		if err != nil {
			return w, fmt.Errorf("statsjob: model: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO analytics_models (id, model_version, trained_at, rows, metrics, params)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET model_version = excluded.model_version,
			trained_at = excluded.trained_at, rows = excluded.rows, metrics = excluded.metrics, params = excluded.params`,
			ModelID, r.Model.Version, r.Model.TrainedAt.UTC(), r.Model.Rows, string(metrics), string(params)); err != nil {
			return w, fmt.Errorf("statsjob: write model: %w", err)
		}
		w.Model = true
	}
	return w, nil
}

// sameFigures says whether two stats rows show the same: every figure but the
// stamps (model_version, computed_at, version).
func sameFigures(a, b domain.InfluencerStats) bool {
	a.ModelVersion, a.ComputedAt, a.Version = 0, b.ComputedAt, 0
	b.ModelVersion, b.Version = 0, 0
	return a == b
}
