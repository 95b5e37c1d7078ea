-- Tracking links and codes (issue 11, item 2). A campaign may name its landing page
-- (http or https, validated by the mutators); each accepted ad request gets one
-- tracking link: a short code the sync server redirects (GET /r/{code}) to the
-- landing page tagged with UTM parameters, a promo code and a hashtag. Every value
-- is derived from the ad request's id (mutate/tracking.go), so the desktop's
-- optimistic row and the server's agree. clicks is counted by the server alone;
-- nothing about who clicked is kept.
ALTER TABLE campaigns ADD COLUMN landing_url TEXT NOT NULL DEFAULT '';

CREATE TABLE tracking_links (
    id            TEXT PRIMARY KEY,
    ad_request_id TEXT NOT NULL UNIQUE REFERENCES ad_requests (id),
    code          TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 8 AND 16),
    promo_code    TEXT NOT NULL UNIQUE CHECK (promo_code <> ''),
    hashtag       TEXT NOT NULL CHECK (hashtag LIKE '#%'),
    slug          TEXT NOT NULL CHECK (slug <> ''),
    target_url    TEXT NOT NULL DEFAULT '',
    clicks        INTEGER NOT NULL DEFAULT 0 CHECK (clicks >= 0),
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL,
    version       INTEGER NOT NULL DEFAULT 0
);
