-- The sync server's schema on PostgreSQL (docs/operations.md): the SQLite domain set
-- (0001-0016) and server set (0001-0019) as of this baseline, in PostgreSQL's terms.
-- Later changes get a numbered file here beside their SQLite pair. Types: TEXT stays
-- TEXT, INTEGER is BIGINT (booleans too, 0/1, as in SQLite), DATETIME is TIMESTAMPTZ,
-- BLOB is BYTEA, case-insensitive emails are CITEXT. The desktop's full-text search
-- tables are not here: the server never searches.

CREATE EXTENSION IF NOT EXISTS citext;

-- SQLite's functions the shared queries use, so one text of each query serves both.
CREATE FUNCTION instr(haystack TEXT, needle TEXT) RETURNS BIGINT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT strpos(haystack, needle)::BIGINT';
CREATE FUNCTION group_concat_step(acc TEXT, v TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS
    $$ SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v ELSE acc || ',' || v END $$;
CREATE AGGREGATE group_concat(TEXT) (SFUNC = group_concat_step, STYPE = TEXT);
CREATE FUNCTION group_concat_step(acc TEXT, v TEXT, sep TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS
    $$ SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v ELSE acc || sep || v END $$;
CREATE AGGREGATE group_concat(TEXT, TEXT) (SFUNC = group_concat_step, STYPE = TEXT);
-- SQLite's json_each over a JSON array of strings (a list bound as one parameter).
CREATE FUNCTION json_each(j TEXT) RETURNS TABLE (value TEXT) LANGUAGE sql IMMUTABLE AS
    $$ SELECT jsonb_array_elements_text(j::JSONB) $$;
-- SQLite's SUM over comparisons (booleans are integers there).
CREATE FUNCTION sum_bool_step(acc BIGINT, v BOOLEAN) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS
    $$ SELECT CASE WHEN v IS NULL THEN acc ELSE COALESCE(acc, 0) + CASE WHEN v THEN 1 ELSE 0 END END $$;
CREATE AGGREGATE sum(BOOLEAN) (SFUNC = sum_bool_step, STYPE = BIGINT);
-- substr over a time reads its text as SQLite stores it ('2006-01-02 15:04:05...'):
-- substr(t, 1, 7) is the month, substr(t, 1, 10) the day, in UTC.
CREATE FUNCTION substr(t TIMESTAMPTZ, start INTEGER, len INTEGER) RETURNS TEXT LANGUAGE sql STABLE AS
    $$ SELECT substr(to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), start, len) $$;

CREATE TABLE accounts (
    id          TEXT PRIMARY KEY,
    email       CITEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'sponsor', 'influencer')),
    name        TEXT NOT NULL,
    active      BIGINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    flagged     BIGINT NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
    flag_reason TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    version     BIGINT NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX accounts_email ON accounts (email) WHERE email <> '';

CREATE TABLE sponsor_profiles (
    account_id    TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    company_name  TEXT NOT NULL,
    industry      TEXT NOT NULL DEFAULT '',
    budget        BIGINT NOT NULL DEFAULT 0 CHECK (budget >= 0),
    approval      TEXT NOT NULL DEFAULT 'pending' CHECK (approval IN ('pending', 'approved', 'rejected')),
    reviewed_by   TEXT,
    reviewed_at   TIMESTAMPTZ,
    review_reason TEXT NOT NULL DEFAULT '',
    updated_at    TIMESTAMPTZ NOT NULL,
    version       BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE influencer_profiles (
    account_id      TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    display_name    TEXT NOT NULL,
    category        TEXT NOT NULL DEFAULT '',
    niche           TEXT NOT NULL DEFAULT '',
    reach_instagram BIGINT NOT NULL DEFAULT 0 CHECK (reach_instagram >= 0),
    reach_youtube   BIGINT NOT NULL DEFAULT 0 CHECK (reach_youtube >= 0),
    reach_tiktok    BIGINT NOT NULL DEFAULT 0 CHECK (reach_tiktok >= 0),
    reach_x         BIGINT NOT NULL DEFAULT 0 CHECK (reach_x >= 0),
    reach_other     BIGINT NOT NULL DEFAULT 0 CHECK (reach_other >= 0),
    reach_total     BIGINT GENERATED ALWAYS AS
                    (reach_instagram + reach_youtube + reach_tiktok + reach_x + reach_other) STORED,
    bio             TEXT NOT NULL DEFAULT '',
    updated_at      TIMESTAMPTZ NOT NULL,
    version         BIGINT NOT NULL DEFAULT 0
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
    budget      BIGINT NOT NULL CHECK (budget >= 0),
    committed   BIGINT NOT NULL DEFAULT 0 CHECK (committed >= 0),
    visibility  TEXT NOT NULL DEFAULT 'private' CHECK (visibility IN ('public', 'private')),
    goals       TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'completed', 'cancelled')),
    flagged     BIGINT NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
    flag_reason TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    deleted_at  TIMESTAMPTZ,
    version     BIGINT NOT NULL DEFAULT 0, landing_url TEXT NOT NULL DEFAULT '', target_countries TEXT NOT NULL DEFAULT '', target_ages TEXT NOT NULL DEFAULT '', target_platforms TEXT NOT NULL DEFAULT '',
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
    payment_amount BIGINT NOT NULL CHECK (payment_amount > 0),
    status         TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'accepted', 'rejected', 'withdrawn', 'completed')),
    close_reason   TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    responded_at   TIMESTAMPTZ,
    completed_at   TIMESTAMPTZ,
    deleted_at     TIMESTAMPTZ,
    version        BIGINT NOT NULL DEFAULT 0
, escrow_state TEXT NOT NULL DEFAULT ''
    CHECK (escrow_state IN ('', 'funded', 'disputed', 'released', 'refunded', 'split')), escrow_cents BIGINT NOT NULL DEFAULT 0 CHECK (escrow_cents >= 0), commission_bps BIGINT NOT NULL DEFAULT 0 CHECK (commission_bps BETWEEN 0 AND 10000), released_cents BIGINT NOT NULL DEFAULT 0 CHECK (released_cents >= 0), resolution_note TEXT NOT NULL DEFAULT '');

CREATE INDEX ad_requests_campaign ON ad_requests (campaign_id, status);

CREATE INDEX ad_requests_influencer ON ad_requests (influencer_id, status);

CREATE TABLE offers (
    id            TEXT PRIMARY KEY,
    ad_request_id TEXT NOT NULL REFERENCES ad_requests (id),
    seq           BIGINT NOT NULL CHECK (seq >= 1),
    author_id     TEXT NOT NULL REFERENCES accounts (id),
    author_role   TEXT NOT NULL CHECK (author_role IN ('sponsor', 'influencer')),
    amount        BIGINT NOT NULL CHECK (amount > 0),
    requirements  TEXT NOT NULL DEFAULT '',
    message       TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    version       BIGINT NOT NULL DEFAULT 0, deliverables TEXT NOT NULL DEFAULT '[]',
    UNIQUE (ad_request_id, seq)
);

CREATE TABLE reviews (
    id            TEXT PRIMARY KEY,
    ad_request_id TEXT NOT NULL,
    author_id     TEXT NOT NULL,
    subject       TEXT NOT NULL CHECK (subject IN ('campaign', 'influencer')),
    campaign_id   TEXT NOT NULL,
    influencer_id TEXT NOT NULL,
    rating        BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body          TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    version       BIGINT NOT NULL DEFAULT 0,
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
    created_at TIMESTAMPTZ NOT NULL,
    read_at    TIMESTAMPTZ,
    version    BIGINT NOT NULL DEFAULT 0
, params TEXT NOT NULL DEFAULT '{}');

CREATE INDEX notifications_account ON notifications (account_id, read_at, created_at);

CREATE INDEX accounts_hidden ON accounts (id) WHERE active = 0 OR flagged = 1;

CREATE INDEX reviews_author ON reviews (author_id);

CREATE TABLE deliverables (
    id                TEXT PRIMARY KEY,
    ad_request_id     TEXT NOT NULL REFERENCES ad_requests (id),
    seq               BIGINT NOT NULL CHECK (seq >= 1),
    platform          TEXT NOT NULL CHECK (platform IN ('instagram', 'youtube', 'tiktok', 'x', 'other')),
    content_type      TEXT NOT NULL CHECK (content_type IN ('reel', 'story', 'short', 'long_video', 'post', 'thread')),
    quantity          BIGINT NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    due_date          TEXT NOT NULL,
    brief             TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'todo'
                      CHECK (status IN ('todo', 'draft_submitted', 'changes_requested', 'approved_for_posting',
                                        'posted', 'accepted', 'disputed')),
    draft_text        TEXT NOT NULL DEFAULT '',
    draft_links       TEXT NOT NULL DEFAULT '[]',
    change_comment    TEXT NOT NULL DEFAULT '',
    proof_url         TEXT NOT NULL DEFAULT '',
    posted_at         TIMESTAMPTZ,
    submitted_at      TIMESTAMPTZ,
    decided_at        TIMESTAMPTZ,
    auto_accept_after TEXT NOT NULL DEFAULT '',
    dispute_reason    TEXT NOT NULL DEFAULT '',
    disputed_by       TEXT NOT NULL DEFAULT '' CHECK (disputed_by IN ('', 'sponsor', 'influencer')),
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    deleted_at        TIMESTAMPTZ,
    version           BIGINT NOT NULL DEFAULT 0, draft_attachments TEXT NOT NULL DEFAULT '[]', proof_screenshot TEXT NOT NULL DEFAULT '',
    UNIQUE (ad_request_id, seq)
);

CREATE INDEX deliverables_auto_accept ON deliverables (status, auto_accept_after);

CREATE TABLE platform_settings (
    id             TEXT PRIMARY KEY CHECK (id = 'platform'),
    commission_bps BIGINT NOT NULL CHECK (commission_bps BETWEEN 0 AND 10000),
    updated_by     TEXT NOT NULL DEFAULT '',
    updated_at     TIMESTAMPTZ NOT NULL,
    version        BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE tracking_links (
    id            TEXT PRIMARY KEY,
    ad_request_id TEXT NOT NULL UNIQUE REFERENCES ad_requests (id),
    code          TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 8 AND 16),
    promo_code    TEXT NOT NULL UNIQUE CHECK (promo_code <> ''),
    hashtag       TEXT NOT NULL CHECK (hashtag LIKE '#%'),
    slug          TEXT NOT NULL CHECK (slug <> ''),
    target_url    TEXT NOT NULL DEFAULT '',
    clicks        BIGINT NOT NULL DEFAULT 0 CHECK (clicks >= 0),
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    version       BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE deliverable_metrics (
    id             TEXT PRIMARY KEY,
    deliverable_id TEXT NOT NULL REFERENCES deliverables (id),
    checkpoint     TEXT NOT NULL CHECK (checkpoint IN ('24h', '7d', '30d')),
    views          BIGINT NOT NULL CHECK (views BETWEEN 0 AND 10000000000),
    reach          BIGINT NOT NULL CHECK (reach BETWEEN 0 AND 10000000000),
    likes          BIGINT NOT NULL CHECK (likes BETWEEN 0 AND 10000000000),
    comments       BIGINT NOT NULL CHECK (comments BETWEEN 0 AND 10000000000),
    shares         BIGINT NOT NULL CHECK (shares BETWEEN 0 AND 10000000000),
    saves          BIGINT NOT NULL CHECK (saves BETWEEN 0 AND 10000000000),
    reported_at    TIMESTAMPTZ NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    version        BIGINT NOT NULL DEFAULT 0,
    UNIQUE (deliverable_id, checkpoint)
);

CREATE TABLE deal_messages (
    id            TEXT PRIMARY KEY,
    ad_request_id TEXT NOT NULL REFERENCES ad_requests (id),
    author_id     TEXT NOT NULL REFERENCES accounts (id),
    author_role   TEXT NOT NULL CHECK (author_role IN ('sponsor', 'influencer')),
    body          TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    attachments   TEXT NOT NULL DEFAULT '[]',
    created_at    TIMESTAMPTZ NOT NULL,
    version       BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX deal_messages_request ON deal_messages (ad_request_id, created_at);

CREATE TABLE posts (
    id            TEXT PRIMARY KEY,
    influencer_id TEXT NOT NULL REFERENCES accounts (id),
    platform      TEXT NOT NULL CHECK (platform IN ('instagram', 'youtube', 'tiktok', 'x', 'other')),
    content_type  TEXT NOT NULL CHECK (content_type IN ('photo', 'carousel', 'video', 'reel', 'short', 'story', 'live', 'text')),
    external_id   TEXT NOT NULL DEFAULT '',
    posted_at     TIMESTAMPTZ NOT NULL,
    followers     BIGINT NOT NULL CHECK (followers BETWEEN 0 AND 10000000000),
    views         BIGINT NOT NULL CHECK (views BETWEEN 0 AND 10000000000),
    reach         BIGINT NOT NULL CHECK (reach BETWEEN 0 AND 10000000000),
    likes         BIGINT NOT NULL CHECK (likes BETWEEN 0 AND 10000000000),
    comments      BIGINT NOT NULL CHECK (comments BETWEEN 0 AND 10000000000),
    shares        BIGINT NOT NULL CHECK (shares BETWEEN 0 AND 10000000000),
    saves         BIGINT NOT NULL CHECK (saves BETWEEN 0 AND 10000000000),
    sponsored     BIGINT NOT NULL DEFAULT 0 CHECK (sponsored IN (0, 1)),
    source        TEXT NOT NULL CHECK (source IN ('manual', 'import', 'seed')),
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    deleted_at    TIMESTAMPTZ,
    version       BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX posts_influencer_posted ON posts (influencer_id, posted_at);

CREATE TABLE audience_shares (
    id            TEXT PRIMARY KEY,
    influencer_id TEXT NOT NULL REFERENCES accounts (id),
    dimension     TEXT NOT NULL CHECK (dimension IN ('country', 'age', 'gender')),
    bucket        TEXT NOT NULL CHECK (bucket <> ''),
    share_bps     BIGINT NOT NULL CHECK (share_bps BETWEEN 0 AND 10000),
    updated_at    TIMESTAMPTZ NOT NULL,
    version       BIGINT NOT NULL DEFAULT 0,
    UNIQUE (influencer_id, dimension, bucket)
);

CREATE TABLE media_kits (
    influencer_id TEXT PRIMARY KEY REFERENCES accounts (id),
    show_audience BIGINT NOT NULL DEFAULT 0 CHECK (show_audience IN (0, 1)),
    show_history  BIGINT NOT NULL DEFAULT 1 CHECK (show_history IN (0, 1)),
    headline      TEXT NOT NULL DEFAULT '' CHECK (length(headline) <= 140),
    updated_at    TIMESTAMPTZ NOT NULL,
    version       BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE influencer_stats (
    influencer_id   TEXT PRIMARY KEY REFERENCES accounts (id),
    followers       BIGINT NOT NULL DEFAULT 0 CHECK (followers >= 0),
    posts_90d       BIGINT NOT NULL DEFAULT 0 CHECK (posts_90d >= 0),
    er_followers    DOUBLE PRECISION NOT NULL DEFAULT 0,
    er_views        DOUBLE PRECISION NOT NULL DEFAULT 0,
    avg_views       BIGINT NOT NULL DEFAULT 0,
    avg_likes       BIGINT NOT NULL DEFAULT 0,
    avg_comments    BIGINT NOT NULL DEFAULT 0,
    growth_30d      DOUBLE PRECISION NOT NULL DEFAULT 0,
    posts_per_week  DOUBLE PRECISION NOT NULL DEFAULT 0,
    size_tier       TEXT NOT NULL DEFAULT '',
    perf_tier       TEXT NOT NULL DEFAULT '',
    segment         BIGINT NOT NULL DEFAULT 0,
    risk_score      BIGINT NOT NULL DEFAULT 0 CHECK (risk_score BETWEEN 0 AND 100),
    risk_reasons    TEXT NOT NULL DEFAULT '[]',
    predicted_er    DOUBLE PRECISION NOT NULL DEFAULT 0,
    predicted_views BIGINT NOT NULL DEFAULT 0,
    on_time_rate    DOUBLE PRECISION NOT NULL DEFAULT 0,
    series          TEXT NOT NULL DEFAULT '',
    by_type         TEXT NOT NULL DEFAULT '',
    best_slot       TEXT NOT NULL DEFAULT '',
    model_version   BIGINT NOT NULL DEFAULT 0,
    computed_at     TIMESTAMPTZ NOT NULL,
    version         BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX influencer_stats_size_tier ON influencer_stats (size_tier);

CREATE INDEX influencer_stats_risk_score ON influencer_stats (risk_score);

CREATE INDEX influencer_stats_er_followers ON influencer_stats (er_followers);

CREATE INDEX influencer_stats_predicted_er ON influencer_stats (predicted_er);

CREATE TABLE analytics_models (
    id            TEXT PRIMARY KEY,
    model_version BIGINT NOT NULL DEFAULT 0,
    trained_at    TIMESTAMPTZ NOT NULL,
    rows          BIGINT NOT NULL DEFAULT 0 CHECK (rows >= 0),
    metrics       TEXT NOT NULL DEFAULT '{}',
    params        TEXT NOT NULL DEFAULT '{}',
    version       BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX influencer_stats_search ON influencer_stats (influencer_id, er_followers, predicted_er, risk_score,
    size_tier, perf_tier, segment, followers);

CREATE INDEX influencer_stats_segment ON influencer_stats (segment, influencer_id);

CREATE INDEX influencer_stats_risk_id ON influencer_stats (risk_score, influencer_id);

CREATE INDEX audience_shares_bucket ON audience_shares (dimension, bucket, share_bps, influencer_id);

CREATE INDEX influencer_stats_tier_posts ON influencer_stats (size_tier, posts_90d);

CREATE INDEX influencer_stats_tier_er ON influencer_stats (size_tier, er_followers) WHERE posts_90d > 0;

CREATE INDEX influencer_stats_insufficient_risk
    ON influencer_stats ((instr(risk_reasons, '"insufficient_data"') > 0), risk_score);

CREATE INDEX influencer_profiles_reach_id ON influencer_profiles (reach_total, account_id);

CREATE INDEX influencer_stats_top_er ON influencer_stats (er_followers DESC, followers DESC, influencer_id);

CREATE TABLE org_members (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES accounts (id),
    email       CITEXT NOT NULL,
    account_id  TEXT REFERENCES accounts (id),
    role        TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'viewer')),
    status      TEXT NOT NULL CHECK (status IN ('invited', 'active', 'removed', 'declined')),
    invited_by  TEXT, -- the inviting owner's account (no foreign key: an invitee's replica holds the organisation, not every teammate)
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    version     BIGINT NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX org_members_one_org ON org_members (account_id) WHERE status = 'active';

CREATE UNIQUE INDEX org_members_email ON org_members (org_id, email);

CREATE INDEX org_members_account ON org_members (account_id, org_id, status);

CREATE INDEX org_members_invited ON org_members (email) WHERE status = 'invited';

CREATE TABLE shortlists (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES accounts (id),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    campaign_id TEXT REFERENCES campaigns (id),
    created_by  TEXT NOT NULL REFERENCES accounts (id),
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    deleted_at  TIMESTAMPTZ,
    version     BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX shortlists_org ON shortlists (org_id, name);

CREATE INDEX shortlists_campaign ON shortlists (campaign_id) WHERE campaign_id IS NOT NULL;

CREATE TABLE shortlist_entries (
    id            TEXT PRIMARY KEY,
    shortlist_id  TEXT NOT NULL REFERENCES shortlists (id),
    influencer_id TEXT NOT NULL REFERENCES accounts (id),
    note          TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    added_by      TEXT NOT NULL REFERENCES accounts (id),
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    deleted_at    TIMESTAMPTZ,
    version       BIGINT NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX shortlist_entries_pair ON shortlist_entries (shortlist_id, influencer_id);

CREATE INDEX shortlist_entries_influencer ON shortlist_entries (influencer_id);

CREATE TABLE saved_searches (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES accounts (id),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    query       TEXT NOT NULL DEFAULT '{}',
    created_by  TEXT NOT NULL REFERENCES accounts (id),
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    deleted_at  TIMESTAMPTZ,
    version     BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX saved_searches_org ON saved_searches (org_id, name);

CREATE TABLE credentials (
    account_id    TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE sync_meta (
    id      BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL,
    epoch   TEXT NOT NULL
);

CREATE TABLE sync_clients (
    client_id        TEXT PRIMARY KEY,
    account_id       TEXT NOT NULL REFERENCES accounts (id),
    last_mutation_id BIGINT NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL,
    last_seen_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE mutation_results (
    client_id   TEXT NOT NULL REFERENCES sync_clients (client_id),
    mutation_id BIGINT NOT NULL,
    name        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
    code        TEXT NOT NULL DEFAULT '',
    message     TEXT NOT NULL DEFAULT '',
    version     BIGINT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (client_id, mutation_id)
);

CREATE TABLE refresh_tokens (
    token_hash  TEXT PRIMARY KEY,           -- SHA-256 of the token, hex
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    family_id   TEXT NOT NULL,              -- all rotations of one sign-in
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ,
    replaced_by TEXT
);

CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE server_secrets (
    name  TEXT PRIMARY KEY,
    value BYTEA NOT NULL
);

CREATE INDEX accounts_version ON accounts (version);

CREATE INDEX sponsor_profiles_version ON sponsor_profiles (version);

CREATE INDEX influencer_profiles_version ON influencer_profiles (version);

CREATE INDEX campaigns_version ON campaigns (version);

CREATE INDEX ad_requests_version ON ad_requests (version);

CREATE INDEX offers_version ON offers (version);

CREATE INDEX reviews_version ON reviews (version);

CREATE INDEX notifications_version ON notifications (version);

CREATE TABLE campaign_exposure (
    campaign_id TEXT PRIMARY KEY REFERENCES campaigns (id)
);

CREATE TABLE processor_charges (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts (id),
    idempotency_key TEXT NOT NULL,
    request_hash    BYTEA NOT NULL,
    amount          BIGINT NOT NULL CHECK (amount > 0),
    currency        TEXT NOT NULL,
    brand           TEXT NOT NULL,
    last4           TEXT NOT NULL CHECK (length(last4) = 4),
    status          TEXT NOT NULL CHECK (status IN ('succeeded', 'declined')),
    decline_code    TEXT NOT NULL DEFAULT '' CHECK ((status = 'declined') = (decline_code <> '')),
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (account_id, idempotency_key)
);

CREATE TABLE ledger_accounts (
    id       TEXT PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('sponsor_wallet', 'escrow', 'influencer_earnings', 'platform_revenue', 'outside_world')),
    owner_id TEXT NOT NULL,
    currency TEXT NOT NULL DEFAULT 'USD' CHECK (currency = 'USD'),
    UNIQUE (kind, owner_id),
    CHECK ((kind IN ('platform_revenue', 'outside_world')) = (owner_id = ''))
);

CREATE TABLE ledger_transactions (
    rowid           BIGINT GENERATED ALWAYS AS IDENTITY, -- insertion order, as SQLite's rowid
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('top_up', 'fund', 'release', 'refund', 'split', 'payout', 'reversal')),
    ad_request_id   TEXT CHECK (ad_request_id IS NULL OR ad_request_id <> ''),
    memo            TEXT NOT NULL DEFAULT '' CHECK (length(memo) <= 500),
    idempotency_key TEXT NOT NULL UNIQUE CHECK (idempotency_key <> ''),
    -- A transaction is reversed at most once (UNIQUE), by a reversal.
    reverses        TEXT UNIQUE REFERENCES ledger_transactions (id),
    created_at      TEXT NOT NULL,
    CHECK ((kind = 'reversal') = (reverses IS NOT NULL)),
    CHECK (kind NOT IN ('fund', 'release', 'refund', 'split') OR ad_request_id IS NOT NULL),
    CHECK (reverses IS NULL OR reverses <> id)
);

CREATE INDEX ledger_transactions_request ON ledger_transactions (ad_request_id);

CREATE TABLE ledger_postings (
    transaction_id TEXT NOT NULL REFERENCES ledger_transactions (id) DEFERRABLE INITIALLY DEFERRED,
    line           BIGINT NOT NULL CHECK (line >= 1),
    account_id     TEXT NOT NULL REFERENCES ledger_accounts (id),
    amount         BIGINT NOT NULL CHECK (amount <> 0),
    PRIMARY KEY (transaction_id, line)
);

CREATE INDEX ledger_postings_account ON ledger_postings (account_id);

CREATE VIEW ledger_balances AS
SELECT a.id AS account_id, a.kind, a.owner_id, COALESCE(SUM(p.amount), 0)::BIGINT AS balance
FROM ledger_accounts a
LEFT JOIN ledger_postings p ON p.account_id = a.id
    AND EXISTS (SELECT 1 FROM ledger_transactions t WHERE t.id = p.transaction_id)
GROUP BY a.id;

CREATE INDEX deliverables_version ON deliverables (version);

CREATE INDEX platform_settings_version ON platform_settings (version);

CREATE TABLE ledger_documents (
    rowid           BIGINT GENERATED ALWAYS AS IDENTITY, -- insertion order, as SQLite's rowid
    id             TEXT PRIMARY KEY,
    -- 'platform' (receipts, payout statements) or the influencer's account ID
    -- (invoices, issued by the platform on the influencer's behalf).
    issuer         TEXT NOT NULL CHECK (issuer <> ''),
    series         TEXT NOT NULL CHECK (series IN ('RCP', 'INV', 'PST')),
    number         BIGINT NOT NULL CHECK (number >= 1),
    kind           TEXT NOT NULL CHECK (kind IN ('receipt', 'invoice', 'payout_statement')),
    transaction_id TEXT NOT NULL UNIQUE REFERENCES ledger_transactions (id),
    recipient_id   TEXT NOT NULL CHECK (recipient_id <> ''),
    created_at     TEXT NOT NULL,
    UNIQUE (issuer, series, number),
    CHECK ((kind = 'receipt') = (series = 'RCP')),
    CHECK ((kind = 'invoice') = (series = 'INV')),
    CHECK ((kind = 'payout_statement') = (series = 'PST')),
    CHECK ((kind = 'invoice') = (issuer <> 'platform'))
);

CREATE INDEX ledger_documents_recipient ON ledger_documents (recipient_id);

CREATE INDEX tracking_links_version ON tracking_links (version);

CREATE INDEX deliverable_metrics_version ON deliverable_metrics (version);

CREATE TABLE attachments (
    sha256       TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp', 'application/pdf')),
    size         BIGINT NOT NULL CHECK (size BETWEEN 1 AND 8388608),
    data         BYTEA NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE attachment_uploaders (
    sha256      TEXT NOT NULL REFERENCES attachments (sha256),
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    uploaded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (sha256, account_id)
);

CREATE TABLE payout_accounts (
    account_id TEXT PRIMARY KEY REFERENCES accounts (id),
    holder     TEXT NOT NULL CHECK (holder <> ''),
    kind       TEXT NOT NULL CHECK (kind IN ('iban', 'us')),
    country    TEXT NOT NULL CHECK (length(country) = 2),
    last4      TEXT NOT NULL CHECK (length(last4) = 4),
    token      TEXT NOT NULL UNIQUE,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE payouts (
    rowid           BIGINT GENERATED ALWAYS AS IDENTITY, -- insertion order, as SQLite's rowid
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts (id),
    idempotency_key TEXT NOT NULL,
    amount          BIGINT NOT NULL CHECK (amount > 0),
    currency        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    country         TEXT NOT NULL,
    last4           TEXT NOT NULL CHECK (length(last4) = 4),
    status          TEXT NOT NULL CHECK (status IN ('paid', 'failed')),
    failure_code    TEXT NOT NULL DEFAULT '' CHECK ((status = 'failed') = (failure_code <> '')),
    transaction_id  TEXT REFERENCES ledger_transactions (id) CHECK ((status = 'paid') = (transaction_id IS NOT NULL)),
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (account_id, idempotency_key)
);

CREATE INDEX payouts_account ON payouts (account_id, created_at);

CREATE INDEX deal_messages_version ON deal_messages (version);

CREATE INDEX posts_version ON posts (version);

CREATE INDEX audience_shares_version ON audience_shares (version);

CREATE INDEX media_kits_version ON media_kits (version);

CREATE INDEX influencer_stats_version ON influencer_stats (version);

CREATE INDEX analytics_models_version ON analytics_models (version);

CREATE INDEX posts_owner_version ON posts (influencer_id, version);

CREATE INDEX notifications_owner_version ON notifications (account_id, version);

CREATE INDEX org_members_version ON org_members (version);

CREATE INDEX shortlists_version ON shortlists (version);

CREATE INDEX shortlist_entries_version ON shortlist_entries (version);

CREATE INDEX saved_searches_version ON saved_searches (version);


INSERT INTO sync_meta (id, version, epoch) VALUES (1, 1, md5(random()::TEXT || clock_timestamp()::TEXT));

-- Sync bookkeeping. Every write transaction takes the fleet-wide write lock and then
-- increments sync_meta.version (docs/sync.md); each row it inserts or updates in a
-- synced table is stamped with that version here, before it is written.
CREATE FUNCTION stamp_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := (SELECT version FROM sync_meta WHERE id = 1);
    RETURN NEW;
END $$;

DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['accounts', 'sponsor_profiles', 'influencer_profiles', 'campaigns', 'ad_requests',
        'offers', 'reviews', 'notifications', 'deliverables', 'platform_settings', 'tracking_links',
        'deliverable_metrics', 'deal_messages', 'posts', 'audience_shares', 'media_kits', 'influencer_stats',
        'analytics_models', 'org_members', 'shortlists', 'shortlist_entries', 'saved_searches'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION stamp_version()',
            t || '_stamp', t);
    END LOOP;
END $$;

-- A change that alters who may see other rows bumps those rows too, so the next pull
-- sends them as put or del (the SQLite triggers of server migrations 0002-0019).
CREATE FUNCTION accounts_visibility() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.flagged IS DISTINCT FROM OLD.flagged OR NEW.active IS DISTINCT FROM OLD.active THEN
        UPDATE influencer_profiles SET version = 0 WHERE account_id = NEW.id;
        UPDATE sponsor_profiles SET version = 0 WHERE account_id = NEW.id;
        UPDATE campaigns SET version = 0 WHERE sponsor_id = NEW.id;
        UPDATE reviews SET version = 0 WHERE influencer_id = NEW.id;
        IF NEW.role = 'influencer' THEN
            UPDATE media_kits SET version = 0 WHERE influencer_id = NEW.id;
            UPDATE influencer_stats SET version = 0 WHERE influencer_id = NEW.id;
            UPDATE audience_shares SET version = 0 WHERE influencer_id = NEW.id;
            UPDATE shortlist_entries SET version = 0 WHERE influencer_id = NEW.id;
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER accounts_visibility AFTER UPDATE OF flagged, active ON accounts
    FOR EACH ROW EXECUTE FUNCTION accounts_visibility();

-- A sponsor's founding membership (server migration 0018).
CREATE FUNCTION accounts_founder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.role = 'sponsor' THEN
        INSERT INTO org_members (id, org_id, email, account_id, role, status, invited_by, created_at, updated_at)
            VALUES (NEW.id, NEW.id, NEW.email, NEW.id, 'owner', 'active', NULL, NEW.created_at, NEW.created_at)
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER accounts_founder AFTER INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION accounts_founder();

CREATE FUNCTION sponsor_profiles_visibility() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.approval IS DISTINCT FROM OLD.approval THEN
        UPDATE campaigns SET version = 0 WHERE sponsor_id = NEW.account_id;
        UPDATE accounts SET version = 0 WHERE id = NEW.account_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER sponsor_profiles_visibility AFTER UPDATE OF approval ON sponsor_profiles
    FOR EACH ROW EXECUTE FUNCTION sponsor_profiles_visibility();

-- A new ad request shows its campaign, sponsor and influencer to the other party.
CREATE FUNCTION ad_requests_visibility() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE campaigns SET version = 0 WHERE id = NEW.campaign_id;
    UPDATE accounts SET version = 0
        WHERE id IN (NEW.influencer_id, (SELECT sponsor_id FROM campaigns WHERE id = NEW.campaign_id));
    UPDATE sponsor_profiles SET version = 0
        WHERE account_id = (SELECT sponsor_id FROM campaigns WHERE id = NEW.campaign_id);
    UPDATE influencer_profiles SET version = 0 WHERE account_id = NEW.influencer_id;
    RETURN NULL;
END $$;
CREATE TRIGGER ad_requests_visibility AFTER INSERT ON ad_requests
    FOR EACH ROW EXECUTE FUNCTION ad_requests_visibility();

CREATE FUNCTION reviews_closure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE accounts SET version = 0 WHERE id = NEW.author_id;
    RETURN NULL;
END $$;
CREATE TRIGGER reviews_closure AFTER INSERT ON reviews FOR EACH ROW EXECUTE FUNCTION reviews_closure();

-- A campaign once public and live is exposed for good (server migration 0004), and
-- its sponsor's rows follow its visibility (0003, 0005).
CREATE FUNCTION campaigns_public(c campaigns) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT c.visibility = 'public' AND c.status IN ('active', 'completed') AND c.flagged = 0 AND c.deleted_at IS NULL
$$;
CREATE FUNCTION campaigns_exposure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF campaigns_public(NEW) AND EXISTS (SELECT 1 FROM accounts a JOIN sponsor_profiles p ON p.account_id = a.id
            WHERE a.id = NEW.sponsor_id AND a.flagged = 0 AND a.active = 1 AND p.approval = 'approved') THEN
        INSERT INTO campaign_exposure (campaign_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF campaigns_public(NEW) THEN
            UPDATE accounts SET version = 0 WHERE id = NEW.sponsor_id;
            UPDATE sponsor_profiles SET version = 0 WHERE account_id = NEW.sponsor_id;
        END IF;
        RETURN NULL;
    END IF;
    IF (NEW.visibility IS DISTINCT FROM OLD.visibility OR NEW.status IS DISTINCT FROM OLD.status
            OR NEW.flagged IS DISTINCT FROM OLD.flagged OR NEW.deleted_at IS DISTINCT FROM OLD.deleted_at)
        AND (campaigns_public(OLD) OR campaigns_public(NEW) OR EXISTS (SELECT 1 FROM ad_requests r WHERE r.campaign_id = NEW.id)) THEN
        UPDATE accounts SET version = 0 WHERE id = NEW.sponsor_id;
        UPDATE sponsor_profiles SET version = 0 WHERE account_id = NEW.sponsor_id;
    END IF;
    -- A deleted campaign leaves the lists that named it (domain migration 0016).
    IF OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN
        UPDATE shortlists SET campaign_id = NULL, updated_at = NEW.updated_at WHERE campaign_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER campaigns_exposure AFTER INSERT OR UPDATE ON campaigns
    FOR EACH ROW EXECUTE FUNCTION campaigns_exposure();

CREATE FUNCTION media_kits_visibility() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.show_audience = 1 THEN
            UPDATE audience_shares SET version = 0 WHERE influencer_id = NEW.influencer_id;
        END IF;
        IF NEW.show_history = 0 THEN
            UPDATE influencer_stats SET version = 0 WHERE influencer_id = NEW.influencer_id;
        END IF;
        RETURN NULL;
    END IF;
    IF NEW.show_audience IS DISTINCT FROM OLD.show_audience THEN
        UPDATE audience_shares SET version = 0 WHERE influencer_id = NEW.influencer_id;
    END IF;
    IF NEW.show_history IS DISTINCT FROM OLD.show_history THEN
        UPDATE influencer_stats SET version = 0 WHERE influencer_id = NEW.influencer_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER media_kits_visibility AFTER INSERT OR UPDATE OF show_audience, show_history ON media_kits
    FOR EACH ROW EXECUTE FUNCTION media_kits_visibility();

CREATE FUNCTION org_members_visibility() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF NEW.account_id IS NOT NULL THEN
            UPDATE accounts SET version = 0 WHERE id = NEW.account_id;
        END IF;
        IF 'active' IN (NEW.status, OLD.status) THEN
            UPDATE shortlists SET version = 0 WHERE org_id = NEW.org_id;
            UPDATE shortlist_entries SET version = 0
                WHERE shortlist_id IN (SELECT id FROM shortlists WHERE org_id = NEW.org_id);
            UPDATE saved_searches SET version = 0 WHERE org_id = NEW.org_id;
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER org_members_visibility AFTER UPDATE OF status ON org_members
    FOR EACH ROW EXECUTE FUNCTION org_members_visibility();

CREATE FUNCTION shortlists_entries_visibility() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.deleted_at IS DISTINCT FROM OLD.deleted_at THEN
        UPDATE shortlist_entries SET version = 0 WHERE shortlist_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER shortlists_entries_visibility AFTER UPDATE OF deleted_at ON shortlists
    FOR EACH ROW EXECUTE FUNCTION shortlists_entries_visibility();

-- The ledger is append-only and balanced (docs/money.md; server migrations 0007, 0010).
CREATE FUNCTION ledger_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER ledger_postings_no_update BEFORE UPDATE ON ledger_postings
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse('ledger: postings are never updated, only reversed');
CREATE TRIGGER ledger_postings_no_delete BEFORE DELETE ON ledger_postings
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse('ledger: postings are never deleted, only reversed');
CREATE TRIGGER ledger_transactions_no_update BEFORE UPDATE ON ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse('ledger: transactions are never updated, only reversed');
CREATE TRIGGER ledger_transactions_no_delete BEFORE DELETE ON ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse('ledger: transactions are never deleted, only reversed');
CREATE TRIGGER ledger_accounts_no_update BEFORE UPDATE ON ledger_accounts
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse('ledger: accounts are never changed');
CREATE TRIGGER ledger_documents_no_update BEFORE UPDATE ON ledger_documents
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse('ledger: documents are never changed');
CREATE TRIGGER ledger_documents_no_delete BEFORE DELETE ON ledger_documents
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse('ledger: documents are never deleted');
-- TRUNCATE fires no row trigger: refuse it too.
CREATE TRIGGER ledger_postings_no_truncate BEFORE TRUNCATE ON ledger_postings
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse('ledger: postings are never deleted, only reversed');
CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON ledger_transactions
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse('ledger: transactions are never deleted, only reversed');

CREATE FUNCTION ledger_postings_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM ledger_transactions WHERE id = NEW.transaction_id) THEN
        RAISE EXCEPTION 'ledger: a recorded transaction takes no more postings' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER ledger_postings_sealed BEFORE INSERT ON ledger_postings
    FOR EACH ROW EXECUTE FUNCTION ledger_postings_sealed();

CREATE FUNCTION ledger_transactions_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT COUNT(*) FROM ledger_postings WHERE transaction_id = NEW.id) < 2
        OR (SELECT SUM(amount) FROM ledger_postings WHERE transaction_id = NEW.id) <> 0 THEN
        RAISE EXCEPTION 'ledger: unbalanced transaction' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER ledger_transactions_balanced BEFORE INSERT ON ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_transactions_balanced();

CREATE FUNCTION ledger_transactions_no_overdraft() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
        WHERE p.transaction_id = NEW.id AND a.kind <> 'outside_world'
        AND (SELECT SUM(q.amount) FROM ledger_postings q JOIN ledger_transactions t ON t.id = q.transaction_id
            WHERE q.account_id = p.account_id) < 0) THEN
        RAISE EXCEPTION 'ledger: balance below zero' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER ledger_transactions_no_overdraft AFTER INSERT ON ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_transactions_no_overdraft();

CREATE FUNCTION ledger_documents_next_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.number <> (SELECT COALESCE(MAX(number), 0) + 1 FROM ledger_documents
            WHERE issuer = NEW.issuer AND series = NEW.series) THEN
        RAISE EXCEPTION 'ledger: a document number must be the next of its series' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER ledger_documents_next_number BEFORE INSERT ON ledger_documents
    FOR EACH ROW EXECUTE FUNCTION ledger_documents_next_number();
