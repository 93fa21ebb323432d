#!/bin/sh
# Issue 21: with print_two_person_check = yes, a certificate and an access disclosure are
# checked by a second person at the desk before they print. The clerk as his own second
# person is refused by the monitor and nothing prints; a supervisor who authenticates and
# confirms lets it print. Refusals and confirmations are audited with who checked.
. "$top_srcdir/tests/e2e/login-lib.sh"
command -v openssl > /dev/null || skip_all "openssl is not installed"

pam_users tanaka:pw-tanaka suzuki:pw-suzuki sato:pw-sato
madoguchi-admin demo-data --holders 1 --seed 11 --config "$WORK/madoguchi.conf" \
	> /dev/null || bail "demo holders failed"
openssl genpkey -algorithm ED25519 -out "$WORK/office.key" 2> /dev/null
chmod 600 "$WORK/office.key"
mkdir -m 700 "$WORK/certs"
cat >> "$WORK/madoguchi.conf" <<CONF
office_id = OFFICE-13
office_name = 東京都 健康安全部
office_key = $WORK/office.key
cert_spool = $WORK/certs
print_two_person_check = yes
CONF
if [ "$(id -u)" -eq 0 ]; then
	chown madoguchi:madoguchi "$WORK/certs"
fi
app_owns_db
h=$(sql_with_key "SELECT id FROM holders LIMIT 1;")
name=$(sql_with_key "SELECT family_name || ' ' || given_name FROM holders WHERE id = '$h';")
kana=$(sql_with_key "SELECT family_kana || given_kana FROM holders WHERE id = '$h';")

# holder NAME USER PASSWORD ROLE: logged in, on the holder's screen.
holder() {
	app "$1" || return 1
	login "$1" "$2" "$3"
	tmux_wait "$1" "[$4]" || return 1
	menu_pick "$1" "Search the register"
	tmux_wait "$1" "Name (kana or kanji, part)" || return 1
	tmux_type "$1" "$kana"
	tmux_keys "$1" Enter
	tmux_wait "$1" "$name" || return 1
	tmux_keys "$1" Enter
	tmux_wait "$1" "Holder: $name"
}
# second NAME USER PASSWORD: the two-person check answered by USER.
second() {
	tmux_wait "$1" "is a second person here to check this?" || return 1
	tmux_type "$1" y
	tmux_wait "$1" "Second person's user name" || return 1
	answer "$1" "$2"
	[ -z "$3" ] && return 0
	tmux_wait "$1" "Password" || return 1
	tmux_type "$1" "$3"
	tmux_keys "$1" Enter
}

holder t1 tanaka pw-tanaka clerk || bail "tanaka reaches the holder"
tmux_type t1 p
tmux_wait t1 "Certificate preview" || bail "the preview"
tmux_type t1 y
second t1 tanaka || bail "the check's questions"
tmux_wait t1 "The approver must be someone other than the person logged in"
ok $? "tanaka cannot be the second person of his own print"
like "$(tmux_screen t1 | tr -d "\n")" "Nothing was printed." "... and the desk says nothing printed"
is "$(ls "$WORK"/certs | wc -l)" 0 "... and nothing is in the spool"

tmux_type t1 p
tmux_wait t1 "Certificate preview" || bail "the preview again"
tmux_type t1 y
second t1 suzuki pw-suzuki || bail "suzuki's check"
tmux_wait t1 "suzuki: may this leave, as shown?"
ok $? "suzuki, authenticated, is asked to confirm the certificate as it prints"
like "$(tmux_screen t1)" "$name" "... seeing whose it is"
tmux_type t1 y
tmux_wait t1 "Certificate printed"
ok $? "confirmed, it prints"
is "$(ls "$WORK"/certs/*.pdf | wc -l)" 1 "... one PDF"
is "$(sql_with_key "SELECT result || ' ' || detail FROM audit_log WHERE action =
	'cert.print.check' ORDER BY seq;" | tr '\n' ',')" \
	"refused the second person was not authenticated,ok checked by suzuki," \
	"the refusal and the confirmation are audited"
tmux_stop t1

holder s1 suzuki pw-suzuki supervisor || bail "suzuki reaches the holder"
tmux_type s1 a
tmux_wait s1 "From (YYYY-MM-DD" || bail "the period"
tmux_keys s1 Enter
tmux_wait s1 "To (YYYY-MM-DD" || bail "the period's end"
tmux_keys s1 Enter
tmux_wait s1 "entries; * on this terminal only" || bail "the disclosure"
tmux_type s1 p
tmux_wait s1 "Print the disclosure of" || bail "the print question"
tmux_type s1 y
second s1 sato pw-sato || bail "sato's check"
tmux_wait s1 "sato: may this leave, as shown?"
ok $? "the disclosure report is checked by a second person too"
like "$(tmux_screen s1)" "Access disclosure for $name" "... who sees whose report it is"
tmux_keys s1 Escape
tmux_wait s1 "sato did not confirm. Nothing was printed."
ok $? "sato does not confirm: nothing prints"
is "$(ls "$WORK"/certs/disclosure-* 2> /dev/null | wc -l)" 0 "... no report in the spool"
tmux_type s1 p
tmux_wait s1 "Print the disclosure of" || bail "the print question again"
tmux_type s1 y
second s1 sato pw-sato || bail "sato's second check"
tmux_wait s1 "sato: may this leave, as shown?" || bail "the confirmation"
tmux_type s1 y
tmux_wait s1 "Disclosure printed:"
ok $? "confirmed, the report prints"
is "$(sql_with_key "SELECT result || ' ' || detail FROM audit_log WHERE action =
	'disclosure.check' ORDER BY seq;" | tr '\n' ',')" \
	"refused sato did not confirm,ok checked by sato," "both are audited"
like "$(sql_with_key "SELECT detail FROM audit_log WHERE action = 'disclosure.print';")" \
	"checked by sato" "the print's own entry names who checked it"
tmux_stop s1

done_testing
