package statsjob

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"

	"iescp/backend/domain"
	"iescp/backend/predict"
)

// Written is what Write changed: the stats rows inserted or rewritten (a row whose
// figures all equal the stored ones is left alone, its version unchanged) and
// whether the model row was written.
type Written struct {
	StatsChanged int
	Model        bool
}

// Write stores r in tx (the caller's write transaction, its version already bumped:
// the server's triggers stamp the rows it writes): the stats rows Diff finds changed,
// and the model when r has one.
func Write(ctx context.Context, tx *sqlx.Tx, r Result) (Written, error) {
	changed, err := Diff(ctx, tx, r)
	if err != nil {
		return Written{}, err
	}
	if err := WriteStats(ctx, tx, changed); err != nil {
		return Written{}, err
	}
	w := Written{StatsChanged: len(changed)}
	if r.Model != nil {
		if err := WriteModel(ctx, tx, r.Model); err != nil {
			return w, err
		}
		w.Model = true
	}
	return w, nil
}

// Diff is the stats rows of r that differ from the stored ones in a figure
// (model_version and computed_at do not count: a row keeps the stamp of the refresh
// that last changed it), and the new ones. Only the analytics job writes
// influencer_stats, so the server runs Diff outside its write lock.
func Diff(ctx context.Context, db sqlx.QueryerContext, r Result) ([]domain.InfluencerStats, error) {
	stored := map[string]domain.InfluencerStats{}
	rows, err := db.QueryxContext(ctx, `SELECT * FROM influencer_stats`)
	if err != nil {
		return nil, fmt.Errorf("statsjob: stored stats: %w", err)
	}
	for rows.Next() {
		var s domain.InfluencerStats
		if err := rows.StructScan(&s); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("statsjob: stored stats: %w", err)
		}
		stored[s.InfluencerID] = s
	}
	_ = rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("statsjob: stored stats: %w", err)
	}
	var out []domain.InfluencerStats
	for _, s := range r.Stats {
		if old, ok := stored[s.InfluencerID]; ok && sameFigures(old, s) {
			continue
		}
		out = append(out, s)
	}
	return out, nil
}

// WriteStats upserts stats rows in tx.
func WriteStats(ctx context.Context, tx *sqlx.Tx, rows []domain.InfluencerStats) error {
	if len(rows) == 0 {
		return nil
	}
	stmt, err := tx.PrepareNamedContext(ctx, `INSERT INTO influencer_stats (influencer_id, followers, posts_90d, er_followers,
		er_views, avg_views, avg_likes, avg_comments, growth_30d, posts_per_week, size_tier, perf_tier, segment, risk_score,
		risk_reasons, predicted_er, predicted_views, on_time_rate, series, by_type, best_slot, model_version, computed_at,
		hist_posts, hist_log_er, hist_log_views)
		VALUES (:influencer_id, :followers, :posts_90d, :er_followers, :er_views, :avg_views, :avg_likes, :avg_comments,
		:growth_30d, :posts_per_week, :size_tier, :perf_tier, :segment, :risk_score, :risk_reasons, :predicted_er,
		:predicted_views, :on_time_rate, :series, :by_type, :best_slot, :model_version, :computed_at, :hist_posts,
		:hist_log_er, :hist_log_views)
		ON CONFLICT (influencer_id) DO UPDATE SET followers = excluded.followers, posts_90d = excluded.posts_90d,
		er_followers = excluded.er_followers, er_views = excluded.er_views, avg_views = excluded.avg_views,
		avg_likes = excluded.avg_likes, avg_comments = excluded.avg_comments, growth_30d = excluded.growth_30d,
		posts_per_week = excluded.posts_per_week, size_tier = excluded.size_tier, perf_tier = excluded.perf_tier,
		segment = excluded.segment, risk_score = excluded.risk_score, risk_reasons = excluded.risk_reasons,
		predicted_er = excluded.predicted_er, predicted_views = excluded.predicted_views, on_time_rate = excluded.on_time_rate,
		series = excluded.series, by_type = excluded.by_type, best_slot = excluded.best_slot,
		model_version = excluded.model_version, computed_at = excluded.computed_at, hist_posts = excluded.hist_posts,
		hist_log_er = excluded.hist_log_er, hist_log_views = excluded.hist_log_views`)
	if err != nil {
		return fmt.Errorf("statsjob: write stats: %w", err)
	}
	defer func() { _ = stmt.Close() }()
	for _, s := range rows {
		if _, err := stmt.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("statsjob: write stats of %s: %w", s.InfluencerID, err)
		}
	}
	return nil
}

// WriteModel replaces the engagement model's row in tx.
func WriteModel(ctx context.Context, tx *sqlx.Tx, m *predict.Model) error {
	params, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("statsjob: model: %w", err)
	}
	metrics, err := json.Marshal(m.Metrics)
	if err != nil {
		return fmt.Errorf("statsjob: model: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO analytics_models (id, model_version, trained_at, rows, metrics, params)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET model_version = excluded.model_version,
		trained_at = excluded.trained_at, rows = excluded.rows, metrics = excluded.metrics, params = excluded.params`,
		ModelID, m.Version, m.TrainedAt.UTC(), m.Rows, string(metrics), string(params)); err != nil {
		return fmt.Errorf("statsjob: write model: %w", err)
	}
	return nil
}

// sameFigures says whether two stats rows show the same: every figure but the
// stamps (model_version, computed_at, version).
func sameFigures(a, b domain.InfluencerStats) bool {
	a.ModelVersion, a.ComputedAt, a.Version = 0, b.ComputedAt, 0
	b.ModelVersion, b.Version = 0, 0
	return a == b
}
