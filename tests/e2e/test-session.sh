#!/bin/sh
# SPEC §2, §3: an expired password is changed on screen; a revoked account is stopped
# at its next key, while logged in.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users sato:pw-sato yamada:old-pw:expired tanaka:pw-tanaka

app e
login e yamada old-pw
tmux_wait e "password has expired"; ok $? "expired password: told"
tmux_keys e Enter
tmux_wait e "Old password"; ok $? "asked for the old password"
answer e old-pw
tmux_wait e "New Password"; ok $? "asked for a new password"
answer e new-pw-1
tmux_wait e "Verify New Password"
answer e new-pw-1
tmux_wait e "[clerk]"; ok $? "logged in after changing the password"
logout e
grep -q "^yamada:new-pw-1:" "$PAM_DIR/passdb"; ok $? "the new password was stored by PAM"
audit=$(sql_with_key "SELECT group_concat(action || ':' || result, ' ') FROM audit_log WHERE user = 'yamada';")
like "$audit" "password.change:ok" "password change audited"
unlike "$audit" "new-pw-1" "no password in the audit log"
unlike "$(sql_with_key "SELECT group_concat(detail) FROM audit_log;")" "old-pw" "no old password in the audit log"

# Revoked while logged in.
app t
login t tanaka pw-tanaka
tmux_wait t "[clerk]" || bail "tanaka cannot log in"
app s
login s sato pw-sato
tmux_wait s "[supervisor]" || bail "sato cannot log in"
menu_pick s "Account register"
tmux_wait s "tanaka"
list_select s " tanaka "
tmux_type s "x"
tmux_wait s "Reason"
answer s "異動"
tmux_wait s "Revoked the account of tanaka"; ok $? "supervisor revokes tanaka"
logout s

tmux_keys t Down
tmux_wait t "Account no longer active"; ok $? "the logged-in clerk is stopped at the next key"
like "$(tmux_screen t)" "revoked" "the reason is shown"
tmux_keys t Enter
tmux_wait t "窓口 — log in"; ok $? "the session ends: the next clerk's login screen follows"
logout t

app t2
login t2 tanaka pw-tanaka
tmux_wait t2 "revoked"; ok $? "a revoked account cannot log in again"
logout t2

done_testing
