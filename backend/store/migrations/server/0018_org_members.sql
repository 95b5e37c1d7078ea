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

-- Every new sponsor founds a one-member organisation: the founder's row, however the
-- account is made (registration, admin command, seed).
CREATE TRIGGER accounts_founder AFTER INSERT ON accounts WHEN NEW.role = 'sponsor' BEGIN
    INSERT OR IGNORE INTO org_members (id, org_id, email, account_id, role, status, invited_by, created_at, updated_at)
        VALUES (NEW.id, NEW.id, NEW.email, NEW.id, 'owner', 'active', NULL, NEW.created_at, NEW.created_at); END;

-- A membership that starts or ends changes which of the organisation's rows the
-- member may see, and which teammates' names the others may see: restamp the
-- member's account row, so the organisation's desktops pull it (the member's own
-- desktop starts over: sync/server/pull.go).
CREATE TRIGGER org_members_account_stamp AFTER UPDATE OF status ON org_members
    WHEN NEW.account_id IS NOT NULL AND NEW.status <> OLD.status BEGIN
    UPDATE accounts SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.account_id; END;
