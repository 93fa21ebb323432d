-- The reception register (受付簿, issue 24): every counter application is received under
-- a reception number, short and readable aloud (R2026-0001234), unique across every
-- terminal of the office. A terminal that syncs hands out only numbers of blocks the
-- central store leased to it for the year (madoguchi.lease_receptions); one that does not
-- sync is its office's only terminal and numbers from its own block for the year.

CREATE TABLE reception_number_blocks (
	id		INTEGER PRIMARY KEY,
	source		TEXT NOT NULL CHECK (source IN ('own', 'central')),
	year		INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 9999),
	first_number	INTEGER NOT NULL CHECK (first_number >= 1),
	last_number	INTEGER NOT NULL CHECK (last_number >= first_number AND
			    last_number <= 9999999),
	next_number	INTEGER NOT NULL,
	exhausted	INTEGER NOT NULL DEFAULT 0,
	added_at	TEXT NOT NULL,
	CHECK (next_number BETWEEN first_number AND last_number + 1),
	CHECK (exhausted = (next_number > last_number))
);
CREATE TRIGGER reception_number_blocks_no_delete BEFORE DELETE ON reception_number_blocks
BEGIN
	SELECT RAISE(ABORT, 'a reception number block is never removed: its numbers may be in use');
END;
CREATE TRIGGER reception_number_blocks_forward BEFORE UPDATE ON reception_number_blocks
	WHEN NEW.next_number < OLD.next_number OR NEW.first_number IS NOT OLD.first_number OR
	    NEW.last_number IS NOT OLD.last_number OR NEW.year IS NOT OLD.year OR
	    NEW.source IS NOT OLD.source
BEGIN
	SELECT RAISE(ABORT, 'a reception number block only moves forward');
END;

-- One row per reception: what was received, when, through which channel, by whom, for
-- which holder once known. It is decided with its application, or withdrawn (取下げ) by
-- the applicant while open; it is never removed and never reopened.
CREATE TABLE receptions (
	-- The id under which sync carries it (the central store keys records by UUID).
	id		TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
	number		TEXT PRIMARY KEY CHECK (number GLOB
			    'R[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
	kind		TEXT NOT NULL CHECK (kind IN ('registration', 'correction',
			    'deletion', 'reissue')),
	channel		TEXT NOT NULL DEFAULT 'counter'
			    CHECK (channel IN ('counter', 'mail', 'e-gov', 'mynaportal')),
	received_on	TEXT NOT NULL CHECK (received_on GLOB
			    '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	received_by	TEXT NOT NULL,
	received_at	TEXT NOT NULL,
	holder_id	TEXT CHECK (holder_id IS NULL OR length(holder_id) = 36),
	status		TEXT NOT NULL DEFAULT 'open'
			    CHECK (status IN ('open', 'decided', 'withdrawn')),
	withdrawn_by	TEXT,
	withdrawn_at	TEXT,
	withdraw_reason	TEXT,
	-- 本人確認: the documents seen (codes of identity_documents, never their numbers),
	-- who checked them and when.
	identity	TEXT,
	identity_by	TEXT,
	identity_at	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	CHECK ((identity IS NULL) = (identity_by IS NULL)),
	CHECK ((status = 'withdrawn') = (withdrawn_by IS NOT NULL)),
	CHECK (status <> 'withdrawn' OR length(withdraw_reason) BETWEEN 1 AND 200)
);
CREATE INDEX receptions_holder ON receptions (holder_id, status);

-- The documents an identity may be confirmed with (本人確認書類), as data: one with a
-- photograph proves it alone; the others only two together (住民票の写し and another).
CREATE TABLE identity_documents (
	code		TEXT PRIMARY KEY,
	label_ja	TEXT NOT NULL,
	label_en	TEXT NOT NULL,
	alone		INTEGER NOT NULL CHECK (alone IN (0, 1)),
	sort		INTEGER NOT NULL UNIQUE
);
INSERT INTO identity_documents VALUES
	('mynumber-card',	'マイナンバーカード',	'My Number card',	1, 10),
	('driver-license',	'運転免許証',		'driving licence',	1, 20),
	('passport',		'パスポート',		'passport',		1, 30),
	('residence-card',	'在留カード',		'residence card',	1, 40),
	('disability-book',	'身体障害者手帳',	'disability handbook',	1, 50),
	('juminhyo',		'住民票の写し',		'copy of the resident record', 0, 60),
	('health-insurance',	'健康保険証',		'health insurance card', 0, 70),
	('pension-book',	'年金手帳',		'pension book',		0, 80);
CREATE INDEX receptions_received ON receptions (received_on);
CREATE TRIGGER receptions_no_delete BEFORE DELETE ON receptions
BEGIN
	SELECT RAISE(ABORT, 'the reception register keeps every reception');
END;
CREATE TRIGGER receptions_closed BEFORE UPDATE ON receptions
	WHEN NEW.id IS NOT OLD.id OR NEW.number IS NOT OLD.number OR
	    (OLD.status <> 'open' AND (NEW.status IS NOT OLD.status OR
	    NEW.holder_id IS NOT OLD.holder_id))
BEGIN
	SELECT RAISE(ABORT, 'a reception keeps its number, and a decided or withdrawn one is never reopened');
END;

-- Applications name their reception and may be withdrawn: the table is rebuilt, as SQLite
-- changes no CHECK in place. A withdrawal is no decision: nobody decided it, and the
-- four-eyes rule does not apply to it (the reception records who took it down and why).
CREATE TABLE applications_new (
	id			TEXT PRIMARY KEY CHECK (length(id) = 36),
	kind			TEXT NOT NULL CHECK (kind IN ('registration', 'correction',
				'deletion', 'reissue')),
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
INSERT INTO applications_new (id, kind, holder_id, registration_id, payload, status,
	requested_by, requested_at, decided_by, decided_at, decision_comment, version)
SELECT id, kind, holder_id, registration_id, payload, status, requested_by, requested_at,
	decided_by, decided_at, decision_comment, version FROM applications;
DROP TABLE applications;
ALTER TABLE applications_new RENAME TO applications;
CREATE INDEX applications_pending ON applications (requested_at) WHERE status = 'pending';
CREATE INDEX applications_holder ON applications (holder_id) WHERE status = 'pending';
CREATE INDEX applications_reissue ON applications (registration_id)
	WHERE status = 'pending' AND kind = 'reissue';
CREATE INDEX applications_holder_requested ON applications (holder_id, requested_at);
