-- Taking back a queued change (client.Engine.Unqueue, docs/sync.md "Taking back a
-- queued change").
--
-- attempted: push has tried to send this entry. It is set in one write before a
-- batch is sent, and cleared again only when no connection to the server was ever
-- made for it. An attempted entry may already be applied on the server with its
-- answer lost, so it is never taken back: the server would skip the next change
-- given its id as a duplicate, or apply it twice.
--
-- change_id: the entry's stable handle for the UI (a UUIDv7 made by Apply).
-- mutation_id is not stable: taking a change back renumbers the later pending
-- ones, and so does the server's out_of_order answer.
ALTER TABLE outbox ADD COLUMN attempted INTEGER NOT NULL DEFAULT 0 CHECK (attempted IN (0, 1));
ALTER TABLE outbox ADD COLUMN change_id TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX outbox_change_id ON outbox (change_id) WHERE change_id <> '';

-- Entries queued before this migration may have been sent by the previous version:
-- nobody knows, so none of them can be taken back.
UPDATE outbox SET attempted = 1;
