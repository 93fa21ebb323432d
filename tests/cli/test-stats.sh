#!/bin/sh
# Issue 24: madoguchi-admin stats on a demo terminal with synthetic holders and a few
# receptions, events and Juki-net queries on known days. The table and the CSV count them
# per month, kind, channel and qualification, and hold no person: no name, no holder id,
# no clerk. Each run is audited. A period missing, mistyped, ending before it starts, an
# unknown option: a clear message, exit 2, nothing printed, nothing audited.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
# Local days are Japan's whatever the machine's, for the program and the shell alike.
export TZ=JST-9

new_demo_db DEMO-ST-01
CONF="$WORK/madoguchi.conf"
madoguchi-admin demo-data --holders 30 --config "$CONF" > /dev/null || bail "demo holders"

h1=$(sql_with_key "SELECT id FROM holders ORDER BY id LIMIT 1;")
h2=$(sql_with_key "SELECT id FROM holders ORDER BY id LIMIT 1 OFFSET 1;")
g1=$(sql_with_key "SELECT id FROM registrations WHERE holder_id = '$h1' LIMIT 1;")
[ -n "$h1" ] && [ -n "$h2" ] && [ -n "$g1" ] || bail "no demo holders"

# April and May 2031, after every demo holder's day of issue.
sql_with_key "
INSERT INTO receptions (id, number, kind, channel, received_on, received_by, received_at,
	holder_id, status, withdrawn_by, withdrawn_at, withdraw_reason) VALUES
('51000000-0000-4000-8000-000000000001', 'R2031-0000001', 'reissue', 'counter',
	'2031-04-01', 'tanaka', 'x', '$h1', 'decided', NULL, NULL, NULL),
('51000000-0000-4000-8000-000000000002', 'R2031-0000002', 'reissue', 'counter',
	'2031-04-20', 'tanaka', 'x', '$h1', 'open', NULL, NULL, NULL),
('51000000-0000-4000-8000-000000000003', 'R2031-0000003', 'correction', 'mail',
	'2031-04-21', 'yamada', 'x', '$h2', 'withdrawn', 'yamada', '2031-05-07T01:00:00.000Z',
	'本人の申出'),
('51000000-0000-4000-8000-000000000004', 'R2031-0000004', 'registration', 'e-gov',
	'2031-05-31', 'tanaka', 'x', NULL, 'open', NULL, NULL, NULL),
('51000000-0000-4000-8000-000000000005', 'R2031-0000005', 'reissue', 'mynaportal',
	'2031-06-01', 'tanaka', 'x', '$h2', 'open', NULL, NULL, NULL);
INSERT INTO applications (id, kind, holder_id, registration_id, payload, status,
	requested_by, requested_at, decided_by, decided_at, reception_number) VALUES
('5a000000-0000-4000-8000-000000000001', 'reissue', '$h1', '$g1', '{}', 'approved',
	'tanaka', 'x', 'suzuki', 'x', 'R2031-0000001');
INSERT INTO events (id, registration_id, holder_id, kind, event_date, created_by,
	created_at) VALUES
('5e000000-0000-4000-8000-000000000001', '$g1', '$h1', 'reissue', '2031-04-02', 'tanaka',
	'x'),
('5e000000-0000-4000-8000-000000000002', '$g1', '$h1', 'erase', '2031-05-10', 'tanaka',
	'x');
INSERT INTO juki_queries (id, request_no, file_id, mode, holder_id, key_kind, key_summary,
	jimu, purpose_ref, status, requested_by, requested_at) VALUES
('59000000-0000-4000-8000-000000000001', 9001, 'Q9001', 'immediate', '$h1', 'four', 'k', 1,
	'R2031-0000002', 'answered', 'tanaka', '2031-04-20T03:00:00.000Z'),
('59000000-0000-4000-8000-000000000002', 9002, 'Q9002', 'immediate', '$h1', 'four', 'k', 1,
	'R2031-0000002', 'failed', 'tanaka', '2031-03-31T16:00:00.000Z');
" > "$WORK/insert.out"
[ -s "$WORK/insert.out" ] && bail "the business: $(cat "$WORK/insert.out")"

out=$(madoguchi-admin stats --from 2031-04-01 --to 2031-05-31 --config "$CONF" 2> "$WORK/err")
rc=$?
is "$rc" 0 "stats for April and May 2031"
is "$(cat "$WORK/err")" "" "... quietly"
like "$out" "Business statistics (業務統計) from 2031-04-01 to 2031-05-31" "... titled with the period"
like "$out" "month" "... as a table with its heads"
like "$out" "2031-04 receptions (受付)" "... a row per month and measure"
like "$out" "counter (窓口)" "... channels by their labels"
like "$out" "Building environmental hygiene manager" "... qualifications by their labels"
like "$out" "Totals of the period:" "... and the period's totals"
is "$(printf '%s\n' "$out" | sed -n 's/^  receptions (受付) *//p')" 4 "... 4 receptions"
is "$(printf '%s\n' "$out" | sed -n 's/^  withdrawals (取下げ) *//p')" 1 "... 1 withdrawal"

csv=$(madoguchi-admin stats --from 2031-04-01 --to 2031-05-31 --csv --config "$CONF" 2>&1)
rc=$?
is "$rc" 0 "the same as CSV"
expected='"month","measure","kind","channel","qualification","count"
"2031-04","receptions","correction","mail","","1"
"2031-04","receptions","reissue","counter","","1"
"2031-04","receptions","reissue","counter","building-hygiene","1"
"2031-04","reissues","","","building-hygiene","1"
"2031-04","juki-queries","","","","2"
"2031-05","receptions","registration","e-gov","","1"
"2031-05","erasures","","","building-hygiene","1"
"2031-05","withdrawals","correction","mail","","1"'
is "$csv" "$expected" "... a head, then a row per month, measure, kind, channel and qualification"
if printf '%s' "$csv" | iconv -f UTF-8 -t UTF-8 > /dev/null 2>&1; then ok 0 "... in UTF-8"
else ok 1 "... in UTF-8"; fi

# The demo's issues, over the years they span: as many as the register holds.
csv=$(madoguchi-admin stats --from 1900-01-01 --to 2031-12-31 --csv --config "$CONF" 2>&1)
rc=$?
is "$rc" 0 "stats over every year of the demo"
want=$(sql_with_key "SELECT count(*) FROM events WHERE kind = 'issue';")
got=$(printf '%s\n' "$csv" | awk -F'","' '$2 == "issues" { gsub(/"/, "", $6); n += $6 } END { print n + 0 }')
is "$got" "$want" "... every issue counted ($want)"
text=$(madoguchi-admin stats --from 1900-01-01 --to 2031-12-31 --config "$CONF" 2>&1)

# No person in either form: no name, no holder or application id, no clerk.
leaks=0
for who in $(sql_with_key "SELECT family_name || char(10) || given_name || char(10) ||
	family_kana || char(10) || id FROM holders;") $h1 $h2 $g1 tanaka yamada suzuki \
	R2031-0000001 本人の申出; do
	case "$csv$text$out" in
	*"$who"*) diag "the statistics hold \"$who\""; leaks=$((leaks + 1)) ;;
	esac
done
is "$leaks" 0 "no name, id or clerk in the statistics"

is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'stats.run' AND result = 'ok';")" 4 \
	"each run is audited"
like "$(sql_with_key "SELECT detail FROM audit_log WHERE action = 'stats.run' ORDER BY seq LIMIT 1;" 2>&1)" \
	"2031-04-01 to 2031-05-31, text" "... with its period and form"

# Bad input: a usage error, said on standard error, nothing printed, nothing audited.
bad() {	# bad EXPECTED-MESSAGE ARGS...
	says=$1
	shift
	madoguchi-admin stats "$@" --config "$CONF" > "$WORK/out" 2> "$WORK/err"
	is "$?" 2 "stats $*: a usage error"
	like "$(cat "$WORK/err")" "$says" "... saying $says"
	is "$(cat "$WORK/out")" "" "... printing nothing"
}
bad "give the period with --from and --to" --to 2031-05-31
bad "give the period with --from and --to" --from 2031-04-01
bad "give the period with --from and --to"
bad "first day \"2031-13-01\": there is no month 13" --from 2031-13-01 --to 2031-12-31
bad "last day \"2031-02-29\"" --from 2031-02-01 --to 2031-02-29
bad "first day \"April\"" --from April --to 2031-05-31
bad "the period ends before it starts (2031-05-01 to 2031-04-01)" --from 2031-05-01 --to 2031-04-01
bad "unrecognized option" --from 2031-04-01 --to 2031-05-31 --json
bad "unexpected argument \"extra\"" --from 2031-04-01 --to 2031-05-31 extra
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'stats.run';")" 4 \
	"... and nothing refused is audited"

out=$(madoguchi-admin stats --help 2>&1); rc=$?
is "$rc" 0 "stats --help"
like "$out" "usage: madoguchi-admin stats --from YYYY-MM-DD --to YYYY-MM-DD [--csv]" "... shows its usage"
like "$(madoguchi-admin --help 2>&1)" "stats " "madoguchi-admin --help lists stats"

done_testing
