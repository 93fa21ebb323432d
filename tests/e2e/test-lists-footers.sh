#!/bin/sh
# Issue 26, the footers offer what the role may do: a clerk's import screen offers no
# approval (import.approve), an auditor's media register no "left the office" (it is
# the exporter's, export.run); a supervisor is offered both.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users tanaka:pw-tanaka kato:pw-kato suzuki:pw-suzuki
mkdir -p "$WORK/import"
echo "import_spool = $WORK/import" >> "$WORK/madoguchi.conf"

app c
login c tanaka pw-tanaka
tmux_wait c "[clerk]" || bail "tanaka cannot log in"
menu_pick c "Import from media"
tmux_wait c "Import requests" || bail "the import screen"
unlike "$(tmux_screen c)" "a Approve" "a clerk's import screen offers no approval"
unlike "$(tmux_screen c)" "x Reject" "... nor a rejection"
logout c

app k
login k kato pw-kato
tmux_wait k "[auditor]" || bail "kato cannot log in"
menu_pick k "Media register"
tmux_wait k "Media register (" || bail "the media register"
unlike "$(tmux_screen k)" "l Left the office" "the auditor is not offered 'left the office'"
logout k

app u
login u suzuki pw-suzuki
tmux_wait u "[supervisor]" || bail "suzuki cannot log in"
menu_pick u "Import from media"
tmux_wait u "Import requests" || bail "the supervisor's import screen"
like "$(tmux_screen u)" "a Approve" "a supervisor is offered the approval"
tmux_keys u Escape
tmux_wait u "[supervisor]" || bail "the menu"
menu_pick u "Media register"
tmux_wait u "Media register (" || bail "the supervisor's media register"
like "$(tmux_screen u)" "l Left the office" "... and 'left the office'"
logout u

done_testing
