-- Desktop-only tables: the outbox of local mutations waiting for the server and the
-- sync cursor. Written in the same transaction as each mutation's optimistic effect.
CREATE TABLE outbox (
    mutation_id INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    args_json   TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'rejected')),
    code        TEXT NOT NULL DEFAULT '',
    message     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE sync_state (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    client_id        TEXT NOT NULL,
    account_id       TEXT NOT NULL,
    cursor           INTEGER NOT NULL DEFAULT 0,
    epoch            TEXT NOT NULL DEFAULT '',
    schema_version   INTEGER NOT NULL,
    last_mutation_id INTEGER NOT NULL DEFAULT 0,
    last_synced_at   DATETIME
);
