-- The register's outbox payloads as views, and outbox rows that may leave theirs to them
-- (issue 28). A holder imported in bulk was written twice: once in its tables and once as
-- the JSON copy of each of its four rows in the outbox, half of a demo register's file
-- (1,000,000 holders: 1.9 GB of 3.9) and of its import's time. An outbox row whose payload
-- is NULL now stands for its record's row as it is, at the row's version: the views below
-- make that payload, the push reads it through outbox_full, and the triggers write it into
-- the outbox row before the record changes or goes, so that a NULL payload is always the
-- record as it was when the change was queued.
--
-- The views are the one definition of what the register's rows carry to the central store
-- (register-values.c reads them for every change); their members are the register's items
-- (register-items.c) in the items' order, then the row's own, and test-outbox-payloads
-- checks that they agree. A new item needs a migration that makes its view again.
CREATE VIEW holder_payloads AS SELECT id, version, json_object('family_name', family_name,
	'given_name', given_name, 'family_kana', family_kana, 'given_kana', given_kana,
	'former_family_name', former_family_name, 'former_family_kana', former_family_kana,
	'alias_family_name', alias_family_name, 'alias_given_name', alias_given_name,
	'alias_family_kana', alias_family_kana, 'alias_given_kana', alias_given_kana,
	'sex', sex, 'birth_date', birth_date, 'honseki_pref', honseki_pref,
	'nationality', nationality, 'postal_code', postal_code, 'address1', address1,
	'address2', address2, 'address3', address3, 'municipality_code', municipality_code,
	'phone', phone, 'remarks', remarks, 'shikaku_kamei_id', shikaku_kamei_id,
	'mynaportal_kamei_id', mynaportal_kamei_id, 'has_gaiji', has_gaiji,
	'id', id, 'erased', erased, 'merged_into', merged_into) AS payload FROM holders;
CREATE VIEW registration_payloads AS SELECT id, version, json_object(
	'qualification', qualification, 'certificate_number', certificate_number,
	'application_date', application_date, 'reception_date', reception_date,
	'issue_date', issue_date, 'route', route, 'exam_year', exam_year,
	'exam_number', exam_number, 'pass_number', pass_number,
	'course_provider', course_provider, 'completion_number', completion_number,
	'school', school, 'exam_round', exam_round, 'course_month', course_month,
	'course_venue', course_venue,
	'id', id, 'holder_id', holder_id, 'status', status, 'reissue_count', reissue_count)
	AS payload FROM registrations;
CREATE VIEW event_payloads AS SELECT id, json_object('id', id, 'registration_id',
	registration_id, 'holder_id', holder_id, 'kind', kind, 'event_date', event_date,
	'reason_code', reason_code, 'reason_text', reason_text, 'before', json(before_json),
	'sensitive', sensitive, 'created_by', created_by, 'approved_by', approved_by,
	'created_at', created_at, 'until_date', until_date) AS payload FROM events;
CREATE VIEW mynumber_payloads AS SELECT holder_id, json_object('holder_id', holder_id,
	'mynumber', mynumber, 'source', source) AS payload FROM mynumbers;

-- SQLite cannot change a column's constraint in place: the outbox is made again, as 0004
-- did for its tables, with its rows, its indexes and its last number (AUTOINCREMENT: a
-- number is never handed out twice, so the number outlives the rows retention deletes).
CREATE TEMP TABLE outbox_last AS SELECT seq FROM sqlite_sequence WHERE name = 'outbox';
CREATE TABLE outbox_new (
	seq		INTEGER PRIMARY KEY AUTOINCREMENT,
	terminal_id	TEXT NOT NULL,
	entity		TEXT NOT NULL,
	entity_id	TEXT NOT NULL CHECK (length(entity_id) = 36),
	version		INTEGER NOT NULL CHECK (version >= 1),
	op		TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
	-- NULL: the record's row at this version, from its view (outbox_full).
	payload		TEXT CHECK (payload IS NULL OR json_valid(payload)),
	created_at	TEXT NOT NULL,
	pushed_at	TEXT,
	CHECK (payload IS NOT NULL OR entity IN ('holder', 'registration', 'event',
	    'mynumber'))
);
INSERT INTO outbox_new (seq, terminal_id, entity, entity_id, version, op, payload,
	created_at, pushed_at)
SELECT seq, terminal_id, entity, entity_id, version, op, payload, created_at, pushed_at
	FROM outbox ORDER BY seq;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
DELETE FROM sqlite_sequence WHERE name = 'outbox';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox', max(seq) FROM (SELECT seq FROM
	temp.outbox_last UNION ALL SELECT seq FROM outbox) HAVING max(seq) IS NOT NULL;
DROP TABLE temp.outbox_last;
CREATE INDEX outbox_unpushed ON outbox (seq) WHERE pushed_at IS NULL;
CREATE INDEX outbox_record ON outbox (entity, entity_id, seq);

-- The outbox with every payload: a NULL one made from its record's view, if the record is
-- still at the row's version; otherwise NULL still, which the push refuses to send.
CREATE VIEW outbox_full AS SELECT o.seq, o.terminal_id, o.entity, o.entity_id, o.version,
	o.op, coalesce(o.payload, CASE o.entity
	WHEN 'holder' THEN (SELECT p.payload FROM holder_payloads p WHERE p.id = o.entity_id
		AND p.version = o.version)
	WHEN 'registration' THEN (SELECT p.payload FROM registration_payloads p WHERE
		p.id = o.entity_id AND p.version = o.version)
	WHEN 'event' THEN (SELECT p.payload FROM event_payloads p WHERE p.id = o.entity_id)
	WHEN 'mynumber' THEN (SELECT p.payload FROM mynumber_payloads p WHERE
		p.holder_id = o.entity_id) END) AS payload, o.created_at, o.pushed_at
	FROM outbox o;

-- Before a record changes or goes, its outbox rows without a payload get the one it has
-- now (at their version: a row of another version would be a broken promise, left NULL
-- for the push to refuse). Events are never changed (0029's triggers).
CREATE TRIGGER holders_outbox_keep BEFORE UPDATE ON holders
WHEN EXISTS (SELECT 1 FROM outbox WHERE entity = 'holder' AND entity_id = OLD.id AND
	payload IS NULL)
BEGIN
	UPDATE outbox SET payload = (SELECT payload FROM holder_payloads WHERE id = OLD.id)
	WHERE entity = 'holder' AND entity_id = OLD.id AND payload IS NULL AND
	    version = OLD.version;
END;
CREATE TRIGGER holders_outbox_keep_deleted BEFORE DELETE ON holders
WHEN EXISTS (SELECT 1 FROM outbox WHERE entity = 'holder' AND entity_id = OLD.id AND
	payload IS NULL)
BEGIN
	UPDATE outbox SET payload = (SELECT payload FROM holder_payloads WHERE id = OLD.id)
	WHERE entity = 'holder' AND entity_id = OLD.id AND payload IS NULL AND
	    version = OLD.version;
END;
CREATE TRIGGER registrations_outbox_keep BEFORE UPDATE ON registrations
WHEN EXISTS (SELECT 1 FROM outbox WHERE entity = 'registration' AND entity_id = OLD.id
	AND payload IS NULL)
BEGIN
	UPDATE outbox SET payload = (SELECT payload FROM registration_payloads WHERE
	    id = OLD.id)
	WHERE entity = 'registration' AND entity_id = OLD.id AND payload IS NULL AND
	    version = OLD.version;
END;
CREATE TRIGGER registrations_outbox_keep_deleted BEFORE DELETE ON registrations
WHEN EXISTS (SELECT 1 FROM outbox WHERE entity = 'registration' AND entity_id = OLD.id
	AND payload IS NULL)
BEGIN
	UPDATE outbox SET payload = (SELECT payload FROM registration_payloads WHERE
	    id = OLD.id)
	WHERE entity = 'registration' AND entity_id = OLD.id AND payload IS NULL AND
	    version = OLD.version;
END;
CREATE TRIGGER mynumbers_outbox_keep BEFORE UPDATE OF holder_id, mynumber, source
ON mynumbers
WHEN EXISTS (SELECT 1 FROM outbox WHERE entity = 'mynumber' AND entity_id = OLD.holder_id
	AND payload IS NULL)
BEGIN
	UPDATE outbox SET payload = (SELECT payload FROM mynumber_payloads WHERE
	    holder_id = OLD.holder_id)
	WHERE entity = 'mynumber' AND entity_id = OLD.holder_id AND payload IS NULL;
END;
CREATE TRIGGER mynumbers_outbox_keep_deleted BEFORE DELETE ON mynumbers
WHEN EXISTS (SELECT 1 FROM outbox WHERE entity = 'mynumber' AND entity_id = OLD.holder_id
	AND payload IS NULL)
BEGIN
	UPDATE outbox SET payload = (SELECT payload FROM mynumber_payloads WHERE
	    holder_id = OLD.holder_id)
	WHERE entity = 'mynumber' AND entity_id = OLD.holder_id AND payload IS NULL;
END;
