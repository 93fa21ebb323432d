#!/bin/sh
# Issue 33, conflicts at scale: another terminal's 5,000 registrations whose certificate
# numbers this terminal already holds (it imported them before syncing), each with its
# issue event: the desk's pull records 10,000 conflicts, each with its cause; the
# supervisor's queue counts them by cause at its top, and one decision for a group resolves
# every conflict of it, each recorded and audited. Recording a conflict looks its record up
# in the outbox by an index (EXPLAIN QUERY PLAN), not by walking the outbox.
. "$top_srcdir/tests/e2e/login-lib.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
trap 'tmux_stop_all; pg_stop; cleanup_fixture' EXIT
N=${CASCADE_N:-5000}
pg_central central OFFICE-A DEMO-TEST-01 t_desk DEMO-A2 t_a2
# Each registration is received under a reception number of its own.
SYNC_RECEPTIONS=$((N + 10)) sync_terminal DEMO-A2 t_a2
pam_users suzuki:pw-suzuki
desk_sync_conf t_desk

# The desk holds the same numbers already, for one holder of its own, never synced.
"$top_builddir/tests/sync/sync-tool" --config "$WORK/madoguchi.conf" add 1 OWN > /dev/null ||
	bail "the desk's own holder"
desk_sync
h=$(sql_with_key "SELECT holder_id FROM registrations LIMIT 1;")
q=$(sql_with_key "SELECT qualification FROM registrations LIMIT 1;")
sql_with_key "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $N)
	INSERT INTO registrations (id, holder_id, qualification, certificate_number, route,
	    created_at, updated_at)
	SELECT printf('%08x-0000-4000-8000-%012x', i, i), '$h', '$q', printf('CAS%06d', i),
	    'exam', '2026-01-01', '2026-01-01' FROM k;" > /dev/null
is "$(sql_with_key "SELECT count(*) FROM registrations WHERE certificate_number GLOB 'CAS*';")" \
	"$N" "the desk holds $N numbers CAS000001 ... of its own"

# The other terminal registers N holders with the same numbers and syncs.
tool DEMO-A2 add "$N" CAS > /dev/null || bail "registrations on A2"
out=$(sync_now DEMO-A2) || bail "A2's sync: $out"

plan=$(sql_with_key "EXPLAIN QUERY PLAN SELECT seq, version, payload FROM outbox_full
	WHERE entity = 'registration' AND entity_id = 'x' ORDER BY seq DESC LIMIT 1;")
like "$plan" "USING INDEX outbox_record" "a conflict's record is found by the outbox's index"
unlike "$plan" "SCAN o" "... not by walking the outbox"

# A terminal with a long history (CASCADE_HISTORY pushed rows in its outbox; 0 in the test
# run): for measuring that recording a conflict does not cost more with it.
if [ "${CASCADE_HISTORY:-0}" -gt 0 ]; then
	sql_with_key "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k
		WHERE i < $CASCADE_HISTORY) INSERT INTO outbox (seq, terminal_id, entity, entity_id,
		version, op, payload, created_at, pushed_at) SELECT 1000000000 + i, 'DEMO-TEST-01',
		'registration',
		printf('%08x-1111-4000-8000-%012x', i, i), 1, 'insert', '{}', '2026-01-01',
		'2026-01-01' FROM k;" > /dev/null
	[ -n "${CASCADE_OLD_PLAN:-}" ] && sql_with_key "DROP INDEX outbox_record;" > /dev/null
fi
t0=$(date +%s.%N)
desk_sync
t1=$(date +%s.%N)
diag "the desk's pull with $((2 * N)) conflicts took $(echo "$t1 - $t0" | bc) s"
is "$(sql_with_key "SELECT entity || ' ' || cause || ' ' || count(*) FROM sync_conflicts
	WHERE status = 'open' GROUP BY entity, cause ORDER BY entity;" | tr '\n' ';')" \
	"event follows $N;registration number-taken $N;" \
	"$((2 * N)) conflicts: the registrations' numbers are taken, their events follow them"
is "$(sql_with_key "SELECT count(*) FROM holders;")" $((N + 1)) \
	"... while the holders themselves are taken"
# Why, in both languages, in the words of this program rather than SQLite's.
is "$(sql_with_key "SELECT DISTINCT cause || ': ' || reason || ' / ' || reason_ja FROM
	sync_conflicts WHERE status = 'open' ORDER BY cause;" | tr '\n' ';')" \
	"follows: the record it belongs to waits in the conflict queue / 属する記録が競合の一覧で待っています;number-taken: its certificate number is held by another registration here / その証明書番号はこの端末の別の登録が使っています;" \
	"... each saying why in English and in Japanese, not in the database's words"
app_owns_db

# In Japanese, the first conflict of the queue (an event, by cause) opened says why in
# Japanese, though the pull that recorded it ran in English.
desk_conflicts_ja j
tmux_keys j Enter
tmux_wait j "理由:"
ok $? "in Japanese, a conflict opened from the queue says why"
diag "$(tmux_screen j)"
like "$(tmux_screen j)" "理由: 属する記録が競合の一覧で待っています" \
	"... in Japanese: its registration waits in the queue"
like "$(tmux_screen j)" "承認者" "... its members under Japanese labels"
unlike "$(tmux_screen j)" "approved_by" "... not their names in the payload"
logout j 2> /dev/null || sleep 1

app s1
login s1 suzuki pw-suzuki
tmux_wait s1 "(suzuki)" || bail "suzuki cannot log in"
n=$(tmux_screen s1 | sed -n "s/^ *\([0-9][0-9]*\)  Resolve sync conflicts.*/\1/p")
[ -n "$n" ] || bail "no conflict queue in the supervisor's menu"
while [ "$n" -gt 1 ]; do tmux_keys s1 Down; n=$((n - 1)); done
tmux_keys s1 Enter
tmux_wait s1 "Sync conflicts" || bail "no conflict queue"
tmux_wait s1 "$((2 * N)) conflicts:"
ok $? "the queue counts the conflicts"
screen=$(tmux_screen s1)
diag "$screen"
flat=$(printf '%s' "$screen" | tr -s ' \n' '  ')
like "$flat" "$N registration (certificate number held by another record)" \
	"... by cause: the registrations whose number is taken"
like "$flat" "$N event (event of a registration in the queue)" \
	"... and their events"
like "$screen" "L Group: keep" "the group decisions are offered"

# The first row is of the events' group (ordered by cause); keep this terminal's version
# for all of them at once.
tmux_keys s1 L
tmux_wait s1 "for all $N conflicts of event" || bail "no question for the group"
tmux_keys s1 y
tmux_wait s1 "$N conflicts resolved." 60
ok $? "one decision resolves the whole group"
tmux_wait s1 "$N conflicts:"
ok $? "... and the queue counts what is left"
logout s1

is "$(sql_with_key "SELECT count(*) FROM sync_conflicts WHERE entity = 'event' AND status = 'local' AND resolved_by = 'suzuki';")" \
	"$N" "each conflict of the group has its own decision"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'sync.resolve' AND user = 'suzuki';")" \
	"$N" "... and its own audit entry"
is "$(sql_with_key "SELECT count(*) FROM audit_log a JOIN sync_conflicts c ON a.target =
	'holder:' || json_extract(c.remote_payload, '$.holder_id') || ' event:' || c.entity_id ||
	' conflict:' || c.id WHERE a.action = 'sync.resolve' AND c.entity = 'event';")" \
	"$N" "... which names the event's holder first, though only the other terminal has it"
is "$(sql_with_key "SELECT count(*) FROM sync_conflicts WHERE entity = 'registration' AND status = 'open';")" \
	"$N" "the other group still waits"

done_testing
