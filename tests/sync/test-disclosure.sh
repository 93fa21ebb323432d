#!/bin/sh
# Issue 20, deliverable 4: access disclosure (開示). Two terminals of office A and one of
# office B against one test PostgreSQL. A holder registered on A1 is changed on A1 and on
# A2; madoguchi-admin disclosure on A1 lists exactly the entries about the holder that
# either terminal made (A2's through the central store's disclosure(), A1's own not yet
# pushed marked), with full names, and nothing of office B (not even an entry of B that
# names the same holder id). The PDF is checked with pdftotext. With the store out of
# reach the local part is printed and the report says the other terminals' entries are
# missing. Bad input: no such holder, a date that does not exist, a reversed period.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
command -v pdftotext > /dev/null || skip_all "pdftotext (poppler-utils) is not installed"
pg_start
pg_central central OFFICE-A DEMO-A1 t_a1 DEMO-A2 t_a2
pg_central central OFFICE-B DEMO-B1 t_b1
for t in A1:t_a1 A2:t_a2 B1:t_b1; do
	sync_terminal "DEMO-${t%%:*}" "${t#*:}"
done
conf() { echo "$WORK/$1/madoguchi.conf"; }
disclose() {	# disclose TERMINAL ARGS
	_t=$1; shift
	madoguchi-admin disclosure --config "$(conf "$_t")" "$@" 2>&1
}

tool DEMO-A1 add 2 DESK- > /dev/null || bail "holders on A1"
tool DEMO-B1 add 1 OTHER- > /dev/null || bail "holders on B1"
sync_now DEMO-A1 > /dev/null || bail "sync A1"
sync_now DEMO-A2 > /dev/null || bail "sync A2"
sync_now DEMO-B1 > /dev/null || bail "sync B1"
h=$(tsql DEMO-A1 "SELECT id FROM holders ORDER BY rowid LIMIT 1")
tool DEMO-A2 edit "$h" address2 "二番地" > /dev/null || bail "edit on A2"
sync_now DEMO-A2 > /dev/null || bail "sync A2 again"
tool DEMO-A1 edit "$h" address3 "三号室" > /dev/null || bail "edit on A1"
# Office B's log naming the same holder id: another office's, never disclosed here.
pg_sql central "INSERT INTO madoguchi.audit_entries (terminal_id, seq, office_id, at, tty,
	user_name, role, action, target, result, detail, prev_mac, mac) VALUES ('DEMO-B1',
	999999, 'OFFICE-B', '2026-01-01T00:00:00.000Z', 'tty9', 'intruder', 'clerk',
	'register.view', 'holder:$h', 'ok', '', decode(repeat('00', 32), 'hex'),
	decode(repeat('00', 32), 'hex'))" > /dev/null || bail "office B's entry"

local_n=$(tsql DEMO-A1 "SELECT count(*) FROM audit_log WHERE target LIKE 'holder:$h%'")
unpushed=$(tsql DEMO-A1 "SELECT count(*) FROM audit_log WHERE target LIKE 'holder:$h%' AND
	seq > (SELECT audit_pushed FROM sync_state)")
from_a2=$(pg_sql central "SELECT count(*) FROM madoguchi.audit_entries WHERE office_id =
	'OFFICE-A' AND terminal_id = 'DEMO-A2' AND target LIKE 'holder:$h%'")
[ "$from_a2" -gt 0 ] || bail "A2 pushed no entry about the holder"
[ "$unpushed" -gt 0 ] || bail "A1 has no unpushed entry about the holder"

out=$(disclose DEMO-A1 --holder "$h" --text); rc=$?
is "$rc" 0 "disclosure --text on A1"
like "$out" "Terminals: every terminal of the office" "the office's terminals are included"
is "$(printf '%s\n' "$out" | grep -c ' DEMO-A[12]  ')" "$((local_n + from_a2))" \
	"every entry of A1 ($local_n) and A2 ($from_a2) about the holder, each once"
is "$(printf '%s\n' "$out" | grep -c '^\*')" "$unpushed" \
	"A1's entries the store does not have yet are marked ($unpushed)"
like "$out" " DEMO-A2  " "A2's entries are there"
unlike "$out" "intruder" "office B's entry naming the same id is not"
unlike "$out" "DEMO-B1" "nothing of office B at all"
like "$out" "田中 太郎 (tanaka, Clerk)" "who, with the full name and the role"
like "$out" "鈴木 花子 (suzuki, Supervisor)  register.approve" "... and what was done"
like "$out" "register.approve  ok  application 0" "what it was for"
is "$(tsql DEMO-A1 "SELECT count(*) FROM audit_log WHERE action = 'disclosure.print' AND
	target = 'holder:$h'")" 1 "producing it is audited"

# Office B's holder with the same name: B1's report holds only B1's own entries.
hb=$(tsql DEMO-B1 "SELECT id FROM holders LIMIT 1")
out=$(disclose DEMO-B1 --holder "$hb" --text)
unlike "$out" " DEMO-A" "office B's report has nothing of office A"

# The PDF for the resident.
out=$(disclose DEMO-A1 --holder "$h" --out "$WORK/disclosure.pdf"); rc=$?
is "$rc" 0 "disclosure --out FILE.pdf"
text=$(pdftotext -layout "$WORK/disclosure.pdf" - 2> /dev/null)
like "$text" "個人情報の取扱い記録の開示" "the PDF has its title"
like "$text" "同期 花子" "... the holder's name"
like "$text" "DEMO-A2" "... the other terminal's entries"
like "$text" "事務所のすべての端末" "... and says they are all included"
like "$text" "鈴木 花子（suzuki、承認者）" "... who, in Japanese"
like "$text" "申請の承認" "... what, in words"
unlike "$text" "register.approve" "... not the log's codes"
like "$text" "用件: 申請" "... and for what"
unlike "$text" "intruder" "... and nothing of office B"

# The store out of reach: the local part, and plainly what is missing. (The reports made
# so far are entries about the holder too.)
local_n=$(tsql DEMO-A1 "SELECT count(*) FROM audit_log WHERE target LIKE 'holder:$h%'")
sed 's/^sync_port = .*/sync_port = 1/' "$(conf DEMO-A1)" > "$WORK/offline.conf"
out=$(madoguchi-admin disclosure --config "$WORK/offline.conf" --holder "$h" --text 2>&1)
rc=$?
is "$rc" 0 "the store out of reach: the report is still made"
like "$out" "THIS TERMINAL ONLY; the other terminals' entries are MISSING" \
	"... and says plainly that other terminals' entries are missing"
unlike "$out" " DEMO-A2  " "... which are not there"
is "$(printf '%s\n' "$out" | grep -c ' DEMO-A1  ')" "$local_n" "... with all of A1's own"

# Bad input: a clear message, exit 1 or 2, nothing audited.
before=$(tsql DEMO-A1 "SELECT count(*) FROM audit_log")
out=$(disclose DEMO-A1 --holder 00000000-0000-4000-8000-000000000000 --text); rc=$?
is "$rc" 1 "a holder that does not exist: refused"
like "$out" "no holder 00000000-0000-4000-8000-000000000000" "... saying so"
out=$(disclose DEMO-A1 --holder "$h" --from 2026-02-30 --text); rc=$?
is "$rc" 1 "a date that does not exist: refused"
like "$out" "\"2026-02-30\" is not a date" "... saying which"
out=$(disclose DEMO-A1 --holder "$h" --from 2026-05-01 --to 2026-04-01 --text); rc=$?
is "$rc" 1 "a reversed period: refused"
like "$out" "the period is reversed" "... saying so"
out=$(disclose DEMO-A1 --holder "x'; DROP TABLE holders; --" --text); rc=$?
is "$rc" 1 "an id with SQL in it: refused"
out=$(disclose DEMO-A1 --holder "$h"); rc=$?
is "$rc" 2 "neither --text nor --out: usage"
is "$(tsql DEMO-A1 "SELECT count(*) FROM audit_log")" "$before" "none of them is audited"
# A period: an entry of 2026-01-01 falls outside 2026-02-01 onwards.
out=$(disclose DEMO-A1 --holder "$h" --from 2000-01-01 --to 2000-12-31 --text); rc=$?
is "$rc" 0 "a period with nothing in it"
like "$out" "0 entries" "... says so"

# The holder's entries are searched in the index by the holder, not read for the whole
# office and filtered: under forced row-level security only leakproof operators reach an
# index, so the plan says which (auto_explain, for this terminal's logins only).
pg_sql central "ALTER ROLE t_a1 SET session_preload_libraries = 'auto_explain';
	ALTER ROLE t_a1 SET auto_explain.log_min_duration = 0;
	ALTER ROLE t_a1 SET auto_explain.log_nested_statements = on" > /dev/null ||
	bail "auto_explain for t_a1"
psql -X -q -tA "$(pg_conninfo central t_a1)" -c "SET enable_seqscan = off;
	SELECT count(*) FROM madoguchi.disclosure('$h', NULL, NULL)" > /dev/null 2>&1
sleep 1
plan=$(cat "$PG_WORK"/log/* 2> /dev/null | awk '/Query Text: SELECT a.terminal_id/ { p = 1 }
	p && /Index Cond:/ { print; exit }')
like "$plan" "((target)::text >= 'holder:$h'" "the central function searches the index by holder"

done_testing
