-- Media import (SPEC §9, issue 21): files brought in on media (a Juki-net result file on a
-- stick when the linkage is down, a batch of registration applications in CSV) come in
-- only through a request that a supervisor, not the requester, decides. The request names
-- the file by name, SHA-256 and size, where it came from and why; the file is imported
-- whole or not at all, and leaves the import spool once decided (an erasure record says
-- so). The requests are the import half of the media register (媒体管理簿): kept for ever.
INSERT INTO functions VALUES
	('import.request',	'媒体からの取込の申請',	'Import from media',		1, 173),
	('import.approve',	'媒体からの取込の承認',	'Approve media imports',	1, 174);
INSERT INTO role_functions (role, function) VALUES
	('clerk', 'import.request'), ('supervisor', 'import.request'),
	('supervisor', 'import.approve');

CREATE TABLE import_requests (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	kind		TEXT NOT NULL CHECK (kind IN ('juki_result', 'applications')),
	file_name	TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
	sha256		TEXT NOT NULL CHECK (length(sha256) = 64),
	size		INTEGER NOT NULL CHECK (size >= 0),
	source		TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
	purpose		TEXT NOT NULL CHECK (length(purpose) BETWEEN 1 AND 300),
	requested_by	TEXT NOT NULL,
	requested_at	TEXT NOT NULL,
	-- imported: all of it came in; failed: approved, but the parser or the register
	-- refused it, and nothing came in; rejected: the supervisor said no.
	status		TEXT NOT NULL DEFAULT 'pending'
			CHECK (status IN ('pending', 'imported', 'failed', 'rejected')),
	decided_by	TEXT,
	decided_at	TEXT,
	outcome		TEXT,		-- what came in, or why nothing did
	records		INTEGER CHECK (records IS NULL OR records >= 0),
	CHECK ((status = 'pending') = (decided_by IS NULL)),
	CHECK (decided_by IS NULL OR decided_by <> requested_by)
);
CREATE INDEX import_requests_pending ON import_requests (requested_at) WHERE status = 'pending';
CREATE TRIGGER import_requests_no_delete BEFORE DELETE ON import_requests
BEGIN
	SELECT RAISE(ABORT, 'import requests are kept for ever');
END;
CREATE TRIGGER import_requests_decided_once BEFORE UPDATE ON import_requests
WHEN OLD.status <> 'pending' OR NEW.id <> OLD.id OR NEW.sha256 <> OLD.sha256 OR
	NEW.file_name <> OLD.file_name OR NEW.requested_by <> OLD.requested_by
BEGIN
	SELECT RAISE(ABORT, 'an import request is decided once and then kept as it is');
END;
