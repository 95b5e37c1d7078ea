-- Deal messages (domain 0011) are undone like the other domain tables (0002): a
-- message written offline and refused by the server disappears at the next sync.
-- The replica's schema is now the newest domain version: say so to the server.
CREATE TRIGGER deal_messages_undo_ins AFTER INSERT ON deal_messages WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('deal_messages', NEW.id, NULL); END;
CREATE TRIGGER deal_messages_undo_upd BEFORE UPDATE ON deal_messages WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('deal_messages', OLD.id,
        json_object('id', OLD.id, 'ad_request_id', OLD.ad_request_id, 'author_id', OLD.author_id, 'author_role', OLD.author_role, 'body', OLD.body, 'attachments', OLD.attachments, 'created_at', OLD.created_at, 'version', OLD.version)); END;
CREATE TRIGGER deal_messages_undo_del BEFORE DELETE ON deal_messages WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('deal_messages', OLD.id,
        json_object('id', OLD.id, 'ad_request_id', OLD.ad_request_id, 'author_id', OLD.author_id, 'author_role', OLD.author_role, 'body', OLD.body, 'attachments', OLD.attachments, 'created_at', OLD.created_at, 'version', OLD.version)); END;

UPDATE sync_state SET schema_version = (SELECT MAX(version) FROM schema_migrations WHERE set_name = 'domain');
