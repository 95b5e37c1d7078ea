-- Post metrics (domain 0009) sync like the other domain tables (0002): pulls read
-- them by version and every insert or update is stamped with the transaction's
-- version (a correction of a checkpoint is an update, so it syncs too).
CREATE INDEX deliverable_metrics_version ON deliverable_metrics (version);
CREATE TRIGGER deliverable_metrics_stamp_ins AFTER INSERT ON deliverable_metrics BEGIN
    UPDATE deliverable_metrics SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER deliverable_metrics_stamp_upd AFTER UPDATE ON deliverable_metrics WHEN NEW.version = OLD.version BEGIN
    UPDATE deliverable_metrics SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
