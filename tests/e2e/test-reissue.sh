#!/bin/sh
# SPEC §6 at the terminal (issue 6): a clerk files a reissue for a lost certificate (亡失);
# a supervisor sees it in the queue with the certificate it replaces and approves it; the
# new certificate comes out as an A4 PDF in the spool; pdftoppm renders page 1 with ink on
# it, its QR code holds the signed record, madoguchi-verify accepts the PDF and rejects a
# copy with one byte changed. A reprint asks first and is audited as one. A reissue is
# refused, with the recorded reason, for a cancelled (取消) registration. A 書換え carries
# the new name, changes the register on approval and prints the rewritten certificate. An
# approval killed half-way (tests/tools/issue-crash) never makes a number serve twice.
. "$top_srcdir/tests/e2e/login-lib.sh"
command -v openssl > /dev/null || skip_all "openssl is not installed"
command -v pdftoppm > /dev/null || skip_all "pdftoppm (poppler-utils) is not installed"

pam_users sato:pw-sato suzuki:pw-suzuki tanaka:pw-tanaka
echo "date_style = western" >> "$WORK/madoguchi.conf"
madoguchi-admin demo-data --holders 3 --seed 11 --config "$WORK/madoguchi.conf" \
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
# The screen process runs as madoguchi when the tests run as root (see fixture.sh). The
# office key stays root's, mode 0600: the monitor signs, the screen process cannot read it.
if [ "$(id -u)" -eq 0 ]; then
	chown madoguchi:madoguchi "$WORK/certs"
fi
app_owns_db

# Holder 1 loses the certificate; holder 2's registration was cancelled (取消).
h1=$(sql_with_key "SELECT id FROM holders ORDER BY rowid LIMIT 1;")
h2=$(sql_with_key "SELECT id FROM holders ORDER BY rowid LIMIT 1 OFFSET 1;")
r1=$(sql_with_key "SELECT id FROM registrations WHERE holder_id = '$h1';")
r2=$(sql_with_key "SELECT id FROM registrations WHERE holder_id = '$h2';")
cert1=$(sql_with_key "SELECT certificate_number FROM registrations WHERE id = '$r1';")
cert2=$(sql_with_key "SELECT certificate_number FROM registrations WHERE id = '$r2';")
sql_with_key "UPDATE registrations SET status = 'cancelled' WHERE id = '$r2';
	INSERT INTO events (id, registration_id, holder_id, kind, event_date, reason_text,
	created_by, created_at) VALUES ('00000000-0000-4000-8000-00000000e001', '$r2', '$h2',
	'cancel', '2024-03-01', '不正受験が判明', 'sato', '2024-03-01 10:00:00');" > /dev/null

# open_holder SESSION HOLDER_ID: search by the holder's kana and open the record.
open_holder() {
	_oh_kana=$(sql_with_key "SELECT family_kana || given_kana FROM holders WHERE id = '$2';")
	_oh_name=$(sql_with_key "SELECT family_name || ' ' || given_name FROM holders WHERE id = '$2';")
	menu_pick "$1" "Search the register"
	tmux_wait "$1" "Name (kana or kanji, part)" || return 1
	tmux_type "$1" "$_oh_kana"
	tmux_keys "$1" Enter
	tmux_wait "$1" "$_oh_name" || return 1
	tmux_keys "$1" Enter
	tmux_wait "$1" "Holder: $_oh_name"
}

# --- tanaka (clerk) files the reissue for 亡失.
app t1
login t1 tanaka pw-tanaka
tmux_wait t1 "[clerk]" || bail "tanaka cannot log in"
open_holder t1 "$h1"; ok $? "the clerk opens the holder"
like "$(tmux_screen t1)" "r: apply for a reissue" "the holder screen offers the reissue"
tmux_type t1 "r"
tmux_wait t1 "Reissue (再交付) application"; ok $? "the reissue form opens"
like "$(tmux_screen t1)" "$cert1" "for the holder's certificate"
# Reason, details, Juki result id (none), documents seen, fee kind, amount; the date
# received is today already.
tmux_type t1 "1"; tmux_keys t1 Tab
tmux_type t1 "電車内で紛失"; tmux_keys t1 Tab
tmux_keys t1 Tab
tmux_keys t1 Tab
tmux_type t1 "1"; tmux_keys t1 Tab
tmux_type t1 "2,000円"; tmux_keys t1 F2
tmux_wait t1 "identity check"; ok $? "without an identity check it is refused"
is "$(sql_with_key "SELECT count(*) FROM applications WHERE kind = 'reissue';")" "0" \
	"and nothing is stored"
tmux_keys t1 BTab BTab
tmux_type t1 "運転免許証"
tmux_keys t1 F2
tmux_wait t1 "awaits a supervisor"; ok $? "the reissue is saved"
row=$(sql_with_key "SELECT requested_by || ' ' || registration_id || ' ' ||
	json_extract(payload, '\$.reason') || ' ' || json_extract(payload, '\$.fee_kind') || ' ' ||
	json_extract(payload, '\$.fee_amount') || ' ' ||
	json_extract(payload, '\$.identity_documents') FROM applications
	WHERE kind = 'reissue' AND status = 'pending';")
is "$row" "tanaka $r1 lost stamp 2000 運転免許証" "stored: reason, fee, identity check"
is "$(sql_with_key "SELECT json_extract(payload, '\$.family_name') IS NULL FROM applications
	WHERE kind = 'reissue';")" "1" "an unchanged name does not go with a 亡失"
is "$(sql_with_key "SELECT count(*) FROM certificates;")" "0" \
	"nothing is issued before the approval"

# A second reissue of the same certificate while one is pending is refused.
tmux_wait t1 "Holder:" || true
tmux_type t1 "r"
tmux_wait t1 "Reissue (再交付) application"
tmux_type t1 "2"; tmux_keys t1 Tab Tab Tab
tmux_type t1 "保険証"; tmux_keys t1 Tab
tmux_type t1 "3"; tmux_keys t1 F2
tmux_wait t1 "already awaits a supervisor"; ok $? "a second pending reissue is refused"
tmux_keys t1 Escape
tmux_wait t1 "Unsaved changes" && tmux_type t1 "y"
tmux_wait t1 "Holder:"
tmux_keys t1 Escape
tmux_wait t1 "Tab Criteria"
tmux_keys t1 Escape
tmux_wait t1 "Esc Back"
tmux_keys t1 Escape
tmux_wait t1 "[clerk]"

# The cancelled registration: refused on opening, with the status and the reason.
open_holder t1 "$h2"; ok $? "the clerk opens the holder whose registration is cancelled"
tmux_type t1 "r"
tmux_wait t1 "no reissue: certificate $cert2"; ok $? "a reissue for a cancelled registration is refused"
like "$(tmux_screen t1)" "不正受験が判明" "with the reason recorded for the cancellation"
tmux_type t1 "1"; tmux_keys t1 Tab Tab Tab
tmux_type t1 "運転免許証"; tmux_keys t1 Tab
tmux_type t1 "3"; tmux_keys t1 F2
tmux_wait t1 "no reissue: certificate $cert2"; ok $? "submitting anyway is refused too"
is "$(sql_with_key "SELECT count(*) FROM applications WHERE registration_id = '$r2';")" "0" \
	"nothing is stored for the cancelled registration"
tmux_keys t1 Escape
tmux_wait t1 "Holder:"
logout t1

# --- suzuki (supervisor) approves; the certificate is printed to the spool at once.
app s1
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki cannot log in"
menu_pick s1 "Approve applications"
tmux_wait s1 "reissue"; ok $? "the reissue is in the supervisor's queue"
tmux_keys s1 Enter
tmux_wait s1 "reissue application by tanaka"; ok $? "the supervisor opens it"
like "$(tmux_screen s1)" "Certificate now held: $cert1, reissued 0 time(s)" \
	"with the certificate it replaces"
like "$(tmux_screen s1)" "lost (亡失)" "and the reason"
tmux_type s1 "a"
tmux_wait s1 "Comment"
answer s1 "本人確認済み"
# Issue 32: the certificate is shown before it goes to paper.
tmux_wait s1 "Certificate preview"; ok $? "approved, the new certificate is shown first"
preview=$(tmux_screen s1)
like "$preview" "建築物環境衛生管理技術者免状" "the preview has the certificate's title"
like "$preview" "免状番号" "... its items in the PDF's order"
like "$preview" "QR code (signature checked): " "... and what its QR code holds, checked"
like "$preview" "reissued 1 time(s)" "... with the reissue the QR code records"
unlike "$preview" "QR code: cannot be read back" "... which reads back"
is "$(ls "$WORK"/certs/*.pdf 2> /dev/null | wc -l)" 1 "the PDF shown is already rendered"
rendered=$(checksum "$(ls "$WORK"/certs/*.pdf)")
tmux_type s1 "y"
tmux_wait s1 "certificate printed"; ok $? "confirmed, the new certificate is printed"
tmux_keys s1 Escape
logout s1

is "$(sql_with_key "SELECT status FROM applications WHERE kind = 'reissue';")" "approved" \
	"the application is approved"
is "$(sql_with_key "SELECT group_concat(kind || ':' || status || ':' || reissue_count, ' ')
	FROM (SELECT * FROM certificates WHERE registration_id = '$r1' ORDER BY created_at,
	rowid);")" "issue:void:0 reissue:valid:1" "the old certificate is void, the new one counts 1"
is "$(sql_with_key "SELECT reissue_count FROM registrations WHERE id = '$r1';")" "1" \
	"the registration's reissue count"
is "$(sql_with_key "SELECT reissue_date = date('now', 'localtime') FROM certificates
	WHERE registration_id = '$r1' AND status = 'valid';")" "1" "the reissue date is today"
is "$(sql_with_key "SELECT kind || ' ' || reason_code || ' ' || approved_by FROM events
	WHERE registration_id = '$r1' AND kind = 'reissue';")" "reissue lost suzuki" \
	"the 再交付 event is in the history"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'cert.print' AND
	user = 'suzuki' AND result = 'ok';")" "1" "the print is audited"
if [ "$(id -u)" -eq 0 ]; then
	is "$(stat -c '%U %a' "$WORK/office.key")" "root 600" \
	    "signed with a key only root reads: by the monitor, not the screen process"
fi

# --- The PDF: one file in the spool, A4, with ink on page 1.
pdf=$(ls "$WORK"/certs/*.pdf 2> /dev/null)
is "$(printf '%s\n' "$pdf" | grep -c .)" "1" "one PDF in the spool"
case "$pdf" in *"/$cert1-1-"*) ok 0 "named after the certificate and its count" ;;
	*) ok 1 "named after the certificate and its count"; diag "$pdf" ;; esac
is "$(sql_with_key "SELECT pdf_sha256 FROM cert_prints;")" "$(checksum "$pdf")" \
	"the print log holds the PDF's SHA-256"
is "$rendered" "$(checksum "$pdf")" "the bytes printed are the bytes previewed"
pdftoppm -r 40 -gray -f 1 -l 1 "$pdf" "$WORK/page" 2> "$WORK/pdftoppm.err"
ok $? "pdftoppm renders page 1"
page=$(ls "$WORK"/page*.pgm 2> /dev/null | head -n 1)
# A4 at 40 dpi is 331 x 468 pixels (give or take poppler's rounding).
set -- $(head -c 20 "$page" | sed -n 2p)
[ "${1:-0}" -ge 330 ] && [ "$1" -le 332 ] && [ "${2:-0}" -ge 467 ] && [ "$2" -le 469 ]
ok $? "the page is A4 ($1 x $2)"
# Ink inside the printed frame (which starts 15 mm from the edge): the text and the QR code.
pdftoppm -r 40 -gray -f 1 -l 1 -x 30 -y 30 -W 270 -H 400 "$pdf" "$WORK/inner"
inner=$(ls "$WORK"/inner*.pgm 2> /dev/null | head -n 1)
dark=$(tail -c $((270 * 400)) "$inner" | od -An -v -tu1 | tr -s ' ' '\n' |
	awk '$1 != "" && $1 < 128 { n++ } END { print n + 0 }')
[ "$dark" -gt 1000 ]; ok $? "page 1 is not blank ($dark dark pixels inside the frame)"

# --- madoguchi-verify: the PDF as printed, then with one byte changed.
out=$(madoguchi-verify "$pdf" --cert "$WORK/office.pem" 2>&1); rc=$?
is "$rc" 0 "madoguchi-verify accepts the certificate PDF"
like "$out" "VERIFIED" "and says so"
like "$out" "$cert1" "with the certificate number"
name1=$(sql_with_key "SELECT family_name || ' ' || given_name FROM holders WHERE id = '$h1';")
like "$out" "$name1" "and the holder's name"
like "$out" "$(date +%Y-%m-%d) (1)" "and today's reissue, the first" || diag "$out"
if command -v zbarimg > /dev/null; then
	pdftoppm -r 150 -gray -f 1 -l 1 -png "$pdf" "$WORK/qr"
	qr=$(zbarimg -q --raw "$WORK"/qr*.png 2> /dev/null | head -n 1)
	like "$qr" "MDG1." "the QR code on the page holds the signed record"
	madoguchi-verify "$qr" --cert "$WORK/office.pem" > /dev/null 2>&1
	is "$?" 0 "which madoguchi-verify accepts as read from the paper"
fi
cp "$pdf" "$WORK/tampered.pdf"
size=$(wc -c < "$pdf")
at=$((size / 2))
byte=$(od -An -tu1 -j "$at" -N 1 "$pdf" | tr -d ' ')
printf "$(printf '\\%03o' $(( (byte + 1) % 256 )))" |
	dd of="$WORK/tampered.pdf" bs=1 seek="$at" conv=notrunc 2> /dev/null
cmp -s "$pdf" "$WORK/tampered.pdf"; is "$?" 1 "the copy differs in one byte"
err=$(madoguchi-verify "$WORK/tampered.pdf" --cert "$WORK/office.pem" 2>&1); rc=$?
is "$rc" 1 "madoguchi-verify rejects the tampered copy"
like "$err" "NOT VERIFIED" "with a clear message"
like "$err" "changed after the office sealed it" "that says what happened"

# --- A reprint from the holder's screen asks first and is audited as a reprint.
app t2
login t2 tanaka pw-tanaka
tmux_wait t2 "[clerk]" || bail "tanaka cannot log in again"
open_holder t2 "$h1"
tmux_type t2 "p"
tmux_wait t2 "printed 1 time(s) before"; ok $? "a reprint asks first"
tmux_type t2 "y"
tmux_wait t2 "Certificate preview"; ok $? "the clerk sees the certificate before reprinting"
tmux_keys t2 Escape
tmux_wait t2 "Not printed: the preview was refused."; ok $? "a refused preview prints nothing"
is "$(ls "$WORK"/certs/*.pdf | wc -l)" "1" "... and leaves no file in the spool"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'cert.print.cancel' AND
	user = 'tanaka' AND target = 'holder:$h1';")" "1" "... and is audited"
tmux_type t2 "p"
tmux_wait t2 "printed 1 time(s) before"
tmux_type t2 "y"
tmux_wait t2 "Certificate preview"
tmux_type t2 "y"
tmux_wait t2 "Certificate printed"; ok $? "and prints"
# Issue 24: how the printed certificate left, mailed with its tracking number.
tmux_type t2 "h"
tmux_wait t2 "2 mailed"; ok $? "h asks how the certificate left"
answer t2 "2"
tmux_wait t2 "Posted on"
answer t2 ""
tmux_wait t2 "Tracking number"
answer t2 "ＡＢ１２３４５６７８９ＪＰ"
tmux_wait t2 "Recorded how the certificate left"; ok $? "... and records it"
tmux_keys t2 NPage
tmux_wait t2 "Mailed (郵送) on $(date +%Y-%m-%d), tracking number AB123456789JP (tanaka)"
ok $? "the holder shows it, the tracking number read from full-width"
logout t2
is "$(sql_with_key "SELECT group_concat(reprint || ':' || printed_by, ' ') FROM
	(SELECT * FROM cert_prints ORDER BY id);")" "0:suzuki 1:tanaka" "the print log has the reprint"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'cert.reprint' AND
	user = 'tanaka';")" "1" "audited as cert.reprint"
is "$(ls "$WORK"/certs/*.pdf | wc -l)" "2" "a second PDF in the spool"

# --- 書換え: holder 3 married; the new name goes with the application, the approval
# changes the register (書換え event, old name kept) and prints the rewritten certificate.
h3=$(sql_with_key "SELECT id FROM holders ORDER BY rowid LIMIT 1 OFFSET 2;")
r3=$(sql_with_key "SELECT id FROM registrations WHERE holder_id = '$h3';")
old3=$(sql_with_key "SELECT family_name FROM holders WHERE id = '$h3';")
given3=$(sql_with_key "SELECT given_name FROM holders WHERE id = '$h3';")
app t3
login t3 tanaka pw-tanaka
tmux_wait t3 "[clerk]" || bail "tanaka cannot log in a third time"
open_holder t3 "$h3"
tmux_type t3 "r"
tmux_wait t3 "Reissue (再交付) application"
like "$(tmux_screen t3)" "$old3" "the rewrite fields hold the record's name"
tmux_type t3 "4"; tmux_keys t3 Tab
tmux_type t3 "婚姻による氏の変更"; tmux_keys t3 Tab Tab
tmux_type t3 "戸籍抄本"; tmux_keys t3 Tab
tmux_type t3 "1"; tmux_keys t3 Tab
tmux_type t3 "1800"; tmux_keys t3 Tab Tab	# the fee table's 書換え交付
tmux_keys t3 C-u; tmux_type t3 "新田"; tmux_keys t3 Tab Tab
tmux_keys t3 C-u; tmux_type t3 "ニッタ"; tmux_keys t3 F2
tmux_wait t3 "awaits a supervisor"; ok $? "a rewrite (書換え) with the new name is saved"
is "$(sql_with_key "SELECT json_extract(payload, '\$.reason') || ' ' ||
	json_extract(payload, '\$.family_name') || ' ' ||
	(json_extract(payload, '\$.given_name') IS NULL) FROM applications
	WHERE kind = 'reissue' AND status = 'pending';")" "rewrite 新田 1" \
	"only the changed name goes with it"
logout t3
app s2
login s2 suzuki pw-suzuki
tmux_wait s2 "[supervisor]" || bail "suzuki cannot log in again"
menu_pick s2 "Approve applications"
tmux_wait s2 "reissue"
tmux_keys s2 Enter
tmux_wait s2 "rewrite (書換え)"; ok $? "the supervisor sees the rewrite"
like "$(tmux_screen s2)" "$old3 → 新田" "the new name beside the record's"
tmux_type s2 "a"
tmux_wait s2 "Comment"
answer s2 ""
tmux_wait s2 "Certificate preview"
like "$(tmux_screen s2)" "書換え交付年月日" "the rewrite's preview has its date"
tmux_type s2 "y"
tmux_wait s2 "certificate printed"; ok $? "approved and printed"
tmux_keys s2 Escape
logout s2
is "$(sql_with_key "SELECT family_name || ' ' || family_kana FROM holders WHERE id = '$h3';")" \
	"新田 ニッタ" "the register has the new name"
like "$(sql_with_key "SELECT before_json FROM events WHERE holder_id = '$h3' AND
	kind = 'rewrite';")" "$old3" "the 書換え event keeps the old name"
is "$(sql_with_key "SELECT group_concat(kind || ':' || status || ':' || reissue_count, ' ')
	FROM (SELECT * FROM certificates WHERE registration_id = '$r3' ORDER BY created_at,
	rowid);")" "issue:void:0 rewrite:valid:0" "a rewritten certificate, the count unchanged"
cert3=$(sql_with_key "SELECT certificate_number FROM registrations WHERE id = '$r3';")
pdf3=$(ls "$WORK"/certs/"$cert3"-0-*.pdf 2> /dev/null | head -n 1)
out=$(madoguchi-verify "$pdf3" --cert "$WORK/office.pem" 2>&1)
is "$?" 0 "the rewritten certificate verifies"
like "$out" "新田 $given3" "with the new name"

# --- Certificate numbers: an approval killed half-way never makes a number serve twice.
crash="$top_builddir/tests/tools/issue-crash"
# The numbers demo-data left for the counter are used up first (blocks only move forward).
sql_with_key "UPDATE cert_number_blocks SET next_number = last_number + 1, exhausted = 1
	WHERE prefix GLOB 'D*';" > /dev/null
madoguchi-admin number-block add --prefix BH- --from 500 --to 502 \
	--config "$WORK/madoguchi.conf" > /dev/null; ok $? "a block of three numbers"
a1=$("$crash" "$DB" "$KEY" submit) && a2=$("$crash" "$DB" "$KEY" submit) &&
	a3=$("$crash" "$DB" "$KEY" submit) && a4=$("$crash" "$DB" "$KEY" submit)
ok $? "four registrations applied for without a number"
"$crash" "$DB" "$KEY" approve "$a1" before-commit > /dev/null 2>&1
is "$?" 137 "an approval killed before its commit"
is "$(sql_with_key "SELECT status FROM applications WHERE id = '$a1';")" "pending" \
	"left the application pending"
is "$(sql_with_key "SELECT count(*) FROM cert_numbers_used WHERE used_for <> 'import';")" "0" \
	"and no number used (beyond the demo holders' imported ones)"
"$crash" "$DB" "$KEY" approve "$a1" after-commit > /dev/null 2>&1
is "$?" 137 "an approval killed right after its commit"
is "$(sql_with_key "SELECT r.certificate_number FROM applications a JOIN registrations r
	ON r.id = a.registration_id WHERE a.id = '$a1';")" "BH-000500" "kept its number"
n2=$("$crash" "$DB" "$KEY" approve "$a2")
is "$n2" "BH-000501" "the next approval takes the next number"
"$crash" "$DB" "$KEY" approve "$a3" before-commit > /dev/null 2>&1
n3=$("$crash" "$DB" "$KEY" approve "$a3")
is "$n3" "BH-000502" "after another crash, the number that was never committed"
err=$("$crash" "$DB" "$KEY" approve "$a4" 2>&1); rc=$?
is "$rc" 1 "with the block used up the approval is refused"
like "$err" "no certificate number left" "with a clear message"
like "$err" "number-block add" "saying what to do"
is "$(sql_with_key "SELECT status FROM applications WHERE id = '$a4';")" "pending" \
	"and the application waits"
out=$(madoguchi-admin number-block list --config "$WORK/madoguchi.conf" 2>&1)
like "$out" "(used up)" "number-block list shows the block used up"
like "$out" "no number is left" "and says a block is needed"
err=$(madoguchi-admin number-block add --prefix BH- --from 400 --to 500 \
	--config "$WORK/madoguchi.conf" 2>&1); rc=$?
[ "$rc" -ne 0 ]; ok $? "a block overlapping a used one is refused"
like "$err" "overlap" "saying why"
madoguchi-admin number-block add --prefix BH- --from 503 --to 503 \
	--config "$WORK/madoguchi.conf" > /dev/null
is "$("$crash" "$DB" "$KEY" approve "$a4")" "BH-000503" "a new block lets the waiting one through"
is "$(sql_with_key "SELECT count(*) - count(DISTINCT certificate_number) FROM registrations;")" \
	"0" "no certificate number serves two registrations"
is "$(sql_with_key "SELECT group_concat(n || '=' || same, ' ') FROM (SELECT
	u.certificate_number AS n, used_for = r.id AS same FROM cert_numbers_used u JOIN
	registrations r ON r.certificate_number = u.certificate_number WHERE u.used_for <> 'import'
	ORDER BY n);")" "BH-000500=1 BH-000501=1 BH-000502=1 BH-000503=1" \
	"each number used is recorded with its registration"
is "$(sql_with_key "SELECT 'integrity: ' || group_concat(integrity_check) FROM
	pragma_integrity_check;")" "integrity: ok" "the database is intact after the crashes"

done_testing
