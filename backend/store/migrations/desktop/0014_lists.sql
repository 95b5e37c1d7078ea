-- Shortlists, their entries and saved searches (domain 0016) are undone like the other
-- domain tables (0002): a list change made offline and refused by the server is rolled back.
CREATE TRIGGER shortlists_undo_ins AFTER INSERT ON shortlists WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('shortlists', NEW.id, NULL); END;
CREATE TRIGGER shortlists_undo_upd BEFORE UPDATE ON shortlists WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('shortlists', OLD.id,
        json_object('id', OLD.id, 'org_id', OLD.org_id, 'name', OLD.name, 'campaign_id', OLD.campaign_id, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;
CREATE TRIGGER shortlists_undo_del BEFORE DELETE ON shortlists WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('shortlists', OLD.id,
        json_object('id', OLD.id, 'org_id', OLD.org_id, 'name', OLD.name, 'campaign_id', OLD.campaign_id, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;
CREATE TRIGGER shortlist_entries_undo_ins AFTER INSERT ON shortlist_entries WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('shortlist_entries', NEW.id, NULL); END;
CREATE TRIGGER shortlist_entries_undo_upd BEFORE UPDATE ON shortlist_entries WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('shortlist_entries', OLD.id,
        json_object('id', OLD.id, 'shortlist_id', OLD.shortlist_id, 'influencer_id', OLD.influencer_id, 'note', OLD.note, 'added_by', OLD.added_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;
CREATE TRIGGER shortlist_entries_undo_del BEFORE DELETE ON shortlist_entries WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('shortlist_entries', OLD.id,
        json_object('id', OLD.id, 'shortlist_id', OLD.shortlist_id, 'influencer_id', OLD.influencer_id, 'note', OLD.note, 'added_by', OLD.added_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;
CREATE TRIGGER saved_searches_undo_ins AFTER INSERT ON saved_searches WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('saved_searches', NEW.id, NULL); END;
CREATE TRIGGER saved_searches_undo_upd BEFORE UPDATE ON saved_searches WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('saved_searches', OLD.id,
        json_object('id', OLD.id, 'org_id', OLD.org_id, 'name', OLD.name, 'query', OLD.query, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;
CREATE TRIGGER saved_searches_undo_del BEFORE DELETE ON saved_searches WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('saved_searches', OLD.id,
        json_object('id', OLD.id, 'org_id', OLD.org_id, 'name', OLD.name, 'query', OLD.query, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;

-- What each saved search matched when this desktop's member last opened it, so the
-- list of saved searches can say how many creators are new since. Desktop-only:
-- never synced, no undo; opening a saved search clears the rows of the saved searches
-- that are gone (deleted here or elsewhere).
CREATE TABLE saved_search_seen (
    saved_search_id TEXT NOT NULL,
    influencer_id   TEXT NOT NULL,
    PRIMARY KEY (saved_search_id, influencer_id)
) WITHOUT ROWID;
CREATE TABLE saved_search_opened (
    saved_search_id TEXT PRIMARY KEY,
    opened_at       DATETIME NOT NULL
);

-- A deleted campaign leaves its lists: they stay, unlinked (the campaign leaves every
-- replica, and a list must not point at a row a replica does not hold). The same
-- trigger runs on the server and on desktops (the optimistic campaign.delete).
CREATE TRIGGER campaigns_unlink_lists AFTER UPDATE OF deleted_at ON campaigns
WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL BEGIN
    UPDATE shortlists SET campaign_id = NULL, updated_at = NEW.updated_at WHERE campaign_id = NEW.id;
END;
