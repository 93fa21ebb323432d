#!/bin/sh
# Issue 31: one account register for the office. An account requested on A2 is approved at
# the desk (DEMO-TEST-01) and its holder logs in there; revoked on A2 while logged in at the
# desk, they are stopped at their next key once the desk's background sync brought the
# revocation; the name requested again opens a new period, the ended one kept on both
# terminals; two terminals requesting one name at once: the second sees a conflict of that
# one account in its queue, and its supervisor decides.
. "$top_srcdir/tests/e2e/login-lib.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
trap 'tmux_stop_all; pg_stop; cleanup_fixture' EXIT
pg_central central OFFICE-A DEMO-TEST-01 t_desk DEMO-A2 t_a2
pam_users sato:pw-sato kimura:pw-kimura
desk_sync_conf t_desk
echo "sync_interval_seconds = 5" >> "$WORK/madoguchi.conf"
sync_terminal DEMO-A2 t_a2
desk_tool() {
	"$top_builddir/tests/sync/sync-tool" --config "$WORK/madoguchi.conf" "$@"
}

# --- Requested on A2, approved at the desk, logged in at the desk.
tool DEMO-A2 account-request kimura clerk suzuki || bail "request on A2"
sync_now DEMO-A2 > /dev/null || bail "A2 pushes the request"
desk_sync
is "$(sql_with_key "SELECT status || ' ' || requested_by FROM accounts WHERE
	user_name = 'kimura';")" "requested suzuki" "the desk holds A2's request"
app_owns_db
app s
login s sato pw-sato
tmux_wait s "[supervisor]" || bail "sato cannot log in"
menu_pick s "Approve accounts"
tmux_wait s "kimura"; ok $? "A2's request waits in the desk's approval queue"
tmux_type s "a"
tmux_wait s "Comment"
answer s "承認します"
tmux_wait s "Approved the account of kimura"; ok $? "a supervisor at the desk approves it"
logout s
desk_sync
sync_now DEMO-A2 > /dev/null || bail "A2 pulls the approval"
is "$(tsql DEMO-A2 "SELECT status || ' ' || decided_by FROM accounts WHERE
	user_name = 'kimura';")" "active sato" "A2 holds the approval made at the desk"
# kimura logs in at A2 too: A2's own screen, on A2's database.
echo "pam_service = $PAM_SERVICE_NAME" >> "$WORK/DEMO-A2/madoguchi.conf"
[ "$(id -u)" -ne 0 ] || chown madoguchi:madoguchi "$WORK/DEMO-A2/madoguchi.db"
tmux_start a2 env $(pam_env_args) madoguchi --config "$WORK/DEMO-A2/madoguchi.conf"
tmux_wait a2 "User name" || bail "A2's screen"
like "$(tmux_screen a2)" "Terminal: DEMO-A2" "A2's own login screen"
login a2 kimura pw-kimura
tmux_wait a2 "[clerk]"; ok $? "kimura logs in at A2 as well"
logout a2

# --- Revoked on A2 while logged in at the desk.
app k
login k kimura pw-kimura
tmux_wait k "[clerk]"; ok $? "kimura logs in at the desk"
tool DEMO-A2 account-revoke kimura suzuki 退職 || bail "revoke on A2"
sync_now DEMO-A2 > /dev/null || bail "A2 pushes the revocation"
revoked_at=$(date +%s)
# The desk's background sync (every 5 s here) brings it; until then a key does nothing.
i=0
while [ "$i" -lt 60 ]; do
	[ "$(sql_with_key "SELECT status FROM accounts WHERE user_name = 'kimura';")" = \
		revoked ] && break
	sleep 1
	i=$((i + 1))
done
arrived=$(( $(date +%s) - revoked_at ))
diag "the revocation reached the desk in ${arrived} s (interval 5 s)"
is "$(sql_with_key "SELECT status || ' ' || revoked_by FROM accounts WHERE
	user_name = 'kimura';")" "revoked suzuki" "the desk's background sync brought the revocation"
tmux_keys k Down
tmux_wait k "Account no longer active"; ok $? "kimura is stopped at the next key"
tmux_keys k Enter
tmux_wait k "窓口 — log in"; ok $? "... and the next clerk's login screen follows"
logout k

# --- The name again: a new period of the same account, the ended one kept everywhere.
desk_tool account-request kimura "clerk" sato; ok $? "kimura may be requested again"
is "$(sql_with_key "SELECT status || ' ' || version FROM accounts WHERE
	user_name = 'kimura';")" "requested 4" "... the same account, a new period"
desk_sync
sync_now DEMO-A2 > /dev/null || bail "A2 pulls the new period"
is "$(tsql DEMO-A2 "SELECT p.status || ' ' || p.revoke_reason || ' ' || a.status FROM
	account_periods p JOIN accounts a ON a.id = p.account_id WHERE
	a.user_name = 'kimura';")" "revoked 退職 requested" \
	"A2 holds the ended period and the new request"

# --- A change of roles requested on A2, approved at the desk: both hold it.
tool DEMO-A2 account-change tanaka "clerk supervisor" suzuki duties || bail "change on A2"
sync_now DEMO-A2 > /dev/null || bail "A2 pushes the change request"
desk_sync
desk_tool account-change-decide tanaka approve sato; ok $? "the desk's supervisor approves A2's change"
desk_sync
sync_now DEMO-A2 > /dev/null || bail "A2 pulls the approval"
is "$(tsql DEMO-A2 "SELECT a.roles || ' ' || c.status || ' ' || c.decided_by FROM accounts a
	JOIN account_changes c ON c.account_id = a.id WHERE a.user_name = 'tanaka';")" \
	"clerk supervisor approved sato" "the role change holds on A2 as at the desk"
is "$(sql_with_key "SELECT roles FROM accounts WHERE user_name = 'tanaka';")" \
	"clerk supervisor" "... and at the desk"

# --- Two changes of one account approved on both terminals before either synced.
tool DEMO-A2 account-change yamada "clerk supervisor" suzuki duties &&
	tool DEMO-A2 account-change-decide yamada approve sato || bail "yamada's change on A2"
desk_tool account-change yamada "auditor" sato transfer &&
	desk_tool account-change-decide yamada approve suzuki || bail "yamada's change at the desk"
sync_now DEMO-A2 > /dev/null || bail "A2 pushes its change first"
desk_sync
like "$(cat "$WORK/desk-sync.out")" "conflicts)" "the desk's change of the same account is a conflict"
conflict=$(desk_tool conflicts | grep " account ")
like "$conflict" "account" "... of the account, in the conflict queue, never silent"
desk_tool resolve "${conflict%% *}" remote || bail "take A2's change of yamada"
is "$(sql_with_key "SELECT roles FROM accounts WHERE user_name = 'yamada';")" \
	"clerk supervisor" "the supervisor takes A2's version of the account"
desk_sync

# --- One name requested on both terminals before either synced.
desk_tool account-request nomura clerk sato || bail "nomura at the desk"
tool DEMO-A2 account-request nomura "clerk supervisor" suzuki || bail "nomura on A2"
sync_now DEMO-A2 > /dev/null || bail "A2 pushes first"
desk_sync
like "$(cat "$WORK/desk-sync.out")" "(1 conflicts)" "the desk's request for the same name is a conflict"
conflict=$(desk_tool conflicts | grep " account ")
like "$conflict" "account" "... of the account, in the desk's conflict queue"
is "$(pg_sql central "SELECT payload->>'roles' FROM madoguchi.records WHERE
	entity = 'account' AND payload->>'user_name' = 'nomura'")" "clerk supervisor" \
	"the central store keeps the first request"
desk_tool resolve "${conflict%% *}" remote || bail "take the central version"
is "$(sql_with_key "SELECT roles || ' ' || requested_by FROM accounts WHERE
	user_name = 'nomura';")" "clerk supervisor suzuki" "the supervisor takes A2's request"
desk_sync
is "$(pg_sql central "SELECT count(*) FROM madoguchi.conflicts WHERE status = 'open'")" 0 \
	"no conflict is left open"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.records WHERE entity = 'account' AND
	payload->>'user_name' = 'nomura'")" 1 "one account of that name in the office"

done_testing
