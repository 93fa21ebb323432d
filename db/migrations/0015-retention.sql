-- Retention as data (SPEC §7, issue 22): how long each kind of temporary data is kept,
-- and the erasure records (消去記録) of what was erased.
--
-- Only temporary data has a rule. The register (holders, registrations, events,
-- applications, certificates, accounts, the audit log) has none and cannot get one: it is
-- kept as long as the register requires. An office once lost about 11 million records to
-- an automatic deletion set shorter than the legal retention; here the schema itself
-- refuses such a rule, whatever program asks.
CREATE TABLE retention_rules (
	kind		TEXT PRIMARY KEY CHECK (kind IN ('juki_answers', 'juki_quarantine',
			'outbox_pushed', 'print_files', 'backups')),
	days		INTEGER NOT NULL CHECK (days >= 0 AND days <= 36500),
	-- 1: the background process erases what is past the period; 0: a supervisor
	-- proposes, a second approves.
	automatic	INTEGER NOT NULL CHECK (automatic IN (0, 1)),
	changed_by	TEXT NOT NULL DEFAULT 'install',
	changed_at	TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TRIGGER retention_rules_not_register_insert
BEFORE INSERT ON retention_rules
WHEN NEW.kind IN ('register', 'holders', 'registrations', 'events', 'applications',
	'certificates', 'cert_prints', 'accounts', 'audit_log', 'mynumbers')
BEGIN
	SELECT RAISE(ABORT, 'the register has no retention rule: holders, registrations, their history, certificates, accounts and the audit log are kept as long as the register requires and are never erased automatically (SPEC 7)');
END;
CREATE TRIGGER retention_rules_not_register_update
BEFORE UPDATE OF kind ON retention_rules
WHEN NEW.kind IN ('register', 'holders', 'registrations', 'events', 'applications',
	'certificates', 'cert_prints', 'accounts', 'audit_log', 'mynumbers')
BEGIN
	SELECT RAISE(ABORT, 'the register has no retention rule: holders, registrations, their history, certificates, accounts and the audit log are kept as long as the register requires and are never erased automatically (SPEC 7)');
END;

-- The defaults: Juki answers as juki_result_retention_days has always said (30 days);
-- quarantined result files long enough to investigate a gateway's fault; the outbox's
-- rows the central store acknowledged long after any recovery would look at them;
-- certificate PDFs left in the spool (no printer) a month, to be printed; backups (full
-- copies of the register) beyond the backup_keep newest, each erasure approved.
INSERT INTO retention_rules (kind, days, automatic) VALUES
	('juki_answers', 30, 1),
	('juki_quarantine', 90, 1),
	('outbox_pushed', 90, 1),
	('print_files', 30, 1),
	('backups', 0, 0);

-- 消去記録: what was erased, how many, the dates of the oldest and newest, how, when, who
-- proposed and who approved (or the rule that made it automatic). Kept for ever.
-- A file erasure is recorded 'running' before the first file goes and 'done' after the
-- last: a run cut short is finished by the next one, under the same record.
-- Pushed to the central store once done (entity erasure_record, under uuid), so that the
-- office's records of every terminal are kept there too.
CREATE TABLE erasure_records (
	id		INTEGER PRIMARY KEY,
	uuid		TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
	terminal_id	TEXT NOT NULL,
	kind		TEXT NOT NULL,
	rule_days	INTEGER NOT NULL,
	cutoff		TEXT NOT NULL,		-- what is older than this went (UTC)
	count		INTEGER NOT NULL CHECK (count >= 0),
	bytes		INTEGER NOT NULL CHECK (bytes >= 0),
	oldest		TEXT,
	newest		TEXT,
	method		TEXT NOT NULL,
	proposed_by	TEXT NOT NULL,
	approved_by	TEXT NOT NULL,
	state		TEXT NOT NULL CHECK (state IN ('running', 'done')),
	started_at	TEXT NOT NULL,
	finished_at	TEXT
);

-- The files a running file erasure planned, by name: a run cut short is finished on
-- exactly these (never on files that came since), then they are forgotten.
CREATE TABLE erasure_pending_files (
	record_id	INTEGER NOT NULL REFERENCES erasure_records (id),
	name		TEXT NOT NULL,
	PRIMARY KEY (record_id, name)
);

CREATE TRIGGER erasure_records_no_delete
BEFORE DELETE ON erasure_records
BEGIN
	SELECT RAISE(ABORT, 'erasure records are kept for ever');
END;
CREATE TRIGGER erasure_records_only_finish
BEFORE UPDATE ON erasure_records
WHEN OLD.state <> 'running' OR NEW.state <> 'done' OR NEW.id <> OLD.id OR
	NEW.uuid <> OLD.uuid OR NEW.terminal_id <> OLD.terminal_id OR
	NEW.kind <> OLD.kind OR NEW.count <> OLD.count OR NEW.cutoff <> OLD.cutoff OR
	NEW.proposed_by <> OLD.proposed_by OR NEW.approved_by <> OLD.approved_by OR
	NEW.started_at <> OLD.started_at
BEGIN
	SELECT RAISE(ABORT, 'an erasure record is only ever marked done');
END;

-- When the automatic rules last ran (the background process runs them once a day).
CREATE TABLE retention_state (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	last_run	TEXT
);
INSERT INTO retention_state (id, last_run) VALUES (1, NULL);

-- Who sees the rules, dry runs and records (no personal data in them: kinds, counts,
-- dates), and who proposes and approves changes and erasures (supervisors, four eyes).
INSERT INTO functions VALUES
	('retention.view',	'保存期間と消去記録',	'Retention and erasure records',	0, 155),
	('retention.manage',	'保存期間の変更・消去の承認',	'Change retention, approve erasure',	0, 156);
INSERT INTO role_functions (role, function) VALUES
	('supervisor', 'retention.view'), ('supervisor', 'retention.manage'),
	('sysadmin', 'retention.view'), ('auditor', 'retention.view');

-- The shortest period the central store allows per kind, as the last sync fetched it. A
-- rule may not be shortened below it; with none fetched yet it may not be shortened.
CREATE TABLE retention_floors (
	kind		TEXT PRIMARY KEY,
	days		INTEGER NOT NULL CHECK (days >= 0),
	fetched_at	TEXT NOT NULL
);

-- A supervisor's proposal, decided by another supervisor: a rule's change (days,
-- automatic), or an erasure of a kind that needs approval, with the figures of its dry
-- run (made when proposed; approved the same day only) and the cutoff it erases up to.
CREATE TABLE retention_requests (
	id		INTEGER PRIMARY KEY,
	action		TEXT NOT NULL CHECK (action IN ('rule', 'erase')),
	kind		TEXT NOT NULL,
	days		INTEGER CHECK (days IS NULL OR days >= 0),
	automatic	INTEGER CHECK (automatic IS NULL OR automatic IN (0, 1)),
	cutoff		TEXT,
	dry_count	INTEGER,
	dry_bytes	INTEGER,
	dry_oldest	TEXT,
	dry_newest	TEXT,
	reason		TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 300),
	proposed_by	TEXT NOT NULL,
	proposed_at	TEXT NOT NULL,
	status		TEXT NOT NULL DEFAULT 'open'
			CHECK (status IN ('open', 'approved', 'rejected')),
	decided_by	TEXT,
	decided_at	TEXT,
	comment		TEXT,
	record_id	INTEGER REFERENCES erasure_records (id),
	CHECK ((action = 'rule') = (days IS NOT NULL AND automatic IS NOT NULL)),
	CHECK ((action = 'erase') = (cutoff IS NOT NULL AND dry_count IS NOT NULL)),
	-- Four eyes: the one who decides is never the one who proposed.
	CHECK (decided_by IS NULL OR decided_by <> proposed_by),
	CHECK ((status = 'open') = (decided_by IS NULL))
);
CREATE TRIGGER retention_requests_not_register
BEFORE INSERT ON retention_requests
WHEN NEW.kind IN ('register', 'holders', 'registrations', 'events', 'applications',
	'certificates', 'cert_prints', 'accounts', 'audit_log', 'mynumbers')
BEGIN
	SELECT RAISE(ABORT, 'the register has no retention rule: holders, registrations, their history, certificates, accounts and the audit log are kept as long as the register requires and are never erased automatically (SPEC 7)');
END;
CREATE TRIGGER retention_requests_no_delete
BEFORE DELETE ON retention_requests
BEGIN
	SELECT RAISE(ABORT, 'retention requests are kept for ever');
END;
