#!/bin/sh
# Issue 26 (one language at a time): the self-inspection report's evidence names the
# handlers' roles as the account screens do, by their labels in the report's language
# (事務従事者, 承認者), never by the role codes (clerk, supervisor), in the Japanese text
# and in the PDF, which is Japanese whatever the terminal's language.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

new_demo_db DEMO-RJ-01
CONF="$WORK/madoguchi.conf"
year=$(date +%Y)
[ "$(date +%m)" -lt 4 ] && year=$((year - 1))
roles=$(sql_with_key "SELECT roles FROM accounts WHERE user_name = 'tanaka';")
[ -n "$roles" ] || bail "no demo clerk tanaka"

out=$(LANGUAGE=ja madoguchi-admin report --year "$year" --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "the report in Japanese"
printf '%s\n' "$out" > "$WORK/report.txt"
tanaka=$(grep -m 1 -- '- tanaka' "$WORK/report.txt")
[ -n "$tanaka" ]; ok $? "the evidence names the handler tanaka"
like "$tanaka" "、事務従事者: " "... with the role's Japanese label"
like "$tanaka" "免状の登録" "... and the procedures (事務) by their Japanese labels"
evidence=$(grep -- '^ *- ' "$WORK/report.txt")
for code in clerk supervisor sysadmin auditor register periodic; do
	unlike "$evidence" "$code" "no code '$code' in the evidence"
done
out=$(LANGUAGE=en madoguchi-admin report --year "$year" --config "$CONF" 2>&1)
like "$(printf '%s\n' "$out" | grep -m 1 -- '- tanaka (')" "), $roles: " \
	"in English the roles keep their names ($roles)"

if command -v pdftotext > /dev/null; then
	LANGUAGE=en madoguchi-admin report --year "$year" --format pdf \
		--out "$WORK/report.pdf" --config "$CONF" > /dev/null 2>&1
	text=$(pdftotext -layout "$WORK/report.pdf" - 2> /dev/null)
	like "$text" "事務従事者" "the PDF names roles by their Japanese labels"
	unlike "$text" "）、clerk" "... not by their codes"
else
	skip "pdftotext (poppler-utils) is not installed" 2
fi
done_testing
