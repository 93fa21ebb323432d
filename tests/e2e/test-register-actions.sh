#!/bin/sh
# Issue 25 at the terminal: a clerk files a suspension (停止) from the holder's screen
# (x); an overlapping one is refused, naming the rule; another supervisor approves and the
# holder shows it suspended with its period. A suspension whose period is past ends by
# itself when the holder is opened (the end of suspension in the history, valid again). A
# return order (返納命令) due in the past is on the supervisors' overdue list, which a
# clerk's menu does not have, and its due date is not shown to the clerk. A registration
# refused (交付拒否, x in the queue) keeps its date and reason from the clerk too.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users suzuki:pw-suzuki tanaka:pw-tanaka
echo "date_style = western" >> "$WORK/madoguchi.conf"
madoguchi-admin demo-data --holders 6 --seed 25 --config "$WORK/madoguchi.conf" \
	> /dev/null || bail "demo holders failed"

# Three holders with one valid registration each. The import writes no certificate: each
# gets the one an approved registration would have, so that there is one to return.
holders=$(sql_with_key "SELECT r.holder_id FROM registrations r GROUP BY r.holder_id
	HAVING count(*) = 1 AND min(r.status) = 'valid' ORDER BY min(r.rowid) LIMIT 3;")
h1=$(echo "$holders" | sed -n 1p)
h2=$(echo "$holders" | sed -n 2p)
h3=$(echo "$holders" | sed -n 3p)
[ -n "$h3" ] || bail "the demo data has no three holders with one registration"
for h in $holders; do
	sql_with_key "INSERT INTO certificates (id, registration_id, certificate_number, kind,
		issued_on, issue_date, created_by, created_at) SELECT substr(id, 1, 30) ||
		'c0ffee', id, certificate_number, 'issue', issue_date, issue_date, 'sato',
		issue_date FROM registrations WHERE holder_id = '$h';" > /dev/null
done
cert3=$(sql_with_key "SELECT certificate_number FROM registrations WHERE holder_id = '$h3';")
from=$(date -d '-3 days' +%F)
until=$(date -d '+30 days' +%F)

# open_holder SESSION HOLDER_ID: search by the holder's kana and open the record.
open_holder() {
	_oh_kana=$(sql_with_key "SELECT family_kana || given_kana FROM holders WHERE id = '$2';")
	_oh_name=$(sql_with_key "SELECT family_name || ' ' || given_name FROM holders WHERE id = '$2';")
	menu_pick "$1" "Search the register"
	tmux_wait "$1" "Name (kana or kanji, part)" || return 1
	tmux_type "$1" "$_oh_kana"
	tmux_keys "$1" Enter
	tmux_wait "$1" "$_oh_name" || return 1
	tmux_keys "$1" Enter
	tmux_wait "$1" "Holder: $_oh_name"
}

# back_to_menu SESSION: Esc from the holder, the search's results and its criteria.
back_to_menu() {
	tmux_keys "$1" Escape
	tmux_wait "$1" "Tab Criteria"
	tmux_keys "$1" Escape
	tmux_wait "$1" "Esc Back"
	tmux_keys "$1" Escape
	tmux_wait "$1" "Menu —"
}

# act SESSION ACTION DATE [UNTIL] REASON TEXT: x on the holder's screen, then the answers.
act() {
	_s=$1; _a=$2; _d=$3
	tmux_type "$_s" "x"
	tmux_wait "$_s" "1 suspension" || return 1
	answer "$_s" "$_a"
	if [ "$_a" = 1 ]; then
		tmux_wait "$_s" "First day of the suspension" || return 1
	else
		tmux_wait "$_s" "Date of the action" || return 1
	fi
	answer "$_s" "$_d"
	if [ "$_a" = 1 ] || [ "$_a" = 3 ]; then
		if [ "$_a" = 1 ]; then
			tmux_wait "$_s" "Last day of the suspension" || return 1
		else
			tmux_wait "$_s" "Due date of the return" || return 1
		fi
		answer "$_s" "$4"
		shift
	fi
	tmux_wait "$_s" "Reason: 1" || return 1
	answer "$_s" "$4"
	tmux_wait "$_s" "Reason (text)" || return 1
	answer "$_s" "$5"
}

# --- tanaka (clerk) files the actions.
app t1
login t1 tanaka pw-tanaka
tmux_wait t1 "[clerk]" || bail "tanaka cannot log in"
unlike "$(tmux_screen t1)" "Overdue returns" "a clerk's menu has no overdue list"
open_holder t1 "$h1"; ok $? "the clerk opens the first holder"
act t1 1 "$from" "$until" 1 "業務上の不正行為"
tmux_wait t1 "Filed the suspension; awaits a supervisor"; ok $? "the suspension is filed"
act t1 1 "$(date +%F)" "$(date -d '+5 days' +%F)" 1 "重ねて"
tmux_wait t1 "may not overlap"; ok $? "an overlapping suspension is refused, naming the rule"
is "$(sql_with_key "SELECT count(*) FROM applications WHERE kind = 'action';")" "1" \
	"and nothing was filed"
act t1 4 "2024-01-10" 2 "本人の申出"
tmux_wait t1 "awaits a supervisor"; ok $? "a return (返還) is filed"
back_to_menu t1
open_holder t1 "$h2"
act t1 1 "2024-01-01" "2024-01-31" 1 "過去の停止"
tmux_wait t1 "Filed the suspension"; ok $? "a suspension in the past is filed"
back_to_menu t1
open_holder t1 "$h3"
act t1 3 "2024-01-10" "2024-02-10" 1 "取消しに伴う"
tmux_wait t1 "Filed the return order"; ok $? "a return order is filed"
# Another qualification for the same holder, which the supervisor will refuse (交付拒否).
tmux_type t1 "q"
tmux_wait t1 "Another qualification"
fill t1 "4" "BH-940005" "2021-04-01" "2021-04-02" "2021-05-01" "1" "" "" "P-940005"
tmux_keys t1 F2
tmux_wait t1 "for the holder already registered"; ok $? "a registration is filed"
tmux_keys t1 Escape
tmux_wait t1 "Holder:"
back_to_menu t1
logout t1

# --- suzuki (supervisor) approves: the suspension first, then the 返還 is refused by the
# table (a suspended registration may be returned; but the certificate goes with it).
app s1
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki cannot log in"
menu_pick s1 "Approve applications"
tmux_wait s1 "Applications awaiting a decision"
tmux_keys s1 Enter
tmux_wait s1 "administrative action application by tanaka"; ok $? "the action is in the queue"
like "$(tmux_screen s1)" "suspension from $from until $until" "with its period"
like "$(tmux_screen s1)" "Reason: misconduct at work; 業務上の不正行為" "and its reason in words"
tmux_type s1 "a"
tmux_wait s1 "Comment"
answer s1 ""
tmux_wait s1 "Approved the application"; ok $? "the supervisor approves the suspension"
# The 返還 of the same registration: rejected here (the test keeps the certificate out).
tmux_type s1 "r"
tmux_wait s1 "Why is it rejected"
answer s1 "証明書は未返還"
tmux_wait s1 "Rejected the application"; ok $? "the return is rejected"
tmux_type s1 "a"
tmux_wait s1 "Comment"
answer s1 ""
tmux_wait s1 "Approved the application"
tmux_type s1 "a"
tmux_wait s1 "Comment"
answer s1 ""
tmux_wait s1 "Approved the application"
tmux_wait s1 "registration"
tmux_type s1 "x"
tmux_wait s1 "Date of the refusal"
answer s1 "2025-03-01"
tmux_wait s1 "Reason: 1"
answer s1 "1"
tmux_wait s1 "Reason (text"
answer s1 "欠格事由に該当"
tmux_wait s1 "Refused the registration"; ok $? "the registration is refused (交付拒否)"
tmux_wait s1 "No application awaits a decision"; ok $? "all decided"
row=$(sql_with_key "SELECT a.status || ' ' || a.decision_comment || ' ' || e.event_date || ' ' ||
	e.reason_code || ' ' || e.sensitive FROM applications a JOIN events e ON e.holder_id =
	a.holder_id AND e.kind = 'refuse' WHERE a.kind = 'registration' AND a.status <> 'approved';")
is "$row" "rejected 交付拒否 2025-03-01 disqualify 1" "rejected; the refusal kept 要配慮"
tmux_keys s1 Escape
tmux_wait s1 "Menu —"
open_holder s1 "$h1"
tmux_wait s1 "[suspended]"; ok $? "the holder shows the registration suspended"
tmux_keys s1 NPage
tmux_wait s1 "Period"
like "$(tmux_screen s1)" "Period: $from to $until" "with the period in the history"
back_to_menu s1
open_holder s1 "$h2"
tmux_wait s1 "[valid]"; ok $? "the registration suspended in the past is valid again"
tmux_keys s1 NPage
tmux_wait s1 "end of suspension"; ok $? "the end of the suspension is in the history"
back_to_menu s1
row=$(sql_with_key "SELECT e.event_date || ' ' || e.created_by || ' ' || r.status FROM events e
	JOIN registrations r ON r.id = e.registration_id WHERE e.kind = 'suspend-end';")
is "$row" "2024-02-01 suzuki valid" "the end is the day after the last, recorded"
menu_pick s1 "Overdue returns"
tmux_wait s1 "Overdue returns (返納期限の超過)"; ok $? "the overdue list opens"
tmux_wait s1 "$cert3"; ok $? "the return order past its due date is listed"
like "$(tmux_screen s1)" "2024-02-10" "with its due date"
tmux_keys s1 Escape
logout s1

# --- the clerk does not see the due date (要配慮).
app t2
login t2 tanaka pw-tanaka
tmux_wait t2 "[clerk]"
open_holder t2 "$h3"
tmux_keys t2 NPage
tmux_wait t2 "return order"; ok $? "the clerk sees the return order in the history"
unlike "$(tmux_screen t2)" "2024-02-10" "but not its due date"
like "$(tmux_screen t2)" "refusal" "the refusal is in the history"
unlike "$(tmux_screen t2)" "2025-03-01" "without its date"
unlike "$(tmux_screen t2)" "欠格事由" "nor its reason"
back_to_menu t2
logout t2

# madoguchi-admin suspensions-end, for a nightly timer: a fourth holder suspended (as an
# older desk or the import left it) until a day past ends, by root.
h4=$(sql_with_key "SELECT holder_id FROM registrations WHERE holder_id NOT IN ('$h1', '$h2',
	'$h3') AND status = 'valid' ORDER BY rowid LIMIT 1;")
r4=$(sql_with_key "SELECT id FROM registrations WHERE holder_id = '$h4';")
sql_with_key "UPDATE registrations SET status = 'suspended' WHERE id = '$r4';
	INSERT INTO events (id, registration_id, holder_id, kind, event_date, reason_code,
	created_by, approved_by, created_at, until_date) VALUES
	('00000000-0000-4000-8000-00000000a001', '$r4', '$h4', 'suspend', '2023-04-01',
	'misconduct', 'tanaka', 'suzuki', '2023-04-01T00:00:00Z', '2023-06-30');" > /dev/null
out=$(madoguchi-admin suspensions-end --config "$WORK/madoguchi.conf" 2>&1)
is "$?" "0" "madoguchi-admin suspensions-end runs"
is "$out" "1 suspensions ended" "... and says how many ended"
is "$(sql_with_key "SELECT r.status || ' ' || e.event_date || ' ' || e.created_by FROM
	registrations r JOIN events e ON e.registration_id = r.id AND e.kind = 'suspend-end'
	WHERE r.id = '$r4';")" "valid 2023-07-01 root" "... the registration is valid again"
is "$(madoguchi-admin suspensions-end --config "$WORK/madoguchi.conf" 2>&1)" \
	"0 suspensions ended" "... once"

audit=$(sql_with_key "SELECT action || ' ' || user FROM audit_log WHERE action IN
	('register.action', 'register.suspend-end', 'register.overdue', 'register.refuse')
	ORDER BY seq;")
like "$audit" "register.action tanaka" "the filings are audited"
like "$audit" "register.suspend-end suzuki" "the automatic end is audited"
like "$audit" "register.overdue suzuki" "the overdue list is audited"
like "$audit" "register.refuse suzuki" "the refusal is audited"

done_testing
