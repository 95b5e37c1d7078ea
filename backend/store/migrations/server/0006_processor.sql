-- The dummy payment processor (sync/server/payments.go): one row per charge the
-- processor decided (succeeded or declined). It keeps only what a receipt and a
-- retry need: never the card number, its expiry or its CVC — the brand and last
-- four only. request_hash is an HMAC-SHA256 (with a server secret) of the
-- request's canonical form, so a retry with the same Idempotency-Key can be told
-- from a different request without keeping the request: a plain hash of a card
-- number could be reversed by trying every number of a known brand and last four.
CREATE TABLE processor_charges (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts (id),
    idempotency_key TEXT NOT NULL,
    request_hash    BLOB NOT NULL,
    amount          INTEGER NOT NULL CHECK (amount > 0),
    currency        TEXT NOT NULL,
    brand           TEXT NOT NULL,
    last4           TEXT NOT NULL CHECK (length(last4) = 4),
    status          TEXT NOT NULL CHECK (status IN ('succeeded', 'declined')),
    decline_code    TEXT NOT NULL DEFAULT '' CHECK ((status = 'declined') = (decline_code <> '')),
    created_at      DATETIME NOT NULL,
    UNIQUE (account_id, idempotency_key)
);
