#!/bin/sh
# Issue 21 at the desk: a granted export with the two-person check. suzuki (supervisor)
# has granted tanaka the export of one holder's name, masked to the family name. tanaka
# sees the grant, runs it, and the check shows the recipient, the purpose, the counts, the
# masks and the first row as the file holds it. tanaka as the "second person" is refused
# by the monitor and nothing is written; suzuki authenticates through PAM and confirms:
# the file is written, decrypts with the recipient's key only, holds the family name
# without the given name, and the register says suzuki checked it. The grant is used.
. "$top_srcdir/tests/e2e/login-lib.sh"
command -v openssl > /dev/null || skip_all "openssl is not installed"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pam_users tanaka:pw-tanaka suzuki:pw-suzuki kato:pw-kato
madoguchi-admin demo-data --holders 1 --seed 21 --config "$WORK/madoguchi.conf" \
	> /dev/null || bail "demo holders failed"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/r.key" -out "$WORK/r.pem" \
	-subj /CN=recipient -days 3 > /dev/null 2>&1 || bail "recipient certificate"
mkdir -m 700 "$WORK/export"
echo "export_spool = $WORK/export" >> "$WORK/madoguchi.conf"
[ "$(id -u)" -eq 0 ] && chown madoguchi:madoguchi "$WORK/export"
h=$(sql_with_key "SELECT id FROM holders LIMIT 1;")
family=$(sql_with_key "SELECT family_name FROM holders WHERE id = '$h';")
given=$(sql_with_key "SELECT given_name FROM holders WHERE id = '$h';")
grant=$("$top_builddir/tests/sync/sync-tool" --config "$WORK/madoguchi.conf" grant "$h" \
	tanaka "$WORK/r.pem") || bail "the grant: $grant"
app_owns_db

app e1 || bail "start"
login e1 tanaka pw-tanaka
tmux_wait e1 "[clerk]" || bail "tanaka logs in"
menu_pick e1 "Run a granted export"
tmux_wait e1 "suzuki  1 holders  to test recipient: sync test"
ok $? "tanaka sees the export granted to him"
tmux_keys e1 Enter
tmux_wait e1 "is a second person here to check"
ok $? "running it asks for the two-person check"
screen=$(tmux_screen e1)
like "$screen" "Recipient: test recipient" "... showing the recipient"
like "$screen" "Rows: 1, columns: 1" "... the counts"
like "$screen" "name (family name only)" "... the masks"
like "$screen" " $family" "... and the first row as the file holds it"
unlike "$screen" "$given" "... without the given name"
tmux_type e1 "y"
tmux_wait e1 "Second person's user name" || bail "the name question"
answer e1 "tanaka"
tmux_wait e1 "The approver must be someone other than the person logged in"
ok $? "the grantee as the second person is refused"
is "$(ls "$WORK/export" | wc -l)" 0 "... and no file is written"

tmux_keys e1 Enter
tmux_wait e1 "is a second person here to check" || bail "the check again"
tmux_type e1 "y"
tmux_wait e1 "Second person's user name" || bail "the name question again"
answer e1 "suzuki"
tmux_wait e1 "Password" || bail "suzuki's password prompt"
tmux_type e1 "pw-suzuki"
tmux_keys e1 Enter
tmux_wait e1 "suzuki: may this leave, as shown?"
ok $? "suzuki, authenticated, is asked to confirm"
tmux_type e1 "y"
tmux_wait e1 "Export written, checked by suzuki"
ok $? "the export is written"
f=$(ls "$WORK"/export/export-*.p7m 2> /dev/null | head -n 1)
plain=$(openssl cms -decrypt -inform DER -in "$f" -recip "$WORK/r.pem" -inkey "$WORK/r.key" \
	2> /dev/null)
like "$plain" "\"$family\"" "it decrypts with the recipient's key to the family name"
unlike "$plain" "$given" "... and nothing of the given name"
is "$(sql_with_key "SELECT made_by || ' ' || checked_by || ' ' || rows FROM export_register;")" \
	"tanaka suzuki 1" "the register says who made it and who checked it"
is "$(sql_with_key "SELECT status FROM export_grants WHERE id = '$grant';")" used \
	"the grant is used"
like "$(tmux_screen e1)" "No export is granted to you now" "... and no longer offered"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'export.check' AND
	result = 'refused';")" 1 "the refused check is audited"
unlike "$(tmux_keys e1 Escape; sleep 1; tmux_screen e1)" "Media register" \
	"a clerk has no media register"
tmux_stop e1

# The media register (媒体管理簿): the auditor reads the export with its check.
app a1 || bail "start"
login a1 kato pw-kato
tmux_wait a1 "[auditor]" || bail "kato logs in"
menu_pick a1 "Media register"
tmux_wait a1 "export, 1 rows, made by tanaka, checked by suzuki"
ok $? "the auditor's media register lists the export, who made it and who checked it"
like "$(tmux_screen a1)" "For: sync test (test), granted by suzuki" "... and its grant"
like "$(tmux_screen a1)" "To: test recipient" "... and the recipient"
unlike "$(tmux_screen a1)" '\x0a' "... each on its own line, no line break shown as a code"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'export.register.view' AND
	user = 'kato';")" 1 "reading it is audited"

done_testing
