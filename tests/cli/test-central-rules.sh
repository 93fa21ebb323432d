#!/bin/sh
# SPEC §10: the central store refuses exactly what the terminal refuses, from the same
# rules. db/central/03-rules.sql (what madoguchi-central ships) is made from the terminal's
# tables by db/sync/sync-rules-sql; the committed file must be what the program prints
# now, or the two sides would judge synced values differently.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"

gen=$top_builddir/db/sync/sync-rules-sql
"$gen" > "$WORK/03-rules.sql" 2> "$WORK/gen.err"; rc=$?
is "$rc" 0 "sync-rules-sql prints the central store's rules"
[ "$rc" -eq 0 ] || diag "$(cat "$WORK/gen.err")"
if cmp -s "$WORK/03-rules.sql" "$top_srcdir/db/central/03-rules.sql"; then
	ok 0 "db/central/03-rules.sql is what it prints from the terminal's rules"
else
	ok 1 "db/central/03-rules.sql is what it prints from the terminal's rules"
	diag "$(diff -u "$top_srcdir/db/central/03-rules.sql" "$WORK/03-rules.sql" | head -n 40)"
	diag "the terminal's rules changed: run \"make update-central-rules\" and commit the file"
fi
# Every entity the terminal checks, and the members of an object of register items.
is "$(sed -n "s/^	('\([^']*\)', .*/\1/p" "$WORK/03-rules.sql" | uniq | xargs)" \
	"holder registration event refusal mynumber application reception account account_period account_change account_login rolefn_change audit_flag_ack audit_review export_grant export_record incident incident_step training_record enquiry attestation erasure_record *" \
	"... with the rules of every entity the terminal checks"
out=$("$gen" extra 2>&1); rc=$?
is "$rc" 2 "sync-rules-sql with an argument: usage error"
like "$out" "usage: sync-rules-sql" "... with the usage"

done_testing
