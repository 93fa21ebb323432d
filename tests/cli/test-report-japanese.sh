#!/bin/sh
# Issue 26 (one language at a time): the self-inspection report's evidence names the
# handlers' roles as the account screens do, by their labels in the report's language
# (事務従事者, 承認者), never by the role codes (clerk, supervisor), in the Japanese text
# and in the PDF, which is Japanese whatever the terminal's language. The kinds of
# training, enquiries, imports and erasures and the flags' rules are named by their labels
# too, never by their codes (new_handler, consultation, juki_result, imported,
# juki_answers, access_burst).
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

new_demo_db DEMO-RJ-01
CONF="$WORK/madoguchi.conf"
year=$(date +%Y)
[ "$(date +%m)" -lt 4 ] && year=$((year - 1))
roles=$(sql_with_key "SELECT roles FROM accounts WHERE user_name = 'tanaka';")
[ -n "$roles" ] || bail "no demo clerk tanaka"

# One record of each kind the evidence lists, dated inside the year.
day="$year-06-10"
sql_with_key "
INSERT INTO training_records VALUES ('11111111-1111-4111-8111-111111111111', 'tanaka',
	'個人情報保護研修', 'new_handler', '$day', 'suzuki', '${day}T01:00:00Z');
INSERT INTO enquiries (id, kind, received_on, subject, recorded_by, recorded_at) VALUES
	('22222222-2222-4222-8222-222222222222', 'consultation', '$day', '記載事項の確認',
	'suzuki', '${day}T01:00:00Z');
INSERT INTO import_requests (id, kind, file_name, sha256, size, source, purpose,
	requested_by, requested_at, status, decided_by, decided_at, outcome, records) VALUES
	('33333333-3333-4333-8333-333333333333', 'juki_result', 'result.csv',
	'$(printf '%064d' 0)', 10, '本庁', '照会結果の取込', 'tanaka', '${day}T01:00:00Z',
	'imported', 'suzuki', '${day}T02:00:00Z', 'ok', 3);
INSERT INTO erasure_records (uuid, terminal_id, kind, rule_days, cutoff, count, bytes,
	method, proposed_by, approved_by, state, started_at, finished_at) VALUES
	('44444444-4444-4444-8444-444444444444', 'DEMO-RJ-01', 'juki_answers', 30,
	'${day}T00:00:00Z', 7, 700, 'delete', 'suzuki', 'automatic', 'done',
	'${day}T03:00:00Z', '${day}T03:00:01Z');
INSERT INTO audit_flag_acks VALUES ('55555555-5555-4555-8555-555555555555', 'DEMO-RJ-01',
	'access_burst', 'tanaka', '${day}T01:00:00Z', '${day}T01:05:00Z', 10, 'x', '確認した',
	'suzuki', '${day}T04:00:00Z');" > /dev/null || bail "cannot add the records"

out=$(LANGUAGE=ja madoguchi-admin report --year "$year" --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "the report in Japanese"
printf '%s\n' "$out" > "$WORK/report.txt"
tanaka=$(grep -m 1 -- '- tanaka' "$WORK/report.txt")
[ -n "$tanaka" ]; ok $? "the evidence names the handler tanaka"
like "$tanaka" "、事務従事者: " "... with the role's Japanese label"
like "$tanaka" "免状の登録" "... and the procedures (事務) by their Japanese labels"
like "$out" "   回答: 課題あり
" "each answer in the survey's words"
unlike "$out" "（issue）" "... without its English code"
evidence=$(grep -- '^ *- ' "$WORK/report.txt")
like "$evidence" "新任" "the training's kind by its label"
like "$evidence" "相談" "the enquiry's kind by its label"
like "$evidence" "住基ネットの照会結果" "the import's kind by its label"
like "$evidence" "取込済み" "... and its state"
like "$evidence" "住基ネットの回答" "the erasure's kind by its label"
like "$evidence" "短時間" "the flag's rule by its name"
for code in clerk supervisor sysadmin auditor register periodic new_handler consultation \
	juki_result imported juki_answers access_burst; do
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
