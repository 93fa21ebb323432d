-- Administrative actions on a registration (issue 25): 停止, 取消, 返納命令, 返還. What an
-- action may do to a registration in which state is one table, read by the data layer at
-- filing and again at approval (db/register/register-actions.c) and shown in
-- docs/register.md; a pair that is not a row here is refused, naming the rule.
-- automatic: the row is written by the automatic end of a suspension only, never filed.
-- The table and the reason codes are the same on every terminal (this migration writes
-- them, as it writes the functions), so they do not sync.
CREATE TABLE status_transitions (
	from_status	TEXT NOT NULL CHECK (from_status IN ('valid', 'suspended',
			'cancelled', 'returned', 'erased')),
	action		TEXT NOT NULL CHECK (action IN ('suspend', 'suspend-end', 'cancel',
			'return-order', 'return')),
	to_status	TEXT NOT NULL CHECK (to_status IN ('valid', 'suspended', 'cancelled',
			'returned')),
	automatic	INTEGER NOT NULL DEFAULT 0 CHECK (automatic IN (0, 1)),
	PRIMARY KEY (from_status, action)
);
INSERT INTO status_transitions (from_status, action, to_status, automatic) VALUES
	('valid',	'suspend',	'suspended',	0),
	('suspended',	'suspend-end',	'valid',	1),
	('valid',	'cancel',	'cancelled',	0),
	('suspended',	'cancel',	'cancelled',	0),
	('valid',	'return-order',	'returned',	0),
	('suspended',	'return-order',	'returned',	0),
	('cancelled',	'return-order',	'returned',	0),
	('valid',	'return',	'returned',	0),
	('suspended',	'return',	'returned',	0),
	('cancelled',	'return',	'cancelled',	0),
	('returned',	'return',	'returned',	0);

-- The reasons an action is taken for, as codes (the event keeps the code and a text).
CREATE TABLE action_reasons (
	action		TEXT NOT NULL CHECK (action IN ('suspend', 'cancel', 'return-order',
			'return', 'refuse')),
	code		TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 16),
	label_ja	TEXT NOT NULL,
	label_en	TEXT NOT NULL,
	PRIMARY KEY (action, code)
);
INSERT INTO action_reasons (action, code, label_ja, label_en) VALUES
	('suspend',	'misconduct',	'業務上の不正行為',	'misconduct at work'),
	('suspend',	'disqualify',	'欠格事由の該当',	'a ground of disqualification'),
	('suspend',	'other',	'その他',		'other'),
	('cancel',	'disqualify',	'欠格事由の該当',	'a ground of disqualification'),
	('cancel',	'fraud',	'不正な手段による登録',	'registered by fraud'),
	('cancel',	'other',	'その他',		'other'),
	('return-order', 'cancel',	'取消しによる',		'after a cancellation'),
	('return-order', 'suspend',	'停止による',		'after a suspension'),
	('return-order', 'other',	'その他',		'other'),
	('return',	'order',	'返納命令による',	'on an order to return'),
	('return',	'request',	'本人の申出',		'the holder''s request'),
	('return',	'other',	'その他',		'other'),
	('refuse',	'disqualify',	'欠格事由の該当',	'a ground of disqualification'),
	('refuse',	'other',	'その他',		'other');

-- 要配慮: the reasons of the history, and the dates of 交付拒否 and 返納命令 (seed 000), are
-- shown to the accounts whose roles hold this function, not to a role named in code.
INSERT INTO functions VALUES
	('register.sensitive',	'要配慮個人情報の閲覧',	'See sensitive register items',	1, 15);
INSERT INTO role_functions (role, function) VALUES ('supervisor', 'register.sensitive');
-- The registrations ordered back whose certificate is still out after the due date.
INSERT INTO functions VALUES
	('register.overdue',	'返納期限の超過',	'Overdue returns',		1, 16);
INSERT INTO role_functions (role, function) VALUES ('supervisor', 'register.overdue');

-- 交付拒否 of a registration application for a person not on the register: there is no
-- holder for a 'refuse' event, so the refusal is kept here, beside the rejected
-- application (a holder already on the register gets the event). Its date and reason are
-- 要配慮 (seed 000) as the event's are. History: never changed; synced (entity 'refusal').
CREATE TABLE refusals (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	application_id	TEXT NOT NULL UNIQUE REFERENCES applications (id),
	refusal_date	TEXT NOT NULL CHECK (date(refusal_date) IS refusal_date),
	reason_code	TEXT NOT NULL,
	reason_text	TEXT NOT NULL DEFAULT '',
	created_by	TEXT NOT NULL,
	approved_by	TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	CHECK (approved_by <> created_by)
);
CREATE TRIGGER refusals_no_update BEFORE UPDATE ON refusals
BEGIN
	SELECT RAISE(ABORT, 'register history is never overwritten');
END;
CREATE TRIGGER refusals_no_delete BEFORE DELETE ON refusals
BEGIN
	SELECT RAISE(ABORT, 'register history is never overwritten');
END;
