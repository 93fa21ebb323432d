-- Governed export (SPEC §9, issue 21): grants, and the export register.
--
-- A supervisor grants one user one export for one purpose; the grantee is never the
-- granter (four eyes, here in the table as for applications). Grants and the register
-- are kept for ever: neither table may lose a row, and a grant changes only by being
-- used, expiring or being revoked.
INSERT INTO functions VALUES
	('export.grant',	'外部提供の許可',	'Grant an export',		1, 170),
	('export.run',		'外部提供の実施',	'Run a granted export',		1, 171),
	('export.register',	'媒体管理簿',		'Media register',		1, 172);
INSERT INTO role_functions (role, function) VALUES
	('supervisor', 'export.grant'), ('supervisor', 'export.run'),
	('supervisor', 'export.register'), ('clerk', 'export.run'),
	('auditor', 'export.register');

CREATE TABLE export_grants (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	grantee		TEXT NOT NULL,
	granted_by	TEXT NOT NULL,
	purpose		TEXT NOT NULL CHECK (length(purpose) BETWEEN 1 AND 300),
	procedure	TEXT NOT NULL CHECK (length(procedure) BETWEEN 1 AND 100),	-- 事務
	-- The holders (a JSON array of ids) and the columns with their masks (a JSON array
	-- of {"column": ..., "mask": ...}), as granted: nothing else is ever exported.
	holders		TEXT NOT NULL CHECK (json_valid(holders) AND
			json_type(holders) = 'array' AND json_array_length(holders) >= 1),
	columns		TEXT NOT NULL CHECK (json_valid(columns) AND
			json_type(columns) = 'array' AND json_array_length(columns) >= 1),
	encoding	TEXT NOT NULL CHECK (encoding IN ('utf8-bom', 'cp932')),
	recipient_name	TEXT NOT NULL CHECK (length(recipient_name) BETWEEN 1 AND 200),
	recipient_cert	TEXT NOT NULL,		-- PEM
	recipient_fingerprint TEXT NOT NULL CHECK (length(recipient_fingerprint) = 64),
	single_use	INTEGER NOT NULL DEFAULT 1 CHECK (single_use IN (0, 1)),
	granted_at	TEXT NOT NULL,
	valid_until	TEXT NOT NULL CHECK (valid_until > granted_at),
	status		TEXT NOT NULL DEFAULT 'active'
			CHECK (status IN ('active', 'used', 'expired', 'revoked')),
	version		INTEGER NOT NULL DEFAULT 1,	-- synced: each change of status is one
	CHECK (grantee <> granted_by)
);
CREATE TRIGGER export_grants_no_delete BEFORE DELETE ON export_grants
BEGIN
	SELECT RAISE(ABORT, 'export grants are kept for ever');
END;
CREATE TRIGGER export_grants_only_status BEFORE UPDATE ON export_grants
WHEN NEW.id <> OLD.id OR NEW.grantee <> OLD.grantee OR NEW.granted_by <> OLD.granted_by OR
	NEW.holders <> OLD.holders OR NEW.columns <> OLD.columns OR
	NEW.recipient_cert <> OLD.recipient_cert OR NEW.valid_until <> OLD.valid_until OR
	OLD.status <> 'active' OR NEW.version <> OLD.version + 1
BEGIN
	SELECT RAISE(ABORT, 'an export grant only ever leaves active (used, expired, revoked)');
END;

-- Grants and the register go to the central store (entities export_grant and
-- export_record); each change of a grant's status is a new version (the UPDATE that
-- changes it counts it: db/export/export-grants.c).

-- 媒体管理簿 (exports): each file that was made under a grant: its SHA-256, rows and
-- columns, the recipient, who checked it (the two-person check) and when it left.
CREATE TABLE export_register (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	grant_id	TEXT NOT NULL REFERENCES export_grants (id),
	made_by		TEXT NOT NULL,
	made_at		TEXT NOT NULL,
	file		TEXT NOT NULL,
	sha256		TEXT NOT NULL CHECK (length(sha256) = 64),
	rows		INTEGER NOT NULL CHECK (rows >= 0),
	columns		INTEGER NOT NULL CHECK (columns >= 1),
	recipient_name	TEXT NOT NULL,
	recipient_fingerprint TEXT NOT NULL,
	checked_by	TEXT,
	checked_at	TEXT,
	left_at		TEXT,
	CHECK (checked_by IS NULL OR checked_by <> made_by)
);
CREATE TRIGGER export_register_no_delete BEFORE DELETE ON export_register
BEGIN
	SELECT RAISE(ABORT, 'the export register is kept for ever');
END;
