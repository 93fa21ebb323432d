#!/bin/sh
# Issue 30, item 2: the central store's big tables are partitioned by office. Setup makes
# an office's partitions when it registers the office; each office's rows land in its own;
# an office archived (its partitions detached) has its pushes and pulls refused with what
# to do, and setup attaches them again; a store made before the partitioning (the schema of commit
# 1988b95, from git) is converted by running setup again, every row kept, and its
# terminals go on syncing.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
PREVIOUS=1988b95
git -C "$top_srcdir" cat-file -e "$PREVIOUS" 2> /dev/null ||
	skip_all "the previous schema ($PREVIOUS) is not in this tree's git history"
TABLES="changes records audit_entries batches"
pg_start

# --- A store set up now.
pg_central central OFFICE-A DEMO-P1 t_p1
pg_central central OFFICE-B DEMO-P2 t_p2
is "$(pg_sql central "SELECT string_agg(relname || ':' || relkind::text, ' ' ORDER BY relname)
	FROM pg_class WHERE relname IN ('changes', 'records', 'audit_entries', 'batches')
	AND relnamespace = 'madoguchi'::regnamespace")" \
	"audit_entries:p batches:p changes:p records:p" "the four big tables are partitioned"
for o in OFFICE-A OFFICE-B; do
	is "$(pg_sql central "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid =
		i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE c.relname =
		madoguchi.office_partition_name(p.relname, '$o')")" 4 \
		"setup made $o's four partitions"
done
sync_terminal DEMO-P1 t_p1
sync_terminal DEMO-P2 t_p2
tool DEMO-P1 add 4 PA- > /dev/null || bail "holders on DEMO-P1"
tool DEMO-P2 add 3 PB- > /dev/null || bail "holders on DEMO-P2"
for t in DEMO-P1 DEMO-P2; do
	out=$(sync_now "$t") || bail "sync of $t: $out"
done
for t in $TABLES; do
	is "$(pg_sql central "SELECT count(*) FROM madoguchi.$t x WHERE x.tableoid::regclass::text
		<> 'madoguchi.' || madoguchi.office_partition_name('$t', x.office_id)")" 0 \
		"$t: every row is in its office's partition"
done
is "$(pg_sql central "SELECT count(*) FROM madoguchi.records WHERE entity = 'holder'
	GROUP BY office_id ORDER BY office_id" | tr '\n' ' ')" "4 3 " \
	"each office's holders are its own"
is "$(tsql DEMO-P2 "SELECT count(*) FROM holders")" 3 "a terminal pulls its office's only"

# One office's sync reads none of another office's partitions, so that its cost does not
# grow with theirs. Many of the functions' queries name the terminal, not its office; the
# forced row-level security adds office_id = current_office() to each, and PostgreSQL
# leaves the other partitions out when the statement starts. The scans are counted by
# PostgreSQL as each session ends.
scans_of() {	# scans_of OFFICE: sequential and index scans of its four partitions so far
	pg_sql central "SELECT sum(seq_scan + coalesce(idx_scan, 0)) FROM pg_stat_user_tables
		WHERE relname LIKE '%\_' || substr(md5('$1'), 1, 12)"
}
before=$(scans_of OFFICE-B)
tool DEMO-P1 add 2 PA- > /dev/null || bail "more holders on DEMO-P1"
out=$(sync_now DEMO-P1) || bail "sync of DEMO-P1: $out"
like "$out" "pushed: " "DEMO-P1 pushes and pulls again"
sleep 1	# the ended session's counts reach the statistics
is "$(scans_of OFFICE-B)" "$before" "... reading none of OFFICE-B's partitions"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.records WHERE entity = 'holder'
	AND office_id = 'OFFICE-A'")" 6 "... and its two holders are stored"

# Nor does it plan over or lock them, so that a sync does not cost more with every office
# there is (docs/central-scale.md): each query of a push and a pull names the office and is
# planned for its value. In one transaction, what a usual push runs for DEMO-P1 (its last
# batch taken back out and stored again, with the checks on the way) and a sync's heads and
# pull as the terminal: OFFICE-A's partitions locked, none of OFFICE-B's.
partition_locks() {
	psql -X -q -tA -v ON_ERROR_STOP=1 -d central <<'SQL' 2>&1
\o /dev/null
BEGIN;
CREATE TEMP TABLE again AS SELECT madoguchi.batch_body(b.batch) AS body
FROM madoguchi.batches b WHERE b.office_id = 'OFFICE-A' AND b.terminal_id = 'DEMO-P1' AND
    b.kind = 'changes' ORDER BY b.id DESC LIMIT 1;
CREATE TEMP TABLE again_seq AS SELECT min(r.seq) AS first, count(*) AS n
FROM again a CROSS JOIN madoguchi.change_lines(a.body) r;
DELETE FROM madoguchi.records r WHERE r.office_id = 'OFFICE-A' AND (r.entity, r.entity_id) IN
    (SELECT c.entity, c.entity_id FROM madoguchi.changes c WHERE c.office_id = 'OFFICE-A' AND
    c.terminal_id = 'DEMO-P1' AND c.seq >= (SELECT first FROM again_seq));
DELETE FROM madoguchi.changes c WHERE c.office_id = 'OFFICE-A' AND c.terminal_id = 'DEMO-P1'
    AND c.seq >= (SELECT first FROM again_seq);
SELECT madoguchi.push_usual(t, jsonb_build_object('count', s.n), a.body,
    madoguchi.last_seq(t.office_id, t.terminal_id), o.last_change)
FROM madoguchi.terminals t, again a, again_seq s, madoguchi.offices o
WHERE t.terminal_id = 'DEMO-P1' AND o.office_id = t.office_id;
SELECT madoguchi.push_rows_open();
SELECT madoguchi.push_rows_rules_broken(t.office_id, t.terminal_id, 0),
    madoguchi.push_rows_numbers_fault(t, 0)
FROM madoguchi.terminals t WHERE t.terminal_id = 'DEMO-P1';
SET SESSION AUTHORIZATION t_p1;
SELECT * FROM madoguchi.sync_heads();
SELECT count(*) FROM madoguchi.pull(0, 10);
RESET SESSION AUTHORIZATION;
\o
SELECT count(*) FILTER (WHERE c.relname LIKE '%\_' || substr(md5('OFFICE-B'), 1, 12) || '%')
    || ' ' || (count(*) FILTER (WHERE c.relname LIKE 'changes\_' ||
    substr(md5('OFFICE-A'), 1, 12) || '%') > 0)
FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.pid = pg_backend_pid();
ROLLBACK;
SQL
}
is "$(partition_locks)" "0 true" "... nor plans over or locks them (push, heads and pull)"

# --- An office archived: its partitions detached, its terminals refused; then setup
# attaches them again.
setup() { "$top_srcdir/db/central/madoguchi-central-setup" --dbname central "$@" 2>&1; }
out=$(setup --archive-office OFFICE-B); rc=$?
is "$rc" 0 "--archive-office detaches the office's partitions"
is "$(printf '%s\n' "$out" | sed -n '/detached tables now:/{n;p;}' | wc -w)" 4 "... all four, named"
is "$(pg_sql central "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
	WHERE c.relname LIKE '%_' || substr(md5('OFFICE-B'), 1, 12)")" 0 "... none attached now"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.$(pg_sql central "SELECT madoguchi.office_partition_name('records', 'OFFICE-B')") WHERE entity = 'holder'")" \
	3 "... and their rows kept in the detached tables"
out=$(setup --archive-office OFFICE-B); rc=$?
is "$rc" 1 "archiving it again fails"
like "$out" "no attached partitions" "... saying why"
out=$(setup --archive-office 'OFFICE B'); rc=$?
is "$rc" 2 "an office id with a space: usage error"
tool DEMO-P2 add 2 PB- > /dev/null || bail "more holders on DEMO-P2"
before=$(tool DEMO-P2 state | sed -n 's/^pending //p')
out=$(sync_now DEMO-P2); rc=$?
isnt "$rc" 0 "a sync of an archived office fails"
like "$out" "no partition for office OFFICE-B" "... saying which office"
like "$out" "madoguchi-central-setup --office OFFICE-B" "... and what to run"
is "$(tool DEMO-P2 state | sed -n 's/^pending //p')" "$before" \
	"... and nothing was marked sent ($before pending)"
out=$(psql -X -q -tA -d "$(pg_conninfo central t_p2)" -c "SELECT count(*) FROM madoguchi.pull(0, 10)" 2>&1); rc=$?
isnt "$rc" 0 "a pull of an office without its partition fails"
like "$out" "no partition for office OFFICE-B (archived, or not yet set up)" \
	"... saying so, rather than answering nothing new"
# A push sent straight to the store (an older client, or one that skipped sync_heads()):
# refused in accept_batch() before anything of it is stored, never a partition made.
out=$(psql -X -q -tA -d "$(pg_conninfo central t_p2)" -c "SELECT count(*) FROM
	madoguchi.push(convert_to('x', 'UTF8'), convert_to('y', 'UTF8'))" 2>&1); rc=$?
isnt "$rc" 0 "a push of an office without its partition fails"
like "$out" "batch rejected: the central store has no partition for office OFFICE-B" "... saying so"
is "$(pg_sql central "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
	WHERE c.relname LIKE '%_' || substr(md5('OFFICE-B'), 1, 12)")" 0 \
	"... and no partition was made for it on the fly"
out=$(sync_now DEMO-P1); rc=$?
is "$rc" 0 "the other office syncs meanwhile"
out=$(setup --office OFFICE-B) || bail "setup again: $out"
out=$(sync_now DEMO-P2); rc=$?
is "$rc" 0 "after setup for the office again, it syncs"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.records WHERE entity = 'holder' AND
	office_id = 'OFFICE-B'")" 5 "... its detached rows back and the new ones stored (5 holders)"

# --- A store made before the partitioning, converted by running setup again.
old=$WORK/previous
mkdir -p "$old"
for f in 01-schema.sql 02-functions.sql 03-rules.sql madoguchi-central-setup; do
	git -C "$top_srcdir" show "$PREVIOUS:db/central/$f" > "$old/$f" ||
		bail "cannot read $f of $PREVIOUS"
done
chmod +x "$old/madoguchi-central-setup"
CENTRAL_DB=old
"$old/madoguchi-central-setup" --dbname old --office OFFICE-U > /dev/null 2>&1 ||
	bail "the previous setup failed"
for t in DEMO-U1 DEMO-U2; do
	r=t_$(echo "${t#DEMO-}" | tr U u)
	pg_signing_key "$r"
	pg_client_cert "$r"
	"$old/madoguchi-central-setup" --dbname old --office OFFICE-U --terminal "$t" --role "$r" \
		--signing-key "$PG_TLS/$r.sign.pub" > /dev/null 2>&1 || bail "previous setup of $t"
	sync_terminal "$t" "$r"
done
tool DEMO-U1 add 5 UA- > /dev/null || bail "holders on DEMO-U1"
for t in DEMO-U1 DEMO-U2 DEMO-U1; do
	out=$(sync_now "$t") || bail "sync of $t with the previous store: $out"
done
is "$(pg_sql old "SELECT relkind FROM pg_class WHERE oid = 'madoguchi.changes'::regclass")" r \
	"the previous store's tables are plain"
counts() {
	for t in $TABLES; do
		printf '%s:%s ' "$t" "$(pg_sql old "SELECT count(*) || '/' || coalesce(sum(hashtext(x::text)), 0) FROM madoguchi.$t x")"
	done
}
was=$(counts)
out=$("$top_srcdir/db/central/madoguchi-central-setup" --dbname old 2>&1); rc=$?
is "$rc" 0 "setup converts the previous store"
[ "$rc" -eq 0 ] || diag "$out"
is "$(pg_sql old "SELECT string_agg(relkind::text, '' ORDER BY relname) FROM pg_class WHERE
	relname IN ('changes', 'records', 'audit_entries', 'batches') AND relnamespace =
	'madoguchi'::regnamespace")" pppp "... into partitioned tables"
is "$(counts)" "$was" "... with every row as it was (counts and checksums)"
is "$(pg_sql old "SELECT count(*) FROM pg_class WHERE relname LIKE '%_unpartitioned%'")" 0 \
	"... and the old tables gone"
out=$("$top_srcdir/db/central/madoguchi-central-setup" --dbname old 2>&1); rc=$?
is "$rc" 0 "setup again on the converted store"
is "$(counts)" "$was" "... changes nothing"
tool DEMO-U1 add 2 UA- > /dev/null || bail "more holders on DEMO-U1"
tool DEMO-U2 add 2 UB- > /dev/null || bail "holders on DEMO-U2"
for t in DEMO-U1 DEMO-U2 DEMO-U1 DEMO-U2; do
	out=$(sync_now "$t"); rc=$?
	is "$rc" 0 "$t syncs with the converted store"
done
for t in DEMO-U1 DEMO-U2; do
	is "$(pg_sql old "SELECT count(*) || ' ' || count(DISTINCT seq) FROM madoguchi.changes
		WHERE terminal_id = '$t'")" \
		"$(tsql "$t" "SELECT count(*) || ' ' || count(*) FROM outbox")" \
		"$t: each of its changes once"
done
register_dump DEMO-U1 > "$WORK/u1.dump"
register_dump DEMO-U2 > "$WORK/u2.dump"
cmp -s "$WORK/u1.dump" "$WORK/u2.dump"
ok $? "both terminals hold the same register ($(grep -c '^holder' "$WORK/u1.dump") holders)"

done_testing
