#!/bin/sh
# A copy of the database without the key shows nothing: no readable text in the file,
# and the sqlcipher shell without the key cannot read it.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"

MARK="ヤマダタロウ山田太郎 YAMADA-TARO-MARKER"
new_db T-SECRET-TERMINAL
"$top_builddir/tests/tools/audit-append" "$DB" "$KEY" 200 "$MARK" || bail "audit-append failed"
cp "$DB" "$WORK/copy.db"

n=$(strings -n 4 "$WORK/copy.db" | grep -c -e YAMADA -e T-SECRET -e holder.view -e audit_log)
is "$n" 0 "strings finds none of the stored text in the copy"
n=$(grep -c -a "山田太郎" "$WORK/copy.db")
is "$n" 0 "the UTF-8 name is not in the file"
n=$(grep -c -a "SQLite format 3" "$WORK/copy.db")
is "$n" 0 "no plaintext SQLite header"

out=$(printf '.tables\nSELECT count(*) FROM audit_log;\n' | sqlcipher -batch "$WORK/copy.db" 2>&1)
like "$out" "file is not a database" "sqlcipher shell without the key cannot read the copy"
unlike "$out" "audit_log" "no table names leak"

out=$(printf "PRAGMA key = \"x'%s'\";\nSELECT count(*) FROM audit_log WHERE detail = '%s';\n" \
	"$(key_hex)" "$MARK" | sqlcipher -batch "$WORK/copy.db" 2>&1)
like "$out" "200" "with the key the same copy reads (the test would catch a broken check)"

done_testing
