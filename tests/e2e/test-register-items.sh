#!/bin/sh
# The holder's items the seeds list that no form reached until issue 25 (item 5): the
# alias's kana (通称カナ), the linkage's pseudonymous ids (資格仮名ID, マイナポータル仮名ID) and
# the 外字 flag. A clerk files them with a registration, a supervisor approves, the holder's
# screen shows them, the flag as a warning to confirm the name against the documents; a
# correction clears the flag. A flag that is neither 0 nor 1 is refused under its field.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users suzuki:pw-suzuki tanaka:pw-tanaka
echo "date_style = western" >> "$WORK/madoguchi.conf"

# The holder's items, the My Number, the registration's: the 外字 flag is $2.
registration() {
	fill "$1" "髙橋" "花" "ﾀｶﾊｼ" "ﾊﾅ" "" "" "佐藤" "花子" "ｻﾄｳ" "ﾊﾅｺ" "2" "1985-06-01" \
		"13" "" "100-8926" "東京都千代田区" "霞が関２丁目１番２号" "" "" "" "" \
		"Q-100" "MP-200" "$2" "" \
		"1" "BH-930001" "2020-04-01" "2020-04-02" "2020-05-01" "1" "2019" "" "P-93"
}

app t1
login t1 tanaka pw-tanaka
tmux_wait t1 "[clerk]" || bail "tanaka cannot log in"
menu_pick t1 "Register and correct"
tmux_wait t1 "New registration application" || bail "no registration form"
registration t1 "2"
tmux_keys t1 F2
tmux_wait t1 "enter 0 (no) or 1 (yes)"; ok $? "a flag of 2 is refused under its field"
is "$(sql_with_key "SELECT count(*) FROM applications;")" "0" "nothing stored"
tmux_keys t1 C-u
tmux_type t1 "1"
tmux_keys t1 F2
tmux_wait t1 "awaits a supervisor"; ok $? "the registration is filed"
row=$(sql_with_key "SELECT json_extract(payload, '\$.alias_family_kana') || ' ' ||
	json_extract(payload, '\$.alias_given_kana') || ' ' ||
	json_extract(payload, '\$.shikaku_kamei_id') || ' ' ||
	json_extract(payload, '\$.mynaportal_kamei_id') || ' ' ||
	json_extract(payload, '\$.has_gaiji') FROM applications;")
is "$row" "サトウ ハナコ Q-100 MP-200 1" "the application holds the items, kana full-width"
tmux_keys t1 Escape
logout t1

app s1
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki cannot log in"
menu_pick s1 "Approve applications"
tmux_wait s1 "髙橋 花"
tmux_keys s1 Enter
tmux_wait s1 "registration application by tanaka"
tmux_type s1 "a"
tmux_wait s1 "Comment"
answer s1 ""
tmux_wait s1 "Approved the application"; ok $? "the supervisor approves"
tmux_keys s1 Escape
logout s1
is "$(sql_with_key "SELECT alias_family_kana || ' ' || alias_given_kana || ' ' ||
	shikaku_kamei_id || ' ' || mynaportal_kamei_id || ' ' || has_gaiji FROM holders;")" \
	"サトウ ハナコ Q-100 MP-200 1" "the register holds them"

app t2
login t2 tanaka pw-tanaka
tmux_wait t2 "[clerk]"
menu_pick t2 "Search the register"
tmux_wait t2 "Name (kana or kanji, part)"
tmux_type t2 "ﾀｶﾊｼ"
tmux_keys t2 Enter
tmux_wait t2 "髙橋 花"
tmux_keys t2 Enter
tmux_wait t2 "Holder: 髙橋 花"; ok $? "the holder opens"
screen=$(tmux_screen t2)
like "$screen" "Alias family name kana: サトウ" "the alias's kana is shown"
like "$screen" "(資格仮名ID): Q-100" "the 資格仮名ID is shown"
like "$screen" "(マイナポータル仮名ID): MP-200" "the マイナポータル仮名ID is shown"
like "$screen" "The name holds 外字: confirm it against the documents." \
	"the 外字 flag is a warning"
unlike "$screen" "0 no, 1 yes" "not the field's label"

# The flag cleared by a correction: the identity items' form, the flag the 21st field.
tmux_type t2 "c"
tmux_wait t2 "Correction application: 髙橋 花"
tmux_wait t2 "タカハシ"
for i in $(seq 20); do tmux_keys t2 Tab; done
tmux_wait t2 "Name holds 外字"
tmux_keys t2 C-u
tmux_type t2 "0"
tmux_keys t2 Tab
tmux_type t2 "2026-01-10"
tmux_keys t2 Tab
tmux_type t2 "戸籍で字形を確認"
tmux_keys t2 F2
tmux_wait t2 "awaits a supervisor"; ok $? "the correction is filed"
is "$(sql_with_key "SELECT json_extract(payload, '\$.has_gaiji') FROM applications
	WHERE kind = 'correction';")" "0" "the correction holds the flag cleared"
tmux_keys t2 Escape Escape Escape
logout t2

app s2
login s2 suzuki pw-suzuki
tmux_wait s2 "[supervisor]"
menu_pick s2 "Approve applications"
tmux_wait s2 "髙橋 花"
tmux_keys s2 Enter
tmux_wait s2 "correction application by tanaka"
like "$(tmux_screen s2)" "Name holds 外字 (0 no, 1 yes): yes → no" \
	"the supervisor sees the flag's change"
tmux_type s2 "a"
tmux_wait s2 "Comment"
answer s2 ""
tmux_wait s2 "Approved the application"; ok $? "the correction is approved"
tmux_keys s2 Escape
logout s2
is "$(sql_with_key "SELECT has_gaiji FROM holders;")" "0" "the flag is cleared"

done_testing
