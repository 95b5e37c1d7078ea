-- The top-by-ER index holds only the influencers with enough posts: the twin of
-- domain/0020_admin_top_er.sql.
DROP INDEX influencer_stats_top_er;
CREATE INDEX influencer_stats_top_er ON influencer_stats (er_followers DESC, followers DESC, influencer_id)
    WHERE posts_90d >= 10;
