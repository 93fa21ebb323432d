#!/bin/sh
# Issue 21 at the desk, from the start: suzuki (supervisor) grants tanaka an export on the
# grants screen: the form refuses what it must (suzuki as his own grantee, an unknown
# column, a certificate through a link, a certificate not for encryption, a certificate number of
# nobody here), shows whom the grant holds before it is made, and then tanaka runs it,
# suzuki checks it, and the media register records it; suzuki records that it left (the
# spool copy is erased with its erasure record). A second grant is revoked: tanaka no
# longer sees it.
. "$top_srcdir/tests/e2e/login-lib.sh"
command -v openssl > /dev/null || skip_all "openssl is not installed"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pam_users tanaka:pw-tanaka suzuki:pw-suzuki
madoguchi-admin demo-data --holders 3 --seed 21 --config "$WORK/madoguchi.conf" \
	> /dev/null || bail "demo holders failed"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/r.key" -out "$WORK/r.pem" \
	-subj /CN=recipient -days 3 > /dev/null 2>&1 || bail "recipient certificate"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/sign.key" -out "$WORK/sign.pem" \
	-subj /CN=sign -days 3 -addext "keyUsage=digitalSignature" > /dev/null 2>&1 ||
	bail "signing certificate"
ln -s "$WORK/r.pem" "$WORK/link.pem"
mkdir -m 700 "$WORK/export"
echo "export_spool = $WORK/export" >> "$WORK/madoguchi.conf"
[ "$(id -u)" -eq 0 ] && chown madoguchi:madoguchi "$WORK/export"
h=$(sql_with_key "SELECT holder_id FROM registrations ORDER BY certificate_number LIMIT 1;")
num=$(sql_with_key "SELECT certificate_number FROM registrations WHERE holder_id = '$h'
	LIMIT 1;")
family=$(sql_with_key "SELECT family_name FROM holders WHERE id = '$h';")
given=$(sql_with_key "SELECT given_name FROM holders WHERE id = '$h';")
app_owns_db

# The form, field by field: grantee, purpose, procedure, certificate numbers, name, birth
# date, columns, encoding, recipient, certificate file, hours, single use.
grant_form() {
	tmux_keys s1 n
	tmux_wait s1 "Who runs it" || bail "the grant form"
	fill s1 "$1" "${5:-委託先への名簿提供}" "免状事務" "$2" "" "" "$3" "" "委託先 株式会社" "$4"
}

app s1 || bail "start"
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki logs in"
menu_pick s1 "Grant an export"
tmux_wait s1 "No export has been granted. n grants one."
ok $? "the grants screen starts empty"

grant_form suzuki "$num" "name:family-only sex" "$WORK/r.pem"
tmux_keys s1 F2
tmux_wait s1 "grant an export to yourself"
ok $? "suzuki cannot grant an export to himself (four eyes)"
tmux_keys s1 Escape
tmux_wait s1 "lose what was typed" && tmux_type s1 y
tmux_wait s1 "Export grants" || bail "back at the list"

grant_form tanaka "$num" "name:family-only colour" "$WORK/r.pem"
tmux_keys s1 F2
tmux_wait s1 '"colour" is not a column an export may have'
ok $? "an unknown column is named"
tmux_keys s1 Escape
tmux_wait s1 "lose what was typed" && tmux_type s1 y

grant_form tanaka "$num" "name:family-only" "$WORK/link.pem"
tmux_keys s1 F2
tmux_wait s1 "cannot open the recipient's certificate"
ok $? "a certificate through a link is refused"
tmux_keys s1 Escape
tmux_wait s1 "lose what was typed" && tmux_type s1 y

grant_form tanaka "$num" "name:family-only" "$WORK/sign.pem"
tmux_keys s1 F2
tmux_wait s1 "the recipient's certificate is not for encryption"
ok $? "a certificate that is not for encryption is refused"
tmux_keys s1 Escape
tmux_wait s1 "lose what was typed" && tmux_type s1 y

grant_form tanaka "X-999999" "name:family-only" "$WORK/r.pem"
tmux_keys s1 F2
tmux_wait s1 "no holder in this office's register has the certificate X-999999"
ok $? "a certificate number of nobody here is refused"
tmux_keys s1 Escape
tmux_wait s1 "lose what was typed" && tmux_type s1 y
is "$(sql_with_key "SELECT count(*) FROM export_grants;")" 0 "nothing was granted so far"

grant_form tanaka "$num" "name:family-only sex" "$WORK/r.pem"
tmux_keys s1 F2
tmux_wait s1 "tanaka may export 1 holders: $family $given"
ok $? "before granting, the screen says whom the grant holds"
like "$(tmux_screen s1)" "name (family name only) sex" "... and what of them"
like "$(tmux_screen s1)" "To: 委託先 株式会社" "... and to whom"
tmux_type s1 y
tmux_wait s1 "Granted tanaka the export of 1 holders"
ok $? "the grant is made"
like "$(tmux_screen s1)" "active   tanaka  1 holders  to 委託先 株式会社: 委託先への名簿提供" \
	"... and listed, active"
tmux_keys s1 Enter
tmux_wait s1 "Purpose: 委託先への名簿提供 (免状事務)"
ok $? "Enter shows the grant whole"
tmux_keys s1 Enter

# A second grant, revoked before it is used.
grant_form tanaka "$num" "sex" "$WORK/r.pem" "二件目"
tmux_keys s1 F2
tmux_wait s1 "Grant it?" && tmux_type s1 y
tmux_wait s1 "to 委託先 株式会社: 二件目" || bail "the second grant"
tmux_type s1 r
tmux_wait s1 "Revoke tanaka's grant to 委託先 株式会社 (二件目)" ||
	bail "the revoke question, of the newest grant"
tmux_type s1 y
tmux_wait s1 "Why is it revoked" || bail "the reason question"
answer s1 "宛先の誤り"
tmux_wait s1 "Revoked tanaka's grant"
ok $? "a grant is revoked, with why"
like "$(tmux_screen s1)" "revoked  tanaka  1 holders  to 委託先 株式会社: 二件目" \
	"... and listed as revoked"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'export.revoke' AND
	detail LIKE '%宛先の誤り%';")" 1 "the revocation is audited with why"
tmux_stop s1

app e1 || bail "start"
login e1 tanaka pw-tanaka
tmux_wait e1 "[clerk]" || bail "tanaka logs in"
menu_pick e1 "Run a granted export"
tmux_wait e1 "1 holders  to 委託先 株式会社" || bail "tanaka sees the grant"
is "$(tmux_screen e1 | grep -c '1 holders')" 1 "tanaka sees the active grant, not the revoked"
tmux_keys e1 Enter
tmux_wait e1 "is a second person here to check" || bail "the check"
tmux_type e1 "y"
tmux_wait e1 "Second person's user name" || bail "the name question"
answer e1 "suzuki"
tmux_wait e1 "Password" || bail "suzuki's password prompt"
tmux_type e1 "pw-suzuki"
tmux_keys e1 Enter
tmux_wait e1 "may this leave, as shown?" || bail "the confirmation"
tmux_type e1 "y"
tmux_wait e1 "Export written, checked by suzuki"
ok $? "tanaka runs the grant suzuki made at the desk, suzuki checks it"
f=$(ls "$WORK"/export/export-*.p7m 2> /dev/null | head -n 1)
plain=$(openssl cms -decrypt -inform DER -in "$f" -recip "$WORK/r.pem" -inkey "$WORK/r.key" \
	2> /dev/null)
like "$plain" "\"$family\"" "the file holds the family name"
unlike "$plain" "$given" "... and nothing of the given name"
tmux_stop e1

app s2 || bail "start"
login s2 suzuki pw-suzuki
tmux_wait s2 "[supervisor]" || bail "suzuki logs in again"
menu_pick s2 "Media register"
tmux_wait s2 "export, 1 rows, made by tanaka, checked by suzuki" || bail "the register"
like "$(tmux_screen s2)" "still here" "the register says the file has not left"
tmux_type s2 l
tmux_wait s2 "Has this export left the office" || bail "the left question"
tmux_type s2 y
tmux_wait s2 "Recorded that the export left"
ok $? "suzuki records that the export left"
[ -e "$f" ]; is $? 1 "... and its copy in the spool is erased"
is "$(sql_with_key "SELECT count(*) FROM export_register WHERE left_at IS NOT NULL;")" 1 \
	"the register keeps when it left"
is "$(sql_with_key "SELECT count(*) FROM erasure_records WHERE kind = 'export_files';")" 1 \
	"... and the erasure has its record"
tmux_stop s2

done_testing
