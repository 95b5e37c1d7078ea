-- A scheduled job's tick is claimed once, by one server instance (server 0020).
CREATE TABLE job_runs (
    job        TEXT NOT NULL,
    tick       TEXT NOT NULL,
    instance   TEXT NOT NULL,
    claimed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (job, tick)
);
