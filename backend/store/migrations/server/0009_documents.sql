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
