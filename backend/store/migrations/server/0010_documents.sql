-- Server-only: the ledger's documents (docs/money.md, "Documents";
-- backend/ledger/documents.go). A receipt for each top-up, an invoice for each
-- release or split that pays the influencer, a payout statement for each payout:
-- one row per ledger transaction, numbered 1, 2, 3 … per issuer and series without
-- gaps. The number is allocated in the write transaction that posts the ledger
-- transaction (MAX + 1 under the store's single writer), so a posting that fails
-- or is rolled back takes its number with it. What a document says (amounts,
-- parties) is read from the ledger transaction it names: nothing is copied.
CREATE TABLE ledger_documents (
    id             TEXT PRIMARY KEY,
    -- 'platform' (receipts, payout statements) or the influencer's account ID
    -- (invoices, issued by the platform on the influencer's behalf).
    issuer         TEXT NOT NULL CHECK (issuer <> ''),
    series         TEXT NOT NULL CHECK (series IN ('RCP', 'INV', 'PST')),
    number         INTEGER NOT NULL CHECK (typeof(number) = 'integer' AND number >= 1),
    kind           TEXT NOT NULL CHECK (kind IN ('receipt', 'invoice', 'payout_statement')),
    transaction_id TEXT NOT NULL UNIQUE REFERENCES ledger_transactions (id),
    recipient_id   TEXT NOT NULL CHECK (recipient_id <> ''),
    created_at     TEXT NOT NULL,
    UNIQUE (issuer, series, number),
    CHECK ((kind = 'receipt') = (series = 'RCP')),
    CHECK ((kind = 'invoice') = (series = 'INV')),
    CHECK ((kind = 'payout_statement') = (series = 'PST')),
    CHECK ((kind = 'invoice') = (issuer <> 'platform'))
);
CREATE INDEX ledger_documents_recipient ON ledger_documents (recipient_id);

-- Transactions posted before this migration get their documents now, numbered in
-- the order they were posted, by the rules of backend/ledger/documents.go (an
-- invoice's issuer is the influencer paid, its recipient the sponsor whose wallet
-- funded the request; none when the influencer got nothing). Their IDs are random
-- (version 4): SQL cannot derive the UUIDv5 that new documents get.
WITH docs AS (
    SELECT t.id AS transaction_id, t.rowid AS seq, t.created_at,
        CASE t.kind WHEN 'top_up' THEN 'receipt' WHEN 'payout' THEN 'payout_statement' ELSE 'invoice' END AS kind,
        CASE t.kind WHEN 'top_up' THEN 'RCP' WHEN 'payout' THEN 'PST' ELSE 'INV' END AS series,
        CASE WHEN t.kind IN ('top_up', 'payout') THEN 'platform' ELSE (
            SELECT a.owner_id FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
            WHERE p.transaction_id = t.id AND a.kind = 'influencer_earnings' AND p.amount > 0) END AS issuer,
        CASE t.kind
            WHEN 'top_up' THEN (SELECT a.owner_id FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
                WHERE p.transaction_id = t.id AND a.kind = 'sponsor_wallet')
            WHEN 'payout' THEN (SELECT a.owner_id FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
                WHERE p.transaction_id = t.id AND a.kind = 'influencer_earnings')
            ELSE (SELECT a.owner_id FROM ledger_transactions f JOIN ledger_postings p ON p.transaction_id = f.id
                JOIN ledger_accounts a ON a.id = p.account_id
                WHERE f.idempotency_key = 'fund:' || t.ad_request_id AND a.kind = 'sponsor_wallet') END AS recipient_id
    FROM ledger_transactions t WHERE t.kind IN ('top_up', 'payout', 'release', 'split')
)
INSERT INTO ledger_documents (id, issuer, series, number, kind, transaction_id, recipient_id, created_at)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
        substr('89ab', 1 + abs(random() % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
    issuer, series, ROW_NUMBER() OVER (PARTITION BY issuer, series ORDER BY seq), kind, transaction_id, recipient_id, created_at
FROM docs WHERE issuer IS NOT NULL AND recipient_id IS NOT NULL ORDER BY seq;

-- No gaps, even through raw SQL: a number is the next one of its issuer's series.
CREATE TRIGGER ledger_documents_next_number BEFORE INSERT ON ledger_documents
WHEN NEW.number <> (SELECT COALESCE(MAX(number), 0) + 1 FROM ledger_documents
    WHERE issuer = NEW.issuer AND series = NEW.series) BEGIN
    SELECT RAISE(ABORT, 'ledger: a document number must be the next of its series');
END;
CREATE TRIGGER ledger_documents_no_update BEFORE UPDATE ON ledger_documents BEGIN
    SELECT RAISE(ABORT, 'ledger: documents are never changed');
END;
CREATE TRIGGER ledger_documents_no_delete BEFORE DELETE ON ledger_documents BEGIN
    SELECT RAISE(ABORT, 'ledger: documents are never deleted');
END;
