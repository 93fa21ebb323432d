#!/bin/sh
# SPEC §10: the central store checks each change's payload against the entity's rules and
# refuses a batch whole otherwise. The batches are a real terminal's, signed with its own
# key, with one value changed as the terminal (or whoever holds its key) could send it.
# Each is refused with a message that names the change, its entity, the member and what
# is wrong, the value shown escaped; nothing of it is stored. The store's rules are made
# from the terminal's (db/central/03-rules.sql): on a corpus of values, both judge alike.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
pg_central central OFFICE-A DEMO-A1 t_a1 DEMO-A2 t_a2
sync_terminal DEMO-A1 t_a1

# The terminal's first batch: its accounts, three holders (each a holder, a registration,
# an issue event and a My Number) and a correction of one holder (an application, the
# holder's update, a correction event with the earlier value, the approval).
madoguchi-admin demo-data --holders 3 --config "$WORK/DEMO-A1/madoguchi.conf" > /dev/null ||
	bail "demo data"
holder=$(tsql DEMO-A1 "SELECT id FROM holders ORDER BY id LIMIT 1")
tool DEMO-A1 edit "$holder" address2 "検査町1" || bail "edit"
tool DEMO-A1 batch changes 1000 > "$WORK/good" || bail "no batch"

# What the central store holds, for "nothing of it stored".
stored() {
	pg_sql central "SELECT (SELECT count(*) FROM madoguchi.changes) || ' ' ||
	    (SELECT count(*) FROM madoguchi.records) || ' ' ||
	    (SELECT count(*) FROM madoguchi.batches) || ' ' ||
	    (SELECT count(*) FROM madoguchi.conflicts)"
}

# alter IN OUT "ENTITY OP" SQL: OUT is batch IN with the payload of its first change of
# ENTITY and OP replaced by the result of SQL (:'p' is that payload), the header's
# SHA-256 made to agree, as a terminal would send it. Sets line (its place in the body),
# seq and id.
alter() {
	local in=$1 out=$2 what=$3 sql=$4 new
	line=$(tail -n +2 "$in" | awk -F'\t' -v w="$what" '$2 " " $5 == w { print NR; exit }')
	[ -n "$line" ] || bail "no $what change in $in"
	set -- $(tail -n +2 "$in" | sed -n "${line}p" | cut -f1,3)
	seq=$1 id=$2
	new=$(psql -X -q -tA -v ON_ERROR_STOP=1 -d central \
		-v p="$(tail -n +2 "$in" | sed -n "${line}p" | cut -f7)" <<SQL
SELECT ($sql)::text FROM (SELECT :'p'::jsonb AS p) x;
SQL
) || bail "alter: $sql"
	P=$new awk -F'\t' -v OFS='\t' -v n=$((line + 1)) \
		'NR == n { $7 = ENVIRON["P"] } { print }' "$in" > "$out"
	rehash "$out"
	cmp -s "$in" "$out" && bail "alter: $sql changed nothing"
}
# rehash FILE: the header's sha256 for the body as it is now (no newline after the last line).
rehash() {
	local sha
	tail -n +2 "$1" | awk 'NR > 1 { printf "\n" } { printf "%s", $0 }' > "$1.body"
	sha=$(sha256sum < "$1.body" | cut -d' ' -f1)
	{ head -n 1 "$1" | sed "s/\"sha256\":\"[0-9a-f]*\"/\"sha256\":\"$sha\"/"
	  cat "$1.body"; } > "$1.new" && mv "$1.new" "$1"
}
raw_control() {	# raw_control TEXT: whether TEXT holds ESC, BEL or U+202E as they are
	case "$1" in
	*"$(printf '\033')"*|*"$(printf '\007')"*|*"$(printf '\342\200\256')"*) return 0 ;;
	esac
	return 1
}

# refused ROLE NAME "ENTITY OP" SQL PATTERN: the batch of ROLE's terminal altered by SQL
# is refused whole, with a message naming the change (PATTERN follows "change N (seq S,
# ENTITY ID): "), and nothing of it is stored.
refused() {
	local role=$1 name=$2 what=$3 sql=$4 pattern=$5 before rc
	alter "$batch" "$WORK/bad" "$what" "$sql"
	before=$(stored)
	out=$(push_signed "$role" "$WORK/bad"); rc=$?
	ok $((rc == 0)) "$name: the batch is refused"
	like "$out" "batch rejected: change $line (seq $seq, ${what% *} $id): $pattern" \
		"$name: ... naming the change, the member and what is wrong"
	if raw_control "$out"; then
		ok 1 "$name: ... the message holds no raw control character"
	else
		ok 0 "$name: ... the message holds no raw control character"
	fi
	is "$(stored)" "$before" "$name: ... and nothing of the batch is stored"
}

# --- The usual batch: new changes of new records ------------------------------------------
batch=$WORK/good
refused t_a1 "an escape sequence in a holder's family name" "holder update" \
	"p || '{\"family_name\": \"\\u001b]0;owned\\u0007悪\"}'" \
	'member family_name "\x1b]0;owned\x07悪": character 1 is a control character (U+001B)'
refused t_a1 "a right-to-left override in a family name" "holder update" \
	"p || '{\"family_name\": \"\\u202e名前\"}'" \
	'member family_name "\u202e名前": character 1 is a text-direction control character (U+202E)'
refused t_a1 "a birth date that does not exist" "holder insert" \
	"p || '{\"birth_date\": \"1990-02-30\"}'" \
	'member birth_date "1990-02-30": a date that exists'
refused t_a1 "latin letters in a kana item" "holder insert" \
	"p || '{\"family_kana\": \"abc\"}'" \
	'member family_kana "abc": full-width katakana'
refused t_a1 "a member no form has" "holder update" \
	"p || '{\"is_admin\": 1}'" \
	'unknown member "is_admin"'
refused t_a1 "a flag that is neither 0 nor 1" "holder insert" \
	"p || '{\"erased\": 7}'" \
	'member erased has a value of the wrong form: 7 (the number 0 or 1)'
refused t_a1 "an address longer than the form takes" "holder update" \
	"p || jsonb_build_object('address3', repeat('長', 61))" \
	'member address3 "長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長...": too long: 61 characters (the limit is 60)'
mynumber=$(tail -n +2 "$batch" | awk -F'\t' '$2 == "mynumber" { print $7; exit }' |
	sed 's/.*"mynumber":"\([0-9]*\)".*/\1/')
refused t_a1 "a My Number whose check digit is wrong" "mynumber insert" \
	"jsonb_set(p, '{mynumber}', to_jsonb(left(p->>'mynumber', 11) || ((right(p->>'mynumber', 1)::integer + 1) % 10)::text))" \
	'member mynumber "(not shown)": the check digit (the last digit) does not match the other 11'
case "$out" in
*"${mynumber%?}"*) ok 1 "... and the message does not show the My Number" ;;
*) ok 0 "... and the message does not show the My Number" ;;
esac
refused t_a1 "an event of a kind there is none of" "event insert" \
	"p || '{\"kind\": \"explode\"}'" \
	'member kind has a value of the wrong form: explode (one of issue, rewrite'
refused t_a1 "an application's value that no form has" "application insert" \
	"jsonb_set(p, '{payload,is_admin}', '1')" \
	'unknown member "payload.is_admin"'
refused t_a1 "an event's earlier value with an override" "event insert" \
	"p || '{\"before\": {\"address2\": \"\\u202e町\"}}'" \
	'member before.address2 "\u202e町": character 1 is a text-direction control'
refused t_a1 "a user name that starts with a hyphen" "application insert" \
	"p || '{\"requested_by\": \"-rf\"}'" \
	'member requested_by has a value of the wrong form: -rf'
refused t_a1 "a null where the rule has none" "registration insert" \
	"p || '{\"certificate_number\": null}'" \
	'member certificate_number may not be null'

before=$(stored)
out=$(push_signed t_a1 "$WORK/good"); rc=$?
is "$rc|$out" "0|" "the batch as the terminal wrote it is taken"
n=$(head -n 1 "$WORK/good" | sed 's/.*"count":\([0-9]*\).*/\1/')
is "$(pg_sql central "SELECT count(*) FROM madoguchi.changes WHERE terminal_id = 'DEMO-A1'")" "$n" \
	"... all its $n changes"
out=$(sync_now DEMO-A1); rc=$?
is "$rc" 0 "the terminal syncs on"
[ "$rc" -eq 0 ] || diag "$out"
is "$(tool DEMO-A1 state | sed -n 's/^pending //p')" 0 "... nothing left pending"

# --- The general way: a terminal with an open conflict --------------------------------------
# A2 and A1 change the same holder; A1's change is central first, A2's conflicts. While the
# conflict is open, every batch of A2 is decided change by change: the rules hold there too.
sync_terminal DEMO-A2 t_a2
out=$(sync_now DEMO-A2) || bail "sync A2: $out"
tool DEMO-A2 edit "$holder" address2 "二号機版" || bail "edit A2"
tool DEMO-A1 edit "$holder" address2 "一号機版" || bail "edit A1"
out=$(sync_now DEMO-A1) || bail "sync A1: $out"
out=$(sync_now DEMO-A2) || bail "sync A2: $out"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.conflicts WHERE terminal_id = 'DEMO-A2' AND status = 'open'")" 1 \
	"A2's change conflicts with A1's"
other=$(tsql DEMO-A2 "SELECT id FROM holders WHERE id <> '$holder' ORDER BY id LIMIT 1")
tool DEMO-A2 edit "$other" address3 "別館" || bail "edit A2"
tool DEMO-A2 batch changes 1000 > "$WORK/a2" || bail "no batch A2"
batch=$WORK/a2
refused t_a2 "with a conflict open: an escape sequence" "holder update" \
	"p || '{\"family_name\": \"\\u001b[2J\"}'" \
	'member family_name "\x1b[2J": character 1 is a control character (U+001B)'
refused t_a2 "with a conflict open: a date that does not exist" "event insert" \
	"p || '{\"event_date\": \"2026-02-29\"}'" \
	'member event_date "2026-02-29": a date that exists'
refused t_a2 "with a conflict open: an unknown member" "application update" \
	"p || '{\"approved\": true}'" \
	'unknown member "approved"'
before=$(stored)
out=$(push_signed t_a2 "$WORK/a2"); rc=$?
is "$rc" 0 "with a conflict open, the batch as the terminal wrote it is taken"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.records WHERE entity_id = '$other' AND payload->>'address3' = '別館'")" 1 \
	"... and applied"

# --- A malformed line, and a header naming another terminal, are shown escaped too -------
hand() {	# hand ROLE LINE: a batch of one line written by hand, pushed; prints the answer
	{ printf '{"format":2,"kind":"changes","terminal":"%s","count":1,"first":1,"last":1,"sent_at":"%s","sha256":"0"}\n' \
		"${TERMINAL:-DEMO-A1}" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	  printf '%s' "$2"; } > "$WORK/hand"
	rehash "$WORK/hand"
	push_signed "$1" "$WORK/hand"
}
at=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
out=$(hand t_a1 "$(printf '900001\thold\033]0;x\007er\t%s\t1\tinsert\t%s\t{}' "$holder" "$at")"); rc=$?
ok $((rc == 0)) "a line whose entity holds an escape sequence is refused"
like "$out" 'change 1 is malformed: 900001\x09hold\x1b]0;x\x07er\x09' "... the line shown escaped"
if raw_control "$out"; then ok 1 "... no raw control character"; else ok 0 "... no raw control character"; fi
out=$(TERMINAL='DEMO-A1\u001b[2J' hand t_a1 "$(printf '900001\tholder\t%s\t9\tupdate\t%s\t{}' "$holder" "$at")"); rc=$?
ok $((rc == 0)) "a header naming a terminal with an escape sequence is refused"
like "$out" 'it names terminal DEMO-A1\x1b[2J but this connection is terminal DEMO-A1' "... the name shown escaped"
if raw_control "$out"; then ok 1 "... no raw control character"; else ok 0 "... no raw control character"; fi

# --- Both sides judge alike ------------------------------------------------------------------
# Every member of every entity the rules know, with each value of a corpus that takes in
# every kind's edge cases, as a change alone: the terminal (sync_payload_check) and the
# central store (payload_fault, whose member_ok() push uses) must say the same of each.
# (Not in the corpus: numbers written with an exponent or beyond 64 bits, which jsonb
# reads as other numbers than SQLite does; the store checks the value it stores.)
pg_sql central "CREATE TABLE public.corpus_values (j text)" > /dev/null
psql -X -q -v ON_ERROR_STOP=1 -d central <<'SQL' || bail "corpus values"
INSERT INTO public.corpus_values VALUES
('""'), ('" "'), ('"a"'), ('" a"'), ('"a "'), ('"abc"'), ('"ABC-123"'), ('"ab_c"'), ('"a.b"'),
('"@x"'), ('"-x"'), ('".x"'), ('"x@y.z"'), ('"a b"'), ('"a\tb"'), ('"a\nb"'), ('"a\rb"'),
('"\u001b[0m"'), ('"\u0007"'), ('"\u007f"'), ('"\u0085"'), ('"\u009f"'), ('"\u00a0"'),
('"\u061c"'), ('"\u200e"'), ('"\u200f"'), ('"\u202a"'), ('"\u202e"'), ('"\u2066"'),
('"\u2069"'), ('"\u2028"'), ('"名前"'), ('"山田 花子"'), ('"山田　"'), ('"ヤマダ"'),
('"ヤマダ　ハナコ"'), ('"ヤマダ　　ハナコ"'), ('"　ヤマダ"'), ('"ヤマダ　"'), ('"やまだ"'),
('"ｶﾞ"'), ('"カ\u3099"'), ('"ヷ"'), ('"ヴ"'), ('"ヶ"'), ('"・ー"'), ('"ー"'), ('"ヽ"'),
('"1990-02-28"'), ('"1990-02-30"'), ('"2024-02-29"'), ('"2023-02-29"'), ('"2000-02-29"'),
('"1900-02-29"'), ('"0999-12-31"'), ('"1000-01-01"'), ('"9999-12-31"'), ('"1990-2-3"'),
('"19900203"'), ('"1990/02/03"'), ('"平成2年4月1日"'), ('"R7.4.1"'), ('"1990-02-28 "'),
('"1"'), ('"2"'), ('"3"'), ('"9"'), ('"0"'), ('"01"'), ('"13"'), ('"47"'), ('"48"'),
('"00"'), ('"東京都"'), ('"男"'), ('"1000001"'), ('"100-0001"'), ('"10000011"'),
('"１０００００１"'), ('"131016"'), ('"131017"'), ('"481018"'), ('"13101"'),
('"03-1234-5678"'), ('"0312345678"'), ('"-312345678"'), ('"031234567"'),
('"03-1234-5678-9999"'), ('"123456789018"'), ('"123456789012"'), ('"1234 5678 9018"'),
('"01a2442f-e56c-7000-9255-d9af906abebf"'), ('"01A2442F-E56C-7000-9255-D9AF906ABEBF"'),
('"01a2442fe56c70009255d9af906abebf"'), ('"{01a2442f-e56c-7000-9255-d9af906abebf}"'),
('"01a2442f-e56c-7000-9255-d9af906abebg"'), ('"00000000----------------------------"'),
('"2026-04-01T09:30:00Z"'), ('"2026-04-01T09:30:00.123Z"'), ('"2026-04-01T09:30:00.Z"'),
('"2026-04-01T09:30:00.123456789Z"'), ('"2026-04-01T09:30:00.1234567890Z"'),
('"2026-04-01 09:30:00Z"'), ('"2026-13-45T99:99:99Z"'), ('"2026-04-01T09:30:00"'),
('"building-hygiene"'), ('"exam"'), ('"valid"'), ('"death"'), ('"lost"'), ('"stamp"'),
('"issue"'), ('"return-order"'), ('"correction"'), ('"pending"'), ('"card"'),
('"request"'), ('"first-supervisor"'), ('"active"'), ('"explode"'), ('"Valid"'),
('"sato"'), ('"root"'), ('"1500"'), ('"0500"'), ('"1000000"'), ('"1000001"'), ('"1,500"'),
('"1500円"'), ('"[object]"'),
('0'), ('1'), ('2'), ('7'), ('9'), ('13'), ('-1'), ('-0'), ('1.5'), ('1.0'), ('1000000'),
('1000001'), ('1000001'), ('131016'), ('123456789018'), ('3123456789'), ('9223372036854775807'),
('true'), ('false'), ('null'), ('{}'), ('[]'), ('[1]'), ('{"family_name": "x"}'),
('{"_base_version": 1}'), ('{"address2": "\u202e"}'), ('{"is_admin": 1}'),
('{"payload": {}}');
INSERT INTO public.corpus_values SELECT to_jsonb(repeat(c, n))::text
FROM (VALUES ('x'), ('長'), ('ア')) c(c), (VALUES (4), (20), (32), (33), (50), (51), (60),
    (61), (100), (101), (200), (201), (500), (501)) n(n);
SQL
pg_sql central "SELECT CASE WHEN r.entity = '*' THEN 'application' || E'\t' ||
	    jsonb_build_object('payload', jsonb_build_object(r.member, v.j::jsonb))::text
	ELSE r.entity || E'\t' || jsonb_build_object(r.member, v.j::jsonb)::text END
    FROM madoguchi.item_rules r, public.corpus_values v
    UNION ALL SELECT DISTINCT r.entity || E'\t' || '{\"is_admin\": 1}'
    FROM madoguchi.item_rules r WHERE r.entity <> '*'
    UNION ALL SELECT 'event' || E'\t' || '{\"before\": {\"is_admin\": 1}}'" > "$WORK/corpus" ||
	bail "corpus"
tool DEMO-A1 check-payloads < "$WORK/corpus" > "$WORK/terminal.says" || bail "check-payloads"
pg_sql central "CREATE TABLE public.corpus (n serial, line text)" > /dev/null
psql -X -q -v ON_ERROR_STOP=1 -d central -c "\\copy public.corpus (line) FROM '$WORK/corpus' WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')" ||
	bail "corpus in"
pg_sql central "SELECT CASE WHEN madoguchi.payload_fault(split_part(line, E'\t', 1),
	substr(line, strpos(line, E'\t') + 1)::jsonb) IS NULL THEN 'ok' ELSE 'refused' END
    FROM public.corpus ORDER BY n" > "$WORK/central.says" || bail "central verdicts"
diag "a corpus of $(wc -l < "$WORK/corpus") changes"
paste "$WORK/terminal.says" "$WORK/central.says" "$WORK/corpus" |
	awk -F'\t' '$1 != $2' > "$WORK/differ"
is "$(wc -l < "$WORK/differ")" 0 "the terminal and the central store judge each change alike"
[ -s "$WORK/differ" ] && diag "$(head -n 20 "$WORK/differ")"
is "$(grep -c '^ok$' "$WORK/central.says")|$(grep -c '^refused$' "$WORK/central.says")" \
	"$(grep -c '^ok$' "$WORK/terminal.says")|$(grep -c '^refused$' "$WORK/terminal.says")" \
	"... as many taken and refused"
ok $(( $(grep -c '^ok$' "$WORK/central.says") > 1000 &&
	$(grep -c '^refused$' "$WORK/central.says") > 1000 ? 0 : 1 )) \
	"... over a thousand of each"

# --- The rules are the generated file, replaced by every run of the setup script -------------
pg_sql central "DELETE FROM madoguchi.item_rules" > /dev/null || bail "no rules"
tool DEMO-A1 edit "$holder" address3 "規則なし" || bail "edit"
before=$(stored)
out=$(sync_now DEMO-A1); rc=$?
ok $((rc == 0)) "a store without its rules takes no batch"
like "$out" "the central store has no rules for synced values; load them with madoguchi-central-setup" \
	"... and says how to load them"
is "$(stored)" "$before" "... nothing stored"
out=$("$top_srcdir/db/central/madoguchi-central-setup" --dbname central 2>&1) || bail "setup: $out"
out=$(sync_now DEMO-A1); rc=$?
is "$rc" 0 "with the rules loaded again, the terminal syncs"

rules=$(grep -c "^	('" "$top_srcdir/db/central/03-rules.sql")
is "$(pg_sql central "SELECT count(*) FROM madoguchi.item_rules")" "$rules" \
	"the store holds the $rules rules of 03-rules.sql"
pg_sql central "DELETE FROM madoguchi.item_rules WHERE entity = 'holder' AND member = 'remarks';
	INSERT INTO madoguchi.item_rules VALUES ('holder', 'is_admin', 'flag', false, 0, false,
	false, NULL)" > /dev/null || bail "tamper"
out=$("$top_srcdir/db/central/madoguchi-central-setup" --dbname central 2>&1); rc=$?
is "$rc" 0 "the setup script runs again (an upgrade)"
[ "$rc" -eq 0 ] || diag "$out"
is "$(pg_sql central "SELECT count(*) || ' ' || count(*) FILTER (WHERE entity = 'holder' AND
	member = 'remarks') || ' ' || count(*) FILTER (WHERE member = 'is_admin')
	FROM madoguchi.item_rules")" \
	"$rules 1 0" "... and puts back the rules of the file, and only those"

done_testing
