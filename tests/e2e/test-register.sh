#!/bin/sh
# SPEC §4 at the terminal: a clerk enters a registration with a bad My Number, sees the
# error under the field, fixes it and submits; a supervisor approves; the clerk finds the
# holder by partial kana, sees the registration and the masked My Number, reveals it with
# a reason; a name correction approved by a supervisor becomes a 書換え event that keeps
# the old name. Hostile input (SQL, control characters, 1,000 characters) on screen.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users sato:pw-sato suzuki:pw-suzuki tanaka:pw-tanaka yamada:pw-yamada
# Western dates on these screens (date_style); test-japanese.sh sees the era default.
echo "date_style = western" >> "$WORK/madoguchi.conf"

# A registration: names, half-width kana, era birth date, address; My Number $2.
registration() {
	fill "$1" "山田" "花子" "ﾔﾏﾀﾞ" "ﾊﾅｺ" "" "" "" "" "" "" "2" "平成2年4月1日" "13" "" \
		"100-8926" "東京都千代田区" "霞が関２丁目１番２号" "" "" "" "" "" "" "" "$2" \
		"1" "BH-900001" "R2.4.1" "2020-04-02" "2020-05-01" "1" "" "" "P-77"
}

app t1
login t1 tanaka pw-tanaka
tmux_wait t1 "[clerk]" || bail "tanaka cannot log in"
like "$(tmux_screen t1)" "Register and correct" "the clerk's menu has the register"
unlike "$(tmux_screen t1)" "Approve applications" "a clerk has no approval queue"
menu_pick t1 "Register and correct"
tmux_wait t1 "New registration application"; ok $? "registration form opens"
registration t1 "1234 5678 9012"
tmux_keys t1 F2
tmux_wait t1 "check digit"; ok $? "a bad My Number is shown under its field"
like "$(tmux_screen t1)" "nothing was saved" "the screen says nothing was saved"
is "$(sql_with_key "SELECT count(*) FROM applications;")" "0" "nothing stored"
# Focus is on the My Number: clear it, type the right one, submit.
tmux_keys t1 C-u
tmux_type t1 "123456789018"
tmux_keys t1 F2
tmux_wait t1 "awaits a supervisor"; ok $? "the application is saved"
row=$(sql_with_key "SELECT requested_by || ' ' || json_extract(payload, '\$.family_kana') ||
	' ' || json_extract(payload, '\$.given_kana') || ' ' ||
	json_extract(payload, '\$.birth_date') FROM applications WHERE status = 'pending';")
is "$row" "tanaka ヤマダ ハナコ 1990-04-01" "stored normalised: full-width kana, ISO date"

# Hostile input: a 1,000-character name is refused whole; SQL is only text.
long=$(printf '長%.0s' $(seq 1 1000))
tmux_type t1 "$long"
tmux_keys t1 F2
tmux_wait t1 "the limit is 50"; ok $? "a 1,000-character name is refused with a message"
is "$(sql_with_key "SELECT count(*) FROM applications;")" "1" "and nothing stored"
tmux_keys t1 C-u
tmux_keys t1 Escape
tmux_wait t1 "Unsaved changes"; ok $? "Esc with typed text asks first"
tmux_type t1 "y"
tmux_wait t1 "Search the register"
menu_pick t1 "Register and correct"
tmux_wait t1 "New registration application"
fill t1 "O'Brien\"; DROP TABLE holders;--" "" "オブライエン" "" "" "" "" "" "" "" "1" \
	"1970-01-01" "" "アイルランド" "" "東京都港区" "" "" "" "" "" "" "" "" "" "1" "BH-900002" \
	"2020-01-01" "2020-01-01" "2020-02-01" "2"
tmux_keys t1 F2
tmux_wait t1 "awaits a supervisor"; ok $? "a name with SQL in it is accepted as text"
tmux_keys t1 Escape
logout t1

app s1
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki cannot log in"
menu_pick s1 "Approve applications"
tmux_wait s1 "Applications awaiting a decision"; ok $? "the approval queue opens"
tmux_wait s1 "山田 花子"; ok $? "the registration is in the queue"
tmux_keys s1 Enter
tmux_wait s1 "registration application by tanaka"; ok $? "details of the application"
like "$(tmux_screen s1)" "**** **** 9018" "the My Number is masked in the details"
tmux_type s1 "a"
tmux_wait s1 "Comment"
answer s1 "書類確認済み"
tmux_wait s1 "Approved the application for 山田 花子"; ok $? "the supervisor approves"
tmux_wait s1 "O'Brien"; ok $? "the other application is next"
tmux_type s1 "a"
tmux_wait s1 "Comment"
answer s1 ""
tmux_wait s1 "No application awaits a decision"; ok $? "queue empty after both approvals"
tmux_keys s1 Escape
logout s1
is "$(sql_with_key "SELECT family_name FROM holders WHERE nationality = 'アイルランド';")" \
	"O'Brien\"; DROP TABLE holders;--" "the name is stored exactly as typed"

app t2
login t2 tanaka pw-tanaka
tmux_wait t2 "[clerk]"
menu_pick t2 "Search the register"
tmux_wait t2 "Name (kana or kanji, part)"; ok $? "search screen opens"
tmux_type t2 "ﾏﾀﾞﾊ"
tmux_keys t2 Enter
tmux_wait t2 "山田 花子"; ok $? "found by partial half-width kana"
like "$(tmux_screen t2)" "BH-900001 (valid)" "the result lists the certificate"
unlike "$(tmux_screen t2)" "9018" "results never show the My Number"
tmux_keys t2 Enter
tmux_wait t2 "Holder: 山田 花子"; ok $? "the holder opens"
like "$(tmux_screen t2)" "**** **** 9018" "the My Number is masked"
like "$(tmux_screen t2)" "BH-900001" "the registration is shown"
like "$(tmux_screen t2)" "1990-04-01" "dates entered in era form, shown Western (date_style)"
tmux_type t2 "m"
tmux_wait t2 "Reason (recorded"
answer t2 "本人確認のため"
tmux_wait t2 "1234 5678 9018"; ok $? "a clerk with the permission reveals it with a reason"
tmux_keys t2 Enter
tmux_wait t2 "Holder: 山田 花子"
unlike "$(tmux_screen t2)" "1234 5678 9018" "the number is gone once the dialog closes"
tmux_type t2 "c"
tmux_wait t2 "Correction application: 山田 花子"; ok $? "the correction form opens"
tmux_keys t2 C-u
tmux_type t2 "川田"
tmux_keys t2 Tab Tab C-u
tmux_type t2 "カワダ"
tmux_keys t2 F2
tmux_wait t2 "Date of the change"
tmux_wait t2 "required"; ok $? "a correction needs its date and reason"
tmux_keys t2 C-u
tmux_type t2 "令和6年1月10日"
tmux_keys t2 Tab
tmux_type t2 "婚姻による氏の変更"
tmux_keys t2 F2
tmux_wait t2 "awaits a supervisor"; ok $? "the correction is saved"
tmux_wait t2 "Applications awaiting a supervisor: 1"; ok $? "the holder shows it pending"
tmux_keys t2 Escape Escape Escape
logout t2

app s2
login s2 suzuki pw-suzuki
tmux_wait s2 "[supervisor]"
menu_pick s2 "Approve applications"
tmux_wait s2 "山田 花子"
tmux_keys s2 Enter
tmux_wait s2 "correction application by tanaka"
like "$(tmux_screen s2)" "山田 → 川田" "the supervisor sees the record beside the change"
tmux_type s2 "a"
tmux_wait s2 "Comment"
answer s2 ""
tmux_wait s2 "Approved the application"; ok $? "the correction is approved"
tmux_keys s2 Escape
tmux_wait s2 "Menu —"
menu_pick s2 "Search the register"
tmux_wait s2 "Name (kana or kanji, part)"
tmux_type s2 "川田"
tmux_keys s2 Enter
tmux_wait s2 "川田 花子"; ok $? "found under the new name"
tmux_keys s2 Enter
tmux_wait s2 "Holder: 川田 花子"
tmux_keys s2 NPage
tmux_wait s2 "rewrite"; ok $? "the history shows the rewrite (書換え)"
like "$(tmux_screen s2)" "山田" "the old name is kept in the history"
logout s2

# yamada's account may not handle My Numbers.
app y1
login y1 yamada pw-yamada
tmux_wait y1 "[clerk]"
menu_pick y1 "Search the register"
tmux_wait y1 "Name (kana or kanji, part)"
tmux_type y1 "カワダ"
tmux_keys y1 Enter
tmux_wait y1 "川田 花子"
tmux_keys y1 Enter
tmux_wait y1 "Holder: 川田 花子"
tmux_type y1 "m"
tmux_wait y1 "Reason (recorded"
answer y1 "確認"
tmux_wait y1 "may not handle"; ok $? "a clerk without the permission cannot reveal it"
logout y1

row=$(sql_with_key "SELECT kind || ' ' || json_extract(before_json, '\$.family_name') FROM events
	WHERE kind = 'rewrite';")
is "$row" "rewrite 山田" "the rewrite event keeps the old name"
audit=$(sql_with_key "SELECT action || ' ' || user || ' ' || result FROM audit_log ORDER BY seq;")
like "$audit" "register.search tanaka ok" "searches are audited"
like "$audit" "register.view tanaka ok" "views are audited"
like "$audit" "mynumber.reveal yamada denied" "the refused reveal is audited"
like "$audit" "mynumber.reveal tanaka ok" "the reveal is audited"
like "$audit" "register.approve suzuki ok" "approvals are audited"
is "$(sql_with_key "SELECT detail FROM audit_log WHERE action = 'mynumber.reveal' AND
	result = 'ok';")" "本人確認のため" "with its reason"

done_testing
