-- Organisation members (domain 0016) are undone like the other domain tables (0002):
-- an invitation or a role change made offline and refused by the server is rolled back.
CREATE TRIGGER org_members_undo_ins AFTER INSERT ON org_members WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('org_members', NEW.id, NULL); END;
CREATE TRIGGER org_members_undo_upd BEFORE UPDATE ON org_members WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('org_members', OLD.id,
        json_object('id', OLD.id, 'org_id', OLD.org_id, 'email', OLD.email, 'account_id', OLD.account_id, 'role', OLD.role, 'status', OLD.status, 'invited_by', OLD.invited_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;
CREATE TRIGGER org_members_undo_del BEFORE DELETE ON org_members WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('org_members', OLD.id,
        json_object('id', OLD.id, 'org_id', OLD.org_id, 'email', OLD.email, 'account_id', OLD.account_id, 'role', OLD.role, 'status', OLD.status, 'invited_by', OLD.invited_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;

-- The replica's own sponsor is its organisation's founder until the server says
-- otherwise (the server's row, same id, replaces this one at the next pull), so an
-- upgraded desktop keeps acting for its campaigns offline.
INSERT OR IGNORE INTO org_members (id, org_id, email, account_id, role, status, invited_by, created_at, updated_at)
    SELECT a.id, a.id, a.email, a.id, 'owner', 'active', NULL, a.created_at, a.created_at
    FROM accounts a JOIN sync_state s ON s.account_id = a.id WHERE a.role = 'sponsor';

UPDATE sync_state SET schema_version = (SELECT MAX(version) FROM schema_migrations WHERE set_name = 'domain');
