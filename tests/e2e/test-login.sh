#!/bin/sh
# SPEC §2, §3 at the terminal: each role logs in and sees its own menu; wrong password
# and unknown user look the same; PAM success without an approved account is refused;
# F10 logs out and the PAM session is closed.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users sato:pw-sato suzuki:pw-suzuki tanaka:pw-tanaka ono:pw-ono kato:pw-kato \
	nakamura:pw-nakamura

app s1
login s1 sato pw-sato
tmux_wait s1 "Menu — 佐藤 一郎 (sato) [supervisor]"; ok $? "supervisor logs in"
screen=$(tmux_screen s1)
like "$screen" "Approve accounts" "supervisor menu: approve accounts"
like "$screen" "Account register" "supervisor menu: account register"
like "$screen" "Account review" "supervisor menu: account review"
# screen_pid NAME: the screen process, the monitor's child (the monitor is the pane's).
screen_pid() {
	_m=$(pgrep -P "$($TMUX_CMD display -p -t "$1" '#{pane_pid}')" -x madoguchi)
	pgrep -P "$_m" -x madoguchi
}
first=$(screen_pid s1)
tmux_keys s1 F10
tmux_wait s1 "窓口 — log in"; ok $? "F10 logs out; the next clerk's login screen follows"
unlike "$(tmux_screen s1)" "Approve accounts" "... with nothing of the session on it"
like "$(pam_log)" "close_session sato" "the PAM session was closed"
second=$(screen_pid s1)
ok $([ -n "$second" ] && [ "$second" != "$first" ]; echo $?) \
	"... and the login screen is a fresh screen process ($first, then $second)"
like "$(tmux_screen s1)" "F10/^X Quit" "the login screen's F10 ends the program"

# ^X for terminals that keep the function keys: the hint bar names it with F10.
login s1 tanaka pw-tanaka
tmux_wait s1 "[clerk]"; ok $? "the next clerk logs in at the same terminal"
like "$(tmux_screen s1 | tail -n 1)" "F10/^X Log out" "the hint bar shows ^X beside F10"
tmux_keys s1 C-x
tmux_wait s1 "窓口 — log in"; ok $? "^X logs out as F10 does"
third=$(screen_pid s1)
ok $([ -n "$third" ] && [ "$third" != "$second" ]; echo $?) "... into a fresh process again"
tmux_keys s1 F10
tmux_gone s1; ok $? "F10 at the login screen ends the program"
like "$(tmux_screen s1)" "[exited 0]" "exit status 0"
is "$(sql_with_key "SELECT group_concat(user, ' ') FROM audit_log WHERE action = 'logout';")" \
	"sato tanaka" "both sessions' logouts are audited"

app s2
login s2 ono pw-ono
tmux_wait s2 "[sysadmin]"; ok $? "sysadmin logs in"
screen=$(tmux_screen s2)
like "$screen" "Request accounts" "sysadmin menu: request accounts"
like "$screen" "Sync and system status" "sysadmin menu: system status"
unlike "$screen" "Approve" "sysadmin menu: no approvals"
unlike "$screen" "Account register" "sysadmin menu: no account register"
logout s2

app s3
login s3 kato pw-kato
tmux_wait s3 "[auditor]"; ok $? "auditor logs in"
screen=$(tmux_screen s3)
like "$screen" "Account register" "auditor menu: account register"
like "$screen" "Role-function table" "auditor menu: role-function table"
unlike "$screen" "Request accounts" "auditor menu: no requests"
# The auditor reads the register; the approval keys are not there.
tmux_keys s3 Enter
tmux_wait s3 "Account register"
tmux_wait s3 "suzuki"; ok $? "auditor sees the account register"
logout s3

app s4
login s4 tanaka pw-tanaka
tmux_wait s4 "[clerk]"; ok $? "clerk logs in"
screen=$(tmux_screen s4)
unlike "$screen" "Approve" "clerk menu: no approvals"
unlike "$screen" "Request accounts" "clerk menu: no account functions"
logout s4

# Wrong password, and a user PAM does not know: the same words.
app s5
login s5 tanaka wrong-password
tmux_wait s5 "Login incorrect"; ok $? "wrong password: refused"
wrong=$(tmux_screen s5 | grep -i "incorrect")
login s5 nosuchuser whatever
sleep 1
tmux_wait s5 "Login incorrect"; ok $? "unknown user: refused"
unknown=$(tmux_screen s5 | grep -i "incorrect")
is "$unknown" "$wrong" "unknown user and wrong password give the same message"
unlike "$(tmux_screen s5)" "Menu" "no menu after a failed login"

# PAM says yes, the register has no approved account.
login s5 nakamura pw-nakamura
tmux_wait s5 "no approved account"; ok $? "PAM success without an approved account: refused"
logout s5

audit=$(sql_with_key "SELECT action || ' ' || user || ' ' || result FROM audit_log WHERE action LIKE 'login%' ORDER BY seq;")
like "$audit" "login sato ok" "login audited"
like "$audit" "failed" "failed login audited"
like "$audit" "login nakamura no-account" "login without an account audited"
out=$(madoguchi-audit verify --config "$WORK/madoguchi.conf")
like "$out" "audit chain intact" "audit chain intact after the sessions"

done_testing
