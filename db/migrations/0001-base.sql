-- Base: schema bookkeeping, the terminal's identity, the sync outbox and the audit chain.

CREATE TABLE schema_version (
	version		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	applied_at	TEXT NOT NULL
);

-- One row: which terminal this database belongs to.
CREATE TABLE terminal (
	only		INTEGER PRIMARY KEY CHECK (only = 1),
	terminal_id	TEXT NOT NULL CHECK (length(terminal_id) BETWEEN 1 AND 64)
);

-- Every change to synced data lands here in the same transaction as the change itself.
-- (terminal_id, seq) is the idempotency key on the central store; AUTOINCREMENT makes
-- sure a sequence number is never handed out twice, even after the newest row is gone.
CREATE TABLE outbox (
	seq		INTEGER PRIMARY KEY AUTOINCREMENT,
	terminal_id	TEXT NOT NULL,
	entity		TEXT NOT NULL,
	entity_id	TEXT NOT NULL CHECK (length(entity_id) = 36),
	version		INTEGER NOT NULL CHECK (version >= 1),
	op		TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
	payload		TEXT NOT NULL CHECK (json_valid(payload)),
	created_at	TEXT NOT NULL,
	pushed_at	TEXT
);
CREATE INDEX outbox_unpushed ON outbox (seq) WHERE pushed_at IS NULL;

-- The audit log (SPEC §8): append-only, each entry's MAC covers its own fields and the
-- previous entry's MAC, so that altering, removing, inserting or reordering is detected.
CREATE TABLE audit_log (
	seq		INTEGER PRIMARY KEY,
	at		TEXT NOT NULL,
	terminal_id	TEXT NOT NULL,
	tty		TEXT NOT NULL,
	user		TEXT NOT NULL,
	role		TEXT NOT NULL,
	action		TEXT NOT NULL,
	target		TEXT NOT NULL,
	result		TEXT NOT NULL,
	detail		TEXT NOT NULL,
	prev_mac	BLOB NOT NULL,
	mac		BLOB NOT NULL
);
CREATE INDEX audit_log_user ON audit_log (user, at);
CREATE INDEX audit_log_action ON audit_log (action, at);

-- The chain's head: count and last MAC, updated with every append, so that removing
-- entries from the end is detected too.
CREATE TABLE audit_head (
	only		INTEGER PRIMARY KEY CHECK (only = 1),
	count		INTEGER NOT NULL,
	mac		BLOB NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
