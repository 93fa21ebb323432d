#!/bin/sh
# Issue 30, bad input: a terminal withdrawn in the middle of a push storm. Three terminals
# of one office keep registering and syncing in small batches; a few seconds in, the
# sysadmin deactivates one (madoguchi-central-setup --deactivate-terminal, what is done
# when its certificate is withdrawn). From then on its syncs are refused by name. What the
# store had taken from it stays, once; what it had not taken stays pending on the terminal,
# marked neither sent nor lost; the other two go on and converge. Registered again, it
# sends the rest, and the office's register is the same everywhere.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
STORM_SECONDS=${REVOKE_STORM_SECONDS:-4}
SYNC_BATCH=5
pg_start
pg_central central OFFICE-R DEMO-R1 t_r1 DEMO-R2 t_r2 DEMO-R3 t_r3
TERMINALS="DEMO-R1 DEMO-R2 DEMO-R3"
for t in $TERMINALS; do
	sync_terminal "$t" "t_$(echo "${t#DEMO-}" | tr R r)"
done
setup() {
	"$top_srcdir/db/central/madoguchi-central-setup" --dbname central "$@" 2>&1
}
# What the store holds of a terminal's changes: all of them, and how many distinct.
stored() {
	pg_sql central "SELECT count(*) || ' ' || count(DISTINCT seq) FROM madoguchi.changes
		WHERE terminal_id = '$1'"
}
sent() {
	tsql "$1" "SELECT count(*) FROM outbox WHERE pushed_at IS NOT NULL"
}
pending() {
	tsql "$1" "SELECT count(*) FROM outbox WHERE pushed_at IS NULL"
}

# The storm: each terminal, in its own loop, registers one holder and syncs.
for t in $TERMINALS; do
	sync_storm "$t" "$((STORM_SECONDS * 2))" "${t#DEMO-}-" &
	echo $! >> "$WORK/storm.pids"
done
sleep "$STORM_SECONDS"
out=$(setup --deactivate-terminal DEMO-R3); rc=$?
is "$rc" 0 "DEMO-R3 deactivated in the middle of the storm"
[ "$rc" -eq 0 ] || diag "$out"
for pid in $(cat "$WORK/storm.pids"); do
	wait "$pid"
done

taken=$(stored DEMO-R3)
diag "DEMO-R3: $(sent DEMO-R3) changes marked sent, $(pending DEMO-R3) pending; the store holds (all, distinct) $taken"
ok "$(grep -c "sync failed" "$WORK/DEMO-R3.storm" | awk '{ print ($1 > 0 ? 0 : 1) }')" \
	"DEMO-R3's syncs failed after it was deactivated"
like "$(cat "$WORK/DEMO-R3.storm")" "terminal DEMO-R3 is deactivated" "... saying so by name"
out=$(sync_now DEMO-R3); rc=$?
isnt "$rc" 0 "a sync of DEMO-R3 after the storm is refused"
like "$out" "terminal DEMO-R3 is deactivated" "... by name"
is "$(stored DEMO-R3)" "$taken" "... and the store took nothing more from it"
is "$taken" "$(sent DEMO-R3) $(sent DEMO-R3)" \
	"what DEMO-R3 marked sent is exactly what the store holds of it, once each"
ok "$(pending DEMO-R3 | awk '{ print ($1 > 0 ? 0 : 1) }')" \
	"what it registered after that is kept on it, pending ($(pending DEMO-R3))"

# The other two were never refused for it, and converge.
for t in DEMO-R1 DEMO-R2 DEMO-R1 DEMO-R2; do
	out=$(sync_now "$t") || bail "sync of $t after the storm: $out"
done
for t in DEMO-R1 DEMO-R2; do
	is "$(grep -c "deactivated" "$WORK/$t.storm")" 0 "$t was never refused in the storm"
	n=$(tsql "$t" "SELECT count(*) FROM outbox")
	is "$(stored "$t")" "$n $n" "every change of $t is at the store once ($n)"
	is "$(pending "$t")" 0 "... none left pending"
done
is "$(register_dump DEMO-R1)" "$(register_dump DEMO-R2)" "DEMO-R1 and DEMO-R2 hold the same register"

# Registered again (its certificate renewed): it sends what was pending, once, and reads
# what the others did meanwhile.
out=$(setup --office OFFICE-R --terminal DEMO-R3 --role t_r3) || bail "registering DEMO-R3 again: $out"
out=$(sync_now DEMO-R3); rc=$?
is "$rc" 0 "registered again, DEMO-R3 syncs"
n=$(tsql DEMO-R3 "SELECT count(*) FROM outbox")
is "$(stored DEMO-R3)" "$n $n" "every change of DEMO-R3 is at the store once ($n)"
is "$(pending DEMO-R3)" 0 "... none left pending"
for t in DEMO-R1 DEMO-R2; do
	out=$(sync_now "$t") || bail "last sync of $t: $out"
done
out=$(sync_now DEMO-R3) || bail "last sync of DEMO-R3: $out"
is "$(register_dump DEMO-R3)" "$(register_dump DEMO-R1)" "DEMO-R3 holds the office's register"
is "$(register_dump DEMO-R2)" "$(register_dump DEMO-R1)" "... and so does DEMO-R2"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.conflicts")" 0 "no conflict was opened"

done_testing
