-- The desktop's directory of accounts that signed in on this machine, so that the
-- last account can sign in again offline. password_hash is an argon2id verifier
-- (never the password); the per-account data lives in accounts/<id>.db.
CREATE TABLE known_accounts (
    id             TEXT PRIMARY KEY,
    email          TEXT NOT NULL COLLATE NOCASE UNIQUE,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'sponsor', 'influencer')),
    name           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    server_url     TEXT NOT NULL DEFAULT '',
    last_signed_in DATETIME
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
