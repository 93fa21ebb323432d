#!/bin/sh
# Issue 22, decommissioning a terminal. Without --yes: usage, nothing touched. With the
# central store out of reach, or a change the store refuses (nothing may be lost): refused,
# every file as it was. A terminal that does not sync: refused (its register exists nowhere
# else). Otherwise the command syncs, sends the final erasure record, and only then
# destroys the key file, the database with its WAL, the audit key and head, the spools;
# the certificate of erasure says what, when, by whom, and the central store keeps the
# same record. The destroyed database cannot be opened again.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
command -v pdftotext > /dev/null || skip_all "pdftotext (poppler-utils) is not installed"
pg_start
pg_central central OFFICE-A DEMO-D1 t_d1
sync_terminal DEMO-D1 t_d1
T=$WORK/DEMO-D1
CONF=$T/madoguchi.conf
tool DEMO-D1 add 3 DECOM- > /dev/null || bail "holders"
printf 'result\n' > "$T/juki-q/R0001"
printf 'request\n' > "$T/juki-out/Q0001"
files() {
	find "$T" -type f | sort | xargs sha256sum
}

before=$(files)
out=$(madoguchi-admin decommission --config "$CONF" 2>&1); rc=$?
is "$rc" 2 "without --yes: usage"
like "$out" "say --yes" "... saying what it would do"

sed 's/^sync_port = .*/sync_port = 1/' "$CONF" > "$WORK/offline.conf"
out=$(madoguchi-admin decommission --yes --config "$WORK/offline.conf" 2>&1); rc=$?
is "$rc" 1 "the central store out of reach: refused"
like "$out" "the central store cannot take this terminal's data" "... saying why"
like "$out" "nothing was destroyed" "... and that nothing was destroyed"
# (The refused attempt audited itself: the database changed, the key did not.)
[ -s "$T/db.key" ] && [ -s "$T/madoguchi.db" ] && [ -e "$T/juki-q/R0001" ]
ok $? "... the key, the database and the spools are there"
is "$(tsql DEMO-D1 "SELECT count(*) FROM holders")" 3 "... and the register is readable"

grep -v '^sync_' "$CONF" > "$WORK/nosync.conf"
out=$(madoguchi-admin decommission --yes --config "$WORK/nosync.conf" 2>&1); rc=$?
is "$rc" 1 "a terminal that does not sync: refused"
like "$out" "sync is not configured" "... saying why"

# A change the central store refuses: it can never be sent, so nothing may be destroyed.
tsql DEMO-D1 "INSERT INTO outbox (terminal_id, entity, entity_id, version, op, payload,
	created_at) VALUES ('DEMO-D1', 'holder', '00000000-0000-4000-8000-00000000dead', 1,
	'insert', '{\"bad\":1}', '2026-04-01T00:00:00.000Z')" > /dev/null
out=$(madoguchi-admin decommission --yes --config "$CONF" 2>&1); rc=$?
is "$rc" 1 "a change the store refuses: refused"
like "$out" "nothing was destroyed" "... nothing destroyed"
is "$(tsql DEMO-D1 "SELECT count(*) FROM holders")" 3 "... the register is still readable"
is "$(tsql DEMO-D1 "SELECT count(*) FROM erasure_records WHERE kind = 'terminal'")" 0 \
	"... and no final record was made"
tsql DEMO-D1 "DELETE FROM outbox WHERE entity_id = '00000000-0000-4000-8000-00000000dead'" \
	> /dev/null

out=$(madoguchi-admin decommission --yes --config "$CONF" --out "$WORK/erasure.pdf" 2>&1)
rc=$?
is "$rc" 0 "decommission"
like "$out" "Certificate of erasure" "... prints the certificate of erasure"
like "$out" "terminal: DEMO-D1" "... naming the terminal"
like "$out" "holders 3" "... what was destroyed"
like "$out" "$T/db.key" "... the key file among the files"
is "$(find "$T" -type f | wc -l)" 1 "every file is gone but the configuration"
[ -e "$CONF" ]
ok $? "... which stays"
uuid=$(printf '%s\n' "$out" | sed -n 's/.*central erasure record: //p')
is "$(pg_sql central "SELECT payload->>'kind' || ' ' || (payload->>'approved_by') FROM
	madoguchi.records WHERE entity = 'erasure_record' AND entity_id = '$uuid'")" \
	"terminal decommission" "the central store keeps the final erasure record"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.audit_entries WHERE terminal_id =
	'DEMO-D1' AND action = 'retention.decommission'")" 1 "... and its audit entry"
text=$(pdftotext -layout "$WORK/erasure.pdf" - 2> /dev/null)
like "$text" "消去証明書" "the certificate as PDF"
out=$(madoguchi-admin status --config "$CONF" 2>&1); rc=$?
isnt "$rc" 0 "the terminal cannot be opened any more"

done_testing
