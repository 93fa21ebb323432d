#!/bin/sh
# SPEC §10 at the desk: madoguchi syncs in the background by itself and shows the state on
# the title line (last success, pending count, offline); while the central store hangs
# (its server stopped with SIGSTOP, so a connection waits instead of failing) typing goes
# on as usual; with the store down the line says OFFLINE, and it recovers by itself.
. "$top_srcdir/tests/e2e/login-lib.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
postmaster() { head -n 1 "$PG_WORK/data/postmaster.pid"; }
trap 'kill -CONT $(postmaster) 2> /dev/null; tmux_stop_all; pg_stop; cleanup_fixture' EXIT
pg_central central OFFICE-A DEMO-TEST-01 t_desk
pam_users suzuki:pw-suzuki
cat >> "$WORK/madoguchi.conf" <<CONF
sync_host = localhost
sync_port = $PG_PORT
sync_dbname = central
sync_user = t_desk
sync_cert = $PG_TLS/t_desk.crt
sync_key = $PG_TLS/t_desk.key
sync_ca = $PG_TLS/ca.crt
sync_signing_key = $PG_TLS/t_desk.sign
sync_interval_seconds = 5
sync_connect_timeout = 30
CONF
desk_tool() {
	"$top_builddir/tests/sync/sync-tool" --config "$WORK/madoguchi.conf" "$@"
}
ours() {	# the madoguchi processes of this test (other tests may run their own)
	for p in $(pgrep -x madoguchi); do
		tr '\0' ' ' < "/proc/$p/cmdline" 2> /dev/null | grep -qF "$WORK/" && echo "$p"
	done
}
central_holders() {
	pg_sql central "SELECT count(*) FROM madoguchi.records WHERE entity = 'holder'"
}
desk_tool add 3 DESK- || bail "holders at the desk"
app_owns_db

app s1
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki cannot log in"
n=$(ours | wc -l)
ok $((n >= 3 ? 0 : 1)) "the monitor, the screens and the background sync run ($n processes)"
tmux_wait s1 "Synced" 20
ok $? "the title line says when the background sync succeeded"
tmux_wait s1 "pending 0" 10
ok $? "... and that nothing is pending"
is "$(central_holders)" 3 "the background sync pushed the desk's holders"

# --- The central store hangs: typing does not wait for it ----------------------------
kill -STOP "$(postmaster)" || bail "cannot stop the server"
desk_tool edit "$(sql_with_key "SELECT id FROM holders ORDER BY id LIMIT 1;")" address2 "待ち番地" \
	|| bail "edit"
# Let a sync round start and hang in its connection.
sleep 6
menu_pick s1 "Search the register"
tmux_wait s1 "Name (kana or kanji, part)" 2
ok $? "a screen opens at once while the sync waits for the central store"
start=$(date +%s)
tmux_type s1 "ヤマダ"
tmux_wait s1 "ヤマダ" 2
ok $? "typed characters appear at once"
tmux_wait s1 "pending" 2
like "$(tmux_screen s1 | head -n 1)" "pending" "the title line is still shown"
tmux_keys s1 Escape
kill -CONT "$(postmaster)"
tmux_wait s1 "pending 0" 45
ok $? "once the central store answers, the waiting change goes out"

# --- Down: OFFLINE, then back ---------------------------------------------------------
_pg_as "$PG_BINDIR/pg_ctl" -D "$PG_WORK/data" -m fast -w stop > /dev/null 2>&1
desk_tool edit "$(sql_with_key "SELECT id FROM holders ORDER BY id LIMIT 1;")" address2 "離線番地" \
	|| bail "edit"
tmux_wait s1 "OFFLINE" 20
ok $? "with the central store down the title line says OFFLINE"
shown=$(tmux_screen s1 | head -n 1 | sed -n 's/.*pending \([0-9]*\).*/\1/p')
is "$shown" "$(desk_tool state | sed -n 's/^pending //p')" "... with the pending count ($shown)"
_pg_as "$PG_BINDIR/pg_ctl" -D "$PG_WORK/data" -l "$PG_WORK/log/server.log" -w start \
	> /dev/null 2>&1 || bail "PostgreSQL did not start again"
tmux_wait s1 "Synced" 20
ok $? "back online, it syncs again by itself"
is "$(pg_sql central "SELECT payload->>'address2' FROM madoguchi.records WHERE entity = 'holder' ORDER BY entity_id LIMIT 1")" \
	"離線番地" "... and the change made offline reached the central store"
# Leaving while a sync round waits for a hung central store: nothing is left behind.
kill -STOP "$(postmaster)" || bail "cannot stop the server"
desk_tool edit "$(sql_with_key "SELECT id FROM holders ORDER BY id LIMIT 1;")" address2 "最後の番地" \
	|| bail "edit"
sleep 6
tmux_keys s1 F10
tmux_gone s1 10 2> /dev/null
sleep 2
is "$(ours | wc -l)" 0 "the background sync ends with the application, even in a hung round"
kill -CONT "$(postmaster)"

done_testing
