#!/bin/sh
# Notifications (届出, issue 25) at the terminal. A death that the periodic check finds
# proposes the 消除 of the holder's registrations: the reviewer files it from the review
# queue (it used to say there was nothing to take over), another supervisor approves, the
# holder is erased and the return (返還) of the certificate is expected on the holder's
# screen. A clerk records a notification of marriage (結婚) from the holder's screen (n):
# the correction form opens with the date and the reason, the new name is typed, and once
# approved it is a 書換え; a lost certificate opens the reissue form.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users sato:pw-sato suzuki:pw-suzuki tanaka:pw-tanaka
echo "date_style = western" >> "$WORK/madoguchi.conf"
# Seed 43: of the first eight residents the simulator knows, the second has a new family
# name and the third has died (both since 2019).
madoguchi-admin demo-data --holders 8 --seed 43 --config "$WORK/madoguchi.conf" \
	> /dev/null || bail "demo holders failed"
app_owns_db

# As test-juki.sh: the simulator shares the spool with the screen process's user.
if [ "$(id -u)" -eq 0 ]; then
	chown -R madoguchi:madoguchi "$WORK/juki"
	chmod 2770 "$WORK/juki/out" "$WORK/juki/in" "$WORK/juki/quarantine"
fi
(exec_as_app() { if [ "$(id -u)" -eq 0 ]; then
	exec setpriv --reuid=madoguchi --regid=madoguchi --clear-groups -- "$@"; fi; exec "$@"; }
 exec_as_app madoguchi-juki-sim --outbound "$WORK/juki/out" --inbound "$WORK/juki/in" \
	--seed 43 --residents 8 --latency-ms 100) > "$WORK/sim.log" 2>&1 &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null; tmux_stop_all; cleanup_fixture' EXIT

# --- suzuki runs the periodic check; the death is in the review queue.
app s1
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki cannot log in"
menu_pick s1 "Periodic check"
tmux_wait s1 "No periodic check is running" || bail "no periodic check screen"
tmux_type s1 "s"
tmux_wait s1 "Changes since"
answer s1 "2019-01-01"
tmux_wait s1 "Periodic check done" 60; ok $? "the periodic check ran over every holder"
dead=$(sql_with_key "SELECT holder_id FROM juki_review WHERE kind = 'deceased';")
[ -n "$dead" ]; ok $? "the death is found"
dname=$(sql_with_key "SELECT family_name || ' ' || given_name FROM holders WHERE id = '$dead';")
dcert=$(sql_with_key "SELECT certificate_number FROM registrations WHERE holder_id = '$dead';")
is "$(sql_with_key "SELECT count(*) FROM registrations WHERE holder_id = '$dead' AND
	status = 'valid';")" "1" "the dead holder has a valid registration"
tmux_type s1 "v"
tmux_wait s1 "Juki-net changes to review"; ok $? "the review queue opens"
list_select s1 "deceased"
tmux_keys s1 Enter
tmux_wait s1 "deceased: "; ok $? "the death opens beside the record"
like "$(tmux_screen s1)" "a Apply erasure (消除)" "... proposing the erasure, not a correction"
unlike "$(tmux_screen s1)" "Nothing to take over" "... and not 'nothing to apply'"
tmux_type s1 "a"
tmux_wait s1 "Juki-net reports a death"; ok $? "the reviewer is asked to confirm"
tmux_type s1 "y"
tmux_wait s1 "erasure R"; ok $? "the erasure is filed"
like "$(tmux_screen s1)" "awaits a supervisor; return (返還) expected" \
	"... and the return expected"
is "$(sql_with_key "SELECT kind || ' ' || requested_by || ' ' ||
	json_extract(payload, '\$.reason_code') FROM applications WHERE holder_id = '$dead'
	AND status = 'pending';")" "deletion suzuki death" \
	"a 消除 application with the reason death waits for a supervisor"
is "$(sql_with_key "SELECT count(*) FROM events WHERE holder_id = '$dead' AND
	kind = 'notify' AND reason_code = 'death';")" "1" "the notification is in the history"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'register.notify' AND
	user = 'suzuki' AND detail LIKE 'death juki erase%';")" "1" "... and in the audit log"
# Filed once: a second a is refused, nothing more is filed.
tmux_type s1 "a"
tmux_wait s1 "Juki-net reports a death"
tmux_type s1 "y"
tmux_wait s1 "$dcert already has an erasure awaiting a supervisor"; ok $? \
	"a second filing of the same death is refused"
is "$(sql_with_key "SELECT count(*) FROM applications WHERE holder_id = '$dead' AND
	status = 'pending';")" "1" "... one application waits"
# A name change proposes a 書換え with the name Juki-net gives.
renamed=$(sql_with_key "SELECT holder_id FROM juki_review WHERE kind = 'renamed';")
newname=$(sql_with_key "SELECT r.name FROM juki_review v JOIN juki_results r ON r.id =
	v.result_id WHERE v.kind = 'renamed';")
[ -n "$renamed" ]; ok $? "the name change is found"
tmux_keys s1 Escape
tmux_wait s1 "Juki-net changes to review"; ok $? "Esc goes back to the list"
tmux_keys s1 Up Up Up Up Up	# list_select counts from the first row
list_select s1 "name changed"
tmux_keys s1 Enter
tmux_wait s1 "name changed: "; ok $? "the name change opens beside the record"
like "$(tmux_screen s1)" "a Apply as rewrite (書換え)" "... proposing a 書換え"
tmux_type s1 "a"
tmux_wait s1 "Correction application"
tmux_type s1 "y"
tmux_wait s1 "a supervisor approves"; ok $? "the 書換え is filed"
is "$(sql_with_key "SELECT kind || ' ' || json_extract(payload, '\$.family_name') FROM
	applications WHERE holder_id = '$renamed' AND status = 'pending';")" \
	"correction ${newname%%　*}" "... with the family name from the answer"
logout s1

# --- sato approves: the holder is erased, the certificate is to come back.
app p1
login p1 sato pw-sato
tmux_wait p1 "[supervisor]" || bail "sato cannot log in"
menu_pick p1 "Approve applications"
tmux_wait p1 "Applications awaiting a decision"
list_select p1 "$dname"
tmux_keys p1 Enter
tmux_wait p1 "erasure application by suzuki"; ok $? "the erasure is in the queue"
tmux_type p1 "a"
tmux_wait p1 "Comment"
answer p1 "住基ネットで死亡を確認"
tmux_wait p1 "Approved the application"; ok $? "approved by another supervisor"
is "$(sql_with_key "SELECT erased FROM holders WHERE id = '$dead';")" "1" "the holder is erased"
is "$(sql_with_key "SELECT status FROM registrations WHERE holder_id = '$dead';")" "erased" \
	"... with the registration"
is "$(sql_with_key "SELECT approved_by || ' ' || reason_code FROM events WHERE holder_id =
	'$dead' AND kind = 'erase';")" "sato death" "the 消除 event says why and who approved"
tmux_keys p1 Escape
tmux_wait p1 "Search the register"
menu_pick p1 "Search the register"
tmux_wait p1 "Name (kana or kanji, part)"
tmux_type p1 "$(sql_with_key "SELECT family_kana || given_kana FROM holders WHERE id = '$dead';")"
tmux_keys p1 Enter
tmux_wait p1 "$dname"
tmux_keys p1 Enter
tmux_wait p1 "Holder: $dname"; ok $? "the erased holder's record opens"
like "$(tmux_screen p1)" "Return (返還) expected: $dcert" \
	"the holder's screen says the certificate is to be returned"
logout p1

# --- tanaka records a marriage: the correction form opens as a 書換え.
hid=$(sql_with_key "SELECT id FROM holders WHERE erased = 0 AND has_gaiji = 0 ORDER BY rowid
	LIMIT 1;")
name=$(sql_with_key "SELECT family_name || ' ' || given_name FROM holders WHERE id = '$hid';")
kana=$(sql_with_key "SELECT family_kana || given_kana FROM holders WHERE id = '$hid';")
app t1
login t1 tanaka pw-tanaka
tmux_wait t1 "[clerk]" || bail "tanaka cannot log in"
menu_pick t1 "Search the register"
tmux_wait t1 "Name (kana or kanji, part)"
tmux_type t1 "$kana"
tmux_keys t1 Enter
tmux_wait t1 "$name"
tmux_keys t1 Enter
tmux_wait t1 "Holder: $name" || bail "the holder does not open"
like "$(tmux_screen t1)" "n: record a notification (届出)" "the holder's screen offers n"
tmux_type t1 "n"
tmux_wait t1 "What is notified"; ok $? "n asks what is notified"
answer t1 "1"
tmux_wait t1 "marriage"; ok $? "... then the reasons of a name change, from the table"
answer t1 "9"
tmux_wait t1 "Answer one of the numbers"; ok $? "a reason not in the list is refused"
is "$(sql_with_key "SELECT count(*) FROM events WHERE kind = 'notify' AND holder_id =
	'$hid';")" "0" "... and nothing is recorded"
tmux_type t1 "n"
tmux_wait t1 "What is notified"
answer t1 "1"
tmux_wait t1 "marriage"
answer t1 "1"
tmux_wait t1 "Date of the fact"
answer t1 "R7.4.1"
tmux_wait t1 "Anything to add"
answer t1 "婚姻届受理証明書"
tmux_wait t1 "Correction application: $name"; ok $? "the correction form opens"
like "$(tmux_screen t1)" "type the new items (書換え)" "... saying what to do"
is "$(sql_with_key "SELECT reason_code || ' ' || event_date || ' ' || created_by FROM events
	WHERE kind = 'notify' AND holder_id = '$hid';")" "marriage 2025-04-01 tanaka" \
	"the notification is recorded with its reason and date"
# The family name is the form's first field.
tmux_keys t1 C-u
tmux_type t1 "新姓"
tmux_keys t1 F2
tmux_wait t1 "awaits a supervisor"; ok $? "the 書換え is filed"
is "$(sql_with_key "SELECT json_extract(payload, '\$.family_name') || ' ' ||
	json_extract(payload, '\$.event_date') || ' ' || json_extract(payload,
	'\$.reason_text') FROM applications WHERE holder_id = '$hid' AND status = 'pending';")" \
	"新姓 2025-04-01 Notification (届出) (marriage): 婚姻届受理証明書" \
	"the date and the reason came from the notification"
# A lost certificate: the reissue form opens with its reason.
tmux_wait t1 "Holder: $name"
tmux_type t1 "n"
tmux_wait t1 "What is notified"
answer t1 "4"
tmux_wait t1 "stolen"
answer t1 "1"
tmux_wait t1 "Date of the fact"
answer t1 "2025-11-01"
tmux_wait t1 "Anything to add"
answer t1 ""
tmux_wait t1 "Reissue (再交付) application"; ok $? "a loss opens the reissue form"
like "$(tmux_screen t1)" "(届出) (lost)" "... with the reason's details filled in"
is "$(sql_with_key "SELECT count(*) FROM events e JOIN registrations g ON g.id =
	e.registration_id WHERE e.kind = 'notify' AND e.reason_code = 'lost' AND
	e.holder_id = '$hid';")" "1" "the loss is recorded against the registration"
tmux_keys t1 Escape
tmux_wait t1 "Holder: $name"; ok $? "left without filing: back at the holder"
logout t1

app s2
login s2 suzuki pw-suzuki
tmux_wait s2 "[supervisor]" || bail "suzuki cannot log in"
menu_pick s2 "Approve applications"
tmux_wait s2 "Applications awaiting a decision"
list_select s2 "$name"
tmux_keys s2 Enter
tmux_wait s2 "correction application by tanaka"; ok $? "the correction is in the queue"
tmux_type s2 "a"
tmux_wait s2 "Comment"
answer s2 "戸籍で確認"
tmux_wait s2 "Approved the application"; ok $? "approved"
is "$(sql_with_key "SELECT kind || ' ' || event_date FROM events WHERE holder_id = '$hid'
	AND kind IN ('rewrite', 'correct');")" "rewrite 2025-04-01" "the marriage became a 書換え"
is "$(sql_with_key "SELECT family_name FROM holders WHERE id = '$hid';")" "新姓" \
	"the register has the new name"
logout s2
done_testing
