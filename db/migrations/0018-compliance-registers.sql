-- The office's registers behind the self-inspection report (自己点検, SPEC §14, issue 23):
-- incidents with their response steps, training records, enquiries and disclosure
-- requests, and attestations of what the database cannot know. Supervisors record them,
-- auditors read them; every row is synced to the central store and applied on the
-- office's other terminals, so that each terminal's report covers the office. Kept for
-- ever: a record is corrected by a later one, never changed in place (an incident closes,
-- an enquiry is answered: each a new version).
INSERT INTO functions VALUES
	('compliance.view',	'自己点検・管理簿の閲覧',	'Self-inspection and registers',	1, 180),
	('compliance.record',	'管理簿への記録',		'Record in the registers',		1, 181);
INSERT INTO role_functions (role, function) VALUES
	('supervisor', 'compliance.view'), ('auditor', 'compliance.view'),
	('supervisor', 'compliance.record');

-- 漏えい等事案: found when and by whom, what data of how many persons, the cause.
CREATE TABLE incidents (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	found_on	TEXT NOT NULL CHECK (found_on = date(found_on)),
	found_by	TEXT NOT NULL CHECK (length(found_by) BETWEEN 1 AND 100),
	summary		TEXT NOT NULL CHECK (length(summary) BETWEEN 1 AND 500),
	data_kinds	TEXT NOT NULL CHECK (length(data_kinds) BETWEEN 1 AND 200),
	persons		INTEGER NOT NULL CHECK (persons >= 0),
	mynumber	INTEGER NOT NULL CHECK (mynumber IN (0, 1)),	-- My Numbers involved
	cause		TEXT NOT NULL DEFAULT '' CHECK (length(cause) <= 500),
	recorded_by	TEXT NOT NULL,
	recorded_at	TEXT NOT NULL,
	version		INTEGER NOT NULL DEFAULT 1
);
CREATE TRIGGER incidents_no_delete BEFORE DELETE ON incidents
BEGIN
	SELECT RAISE(ABORT, 'incidents are kept for ever');
END;

-- The response steps of the assessment documents, ①-⑦: 1 first response, 2 containment,
-- 3 investigation, 4 notice to the persons, 5 report to the 個人情報保護委員会, 6 recurrence
-- prevention, 7 closure. Each done on a date, by someone; written once.
CREATE TABLE incident_steps (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	incident_id	TEXT NOT NULL REFERENCES incidents (id),
	step		INTEGER NOT NULL CHECK (step BETWEEN 1 AND 7),
	done_on		TEXT NOT NULL CHECK (done_on = date(done_on)),
	done_by		TEXT NOT NULL CHECK (length(done_by) BETWEEN 1 AND 100),
	note		TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
	recorded_by	TEXT NOT NULL,
	recorded_at	TEXT NOT NULL,
	UNIQUE (incident_id, step)
);

-- Training: a person (an account), a course, its kind, the date.
CREATE TABLE training_records (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	user_name	TEXT NOT NULL,
	course		TEXT NOT NULL CHECK (length(course) BETWEEN 1 AND 200),
	kind		TEXT NOT NULL CHECK (kind IN ('new_handler', 'transfer', 'annual',
			'security')),
	taken_on	TEXT NOT NULL CHECK (taken_on = date(taken_on)),
	recorded_by	TEXT NOT NULL,
	recorded_at	TEXT NOT NULL
);
CREATE INDEX training_records_user ON training_records (user_name, taken_on);

-- 相談・開示請求: received, about what, answered when; a disclosure request may name the
-- holder whose disclosure report answered it.
CREATE TABLE enquiries (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	kind		TEXT NOT NULL CHECK (kind IN ('consultation', 'disclosure')),
	received_on	TEXT NOT NULL CHECK (received_on = date(received_on)),
	subject		TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
	holder_id	TEXT,
	answered_on	TEXT CHECK (answered_on IS NULL OR (answered_on = date(answered_on) AND
			answered_on >= received_on)),
	answer		TEXT NOT NULL DEFAULT '' CHECK (length(answer) <= 500),
	recorded_by	TEXT NOT NULL,
	recorded_at	TEXT NOT NULL,
	version		INTEGER NOT NULL DEFAULT 1
);

-- What the database cannot know (規程 exist, an audit plan adopted): a supervisor's dated
-- statement for one survey item, with the document it rests on.
CREATE TABLE attestations (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	item		INTEGER NOT NULL CHECK (item BETWEEN 1 AND 15),
	statement	TEXT NOT NULL CHECK (length(statement) BETWEEN 1 AND 500),
	document	TEXT NOT NULL CHECK (length(document) BETWEEN 1 AND 200),
	stated_on	TEXT NOT NULL CHECK (stated_on = date(stated_on)),
	stated_by	TEXT NOT NULL,
	recorded_at	TEXT NOT NULL
);

CREATE TRIGGER incident_steps_kept BEFORE UPDATE ON incident_steps
BEGIN
	SELECT RAISE(ABORT, 'incident steps are kept as they were recorded');
END;
CREATE TRIGGER incident_steps_no_delete BEFORE DELETE ON incident_steps
BEGIN
	SELECT RAISE(ABORT, 'incident steps are kept as they were recorded');
END;
CREATE TRIGGER training_records_kept BEFORE UPDATE ON training_records
BEGIN
	SELECT RAISE(ABORT, 'training records are kept as they were recorded');
END;
CREATE TRIGGER training_records_no_delete BEFORE DELETE ON training_records
BEGIN
	SELECT RAISE(ABORT, 'training records are kept as they were recorded');
END;
CREATE TRIGGER enquiries_no_delete BEFORE DELETE ON enquiries
BEGIN
	SELECT RAISE(ABORT, 'enquiries are kept for ever');
END;
CREATE TRIGGER attestations_kept BEFORE UPDATE ON attestations
BEGIN
	SELECT RAISE(ABORT, 'attestations are kept as they were made');
END;
CREATE TRIGGER attestations_no_delete BEFORE DELETE ON attestations
BEGIN
	SELECT RAISE(ABORT, 'attestations are kept as they were made');
END;
