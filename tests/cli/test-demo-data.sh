#!/bin/sh
# Issue 28: madoguchi-admin demo-data --holders N writes its holders in bulk: exactly N
# holders, each with one registration under its own certificate number (ascending with the
# order the holders were added in), its issue event, My Number and outbox rows, the name
# index finding every one of them, one audit entry; a second run appends after them.
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

out=$(madoguchi-admin demo-data --holders 40 --seed 9 --config "$CONF" 2>&1)
is "$?" 0 "a second run succeeds"
is "$(counts)" "340 340 340 340 340 1360" "... and appends 40 holders with new numbers"
is "$(unfound)" 0 "... which the name index finds too"
is "$(unordered)" 0 "... numbered after the first run's"
is "$(sql_with_key "SELECT count(*) FROM holders a JOIN holders b ON b.rowid = a.rowid + 300
	WHERE a.family_name || a.given_name || a.birth_date = b.family_name || b.given_name ||
	b.birth_date")" 40 "... the same people again (the same seed)"

done_testing
