-- Deal messages (domain 0011) sync like the other domain tables (0002): pulls read
-- them by version and every insert is stamped with the transaction's version (a
-- message is never updated; the update trigger keeps any future change in sync).
CREATE INDEX deal_messages_version ON deal_messages (version);
CREATE TRIGGER deal_messages_stamp_ins AFTER INSERT ON deal_messages BEGIN
    UPDATE deal_messages SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER deal_messages_stamp_upd AFTER UPDATE ON deal_messages WHEN NEW.version = OLD.version BEGIN
    UPDATE deal_messages SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
