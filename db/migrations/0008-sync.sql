-- Sync with the central store (SPEC §10): where the terminal is in the office log, how the
-- last attempts went, and the conflicts waiting for a supervisor. (Certificate numbers
-- leased from the central store go into cert_number_blocks, migration 6.)

-- One row. pull_cursor is the last office-log position applied here; it moves in the same
-- transaction as the changes it covers. audit_pushed is the last audit entry the central
-- store acknowledged.
CREATE TABLE sync_state (
	only		INTEGER PRIMARY KEY CHECK (only = 1),
	pull_cursor	INTEGER NOT NULL DEFAULT 0 CHECK (pull_cursor >= 0),
	audit_pushed	INTEGER NOT NULL DEFAULT 0 CHECK (audit_pushed >= 0),
	last_attempt_at	TEXT,
	last_success_at	TEXT,
	last_error	TEXT,
	online		INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1))
);
INSERT INTO sync_state (only) VALUES (1);

-- The same record changed here and elsewhere since the last common version (SPEC §10).
-- Never resolved silently: a supervisor picks one side. local_* is this terminal's latest
-- version of the record, remote_* the central store's. At most one open conflict per record.
CREATE TABLE sync_conflicts (
	id		INTEGER PRIMARY KEY,
	entity		TEXT NOT NULL,
	entity_id	TEXT NOT NULL,
	source		TEXT NOT NULL CHECK (source IN ('push', 'pull', 'apply')),
	reason		TEXT NOT NULL DEFAULT '',
	local_seq	INTEGER,
	local_version	INTEGER,
	local_payload	TEXT CHECK (local_payload IS NULL OR json_valid(local_payload)),
	remote_version	INTEGER,
	remote_payload	TEXT CHECK (remote_payload IS NULL OR json_valid(remote_payload)),
	remote_terminal	TEXT,
	opened_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	status		TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'local', 'remote')),
	resolved_by	TEXT,
	resolved_at	TEXT,
	discarded	INTEGER NOT NULL DEFAULT 0,	-- unsent local changes the choice replaced
	CHECK ((status = 'open') = (resolved_by IS NULL))
);
CREATE UNIQUE INDEX sync_conflicts_open ON sync_conflicts (entity, entity_id)
	WHERE status = 'open';

CREATE TRIGGER sync_conflicts_kept BEFORE DELETE ON sync_conflicts
BEGIN
	SELECT RAISE(ABORT, 'sync conflicts are kept with their resolution');
END;

-- Pull asks, for each remote change, whether this terminal has unsent changes of the
-- same record: that is a conflict, not something to overwrite.
CREATE INDEX outbox_pending_record ON outbox (entity_id, entity) WHERE pushed_at IS NULL;
