package statsjob

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"iescp/backend/analytics"
)

// readInfluencers reads every influencer's profile (category, niche, reach per
// platform), in id order.
func readInfluencers(ctx context.Context, db sqlx.QueryerContext) ([]*influencer, map[string]*influencer, error) {
	rows, err := db.QueryxContext(ctx, `SELECT p.account_id, p.category, p.niche, p.reach_instagram, p.reach_youtube,
		p.reach_tiktok, p.reach_x, p.reach_other FROM influencer_profiles p JOIN accounts a ON a.id = p.account_id
		WHERE a.role = 'influencer' ORDER BY p.account_id`)
	if err != nil {
		return nil, nil, fmt.Errorf("statsjob: influencers: %w", err)
	}
	defer rows.Close()
	var out []*influencer
	index := map[string]*influencer{}
	for rows.Next() {
		in := &influencer{reach: map[string]int64{}}
		var ig, yt, tt, x, other int64
		if err := rows.Scan(&in.id, &in.category, &in.niche, &ig, &yt, &tt, &x, &other); err != nil {
			return nil, nil, fmt.Errorf("statsjob: influencers: %w", err)
		}
		in.reach["instagram"], in.reach["youtube"], in.reach["tiktok"], in.reach["x"], in.reach["other"] = ig, yt, tt, x, other
		out = append(out, in)
		index[in.id] = in
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("statsjob: influencers: %w", err)
	}
	return out, index, nil
}

// readPosts reads the posts not deleted and not after now into their influencers,
// oldest first; it returns how many.
func readPosts(ctx context.Context, db sqlx.QueryerContext, now time.Time, index map[string]*influencer) (int, error) {
	rows, err := db.QueryxContext(ctx, `SELECT id, influencer_id, platform, content_type, posted_at, followers, views, reach,
		likes, comments, shares, saves, sponsored FROM posts WHERE deleted_at IS NULL AND posted_at <= ?
		ORDER BY influencer_id, posted_at, id`, now)
	if err != nil {
		return 0, fmt.Errorf("statsjob: posts: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var p analytics.Post
		if err := rows.Scan(&p.ID, &p.InfluencerID, &p.Platform, &p.ContentType, &p.PostedAt, &p.Followers, &p.Views,
			&p.Reach, &p.Likes, &p.Comments, &p.Shares, &p.Saves, &p.Sponsored); err != nil {
			return 0, fmt.Errorf("statsjob: posts: %w", err)
		}
		p.PostedAt = p.PostedAt.UTC()
		if in := index[p.InfluencerID]; in != nil {
			in.posts = append(in.posts, p)
			n++
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("statsjob: posts: %w", err)
	}
	return n, nil
}

// onTimeRates is each influencer's on-time delivery: of their deliverables (not
// deleted) that were posted, or are due before now's day without being posted, the
// share posted on or before the due date (the posted_at's UTC day ≤ due_date). An
// influencer without any has no rate (0).
func onTimeRates(ctx context.Context, db sqlx.QueryerContext, now time.Time) (map[string]float64, error) {
	today := now.UTC().Format(time.DateOnly)
	var rows []struct {
		ID     string `db:"influencer_id"`
		Due    int64  `db:"due"`
		OnTime int64  `db:"on_time"`
	}
	err := sqlx.SelectContext(ctx, db, &rows, `SELECT r.influencer_id,
		COUNT(*) AS due,
		SUM(CASE WHEN d.posted_at IS NOT NULL AND substr(d.posted_at, 1, 10) <= d.due_date THEN 1 ELSE 0 END) AS on_time
		FROM deliverables d JOIN ad_requests r ON r.id = d.ad_request_id
		WHERE d.deleted_at IS NULL AND (d.posted_at IS NOT NULL OR d.due_date < ?)
		GROUP BY r.influencer_id`, today)
	if err != nil {
		return nil, fmt.Errorf("statsjob: on-time delivery: %w", err)
	}
	out := make(map[string]float64, len(rows))
	for _, r := range rows {
		if r.Due > 0 {
			out[r.ID] = float64(r.OnTime) / float64(r.Due)
		}
	}
	return out, nil
}
