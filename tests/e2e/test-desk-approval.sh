#!/bin/sh
# SPEC §2: a supervisor approves at someone else's desk by authenticating through PAM on
# the spot. A sysadmin files an account request; the logged-in person cannot approve
# their own work, a wrong supervisor password approves nothing, the right one does.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users ono:pw-ono suzuki:pw-suzuki tanaka:pw-tanaka mori:pw-mori ueda:pw-ueda

request() {	# request SESSION USER
	menu_pick "$1" "Request accounts"
	tmux_wait "$1" "Request an account" || return 1
	tmux_type "$1" "$2"; tmux_keys "$1" Tab
	tmux_type "$1" "森 一"; tmux_keys "$1" Tab
	tmux_type "$1" "clerk"; tmux_keys "$1" Tab
	tmux_type "$1" "窓口の担当"; tmux_keys "$1" Tab
	tmux_type "$1" "2020-04-01"; tmux_keys "$1" Tab
	tmux_type "$1" "2099-03-31"
	tmux_keys "$1" F2
	tmux_wait "$1" "Is a supervisor here"
}

# desk SESSION NEWUSER: ono (sysadmin) logs in, requests NEWUSER, accepts desk approval.
desk() {
	app "$1"
	login "$1" ono pw-ono
	tmux_wait "$1" "[sysadmin]" || return 1
	request "$1" "$2" || return 1
	tmux_type "$1" "y"
	tmux_wait "$1" "Supervisor's user name"
}

desk a mori; ok $? "after the request, desk approval is offered"
answer a ono
tmux_wait a "other than the person logged in"; ok $? "the requester cannot approve at their own desk"
logout a

desk b ueda
answer b tanaka
tmux_wait b "Password"
answer b pw-tanaka
tmux_wait b "not a supervisor"; ok $? "a clerk's password does not approve"
logout b

desk c kimura
answer c suzuki
tmux_wait c "Password"
answer c wrong
tmux_wait c "Login incorrect"; ok $? "a wrong supervisor password approves nothing"
logout c

rows=$(sql_with_key "SELECT group_concat(user_name || '=' || status, ' ') FROM (SELECT * FROM accounts WHERE user_name IN ('mori', 'ueda', 'kimura') ORDER BY user_name);")
is "$rows" "kimura=requested mori=requested ueda=requested" "the refused ones still await a decision"

desk d sasaki
answer d suzuki
tmux_wait d "Password"
answer d pw-suzuki
tmux_wait d "suzuki approved the account of sasaki at this desk"; ok $? "the supervisor approves at the desk"
logout d

row=$(sql_with_key "SELECT status || ' ' || requested_by || ' ' || decided_by FROM accounts WHERE user_name = 'sasaki';")
is "$row" "active ono suzuki" "register: requested by ono, decided by suzuki"
audit=$(sql_with_key "SELECT action || ' ' || user || ' ' || result || ' ' || detail FROM audit_log WHERE action = 'approver.auth' ORDER BY seq;")
like "$audit" "approver.auth suzuki ok account.approve sasaki" "the desk authentication is audited with its purpose"

done_testing
