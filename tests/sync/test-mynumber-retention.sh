#!/bin/sh
# Issue 22: My Numbers the central store acknowledged leave the terminal under
# local_mynumber_retention_days: kept before the push is acknowledged, removed at the
# acknowledgement with 0 days, with an erasure record (消去記録) that goes to the central
# store too; with 30 days they stay.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
pg_central central OFFICE-A DEMO-M1 t_m1 DEMO-M2 t_m2
sync_terminal DEMO-M1 t_m1
sync_terminal DEMO-M2 t_m2
echo "local_mynumber_retention_days = 30" >> "$WORK/DEMO-M2/madoguchi.conf"

# mynumber NAME: a holder with a My Number, as the desk records one (row and outbox).
mynumber() {
	tool "$1" add 1 "${1#DEMO-}-" > /dev/null || bail "a holder on $1"
	h=$(tsql "$1" "SELECT id FROM holders ORDER BY rowid DESC LIMIT 1")
	tsql "$1" "INSERT INTO mynumbers (holder_id, mynumber, source, recorded_at) VALUES
		('$h', '983205673214', 'typed', '2026-04-01T00:00:00.000Z');
		INSERT INTO outbox (terminal_id, entity, entity_id, version, op, payload, created_at)
		VALUES ('$1', 'mynumber', '$h', 1, 'insert', json_object('holder_id', '$h',
		'mynumber', '983205673214', 'source', 'typed'), '2026-04-01T00:00:00.000Z');" \
		> /dev/null
	echo "$h"
}

h1=$(mynumber DEMO-M1)
is "$(tsql DEMO-M1 "SELECT count(*) FROM mynumbers")" 1 "before the push: kept"
is "$(tsql DEMO-M1 "SELECT count(*) FROM erasure_records")" 0 "... no erasure"
out=$(sync_now DEMO-M1) || bail "M1 syncs: $out"
is "$(tsql DEMO-M1 "SELECT count(*) FROM mynumbers")" 0 \
	"acknowledged, with 0 days: removed from the terminal"
is "$(pg_sql central "SELECT payload->>'mynumber' FROM madoguchi.records WHERE entity =
	'mynumber' AND entity_id = '$h1'")" 983205673214 "... and held by the central store"
is "$(tsql DEMO-M1 "SELECT kind || ' ' || count || ' ' || approved_by FROM erasure_records")" \
	"mynumbers_acknowledged 1 automatic under local_mynumber_retention_days = 0" \
	"... with its erasure record"
is "$(tsql DEMO-M1 "SELECT count(*) FROM audit_log WHERE action = 'retention.erase' AND
	user = 'madoguchi-sync'")" 1 "... audited"
sync_now DEMO-M1 > /dev/null || bail "M1 syncs again"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.records WHERE entity = 'erasure_record'
	AND payload->>'kind' = 'mynumbers_acknowledged'")" 1 \
	"... which the central store keeps"

h2=$(mynumber DEMO-M2)
out=$(sync_now DEMO-M2) || bail "M2 syncs: $out"
is "$(tsql DEMO-M2 "SELECT count(*) FROM mynumbers WHERE central_ack_at IS NOT NULL")" 1 \
	"with 30 days: acknowledged and kept"
is "$(tsql DEMO-M2 "SELECT count(*) FROM erasure_records")" 0 "... nothing erased"

done_testing
