#!/bin/sh
# Issue 31: an account changes only by a request another supervisor approves. sato asks
# for tanaka's roles to change (c in the account register, with why); sato cannot approve
# it; suzuki sees the change before → after in Account changes and approves it; tanaka's
# next login has the new role. An auditor reads the changes and decides nothing.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users sato:pw-sato suzuki:pw-suzuki tanaka:pw-tanaka kato:pw-kato

app s
login s sato pw-sato
tmux_wait s "[supervisor]" || bail "sato cannot log in"
menu_pick s "Account register"
tmux_wait s "tanaka" || bail "the register"
like "$(tmux_screen s)" "c Request a change" "the register offers a change"
list_select s " tanaka "
tmux_type s "c"
tmux_wait s "New roles"; ok $? "c asks for the new roles"
like "$(tmux_screen s)" "now: clerk" "... showing the roles now"
answer s "clerk supervisor"
tmux_wait s "New procedures"
answer s ""
tmux_wait s "My Numbers"
answer s ""
tmux_wait s "Valid until"
answer s ""
tmux_wait s "人事異動"
answer s "duties"
tmux_wait s "reason in words"
answer s "係長に昇任"
tmux_wait s "Requested a change of tanaka"; ok $? "the change is requested"
tmux_keys s Escape
tmux_wait s "[supervisor]" || bail "back at the menu"
menu_pick s "Account changes"
tmux_wait s "roles clerk → clerk supervisor"; ok $? "Account changes shows it before → after"
tmux_type s "a"
tmux_wait s "Comment"
answer s ""
tmux_wait s "four-eyes"; ok $? "the requester cannot approve it"
logout s

app k
login k kato pw-kato
tmux_wait k "[auditor]" || bail "kato cannot log in"
menu_pick k "Account changes"
tmux_wait k "roles clerk → clerk supervisor"; ok $? "the auditor reads the changes"
unlike "$(tmux_screen k)" "a Approve" "... and is offered no decision"
logout k

app u
login u suzuki pw-suzuki
tmux_wait u "[supervisor]" || bail "suzuki cannot log in"
menu_pick u "Account changes"
tmux_wait u "tanaka" || bail "the change for suzuki"
tmux_type u "a"
tmux_wait u "Comment"
answer u "承認"
tmux_wait u "Approved the change of tanaka"; ok $? "another supervisor approves it"
logout u

is "$(sql_with_key "SELECT roles FROM accounts WHERE user_name = 'tanaka';")" \
	"clerk supervisor" "the account holds the new roles"
is "$(sql_with_key "SELECT json_extract(before_json, '$.roles') || ' ' || reason_code ||
	' ' || requested_by || ' ' || decided_by FROM account_changes;")" \
	"clerk duties sato suzuki" "the change keeps the roles before, why, and both names"
app t
login t tanaka pw-tanaka
tmux_wait t "[clerk supervisor]"; ok $? "tanaka's next login has the new role"
logout t

done_testing
