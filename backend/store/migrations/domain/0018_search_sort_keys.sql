-- Visibility and rating in the search keys (issue 15, docs/benchmarks.md "Search keys
-- and per-platform indexes").
--
-- Every search leaves out the hidden accounts (deactivated or flagged). They were
-- found by joining accounts_hidden to the docs by UUID on every query (about 650
-- text-index probes at 100,000 influencers), and a match was tested against that list.
-- influencer_search_keys now carries the flag itself, kept by triggers on accounts,
-- so a query reads the hidden rids from a partial index of integers, and an index
-- walk skips them for free.
--
-- A rating order aggregated every review on every query. The keys now carry the
-- average rating of the influencer's reviews (0 when none; a review is 1 to 5, so
-- the unrated sort after the rated) and their number, kept by triggers on reviews.
-- The average is SQLite's AVG over the same integer ratings the queries used, so the
-- order is the same to the last bit.
--
-- A text search with the server's analytics (a stats filter or sort, hiding the
-- high-risk) joined every match to its profile and then to influencer_stats, both by
-- UUID. The keys now carry what those filter and sort by (rated: the influencer has a
-- stats row; ER by followers, predicted ER, risk score, size and performance tiers),
-- kept by triggers on influencer_stats, so such a search probes one integer key per
-- match. Browsing sorted by a stat reaches the unrated (after the rated, by reach)
-- through their own index instead of testing every profile for a stats row.
--
-- Indexes, all on the visible rows only: the reach order, the rating order, each
-- stat's order over the rated and the reach order over the unrated, whose last column
-- (prow, the profile's rowid) is every order's tie-break, so that a text search sorted
-- by one of them walks the index and keeps its matches; and the hidden rows by rid.
ALTER TABLE influencer_search_keys ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE influencer_search_keys ADD COLUMN rating REAL NOT NULL DEFAULT 0;
ALTER TABLE influencer_search_keys ADD COLUMN reviews INTEGER NOT NULL DEFAULT 0;
ALTER TABLE influencer_search_keys ADD COLUMN rated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE influencer_search_keys ADD COLUMN er REAL NOT NULL DEFAULT 0;
ALTER TABLE influencer_search_keys ADD COLUMN predicted REAL NOT NULL DEFAULT 0;
ALTER TABLE influencer_search_keys ADD COLUMN risk INTEGER NOT NULL DEFAULT 0;
ALTER TABLE influencer_search_keys ADD COLUMN size_tier TEXT NOT NULL DEFAULT '';
ALTER TABLE influencer_search_keys ADD COLUMN perf_tier TEXT NOT NULL DEFAULT '';

UPDATE influencer_search_keys SET
    hidden = COALESCE((SELECT a.active = 0 OR a.flagged = 1 FROM influencer_search_docs d
        JOIN accounts a ON a.id = d.account_id WHERE d.rid = influencer_search_keys.rid), 0),
    rating = COALESCE((SELECT AVG(r.rating) FROM influencer_search_docs d JOIN reviews r
        ON r.influencer_id = d.account_id AND r.subject = 'influencer' WHERE d.rid = influencer_search_keys.rid), 0),
    reviews = (SELECT COUNT(*) FROM influencer_search_docs d JOIN reviews r
        ON r.influencer_id = d.account_id AND r.subject = 'influencer' WHERE d.rid = influencer_search_keys.rid);
UPDATE influencer_search_keys SET (rated, er, predicted, risk, size_tier, perf_tier) = (
    SELECT 1, st.er_followers, st.predicted_er, st.risk_score, st.size_tier, st.perf_tier
    FROM influencer_search_docs d JOIN influencer_stats st ON st.influencer_id = d.account_id
    WHERE d.rid = influencer_search_keys.rid)
WHERE rid IN (SELECT d.rid FROM influencer_search_docs d JOIN influencer_stats st ON st.influencer_id = d.account_id);

CREATE INDEX influencer_search_keys_reach ON influencer_search_keys (reach_total, prow) WHERE hidden = 0;
CREATE INDEX influencer_search_keys_rating ON influencer_search_keys (rating, reviews, reach_total, prow)
    WHERE hidden = 0;
CREATE INDEX influencer_search_keys_hidden ON influencer_search_keys (rid) WHERE hidden = 1;
CREATE INDEX influencer_search_keys_unrated ON influencer_search_keys (reach_total, prow) WHERE hidden = 0 AND rated = 0;
CREATE INDEX influencer_search_keys_er ON influencer_search_keys (er, prow) WHERE hidden = 0 AND rated = 1;
CREATE INDEX influencer_search_keys_predicted ON influencer_search_keys (predicted, prow) WHERE hidden = 0 AND rated = 1;
CREATE INDEX influencer_search_keys_risk ON influencer_search_keys (risk, prow) WHERE hidden = 0 AND rated = 1;

-- The keys of a doc, written whenever the doc is (0017's triggers, now with the new
-- columns).
DROP TRIGGER influencer_search_keys_ai;
DROP TRIGGER influencer_search_keys_au;

CREATE TRIGGER influencer_search_keys_ai AFTER INSERT ON influencer_search_docs
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    DELETE FROM influencer_search_keys WHERE rid = new.rid;
    INSERT INTO influencer_search_keys (rid, prow, category, niche, reach_total, reach_instagram,
            reach_youtube, reach_tiktok, reach_x, reach_other, hidden, rating, reviews, rated, er, predicted, risk,
            size_tier, perf_tier)
        SELECT new.rid, p.rowid, p.category, p.niche, p.reach_total, p.reach_instagram, p.reach_youtube,
            p.reach_tiktok, p.reach_x, p.reach_other,
            COALESCE((SELECT a.active = 0 OR a.flagged = 1 FROM accounts a WHERE a.id = new.account_id), 0),
            COALESCE((SELECT AVG(r.rating) FROM reviews r
                WHERE r.influencer_id = new.account_id AND r.subject = 'influencer'), 0),
            (SELECT COUNT(*) FROM reviews r WHERE r.influencer_id = new.account_id AND r.subject = 'influencer'),
            st.influencer_id IS NOT NULL, COALESCE(st.er_followers, 0), COALESCE(st.predicted_er, 0),
            COALESCE(st.risk_score, 0), COALESCE(st.size_tier, ''), COALESCE(st.perf_tier, '')
        FROM influencer_profiles p LEFT JOIN influencer_stats st ON st.influencer_id = p.account_id
        WHERE p.account_id = new.account_id;
END;

CREATE TRIGGER influencer_search_keys_au AFTER UPDATE ON influencer_search_docs
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    DELETE FROM influencer_search_keys WHERE rid IN (old.rid, new.rid);
    INSERT INTO influencer_search_keys (rid, prow, category, niche, reach_total, reach_instagram,
            reach_youtube, reach_tiktok, reach_x, reach_other, hidden, rating, reviews, rated, er, predicted, risk,
            size_tier, perf_tier)
        SELECT new.rid, p.rowid, p.category, p.niche, p.reach_total, p.reach_instagram, p.reach_youtube,
            p.reach_tiktok, p.reach_x, p.reach_other,
            COALESCE((SELECT a.active = 0 OR a.flagged = 1 FROM accounts a WHERE a.id = new.account_id), 0),
            COALESCE((SELECT AVG(r.rating) FROM reviews r
                WHERE r.influencer_id = new.account_id AND r.subject = 'influencer'), 0),
            (SELECT COUNT(*) FROM reviews r WHERE r.influencer_id = new.account_id AND r.subject = 'influencer'),
            st.influencer_id IS NOT NULL, COALESCE(st.er_followers, 0), COALESCE(st.predicted_er, 0),
            COALESCE(st.risk_score, 0), COALESCE(st.size_tier, ''), COALESCE(st.perf_tier, '')
        FROM influencer_profiles p LEFT JOIN influencer_stats st ON st.influencer_id = p.account_id
        WHERE p.account_id = new.account_id;
END;

-- Visibility follows the account: flagged, unflagged, deactivated, reactivated, or
-- inserted after its profile (a replica applying rows out of order), or deleted.
CREATE TRIGGER influencer_search_keys_account_ai AFTER INSERT ON accounts
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    UPDATE influencer_search_keys SET hidden = (new.active = 0 OR new.flagged = 1)
        WHERE rid = (SELECT rid FROM influencer_search_docs WHERE account_id = new.id);
END;

CREATE TRIGGER influencer_search_keys_account_au AFTER UPDATE OF id, active, flagged ON accounts
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    UPDATE influencer_search_keys SET hidden = 0
        WHERE old.id <> new.id AND rid = (SELECT rid FROM influencer_search_docs WHERE account_id = old.id);
    UPDATE influencer_search_keys SET hidden = (new.active = 0 OR new.flagged = 1)
        WHERE rid = (SELECT rid FROM influencer_search_docs WHERE account_id = new.id);
END;

CREATE TRIGGER influencer_search_keys_account_ad AFTER DELETE ON accounts
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    UPDATE influencer_search_keys SET hidden = 0
        WHERE rid = (SELECT rid FROM influencer_search_docs WHERE account_id = old.id);
END;

-- The rating follows the influencer's reviews.
CREATE TRIGGER influencer_search_keys_review_ai AFTER INSERT ON reviews
WHEN new.subject = 'influencer' AND NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    UPDATE influencer_search_keys SET
        rating = COALESCE((SELECT AVG(r.rating) FROM reviews r
            WHERE r.influencer_id = new.influencer_id AND r.subject = 'influencer'), 0),
        reviews = (SELECT COUNT(*) FROM reviews r WHERE r.influencer_id = new.influencer_id AND r.subject = 'influencer')
        WHERE rid = (SELECT rid FROM influencer_search_docs WHERE account_id = new.influencer_id);
END;

CREATE TRIGGER influencer_search_keys_review_au AFTER UPDATE OF influencer_id, subject, rating ON reviews
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    UPDATE influencer_search_keys SET
        rating = COALESCE((SELECT AVG(r.rating) FROM reviews r
            WHERE r.influencer_id = old.influencer_id AND r.subject = 'influencer'), 0),
        reviews = (SELECT COUNT(*) FROM reviews r WHERE r.influencer_id = old.influencer_id AND r.subject = 'influencer')
        WHERE rid = (SELECT rid FROM influencer_search_docs WHERE account_id = old.influencer_id);
    UPDATE influencer_search_keys SET
        rating = COALESCE((SELECT AVG(r.rating) FROM reviews r
            WHERE r.influencer_id = new.influencer_id AND r.subject = 'influencer'), 0),
        reviews = (SELECT COUNT(*) FROM reviews r WHERE r.influencer_id = new.influencer_id AND r.subject = 'influencer')
        WHERE rid = (SELECT rid FROM influencer_search_docs WHERE account_id = new.influencer_id);
END;

CREATE TRIGGER influencer_search_keys_review_ad AFTER DELETE ON reviews
WHEN old.subject = 'influencer' AND NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    UPDATE influencer_search_keys SET
        rating = COALESCE((SELECT AVG(r.rating) FROM reviews r
            WHERE r.influencer_id = old.influencer_id AND r.subject = 'influencer'), 0),
        reviews = (SELECT COUNT(*) FROM reviews r WHERE r.influencer_id = old.influencer_id AND r.subject = 'influencer')
        WHERE rid = (SELECT rid FROM influencer_search_docs WHERE account_id = old.influencer_id);
END;

-- The stats follow influencer_stats (the analytics job's upsert fires the update).
CREATE TRIGGER influencer_search_keys_stats_ai AFTER INSERT ON influencer_stats
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    UPDATE influencer_search_keys SET rated = 1, er = new.er_followers, predicted = new.predicted_er,
            risk = new.risk_score, size_tier = new.size_tier, perf_tier = new.perf_tier
        WHERE rid = (SELECT rid FROM influencer_search_docs WHERE account_id = new.influencer_id);
END;

-- (The job's upsert names every column: a row whose searched stats did not change is
-- left alone.)
CREATE TRIGGER influencer_search_keys_stats_au AFTER UPDATE OF influencer_id, er_followers, predicted_er, risk_score,
    size_tier, perf_tier ON influencer_stats
WHEN (old.influencer_id, old.er_followers, old.predicted_er, old.risk_score, old.size_tier, old.perf_tier)
    IS NOT (new.influencer_id, new.er_followers, new.predicted_er, new.risk_score, new.size_tier, new.perf_tier)
    AND NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    UPDATE influencer_search_keys SET rated = 0, er = 0, predicted = 0, risk = 0, size_tier = '', perf_tier = ''
        WHERE old.influencer_id <> new.influencer_id
            AND rid = (SELECT rid FROM influencer_search_docs WHERE account_id = old.influencer_id);
    UPDATE influencer_search_keys SET rated = 1, er = new.er_followers, predicted = new.predicted_er,
            risk = new.risk_score, size_tier = new.size_tier, perf_tier = new.perf_tier
        WHERE rid = (SELECT rid FROM influencer_search_docs WHERE account_id = new.influencer_id);
END;

CREATE TRIGGER influencer_search_keys_stats_ad AFTER DELETE ON influencer_stats
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    UPDATE influencer_search_keys SET rated = 0, er = 0, predicted = 0, risk = 0, size_tier = '', perf_tier = ''
        WHERE rid = (SELECT rid FROM influencer_search_docs WHERE account_id = old.influencer_id);
END;

-- No ANALYZE here: on a new replica it would record empty tables. The plans above do
-- not need statistics (partial indexes that match the queries' WHERE and ORDER BY,
-- and CROSS JOINs that fix the join order).
