-- Access disclosure from the holder screen (開示, SPEC §8, issue 20).
--
-- A supervisor prints, for the resident at the counter, every access to their data at
-- every terminal of the office. The office's entries are in the central store, and only
-- the background sync process holds the terminal's TLS key that reaches it: the screen
-- files a request here and signals that process, which asks the store's disclosure()
-- and leaves the answer here for the screen to read. The screen deletes both as soon as
-- it has read them (they are copies of audit entries the store keeps); the process deletes
-- requests nobody collected after a few minutes (a screen that ended meanwhile).
INSERT INTO functions VALUES
	('disclosure.print',	'取扱い記録の開示',	'Access disclosure',		1, 114);
INSERT INTO role_functions (role, function) VALUES ('supervisor', 'disclosure.print');

CREATE TABLE disclosure_requests (
	id		INTEGER PRIMARY KEY,
	holder_id	TEXT NOT NULL CHECK (length(holder_id) = 36),
	-- The period as UTC bounds of the audit log's times (until excluded); NULL: open.
	from_at		TEXT,
	until_at	TEXT,
	requested_by	TEXT NOT NULL,
	requested_at	TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	state		TEXT NOT NULL DEFAULT 'pending'
			CHECK (state IN ('pending', 'answered', 'failed')),
	-- Why the store's entries are missing (state 'failed'), for the report's head.
	cause		TEXT CHECK ((state = 'failed') = (cause IS NOT NULL))
);

CREATE TABLE disclosure_answers (
	request_id	INTEGER NOT NULL REFERENCES disclosure_requests (id)
			ON DELETE CASCADE,
	terminal_id	TEXT NOT NULL,
	seq		INTEGER NOT NULL,
	at		TEXT NOT NULL,
	tty		TEXT NOT NULL,
	user_name	TEXT NOT NULL,
	full_name	TEXT NOT NULL,
	role		TEXT NOT NULL,
	action		TEXT NOT NULL,
	target		TEXT NOT NULL,
	result		TEXT NOT NULL,
	detail		TEXT NOT NULL,
	PRIMARY KEY (request_id, terminal_id, seq)
);
