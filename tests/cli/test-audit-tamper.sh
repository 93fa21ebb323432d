#!/bin/sh
# madoguchi-audit verify on a real database: intact → 0 with the count; altered, deleted,
# inserted, reordered → 1 naming the first bad entry. The attacker here has the key and
# removes the append-only triggers first.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"

AUDIT_APPEND="$top_builddir/tests/tools/audit-append"

fresh() {
	rm -f "$DB" "$DB-wal" "$DB-shm" "$KEY"
	new_db
	"$AUDIT_APPEND" "$DB" "$KEY" 9 || bail "audit-append failed"
}

verify() {
	out=$(madoguchi-audit verify --config "$WORK/madoguchi.conf" 2>&1); rc=$?
}

untrigger="DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"

fresh
verify
is "$rc" 0 "intact chain: exit 0"
is "$out" "audit chain intact: 10 entries" "intact chain: count printed"
out=$(madoguchi-admin verify-audit --config "$WORK/madoguchi.conf" 2>&1); rc=$?
is "$rc" 0 "madoguchi-admin verify-audit agrees"

out=$(sql_with_key "UPDATE audit_log SET user = 'mallory' WHERE seq = 3;")
like "$out" "append-only" "UPDATE refused by the trigger"
out=$(sql_with_key "DELETE FROM audit_log WHERE seq = 3;")
like "$out" "append-only" "DELETE refused by the trigger"
verify
is "$rc" 0 "refused tampering left the chain intact"

sql_with_key "$untrigger UPDATE audit_log SET user = 'mallory' WHERE seq = 4;"
verify
is "$rc" 1 "altered entry: exit 1"
like "$out" "BROKEN at entry 4: entry 4 was altered" "altered entry: named"

fresh
sql_with_key "$untrigger DELETE FROM audit_log WHERE seq = 5;"
verify
is "$rc" 1 "deleted entry: exit 1"
like "$out" "BROKEN at entry 6: entry 6 follows entry 4: entries are missing" "deleted entry: named"

fresh
sql_with_key "$untrigger DELETE FROM audit_log WHERE seq = 5; UPDATE audit_log SET seq = seq - 1 WHERE seq > 5;"
verify
is "$rc" 1 "deleted and renumbered: exit 1"
like "$out" "BROKEN at entry 5" "deleted and renumbered: named"

fresh
sql_with_key "$untrigger DELETE FROM audit_log WHERE seq = 10;"
verify
is "$rc" 1 "last entry deleted: exit 1"
like "$out" "removed from the end" "last entry deleted: named"

fresh
sql_with_key "$untrigger UPDATE audit_log SET seq = seq + 100 WHERE seq >= 4; UPDATE audit_log SET seq = seq - 99 WHERE seq >= 104; INSERT INTO audit_log SELECT 4, at, terminal_id, tty, 'mallory', role, action, target, result, detail, mac, mac FROM audit_log WHERE seq = 3;"
verify
is "$rc" 1 "inserted entry: exit 1"
like "$out" "BROKEN at entry 4: entry 4 was altered" "inserted entry: named"

fresh
sql_with_key "$untrigger UPDATE audit_log SET seq = -3 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 7; UPDATE audit_log SET seq = 7 WHERE seq = -3;"
verify
is "$rc" 1 "reordered entries: exit 1"
like "$out" "BROKEN at entry 3: entry 3 does not link to entry 2" "reordered entries: named"

done_testing
