#!/bin/sh
# Issue 22: the retention floors the central store sets are fetched at each sync. An
# erasure record (消去記録) reaches the central store with the next sync, as
# the terminal wrote it, once; the central store checks it like every record (rules of
# 03-rules.sql) and another terminal of the office pulls past it without applying it.
# Export grants (issue 21), granted and used, and the export register reach it as well.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
pg_central central OFFICE-A DEMO-E1 t_e1 DEMO-E2 t_e2
sync_terminal DEMO-E1 t_e1
sync_terminal DEMO-E2 t_e2
printf 'result file\n' > "$WORK/DEMO-E1/juki-q/R0001"
touch -d '100 days ago' "$WORK/DEMO-E1/juki-q/R0001"
out=$(madoguchi-admin retention --run --config "$WORK/DEMO-E1/madoguchi.conf" 2>&1)
is "$?" 0 "the automatic rules run on E1"
uuid=$(tsql DEMO-E1 "SELECT uuid FROM erasure_records")
[ -n "$uuid" ] || bail "no erasure record: $out"

pg_sql central "UPDATE madoguchi.retention_floors SET days = 20 WHERE kind = 'juki_answers'" \
	> /dev/null || bail "a floor"
out=$(sync_now DEMO-E1); rc=$?
is "$rc" 0 "E1 syncs"
is "$(tsql DEMO-E1 "SELECT kind || ' ' || days FROM retention_floors ORDER BY kind;" |
	tr '\n' ,)" "backups 0,juki_answers 20,juki_quarantine 0,outbox_pushed 0,print_files 0," \
	"... and keeps the retention floors the central store sets"
is "$(pg_sql central "SELECT payload->>'kind' || ' ' || (payload->>'count') || ' ' ||
	(payload->>'bytes') || ' ' || (payload->>'approved_by') FROM madoguchi.records WHERE
	entity = 'erasure_record' AND entity_id = '$uuid' AND office_id = 'OFFICE-A'")" \
	"juki_quarantine 1 12 automatic under rule juki_quarantine (90 days)" \
	"the central store keeps the erasure record"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.changes WHERE entity = 'erasure_record'")" \
	1 "... once"
is "$(tsql DEMO-E1 "SELECT count(*) FROM outbox WHERE entity = 'erasure_record' AND
	pushed_at IS NULL")" 0 "... and E1 has nothing left to send"

out=$(sync_now DEMO-E2); rc=$?
is "$rc" 0 "E2 pulls past it"
is "$(tsql DEMO-E2 "SELECT count(*) FROM erasure_records")" 0 \
	"... without applying another terminal's record"

# The store checks it as every record: its kind is one of the retention kinds.
is "$(pg_sql central "SELECT count(*) FROM madoguchi.item_rules WHERE entity =
	'erasure_record'")" 14 "the central store has the rules of every member"

# Export grants and the register go to the central store too (issue 21).
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/r.key" -out "$WORK/r.pem" \
	-subj /CN=recipient -days 3 > /dev/null 2>&1 || bail "recipient certificate"
tool DEMO-E1 add 1 E1- > /dev/null || bail "a holder"
h=$(tsql DEMO-E1 "SELECT id FROM holders LIMIT 1")
out=$(tool DEMO-E1 export "$h" tanaka "$WORK/r.pem" "$WORK/export" 2>&1); rc=$?
is "$rc" 0 "a grant and its run"
grant=${out%% *}
out=$(tool DEMO-E1 check-outbox 2>&1); rc=$?
is "$rc" 0 "... whose outbox rows pass the terminal's own rules"
out=$(sync_now DEMO-E1); rc=$?
is "$rc" 0 "... and the central store takes them"
is "$(pg_sql central "SELECT payload->>'status' || ' ' || version || ' ' ||
	(payload->>'holder_count') FROM madoguchi.records WHERE entity = 'export_grant' AND
	entity_id = '$grant'")" "used 2 1" "the grant, used, at the central store"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.records WHERE entity = 'export_record'
	AND payload->>'grant_id' = '$grant'")" 1 "... and the register's entry"

done_testing
