-- Limits that hold across every server instance on one database (issue 14): the
-- sign-in and registration throttles, the per-account mutation quota and the
-- click limits (sync/server/throttle.go, quota.go, tracking.go). Its SQLite
-- twin is server/0020_limits.sql; the same queries serve both. Times are Unix
-- nanoseconds of the server's clock (Config.Now), so both engines compare plain
-- integers. A row whose expires_ns has passed counts for nothing and is deleted on
-- the write path (docs/operations.md, "Limits across instances").

-- One row per limited subject (an email, a client address, a link code, an account,
-- or '' for a server-wide budget). Every check updates its row first, so checks of
-- one subject run one at a time on every instance (on PostgreSQL the row lock, on
-- SQLite the single writer). A token bucket keeps its state here: the bucket is
-- full once the clock reaches base_ns plus its capacity in time; last_ns is the
-- latest time it was given (it never refills the same time twice).
CREATE TABLE limit_subjects (
    scope      TEXT NOT NULL,
    subject    TEXT NOT NULL,
    base_ns    BIGINT NOT NULL DEFAULT 0,
    last_ns    BIGINT NOT NULL DEFAULT 0,
    expires_ns BIGINT NOT NULL,
    PRIMARY KEY (scope, subject)
);
CREATE INDEX limit_subjects_expires ON limit_subjects (expires_ns);

-- What a subject has used: an attempt kept in a sliding window (n = 1), a push's
-- mutations (n of them), or a place reserved for a request still at work
-- (pending = 1; it expires on its own if the instance died).
CREATE TABLE limit_hits (
    scope      TEXT NOT NULL,
    subject    TEXT NOT NULL,
    id         TEXT NOT NULL,
    n          BIGINT NOT NULL DEFAULT 1 CHECK (n > 0),
    pending    BIGINT NOT NULL DEFAULT 0 CHECK (pending IN (0, 1)),
    expires_ns BIGINT NOT NULL,
    PRIMARY KEY (scope, subject, id)
);
CREATE INDEX limit_hits_subject ON limit_hits (scope, subject, expires_ns);
CREATE INDEX limit_hits_expires ON limit_hits (expires_ns);
