-- The sponsor's workbench (issue 13): organisations with members, shortlists and
-- saved searches. docs/teams.md and docs/sync.md ("Organisations") tell the rules.
--
-- An organisation is named by its founding sponsor's account id: campaigns.sponsor_id,
-- the sponsor profile (company, approval) and the wallet's ledger account keep that
-- id and now mean "the organisation". org_members lists who acts for it: the founder
-- (row id = the founder's account id, role owner, never removed) and the teammates an
-- owner invited by email (derived id, account_id set when accepted). An account acts
-- for at most one organisation at a time (one active row).
CREATE TABLE org_members (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES accounts (id),
    email       TEXT NOT NULL COLLATE NOCASE,
    account_id  TEXT REFERENCES accounts (id),
    role        TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'viewer')),
    status      TEXT NOT NULL CHECK (status IN ('invited', 'active', 'removed', 'declined')),
    invited_by  TEXT, -- the inviting owner's account (no foreign key: an invitee's replica holds the organisation, not every teammate)
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL,
    version     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX org_members_one_org ON org_members (account_id) WHERE status = 'active';
CREATE UNIQUE INDEX org_members_email ON org_members (org_id, email);
CREATE INDEX org_members_account ON org_members (account_id, org_id, status);
CREATE INDEX org_members_invited ON org_members (email) WHERE status = 'invited';

-- A shortlist: a named list of creators kept by an organisation, optionally for one
-- campaign (its creators then fill the campaign pipeline's "shortlisted" column).
CREATE TABLE shortlists (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES accounts (id),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    campaign_id TEXT REFERENCES campaigns (id),
    created_by  TEXT NOT NULL REFERENCES accounts (id),
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL,
    deleted_at  DATETIME,
    version     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX shortlists_org ON shortlists (org_id, name);
CREATE INDEX shortlists_campaign ON shortlists (campaign_id) WHERE campaign_id IS NOT NULL;

-- A creator on a shortlist, with the team's note. The id is derived from the list and
-- the influencer (adding twice is one row); removing sets deleted_at.
CREATE TABLE shortlist_entries (
    id            TEXT PRIMARY KEY,
    shortlist_id  TEXT NOT NULL REFERENCES shortlists (id),
    influencer_id TEXT NOT NULL REFERENCES accounts (id),
    note          TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    added_by      TEXT NOT NULL REFERENCES accounts (id),
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL,
    deleted_at    DATETIME,
    version       INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX shortlist_entries_pair ON shortlist_entries (shortlist_id, influencer_id);
CREATE INDEX shortlist_entries_influencer ON shortlist_entries (influencer_id);

-- A saved search of creators: its filters and sort as JSON (the search screen's own
-- shape, validated by the mutator).
CREATE TABLE saved_searches (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES accounts (id),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    query       TEXT NOT NULL DEFAULT '{}',
    created_by  TEXT NOT NULL REFERENCES accounts (id),
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL,
    deleted_at  DATETIME,
    version     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX saved_searches_org ON saved_searches (org_id, name);
