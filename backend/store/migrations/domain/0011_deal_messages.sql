-- Deal messages (issue 11, item 7): either party of an ad request writes a message,
-- with attachments, without making an offer (adRequest.message, docs/mutations.md).
-- A message is never edited or deleted. attachments is a JSON array of blob
-- references {sha256, name, size, content_type} ('[]' for none), the same as a
-- draft's (backend/blobs, docs/sync.md "Attachments"). The id is the client's
-- (UUIDv7), so a replay writes the same row.
CREATE TABLE deal_messages (
    id            TEXT PRIMARY KEY,
    ad_request_id TEXT NOT NULL REFERENCES ad_requests (id),
    author_id     TEXT NOT NULL REFERENCES accounts (id),
    author_role   TEXT NOT NULL CHECK (author_role IN ('sponsor', 'influencer')),
    body          TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    attachments   TEXT NOT NULL DEFAULT '[]',
    created_at    DATETIME NOT NULL,
    version       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX deal_messages_request ON deal_messages (ad_request_id, created_at);
