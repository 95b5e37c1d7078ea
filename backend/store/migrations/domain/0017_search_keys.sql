-- Fast influencer search (issue 15, docs/benchmarks.md "Local search").
--
-- A text search found its matches in influencer_search (keyed by the docs' rid) and
-- joined every match to its profile by UUID: a text-index probe and a wide row read
-- per match, most of a common word's cost. influencer_search_keys is a narrow copy
-- of what a text search filters and sorts by, keyed by the same rid, so that the
-- full-text matches join it by integer key; prow is the profile's rowid (the tie-break
-- of the reach orders, and how a page's details are read).
--
-- It follows influencer_search_docs: triggers on the docs table copy the profile's
-- columns whenever a doc is written (a new profile, a changed text, an account's new
-- name, a profile replaced under a new rowid) and drop the keys with the doc. Reach is
-- not indexed text, so a trigger on the profiles' reach columns updates it. Like the
-- other search triggers, they stand aside while search_suspend holds a row (a bulk
-- load), and backend/search.Rebuild fills the table in one pass.
-- A search table: not replicated, no version stamps, no undo triggers.
CREATE TABLE influencer_search_keys (
    rid             INTEGER PRIMARY KEY, -- influencer_search_docs.rid, the full-text rowid
    prow            INTEGER NOT NULL,    -- influencer_profiles.rowid
    category        TEXT NOT NULL DEFAULT '',
    niche           TEXT NOT NULL DEFAULT '',
    reach_total     INTEGER NOT NULL DEFAULT 0,
    reach_instagram INTEGER NOT NULL DEFAULT 0,
    reach_youtube   INTEGER NOT NULL DEFAULT 0,
    reach_tiktok    INTEGER NOT NULL DEFAULT 0,
    reach_x         INTEGER NOT NULL DEFAULT 0,
    reach_other     INTEGER NOT NULL DEFAULT 0
);

INSERT INTO influencer_search_keys (rid, prow, category, niche, reach_total, reach_instagram, reach_youtube,
        reach_tiktok, reach_x, reach_other)
    SELECT d.rid, p.rowid, p.category, p.niche, p.reach_total, p.reach_instagram, p.reach_youtube,
        p.reach_tiktok, p.reach_x, p.reach_other
    FROM influencer_search_docs d JOIN influencer_profiles p ON p.account_id = d.account_id;

-- (Delete, then insert: a trigger's INSERT OR REPLACE would take the conflict policy of
-- the statement that fired it, the docs' upsert.)
CREATE TRIGGER influencer_search_keys_ai AFTER INSERT ON influencer_search_docs
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    DELETE FROM influencer_search_keys WHERE rid = new.rid;
    INSERT INTO influencer_search_keys (rid, prow, category, niche, reach_total, reach_instagram,
            reach_youtube, reach_tiktok, reach_x, reach_other)
        SELECT new.rid, p.rowid, p.category, p.niche, p.reach_total, p.reach_instagram, p.reach_youtube,
            p.reach_tiktok, p.reach_x, p.reach_other
        FROM influencer_profiles p WHERE p.account_id = new.account_id;
END;

CREATE TRIGGER influencer_search_keys_au AFTER UPDATE ON influencer_search_docs
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    DELETE FROM influencer_search_keys WHERE rid IN (old.rid, new.rid);
    INSERT INTO influencer_search_keys (rid, prow, category, niche, reach_total, reach_instagram,
            reach_youtube, reach_tiktok, reach_x, reach_other)
        SELECT new.rid, p.rowid, p.category, p.niche, p.reach_total, p.reach_instagram, p.reach_youtube,
            p.reach_tiktok, p.reach_x, p.reach_other
        FROM influencer_profiles p WHERE p.account_id = new.account_id;
END;

CREATE TRIGGER influencer_search_keys_ad AFTER DELETE ON influencer_search_docs
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    DELETE FROM influencer_search_keys WHERE rid = old.rid;
END;

CREATE TRIGGER influencer_search_keys_reach AFTER UPDATE OF reach_instagram, reach_youtube, reach_tiktok, reach_x,
    reach_other ON influencer_profiles
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    UPDATE influencer_search_keys SET prow = new.rowid, reach_total = new.reach_total,
            reach_instagram = new.reach_instagram, reach_youtube = new.reach_youtube,
            reach_tiktok = new.reach_tiktok, reach_x = new.reach_x, reach_other = new.reach_other
        WHERE rid = (SELECT rid FROM influencer_search_docs WHERE account_id = new.account_id);
END;

-- A platform filter keeps the influencers with reach on it (reach_<platform> > 0) and
-- ranges and sorts by that reach: one partial index a platform answers the count
-- from the index alone and delivers a page already sorted (the rowid, the tie-break,
-- is in every index entry).
CREATE INDEX influencer_profiles_reach_instagram ON influencer_profiles (reach_instagram) WHERE reach_instagram > 0;
CREATE INDEX influencer_profiles_reach_youtube ON influencer_profiles (reach_youtube) WHERE reach_youtube > 0;
CREATE INDEX influencer_profiles_reach_tiktok ON influencer_profiles (reach_tiktok) WHERE reach_tiktok > 0;
CREATE INDEX influencer_profiles_reach_x ON influencer_profiles (reach_x) WHERE reach_x > 0;
CREATE INDEX influencer_profiles_reach_other ON influencer_profiles (reach_other) WHERE reach_other > 0;
