-- Background jobs of this desktop (backend/jobs): each job's schedule, every run
-- with its outcome, each delivery of a run's message to a channel (retried with
-- backoff until it goes through or gives up), local notifications (reminders) and
-- local settings. Desktop-only: never synced, kept across a replica reset.
CREATE TABLE job_settings (
    job      TEXT PRIMARY KEY,
    schedule TEXT NOT NULL,
    enabled  INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1))
);

CREATE TABLE job_runs (
    id          INTEGER PRIMARY KEY,
    job         TEXT NOT NULL,
    period      TEXT NOT NULL, -- what the run covers: a day (2026-11-21) or a month (2026-10)
    trigger     TEXT NOT NULL CHECK (trigger IN ('schedule', 'catch_up', 'manual')),
    started_at  DATETIME NOT NULL,
    finished_at DATETIME,
    status      TEXT NOT NULL CHECK (status IN ('running', 'ok', 'skipped', 'failed')),
    message     TEXT NOT NULL DEFAULT '',
    files       TEXT NOT NULL DEFAULT '[]' -- JSON array of paths the run wrote
);
CREATE INDEX job_runs_job ON job_runs (job, started_at);
-- Automatic runs happen once per period, whatever happens.
CREATE UNIQUE INDEX job_runs_once ON job_runs (job, period) WHERE trigger <> 'manual';

CREATE TABLE job_deliveries (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES job_runs (id) ON DELETE CASCADE,
    channel         TEXT NOT NULL,
    message_json    TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    next_attempt_at DATETIME,
    sent_at         DATETIME
);
CREATE INDEX job_deliveries_due ON job_deliveries (status, next_attempt_at);
CREATE INDEX job_deliveries_run ON job_deliveries (run_id);

CREATE TABLE local_notifications (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    ref_table  TEXT NOT NULL DEFAULT '',
    ref_id     TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    read_at    DATETIME
);
CREATE INDEX local_notifications_account ON local_notifications (account_id, read_at, created_at);

CREATE TABLE local_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
