-- madoguchi central store (SPEC §10): the only way in for terminals.
--
-- Every function here is SECURITY DEFINER, owned by madoguchi_owner, with a fixed
-- search_path; terminals may EXECUTE them and nothing else. The terminal is whoever
-- logged in (session_user, authenticated by its certificate): no function takes an office
-- or terminal id from the caller, so a terminal cannot ask for another office's rows.
-- docs/sync.md describes the batch format and the rules.

SET client_min_messages = warning;
SET ROLE madoguchi_owner;

DO $types$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
	    WHERE n.nspname = 'madoguchi' AND t.typname = 'push_row') THEN
		CREATE TYPE madoguchi.push_row AS (
			idx		integer,	-- place in the batch, from 1
			seq		bigint,
			entity		text,
			entity_id	uuid,
			version		bigint,
			op		text,
			payload		jsonb,
			created_at	timestamptz,
			seg		integer,	-- resolutions seen before this row
			resolve		boolean		-- a conflict resolution, not a change
		);
	END IF;
END
$types$;

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

-- Splits "header\nbody", checks the header against the caller and the body's SHA-256 and
-- size; returns the body parsed. Anything wrong raises: the whole batch is refused.
CREATE OR REPLACE FUNCTION madoguchi.open_batch(batch text, kind text, t madoguchi.terminals)
	RETURNS jsonb
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	nl		integer;
	header		jsonb;
	body_text	text;
	body		jsonb;
	n		integer;
	max_rows	integer;
	skew		double precision;
	max_skew	integer;
BEGIN
	IF batch IS NULL THEN
		RAISE EXCEPTION 'batch rejected: empty' USING ERRCODE = 'data_exception';
	END IF;
	nl := position(E'\n' IN batch);
	IF nl = 0 THEN
		RAISE EXCEPTION 'batch rejected: no header line' USING ERRCODE = 'data_exception';
	END IF;
	BEGIN
		header := substr(batch, 1, nl - 1)::jsonb;
	EXCEPTION WHEN others THEN
		RAISE EXCEPTION 'batch rejected: header is not JSON' USING ERRCODE = 'data_exception';
	END;
	body_text := substr(batch, nl + 1);
	IF jsonb_typeof(header) IS DISTINCT FROM 'object' OR header->>'format' IS DISTINCT FROM '1'
	    OR header->>'kind' IS DISTINCT FROM kind THEN
		RAISE EXCEPTION 'batch rejected: not a format 1 % batch', kind
		    USING ERRCODE = 'data_exception';
	END IF;
	IF header->>'terminal' IS DISTINCT FROM t.terminal_id THEN
		RAISE EXCEPTION 'batch rejected: it names terminal % but this connection is terminal %',
		    header->>'terminal', t.terminal_id USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF header->>'sha256' IS DISTINCT FROM
	    encode(sha256(convert_to(body_text, 'UTF8')), 'hex') THEN
		RAISE EXCEPTION 'batch rejected: SHA-256 of the body does not match its header (damaged in transit?)'
		    USING ERRCODE = 'data_exception';
	END IF;
	BEGIN
		body := body_text::jsonb;
	EXCEPTION WHEN others THEN
		RAISE EXCEPTION 'batch rejected: body is not JSON' USING ERRCODE = 'data_exception';
	END;
	IF jsonb_typeof(body) IS DISTINCT FROM 'array' THEN
		RAISE EXCEPTION 'batch rejected: body is not an array' USING ERRCODE = 'data_exception';
	END IF;
	n := jsonb_array_length(body);
	SELECT value::integer INTO max_rows FROM madoguchi.settings WHERE name = 'max_batch_rows';
	IF n = 0 OR n > coalesce(max_rows, 10000) OR
	    header->>'count' IS DISTINCT FROM n::text THEN
		RAISE EXCEPTION 'batch rejected: % rows, header says % (at most % allowed)', n,
		    header->>'count', coalesce(max_rows, 10000) USING ERRCODE = 'data_exception';
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
	RETURN body;
END
$$;

/*
 * push(batch): the terminal's outbox rows. Returns one row per change that was not
 * applied because it conflicts (status 'conflict'), with the record's central version and
 * state; no row for a change applied now or before. A batch sent again is answered the
 * same way: (terminal, seq) already stored means "done", never "do again".
 */
CREATE OR REPLACE FUNCTION madoguchi.push(batch text)
	RETURNS TABLE (seq bigint, status text, central_version bigint,
	    central_payload jsonb, central_terminal text)
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	t		madoguchi.terminals;
	body		jsonb;
	v_rows		madoguchi.push_row[];
	bad		record;
	v_last		bigint;
	k		integer;
	segs		integer;
	r		madoguchi.push_row;
BEGIN
	t := madoguchi.caller();
	body := madoguchi.open_batch(batch, 'changes', t);

	-- Shape of every row before anything is cast or stored.
	SELECT e.idx, e.v INTO bad FROM jsonb_array_elements(body) WITH ORDINALITY AS e(v, idx)
	    WHERE jsonb_typeof(e.v) IS DISTINCT FROM 'object'
	    OR coalesce(e.v->>'seq', '') !~ '^[1-9][0-9]{0,17}$'
	    OR coalesce(e.v->>'entity', '') !~ '^[a-z][a-z0-9_.-]{0,31}$'
	    OR coalesce(e.v->>'id', '') !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
	    OR coalesce(e.v->>'version', '') !~ '^[1-9][0-9]{0,17}$'
	    OR coalesce(e.v->>'op', '') NOT IN ('insert', 'update', 'delete')
	    OR jsonb_typeof(e.v->'payload') IS DISTINCT FROM 'object'
	    OR coalesce(e.v->>'at', '') !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$'
	    OR (e.v->>'entity' = 'sync.resolve' AND (
		coalesce(e.v->'payload'->>'entity', '') !~ '^[a-z][a-z0-9_.-]{0,31}$' OR
		coalesce(e.v->'payload'->>'choice', '') NOT IN ('local', 'remote')))
	    ORDER BY e.idx LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'batch rejected: change % is malformed: %', bad.idx, left(bad.v::text, 200)
		    USING ERRCODE = 'data_exception';
	END IF;
	BEGIN
		v_rows := ARRAY(
			SELECT ROW(e.idx::integer, (e.v->>'seq')::bigint, e.v->>'entity',
			    (e.v->>'id')::uuid, (e.v->>'version')::bigint, e.v->>'op', e.v->'payload',
			    (e.v->>'at')::timestamptz,
			    (count(*) FILTER (WHERE e.v->>'entity' = 'sync.resolve')
				OVER (ORDER BY e.idx ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING))::integer,
			    e.v->>'entity' = 'sync.resolve')::madoguchi.push_row
			FROM jsonb_array_elements(body) WITH ORDINALITY AS e(v, idx)
			ORDER BY e.idx);
	EXCEPTION WHEN data_exception OR datetime_field_overflow OR invalid_datetime_format THEN
		RAISE EXCEPTION 'batch rejected: a change has a value out of range (%)', SQLERRM
		    USING ERRCODE = 'data_exception';
	END;
	SELECT u.idx INTO bad FROM (SELECT x.idx, x.seq, lag(x.seq) OVER (ORDER BY x.idx) AS prev
	    FROM unnest(v_rows) x) u WHERE u.seq <= u.prev LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'batch rejected: sequence numbers not increasing at change %', bad.idx
		    USING ERRCODE = 'data_exception';
	END IF;
	-- A change sent again must be the change stored: the same key for different content
	-- means a terminal database was replaced or damaged, which a person must look at.
	-- (The lookups here and below are LATERAL with LIMIT 1 — the key is unique — so that
	-- they stay one index probe per row of the batch: as plain joins the planner, misled
	-- by statistics older than the last batches, scanned the batch once per stored
	-- change, and a batch sent again after a crash took seconds per thousand rows.)
	SELECT x.seq AS s INTO bad FROM unnest(v_rows) x CROSS JOIN LATERAL
	    (SELECT c.entity, c.entity_id, c.version, c.op FROM madoguchi.changes c
		WHERE c.terminal_id = t.terminal_id AND c.seq = x.seq LIMIT 1) c
	    WHERE (c.entity, c.entity_id, c.version, c.op) IS DISTINCT FROM
		(x.entity, x.entity_id, x.version, x.op)
	    LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'batch rejected: change % of terminal % differs from the one received before',
		    bad.s, t.terminal_id USING ERRCODE = 'unique_violation';
	END IF;

	-- One push at a time per office: the office log numbers follow commit order.
	SELECT o.last_change INTO v_last FROM madoguchi.offices o
	    WHERE o.office_id = t.office_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'office % of terminal % is missing', t.office_id, t.terminal_id;
	END IF;

	SELECT coalesce(max(x.seg), 0) INTO segs FROM unnest(v_rows) x;
	FOR k IN 0 .. segs LOOP
		-- The changes of this segment, set-based. A change applies when it follows the
		-- record's version (the central one, or the previous change of the same record in
		-- this batch) and no conflict of this terminal is open for the record; once one
		-- change of a record conflicts, the later ones in the batch join the conflict.
		RETURN QUERY
		WITH b AS (
			SELECT x.*, c.status AS old_status
			FROM unnest(v_rows) x
			LEFT JOIN LATERAL (SELECT c.status FROM madoguchi.changes c
			    WHERE c.terminal_id = t.terminal_id AND c.seq = x.seq LIMIT 1) c ON true
			WHERE x.seg = k AND NOT x.resolve
		), n AS (
			SELECT b.*, cur.version AS cur_version,
			    EXISTS (SELECT 1 FROM madoguchi.conflicts f
				WHERE f.terminal_id = t.terminal_id AND f.entity = b.entity AND
				f.entity_id = b.entity_id AND f.status = 'open') AS in_conflict,
			    lag(b.version) OVER w AS prev_version,
			    row_number() OVER w AS nth
			FROM b
			LEFT JOIN LATERAL (SELECT cur.version FROM madoguchi.records cur
			    WHERE cur.office_id = t.office_id AND cur.entity = b.entity AND
			    cur.entity_id = b.entity_id LIMIT 1) cur ON true
			WHERE b.old_status IS NULL
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
		), a AS (
			SELECT s.*, CASE WHEN s.ok THEN v_last + row_number() OVER
			    (PARTITION BY s.ok ORDER BY s.idx) END AS oseq
			FROM s
		), ins AS (
			INSERT INTO madoguchi.changes (terminal_id, seq, office_id, office_seq, entity,
			    entity_id, version, op, payload, status, created_at)
			SELECT t.terminal_id, a.seq, t.office_id, a.oseq, a.entity, a.entity_id,
			    a.version, a.op, a.payload,
			    CASE WHEN a.ok THEN 'applied' ELSE 'conflict' END, a.created_at
			FROM a
			RETURNING 1
		), up AS (
			INSERT INTO madoguchi.records AS rec (office_id, entity, entity_id, version,
			    payload, deleted, terminal_id, seq)
			SELECT t.office_id, a.entity, a.entity_id, max(a.version),
			    madoguchi.jsonb_merge(a.payload ORDER BY a.idx),
			    (array_agg(a.op ORDER BY a.idx DESC))[1] = 'delete', t.terminal_id,
			    max(a.seq)
			FROM a WHERE a.ok
			GROUP BY a.entity, a.entity_id
			ON CONFLICT (office_id, entity, entity_id) DO UPDATE SET
			    version = EXCLUDED.version, payload = rec.payload || EXCLUDED.payload,
			    deleted = EXCLUDED.deleted, terminal_id = EXCLUDED.terminal_id,
			    seq = EXCLUDED.seq, updated_at = now()
			RETURNING rec.entity, rec.entity_id, rec.version, rec.payload, rec.terminal_id
		), cf AS (
			INSERT INTO madoguchi.conflicts (office_id, terminal_id, entity, entity_id,
			    opened_seq, central_version)
			SELECT DISTINCT ON (a.entity, a.entity_id) t.office_id, t.terminal_id,
			    a.entity, a.entity_id, a.seq, a.cur_version
			FROM a WHERE NOT a.ok
			ORDER BY a.entity, a.entity_id, a.idx
			ON CONFLICT (terminal_id, entity, entity_id) WHERE status = 'open' DO NOTHING
			RETURNING 1
		), lc AS (
			UPDATE madoguchi.offices SET last_change = last_change +
			    (SELECT count(*) FROM a WHERE a.ok)
			WHERE office_id = t.office_id
			RETURNING last_change
		), out AS (
			SELECT a.idx, a.seq, a.entity, a.entity_id FROM a WHERE NOT a.ok
			UNION ALL
			SELECT b.idx, b.seq, b.entity, b.entity_id FROM b WHERE b.old_status = 'conflict'
		)
		SELECT out.seq, 'conflict'::text, coalesce(up.version, cur.version),
		    coalesce(up.payload, cur.payload), coalesce(up.terminal_id, cur.terminal_id)
		FROM out
		LEFT JOIN up ON up.entity = out.entity AND up.entity_id = out.entity_id
		LEFT JOIN LATERAL (SELECT cur.version, cur.payload, cur.terminal_id
		    FROM madoguchi.records cur WHERE cur.office_id = t.office_id AND
		    cur.entity = out.entity AND cur.entity_id = out.entity_id LIMIT 1) cur ON true
		ORDER BY out.idx;

		SELECT o.last_change INTO v_last FROM madoguchi.offices o
		    WHERE o.office_id = t.office_id;

		-- The resolution that ends this segment, if any: closes the terminal's open
		-- conflict on that record; a supervisor chose (SPEC §10).
		SELECT x.* INTO r FROM unnest(v_rows) x WHERE x.resolve AND x.seg = k;
		IF FOUND AND NOT EXISTS (SELECT 1 FROM madoguchi.changes c
		    WHERE c.terminal_id = t.terminal_id AND c.seq = r.seq) THEN
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
END
$$;

/*
 * pull(cursor, limit): the office log after cursor, in order. The caller's own changes
 * come without payload (it has them); the client moves its cursor past them too.
 */
CREATE OR REPLACE FUNCTION madoguchi.pull(after bigint, max_rows integer)
	RETURNS TABLE (office_seq bigint, terminal_id text, seq bigint, entity text,
	    entity_id uuid, version bigint, op text, payload jsonb, created_at timestamptz)
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	t	madoguchi.terminals;
BEGIN
	t := madoguchi.caller();
	IF after IS NULL OR after < 0 THEN
		RAISE EXCEPTION 'pull: cursor must be 0 or more' USING ERRCODE = 'data_exception';
	END IF;
	RETURN QUERY
	SELECT c.office_seq, c.terminal_id, c.seq, c.entity, c.entity_id, c.version, c.op,
	    CASE WHEN c.terminal_id = t.terminal_id THEN NULL ELSE c.payload END, c.created_at
	FROM madoguchi.changes c
	WHERE c.office_id = t.office_id AND c.office_seq > after
	ORDER BY c.office_seq
	LIMIT least(greatest(coalesce(max_rows, 1000), 1), 10000);
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
CREATE OR REPLACE FUNCTION madoguchi.push_audit(batch text) RETURNS bigint
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = madoguchi, pg_catalog, pg_temp
AS $$
DECLARE
	t		madoguchi.terminals;
	body		jsonb;
	bad		record;
	head_seq	bigint;
	head_mac	bytea;
BEGIN
	t := madoguchi.caller();
	body := madoguchi.open_batch(batch, 'audit', t);
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
	-- Entries received before: the same, or someone rewrote history.
	SELECT a.seq INTO bad FROM madoguchi.audit_rows(body) a
	    LEFT JOIN LATERAL (SELECT s.mac, s.prev_mac FROM madoguchi.audit_entries s
		WHERE s.terminal_id = t.terminal_id AND s.seq = a.seq LIMIT 1) s ON true
	    WHERE a.seq <= head_seq AND (s.mac IS DISTINCT FROM a.mac OR
		s.prev_mac IS DISTINCT FROM a.prev_mac)
	    LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'audit batch rejected: entry % of terminal % differs from the one received before',
		    bad.seq, t.terminal_id USING ERRCODE = 'data_exception';
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
	UPDATE madoguchi.number_series SET next_number = next_number + n
	    WHERE series = 'certificate'
	    RETURNING next_number - n, next_number - 1 INTO first_number, last_number;
	INSERT INTO madoguchi.number_blocks (series, office_id, terminal_id, first_number,
	    last_number)
	VALUES ('certificate', t.office_id, t.terminal_id, first_number, last_number);
END
$$;

RESET ROLE;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA madoguchi FROM PUBLIC;
GRANT EXECUTE ON FUNCTION madoguchi.whoami() TO madoguchi_terminal;
-- Row-level security calls it as the querying role; it tells only the own office.
GRANT EXECUTE ON FUNCTION madoguchi.current_office() TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.push(text) TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.pull(bigint, integer) TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.push_audit(text) TO madoguchi_terminal;
GRANT EXECUTE ON FUNCTION madoguchi.lease_numbers(integer) TO madoguchi_terminal;
