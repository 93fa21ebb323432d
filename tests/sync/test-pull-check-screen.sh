#!/bin/sh
# SPEC §10 at the terminal: a pulled change that fails this terminal's checks waits in the
# supervisor's conflict queue, which says why; taking the central version is refused with
# the reason, keeping this terminal's closes it; the register never holds the value.
. "$top_srcdir/tests/e2e/login-lib.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
trap 'tmux_stop_all; pg_stop; cleanup_fixture' EXIT
pg_central central OFFICE-A DEMO-TEST-01 t_desk DEMO-A2 t_a2
pam_users suzuki:pw-suzuki
desk_sync_conf t_desk
"$top_builddir/tests/sync/sync-tool" --config "$WORK/madoguchi.conf" add 2 DESK- ||
	bail "holders at the desk"
desk_sync
hid=$(sql_with_key "SELECT id FROM holders ORDER BY id LIMIT 1;")
name=$(sql_with_key "SELECT family_name FROM holders WHERE id = '$hid';")

# Another terminal's change of the holder's name, with an escape sequence and a
# right-to-left override in it, in the office log as the store hands it out.
pg_sql central "
WITH o AS (UPDATE madoguchi.offices SET last_change = last_change + 1
    WHERE office_id = 'OFFICE-A' RETURNING last_change),
r AS (UPDATE madoguchi.records SET version = version + 1,
    payload = payload || jsonb_build_object('family_name', E'\\u001b[2J\\u202e乗取')
    WHERE office_id = 'OFFICE-A' AND entity = 'holder' AND entity_id = '$hid'
    RETURNING version, payload)
INSERT INTO madoguchi.changes (terminal_id, seq, office_id, office_seq, entity, entity_id,
    version, op, payload, status, created_at)
SELECT 'DEMO-A2', 1, 'OFFICE-A', o.last_change, 'holder', '$hid', r.version, 'update',
    r.payload, 'applied', now() FROM o, r" > /dev/null || bail "the rogue change"
desk_sync
like "$(cat "$WORK/desk-sync.out")" "1 conflicts" "the desk's pull puts the change in the queue"
is "$(sql_with_key "SELECT family_name FROM holders WHERE id = '$hid';")" "$name" \
	"... and leaves the holder's name as it was"
app_owns_db

app s1
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki cannot log in"
n=$(tmux_screen s1 | sed -n "s/^ *\([0-9][0-9]*\)  Resolve sync conflicts.*/\1/p")
[ -n "$n" ] || bail "no conflict queue in the supervisor's menu"
while [ "$n" -gt 1 ]; do tmux_keys s1 Down; n=$((n - 1)); done
tmux_keys s1 Enter
tmux_wait s1 "Sync conflicts" || bail "no conflict queue"
tmux_keys s1 Enter
tmux_wait s1 "Why:"
ok $? "the conflict says why it waits"
screen=$(tmux_screen s1)
diag "$screen"
like "$screen" "refused by this terminal's checks" "... this terminal's checks refused it"
like "$screen" "member family_name" "... naming the member"
like "$screen" '"\x1b[2J\u202e乗取": character 1 is a control character' "... and showing the value escaped"
unlike "$screen" "$(printf '\342\200\256')" "... and the central version is drawn with the override escaped"
tmux_keys s1 r
tmux_wait s1 "Take the central version?" || bail "no question"
tmux_keys s1 y
tmux_wait s1 "cannot be written here"
ok $? "taking the central version is refused"
like "$(tmux_screen s1)" "family_name" "... saying why"
is "$(sql_with_key "SELECT family_name FROM holders WHERE id = '$hid';")" "$name" \
	"... and the name is still as it was"
tmux_keys s1 l
tmux_wait s1 "Keep this terminal's version?" || bail "no question"
tmux_keys s1 y
tmux_wait s1 "this terminal's version is kept"
ok $? "keeping this terminal's version closes the conflict"
tmux_keys s1 Escape
tmux_wait s1 "Menu"
logout s1 2> /dev/null || sleep 1
is "$(sql_with_key "SELECT family_name FROM holders WHERE id = '$hid';")" "$name" \
	"the register never held the refused name"

# --- A holder added at another terminal, found on this desk's search screen ---------------
# DEMO-A2's insert, in the office log as the store hands it out: the desk's other holder's
# record under an id and a name of its own. The pull indexes the batch's names at its end.
hid2=$(sql_with_key "SELECT id FROM holders WHERE id <> '$hid' ORDER BY id LIMIT 1;")
nid=01a24401-9226-7000-984f-32ff14039901
pg_sql central "
WITH o AS (UPDATE madoguchi.offices SET last_change = last_change + 1
    WHERE office_id = 'OFFICE-A' RETURNING last_change),
p AS (SELECT payload || jsonb_build_object('id', '$nid', 'family_name', '杉並',
    'given_name', '一郎', 'family_kana', 'スギナミ', 'given_kana', 'イチロウ') AS payload
    FROM madoguchi.records WHERE office_id = 'OFFICE-A' AND entity = 'holder'
    AND entity_id = '$hid2')
INSERT INTO madoguchi.changes (terminal_id, seq, office_id, office_seq, entity, entity_id,
    version, op, payload, status, created_at)
SELECT 'DEMO-A2', 2, 'OFFICE-A', o.last_change, 'holder', '$nid', 1, 'insert', p.payload,
    'applied', now() FROM o, p" > /dev/null || bail "the other terminal's holder"
desk_sync
like "$(cat "$WORK/desk-sync.out")" "1 applied" "the desk's pull takes the other terminal's holder"
app s2
login s2 suzuki pw-suzuki
tmux_wait s2 "[supervisor]" || bail "suzuki cannot log in again"
menu_pick s2 "Search the register"
tmux_wait s2 "Name (kana or kanji, part)" || bail "no search screen"
tmux_type s2 "スギナミイ"
tmux_keys s2 Enter
tmux_wait s2 "杉並 一郎"
ok $? "the search screen finds the pulled holder by name"
diag "$(tmux_screen s2)"
logout s2 2> /dev/null || sleep 1

done_testing
