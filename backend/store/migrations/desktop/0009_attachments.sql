-- Attachments (domain 0010): the undo images of deliverables carry
-- draft_attachments and proof_screenshot, so undoing an optimistic draft or
-- proof restores them too. The replica's schema is now the newest domain
-- version: say so to the server.
DROP TRIGGER deliverables_undo_upd;
DROP TRIGGER deliverables_undo_del;
CREATE TRIGGER deliverables_undo_upd BEFORE UPDATE ON deliverables WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('deliverables', OLD.id,
        json_object('id', OLD.id, 'ad_request_id', OLD.ad_request_id, 'seq', OLD.seq, 'platform', OLD.platform, 'content_type', OLD.content_type, 'quantity', OLD.quantity, 'due_date', OLD.due_date, 'brief', OLD.brief, 'status', OLD.status, 'draft_text', OLD.draft_text, 'draft_links', OLD.draft_links, 'draft_attachments', OLD.draft_attachments, 'change_comment', OLD.change_comment, 'proof_url', OLD.proof_url, 'proof_screenshot', OLD.proof_screenshot, 'posted_at', OLD.posted_at, 'submitted_at', OLD.submitted_at, 'decided_at', OLD.decided_at, 'auto_accept_after', OLD.auto_accept_after, 'dispute_reason', OLD.dispute_reason, 'disputed_by', OLD.disputed_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;
CREATE TRIGGER deliverables_undo_del BEFORE DELETE ON deliverables WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('deliverables', OLD.id,
        json_object('id', OLD.id, 'ad_request_id', OLD.ad_request_id, 'seq', OLD.seq, 'platform', OLD.platform, 'content_type', OLD.content_type, 'quantity', OLD.quantity, 'due_date', OLD.due_date, 'brief', OLD.brief, 'status', OLD.status, 'draft_text', OLD.draft_text, 'draft_links', OLD.draft_links, 'draft_attachments', OLD.draft_attachments, 'change_comment', OLD.change_comment, 'proof_url', OLD.proof_url, 'proof_screenshot', OLD.proof_screenshot, 'posted_at', OLD.posted_at, 'submitted_at', OLD.submitted_at, 'decided_at', OLD.decided_at, 'auto_accept_after', OLD.auto_accept_after, 'dispute_reason', OLD.dispute_reason, 'disputed_by', OLD.disputed_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;

UPDATE sync_state SET schema_version = (SELECT MAX(version) FROM schema_migrations WHERE set_name = 'domain');
