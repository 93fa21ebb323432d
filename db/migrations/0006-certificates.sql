-- Certificates (SPEC §6): the blocks of certificate numbers a terminal may hand out, every
-- number handed out, the certificates issued (a reissue voids the one before) and every
-- print of them.

-- A block of numbers leased to this terminal: from the central store by sync (source
-- 'central') or, until sync exists, configured with madoguchi-admin (source 'admin').
-- Numbers are handed out from next_number upwards and next_number never goes back, so a
-- number leaves a block once.
CREATE TABLE cert_number_blocks (
	id			INTEGER PRIMARY KEY,
	source			TEXT NOT NULL CHECK (source IN ('admin', 'central')),
	prefix			TEXT NOT NULL CHECK (length(prefix) <= 8 AND
				prefix NOT GLOB '*[^A-Za-z0-9-]*'),
	first_number		INTEGER NOT NULL CHECK (first_number >= 0),
	last_number		INTEGER NOT NULL CHECK (last_number >= first_number AND
				last_number <= 999999999999),
	next_number		INTEGER NOT NULL,
	exhausted		INTEGER NOT NULL DEFAULT 0 CHECK (exhausted IN (0, 1)),
	added_at		TEXT NOT NULL,
	CHECK (next_number BETWEEN first_number AND last_number + 1),
	CHECK (exhausted = (next_number > last_number))
);

CREATE TRIGGER cert_number_blocks_no_delete BEFORE DELETE ON cert_number_blocks
BEGIN
	SELECT RAISE(ABORT, 'a number block is never removed: its numbers may be in use');
END;
CREATE TRIGGER cert_number_blocks_forward BEFORE UPDATE ON cert_number_blocks
	WHEN NEW.next_number < OLD.next_number OR NEW.first_number IS NOT OLD.first_number OR
	    NEW.last_number IS NOT OLD.last_number OR NEW.prefix IS NOT OLD.prefix OR
	    NEW.source IS NOT OLD.source
BEGIN
	SELECT RAISE(ABORT, 'a number block only moves forward');
END;

-- Every number ever handed out, with what it went to: the primary key makes a second use
-- of a number impossible whatever the blocks say. 'skipped' numbers were found already in
-- the register (typed by hand) and are passed over, never handed out.
CREATE TABLE cert_numbers_used (
	certificate_number	TEXT PRIMARY KEY,
	block_id		INTEGER NOT NULL REFERENCES cert_number_blocks (id),
	used_for		TEXT NOT NULL,		-- registration id, or 'skipped'
	used_at			TEXT NOT NULL
);
CREATE TRIGGER cert_numbers_used_no_delete BEFORE DELETE ON cert_numbers_used
BEGIN
	SELECT RAISE(ABORT, 'a used certificate number is never released');
END;
CREATE TRIGGER cert_numbers_used_no_update BEFORE UPDATE ON cert_numbers_used
BEGIN
	SELECT RAISE(ABORT, 'a used certificate number is never released');
END;

-- The certificates (免状) issued for a registration. The 免状番号 stays with the
-- registration for life (the assessment documents keep one 免状番号 with 再交付日 and
-- 再交付回数); each paper is told apart by its kind, dates and reissue count, all of them
-- in its signed record. At most one is valid: a reissue or rewrite voids the one before.
CREATE TABLE certificates (
	id			TEXT PRIMARY KEY CHECK (length(id) = 36),
	registration_id		TEXT NOT NULL REFERENCES registrations (id),
	certificate_number	TEXT NOT NULL,
	kind			TEXT NOT NULL CHECK (kind IN ('issue', 'reissue', 'rewrite')),
	issued_on		TEXT NOT NULL CHECK (date(issued_on) IS issued_on),	-- this paper's date
	issue_date		TEXT NOT NULL,		-- 交付年月日 of the registration
	reissue_date		TEXT NOT NULL DEFAULT '',	-- 再交付年月日 (the last one)
	reissue_count		INTEGER NOT NULL DEFAULT 0 CHECK (reissue_count >= 0),
	status			TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'void')),
	void_reason		TEXT,
	voided_at		TEXT,
	-- The old certificate is voided before its successor is inserted (one valid at a time).
	replaced_by		TEXT REFERENCES certificates (id) DEFERRABLE INITIALLY DEFERRED,
	application_id		TEXT,
	created_by		TEXT NOT NULL,
	approved_by		TEXT,
	created_at		TEXT NOT NULL,
	CHECK ((status = 'void') = (voided_at IS NOT NULL)),
	CHECK ((reissue_date = '') = (reissue_count = 0))
);
CREATE UNIQUE INDEX certificates_one_valid ON certificates (registration_id)
	WHERE status = 'valid';
CREATE INDEX certificates_registration ON certificates (registration_id, created_at);

CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates
BEGIN
	SELECT RAISE(ABORT, 'certificates are never deleted');
END;
-- Only voiding changes a certificate, once; a void certificate stays void.
CREATE TRIGGER certificates_only_void BEFORE UPDATE ON certificates
	WHEN OLD.status = 'void' OR NEW.status <> 'void' OR
	    NEW.registration_id IS NOT OLD.registration_id OR
	    NEW.certificate_number IS NOT OLD.certificate_number OR NEW.kind IS NOT OLD.kind OR
	    NEW.issued_on IS NOT OLD.issued_on OR NEW.issue_date IS NOT OLD.issue_date OR NEW.reissue_date IS NOT OLD.reissue_date OR
	    NEW.reissue_count IS NOT OLD.reissue_count OR
	    NEW.created_by IS NOT OLD.created_by OR NEW.created_at IS NOT OLD.created_at
BEGIN
	SELECT RAISE(ABORT, 'a certificate can only be voided, once');
END;

-- Every print (and reprint) of a certificate, where it went and the SHA-256 of the PDF.
CREATE TABLE cert_prints (
	id			INTEGER PRIMARY KEY,
	certificate_id		TEXT NOT NULL REFERENCES certificates (id),
	reprint			INTEGER NOT NULL CHECK (reprint IN (0, 1)),
	destination		TEXT NOT NULL,		-- "printer:QUEUE" or "spool:PATH"
	pdf_sha256		TEXT NOT NULL,
	result			TEXT NOT NULL CHECK (result IN ('ok', 'failed')),
	printed_by		TEXT NOT NULL,
	printed_at		TEXT NOT NULL
);
CREATE INDEX cert_prints_certificate ON cert_prints (certificate_id);
CREATE TRIGGER cert_prints_no_update BEFORE UPDATE ON cert_prints
BEGIN
	SELECT RAISE(ABORT, 'the print log is never overwritten');
END;
CREATE TRIGGER cert_prints_no_delete BEFORE DELETE ON cert_prints
BEGIN
	SELECT RAISE(ABORT, 'the print log is never overwritten');
END;

CREATE INDEX applications_reissue ON applications (registration_id)
	WHERE status = 'pending' AND kind = 'reissue';
