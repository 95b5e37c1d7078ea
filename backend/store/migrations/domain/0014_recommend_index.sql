-- Recommendations (issue 12, docs/analytics.md "Recommendations"): the candidate
-- generation reads the largest audience shares in a campaign's target buckets
-- (country, age band) without scanning every share.
CREATE INDEX audience_shares_bucket ON audience_shares (dimension, bucket, share_bps, influencer_id);
