#!/bin/sh
# SPEC §10 at the desk: madoguchi syncs in the background by itself and shows the state on
# the title line (last success, pending count, offline); while the central store hangs
# (its server stopped with SIGSTOP, so a connection waits instead of failing) typing goes
# on as usual; with the store down the line says OFFLINE, and it recovers by itself.
# Started as root (as CI runs it), the background process reads the database key and the
# TLS files once and runs as the system user madoguchi (SPEC §2), with the TLS files in
# memory only; when it cannot drop root it does not sync, and says so.
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
desk_sync_conf t_desk
cat >> "$WORK/madoguchi.conf" <<CONF
sync_interval_seconds = 5
sync_connect_timeout = 30
CONF
# The terminal's TLS files are root's only: the background process reads them before it
# drops root, or not at all.
chmod 700 "$PG_TLS"
desk_tool() {
	"$top_builddir/tests/sync/sync-tool" --config "$WORK/madoguchi.conf" "$@"
}
ours() {	# ours [NAME]: the madoguchi processes of this test (other tests run their own)
	for p in $(if [ $# -eq 0 ]; then pgrep -x madoguchi; pgrep -x madoguchi-sync
	    else pgrep -x "$1"; fi); do
		tr '\0' ' ' < "/proc/$p/cmdline" 2> /dev/null | grep -qF "$WORK/" && echo "$p"
	done
}
ids() {		# ids PID Uid|Gid: real, effective, saved and filesystem IDs
	sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status" | tr -s '\t ' ' '
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

# --- Not root: the background process after its drop ---------------------------------
sync=$(ours madoguchi-sync)
is "$(echo "$sync" | wc -w)" 1 "one background sync process, named madoguchi-sync"
sync=$(echo "$sync" | head -n 1)
[ -n "$sync" ] || bail "no background sync process"
monitor=$(awk '{ print $4 }' "/proc/$sync/stat")
is "$(cat "/proc/$monitor/comm")" madoguchi "its parent is madoguchi's first process, the monitor"
if [ "$(id -u)" -eq 0 ]; then
	user=$(id -u madoguchi) group=$(id -g madoguchi)
	is "$(ids "$monitor" Uid)" "0 0 0 0" "the monitor keeps root"
else
	user=$(id -u) group=$(id -g)
fi
is "$(ids "$sync" Uid)" "$user $user $user $user" \
	"the background sync runs as $(id -un "$user"): real, effective, saved and fs user IDs"
is "$(ids "$sync" Gid)" "$group $group $group $group" "... and group IDs"
if [ "$(id -u)" -eq 0 ]; then
	is "$(sed -n 's/^Groups:[[:space:]]*//p' "/proc/$sync/status" | tr -d ' \t')" "$group" \
		"... with no other group"
	is "$(sed -n 's/^NoNewPrivs:[[:space:]]*//p' "/proc/$sync/status")" 1 "... and no_new_privs"
fi
# A process that may not dump core has its /proc entries owned by root.
is "$(stat -c %u "/proc/$sync/fd")" 0 "it cannot dump core (it holds keys)"
is "$(stat -c '%U %a' "$PG_TLS/t_desk.key")" "$(id -un) 600" \
	"the TLS key file stays $(id -un)'s, 0600"
# Only root may look at the open files of a process that cannot dump core.
if [ "$(id -u)" -eq 0 ]; then
	fds=$(for f in /proc/"$sync"/fd/*; do readlink "$f"; done)
	unlike "$fds" "$PG_TLS" "it keeps no file of the TLS directory open"
	unlike "$fds" "$WORK/db.key" "... nor the database key file"
	like "$fds" "/memfd:sync_key" "it holds the TLS key in an in-memory file"
	keyfd=$(for f in /proc/"$sync"/fd/*; do
		readlink "$f" | grep -q '^/memfd:sync_key' && basename "$f"; done)
	runuser -u madoguchi -- cat "/proc/$sync/fd/$keyfd" > /dev/null 2>&1
	ok $((! $?)) "the screen process's user cannot read that file through /proc"
	runuser -u madoguchi -- cat "$PG_TLS/t_desk.key" > /dev/null 2>&1
	ok $((! $?)) "... nor the key file"
fi

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
logout s1 10 2> /dev/null
sleep 2
is "$(ours | wc -l)" 0 "the background sync ends with the application, even in a hung round"
kill -CONT "$(postmaster)"

# --- A TLS key others may read: refused as libpq refused it, and said ------------------
# Started without a terminal, madoguchi ends at once; its background process still reads
# the files, refuses the key and leaves why in the sync state.
chmod 640 "$PG_TLS/t_desk.key"
madoguchi --config "$WORK/madoguchi.conf" < /dev/null > /dev/null 2>&1
for i in $(seq 100); do
	[ -z "$(ours)" ] && madoguchi-admin status --config "$WORK/madoguchi.conf" 2>&1 |
		grep -q "sync error:" && break
	sleep 0.2
done
like "$(madoguchi-admin status --config "$WORK/madoguchi.conf" 2>&1)" \
	"sync error:      sync_key $PG_TLS/t_desk.key is readable by group or others (mode 0640)" \
	"a TLS key the group may read is refused, and madoguchi-admin status says why"
chmod 600 "$PG_TLS/t_desk.key"

# --- A drop that fails: no sync, and it says so ---------------------------------------
# Without CAP_SETUID and CAP_SETGID (a unit hardened too far, a container) root cannot
# drop: the screen process refuses to start, and the background process must not sync as
# root. It records why in the audit log and the sync state (and syslog).
if [ "$(id -u)" -ne 0 ] || ! command -v setpriv > /dev/null; then
	for t in 1 2 3 4 5; do
		ok 0 "a failed drop # SKIP needs root and setpriv"
	done
	done_testing
	exit
fi
out=$(setpriv --bounding-set=-setuid,-setgid madoguchi --config "$WORK/madoguchi.conf" \
	< /dev/null 2>&1)
rc=$?
is "$rc" 1 "without the capabilities to drop root madoguchi does not start"
like "$out" "setgroups for madoguchi" "... and says why"
for i in $(seq 50); do
	[ -z "$(ours)" ] && break
	sleep 0.2
done
is "$(sql_with_key "SELECT result || ': ' || detail FROM audit_log WHERE user = 'madoguchi-sync' ORDER BY seq DESC LIMIT 1;")" \
	"failed: setgroups for madoguchi: Operation not permitted" \
	"the background process audited why it does not sync"
like "$(madoguchi-admin status --config "$WORK/madoguchi.conf" 2>&1)" \
	"sync error:      setgroups for madoguchi" \
	"... and left it in the sync state, which madoguchi-admin status shows"
unlike "$(pg_sql central "SELECT payload->>'address2' FROM madoguchi.records WHERE entity = 'holder'")" \
	"最後の番地" "... and did not sync as root"

done_testing
