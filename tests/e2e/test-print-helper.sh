#!/bin/sh
# Issue 28: certificates are drawn by the helper madoguchi-print. A helper that dies in the
# middle of a request, one that is not there and one that answers nonsense each give the
# clerk a message that says so, and leave nothing behind: no PDF, no half-written file, no
# print recorded. The real helper then prints.
. "$top_srcdir/tests/e2e/login-lib.sh"
command -v openssl > /dev/null || skip_all "openssl is not installed"

pam_users tanaka:pw-tanaka
madoguchi-admin demo-data --holders 1 --seed 11 --config "$WORK/madoguchi.conf" \
	> /dev/null || bail "demo holders failed"
openssl genpkey -algorithm ED25519 -out "$WORK/office.key" 2> /dev/null
chmod 600 "$WORK/office.key"
mkdir -m 700 "$WORK/certs"
cat >> "$WORK/madoguchi.conf" <<CONF
office_id = OFFICE-13
office_key = $WORK/office.key
cert_spool = $WORK/certs
CONF
if [ "$(id -u)" -eq 0 ]; then
	chown madoguchi:madoguchi "$WORK/certs"
fi
app_owns_db
h=$(sql_with_key "SELECT id FROM holders LIMIT 1;")
name=$(sql_with_key "SELECT family_name || ' ' || given_name FROM holders WHERE id = '$h';")
kana=$(sql_with_key "SELECT family_kana || given_kana FROM holders WHERE id = '$h';")

# Three broken helpers, each in a directory of its own.
mkdir -p "$WORK/dies" "$WORK/missing" "$WORK/garbled"
cat > "$WORK/dies/madoguchi-print" <<'SH'
#!/bin/sh
# Reads part of the request, writes half a PDF into the file it was given, and dies.
head -c 12 > /dev/null
printf '%%PDF-1.4\n%% half a certificate\n' >&3
kill -KILL $$
SH
cat > "$WORK/garbled/madoguchi-print" <<'SH'
#!/bin/sh
cat > /dev/null
printf '\000\000\000\002ZZ'
SH
chmod 755 "$WORK/dies" "$WORK/missing" "$WORK/garbled" "$WORK/dies/madoguchi-print" \
	"$WORK/garbled/madoguchi-print"

# try NAME DIR: the clerk asks for a certificate with the helpers in DIR.
try() {
	tmux_start "$1" env $(pam_env_args) MADOGUCHI_LIBEXECDIR="$2" \
		madoguchi --config "$WORK/madoguchi.conf"
	tmux_wait "$1" "User name" || return 1
	login "$1" tanaka pw-tanaka
	tmux_wait "$1" "[clerk]" || return 1
	menu_pick "$1" "Search the register"
	tmux_wait "$1" "Name (kana or kanji, part)" || return 1
	tmux_type "$1" "$kana"
	tmux_keys "$1" Enter
	tmux_wait "$1" "$name" || return 1
	tmux_keys "$1" Enter
	tmux_wait "$1" "Holder: $name" || return 1
	tmux_type "$1" p
}
# nothing_left WHAT: no file in the spool and no print recorded.
nothing_left() {
	is "$(ls -A "$WORK"/certs | wc -l)" 0 "$1: nothing in the spool, not even half a file"
	is "$(sql_with_key "SELECT count(*) FROM cert_prints;")" 0 "$1: no print recorded"
}

try d1 "$WORK/dies" || bail "the clerk reaches the holder"
tmux_wait d1 "answering (signal 9)"
ok $? "a helper killed mid-request: the clerk is told it ended without answering"
like "$(tmux_screen d1 | tr -d '\n')" "madoguchi-print" "... naming the helper"
unlike "$(tmux_screen d1)" "Certificate preview" "... and no preview is offered"
tmux_stop d1
nothing_left "killed"

try m1 "$WORK/missing" || bail "the clerk reaches the holder again"
tmux_wait m1 "cannot start the print helper"
ok $? "a helper that is not installed: the clerk is told it cannot start"
like "$(tmux_screen m1 | tr -d '\n')" "No such file or directory" "... and why"
tmux_stop m1
nothing_left "missing"

try g1 "$WORK/garbled" || bail "the clerk reaches the holder a third time"
tmux_wait g1 "answer is malformed"
ok $? "a helper that answers nonsense: the answer is refused"
tmux_stop g1
nothing_left "garbled"

try r1 "$top_builddir" || bail "the clerk reaches the holder with the real helper"
tmux_wait r1 "Certificate preview"
ok $? "the real helper draws the certificate"
tmux_type r1 y
tmux_wait r1 "Certificate printed"
ok $? "... and it prints"
is "$(ls "$WORK"/certs/*.pdf | wc -l)" 1 "... one PDF in the spool"
is "$(ls -A "$WORK"/certs | grep -c '\.tmp$')" 0 "... and no temporary file"
tmux_stop r1
done_testing
