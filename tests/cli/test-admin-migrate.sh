#!/bin/sh
# madoguchi-admin migrate, which the package's postinst runs on every upgrade: on an
# up-to-date database it changes nothing and says so; a database newer than the program
# is refused untouched; the usual exit codes for usage and for a missing key.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

CONF="$WORK/madoguchi.conf"
new_db T-MIG-01

out=$(madoguchi-admin migrate --help); rc=$?
is "$rc" 0 "migrate --help: exit 0"
like "$out" "usage: madoguchi-admin migrate" "and prints the usage"
madoguchi-admin migrate --config "$CONF" extra > /dev/null 2>&1
is "$?" 2 "an extra argument: exit 2"
err=$(madoguchi-admin migrate --config "$CONF" --key "$WORK/no.key" 2>&1)
is "$?" 3 "a missing key: exit 3"
like "$err" "does not exist" "and says the key does not exist"

version=$(sql_with_key "SELECT max(version) FROM schema_version;")
audits=$(sql_with_key "SELECT count(*) FROM audit_log;")
out=$(madoguchi-admin migrate --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "migrate on an up-to-date database: exit 0"
is "$out" "the database schema is up to date (version $version)" "and says so"
is "$(sql_with_key "SELECT count(*) FROM audit_log;")" "$audits" "nothing is audited"

sql_with_key "INSERT INTO schema_version VALUES (9999, 'future', '2030-01-01');" > /dev/null
sum=$(checksum "$DB")
err=$(madoguchi-admin migrate --config "$CONF" 2>&1); rc=$?
is "$rc" 3 "a schema newer than the program: exit 3"
like "$err" "newer than this program knows" "with the reason"
is "$(checksum "$DB")" "$sum" "and the database is unchanged"

done_testing
