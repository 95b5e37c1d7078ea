-- Attachments (issue 11, sync/server/attachments.go): the bytes of every
-- uploaded blob, by SHA-256, in the database (one BLOB each, at most 8 MiB), and
-- who uploaded each. A GET answers an uploader, or a party of a deliverable that
-- references the blob when its influencer uploaded it; anyone else gets 404.
CREATE TABLE attachments (
    sha256       TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp', 'application/pdf')),
    size         INTEGER NOT NULL CHECK (size BETWEEN 1 AND 8388608),
    data         BLOB NOT NULL,
    created_at   DATETIME NOT NULL
);

CREATE TABLE attachment_uploaders (
    sha256      TEXT NOT NULL REFERENCES attachments (sha256),
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    uploaded_at DATETIME NOT NULL,
    PRIMARY KEY (sha256, account_id)
);
