#!/bin/sh
# SPEC §10 at the desk: a terminal that syncs but cannot reach the central store keeps
# working offline up to its limits. Past max_pending_changes unsent changes (here 5, with
# 24 demo holders waiting) a new application is refused on screen with the reason and
# nothing is stored, while searching goes on; with the limit above what is pending, the
# same application is filed. (max_offline_days: tests/unit/test-register.)
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users tanaka:pw-tanaka
madoguchi-admin demo-data --holders 24 --seed 7 --config "$WORK/madoguchi.conf" \
	> /dev/null || bail "demo holders failed"
cp "$WORK/madoguchi.conf" "$WORK/base.conf"
# A central store that is not there: nothing listens on port 1 of the loopback.
limit() {
	cp "$WORK/base.conf" "$WORK/madoguchi.conf"
	cat >> "$WORK/madoguchi.conf" <<CONF
date_style = western
sync_host = 127.0.0.1
sync_port = 1
sync_user = t_desk
sync_connect_timeout = 1
max_pending_changes = $1
CONF
}
pending=$(sql_with_key "SELECT count(*) FROM outbox WHERE pushed_at IS NULL;")
ok $((pending > 5 ? 0 : 1)) "more than 5 changes wait to be sent ($pending)"

# file NAME: a new registration (a holder without My Number) from the menu, then F2.
file() {
	menu_pick "$1" "Register and correct"
	tmux_wait "$1" "New registration application" || return 1
	fill "$1" "川口" "陽子" "ｶﾜｸﾞﾁ" "ﾖｳｺ" "" "" "" "" "" "" "2" "1990-04-01" "13" "" \
		"100-8926" "東京都千代田区" "霞が関２丁目１番２号" "" "" "" "" "" "" "" "" \
		"1" "BH-910002" "2020-04-01" "2020-04-02" "2020-05-01" "1" "2019" "" "P-1002"
	tmux_keys "$1" F2
}

limit 5
app o1
login o1 tanaka pw-tanaka
tmux_wait o1 "[clerk]" || bail "tanaka cannot log in"
file o1 || bail "the registration form is missing"
# The login adds its record (for the office's account review, issue 31).
tmux_wait o1 "Not filed: $((pending + 1)) changes unsent (limit 5)"
ok $? "past max_pending_changes the application is refused on screen"
tmux_screen o1 | sed 's/^/# |/'
like "$(tmux_screen o1)" "Applications wait for a sync." "... saying why and what to do, on one line"
is "$(sql_with_key "SELECT count(*) FROM applications;")" 0 "... and nothing is stored"
tmux_keys o1 Escape
tmux_wait o1 "Leave this form and lose what was typed?"
ok $? "what was typed is not dropped without asking"
tmux_keys o1 y
tmux_wait o1 "Search the register" || bail "back to the menu"
menu_pick o1 "Search the register"
tmux_wait o1 "Name (kana or kanji, part)"
ok $? "searching the register goes on while offline"
logout o1

limit 10000
# Reception numbers leased at an earlier sync (issue 24): offline, the terminal receives
# under them.
sql_with_key "INSERT INTO reception_number_blocks (source, year, first_number, last_number,
	next_number, added_at) VALUES ('central', CAST(strftime('%Y', 'now', 'localtime') AS
	INTEGER), 1, 100, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));" > /dev/null
app o2
login o2 tanaka pw-tanaka
tmux_wait o2 "[clerk]" || bail "tanaka cannot log in again"
file o2 || bail "the registration form is missing"
tmux_wait o2 "awaits a supervisor"
ok $? "under the limit the same application is filed"
is "$(sql_with_key "SELECT requested_by || ' ' || status FROM applications;")" \
	"tanaka pending" "... and stored"
logout o2
done_testing
