-- Search by the server's analytics (backend/search, issue 12): a covering index of
-- the stats a search filters, sorts or compares by, so that joining a profile to its
-- stats (a text search sorted by ER, "more like this") reads one index entry instead
-- of the primary key's entry and then the row.
CREATE INDEX influencer_stats_search ON influencer_stats (influencer_id, er_followers, predicted_er, risk_score,
    size_tier, perf_tier, segment, followers);
-- "More like this" keeps an influencer's segment; hiding the high-risk and the
-- review list find them by score: both with the id, so no row is read.
CREATE INDEX influencer_stats_segment ON influencer_stats (segment, influencer_id);
CREATE INDEX influencer_stats_risk_id ON influencer_stats (risk_score, influencer_id);
