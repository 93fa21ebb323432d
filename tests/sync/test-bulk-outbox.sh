#!/bin/sh
# A bulk import (demo-data) queues its outbox rows without copies of the rows (the JSON
# null, migration 36): the push sends each as its record is, at the row's version. A holder
# corrected the desk's way before the first push is sent as it was imported (version 1)
# and then as corrected (version 2), the store keeps both, and the other terminal ends with
# the corrected holder and every other row as the importing terminal has it. A My Number
# row sent keeps no number.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
pg_central central OFFICE-A DEMO-B1 t_b1 DEMO-B2 t_b2
sync_terminal DEMO-B1 t_b1
sync_terminal DEMO-B2 t_b2
madoguchi-admin demo-data --holders 3 --config "$WORK/DEMO-B1/madoguchi.conf" > /dev/null ||
	bail "demo data"

is "$(tsql DEMO-B1 "SELECT count(*) FROM outbox WHERE payload = 'null'")" 12 \
	"the import's twelve rows are queued without copies"
holder=$(tsql DEMO-B1 "SELECT id FROM holders ORDER BY rowid LIMIT 1")
old=$(tsql DEMO-B1 "SELECT family_name FROM holders WHERE id = '$holder'")
[ -n "$old" ] || bail "no holder at B1"

# Corrected the desk's way (a clerk applies, a supervisor approves) before any push.
tool DEMO-B1 edit "$holder" family_name "改姓後" || bail "correction at B1"
is "$(tsql DEMO-B1 "SELECT json_extract(payload, '$.family_name') FROM outbox WHERE
	entity = 'holder' AND entity_id = '$holder' AND version = 1")" "$old" \
	"the import's row of the corrected holder now holds it as it was imported"
is "$(tsql DEMO-B1 "SELECT count(*) FROM outbox WHERE payload = 'null'")" 11 \
	"... and only that row got its copy"

out=$(sync_now DEMO-B1) || bail "sync B1: $out"
is "$(tsql DEMO-B1 "SELECT count(*) FROM outbox WHERE pushed_at IS NULL")" 0 \
	"B1 sent everything"
is "$(pg_sql central "SELECT string_agg(version || ' ' || (payload->>'family_name'), ',' ORDER BY version)
	FROM madoguchi.changes WHERE entity = 'holder' AND entity_id = '$holder'")" \
	"1 $old,2 改姓後" "the store has the holder as imported, then as corrected"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.changes WHERE terminal_id = 'DEMO-B1'
	AND entity IN ('holder', 'registration', 'event', 'mynumber') AND op = 'insert' AND
	(entity <> 'event' OR payload->>'kind' = 'issue')")" 12 \
	"... and each of the import's twelve rows once (the correction's event besides)"
is "$(tsql DEMO-B1 "SELECT count(*) FROM outbox WHERE entity = 'mynumber' AND (payload = 'null'
	OR json_extract(payload, '$.mynumber') IS NOT NULL)")" 0 \
	"the My Number rows sent keep no number"
is "$(tsql DEMO-B1 "SELECT count(*) FROM outbox WHERE entity = 'mynumber' AND
	json_extract(payload, '$.source') = 'import'")" 3 "... but the rest of theirs"

out=$(sync_now DEMO-B2) || bail "sync B2: $out"
is "$(tsql DEMO-B2 "SELECT family_name FROM holders WHERE id = '$holder'")" "改姓後" \
	"the other terminal has the corrected holder"
is "$(register_dump DEMO-B2)" "$(register_dump DEMO-B1)" \
	"... and the register as the importing terminal has it"

done_testing
