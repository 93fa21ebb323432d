#!/bin/sh
# Issue 31: the role→function table changes only by a request another supervisor
# approves, shown before → after. sato asks for clerks to get the approval queue; sato
# cannot approve it; suzuki sees "- → ●" and approves; tanaka's menu then has it. The
# sysadmin is never given a function that shows personal data.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users sato:pw-sato suzuki:pw-suzuki tanaka:pw-tanaka

app s
login s sato pw-sato
tmux_wait s "[supervisor]" || bail "sato cannot log in"
menu_pick s "Role-function table"
# The table's own hint: "Approve applications", a function on its first page, is on the
# menu too, and waiting for it let a loaded run look at the menu still on screen.
tmux_wait s "c Request a change"; ok $? "the table offers a change to a supervisor"
list_select s "  Approve applications "
tmux_type s "c"
tmux_wait s "Role (clerk"
answer s "sysadmin"
tmux_wait s "Why?"
answer s "試しに"
tmux_wait s "never gets a function that shows personal data"; ok $? "the sysadmin is never given personal data"
tmux_type s "c"
tmux_wait s "Role (clerk"
answer s "clerk"
tmux_wait s "Why?"
like "$(tmux_screen s)" "- → ●" "the request shows before → after"
answer s "自己点検の補助"
tmux_wait s "Requested; another supervisor approves it"; ok $? "the change is requested"
like "$(tmux_screen s)" "- → ●" "the waiting change shows in its cell"
tmux_type s "a"
tmux_wait s "Comment"
answer s ""
tmux_wait s "four-eyes"; ok $? "the requester cannot approve it"
logout s

app u
login u suzuki pw-suzuki
tmux_wait u "[supervisor]" || bail "suzuki cannot log in"
menu_pick u "Role-function table"
tmux_wait u "- → ●"; ok $? "another supervisor sees the waiting change"
list_select u "  Approve applications "
tmux_type u "a"
tmux_wait u "Comment"
answer u "承認"
tmux_wait u "Approved: the table is changed"; ok $? "... and approves it"
logout u

is "$(sql_with_key "SELECT count(*) FROM role_functions WHERE role = 'clerk' AND
	function = 'approval.queue';")" 1 "the table holds it"
is "$(sql_with_key "SELECT requested_by || ' ' || decided_by || ' ' || status FROM
	rolefn_changes;")" "sato suzuki approved" "the change keeps both names"
app t
login t tanaka pw-tanaka
tmux_wait t "[clerk]" || bail "tanaka cannot log in"
like "$(tmux_screen t)" "Approve applications" "the clerk's menu has the function now"
logout t

done_testing
