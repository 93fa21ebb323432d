-- The register's whole life (issue 25): the kinds of history and of application that the
-- administrative actions, the merge and split of holders and the notifications (届出) need.
-- SQLite cannot change a CHECK in place, so both tables are rebuilt as 0004 and 0026 did.
--
-- events gains until_date: the last day of a 停止 (the automatic end writes 'suspend-end'
-- the day after) and the due date of a 返納命令 (the overdue list reads it), so that both
-- periods are part of the history that is never overwritten and sync with it.
DROP TRIGGER events_no_update;
DROP TRIGGER events_no_delete;
CREATE TABLE events_new (
	id			TEXT PRIMARY KEY CHECK (length(id) = 36),
	registration_id		TEXT REFERENCES registrations (id),
	holder_id		TEXT NOT NULL REFERENCES holders (id),
	kind			TEXT NOT NULL CHECK (kind IN ('issue', 'rewrite', 'correct',
				'reissue', 'suspend', 'suspend-end', 'cancel', 'return-order',
				'return', 'erase', 'refuse', 'merge', 'split', 'notify')),
	event_date		TEXT NOT NULL CHECK (date(event_date) IS event_date),
	reason_code		TEXT NOT NULL DEFAULT '',
	reason_text		TEXT NOT NULL DEFAULT '',
	before_json		TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(before_json)),
	sensitive		INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
	created_by		TEXT NOT NULL,
	approved_by		TEXT,
	created_at		TEXT NOT NULL,
	until_date		TEXT CHECK (until_date IS NULL OR date(until_date) IS until_date),
	CHECK (sensitive = (kind IN ('refuse', 'return-order'))),
	CHECK ((until_date IS NOT NULL) = (kind IN ('suspend', 'return-order'))),
	CHECK (until_date IS NULL OR until_date >= event_date)
);
INSERT INTO events_new (id, registration_id, holder_id, kind, event_date, reason_code,
	reason_text, before_json, sensitive, created_by, approved_by, created_at, until_date)
SELECT id, registration_id, holder_id, kind, event_date, reason_code, reason_text,
	before_json, sensitive, created_by, approved_by, created_at,
	CASE WHEN kind IN ('suspend', 'return-order') THEN '9999-12-31' END FROM events;
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;
CREATE INDEX events_holder ON events (holder_id, event_date);
CREATE INDEX events_registration ON events (registration_id, event_date)
	WHERE registration_id IS NOT NULL;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'register history is never overwritten');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
	SELECT RAISE(ABORT, 'register history is never overwritten');
END;

-- 'action': 停止, 取消, 返納命令, 返還 or 交付拒否 of a registration (or of a registration
-- application, for 交付拒否); 'merge' and 'split' of two holders found to be one person.
CREATE TABLE applications_new (
	id			TEXT PRIMARY KEY CHECK (length(id) = 36),
	kind			TEXT NOT NULL CHECK (kind IN ('registration', 'correction',
				'deletion', 'reissue', 'action', 'merge', 'split')),
	holder_id		TEXT,
	registration_id		TEXT,
	payload			TEXT NOT NULL CHECK (json_valid(payload)),
	status			TEXT NOT NULL DEFAULT 'pending'
				CHECK (status IN ('pending', 'approved', 'rejected',
				'withdrawn')),
	requested_by		TEXT NOT NULL,
	requested_at		TEXT NOT NULL,
	decided_by		TEXT,
	decided_at		TEXT,
	decision_comment	TEXT,
	version			INTEGER NOT NULL DEFAULT 1,
	reception_number	TEXT UNIQUE REFERENCES receptions (number),
	CHECK (decided_by IS NULL OR decided_by <> requested_by),
	CHECK ((status IN ('pending', 'withdrawn')) = (decided_by IS NULL))
);
INSERT INTO applications_new SELECT id, kind, holder_id, registration_id, payload, status,
	requested_by, requested_at, decided_by, decided_at, decision_comment, version,
	reception_number FROM applications;
DROP TABLE applications;
ALTER TABLE applications_new RENAME TO applications;
CREATE INDEX applications_pending ON applications (requested_at) WHERE status = 'pending';
CREATE INDEX applications_holder ON applications (holder_id) WHERE status = 'pending';
CREATE INDEX applications_reissue ON applications (registration_id)
	WHERE status = 'pending' AND kind = 'reissue';
CREATE INDEX applications_holder_requested ON applications (holder_id, requested_at);
