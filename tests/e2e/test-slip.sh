#!/bin/sh
# Issue 24 item 5 at the terminal: a clerk receives a reissue (受付) on a holder's screen
# (kind, channel, identity documents), then s prints its receipt slip (受付票): an A5 PDF
# in the spool (no printer configured) with the reception number, kind and date, whose QR
# record and sealed file madoguchi-verify accepts as a slip of that reception; a changed
# copy or record is refused. The print is audited (reception.slip) and holds no name.
. "$top_srcdir/tests/e2e/login-lib.sh"
command -v openssl > /dev/null || skip_all "openssl is not installed"
command -v pdftotext > /dev/null || skip_all "pdftotext (poppler-utils) is not installed"

pam_users tanaka:pw-tanaka
echo "date_style = western" >> "$WORK/madoguchi.conf"
madoguchi-admin demo-data --holders 2 --seed 11 --config "$WORK/madoguchi.conf" \
	> /dev/null || bail "demo holders failed"

# The office's key and certificate, and the spool the PDFs go to (no printer configured).
openssl genpkey -algorithm ED25519 -out "$WORK/office.key" 2> /dev/null
openssl req -new -x509 -key "$WORK/office.key" -subj "/CN=OFFICE-13" -days 3650 \
	-out "$WORK/office.pem" 2> /dev/null
[ -s "$WORK/office.pem" ] || bail "openssl could not make the office certificate"
chmod 600 "$WORK/office.key"
mkdir -m 700 "$WORK/certs"
cat >> "$WORK/madoguchi.conf" <<CONF
office_id = OFFICE-13
office_name = 東京都 健康安全部
office_key = $WORK/office.key
cert_spool = $WORK/certs
CONF
# As for certificates: the key stays root's, the monitor signs, the screen process (user
# madoguchi when the tests run as root) cannot read it.
if [ "$(id -u)" -eq 0 ]; then
	chown madoguchi:madoguchi "$WORK/certs"
fi
app_owns_db

h1=$(sql_with_key "SELECT id FROM holders ORDER BY rowid LIMIT 1;")
kana=$(sql_with_key "SELECT family_kana || given_kana FROM holders WHERE id = '$h1';")
name=$(sql_with_key "SELECT family_name || ' ' || given_name FROM holders WHERE id = '$h1';")
family=$(sql_with_key "SELECT family_name FROM holders WHERE id = '$h1';")

app t1
login t1 tanaka pw-tanaka
tmux_wait t1 "[clerk]" || bail "tanaka cannot log in"
menu_pick t1 "Search the register"
tmux_wait t1 "Name (kana or kanji, part)" || bail "no search form"
tmux_type t1 "$kana"
tmux_keys t1 Enter
tmux_wait t1 "$name" || bail "the holder is not found"
tmux_keys t1 Enter
tmux_wait t1 "Holder: $name"; ok $? "the clerk opens the holder"

# s before any reception: nothing to print, and says why.
tmux_type t1 "s"
tmux_wait t1 "no open reception"; ok $? "s without an open reception says so"
ls "$WORK"/certs/slip-*.pdf > /dev/null 2>&1; is "$?" 2 "and prints nothing"

# u: a reissue (4), at the counter (empty: 1), seen with a driving licence (2).
tmux_type t1 "u"
tmux_wait t1 "What is applied for"; ok $? "u asks what is applied for"
answer t1 4
tmux_wait t1 "Received through"; ok $? "then the channel"
tmux_keys t1 Enter
tmux_wait t1 "Identity documents seen"; ok $? "then the identity documents"
answer t1 2
tmux_wait t1 "Received under R"; ok $? "the reception is opened"
number=$(sql_with_key "SELECT number FROM receptions WHERE holder_id = '$h1' AND
	status = 'open';")
like "$number" "R" "it has a reception number"
today=$(sql_with_key "SELECT received_on FROM receptions WHERE number = '$number';")

# s: the slip of the only open reception.
tmux_type t1 "s"
tmux_wait t1 "Receipt slip of $number printed"; ok $? "s prints the receipt slip"
pdf=$(ls "$WORK"/certs/slip-"$number"-*.pdf 2> /dev/null | head -n 1)
[ -n "$pdf" ] && [ -s "$pdf" ]; ok $? "the slip's PDF is in the spool"
text=$(pdftotext "$pdf" - 2> /dev/null)
like "$text" "受付票" "the PDF is a receipt slip"
like "$text" "$number" "with the reception number"
like "$text" "再交付" "the kind in Japanese"
like "$text" "$today" "the date received (western style as configured)"
like "$text" "窓口" "the channel"
like "$text" "手数料" "the fee line"
like "$text" "東京都 健康安全部" "the office"
unlike "$text" "$family" "and not the holder's name"
head -c 9 "$pdf" | grep -q "^%PDF-1\."; ok $? "it is a PDF"

out=$(madoguchi-verify "$pdf" --cert "$WORK/office.pem" 2>&1); rc=$?
is "$rc" 0 "madoguchi-verify accepts the slip PDF"
like "$out" "VERIFIED: a receipt slip (受付票) of reception $number" "as a slip of the reception"
like "$out" "sealed by the same key" "sealed by the office"
qr=$(LC_ALL=C grep -a -o 'MDS1\.[A-Za-z0-9_.-]*' "$pdf" | head -n 1)
like "$qr" "MDS1." "the PDF carries the slip's record"
out=$(madoguchi-verify "$qr" --cert "$WORK/office.pem" --slip 2>&1); rc=$?
is "$rc" 0 "madoguchi-verify accepts the QR text"
like "$out" "$number" "which names the reception"
payload=$(printf '%s' "$qr" | cut -d. -f2 | tr '_-' '/+')
while [ $(( ${#payload} % 4 )) -ne 0 ]; do payload="$payload="; done
dec=$(printf '%s' "$payload" | openssl base64 -d -A 2> /dev/null)
like "$dec" "|$number|reissue|$today" "the record holds number, kind and date"
unlike "$dec" "$h1" "no holder id in the record"
unlike "$dec" "$family" "no name in the record"

# Tampered: one byte of the PDF, one character of the record.
cp "$pdf" "$WORK/tampered.pdf"
printf 'X' | dd of="$WORK/tampered.pdf" bs=1 seek=300 conv=notrunc 2> /dev/null
err=$(madoguchi-verify "$WORK/tampered.pdf" --cert "$WORK/office.pem" 2>&1); rc=$?
is "$rc" 1 "a changed slip PDF is refused"
like "$err" "NOT VERIFIED" "and says so"
bad=$(printf '%s' "$qr" | sed 's/^MDS1\.\(.\)/MDS1.X/')
[ "$bad" != "$qr" ] || bad=$(printf '%s' "$qr" | sed 's/^MDS1\.\(.\)/MDS1.Y/')
err=$(madoguchi-verify "$bad" --cert "$WORK/office.pem" 2>&1); rc=$?
is "$rc" 1 "a changed record is refused"
like "$err" "NOT VERIFIED" "and says so"

n=$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'reception.slip' AND
	user = 'tanaka' AND target LIKE '%reception:$number%' AND result = 'ok';")
is "$n" 1 "the print is in the audit log (reception.slip)"

# A second open reception: s asks which, empty takes the newest.
tmux_type t1 "u"
tmux_wait t1 "What is applied for" || bail "no second reception"
answer t1 2
tmux_wait t1 "Received through" || bail "no channel question"
answer t1 2
tmux_wait t1 "Identity documents seen" || bail "no identity question"
tmux_keys t1 Enter
tmux_wait t1 "Received under R" || bail "no second reception"
second=$(sql_with_key "SELECT number FROM receptions WHERE holder_id = '$h1' AND
	number <> '$number';")
tmux_type t1 "s"
tmux_wait t1 "Which reception"; ok $? "with two open receptions s asks which"
answer t1 "$number"
tmux_wait t1 "Receipt slip of $number printed"; ok $? "the one asked for is printed"
tmux_type t1 "s"
tmux_wait t1 "Which reception" || bail "no question"
tmux_keys t1 Enter
tmux_wait t1 "Receipt slip of $second printed"; ok $? "empty: the newest"
pdf2=$(ls "$WORK"/certs/slip-"$second"-*.pdf 2> /dev/null | head -n 1)
like "$(pdftotext "$pdf2" - 2> /dev/null)" "郵送" "its channel (郵送)"
like "$(pdftotext "$pdf2" - 2> /dev/null)" "訂正" "its kind (訂正)"

logout t1
done_testing
