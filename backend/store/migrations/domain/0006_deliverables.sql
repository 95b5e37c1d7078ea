-- Deliverables (issue 11): an offer carries the deliverables it proposes (a JSON
-- array of {platform, content_type, quantity, due_date, brief}; '[]' for none), and
-- accepting an offer turns its list into the ad request's deliverables rows, each
-- moving todo → draft_submitted → (changes_requested ↺) → approved_for_posting →
-- posted → accepted, or disputed (docs/mutations.md).
ALTER TABLE offers ADD COLUMN deliverables TEXT NOT NULL DEFAULT '[]';

CREATE TABLE deliverables (
    id                TEXT PRIMARY KEY,
    ad_request_id     TEXT NOT NULL REFERENCES ad_requests (id),
    seq               INTEGER NOT NULL CHECK (seq >= 1),
    platform          TEXT NOT NULL CHECK (platform IN ('instagram', 'youtube', 'tiktok', 'x', 'other')),
    content_type      TEXT NOT NULL CHECK (content_type IN ('reel', 'story', 'short', 'long_video', 'post', 'thread')),
    quantity          INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    due_date          TEXT NOT NULL,
    brief             TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'todo'
                      CHECK (status IN ('todo', 'draft_submitted', 'changes_requested', 'approved_for_posting',
                                        'posted', 'accepted', 'disputed')),
    draft_text        TEXT NOT NULL DEFAULT '',
    draft_links       TEXT NOT NULL DEFAULT '[]',
    change_comment    TEXT NOT NULL DEFAULT '',
    proof_url         TEXT NOT NULL DEFAULT '',
    posted_at         DATETIME,
    submitted_at      DATETIME,
    decided_at        DATETIME,
    auto_accept_after TEXT NOT NULL DEFAULT '',
    dispute_reason    TEXT NOT NULL DEFAULT '',
    disputed_by       TEXT NOT NULL DEFAULT '' CHECK (disputed_by IN ('', 'sponsor', 'influencer')),
    created_at        DATETIME NOT NULL,
    updated_at        DATETIME NOT NULL,
    deleted_at        DATETIME,
    version           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (ad_request_id, seq)
);
-- The server's auto-accept job looks up posted deliverables by their date.
CREATE INDEX deliverables_auto_accept ON deliverables (status, auto_accept_after);
