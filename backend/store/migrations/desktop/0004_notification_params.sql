-- Notifications as data (domain 0005): the undo images of notifications carry
-- params too, and this desktop's own notifications (job reminders) get the same
-- column. The replica's schema is now the newest domain version: say so to the
-- server (sync_state is written once, when the replica is made).
ALTER TABLE local_notifications ADD COLUMN params TEXT NOT NULL DEFAULT '{}';

DROP TRIGGER notifications_undo_upd;
DROP TRIGGER notifications_undo_del;
CREATE TRIGGER notifications_undo_upd BEFORE UPDATE ON notifications WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('notifications', OLD.id,
        json_object('id', OLD.id, 'account_id', OLD.account_id, 'kind', OLD.kind, 'title', OLD.title, 'body', OLD.body, 'params', OLD.params, 'ref_table', OLD.ref_table, 'ref_id', OLD.ref_id, 'created_at', OLD.created_at, 'read_at', OLD.read_at, 'version', OLD.version)); END;
CREATE TRIGGER notifications_undo_del BEFORE DELETE ON notifications WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('notifications', OLD.id,
        json_object('id', OLD.id, 'account_id', OLD.account_id, 'kind', OLD.kind, 'title', OLD.title, 'body', OLD.body, 'params', OLD.params, 'ref_table', OLD.ref_table, 'ref_id', OLD.ref_id, 'created_at', OLD.created_at, 'read_at', OLD.read_at, 'version', OLD.version)); END;

UPDATE sync_state SET schema_version = (SELECT MAX(version) FROM schema_migrations WHERE set_name = 'domain');
