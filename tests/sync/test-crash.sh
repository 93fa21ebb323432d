#!/bin/sh
# SPEC §10: a crash at any point loses nothing and duplicates nothing. Two terminals sync
# again and again while this script kills madoguchi-admin sync-now with SIGKILL at random
# moments (at least 200 kills, bounded in time), one terminal editing records between
# kills; then each sync runs to the end and central and both terminals must hold exactly
# the expected rows: every change once, every edit's last value, the audit chains whole.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
KILLS=${SYNC_CRASH_KILLS:-200}
DEADLINE=${SYNC_CRASH_SECONDS:-240}
# Small batches: many central and local commits to fall between.
SYNC_BATCH=4
pg_start
pg_central central OFFICE-A DEMO-A1 t_a1 DEMO-A2 t_a2
sync_terminal DEMO-A1 t_a1
sync_terminal DEMO-A2 t_a2

tool DEMO-A1 add 50 A1- || bail "holders on A1"
tool DEMO-A2 add 30 A2- || bail "holders on A2"
tool DEMO-A1 edit-random 20 1 A1- > "$WORK/edits" || bail "edits on A1"
tool DEMO-A2 edit-random 20 2 A2- >> "$WORK/edits" || bail "edits on A2"

# A random number from 0 to $1 - 1.
rand() {
	echo $(( $(od -An -N4 -tu4 /dev/urandom | tr -d ' ') % $1 ))
}

kills=0 runs=0 done_runs=0 edits=0
# The kills fall anywhere from before the connection to the last commits of a cycle: at a
# random moment from 0 to max_ms. How long a sync takes depends on the machine, its load and
# how much is pending, so the range follows it: every sync that finished before its kill
# shrinks the range by a quarter (kills must fall inside the work, not after it), and 20
# kills in a row double it (up to 3.2 s), so that syncs still reach their later commits.
max_ms=200 since_done=0
start=$(date +%s)
while [ "$kills" -lt "$KILLS" ] && [ $(($(date +%s) - start)) -lt "$DEADLINE" ]; do
	if [ "$(rand 2)" -eq 0 ]; then t=DEMO-A1; else t=DEMO-A2; fi
	madoguchi-admin sync-now --quiet --config "$WORK/$t/madoguchi.conf" > /dev/null 2>&1 &
	pid=$!
	ms=$(rand "$max_ms")
	sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
	if kill -KILL "$pid" 2> /dev/null; then
		wait "$pid" 2> /dev/null
		rc=$?
	else
		wait "$pid" 2> /dev/null
		rc=$?
	fi
	# A sync that exited just before the kill is a zombie that kill still reaches: only
	# the exit status tells a kill from a finish.
	if [ "$rc" -eq 137 ]; then
		kills=$((kills + 1)) since_done=$((since_done + 1))
		if [ "$since_done" -ge 20 ] && [ "$max_ms" -lt 3200 ]; then
			max_ms=$((max_ms * 2)) since_done=0
		fi
	else
		done_runs=$((done_runs + 1)) since_done=0
		[ "$max_ms" -gt 20 ] && max_ms=$((max_ms * 3 / 4))
	fi
	runs=$((runs + 1))
	# New changes keep arriving while the terminals sync: each terminal edits the
	# holders it registered (only those, so that no edit can conflict).
	if [ $((runs % 3)) -eq 0 ]; then
		p=${t#DEMO-}-
		tool "$t" edit-random 1 $((100 + runs)) "$p" >> "$WORK/edits" || bail "edit on $t"
		edits=$((edits + 1))
	fi
done
elapsed=$(($(date +%s) - start))
diag "$runs runs in ${elapsed}s: $kills killed by SIGKILL, $done_runs finished first, $edits edits between (kills within ${max_ms} ms at the end)"
ok $((kills >= KILLS ? 0 : 1)) "at least $KILLS syncs killed with SIGKILL within ${DEADLINE}s ($kills)"
# The kills must have fallen among the work, not only before it: much had moved.
moved=$(pg_sql central "SELECT count(*) FROM madoguchi.changes")
pulled=$(tsql DEMO-A2 "SELECT count(*) FROM holders")
total=$(($(tsql DEMO-A1 "SELECT count(*) FROM outbox") + $(tsql DEMO-A2 "SELECT count(*) FROM outbox")))
diag "under the kills: $moved of $total changes reached the central store; DEMO-A2 pulled $((pulled - 30)) of 50 holders"
ok $((moved > total / 2 && pulled > 30 ? 0 : 1)) "the syncs made progress between the kills"

for t in DEMO-A1 DEMO-A2 DEMO-A1 DEMO-A2; do
	out=$(sync_now "$t") || bail "sync-now $t after the kills: $out"
done

# Every change of each terminal is at the central store, once; nothing pending.
for t in DEMO-A1 DEMO-A2; do
	is "$(pg_sql central "SELECT count(*) FROM madoguchi.changes WHERE terminal_id = '$t'")" \
		"$(tsql "$t" "SELECT count(*) FROM outbox")" "$t: each of its changes is at the central store"
	is "$(pg_sql central "SELECT count(*) FROM madoguchi.changes WHERE terminal_id = '$t' AND status <> 'applied'")" \
		0 "$t: ... all applied, none in conflict"
	is "$(tool "$t" state | sed -n 's/^pending //p')" 0 "$t: nothing pending"
	is "$(tool "$t" conflicts)" "" "$t: no conflict"
	is "$(pg_sql central "SELECT audit_seq FROM madoguchi.terminals WHERE terminal_id = '$t'")|$(pg_sql central "SELECT count(*) FROM madoguchi.audit_entries WHERE terminal_id = '$t'")" \
		"$(tsql "$t" "SELECT max(seq) || '|' || count(*) FROM audit_log")" \
		"$t: its whole audit chain is at the central store"
	out=$(madoguchi-admin verify-audit --config "$WORK/$t/madoguchi.conf" 2>&1); rc=$?
	is "$rc" 0 "$t: its audit chain verifies after the kills"
done
is "$(pg_sql central "SELECT count(*) FROM madoguchi.records WHERE entity = 'holder'")" 80 \
	"central: 80 holders"
for t in DEMO-A1 DEMO-A2; do
	is "$(tsql "$t" "SELECT count(*) || ' ' || count(DISTINCT id) FROM holders")" "80 80" \
		"$t: 80 holders, none twice"
	is "$(tsql "$t" "SELECT count(*) FROM registrations")" 80 "$t: 80 registrations"
done
register_dump DEMO-A1 > "$WORK/a1.dump"
register_dump DEMO-A2 > "$WORK/a2.dump"
cmp -s "$WORK/a1.dump" "$WORK/a2.dump"
ok $? "both terminals hold the same register"

# Each edited holder holds its last edit, here, there and centrally.
awk '{ last[$1] = $2 } END { for (h in last) print h, last[h] }' "$WORK/edits" | sort > "$WORK/expected"
for t in DEMO-A1 DEMO-A2; do
	tsql "$t" "SELECT id || ' ' || address2 FROM holders WHERE address2 LIKE '試験%' ORDER BY id" \
		> "$WORK/$t.got"
	cmp -s "$WORK/expected" "$WORK/$t.got"
	ok $? "$t: every edit's last value, no other ($(wc -l < "$WORK/expected") holders)"
done
pg_sql central "SELECT entity_id || ' ' || (payload->>'address2') FROM madoguchi.records WHERE entity = 'holder' AND payload->>'address2' LIKE '試験%' ORDER BY entity_id" \
	> "$WORK/central.got"
cmp -s "$WORK/expected" "$WORK/central.got"
ok $? "central: every edit's last value"

done_testing
