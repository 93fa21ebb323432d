#!/bin/sh
# SPEC §10: two terminals of one office work offline and converge; the same record changed
# on both reaches the conflict queue (never overwritten silently) and converges once a
# supervisor chooses; PostgreSQL restarted in the middle of a push loses and duplicates
# nothing.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
pg_central central OFFICE-A DEMO-A1 t_a1 DEMO-A2 t_a2 DEMO-A3 t_a3
sync_terminal DEMO-A1 t_a1
sync_terminal DEMO-A2 t_a2

same_register() {	# same_register DESCRIPTION
	register_dump DEMO-A1 > "$WORK/a1.dump"
	register_dump DEMO-A2 > "$WORK/a2.dump"
	if cmp -s "$WORK/a1.dump" "$WORK/a2.dump" && [ -s "$WORK/a1.dump" ]; then
		ok 0 "$1"
	else
		ok 1 "$1"
		diff "$WORK/a1.dump" "$WORK/a2.dump" | head -20 | sed 's/^/#   /'
	fi
}
address2() {	# address2 TERMINAL HOLDER
	tsql "$1" "SELECT address2 FROM holders WHERE id = '$2'"
}
state() {	# state TERMINAL NAME
	tool "$1" state | sed -n "s/^$2 //p"
}

madoguchi-admin demo-data --holders 20 --config "$WORK/DEMO-A1/madoguchi.conf" > /dev/null ||
	bail "demo holders"
out=$(sync_now DEMO-A1); rc=$?
is "$rc" 0 "the first terminal pushes its register"
out=$(sync_now DEMO-A2); rc=$?
is "$rc" 0 "the second terminal pulls it"
like "$out" "60 applied" "... 20 holders with their registration and issue event"
same_register "both terminals hold the same register"

# --- Offline: the central store is down, both terminals keep working -------------------
pg_ctl_stop() { _pg_as "$PG_BINDIR/pg_ctl" -D "$PG_WORK/data" -m fast -w stop > /dev/null 2>&1; }
pg_ctl_stop
set -- $(tsql DEMO-A1 "SELECT id FROM holders ORDER BY id")
h1=$1 h2=$2 h3=$3 h4=$4 h5=$5
tool DEMO-A1 edit "$h1" address2 "一号室" > /dev/null || bail "edit on A1"
tool DEMO-A1 edit "$h2" address2 "二号室" > /dev/null || bail "edit on A1"
tool DEMO-A2 edit "$h3" address2 "三号室" > /dev/null || bail "edit on A2"
tool DEMO-A2 add 4 A2- || bail "new holders on A2"
# Both change h4: the conflict.
tool DEMO-A1 edit "$h4" address2 "A1の四号室" > /dev/null || bail "edit on A1"
tool DEMO-A2 edit "$h4" address2 "A2の四号室" > /dev/null || bail "edit on A2"
tool DEMO-A1 edit "$h5" address2 "A1の五号室" > /dev/null || bail "edit on A1"
tool DEMO-A2 edit "$h5" address2 "A2の五号室" > /dev/null || bail "edit on A2"

out=$(sync_now DEMO-A1); rc=$?
ok $((rc == 0)) "offline: sync-now fails"
like "$out" "cannot reach the central store" "... saying the central store cannot be reached"
is "$(state DEMO-A1 online)" 0 "... the terminal records that it is offline"
pend=$(state DEMO-A1 pending)
ok $((pend > 0 ? 0 : 1)) "... with its changes pending ($pend)"

_pg_as "$PG_BINDIR/pg_ctl" -D "$PG_WORK/data" -l "$PG_WORK/log/server.log" -w start \
	> /dev/null 2>&1 || bail "PostgreSQL did not start again"
out=$(sync_now DEMO-A1); rc=$?
is "$rc" 0 "back online: the first terminal syncs"
is "$(state DEMO-A1 pending)" 0 "... nothing pending"
is "$(state DEMO-A1 online)" 1 "... and it is online again"
out=$(sync_now DEMO-A2); rc=$?
is "$rc" 0 "the second terminal syncs"
like "$out" "(2 conflicts)" "... its changes of the records the first one changed are conflicts"
out=$(sync_now DEMO-A1); rc=$?
is "$rc" 0 "the first terminal syncs again"
is "$(address2 DEMO-A2 "$h1")|$(address2 DEMO-A2 "$h2")" "一号室|二号室" "the second terminal has the first one's edits"
is "$(address2 DEMO-A1 "$h3")" "三号室" "the first terminal has the second one's edit"
is "$(tsql DEMO-A1 "SELECT count(*) FROM holders")" 24 "... and its new holders"

# --- The conflict queue -------------------------------------------------------------------
conflicts=$(tool DEMO-A2 conflicts)
is "$(echo "$conflicts" | awk '{ print $2, $3 }' | sort)" "$(printf 'holder %s\nholder %s' "$h4" "$h5" | sort)" \
	"the second terminal's queue holds both conflicting records"
is "$(tool DEMO-A1 conflicts)" "" "the first terminal, whose changes came first, has none"
is "$(address2 DEMO-A2 "$h4")" "A2の四号室" "nothing was overwritten: the second terminal still shows its version"
is "$(address2 DEMO-A1 "$h4")" "A1の四号室" "... the first terminal its own"
is "$(pg_sql central "SELECT payload->>'address2' FROM madoguchi.records WHERE entity = 'holder' AND entity_id = '$h4'")" \
	"A1の四号室" "... and the central store the first one pushed"
is "$(tsql DEMO-A2 "SELECT remote_payload IS NOT NULL AND local_payload IS NOT NULL FROM sync_conflicts WHERE entity_id = '$h4'")" \
	1 "both versions are kept in the queue"
c4=$(echo "$conflicts" | awk -v h="$h4" '$3 == h { print $1 }')
c5=$(echo "$conflicts" | awk -v h="$h5" '$3 == h { print $1 }')
out=$(tool DEMO-A2 resolve "$c4" remote 2>&1); rc=$?
is "$rc" 0 "a supervisor takes the central version of one"
[ "$rc" -eq 0 ] || diag "$out"
out=$(tool DEMO-A2 resolve "$c5" local 2>&1); rc=$?
is "$rc" 0 "... and keeps the local version of the other"
[ "$rc" -eq 0 ] || diag "$out"
out=$(tool DEMO-A2 resolve "$c5" remote 2>&1); rc=$?
ok $((rc == 0)) "a conflict cannot be resolved twice"
sync_now DEMO-A2 > "$WORK/out" 2>&1 || bail "sync A2 after resolving: $(cat "$WORK/out")"
sync_now DEMO-A1 > "$WORK/out" 2>&1 || bail "sync A1 after resolving: $(cat "$WORK/out")"
sync_now DEMO-A2 > "$WORK/out" 2>&1 || bail "sync A2 again: $(cat "$WORK/out")"
is "$(address2 DEMO-A1 "$h4")|$(address2 DEMO-A2 "$h4")" "A1の四号室|A1の四号室" \
	"the central version chosen: both terminals hold it"
is "$(address2 DEMO-A1 "$h5")|$(address2 DEMO-A2 "$h5")" "A2の五号室|A2の五号室" \
	"the local version chosen: it reaches the other terminal"
is "$(tool DEMO-A2 conflicts)" "" "the queue is empty"
is "$(state DEMO-A1 pending)|$(state DEMO-A2 pending)" "0|0" "nothing pending anywhere"
same_register "the two terminals converged"
is "$(tsql DEMO-A2 "SELECT count(*) FROM audit_log WHERE action = 'sync.resolve'")" 2 \
	"each resolution is audited"

# --- A change this terminal's database refuses goes to the queue, the rest applies ------
# Sent by a third terminal, as newer software there might: an update of h1 that applies
# (its phone: an identity item would need its approved application, test-pull-check.sh),
# and a new holder without the items this database requires.
v1=$(pg_sql central "SELECT version FROM madoguchi.records WHERE entity = 'holder' AND entity_id = '$h1'")
bogus=00000000-0000-4000-8000-00000000abcd
now=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
body=$(printf '900001\tholder\t%s\t%d\tupdate\t%s\t{"phone":"03-1111-2222"}\n900002\tholder\t%s\t1\tinsert\t%s\t{"family_name":"不完全"}' \
	"$h1" $((v1 + 1)) "$now" "$bogus" "$now")
sha=$(printf '%s' "$body" | sha256sum | cut -d' ' -f1)
printf '{"format":2,"kind":"changes","terminal":"DEMO-A3","count":2,"first":900001,"last":900002,"sent_at":"%s","sha256":"%s"}\n%s' \
	"$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$sha" "$body" > "$WORK/newer"
out=$(push_signed t_a3 "$WORK/newer")
is "$out" "" "the central store takes both changes (no conflict)"
out=$(sync_now DEMO-A2); rc=$?
is "$rc" 0 "the second terminal pulls them"
like "$out" "1 conflicts" "... one goes to its conflict queue"
is "$(tsql DEMO-A2 "SELECT phone FROM holders WHERE id = '$h1'")" "03-1111-2222" \
	"the change it can store is applied"
is "$(tsql DEMO-A2 "SELECT count(*) FROM holders WHERE id = '$bogus'")" 0 \
	"the refused one left nothing behind"
is "$(tsql DEMO-A2 "SELECT source || ' ' || entity_id FROM sync_conflicts WHERE status = 'open'")" \
	"apply $bogus" "... and waits in the queue for a supervisor"
sync_now DEMO-A1 > /dev/null || bail "sync A1 after the newer changes"
is "$(tsql DEMO-A1 "SELECT phone FROM holders WHERE id = '$h1'")" "03-1111-2222" \
	"the first terminal applies it too"

# --- PostgreSQL restarted in the middle of a push -------------------------------------------
tool DEMO-A1 add 400 A1- || bail "many holders"
echo "sync_batch_size = 20" >> "$WORK/DEMO-A1/madoguchi.conf"
expected=$(tsql DEMO-A1 "SELECT count(*) FROM outbox WHERE pushed_at IS NULL")
central_a1() {
	pg_sql central "SELECT count(*) FROM madoguchi.changes WHERE terminal_id = 'DEMO-A1'"
}
base=$(central_a1)
sync_now DEMO-A1 > "$WORK/restart.out" 2>&1 &
pid=$!
# Restart once some batches have arrived, before the last.
i=0
while [ $(($(central_a1) - base)) -lt 200 ] && [ $i -lt 400 ]; do
	sleep 0.05
	i=$((i + 1))
done
pg_restart immediate
wait $pid
rc=$?
arrived=$(($(central_a1) - base))
diag "the push cut by the restart: exit $rc, $arrived changes had arrived"
ok $((rc == 0)) "the push cut by the restart fails"
ok $((arrived < expected ? 0 : 1)) "... part way ($arrived of $expected changes)"
out=$(sync_now DEMO-A1); rc=$?
is "$rc" 0 "the next sync-now completes it"
is $(($(central_a1) - base)) "$expected" "every change is at the central store once"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.records WHERE entity = 'holder' AND entity_id <> '$bogus'")" 424 \
	"... 424 holder records there"
is "$(state DEMO-A1 pending)" 0 "... and nothing is pending"
# The other terminal pulls them in batches of its own size, whatever the pushes' was.
echo "sync_pull_batch_size = 150" >> "$WORK/DEMO-A2/madoguchi.conf"
MADOGUCHI_SYNC_TRACE=1 sync_now DEMO-A2 > "$WORK/pull-sizes.out" || bail "sync A2 after the restart"
is "$(awk '$1 == "sync-trace" && $2 == "pull" && $3 > 0 { n++; if ($3 > m) m = $3 }
	END { print (n >= 3 ? "many" : n), m }' "$WORK/pull-sizes.out")" "many 150" \
	"sync_pull_batch_size: pulled in batches of 150 at most, several of them"
same_register "the other terminal has every holder"
is "$(tsql DEMO-A2 "SELECT count(*) FROM holders")" 424 "... 424 holders, none twice"

# The rules every pulled value is checked by take everything these terminals wrote:
# registrations, corrections, conflicts kept and taken, accounts.
for t in DEMO-A1 DEMO-A2; do
	out=$(tool $t check-outbox 2>&1); rc=$?
	is "$rc:$out" "0:" "every payload $t wrote passes the sync rules"
done

done_testing
