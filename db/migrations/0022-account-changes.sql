-- The account's life (issue 31): roles, procedures, the My Number permission and the
-- validity change only by a request that another supervisor approves, each with its
-- reason (人事異動, 休職, 退職 ...), kept with the values before and after. Contractors
-- (委託先) get accounts that end at an hour, with the supervising account named.

CREATE TABLE account_changes (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	account_id	TEXT NOT NULL CHECK (length(account_id) = 36),
	user_name	TEXT NOT NULL,
	-- The requested values; NULL leaves the account's as it is.
	roles		TEXT,
	procedures	TEXT,
	mynumber_allowed INTEGER CHECK (mynumber_allowed IN (0, 1)),
	valid_from	TEXT,
	valid_until	TEXT,
	reason_code	TEXT NOT NULL CHECK (reason_code IN ('transfer', 'leave', 'return',
			    'duties', 'retire', 'correction', 'other')),
	reason		TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
	status		TEXT NOT NULL DEFAULT 'requested'
			    CHECK (status IN ('requested', 'approved', 'rejected')),
	requested_by	TEXT NOT NULL,
	requested_at	TEXT NOT NULL,
	decided_by	TEXT,
	decided_at	TEXT,
	decision_comment TEXT,
	-- The account's values when the change was approved (JSON), for the before/after.
	before_json	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	-- Four eyes, in the database itself, as for the accounts.
	CHECK (decided_by IS NULL OR decided_by <> requested_by),
	CHECK (status = 'requested' OR decided_by IS NOT NULL)
);
CREATE INDEX account_changes_account ON account_changes (account_id, requested_at);
CREATE TRIGGER account_changes_never_deleted BEFORE DELETE ON account_changes
BEGIN
	SELECT RAISE(ABORT, 'the account register keeps every change');
END;

ALTER TABLE accounts ADD COLUMN contractor INTEGER NOT NULL DEFAULT 0
	CHECK (contractor IN (0, 1));
-- The supervising account of a contractor's account (委託先の監督).
ALTER TABLE accounts ADD COLUMN supervised_by TEXT;
-- A contractor's account ends at this local time (YYYY-MM-DDTHH:MM), not at a day's end.
ALTER TABLE accounts ADD COLUMN expires_at TEXT;

-- The changes, listed for supervisors (who decide them) and auditors (who read them).
INSERT INTO functions VALUES
	('account.changes',	'アカウントの変更',	'Account changes',	0, 92);
INSERT INTO role_functions (role, function) VALUES
	('supervisor', 'account.changes'), ('auditor', 'account.changes');
