-- A full download (a new desktop, or a reset) writes tens of thousands of rows, and
-- indexing them one by one was half its cost. While search_suspend holds a row, the
-- search triggers stand aside; backend/search.Rebuild then rebuilds both indexes in one
-- pass and empties it.
CREATE TABLE search_suspend (
    id INTEGER PRIMARY KEY CHECK (id = 1)
);

DROP TRIGGER influencer_search_ai;
CREATE TRIGGER influencer_search_ai AFTER INSERT ON influencer_profiles
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
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

DROP TRIGGER influencer_search_au;
CREATE TRIGGER influencer_search_au AFTER UPDATE OF account_id, display_name, category, niche, bio
ON influencer_profiles
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
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

DROP TRIGGER influencer_search_ad;
CREATE TRIGGER influencer_search_ad AFTER DELETE ON influencer_profiles
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    INSERT INTO influencer_search (influencer_search, rowid, name, display_name, category, niche, bio)
        SELECT 'delete', rid, name, display_name, category, niche, bio
        FROM influencer_search_docs WHERE account_id = old.account_id;
    DELETE FROM influencer_search_docs WHERE account_id = old.account_id;
END;

DROP TRIGGER influencer_search_account_ai;
CREATE TRIGGER influencer_search_account_ai AFTER INSERT ON accounts
WHEN (EXISTS (SELECT 1 FROM influencer_search_docs WHERE account_id = new.id AND name <> new.name)) AND NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    INSERT INTO influencer_search (influencer_search, rowid, name, display_name, category, niche, bio)
        SELECT 'delete', rid, name, display_name, category, niche, bio
        FROM influencer_search_docs WHERE account_id = new.id;
    UPDATE influencer_search_docs SET name = new.name WHERE account_id = new.id;
    INSERT INTO influencer_search (rowid, name, display_name, category, niche, bio)
        SELECT rid, name, display_name, category, niche, bio
        FROM influencer_search_docs WHERE account_id = new.id;
END;

DROP TRIGGER influencer_search_account_au;
CREATE TRIGGER influencer_search_account_au AFTER UPDATE OF name ON accounts
WHEN (EXISTS (SELECT 1 FROM influencer_search_docs WHERE account_id = new.id AND name <> new.name)) AND NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    INSERT INTO influencer_search (influencer_search, rowid, name, display_name, category, niche, bio)
        SELECT 'delete', rid, name, display_name, category, niche, bio
        FROM influencer_search_docs WHERE account_id = new.id;
    UPDATE influencer_search_docs SET name = new.name WHERE account_id = new.id;
    INSERT INTO influencer_search (rowid, name, display_name, category, niche, bio)
        SELECT rid, name, display_name, category, niche, bio
        FROM influencer_search_docs WHERE account_id = new.id;
END;

DROP TRIGGER campaign_search_ai;
CREATE TRIGGER campaign_search_ai AFTER INSERT ON campaigns
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
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

DROP TRIGGER campaign_search_au;
CREATE TRIGGER campaign_search_au AFTER UPDATE OF id, name, description, category, niche, goals
ON campaigns
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
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

DROP TRIGGER campaign_search_ad;
CREATE TRIGGER campaign_search_ad AFTER DELETE ON campaigns
WHEN NOT EXISTS (SELECT 1 FROM search_suspend) BEGIN
    INSERT INTO campaign_search (campaign_search, rowid, name, description, category, niche, goals)
        SELECT 'delete', rid, name, description, category, niche, goals
        FROM campaign_search_docs WHERE campaign_id = old.id;
    DELETE FROM campaign_search_docs WHERE campaign_id = old.id;
END;
