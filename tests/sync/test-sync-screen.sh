#!/bin/sh
# Issue 32, the sync screen at the terminal: with the central store stopped the desk's
# first sync fails; the sysadmin's sync screen shows the store's error, the waiting
# changes (kind, id prefix, age, state, never a name) and, past 80 % of
# max_pending_changes, how many changes are left, which the title line also warns of.
# With the store back, "sync now" asks the background process for a cycle, which x cancels
# half-way: what was sent is exactly what the store holds. Asked again, the screen follows
# it to "Sync done", the changes are sent, the clock's offset is shown. The view
# and the request are audited; a supervisor reaches the conflict queue from it; a clerk
# has no such screen.
. "$top_srcdir/tests/e2e/login-lib.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
trap 'tmux_stop_all; pg_stop; cleanup_fixture' EXIT
pg_central central OFFICE-A DEMO-TEST-01 t_desk
pam_users suzuki:pw-suzuki tanaka:pw-tanaka ono:pw-ono
desk_sync_conf t_desk
"$top_builddir/tests/sync/sync-tool" --config "$WORK/madoguchi.conf" add 150 DESK- ||
	bail "holders at the desk"
pending=$(sql_with_key "SELECT count(*) FROM outbox WHERE pushed_at IS NULL;")
[ "$pending" -ge 900 ] || bail "only $pending changes wait"
# ono's login adds its record (for the office's account review, issue 31).
pending=$((pending + 1))
# One cycle at the start; then only when asked. The limit: 80 % reached, not passed.
# Small batches, so that a cycle lasts long enough to be cancelled half-way.
limit=$((pending + 1))
cat >> "$WORK/madoguchi.conf" <<CONF
sync_interval_seconds = 3600
max_pending_changes = $limit
sync_batch_size = 5
CONF
app_owns_db

_pg_as "$PG_BINDIR/pg_ctl" -D "$PG_WORK/data" -m fast -w -t 60 stop > /dev/null 2>&1 ||
	bail "cannot stop PostgreSQL"

app a1
login a1 ono pw-ono
tmux_wait a1 "[sysadmin]" || bail "ono cannot log in"
tmux_wait a1 "LIMIT: 1 changes left"
ok $? "the title line warns at 80 % of max_pending_changes"
menu_pick a1 "Sync and system status"
tmux_wait a1 "store not reached" 30
ok $? "the sync screen says the last attempt did not reach the store"
screen=$(tmux_screen a1)
like "$screen" "Outbox: $pending waiting" "... counts the waiting changes"
like "$screen" "waiting (last push failed)" "... lists them as waiting after a failed push"
like "$screen" "application" "... by kind"
like "$screen" "NEAR: 1 changes" "... and says how near the offline limit is"
like "$screen" "not measured yet (at the first sync" "the clock was never compared"
unlike "$screen" "同期" "no holder's name is on the sysadmin's screen"
unlike "$screen" "c Conflicts" "the sysadmin is not offered the conflict queue"

_pg_as "$PG_BINDIR/pg_ctl" -D "$PG_WORK/data" -l "$PG_WORK/log/server.log" -w -t 60 start \
	> /dev/null 2>&1 || bail "PostgreSQL did not start again"
tmux_type a1 "s"
tmux_wait a1 "Sync requested"
ok $? "sync now is acknowledged at once"
# Cancel half-way: once the store has acknowledged the first batches, x until the cycle
# takes it (at its next batch).
i=0
while [ $i -lt 200 ] && [ "$(sql_with_key "SELECT count(*) FROM outbox WHERE pushed_at IS NOT
	NULL;")" -eq 0 ]; do
	sleep 0.05
	i=$((i + 1))
done
i=0
while [ $i -lt 100 ] && ! tmux_screen a1 | grep -q "Sync failed\|Sync done"; do
	tmux_type a1 "x"
	sleep 0.1
	i=$((i + 1))
done
tmux_wait a1 "Sync failed: sync cancelled at the desk" 30
ok $? "a cycle cancelled half-way says so"
left=$(sql_with_key "SELECT count(*) FROM outbox WHERE pushed_at IS NULL;")
[ "$left" -gt 0 ] && [ "$left" -lt "$pending" ]
ok $? "... part of the outbox was sent, the rest waits ($left of $pending)"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.records WHERE office_id = 'OFFICE-A'")" \
	"$(sql_with_key "SELECT count(DISTINCT entity || entity_id) FROM outbox WHERE pushed_at
	IS NOT NULL;")" "... and the store holds exactly what the desk marked as sent"
tmux_type a1 "s"
tmux_wait a1 "Sync done: 0 changes wait." 60
ok $? "sync now again: the screen follows the cycle to its end"
screen=$(tmux_screen a1)
like "$screen" "Outbox: 0 waiting" "nothing waits"
like "$screen" "sent" "the changes are listed as sent"
like "$screen" ": done" "the last attempt is done"
like "$screen" "the central store's clock is" "the clock's offset is shown"
tmux_wait a1 "pending 0"
ok $? "the title line follows within seconds"
unlike "$(tmux_screen a1)" "LIMIT" "... and no longer warns"
tmux_keys a1 Escape
logout a1 2> /dev/null || sleep 1

is "$(pg_sql central "SELECT count(*) FROM madoguchi.records WHERE office_id = 'OFFICE-A'")" \
	"$(sql_with_key "SELECT count(DISTINCT entity || entity_id) FROM outbox;")" \
	"the central store holds every change of the desk"
is "$(sql_with_key "SELECT group_concat(DISTINCT action) FROM (SELECT action FROM audit_log
	WHERE user = 'ono' AND action LIKE 'sync.%' ORDER BY seq);")" \
	"sync.view,sync.request,sync.cancel" "the view, the requests and the cancel are audited"

app s1
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki cannot log in"
menu_pick s1 "Sync and system status"
tmux_wait s1 "c Conflicts"
ok $? "a supervisor has the sync screen, with the conflict queue one key away"
tmux_type s1 "c"
tmux_wait s1 "Sync conflicts"
ok $? "... which c opens"
logout s1 2> /dev/null || sleep 1

app c1
login c1 tanaka pw-tanaka
tmux_wait c1 "[clerk]" || bail "tanaka cannot log in"
unlike "$(tmux_screen c1)" "Sync and system status" "a clerk has no sync screen"
logout c1

done_testing
