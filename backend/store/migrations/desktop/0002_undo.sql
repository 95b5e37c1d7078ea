-- The undo log of optimistic changes (generated from replica.Tables; a test checks
-- it covers every column). While undo_ctl.active = 1 — only while the desktop runs a
-- local mutation — each domain row's first change records its previous image (NULL:
-- the row did not exist). Rebasing restores those images, newest first, applies the
-- server's changes and replays the pending outbox: the Replicache way, in SQL.
CREATE TABLE undo_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl TEXT NOT NULL,
    pk  TEXT NOT NULL,
    old TEXT
);

CREATE TABLE undo_ctl (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    active INTEGER NOT NULL DEFAULT 0
);
INSERT INTO undo_ctl (id, active) VALUES (1, 0);


CREATE TRIGGER accounts_undo_ins AFTER INSERT ON accounts WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('accounts', NEW.id, NULL); END;
CREATE TRIGGER accounts_undo_upd BEFORE UPDATE ON accounts WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('accounts', OLD.id,
        json_object('id', OLD.id, 'email', OLD.email, 'role', OLD.role, 'name', OLD.name, 'active', OLD.active, 'flagged', OLD.flagged, 'flag_reason', OLD.flag_reason, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;
CREATE TRIGGER accounts_undo_del BEFORE DELETE ON accounts WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('accounts', OLD.id,
        json_object('id', OLD.id, 'email', OLD.email, 'role', OLD.role, 'name', OLD.name, 'active', OLD.active, 'flagged', OLD.flagged, 'flag_reason', OLD.flag_reason, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;

CREATE TRIGGER sponsor_profiles_undo_ins AFTER INSERT ON sponsor_profiles WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('sponsor_profiles', NEW.account_id, NULL); END;
CREATE TRIGGER sponsor_profiles_undo_upd BEFORE UPDATE ON sponsor_profiles WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('sponsor_profiles', OLD.account_id,
        json_object('account_id', OLD.account_id, 'company_name', OLD.company_name, 'industry', OLD.industry, 'budget', OLD.budget, 'approval', OLD.approval, 'reviewed_by', OLD.reviewed_by, 'reviewed_at', OLD.reviewed_at, 'review_reason', OLD.review_reason, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;
CREATE TRIGGER sponsor_profiles_undo_del BEFORE DELETE ON sponsor_profiles WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('sponsor_profiles', OLD.account_id,
        json_object('account_id', OLD.account_id, 'company_name', OLD.company_name, 'industry', OLD.industry, 'budget', OLD.budget, 'approval', OLD.approval, 'reviewed_by', OLD.reviewed_by, 'reviewed_at', OLD.reviewed_at, 'review_reason', OLD.review_reason, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;

CREATE TRIGGER influencer_profiles_undo_ins AFTER INSERT ON influencer_profiles WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('influencer_profiles', NEW.account_id, NULL); END;
CREATE TRIGGER influencer_profiles_undo_upd BEFORE UPDATE ON influencer_profiles WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('influencer_profiles', OLD.account_id,
        json_object('account_id', OLD.account_id, 'display_name', OLD.display_name, 'category', OLD.category, 'niche', OLD.niche, 'reach_instagram', OLD.reach_instagram, 'reach_youtube', OLD.reach_youtube, 'reach_tiktok', OLD.reach_tiktok, 'reach_x', OLD.reach_x, 'reach_other', OLD.reach_other, 'bio', OLD.bio, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;
CREATE TRIGGER influencer_profiles_undo_del BEFORE DELETE ON influencer_profiles WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('influencer_profiles', OLD.account_id,
        json_object('account_id', OLD.account_id, 'display_name', OLD.display_name, 'category', OLD.category, 'niche', OLD.niche, 'reach_instagram', OLD.reach_instagram, 'reach_youtube', OLD.reach_youtube, 'reach_tiktok', OLD.reach_tiktok, 'reach_x', OLD.reach_x, 'reach_other', OLD.reach_other, 'bio', OLD.bio, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;

CREATE TRIGGER campaigns_undo_ins AFTER INSERT ON campaigns WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('campaigns', NEW.id, NULL); END;
CREATE TRIGGER campaigns_undo_upd BEFORE UPDATE ON campaigns WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('campaigns', OLD.id,
        json_object('id', OLD.id, 'sponsor_id', OLD.sponsor_id, 'name', OLD.name, 'description', OLD.description, 'category', OLD.category, 'niche', OLD.niche, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'budget', OLD.budget, 'committed', OLD.committed, 'visibility', OLD.visibility, 'goals', OLD.goals, 'status', OLD.status, 'flagged', OLD.flagged, 'flag_reason', OLD.flag_reason, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;
CREATE TRIGGER campaigns_undo_del BEFORE DELETE ON campaigns WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('campaigns', OLD.id,
        json_object('id', OLD.id, 'sponsor_id', OLD.sponsor_id, 'name', OLD.name, 'description', OLD.description, 'category', OLD.category, 'niche', OLD.niche, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'budget', OLD.budget, 'committed', OLD.committed, 'visibility', OLD.visibility, 'goals', OLD.goals, 'status', OLD.status, 'flagged', OLD.flagged, 'flag_reason', OLD.flag_reason, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;

CREATE TRIGGER ad_requests_undo_ins AFTER INSERT ON ad_requests WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('ad_requests', NEW.id, NULL); END;
CREATE TRIGGER ad_requests_undo_upd BEFORE UPDATE ON ad_requests WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('ad_requests', OLD.id,
        json_object('id', OLD.id, 'campaign_id', OLD.campaign_id, 'influencer_id', OLD.influencer_id, 'initiated_by', OLD.initiated_by, 'requirements', OLD.requirements, 'payment_amount', OLD.payment_amount, 'status', OLD.status, 'close_reason', OLD.close_reason, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'responded_at', OLD.responded_at, 'completed_at', OLD.completed_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;
CREATE TRIGGER ad_requests_undo_del BEFORE DELETE ON ad_requests WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('ad_requests', OLD.id,
        json_object('id', OLD.id, 'campaign_id', OLD.campaign_id, 'influencer_id', OLD.influencer_id, 'initiated_by', OLD.initiated_by, 'requirements', OLD.requirements, 'payment_amount', OLD.payment_amount, 'status', OLD.status, 'close_reason', OLD.close_reason, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'responded_at', OLD.responded_at, 'completed_at', OLD.completed_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;

CREATE TRIGGER offers_undo_ins AFTER INSERT ON offers WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('offers', NEW.id, NULL); END;
CREATE TRIGGER offers_undo_upd BEFORE UPDATE ON offers WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('offers', OLD.id,
        json_object('id', OLD.id, 'ad_request_id', OLD.ad_request_id, 'seq', OLD.seq, 'author_id', OLD.author_id, 'author_role', OLD.author_role, 'amount', OLD.amount, 'requirements', OLD.requirements, 'message', OLD.message, 'created_at', OLD.created_at, 'version', OLD.version)); END;
CREATE TRIGGER offers_undo_del BEFORE DELETE ON offers WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('offers', OLD.id,
        json_object('id', OLD.id, 'ad_request_id', OLD.ad_request_id, 'seq', OLD.seq, 'author_id', OLD.author_id, 'author_role', OLD.author_role, 'amount', OLD.amount, 'requirements', OLD.requirements, 'message', OLD.message, 'created_at', OLD.created_at, 'version', OLD.version)); END;

CREATE TRIGGER reviews_undo_ins AFTER INSERT ON reviews WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('reviews', NEW.id, NULL); END;
CREATE TRIGGER reviews_undo_upd BEFORE UPDATE ON reviews WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('reviews', OLD.id,
        json_object('id', OLD.id, 'ad_request_id', OLD.ad_request_id, 'author_id', OLD.author_id, 'subject', OLD.subject, 'campaign_id', OLD.campaign_id, 'influencer_id', OLD.influencer_id, 'rating', OLD.rating, 'body', OLD.body, 'created_at', OLD.created_at, 'version', OLD.version)); END;
CREATE TRIGGER reviews_undo_del BEFORE DELETE ON reviews WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('reviews', OLD.id,
        json_object('id', OLD.id, 'ad_request_id', OLD.ad_request_id, 'author_id', OLD.author_id, 'subject', OLD.subject, 'campaign_id', OLD.campaign_id, 'influencer_id', OLD.influencer_id, 'rating', OLD.rating, 'body', OLD.body, 'created_at', OLD.created_at, 'version', OLD.version)); END;

CREATE TRIGGER notifications_undo_ins AFTER INSERT ON notifications WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('notifications', NEW.id, NULL); END;
CREATE TRIGGER notifications_undo_upd BEFORE UPDATE ON notifications WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('notifications', OLD.id,
        json_object('id', OLD.id, 'account_id', OLD.account_id, 'kind', OLD.kind, 'title', OLD.title, 'body', OLD.body, 'ref_table', OLD.ref_table, 'ref_id', OLD.ref_id, 'created_at', OLD.created_at, 'read_at', OLD.read_at, 'version', OLD.version)); END;
CREATE TRIGGER notifications_undo_del BEFORE DELETE ON notifications WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('notifications', OLD.id,
        json_object('id', OLD.id, 'account_id', OLD.account_id, 'kind', OLD.kind, 'title', OLD.title, 'body', OLD.body, 'ref_table', OLD.ref_table, 'ref_id', OLD.ref_id, 'created_at', OLD.created_at, 'read_at', OLD.read_at, 'version', OLD.version)); END;
