#!/bin/sh
# Issue 21 at the desk: a batch of registration applications brought on a stick. tanaka
# (clerk) sees the file in the import spool and requests its import; a link beside it is
# listed as not taken. tanaka as the approving supervisor is refused; suzuki approves at
# the desk through PAM and the applications wait in the approval queue; the file is gone
# from the spool. A second file with a bad row is approved by suzuki later on the screen
# and brings in nothing, saying which line; the media register lists both imports.
. "$top_srcdir/tests/e2e/login-lib.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pam_users tanaka:pw-tanaka suzuki:pw-suzuki kato:pw-kato
mkdir -m 700 "$WORK/import"
echo "import_spool = $WORK/import" >> "$WORK/madoguchi.conf"
header="family_name,given_name,family_kana,given_kana,sex,birth_date,address1,qualification"
header="$header,application_date,reception_date,issue_date,route,pass_number"
row() { printf '%s,%s,%s,タロウ,1,1980-04-01,東京都千代田区,1,2026-04-01,2026-04-02,2026-05-01,exam,P-%s\r\n' \
	"$1" "$2" "$3" "$4"; }
{ printf '\357\273\277%s\r\n' "$header"; row 山田 太郎 ヤマダ 1; row 川口 次郎 カワグチ 2; } \
	> "$WORK/import/batch.csv"
{ printf '%s\n' "$header"; row 山田 三郎 ヤマダ 3; row 森 四郎 mori 4; } > "$WORK/import/bad.csv"
ln -s /etc/passwd "$WORK/import/passwd.csv"
[ "$(id -u)" -eq 0 ] && chown -R madoguchi:madoguchi "$WORK/import"
app_owns_db

app t1 || bail "start"
login t1 tanaka pw-tanaka
tmux_wait t1 "[clerk]" || bail "tanaka logs in"
menu_pick t1 "Import from media"
tmux_wait t1 "Files in the import spool" || bail "the import screen"
screen=$(tmux_screen t1)
like "$screen" "batch.csv  " "the file on the stick is listed"
like "$screen" "passwd.csv  not taken: a link" "... and a link beside it is not taken"
tmux_keys t1 Down
tmux_keys t1 Enter
tmux_wait t1 "Where did it come from" || bail "the source question"
answer t1 "USBメモリ 本庁から"
tmux_wait t1 "What is it for" || bail "the purpose question"
answer t1 "本庁で受け付けた申請"
tmux_wait t1 "Is a supervisor here to approve"
ok $? "the request is made and a supervisor is asked for"
tmux_type t1 y
tmux_wait t1 "Supervisor's user name" || bail "the supervisor question"
answer t1 tanaka
tmux_wait t1 "The approver must be someone other than the person logged in"
ok $? "tanaka cannot approve his own import"
is "$(sql_with_key "SELECT status FROM import_requests WHERE file_name = 'batch.csv';")" \
	pending "... and it waits"
tmux_keys t1 Tab
tmux_wait t1 "▶ Import requests" || bail "the requests list"
like "$(tmux_screen t1)" "to decide batch.csv" "the request is listed as waiting for a decision"
tmux_type t1 a
tmux_wait t1 "your account is not allowed to do this (import.approve)"
ok $? "a clerk cannot approve from the list either"
tmux_stop t1

# bad.csv, requested by tanaka in the same way; suzuki approves both from the list.
app t2 || bail "start"
login t2 tanaka pw-tanaka
tmux_wait t2 "[clerk]" || bail "tanaka logs in again"
menu_pick t2 "Import from media"
tmux_wait t2 "bad.csv  " || bail "bad.csv listed"
tmux_keys t2 Enter
tmux_wait t2 "Where did it come from" || bail "the source question"
answer t2 "USBメモリ"
tmux_wait t2 "What is it for" || bail "the purpose question"
answer t2 "申請"
tmux_wait t2 "Is a supervisor here" || bail "the supervisor question"
tmux_keys t2 Escape
tmux_stop t2

app s1 || bail "start"
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki logs in"
menu_pick s1 "Import from media"
tmux_wait s1 "Import requests" || bail "the import screen"
tmux_keys s1 Tab
tmux_type s1 a
tmux_wait s1 "bad.csv was not imported, nothing of it: line 3:"
ok $? "the newest request, bad.csv, is refused whole, naming its line"
tmux_keys s1 Down
tmux_type s1 a
tmux_wait s1 "Imported, approved by suzuki: 2 records"
ok $? "batch.csv comes in"
is "$(sql_with_key "SELECT count(*) FROM applications WHERE requested_by = 'tanaka' AND
	status = 'pending';")" 2 "its two applications wait for a supervisor, as tanaka's"
is "$(sql_with_key "SELECT count(*) FROM applications WHERE payload LIKE '%森%';")" 0 \
	"nothing of bad.csv came in"
is "$(ls "$WORK/import")" "passwd.csv" "both files left the spool; the link is left alone"
is "$(sql_with_key "SELECT count(*) FROM erasure_records WHERE kind = 'import_files';")" 2 \
	"... each with its erasure record"
tmux_stop s1

app a1 || bail "start"
login a1 kato pw-kato
tmux_wait a1 "[auditor]" || bail "kato logs in"
menu_pick a1 "Media register"
tmux_wait a1 "import batch.csv, imported (tanaka → suzuki)"
ok $? "the auditor's media register lists the import and its decision"
like "$(tmux_screen a1)" "import bad.csv, failed (tanaka → suzuki)" "... and the one that failed"
tmux_stop a1

done_testing
