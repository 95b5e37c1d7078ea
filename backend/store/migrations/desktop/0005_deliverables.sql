-- Deliverables (domain 0006): the undo images of offers carry their deliverables,
-- and the new deliverables table is undone like the others (0002). The replica's
-- schema is now the newest domain version: say so to the server.
DROP TRIGGER offers_undo_upd;
DROP TRIGGER offers_undo_del;
CREATE TRIGGER offers_undo_upd BEFORE UPDATE ON offers WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('offers', OLD.id,
        json_object('id', OLD.id, 'ad_request_id', OLD.ad_request_id, 'seq', OLD.seq, 'author_id', OLD.author_id, 'author_role', OLD.author_role, 'amount', OLD.amount, 'requirements', OLD.requirements, 'message', OLD.message, 'deliverables', OLD.deliverables, 'created_at', OLD.created_at, 'version', OLD.version)); END;
CREATE TRIGGER offers_undo_del BEFORE DELETE ON offers WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('offers', OLD.id,
        json_object('id', OLD.id, 'ad_request_id', OLD.ad_request_id, 'seq', OLD.seq, 'author_id', OLD.author_id, 'author_role', OLD.author_role, 'amount', OLD.amount, 'requirements', OLD.requirements, 'message', OLD.message, 'deliverables', OLD.deliverables, 'created_at', OLD.created_at, 'version', OLD.version)); END;

CREATE TRIGGER deliverables_undo_ins AFTER INSERT ON deliverables WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('deliverables', NEW.id, NULL); END;
CREATE TRIGGER deliverables_undo_upd BEFORE UPDATE ON deliverables WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('deliverables', OLD.id,
        json_object('id', OLD.id, 'ad_request_id', OLD.ad_request_id, 'seq', OLD.seq, 'platform', OLD.platform, 'content_type', OLD.content_type, 'quantity', OLD.quantity, 'due_date', OLD.due_date, 'brief', OLD.brief, 'status', OLD.status, 'draft_text', OLD.draft_text, 'draft_links', OLD.draft_links, 'change_comment', OLD.change_comment, 'proof_url', OLD.proof_url, 'posted_at', OLD.posted_at, 'submitted_at', OLD.submitted_at, 'decided_at', OLD.decided_at, 'auto_accept_after', OLD.auto_accept_after, 'dispute_reason', OLD.dispute_reason, 'disputed_by', OLD.disputed_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;
CREATE TRIGGER deliverables_undo_del BEFORE DELETE ON deliverables WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('deliverables', OLD.id,
        json_object('id', OLD.id, 'ad_request_id', OLD.ad_request_id, 'seq', OLD.seq, 'platform', OLD.platform, 'content_type', OLD.content_type, 'quantity', OLD.quantity, 'due_date', OLD.due_date, 'brief', OLD.brief, 'status', OLD.status, 'draft_text', OLD.draft_text, 'draft_links', OLD.draft_links, 'change_comment', OLD.change_comment, 'proof_url', OLD.proof_url, 'posted_at', OLD.posted_at, 'submitted_at', OLD.submitted_at, 'decided_at', OLD.decided_at, 'auto_accept_after', OLD.auto_accept_after, 'dispute_reason', OLD.dispute_reason, 'disputed_by', OLD.disputed_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;

UPDATE sync_state SET schema_version = (SELECT MAX(version) FROM schema_migrations WHERE set_name = 'domain');
