#!/bin/sh
# Issue 22 at the desk: the retention screen. The supervisor sato sees each kind's rule
# and its dry run (a quarantined Juki result file of 100 days ago would go), proposes that
# the quarantine's erasures need approval, and cannot approve it himself; suzuki approves.
# sato then proposes the erasure with its figures, suzuki approves it the same day: the
# file is gone and the erasure record (消去記録) is on screen with who proposed and who
# approved. The sysadmin reads and cannot change; a clerk has no such screen.
. "$top_srcdir/tests/e2e/login-lib.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pam_users sato:pw-sato suzuki:pw-suzuki tanaka:pw-tanaka ono:pw-ono
printf 'result file\n' > "$WORK/juki/quarantine/R0001"
touch -d '100 days ago' "$WORK/juki/quarantine/R0001"
# That day as the screens show it (issue 26): the short era date, the default date_style.
old_day=$(printf 'R%02d.%s' $(( $(date -d '100 days ago' +%Y) - 2018 )) \
	"$(date -d '100 days ago' +%m.%d)")
[ "$(id -u)" -eq 0 ] && chown -R madoguchi:madoguchi "$WORK/juki"
# This desk does not sync: the first login of a day runs the automatic rules. They ran
# today already, so that the dry run below still finds the file.
sql_with_key "UPDATE retention_state SET last_run = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');" \
	> /dev/null
app_owns_db

# retention NAME USER PASSWORD ROLE: logged in, on the retention screen.
retention() {
	app "$1" || return 1
	login "$1" "$2" "$3"
	tmux_wait "$1" "[$4]" || return 1
	menu_pick "$1" "Retention and erasure records"
	tmux_wait "$1" "Retention rules and what would go now"
}

retention s1 sato pw-sato supervisor || bail "sato reaches the retention screen"
screen=$(tmux_screen s1)
like "$screen" "Quarantined Juki result files       90  automatic         1  $old_day" \
	"the dry run: the quarantined file past its 90 days would go"
like "$screen" "has no retention rule" \
	"... and the register has no rule"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'retention.dry-run' AND
	user = 'sato';")" 1 "opening it (a dry run) is audited"

tmux_keys s1 Down
tmux_type s1 "c"
tmux_wait s1 "New period for Quarantined Juki result files in days (now 90)" ||
	bail "the change dialog"
answer s1 "90"
tmux_wait s1 "Erased automatically every day?" || bail "the mode question"
answer s1 "n"
tmux_wait s1 "Reason" || bail "the reason question"
answer s1 "each erasure approved"
tmux_wait s1 "Request #1 filed: another supervisor decides it."
ok $? "sato proposes that the quarantine's erasures need approval"
tmux_type s1 "v"
tmux_wait s1 "#1 open     rule juki_quarantine: 90 days, approval (by sato)"
ok $? "the request is listed"
tmux_type s1 "a"
tmux_wait s1 "Enter/y: yes" || bail "the approval dialog"
tmux_type s1 "y"
tmux_wait s1 "was proposed by you: another supervisor decides it"
ok $? "sato cannot approve his own request"

# The second supervisor's approval queue says it waits.
app s2 || bail "suzuki's start"
login s2 suzuki pw-suzuki
tmux_wait s2 "[supervisor]" || bail "suzuki logs in"
menu_pick s2 "Approve applications"
tmux_wait s2 "Also waiting: 1 retention request(s)"
ok $? "suzuki's approval queue says a retention request waits"
tmux_keys s2 Escape
tmux_wait s2 "Menu" || bail "suzuki back at the menu"
menu_pick s2 "Retention and erasure records"
tmux_wait s2 "Retention rules and what would go now" || bail "suzuki's retention screen"
tmux_type s2 "v"
tmux_wait s2 "#1 open" || bail "suzuki sees the request"
tmux_type s2 "a"
tmux_wait s2 "Proposed by sato: each erasure approved"
ok $? "the approver sees what was proposed and why"
tmux_type s2 "y"
tmux_wait s2 "Request approved."
ok $? "suzuki approves it"
is "$(sql_with_key "SELECT automatic FROM retention_rules WHERE kind = 'juki_quarantine';")" 0 \
	"... the rule changed"

# The erasure itself, proposed by sato with its dry run's figures.
tmux_keys s1 Escape
tmux_wait s1 "Menu" || bail "back at the menu"
menu_pick s1 "Retention and erasure records"
tmux_wait s1 "Quarantined Juki result files       90  approval" ||
	bail "the rule as changed"
tmux_keys s1 Down
tmux_type s1 "e"
tmux_wait s1 "Erase 1 items of Quarantined Juki result files" || bail "the erasure dialog"
answer s1 "gateway fault investigated"
tmux_wait s1 "Request #2 filed: another supervisor approves it today."
ok $? "sato proposes the erasure"
[ -e "$WORK/juki/quarantine/R0001" ]
ok $? "... nothing is erased before it is approved"

tmux_keys s2 Escape
tmux_wait s2 "Menu" || bail "suzuki back at the menu"
menu_pick s2 "Retention and erasure records"
tmux_wait s2 "Retention rules" || bail "suzuki's retention screen again"
tmux_type s2 "v"
tmux_wait s2 "#2 open     erase juki_quarantine: 1 items" || bail "the erasure request"
tmux_type s2 "a"
tmux_wait s2 "Items: 1, 12 bytes, $old_day"
ok $? "the approver sees the dry run's figures"
tmux_type s2 "y"
tmux_wait s2 "Request approved."
ok $? "suzuki approves the erasure"
[ ! -e "$WORK/juki/quarantine/R0001" ]
ok $? "... the file is gone"
tmux_type s2 "v"
tmux_wait s2 "juki_quarantine: 1 items [done] approved by suzuki"
ok $? "the erasure record is on screen"
tmux_keys s2 Enter
tmux_wait s2 "Proposed by: sato"
ok $? "... with who proposed"
like "$(tmux_screen s2)" "overwritten with zeros, synced and unlinked" "... and how"
tmux_keys s2 Enter
tmux_stop s2
tmux_stop s1

retention o1 ono pw-ono sysadmin || bail "the sysadmin reaches the retention screen"
tmux_keys o1 Down
tmux_type o1 "c"
tmux_wait o1 "Your account reads retention; a supervisor changes it."
ok $? "the sysadmin reads and cannot change"
tmux_stop o1

# The first login of a new day, at a desk that does not sync, runs the automatic rules.
printf '%%PDF old\n' > "$WORK/old.pdf"
mkdir -p "$WORK/certs"
mv "$WORK/old.pdf" "$WORK/certs/"
touch -d '40 days ago' "$WORK/certs/old.pdf"
[ "$(id -u)" -eq 0 ] && chown -R madoguchi:madoguchi "$WORK/certs"
echo "cert_spool = $WORK/certs" >> "$WORK/madoguchi.conf"
sql_with_key "UPDATE retention_state SET last_run = NULL;" > /dev/null

app c1 || bail "the clerk's start"
login c1 tanaka pw-tanaka
tmux_wait c1 "[clerk]" || bail "tanaka logs in"
unlike "$(tmux_screen c1)" "Retention" "a clerk has no retention screen"
[ ! -e "$WORK/certs/old.pdf" ]
ok $? "the first login of the day erased the PDF past its 30 days"
is "$(sql_with_key "SELECT kind || ' ' || count || ' ' || proposed_by FROM erasure_records
	WHERE kind = 'print_files';")" "print_files 1 madoguchi-retention" "... with its record"
tmux_stop c1

done_testing
