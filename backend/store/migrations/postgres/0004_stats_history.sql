-- The model's per-influencer history in the stats rows: the twin of
-- domain/0018_stats_history.sql (docs/prediction.md "Model format").
ALTER TABLE influencer_stats ADD COLUMN hist_posts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE influencer_stats ADD COLUMN hist_log_er DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE influencer_stats ADD COLUMN hist_log_views DOUBLE PRECISION NOT NULL DEFAULT 0;
