-- A pull counts a private table's changed rows only for their owner (sync/server
-- pull.go, changedVersions; replica.Table.Owner) and reads them by owner and
-- version: both through these indexes, so 2,000,000 seeded posts cost another
-- desktop's first download nothing (it scanned them on every page: 171 s of server
-- pull at 100,000 influencers with 20 posts each).
CREATE INDEX posts_owner_version ON posts (influencer_id, version);
CREATE INDEX notifications_owner_version ON notifications (account_id, version);
