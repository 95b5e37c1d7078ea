-- Tracking links sync like the other domain tables (0002): pulls read them by
-- version, and every insert or update (the link made at acceptance, a new landing
-- page, a counted click) is stamped with the transaction's version.
CREATE INDEX tracking_links_version ON tracking_links (version);
CREATE TRIGGER tracking_links_stamp_ins AFTER INSERT ON tracking_links BEGIN
    UPDATE tracking_links SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER tracking_links_stamp_upd AFTER UPDATE ON tracking_links WHEN NEW.version = OLD.version BEGIN
    UPDATE tracking_links SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
