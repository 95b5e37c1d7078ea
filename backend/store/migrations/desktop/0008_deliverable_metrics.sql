-- Post metrics (domain 0009) are undone like the other domain tables (0002): a
-- report made offline and refused by the server disappears at the next sync. The
-- replica's schema is now the newest domain version: say so to the server.
CREATE TRIGGER deliverable_metrics_undo_ins AFTER INSERT ON deliverable_metrics WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('deliverable_metrics', NEW.id, NULL); END;
CREATE TRIGGER deliverable_metrics_undo_upd BEFORE UPDATE ON deliverable_metrics WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('deliverable_metrics', OLD.id,
        json_object('id', OLD.id, 'deliverable_id', OLD.deliverable_id, 'checkpoint', OLD.checkpoint, 'views', OLD.views, 'reach', OLD.reach, 'likes', OLD.likes, 'comments', OLD.comments, 'shares', OLD.shares, 'saves', OLD.saves, 'reported_at', OLD.reported_at, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;
CREATE TRIGGER deliverable_metrics_undo_del BEFORE DELETE ON deliverable_metrics WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('deliverable_metrics', OLD.id,
        json_object('id', OLD.id, 'deliverable_id', OLD.deliverable_id, 'checkpoint', OLD.checkpoint, 'views', OLD.views, 'reach', OLD.reach, 'likes', OLD.likes, 'comments', OLD.comments, 'shares', OLD.shares, 'saves', OLD.saves, 'reported_at', OLD.reported_at, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;

UPDATE sync_state SET schema_version = (SELECT MAX(version) FROM schema_migrations WHERE set_name = 'domain');
