-- One account register per office (issue 31): accounts are synced and applied on every
-- terminal of the office, and a user name is one account office-wide (its id is computed
-- from the name, the same on every terminal: uuid_from_name). A name requested again
-- after a rejection or a revocation opens a new period of the same account; the period
-- that ended is kept here, as it stood when it ended.

-- Each terminal made its own first supervisor at installation; office-wide, the register
-- holds those of the other terminals too. account_first_supervisor still refuses a second
-- one on a terminal that already holds one.
DROP INDEX accounts_one_first_supervisor;

CREATE TABLE account_periods (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	account_id	TEXT NOT NULL CHECK (length(account_id) = 36),
	user_name	TEXT NOT NULL,
	full_name	TEXT NOT NULL,
	roles		TEXT NOT NULL,
	procedures	TEXT NOT NULL,
	mynumber_allowed INTEGER NOT NULL CHECK (mynumber_allowed IN (0, 1)),
	reason		TEXT NOT NULL,
	valid_from	TEXT NOT NULL,
	valid_until	TEXT NOT NULL,
	origin		TEXT NOT NULL,
	status		TEXT NOT NULL CHECK (status IN ('rejected', 'revoked')),
	requested_by	TEXT NOT NULL,
	requested_at	TEXT NOT NULL,
	decided_by	TEXT,
	decided_at	TEXT,
	decision_comment TEXT,
	revoked_by	TEXT,
	revoked_at	TEXT,
	revoke_reason	TEXT,
	-- Who asked for the name again, which ended this period, and when.
	closed_by	TEXT NOT NULL,
	closed_at	TEXT NOT NULL
);
CREATE INDEX account_periods_account ON account_periods (account_id, closed_at);

CREATE TRIGGER account_periods_never_changed BEFORE UPDATE ON account_periods
BEGIN
	SELECT RAISE(ABORT, 'an ended account period is kept as it ended');
END;
CREATE TRIGGER account_periods_never_deleted BEFORE DELETE ON account_periods
BEGIN
	SELECT RAISE(ABORT, 'the account register keeps every account period');
END;
