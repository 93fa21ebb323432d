#!/bin/sh
# Issue 20, deliverable 4 at the counter: the access disclosure (開示) from the holder's
# screen. The desk (DEMO-TEST-01) and A2 belong to office A, B1 to office B, against one
# test PostgreSQL. A holder of the desk is changed on A2 as well. The supervisor opens the
# disclosure on the holder's screen: the screen asks the background sync process for the
# office's entries and lists the desk's and A2's, each once, with full names, and nothing
# of office B; the printout (no printer: the spool) says the same in Japanese (pdftotext).
# Viewing and printing are audited, the request is gone afterwards. A clerk is refused.
# With the store stopped, the disclosure shows the desk's entries and says plainly that
# the other terminals' are missing. A date that does not exist gets a clear message.
. "$top_srcdir/tests/e2e/login-lib.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
command -v pdftotext > /dev/null || skip_all "pdftotext (poppler-utils) is not installed"
pg_start
trap 'tmux_stop_all; pg_stop; cleanup_fixture' EXIT
pg_central central OFFICE-A DEMO-TEST-01 t_desk DEMO-A2 t_a2
pg_central central OFFICE-B DEMO-B1 t_b1
pam_users suzuki:pw-suzuki tanaka:pw-tanaka
desk_sync_conf t_desk
sync_terminal DEMO-A2 t_a2
madoguchi-admin demo-data --holders 1 --seed 20 --config "$WORK/madoguchi.conf" \
	> /dev/null || bail "demo holders failed"
mkdir -m 700 "$WORK/certs"
cat >> "$WORK/madoguchi.conf" <<CONF
sync_interval_seconds = 3600
cert_spool = $WORK/certs
date_style = western
CONF
[ "$(id -u)" -eq 0 ] && chown madoguchi:madoguchi "$WORK/certs"
h=$(sql_with_key "SELECT id FROM holders LIMIT 1;")
name=$(sql_with_key "SELECT family_name || ' ' || given_name FROM holders WHERE id = '$h';")
kana=$(sql_with_key "SELECT family_kana || given_kana FROM holders WHERE id = '$h';")
desk_sync
sync_now DEMO-A2 > /dev/null || bail "A2 pulls the holder"
tool DEMO-A2 edit "$h" address2 "二番地" > /dev/null || bail "edit on A2"
sync_now DEMO-A2 > /dev/null || bail "A2 pushes"
from_a2=$(pg_sql central "SELECT count(*) FROM madoguchi.audit_entries WHERE office_id =
	'OFFICE-A' AND terminal_id = 'DEMO-A2' AND target LIKE 'holder:$h%'")
[ "$from_a2" -gt 0 ] || bail "A2 pushed no entry about the holder"
pg_sql central "INSERT INTO madoguchi.audit_entries (terminal_id, seq, office_id, at, tty,
	user_name, role, action, target, result, detail, prev_mac, mac) VALUES ('DEMO-B1',
	999999, 'OFFICE-B', '2026-01-01T00:00:00.000Z', 'tty9', 'intruder', 'clerk',
	'register.view', 'holder:$h', 'ok', '', decode(repeat('00', 32), 'hex'),
	decode(repeat('00', 32), 'hex'))" > /dev/null || bail "office B's entry"
app_owns_db

# holder NAME USER PASSWORD ROLE: logged in, on the holder's screen.
holder() {
	app "$1" || return 1
	login "$1" "$2" "$3"
	tmux_wait "$1" "[$4]" || return 1
	menu_pick "$1" "Search the register"
	tmux_wait "$1" "Name (kana or kanji, part)" || return 1
	tmux_type "$1" "$kana"
	tmux_keys "$1" Enter
	tmux_wait "$1" "$name" || return 1
	tmux_keys "$1" Enter
	tmux_wait "$1" "Holder: $name"
}
# disclose NAME FROM TO: a on the holder's screen, the period typed.
disclose() {
	tmux_type "$1" "a"
	tmux_wait "$1" "From (YYYY-MM-DD" || return 1
	[ -n "$2" ] && tmux_type "$1" "$2"
	tmux_keys "$1" Enter
	tmux_wait "$1" "To (YYYY-MM-DD" || return 1
	[ -n "$3" ] && tmux_type "$1" "$3"
	tmux_keys "$1" Enter
}

holder s1 suzuki pw-suzuki supervisor || bail "suzuki reaches the holder"
like "$(tmux_screen s1 | tail -n 1)" " a " "the holder's screen offers the disclosure (a)"
disclose s1 "" "" || bail "the disclosure's period"
tmux_wait s1 "Terminals: every terminal of the office" 30
ok $? "the screen gets the office's entries from the central store"
screen=$(tmux_screen s1)
like "$screen" "DEMO-A2" "... A2's entries are listed"
like "$screen" "DEMO-TEST-01" "... and the desk's own"
like "$screen" "(Clerk)" "... with who and their role"
unlike "$screen" "intruder" "... and nothing of office B"
is "$(sql_with_key "SELECT count(*) FROM disclosure_requests;")" 0 \
	"the request and its answer are gone once read"
n=$(printf '%s\n' "$screen" | sed -n 's/.* \([0-9][0-9]*\) entries; .*/\1/p')
desk_n=$(sql_with_key "SELECT count(*) FROM audit_log WHERE target LIKE 'holder:$h%';")
# The desk's entries so far (the disclosure.view just written among them), plus A2's.
is "$n" "$((desk_n + from_a2))" "every entry of the desk and A2, each once ($n)"

tmux_type s1 "p"
tmux_wait s1 "Print the disclosure of $n entries"
tmux_type s1 "y"
tmux_wait s1 "Disclosure printed:"
ok $? "p prints it"
like "$(tmux_screen s1 | tr -d '\n ')" "$WORK/certs/disclosure-" \
	"... to the spool: no printer is configured"
pdf=$(ls "$WORK"/certs/disclosure-*.pdf 2> /dev/null | head -n 1)
is "$(stat -c %a "$pdf" 2> /dev/null)" 600 "... a file only its owner reads"
text=$(pdftotext -layout "$pdf" - 2> /dev/null)
like "$text" "個人情報の取扱い記録の開示" "... the resident's copy"
like "$text" "$name" "... for the holder"
like "$text" "端末 DEMO-A2" "... with A2's entries"
like "$text" "事務所のすべての端末" "... saying every terminal is included"
unlike "$text" "intruder" "... and nothing of office B"
is "$(sql_with_key "SELECT action || ' ' || result FROM audit_log WHERE target = 'holder:$h'
	AND action LIKE 'disclosure.%' ORDER BY seq;" | tr '\n' ',')" \
	"disclosure.view ok,disclosure.print ok," "viewing and printing are audited"
# One entry whole: the list's line is cut at the screen's width.
tmux_keys s1 Enter
tmux_wait s1 "Terminal: DEMO-A2"
ok $? "Enter shows the selected entry whole"
screen=$(tmux_screen s1)
# Filing writes the reception and the application in one transaction: either comes first.
case "$screen" in
*"For: application 0"*|*"For: reception R"*) ok 0 "... with what it was for" ;;
*) ok 1 "... with what it was for"; printf '%s\n' "$screen" | sed 's/^/# | /' ;;
esac
tmux_keys s1 Enter
tmux_keys s1 Escape
tmux_wait s1 "Holder: $name"
ok $? "Esc goes back to the holder"

# A date that does not exist.
disclose s1 "2026-02-30" "" || bail "the disclosure's period, again"
tmux_wait s1 "\"2026-02-30\" is not a date"
ok $? "a date that does not exist: a clear message"
tmux_keys s1 Escape
tmux_wait s1 "Holder: $name" || bail "back at the holder"

# The store stopped: this terminal's entries, and plainly that the others are missing.
_pg_as "$PG_BINDIR/pg_ctl" -D "$PG_WORK/data" -m fast -w -t 60 stop > /dev/null 2>&1 ||
	bail "cannot stop PostgreSQL"
disclose s1 "" "" || bail "the disclosure's period, store stopped"
tmux_wait s1 "THIS TERMINAL ONLY: the other terminals' entries are MISSING" 40
ok $? "the store out of reach: the screen says the other terminals' entries are missing"
screen=$(tmux_screen s1)
unlike "$screen" "DEMO-A2" "... which are not listed"
like "$screen" "DEMO-TEST-01" "... while the desk's are"
is "$(sql_with_key "SELECT count(*) FROM disclosure_requests;")" 0 \
	"... and no request is left behind"
tmux_keys s1 Escape
tmux_stop s1

# A clerk has no disclosure.
holder c1 tanaka pw-tanaka clerk || bail "tanaka reaches the holder"
tmux_type c1 "a"
tmux_wait c1 "disclosure.print"
ok $? "a clerk is refused"
unlike "$(tmux_screen c1)" "From (YYYY-MM-DD" "... before any question"
tmux_stop c1

done_testing
