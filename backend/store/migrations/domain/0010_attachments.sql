-- Attachments (issue 11): a draft carries image/PDF attachments and a proof a
-- screenshot, each a reference to a blob stored by content hash (backend/blobs,
-- docs/sync.md "Attachments"): draft_attachments is a JSON array of
-- {sha256, name, size, content_type} ('[]' for none), proof_screenshot one such
-- object ('' until a proof is submitted). The bytes travel outside the rows.
ALTER TABLE deliverables ADD COLUMN draft_attachments TEXT NOT NULL DEFAULT '[]';
ALTER TABLE deliverables ADD COLUMN proof_screenshot TEXT NOT NULL DEFAULT '';
