-- Tracking (domain 0008): the campaigns' undo images carry landing_url, and the new
-- tracking_links table is undone like the others (0002). The replica's schema is now
-- the newest domain version: say so to the server.
DROP TRIGGER campaigns_undo_upd;
DROP TRIGGER campaigns_undo_del;
CREATE TRIGGER campaigns_undo_upd BEFORE UPDATE ON campaigns WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('campaigns', OLD.id,
        json_object('id', OLD.id, 'sponsor_id', OLD.sponsor_id, 'name', OLD.name, 'description', OLD.description, 'category', OLD.category, 'niche', OLD.niche, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'budget', OLD.budget, 'committed', OLD.committed, 'visibility', OLD.visibility, 'goals', OLD.goals, 'status', OLD.status, 'flagged', OLD.flagged, 'flag_reason', OLD.flag_reason, 'landing_url', OLD.landing_url, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;
CREATE TRIGGER campaigns_undo_del BEFORE DELETE ON campaigns WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('campaigns', OLD.id,
        json_object('id', OLD.id, 'sponsor_id', OLD.sponsor_id, 'name', OLD.name, 'description', OLD.description, 'category', OLD.category, 'niche', OLD.niche, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'budget', OLD.budget, 'committed', OLD.committed, 'visibility', OLD.visibility, 'goals', OLD.goals, 'status', OLD.status, 'flagged', OLD.flagged, 'flag_reason', OLD.flag_reason, 'landing_url', OLD.landing_url, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;

CREATE TRIGGER tracking_links_undo_ins AFTER INSERT ON tracking_links WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('tracking_links', NEW.id, NULL); END;
CREATE TRIGGER tracking_links_undo_upd BEFORE UPDATE ON tracking_links WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('tracking_links', OLD.id,
        json_object('id', OLD.id, 'ad_request_id', OLD.ad_request_id, 'code', OLD.code, 'promo_code', OLD.promo_code, 'hashtag', OLD.hashtag, 'slug', OLD.slug, 'target_url', OLD.target_url, 'clicks', OLD.clicks, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;
CREATE TRIGGER tracking_links_undo_del BEFORE DELETE ON tracking_links WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('tracking_links', OLD.id,
        json_object('id', OLD.id, 'ad_request_id', OLD.ad_request_id, 'code', OLD.code, 'promo_code', OLD.promo_code, 'hashtag', OLD.hashtag, 'slug', OLD.slug, 'target_url', OLD.target_url, 'clicks', OLD.clicks, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;

UPDATE sync_state SET schema_version = (SELECT MAX(version) FROM schema_migrations WHERE set_name = 'domain');
