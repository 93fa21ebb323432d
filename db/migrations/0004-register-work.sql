-- The register at the counter (SPEC §4): what search and corrections need.

-- Names of one or two characters (佐藤, 林) are too short for trigrams: they are found by
-- prefix through these indexes instead.
CREATE INDEX holders_family_name ON holders (family_name);
CREATE INDEX holders_given_name ON holders (given_name);
CREATE INDEX holders_family_kana ON holders (family_kana, given_kana);
CREATE INDEX holders_given_kana ON holders (given_kana);
CREATE INDEX registrations_certificate ON registrations (certificate_number);
CREATE INDEX applications_holder ON applications (holder_id) WHERE status = 'pending';

-- A correction of identity items that are not on the certificate (an address) is a 訂正
-- event, not a 書換え: the events table is rebuilt to allow the kind 'correct'. The
-- history is copied as it is; the triggers that keep it append-only come back with it.
DROP TRIGGER events_no_update;
DROP TRIGGER events_no_delete;
CREATE TABLE events_new (
	id			TEXT PRIMARY KEY CHECK (length(id) = 36),
	registration_id		TEXT REFERENCES registrations (id),
	holder_id		TEXT NOT NULL REFERENCES holders (id),
	kind			TEXT NOT NULL CHECK (kind IN ('issue', 'rewrite', 'correct',
				'reissue', 'suspend', 'cancel', 'return-order', 'return', 'erase',
				'refuse')),
	event_date		TEXT NOT NULL CHECK (date(event_date) IS event_date),
	reason_code		TEXT NOT NULL DEFAULT '',
	reason_text		TEXT NOT NULL DEFAULT '',
	before_json		TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(before_json)),
	sensitive		INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
	created_by		TEXT NOT NULL,
	approved_by		TEXT,
	created_at		TEXT NOT NULL,
	CHECK (sensitive = (kind IN ('refuse', 'return-order')))
);
INSERT INTO events_new SELECT id, registration_id, holder_id, kind, event_date, reason_code,
	reason_text, before_json, sensitive, created_by, approved_by, created_at FROM events;
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;
CREATE INDEX events_holder ON events (holder_id, event_date);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'register history is never overwritten');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
	SELECT RAISE(ABORT, 'register history is never overwritten');
END;
