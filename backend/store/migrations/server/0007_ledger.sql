-- Server-only: the double-entry ledger (docs/money.md, package sync/server/ledger).
-- Money moves only as a transaction of postings that sum to zero; balances are
-- derived from postings (ledger_balances), never stored; postings and transactions
-- are never updated or deleted, only reversed by a new transaction. Amounts are the
-- platform's minor units (cents of USD), integers.

-- An account: one wallet per sponsor, one escrow per ad request, one earnings
-- account per influencer, and the two singletons (owner_id ''): the platform's
-- revenue and the outside world (the payment processor), the only account whose
-- balance may go below zero (what has come in from outside, negated).
CREATE TABLE ledger_accounts (
    id       TEXT PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('sponsor_wallet', 'escrow', 'influencer_earnings', 'platform_revenue', 'outside_world')),
    owner_id TEXT NOT NULL,
    currency TEXT NOT NULL DEFAULT 'USD' CHECK (currency = 'USD'),
    UNIQUE (kind, owner_id),
    CHECK ((kind IN ('platform_revenue', 'outside_world')) = (owner_id = ''))
);

CREATE TABLE ledger_transactions (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('top_up', 'fund', 'release', 'refund', 'split', 'payout', 'reversal')),
    ad_request_id   TEXT CHECK (ad_request_id IS NULL OR ad_request_id <> ''),
    memo            TEXT NOT NULL DEFAULT '' CHECK (length(memo) <= 500),
    idempotency_key TEXT NOT NULL UNIQUE CHECK (idempotency_key <> ''),
    -- A transaction is reversed at most once (UNIQUE), by a reversal.
    reverses        TEXT UNIQUE REFERENCES ledger_transactions (id),
    created_at      TEXT NOT NULL,
    CHECK ((kind = 'reversal') = (reverses IS NOT NULL)),
    CHECK (kind NOT IN ('fund', 'release', 'refund', 'split') OR ad_request_id IS NOT NULL),
    CHECK (reverses IS NULL OR reverses <> id)
);
CREATE INDEX ledger_transactions_request ON ledger_transactions (ad_request_id);

-- A posting is written before its transaction row (the foreign key is checked at
-- commit): inserting the transaction row seals it, and the triggers below check the
-- sealed set.
CREATE TABLE ledger_postings (
    transaction_id TEXT NOT NULL REFERENCES ledger_transactions (id) DEFERRABLE INITIALLY DEFERRED,
    line           INTEGER NOT NULL CHECK (line >= 1),
    account_id     TEXT NOT NULL REFERENCES ledger_accounts (id),
    amount         INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount <> 0),
    PRIMARY KEY (transaction_id, line)
);
CREATE INDEX ledger_postings_account ON ledger_postings (account_id);

-- Only sealed postings count.
CREATE VIEW ledger_balances AS
SELECT a.id AS account_id, a.kind, a.owner_id, COALESCE(SUM(p.amount), 0) AS balance
FROM ledger_accounts a
LEFT JOIN ledger_postings p ON p.account_id = a.id
    AND EXISTS (SELECT 1 FROM ledger_transactions t WHERE t.id = p.transaction_id)
GROUP BY a.id;

CREATE TRIGGER ledger_postings_no_update BEFORE UPDATE ON ledger_postings BEGIN
    SELECT RAISE(ABORT, 'ledger: postings are never updated, only reversed');
END;
CREATE TRIGGER ledger_postings_no_delete BEFORE DELETE ON ledger_postings BEGIN
    SELECT RAISE(ABORT, 'ledger: postings are never deleted, only reversed');
END;
CREATE TRIGGER ledger_transactions_no_update BEFORE UPDATE ON ledger_transactions BEGIN
    SELECT RAISE(ABORT, 'ledger: transactions are never updated, only reversed');
END;
CREATE TRIGGER ledger_transactions_no_delete BEFORE DELETE ON ledger_transactions BEGIN
    SELECT RAISE(ABORT, 'ledger: transactions are never deleted, only reversed');
END;
CREATE TRIGGER ledger_accounts_no_update BEFORE UPDATE ON ledger_accounts BEGIN
    SELECT RAISE(ABORT, 'ledger: accounts are never changed');
END;

-- A recorded transaction takes no more postings.
CREATE TRIGGER ledger_postings_sealed BEFORE INSERT ON ledger_postings
WHEN EXISTS (SELECT 1 FROM ledger_transactions WHERE id = NEW.transaction_id) BEGIN
    SELECT RAISE(ABORT, 'ledger: a recorded transaction takes no more postings');
END;

-- Every transaction balances: at least two postings, summing to zero.
CREATE TRIGGER ledger_transactions_balanced BEFORE INSERT ON ledger_transactions
WHEN (SELECT COUNT(*) FROM ledger_postings WHERE transaction_id = NEW.id) < 2
    OR (SELECT SUM(amount) FROM ledger_postings WHERE transaction_id = NEW.id) <> 0 BEGIN
    SELECT RAISE(ABORT, 'ledger: unbalanced transaction');
END;

-- No account but the outside world goes below zero.
CREATE TRIGGER ledger_transactions_no_overdraft AFTER INSERT ON ledger_transactions
WHEN EXISTS (SELECT 1 FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
    WHERE p.transaction_id = NEW.id AND a.kind <> 'outside_world'
    AND (SELECT SUM(q.amount) FROM ledger_postings q JOIN ledger_transactions t ON t.id = q.transaction_id
        WHERE q.account_id = p.account_id) < 0) BEGIN
    SELECT RAISE(ABORT, 'ledger: balance below zero');
END;
