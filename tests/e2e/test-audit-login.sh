#!/bin/sh
# SPEC §8 at the terminal: the desk checks the audit log's end against its head kept
# outside the database when it starts and at each login. A log cut with the database key
# (entries removed, the in-database head moved back) refuses every login, saying what is
# missing; the refusal is itself audited.
. "$top_srcdir/tests/e2e/login-lib.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

pam_users sato:pw-sato tanaka:pw-tanaka

app s1
login s1 tanaka pw-tanaka
tmux_wait s1 "[clerk]"; ok $? "with the log intact, the clerk logs in"
logout s1 10

n=$(sql_with_key "SELECT count(*) FROM audit_log;")
sql_with_key "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
	DELETE FROM audit_log WHERE seq > 5;
	UPDATE audit_head SET count = 5, mac = (SELECT mac FROM audit_log WHERE seq = 5);" \
	> /dev/null

app s2
login s2 sato pw-sato
tmux_wait s2 "Nobody can log in"; ok $? "after the cut, the supervisor cannot log in"
screen=$(tmux_screen s2 | tr -d '\n ')
like "$screen" "$(echo "entries 6 to $n were removed" | tr -d ' ')" \
	"... the screen says which entries are missing"
unlike "$(tmux_screen s2)" "Menu" "... and no menu is shown"
tmux_stop s2

is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'audit.check' AND result = 'failed';")" \
	1 "the failed check at start is in the log"
like "$(sql_with_key "SELECT detail FROM audit_log WHERE action = 'login' ORDER BY seq DESC LIMIT 1;")" \
	"entries 6 to $n were removed" "the refused login is in the log, with why"

done_testing
