#!/bin/sh
# Issue 25, the duplicate check at the counter: 渡辺 賢治 is registered and approved; the
# same person typed again (half-width kana, the same birth date) is not filed blindly: the
# desk lists him and asks. A number not listed is asked again; "a different person" needs a
# reason, and Esc there files nothing; "the same person" files a registration for the holder
# already there (his items untouched), which a supervisor approves at the desk: one holder,
# two qualifications. "A different person" with its reason files a new holder, the reason
# going with the application. Each candidate shown is audited under that holder.
. "$top_srcdir/tests/e2e/login-lib.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

pam_users tanaka:pw-tanaka suzuki:pw-suzuki

# register NAME QUALIFICATION CERT KEY [ISSUE]: 渡辺 賢治's registration typed in, then KEY
# (F2/F6).
register() {
	menu_pick "$1" "Register and correct"
	tmux_wait "$1" "New registration application" || return 1
	fill "$1" "渡辺" "賢治" "ﾜﾀﾅﾍﾞ" "ｹﾝｼﾞ" "" "" "" "" "" "" "1" "1970-01-01" "13" "" \
		"100-8926" "東京都千代田区" "霞が関２丁目１番２号" "" "" "" "" "" "" "" \
		"" "$2" "$3" "2020-04-01" "2020-04-02" "${5:-2020-05-01}" "1" "2019" "" "P-$3"
	tmux_keys "$1" "$4"
}
apps() { sql_with_key "SELECT count(*) FROM applications;"; }

app a
login a tanaka pw-tanaka
tmux_wait a "[clerk]" || bail "tanaka cannot log in"
register a 1 BH-940001 F6
tmux_wait a "Supervisor's user name"; ok $? "the first registration meets no duplicate"
answer a suzuki
tmux_wait a "Password"
answer a pw-suzuki
tmux_wait a "suzuki approved the registration" || bail "the first approval"
holder=$(sql_with_key "SELECT id FROM holders WHERE family_name = '渡辺';")
tmux_keys a Escape
tmux_wait a "[clerk]" || bail "back at the menu"

# The same person again.
register a 2 BH-940002 F2
tmux_wait a "This person may already be on the register"; ok $? "the same person again: the desk asks"
screen=$(tmux_screen a)
like "$screen" "1  渡辺 賢治 (ワタナベ ケンジ, 1970-01-01): the same birth date" \
	"... listing the holder and what they share"
is "$(apps)" 1 "... before anything is filed"
answer a 5
tmux_wait a "Answer with one of the numbers listed"; ok $? "a number not listed is asked again"
tmux_keys a Enter
tmux_wait a "This person may already be on the register" || bail "the question again"
answer a 0
tmux_wait a "Why is the applicant not one of them"; ok $? "a different person: the reason is asked"
tmux_keys a Escape
tmux_wait a "a different person needs the reason"; ok $? "... and without it nothing is filed"
is "$(apps)" 1 "... (still one application)"

# The same person: a registration for the holder already there, approved at the desk.
tmux_keys a F6
tmux_wait a "This person may already be on the register" || bail "the question, third time"
answer a 1
tmux_wait a "Supervisor's user name"; ok $? "the same person: filed, the supervisor is asked"
row=$(sql_with_key "SELECT holder_id || ' ' || (json_extract(payload, '\$.family_name') IS NULL)
	|| ' ' || json_extract(payload, '\$.duplicate_check') FROM applications
	WHERE json_extract(payload, '\$.certificate_number') = 'BH-940002';")
is "$row" "$holder 1 the same person as 渡辺 賢治 (the same birth date and name (kana))" \
	"... for that holder, without his items, with the decision"
answer a suzuki
tmux_wait a "Password"
answer a pw-suzuki
tmux_wait a "suzuki approved the registration"; ok $? "the supervisor approves it"
is "$(sql_with_key "SELECT count(*) FROM holders WHERE family_name = '渡辺';")" 1 \
	"one holder"
is "$(sql_with_key "SELECT count(*) FROM registrations WHERE holder_id = '$holder';")" 2 \
	"... with two qualifications"
tmux_keys a Escape
tmux_wait a "[clerk]" || bail "back at the menu again"

# A different person, with the reason: a new holder is applied for.
register a 3 BH-940003 F2
tmux_wait a "This person may already be on the register" || bail "the question, last time"
answer a 0
tmux_wait a "Why is the applicant not one of them" || bail "the reason"
answer a "本籍と運転免許証で別人と確認"
tmux_wait a "awaits a supervisor"; ok $? "a different person with a reason is filed"
row=$(sql_with_key "SELECT (holder_id IS NULL) || ' ' || json_extract(payload, '\$.duplicate_check')
	FROM applications WHERE json_extract(payload, '\$.certificate_number') = 'BH-940003';")
is "$row" "1 a different person from 1 on the register: 本籍と運転免許証で別人と確認" \
	"... as a new holder, with the reason for the supervisor"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'register.duplicate.view'
	AND target = 'holder:$holder' AND user = 'tanaka';")" 3 \
	"each time the holder is shown, it is audited under him (3 checks)"
is "$(sql_with_key "SELECT group_concat(substr(detail, 1, 16), '|') FROM audit_log WHERE
	action = 'register.duplicate' ORDER BY seq;")" "the same person |a different pers" \
	"the decisions are audited"
tmux_keys a Escape
tmux_wait a "[clerk]" || bail "back at the menu, last"

# Dates out of order (issue 25): an issue before the reception is named, nothing filed.
n=$(apps)
register a 4 BH-940004 F2 2020-03-01
tmux_wait a "the issue date (2020-03-01) is before the reception date (2020-04-02)"
ok $? "an issue date before the reception is refused, saying which dates"
unlike "$(tmux_screen a)" "may already be on the register" "... before the duplicate check asks"
is "$(apps)" "$n" "... and nothing is filed"
tmux_keys a Escape
tmux_wait a "lose what was typed" && tmux_keys a y

# Another qualification from the holder's screen (q): the registration's items alone.
tmux_wait a "[clerk]" || bail "back at the menu, for q"
menu_pick a "Search the register"
tmux_wait a "Name (kana or kanji, part)" || bail "the search"
tmux_type a "ﾜﾀﾅﾍﾞｹﾝｼﾞ"
tmux_keys a Enter
tmux_wait a "Results 1–1." || bail "渡辺 is not found"
tmux_keys a Enter
tmux_wait a "Holder: 渡辺 賢治" || bail "the holder"
like "$(tmux_screen a)" "q: apply for another qualification" "the holder's screen offers q"
tmux_type a "q"
tmux_wait a "Another qualification: 渡辺 賢治"; ok $? "q opens the registration items for him"
n=$(apps)
fill a "4" "BH-940005" "1965-04-01" "1965-04-02" "1965-05-01" "1" "" "" "P-940005"
tmux_keys a F2
tmux_wait a "the application date (1965-04-01) is not after the birth date (1970-01-01)"
ok $? "... its dates are checked against the register's birth date"
is "$(apps)" "$n" "... and nothing is filed"
tmux_keys a BTab BTab BTab BTab BTab BTab BTab C-u
tmux_type a "2021-04-01"
tmux_keys a Tab C-u
tmux_type a "2021-04-02"
tmux_keys a Tab C-u
tmux_type a "2021-05-01"
tmux_keys a F2
tmux_wait a "for the holder already registered"; ok $? "another qualification is filed"
is "$(sql_with_key "SELECT holder_id || ' ' || (json_extract(payload, '\$.family_name') IS NULL)
	FROM applications WHERE json_extract(payload, '\$.certificate_number') = 'BH-940005';")" \
	"$holder 1" "... for him, without his items"
# Filed, the form closes by itself: the holder's screen shows the message. Each Escape
# below is waited for by what only the next screen shows: waiting for the screen it left
# passed only while that had not yet changed (ESCDELAY, 25 ms), and failed now and then.
tmux_wait a "Holder: 渡辺 賢治" || bail "back at the holder"
tmux_keys a Escape
tmux_wait a "Tab Criteria" || bail "back at the search's results"
tmux_keys a Escape
tmux_wait a "Enter Search" || bail "back at the search's criteria"
tmux_keys a Escape
tmux_wait a "[clerk]" || bail "back at the menu, for the pending"

# One person filed twice before a supervisor decides: the second meets the first, pending.
newcomer() {
	menu_pick a "Register and correct"
	tmux_wait a "New registration application" || return 1
	fill a "川村" "新" "ｶﾜﾑﾗ" "ｼﾝ" "" "" "" "" "" "" "1" "1988-08-08" "13" "" \
		"100-8926" "東京都千代田区" "霞が関２丁目１番２号" "" "" "" "" "" "" "" \
		"" "1" "$1" "2020-04-01" "2020-04-02" "2020-05-01" "1" "2019" "" "P-$1"
	tmux_keys a F2
}
newcomer BH-940006 || bail "川村's first filing"
tmux_wait a "(川村 新); awaits a supervisor"; ok $? "a new person is filed without a question"
tmux_keys a Escape
tmux_wait a "[clerk]" || bail "back at the menu, second filing"
newcomer BH-940007 || bail "川村's second filing"
tmux_wait a "an application waiting for a supervisor"
ok $? "filed again: the desk lists the application that waits"
answer a 1
tmux_wait a "That person's registration waits for a supervisor"
ok $? "... which cannot take the registration"
tmux_keys a Enter
tmux_wait a "an application waiting for a supervisor" || bail "the question, pending"
answer a 0
tmux_wait a "Why is the applicant not one of them" || bail "the reason, pending"
answer a "同姓同名・同生年月日の別人（本籍で確認）"
tmux_wait a "awaits a supervisor"; ok $? "... or is said to be another person, with a reason"
logout a
done_testing
