-- The register's outbox payloads as views, and outbox rows that may leave theirs to them
-- (issue 28). A holder imported in bulk was written twice: once in its tables and once as
-- the JSON copy of each of its four rows in the outbox, half of a demo register's file
-- (1,000,000 holders: 1.9 GB of 3.9) and of its import's time. An outbox row whose payload
-- is the JSON null, which no change carries, now stands for its record's row as it is, at
-- the row's version: the views below make that payload, the push reads it through
-- outbox_full, and the triggers write it into the outbox row before the record changes or
-- goes, so that such a row is always the record as it was when the change was queued.
--
-- The JSON null rather than SQL NULL: the payload column is NOT NULL, and SQLite can only
-- drop that by making the table again, which on an upgraded demo terminal (4,000,000 rows)
-- took 79 s, 2.4 GB of memory (the dropped table's pages, wiped by secure_delete, kept for
-- the statement's rollback) and left the file 2 GB larger. With the marker the upgrade
-- adds views and triggers and copies nothing.
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

-- The outbox with every payload: a JSON null one made from its record's view, if the
-- record is still at the row's version; otherwise NULL, which the push refuses to send.
CREATE VIEW outbox_full AS SELECT o.seq, o.terminal_id, o.entity, o.entity_id, o.version,
	o.op, CASE WHEN o.payload <> 'null' THEN o.payload ELSE CASE o.entity
	WHEN 'holder' THEN (SELECT p.payload FROM holder_payloads p WHERE p.id = o.entity_id
		AND p.version = o.version)
	WHEN 'registration' THEN (SELECT p.payload FROM registration_payloads p WHERE
		p.id = o.entity_id AND p.version = o.version)
	WHEN 'event' THEN (SELECT p.payload FROM event_payloads p WHERE p.id = o.entity_id)
	WHEN 'mynumber' THEN (SELECT p.payload FROM mynumber_payloads p WHERE
		p.holder_id = o.entity_id) END END AS payload, o.created_at, o.pushed_at
	FROM outbox o;

-- Before a record changes or goes, its outbox rows without a payload get the one it has
-- now (at their version: a row of another version would be a broken promise, left without
-- for the push to refuse). Events are never changed (0029's triggers).
CREATE TRIGGER holders_outbox_keep BEFORE UPDATE ON holders
WHEN EXISTS (SELECT 1 FROM outbox WHERE entity = 'holder' AND entity_id = OLD.id AND
	payload = 'null')
BEGIN
	UPDATE outbox SET payload = (SELECT payload FROM holder_payloads WHERE id = OLD.id)
	WHERE entity = 'holder' AND entity_id = OLD.id AND payload = 'null' AND
	    version = OLD.version;
END;
CREATE TRIGGER holders_outbox_keep_deleted BEFORE DELETE ON holders
WHEN EXISTS (SELECT 1 FROM outbox WHERE entity = 'holder' AND entity_id = OLD.id AND
	payload = 'null')
BEGIN
	UPDATE outbox SET payload = (SELECT payload FROM holder_payloads WHERE id = OLD.id)
	WHERE entity = 'holder' AND entity_id = OLD.id AND payload = 'null' AND
	    version = OLD.version;
END;
CREATE TRIGGER registrations_outbox_keep BEFORE UPDATE ON registrations
WHEN EXISTS (SELECT 1 FROM outbox WHERE entity = 'registration' AND entity_id = OLD.id
	AND payload = 'null')
BEGIN
	UPDATE outbox SET payload = (SELECT payload FROM registration_payloads WHERE
	    id = OLD.id)
	WHERE entity = 'registration' AND entity_id = OLD.id AND payload = 'null' AND
	    version = OLD.version;
END;
CREATE TRIGGER registrations_outbox_keep_deleted BEFORE DELETE ON registrations
WHEN EXISTS (SELECT 1 FROM outbox WHERE entity = 'registration' AND entity_id = OLD.id
	AND payload = 'null')
BEGIN
	UPDATE outbox SET payload = (SELECT payload FROM registration_payloads WHERE
	    id = OLD.id)
	WHERE entity = 'registration' AND entity_id = OLD.id AND payload = 'null' AND
	    version = OLD.version;
END;
CREATE TRIGGER mynumbers_outbox_keep BEFORE UPDATE OF holder_id, mynumber, source
ON mynumbers
WHEN EXISTS (SELECT 1 FROM outbox WHERE entity = 'mynumber' AND entity_id = OLD.holder_id
	AND payload = 'null')
BEGIN
	UPDATE outbox SET payload = (SELECT payload FROM mynumber_payloads WHERE
	    holder_id = OLD.holder_id)
	WHERE entity = 'mynumber' AND entity_id = OLD.holder_id AND payload = 'null';
END;
CREATE TRIGGER mynumbers_outbox_keep_deleted BEFORE DELETE ON mynumbers
WHEN EXISTS (SELECT 1 FROM outbox WHERE entity = 'mynumber' AND entity_id = OLD.holder_id
	AND payload = 'null')
BEGIN
	UPDATE outbox SET payload = (SELECT payload FROM mynumber_payloads WHERE
	    holder_id = OLD.holder_id)
	WHERE entity = 'mynumber' AND entity_id = OLD.holder_id AND payload = 'null';
END;
