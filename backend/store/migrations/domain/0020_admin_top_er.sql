-- The admin's top influencers by ER (queries.PlatformAnalytics, issue 12) walked
-- influencer_stats_top_er (migration 0015) in the list's order and read each row to
-- keep those with at least queries.TopMinPosts (10) posts in 90 days: a high ER on a
-- few posts is common, so the walk could read any number of rows before ten passed.
-- The index now holds only those with enough posts, so the walk reads exactly ten.
-- The query says `posts_90d >= 10` in its text (not a parameter) so that SQLite can
-- use the partial index; a different TopMinPosts makes INDEXED BY fail, not slow.
DROP INDEX influencer_stats_top_er;
CREATE INDEX influencer_stats_top_er ON influencer_stats (er_followers DESC, followers DESC, influencer_id)
    WHERE posts_90d >= 10;
