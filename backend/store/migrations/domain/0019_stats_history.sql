-- The engagement model's per-influencer history moves from the model to the stats
-- rows (issue 12 / 15, docs/prediction.md "Model format"): the influencer's posts
-- in the model's final fit and their mean ln(engagement rate) and ln(views per
-- follower), the target encoding a prediction shrinks towards the prior. The model
-- (analytics_models.params, format 2) no longer carries them: 5.48 MB of JSON at
-- 100,000 influencers that every desktop downloaded and decoded whole, now three
-- numbers in a row it already receives. 0 posts: the model knew no post of the
-- influencer (a new influencer, or a row written before this column).
ALTER TABLE influencer_stats ADD COLUMN hist_posts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE influencer_stats ADD COLUMN hist_log_er REAL NOT NULL DEFAULT 0;
ALTER TABLE influencer_stats ADD COLUMN hist_log_views REAL NOT NULL DEFAULT 0;
