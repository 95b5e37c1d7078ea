-- The domain tables, shared by the desktop replica and the server's canonical database.
-- Money is INTEGER minor units (cents); calendar dates are TEXT 'YYYY-MM-DD';
-- instants are DATETIME in UTC. IDs are UUIDv7 strings made by the client.
-- Every row carries `version` (stamped by the sync server) and, where rows can be
-- removed, a `deleted_at` tombstone.

CREATE TABLE accounts (
    id          TEXT PRIMARY KEY,
    email       TEXT NOT NULL COLLATE NOCASE,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'sponsor', 'influencer')),
    name        TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    flagged     INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
    flag_reason TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL,
    version     INTEGER NOT NULL DEFAULT 0
);
-- Other users' emails travel to a desktop blanked, hence the partial index.
CREATE UNIQUE INDEX accounts_email ON accounts (email) WHERE email <> '';

CREATE TABLE sponsor_profiles (
    account_id    TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    company_name  TEXT NOT NULL,
    industry      TEXT NOT NULL DEFAULT '',
    budget        INTEGER NOT NULL DEFAULT 0 CHECK (budget >= 0),
    approval      TEXT NOT NULL DEFAULT 'pending' CHECK (approval IN ('pending', 'approved', 'rejected')),
    reviewed_by   TEXT,
    reviewed_at   DATETIME,
    review_reason TEXT NOT NULL DEFAULT '',
    updated_at    DATETIME NOT NULL,
    version       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE influencer_profiles (
    account_id      TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    display_name    TEXT NOT NULL,
    category        TEXT NOT NULL DEFAULT '',
    niche           TEXT NOT NULL DEFAULT '',
    reach_instagram INTEGER NOT NULL DEFAULT 0 CHECK (reach_instagram >= 0),
    reach_youtube   INTEGER NOT NULL DEFAULT 0 CHECK (reach_youtube >= 0),
    reach_tiktok    INTEGER NOT NULL DEFAULT 0 CHECK (reach_tiktok >= 0),
    reach_x         INTEGER NOT NULL DEFAULT 0 CHECK (reach_x >= 0),
    reach_other     INTEGER NOT NULL DEFAULT 0 CHECK (reach_other >= 0),
    reach_total     INTEGER GENERATED ALWAYS AS
                    (reach_instagram + reach_youtube + reach_tiktok + reach_x + reach_other) STORED,
    bio             TEXT NOT NULL DEFAULT '',
    updated_at      DATETIME NOT NULL,
    version         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX influencer_profiles_category ON influencer_profiles (category, niche);
CREATE INDEX influencer_profiles_reach ON influencer_profiles (reach_total);

CREATE TABLE campaigns (
    id          TEXT PRIMARY KEY,
    sponsor_id  TEXT NOT NULL REFERENCES accounts (id),
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    category    TEXT NOT NULL DEFAULT '',
    niche       TEXT NOT NULL DEFAULT '',
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL,
    budget      INTEGER NOT NULL CHECK (budget >= 0),
    committed   INTEGER NOT NULL DEFAULT 0 CHECK (committed >= 0),
    visibility  TEXT NOT NULL DEFAULT 'private' CHECK (visibility IN ('public', 'private')),
    goals       TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'completed', 'cancelled')),
    flagged     INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
    flag_reason TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL,
    deleted_at  DATETIME,
    version     INTEGER NOT NULL DEFAULT 0,
    CHECK (committed <= budget),
    CHECK (start_date <= end_date)
);
CREATE INDEX campaigns_sponsor ON campaigns (sponsor_id, status);
CREATE INDEX campaigns_public ON campaigns (visibility, status, start_date);

CREATE TABLE ad_requests (
    id             TEXT PRIMARY KEY,
    campaign_id    TEXT NOT NULL REFERENCES campaigns (id),
    influencer_id  TEXT NOT NULL REFERENCES accounts (id),
    initiated_by   TEXT NOT NULL CHECK (initiated_by IN ('sponsor', 'influencer')),
    requirements   TEXT NOT NULL DEFAULT '',
    payment_amount INTEGER NOT NULL CHECK (payment_amount > 0),
    status         TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'accepted', 'rejected', 'withdrawn', 'completed')),
    close_reason   TEXT NOT NULL DEFAULT '',
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL,
    responded_at   DATETIME,
    completed_at   DATETIME,
    deleted_at     DATETIME,
    version        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ad_requests_campaign ON ad_requests (campaign_id, status);
CREATE INDEX ad_requests_influencer ON ad_requests (influencer_id, status);

-- The negotiation thread: append-only. seq starts at 1 with the opening offer.
CREATE TABLE offers (
    id            TEXT PRIMARY KEY,
    ad_request_id TEXT NOT NULL REFERENCES ad_requests (id),
    seq           INTEGER NOT NULL CHECK (seq >= 1),
    author_id     TEXT NOT NULL REFERENCES accounts (id),
    author_role   TEXT NOT NULL CHECK (author_role IN ('sponsor', 'influencer')),
    amount        INTEGER NOT NULL CHECK (amount > 0),
    requirements  TEXT NOT NULL DEFAULT '',
    message       TEXT NOT NULL DEFAULT '',
    created_at    DATETIME NOT NULL,
    version       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (ad_request_id, seq)
);

-- Reviews are public (shown on profiles) while the ad request and campaign they refer
-- to may be private, so their references are plain columns: a desktop replica holds
-- the review without the rows it names.
CREATE TABLE reviews (
    id            TEXT PRIMARY KEY,
    ad_request_id TEXT NOT NULL,
    author_id     TEXT NOT NULL,
    subject       TEXT NOT NULL CHECK (subject IN ('campaign', 'influencer')),
    campaign_id   TEXT NOT NULL,
    influencer_id TEXT NOT NULL,
    rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body          TEXT NOT NULL DEFAULT '',
    created_at    DATETIME NOT NULL,
    version       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (ad_request_id, author_id)
);
CREATE INDEX reviews_influencer ON reviews (influencer_id, subject);
CREATE INDEX reviews_campaign ON reviews (campaign_id, subject);

CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    ref_table  TEXT NOT NULL DEFAULT '',
    ref_id     TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    read_at    DATETIME,
    version    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notifications_account ON notifications (account_id, read_at, created_at);
