#!/bin/sh
# Issue 30, item 3: pulls served by a streaming-replication hot standby. Two terminals of
# one office push to the primary and read the office log from the standby
# (sync_read_host); a terminal whose own last change the standby has not replayed yet
# reads from the primary instead (read your writes), as does one whose standby is down;
# both converge.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
pg_central central OFFICE-R DEMO-R1 t_r1 DEMO-R2 t_r2
sync_terminal DEMO-R1 t_r1
sync_terminal DEMO-R2 t_r2
for t in DEMO-R1 DEMO-R2; do
	echo "sync_read_host = 127.0.0.2" >> "$WORK/$t/madoguchi.conf"
done
pg_standby_start

# Transactions the standby served for the central database (flushed as its sessions end).
standby_reads() {
	pg_standby_sql postgres "SELECT xact_commit FROM pg_stat_database WHERE datname = 'central'"
}

tool DEMO-R1 add 5 R1- > /dev/null || bail "holders on DEMO-R1"
out=$(sync_now DEMO-R1) || bail "sync of DEMO-R1: $out"
pg_standby_wait
before=$(standby_reads)
out=$(sync_now DEMO-R2); rc=$?
is "$rc" 0 "a terminal syncs with a standby for its reads"
like "$out" "read:     from 127.0.0.2 (sync_read_host)" "... and says it read there"
after=$(standby_reads)
ok $((after > before ? 0 : 1)) "... the standby served it ($before -> $after transactions)"
is "$(tsql DEMO-R2 "SELECT count(*) FROM holders WHERE family_name = '同期'")" 5 \
	"... and DEMO-R2 holds DEMO-R1's 5 holders, read through the standby"

# The standby stops replaying: DEMO-R1's next change is on the primary only.
pg_standby_sql postgres "SELECT pg_wal_replay_pause()" > /dev/null
tool DEMO-R1 add 3 R1- > /dev/null || bail "more holders on DEMO-R1"
out=$(sync_now DEMO-R1); rc=$?
is "$rc" 0 "a terminal whose last change the standby lacks syncs"
like "$out" "read:     from the primary: 127.0.0.2 is behind this terminal" \
	"... reading from the primary, and says why"
out=$(sync_now DEMO-R2); rc=$?
is "$rc" 0 "the other terminal still reads from the paused standby"
like "$out" "read:     from 127.0.0.2" "... which holds all it wrote"
is "$(tsql DEMO-R2 "SELECT count(*) FROM holders WHERE family_name = '同期'")" 5 \
	"... and is behind until the standby replays (5 holders)"
pg_standby_sql postgres "SELECT pg_wal_replay_resume()" > /dev/null
pg_standby_wait
out=$(sync_now DEMO-R2) || bail "sync of DEMO-R2 after the standby caught up: $out"
is "$(tsql DEMO-R2 "SELECT count(*) FROM holders WHERE family_name = '同期'")" 8 \
	"once it has replayed, the standby gives DEMO-R2 all 8 holders"

# The standby down: reads go to the primary.
pg_standby_stop fast
tool DEMO-R2 add 2 R2- > /dev/null || bail "holders on DEMO-R2"
out=$(sync_now DEMO-R2); rc=$?
is "$rc" 0 "a terminal whose standby is down syncs"
like "$out" "read:     from the primary: cannot reach the central store" \
	"... reading from the primary, and says why"
out=$(sync_now DEMO-R1) || bail "sync of DEMO-R1 with the standby down: $out"
register_dump DEMO-R1 > "$WORK/r1.dump"
register_dump DEMO-R2 > "$WORK/r2.dump"
cmp -s "$WORK/r1.dump" "$WORK/r2.dump"
ok $? "both terminals hold the same register ($(grep -c '^holder' "$WORK/r1.dump") holders)"

# A read host that names no server of the store at all: the primary serves the pull.
sed -i 's/^sync_read_host = .*/sync_read_host = 127.0.0.9/' "$WORK/DEMO-R1/madoguchi.conf"
out=$(sync_now DEMO-R1); rc=$?
is "$rc" 0 "a read host nobody answers on does not stop the sync"
like "$out" "read:     from the primary:" "... the primary served the pull"

done_testing
