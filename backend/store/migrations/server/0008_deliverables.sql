-- Deliverables sync like the other domain tables (0002): pulls read them by version
-- and every insert or update is stamped with the transaction's version.
CREATE INDEX deliverables_version ON deliverables (version);
CREATE TRIGGER deliverables_stamp_ins AFTER INSERT ON deliverables BEGIN
    UPDATE deliverables SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER deliverables_stamp_upd AFTER UPDATE ON deliverables WHEN NEW.version = OLD.version BEGIN
    UPDATE deliverables SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
