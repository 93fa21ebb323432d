#!/bin/sh
# madoguchi-admin account-register --csv opens in a spreadsheet as text: a full name or a
# reason that looks like a formula comes out with a leading ', and a cell with a comma, a
# quote and a line break stays one quoted cell (RFC 4180).
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"

new_demo_db
# Written around the forms, as a desk could once type them.
sql_with_key "UPDATE accounts SET full_name = '=HYPERLINK(\"http://x\",\"y\")',
	reason = '=HYPERLINK(\"http://x\",\"y\")', procedures = 'a,b \"c\"' || char(10) || 'd'
	WHERE user_name = 'tanaka';" > /dev/null

madoguchi-admin account-register --csv --config "$WORK/madoguchi.conf" > "$WORK/reg.csv"
is "$?" "0" "account-register --csv succeeds"
row=$(grep -A1 '^"tanaka"' "$WORK/reg.csv")
like "$row" '"tanaka","'"'"'=HYPERLINK(""http://x"",""y"")",' \
	"the full name is a text cell, not a formula"
like "$row" '"a,b ""c""
d","'"'"'=HYPERLINK(""http://x"",""y"")"' "the reason too; the procedures stay one cell"
unlike "$(cat "$WORK/reg.csv")" ',"=' "no cell starts with ="
# Every row has the header's 19 cells, the line break inside its quotes.
cells=$(python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
print(" ".join(sorted(set(str(len(r)) for r in rows))))' "$WORK/reg.csv")
is "$cells" "19" "every row has 19 cells"
done_testing
