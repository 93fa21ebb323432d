#!/bin/sh
# SPEC §8: the central store's acknowledged head is the audit log's anchor. When the store
# acknowledges the terminal's log up to an entry, that entry's number and MAC are kept in
# the head file outside the database; a log cut below it, and even a head file rewritten to
# match the cut, is reported with the entries the store has and the terminal lost.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
pg_central central OFFICE-A DEMO-A1 t_a1
sync_terminal DEMO-A1 t_a1
CONF="$WORK/DEMO-A1/madoguchi.conf"
HEAD="$WORK/DEMO-A1/audit.head"

madoguchi-admin demo-data --holders 2 --config "$CONF" > /dev/null || bail "demo data"
out=$(sync_now DEMO-A1) || bail "sync: $out"
acked=$(pg_sql central "SELECT max(seq) FROM madoguchi.audit_entries WHERE terminal_id = 'DEMO-A1'")
[ "${acked:-0}" -gt 3 ]; ok $? "the store acknowledged the log up to entry $acked"
out=$(madoguchi-admin audit-head --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "audit-head: exit 0"
like "$out" "anchor: $acked entries" "the anchor is the store's acknowledged head"

# Root's attacker: the log cut to 3 entries, the database's head and the head line of the
# head file made to match; the anchor line left, since the store holds those entries.
tsql DEMO-A1 "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
	DELETE FROM audit_log WHERE seq > 3;
	UPDATE audit_head SET count = 3, mac = (SELECT mac FROM audit_log WHERE seq = 3);" \
	> /dev/null
mac3=$(tsql DEMO-A1 "SELECT lower(hex(mac)) FROM audit_log WHERE seq = 3;")
sed -i "s/^head .*/head 3 $mac3/" "$HEAD"
out=$(madoguchi-admin verify-audit --config "$CONF" 2>&1); rc=$?
is "$rc" 1 "a log cut below the anchor: exit 1"
like "$out" "the audit log ends at entry 3, but the central store acknowledged $acked entries: entries 4 to $acked are missing" \
	"... naming the entries the store has and the terminal lost"

done_testing
