#!/bin/sh
# Issue 20 at the terminal: a clerk looks holders up at 22:00 on a Monday (the test clock;
# office hours 08:30-17:15) and views ten of them within a minute. The supervisor's flags
# screen shows the two flags with their reasons; a rule's threshold of 0 is refused and
# changes nothing; a sign-off is refused until both flags are acknowledged, each with a
# comment; the auditor sees the flags, the rules and the sign-off and cannot acknowledge
# or sign off; a clerk and a sysadmin have neither screen.
. "$top_srcdir/tests/e2e/login-lib.sh"

grep -q '^#define WITH_TEST_CLOCK 1' "$top_builddir/config.h" ||
	skip_all "built without --enable-test-clock (MADOGUCHI_TEST_CLOCK)"
pam_users sato:pw-sato suzuki:pw-suzuki tanaka:pw-tanaka kato:pw-kato ono:pw-ono
echo "date_style = western" >> "$WORK/madoguchi.conf"
echo "office_hours = 08:30-17:15 mon-fri" >> "$WORK/madoguchi.conf"
madoguchi-admin demo-data --holders 12 --seed 3 --config "$WORK/madoguchi.conf" \
	> /dev/null || bail "demo holders failed"
app_owns_db

# app_at NAME: madoguchi in Japan's time zone, its clock starting at 2026-04-06 22:00.
app_at() {
	tmux_start "$1" env $(pam_env_args) TZ=Asia/Tokyo \
		MADOGUCHI_TEST_CLOCK=2026-04-06T22:00:00+09:00 \
		madoguchi --config "$WORK/madoguchi.conf"
	tmux_wait "$1" "User name" || return 1
}
sql() { sql_with_key "$1"; }
app_at c1
login c1 tanaka pw-tanaka
tmux_wait c1 "[clerk]" || bail "tanaka cannot log in"
unlike "$(tmux_screen c1)" "Unusual-use flags" "a clerk has no flags screen"
unlike "$(tmux_screen c1)" "Log review sign-offs" "nor the sign-offs"
menu_pick c1 "Search the register"
tmux_wait c1 "Name (kana or kanji, part)"
tmux_keys c1 Tab Tab Tab
tmux_type c1 "1"
tmux_keys c1 Enter
tmux_wait c1 "PgDn/PgUp"; ok $? "the clerk searches the register at 22:00"
viewed=0
while [ $viewed -lt 10 ]; do
	tmux_keys c1 Enter
	tmux_wait c1 "Holder:" || break
	tmux_keys c1 Escape
	tmux_wait c1 "PgDn/PgUp" || break
	tmux_keys c1 Down
	viewed=$((viewed + 1))
done
is "$viewed" 10 "ten holders viewed"
tmux_keys c1 Escape
tmux_keys c1 Escape
logout c1
is "$(sql "SELECT count(*) FROM audit_log WHERE action = 'register.view' AND user = 'tanaka'
	AND at BETWEEN '2026-04-06T13:00:00' AND '2026-04-06T13:01:00';")" 10 \
	"the log has the ten views at 22:00 local (13:00 UTC) within a minute"

app_at s1
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki cannot log in"
menu_pick s1 "Unusual-use flags"
tmux_wait s1 "2026-04-06..2026-04-06 · hours"; ok $? "the flags screen opens on today (test clock)"
# The demo register has no applications: every view is also one "with no open
# application". This office raises that rule's threshold; 0 is refused first.
tmux_type s1 "r"
tmux_wait s1 "Rules of the unusual-use flags"; ok $? "the rules screen"
like "$(tmux_screen s1)" "08:30-17:15 mon-fri" "it shows the office hours"
tmux_keys s1 Down Down
tmux_type s1 "e"
tmux_wait s1 "Threshold (now 1"
answer s1 "0"
tmux_wait s1 "Window in minutes"
answer s1 "60"
tmux_wait s1 "Not changed"; ok $? "a threshold of 0 is refused on screen"
is "$(sql "SELECT threshold || ' ' || coalesce(changed_by, '-') FROM audit_rules
	WHERE name = 'no_application';")" "1 -" "and nothing changed"
tmux_type s1 "e"
tmux_wait s1 "Threshold (now 1"
answer s1 "20"
tmux_wait s1 "Window in minutes"
answer s1 "60"
tmux_wait s1 "Rule changed"; ok $? "the supervisor changes the rule"
is "$(sql "SELECT count(*) FROM audit_log WHERE action = 'audit.rule.change' AND
	user = 'suzuki' AND target = 'rule:no_application';")" 1 "the change is audited"
tmux_keys s1 Escape
tmux_type s1 "p"
tmux_wait s1 "First day"
answer s1 ""
tmux_wait s1 "Last day"
answer s1 ""
tmux_wait s1 "2 flags, 2 open"; ok $? "two flags in the period, both open"
screen=$(tmux_screen s1)
like "$screen" "Lookups and views outside office hours" "the flag of the hour is listed"
like "$screen" "Many views or Juki queries in a short" "the flag of the burst is listed"
like "$screen" "11 lookups or views outside office hours (08:30-17:15 mon-fri)" \
	"the selected flag says why"
tmux_keys s1 Down
tmux_wait s1 "10 views or Juki queries on 2026-04-06, 22:00-22:00: 10 or more"
ok $? "the burst's reason"
tmux_keys s1 Up
tmux_type s1 "s"
tmux_wait s1 "Comment (required)"
answer s1 "確認した"
tmux_wait s1 "Not signed off"; ok $? "a sign-off with two open flags is refused"
is "$(sql "SELECT count(*) FROM audit_reviews;")" 0 "nothing signed"
tmux_type s1 "a"
tmux_wait s1 "Follow-up taken"
answer s1 ""
tmux_wait s1 "comment is required"; ok $? "an acknowledgement needs a comment"
is "$(sql "SELECT count(*) FROM audit_flag_acks;")" 0 "nothing acknowledged"
tmux_type s1 "a"
tmux_wait s1 "Follow-up taken"
answer s1 "本人に聴取、夜間の問合せ対応と確認"
tmux_wait s1 "Flag acknowledged"; ok $? "the first flag is acknowledged"
tmux_type s1 "s"
tmux_wait s1 "Comment (required)"
answer s1 "確認した"
tmux_wait s1 "Not signed off"; ok $? "still refused with one open flag"
tmux_keys s1 Down
tmux_type s1 "a"
tmux_wait s1 "Follow-up taken"
answer s1 "連続閲覧の理由を確認済み"
tmux_wait s1 "2 flags, 0 open"; ok $? "both flags acknowledged"
tmux_type s1 "s"
tmux_wait s1 "Comment (required)"
answer s1 "2026-04-06 のログを確認した"
tmux_wait s1 "Signed off 2026-04-06 to 2026-04-06"; ok $? "the sign-off is taken"
is "$(sql "SELECT signed_by || ' ' || flags || ' ' || terminals FROM audit_reviews;")" \
	"suzuki 2 DEMO-TEST-01" "kept with its flags and terminal"
is "$(sql "SELECT count(*) FROM outbox WHERE entity IN ('audit_review', 'audit_flag_ack');")" \
	3 "sign-off and acknowledgements go to the outbox"
tmux_keys s1 Escape
tmux_wait s1 "[supervisor]"
menu_pick s1 "Log review sign-offs"
tmux_wait s1 "Terminals"; ok $? "the list of sign-offs opens"
like "$(tmux_screen s1)" "2026-04-06..2026-04-06 DEMO-TEST-01 2     suzuki" \
	"the sign-off is listed"
logout s1

app_at a1
login a1 kato pw-kato
tmux_wait a1 "[auditor]" || bail "kato cannot log in"
menu_pick a1 "Unusual-use flags"
tmux_wait a1 "2 flags, 0 open"; ok $? "the auditor sees the flags"
like "$(tmux_screen a1)" "Acknowledged by suzuki" "with their acknowledgements"
unlike "$(tmux_screen a1)" "Acknowledge " "no acknowledge key is offered"
tmux_type a1 "a"
tmux_wait a1 "a supervisor acknowledges"; ok $? "the auditor cannot acknowledge"
tmux_type a1 "s"
tmux_wait a1 "a supervisor signs off"; ok $? "nor sign off"
tmux_type a1 "r"
tmux_wait a1 "Rules of the unusual-use flags"
tmux_type a1 "e"
tmux_wait a1 "Threshold (now 1"
answer a1 "3"		# the first rule counts per day: no window is asked
tmux_wait a1 "not allowed"; ok $? "nor change a rule"
tmux_keys a1 Escape
tmux_wait a1 "hours 08:30"
tmux_keys a1 Escape
tmux_wait a1 "[auditor]"
menu_pick a1 "Log review sign-offs"
tmux_wait a1 "Terminals"; ok $? "the auditor opens the sign-offs"
like "$(tmux_screen a1)" "2026-04-06..2026-04-06 DEMO-TEST-01 2     suzuki" \
	"the auditor sees the sign-off"
like "$(tmux_screen a1)" "Comment: 2026-04-06 のログを確認した" "with its comment"
tmux_type a1 "k"
tmux_wait a1 "Acknowledgements of flags"; ok $? "and the acknowledgements"
like "$(tmux_screen a1)" "access_burst" "each with its rule"
logout a1
is "$(sql "SELECT count(*) FROM audit_flag_acks;") $(sql "SELECT threshold FROM audit_rules
	WHERE name = 'no_application';")" "2 20" "the auditor changed nothing"

# madoguchi-admin prints the same evidence, and its print is audited.
out=$(madoguchi-admin audit-reviews --config "$WORK/madoguchi.conf" 2>&1)
like "$out" "2026-04-06..2026-04-06 DEMO-TEST-01 signed" "audit-reviews prints the sign-off"
like "$out" "by suzuki, 2 flags: 2026-04-06 のログを確認した" "... who, how many flags, the comment"
like "$out" "access_burst tanaka" "... and each acknowledgement"
like "$out" "連続閲覧の理由を確認済み" "... with its follow-up"
out=$(madoguchi-admin audit-reviews --csv --config "$WORK/madoguchi.conf" 2>&1)
is "$(echo "$out" | grep -c '^"acknowledgement"')" 2 "--csv: one row per acknowledgement"
is "$(sql "SELECT count(*) FROM audit_log WHERE action = 'audit.reviews.print';")" 2 \
	"each print is audited"

app_at o1
login o1 ono pw-ono
tmux_wait o1 "[sysadmin]" || bail "ono cannot log in"
unlike "$(tmux_screen o1)" "Unusual-use flags" "the sysadmin has no flags screen"
unlike "$(tmux_screen o1)" "Log review sign-offs" "nor the sign-offs"
logout o1

# A reader of dates in the era (date_style = wareki) reads the flags' days so, in their reasons
# too: the sign-off's days in its prompt as well.
sed -i 's/^date_style = western$/date_style = wareki/' "$WORK/madoguchi.conf"
app_at e1
login e1 suzuki pw-suzuki
tmux_wait e1 "[supervisor]" || bail "suzuki cannot log in"
menu_pick e1 "Unusual-use flags"
tmux_wait e1 "2 flags, 0 open"; ok $? "the flags in the era's dates"
like "$(tmux_screen e1)" "令和8年4月6日, 22:00-22:00" "the reason gives the day in the era"
unlike "$(tmux_screen e1)" "on 2026-04-06" "not the stored day"
tmux_type e1 "s"
tmux_wait e1 "Comment (required)"
like "$(tmux_screen e1)" "Sign off the log of 令和8年4月6日 to 令和8年4月6日" \
	"the sign-off asks for the days in the era"
tmux_keys e1 Escape
logout e1

done_testing
