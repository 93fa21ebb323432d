#!/bin/sh
# Issue 31: desk approval everywhere. F6 on the registration form files the application
# and a supervisor standing at the desk approves it at once through PAM: a wrong password
# leaves it waiting in the queue, the right one approves it under the supervisor's name
# with the four-eyes rule of the queue (the clerk cannot be their own approver).
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users tanaka:pw-tanaka suzuki:pw-suzuki

# register NAME FAMILY CERT KANA: a registration typed in, then F6. Each is a person of her
# own (another family name in kana), so that the duplicate check asks nothing.
register() {
	menu_pick "$1" "Register and correct"
	tmux_wait "$1" "New registration application" || return 1
	like "$(tmux_screen "$1")" "F6 Approve here" "the form offers desk approval"
	fill "$1" "$2" "陽子" "$4" "ﾖｳｺ" "" "" "" "" "" "" "2" "1990-04-01" "13" "" \
		"100-8926" "東京都千代田区" "霞が関２丁目１番２号" "" "" "" "" "" "" "" \
		"" "1" "$3" "2020-04-01" "2020-04-02" "2020-05-01" "1" "2019" "" "P-1002"
	tmux_keys "$1" F6
	tmux_wait "$1" "Supervisor's user name"
}

app a
login a tanaka pw-tanaka
tmux_wait a "[clerk]" || bail "tanaka cannot log in"
register a "川口" "BH-920001" "ｶﾜｸﾞﾁ"; ok $? "F6 files it and asks for the supervisor here"
answer a tanaka
tmux_wait a "other than the person logged in"; ok $? "the clerk cannot approve their own application"
like "$(tmux_screen a)" "waits in the queue" "... it waits in the queue"
tmux_keys a Escape
tmux_wait a "[clerk]" || bail "back at the menu"
register a "河野" "BH-920002" "ｺｳﾉ" || bail "the second registration"
answer a suzuki
tmux_wait a "Password"
answer a wrong
tmux_wait a "Login incorrect"; ok $? "a wrong supervisor password approves nothing"
tmux_keys a Escape
tmux_wait a "[clerk]" || bail "back at the menu"
register a "川上" "BH-920003" "ｶﾜｶﾐ" || bail "the third registration"
answer a suzuki
tmux_wait a "Password"
answer a pw-suzuki
tmux_wait a "suzuki approved the registration"; ok $? "the supervisor approves it at the desk"
logout a

# The queue dates each application by date_style, in the short era form (issue 26).
app q
login q suzuki pw-suzuki
tmux_wait q "[supervisor]" || bail "suzuki cannot log in"
menu_pick q "Approve applications"
today=$(date +%Y-%m-%d)
era=$(printf 'R%02d.%s' $(( $(date +%Y) - 2018 )) "$(date +%m.%d)")
tmux_wait q "河野"; ok $? "the waiting applications are in the queue"
if grep -q "^date_style = western" "$WORK/madoguchi.conf"; then
	like "$(tmux_screen q)" "$today" "... dated as date_style says ($today)"
else
	like "$(tmux_screen q)" "$era" "... dated in the era as date_style says ($era)"
fi
logout q

is "$(sql_with_key "SELECT group_concat(json_extract(payload, '$.certificate_number') || '=' ||
	status || ':' || coalesce(decided_by, '-'), ' ') FROM (SELECT * FROM applications ORDER BY
	json_extract(payload, '$.certificate_number'));")" \
	"BH-920001=pending:- BH-920002=pending:- BH-920003=approved:suzuki" \
	"the refused ones wait; the approved one is suzuki's decision"
is "$(sql_with_key "SELECT count(*) FROM registrations WHERE certificate_number = 'BH-920003';")" \
	1 "the approved registration is in the register"
like "$(sql_with_key "SELECT detail FROM audit_log WHERE action = 'approver.auth' AND
	user = 'suzuki' AND result = 'ok';")" "register.decide application:" \
	"the desk authentication is audited with its purpose"

done_testing
