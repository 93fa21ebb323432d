-- The role→function table changes only by a request another supervisor approves
-- (issue 31), shown as before → after; the change is synced, and every terminal of the
-- office applies an approved one to its table (the triggers below, for a change decided
-- here and for one pulled), so that the table is the office's. The sysadmin still never
-- gets a function that shows personal data: role_functions' own trigger refuses it.
CREATE TABLE rolefn_changes (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	role		TEXT NOT NULL REFERENCES roles (name),
	function	TEXT NOT NULL REFERENCES functions (name),
	allow		INTEGER NOT NULL CHECK (allow IN (0, 1)),	-- 1 grant, 0 withdraw
	reason		TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
	status		TEXT NOT NULL DEFAULT 'requested'
			    CHECK (status IN ('requested', 'approved', 'rejected')),
	requested_by	TEXT NOT NULL,
	requested_at	TEXT NOT NULL,
	decided_by	TEXT,
	decided_at	TEXT,
	decision_comment TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	CHECK (decided_by IS NULL OR decided_by <> requested_by),
	CHECK (status = 'requested' OR decided_by IS NOT NULL)
);
CREATE TRIGGER rolefn_changes_never_deleted BEFORE DELETE ON rolefn_changes
BEGIN
	SELECT RAISE(ABORT, 'the role-function table keeps every change');
END;

CREATE TRIGGER rolefn_change_approved AFTER UPDATE OF status ON rolefn_changes
WHEN NEW.status = 'approved' AND OLD.status <> 'approved'
BEGIN
	INSERT OR IGNORE INTO role_functions (role, function)
	    SELECT NEW.role, NEW.function WHERE NEW.allow = 1;
	DELETE FROM role_functions WHERE NEW.allow = 0 AND role = NEW.role AND
	    function = NEW.function;
END;
-- A change pulled from another terminal already approved.
CREATE TRIGGER rolefn_change_arrived_approved AFTER INSERT ON rolefn_changes
WHEN NEW.status = 'approved'
BEGIN
	INSERT OR IGNORE INTO role_functions (role, function)
	    SELECT NEW.role, NEW.function WHERE NEW.allow = 1;
	DELETE FROM role_functions WHERE NEW.allow = 0 AND role = NEW.role AND
	    function = NEW.function;
END;

INSERT INTO functions VALUES
	('rolefn.change',	'権限対応表の変更',	'Change the role-function table',	0, 101);
INSERT INTO role_functions (role, function) VALUES ('supervisor', 'rolefn.change');
