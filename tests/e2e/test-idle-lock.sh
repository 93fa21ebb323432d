#!/bin/sh
# SPEC §2: after idle_lock_minutes without a key the screen locks; only the same user's
# PAM authentication unlocks it. (Takes a little over a minute: the shortest setting.)
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users tanaka:pw-tanaka
echo "idle_lock_minutes = 1" >> "$WORK/madoguchi.conf"

app t
login t tanaka pw-tanaka
tmux_wait t "[clerk]" || bail "tanaka cannot log in"
tmux_wait t "This terminal is locked" 75; ok $? "locked after a minute without a key"
unlike "$(tmux_screen t)" "Menu" "the menu is hidden while locked"

tmux_keys t Enter
tmux_wait t "Password"
answer t wrong-password
tmux_wait t "This terminal is locked"; ok $? "a wrong password does not unlock"
tmux_keys t Enter
tmux_wait t "Password"
answer t pw-tanaka
tmux_wait t "Menu — 田中 太郎"; ok $? "the same user's password unlocks"
tmux_keys t F10
tmux_gone t

audit=$(sql_with_key "SELECT group_concat(action || ':' || result, ' ') FROM audit_log WHERE user = 'tanaka';")
like "$audit" "lock:ok" "lock audited"
like "$audit" "unlock:failed" "failed unlock audited"
like "$audit" "unlock:ok" "unlock audited"

done_testing
