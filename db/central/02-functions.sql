-- madoguchi central store (SPEC §10): the only way in for terminals.
--
-- Every function here is SECURITY DEFINER, owned by madoguchi_owner, with a fixed
-- search_path; terminals may EXECUTE them and nothing else. The terminal is whoever
-- logged in (session_user, authenticated by its certificate): no function takes an office
-- or terminal id from the caller, so a terminal cannot ask for another office's rows.
-- docs/sync.md describes the batch format and the rules.

SET client_min_messages = warning;
SET ROLE madoguchi_owner;

-- Gone with format 1 of the changes batch.
DROP FUNCTION IF EXISTS madoguchi.open_batch(text, text, madoguchi.terminals);
DROP FUNCTION IF EXISTS madoguchi.open_batch(text, text, integer, madoguchi.terminals);
DROP FUNCTION IF EXISTS madoguchi.open_batch(bytea, text, integer, madoguchi.terminals);
DROP TYPE IF EXISTS madoguchi.push_row;
-- Gone with unsigned batches.
DROP FUNCTION IF EXISTS madoguchi.push(bytea);
DROP FUNCTION IF EXISTS madoguchi.push(text);
DROP FUNCTION IF EXISTS madoguchi.push_audit(text);

-- The registered, active terminal behind this connection, or an error.
CREATE OR REPLACE FUNCTION madoguchi.caller() RETURNS madoguchi.terminals
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	t	madoguchi.terminals;
BEGIN
	SELECT * INTO t FROM madoguchi.terminals WHERE role_name = session_user;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'login % is not a registered terminal', session_user
		    USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF NOT t.active THEN
		RAISE EXCEPTION 'terminal % is deactivated', t.terminal_id
		    USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN t;
END
$$;

-- Who am I, and what time is it here: the client's first call.
CREATE OR REPLACE FUNCTION madoguchi.whoami(
	OUT terminal_id text, OUT office_id text, OUT server_time timestamptz)
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	t	madoguchi.terminals;
BEGIN
	t := madoguchi.caller();
	terminal_id := t.terminal_id;
	office_id := t.office_id;
	server_time := now();
END
$$;

-- RSA arithmetic for the batches' signatures (PostgreSQL has no public-key functions;
-- numeric is exact at any size). A big-endian byte string as a number (RFC 8017 OS2IP).
CREATE OR REPLACE FUNCTION madoguchi.rsa_os2ip(b bytea) RETURNS numeric
	LANGUAGE plpgsql IMMUTABLE STRICT
	SET search_path = pg_catalog
AS $$
DECLARE
	x	numeric := 0;
	h	text := encode(b, 'hex');
	i	integer := 1;
	c	integer;
BEGIN
	-- Six bytes at a time: each piece fits a bigint.
	WHILE i <= length(b) LOOP
		c := least(6, length(b) - i + 1);
		x := x * (1::bigint << (8 * c)) +
		    ('x' || lpad(substr(h, 2 * i - 1, 2 * c), 16, '0'))::bit(64)::bigint;
		i := i + c;
	END LOOP;
	RETURN x;
END
$$;

-- base ^ e mod m, square and multiply.
CREATE OR REPLACE FUNCTION madoguchi.rsa_modexp(base numeric, e numeric, m numeric)
	RETURNS numeric
	LANGUAGE plpgsql IMMUTABLE STRICT
	SET search_path = pg_catalog
AS $$
DECLARE
	r	numeric := 1;
	b	numeric := mod(base, m);
BEGIN
	WHILE e > 0 LOOP
		IF mod(e, 2) = 1 THEN
			r := mod(r * b, m);
		END IF;
		e := div(e, 2);
		IF e > 0 THEN
			b := mod(b * b, m);
		END IF;
	END LOOP;
	RETURN r;
END
$$;

-- Whether sig is key's RSASSA-PKCS1-v1_5 signature with SHA-256 over msg (what
-- "openssl dgst -sha256 -sign" makes). As RFC 8017 8.2.2 advises, the encoded message
-- the signature must open to is built and compared whole; nothing of it is parsed.
CREATE OR REPLACE FUNCTION madoguchi.signature_ok(k madoguchi.signing_keys, msg bytea,
	sig bytea) RETURNS boolean
	LANGUAGE plpgsql IMMUTABLE
	SET search_path = pg_catalog
AS $$
DECLARE
	len	integer := (k.bits + 7) / 8;
	s	numeric;
BEGIN
	IF msg IS NULL OR sig IS NULL OR length(sig) <> len THEN
		RETURN false;
	END IF;
	s := madoguchi.rsa_os2ip(sig);
	IF s >= k.modulus THEN
		RETURN false;
	END IF;
	RETURN madoguchi.rsa_modexp(s, k.exponent, k.modulus) = madoguchi.rsa_os2ip(
	    '\x0001'::bytea || decode(repeat('ff', len - 3 - 51), 'hex') || '\x00'::bytea ||
	    -- DER of DigestInfo for SHA-256, then the digest
	    '\x3031300d060960864801650304020105000420'::bytea || sha256(msg));
END
$$;

-- A batch is taken only with a good signature by the caller's current key; it is kept
-- with the signature (madoguchi.batches), whose id is returned. Raises otherwise: the
-- whole batch is refused. Callers assign the id rather than PERFORM the call: a PERFORM
-- is a query, planned with the batch copied into its constants.
DROP FUNCTION IF EXISTS madoguchi.accept_batch(madoguchi.terminals, text, bytea, bytea);
CREATE FUNCTION madoguchi.accept_batch(t madoguchi.terminals, kind text,
	batch bytea, signature bytea) RETURNS bigint
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
	-- A custom plan would copy the batch (megabytes) into its constants, several times
	-- over; a generic plan takes it as a parameter. Both tables are found by key.
	SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
	k		madoguchi.signing_keys;
	batch_id	bigint;
BEGIN
	-- An office's partitions are made by setup, never here (docs/central-scale.md).
	PERFORM madoguchi.require_partitions(t.office_id, 'batch rejected');
	SELECT * INTO k FROM madoguchi.signing_keys s
	    WHERE s.terminal_id = t.terminal_id AND s.retired_at IS NULL;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'batch rejected: terminal % has no signing key registered; register its public key with madoguchi-central-setup --office % --terminal % --signing-key FILE',
		    t.terminal_id, t.office_id, t.terminal_id USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF batch IS NULL THEN
		RAISE EXCEPTION 'batch rejected: empty' USING ERRCODE = 'data_exception';
	END IF;
	IF NOT madoguchi.signature_ok(k, batch, signature) THEN
		RAISE EXCEPTION 'batch rejected: its signature does not verify with the signing key registered for terminal % (key %)',
		    t.terminal_id, k.id USING ERRCODE = 'insufficient_privilege';
	END IF;
	INSERT INTO madoguchi.batches (office_id, terminal_id, kind, key_id, batch, signature)
	VALUES (t.office_id, t.terminal_id, kind, k.id, batch, signature)
	RETURNING id INTO batch_id;
	RETURN batch_id;
END
$$;

-- For administrators (not granted to terminals): whether a stored batch's signature
-- still verifies with the key it was taken with.
CREATE OR REPLACE FUNCTION madoguchi.batch_verifies(batch_id bigint) RETURNS boolean
	LANGUAGE sql STABLE
	SET search_path = madoguchi, pg_catalog
AS $$
	SELECT madoguchi.signature_ok(k, b.batch, b.signature)
	FROM madoguchi.batches b JOIN madoguchi.signing_keys k ON k.id = b.key_id
	WHERE b.id = batch_id
$$;

-- A value as a message may show it (sync-rules.c shown()): cut after max_chars
-- characters, a control character (C0, DEL) as \xNN, a C1 control, direction mark or
-- direction control as \uNNNN, so that what a hostile batch carries reaches no screen or
-- log raw.
DROP FUNCTION IF EXISTS madoguchi.shown(text);	-- the first form: 40 characters always
CREATE OR REPLACE FUNCTION madoguchi.shown(v text, max_chars integer DEFAULT 40) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT
	SET search_path = pg_catalog
AS $$
	SELECT coalesce(string_agg(CASE
	    WHEN c < 32 OR c = 127 THEN E'\\x' || lpad(to_hex(c), 2, '0')
	    WHEN c BETWEEN 128 AND 159 OR c IN (1564, 8206, 8207) OR c BETWEEN 8234 AND 8238 OR
		c BETWEEN 8294 AND 8297 THEN E'\\u' || lpad(to_hex(c), 4, '0')
	    ELSE chr(c) END, '' ORDER BY i), '') ||
	    CASE WHEN length(v) > max_chars THEN '...' ELSE '' END
	FROM (SELECT i, ascii(substr(v, i, 1)) AS c
	    FROM generate_series(1, least(length(v), max_chars)) AS i) x
$$;

-- Checks the header line of "header\nbody" against the caller, the body's SHA-256 and the
-- clock; returns the header. Anything wrong raises: the whole batch is refused. The caller
-- takes the body (batch_body), parses it and checks its row count (check_count). The batch
-- comes as bytes: the SHA-256 is over the bytes the terminal sent, and splitting bytes
-- does not count characters.
CREATE FUNCTION madoguchi.open_batch(batch bytea, kind text, format integer,
	t madoguchi.terminals) RETURNS jsonb
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	header		jsonb;
	nl		integer;
	skew		double precision;
	max_skew	integer;
BEGIN
	IF batch IS NULL THEN
		RAISE EXCEPTION 'batch rejected: empty' USING ERRCODE = 'data_exception';
	END IF;
	nl := position('\x0a'::bytea IN batch);
	IF nl = 0 THEN
		RAISE EXCEPTION 'batch rejected: no header line' USING ERRCODE = 'data_exception';
	END IF;
	BEGIN
		header := convert_from(substring(batch FROM 1 FOR nl - 1), 'UTF8')::jsonb;
	EXCEPTION WHEN others THEN
		RAISE EXCEPTION 'batch rejected: header is not JSON' USING ERRCODE = 'data_exception';
	END;
	IF jsonb_typeof(header) IS DISTINCT FROM 'object' OR
	    header->>'format' IS DISTINCT FROM format::text OR
	    header->>'kind' IS DISTINCT FROM kind THEN
		RAISE EXCEPTION 'batch rejected: not a format % % batch', format, kind
		    USING ERRCODE = 'data_exception';
	END IF;
	IF header->>'terminal' IS DISTINCT FROM t.terminal_id THEN
		RAISE EXCEPTION 'batch rejected: it names terminal % but this connection is terminal %',
		    madoguchi.shown(header->>'terminal'), t.terminal_id
		    USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF header->>'sha256' IS DISTINCT FROM
	    encode(sha256(substring(batch FROM nl + 1)), 'hex') THEN
		RAISE EXCEPTION 'batch rejected: SHA-256 of the body does not match its header (damaged in transit?)'
		    USING ERRCODE = 'data_exception';
	END IF;
	SELECT value::integer INTO max_skew FROM madoguchi.settings
	    WHERE name = 'max_clock_skew_seconds';
	BEGIN
		skew := extract(epoch FROM (now() - (header->>'sent_at')::timestamptz));
	EXCEPTION WHEN others THEN
		RAISE EXCEPTION 'batch rejected: sent_at is not a time' USING ERRCODE = 'data_exception';
	END;
	IF abs(skew) > coalesce(max_skew, 300) THEN
		RAISE EXCEPTION 'batch rejected: the clock of terminal % is off by % seconds (at most % allowed); set its clock (NTP) and sync again',
		    t.terminal_id, round(skew::numeric), coalesce(max_skew, 300)
		    USING ERRCODE = 'invalid_datetime_format';
	END IF;
	RETURN header;
END
$$;

-- The body of an opened batch as text; bytes that are not UTF-8 refuse the batch.
CREATE OR REPLACE FUNCTION madoguchi.batch_body(batch bytea) RETURNS text
	LANGUAGE plpgsql IMMUTABLE
	SET search_path = pg_catalog
AS $$
BEGIN
	RETURN convert_from(substring(batch FROM position('\x0a'::bytea IN batch) + 1), 'UTF8');
EXCEPTION WHEN character_not_in_repertoire OR untranslatable_character THEN
	RAISE EXCEPTION 'batch rejected: body is not UTF-8' USING ERRCODE = 'data_exception';
END
$$;

-- A batch holds from 1 to max_batch_rows rows, as many as its header says.
CREATE OR REPLACE FUNCTION madoguchi.check_count(header jsonb, n integer) RETURNS void
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	max_rows	integer;
BEGIN
	SELECT value::integer INTO max_rows FROM madoguchi.settings WHERE name = 'max_batch_rows';
	IF n = 0 OR n > coalesce(max_rows, 10000) OR
	    header->>'count' IS DISTINCT FROM n::text THEN
		RAISE EXCEPTION 'batch rejected: % rows, header says % (at most % allowed)', n,
		    header->>'count', coalesce(max_rows, 10000) USING ERRCODE = 'data_exception';
	END IF;
END
$$;

-- The form of an entity name, in a change and in a resolution's payload: what
-- '^[a-z][a-z0-9_.-]{0,31}$' matches, without a regular expression, which costs several
-- times more on every change of a batch (ltrim leaves nothing of a name made only of
-- those characters; no comparison here depends on the collation).
CREATE OR REPLACE FUNCTION madoguchi.entity_name_ok(name text) RETURNS boolean
	LANGUAGE sql IMMUTABLE
AS $$
	SELECT length(name) BETWEEN 1 AND 32 AND
	    ltrim(left(name, 1), 'abcdefghijklmnopqrstuvwxyz') = '' AND
	    ltrim(name, 'abcdefghijklmnopqrstuvwxyz0123456789_.-') = ''
$$;

-- A change line whose cast fields break the rules of docs/sync.md (the entity's form is
-- checked apart: push_usual checks it once per distinct entity). Inlined where it is used.
CREATE OR REPLACE FUNCTION madoguchi.change_misshapen(fields integer, seq bigint,
	version bigint, op text, at text, payload jsonb) RETURNS boolean
	LANGUAGE sql IMMUTABLE
AS $$
	SELECT fields <> 7 OR seq < 1 OR version < 1 OR op NOT IN ('insert', 'update', 'delete')
	    OR length(at) NOT BETWEEN 20 AND 30 OR substr(at, 11, 1) <> 'T' OR right(at, 1) <> 'Z'
	    OR jsonb_typeof(payload) <> 'object'
$$;

/*
 * The lines of a changes body (docs/sync.md, format 2), each split and cast once: the one
 * reading of the format, for the usual way and the general way. A value that does not
 * cast raises (data_exception); fields is 7 when the line has exactly seven fields,
 * else 0: seven fields and six tabs are the whole line only then. split_part, each field
 * once (OFFSET 0), costs half of an array of the fields, which a flattened LATERAL
 * rebuilt for every field it was asked for. A SQL function the planner inlines.
 */
CREATE OR REPLACE FUNCTION madoguchi.change_lines(body text)
	RETURNS TABLE (idx bigint, fields integer, seq bigint, entity text, entity_id uuid,
	    version bigint, op text, at text, created_at timestamptz, payload jsonb)
	LANGUAGE sql STABLE
AS $$
	SELECT f.idx, CASE WHEN octet_length(f.line) = octet_length(f.f1) +
		octet_length(f.f2) + octet_length(f.f3) + octet_length(f.f4) +
		octet_length(f.f5) + octet_length(f.f6) + octet_length(f.f7) + 6
	    THEN 7 ELSE 0 END,
	    f.f1::bigint, f.f2, f.f3::uuid, f.f4::bigint, f.f5, f.f6, f.f6::timestamptz,
	    f.f7::jsonb
	FROM (SELECT x.idx, x.line, split_part(x.line, E'\t', 1) AS f1,
		split_part(x.line, E'\t', 2) AS f2, split_part(x.line, E'\t', 3) AS f3,
		split_part(x.line, E'\t', 4) AS f4, split_part(x.line, E'\t', 5) AS f5,
		split_part(x.line, E'\t', 6) AS f6, split_part(x.line, E'\t', 7) AS f7
	    FROM string_to_table(body, E'\n') WITH ORDINALITY AS x(line, idx)
	    OFFSET 0) f
	OFFSET 0
$$;

/*
 * The rows of a changes batch, parsed once per push into a temporary table of the
 * function owner's (terminals have no TEMP right and cannot read it). ON COMMIT DELETE
 * ROWS: nothing of a batch outlives its transaction.
 */
CREATE OR REPLACE FUNCTION madoguchi.push_rows_open() RETURNS void
	LANGUAGE plpgsql VOLATILE
	SET search_path = madoguchi, pg_catalog, pg_temp
	SET client_min_messages = warning
AS $$
BEGIN
	CREATE TEMPORARY TABLE IF NOT EXISTS push_rows (
		idx		integer NOT NULL,	-- line of the body, from 1
		fields		integer NOT NULL,	-- 7 when the line has seven fields, else 0
		seq		bigint,
		entity		text,
		entity_id	uuid,
		version		bigint,
		op		text,
		at		text,
		created_at	timestamptz,
		payload		jsonb,
		seg		integer NOT NULL DEFAULT 0,	-- resolutions before this row
		resolve		boolean NOT NULL DEFAULT false	-- a conflict resolution
	) ON COMMIT DELETE ROWS;
	CREATE TEMPORARY TABLE IF NOT EXISTS push_decisions (
		idx		integer NOT NULL,	-- the row of push_rows
		ok		boolean NOT NULL,	-- applies (else: a conflict)
		oseq		bigint,			-- its number in the office log
		cur_version	bigint,			-- the record's central version
		repeated	boolean NOT NULL	-- the record changes more than once
	) ON COMMIT DELETE ROWS;
	-- Rows of an earlier push in the same transaction.
	DELETE FROM pg_temp.push_rows;
	DELETE FROM pg_temp.push_decisions;
END
$$;

-- The first malformed line of a changes body, for the message that refuses the batch.
DROP FUNCTION IF EXISTS madoguchi.push_first_malformed(text);
CREATE FUNCTION madoguchi.push_first_malformed(body text)
	RETURNS TABLE (idx bigint, line text)
	LANGUAGE sql IMMUTABLE
	SET search_path = pg_catalog
AS $$
	SELECT x.idx, x.line FROM string_to_table(body, E'\n') WITH ORDINALITY AS x(line, idx),
	    LATERAL (SELECT string_to_array(x.line, E'\t') AS f) a
	WHERE cardinality(a.f) IS DISTINCT FROM 7
	    OR a.f[1] !~ '^[1-9][0-9]{0,17}$'
	    OR NOT madoguchi.entity_name_ok(a.f[2])
	    OR a.f[3] !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
	    OR a.f[4] !~ '^[1-9][0-9]{0,17}$'
	    OR a.f[5] NOT IN ('insert', 'update', 'delete')
	    OR a.f[6] !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$'
	    OR a.f[7] !~ '^\{.*\}$'
	ORDER BY x.idx LIMIT 1
$$;

/*
 * The rules of synced values (SPEC §10: the central store checks each change's payload
 * against the entity's rules and refuses a batch whole otherwise). Every member of a change
 * of an entity that madoguchi.item_rules knows must have a row there and meet it, as the
 * terminal's own check of what it pulls (sync_payload_check, db/sync/sync-rules.c) would
 * take it: the rows (03-rules.sql) are made from that file's tables, and each kind below
 * is the terminal's check of it, a register item in the checked form reg_check()
 * (db/register/register-items.c) leaves as it is. The payload is checked as it is stored
 * (jsonb: the last of two equal keys, a number as its digits). Changes of other entities
 * keep their shape checks only. docs/sync.md lists the kinds.
 *
 * member_ok() decides; member_why() only words the refusal. member_ok() is an expression
 * the planner inlines, so that a batch is checked in one pass over its members joined to
 * the rules; where a cast is the cheapest check of a form, a value that does not cast
 * raises rather than answering false, which refuses it just the same (a valid value never
 * raises).
 */

-- Text as the terminal's text fields take it (lib/valid-text.c): no control character
-- (C0 but a line feed where multiline, DEL, C1), no direction mark, embedding or isolate
-- (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), at most max_chars characters
-- (0: no limit). PostgreSQL text is always valid UTF-8 without NUL.
CREATE OR REPLACE FUNCTION madoguchi.text_ok(s text, max_chars integer, multiline boolean)
	RETURNS boolean
	LANGUAGE sql IMMUTABLE
AS $$
	SELECT (max_chars = 0 OR length(s) <= max_chars) AND
	    s !~ E'[\\x01-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]'
	    AND (multiline OR strpos(s, E'\n') = 0)
$$;

-- One or more ASCII digits.
CREATE OR REPLACE FUNCTION madoguchi.digits_ok(s text) RETURNS boolean
	LANGUAGE sql IMMUTABLE
AS $$
	SELECT s <> '' AND ltrim(s, '0123456789') = ''
$$;

-- The digit at position i of s (ASCII digits only).
CREATE OR REPLACE FUNCTION madoguchi.digit_at(s text, i integer) RETURNS integer
	LANGUAGE sql IMMUTABLE
AS $$
	SELECT ascii(substr(s, i, 1)) - 48
$$;

-- 全国地方公共団体コード (lib/valid-codes.c): six digits, the first two a prefecture code
-- (01-47), the sixth (11 - Σ d_i w_i mod 11) mod 10 with weights 6, 5, 4, 3, 2.
CREATE OR REPLACE FUNCTION madoguchi.municipality_ok(s text) RETURNS boolean
	LANGUAGE sql IMMUTABLE
AS $$
	SELECT length(s) = 6 AND madoguchi.digits_ok(s) AND
	    left(s, 2)::integer BETWEEN 1 AND 47 AND
	    (11 - (madoguchi.digit_at(s, 1) * 6 + madoguchi.digit_at(s, 2) * 5 +
		madoguchi.digit_at(s, 3) * 4 + madoguchi.digit_at(s, 4) * 3 +
		madoguchi.digit_at(s, 5) * 2) % 11) % 10 = madoguchi.digit_at(s, 6)
$$;

-- The My Number's check digit for its first eleven digits (lib/valid-mynumber.c; 平成26年
-- 総務省令第85号 第5条): r = Σ P_n Q_n mod 11 with the weights 6 5 4 3 2 7 6 5 4 3 2 from
-- the left; 0 if r <= 1, else 11 - r, which is (11 - r) mod 11 mod 10.
CREATE OR REPLACE FUNCTION madoguchi.mynumber_check_digit(s text) RETURNS integer
	LANGUAGE sql IMMUTABLE
AS $$
	SELECT (11 - (madoguchi.digit_at(s, 1) * 6 + madoguchi.digit_at(s, 2) * 5 +
	    madoguchi.digit_at(s, 3) * 4 + madoguchi.digit_at(s, 4) * 3 +
	    madoguchi.digit_at(s, 5) * 2 + madoguchi.digit_at(s, 6) * 7 +
	    madoguchi.digit_at(s, 7) * 6 + madoguchi.digit_at(s, 8) * 5 +
	    madoguchi.digit_at(s, 9) * 4 + madoguchi.digit_at(s, 10) * 3 +
	    madoguchi.digit_at(s, 11) * 2) % 11) % 11 % 10
$$;

/*
 * Whether a member's value meets its rule: kind ... codes are its row of item_rules, t
 * the value's jsonb_typeof, s its text (a string's, or a number's digits; NULL for other
 * types). A register item (item) is a string or a whole number, and empty or in its
 * checked form:
 *   text          no space at either end (REG_TEXT, REG_REMARKS where multiline)
 *   kana          full-width katakana ァ-ヶ ー ・, parts parted by one U+3000
 *   date          YYYY-MM-DD that exists, the year from 1000
 *   sex           1, 2 or 9
 *   prefecture    01-47
 *   postal        7 digits
 *   municipality  6 digits with their check digit
 *   phone         digits and hyphens, at least 10, a digit first
 *   mynumber      12 digits with their check digit
 *   code          ASCII letters, digits and hyphens
 *   amount        yen: 0 to 1000000 without a leading zero
 *   choice        one of codes
 * The other members:
 *   uuid          a lower-case UUID: 8-4-4-4-12 hexadecimal digits
 *   flag          the number 0 or 1
 *   count         a whole number from 0 to 1000000
 *   time          2026-04-01T09:30:00Z, up to nine digits of fractions before the Z
 *   user          1-32 of A-Z a-z 0-9 _ . @ -, not starting with - or .
 *   word          0-32 of a-z 0-9 _ -
 *   free          text (text_ok), empty or not
 *   oneof         one of codes
 *   items         an object, whose members are checked with the rules of entity '*'
 * null only where nullable. An unknown kind refuses everything.
 */
CREATE OR REPLACE FUNCTION madoguchi.member_ok(kind text, item boolean, max_chars integer,
	multiline boolean, nullable boolean, codes text[], t text, s text) RETURNS boolean
	-- STABLE, not IMMUTABLE: the date cast is (by the rules of inlining, a function that
	-- calls a STABLE one is not inlined if it is declared IMMUTABLE).
	LANGUAGE sql STABLE
AS $$
	SELECT CASE
	    WHEN t = 'null' THEN nullable
	    WHEN item THEN (t = 'string' OR (t = 'number' AND strpos(s, '.') = 0 AND
		s::numeric BETWEEN -9223372036854775808 AND 9223372036854775807)) AND
		(s = '' OR (madoguchi.text_ok(s, max_chars, multiline) AND CASE kind
		WHEN 'text' THEN left(s, 1) <> ' ' AND right(s, 1) <> ' '
		WHEN 'code' THEN ltrim(s,
		    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-') = ''
		WHEN 'date' THEN length(s) = 10 AND left(s, 1) <> '0' AND
		    to_char(s::date, 'YYYY-MM-DD') = s
		WHEN 'kana' THEN s ~ E'^[\u30a1-\u30f6\u30fb\u30fc]+(\u3000[\u30a1-\u30f6\u30fb\u30fc]+)*$'
		WHEN 'choice' THEN s = ANY (codes)
		WHEN 'sex' THEN s IN ('1', '2', '9')
		WHEN 'prefecture' THEN length(s) = 2 AND madoguchi.digits_ok(s) AND
		    s::integer BETWEEN 1 AND 47
		WHEN 'postal' THEN length(s) = 7 AND madoguchi.digits_ok(s)
		WHEN 'municipality' THEN madoguchi.municipality_ok(s)
		WHEN 'phone' THEN length(s) >= 10 AND left(s, 1) <> '-' AND
		    ltrim(s, '0123456789-') = ''
		WHEN 'mynumber' THEN length(s) = 12 AND madoguchi.digits_ok(s) AND
		    madoguchi.mynumber_check_digit(s) = madoguchi.digit_at(s, 12)
		WHEN 'amount' THEN length(s) <= 7 AND madoguchi.digits_ok(s) AND
		    (s = '0' OR left(s, 1) <> '0') AND s::integer <= 1000000
		ELSE false END))
	    WHEN kind = 'flag' THEN t = 'number' AND s IN ('0', '1')
	    WHEN kind = 'count' THEN t = 'number' AND strpos(s, '.') = 0 AND
		s::numeric BETWEEN 0 AND 1000000
	    WHEN kind = 'items' THEN t = 'object'
	    WHEN t IS DISTINCT FROM 'string' THEN false
	    ELSE CASE kind
		WHEN 'uuid' THEN s::uuid::text = s
		WHEN 'oneof' THEN s = ANY (codes)
		WHEN 'user' THEN length(s) BETWEEN 1 AND 32 AND
		    s ~ '^[A-Za-z0-9_@][-A-Za-z0-9_.@]*$'
		WHEN 'time' THEN length(s) <= 30 AND
		    s ~ '^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]([.][0-9]+)?Z$'
		WHEN 'word' THEN length(s) <= 32 AND s ~ '^[-a-z0-9_]*$'
		WHEN 'free' THEN madoguchi.text_ok(s, max_chars, multiline)
		ELSE false END
	    END
$$;

-- What is wrong with text that text_ok() refuses, as lib/valid-text.c words it; NULL if
-- nothing is.
CREATE OR REPLACE FUNCTION madoguchi.text_why(s text, max_chars integer, multiline boolean)
	RETURNS text
	LANGUAGE plpgsql IMMUTABLE
	SET search_path = pg_catalog
AS $$
DECLARE
	i	integer;
	c	integer;
BEGIN
	i := regexp_instr(s, CASE WHEN multiline
	    THEN E'[\\x01-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]'
	    ELSE E'[\\x01-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]' END);
	IF i > 0 THEN
		c := ascii(substr(s, i, 1));
		IF c = 10 THEN
			RETURN format('character %s is a line break, which this field cannot hold', i);
		ELSIF c < 32 OR c BETWEEN 127 AND 159 THEN
			RETURN format('character %s is a control character (U+%s)', i,
			    upper(lpad(to_hex(c), 4, '0')));
		END IF;
		RETURN format('character %s is a text-direction control character (U+%s)', i,
		    upper(lpad(to_hex(c), 4, '0')));
	END IF;
	IF max_chars > 0 AND length(s) > max_chars THEN
		RETURN format('too long: %s characters (the limit is %s)', length(s), max_chars);
	END IF;
	RETURN NULL;
END
$$;

/*
 * Why member_ok() refuses value v of member under rule (NULL: no rule): the words of the
 * terminal's refusal (sync-rules.c value_check), the value shown escaped; a My Number is
 * never shown. Only for the message of a refused batch.
 */
CREATE OR REPLACE FUNCTION madoguchi.member_why(rule madoguchi.item_rules, member text,
	v jsonb) RETURNS text
	LANGUAGE plpgsql IMMUTABLE
	SET search_path = pg_catalog
AS $$
DECLARE
	t	text := jsonb_typeof(v);
	s	text;
	val	text;
	why	text;
	want	text;
BEGIN
	member := madoguchi.shown(member);
	IF rule.kind IS NULL THEN
		RETURN format('unknown member "%s"', member);
	END IF;
	IF t = 'null' THEN
		RETURN format('member %s may not be null', member);
	END IF;
	s := CASE WHEN t IN ('string', 'number') THEN v #>> '{}' END;
	val := CASE WHEN rule.kind = 'mynumber' THEN '(not shown)'
	    ELSE madoguchi.shown(coalesce(s, v::text)) END;
	IF rule.kind = 'free' AND t = 'string' THEN
		RETURN format('member %s: %s', member,
		    coalesce(madoguchi.text_why(s, rule.max_chars, rule.multiline), 'refused'));
	END IF;
	want := CASE rule.kind
	    WHEN 'text' THEN 'no space at either end (not in its checked form)'
	    WHEN 'kana' THEN 'full-width katakana (ァ-ヶ, ー, ・), its parts parted by one full-width space'
	    WHEN 'date' THEN 'a date that exists, written 2025-04-01 (year 1000 to 9999)'
	    WHEN 'sex' THEN '1 (male), 2 (female) or 9 (not stated)'
	    WHEN 'prefecture' THEN 'a prefecture code from 01 to 47'
	    WHEN 'postal' THEN '7 digits, as 1000001'
	    WHEN 'municipality' THEN CASE WHEN length(s) = 6 AND madoguchi.digits_ok(s) AND
		left(s, 2)::integer BETWEEN 1 AND 47
		THEN 'the check digit (the sixth digit) does not match the first five'
		ELSE '6 digits: a prefecture code (01-47), three digits and a check digit' END
	    WHEN 'phone' THEN 'a phone number: digits and ''-'', at least 10, a digit first'
	    WHEN 'mynumber' THEN CASE WHEN length(s) = 12 AND madoguchi.digits_ok(s)
		THEN 'the check digit (the last digit) does not match the other 11'
		ELSE '12 digits' END
	    WHEN 'code' THEN 'only letters, digits and ''-'''
	    WHEN 'amount' THEN 'an amount in yen from 0 to 1000000, digits only'
	    WHEN 'choice' THEN 'one of ' || array_to_string(rule.codes, ', ')
	    WHEN 'uuid' THEN 'a UUID in lower case'
	    WHEN 'flag' THEN 'the number 0 or 1'
	    WHEN 'count' THEN 'a whole number from 0 to 1000000'
	    WHEN 'time' THEN 'a time such as 2026-04-01T09:30:00.000Z'
	    WHEN 'user' THEN 'a user name: 1 to 32 of letters, digits, _ . @ -'
	    WHEN 'word' THEN 'a code word: up to 32 of a-z, 0-9, _ and -'
	    WHEN 'free' THEN 'text'
	    WHEN 'oneof' THEN 'one of ' || array_to_string(rule.codes, ', ')
	    WHEN 'items' THEN 'an object of register items'
	    ELSE 'a kind of value this store does not know (' || rule.kind || ')' END;
	IF NOT rule.item OR NOT (t = 'string' OR (t = 'number' AND strpos(s, '.') = 0 AND
	    s::numeric BETWEEN -9223372036854775808 AND 9223372036854775807)) THEN
		RETURN format('member %s has a value of the wrong form: %s (%s)', member, val,
		    CASE WHEN rule.item THEN 'a string: ' || want ELSE want END);
	END IF;
	why := madoguchi.text_why(s, rule.max_chars, rule.multiline);
	RETURN format('member %s "%s": %s', member, val, coalesce(why, want));
END
$$;

/*
 * The first member of a change's payload that its rules refuse, as the refusal's words
 * (member_why), members of an object of register items named parent.member; NULL if
 * every member passes or the entity has no rules. Only for a batch found to hold one.
 */
CREATE OR REPLACE FUNCTION madoguchi.payload_fault(entity text, payload jsonb) RETURNS text
	LANGUAGE plpgsql STABLE
	SET search_path = madoguchi, pg_catalog
AS $$
DECLARE
	m	record;
	ok	boolean;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM madoguchi.item_rules r WHERE r.entity = payload_fault.entity)
	    OR jsonb_typeof(payload) IS DISTINCT FROM 'object' THEN
		RETURN NULL;
	END IF;
	FOR m IN
		SELECT f.member, f.value, r AS rule FROM (
			SELECT 1 AS part, e.key AS sort, e.key AS member, e.key, e.value,
			    payload_fault.entity AS rules
			FROM jsonb_each(payload) e
			UNION ALL
			SELECT 2, e.key, e.key || '.' || n.key, n.key, n.value, '*'
			FROM jsonb_each(payload) e, jsonb_each(e.value) n
			WHERE jsonb_typeof(e.value) = 'object' AND EXISTS (SELECT 1
			    FROM madoguchi.item_rules i WHERE i.entity = payload_fault.entity AND
			    i.member = e.key AND i.kind = 'items')
		) f
		LEFT JOIN madoguchi.item_rules r ON r.entity = f.rules AND r.member = f.key
		ORDER BY f.part, f.sort, f.member
	LOOP
		BEGIN
			ok := coalesce(madoguchi.member_ok((m.rule).kind, (m.rule).item,
			    (m.rule).max_chars, (m.rule).multiline, (m.rule).nullable, (m.rule).codes,
			    jsonb_typeof(m.value), CASE WHEN jsonb_typeof(m.value) IN ('string',
			    'number') THEN m.value #>> '{}' END), false);
		EXCEPTION WHEN data_exception THEN
			ok := false;
		END;
		IF NOT ok THEN
			RETURN madoguchi.member_why(m.rule, m.member, m.value);
		END IF;
	END LOOP;
	RETURN NULL;
END
$$;

/*
 * Whether a change of terminal (of office) stored after seq after breaks a rule: one pass over the
 * members of those changes joined to the rules, and over the members of their objects of
 * register items. A value that does not cast raises. push_usual's check of the rows it
 * has just stored; push_rows_rules_broken() is the same over a batch parsed the general way.
 *
 * Planned from statistics taken while a bulk push grows the log (they lag behind it), the
 * join to the rules was a lookup in their index for every member, twice as slow as the
 * whole check should be, or a sort of all the members. Every join here is a hash join but
 * the walk through each payload's members.
 *
 * The office is named, and the plan made for its value (a custom plan), so that the
 * planner reads and locks the office's partition only; with the office known only from
 * row-level security, at run time, each call planned over every office's partitions
 * (docs/central-scale.md).
 */
DROP FUNCTION IF EXISTS madoguchi.stored_rules_broken(text, bigint);
CREATE OR REPLACE FUNCTION madoguchi.stored_rules_broken(office text, terminal text,
	after bigint)
	RETURNS boolean
	LANGUAGE plpgsql STABLE
	SET search_path = madoguchi, pg_catalog, pg_temp
	SET plan_cache_mode = force_custom_plan
	SET enable_nestloop = off
	SET enable_mergejoin = off
AS $$
BEGIN
	RETURN EXISTS (
		SELECT 1 FROM (SELECT c.entity, m.key, jsonb_typeof(m.value) AS jt,
			CASE WHEN jsonb_typeof(m.value) IN ('string', 'number')
			    THEN m.value #>> '{}' END AS js
		    FROM madoguchi.changes c CROSS JOIN LATERAL jsonb_each(c.payload) m
		    WHERE c.office_id = office AND c.terminal_id = terminal AND c.seq > after AND
			c.entity IN (SELECT e.entity FROM madoguchi.item_rules e)
		    OFFSET 0) a
		LEFT JOIN madoguchi.item_rules r ON r.entity = a.entity AND r.member = a.key
		WHERE NOT coalesce(madoguchi.member_ok(r.kind, r.item, r.max_chars, r.multiline,
		    r.nullable, r.codes, a.jt, a.js), false)
		UNION ALL
		-- The members of an object of register items (an event's earlier values).
		SELECT 1 FROM (SELECT m.key, jsonb_typeof(m.value) AS jt,
			CASE WHEN jsonb_typeof(m.value) IN ('string', 'number')
			    THEN m.value #>> '{}' END AS js
		    FROM madoguchi.changes c
		    JOIN madoguchi.item_rules i ON i.entity = c.entity AND i.kind = 'items'
		    CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(c.payload -> i.member) =
			'object' THEN c.payload -> i.member END) m
		    WHERE c.office_id = office AND c.terminal_id = terminal AND c.seq > after
		    OFFSET 0) b
		LEFT JOIN madoguchi.item_rules r ON r.entity = '*' AND r.member = b.key
		WHERE NOT coalesce(madoguchi.member_ok(r.kind, r.item, r.max_chars, r.multiline,
		    r.nullable, r.codes, b.jt, b.js), false)
	);
END
$$;

-- The first line (idx) of the batch in push_rows whose change, not stored before, breaks
-- a rule; NULL if none does. The check of stored_rules_broken() for the general way.
DROP FUNCTION IF EXISTS madoguchi.push_rows_rules_broken(text, bigint);
CREATE OR REPLACE FUNCTION madoguchi.push_rows_rules_broken(office text, terminal text,
	after bigint)
	RETURNS integer
	LANGUAGE plpgsql STABLE
	SET search_path = madoguchi, pg_catalog, pg_temp
	SET plan_cache_mode = force_custom_plan
	SET enable_nestloop = off
	SET enable_mergejoin = off
AS $$
BEGIN
	RETURN (SELECT min(x.idx) FROM (
		SELECT a.idx FROM (SELECT p.idx, p.entity, m.key, jsonb_typeof(m.value) AS jt,
			CASE WHEN jsonb_typeof(m.value) IN ('string', 'number')
			    THEN m.value #>> '{}' END AS js
		    FROM pg_temp.push_rows p CROSS JOIN LATERAL jsonb_each(p.payload) m
		    WHERE p.entity IN (SELECT e.entity FROM madoguchi.item_rules e) AND
			(p.seq > after OR NOT EXISTS (SELECT 1 FROM madoguchi.changes c
			    WHERE c.office_id = office AND c.terminal_id = terminal AND
			    c.seq = p.seq))
		    OFFSET 0) a
		LEFT JOIN madoguchi.item_rules q ON q.entity = a.entity AND q.member = a.key
		WHERE NOT coalesce(madoguchi.member_ok(q.kind, q.item, q.max_chars,
		    q.multiline, q.nullable, q.codes, a.jt, a.js), false)
		UNION ALL
		SELECT b.idx FROM (SELECT p.idx, m.key, jsonb_typeof(m.value) AS jt,
			CASE WHEN jsonb_typeof(m.value) IN ('string', 'number')
			    THEN m.value #>> '{}' END AS js
		    FROM pg_temp.push_rows p
		    JOIN madoguchi.item_rules i ON i.entity = p.entity AND i.kind = 'items'
		    CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(p.payload -> i.member)
			= 'object' THEN p.payload -> i.member END) m
		    WHERE p.seq > after OR NOT EXISTS (SELECT 1 FROM madoguchi.changes c
			WHERE c.office_id = office AND c.terminal_id = terminal AND c.seq = p.seq)
		    OFFSET 0) b
		LEFT JOIN madoguchi.item_rules q ON q.entity = '*' AND q.member = b.key
		WHERE NOT coalesce(madoguchi.member_ok(q.kind, q.item, q.max_chars,
		    q.multiline, q.nullable, q.codes, b.jt, b.js), false)
	) x);
END
$$;

-- Raised by push_usual when a batch is not the usual kind; push then takes the general way.
CREATE OR REPLACE FUNCTION madoguchi.not_usual() RETURNS boolean
	LANGUAGE plpgsql
AS $$
BEGIN
	RAISE EXCEPTION 'not the usual batch' USING ERRCODE = 'MDG01';
END
$$;

/*
 * push_usual: the usual batch — new changes (every seq above the terminal's highest stored
 * one, increasing), each of a different record, each following its record's central
 * version, well formed, no conflict resolution, while the terminal has no open conflict
 * (push checks that). Anything else raises MDG01 (or the error of a value that does not
 * cast, or the records' unique key) and push(), which calls it inside a block of its own,
 * undoes all of it and takes the general way, which decides conflicts and the unusual
 * cases and words the refusals. Its one lookup before writing: the new certificate
 * numbers against the records they would replace and the terminal's blocks.
 *
 * The rows go through once, without being held anywhere: parsed and checked on their way
 * into madoguchi.changes; the records are then written from what was stored there, found
 * by the terminal's key. Nothing is looked up before it is written: the writes check what
 * a lookup would, and the checks that span rows come out of them and the row counts:
 *   - an insert follows no version: the records' key refuses a record that exists;
 *   - an update or delete follows the record's version: it updates its record only where
 *     the record's version is the one before its own and was written by an earlier
 *     change, so a record missing or at another version is not updated, and the counts
 *     show it;
 *   - seq increasing: the office log numbers the rows in batch order (office_seq = the
 *     office's last number + line), so read by seq their office_seq must increase;
 *   - at most one insert and one later update or delete per record: two inserts of one
 *     record break the records' key, and one statement updates a record once, so of two
 *     updates of one record one is left out of the counts. An insert followed by an
 *     update in the same batch ends as the general way leaves it: the inserted payload
 *     merged with the update's, at the update's version.
 */
-- push_usual's first step: the batch's rows, parsed and checked on their way into
-- madoguchi.changes; how many. A function of its own for its plan: the body (megabytes) a
-- parameter of a generic plan, not copied into the constants of a custom plan at every
-- push. (An insert into the partitioned table routes each row to the office's partition:
-- its plan names no partition.)
CREATE OR REPLACE FUNCTION madoguchi.push_usual_store(t madoguchi.terminals, body text,
	v_stored bigint, v_last bigint) RETURNS bigint
	LANGUAGE plpgsql VOLATILE
	SET search_path = madoguchi, pg_catalog, pg_temp
	SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
	n		bigint;
BEGIN
	INSERT INTO madoguchi.changes (terminal_id, seq, office_id, office_seq, entity,
	    entity_id, version, op, payload, status, created_at)
	SELECT t.terminal_id, r.seq, t.office_id, v_last + r.idx, r.entity, r.entity_id,
	    r.version, r.op, r.payload, 'applied', r.created_at
	FROM madoguchi.change_lines(body) r
	WHERE CASE WHEN r.seq <= v_stored OR madoguchi.change_misshapen(r.fields, r.seq,
		r.version, r.op, r.at, r.payload) OR NOT madoguchi.entity_name_ok(r.entity) OR
		r.entity = 'sync.resolve' THEN madoguchi.not_usual() ELSE true END;
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END
$$;

DROP FUNCTION IF EXISTS madoguchi.push_usual(madoguchi.terminals, jsonb, text, bigint, bigint);
CREATE FUNCTION madoguchi.push_usual(t madoguchi.terminals, hdr jsonb, body text,
	v_stored bigint, v_last bigint) RETURNS boolean
	LANGUAGE plpgsql VOLATILE
	SET search_path = madoguchi, pg_catalog, pg_temp
	-- Each statement planned for the office's value (a custom plan), so that the planner
	-- reads and locks that office's partitions only, not every office's. None of them
	-- names the body, which push_usual_store takes as a parameter. While a bulk push grows
	-- the tables faster than their statistics follow, with no sequential scan allowed, the
	-- terminal's new changes and the records they update are found through their keys
	-- whatever those statistics say.
	SET plan_cache_mode = force_custom_plan
	SET enable_seqscan = off
AS $$
DECLARE
	n		bigint;		-- changes stored
	n_new		bigint;		-- records inserted
	n_old		bigint;		-- records updated or deleted
BEGIN
	-- An expression, not a query: its plan does not copy the body.
	n := madoguchi.push_usual_store(t, body, v_stored, v_last);
	-- Raises as the general way does, which then words the refusal.
	PERFORM madoguchi.check_count(hdr, n::integer);

	-- Every member of the rows just stored against its rule (stored_rules_broken): a value
	-- that breaks its rule, or does not even cast, sends the batch the general way, which
	-- finds the change and words the refusal.
	IF madoguchi.stored_rules_broken(t.office_id, t.terminal_id, v_stored) THEN
		PERFORM madoguchi.not_usual();
	END IF;
	-- A new certificate number outside this terminal's blocks: the same (the unique index
	-- below finds one held twice).
	IF madoguchi.stored_numbers_wrong(t, v_stored) THEN
		PERFORM madoguchi.not_usual();
	END IF;

	-- New records, from the rows just stored (read by the terminal's key, in seq order);
	-- every row passes the order check, whatever its operation.
	INSERT INTO madoguchi.records (office_id, entity, entity_id, version, payload,
	    deleted, terminal_id, seq)
	SELECT t.office_id, z.entity, z.entity_id, z.version, z.payload, false,
	    t.terminal_id, z.seq
	FROM (SELECT c.*, CASE WHEN c.office_seq <= lag(c.office_seq) OVER (ORDER BY c.seq)
		THEN madoguchi.not_usual() ELSE true END AS in_order
	    FROM madoguchi.changes c
	    WHERE c.office_id = t.office_id AND c.terminal_id = t.terminal_id AND
		c.seq > v_stored OFFSET 0) z
	WHERE z.in_order AND z.op = 'insert';
	GET DIAGNOSTICS n_new = ROW_COUNT;
	UPDATE madoguchi.records rec SET version = c.version, payload = rec.payload || c.payload,
	    deleted = c.op = 'delete', terminal_id = t.terminal_id, seq = c.seq,
	    updated_at = now()
	FROM madoguchi.changes c
	WHERE c.office_id = t.office_id AND c.terminal_id = t.terminal_id AND
	    c.seq > v_stored AND c.op <> 'insert' AND rec.office_id = t.office_id AND
	    rec.entity = c.entity AND rec.entity_id = c.entity_id
	    AND rec.version = c.version - 1 AND
	    (rec.terminal_id <> t.terminal_id OR rec.seq < c.seq);
	GET DIAGNOSTICS n_old = ROW_COUNT;
	IF n_new + n_old <> n THEN
		PERFORM madoguchi.not_usual();
	END IF;
	UPDATE madoguchi.offices SET last_change = v_last + n WHERE office_id = t.office_id;
	RETURN true;
END
$$;

/*
 * The highest seq of a terminal's stored changes (0 if none): the last entry of its part of
 * the key's index. Planned from statistics taken while the table was small (a bulk push
 * grows it under one plan), the query became a scan of all of the terminal's changes at
 * every push; with no other way allowed it is one descent of the index.
 */
DROP FUNCTION IF EXISTS madoguchi.last_seq(text);
CREATE OR REPLACE FUNCTION madoguchi.last_seq(office text, terminal text) RETURNS bigint
	LANGUAGE plpgsql STABLE
	SET search_path = madoguchi, pg_catalog
	SET enable_seqscan = off
	SET enable_bitmapscan = off
	-- Planned for the office's value: its partition only (stored_rules_broken).
	SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
	RETURN coalesce((SELECT c.seq FROM madoguchi.changes c WHERE c.office_id = office AND
	    c.terminal_id = terminal ORDER BY c.seq DESC LIMIT 1), 0);
END
$$;

/*
 * Certificate numbers (SPEC §6, issue 33): unique for their qualification across the office,
 * and issued only from the blocks the store leased or registered to the terminal that
 * issues them. Checked for a registration's number when it is new: the change inserts the
 * registration, or gives it another number than the office's record of it holds. A number
 * the record already held is not checked again, so any terminal of the office may change a
 * registration another terminal issued (its status, its reissues).
 *
 * A number reads one way, a prefix and then digits, because no prefix ends in a digit
 * (register_block, and the terminal's number-block add): the prefix is the text before the
 * last run of digits (rtrim: no regular expression per row), the value that run (at most
 * 18 digits, or it is in no block). The
 * blocks of an office under one prefix never overlap, so the one that may hold value n is
 * the one that starts last at or before n: one descent of the index (office, prefix, first
 * number), however many blocks the office has leased.
 */

-- Whether a change of terminal t stored after seq after (push_usual's rows, before they
-- reach the records) gives a registration a new number outside t's blocks. Only a yes or
-- no: push_usual then leaves the batch to the general way, which words the refusal
-- (push_rows_numbers_fault). A number held twice is the unique index's to find.
-- PL/pgSQL with a plan for the office's value: the office's partitions only
-- (stored_rules_broken).
CREATE OR REPLACE FUNCTION madoguchi.stored_numbers_wrong(t madoguchi.terminals,
	after bigint) RETURNS boolean
	LANGUAGE plpgsql STABLE
	SET search_path = madoguchi, pg_catalog, pg_temp
	SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
	-- OFFSET 0: each payload's number is read once, not once per use (a bulk push has
	-- tens of thousands of registrations).
	RETURN EXISTS (SELECT 1
	    FROM (SELECT v.entity_id, v.num, rtrim(v.num, '0123456789') AS prefix,
		CASE WHEN length(v.num) - length(rtrim(v.num, '0123456789')) BETWEEN 1 AND 18
		    THEN substr(v.num, length(rtrim(v.num, '0123456789')) + 1)::bigint END AS n
		FROM (SELECT c.entity_id, c.payload->>'certificate_number' AS num
		    FROM madoguchi.changes c
		    WHERE c.office_id = t.office_id AND c.terminal_id = t.terminal_id AND
			c.seq > after AND c.entity = 'registration' AND c.op <> 'delete'
		    OFFSET 0) v
		WHERE v.num <> '' OFFSET 0) x
	    WHERE NOT EXISTS (SELECT 1 FROM (SELECT b.terminal_id, b.last_number
		    FROM madoguchi.number_blocks b
		    WHERE b.office_id = t.office_id AND b.prefix = x.prefix AND
		    b.first_number <= x.n
		    ORDER BY b.first_number DESC LIMIT 1) b
		    WHERE b.last_number >= x.n AND b.terminal_id = t.terminal_id) AND
		NOT EXISTS (SELECT 1 FROM madoguchi.records r
		    WHERE r.office_id = t.office_id AND r.entity = 'registration' AND
		    r.entity_id = x.entity_id AND r.payload->>'certificate_number' = x.num));
END
$$;

-- The refusal for the first change of the batch in push_rows (the general way, before
-- anything is stored) whose new certificate number is held by another registration of the
-- office, given twice in the batch, or outside the blocks of terminal t; NULL if none.
-- PL/pgSQL: the batch's temporary table exists only while push() runs.
CREATE OR REPLACE FUNCTION madoguchi.push_rows_numbers_fault(t madoguchi.terminals,
	after bigint) RETURNS text
	LANGUAGE plpgsql STABLE
	SET search_path = madoguchi, pg_catalog, pg_temp
	SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
	RETURN (WITH nums AS (
		SELECT p.idx, p.seq, p.entity_id, p.payload->>'qualification' AS qual,
		    p.payload->>'certificate_number' AS num
		FROM pg_temp.push_rows p
		WHERE p.entity = 'registration' AND p.op <> 'delete' AND NOT p.resolve AND
		    coalesce(p.payload->>'certificate_number', '') <> '' AND
		    (p.seq > after OR NOT EXISTS (SELECT 1 FROM madoguchi.changes c
			WHERE c.office_id = t.office_id AND c.terminal_id = t.terminal_id AND
			c.seq = p.seq))
	), fresh AS (
		-- The batch's own order decides which of two changes giving one number
		-- to different registrations is the second.
		SELECT n.*, first_value(n.idx) OVER w AS first_idx,
		    first_value(n.entity_id) OVER w AS first_id
		FROM nums n
		WHERE NOT EXISTS (SELECT 1 FROM madoguchi.records r
		    WHERE r.office_id = t.office_id AND r.entity = 'registration' AND
		    r.entity_id = n.entity_id AND r.payload->>'certificate_number' = n.num)
		WINDOW w AS (PARTITION BY n.qual, n.num ORDER BY n.idx)
	)
	SELECT CASE
	    WHEN h.entity_id IS NOT NULL THEN format('batch rejected: certificate number %s (qualification %s) of registration %s (change %s, seq %s) is held by registration %s from terminal %s; terminal %s must not issue it',
		madoguchi.shown(f.num), madoguchi.shown(f.qual), f.entity_id, f.idx, f.seq,
		h.entity_id, madoguchi.shown(h.terminal_id), madoguchi.shown(t.terminal_id))
	    WHEN f.first_id <> f.entity_id THEN format('batch rejected: certificate number %s (qualification %s) of registration %s (change %s, seq %s) is held by registration %s (change %s) of the same batch from terminal %s; terminal %s must not issue it twice',
		madoguchi.shown(f.num), madoguchi.shown(f.qual), f.entity_id, f.idx, f.seq,
		f.first_id, f.first_idx, madoguchi.shown(t.terminal_id),
		madoguchi.shown(t.terminal_id))
	    WHEN b.terminal_id IS NOT NULL THEN format('batch rejected: certificate number %s of registration %s (change %s, seq %s) is in block %s to %s, which the central store gave terminal %s, not %s',
		madoguchi.shown(f.num), f.entity_id, f.idx, f.seq, b.prefix || b.first_number,
		b.prefix || b.last_number, madoguchi.shown(b.terminal_id),
		madoguchi.shown(t.terminal_id))
	    ELSE format('batch rejected: certificate number %s of registration %s (change %s, seq %s) is in no block the central store leased or registered to terminal %s: a terminal issues numbers only from those (madoguchi-admin number-block list); a block added by hand is registered by number-block add or by the next sync',
		madoguchi.shown(f.num), f.entity_id, f.idx, f.seq,
		madoguchi.shown(t.terminal_id))
	    END
	FROM fresh f
	CROSS JOIN LATERAL (SELECT rtrim(f.num, '0123456789') AS prefix,
	    CASE WHEN length(f.num) - length(rtrim(f.num, '0123456789')) BETWEEN 1 AND 18
		THEN substr(f.num, length(rtrim(f.num, '0123456789')) + 1)::bigint END AS n) x
	LEFT JOIN LATERAL (SELECT r.entity_id, r.terminal_id FROM madoguchi.records r
	    WHERE r.office_id = t.office_id AND r.entity = 'registration' AND NOT r.deleted AND
	    r.payload ? 'certificate_number' AND
	    r.payload->>'qualification' = f.qual AND
	    r.payload->>'certificate_number' = f.num AND r.entity_id <> f.entity_id
	    LIMIT 1) h ON true
	LEFT JOIN LATERAL (SELECT b.prefix, b.first_number, b.last_number, b.terminal_id
	    FROM madoguchi.number_blocks b
	    WHERE b.office_id = t.office_id AND b.prefix = x.prefix AND b.first_number <= x.n
	    ORDER BY b.first_number DESC LIMIT 1) b ON b.last_number >= x.n
	WHERE h.entity_id IS NOT NULL OR f.first_id <> f.entity_id OR
	    b.terminal_id IS DISTINCT FROM t.terminal_id
	ORDER BY f.idx LIMIT 1);
END
$$;

DROP FUNCTION IF EXISTS madoguchi.numbers_fault(madoguchi.terminals, bigint);
DROP FUNCTION IF EXISTS madoguchi.number_taken_why(madoguchi.terminals);

-- A block of numbers an office assigned by hand (madoguchi-admin number-block add), made
-- the calling terminal's: refused when it overlaps a block of the office under the same
-- prefix. The same block registered again by the same terminal is the same block. The
-- prefix ends in a letter or '-', so that a number reads one way (T1 and 000001 would
-- read as T and 1000001, inside another block).
CREATE OR REPLACE FUNCTION madoguchi.register_block(prefix text, first_number bigint,
	last_number bigint) RETURNS bigint
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	t	madoguchi.terminals;
	o	madoguchi.number_blocks;
	v_id	bigint;
BEGIN
	t := madoguchi.caller();
	IF prefix IS NULL OR prefix = '' OR prefix !~ '^[A-Za-z0-9-]{0,7}[A-Za-z-]$' THEN
		RAISE EXCEPTION 'register_block: the prefix must be 1 to 8 letters, digits or -, ending in a letter or -; numbers without a prefix are leased from the series'
		    USING ERRCODE = 'data_exception';
	END IF;
	IF first_number IS NULL OR last_number IS NULL OR first_number < 0 OR
	    last_number < first_number OR last_number > 999999999999 THEN
		RAISE EXCEPTION 'register_block: the block % to % is not a range of numbers',
		    first_number, last_number USING ERRCODE = 'data_exception';
	END IF;
	-- One registration at a time per office, so that two overlapping ones cannot both pass.
	PERFORM 1 FROM madoguchi.offices f WHERE f.office_id = t.office_id FOR UPDATE;
	SELECT b.id INTO v_id FROM madoguchi.number_blocks b
	    WHERE b.office_id = t.office_id AND b.terminal_id = t.terminal_id AND
	    b.prefix = register_block.prefix AND b.first_number = register_block.first_number
	    AND b.last_number = register_block.last_number AND b.source = 'registered';
	IF FOUND THEN
		RETURN v_id;
	END IF;
	SELECT * INTO o FROM madoguchi.number_blocks b
	    WHERE b.office_id = t.office_id AND b.prefix = register_block.prefix AND
	    b.first_number <= register_block.last_number AND
	    b.last_number >= register_block.first_number
	    ORDER BY b.first_number LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'unique_violation',
		    MESSAGE = format('block %s%s to %s%s overlaps block %s%s to %s%s of terminal %s',
			prefix, first_number, prefix, last_number, o.prefix, o.first_number,
			o.prefix, o.last_number, o.terminal_id);
	END IF;
	INSERT INTO madoguchi.number_blocks (series, office_id, terminal_id, first_number,
	    last_number, prefix, source)
	VALUES ('certificate', t.office_id, t.terminal_id, register_block.first_number,
	    register_block.last_number, register_block.prefix, 'registered')
	RETURNING id INTO v_id;
	RETURN v_id;
END
$$;

/*
 * push(batch, signature): the terminal's outbox rows. Returns one row per change that was not
 * applied because it conflicts (status 'conflict'), with the record's central version and
 * state; no row for a change applied now or before. A batch sent again is answered the
 * same way: (terminal, seq) already stored means "done", never "do again".
 */
CREATE OR REPLACE FUNCTION madoguchi.push(batch bytea, signature bytea)
	RETURNS TABLE (seq bigint, status text, central_version bigint,
	    central_payload jsonb, central_terminal text)
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
	-- The batch's rows are sorted by record: in memory, not on disk.
	SET work_mem = '64MB'
	-- Compiling its statements (JIT) costs more than running them.
	SET jit = off
AS $$
#variable_conflict use_column
DECLARE
	t		madoguchi.terminals;
	batch_id	bigint;		-- as stored in madoguchi.batches
	hdr		jsonb;
	body		text;
	n		integer;
	bad		record;
	v_last		bigint;
	v_stored	bigint;		-- the highest seq of this terminal stored before
	v_open		boolean;	-- an open conflict of this terminal exists
	v_conflicts	integer[];	-- idx of the rows answered as conflicts
	v_min		bigint;		-- the batch's lowest seq
	usual		boolean;
	k		integer;
	segs		integer;
	r		record;
	v_bad		integer;	-- the first change found to break a rule
	v_suspect	boolean;	-- a change may break a rule
	v_why		text;		-- what is wrong with it
BEGIN
	t := madoguchi.caller();
	-- Without its rules the store would check no value (03-rules.sql not loaded).
	IF NOT EXISTS (SELECT 1 FROM madoguchi.item_rules) THEN
		RAISE EXCEPTION 'batch rejected: the central store has no rules for synced values; load them with madoguchi-central-setup (03-rules.sql)'
		    USING ERRCODE = 'object_not_in_prerequisite_state';
	END IF;
	batch_id := madoguchi.accept_batch(t, 'changes', batch, signature);
	hdr := madoguchi.open_batch(batch, 'changes', 2, t);
	body := madoguchi.batch_body(batch);

	-- One push at a time per office: the office log numbers follow commit order.
	SELECT o.last_change INTO v_last FROM madoguchi.offices o
	    WHERE o.office_id = t.office_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'office % of terminal % is missing', t.office_id, t.terminal_id;
	END IF;
	-- Changes stored before can only have a seq up to the terminal's highest stored one.
	v_stored := madoguchi.last_seq(t.office_id, t.terminal_id);
	v_open := EXISTS (SELECT 1 FROM madoguchi.conflicts f
	    WHERE f.terminal_id = t.terminal_id AND f.status = 'open');

	-- The usual batch goes in one statement; when it is not (or not well formed), that
	-- statement leaves nothing and the general way below decides, or words the refusal.
	usual := false;
	IF NOT v_open THEN
		BEGIN
			-- An expression, not a query: its plan does not copy the body.
			usual := madoguchi.push_usual(t, hdr, body, v_stored, v_last);
		EXCEPTION WHEN others THEN
			usual := false;
		END;
	END IF;
	IF usual THEN
		UPDATE madoguchi.terminals SET last_push_at = now()
		WHERE terminal_id = t.terminal_id;
		RETURN;		-- every change applied: no conflict to answer
	END IF;

	-- One pass over the body: split, cast, store. A value that does not cast refuses
	-- the batch; the slower search for its line runs only then.
	PERFORM madoguchi.push_rows_open();
	BEGIN
		INSERT INTO pg_temp.push_rows (idx, fields, seq, entity, entity_id, version, op,
		    at, created_at, payload, resolve)
		SELECT r.idx, r.fields, r.seq, r.entity, r.entity_id, r.version, r.op, r.at,
		    r.created_at, r.payload, coalesce(r.entity = 'sync.resolve', false)
		FROM madoguchi.change_lines(body) r;
		GET DIAGNOSTICS n = ROW_COUNT;
	EXCEPTION WHEN data_exception THEN
		SELECT * INTO bad FROM madoguchi.push_first_malformed(body);
		IF FOUND THEN
			RAISE EXCEPTION 'batch rejected: change % is malformed: %', bad.idx,
			    madoguchi.shown(bad.line, 200) USING ERRCODE = 'data_exception';
		END IF;
		RAISE EXCEPTION 'batch rejected: a change has a value out of range (%)',
		    madoguchi.shown(SQLERRM, 200) USING ERRCODE = 'data_exception';
	END;
	PERFORM madoguchi.check_count(hdr, n);
	-- Shape of every row; the casts above let through what they accept.
	SELECT p.idx INTO bad FROM pg_temp.push_rows p
	    WHERE madoguchi.change_misshapen(p.fields, p.seq, p.version, p.op, p.at, p.payload)
	    OR NOT madoguchi.entity_name_ok(p.entity)
	    OR (p.resolve AND (
		NOT madoguchi.entity_name_ok(coalesce(p.payload->>'entity', '')) OR
		coalesce(p.payload->>'choice', '') NOT IN ('local', 'remote')))
	    ORDER BY p.idx LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'batch rejected: change % is malformed: %', bad.idx,
		    madoguchi.shown(split_part(body, E'\n', bad.idx::integer), 200)
		    USING ERRCODE = 'data_exception';
	END IF;
	SELECT u.idx INTO bad FROM (SELECT p.idx, p.seq, lag(p.seq) OVER (ORDER BY p.idx) AS prev
	    FROM pg_temp.push_rows p) u WHERE u.seq <= u.prev LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'batch rejected: sequence numbers not increasing at change %', bad.idx
		    USING ERRCODE = 'data_exception';
	END IF;
	SELECT count(*) INTO segs FROM pg_temp.push_rows p WHERE p.resolve;
	IF segs > 0 THEN
		UPDATE pg_temp.push_rows p SET seg = s.seg FROM (SELECT q.idx,
		    count(*) FILTER (WHERE q.resolve) OVER (ORDER BY q.idx
			ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS seg
		    FROM pg_temp.push_rows q) s
		WHERE s.idx = p.idx;
	END IF;

	SELECT min(p.seq) INTO v_min FROM pg_temp.push_rows p;
	-- A change sent again must be the change stored, payload and time included: the same
	-- key for different content means the terminal's database was restored from a backup,
	-- copied or damaged, and its new changes would be taken for ones already applied.
	-- MDG02 tells the terminal to say so (docs/sync.md). (The lookups here and below are
	-- LATERAL with LIMIT 1 — the key is unique — so that they stay one index probe per row
	-- of the batch whatever the statistics say.)
	SELECT p.seq AS s INTO bad FROM pg_temp.push_rows p CROSS JOIN LATERAL
	    (SELECT c.entity, c.entity_id, c.version, c.op, c.payload, c.created_at
		FROM madoguchi.changes c
		WHERE c.office_id = t.office_id AND c.terminal_id = t.terminal_id AND
		c.seq = p.seq LIMIT 1) c
	    WHERE p.seq <= v_stored AND
		(c.entity, c.entity_id, c.version, c.op, c.payload, c.created_at) IS DISTINCT FROM
		(p.entity, p.entity_id, p.version, p.op, p.payload, p.created_at)
	    LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'batch rejected: change % of terminal % differs from the one received before (the central store holds this terminal''s changes up to %)',
		    bad.s, t.terminal_id, v_stored USING ERRCODE = 'MDG02';
	END IF;

	-- Every member of a change not stored before against its rule: the one pass of
	-- push_usual over these rows (push_rows_rules_broken; a value that does not cast
	-- raises there), then, if something broke a rule, the changes from the first one
	-- found, one by one, for the first that breaks one and what is wrong with it.
	BEGIN
		v_bad := madoguchi.push_rows_rules_broken(t.office_id, t.terminal_id,
		    v_stored);
		v_suspect := v_bad IS NOT NULL;
	EXCEPTION WHEN data_exception THEN
		v_suspect := true;
	END;
	IF v_suspect THEN
		FOR r IN SELECT p.idx, p.seq, p.entity, p.entity_id, p.payload
		    FROM pg_temp.push_rows p
		    WHERE p.idx >= coalesce(v_bad, 0) AND (p.seq > v_stored OR NOT EXISTS
			(SELECT 1 FROM madoguchi.changes c
			WHERE c.office_id = t.office_id AND c.terminal_id = t.terminal_id AND
			c.seq = p.seq))
		    ORDER BY p.idx
		LOOP
			v_why := madoguchi.payload_fault(r.entity, r.payload);
			IF v_why IS NOT NULL THEN
				RAISE EXCEPTION 'batch rejected: change % (seq %, % %): %', r.idx, r.seq,
				    r.entity, r.entity_id, v_why USING ERRCODE = 'data_exception';
			END IF;
		END LOOP;
		-- The one pass and the change by change check are the same rules: not reached.
		RAISE EXCEPTION 'batch rejected: a change breaks the rules of its entity'
		    USING ERRCODE = 'data_exception';
	END IF;
	-- Certificate numbers, before anything is stored: a new one held by another
	-- registration of the office, given twice, or not from this terminal's blocks.
	v_why := madoguchi.push_rows_numbers_fault(t, v_stored);
	IF v_why IS NOT NULL THEN
		RAISE EXCEPTION '%', v_why USING ERRCODE = 'integrity_constraint_violation';
	END IF;

	v_conflicts := '{}';
	FOR k IN 0 .. segs LOOP
		DELETE FROM pg_temp.push_decisions;
		v_open := EXISTS (SELECT 1 FROM madoguchi.conflicts f
		    WHERE f.terminal_id = t.terminal_id AND f.status = 'open');
		-- Changes answered before as conflicts are answered so again.
		SELECT v_conflicts || coalesce(array_agg(p.idx), '{}') INTO v_conflicts
		FROM pg_temp.push_rows p CROSS JOIN LATERAL (SELECT c.status FROM madoguchi.changes c
		    WHERE c.office_id = t.office_id AND c.terminal_id = t.terminal_id AND
		    c.seq = p.seq LIMIT 1) c
		WHERE p.seq <= v_stored AND p.seg = k AND NOT p.resolve AND c.status = 'conflict';
		-- Which change applies. A change applies when it follows the record's version
		-- (the central one, or the previous change of the same record in this batch) and
		-- no conflict of this terminal is open for the record; once one change of a
		-- record conflicts, the later ones in the batch join the conflict. The office
		-- log numbers the applied ones in batch order.
		IF k = 0 AND segs = 0 AND NOT v_open AND v_min > v_stored AND NOT EXISTS (
		    SELECT 1 FROM pg_temp.push_rows p GROUP BY p.entity, p.entity_id
		    HAVING count(*) > 1) THEN
			-- The usual batch: new changes, each of a different record, no open
			-- conflict: each row is decided by the record's central version alone.
			INSERT INTO pg_temp.push_decisions (idx, ok, oseq, cur_version, repeated)
			SELECT d.idx, d.ok, CASE WHEN d.ok THEN v_last +
			    count(*) FILTER (WHERE d.ok) OVER (ORDER BY d.idx) END, d.cur_version, false
			FROM (SELECT p.idx, cur.version AS cur_version, CASE
			    WHEN p.op = 'insert' THEN cur.version IS NULL
			    ELSE coalesce(p.version - 1 = cur.version, false) END AS ok
			    FROM pg_temp.push_rows p
			    LEFT JOIN LATERAL (SELECT cur.version FROM madoguchi.records cur
				WHERE cur.office_id = t.office_id AND cur.entity = p.entity AND
				cur.entity_id = p.entity_id LIMIT 1) cur ON true) d;
		ELSE
			INSERT INTO pg_temp.push_decisions (idx, ok, oseq, cur_version, repeated)
			WITH b AS (
				SELECT p.idx, p.seq, p.entity, p.entity_id, p.version, p.op
				FROM pg_temp.push_rows p
				WHERE p.seg = k AND NOT p.resolve AND (p.seq > v_stored OR
				    NOT EXISTS (SELECT 1 FROM madoguchi.changes c
					WHERE c.office_id = t.office_id AND
					c.terminal_id = t.terminal_id AND c.seq = p.seq))
			), n AS (
				SELECT b.*, cur.version AS cur_version,
				    v_open AND EXISTS (SELECT 1 FROM madoguchi.conflicts f
					WHERE f.terminal_id = t.terminal_id AND f.entity = b.entity AND
					f.entity_id = b.entity_id AND f.status = 'open') AS in_conflict,
				    lag(b.version) OVER w AS prev_version,
				    row_number() OVER w AS nth,
				    count(*) OVER (PARTITION BY b.entity, b.entity_id) AS changes_of_record
				FROM b
				LEFT JOIN LATERAL (SELECT cur.version FROM madoguchi.records cur
				    WHERE cur.office_id = t.office_id AND cur.entity = b.entity AND
				    cur.entity_id = b.entity_id LIMIT 1) cur ON true
				WINDOW w AS (PARTITION BY b.entity, b.entity_id ORDER BY b.idx)
			), o AS (
				SELECT n.*, CASE
				    WHEN n.in_conflict THEN false
				    WHEN n.op = 'insert' THEN n.nth = 1 AND n.cur_version IS NULL
				    ELSE coalesce(n.version - 1 = coalesce(n.prev_version, n.cur_version),
					false)
				    END AS ok1
				FROM n
			), s AS (
				SELECT o.*, bool_and(o.ok1) OVER (PARTITION BY o.entity, o.entity_id
				    ORDER BY o.idx) AS ok
				FROM o
			)
			SELECT s.idx, s.ok, CASE WHEN s.ok THEN v_last + count(*) FILTER (WHERE s.ok)
			    OVER (ORDER BY s.idx) END, s.cur_version, s.changes_of_record > 1
			FROM s;
		END IF;
		SELECT v_conflicts || coalesce(array_agg(d.idx), '{}') INTO v_conflicts
		FROM pg_temp.push_decisions d WHERE NOT d.ok;

		-- Stored: every change in the log (applied or conflict), the applied ones onto
		-- their records, the conflicts opened.
		WITH d AS (
			SELECT p.*, d.ok, d.oseq, d.cur_version, d.repeated
			FROM pg_temp.push_decisions d JOIN pg_temp.push_rows p ON p.idx = d.idx
		), ins AS (
			INSERT INTO madoguchi.changes (terminal_id, seq, office_id, office_seq, entity,
			    entity_id, version, op, payload, status, created_at)
			SELECT t.terminal_id, d.seq, t.office_id, d.oseq, d.entity, d.entity_id,
			    d.version, d.op, d.payload,
			    CASE WHEN d.ok THEN 'applied' ELSE 'conflict' END, d.created_at
			FROM d
		), rec AS (
			-- A record changed once in the batch takes that payload as it is; one
			-- changed more often, the payloads merged in order (a decision carries only
			-- what it decided).
			SELECT d.entity, d.entity_id, d.cur_version, d.version, d.payload,
			    d.op = 'delete' AS deleted, d.seq
			FROM d WHERE d.ok AND NOT d.repeated
			UNION ALL
			SELECT d.entity, d.entity_id, min(d.cur_version), max(d.version),
			    madoguchi.jsonb_merge(d.payload ORDER BY d.idx),
			    (array_agg(d.op ORDER BY d.idx DESC))[1] = 'delete', max(d.seq)
			FROM d WHERE d.ok AND d.repeated
			GROUP BY d.entity, d.entity_id
		), rec_new AS (
			-- New records: the office's pushes are serialised (offices row locked
			-- above), so nobody else can have inserted them since they were looked up.
			INSERT INTO madoguchi.records (office_id, entity, entity_id, version, payload,
			    deleted, terminal_id, seq)
			SELECT t.office_id, rec.entity, rec.entity_id, rec.version, rec.payload,
			    rec.deleted, t.terminal_id, rec.seq
			FROM rec WHERE rec.cur_version IS NULL
		), rec_old AS (
			UPDATE madoguchi.records r SET version = rec.version,
			    payload = r.payload || rec.payload, deleted = rec.deleted,
			    terminal_id = t.terminal_id, seq = rec.seq, updated_at = now()
			FROM rec
			WHERE rec.cur_version IS NOT NULL AND r.office_id = t.office_id AND
			    r.entity = rec.entity AND r.entity_id = rec.entity_id
		), cf AS (
			INSERT INTO madoguchi.conflicts (office_id, terminal_id, entity, entity_id,
			    opened_seq, central_version)
			SELECT DISTINCT ON (d.entity, d.entity_id) t.office_id, t.terminal_id,
			    d.entity, d.entity_id, d.seq, d.cur_version
			FROM d WHERE NOT d.ok
			ORDER BY d.entity, d.entity_id, d.idx
			ON CONFLICT (terminal_id, entity, entity_id) WHERE status = 'open' DO NOTHING
		)
		UPDATE madoguchi.offices SET last_change = last_change +
		    (SELECT count(*) FROM pg_temp.push_decisions d WHERE d.ok)
		WHERE office_id = t.office_id;

		SELECT o.last_change INTO v_last FROM madoguchi.offices o
		    WHERE o.office_id = t.office_id;

		-- The resolution that ends this segment, if any: closes the terminal's open
		-- conflict on that record; a supervisor chose (SPEC §10).
		SELECT p.* INTO r FROM pg_temp.push_rows p WHERE p.resolve AND p.seg = k;
		IF FOUND AND (r.seq > v_stored OR NOT EXISTS (SELECT 1
		    FROM madoguchi.changes c WHERE c.office_id = t.office_id AND
		    c.terminal_id = t.terminal_id AND c.seq = r.seq)) THEN
			UPDATE madoguchi.conflicts f SET status = 'resolved',
			    resolution = r.payload->>'choice', resolved_seq = r.seq, resolved_at = now()
			WHERE f.terminal_id = t.terminal_id AND f.entity = r.payload->>'entity' AND
			    f.entity_id = r.entity_id AND f.status = 'open';
			INSERT INTO madoguchi.changes (terminal_id, seq, office_id, office_seq, entity,
			    entity_id, version, op, payload, status, created_at)
			VALUES (t.terminal_id, r.seq, t.office_id, NULL, r.entity, r.entity_id,
			    r.version, r.op, r.payload, 'resolution', r.created_at);
		END IF;
	END LOOP;
	UPDATE madoguchi.terminals SET last_push_at = now() WHERE terminal_id = t.terminal_id;

	-- The conflicts with the record as it stands now, in the batch's order.
	RETURN QUERY
	SELECT p.seq, 'conflict'::text, cur.version, cur.payload, cur.terminal_id
	FROM pg_temp.push_rows p
	LEFT JOIN LATERAL (SELECT cur.version, cur.payload, cur.terminal_id
	    FROM madoguchi.records cur WHERE cur.office_id = t.office_id AND
	    cur.entity = p.entity AND cur.entity_id = p.entity_id LIMIT 1) cur ON true
	WHERE p.idx = ANY (v_conflicts)
	ORDER BY p.idx;
END
$$;

-- push(batch, signature) with the batch as text, for psql and scripts: the same batch,
-- its bytes in UTF-8 (which the signature is over).
CREATE OR REPLACE FUNCTION madoguchi.push(batch text, signature bytea)
	RETURNS TABLE (seq bigint, status text, central_version bigint,
	    central_payload jsonb, central_terminal text)
	LANGUAGE sql VOLATILE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
	SELECT * FROM madoguchi.push(convert_to(batch, 'UTF8'), signature)
$$;

/*
 * pull(cursor, limit): the office log after cursor, in order, at most limit entries of it.
 * The caller's own changes are left out (it has them), except the window's last entry,
 * which comes without payload so that the client moves its cursor to the window's end.
 */
CREATE OR REPLACE FUNCTION madoguchi.pull(after bigint, max_rows integer)
	RETURNS TABLE (office_seq bigint, terminal_id text, seq bigint, entity text,
	    entity_id uuid, version bigint, op text, payload jsonb, created_at timestamptz)
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
	-- The window is read along the office log's index, in order, and nothing more of the
	-- log: planned from statistics taken while the log was small, it was a scan of all of
	-- the log after the cursor, sorted on disk, at every pull.
	SET enable_seqscan = off
	SET enable_bitmapscan = off
AS $$
#variable_conflict use_column
DECLARE
	t		madoguchi.terminals;
	window_end	bigint;		-- the office_seq of the window's last entry
BEGIN
	t := madoguchi.caller();
	IF after IS NULL OR after < 0 THEN
		RAISE EXCEPTION 'pull: cursor must be 0 or more' USING ERRCODE = 'data_exception';
	END IF;
	PERFORM madoguchi.require_partitions(t.office_id, 'pull');
	-- (A STABLE function: both statements see the same snapshot of the log.)
	window_end := (SELECT max(w.office_seq) FROM (SELECT c.office_seq
	    FROM madoguchi.changes c WHERE c.office_id = t.office_id AND c.office_seq > after
	    ORDER BY c.office_seq LIMIT least(greatest(coalesce(max_rows, 1000), 1), 10000)) w);
	RETURN QUERY
	SELECT c.office_seq, c.terminal_id, c.seq, c.entity, c.entity_id, c.version, c.op,
	    CASE WHEN c.terminal_id = t.terminal_id THEN NULL ELSE c.payload END, c.created_at
	FROM madoguchi.changes c
	WHERE c.office_id = t.office_id AND c.office_seq > after AND c.office_seq <= window_end
	    AND (c.terminal_id <> t.terminal_id OR c.office_seq = window_end)
	ORDER BY c.office_seq;
END
$$;

-- An audit batch's entries as rows (no temporary table: terminals get no TEMP right).
CREATE OR REPLACE FUNCTION madoguchi.audit_rows(body jsonb)
	RETURNS TABLE (idx integer, seq bigint, at text, tty text, user_name text, role text,
	    action text, target text, result text, detail text, prev_mac bytea, mac bytea)
	LANGUAGE sql IMMUTABLE
	SET search_path = pg_catalog
AS $$
	SELECT e.idx::integer, (e.v->>'seq')::bigint, e.v->>'at', e.v->>'tty', e.v->>'user',
	    e.v->>'role', e.v->>'action', e.v->>'target', e.v->>'result', e.v->>'detail',
	    decode(e.v->>'prev_mac', 'hex'), decode(e.v->>'mac', 'hex')
	FROM jsonb_array_elements(body) WITH ORDINALITY AS e(v, idx)
$$;

/*
 * push_audit(batch): the terminal's audit entries in order. Entries already received must
 * be sent unchanged; new ones must continue the chain: seq one more than the stored head,
 * prev_mac equal to the previous entry's mac. Returns the stored head's seq.
 */
CREATE OR REPLACE FUNCTION madoguchi.push_audit(batch text, signature bytea)
	RETURNS bigint
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	raw		bytea;
	batch_id	bigint;		-- as stored in madoguchi.batches
	hdr		jsonb;
	body_text	text;
	t		madoguchi.terminals;
	body		jsonb;
	bad		record;
	head_seq	bigint;
	head_mac	bytea;
BEGIN
	t := madoguchi.caller();
	-- The bytes the terminal signed.
	raw := convert_to(batch, 'UTF8');
	batch_id := madoguchi.accept_batch(t, 'audit', raw, signature);
	hdr := madoguchi.open_batch(raw, 'audit', 1, t);
	body_text := madoguchi.batch_body(raw);
	BEGIN
		body := body_text::jsonb;
	EXCEPTION WHEN others THEN
		RAISE EXCEPTION 'batch rejected: body is not JSON' USING ERRCODE = 'data_exception';
	END;
	IF jsonb_typeof(body) IS DISTINCT FROM 'array' THEN
		RAISE EXCEPTION 'batch rejected: body is not an array' USING ERRCODE = 'data_exception';
	END IF;
	PERFORM madoguchi.check_count(hdr, jsonb_array_length(body));
	SELECT e.idx, e.v INTO bad FROM jsonb_array_elements(body) WITH ORDINALITY AS e(v, idx)
	    WHERE jsonb_typeof(e.v) IS DISTINCT FROM 'object'
	    OR coalesce(e.v->>'seq', '') !~ '^[1-9][0-9]{0,17}$'
	    OR e.v->>'terminal' IS DISTINCT FROM t.terminal_id
	    OR coalesce(e.v->>'prev_mac', '') !~ '^[0-9a-f]{64}$'
	    OR coalesce(e.v->>'mac', '') !~ '^[0-9a-f]{64}$'
	    OR jsonb_typeof(e.v->'at') IS DISTINCT FROM 'string'
	    OR jsonb_typeof(e.v->'tty') IS DISTINCT FROM 'string'
	    OR jsonb_typeof(e.v->'user') IS DISTINCT FROM 'string'
	    OR jsonb_typeof(e.v->'role') IS DISTINCT FROM 'string'
	    OR jsonb_typeof(e.v->'action') IS DISTINCT FROM 'string'
	    OR jsonb_typeof(e.v->'target') IS DISTINCT FROM 'string'
	    OR jsonb_typeof(e.v->'result') IS DISTINCT FROM 'string'
	    OR jsonb_typeof(e.v->'detail') IS DISTINCT FROM 'string'
	    ORDER BY e.idx LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'audit batch rejected: entry % is malformed', bad.idx
		    USING ERRCODE = 'data_exception';
	END IF;

	SELECT x.audit_seq, x.audit_mac INTO head_seq, head_mac FROM madoguchi.terminals x
	    WHERE x.terminal_id = t.terminal_id FOR UPDATE;

	IF EXISTS (SELECT 1 FROM (SELECT a.seq - a.idx AS d FROM madoguchi.audit_rows(body) a) u
	    HAVING count(DISTINCT u.d) > 1) THEN
		RAISE EXCEPTION 'audit batch rejected: sequence numbers not contiguous'
		    USING ERRCODE = 'data_exception';
	END IF;
	-- Entries received before: the same, every field, or someone rewrote history. The MAC
	-- key stays on the terminal, so the store cannot tell a changed field by its MAC: it
	-- compares them all.
	SELECT a.seq INTO bad FROM madoguchi.audit_rows(body) a
	    LEFT JOIN LATERAL (SELECT s.at, s.tty, s.user_name, s.role, s.action, s.target,
		s.result, s.detail, s.mac, s.prev_mac FROM madoguchi.audit_entries s
		WHERE s.office_id = t.office_id AND s.terminal_id = t.terminal_id AND
		s.seq = a.seq LIMIT 1) s ON true
	    WHERE a.seq <= head_seq AND
		(s.at, s.tty, s.user_name, s.role, s.action, s.target, s.result, s.detail,
		    s.mac, s.prev_mac) IS DISTINCT FROM
		(a.at, a.tty, a.user_name, a.role, a.action, a.target, a.result, a.detail,
		    a.mac, a.prev_mac)
	    LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'audit batch rejected: entry % of terminal % differs from the one received before (the central store holds this terminal''s audit log up to %)',
		    bad.seq, t.terminal_id, head_seq USING ERRCODE = 'MDG02';
	END IF;
	-- New entries continue the chain, one by one.
	SELECT u.seq, u.why INTO bad FROM (
		SELECT a.seq, CASE
		    WHEN a.seq <> head_seq + row_number() OVER (ORDER BY a.idx) THEN 'sequence gap'
		    WHEN a.prev_mac <> coalesce(lag(a.mac) OVER (ORDER BY a.idx), head_mac)
			THEN 'prev_mac does not match the previous entry'
		    END AS why
		FROM madoguchi.audit_rows(body) a WHERE a.seq > head_seq
	) u WHERE u.why IS NOT NULL ORDER BY u.seq LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'audit batch rejected: the chain does not link at entry % of terminal % (%)',
		    bad.seq, t.terminal_id, bad.why USING ERRCODE = 'data_exception';
	END IF;

	INSERT INTO madoguchi.audit_entries (terminal_id, seq, office_id, at, tty, user_name, role,
	    action, target, result, detail, prev_mac, mac)
	SELECT t.terminal_id, a.seq, t.office_id, a.at, a.tty, a.user_name, a.role, a.action,
	    a.target, a.result, a.detail, a.prev_mac, a.mac
	FROM madoguchi.audit_rows(body) a WHERE a.seq > head_seq ORDER BY a.seq;
	UPDATE madoguchi.terminals x SET
	    audit_seq = coalesce((SELECT max(a.seq) FROM madoguchi.audit_rows(body) a), x.audit_seq),
	    audit_mac = coalesce((SELECT a.mac FROM madoguchi.audit_rows(body) a ORDER BY a.seq DESC LIMIT 1),
		x.audit_mac)
	WHERE x.terminal_id = t.terminal_id AND
	    (SELECT max(a.seq) FROM madoguchi.audit_rows(body) a) > x.audit_seq;
	RETURN (SELECT x.audit_seq FROM madoguchi.terminals x WHERE x.terminal_id = t.terminal_id);
END
$$;

-- A series on this timeline (01-schema.sql): given what it recorded (timeline, NULL when
-- unknown; its next number and skipped range), what it records now. Nothing moves if it
-- last leased on this timeline. Else the setting gap (at most room) is skipped, unless the
-- series is new or of unknown history and the store has been on this timeline longer than
-- failover_window_hours. Notes the store's new timeline when it first sees it.
CREATE OR REPLACE FUNCTION madoguchi.failover_gap(timeline integer, next_number bigint,
	failover_first bigint, failover_last bigint, gap text, room bigint,
	OUT now_on integer, OUT next_after bigint, OUT first_skipped bigint,
	OUT last_skipped bigint)
	LANGUAGE plpgsql VOLATILE
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	st	madoguchi.store_timeline;
	v_hours	integer;
	v_skip	bigint := 0;
BEGIN
	now_on := madoguchi.timeline();
	next_after := failover_gap.next_number;
	first_skipped := failover_gap.failover_first;
	last_skipped := failover_gap.failover_last;
	IF failover_gap.timeline = now_on THEN
		RETURN;
	END IF;
	SELECT * INTO st FROM madoguchi.store_timeline FOR UPDATE;
	IF st.timeline IS DISTINCT FROM now_on THEN
		INSERT INTO madoguchi.store_timeline VALUES (true, now_on, now())
		    ON CONFLICT (only_row) DO UPDATE SET timeline = now_on, changed_at = now()
		    RETURNING * INTO st;
	END IF;
	SELECT value::integer INTO v_hours FROM madoguchi.settings
	    WHERE name = 'failover_window_hours';
	IF failover_gap.timeline IS NOT NULL OR
	    st.changed_at > now() - make_interval(hours => coalesce(v_hours, 24)) THEN
		SELECT coalesce(greatest(least(value::bigint, room), 0), 0) INTO v_skip
		    FROM madoguchi.settings WHERE name = gap;
	END IF;
	IF coalesce(v_skip, 0) > 0 THEN
		first_skipped := next_after;
		last_skipped := next_after + v_skip - 1;
		next_after := next_after + v_skip;
	END IF;
END
$$;

-- The certificate series on this timeline, its row locked for the caller's transaction:
-- on the first call after a new timeline began, the numbers the old one may have leased
-- after what this one holds are skipped and recorded as failover_first to failover_last.
CREATE OR REPLACE FUNCTION madoguchi.number_series_turn() RETURNS madoguchi.number_series
	LANGUAGE plpgsql VOLATILE
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	s	madoguchi.number_series;
	g	record;
BEGIN
	SELECT * INTO s FROM madoguchi.number_series WHERE series = 'certificate' FOR UPDATE;
	g := madoguchi.failover_gap(s.timeline, s.next_number, s.failover_first,
	    s.failover_last, 'failover_number_gap', 999999999999 - s.next_number);
	IF g.now_on IS DISTINCT FROM s.timeline THEN
		UPDATE madoguchi.number_series x SET timeline = g.now_on,
		    next_number = g.next_after, failover_first = g.first_skipped,
		    failover_last = g.last_skipped
		    WHERE x.series = 'certificate' RETURNING x.* INTO s;
	END IF;
	RETURN s;
END
$$;

-- The same for an office's reception series of a year, begun if missing.
CREATE OR REPLACE FUNCTION madoguchi.reception_series_turn(office text, for_year integer)
	RETURNS madoguchi.reception_series
	LANGUAGE plpgsql VOLATILE
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	s	madoguchi.reception_series;
	g	record;
BEGIN
	INSERT INTO madoguchi.reception_series (office_id, year)
	    VALUES (office, for_year) ON CONFLICT DO NOTHING;
	SELECT * INTO s FROM madoguchi.reception_series x
	    WHERE x.office_id = office AND x.year = for_year FOR UPDATE;
	g := madoguchi.failover_gap(s.timeline, s.next_number, s.failover_first,
	    s.failover_last, 'failover_reception_gap', 10000000 - s.next_number);
	IF g.now_on IS DISTINCT FROM s.timeline THEN
		UPDATE madoguchi.reception_series x SET timeline = g.now_on,
		    next_number = g.next_after, failover_first = g.first_skipped,
		    failover_last = g.last_skipped
		    WHERE x.office_id = office AND x.year = for_year RETURNING x.* INTO s;
	END IF;
	RETURN s;
END
$$;

-- lease_numbers(n): a block of n certificate numbers no other terminal will ever get.
CREATE OR REPLACE FUNCTION madoguchi.lease_numbers(n integer,
	OUT first_number bigint, OUT last_number bigint)
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	t	madoguchi.terminals;
BEGIN
	t := madoguchi.caller();
	IF n IS NULL OR n < 1 OR n > 100000 THEN
		RAISE EXCEPTION 'lease_numbers: n must be from 1 to 100000' USING ERRCODE = 'data_exception';
	END IF;
	PERFORM madoguchi.number_series_turn();
	UPDATE madoguchi.number_series SET next_number = next_number + n
	    WHERE series = 'certificate'
	    RETURNING next_number - n, next_number - 1 INTO first_number, last_number;
	INSERT INTO madoguchi.number_blocks (series, office_id, terminal_id, first_number,
	    last_number)
	VALUES ('certificate', t.office_id, t.terminal_id, first_number, last_number);
END
$$;

-- lease_receptions(year, n, own_last): a block of n reception numbers of the caller's office
-- for the year that no other terminal of the office will ever get. own_last is the highest
-- number the caller handed out from its own series while it did not sync (it was then its
-- office's only terminal, db/reception/reception.h): the series goes on past it, so that
-- no block leased to anyone holds a number already given.
DROP FUNCTION IF EXISTS madoguchi.lease_receptions(integer, integer);
CREATE OR REPLACE FUNCTION madoguchi.lease_receptions(for_year integer, n integer,
	own_last bigint DEFAULT 0, OUT first_number bigint, OUT last_number bigint)
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	t	madoguchi.terminals;
BEGIN
	t := madoguchi.caller();
	IF n IS NULL OR n < 1 OR n > 100000 THEN
		RAISE EXCEPTION 'lease_receptions: n must be from 1 to 100000' USING ERRCODE = 'data_exception';
	END IF;
	IF for_year IS NULL OR for_year < 2000 OR for_year > 9999 THEN
		RAISE EXCEPTION 'lease_receptions: the year must be from 2000 to 9999' USING ERRCODE = 'data_exception';
	END IF;
	IF own_last IS NULL OR own_last < 0 OR own_last > 9999999 THEN
		RAISE EXCEPTION 'lease_receptions: the last number of the own series must be from 0 to 9999999' USING ERRCODE = 'data_exception';
	END IF;
	PERFORM madoguchi.reception_series_turn(t.office_id, for_year);
	UPDATE madoguchi.reception_series s
	    SET next_number = greatest(s.next_number, own_last + 1) + n
	    WHERE s.office_id = t.office_id AND s.year = for_year AND
		greatest(s.next_number, own_last + 1) + n <= 10000000
	    RETURNING s.next_number - n, s.next_number - 1 INTO first_number, last_number;
	IF first_number IS NULL THEN
		RAISE EXCEPTION 'lease_receptions: office % has fewer than % reception numbers left for %',
		    t.office_id, n, for_year USING ERRCODE = 'data_exception';
	END IF;
	INSERT INTO madoguchi.reception_blocks (office_id, terminal_id, year, first_number,
	    last_number)
	VALUES (t.office_id, t.terminal_id, for_year, first_number, last_number);
END
$$;

-- restore_leases(kinds, years, prefixes, firsts, lasts): the blocks of numbers this terminal
-- holds as the store's: kind 'certificate' (leased from the series: prefix '', year 0),
-- 'registered' (certificate numbers under a prefix, registered by register_block; year 0)
-- or 'reception' (of a year; prefix ''). Called at each sync before the push, so that
-- after a failover to a standby that was behind (01-schema.sql) the store knows again the
-- blocks the terminal's changes take their numbers from. Blocks the store knows as the
-- caller's are not answered; for each other, 'restored', or 'refused' with why (the
-- terminal hands out nothing more from it): it overlaps a block the store knows, or a
-- leased one lies outside the numbers the last failover may have lost. Bad arguments
-- raise data_exception.
CREATE OR REPLACE FUNCTION madoguchi.restore_leases(kinds text[], years integer[],
	prefixes text[], firsts bigint[], lasts bigint[])
	RETURNS TABLE (kind text, year integer, prefix text, first_number bigint,
	    last_number bigint, outcome text, why text)
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	t	madoguchi.terminals;
	b	record;
	o	record;
	ns	madoguchi.number_series;
	rs	madoguchi.reception_series;
	n	integer := cardinality(kinds);
BEGIN
	t := madoguchi.caller();
	IF kinds IS NULL OR years IS NULL OR prefixes IS NULL OR firsts IS NULL OR
	    lasts IS NULL OR cardinality(years) <> n OR cardinality(prefixes) <> n OR
	    cardinality(firsts) <> n OR cardinality(lasts) <> n OR n > 10000 THEN
		RAISE EXCEPTION 'restore_leases: five arrays of the same length, at most 10000'
		    USING ERRCODE = 'data_exception';
	END IF;
	FOR b IN SELECT u.k, u.y, u.p, u.f, u.l
	    FROM unnest(kinds, years, prefixes, firsts, lasts) WITH ORDINALITY
		AS u(k, y, p, f, l, i)
	    ORDER BY u.i
	LOOP
		IF b.k IS NULL OR b.k NOT IN ('certificate', 'registered', 'reception') THEN
			RAISE EXCEPTION 'restore_leases: a block is of kind certificate, registered or reception, not %',
			    coalesce(madoguchi.shown(b.k), 'null') USING ERRCODE = 'data_exception';
		END IF;
		IF b.f IS NULL OR b.l IS NULL OR b.y IS NULL OR b.p IS NULL OR b.l < b.f OR
		    b.f < (CASE b.k WHEN 'registered' THEN 0 ELSE 1 END) OR
		    b.l > (CASE b.k WHEN 'reception' THEN 9999999 ELSE 999999999999 END) OR
		    (b.k <> 'registered' AND (b.l - b.f >= 100000 OR b.p <> '')) OR
		    (b.k = 'registered' AND
			b.p !~ '^[A-Za-z0-9-]{0,7}[A-Za-z-]$') OR
		    (b.k <> 'reception' AND b.y <> 0) OR
		    (b.k = 'reception' AND b.y NOT BETWEEN 2000 AND 9999) THEN
			RAISE EXCEPTION '%', format('restore_leases: %s block %s%s to %s%s of year %s is not a block the store could have given',
			    b.k, madoguchi.shown(coalesce(b.p, '')), b.f,
			    madoguchi.shown(coalesce(b.p, '')), b.l, b.y)
			    USING ERRCODE = 'data_exception';
		END IF;
		IF b.k <> 'reception' THEN
			CONTINUE WHEN EXISTS (SELECT 1 FROM madoguchi.number_blocks x
			    WHERE x.office_id = t.office_id AND x.terminal_id = t.terminal_id AND
			    x.prefix = b.p AND x.first_number = b.f AND x.last_number = b.l AND
			    (x.source = 'registered') = (b.k = 'registered'));
			IF b.k = 'certificate' THEN
				ns := madoguchi.number_series_turn();
			ELSE
				-- One registration at a time per office, as register_block.
				PERFORM 1 FROM madoguchi.offices f
				    WHERE f.office_id = t.office_id FOR UPDATE;
			END IF;
			SELECT x.prefix, x.first_number, x.last_number, x.terminal_id INTO o
			    FROM madoguchi.number_blocks x
			    WHERE x.office_id = t.office_id AND x.prefix = b.p AND
			    x.first_number <= b.l AND x.last_number >= b.f
			    ORDER BY x.first_number LIMIT 1;
		ELSE
			CONTINUE WHEN EXISTS (SELECT 1 FROM madoguchi.reception_blocks x
			    WHERE x.office_id = t.office_id AND x.terminal_id = t.terminal_id AND
			    x.year = b.y AND x.first_number = b.f AND x.last_number = b.l);
			rs := madoguchi.reception_series_turn(t.office_id, b.y);
			ns.failover_first := rs.failover_first;
			ns.failover_last := rs.failover_last;
			SELECT '' AS prefix, x.first_number, x.last_number, x.terminal_id INTO o
			    FROM madoguchi.reception_blocks x
			    WHERE x.office_id = t.office_id AND x.year = b.y AND
			    x.first_number <= b.l AND x.last_number >= b.f
			    ORDER BY x.first_number LIMIT 1;
		END IF;
		kind := b.k;
		year := b.y;
		prefix := b.p;
		first_number := b.f;
		last_number := b.l;
		outcome := 'refused';
		IF o.terminal_id IS NOT NULL THEN
			why := format('it overlaps block %s%s to %s%s of terminal %s', o.prefix,
			    o.first_number, o.prefix, o.last_number, madoguchi.shown(o.terminal_id));
		ELSIF b.k <> 'registered' AND ns.failover_first IS NULL THEN
			why := 'the central store never leased it, and no failover lost a lease of this series';
		ELSIF b.k <> 'registered' AND
		    (b.f < ns.failover_first OR b.l > ns.failover_last) THEN
			why := format('it is not among the numbers the last failover may have lost (%s to %s)',
			    ns.failover_first, ns.failover_last);
		ELSE
			outcome := 'restored';
			why := '';
			IF b.k <> 'reception' THEN
				INSERT INTO madoguchi.number_blocks (series, office_id, terminal_id,
				    first_number, last_number, prefix, source)
				VALUES ('certificate', t.office_id, t.terminal_id, b.f, b.l, b.p,
				    CASE b.k WHEN 'registered' THEN 'registered' ELSE 'restored' END);
			END IF;
			IF b.k = 'certificate' THEN
				UPDATE madoguchi.number_series x
				    SET next_number = greatest(x.next_number, b.l + 1)
				    WHERE x.series = 'certificate';
			ELSIF b.k = 'reception' THEN
				INSERT INTO madoguchi.reception_blocks (office_id, terminal_id, year,
				    first_number, last_number, source)
				VALUES (t.office_id, t.terminal_id, b.y, b.f, b.l, 'restored');
				UPDATE madoguchi.reception_series x
				    SET next_number = greatest(x.next_number, b.l + 1)
				    WHERE x.office_id = t.office_id AND x.year = b.y;
			END IF;
		END IF;
		RETURN NEXT;
	END LOOP;
END
$$;

/*
 * A terminal restored from a backup (docs/sync.md, "A restored terminal"): what
 * madoguchi-admin sync-recover asks to decide whether the terminal can resume. Each
 * function tells the caller about its own history only: its changes and audit entries
 * as it sent them, and the office log as pull() gives it. Nothing here writes.
 */

-- How far the store's history of the caller goes: its last change, its audit head.
CREATE OR REPLACE FUNCTION madoguchi.recovery_head(OUT last_seq bigint,
	OUT audit_seq bigint, OUT audit_mac text)
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	t	madoguchi.terminals;
BEGIN
	t := madoguchi.caller();
	last_seq := madoguchi.last_seq(t.office_id, t.terminal_id);
	audit_seq := t.audit_seq;
	audit_mac := encode(t.audit_mac, 'hex');
END
$$;

/*
 * How far the store's history goes, asked at the start of every sync (docs/sync.md,
 * "Failover"): recovery_head()'s last change and audit entry of the caller, and its office
 * log's last number. After a failover to a standby that had not received the primary's
 * last commits, or a restore of the store, these can be behind what the terminal was told
 * was stored; the terminal then sends those changes and entries again (the store takes a
 * (terminal, seq) once) and reads the office log again from the store's end. Nothing here
 * writes, so a standby answers it too.
 */
CREATE OR REPLACE FUNCTION madoguchi.sync_heads(OUT last_seq bigint, OUT audit_seq bigint,
	OUT office_last bigint)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
	SELECT madoguchi.require_partitions(madoguchi.current_office(), 'sync_heads');
	SELECT h.last_seq, h.audit_seq, (SELECT o.last_change FROM madoguchi.offices o
	    WHERE o.office_id = madoguchi.current_office())
	FROM madoguchi.recovery_head() h
$$;

-- The caller's own changes after seq, in order, as it sent them (the time in its form).
CREATE OR REPLACE FUNCTION madoguchi.recovery_changes(after bigint, max_rows integer)
	RETURNS TABLE (seq bigint, office_seq bigint, entity text, entity_id uuid,
	    version bigint, op text, payload jsonb, status text, created_at text)
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	t	madoguchi.terminals;
BEGIN
	t := madoguchi.caller();
	RETURN QUERY
	SELECT c.seq, c.office_seq, c.entity, c.entity_id, c.version, c.op, c.payload,
	    c.status, to_char(c.created_at AT TIME ZONE 'UTC',
		'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
	FROM madoguchi.changes c
	WHERE c.office_id = t.office_id AND c.terminal_id = t.terminal_id AND
	    c.seq > coalesce(after, 0)
	ORDER BY c.seq
	LIMIT least(greatest(coalesce(max_rows, 1000), 1), 10000);
END
$$;

/*
 * The first change of a changes body (the lines of a batch, docs/sync.md) that the store
 * does not hold as it is, by the rule push() refuses a batch with (MDG02); NULL when it
 * holds them all. The terminal asks with its unsent changes: those the store holds
 * already were sent by the database it was restored over.
 */
CREATE OR REPLACE FUNCTION madoguchi.recovery_differs(body text) RETURNS bigint
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	t	madoguchi.terminals;
	first	bigint;
BEGIN
	t := madoguchi.caller();
	IF body IS NULL OR body = '' THEN
		RETURN NULL;
	END IF;
	BEGIN
		SELECT min(p.seq) INTO first FROM madoguchi.change_lines(body) p
		    LEFT JOIN LATERAL (SELECT c.entity, c.entity_id, c.version, c.op,
			c.payload, c.created_at FROM madoguchi.changes c
			WHERE c.office_id = t.office_id AND c.terminal_id = t.terminal_id AND
			c.seq = p.seq LIMIT 1) c ON true
		    WHERE p.fields <> 7 OR (c.entity, c.entity_id, c.version, c.op, c.payload,
			c.created_at) IS DISTINCT FROM
			(p.entity, p.entity_id, p.version, p.op, p.payload, p.created_at);
	EXCEPTION WHEN data_exception THEN
		RAISE EXCEPTION 'recovery: a change is malformed (%)', madoguchi.shown(SQLERRM, 200)
		    USING ERRCODE = 'data_exception';
	END;
	RETURN first;
END
$$;

-- The caller's own audit entries after seq, in order, as it sent them.
CREATE OR REPLACE FUNCTION madoguchi.recovery_audit(after bigint, max_rows integer)
	RETURNS TABLE (seq bigint, at text, tty text, user_name text, role text,
	    action text, target text, result text, detail text, prev_mac text, mac text)
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	t	madoguchi.terminals;
BEGIN
	t := madoguchi.caller();
	RETURN QUERY
	SELECT a.seq, a.at, a.tty, a.user_name, a.role, a.action, a.target, a.result,
	    a.detail, encode(a.prev_mac, 'hex'), encode(a.mac, 'hex')
	FROM madoguchi.audit_entries a
	WHERE a.office_id = t.office_id AND a.terminal_id = t.terminal_id AND
	    a.seq > coalesce(after, 0)
	ORDER BY a.seq
	LIMIT least(greatest(coalesce(max_rows, 1000), 1), 10000);
END
$$;

/*
 * pull() for a restored terminal: the office log after cursor, with the caller's own
 * changes from seq from_seq on included with their payload (those its database lost), so
 * that it applies them in the office's order among the others'. Its earlier own changes
 * are left out as pull() leaves them out.
 */
CREATE OR REPLACE FUNCTION madoguchi.recovery_pull(after bigint, from_seq bigint,
	max_rows integer)
	RETURNS TABLE (office_seq bigint, terminal_id text, seq bigint, entity text,
	    entity_id uuid, version bigint, op text, payload jsonb, created_at timestamptz)
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
	SET enable_seqscan = off
	SET enable_bitmapscan = off
AS $$
#variable_conflict use_column
DECLARE
	t		madoguchi.terminals;
	window_end	bigint;
BEGIN
	t := madoguchi.caller();
	IF after IS NULL OR after < 0 OR from_seq IS NULL THEN
		RAISE EXCEPTION 'recovery_pull: cursor must be 0 or more'
		    USING ERRCODE = 'data_exception';
	END IF;
	window_end := (SELECT max(w.office_seq) FROM (SELECT c.office_seq
	    FROM madoguchi.changes c WHERE c.office_id = t.office_id AND c.office_seq > after
	    ORDER BY c.office_seq LIMIT least(greatest(coalesce(max_rows, 1000), 1), 10000)) w);
	RETURN QUERY
	SELECT c.office_seq, c.terminal_id, c.seq, c.entity, c.entity_id, c.version, c.op,
	    CASE WHEN c.terminal_id <> t.terminal_id OR c.seq >= from_seq THEN c.payload END,
	    c.created_at
	FROM madoguchi.changes c
	WHERE c.office_id = t.office_id AND c.office_seq > after AND c.office_seq <= window_end
	    AND (c.terminal_id <> t.terminal_id OR c.seq >= from_seq OR
		c.office_seq = window_end)
	ORDER BY c.office_seq;
END
$$;

/* retention_floors(): the floors of the retention rules, the same for every terminal. */
CREATE OR REPLACE FUNCTION madoguchi.retention_floors(OUT kind text, OUT days integer)
	RETURNS SETOF record
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
	SELECT f.kind, f.days FROM madoguchi.retention_floors f ORDER BY f.kind;
$$;

/*
 * disclosure(holder, from, until): for a resident's request (開示, issue 20), every entry
 * of the calling terminal's office whose target names this holder, from every terminal of
 * the office and never another office's (the caller's office decides, as for pull), with
 * the acting user's full name from the office's account register. from and until are UTC
 * times as the log writes them (until excluded); NULL: open.
 */
CREATE OR REPLACE FUNCTION madoguchi.disclosure(holder text, from_at text, until_at text)
	RETURNS TABLE (terminal_id text, seq bigint, at text, tty text, user_name text,
	    role text, action text, target text, result text, detail text, full_name text)
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	t	madoguchi.terminals;
BEGIN
	IF holder IS NULL OR holder !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
	THEN
		RAISE EXCEPTION 'not a holder id: %', madoguchi.shown(coalesce(holder, ''));
	END IF;
	t := madoguchi.caller();
	RETURN QUERY
	SELECT a.terminal_id, a.seq, a.at, a.tty, a.user_name, a.role, a.action, a.target,
	    a.result, a.detail,
	    (SELECT r.payload->>'full_name' FROM madoguchi.records r WHERE r.office_id =
		t.office_id AND r.entity = 'account' AND r.payload->>'user_name' = a.user_name
		ORDER BY r.version DESC LIMIT 1)
	FROM madoguchi.audit_entries a
	WHERE a.office_id = t.office_id AND
	    -- The range finds them through audit_entries_target; substr keeps it exact.
	    a.target COLLATE "C" >= 'holder:' || holder AND
	    a.target COLLATE "C" < 'holder:' || holder || chr(1114111) AND
	    substr(a.target, 1, 7) = 'holder:' AND substr(a.target, 8, 36) = holder AND (from_at IS NULL OR a.at >= from_at) AND
	    (until_at IS NULL OR a.at < until_at)
	ORDER BY a.at, a.terminal_id, a.seq;
END
$$;

-- The self-inspection report's office-wide part (issue 23): for the caller's office, its
-- terminals, every terminal's accounts as last pushed, and every terminal's backups and
-- restore tests in the period (dates YYYY-MM-DD, UTC, both included). Columns a-g
-- depend on kind:
--   terminal	a active, b last push
--   account	a the record's payload as pushed (JSON)
--   backup	a at, b user
--   restore	a at, b backup, c result, d detail
CREATE OR REPLACE FUNCTION madoguchi.self_inspection(from_date text, to_date text)
	RETURNS TABLE (kind text, terminal_id text, a text, b text, c text, d text, e text,
	    f text, g text)
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	t	madoguchi.terminals;
BEGIN
	IF from_date !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' OR to_date !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
	THEN
		RAISE EXCEPTION 'not a period: % to %', madoguchi.shown(coalesce(from_date, '')),
		    madoguchi.shown(coalesce(to_date, ''));
	END IF;
	t := madoguchi.caller();
	RETURN QUERY
	SELECT 'terminal', x.terminal_id, x.active::text, coalesce(x.last_push_at::text, ''),
	    NULL::text, NULL::text, NULL::text, NULL::text, NULL::text
	FROM madoguchi.terminals x WHERE x.office_id = t.office_id
	UNION ALL
	SELECT 'account', r.terminal_id, r.payload::text, NULL, NULL, NULL, NULL, NULL, NULL
	FROM madoguchi.records r WHERE r.office_id = t.office_id AND r.entity = 'account'
	UNION ALL
	SELECT CASE x.action WHEN 'admin.backup' THEN 'backup' ELSE 'restore' END,
	    x.terminal_id, x.at, CASE x.action WHEN 'admin.backup' THEN x.user_name ELSE
	    x.target END, x.result, x.detail, NULL, NULL, NULL
	FROM madoguchi.audit_entries x WHERE x.office_id = t.office_id AND
	    x.action IN ('admin.backup', 'admin.restore-test') AND
	    substr(x.at, 1, 10) BETWEEN from_date AND to_date
	ORDER BY 1, 2, 3;
END
$$;

RESET ROLE;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA madoguchi FROM PUBLIC;
GRANT EXECUTE ON FUNCTION madoguchi.whoami() TO madoguchi_terminal;
-- Row-level security calls it as the querying role; it tells only the own office.
GRANT EXECUTE ON FUNCTION madoguchi.current_office() TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.push(bytea, bytea) TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.push(text, bytea) TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.pull(bigint, integer) TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.push_audit(text, bytea) TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.lease_numbers(integer) TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.lease_receptions(integer, integer, bigint) TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.restore_leases(text[], integer[], text[], bigint[], bigint[]) TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.register_block(text, bigint, bigint) TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.sync_heads() TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.recovery_head() TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.recovery_changes(bigint, integer) TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.recovery_differs(text) TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.recovery_audit(bigint, integer) TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.recovery_pull(bigint, bigint, integer) TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.disclosure(text, text, text) TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.retention_floors() TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.self_inspection(text, text) TO madoguchi_terminal;
