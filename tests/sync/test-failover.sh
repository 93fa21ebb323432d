#!/bin/sh
# Issue 30, item 4: failover without loss. A primary and a streaming standby; three
# terminals of one office name both (sync_host = 127.0.0.1,127.0.0.2) and keep registering
# and syncing (a push storm) while the standby is cut off, the primary crashes and the
# standby is promoted. What the old primary had acknowledged and the standby never got is
# lost centrally: each terminal must find that out at its next sync, send it again and read
# the office log again, so that in the end every change of every terminal is at the new
# primary exactly once and all three terminals hold the same register. The number blocks
# leased while the standby was cut off are lost too, and given back by their terminals.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
STORM_SECONDS=${FAILOVER_STORM_SECONDS:-8}
SYNC_BATCH=5
pg_start
pg_central central OFFICE-F DEMO-F1 t_f1 DEMO-F2 t_f2 DEMO-F3 t_f3
TERMINALS="DEMO-F1 DEMO-F2 DEMO-F3"
for t in $TERMINALS; do
	sync_terminal "$t" "t_$(echo "${t#DEMO-}" | tr F f)"
	sed -i 's/^sync_host = .*/sync_host = 127.0.0.1,127.0.0.2/' "$WORK/$t/madoguchi.conf"
done
pg_standby_start

# Before: each terminal registers holders and syncs through the primary; the standby
# follows.
for t in $TERMINALS; do
	tool "$t" add 6 "${t#DEMO-}A-" > /dev/null || bail "holders on $t"
done
for t in $TERMINALS $TERMINALS; do
	out=$(sync_now "$t") || bail "first syncs of $t: $out"
done
pg_standby_wait
is "$(pg_standby_sql central "SELECT count(*) FROM madoguchi.records WHERE entity = 'holder'")" \
	18 "the standby holds the office's 18 holders"

# The storm: each terminal, in its own loop, registers one holder and syncs, again and
# again; syncs that fail while no primary is up are expected.
for t in $TERMINALS; do
	sync_storm "$t" "$((STORM_SECONDS * 3))" "${t#DEMO-}A-" &
	echo $! >> "$WORK/storm.pids"
done
sleep "$STORM_SECONDS"
# The standby falls out of step (cut off from the primary); the primary keeps taking and
# acknowledging pushes that now reach it alone.
pg_standby_stop fast
# Leases the standby never gets: each terminal's block of each kind, which the promotion
# loses from the store and the terminal keeps (tests/sync/test-lease-restore.sh).
for t in $TERMINALS; do
	out=$(tool "$t" lease-numbers 50 2>&1 && tool "$t" lease-receptions 50 2>&1) ||
		bail "leases of $t while the standby is cut off: $out"
done
sleep "$STORM_SECONDS"
acked=$(pg_sql central "SELECT count(*) FROM madoguchi.changes")
pg_primary_stop immediate
pg_standby_start
pg_standby_promote
promoted=$(pg_sql central "SELECT count(*) FROM madoguchi.changes")
diag "the old primary had acknowledged $acked changes; the promoted standby holds $promoted"
ok $((promoted < acked ? 0 : 1)) "the promoted standby lacks changes the old primary acknowledged"
for pid in $(cat "$WORK/storm.pids"); do
	wait "$pid"
done
failed=$(cat "$WORK"/*.storm | grep -c "sync failed")
diag "syncs that failed during the storm: $failed"

# After the storm: each terminal syncs to the end, twice round, through the host list.
for t in $TERMINALS $TERMINALS; do
	out=$(sync_now "$t") || bail "sync of $t after the failover: $out"
	printf '%s\n' "$out" >> "$WORK/$t.after"
done
healed=$(cat "$WORK"/*.storm "$WORK"/*.after | grep -c "the central store lacked")
ok $((healed > 0 ? 0 : 1)) "terminals found changes the store had lost and sent them again ($healed syncs)"

total=0
for t in $TERMINALS; do
	n=$(tsql "$t" "SELECT count(*) FROM outbox")
	total=$((total + n))
	is "$(pg_sql central "SELECT count(*) || ' ' || count(DISTINCT seq) || ' ' || max(seq) FROM madoguchi.changes WHERE terminal_id = '$t'")" \
		"$n $n $n" "$t: each of its $n changes is at the new primary, once"
	is "$(pg_sql central "SELECT count(*) FROM madoguchi.changes WHERE terminal_id = '$t' AND status <> 'applied'")" \
		0 "$t: ... all applied, none in conflict"
	is "$(tool "$t" state | sed -n 's/^pending //p')" 0 "$t: nothing pending"
	is "$(pg_sql central "SELECT audit_seq FROM madoguchi.terminals WHERE terminal_id = '$t'")|$(pg_sql central "SELECT count(*) FROM madoguchi.audit_entries WHERE terminal_id = '$t'")" \
		"$(tsql "$t" "SELECT max(seq) || '|' || count(*) FROM audit_log")" \
		"$t: its whole audit chain is at the new primary"
done
is "$(pg_sql central "SELECT count(*) > 0 FROM madoguchi.number_blocks WHERE source = 'restored'")|$(pg_sql central "SELECT count(*) > 0 FROM madoguchi.reception_blocks WHERE source = 'restored'")" \
	"t|t" "the leases the promotion lost were given back by the terminals holding them"
for t in $TERMINALS; do
	is "$(blocks_known "$t")" "$(blocks_held "$t")" "$t: the new primary knows every block it holds"
done
is "$(blocks_overlapping)" 0 "no two blocks overlap: no number is anyone else's too"
holders=$(pg_sql central "SELECT count(*) FROM madoguchi.records WHERE entity = 'holder'")
added=0
for t in $TERMINALS; do
	added=$((added + $(tsql "$t" "SELECT count(*) FROM outbox WHERE entity = 'holder' AND op = 'insert'")))
done
is "$holders" "$added" "the new primary holds every holder registered ($added)"
for t in $TERMINALS; do
	is "$(tsql "$t" "SELECT count(*) || ' ' || count(DISTINCT id) FROM holders")" "$added $added" \
		"$t: $added holders, none twice"
	register_dump "$t" > "$WORK/$t.dump"
done
cmp -s "$WORK/DEMO-F1.dump" "$WORK/DEMO-F2.dump" && cmp -s "$WORK/DEMO-F1.dump" "$WORK/DEMO-F3.dump"
ok $? "the three terminals hold the same register"
diag "$total changes in all"

done_testing
