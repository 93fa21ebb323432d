-- madoguchi central store (SPEC §10): roles, tables and row-level security.
--
-- Run as a superuser by madoguchi-central-setup; every statement may run again on an
-- existing database (idempotent), so that an upgrade is the same command as an install.
--
-- Who is who:
--   madoguchi_owner     owns the schema, the tables and the functions; cannot log in.
--   madoguchi_terminal  group role of every terminal; may only EXECUTE the functions of
--                       02-functions.sql. No right on any table.
--   <terminal role>     one login role per terminal, authenticated by its TLS client
--                       certificate (pg_hba "cert"), member of madoguchi_terminal.
-- The functions are SECURITY DEFINER and run as madoguchi_owner; the tables FORCE row-level
-- security, so even the owner sees only the rows of the office of the terminal that logged
-- in (session_user). Administrators connect as a superuser, which bypasses it.

SET client_min_messages = warning;

DO $roles$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'madoguchi_owner') THEN
		CREATE ROLE madoguchi_owner NOLOGIN NOSUPERUSER NOBYPASSRLS;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'madoguchi_terminal') THEN
		CREATE ROLE madoguchi_terminal NOLOGIN NOSUPERUSER NOBYPASSRLS;
	END IF;
END
$roles$;

CREATE SCHEMA IF NOT EXISTS madoguchi AUTHORIZATION madoguchi_owner;
ALTER SCHEMA madoguchi OWNER TO madoguchi_owner;
REVOKE ALL ON SCHEMA madoguchi FROM PUBLIC;
GRANT USAGE ON SCHEMA madoguchi TO madoguchi_terminal;

SET ROLE madoguchi_owner;

-- Central settings; the terminal has its own copy of the clock limit for its messages.
CREATE TABLE IF NOT EXISTS madoguchi.settings (
	name		text PRIMARY KEY,
	value		text NOT NULL
);
INSERT INTO madoguchi.settings VALUES
	('max_clock_skew_seconds', '300'),
	('max_batch_rows', '10000')
	ON CONFLICT (name) DO NOTHING;

CREATE TABLE IF NOT EXISTS madoguchi.offices (
	office_id	text PRIMARY KEY CHECK (office_id ~ '^[A-Za-z0-9._-]{1,64}$'),
	name		text NOT NULL,
	-- The office log's last number. Taking it FOR UPDATE serialises the pushes of one
	-- office, so office_seq is handed out in commit order and a pull cursor never skips
	-- a change that commits late (a plain sequence could).
	last_change	bigint NOT NULL DEFAULT 0,
	created_at	timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS madoguchi.terminals (
	terminal_id	text PRIMARY KEY CHECK (length(terminal_id) BETWEEN 1 AND 64),
	role_name	name NOT NULL UNIQUE,
	office_id	text NOT NULL REFERENCES madoguchi.offices,
	active		boolean NOT NULL DEFAULT true,
	-- Head of the terminal's audit chain as received (SPEC §8).
	audit_seq	bigint NOT NULL DEFAULT 0,
	audit_mac	bytea NOT NULL DEFAULT '\x0000000000000000000000000000000000000000000000000000000000000000',
	last_push_at	timestamptz,
	last_pull_at	timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now()
);

-- The four tables that grow with the offices' work (changes, records, audit entries,
-- batches) are partitioned by office (LIST, one partition per office, made by
-- madoguchi.office_partitions() when setup registers the office; docs/central-scale.md).
-- A store made before that has them as plain tables: they are renamed here, with their
-- indexes dropped, the partitioned tables are made below, and the rows are moved into them
-- after the offices' partitions exist ($move$, further down). The setup script runs this
-- file in one transaction, so the store is converted whole or not at all.
-- The tables partitioned by office, named once for the conversion, the partitions' making,
-- archiving and checking.
CREATE OR REPLACE FUNCTION madoguchi.partitioned_tables() RETURNS text[]
	LANGUAGE sql IMMUTABLE
	SET search_path = pg_catalog
AS $$
	SELECT ARRAY['changes', 'records', 'audit_entries', 'batches']
$$;

DO $unpartitioned$
DECLARE
	t	text;
	i	record;
BEGIN
	IF (SELECT c.relkind FROM pg_class c WHERE c.oid = to_regclass('madoguchi.changes'))
	    IS DISTINCT FROM 'r' THEN
		RETURN;
	END IF;
	FOREACH t IN ARRAY madoguchi.partitioned_tables() LOOP
		EXECUTE format('ALTER TABLE madoguchi.%I RENAME TO %I', t, t || '_unpartitioned');
		FOR i IN SELECT x.indexrelid::regclass AS idx, n.conname
		    FROM pg_index x LEFT JOIN pg_constraint n ON n.conindid = x.indexrelid
		    WHERE x.indrelid = format('madoguchi.%I', t || '_unpartitioned')::regclass LOOP
			IF i.conname IS NOT NULL THEN
				EXECUTE format('ALTER TABLE madoguchi.%I DROP CONSTRAINT %I',
				    t || '_unpartitioned', i.conname);
			ELSE
				EXECUTE format('DROP INDEX %s', i.idx);
			END IF;
		END LOOP;
	END LOOP;
	ALTER SEQUENCE madoguchi.batches_id_seq RENAME TO batches_unpartitioned_id_seq;
END
$unpartitioned$;

-- Every change a terminal pushed, applied or not. (terminal_id, seq) is the idempotency
-- key: a batch sent again finds its rows here and is answered as the first time.
CREATE TABLE IF NOT EXISTS madoguchi.changes (
	terminal_id	text NOT NULL,
	seq		bigint NOT NULL CHECK (seq > 0),
	office_id	text NOT NULL,
	office_seq	bigint,		-- place in the office log; NULL if not applied
	entity		text NOT NULL,
	entity_id	uuid NOT NULL,
	version		bigint NOT NULL CHECK (version >= 1),
	op		text NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
	payload		jsonb NOT NULL,
	status		text NOT NULL CHECK (status IN ('applied', 'conflict', 'resolution')),
	created_at	timestamptz NOT NULL,		-- the terminal's clock
	received_at	timestamptz NOT NULL DEFAULT now(),	-- ours
	PRIMARY KEY (office_id, terminal_id, seq),
	CHECK ((status = 'applied') = (office_seq IS NOT NULL))
) PARTITION BY LIST (office_id);
CREATE UNIQUE INDEX IF NOT EXISTS changes_office_log
	ON madoguchi.changes (office_id, office_seq) WHERE office_seq IS NOT NULL;

-- The current state of each record of an office, and who last changed it.
CREATE TABLE IF NOT EXISTS madoguchi.records (
	office_id	text NOT NULL,
	entity		text NOT NULL,
	entity_id	uuid NOT NULL,
	version		bigint NOT NULL,
	payload		jsonb NOT NULL,
	deleted		boolean NOT NULL DEFAULT false,
	terminal_id	text NOT NULL,
	seq		bigint NOT NULL,
	updated_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (office_id, entity, entity_id)
) PARTITION BY LIST (office_id);

-- A change that did not follow the record's central version. While one is open for a
-- (terminal, record), every further change of that terminal to that record joins it,
-- until the terminal's supervisor resolves it and the terminal pushes the resolution.
CREATE TABLE IF NOT EXISTS madoguchi.conflicts (
	id		bigserial PRIMARY KEY,
	office_id	text NOT NULL,
	terminal_id	text NOT NULL,
	entity		text NOT NULL,
	entity_id	uuid NOT NULL,
	opened_seq	bigint NOT NULL,
	central_version	bigint,
	status		text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
	resolution	text CHECK (resolution IN ('local', 'remote')),
	resolved_seq	bigint,
	opened_at	timestamptz NOT NULL DEFAULT now(),
	resolved_at	timestamptz
);
CREATE UNIQUE INDEX IF NOT EXISTS conflicts_open
	ON madoguchi.conflicts (terminal_id, entity, entity_id) WHERE status = 'open';

-- The terminals' audit chains (SPEC §8). The HMAC key never leaves the terminal, so the
-- MACs cannot be checked here; what is checked is that the chain links: contiguous
-- sequence numbers and each prev_mac equal to the previous entry's mac.
CREATE TABLE IF NOT EXISTS madoguchi.audit_entries (
	terminal_id	text NOT NULL,
	seq		bigint NOT NULL CHECK (seq > 0),
	office_id	text NOT NULL,
	at		text NOT NULL,
	tty		text NOT NULL,
	user_name	text NOT NULL,
	role		text NOT NULL,
	action		text NOT NULL,
	target		text NOT NULL,
	result		text NOT NULL,
	detail		text NOT NULL,
	prev_mac	bytea NOT NULL CHECK (length(prev_mac) = 32),
	mac		bytea NOT NULL CHECK (length(mac) = 32),
	received_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (office_id, terminal_id, seq)
) PARTITION BY LIST (office_id);
-- Disclosure (開示, issue 20): an office's entries about one holder, whose targets begin
-- "holder:<36-character id>", found without reading the office's whole log. A range of
-- target in byte order, not substr(target, 8, 36): under forced row-level security only
-- leakproof operators may search an index before the policy's check, and substr is not
-- one, so an index on it was read for the whole office (bench/disclosure-central.sh).
DROP INDEX IF EXISTS madoguchi.audit_entries_holder;
CREATE INDEX IF NOT EXISTS audit_entries_target ON madoguchi.audit_entries
	(office_id, (target COLLATE "C"));

-- The public keys that terminals sign their batches with (SPEC §10: the central store can
-- prove which terminal sent what). RSA, checked with PKCS #1 v1.5 and SHA-256 in
-- 02-functions.sql; the PEM is kept as registered, for anyone to check a batch with
-- standard tools. A new key for a terminal retires its old one, which stays: the batches
-- signed with it still name it.
CREATE TABLE IF NOT EXISTS madoguchi.signing_keys (
	id		bigserial PRIMARY KEY,
	terminal_id	text NOT NULL REFERENCES madoguchi.terminals,
	public_key	text NOT NULL,			-- PEM, SubjectPublicKeyInfo
	modulus		numeric NOT NULL CHECK (modulus > 0),
	exponent	numeric NOT NULL CHECK (exponent > 1),
	bits		integer NOT NULL CHECK (bits BETWEEN 2048 AND 8192),
	added_at	timestamptz NOT NULL DEFAULT now(),
	retired_at	timestamptz
);
CREATE UNIQUE INDEX IF NOT EXISTS signing_keys_current
	ON madoguchi.signing_keys (terminal_id) WHERE retired_at IS NULL;

-- Every batch the central store accepted, as the exact bytes the terminal sent and its
-- signature over them: the evidence of what each terminal sent (a change's batch is the
-- one of its terminal whose range holds its seq).
CREATE TABLE IF NOT EXISTS madoguchi.batches (
	id		bigserial,
	office_id	text NOT NULL,
	terminal_id	text NOT NULL,
	kind		text NOT NULL CHECK (kind IN ('changes', 'audit')),
	key_id		bigint NOT NULL REFERENCES madoguchi.signing_keys,
	batch		bytea NOT NULL,
	signature	bytea NOT NULL,
	received_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (office_id, id)
) PARTITION BY LIST (office_id);
-- lz4 where this PostgreSQL has it: a batch is stored in half the time it takes as it is
-- (pglz, the default, takes longer than not compressing at all).
DO $lz4$
BEGIN
	ALTER TABLE madoguchi.batches ALTER COLUMN batch SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
	ALTER TABLE madoguchi.batches ALTER COLUMN batch SET STORAGE EXTERNAL;
END
$lz4$;
CREATE INDEX IF NOT EXISTS batches_terminal ON madoguchi.batches (terminal_id, id);

-- An office's partition of each of the four tables: made by the setup script when it
-- registers the office (never on the fly by a terminal: a push or a pull of an office
-- without them is refused, in accept_batch() and pull()). Named after a digest of the
-- office id, since an id may be 64 characters and a table name 63. Safe to run again. (It
-- cannot check that the office is registered: its owner sees no office's row; setup calls
-- it right after registering.)
CREATE OR REPLACE FUNCTION madoguchi.office_partition_name(tbl text, office text)
	RETURNS text LANGUAGE sql IMMUTABLE
	SET search_path = pg_catalog
AS $$
	SELECT tbl || '_' || substr(md5(office), 1, 12)
$$;

-- Whether the office's partition of tbl exists and is attached to tbl.
CREATE OR REPLACE FUNCTION madoguchi.office_partition_attached(tbl text, office text)
	RETURNS boolean LANGUAGE sql STABLE
	SET search_path = pg_catalog
AS $$
	SELECT EXISTS (SELECT 1 FROM pg_inherits i
	    WHERE i.inhrelid = to_regclass('madoguchi.' ||
		quote_ident(madoguchi.office_partition_name(tbl, office)))
	    AND i.inhparent = ('madoguchi.' || quote_ident(tbl))::regclass)
$$;

CREATE OR REPLACE FUNCTION madoguchi.office_partitions(office text) RETURNS void
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	t	text;
	p	text;
BEGIN
	FOREACH t IN ARRAY madoguchi.partitioned_tables() LOOP
		p := madoguchi.office_partition_name(t, office);
		IF to_regclass('madoguchi.' || quote_ident(p)) IS NULL THEN
			EXECUTE format('CREATE TABLE madoguchi.%I PARTITION OF madoguchi.%I '
			    'FOR VALUES IN (%L)', p, t, office);
		ELSIF NOT madoguchi.office_partition_attached(t, office) THEN
			-- Detached (by hand, or to archive it): attached again with its rows.
			EXECUTE format('ALTER TABLE madoguchi.%I ATTACH PARTITION madoguchi.%I '
			    'FOR VALUES IN (%L)', t, p, office);
		END IF;
	END LOOP;
END
$$;

-- Refuses, with what to do, the work of an office whose partitions are missing: archived,
-- or not yet set up. Called by accept_batch(), pull() and sync_heads(): an empty answer
-- would look like "nothing new", or like a store that lost all of the terminal's work.
CREATE OR REPLACE FUNCTION madoguchi.require_partitions(office text, what text)
	RETURNS void LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog
AS $$
BEGIN
	IF NOT madoguchi.office_partitioned(office) THEN
		RAISE EXCEPTION '%: the central store has no partition for office % (archived, or not yet set up)',
		    what, office USING ERRCODE = 'object_not_in_prerequisite_state',
		    HINT = format('An administrator runs madoguchi-central-setup --office %s, which makes them or attaches them again; nothing was stored.', office);
	END IF;
END
$$;

-- Archiving an office (madoguchi-central-setup --archive-office): its partitions detached,
-- kept as tables of their own; the names of those detached, "" when none was attached.
CREATE OR REPLACE FUNCTION madoguchi.office_partitions_detach(office text) RETURNS text
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	t	text;
	p	text;
	done	text[] := '{}';
BEGIN
	FOREACH t IN ARRAY madoguchi.partitioned_tables() LOOP
		p := madoguchi.office_partition_name(t, office);
		IF madoguchi.office_partition_attached(t, office) THEN
			EXECUTE format('ALTER TABLE madoguchi.%I DETACH PARTITION madoguchi.%I', t, p);
			done := done || ('madoguchi.' || p);
		END IF;
	END LOOP;
	RETURN array_to_string(done, ' ');
END
$$;

-- Whether an office has its four partitions, attached (found by name, not by listing every
-- office's: a check on every push and pull).
CREATE OR REPLACE FUNCTION madoguchi.office_partitioned(office text) RETURNS boolean
	LANGUAGE sql STABLE
	SET search_path = pg_catalog
AS $$
	SELECT bool_and(madoguchi.office_partition_attached(t, office))
	FROM unnest(madoguchi.partitioned_tables()) AS t
$$;

-- Certificate numbers (SPEC §6): one series for all terminals, leased in blocks that are
-- never handed out twice.
CREATE TABLE IF NOT EXISTS madoguchi.number_series (
	series		text PRIMARY KEY,
	next_number	bigint NOT NULL CHECK (next_number >= 1)
);
INSERT INTO madoguchi.number_series VALUES ('certificate', 1) ON CONFLICT DO NOTHING;

-- The shortest retention period each kind of temporary data may have at any terminal
-- (SPEC §7, issue 22): a terminal's rule is never shortened below it. Set here by the
-- operator of the central store (UPDATE ... SET days); terminals fetch it at each sync.
CREATE TABLE IF NOT EXISTS madoguchi.retention_floors (
	kind		text PRIMARY KEY,
	days		integer NOT NULL DEFAULT 0 CHECK (days BETWEEN 0 AND 36500)
);
INSERT INTO madoguchi.retention_floors (kind) VALUES ('juki_answers'), ('juki_quarantine'),
	('outbox_pushed'), ('print_files'), ('backups') ON CONFLICT DO NOTHING;

CREATE TABLE IF NOT EXISTS madoguchi.number_blocks (
	id		bigserial PRIMARY KEY,
	series		text NOT NULL REFERENCES madoguchi.number_series,
	office_id	text NOT NULL,
	terminal_id	text NOT NULL,
	first_number	bigint NOT NULL,
	last_number	bigint NOT NULL,
	leased_at	timestamptz NOT NULL DEFAULT now(),
	CHECK (first_number <= last_number)
);
-- A block is leased from the series (prefix '': the numbers alone), or restored after a
-- failover as the terminal it was leased to still holds it (restore_leases), or is one an
-- office assigned by hand and a terminal registered (register_block), under its own
-- prefix. Either way a number in it is this terminal's to hand out, and no other's (push()).
ALTER TABLE madoguchi.number_blocks ADD COLUMN IF NOT EXISTS prefix text NOT NULL DEFAULT '';
ALTER TABLE madoguchi.number_blocks ADD COLUMN IF NOT EXISTS source text NOT NULL
	DEFAULT 'leased' CHECK (source IN ('leased', 'registered', 'restored'));
CREATE INDEX IF NOT EXISTS number_blocks_office_prefix
	ON madoguchi.number_blocks (office_id, prefix, first_number);

-- Reception numbers (受付番号, issue 24): one series per office and year, leased to its
-- terminals in blocks (lease_receptions) that are never handed out twice, so that no two
-- terminals of an office receive under one number, offline too.
CREATE TABLE IF NOT EXISTS madoguchi.reception_series (
	office_id	text NOT NULL,
	year		integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
	next_number	bigint NOT NULL DEFAULT 1 CHECK (next_number BETWEEN 1 AND 10000000),
	PRIMARY KEY (office_id, year)
);
CREATE TABLE IF NOT EXISTS madoguchi.reception_blocks (
	id		bigserial PRIMARY KEY,
	office_id	text NOT NULL,
	terminal_id	text NOT NULL,
	year		integer NOT NULL,
	first_number	bigint NOT NULL,
	last_number	bigint NOT NULL,
	leased_at	timestamptz NOT NULL DEFAULT now(),
	CHECK (first_number <= last_number)
);

-- After a failover to a standby that was behind, or a restore of the store to a point in
-- time (docs/sync.md, "Failover"): both start a new timeline of the store. The
-- leases the old one made after what the new one holds are lost to the store, not to the
-- terminals that got them. So each series records the timeline it last leased on; its
-- first lease on a new one skips the numbers it may have lost (settings
-- failover_number_gap, failover_reception_gap), and records them as failover_first to
-- failover_last: a terminal that still holds a block among them has it restored
-- (restore_leases, source 'restored'), one outside them is refused. A reception series
-- the store does not hold may have been begun on the old timeline: one begun within
-- failover_window_hours of a new timeline skips its gap too.

-- The store's timeline: 1 for a new one, one more at each promotion of a standby and at
-- each restore to a point in time. From the name of the WAL file being written.
CREATE OR REPLACE FUNCTION madoguchi.timeline() RETURNS integer
	LANGUAGE sql VOLATILE
	SET search_path = pg_catalog
AS $$
	SELECT ('x' || substr(pg_walfile_name(pg_current_wal_insert_lsn()), 1, 8))::bit(32)::integer
$$;
-- When the store last found itself on a new timeline (-infinity: never): a reception series
-- first used soon after (failover_window_hours) may have been started on the old one.
CREATE TABLE IF NOT EXISTS madoguchi.store_timeline (
	only_row	boolean PRIMARY KEY DEFAULT true CHECK (only_row),
	timeline	integer NOT NULL,
	changed_at	timestamptz NOT NULL
);
INSERT INTO madoguchi.store_timeline VALUES (true, madoguchi.timeline(), '-infinity')
	ON CONFLICT DO NOTHING;
ALTER TABLE madoguchi.number_series ADD COLUMN IF NOT EXISTS timeline integer;
ALTER TABLE madoguchi.number_series ADD COLUMN IF NOT EXISTS failover_first bigint;
ALTER TABLE madoguchi.number_series ADD COLUMN IF NOT EXISTS failover_last bigint;
ALTER TABLE madoguchi.reception_series ADD COLUMN IF NOT EXISTS timeline integer;
ALTER TABLE madoguchi.reception_series ADD COLUMN IF NOT EXISTS failover_first bigint;
ALTER TABLE madoguchi.reception_series ADD COLUMN IF NOT EXISTS failover_last bigint;
ALTER TABLE madoguchi.reception_blocks ADD COLUMN IF NOT EXISTS source text NOT NULL
	DEFAULT 'leased' CHECK (source IN ('leased', 'restored'));
DO $restored$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'number_blocks_source_check'
	    AND conrelid = 'madoguchi.number_blocks'::regclass AND
	    pg_get_constraintdef(oid) LIKE '%restored%') THEN
		ALTER TABLE madoguchi.number_blocks DROP CONSTRAINT IF EXISTS
		    number_blocks_source_check;
		ALTER TABLE madoguchi.number_blocks ADD CONSTRAINT number_blocks_source_check
		    CHECK (source IN ('leased', 'registered', 'restored'));
	END IF;
END
$restored$;
-- The certificate series exists from the start: its timeline is known from the start.
UPDATE madoguchi.number_series SET timeline = madoguchi.timeline() WHERE timeline IS NULL;
INSERT INTO madoguchi.settings VALUES
	('failover_number_gap', '1000000'),
	('failover_reception_gap', '100000'),
	('failover_window_hours', '24')
	ON CONFLICT (name) DO NOTHING;

-- What each member of a synced change may hold (SPEC §10: the central store checks each
-- change's payload against the entity's rules): one row per member of each entity that
-- sync checks, entity '*' for the members of an object of register items (kind 'items').
-- The kinds are those of madoguchi.member_ok (02-functions.sql); item: a register item,
-- which may be empty and may come as a whole number. The rows are 03-rules.sql, made from
-- the terminal's own rules (db/sync/sync-rules-sql.c): change those, never these.
CREATE TABLE IF NOT EXISTS madoguchi.item_rules (
	entity		text NOT NULL,
	member		text NOT NULL,
	kind		text NOT NULL,
	item		boolean NOT NULL,
	max_chars	integer NOT NULL CHECK (max_chars >= 0),
	multiline	boolean NOT NULL,
	nullable	boolean NOT NULL,
	codes		text[],
	PRIMARY KEY (entity, member),
	-- An object of register items holds no such object (sync-rules.c: one level).
	CHECK (entity <> '*' OR kind <> 'items')
);

-- Partial payloads (an application's decision carries only the decided fields) are
-- merged in order onto the record's state.
CREATE OR REPLACE AGGREGATE madoguchi.jsonb_merge (jsonb) (
	sfunc = jsonb_concat,
	stype = jsonb,
	initcond = '{}'
);

-- The office of the terminal that logged in; NULL for anyone else. The policies call it
-- as a scalar subquery, which runs once per query rather than once per row.
CREATE OR REPLACE FUNCTION madoguchi.current_office() RETURNS text
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog
AS $$
	SELECT office_id FROM madoguchi.terminals WHERE role_name = session_user AND active
$$;

-- The evidence that a terminal's log was read (log review sign-offs and acknowledgements
-- of flags, SPEC §8, issue 20) is kept as it was made: its records are written once and
-- never changed or deleted, whichever terminal or function asks. A change that would
-- refuses its batch whole.
CREATE OR REPLACE FUNCTION madoguchi.review_evidence_kept() RETURNS trigger
	LANGUAGE plpgsql
	SET search_path = pg_catalog
AS $$
BEGIN
	RAISE EXCEPTION 'batch rejected: % % is log review evidence, kept as it was made',
	    OLD.entity, OLD.entity_id USING ERRCODE = 'integrity_constraint_violation';
END
$$;
DROP TRIGGER IF EXISTS records_review_evidence_kept ON madoguchi.records;
CREATE TRIGGER records_review_evidence_kept BEFORE UPDATE OR DELETE ON madoguchi.records
	FOR EACH ROW WHEN (OLD.entity IN ('audit_review', 'audit_flag_ack', 'erasure_record',
	    'export_record', 'incident_step', 'training_record', 'attestation',
	    'account_period'))
	EXECUTE FUNCTION madoguchi.review_evidence_kept();

-- Row-level security, forced on the owner too: the SECURITY DEFINER functions run as the
-- owner and still see one office only.
DO $rls$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['offices', 'changes', 'records', 'conflicts', 'audit_entries',
	    'number_blocks', 'batches', 'reception_series', 'reception_blocks'] LOOP
		EXECUTE format('ALTER TABLE madoguchi.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('ALTER TABLE madoguchi.%I FORCE ROW LEVEL SECURITY', t);
		EXECUTE format('DROP POLICY IF EXISTS office_only ON madoguchi.%I', t);
		EXECUTE format('CREATE POLICY office_only ON madoguchi.%I USING '
		    '(office_id = (SELECT madoguchi.current_office())) WITH CHECK '
		    '(office_id = (SELECT madoguchi.current_office()))', t);
	END LOOP;
	-- A terminal sees its own row only (current_office reads this table).
	ALTER TABLE madoguchi.terminals ENABLE ROW LEVEL SECURITY;
	ALTER TABLE madoguchi.terminals FORCE ROW LEVEL SECURITY;
	DROP POLICY IF EXISTS own_row ON madoguchi.terminals;
	CREATE POLICY own_row ON madoguchi.terminals USING (role_name = session_user);
END
$rls$;

RESET ROLE;

-- Every office's partitions, and the rows of a store made before the partitioning moved
-- into them (as the superuser: the owner sees no office's rows).
DO $move$
DECLARE
	o	text;
	t	text;
BEGIN
	-- Offices without partitions yet; an archived office's detached ones stay detached.
	FOR o IN SELECT office_id FROM madoguchi.offices LOOP
		IF to_regclass('madoguchi.' ||
		    quote_ident(madoguchi.office_partition_name('changes', o))) IS NULL THEN
			PERFORM madoguchi.office_partitions(o);
		END IF;
	END LOOP;
	IF to_regclass('madoguchi.changes_unpartitioned') IS NULL THEN
		RETURN;
	END IF;
	FOREACH t IN ARRAY madoguchi.partitioned_tables() LOOP
		EXECUTE format('INSERT INTO madoguchi.%I SELECT * FROM madoguchi.%I', t,
		    t || '_unpartitioned');
		EXECUTE format('DROP TABLE madoguchi.%I', t || '_unpartitioned');
	END LOOP;
	PERFORM setval(pg_get_serial_sequence('madoguchi.batches', 'id'),
	    coalesce((SELECT max(id) FROM madoguchi.batches), 0) + 1, false);
END
$move$;

-- Certificate numbers are unique for their qualification across the office (SPEC §6),
-- whichever terminal issued them: a second registration with a number another record
-- holds cannot be stored, on any path (push() words the refusal). Made here, as the
-- superuser, because the owner sees no office's rows: a store that took the same number
-- twice before push() checked them (issue 33) cannot have the index, and the setup stops
-- with those numbers rather than with the index's bare "could not create unique index".
DO $unique$
DECLARE
	d	record;
BEGIN
	IF to_regclass('madoguchi.records_certificate_number') IS NOT NULL THEN
		RETURN;
	END IF;
	SELECT count(*) OVER () AS n, x.* INTO d FROM (
		SELECT r.office_id, r.payload->>'qualification' AS qual,
		    r.payload->>'certificate_number' AS num,
		    string_agg(r.entity_id || ' (' || r.terminal_id || ')', ', '
			ORDER BY r.terminal_id, r.seq) AS held_by
		FROM madoguchi.records r
		WHERE r.entity = 'registration' AND NOT r.deleted AND
		    r.payload ? 'certificate_number'
		GROUP BY 1, 2, 3 HAVING count(*) > 1
		ORDER BY 1, 2, 3) x
	LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'the central store holds the same certificate number for more than one registration of an office (% numbers), first % in office % (qualification %): registrations %',
		    d.n, d.num, d.office_id, d.qual, d.held_by
		    USING ERRCODE = 'unique_violation',
		    HINT = 'Certificate numbers are unique for their qualification across an office. Give those registrations other numbers at their terminals and sync, or, for demo data, set up the office''s store afresh; then run madoguchi-central-setup again. The numbers: SELECT office_id, payload->>''certificate_number'', count(*) FROM madoguchi.records WHERE entity = ''registration'' GROUP BY 1, 2 HAVING count(*) > 1';
	END IF;
	CREATE UNIQUE INDEX records_certificate_number
		ON madoguchi.records (office_id, (payload->>'qualification'),
		    (payload->>'certificate_number'))
		WHERE entity = 'registration' AND NOT deleted AND payload ? 'certificate_number';
END
$unique$;

-- No table rights for anybody but the owner.
REVOKE ALL ON ALL TABLES IN SCHEMA madoguchi FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA madoguchi FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA madoguchi FROM madoguchi_terminal;
