-- Organisation members (domain 0016) sync like the other domain tables (0002): pulls
-- read them by version and every write is stamped with the transaction's version.
CREATE INDEX org_members_version ON org_members (version);
CREATE TRIGGER org_members_stamp_ins AFTER INSERT ON org_members BEGIN
    UPDATE org_members SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER org_members_stamp_upd AFTER UPDATE ON org_members WHEN NEW.version = OLD.version BEGIN
    UPDATE org_members SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;

-- Today's sponsors become one-member organisations: the founder's row, id = the
-- account id, role owner. Stamped after the current version, so every desktop pulls it.
UPDATE sync_meta SET version = version + 1 WHERE id = 1;
INSERT INTO org_members (id, org_id, email, account_id, role, status, invited_by, created_at, updated_at)
    SELECT id, id, email, id, 'owner', 'active', NULL, created_at, created_at FROM accounts WHERE role = 'sponsor';
