-- A scheduled job's tick is claimed once, by one server instance: several
-- instances on one PostgreSQL database run each cron tick once across the fleet
-- (sync/server/fleet.go). On SQLite there is one instance; the claim costs a row.
CREATE TABLE job_runs (
    job        TEXT NOT NULL,
    tick       TEXT NOT NULL,  -- the tick's minute in UTC, RFC 3339
    instance   TEXT NOT NULL,
    claimed_at DATETIME NOT NULL,
    PRIMARY KEY (job, tick)
);
