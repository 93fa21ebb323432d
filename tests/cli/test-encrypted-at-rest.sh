#!/bin/sh
# A copy of the database without the key shows nothing: no readable text in the file,
# and the sqlcipher shell without the key cannot read it.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"

MARK="ヤマダタロウ山田太郎 YAMADA-TARO-MARKER"
new_db DEMO-SECRET-TERMINAL
"$top_builddir/tests/tools/audit-append" "$DB" "$KEY" 200 "$MARK" || bail "audit-append failed"
madoguchi-admin demo-data --holders 200 --config "$WORK/madoguchi.conf" > /dev/null ||
	bail "demo-data failed"
cp "$DB" "$WORK/copy.db"

# The demo holders' names, My Numbers and addresses, read with the key.
sql_with_key "SELECT family_name || given_name FROM holders LIMIT 50;" > "$WORK/names"
sql_with_key "SELECT mynumber FROM mynumbers LIMIT 50;" > "$WORK/numbers"
sql_with_key "SELECT address2 FROM holders LIMIT 50;" > "$WORK/addresses"
is "$(wc -l < "$WORK/names")" 50 "the demo database holds synthetic holders"
found=0
for f in names numbers addresses; do
	while IFS= read -r s; do
		grep -q -a -F -- "$s" "$WORK/copy.db" && found=$((found + 1))
	done < "$WORK/$f"
done
is "$found" 0 "none of 50 demo names, My Numbers or addresses is in the copied file"

n=$(strings -n 4 "$WORK/copy.db" | grep -c -e YAMADA -e SECRET -e holder.view -e audit_log -e holders)
is "$n" 0 "strings finds none of the stored text in the copy"
n=$(grep -c -a "山田太郎" "$WORK/copy.db")
is "$n" 0 "the UTF-8 name is not in the file"
n=$(grep -c -a "SQLite format 3" "$WORK/copy.db")
is "$n" 0 "no plaintext SQLite header"

out=$(printf '.tables\nSELECT count(*) FROM audit_log;\n' | sqlcipher -batch "$WORK/copy.db" 2>&1)
like "$out" "file is not a database" "sqlcipher shell without the key cannot read the copy"
unlike "$out" "audit_log" "no table names leak"

out=$({ sqlcipher_key "$(key_hex)"; printf "SELECT count(*) FROM audit_log WHERE detail = '%s';\n" \
	"$MARK"; } | sqlcipher -batch "$WORK/copy.db" 2>&1)
like "$out" "200" "with the key the same copy reads (the test would catch a broken check)"

done_testing
