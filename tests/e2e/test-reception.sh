#!/bin/sh
# Issue 24 at the counter, against the running madoguchi-juki-sim: a clerk receives a
# reissue on the holder's screen (u) with the documents seen; the Juki-net lookup (j) is
# bound to that reception, and the same number typed for another holder is refused; the
# reissue form (r) takes the lookup's answer id; a supervisor sees the reception number
# and the identity check in the approval queue and approves; the reception register
# (受付簿) shows the reception decided. A second reception is received, checked and
# withdrawn from the register; a number typed with full-width digits goes to it; an
# auditor reads the register and may not withdraw. The register at 80×24 in English and
# Japanese is in the log.
. "$top_srcdir/tests/e2e/login-lib.sh"
command -v openssl > /dev/null || skip_all "openssl is not installed"

pam_users suzuki:pw-suzuki tanaka:pw-tanaka kato:pw-kato
echo "date_style = western" >> "$WORK/madoguchi.conf"
madoguchi-admin demo-data --holders 40 --seed 7 --config "$WORK/madoguchi.conf" \
	> /dev/null || bail "demo holders failed"

# The office's key and the spool the approved reissue's PDF goes to (as test-reissue.sh).
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
if [ "$(id -u)" -eq 0 ]; then
	chown madoguchi:madoguchi "$WORK/certs"
	chown -R madoguchi:madoguchi "$WORK/juki"
	chmod 2770 "$WORK/juki/out" "$WORK/juki/in" "$WORK/juki/quarantine"
fi
app_owns_db

# The simulator as in test-juki.sh: $! is the simulator itself, which the trap stops.
(exec_as_app() { if [ "$(id -u)" -eq 0 ]; then
	exec setpriv --reuid=madoguchi --regid=madoguchi --clear-groups -- "$@"; fi; exec "$@"; }
 exec_as_app madoguchi-juki-sim --outbound "$WORK/juki/out" --inbound "$WORK/juki/in" \
	--seed 7 --residents 40 --latency-ms 300) > "$WORK/sim.log" 2>&1 &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null; tmux_stop_all; cleanup_fixture' EXIT

# Two holders without 外字: h1 loses the certificate; h2 is the other holder.
h1=$(sql_with_key "SELECT id FROM holders WHERE has_gaiji = 0 ORDER BY rowid LIMIT 1;")
h2=$(sql_with_key "SELECT id FROM holders WHERE has_gaiji = 0 ORDER BY rowid LIMIT 1 OFFSET 1;")
name1=$(sql_with_key "SELECT family_name || ' ' || given_name FROM holders WHERE id = '$h1';")
mynumber1=$(sql_with_key "SELECT mynumber FROM mynumbers WHERE holder_id = '$h1';")
today=$(date +%Y-%m-%d)

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

# to_menu SESSION ROLE: Esc until the menu is there.
to_menu() {
	_i=0
	while ! tmux_screen "$1" | grep -qF "[$2]" && [ "$_i" -lt 6 ]; do
		tmux_keys "$1" Escape
		sleep 0.3
		if tmux_screen "$1" | grep -q "lose what was typed\|Unsaved changes"; then
			tmux_type "$1" y
			sleep 0.2
		fi
		_i=$((_i + 1))
	done
	tmux_wait "$1" "[$2]"
}

# shown NAME: the screen into the log.
shown() {
	tmux_screen "$1" | sed 's/^/# | /'
}

# --- tanaka receives h1's reissue with the documents seen (u).
app t1
login t1 tanaka pw-tanaka
tmux_wait t1 "[clerk]" || bail "tanaka cannot log in"
like "$(tmux_screen t1)" "Reception register" "the clerk's menu has the reception register"
open_holder t1 "$h1" || bail "the holder does not open"
tmux_type t1 "u"
tmux_wait t1 "What is applied for"; ok $? "u asks what is applied for"
answer t1 "4"
tmux_wait t1 "Received through"
answer t1 ""
tmux_wait t1 "Identity documents seen"; ok $? "... and the documents seen"
answer t1 "2"
tmux_wait t1 "Received under R"; ok $? "the reception's number is said"
rec1=$(sql_with_key "SELECT number FROM receptions WHERE holder_id = '$h1';")
is "$(sql_with_key "SELECT kind || ' ' || channel || ' ' || status || ' ' || identity || ' '
	|| identity_by FROM receptions WHERE number = '$rec1';")" \
	"reissue counter open driver-license tanaka" "a reissue reception with its identity check"

# --- j: the lookup is bound to the reception, filled in.
tmux_type t1 "j"
tmux_wait t1 "Juki-net lookup:"; ok $? "j opens the lookup for the holder"
like "$(tmux_screen t1)" "$rec1" "the form takes the holder's open reception"
tmux_keys t1 C-u
tmux_type t1 "1"
tmux_keys t1 Tab
tmux_type t1 "$mynumber1"
tmux_keys t1 F2
tmux_wait t1 "Juki-net answer beside the register" 20; ok $? "the simulator answers"
is "$(sql_with_key "SELECT status || ' ' || purpose_ref || ' ' || holder_id FROM juki_queries;")" \
	"answered $rec1 $h1" "the query is recorded with the reception and the holder"
answer_id=$(sql_with_key "SELECT file_id FROM juki_queries WHERE purpose_ref = '$rec1';")
to_menu t1 clerk || bail "back at the menu"

# --- The same number typed for another holder is refused.
open_holder t1 "$h2" || bail "the other holder does not open"
tmux_type t1 "j"
tmux_wait t1 "Juki-net lookup:"
tmux_keys t1 F2
tmux_wait t1 "needs the reception"; ok $? "the other holder has no reception of their own"
tmux_type t1 "$rec1"
tmux_keys t1 F2
tmux_wait t1 "for another holder"; ok $? "a lookup under h1's reception for h2 is refused"
is "$(sql_with_key "SELECT count(*) FROM juki_queries;")" "1" "... and nothing is sent"
to_menu t1 clerk

# --- r: the reissue form has the answer id of the lookup.
open_holder t1 "$h1"
tmux_type t1 "r"
tmux_wait t1 "Reissue (再交付) application"; ok $? "the reissue form opens"
like "$(tmux_screen t1)" "$answer_id" "the Juki answer id is filled in from the lookup"
shown t1
# Cleared, it is chosen again from the holder's answered lookups (F4), not typed.
tmux_keys t1 Tab Tab C-u
unlike "$(tmux_screen t1)" "$answer_id" "... a clerk may clear it"
tmux_keys t1 F4
tmux_wait t1 "Answered Juki-net lookups of this holder"; ok $? "F4 lists the holder's answered lookups"
like "$(tmux_screen t1)" "1  $answer_id" "... numbered, with the one made for the reception"
answer t1 "1"
tmux_wait t1 "$answer_id"; ok $? "... and the one chosen goes into the field"
tmux_keys t1 BTab BTab
# Reason, details, the answer id (kept), the documents (the reception has them), fee, amount.
tmux_type t1 "1"; tmux_keys t1 Tab
tmux_type t1 "電車内で紛失"; tmux_keys t1 Tab Tab Tab
tmux_type t1 "1"; tmux_keys t1 Tab
tmux_type t1 "2,000円"; tmux_keys t1 F2
tmux_wait t1 "awaits a supervisor"; ok $? "the reissue is filed"
like "$(tmux_screen t1)" "$rec1" "... named by its reception number"
is "$(sql_with_key "SELECT reception_number || ' ' || json_extract(payload, '\$.juki_result_id')
	FROM applications WHERE kind = 'reissue';")" "$rec1 $answer_id" \
	"filed under the reception with the answer id"
logout t1

# --- suzuki approves: the queue shows the reception and the identity check.
app s1
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki cannot log in"
menu_pick s1 "Approve applications"
tmux_wait s1 "$rec1"; ok $? "the queue shows the reception number"
tmux_keys s1 Enter
tmux_wait s1 "reissue application by tanaka"; ok $? "the supervisor opens the reissue"
# How the identity was confirmed: on the reception's line (cut at the screen's edge here),
# or on a line of its own (main since 8645a48).
case $(tmux_screen s1) in
*"Identity (本人確認): driving licence, checked by tanaka"*|*"; identity confirmed with "*)
	ok 0 "... with how the identity was confirmed" ;;
*)	ok 1 "... with how the identity was confirmed"; tmux_screen s1 | sed 's/^/# | /' ;;
esac
like "$(tmux_screen s1)" "Reception (受付): $rec1" "... and its reception"
tmux_type s1 "a"
tmux_wait s1 "Comment"
answer s1 ""
tmux_wait s1 "Certificate preview"; ok $? "approved: the certificate is shown"
tmux_type s1 "y"
tmux_wait s1 "certificate printed"; ok $? "... and printed"
is "$(sql_with_key "SELECT status FROM receptions WHERE number = '$rec1';")" "decided" \
	"the reception is decided with its application"
to_menu s1 supervisor

# --- The register: the reception decided, whole on Enter.
menu_pick s1 "Reception register"
tmux_wait s1 "Reception register (受付簿)"; ok $? "the supervisor opens the register"
tmux_wait s1 "$rec1 $today reissue"; ok $? "the reception is listed with its date and kind"
line=$(tmux_screen s1 | grep -F "$rec1")
like "$line" "counter" "... its channel"
like "$line" "decided" "... its status"
like "$line" "$name1" "... the holder's name"
like "$line" "tanaka" "... and the clerk"
shown s1
tmux_keys s1 Enter
tmux_wait s1 "Identity:     confirmed with driving licence"; ok $? \
	"Enter shows the identity documents"
tmux_screen s1 | grep -q "Checked:      $today [0-9][0-9]:[0-9][0-9] by tanaka"
ok $? "... who checked them and when"
like "$(tmux_screen s1)" "(approved)" "... and the application approved"
shown s1
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'reception.register.view'
	AND user = 'suzuki' AND target = 'holder:$h1 reception:$rec1';")" "1" \
	"the view of the reception is audited with its holder"
tmux_keys s1 Enter
logout s1

# --- tanaka receives a new person's application in the register, checks, withdraws.
app t2
login t2 tanaka pw-tanaka
tmux_wait t2 "[clerk]" || bail "tanaka cannot log in again"
menu_pick t2 "Reception register"
tmux_wait t2 "Reception register (受付簿)" || bail "the register does not open"
tmux_type t2 "n"
tmux_wait t2 "Received through"; ok $? "n receives a new person's application"
answer t2 "2"
# A registration's fee (交付) is asked when it is received: by mail, paid later.
tmux_wait t2 "Fee for issue"
answer t2 ""
tmux_wait t2 "Identity documents seen"
answer t2 ""
tmux_wait t2 "Received under R"; ok $? "... under a number"
rec2=$(sql_with_key "SELECT number FROM receptions WHERE holder_id IS NULL;")
tmux_wait t2 "$rec2 $today registration"; ok $? "the new reception heads the list"
like "$(tmux_screen t2 | grep -F "$rec2")" "(new person)" "... for a person not in the register"
tmux_type t2 "i"
tmux_wait t2 "Identity documents seen"
answer t2 "1"
tmux_wait t2 "The identity is confirmed on reception $rec2"; ok $? "i records the identity check"
tmux_type t2 "w"
tmux_wait t2 "Why does the applicant withdraw $rec2"; ok $? "w asks why"
answer t2 "本人の申出により取下げ"
tmux_wait t2 "It cannot be"
tmux_type t2 "y"
tmux_wait t2 "Reception $rec2 is withdrawn"; ok $? "the reception is withdrawn"
like "$(tmux_screen t2 | grep -F "$rec2")" "withdrawn" "... and listed as withdrawn"
is "$(sql_with_key "SELECT status || ' ' || withdrawn_by || ' ' || withdraw_reason FROM receptions
	WHERE number = '$rec2';")" "withdrawn tanaka 本人の申出により取下げ" "... with who and why"
tmux_type t2 "w"
tmux_wait t2 "only an open reception can be withdrawn"; ok $? "a withdrawn one is not withdrawn again"
shown t2
# Typed with full-width digits: the register goes to the decided one and shows it.
fw=$(printf '%s' "$rec1" | sed 's/R/Ｒ/; s/-/－/; s/0/０/g; s/1/１/g; s/2/２/g; s/3/３/g;
	s/4/４/g; s/5/５/g; s/6/６/g; s/7/７/g; s/8/８/g; s/9/９/g')
tmux_type t2 "$fw"
tmux_wait t2 "Which reception"; ok $? "typing a number asks for it"
tmux_wait t2 "$fw"; ok $? "... with what was typed"
tmux_keys t2 Enter
tmux_wait t2 "Reception:    $rec1"; ok $? "a number with full-width digits goes to its reception"
tmux_keys t2 Enter
tmux_type t2 "R2026-9999999"
tmux_keys t2 Enter
tmux_wait t2 "There is no reception R2026-9999999"; ok $? "a number of no reception says so"
tmux_type t2 "/"
tmux_wait t2 "Which reception"
answer t2 "ABC"
tmux_wait t2 "is not a reception number"; ok $? "a text that is no number says so"
# The withdrawn one shows its reason.
tmux_type t2 "$rec2"
tmux_keys t2 Enter
tmux_wait t2 "Withdrawn:    $today"; ok $? "Enter shows the withdrawal"
like "$(tmux_screen t2)" "Why:          本人の申出により取下げ" "... with its reason"
like "$(tmux_screen t2)" "a person not in the register yet" "... for a new person"
shown t2
tmux_keys t2 Enter
logout t2

# --- kato (auditor) reads the register and may not withdraw.
app k1
login k1 kato pw-kato
tmux_wait k1 "[auditor]" || bail "kato cannot log in"
menu_pick k1 "Reception register"
tmux_wait k1 "Reception register (受付簿)"; ok $? "the auditor opens the register"
like "$(tmux_screen k1)" "$rec1" "... and sees the receptions"
unlike "$(tmux_screen k1)" "w Withdraw" "... without the keys that change them"
tmux_type k1 "R2026"
tmux_keys k1 C-u
tmux_type k1 "$rec1"
tmux_keys k1 Enter
tmux_wait k1 "Reception:    $rec1"; ok $? "the auditor goes to a reception by its number"
tmux_keys k1 Enter
# The reissue's reception is selected: withdrawing it is for whom may file reissues.
tmux_type k1 "w"
tmux_wait k1 "not allowed to do this (reissue.apply)"; ok $? "the auditor may not withdraw"
tmux_type k1 "n"
tmux_wait k1 "not allowed to do this (register.apply)"; ok $? "... nor receive"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE user = 'kato' AND result = 'denied'
	AND action IN ('register.apply', 'reissue.apply');")" "2" "the refusals are audited"
is "$(sql_with_key "SELECT count(*) FROM receptions WHERE status = 'open';")" "0" \
	"nothing was changed"
shown k1
logout k1

# --- The register in Japanese at 80×24 (the catalogue's words where it has them).
tmux_start j1 env $(pam_env_args) LANGUAGE=ja madoguchi --config "$WORK/madoguchi.conf"
tmux_wait j1 "ユーザー名" || bail "no Japanese login screen"
login j1 suzuki pw-suzuki
tmux_wait j1 "メニュー" || bail "suzuki cannot log in in Japanese"
menu_pick j1 "受付簿"
tmux_wait j1 "$rec1"; ok $? "the register opens in Japanese"
screen=$(tmux_screen j1)
is "$(printf '%s\n' "$screen" | wc -l)" "24" "24 rows"
like "$(printf '%s\n' "$screen" | grep -F "$rec1")" "$name1" "... the holder's name on the row"
like "$screen" "F1" "the hint bar keeps F1"
like "$screen" "F10" "... and F10"
shown j1
tmux_keys j1 Enter
sleep 0.5
shown j1
tmux_keys j1 Enter
logout j1
done_testing
