-- Post metrics (issue 11, item 3): what a posted deliverable did at 24 hours, 7 days
-- and 30 days after its post, as the influencer reports it (deliverable.reportMetrics,
-- docs/mutations.md). One row per deliverable and checkpoint, its id derived from the
-- two, so a correction is the same row written again. Figures are counts: whole,
-- never negative, at most 10^10 (the mutator says so first; the CHECKs keep even a
-- bug from storing a broken row).
CREATE TABLE deliverable_metrics (
    id             TEXT PRIMARY KEY,
    deliverable_id TEXT NOT NULL REFERENCES deliverables (id),
    checkpoint     TEXT NOT NULL CHECK (checkpoint IN ('24h', '7d', '30d')),
    views          INTEGER NOT NULL CHECK (views BETWEEN 0 AND 10000000000),
    reach          INTEGER NOT NULL CHECK (reach BETWEEN 0 AND 10000000000),
    likes          INTEGER NOT NULL CHECK (likes BETWEEN 0 AND 10000000000),
    comments       INTEGER NOT NULL CHECK (comments BETWEEN 0 AND 10000000000),
    shares         INTEGER NOT NULL CHECK (shares BETWEEN 0 AND 10000000000),
    saves          INTEGER NOT NULL CHECK (saves BETWEEN 0 AND 10000000000),
    reported_at    DATETIME NOT NULL,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL,
    version        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (deliverable_id, checkpoint)
);
