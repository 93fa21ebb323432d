#!/bin/sh
# Issue 28: madoguchi-admin demo-data --holders N writes its holders in bulk: exactly N
# holders, each with one registration under its own certificate number (ascending with the
# order the holders were added in), its issue event, My Number and outbox rows, the name
# index finding every one of them, one audit entry, the audit chain intact and the
# holders' indexes as the schema has them; a second run appends after them. All in one
# transaction: a run killed half way leaves the database as it was.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

new_db DEMO-DD-01
CONF="$WORK/madoguchi.conf"

counts() {
	sql_with_key "SELECT (SELECT count(*) FROM holders) || ' ' ||
		(SELECT count(DISTINCT certificate_number) FROM registrations) || ' ' ||
		(SELECT count(*) FROM events WHERE kind = 'issue') || ' ' ||
		(SELECT count(*) FROM mynumbers) || ' ' ||
		(SELECT count(*) FROM cert_numbers_used WHERE used_for = 'import') || ' ' ||
		(SELECT count(*) FROM outbox WHERE entity IN ('holder', 'registration', 'event',
		'mynumber'));"
}
# Holders the name index does not find by their kana (trigrams: three characters or more).
unfound() {
	sql_with_key "SELECT count(*) FROM holders h WHERE h.rowid NOT IN (SELECT rowid FROM
		holder_names WHERE holder_names MATCH '\"' || h.family_kana || h.given_kana ||
		'\"');"
}
# Certificate numbers that do not ascend with the holders' order.
unordered() {
	sql_with_key "SELECT count(*) FROM registrations a JOIN registrations b ON b.rowid =
		a.rowid + 1 WHERE b.certificate_number <= a.certificate_number;"
}

# The holders' indexes, as the schema makes them.
indexes() {
	sql_with_key "SELECT name || ' ' || coalesce(sql, '') FROM sqlite_schema WHERE type =
		'index' AND tbl_name = 'holders' ORDER BY name;"
}
schema_indexes=$(indexes)

out=$(madoguchi-admin demo-data --holders 300 --seed 9 --config "$CONF" 2>&1)
is "$?" 0 "demo-data --holders 300 succeeds"
like "$out" "imported 300 synthetic holders (seed 9)" "... and says so"
is "$(counts)" "300 300 300 300 300 1200" \
	"300 holders, 300 numbers, events, My Numbers, ledger entries, 4 outbox rows each"
is "$(unfound)" 0 "the name index finds every holder by name"
is "$(unordered)" 0 "the certificate numbers ascend with the holders"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'holder.import' AND
	detail = '300 synthetic holders, seed 9'")" 1 "one audit entry for the import"
is "$(sql_with_key "SELECT count(*) FROM holders WHERE id <= (SELECT id FROM holders p
	WHERE p.rowid = holders.rowid - 1)")" 0 "ids ascend with the holders' order"
is "$(indexes)" "$schema_indexes" "the holders' indexes are the schema's"
is "$(sql_with_key "PRAGMA journal_mode;")" wal "the database is in WAL mode again"
out=$(madoguchi-audit verify --config "$CONF" 2>&1)
is "$?" 0 "the audit chain verifies"

out=$(madoguchi-admin demo-data --holders 40 --seed 9 --config "$CONF" 2>&1)
is "$?" 0 "a second run succeeds"
is "$(counts)" "340 340 340 340 340 1360" "... and appends 40 holders with new numbers"
is "$(unfound)" 0 "... which the name index finds too"
is "$(unordered)" 0 "... numbered after the first run's"
is "$(sql_with_key "SELECT count(*) FROM holders a JOIN holders b ON b.rowid = a.rowid + 300
	WHERE a.family_name || a.given_name || a.birth_date = b.family_name || b.given_name ||
	b.birth_date")" 40 "... the same people again (the same seed)"

# Killed half way (once its transaction has begun: the rollback journal is there), the run
# leaves nothing: the next opening rolls it back, and demo-data runs again.
everything() {
	sql_with_key "SELECT (SELECT count(*) FROM holders) || ' ' ||
		(SELECT count(*) FROM registrations) || ' ' || (SELECT count(*) FROM events) ||
		' ' || (SELECT count(*) FROM mynumbers) || ' ' || (SELECT count(*) FROM outbox) ||
		' ' || (SELECT count(*) FROM cert_numbers_used) || ' ' || (SELECT count(*) FROM
		cert_number_blocks) || ' ' || (SELECT count(*) FROM audit_log) || ' ' || (SELECT
		count(*) FROM holder_names);"
}
before=$(everything)
madoguchi-admin demo-data --holders 200000 --seed 3 --config "$CONF" > /dev/null 2>&1 &
pid=$!
i=0
while [ ! -e "$DB-journal" ] && [ $i -lt 20 ] && kill -0 "$pid" 2> /dev/null; do
	sleep 0.1
	i=$((i + 1))
done
sleep 1
kill -0 "$pid" 2> /dev/null
is "$?" 0 "a run of 200,000 holders is still at work after a second"
kill -9 "$pid" 2> /dev/null
wait "$pid" 2> /dev/null
is "$(everything)" "$before" "killed, it left the database as it was"
is "$(sql_with_key "SELECT group_concat(quick_check) = 'ok' FROM pragma_quick_check;")" 1 \
	"... intact"
is "$(indexes)" "$schema_indexes" "... with the holders' indexes"
out=$(madoguchi-audit verify --config "$CONF" 2>&1)
is "$?" 0 "... and its audit chain"
out=$(madoguchi-admin demo-data --holders 10 --seed 9 --config "$CONF" 2>&1)
is "$?" 0 "the next run succeeds"
is "$(counts)" "350 350 350 350 350 1400" "... and adds its holders"
is "$(unordered)" 0 "... numbered after the others"

done_testing
