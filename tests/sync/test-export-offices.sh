#!/bin/sh
# Issue 21, the seed incident of a list that carried another organisation's rows: two
# offices' registers in one central store. A2 (office A) and B1 (office B) each hold
# holders and push them; A1 (office A) pulls. A1 holds A2's holders and none of B1's; a
# grant naming one of B1's holders is refused on A1; an export of everything A1 holds, its
# names and birth dates in the clear, decrypts to A2's holders only: not one of B1's.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
command -v openssl > /dev/null || skip_all "openssl is not installed"
pg_start
trap 'pg_stop; cleanup_fixture' EXIT
pg_central central OFFICE-A DEMO-A1 t_a1 DEMO-A2 t_a2
pg_central central OFFICE-B DEMO-B1 t_b1
sync_terminal DEMO-A1 t_a1
sync_terminal DEMO-A2 t_a2
sync_terminal DEMO-B1 t_b1
madoguchi-admin demo-data --holders 20 --seed 211 --config "$WORK/DEMO-A2/madoguchi.conf" \
	> /dev/null || bail "A2's holders"
madoguchi-admin demo-data --holders 20 --seed 212 --config "$WORK/DEMO-B1/madoguchi.conf" \
	> /dev/null || bail "B1's holders"
sync_now DEMO-A2 > /dev/null || bail "A2 pushes"
sync_now DEMO-B1 > /dev/null || bail "B1 pushes"
out=$(sync_now DEMO-A1) || bail "A1 pulls: $out"
is "$(pg_sql central "SELECT office_id || ' ' || count(*) FROM madoguchi.records WHERE
	entity = 'holder' GROUP BY office_id ORDER BY 1" | tr '\n' ,)" \
	"OFFICE-A 20,OFFICE-B 20," "the central store holds both offices' holders"
is "$(tsql DEMO-A1 "SELECT count(*) FROM holders;")" 20 "A1 pulled office A's twenty"
b_ids=$(tsql DEMO-B1 "SELECT id FROM holders ORDER BY id;")
in_a1=0
for id in $b_ids; do
	[ "$(tsql DEMO-A1 "SELECT count(*) FROM holders WHERE id = '$id';")" = 0 ] ||
		in_a1=$((in_a1 + 1))
done
is "$in_a1" 0 "... and not one of office B's"

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/r.key" -out "$WORK/r.pem" \
	-subj /CN=recipient -days 3 > /dev/null 2>&1 || bail "recipient certificate"
b_one=$(printf '%s\n' $b_ids | head -n 1)
out=$(tool DEMO-A1 grant "$b_one" tanaka "$WORK/r.pem" 2>&1); rc=$?
isnt "$rc" 0 "a grant naming office B's holder is refused on A1"
like "$out" "no holder $b_one in this office's register" "... saying so"

mkdir -m 700 "$WORK/spool"
out=$(tool DEMO-A1 export all tanaka "$WORK/r.pem" "$WORK/spool" 2>&1) ||
	bail "the export of everything A1 holds: $out"
f=${out##* }
plain=$(openssl cms -decrypt -inform DER -in "$f" -recip "$WORK/r.pem" -inkey "$WORK/r.key" \
	2> /dev/null) || bail "the export does not decrypt"
is "$(printf '%s\n' "$plain" | tail -n +2 | grep -c .)" 20 "the export holds twenty rows"
a_rows=$(tsql DEMO-A2 "SELECT '\"' || family_name || ' ' || given_name || '\",\"' ||
	birth_date || '\"' FROM holders;")
missing=0
printf '%s\n' "$a_rows" > "$WORK/a_rows"
while IFS= read -r row; do
	printf '%s\n' "$plain" | grep -qF "$row" || missing=$((missing + 1))
done < "$WORK/a_rows"
is "$missing" 0 "... each of office A's holders, name and birth date"
tsql DEMO-B1 "SELECT '\"' || family_name || ' ' || given_name || '\",\"' || birth_date ||
	'\"' FROM holders;" > "$WORK/b_rows"
leaked=0
while IFS= read -r row; do
	printf '%s\n' "$plain" | grep -qF "$row" && leaked=$((leaked + 1))
done < "$WORK/b_rows"
is "$leaked" 0 "... and none of office B's"

done_testing
