#!/bin/sh
# Issue 25, item 3 at the terminal: a registration's items corrected through e (the
# unchanged form refused, the exam year changed), approved by a supervisor who sees the
# record beside the change, and shown on the holder; the My Number corrected through k:
# refused for yamada (a clerk without the My Number permission) before anything is typed,
# filed by tanaka (with it), shown masked on the approval and approved by suzuki; the old
# number kept masked in the history.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users suzuki:pw-suzuki tanaka:pw-tanaka yamada:pw-yamada
echo "date_style = western" >> "$WORK/madoguchi.conf"

# mynumber_check ELEVEN_DIGITS: the number with its check digit (as test-register-flow.sh).
mynumber_check() {
	_d=$1; _sum=0; _i=1
	while [ "$_i" -le 11 ]; do
		_p=$(printf '%s' "$_d" | cut -c $((12 - _i)))
		if [ "$_i" -le 6 ]; then _q=$((_i + 1)); else _q=$((_i - 5)); fi
		_sum=$((_sum + _p * _q)); _i=$((_i + 1))
	done
	_r=$((_sum % 11))
	if [ "$_r" -le 1 ]; then echo "${_d}0"; else echo "${_d}$((11 - _r))"; fi
}
OLD=123456789018
NEW=$(mynumber_check 27182818284)
NEW4=${NEW#????????}

shot() {
	echo "# ---- $2 (80x24) ----"
	tmux_screen "$1" | sed 's/^/# |/'
}

# open_holder NAME: search 大森 and open the holder.
open_holder() {
	menu_pick "$1" "Search the register"
	tmux_wait "$1" "Name (kana or kanji, part)" || return 1
	tmux_type "$1" "オオモリ"
	tmux_keys "$1" Enter
	tmux_wait "$1" "大森 陽子" || return 1
	tmux_keys "$1" Enter
	tmux_wait "$1" "Holder: 大森 陽子"
}

# (1) A registration to correct: tanaka files it, suzuki approves it.
app t1
login t1 tanaka pw-tanaka
tmux_wait t1 "[clerk]" || bail "tanaka cannot log in"
menu_pick t1 "Register and correct"
tmux_wait t1 "New registration application" || bail "the registration form"
fill t1 "大森" "陽子" "ｵｵﾓﾘ" "ﾖｳｺ" "" "" "" "" "" "" "2" "1950-04-01" "13" "" \
	"100-8926" "東京都千代田区" "霞が関２丁目１番２号" "" "" "" "" "" "" "" "$OLD" \
	"1" "BH-920001" "2020-04-01" "2020-04-02" "2020-05-01" "1" "2019" "" "P-2001"
tmux_keys t1 F2
tmux_wait t1 "awaits a supervisor" || bail "the registration is not filed"
logout t1
app s1
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki cannot log in"
menu_pick s1 "Approve applications"
tmux_wait s1 "大森 陽子" || bail "the queue"
tmux_type s1 "a"
tmux_wait s1 "Comment"
answer s1 ""
tmux_wait s1 "Approved the application for 大森 陽子." || bail "the approval"
logout s1

# (2) tanaka corrects the exam year through e: unchanged first, refused by name.
app t2
login t2 tanaka pw-tanaka
tmux_wait t2 "[clerk]"
open_holder t2 || bail "the holder"
tmux_type t2 "e"
tmux_wait t2 "Registration correction:"; ok $? "(2) e opens the registration's correction"
like "$(tmux_screen t2)" "BH-920001" "... with the registration's items as recorded"
# A choice shows as the desk types it, its number, never its code (English on a Japanese
# desk): the qualification 1, the route 1 (exam).
tmux_screen t2 | grep -qE "Qualification \(1-4\) +1 *\$"
ok $? "... the qualification by its number"
tmux_screen t2 | grep -qE "Route \(1 exam, 2 course, 3 school\) +1 *\$"
ok $? "... the route by its number"
unlike "$(tmux_screen t2)" "building-hygiene" "... not by its code"
# qualification, certificate number, 3 dates, route: the exam year is the seventh field.
tmux_keys t2 Tab Tab Tab Tab Tab Tab
tmux_keys t2 Tab Tab Tab Tab Tab Tab Tab Tab Tab
tmux_type t2 "2024-06-01"
tmux_keys t2 Tab
tmux_type t2 "受験年の転記誤り"
tmux_keys t2 F2
tmux_wait t2 "nothing to correct"; ok $? "(2) a correction that changes nothing is refused"
is "$(sql_with_key "SELECT count(*) FROM applications WHERE kind = 'correction';")" "0" \
	"... and nothing is filed"
tmux_keys t2 BTab BTab BTab BTab BTab BTab BTab BTab BTab BTab
tmux_keys t2 C-u
tmux_type t2 "1965"
tmux_keys t2 F2
tmux_wait t2 "first exam"; ok $? "(2) an exam year before the qualification's first exam is refused"
shot t2 "the qualification's rule"
tmux_keys t2 C-u
tmux_type t2 "2018"
tmux_keys t2 F2
tmux_wait t2 "awaits a supervisor"; ok $? "(2) the exam year correction is filed"
tmux_wait t2 "Holder: 大森 陽子"
logout t2

# (3) yamada, without the My Number permission: k is refused before any typing.
app y3
login y3 yamada pw-yamada
tmux_wait y3 "[clerk]" || bail "yamada cannot log in"
open_holder y3 || bail "the holder for yamada"
tmux_type y3 "k"
tmux_wait y3 "may not handle My Numbers"; ok $? "(3) k is refused for a clerk without the permission"
unlike "$(tmux_screen y3)" "My Number correction" "... no form opens"
logout y3
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE user = 'yamada' AND result =
	'denied';")" "1" "... and the refusal is in the audit log"

# (4) tanaka, with it, files the My Number correction.
app t4
login t4 tanaka pw-tanaka
tmux_wait t4 "[clerk]"
open_holder t4 || bail "the holder for tanaka"
tmux_type t4 "k"
tmux_wait t4 "My Number correction: 大森 陽子 (now **** **** 9018)"
ok $? "(4) k opens the My Number correction, the recorded number masked"
tmux_type t4 "$OLD"
tmux_keys t4 Tab
tmux_type t4 "2024-06-02"
tmux_keys t4 Tab
tmux_type t4 "番号の誤記"
tmux_keys t4 F2
tmux_wait t4 "no change"; ok $? "(4) the same number is refused"
tmux_keys t4 BTab BTab C-u
tmux_type t4 "$NEW"
tmux_keys t4 F2
tmux_wait t4 "awaits a supervisor"; ok $? "(4) the new number is filed"
logout t4

# (5) suzuki approves both, each beside the record; the number only masked.
app s5
login s5 suzuki pw-suzuki
tmux_wait s5 "[supervisor]"
menu_pick s5 "Approve applications"
tmux_wait s5 "大森 陽子"
tmux_keys s5 Enter
tmux_wait s5 "correction application by tanaka"
screen=$(tmux_screen s5)
shot s5 "registration correction"
like "$screen" "Registration: BH-920001, Building environmental hygiene manager" \
	"(5) the registration it corrects"
like "$screen" "Exam year: 2019 → 2018" "(5) the exam year beside the record's"
tmux_type s5 "a"
tmux_wait s5 "Comment"
answer s5 "受験票確認"
tmux_wait s5 "Approved the application"; ok $? "(5) the registration's correction approved"
tmux_wait s5 "大森 陽子"
tmux_keys s5 Enter
tmux_wait s5 "correction application by tanaka"
screen=$(tmux_screen s5)
shot s5 "My Number correction"
like "$screen" "My Number (12 digits): **** **** 9018 → **** **** $NEW4" "(5) both numbers masked"
unlike "$screen" "$NEW" "... the new one never in full"
tmux_type s5 "a"
tmux_wait s5 "Comment"
answer s5 "通知カード確認"
tmux_wait s5 "Approved the application"; ok $? "(5) the My Number correction approved"
tmux_keys s5 Escape
tmux_wait s5 "Menu —"
open_holder s5 || bail "the holder for suzuki"
screen=$(tmux_screen s5)
like "$screen" "My Number: **** **** $NEW4" "(5) the holder shows the new number masked"
tmux_keys s5 NPage
tmux_wait s5 "Before: My Number (masked): **** **** 9018"
ok $? "(5) the history keeps the old number masked"
screen=$(tmux_screen s5)
shot s5 "holder history"
like "$screen" "2024-06-01  correction  by tanaka, approved by suzuki" \
	"(5) the history has the registration's correction"
like "$screen" "Before: Exam year: 2019" "... with the old exam year"
unlike "$screen" "$OLD" "... and no number in clear"
logout s5
is "$(sql_with_key "SELECT exam_year || ' ' || version FROM registrations WHERE
	certificate_number = 'BH-920001';")" "2018 2" "the registration carries the new exam year"
is "$(sql_with_key "SELECT json_extract(before_json, '\$.exam_year') FROM events WHERE
	kind = 'correct' AND registration_id IS NOT NULL;")" "2019" "... its event the old one"
is "$(sql_with_key "SELECT before_json FROM events WHERE kind = 'correct' AND
	registration_id IS NULL;")" '{"mynumber_masked":"**** **** 9018"}' \
	"the My Number's event keeps the old one masked"
is "$(sql_with_key "SELECT count(*) FROM events WHERE before_json LIKE '%$OLD%';")" "0" \
	"... never in clear"

done_testing
