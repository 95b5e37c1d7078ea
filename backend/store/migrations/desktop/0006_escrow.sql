-- Escrow (domain 0007): the undo images of ad requests carry the escrow columns,
-- and platform_settings is undone like the other tables (0002). The replica's schema
-- is now the newest domain version: say so to the server.
DROP TRIGGER ad_requests_undo_upd;
DROP TRIGGER ad_requests_undo_del;
CREATE TRIGGER ad_requests_undo_upd BEFORE UPDATE ON ad_requests WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('ad_requests', OLD.id,
        json_object('id', OLD.id, 'campaign_id', OLD.campaign_id, 'influencer_id', OLD.influencer_id, 'initiated_by', OLD.initiated_by, 'requirements', OLD.requirements, 'payment_amount', OLD.payment_amount, 'status', OLD.status, 'close_reason', OLD.close_reason, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'responded_at', OLD.responded_at, 'completed_at', OLD.completed_at, 'deleted_at', OLD.deleted_at, 'escrow_state', OLD.escrow_state, 'escrow_cents', OLD.escrow_cents, 'commission_bps', OLD.commission_bps, 'released_cents', OLD.released_cents, 'resolution_note', OLD.resolution_note, 'version', OLD.version)); END;
CREATE TRIGGER ad_requests_undo_del BEFORE DELETE ON ad_requests WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('ad_requests', OLD.id,
        json_object('id', OLD.id, 'campaign_id', OLD.campaign_id, 'influencer_id', OLD.influencer_id, 'initiated_by', OLD.initiated_by, 'requirements', OLD.requirements, 'payment_amount', OLD.payment_amount, 'status', OLD.status, 'close_reason', OLD.close_reason, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'responded_at', OLD.responded_at, 'completed_at', OLD.completed_at, 'deleted_at', OLD.deleted_at, 'escrow_state', OLD.escrow_state, 'escrow_cents', OLD.escrow_cents, 'commission_bps', OLD.commission_bps, 'released_cents', OLD.released_cents, 'resolution_note', OLD.resolution_note, 'version', OLD.version)); END;

CREATE TRIGGER platform_settings_undo_ins AFTER INSERT ON platform_settings WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('platform_settings', NEW.id, NULL); END;
CREATE TRIGGER platform_settings_undo_upd BEFORE UPDATE ON platform_settings WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('platform_settings', OLD.id,
        json_object('id', OLD.id, 'commission_bps', OLD.commission_bps, 'updated_by', OLD.updated_by, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;
CREATE TRIGGER platform_settings_undo_del BEFORE DELETE ON platform_settings WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('platform_settings', OLD.id,
        json_object('id', OLD.id, 'commission_bps', OLD.commission_bps, 'updated_by', OLD.updated_by, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;

UPDATE sync_state SET schema_version = (SELECT MAX(version) FROM schema_migrations WHERE set_name = 'domain');
