-- Server-only sync bookkeeping (../shared/design/sync.md).

-- One counter row: every write transaction increments version first (which also
-- serialises commits) and the triggers below stamp each row it touches with it, so a
-- pull by version never skips a change. epoch changes when a backup is restored.
CREATE TABLE sync_meta (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL,
    epoch   TEXT NOT NULL
);
INSERT INTO sync_meta (id, version, epoch) VALUES (1, 1, lower(hex(randomblob(16))));

CREATE TABLE sync_clients (
    client_id        TEXT PRIMARY KEY,
    account_id       TEXT NOT NULL REFERENCES accounts (id),
    last_mutation_id INTEGER NOT NULL DEFAULT 0,
    created_at       DATETIME NOT NULL,
    last_seen_at     DATETIME NOT NULL
);

CREATE TABLE mutation_results (
    client_id   TEXT NOT NULL REFERENCES sync_clients (client_id),
    mutation_id INTEGER NOT NULL,
    name        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
    code        TEXT NOT NULL DEFAULT '',
    message     TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL,
    created_at  DATETIME NOT NULL,
    PRIMARY KEY (client_id, mutation_id)
);

CREATE TABLE refresh_tokens (
    token_hash  TEXT PRIMARY KEY,           -- SHA-256 of the token, hex
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    family_id   TEXT NOT NULL,              -- all rotations of one sign-in
    created_at  DATETIME NOT NULL,
    expires_at  DATETIME NOT NULL,
    revoked_at  DATETIME,
    replaced_by TEXT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE server_secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

-- Pulls read rows by version.
CREATE INDEX accounts_version ON accounts (version);
CREATE INDEX sponsor_profiles_version ON sponsor_profiles (version);
CREATE INDEX influencer_profiles_version ON influencer_profiles (version);
CREATE INDEX campaigns_version ON campaigns (version);
CREATE INDEX ad_requests_version ON ad_requests (version);
CREATE INDEX offers_version ON offers (version);
CREATE INDEX reviews_version ON reviews (version);
CREATE INDEX notifications_version ON notifications (version);

-- Stamp inserted and updated rows with the transaction's version.
CREATE TRIGGER accounts_stamp_ins AFTER INSERT ON accounts BEGIN
    UPDATE accounts SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER accounts_stamp_upd AFTER UPDATE ON accounts WHEN NEW.version = OLD.version BEGIN
    UPDATE accounts SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER sponsor_profiles_stamp_ins AFTER INSERT ON sponsor_profiles BEGIN
    UPDATE sponsor_profiles SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE account_id = NEW.account_id; END;
CREATE TRIGGER sponsor_profiles_stamp_upd AFTER UPDATE ON sponsor_profiles WHEN NEW.version = OLD.version BEGIN
    UPDATE sponsor_profiles SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE account_id = NEW.account_id; END;
CREATE TRIGGER influencer_profiles_stamp_ins AFTER INSERT ON influencer_profiles BEGIN
    UPDATE influencer_profiles SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE account_id = NEW.account_id; END;
CREATE TRIGGER influencer_profiles_stamp_upd AFTER UPDATE ON influencer_profiles WHEN NEW.version = OLD.version BEGIN
    UPDATE influencer_profiles SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE account_id = NEW.account_id; END;
CREATE TRIGGER campaigns_stamp_ins AFTER INSERT ON campaigns BEGIN
    UPDATE campaigns SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER campaigns_stamp_upd AFTER UPDATE ON campaigns WHEN NEW.version = OLD.version BEGIN
    UPDATE campaigns SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER ad_requests_stamp_ins AFTER INSERT ON ad_requests BEGIN
    UPDATE ad_requests SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER ad_requests_stamp_upd AFTER UPDATE ON ad_requests WHEN NEW.version = OLD.version BEGIN
    UPDATE ad_requests SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER offers_stamp_ins AFTER INSERT ON offers BEGIN
    UPDATE offers SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER offers_stamp_upd AFTER UPDATE ON offers WHEN NEW.version = OLD.version BEGIN
    UPDATE offers SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER reviews_stamp_ins AFTER INSERT ON reviews BEGIN
    UPDATE reviews SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER reviews_stamp_upd AFTER UPDATE ON reviews WHEN NEW.version = OLD.version BEGIN
    UPDATE reviews SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER notifications_stamp_ins AFTER INSERT ON notifications BEGIN
    UPDATE notifications SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER notifications_stamp_upd AFTER UPDATE ON notifications WHEN NEW.version = OLD.version BEGIN
    UPDATE notifications SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;

-- A change that alters who may see other rows bumps those rows too, so the next pull
-- sends them as put or del.
CREATE TRIGGER accounts_visibility AFTER UPDATE OF flagged, active ON accounts
WHEN NEW.flagged != OLD.flagged OR NEW.active != OLD.active BEGIN
    UPDATE influencer_profiles SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE account_id = NEW.id;
    UPDATE sponsor_profiles SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE account_id = NEW.id;
    UPDATE campaigns SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE sponsor_id = NEW.id;
    UPDATE reviews SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE influencer_id = NEW.id;
END;
CREATE TRIGGER sponsor_profiles_visibility AFTER UPDATE OF approval ON sponsor_profiles
WHEN NEW.approval != OLD.approval BEGIN
    UPDATE campaigns SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE sponsor_id = NEW.account_id;
END;
-- A new ad request shows its campaign, sponsor and influencer to the other party.
CREATE TRIGGER ad_requests_visibility AFTER INSERT ON ad_requests BEGIN
    UPDATE campaigns SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.campaign_id;
    UPDATE accounts SET version = (SELECT version FROM sync_meta WHERE id = 1)
        WHERE id IN (NEW.influencer_id, (SELECT sponsor_id FROM campaigns WHERE id = NEW.campaign_id));
    UPDATE sponsor_profiles SET version = (SELECT version FROM sync_meta WHERE id = 1)
        WHERE account_id = (SELECT sponsor_id FROM campaigns WHERE id = NEW.campaign_id);
    UPDATE influencer_profiles SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE account_id = NEW.influencer_id;
END;
