-- Unusual-use flags and the evidence that the log was read (SPEC §8, §14; issue 20).

-- Who may see flags and sign-offs (supervisor, auditor) and who may act on them
-- (supervisor only: acknowledge a flag, sign off a period, change a rule). The auditor
-- reads; the sysadmin never sees them (personal_data keeps the sysadmin out).
INSERT INTO functions VALUES
	('audit.flags',		'不審な利用の確認',	'Unusual-use flags',		1, 111),
	('audit.reviews',	'ログ確認記録',		'Log review sign-offs',		1, 112),
	('audit.signoff',	'ログ確認の承認',		'Acknowledge and sign off',	1, 113);
INSERT INTO role_functions (role, function) VALUES
	('supervisor', 'audit.flags'), ('supervisor', 'audit.reviews'),
	('supervisor', 'audit.signoff'),
	('auditor', 'audit.flags'), ('auditor', 'audit.reviews');

-- The rules, as data: what each one counts is code (db/audit/audit-flags.c), its
-- threshold and window are these rows, changed only by a supervisor and audited. A flag
-- is raised when the count reaches the threshold. window_minutes: the span the count is
-- taken over (bursts), the grace after an application was decided (no_application),
-- NULL for the rules that count per day.
CREATE TABLE audit_rules (
	name		TEXT PRIMARY KEY,
	position	INTEGER NOT NULL,
	label_ja	TEXT NOT NULL,
	label_en	TEXT NOT NULL,
	threshold	INTEGER NOT NULL CHECK (threshold BETWEEN 1 AND 100000),
	window_minutes	INTEGER CHECK (window_minutes IS NULL OR window_minutes BETWEEN 1 AND 1440),
	changed_by	TEXT,
	changed_at	TEXT
);
INSERT INTO audit_rules (name, position, label_ja, label_en, threshold, window_minutes) VALUES
	('off_hours_access', 1, '時間外の検索・閲覧', 'Lookups and views outside office hours', 1, NULL),
	('access_burst', 2, '短時間の大量閲覧・照会', 'Many views or Juki queries in a short time', 10, 5),
	('no_application', 3, '申請のない閲覧・照会', 'Views or queries with no open application', 1, 60),
	('mynumber_daily', 4, '個人番号の表示回数', 'My Number reveals in one day', 5, NULL),
	('failed_logins', 5, 'ログイン失敗の集中', 'Failed logins at a terminal', 5, 10),
	('off_hours_output', 6, '時間外の印刷・出力', 'Prints or exports outside office hours', 1, NULL);

-- The audit actions each rule counts, and with which results (a GLOB pattern). Exports
-- (SPEC §9) join off_hours_output here when they are written to the log.
CREATE TABLE audit_rule_actions (
	rule		TEXT NOT NULL REFERENCES audit_rules (name),
	action		TEXT NOT NULL,
	result		TEXT NOT NULL DEFAULT '*',
	PRIMARY KEY (rule, action, result)
);
INSERT INTO audit_rule_actions (rule, action, result) VALUES
	('off_hours_access', 'register.search', '*'), ('off_hours_access', 'register.view', '*'),
	('off_hours_access', 'juki.query', '*'), ('off_hours_access', 'juki.result.view', '*'),
	('off_hours_access', 'cert.view', '*'), ('off_hours_access', 'mynumber.reveal', '*'),
	('off_hours_access', 'approval.view', '*'),
	('off_hours_access', 'sync.conflict.view', '*'),
	('access_burst', 'register.view', 'ok'), ('access_burst', 'cert.view', 'ok'),
	('access_burst', 'juki.query', 'ok'), ('access_burst', 'juki.result.view', 'ok'),
	('no_application', 'register.view', 'ok'), ('no_application', 'cert.view', 'ok'),
	('no_application', 'juki.query', 'ok'), ('no_application', 'mynumber.reveal', 'ok'),
	('mynumber_daily', 'mynumber.reveal', 'ok'),
	('failed_logins', 'login', 'failed'), ('failed_logins', 'login', 'no-account'),
	('failed_logins', 'login', 'denied'), ('failed_logins', 'login', 'locked'),
	('failed_logins', 'login', 'expired'), ('failed_logins', 'unlock', 'failed'),
	('off_hours_output', 'cert.print', '*'), ('off_hours_output', 'cert.reprint', '*'),
	('off_hours_output', 'account.register.print', '*');

-- Days the office is closed besides the weekdays office_hours leaves out: national
-- holidays and the year-end closure (行政機関の休日). The equinoxes of 2027 are the
-- forecast; the Cabinet Office announces them each February.
CREATE TABLE audit_holidays (
	day		TEXT PRIMARY KEY CHECK (day = date(day)),
	name		TEXT NOT NULL
);
INSERT INTO audit_holidays (day, name) VALUES
	('2025-01-01', '元日'), ('2025-01-02', '年始'), ('2025-01-03', '年始'),
	('2025-01-13', '成人の日'), ('2025-02-11', '建国記念の日'),
	('2025-02-23', '天皇誕生日'), ('2025-02-24', '振替休日'), ('2025-03-20', '春分の日'),
	('2025-04-29', '昭和の日'), ('2025-05-03', '憲法記念日'), ('2025-05-04', 'みどりの日'),
	('2025-05-05', 'こどもの日'), ('2025-05-06', '振替休日'), ('2025-07-21', '海の日'),
	('2025-08-11', '山の日'), ('2025-09-15', '敬老の日'), ('2025-09-23', '秋分の日'),
	('2025-10-13', 'スポーツの日'), ('2025-11-03', '文化の日'),
	('2025-11-23', '勤労感謝の日'), ('2025-11-24', '振替休日'),
	('2025-12-29', '年末'), ('2025-12-30', '年末'), ('2025-12-31', '年末'),
	('2026-01-01', '元日'), ('2026-01-02', '年始'), ('2026-01-03', '年始'),
	('2026-01-12', '成人の日'), ('2026-02-11', '建国記念の日'),
	('2026-02-23', '天皇誕生日'), ('2026-03-20', '春分の日'), ('2026-04-29', '昭和の日'),
	('2026-05-03', '憲法記念日'), ('2026-05-04', 'みどりの日'), ('2026-05-05', 'こどもの日'),
	('2026-05-06', '振替休日'), ('2026-07-20', '海の日'), ('2026-08-11', '山の日'),
	('2026-09-21', '敬老の日'), ('2026-09-22', '国民の休日'), ('2026-09-23', '秋分の日'),
	('2026-10-12', 'スポーツの日'), ('2026-11-03', '文化の日'),
	('2026-11-23', '勤労感謝の日'),
	('2026-12-29', '年末'), ('2026-12-30', '年末'), ('2026-12-31', '年末'),
	('2027-01-01', '元日'), ('2027-01-02', '年始'), ('2027-01-03', '年始'),
	('2027-01-11', '成人の日'), ('2027-02-11', '建国記念の日'),
	('2027-02-23', '天皇誕生日'), ('2027-03-21', '春分の日'), ('2027-03-22', '振替休日'),
	('2027-04-29', '昭和の日'), ('2027-05-03', '憲法記念日'), ('2027-05-04', 'みどりの日'),
	('2027-05-05', 'こどもの日'), ('2027-07-19', '海の日'), ('2027-08-11', '山の日'),
	('2027-09-20', '敬老の日'), ('2027-09-23', '秋分の日'), ('2027-10-11', 'スポーツの日'),
	('2027-11-03', '文化の日'), ('2027-11-23', '勤労感謝の日'),
	('2027-12-29', '年末'), ('2027-12-30', '年末'), ('2027-12-31', '年末');

-- A supervisor's acknowledgement of a flag: the follow-up taken (comment). A flag is
-- named by its rule, its subject (a user, or a terminal for failed logins) and the time
-- of its first entry in the log of terminal_id; the acknowledgement covers its entries up
-- to last_at (a flag that grows afterwards needs another). Times, not sequence numbers:
-- a restored terminal's entries keep their times (docs/sync.md). Kept for ever, synced.
CREATE TABLE audit_flag_acks (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	terminal_id	TEXT NOT NULL,
	rule		TEXT NOT NULL,
	subject		TEXT NOT NULL,
	first_at	TEXT NOT NULL,
	last_at		TEXT NOT NULL CHECK (last_at >= first_at),
	entries		INTEGER NOT NULL CHECK (entries >= 1),
	reason		TEXT NOT NULL,
	comment		TEXT NOT NULL CHECK (length(trim(comment)) >= 1),
	acked_by	TEXT NOT NULL,
	acked_at	TEXT NOT NULL
);
CREATE INDEX audit_flag_acks_flag ON audit_flag_acks (terminal_id, rule, subject, first_at);

-- A supervisor's sign-off of a period of the log (ログ確認記録): the dates (local, both
-- included), the terminals whose logs were read, the flags the period had (every one
-- acknowledged), the rules and office hours in force, the comment. Kept for ever, synced.
CREATE TABLE audit_reviews (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	terminal_id	TEXT NOT NULL,
	period_from	TEXT NOT NULL CHECK (period_from = date(period_from)),
	period_to	TEXT NOT NULL CHECK (period_to = date(period_to)),
	terminals	TEXT NOT NULL CHECK (length(terminals) >= 1),
	flags		INTEGER NOT NULL CHECK (flags >= 0),
	rules		TEXT NOT NULL,
	office_hours	TEXT NOT NULL,
	comment		TEXT NOT NULL CHECK (length(trim(comment)) >= 1),
	signed_by	TEXT NOT NULL,
	signed_at	TEXT NOT NULL,
	CHECK (period_from <= period_to)
);
CREATE INDEX audit_reviews_period ON audit_reviews (period_to, period_from);

CREATE TRIGGER audit_flag_acks_no_update BEFORE UPDATE ON audit_flag_acks
BEGIN
	SELECT RAISE(ABORT, 'acknowledgements of flags are kept as they were made');
END;
CREATE TRIGGER audit_flag_acks_no_delete BEFORE DELETE ON audit_flag_acks
BEGIN
	SELECT RAISE(ABORT, 'acknowledgements of flags are kept as they were made');
END;
CREATE TRIGGER audit_reviews_no_update BEFORE UPDATE ON audit_reviews
BEGIN
	SELECT RAISE(ABORT, 'log review sign-offs are kept as they were signed');
END;
CREATE TRIGGER audit_reviews_no_delete BEFORE DELETE ON audit_reviews
BEGIN
	SELECT RAISE(ABORT, 'log review sign-offs are kept as they were signed');
END;

-- The no_application rule asks, for each view, whether the holder had an application open
-- then (or decided just before): every application of a holder, not only pending ones.
CREATE INDEX applications_holder_requested ON applications (holder_id, requested_at);
