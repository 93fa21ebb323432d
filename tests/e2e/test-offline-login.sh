#!/bin/sh
# Issue 31: accounts are revoked office-wide, and a terminal learns of a revocation by
# syncing. Past max_offline_days without a sync, a clerk is refused at login with the
# reason (audited) and a supervisor is admitted with a warning; offline_login_everyone
# admits the clerk too. A terminal within its limit says nothing.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users tanaka:pw-tanaka sato:pw-sato
cp "$WORK/madoguchi.conf" "$WORK/base.conf"
# A central store that is not there: nothing listens on port 1 of the loopback.
offline() {
	cp "$WORK/base.conf" "$WORK/madoguchi.conf"
	cat >> "$WORK/madoguchi.conf" <<CONF
sync_host = 127.0.0.1
sync_port = 1
sync_user = t_desk
sync_connect_timeout = 1
max_offline_days = 7
$1
CONF
}
last_sync() {
	sql_with_key "UPDATE sync_state SET last_success_at = strftime('%Y-%m-%dT%H:%M:%fZ',
		'now', '-$1 days');"
}

offline ""
last_sync 2
app w
login w tanaka pw-tanaka
tmux_wait w "[clerk]"; ok $? "two days without a sync: a clerk logs in"
unlike "$(tmux_screen w)" "No sync for" "... and is told nothing"
logout w

last_sync 9
app c
login c tanaka pw-tanaka
tmux_wait c "only supervisors may log in"; ok $? "nine days without a sync: a clerk is refused"
like "$(tmux_screen c)" "No sync for 9 days (limit 7)" "... with the days and the limit"
unlike "$(tmux_screen c)" "[clerk]" "... and no menu"
tmux_keys c Enter
tmux_wait c "User name"; ok $? "... and the next clerk's login screen follows"
logout c
is "$(sql_with_key "SELECT action || ' ' || result FROM audit_log WHERE user = 'tanaka' AND
	action = 'login.offline';")" "login.offline denied" "the refusal is audited"

app s
login s sato pw-sato
tmux_wait s "[supervisor]"; ok $? "a supervisor is admitted"
like "$(tmux_screen s)" "accounts revoked elsewhere may still work here" "... and warned of revocations it may not know"
logout s

offline "offline_login_everyone = yes"
app e
login e tanaka pw-tanaka
tmux_wait e "[clerk]"; ok $? "offline_login_everyone admits the clerk"
like "$(tmux_screen e)" "No sync for 9 days" "... warned"
logout e

done_testing
