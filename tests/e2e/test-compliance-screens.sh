#!/bin/sh
# Issue 23 at the desk: suzuki (supervisor) records an incident involving My Numbers in the
# incident register and its first response step; a step dated in the future and training
# for a person with no account are refused, saying why. kato (auditor) reads the register
# (he may not record) and the self-inspection report on the screen: item 6 says an
# incident occurred and item 7 that it was not reported to the Commission.
. "$top_srcdir/tests/e2e/login-lib.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pam_users suzuki:pw-suzuki kato:pw-kato
madoguchi-admin demo-data --holders 1 --seed 23 --config "$WORK/madoguchi.conf" \
	> /dev/null || bail "demo holders failed"
num=$(sql_with_key "SELECT certificate_number FROM registrations LIMIT 1;")
app_owns_db
today=$(date +%F)
# The registers' days as date_style (wareki, the default) shows them (issue 26).
today_era=$(printf '令和%d年%d月%d日' $(( $(date +%Y) - 2018 )) "$(date +%-m)" "$(date +%-d)")

# dialogs NAME PROMPT ANSWER...: each question waited for by its words, then answered.
dialogs() {
	_d=$1; shift
	while [ $# -ge 2 ]; do
		tmux_wait "$_d" "$1" || bail "the question '$1'"
		answer "$_d" "$2"
		shift 2
	done
}

app s1 || bail "start"
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki logs in"
menu_pick s1 "Self-inspection and registers" || bail "the menu entry"
tmux_wait s1 "Incidents (漏えい等事案)" || bail "the registers"
tmux_keys s1 F1
tmux_wait s1 "The office's registers for the self-inspection"
ok $? "F1 shows what the screen is for"
tmux_keys s1 Enter
tmux_type s1 2
tmux_wait s1 "Nothing is recorded."
ok $? "the incident register starts empty"
tmux_keys s1 F1
tmux_wait s1 "s a response step of an"
ok $? "... on each screen, with its keys"
tmux_keys s1 Enter
tmux_type s1 n
dialogs s1 "Found on" "$today" "Found by" "鈴木 花子" "What happened" \
	"個人番号を記載した申請書の誤送付" "What data" "氏名、個人番号" "How many persons" 1 \
	"Were My Numbers" y "Cause" ""
tmux_wait s1 "Incident recorded"
ok $? "the incident is recorded"
like "$(tmux_screen s1)" "$today_era  個人番号を記載した申請書の誤送付  (1 persons; steps done: )" \
	"... and listed with no step done yet"
tmux_type s1 s
dialogs s1 "Step: 1 first response" 1 "Done on" "$today" "Done by" "鈴木 花子" \
	"Note" "書類を回収"
tmux_wait s1 "Step recorded."
ok $? "its first response is recorded"
like "$(tmux_screen s1)" "steps done: 1)" "... and listed"
tmux_type s1 s
dialogs s1 "Step: 1 first response" 5 "Done on" 2099-01-01 "Done by" "佐藤 一郎" \
	"Note" "報告"
tmux_wait s1 "is in the future; a register records what happened"
ok $? "a step dated in the future is refused, saying why"
tmux_keys s1 Enter
tmux_wait s1 "① first response: $today_era by 鈴木 花子 書類を回収"
ok $? "Enter shows the incident whole with its steps"
tmux_keys s1 Enter
tmux_keys s1 Escape
tmux_wait s1 "Training records" || bail "back at the registers"
tmux_type s1 3
tmux_wait s1 "Nothing is recorded." || bail "the training register"
tmux_type s1 n
dialogs s1 "Person (user name)" nobody "Course" "マイナンバー研修" "Kind: 1 new handler" 2 \
	"Taken on" "$today"
tmux_wait s1 "nobody has no account on this terminal"
ok $? "training for a person with no account is refused"
tmux_keys s1 Escape
tmux_wait s1 "Enquiries and disclosure requests" || bail "back at the registers"
tmux_type s1 4
tmux_wait s1 "Nothing is recorded." || bail "the enquiries register"
tmux_type s1 n
dialogs s1 "Kind: 1 consultation" 2 "Received on" "$today" "Subject" "取扱い記録の開示請求" \
	"Holder's certificate number" "X-0000"
tmux_wait s1 "No holder has the certificate X-0000"
ok $? "a disclosure request for a certificate nobody has is refused"
tmux_type s1 n
dialogs s1 "Kind: 1 consultation" 2 "Received on" "$today" "Subject" "取扱い記録の開示請求" \
	"Holder's certificate number" "$num"
tmux_wait s1 "Enquiry recorded"
ok $? "a disclosure request is recorded for its holder"
tmux_keys s1 Enter
tmux_wait s1 "Disclosure report printed: -"
ok $? "... and shows that no disclosure report was printed for them yet"
tmux_keys s1 Enter
tmux_stop s1
is "$(sql_with_key "SELECT count(*) FROM incident_steps;")" 1 "one step is kept, the refused one not"
is "$(sql_with_key "SELECT count(*) FROM outbox WHERE entity IN ('incident', 'incident_step');")" 2 \
	"the incident and its step wait to be synced"

app a1 || bail "start"
login a1 kato pw-kato
tmux_wait a1 "[auditor]" || bail "kato logs in"
menu_pick a1 "Self-inspection and registers" || bail "the auditor's menu entry"
tmux_wait a1 "Incidents (漏えい等事案)" || bail "the registers"
tmux_type a1 2
tmux_wait a1 "個人番号を記載した申請書の誤送付" || bail "the register for the auditor"
unlike "$(tmux_screen a1)" "n New" "the auditor is offered no recording"
tmux_type a1 n
tmux_wait a1 "not allowed"
ok $? "... and may not record"
tmux_keys a1 Escape
tmux_wait a1 "Self-inspection report (自己点検)" || bail "back at the registers"
tmux_type a1 1
tmux_wait a1 "1. 特定個人情報等の具体的な取扱いを定めるために"
ok $? "the report is shown, in the survey's words"
found6=1
found7=1
for i in 1 2 3 4 5 6 7 8 9 10; do
	screen=$(tmux_screen a1)
	case $screen in *"Answer: 漏えい等事案が発生した (occurred)"*) found6=0 ;; esac
	case $screen in *"Answer: 報告を行っていない (not_reported)"*) found7=0 ;; esac
	tmux_keys a1 NPage
	sleep 0.2
done
ok $found6 "item 6: an incident occurred"
ok $found7 "item 7: it was not reported to the Commission"
# Issue 26: a footer offers only what the role may do.
tmux_keys a1 Escape
tmux_wait a1 "Self-inspection and registers" || bail "back at the registers"
tmux_keys a1 Escape
tmux_wait a1 "[auditor]" || bail "back at the menu"
menu_pick a1 "Account register" || bail "the account register"
tmux_wait a1 "Details" || bail "the account register's footer"
unlike "$(tmux_screen a1)" "x Revoke" "the auditor's account register offers no revocation"
tmux_stop a1
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'compliance.report' AND
	user = 'kato';")" 1 "showing the report is audited"

done_testing
