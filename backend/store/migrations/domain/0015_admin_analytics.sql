-- The admin's platform analytics (queries.PlatformAnalytics, issue 12) from indexes
-- alone instead of a join over every influencer: the count and posts of each size
-- tier (covering), the median ER of a tier's rated with posts (a seek at the middle
-- of an ordered partial index), and the risk distribution split by the
-- insufficient_data reason (range counts on an expression index; the expression is
-- the query's, character for character).
CREATE INDEX influencer_stats_tier_posts ON influencer_stats (size_tier, posts_90d);
CREATE INDEX influencer_stats_tier_er ON influencer_stats (size_tier, er_followers) WHERE posts_90d > 0;
CREATE INDEX influencer_stats_insufficient_risk
    ON influencer_stats (instr(risk_reasons, '"insufficient_data"') > 0, risk_score);
-- The unrated (profiles without a stats row) by their reach: the anti-join walks this
-- covering index instead of the profiles' rows.
CREATE INDEX influencer_profiles_reach_id ON influencer_profiles (reach_total, account_id);
-- The top influencers by ER: walked in the list's order (ER, then followers, highest
-- first, then id), reading rows only until ten have enough posts.
CREATE INDEX influencer_stats_top_er ON influencer_stats (er_followers DESC, followers DESC, influencer_id);
