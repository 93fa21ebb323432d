#!/bin/sh
# Issue 26, typing in a list: in the audit log's list a letter that is no command key
# goes on in the filter's user field, as typing in the register's search results goes
# on in the name field; f still opens the filter. A list without a search field and
# without letter keys (the compliance menu, the clerk's granted exports) says where its
# keys are instead of dropping the key.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users kato:pw-kato tanaka:pw-tanaka

app k
login k kato pw-kato
tmux_wait k "[auditor]" || bail "kato cannot log in"
menu_pick k "Review the audit log"
tmux_wait k "Filter: none" || bail "the audit log"
tmux_type k "tanaka"
tmux_wait k "Audit log: filter"; ok $? "typing in the list goes to the filter"
like "$(tmux_screen k)" "tanaka" "... with what was typed, in the user field"
tmux_keys k F2
# "tanaka" is in the filter form already; the list's filter line shows it once applied.
tmux_wait k "Filter: user=tanaka"; ok $? "... and F2 applies it"
unlike "$(tmux_screen k)" "Filter: none" "... as the filter of the list"
tmux_keys k Escape
tmux_wait k "[auditor]" || bail "back at the menu"
menu_pick k "Self-inspection and registers"
tmux_wait k "Self-inspection and registers" || bail "the compliance menu"
tmux_type k "z"
tmux_wait k "Press F1 for this screen's keys"; ok $? "a key the compliance menu has no use for says so"
logout k

app t
login t tanaka pw-tanaka
tmux_wait t "[clerk]" || bail "tanaka cannot log in"
menu_pick t "Run a granted export"
tmux_wait t "Your export grants" || bail "the clerk's exports"
tmux_type t "z"
tmux_wait t "Press F1 for this screen's keys"; ok $? "... and so does the list of granted exports"
logout t

done_testing
