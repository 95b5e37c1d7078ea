-- Escrow of a deal (issue 11, docs/money.md): the server's ledger holds the money;
-- these columns are what both parties' desktops show of it, written by the same
-- mutators that post to the ledger (on the server) and synced like any column.
--   escrow_state    '' (not funded: pending, or closed before acceptance),
--                   'funded' (the accepted amount is in escrow), 'disputed' (a party
--                   opened a dispute: release and refund wait for an admin),
--                   'released' (paid to the influencer less the commission),
--                   'refunded' (back to the sponsor's wallet), 'split' (an admin's
--                   dispute decision: part released, the rest refunded)
--   escrow_cents    the amount funded at acceptance
--   commission_bps  the platform's rate in force at acceptance, fixed on the deal
--   released_cents  what was released to the influencer (gross, before commission)
--   resolution_note the admin's note when a dispute was resolved
ALTER TABLE ad_requests ADD COLUMN escrow_state TEXT NOT NULL DEFAULT ''
    CHECK (escrow_state IN ('', 'funded', 'disputed', 'released', 'refunded', 'split'));
ALTER TABLE ad_requests ADD COLUMN escrow_cents INTEGER NOT NULL DEFAULT 0 CHECK (escrow_cents >= 0);
ALTER TABLE ad_requests ADD COLUMN commission_bps INTEGER NOT NULL DEFAULT 0 CHECK (commission_bps BETWEEN 0 AND 10000);
ALTER TABLE ad_requests ADD COLUMN released_cents INTEGER NOT NULL DEFAULT 0 CHECK (released_cents >= 0);
ALTER TABLE ad_requests ADD COLUMN resolution_note TEXT NOT NULL DEFAULT '';

-- The platform's settings that every desktop reads (one row, id 'platform', written by
-- admin.setCommission; absent until an admin first sets it: the defaults apply).
CREATE TABLE platform_settings (
    id             TEXT PRIMARY KEY CHECK (id = 'platform'),
    commission_bps INTEGER NOT NULL CHECK (commission_bps BETWEEN 0 AND 10000),
    updated_by     TEXT NOT NULL DEFAULT '',
    updated_at     DATETIME NOT NULL,
    version        INTEGER NOT NULL DEFAULT 0
);
