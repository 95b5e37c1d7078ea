-- Payouts (sync/server/payouts.go): an influencer's bank account and the payouts
-- the dummy processor made to it. Never the whole IBAN or account number: the
-- processor "tokenises" it (token is opaque, random, and means nothing without the
-- processor) and the platform keeps the holder, the kind, the country and the last
-- four characters only.
CREATE TABLE payout_accounts (
    account_id TEXT PRIMARY KEY REFERENCES accounts (id),
    holder     TEXT NOT NULL CHECK (holder <> ''),
    kind       TEXT NOT NULL CHECK (kind IN ('iban', 'us')),
    country    TEXT NOT NULL CHECK (length(country) = 2),
    last4      TEXT NOT NULL CHECK (length(last4) = 4),
    token      TEXT NOT NULL UNIQUE,
    updated_at DATETIME NOT NULL
);

-- One row per payout the processor decided: paid (its ledger transaction moved the
-- money out of the influencer's earnings in the same write) or failed (nothing
-- posted; failure_code says why). The bank account is copied as it was then.
CREATE TABLE payouts (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts (id),
    idempotency_key TEXT NOT NULL,
    amount          INTEGER NOT NULL CHECK (amount > 0),
    currency        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    country         TEXT NOT NULL,
    last4           TEXT NOT NULL CHECK (length(last4) = 4),
    status          TEXT NOT NULL CHECK (status IN ('paid', 'failed')),
    failure_code    TEXT NOT NULL DEFAULT '' CHECK ((status = 'failed') = (failure_code <> '')),
    transaction_id  TEXT REFERENCES ledger_transactions (id) CHECK ((status = 'paid') = (transaction_id IS NOT NULL)),
    created_at      DATETIME NOT NULL,
    UNIQUE (account_id, idempotency_key)
);
CREATE INDEX payouts_account ON payouts (account_id, created_at);
