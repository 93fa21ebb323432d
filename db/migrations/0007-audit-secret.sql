-- The audit chain's MAC key, kept inside the encrypted database so that it does not
-- change when the database key is rotated (madoguchi-admin rekey) or a backup is restored
-- under another key. db_open stores the value the chain has used so far (derived from the
-- database key) on the first writable open, so existing chains verify unchanged.
CREATE TABLE audit_secret (
	only		INTEGER PRIMARY KEY CHECK (only = 1),
	secret		BLOB NOT NULL CHECK (length(secret) = 32)
);
CREATE TRIGGER audit_secret_no_update BEFORE UPDATE ON audit_secret
BEGIN
	SELECT RAISE(ABORT, 'the audit key never changes');
END;
CREATE TRIGGER audit_secret_no_delete BEFORE DELETE ON audit_secret
BEGIN
	SELECT RAISE(ABORT, 'the audit key never changes');
END;
