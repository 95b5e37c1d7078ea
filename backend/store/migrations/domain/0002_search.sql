-- Full-text search over influencer profiles and campaigns (SQLite FTS5).
--
-- Each index is an external-content FTS5 table over a small "docs" table that
-- triggers keep in sync with the domain tables. The docs table holds:
--   * a stable INTEGER PRIMARY KEY for the FTS rowid (the domain tables are keyed by
--     UUID text, and their implicit rowids may be renumbered by VACUUM);
--   * a snapshot of exactly the text that was indexed, so that removing a document
--     from the index ('delete' command) always passes the values it was indexed with,
--     however the domain row went away: an UPDATE, a DELETE, an ON DELETE CASCADE from
--     accounts, or an INSERT OR REPLACE with recursive triggers off.
-- Every trigger therefore does the same three steps for one key: drop the old entry
-- (from the snapshot), refresh the snapshot from the domain tables, index the snapshot.
-- Visibility (flags, deactivation, privacy, soft deletes) is not indexed: it changes
-- often and is applied by the queries in backend/search.

-- Influencers: the profile's display name, category, niche and bio, and the account's
-- name.
CREATE TABLE influencer_search_docs (
    rid          INTEGER PRIMARY KEY,
    account_id   TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL DEFAULT '',
    display_name TEXT NOT NULL DEFAULT '',
    category     TEXT NOT NULL DEFAULT '',
    niche        TEXT NOT NULL DEFAULT '',
    bio          TEXT NOT NULL DEFAULT ''
);

CREATE VIRTUAL TABLE influencer_search USING fts5 (
    name, display_name, category, niche, bio,
    content = 'influencer_search_docs',
    content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
-- Column weights for ORDER BY rank: the handle matters most, then niche and the
-- person's name, then category, then the bio.
INSERT INTO influencer_search (influencer_search, rank) VALUES ('rank', 'bm25(6.0, 10.0, 3.0, 4.0, 1.0)');

CREATE TRIGGER influencer_search_ai AFTER INSERT ON influencer_profiles BEGIN
    INSERT INTO influencer_search (influencer_search, rowid, name, display_name, category, niche, bio)
        SELECT 'delete', rid, name, display_name, category, niche, bio
        FROM influencer_search_docs WHERE account_id = new.account_id;
    INSERT INTO influencer_search_docs (account_id, name, display_name, category, niche, bio)
        VALUES (new.account_id, COALESCE((SELECT name FROM accounts WHERE id = new.account_id), ''),
                new.display_name, new.category, new.niche, new.bio)
        ON CONFLICT (account_id) DO UPDATE SET name = excluded.name, display_name = excluded.display_name,
            category = excluded.category, niche = excluded.niche, bio = excluded.bio;
    INSERT INTO influencer_search (rowid, name, display_name, category, niche, bio)
        SELECT rid, name, display_name, category, niche, bio
        FROM influencer_search_docs WHERE account_id = new.account_id;
END;

CREATE TRIGGER influencer_search_au AFTER UPDATE OF account_id, display_name, category, niche, bio
ON influencer_profiles BEGIN
    INSERT INTO influencer_search (influencer_search, rowid, name, display_name, category, niche, bio)
        SELECT 'delete', rid, name, display_name, category, niche, bio
        FROM influencer_search_docs WHERE account_id IN (old.account_id, new.account_id);
    DELETE FROM influencer_search_docs WHERE account_id = old.account_id AND old.account_id <> new.account_id;
    INSERT INTO influencer_search_docs (account_id, name, display_name, category, niche, bio)
        VALUES (new.account_id, COALESCE((SELECT name FROM accounts WHERE id = new.account_id), ''),
                new.display_name, new.category, new.niche, new.bio)
        ON CONFLICT (account_id) DO UPDATE SET name = excluded.name, display_name = excluded.display_name,
            category = excluded.category, niche = excluded.niche, bio = excluded.bio;
    INSERT INTO influencer_search (rowid, name, display_name, category, niche, bio)
        SELECT rid, name, display_name, category, niche, bio
        FROM influencer_search_docs WHERE account_id = new.account_id;
END;

CREATE TRIGGER influencer_search_ad AFTER DELETE ON influencer_profiles BEGIN
    INSERT INTO influencer_search (influencer_search, rowid, name, display_name, category, niche, bio)
        SELECT 'delete', rid, name, display_name, category, niche, bio
        FROM influencer_search_docs WHERE account_id = old.account_id;
    DELETE FROM influencer_search_docs WHERE account_id = old.account_id;
END;

-- The account's name is indexed with the profile. An account inserted after its
-- profile (a replica applying rows out of order) also lands here.
CREATE TRIGGER influencer_search_account_ai AFTER INSERT ON accounts
WHEN EXISTS (SELECT 1 FROM influencer_search_docs WHERE account_id = new.id AND name <> new.name) BEGIN
    INSERT INTO influencer_search (influencer_search, rowid, name, display_name, category, niche, bio)
        SELECT 'delete', rid, name, display_name, category, niche, bio
        FROM influencer_search_docs WHERE account_id = new.id;
    UPDATE influencer_search_docs SET name = new.name WHERE account_id = new.id;
    INSERT INTO influencer_search (rowid, name, display_name, category, niche, bio)
        SELECT rid, name, display_name, category, niche, bio
        FROM influencer_search_docs WHERE account_id = new.id;
END;

CREATE TRIGGER influencer_search_account_au AFTER UPDATE OF name ON accounts
WHEN EXISTS (SELECT 1 FROM influencer_search_docs WHERE account_id = new.id AND name <> new.name) BEGIN
    INSERT INTO influencer_search (influencer_search, rowid, name, display_name, category, niche, bio)
        SELECT 'delete', rid, name, display_name, category, niche, bio
        FROM influencer_search_docs WHERE account_id = new.id;
    UPDATE influencer_search_docs SET name = new.name WHERE account_id = new.id;
    INSERT INTO influencer_search (rowid, name, display_name, category, niche, bio)
        SELECT rid, name, display_name, category, niche, bio
        FROM influencer_search_docs WHERE account_id = new.id;
END;

-- Campaigns: name, description, category, niche and goals.
CREATE TABLE campaign_search_docs (
    rid         INTEGER PRIMARY KEY,
    campaign_id TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    category    TEXT NOT NULL DEFAULT '',
    niche       TEXT NOT NULL DEFAULT '',
    goals       TEXT NOT NULL DEFAULT ''
);

CREATE VIRTUAL TABLE campaign_search USING fts5 (
    name, description, category, niche, goals,
    content = 'campaign_search_docs',
    content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
INSERT INTO campaign_search (campaign_search, rank) VALUES ('rank', 'bm25(10.0, 2.0, 3.0, 4.0, 1.0)');

CREATE TRIGGER campaign_search_ai AFTER INSERT ON campaigns BEGIN
    INSERT INTO campaign_search (campaign_search, rowid, name, description, category, niche, goals)
        SELECT 'delete', rid, name, description, category, niche, goals
        FROM campaign_search_docs WHERE campaign_id = new.id;
    INSERT INTO campaign_search_docs (campaign_id, name, description, category, niche, goals)
        VALUES (new.id, new.name, new.description, new.category, new.niche, new.goals)
        ON CONFLICT (campaign_id) DO UPDATE SET name = excluded.name, description = excluded.description,
            category = excluded.category, niche = excluded.niche, goals = excluded.goals;
    INSERT INTO campaign_search (rowid, name, description, category, niche, goals)
        SELECT rid, name, description, category, niche, goals
        FROM campaign_search_docs WHERE campaign_id = new.id;
END;

CREATE TRIGGER campaign_search_au AFTER UPDATE OF id, name, description, category, niche, goals
ON campaigns BEGIN
    INSERT INTO campaign_search (campaign_search, rowid, name, description, category, niche, goals)
        SELECT 'delete', rid, name, description, category, niche, goals
        FROM campaign_search_docs WHERE campaign_id IN (old.id, new.id);
    DELETE FROM campaign_search_docs WHERE campaign_id = old.id AND old.id <> new.id;
    INSERT INTO campaign_search_docs (campaign_id, name, description, category, niche, goals)
        VALUES (new.id, new.name, new.description, new.category, new.niche, new.goals)
        ON CONFLICT (campaign_id) DO UPDATE SET name = excluded.name, description = excluded.description,
            category = excluded.category, niche = excluded.niche, goals = excluded.goals;
    INSERT INTO campaign_search (rowid, name, description, category, niche, goals)
        SELECT rid, name, description, category, niche, goals
        FROM campaign_search_docs WHERE campaign_id = new.id;
END;

CREATE TRIGGER campaign_search_ad AFTER DELETE ON campaigns BEGIN
    INSERT INTO campaign_search (campaign_search, rowid, name, description, category, niche, goals)
        SELECT 'delete', rid, name, description, category, niche, goals
        FROM campaign_search_docs WHERE campaign_id = old.id;
    DELETE FROM campaign_search_docs WHERE campaign_id = old.id;
END;

-- Index what is already there (a database migrated from version 1).
INSERT INTO influencer_search_docs (account_id, name, display_name, category, niche, bio)
    SELECT p.account_id, COALESCE(a.name, ''), p.display_name, p.category, p.niche, p.bio
    FROM influencer_profiles p LEFT JOIN accounts a ON a.id = p.account_id;
INSERT INTO campaign_search_docs (campaign_id, name, description, category, niche, goals)
    SELECT id, name, description, category, niche, goals FROM campaigns;
INSERT INTO influencer_search (influencer_search) VALUES ('rebuild');
INSERT INTO campaign_search (campaign_search) VALUES ('rebuild');

-- Browsing influencers: sorted by name; filtered by category and niche (the search
-- compares them case-insensitively) and sorted by reach; and the few accounts that
-- search hides (deactivated or flagged), found without scanning every account.
CREATE INDEX influencer_profiles_display_name ON influencer_profiles (display_name COLLATE NOCASE);
CREATE INDEX influencer_profiles_category_nocase
    ON influencer_profiles (category COLLATE NOCASE, niche COLLATE NOCASE, reach_total);
CREATE INDEX accounts_hidden ON accounts (id) WHERE active = 0 OR flagged = 1;
