#!/bin/sh
# Issue 27: madoguchi-admin status --check gives one line for a monitoring system, as a
# Nagios plugin (MADOGUCHI OK|WARNING|CRITICAL|UNKNOWN - ...), and exits 0, 1, 2 or 3:
# no backup yet is a warning, a backup (and its restore test) makes it OK, a failed
# restore test warns, an old sync or many unsent changes warn on a terminal that syncs,
# a cut or broken audit chain is critical, and what cannot be opened is UNKNOWN. status
# shows the last backup and restore test. The line never quotes an audit entry.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

CONF="$WORK/madoguchi.conf"
BKEY="$WORK/backup.key"
BK="$WORK/backups"
export TMPDIR="$WORK/tmp"
mkdir -p "$BK" "$TMPDIR"

# check [ARGS...]: runs status --check; $out its standard output, $rc its exit status.
check() {
	out=$(madoguchi-admin status --check --config "$CONF" "$@" 2> "$WORK/check.err"); rc=$?
}

# one_line TEXT DESCRIPTION: exactly one line, as a monitoring system reads it.
one_line() {
	is "$(printf '%s\n' "$1" | wc -l)" 1 "$2"
}

# set_conf NAME VALUE: replaces NAME's line (a name given twice in one file is an error).
set_conf() {
	sed -i "/^$1 *=/d" "$CONF"
	echo "$1 = $2" >> "$CONF"
}

unset_conf() {
	sed -i "/^$1 *=/d" "$CONF"
}

new_demo_db DEMO-SC-01

out=$(madoguchi-admin status --help); rc=$?
is "$rc" 0 "status --help: exit 0"
like "$out" "--check" "status --help names --check"
madoguchi-admin status --check extra --config "$CONF" > /dev/null 2>&1
is "$?" 2 "status --check with an extra argument: usage, exit 2"

# A new terminal: nothing is wrong but that it has no backup yet.
check
is "$rc" 1 "no backup yet: exit 1 (WARNING)"
like "$out" "MADOGUCHI WARNING - " "... and the line says WARNING"
like "$out" "no backup yet" "... and why"
like "$out" "sync not configured" "a terminal without sync_host is not judged on sync"
unlike "$out" "pending" "... nor on its unsent changes"
like "$out" "audit chain ok" "the audit chain was verified"
like "$out" "% used" "the database's disk is measured"
one_line "$out" "one line"
is "$(cat "$WORK/check.err")" "" "nothing on standard error"
out=$(madoguchi-admin status --config "$CONF" 2>&1)
like "$out" "last backup:     none" "status: no backup yet"
like "$out" "restore test:    none" "status: no restore test yet"

# A backup: OK.
madoguchi-admin backup --config "$CONF" --to "$BK" --backup-key "$BKEY" > /dev/null 2>&1 ||
	bail "backup failed"
backup=$(ls "$BK"/madoguchi-DEMO-SC-01-*.db | head -n 1)
check
is "$rc" 0 "after a backup: exit 0 (OK)"
like "$out" "MADOGUCHI OK - " "... and the line says OK"
like "$out" "backup 0 min ago" "... with the backup's age"
like "$out" "no restore test" "... and that it was not tested"
like "$out" "backup_age=" "... and the age as performance data"
out=$(madoguchi-admin status --config "$CONF" 2>&1)
like "$out" "last backup:     2" "status shows when the last backup was made"

# Its restore test, passed, then one that failed.
madoguchi-admin restore-test "$backup" --config "$CONF" --backup-key "$BKEY" > /dev/null 2>&1 ||
	bail "restore-test failed"
check
is "$rc" 0 "a passed restore test: exit 0"
like "$out" "restore test ok" "... and the line says so"
out=$(madoguchi-admin status --config "$CONF" 2>&1)
like "$out" "restore test:    passed 2" "status: the restore test passed, and when"
like "$out" "($(basename "$backup"))" "... and which backup"
cp "$backup" "$WORK/damaged.db"
cp "$backup.manifest" "$WORK/damaged.db.manifest"
printf 'x' | dd of="$WORK/damaged.db" bs=1 seek=5000 conv=notrunc 2> /dev/null
madoguchi-admin restore-test "$WORK/damaged.db" --config "$CONF" --backup-key "$BKEY" \
	> /dev/null 2>&1
is "$?" 1 "a damaged backup fails its restore test"
check
is "$rc" 1 "the newest restore test failed: exit 1 (WARNING)"
like "$out" "restore test FAILED" "... and the line says so"
out=$(madoguchi-admin status --config "$CONF" 2>&1)
like "$out" "restore test:    FAILED 2" "status: the restore test FAILED"
madoguchi-admin restore-test "$backup" --config "$CONF" --backup-key "$BKEY" > /dev/null 2>&1 ||
	bail "restore-test failed"
check
is "$rc" 0 "tested again: OK again"

# A terminal that syncs: the age of its last sync and its unsent changes count.
set_conf sync_host 192.0.2.1
check
is "$rc" 1 "sync configured, never succeeded: exit 1 (WARNING)"
like "$out" "MADOGUCHI WARNING - sync never succeeded, " "... and the line says so"
# A sync five minutes ago took everything the demo data wrote.
sql_with_key "UPDATE sync_state SET last_attempt_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
	last_success_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-5 minutes');
	UPDATE outbox SET pushed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-5 minutes');" \
	> /dev/null
check
is "$rc" 0 "synced five minutes ago: exit 0"
like "$out" "MADOGUCHI OK - sync 5 min ago, 0 pending," "... with the sync's age"
like "$out" "sync_age=" "... as performance data too"
sql_with_key "WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < 150)
	INSERT INTO outbox (terminal_id, entity, entity_id, version, op, payload, created_at)
	SELECT 'DEMO-SC-01', 'holder', printf('%08x-0000-4000-8000-000000000000', k), 1,
	'insert', '{\"family_name\":\"秘密\"}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM i;" \
	> /dev/null
check
is "$rc" 1 "150 changes unsent: exit 1 (WARNING)"
like "$out" "MADOGUCHI WARNING - sync 5 min ago, 150 pending," "... and the line counts them"
unlike "$out" "秘密" "... never what they hold"
sql_with_key "UPDATE sync_state SET last_success_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now',
	'-2 days');" > /dev/null
check
is "$rc" 2 "no sync for two days: exit 2 (CRITICAL)"
like "$out" "MADOGUCHI CRITICAL - sync 2 days ago," "... with the sync's age"
unset_conf sync_host
check
is "$rc" 0 "the same terminal without sync_host: OK"
# Monitoring rules match the words: they stay as they are in Japanese.
out=$(LANGUAGE=ja madoguchi-admin status --check --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "in Japanese: exit 0"
like "$out" "MADOGUCHI OK - sync not configured, audit chain ok, backup " \
	"... and the same words"

# What cannot be opened: UNKNOWN, the exit status of every command that cannot open it.
cp "$CONF" "$WORK/bad.conf"
echo "no_such_setting = 1" >> "$WORK/bad.conf"
out=$(madoguchi-admin status --check --config "$WORK/bad.conf" 2> /dev/null); rc=$?
is "$rc" 3 "a bad configuration: exit 3 (UNKNOWN)"
like "$out" "MADOGUCHI UNKNOWN - " "... and the line says UNKNOWN"
like "$out" "no_such_setting" "... and why"
one_line "$out" "... in one line"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$WORK/wrong.key"
check --key "$WORK/wrong.key"
is "$rc" 3 "a wrong key: exit 3 (UNKNOWN)"
like "$out" "MADOGUCHI UNKNOWN - " "... and the line says UNKNOWN"
check --db "$WORK/no-such.db"
is "$rc" 3 "a missing database: exit 3 (UNKNOWN)"

# The audit log cut at its end: the chain still verifies, its head outside does not.
untrigger="DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
cp "$DB" "$WORK/saved.db"
sql_with_key "$untrigger DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log);
	UPDATE audit_head SET count = count - 1, mac = (SELECT mac FROM audit_log ORDER BY seq DESC
	LIMIT 1);" > /dev/null
check
is "$rc" 2 "the log cut at its end: exit 2 (CRITICAL)"
like "$out" "MADOGUCHI CRITICAL - " "... and the line says CRITICAL"
like "$out" "audit log CUT OR REWRITTEN" "... and why"

# An entry altered: critical, with the entry's number and nothing of what it holds.
rm -f "$DB-wal" "$DB-shm"
cp "$WORK/saved.db" "$DB"
sql_with_key "$untrigger UPDATE audit_log SET user = 'mallory' WHERE seq = 2;" > /dev/null
check
is "$rc" 2 "an altered audit entry: exit 2 (CRITICAL)"
like "$out" "MADOGUCHI CRITICAL - " "... and the line says CRITICAL"
like "$out" "audit chain BROKEN at entry 2" "... naming the first bad entry"
unlike "$out" "mallory" "... without quoting it"
one_line "$out" "... in one line"

done_testing
