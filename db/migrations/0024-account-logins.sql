-- Logins of the office's accounts on every terminal (issue 31): the account review lists
-- accounts unused for account_idle_days across all terminals, not only this one. One row
-- per login, synced and applied like the other kept records; never changed.
CREATE TABLE account_logins (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	user_name	TEXT NOT NULL,
	terminal_id	TEXT NOT NULL,
	at		TEXT NOT NULL
);
CREATE INDEX account_logins_user ON account_logins (user_name, at);
CREATE TRIGGER account_logins_never_changed BEFORE UPDATE ON account_logins
BEGIN
	SELECT RAISE(ABORT, 'a login is kept as it was recorded');
END;
