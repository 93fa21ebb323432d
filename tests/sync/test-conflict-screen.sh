#!/bin/sh
# SPEC §10 at the terminal: the same holder changed at the desk and at another terminal
# reaches the desk's conflict queue; a supervisor sees both versions item by item and
# takes one; the view and the choice are audited; a clerk has no such screen.
. "$top_srcdir/tests/e2e/login-lib.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
trap 'tmux_stop_all; pg_stop; cleanup_fixture' EXIT
pg_central central OFFICE-A DEMO-TEST-01 t_desk DEMO-A2 t_a2
pam_users suzuki:pw-suzuki tanaka:pw-tanaka
desk_sync_conf t_desk
sync_terminal DEMO-A2 t_a2
desk_tool() {
	"$top_builddir/tests/sync/sync-tool" --config "$WORK/madoguchi.conf" "$@"
}

desk_tool add 2 DESK- || bail "holders at the desk"
desk_sync
sync_now DEMO-A2 > /dev/null || bail "sync A2"
hid=$(sql_with_key "SELECT id FROM holders ORDER BY id LIMIT 1;")
desk_tool edit "$hid" address2 "窓口で直した番地" || bail "edit at the desk"
tool DEMO-A2 edit "$hid" address2 "別端末で直した番地" || bail "edit at A2"
sync_now DEMO-A2 > /dev/null || bail "sync A2 again"
desk_sync
like "$(cat "$WORK/desk-sync.out")" "(1 conflicts)" "the desk's change of the holder is a conflict"
app_owns_db

# --- A clerk has no conflict screen.
app c1
login c1 tanaka pw-tanaka
tmux_wait c1 "[clerk]" || bail "tanaka cannot log in"
unlike "$(tmux_screen c1)" "Resolve sync conflicts" "a clerk's menu has no conflict queue"
logout c1

# suzuki logs in at session $1 and opens the conflict queue.
open_queue() {
	login "$1" suzuki pw-suzuki
	tmux_wait "$1" "[supervisor]" || bail "suzuki cannot log in"
	# Past the ninth item the digits do not reach: down the list to it.
	n=$(tmux_screen "$1" | sed -n "s/^ *\([0-9][0-9]*\)  Resolve sync conflicts.*/\1/p")
	[ -n "$n" ] || bail "no conflict queue in the supervisor's menu"
	while [ "$n" -gt 1 ]; do tmux_keys "$1" Down; n=$((n - 1)); done
	tmux_keys "$1" Enter
	tmux_wait "$1" "Sync conflicts"
}

# --- A supervisor opens it, sees both versions, takes the central one.
app s1
open_queue s1
ok $? "the supervisor opens the conflict queue"
like "$(tmux_screen s1)" "$(echo "$hid" | cut -c1-20)" "... which lists the holder"
like "$(tmux_screen s1)" "DEMO-A2" "... and the terminal whose version the central store holds"
tmux_keys s1 Enter
tmux_wait s1 "別端末で直した番地"
ok $? "opening it shows the central version"
like "$(tmux_screen s1)" "Changed here (version " "... headed with this terminal's version"
like "$(tmux_screen s1)" "Central (version " "... the central one's version"
like "$(tmux_screen s1)" "from DEMO-A2" "... and its terminal, whole"
like "$(tmux_screen s1)" "窓口で直した番地" "... beside this terminal's version"
tmux_keys s1 r
tmux_wait s1 "Take the central version?"
ok $? "taking the central version asks first"
tmux_keys s1 y
tmux_wait s1 "the central version is taken"
ok $? "... then says it is done"
like "$(tmux_screen s1)" "No conflict waits for a decision." "the queue is empty"
tmux_keys s1 Escape
tmux_wait s1 "Menu"
logout s1 2> /dev/null || sleep 1

is "$(sql_with_key "SELECT address2 FROM holders WHERE id = '$hid';")" "別端末で直した番地" \
	"the desk now holds the central version"
is "$(sql_with_key "SELECT user || ' ' || result FROM audit_log WHERE action = 'sync.resolve';")" \
	"suzuki ok" "the choice is audited with the supervisor's name"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'sync.conflict.view' AND user = 'suzuki';")" \
	1 "... and so is the view of both versions"
desk_sync
sync_now DEMO-A2 > /dev/null || bail "sync A2 at the end"
is "$(tsql DEMO-A2 "SELECT address2 FROM holders WHERE id = '$hid'")" "別端末で直した番地" \
	"after the next sync both terminals agree"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.conflicts WHERE status = 'open'")" 0 \
	"... and the central store closed its side of the conflict"

# --- A pulled change that is not JSON (the store sends jsonb's text: only a damaged or
# forged answer is such) waits in the queue as its text, and stops no pull. It cannot be
# taken; keeping this terminal's side (none) closes it.
bad=01a24401-9226-7000-984f-32ff14036d70
desk_tool pulled holder "$bad" "壊れた花子{\"id\":\"$bad\"" ||
	bail "a pulled change that is not JSON"
like "$(sql_with_key "SELECT source || ' ' || reason FROM sync_conflicts WHERE entity_id = '$bad' AND status = 'open';")" \
	"apply refused by this terminal's checks: the payload is not a JSON object" \
	"a pulled change that is not JSON waits in the conflict queue"
app_owns_db
# In Japanese, at 80x24: the heading says this terminal has no version, all in Japanese.
desk_conflicts_ja j
tmux_keys j Enter
tmux_wait j "壊れた花子"
ok $? "in Japanese, opening it shows the text the pull brought"
like "$(tmux_screen j)" "この端末の版：なし" "... under the heading that this terminal has none"
unlike "$(tmux_screen j)" "Changed here" "... with no English left"
like "$(tmux_screen j)" "DEMO-ELSEWHERE から" "... and the central version's terminal, whole"
# The change was pulled by a process in English (the tool above); the reason is shown in
# the screen's language all the same.
like "$(tmux_screen j)" "理由: この端末の検査で拒否: 内容が JSON オブジェクトではありません" \
	"... and why it waits, in Japanese though an English process pulled it"
unlike "$(tmux_screen j)" "refused by" "... with none of the English wording"
logout j 2> /dev/null || sleep 1
app s2
open_queue s2
tmux_keys s2 Enter
tmux_wait s2 "壊れた花子"
ok $? "opening it shows the text the pull brought"
like "$(tmux_screen s2)" "not a JSON object" "... and why it waits"
like "$(tmux_screen s2)" "Changed here: none" "... with no version of this terminal's"
tmux_keys s2 r
tmux_wait s2 "Take the central version?"
tmux_keys s2 y
tmux_wait s2 "cannot be written here"
ok $? "taking it is refused, saying why"
tmux_keys s2 l
tmux_wait s2 "Keep this terminal's version?"
tmux_keys s2 y
tmux_wait s2 "No conflict waits for a decision."
ok $? "keeping this terminal's side closes it"
tmux_keys s2 Escape
tmux_wait s2 "Menu"
logout s2 2> /dev/null || sleep 1
is "$(sql_with_key "SELECT count(*) FROM holders WHERE id = '$bad';")" 0 \
	"... and nothing of it was written"
desk_sync
is "$(sql_with_key "SELECT count(*) FROM outbox WHERE pushed_at IS NULL;")" 0 \
	"the next sync sends the resolution"

done_testing
