#!/bin/sh
# SPEC §8, issue 20 at the terminal: the audit log screen. A clerk opens a holder; the
# clerk's and the sysadmin's menus have no audit log and the role table gives neither of
# them 'audit.review'; a supervisor opens the log, filters it by user and by holder and
# sees the entries expected, opens one and reads the holder's name; filters with '%' and
# '_' are taken as typed; a reversed range and an unknown holder are refused with a
# message and change nothing; pages go back and forth; the auditor reads the same log
# (in Japanese, dates in the era) with no key that changes anything. Opening the log,
# every filter tried and every entry opened are in the log.
. "$top_srcdir/tests/e2e/login-lib.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

pam_users suzuki:pw-suzuki tanaka:pw-tanaka ono:pw-ono kato:pw-kato
madoguchi-admin demo-data --holders 3 --seed 11 --config "$WORK/madoguchi.conf" \
	> /dev/null || bail "demo holders failed"
HOLDER=$(sql_with_key "SELECT id FROM holders ORDER BY rowid LIMIT 1;")
NAME=$(sql_with_key "SELECT family_name || ' ' || given_name FROM holders WHERE id = '$HOLDER';")
TYPED=$(sql_with_key "SELECT family_name || given_name FROM holders WHERE id = '$HOLDER';")
NOBODY=00000000-0000-4000-8000-00000000dead

# shot NAME TITLE: the screen as seen, into the test log.
shot() {
	echo "# ---- $2 (80x24) ----"
	tmux_screen "$1" | sed 's/^/# |/'
}


# filter NAME USER HOLDER [FROM UNTIL]: the filter form, its fields cleared and typed
# (user, role, group, result, terminal, from, until, holder), applied with F2.
filter() {
	tmux_keys "$1" f
	tmux_wait "$1" "Audit log: filter" || return 1
	_i=0
	while [ "$_i" -lt 8 ]; do
		case $_i in
		0) _v=$2 ;; 5) _v=${4:-} ;; 6) _v=${5:-} ;; 7) _v=$3 ;; *) _v= ;;
		esac
		tmux_keys "$1" C-u
		[ -n "$_v" ] && tmux_type "$1" "$_v"
		[ "$_i" -lt 7 ] && tmux_keys "$1" Tab
		_i=$((_i + 1))
	done
	tmux_keys "$1" F2
}

# The clerk opens the holder from a search (an entry under the holder), and has no log.
app c1
login c1 tanaka pw-tanaka
tmux_wait c1 "[clerk]" || bail "tanaka cannot log in"
unlike "$(tmux_screen c1)" "Review the audit log" "the clerk's menu has no audit log"
menu_pick c1 "Search the register"
tmux_wait c1 "Name (kana or kanji, part)"
tmux_type c1 "$TYPED"
tmux_keys c1 Enter
tmux_wait c1 "$NAME" || bail "the holder is not found"
tmux_keys c1 Enter
tmux_wait c1 "Holder: $NAME"; ok $? "the clerk opens the holder from the search"
logout c1

app o1
login o1 ono pw-ono
tmux_wait o1 "[sysadmin]" || bail "ono cannot log in"
unlike "$(tmux_screen o1)" "Review the audit log" "the sysadmin's menu has no audit log"
logout o1
is "$(sql_with_key "SELECT group_concat(role, ' ') FROM (SELECT role FROM role_functions
	WHERE function = 'audit.review' ORDER BY role);")" "auditor supervisor" \
	"the role table gives 'audit.review' to the supervisor and the auditor only"

# The supervisor: the whole log first, newest first.
app s1
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki cannot log in"
menu_pick s1 "Review the audit log"
tmux_wait s1 "Filter: none"; ok $? "the supervisor opens the audit log, unfiltered"
screen=$(tmux_screen s1)
like "$screen" "login" "... it lists the logins"
like "$(echo "$screen" | sed -n 4p)" "log viewed" "... newest first: its own opening on top, by its label (issue 26)"
shot s1 "the audit log"

# By user: only tanaka's entries.
filter s1 tanaka ""
tmux_wait s1 "Filter: user=tanaka"; ok $? "filtered by user"
rows=$(tmux_screen s1 | sed -n '4,21p' | grep -v '^ *$')
like "$rows" "holder viewed" "... the clerk's view of the holder is there"
like "$rows" "register searched" "... and the search"
unlike "$rows" "suzuki" "... and nobody else's entry"
unlike "$rows" "ono" "... not the sysadmin's either"
shot s1 "filtered by user"

# By holder: the view, and nothing about anyone else.
filter s1 "" "$HOLDER"
tmux_wait s1 "Filter: holder=$HOLDER"; ok $? "filtered by holder"
rows=$(tmux_screen s1 | sed -n '4,21p' | grep -v '^ *$')
like "$rows" "holder viewed" "... the view of the holder is listed"
unlike "$rows" "register searched" "... the search named no holder"
unlike "$rows" " login " "... nor did a login"
tmux_keys s1 Down	# the filter's own entry is on top; the view below it
tmux_keys s1 Enter
tmux_wait s1 "Audit log: entry"; ok $? "an entry opens"
screen=$(tmux_screen s1)
like "$screen" "$NAME" "... with the holder's name from the register"
like "$screen" "holder viewed (register.view) [view]" "... the action, its code and its group"
like "$screen" "tanaka (clerk)" "... who, in which role"
like "$screen" "holder:$HOLDER" "... the target as recorded"
shot s1 "an entry"
tmux_keys s1 Escape
tmux_wait s1 "Filter: holder=$HOLDER"

# Metacharacters are characters.
filter s1 "%" ""
tmux_wait s1 "Filter: user=%"; ok $? "'%' is applied as a user name"
like "$(tmux_screen s1)" "No audit entry matches." "... and matches nobody"
filter s1 "tan_ka" ""
tmux_wait s1 "Filter: user=tan_ka"
like "$(tmux_screen s1)" "No audit entry matches." "'_' matches no other character"
filter s1 "x' OR '1'='1" ""
tmux_wait s1 "Filter: user=x' OR '1'='1"
like "$(tmux_screen s1)" "No audit entry matches." "a quote is part of the name, not SQL"

# Bad input: a message, and the list as it was.
filter s1 tanaka "" 2026-03-31 2026-03-01
tmux_wait s1 "The time range ends before it begins"; ok $? "a reversed range is refused"
tmux_keys s1 Escape
tmux_wait s1 "Filter: user=x' OR '1'='1"; ok $? "... and the filter shown has not changed"
filter s1 "" "" 1800-01-01 ""
tmux_wait s1 "no audit entry can be dated 1800-01-01"; ok $? "an absurd date is refused"
tmux_keys s1 Escape
filter s1 "" "$NOBODY"
tmux_wait s1 "the register has no holder"; ok $? "an unknown holder is refused"
like "$(tmux_screen s1 | tr -d '\n ')" "$NOBODY" "... the message names it"
tmux_keys s1 Escape
tmux_wait s1 "Filter: user=x' OR '1'='1"; ok $? "... and changes nothing"

# Pages: back to every entry, older and newer again.
tmux_keys s1 c
tmux_wait s1 "Page 1+  Filter: none"; ok $? "c clears the filter; more than a page"
first=$(tmux_screen s1 | sed -n 4p)
tmux_keys s1 NPage
tmux_wait s1 "Page 2"; ok $? "PgDn: older entries"
unlike "$(tmux_screen s1)" "$first" "... a page without the newest entry"
tmux_keys s1 PPage
tmux_wait s1 "Page 1+"
is "$(tmux_screen s1 | sed -n 4p)" "$first" "PgUp: the first page again"
logout s1

# The auditor, in Japanese with era dates: the same log, read-only.
tmux_start k1 env $(pam_env_args) LANGUAGE=ja madoguchi --config "$WORK/madoguchi.conf"
tmux_wait k1 "ユーザー名" || bail "no Japanese login screen"
login k1 kato pw-kato
tmux_wait k1 "[監査]" || bail "kato cannot log in"
menu_pick k1 "操作ログの確認"
tmux_wait k1 "絞り込み: なし"; ok $? "the auditor opens the audit log (in Japanese)"
screen=$(tmux_screen k1)
like "$screen" " R0" "... times in the Japanese era (the lists' short form, R08.04.06)"
like "$screen" "ログイン" "... actions by their Japanese labels"
bar=$(tmux_screen k1 | tail -n 1)
like "$bar" "絞り込み" "... the key bar offers the filter"
for k in 承認 却下 失効 訂正 削除 解決; do
	unlike "$bar" "$k" "... and no key that changes anything ($k)"
done
# Everything but the reading itself and the logout at the end.
changes="SELECT count(*) FROM audit_log WHERE action NOT LIKE 'audit.%' AND action <> 'logout';"
before=$(sql_with_key "$changes")
# Letters that are no key of the list go to the filter's user field (issue 26); Esc drops
# them unapplied.
tmux_keys k1 a r x d l
tmux_wait k1 "arxdl"; ok $? "typing in the list goes on in the filter"
tmux_keys k1 Escape
tmux_wait k1 "絞り込み: なし" || bail "the list again"
tmux_keys k1 Enter
tmux_wait k1 "操作ログ: 記録"; ok $? "the auditor opens an entry"
shot k1 "an entry for the auditor, in Japanese"
tmux_keys k1 Escape
logout k1
is "$(sql_with_key "$changes")" "$before" "the auditor's keys changed nothing but the log of reading"

# Reading is audited: the openings, each filter (refused ones with why), each entry.
log=$(sql_with_key "SELECT user || ' ' || action || ' ' || result || ' ' || detail FROM
	audit_log WHERE action LIKE 'audit.%' ORDER BY seq;")
like "$log" "suzuki audit.view ok" "the supervisor's opening is audited"
like "$log" "kato audit.view ok" "... and the auditor's"
like "$log" "suzuki audit.filter ok user=tanaka" "the user filter is audited"
like "$log" "suzuki audit.filter ok user=x' OR '1'='1" "... as typed"
like "$log" "suzuki audit.filter failed" "refused filters are audited as failed"
like "$log" "The time range ends before it begins" "... with why"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'audit.filter' AND
	result = 'ok' AND target = 'holder:$HOLDER';")" 1 "the holder filter is audited under the holder"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'audit.entry.view' AND
	user = 'suzuki' AND target LIKE 'holder:$HOLDER audit:%';")" 1 \
	"opening the entry is audited under its holder"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'audit.entry.view' AND
	user = 'kato';")" 1 "... and so is the auditor's"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'register.view' AND
	user = 'tanaka' AND target = 'holder:$HOLDER';")" 1 \
	"the search result the clerk opened is under the holder"

done_testing
