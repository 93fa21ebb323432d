#!/bin/sh
# Issue 25, 交付拒否 of a person not on the register: tanaka (clerk) files a registration
# for a new person; suzuki (supervisor) refuses it from the queue (x) with a date, a reason
# code and a reason. The refusal has no holder, so it is read on the supervisors' list
# "Refusals (交付拒否)" from the menu: date, who decided, the applicant, the reason code
# and the reason; each viewing audited. Its dates and reasons are 要配慮: a clerk's menu
# does not have the list.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users suzuki:pw-suzuki tanaka:pw-tanaka

app c1
login c1 tanaka pw-tanaka
tmux_wait c1 "[clerk]" || bail "tanaka cannot log in"
menu_pick c1 "Register and correct"
tmux_wait c1 "New registration application" || bail "the registration form"
fill c1 "高橋" "誠" "ﾀｶﾊｼ" "ﾏｺﾄ" "" "" "" "" "" "" "1" "1975-06-15" "13" "" \
	"100-8926" "東京都千代田区" "霞が関２丁目１番２号" "" "" "" "" "" "" "" \
	"" "1" "BH-960001" "2020-04-01" "2020-04-02" "2020-05-01" "1" "2019" "" "P-960001"
tmux_keys c1 F2
tmux_wait c1 "awaits a supervisor"; ok $? "the clerk files a registration for a new person"
tmux_keys c1 Escape
tmux_wait c1 "[clerk]" || bail "back at the clerk's menu"
unlike "$(tmux_screen c1)" "Refusals" "a clerk's menu has no list of refusals"
logout c1

app s1
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki cannot log in"
menu_pick s1 "Approve applications"
tmux_wait s1 "Applications awaiting a decision" || bail "the queue"
tmux_wait s1 "registration" || bail "the registration in the queue"
tmux_type s1 "x"
tmux_wait s1 "Date of the refusal" || bail "the refusal's date"
answer s1 "2025-03-01"
tmux_wait s1 "Reason: 1" || bail "the refusal's code"
answer s1 "1"
tmux_wait s1 "Reason (text" || bail "the refusal's reason"
answer s1 "欠格事由に該当"
tmux_wait s1 "Refused the registration"; ok $? "the supervisor refuses it (交付拒否)"
is "$(sql_with_key "SELECT count(*) FROM refusals WHERE refusal_date = '2025-03-01';")" 1 \
	"... kept as a refusal of a person not on the register"
tmux_keys s1 Escape
tmux_wait s1 "Menu —" || bail "back at the supervisor's menu"
menu_pick s1 "Refusals (交付拒否)"
tmux_wait s1 "2025-03-01  suzuki    高橋 誠"
ok $? "the supervisor's list shows the refusal: date, who decided, the applicant"
like "$(tmux_screen s1)" "a ground of disqualification: 欠格事由に該当" \
	"... the reason code in words and the reason"
tmux_keys s1 Enter
tmux_wait s1 "Filed by tanaka, refused by suzuki"; ok $? "Enter shows it whole"
tmux_keys s1 Enter
logout s1
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'register.refusals' AND
	user = 'suzuki' AND result = 'ok';")" 1 "the viewing is audited"
done_testing
