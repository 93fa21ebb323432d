#!/bin/sh
# SPEC §4, §8, §11 at the terminal, the issue's whole path: a clerk files a registration
# (a wrong My Number first), a clerk has no approval queue, a supervisor cannot decide an
# application they filed themselves (four eyes, on screen), another supervisor reads the
# details and approves, a rejection needs a reason; the clerk searches (partial kana, a
# bad birth date, pages of results), opens the holder (My Number masked, revealed for a
# reason only in a dialog), files a name correction that becomes a 書換え event keeping
# the old name, and an erasure (消除) that marks the holder erased but keeps the record.
# Views, searches, reveals and decisions are in the audit log. The last part reads the
# holder in Japanese (era dates). Screens are written to the log as they were seen.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users sato:pw-sato suzuki:pw-suzuki tanaka:pw-tanaka
# Western dates on these screens (date_style); test-japanese.sh sees the era default.
echo "date_style = western" >> "$WORK/madoguchi.conf"
# More holders than one page of results (10 rows at 80x24) for the paging checks.
madoguchi-admin demo-data --holders 24 --seed 7 --config "$WORK/madoguchi.conf" \
	> /dev/null || bail "demo holders failed"

# mynumber_check ELEVEN_DIGITS: the number with its check digit (個人番号 ordinance:
# weights 2..7 then 2..6 from the right; 11 minus the remainder, 0 when it is 0 or 1).
mynumber_check() {
	_d=$1; _sum=0; _i=1
	while [ "$_i" -le 11 ]; do
		_p=$(printf '%s' "$_d" | cut -c $((12 - _i)))
		if [ "$_i" -le 6 ]; then _q=$((_i + 1)); else _q=$((_i - 5)); fi
		_sum=$((_sum + _p * _q)); _i=$((_i + 1))
	done
	_r=$((_sum % 11))
	if [ "$_r" -le 1 ]; then echo "${_d}0"; else echo "${_d}$((11 - _r))"; fi
}
MYNUMBER=$(mynumber_check 31415926535)
WRONG=31415926535$(( (${MYNUMBER#31415926535} + 1) % 10 ))
LAST4=${MYNUMBER#????????}
SHOWN=$(echo "$MYNUMBER" | sed 's/\(....\)\(....\)/\1 \2 /')	# as the dialog shows it
is "$(mynumber_check 12345678901)" "123456789018" "the test's check digit rule is right"

# shot NAME TITLE: the screen as seen, into the test log.
shot() {
	echo "# ---- $2 (80x24) ----"
	tmux_screen "$1" | sed 's/^/# |/'
}


# (1) The clerk's registration: 山田 花子, half-width kana, era birth date; the My Number
# wrong first. Holder items, My Number, then the registration items.
app t1
login t1 tanaka pw-tanaka
tmux_wait t1 "[clerk]" || bail "tanaka cannot log in"
unlike "$(tmux_screen t1)" "Approve applications" "(2) a clerk's menu has no approval queue"
menu_pick t1 "Register and correct"
tmux_wait t1 "New registration application" || bail "the registration form is missing"
fill t1 "山田" "花子" "ﾔﾏﾀﾞ" "ﾊﾅｺ" "" "" "" "" "" "" "2" "平成2年4月1日" "13" "" \
	"100-8926" "東京都千代田区" "霞が関２丁目１番２号" "" "" "" "" "" "" "" "$WRONG" \
	"1" "BH-910001" "R2.4.1" "2020-04-02" "2020-05-01" "1" "2019" "" "P-1001"
tmux_keys t1 F2
tmux_wait t1 "check digit"; ok $? "(1) the wrong My Number is refused on screen"
# Issue 26: the message is longer than its line under the field: cut there with "…", whole
# in the message area above the hint bar, never cut off silently.
like "$(tmux_screen t1)" "a digit is mi…" "... the line under the field ends in …"
like "$(tmux_screen t1 | tail -n 4 | tr -d '\n')" "a digit is mistyped" \
	"... and the message area has it whole"
is "$(sql_with_key "SELECT count(*) FROM applications;")" "0" "and nothing is stored"
tmux_keys t1 C-u
tmux_type t1 "$MYNUMBER"
tmux_keys t1 F2
tmux_wait t1 "(山田 花子); awaits a supervisor"; ok $? "(1) the registration is filed"
is "$(sql_with_key "SELECT requested_by || ' ' || kind || ' ' || status FROM applications;")" \
	"tanaka registration pending" "one pending registration by tanaka"
tmux_keys t1 Escape
tmux_wait t1 "Search the register"
menu_pick t1 "Search the register"
tmux_wait t1 "Name (kana or kanji, part)"
tmux_type t1 "ﾔﾏﾀﾞﾊﾅｺ"
tmux_keys t1 Enter
tmux_wait t1 "No holder matches."; ok $? "an application alone does not change the register"
logout t1

# (2) sato files an application himself; he may not decide it.
app a1
login a1 sato pw-sato
tmux_wait a1 "[supervisor]" || bail "sato cannot log in"
menu_pick a1 "Register and correct"
tmux_wait a1 "New registration application"
fill a1 "佐々木" "次郎" "ｻｻｷ" "ｼﾞﾛｳ" "" "" "" "" "" "" "1" "1980-05-05" "27" "" "" "大阪府大阪市北区" \
	"" "" "" "" "" "" "" "" "" "2" "BH-910002" "2021-01-05" "2021-01-06" "2021-02-01" "3"
tmux_keys a1 F2
tmux_wait a1 "(佐々木 次郎); awaits a supervisor"; ok $? "(2) sato files a registration"
tmux_keys a1 Escape
tmux_wait a1 "Approve applications"
menu_pick a1 "Approve applications"
tmux_wait a1 "Applications awaiting a decision"
tmux_wait a1 "佐々木 次郎"; ok $? "(2) both applications are in sato's queue"
like "$(tmux_screen a1)" "山田 花子" "oldest first: tanaka's is listed too"
tmux_keys a1 Down
tmux_type a1 "a"
tmux_wait a1 "Comment"
answer a1 "自分で承認"
tmux_wait a1 "another supervisor must decide it"
ok $? "(2) sato cannot approve his own application"
shot a1 "four-eyes refusal"
is "$(sql_with_key "SELECT status FROM applications WHERE requested_by = 'sato';")" \
	"pending" "it stays pending"
logout a1

# (3) suzuki reads tanaka's application, approves it; rejects sato's, with a reason only.
app s1
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki cannot log in"
menu_pick s1 "Approve applications"
tmux_wait s1 "山田 花子"
row=$(tmux_screen s1 | grep "山田 花子")
like "$row" "registration" "(3) the row names the kind"
like "$row" "tanaka" "(3) and the requester"
like "$row" "$(date -u +%Y-%m-%d)" "(3) and the date requested"
tmux_keys s1 Enter
tmux_wait s1 "registration application by tanaka"; ok $? "(3) the details open"
screen=$(tmux_screen s1)
shot s1 "approval details"
like "$screen" "Family name (姓): 山田" "labels from the item table"
like "$screen" "Family name kana: ヤマダ" "kana shown normalised (full-width)"
like "$screen" "Birth date: 1990-04-01" "the era date shown as a date"
like "$screen" "**** **** $LAST4" "the My Number masked in the details"
unlike "$screen" "$MYNUMBER" "never in full"
unlike "$screen" "Pass number (合格者番号): P-1001" "the last values are below the screen"
tmux_keys s1 Down Down Down Down Down
tmux_wait s1 "Pass number (合格者番号): P-1001"; ok $? "the details scroll (Down)"
tmux_type s1 "a"
tmux_wait s1 "Comment"
answer s1 "書類確認済み"
tmux_wait s1 "Approved the application for 山田 花子."; ok $? "(3) suzuki approves"
tmux_wait s1 "佐々木 次郎"
tmux_type s1 "r"
tmux_wait s1 "Why is it rejected?"
answer s1 ""
tmux_wait s1 "a rejection needs a comment"; ok $? "a rejection without a reason is refused"
tmux_type s1 "r"
tmux_wait s1 "Why is it rejected?"
answer s1 "本人確認書類の不足"
tmux_wait s1 "Rejected the application for 佐々木 次郎."; ok $? "with a reason it is rejected"
tmux_wait s1 "No application awaits a decision"; ok $? "the queue is empty"
logout s1
is "$(sql_with_key "SELECT requested_by || ' ' || status || ' ' || decided_by || ' ' ||
	decision_comment FROM applications ORDER BY requested_by;")" \
	"sato rejected suzuki 本人確認書類の不足
tanaka approved suzuki 書類確認済み" "decisions stored with who and why"
is "$(sql_with_key "SELECT count(*) FROM holders WHERE family_name = '佐々木';")" "0" \
	"a rejected registration adds no holder"

# (4) tanaka searches, opens the holder, reveals the My Number for a reason.
app t2
login t2 tanaka pw-tanaka
tmux_wait t2 "[clerk]"
menu_pick t2 "Search the register"
tmux_wait t2 "Name (kana or kanji, part)"
tmux_keys t2 Tab
tmux_type t2 "2001-02-30"
tmux_keys t2 Enter
tmux_wait t2 "Birth date:"; ok $? "(4) a bad birth date is named on the message line"
tmux_keys t2 C-u BTab
tmux_type t2 "ヤマ"
tmux_keys t2 Enter
tmux_wait t2 "山田 花子"; ok $? "(4) found by two characters of kana"
screen=$(tmux_screen t2)
like "$screen" "ヤマダ ハナコ" "the kana column"
like "$screen" "1990-04-01" "the birth date column"
like "$screen" "BH-910001 (valid)" "the certificate and its status"
unlike "$screen" "$LAST4" "results never show the My Number"
tmux_keys t2 Tab C-u
tmux_type t2 "ﾏﾀﾞﾊ"
tmux_keys t2 Tab
tmux_type t2 "H2.4.1"
tmux_keys t2 Enter
tmux_wait t2 "Results 1–1."; ok $? "(4) partial half-width kana and an era birth date: one hit"
shot t2 "search results"
# Issue 26: typing in the results is not dropped: it goes to the name field.
tmux_type t2 "ﾀ"
sleep 0.5
like "$(tmux_screen t2)" "ﾏﾀﾞﾊﾀ" "typing in the results goes on in the name field"
tmux_keys t2 BSpace Enter
tmux_wait t2 "Results 1–1." || bail "the search again"
tmux_keys t2 Enter
tmux_wait t2 "Holder: 山田 花子"; ok $? "(4) Enter opens the holder"
screen=$(tmux_screen t2)
shot t2 "holder detail"
like "$screen" "My Number: **** **** $LAST4" "(4) the My Number is masked"
unlike "$screen" "$MYNUMBER" "and not shown in full"
like "$screen" "BH-910001  [valid]" "(4) the registration with its status"
like "$screen" "issue  by tanaka, approved by suzuki" "the history: issued, by whom"
tmux_type t2 "m"
tmux_wait t2 "Reason (recorded"
answer t2 ""
tmux_wait t2 "needs a reason"; ok $? "(4) no reason, no My Number"
tmux_type t2 "m"
tmux_wait t2 "Reason (recorded"
answer t2 "本人確認のため"
tmux_wait t2 "$SHOWN"; ok $? "(4) revealed with a reason, in a dialog"
tmux_keys t2 Enter
tmux_wait t2 "Holder: 山田 花子"
sleep 0.3
unlike "$(tmux_screen t2)" "$SHOWN" "the number is gone when the dialog closes"

# (5) A name correction through c.
tmux_type t2 "c"
tmux_wait t2 "Correction application: 山田 花子"; ok $? "(5) c opens the correction"
tmux_keys t2 C-u
tmux_type t2 "川田"
tmux_keys t2 Tab Tab C-u
tmux_type t2 "ｶﾜﾀﾞ"
tmux_keys t2 F2
tmux_wait t2 "required"
tmux_keys t2 C-u
tmux_type t2 "令和6年1月10日"
tmux_keys t2 Tab
tmux_type t2 "婚姻による氏の変更"
tmux_keys t2 F2
tmux_wait t2 "awaits a supervisor"; ok $? "(5) the correction is filed"
tmux_wait t2 "Applications awaiting a supervisor: 1"
ok $? "(5) back on the holder, reloaded: one application pending"
logout t2

app s2
login s2 suzuki pw-suzuki
tmux_wait s2 "[supervisor]"
menu_pick s2 "Approve applications"
tmux_wait s2 "山田 花子"
like "$(tmux_screen s2 | grep "山田 花子")" "correction" "(5) the queue lists a correction"
tmux_keys s2 Enter
tmux_wait s2 "correction application by tanaka"
screen=$(tmux_screen s2)
like "$screen" "Family name (姓): 山田 → 川田" "(5) the record beside the change"
like "$screen" "Family name kana: ヤマダ → カワダ" "kana too"
like "$screen" "Reason for the correction: 婚姻による氏の変更" "with the reason"
tmux_type s2 "a"
tmux_wait s2 "Comment"
answer s2 "戸籍抄本確認"
tmux_wait s2 "Approved the application"; ok $? "(5) suzuki approves the correction"
tmux_keys s2 Escape
tmux_wait s2 "Menu —"
menu_pick s2 "Search the register"
tmux_wait s2 "Name (kana or kanji, part)"
tmux_type s2 "カワダ"
tmux_keys s2 Enter
tmux_wait s2 "川田 花子"; ok $? "(5) found under the new name"
tmux_keys s2 Enter
tmux_wait s2 "Holder: 川田 花子"; ok $? "(5) the holder shows 川田"
tmux_keys s2 NPage
tmux_wait s2 "rewrite  by tanaka, approved by suzuki"; ok $? "(5) the history has the rewrite"
screen=$(tmux_screen s2)
like "$screen" "Family name (姓): 山田" "(5) the old name is kept in the history"
like "$screen" "Reason: 婚姻による氏の変更" "with its reason"
logout s2
is "$(sql_with_key "SELECT kind || ' ' || event_date || ' ' ||
	json_extract(before_json, '\$.family_name') || ' ' ||
	json_extract(before_json, '\$.family_kana') || ' ' || approved_by FROM events
	WHERE kind = 'rewrite';")" "rewrite 2024-01-10 山田 ヤマダ suzuki" \
	"(5) events: rewrite with the old name in before_json"
is "$(sql_with_key "SELECT family_name || ' ' || family_kana FROM holders WHERE
	given_name = '花子';")" "川田 カワダ" "the record itself carries the new name"

# Paging through a status search, then an erasure (消除) through d.
app t3
login t3 tanaka pw-tanaka
tmux_wait t3 "[clerk]"
menu_pick t3 "Search the register"
tmux_wait t3 "Name (kana or kanji, part)"
tmux_keys t3 Tab Tab Tab
tmux_type t3 "1"
tmux_keys t3 F2
tmux_wait t3 "Results 1–10; more on the next page"; ok $? "a status alone: the first page"
is "$(tmux_screen t3 | grep -c "(valid)")" "10" "ten rows fit at 80x24"
tmux_keys t3 NPage
tmux_wait t3 "Results 11–20; more"; ok $? "PgDn: the next page"
tmux_keys t3 NPage
tmux_wait t3 "Results 21–25."; ok $? "the last page says so (24 demo holders and 川田)"
tmux_keys t3 NPage
sleep 0.3
like "$(tmux_screen t3)" "Results 21–25." "PgDn on the last page stays there"
tmux_keys t3 PPage
tmux_wait t3 "Results 11–20; more"; ok $? "PgUp: back a page"
tmux_keys t3 Tab BTab BTab BTab
tmux_type t3 "川田"
tmux_keys t3 Tab Tab Tab C-u Enter
tmux_wait t3 "川田 花子"
tmux_keys t3 Enter
tmux_wait t3 "Holder: 川田 花子"
tmux_type t3 "d"
tmux_wait t3 "Erasure (消除) application"; ok $? "d opens the erasure of the registration"
like "$(tmux_screen t3)" "川田 花子 — BH-910001" "it names the registration"
fill t3 "2025-03-31" "1" "死亡届による"
tmux_keys t3 F2
tmux_wait t3 "Apply to erase"
tmux_type t3 "y"
tmux_wait t3 "awaits a supervisor"; ok $? "the erasure is filed"
logout t3

app s3
login s3 suzuki pw-suzuki
tmux_wait s3 "[supervisor]"
menu_pick s3 "Approve applications"
tmux_wait s3 "川田 花子"
tmux_type s3 "a"
tmux_wait s3 "Comment"
answer s3 "除籍謄本確認"
tmux_wait s3 "Approved the application for 川田 花子."; ok $? "the erasure is approved"
logout s3

app t4
login t4 tanaka pw-tanaka
tmux_wait t4 "[clerk]"
menu_pick t4 "Search the register"
tmux_wait t4 "Name (kana or kanji, part)"
tmux_type t4 "ｶﾜﾀﾞ"
tmux_keys t4 Enter
tmux_wait t4 "川田 花子"
row=$(tmux_screen t4 | grep "川田 花子")
like "$row" "[erased] BH-910001 (erased)" "an erased holder is marked in the results"
tmux_keys t4 Enter
tmux_wait t4 "Holder: 川田 花子"
like "$(tmux_screen t4)" "record is erased (消除); it is kept" "the holder says erased, kept"
tmux_keys t4 NPage
tmux_wait t4 "erasure  by tanaka, approved by suzuki"; ok $? "the history ends with the erasure"
shot t4 "holder detail, scrolled to the end"
tmux_keys t4 Up
sleep 0.3
tmux_keys t4 PPage PPage
tmux_wait t4 "Family name (姓): 川田"; ok $? "PgUp scrolls back to the top"
logout t4
is "$(sql_with_key "SELECT r.status || ' ' || h.erased FROM registrations r JOIN holders h
	ON h.id = r.holder_id WHERE r.certificate_number = 'BH-910001';")" "erased 1" \
	"erasure is logical: the rows are kept, marked"

# In Japanese with the default date style: the same holder with era dates.
sed -i '/^date_style = western$/d' "$WORK/madoguchi.conf"
tmux_start j1 env $(pam_env_args) LANGUAGE=ja madoguchi --config "$WORK/madoguchi.conf"
tmux_wait j1 "ユーザー名" || bail "no Japanese login screen"
login j1 tanaka pw-tanaka
tmux_wait j1 "名簿の検索"
menu_pick j1 "名簿の検索"
tmux_wait j1 "氏名（カナ・漢字の一部）"
tmux_type j1 "カワダ"
tmux_keys j1 Enter
tmux_wait j1 "川田 花子"
tmux_keys j1 Enter
tmux_wait j1 "名簿登録者: 川田 花子"; ok $? "the holder screen in Japanese"
like "$(tmux_screen j1)" "平成2年4月1日" "the birth date in the Japanese era"
shot j1 "holder detail in Japanese"
logout j1

audit=$(sql_with_key "SELECT action || ' ' || user || ' ' || result FROM audit_log ORDER BY seq;")
like "$audit" "register.apply tanaka ok" "applications are audited"
like "$audit" "register.decide sato denied" "the four-eyes refusal is audited"
like "$audit" "register.approve suzuki ok" "approvals are audited"
like "$audit" "register.reject suzuki ok" "rejections are audited"
like "$audit" "register.search tanaka ok" "searches are audited (register.search)"
like "$audit" "register.view tanaka ok" "views are audited (register.view)"
is "$(sql_with_key "SELECT user || ' ' || detail FROM audit_log WHERE
	action = 'mynumber.reveal' AND result = 'ok';")" "tanaka 本人確認のため" \
	"(4) the reveal is audited with its reason"
HOLDER=$(sql_with_key "SELECT id FROM holders WHERE family_name = '川田';")
is "$(sql_with_key "SELECT count(*) > 0 FROM audit_log WHERE action = 'register.view' AND
	user = 'tanaka' AND target = 'holder:$HOLDER';")" "1" "the view names the holder viewed"
# The search with H2.4.1, run twice (once more after typing in the results); the refused
# birth date is no search.
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'register.search' AND
	detail LIKE '%birth_date%';")" "2" "the refused birth date was not a search"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE detail LIKE '%$MYNUMBER%' OR
	target LIKE '%$MYNUMBER%';")" "0" "no My Number in the audit log"

done_testing
