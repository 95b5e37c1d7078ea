-- Shortlists, their entries and saved searches (domain 0016) sync like the other
-- domain tables (0002): pulls read them by version and every write is stamped with
-- the transaction's version.
CREATE INDEX shortlists_version ON shortlists (version);
CREATE TRIGGER shortlists_stamp_ins AFTER INSERT ON shortlists BEGIN
    UPDATE shortlists SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER shortlists_stamp_upd AFTER UPDATE ON shortlists WHEN NEW.version = OLD.version BEGIN
    UPDATE shortlists SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;

CREATE INDEX shortlist_entries_version ON shortlist_entries (version);
CREATE TRIGGER shortlist_entries_stamp_ins AFTER INSERT ON shortlist_entries BEGIN
    UPDATE shortlist_entries SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER shortlist_entries_stamp_upd AFTER UPDATE ON shortlist_entries WHEN NEW.version = OLD.version BEGIN
    UPDATE shortlist_entries SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;

CREATE INDEX saved_searches_version ON saved_searches (version);
CREATE TRIGGER saved_searches_stamp_ins AFTER INSERT ON saved_searches BEGIN
    UPDATE saved_searches SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER saved_searches_stamp_upd AFTER UPDATE ON saved_searches WHEN NEW.version = OLD.version BEGIN
    UPDATE saved_searches SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;

-- A change that alters who may see other rows bumps those rows too, so the next
-- pull sends them as put or del (as 0016 does for the analytics):
-- a creator flagged, unflagged, deactivated or reactivated leaves or rejoins the lists;
CREATE TRIGGER accounts_lists_visibility AFTER UPDATE OF flagged, active ON accounts
WHEN NEW.role = 'influencer' AND (NEW.flagged != OLD.flagged OR NEW.active != OLD.active) BEGIN
    UPDATE shortlist_entries SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE influencer_id = NEW.id;
END;
-- a deleted list takes its entries along;
CREATE TRIGGER shortlists_entries_visibility AFTER UPDATE OF deleted_at ON shortlists
WHEN NEW.deleted_at IS NOT OLD.deleted_at BEGIN
    UPDATE shortlist_entries SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE shortlist_id = NEW.id;
END;
-- a member who joins or leaves an organisation gains or loses its lists and saved searches.
CREATE TRIGGER org_members_lists_visibility AFTER UPDATE OF status ON org_members
WHEN NEW.status != OLD.status AND 'active' IN (NEW.status, OLD.status) BEGIN
    UPDATE shortlists SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE org_id = NEW.org_id;
    UPDATE shortlist_entries SET version = (SELECT version FROM sync_meta WHERE id = 1)
        WHERE shortlist_id IN (SELECT id FROM shortlists WHERE org_id = NEW.org_id);
    UPDATE saved_searches SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE org_id = NEW.org_id;
END;

-- A deleted campaign leaves its lists: they stay, unlinked (the campaign leaves every
-- replica, and a list must not point at a row a replica does not hold). The same
-- trigger runs on the server and on desktops (the optimistic campaign.delete).
CREATE TRIGGER campaigns_unlink_lists AFTER UPDATE OF deleted_at ON campaigns
WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL BEGIN
    UPDATE shortlists SET campaign_id = NULL, updated_at = NEW.updated_at WHERE campaign_id = NEW.id;
END;
