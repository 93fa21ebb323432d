#!/bin/sh
# Issue 23: madoguchi-admin report on a demo terminal. Text and JSON both carry the fifteen
# items in the survey's words with an answer, a reason and evidence; with no attestation
# item 1 is never "implemented"; the JSON is well formed; the print is audited. A year or
# period that is none, starts in the future or ends before it starts: a clear message and
# a non-zero exit, nothing printed.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

new_demo_db DEMO-RP-01
CONF="$WORK/madoguchi.conf"
year=$(date +%Y)
[ "$(date +%m)" -lt 4 ] && year=$((year - 1))

out=$(madoguchi-admin report --year "$year" --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "the report for this fiscal year"
like "$out" "Self-inspection report" "... as text"
is "$(printf '%s\n' "$out" | grep -c '^[0-9][0-9]*\. ')" 15 "... with fifteen items"
like "$out" "1. 特定個人情報等の具体的な取扱いを定めるために" "... in the survey's words"
like "$(printf '%s\n' "$out" | sed -n '/^1\. /,/^2\. /p')" "Answer: 実施していない" \
	"... item 1 without an attestation is not implemented"
like "$out" "Handlers without it" "... with the evidence behind each answer"

json=$(madoguchi-admin report --year "$year" --format json --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "the report as JSON"
like "$json" '{"format":"madoguchi-self-inspection","version":1,' "... with its format"
is "$(printf '%s' "$json" | grep -o '"number":[0-9]*' | wc -l)" 15 "... fifteen items"
if command -v python3 > /dev/null; then
	printf '%s' "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin);
assert [i["number"] for i in d["items"]] == list(range(1,16))
assert all(i["answer"] in ("implemented","issue","not_implemented","not_applicable",
	"occurred","none","reported","not_reported") for i in d["items"])'
	is "$?" 0 "... well formed, every answer one of the codes"
else
	skip "python3 is not installed" 1
fi
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'compliance.report';")" 2 \
	"each print is audited"
prints=2

if command -v pdftotext > /dev/null; then
	out=$(madoguchi-admin report --year "$year" --format pdf --out "$WORK/report.pdf" \
		--config "$CONF" 2>&1); rc=$?
	is "$rc" 0 "the report as PDF"
	is "$(stat -c %a "$WORK/report.pdf" 2> /dev/null)" 600 "... read by its owner only"
	text=$(pdftotext -layout "$WORK/report.pdf" - 2> /dev/null)
	like "$text" "自己点検報告（特定個人情報の取扱い）" "... titled in Japanese"
	like "$text" "回答: 実施していない" "... each item's answer in the survey's words"
	like "$text" "特定個人情報に係る規程があることが記録されていません" \
		"... and its reason in Japanese, though the terminal speaks English"
else
	skip "pdftotext (poppler-utils) is not installed" 5
fi

for bad in "--year 26" "--year" "--from 2026-04-01" "--year 2026 --from 2026-04-01 --to 2026-05-01" \
	"--year 2026 --format pdf" "--year 2026 --format csv" "--year 2026 --out x.pdf"; do
	out=$(madoguchi-admin report $bad --config "$CONF" 2>&1); rc=$?
	is "$rc" 2 "report $bad: a usage error"
done
out=$(madoguchi-admin report --from 2099-04-01 --to 2099-05-01 --config "$CONF" 2>&1); rc=$?
is "$rc" 1 "a period in the future is refused"
like "$out" "starts in the future" "... saying so"
out=$(madoguchi-admin report --from 2026-05-01 --to 2026-04-01 --config "$CONF" 2>&1); rc=$?
is "$rc" 1 "a period that ends before it starts is refused"
like "$out" "ends before it starts" "... saying so"
out=$(madoguchi-admin report --from 2026-02-30 --to 2026-04-01 --config "$CONF" 2>&1); rc=$?
is "$rc" 1 "a date that does not exist is refused"
command -v pdftotext > /dev/null && prints=3
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'compliance.report';")" \
	"$prints" "... and nothing refused is audited as printed"

done_testing
