-- platform_settings syncs like the other domain tables (0002): stamped on every
-- insert and update with the transaction's version.
CREATE INDEX platform_settings_version ON platform_settings (version);
CREATE TRIGGER platform_settings_stamp_ins AFTER INSERT ON platform_settings BEGIN
    UPDATE platform_settings SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER platform_settings_stamp_upd AFTER UPDATE ON platform_settings WHEN NEW.version = OLD.version BEGIN
    UPDATE platform_settings SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
