#!/bin/sh
# SPEC §3 at the terminal: supervisor A requests an account on screen, A's own approval is
# refused, supervisor B approves, and the new clerk can log in.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users sato:pw-sato suzuki:pw-suzuki nishi:pw-nishi

app a
login a sato pw-sato
tmux_wait a "[supervisor]" || bail "sato cannot log in"
menu_pick a "Request accounts"
tmux_wait a "Request an account"; ok $? "request form opens"
tmux_type a "nishi"; tmux_keys a Tab
tmux_type a "西 花子"; tmux_keys a Tab
tmux_type a "clerk"; tmux_keys a Tab
tmux_type a "窓口の担当"; tmux_keys a Tab
tmux_type a "2020-04-01"; tmux_keys a Tab
tmux_type a "2099-03-31"
tmux_keys a F2
tmux_wait a "Requested an account for nishi"; ok $? "request submitted"
like "$(tmux_screen a)" "another supervisor must approve" "the screen says who decides"
tmux_wait a "Is a supervisor here"; ok $? "desk approval is offered"
tmux_type a "n"
tmux_wait a "Tab Next field"

# Esc on a form with typed text asks first.
tmux_type a "x"
tmux_keys a Escape
tmux_wait a "Unsaved changes"; ok $? "Esc with unsaved input asks"
tmux_type a "y"
tmux_wait a "Approve accounts"; ok $? "back at the menu"

menu_pick a "Approve accounts"
tmux_wait a "nishi"; ok $? "the request is in the approval queue"
tmux_type a "a"
tmux_wait a "Comment"
answer a "自分で承認"
tmux_wait a "four-eyes"; ok $? "A may not approve A's own request"
tmux_keys a Escape
logout a

app n
login n nishi pw-nishi
tmux_wait n "no approved account"; ok $? "the requested clerk cannot log in yet"
logout n

app b
login b suzuki pw-suzuki
tmux_wait b "[supervisor]" || bail "suzuki cannot log in"
menu_pick b "Approve accounts"
tmux_wait b "nishi"
tmux_keys b Enter
tmux_wait b "Requested:"; ok $? "details of the request"
like "$(tmux_screen b)" "by sato" "requester shown"
tmux_keys b Enter
tmux_type b "a"
tmux_wait b "Comment"
answer b "承認します"
tmux_wait b "Approved the account of nishi"; ok $? "B approves"
logout b

app c
login c nishi pw-nishi
tmux_wait c "Menu — 西 花子 (nishi) [clerk]"; ok $? "the new clerk logs in"
logout c

row=$(sql_with_key "SELECT status || ' ' || requested_by || ' ' || decided_by FROM accounts WHERE user_name = 'nishi';")
is "$row" "active sato suzuki" "register: requested by sato, decided by suzuki"
audit=$(sql_with_key "SELECT action || ' ' || user || ' ' || result FROM audit_log WHERE action LIKE 'account.%' ORDER BY seq;")
like "$audit" "account.request sato ok" "request audited"
like "$audit" "account.decide sato denied" "refused self-approval audited"
like "$audit" "account.approve suzuki ok" "approval audited"

done_testing
