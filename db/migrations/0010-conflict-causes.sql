-- Conflicts at scale (issue 33). Recording a conflict looks up the record's latest local
-- change: with this index it is one probe, however many pushed rows the outbox keeps
-- (before, only unsent rows were indexed by record, and the lookup walked the outbox).
CREATE INDEX outbox_record ON outbox (entity, entity_id, seq);

-- Why a conflict waits, as a word the queue groups by: changed-here (this terminal has
-- unsent changes of the record), number-taken (a registration whose certificate number
-- another record holds here), follows (a record whose parent waits in the queue), checks
-- (this terminal's checks refused the value), delete, other; '' for conflicts recorded
-- before this migration and those the central store reported.
ALTER TABLE sync_conflicts ADD COLUMN cause TEXT NOT NULL DEFAULT '';
CREATE INDEX sync_conflicts_open_cause ON sync_conflicts (entity, cause) WHERE status = 'open';
