#!/bin/sh
# A terminal restored from an old backup after further synced work (docs/sync.md, "A
# restored terminal"): madoguchi-admin sync-recover says RESUME, brings back the lost
# changes and audit entries from the central store, renumbers the work redone since the
# restore so that the next sync-now takes it, and keeps the audit chain whole. A database
# whose history diverged under the same terminal id is told RE-REGISTER and nothing
# changes; neither does anything when the store cannot be reached.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
pg_central central OFFICE-A DEMO-A1 t_a1 DEMO-A2 t_a2
sync_terminal DEMO-A1 t_a1
sync_terminal DEMO-A2 t_a2

recover() {	# recover NAME [ARGS]: madoguchi-admin sync-recover, stdout and stderr
	local name=$1
	shift
	madoguchi-admin sync-recover --config "$WORK/$name/madoguchi.conf" "$@" 2>&1
}
# What must not move when nothing is to change: the outbox, the register, the audit log
# and the sync state of a terminal.
local_state() {
	tsql "$1" "SELECT (SELECT group_concat(seq || ':' || coalesce(pushed_at, '-'), ',') FROM outbox),
	(SELECT count(*) FROM holders), (SELECT count(*) FROM audit_log),
	(SELECT count(*) FROM sync_conflicts), pull_cursor, audit_pushed FROM sync_state;"
}
central_state() {
	pg_sql central "SELECT (SELECT count(*) FROM madoguchi.changes), (SELECT max(seq) FROM madoguchi.changes WHERE terminal_id = 'DEMO-A1'), (SELECT count(*) FROM madoguchi.records), audit_seq, encode(audit_mac, 'hex') FROM madoguchi.terminals WHERE terminal_id = 'DEMO-A1'"
}

madoguchi-admin demo-data --holders 3 --config "$WORK/DEMO-A1/madoguchi.conf" > /dev/null ||
	bail "demo data"
out=$(sync_now DEMO-A1) || bail "first sync: $out"
out=$(sync_now DEMO-A2) || bail "first sync of A2: $out"
holder=$(tsql DEMO-A1 "SELECT id FROM holders ORDER BY id LIMIT 1")
other=$(tsql DEMO-A1 "SELECT id FROM holders ORDER BY id LIMIT 1 OFFSET 2")
[ -n "$holder" ] && [ -n "$other" ] || bail "no holders on the demo terminal"

out=$(recover DEMO-A2 --dry-run); rc=$?
is "$rc" 0 "a terminal in step with the store: sync-recover --dry-run succeeds"
like "$out" "verdict: NOTHING TO RECOVER" "... and finds nothing to recover"

# --- The backup, then work that is synced and lost with the database ---------------------
cp -R "$WORK/DEMO-A1" "$WORK/backup"
tool DEMO-A1 add 2 LOST > /dev/null || bail "add after the backup"
tool DEMO-A1 edit "$holder" address2 "バックアップ後の変更" || bail "edit after the backup"
out=$(sync_now DEMO-A1) || bail "sync after the backup: $out"
out=$(sync_now DEMO-A2) || bail "A2 pulls the work after the backup: $out"
central_seq=$(pg_sql central "SELECT max(seq) FROM madoguchi.changes WHERE terminal_id = 'DEMO-A1'")
central_audit=$(pg_sql central "SELECT audit_seq FROM madoguchi.terminals WHERE terminal_id = 'DEMO-A1'")

# --- Restored; work redone differently: one record the lost work changed, one it did not,
# and a new holder --------------------------------------------------------------------------
rm -rf "$WORK/DEMO-A1" && cp -R "$WORK/backup" "$WORK/DEMO-A1"
backup_seq=$(tsql DEMO-A1 "SELECT max(seq) FROM outbox")
tool DEMO-A1 edit "$holder" address2 "復元後にやり直した変更" || bail "redo 1"
tool DEMO-A1 edit "$other" address2 "復元後の別の変更" || bail "redo 2"
tool DEMO-A1 add 1 REDO > /dev/null || bail "redo 3"
out=$(sync_now DEMO-A1); rc=$?
ok $((rc == 0)) "the restored terminal's sync is refused (MDG02)"
like "$out" "sync-recover" "... and the message names sync-recover"
pending=$(tsql DEMO-A1 "SELECT count(*) FROM outbox WHERE pushed_at IS NULL")
before=$(local_state DEMO-A1)
cbefore=$(central_state)

# --- The store out of reach -----------------------------------------------------------------
sed "s/^sync_port = .*/sync_port = 1/" "$WORK/DEMO-A1/madoguchi.conf" > "$WORK/unreachable.conf"
out=$(madoguchi-admin sync-recover --config "$WORK/unreachable.conf" 2>&1); rc=$?
is "$rc" 1 "the store out of reach: sync-recover exits 1"
like "$out" "cannot reach the central store" "... saying the store cannot be reached"
like "$out" "Nothing was changed" "... and that nothing was changed"
is "$(local_state DEMO-A1)" "$before" "... and nothing local changed"

# --- Dry run --------------------------------------------------------------------------------
out=$(recover DEMO-A1 --dry-run); rc=$?
is "$rc" 0 "sync-recover --dry-run succeeds on the restored terminal"
like "$out" "verdict: RESUME" "... and says RESUME"
like "$out" "changes $((backup_seq + 1))-$central_seq, which this database lost" \
	"... naming the changes the database lost"
like "$out" "to follow entry $central_audit" "... and where the redone audit entries go"
like "$out" "Dry run: nothing was changed" "... and that it changed nothing"
is "$(local_state DEMO-A1)" "$before" "... and nothing local changed"
is "$(central_state)" "$cbefore" "... nor central"

# --- The recovery ---------------------------------------------------------------------------
out=$(recover DEMO-A1); rc=$?
is "$rc" 0 "sync-recover resumes the restored terminal"
like "$out" "Resumed:" "... and says so" || diag "$out"
is "$(tsql DEMO-A1 "SELECT count(*) FROM registrations WHERE certificate_number LIKE 'LOST%'")" 2 \
	"the holders added after the backup are back"
is "$(tsql DEMO-A1 "SELECT count(*) FROM outbox WHERE seq BETWEEN $((backup_seq + 1)) AND $central_seq AND pushed_at IS NOT NULL")" \
	"$((central_seq - backup_seq))" "the lost changes are back in the outbox under their numbers, sent"
is "$(tsql DEMO-A1 "SELECT count(*) FROM outbox WHERE pushed_at IS NULL AND seq > $central_seq")" \
	"$pending" "the redone changes, unsent, are numbered after the store's $central_seq"
is "$(tsql DEMO-A1 "SELECT address2 FROM holders WHERE id = '$other'")" "復元後の別の変更" \
	"a redone change to a record the lost work left alone stays"
conflicts=$(tool DEMO-A1 conflicts | awk '{ print $2, $3 }')
like "$conflicts" "holder $holder" "the record both changed goes to the conflict queue"
# Issue 24: the work redone after the restore took the reception numbers the lost work had
# taken (the backup's blocks stood where they were): each such reception, and the
# application filed under it, waits for a supervisor too, never silently merged.
is "$(printf '%s\n' "$conflicts" | grep -v "^holder $holder\$" | grep -cv '^\(reception\|application\) ')" \
	0 "... and besides it only receptions given twice and their applications"
out=$(madoguchi-admin verify-audit --config "$WORK/DEMO-A1/madoguchi.conf" 2>&1); rc=$?
is "$rc" 0 "the audit chain verifies after the recovery"
like "$out" "audit chain intact" "... intact"
is "$(tsql DEMO-A1 "SELECT count(*) FROM audit_log WHERE seq <= $central_audit AND action = 'sync.recover'")" 0 \
	"the store's audit entries come first"
is "$(tsql DEMO-A1 "SELECT 'result ' || result FROM audit_log WHERE action = 'sync.recover' ORDER BY seq DESC LIMIT 1")" "result ok" \
	"the recovery is in the audit log"
is "$(tsql DEMO-A1 "SELECT lower(hex(mac)) FROM audit_log WHERE seq = $central_audit")" \
	"$(pg_sql central "SELECT encode(mac, 'hex') FROM madoguchi.audit_entries WHERE terminal_id = 'DEMO-A1' AND seq = $central_audit")" \
	"the store's last audit entry is the terminal's entry $central_audit"

# --- The next sync takes the redone work ----------------------------------------------------
out=$(sync_now DEMO-A1); rc=$?
is "$rc" 0 "sync-now succeeds after the recovery" || diag "$out"
is "$(tsql DEMO-A1 "SELECT count(*) FROM outbox WHERE pushed_at IS NULL")" 0 "... and sends every redone change"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.changes WHERE terminal_id = 'DEMO-A1' AND seq > $central_seq")" \
	"$pending" "the store holds the redone changes after its $central_seq"
is "$(pg_sql central "SELECT payload->>'address2' FROM madoguchi.records WHERE entity = 'holder' AND entity_id = '$other'")" \
	"復元後の別の変更" "the central record has the redone change"
is "$(pg_sql central "SELECT payload->>'address2' FROM madoguchi.records WHERE entity = 'holder' AND entity_id = '$holder'")" \
	"バックアップ後の変更" "... and keeps the lost work where the redone one conflicts"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.conflicts WHERE terminal_id = 'DEMO-A1' AND entity_id = '$holder' AND status = 'open'")" \
	1 "... with the conflict open for a supervisor"
is "$(pg_sql central "SELECT audit_seq FROM madoguchi.terminals WHERE terminal_id = 'DEMO-A1'")" \
	"$(tsql DEMO-A1 "SELECT count(*) FROM audit_log")" "the store holds the whole audit log"
is "$(madoguchi-admin verify-audit --config "$WORK/DEMO-A1/madoguchi.conf" 2>&1 | cut -d: -f1)" \
	"audit chain intact" "the audit chain still verifies"
out=$(sync_now DEMO-A2) || bail "A2 sync: $out"
is "$(tsql DEMO-A2 "SELECT count(*) FROM registrations WHERE certificate_number LIKE 'REDO%'")" 1 \
	"another terminal pulls the redone work"

# --- Another database under the same terminal id -------------------------------------------
mkdir -p "$WORK/OTHER"
sed "s|$WORK/DEMO-A1/|$WORK/OTHER/|" "$WORK/DEMO-A1/madoguchi.conf" > "$WORK/OTHER/madoguchi.conf"
mkdir -p "$WORK/OTHER/juki-out" "$WORK/OTHER/juki-in" "$WORK/OTHER/juki-q"
out=$(madoguchi-admin init --config "$WORK/OTHER/madoguchi.conf" --terminal-id DEMO-A1 2>&1 &&
	madoguchi-admin init --config "$WORK/OTHER/madoguchi.conf" --first-supervisor sato --force \
		--full-name "佐藤 一郎" 2>&1 &&
	madoguchi-admin demo-data --accounts --config "$WORK/OTHER/madoguchi.conf" 2>&1) ||
	bail "other database: $out"
sync_receptions OTHER "$WORK/OTHER/madoguchi.conf"
tool OTHER add 1 OTHR > /dev/null || bail "work on the other database"
obefore=$(local_state OTHER)
cbefore=$(central_state)
out=$(recover OTHER --dry-run); rc=$?
is "$rc" 1 "another database under the same id: sync-recover --dry-run exits 1"
like "$out" "verdict: RE-REGISTER" "... and says RE-REGISTER"
like "$out" "do not verify with this database's audit key" "... because the store's history is not its own"
like "$out" "madoguchi-central-setup --office OFFICE-A" "... naming what to run centrally"
like "$out" "--terminal NEW-ID" "... for a new terminal id"
like "$out" "madoguchi-admin init --terminal-id NEW-ID" "... and here"
is "$(local_state OTHER)" "$obefore" "... and nothing local changed"
out=$(recover OTHER); rc=$?
is "$rc" 1 "the real run says RE-REGISTER too, exit 1"
like "$out" "Unsent work in this database: $(tsql OTHER "SELECT count(*) FROM outbox WHERE pushed_at IS NULL") changes" \
	"... listing the unsent work to enter again"
is "$(tsql OTHER "SELECT action || ' ' || result FROM audit_log ORDER BY seq DESC LIMIT 1")" \
	"sync.recover re-register" "... which is audited"
is "$(tsql OTHER "SELECT group_concat(seq || ':' || coalesce(pushed_at, '-'), ',') FROM outbox")" \
	"$(echo "$obefore" | cut -d'|' -f1)" "... and the outbox is as it was"
is "$(central_state)" "$cbefore" "the store is as it was"

done_testing
