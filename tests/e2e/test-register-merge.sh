#!/bin/sh
# Issue 25, merge and split (名寄せ) and the duplicate check at approval. 渡辺 賢治 is
# registered; the same person is filed again as "a different person". The supervisor who
# approves the second meets the first, a holder now: no approval without the reason why the
# person is different, which goes with the decision. Both are one person after all: the
# clerk files a merge from the holder's screen (g, picking the other from the candidates),
# a supervisor approves it, search lists one holder whose history shows the merge, and the
# merged record is still opened from the kept one. A split (g on the merged record),
# approved, brings back two holders.
. "$top_srcdir/tests/e2e/login-lib.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

pam_users tanaka:pw-tanaka suzuki:pw-suzuki

# register NAME CERT KEY: 渡辺 賢治's registration typed in, then KEY (F2/F6).
register() {
	menu_pick "$1" "Register and correct"
	tmux_wait "$1" "New registration application" || return 1
	fill "$1" "渡辺" "賢治" "ﾜﾀﾅﾍﾞ" "ｹﾝｼﾞ" "" "" "" "" "" "" "1" "1970-01-01" "13" "" \
		"100-8926" "東京都千代田区" "霞が関２丁目１番２号" "" "" "" "" "" "" "" \
		"" "1" "$2" "2020-04-01" "2020-04-02" "2020-05-01" "1" "2019" "" "P-$2"
	tmux_keys "$1" "$3"
}
holders() { sql_with_key "SELECT count(*) FROM holders WHERE family_name = '渡辺';"; }

# approve_next NAME: suzuki opens the queue and approves its first application.
queue() {
	app "$1" || return 1
	login "$1" suzuki pw-suzuki
	tmux_wait "$1" "[supervisor]" || return 1
	menu_pick "$1" "Approve applications"
	tmux_wait "$1" "Applications awaiting a decision" || return 1
}

# find NAME RESULTS: the clerk's search for ﾜﾀﾅﾍﾞ, waiting for "Results 1–RESULTS."
find() {
	menu_pick "$1" "Search the register"
	tmux_wait "$1" "Name (kana or kanji, part)" || return 1
	tmux_type "$1" "ﾜﾀﾅﾍﾞ"
	tmux_keys "$1" Enter
	tmux_wait "$1" "Results 1–$2."
}

app a
login a tanaka pw-tanaka
tmux_wait a "[clerk]" || bail "tanaka cannot log in"
register a BH-950001 F6
tmux_wait a "Supervisor's user name" || bail "the desk approval"
answer a suzuki
tmux_wait a "Password"
answer a pw-suzuki
tmux_wait a "suzuki approved the registration" || bail "the first approval"
tmux_keys a Escape
tmux_wait a "[clerk]" || bail "back at the menu"
register a BH-950002 F2
tmux_wait a "This person may already be on the register" || bail "the filing's check"
answer a 0
tmux_wait a "Why is the applicant not one of them" || bail "the filing's reason"
answer a "別人と申告"
tmux_wait a "awaits a supervisor" || bail "the second filing"
logout a

# The approval meets the holder approved since: the reason is required.
queue s || bail "suzuki's queue"
tmux_keys s a
tmux_wait s "The register now holds people this applicant may be"
ok $? "approving the second, the supervisor is shown the holder the register holds now"
like "$(tmux_screen s)" "1  渡辺 賢治 (ワタナベ ケンジ, 1970-01-01): the same birth date" \
	"... with what they share"
tmux_keys s Escape
tmux_wait s "Not approved: a different person needs the reason why"
ok $? "without the reason nothing is approved"
is "$(holders)" 1 "... (one holder)"
tmux_keys s a
tmux_wait s "The register now holds people this applicant may be" || bail "asked again"
answer s "本籍が異なる"
tmux_wait s "Comment (optional)" || bail "the comment"
tmux_keys s Enter
tmux_wait s "Approved the application for"; ok $? "with the reason, it is approved"
is "$(holders)" 2 "... two holders"
is "$(sql_with_key "SELECT decision_comment FROM applications WHERE
	json_extract(payload, '\$.certificate_number') = 'BH-950002';")" \
	"Different person (別人): 本籍が異なる" "... the reason recorded with the decision"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'register.duplicate.view'
	AND user = 'suzuki';")" 2 "each showing to the supervisor is audited"
logout s

# Found to be one person: the clerk files the merge from the holder's screen.
app b
login b tanaka pw-tanaka
tmux_wait b "[clerk]" || bail "tanaka again"
find b 2 || bail "two 渡辺"
tmux_keys b Enter
tmux_wait b "Holder: 渡辺 賢治" || bail "the first holder"
merged=$(sql_with_key "SELECT h.id FROM holders h JOIN registrations r ON r.holder_id = h.id
	WHERE r.certificate_number = 'BH-950001';")
kept=$(sql_with_key "SELECT h.id FROM holders h JOIN registrations r ON r.holder_id = h.id
	WHERE r.certificate_number = 'BH-950002';")
tmux_type b g
tmux_wait b "Merge this holder into another"; ok $? "g offers the merge"
like "$(tmux_screen b)" "1  渡辺 賢治 (ワタナベ ケンジ, 1970-01-01)" \
	"... listing the other holder the person may be"
answer b 1
tmux_wait b "Why are the two one person" || bail "the merge's reason"
answer b "住所・本籍・筆跡が一致"
tmux_wait b "Applied for the merge"; ok $? "the merge is filed"
is "$(sql_with_key "SELECT holder_id || ' ' || json_extract(payload, '\$.merge_holder_id') ||
	' ' || status FROM applications WHERE kind = 'merge';")" "$merged $kept pending" \
	"... this holder into the one picked, waiting"
logout b

queue t || bail "suzuki's queue, the merge"
tmux_wait t "merge (名寄"; ok $? "the merge waits in the queue"
tmux_keys t Enter
tmux_wait t "Merged into (kept): 渡辺 賢治 ($kept)"; ok $? "... opened, it names the holder kept"
tmux_keys t a
tmux_wait t "Comment (optional)" || bail "the merge's comment"
tmux_keys t Enter
tmux_wait t "Approved the application for"; ok $? "the supervisor approves the merge"
logout t

is "$(sql_with_key "SELECT count(*) FROM registrations WHERE holder_id = '$kept';")" 2 \
	"both registrations are the kept holder's"
is "$(sql_with_key "SELECT merged_into FROM holders WHERE id = '$merged';")" "$kept" \
	"the merged holder stays, marked"
app c
login c tanaka pw-tanaka
tmux_wait c "[clerk]" || bail "tanaka, after the merge"
find c 1; ok $? "search lists one 渡辺 賢治"
tmux_keys c Enter
tmux_wait c "Holder: 渡辺 賢治" || bail "the kept holder"
like "$(tmux_screen c)" "Merged into this holder: 渡辺 賢治 ($merged)" \
	"the kept holder names the holder merged into it"
tmux_keys c NPage
tmux_wait c "merge (名寄せ)  by tanaka, approved by suzuki"; ok $? "its history shows the merge"
tmux_wait c "Other holder: 渡辺 賢治; registrations moved: BH-950001"
ok $? "... naming the other holder and the certificate moved"
unlike "$(tmux_screen c)" "$merged" "... not the ids the event keeps"
tmux_type c g
tmux_wait c "Holders merged into this one" || bail "g on the kept holder"
answer c 1
tmux_wait c "Merged into 渡辺 賢治 ($kept)"; ok $? "the merged holder opens from it, with its note"
tmux_keys c NPage
tmux_wait c "merge (名寄せ)  by tanaka"; ok $? "... its own history kept, with the merge"
tmux_type c g
tmux_wait c "Split (名寄せの取消し)" || bail "g on the merged holder"
tmux_keys c y
tmux_wait c "Why are they two persons" || bail "the split's reason"
answer c "別人と判明（本籍相違）"
tmux_wait c "Applied for the split"; ok $? "the split is filed"
logout c

queue u || bail "suzuki's queue, the split"
tmux_wait u "split (名寄" || bail "the split in the queue"
tmux_keys u a
tmux_wait u "Comment (optional)" || bail "the split's comment"
tmux_keys u Enter
tmux_wait u "Approved the application for"; ok $? "the supervisor approves the split"
logout u

app d
login d tanaka pw-tanaka
tmux_wait d "[clerk]" || bail "tanaka, after the split"
find d 2; ok $? "the split brings back two holders"
logout d
is "$(sql_with_key "SELECT count(*) FROM registrations WHERE holder_id = '$merged';")" 1 \
	"... each with its own registration"
is "$(sql_with_key "SELECT group_concat(action, ' ') FROM (SELECT action FROM audit_log WHERE
	action LIKE 'register.merge%' OR action LIKE 'register.split%' ORDER BY seq);")" \
	"register.merge.apply register.merge.apply register.merge register.merge register.split.apply register.split.apply register.split register.split" \
	"filings and decisions are audited under both holders"
done_testing
