-- Performance analytics (issue 12, docs/analytics.md): an influencer's post
-- history, audience breakdown and media kit (written by the influencer's
-- mutators: post.record, post.delete, posts.import, audience.set, mediaKit.update;
-- docs/mutations.md), the aggregates the server's analytics job computes from them
-- (influencer_stats, analytics_models: no mutator writes them) and a campaign's
-- target audience. The CHECKs repeat what the mutators check first, so even a bug
-- cannot store a broken row.

-- One published post of an influencer with the figures its platform reported. Its
-- id is derived from (influencer, platform, external id) when the platform's id
-- is known (mutate.PostID), so importing the same file twice writes the same rows;
-- a post typed in without one gets a UUIDv7 its desktop makes. Raw posts are their
-- owner's alone (docs/sync.md): other desktops get influencer_stats.
CREATE TABLE posts (
    id            TEXT PRIMARY KEY,
    influencer_id TEXT NOT NULL REFERENCES accounts (id),
    platform      TEXT NOT NULL CHECK (platform IN ('instagram', 'youtube', 'tiktok', 'x', 'other')),
    content_type  TEXT NOT NULL CHECK (content_type IN ('photo', 'carousel', 'video', 'reel', 'short', 'story', 'live', 'text')),
    external_id   TEXT NOT NULL DEFAULT '',
    posted_at     DATETIME NOT NULL,
    followers     INTEGER NOT NULL CHECK (followers BETWEEN 0 AND 10000000000),
    views         INTEGER NOT NULL CHECK (views BETWEEN 0 AND 10000000000),
    reach         INTEGER NOT NULL CHECK (reach BETWEEN 0 AND 10000000000),
    likes         INTEGER NOT NULL CHECK (likes BETWEEN 0 AND 10000000000),
    comments      INTEGER NOT NULL CHECK (comments BETWEEN 0 AND 10000000000),
    shares        INTEGER NOT NULL CHECK (shares BETWEEN 0 AND 10000000000),
    saves         INTEGER NOT NULL CHECK (saves BETWEEN 0 AND 10000000000),
    sponsored     INTEGER NOT NULL DEFAULT 0 CHECK (sponsored IN (0, 1)),
    source        TEXT NOT NULL CHECK (source IN ('manual', 'import', 'seed')),
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL,
    deleted_at    DATETIME,
    version       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX posts_influencer_posted ON posts (influencer_id, posted_at);

-- One bucket of an influencer's audience breakdown, in basis points of the
-- audience (10000 = 100 %); the buckets of a dimension sum to at most 10000 (the
-- rest is "other"). Its id is derived from (influencer, dimension, bucket)
-- (mutate.AudienceShareID).
CREATE TABLE audience_shares (
    id            TEXT PRIMARY KEY,
    influencer_id TEXT NOT NULL REFERENCES accounts (id),
    dimension     TEXT NOT NULL CHECK (dimension IN ('country', 'age', 'gender')),
    bucket        TEXT NOT NULL CHECK (bucket <> ''),
    share_bps     INTEGER NOT NULL CHECK (share_bps BETWEEN 0 AND 10000),
    updated_at    DATETIME NOT NULL,
    version       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (influencer_id, dimension, bucket)
);

-- What an influencer makes public of their analytics: the audience breakdown
-- (hidden by default) and the history (the series and by-type breakdown of
-- influencer_stats; shown by default), and a headline for the media kit. No row
-- means the defaults.
CREATE TABLE media_kits (
    influencer_id TEXT PRIMARY KEY REFERENCES accounts (id),
    show_audience INTEGER NOT NULL DEFAULT 0 CHECK (show_audience IN (0, 1)),
    show_history  INTEGER NOT NULL DEFAULT 1 CHECK (show_history IN (0, 1)),
    headline      TEXT NOT NULL DEFAULT '' CHECK (length(headline) <= 140),
    updated_at    DATETIME NOT NULL,
    version       INTEGER NOT NULL DEFAULT 0
);

-- An influencer's aggregates, computed by the server's analytics job alone from
-- their posts (docs/analytics.md defines each figure). JSON columns: risk_reasons
-- (the authenticity score's reasons), series (the engagement history), by_type
-- (performance by content type and platform), best_slot (the best day and hour).
CREATE TABLE influencer_stats (
    influencer_id   TEXT PRIMARY KEY REFERENCES accounts (id),
    followers       INTEGER NOT NULL DEFAULT 0 CHECK (followers >= 0),
    posts_90d       INTEGER NOT NULL DEFAULT 0 CHECK (posts_90d >= 0),
    er_followers    REAL NOT NULL DEFAULT 0,
    er_views        REAL NOT NULL DEFAULT 0,
    avg_views       INTEGER NOT NULL DEFAULT 0,
    avg_likes       INTEGER NOT NULL DEFAULT 0,
    avg_comments    INTEGER NOT NULL DEFAULT 0,
    growth_30d      REAL NOT NULL DEFAULT 0,
    posts_per_week  REAL NOT NULL DEFAULT 0,
    size_tier       TEXT NOT NULL DEFAULT '',
    perf_tier       TEXT NOT NULL DEFAULT '',
    segment         INTEGER NOT NULL DEFAULT 0,
    risk_score      INTEGER NOT NULL DEFAULT 0 CHECK (risk_score BETWEEN 0 AND 100),
    risk_reasons    TEXT NOT NULL DEFAULT '[]',
    predicted_er    REAL NOT NULL DEFAULT 0,
    predicted_views INTEGER NOT NULL DEFAULT 0,
    on_time_rate    REAL NOT NULL DEFAULT 0,
    series          TEXT NOT NULL DEFAULT '',
    by_type         TEXT NOT NULL DEFAULT '',
    best_slot       TEXT NOT NULL DEFAULT '',
    model_version   INTEGER NOT NULL DEFAULT 0,
    computed_at     DATETIME NOT NULL,
    version         INTEGER NOT NULL DEFAULT 0
);
-- Search filters and sorts by these.
CREATE INDEX influencer_stats_size_tier ON influencer_stats (size_tier);
CREATE INDEX influencer_stats_risk_score ON influencer_stats (risk_score);
CREATE INDEX influencer_stats_er_followers ON influencer_stats (er_followers);
CREATE INDEX influencer_stats_predicted_er ON influencer_stats (predicted_er);

-- A trained model (id 'engagement', say): its version, when and on how many rows
-- it was trained, its held-out metrics and its parameters (JSON), written by the
-- server's analytics job alone; every desktop predicts with it.
CREATE TABLE analytics_models (
    id            TEXT PRIMARY KEY,
    model_version INTEGER NOT NULL DEFAULT 0,
    trained_at    DATETIME NOT NULL,
    rows          INTEGER NOT NULL DEFAULT 0 CHECK (rows >= 0),
    metrics       TEXT NOT NULL DEFAULT '{}',
    params        TEXT NOT NULL DEFAULT '{}',
    version       INTEGER NOT NULL DEFAULT 0
);

-- A campaign's target audience, for recommendations: comma-separated ISO 3166-1
-- alpha-2 country codes, age bands (analytics.AgeBands) and platforms
-- (analytics.Platforms); '' for no preference.
ALTER TABLE campaigns ADD COLUMN target_countries TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN target_ages TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN target_platforms TEXT NOT NULL DEFAULT '';
