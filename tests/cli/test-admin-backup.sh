#!/bin/sh
# SPEC §7: madoguchi-admin backup writes an encrypted copy under a separate backup key with
# an authenticated manifest; restore-test restores it into a scratch directory and checks
# the audit chain and every table's row count. Every refusal has its exit code and message.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

CONF="$WORK/madoguchi.conf"
BKEY="$WORK/backup.key"
BK="$WORK/backups"
export TMPDIR="$WORK/tmp"
mkdir -p "$BK" "$TMPDIR"

# flip FILE OFFSET: one bit of one byte changed in place.
flip() {
	_b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	# shellcheck disable=SC2059
	printf "$(printf '\\%03o' $((_b ^ 1)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2> /dev/null
}
mode() { stat -c %a "$1"; }

new_demo_db
madoguchi-admin demo-data --holders 40 --config "$CONF" > /dev/null || bail "demo holders"

# --help, usage and the directory.
out=$(madoguchi-admin backup --help); rc=$?
is "$rc" 0 "backup --help: exit 0"
like "$out" "--to DIR" "backup --help names --to DIR"
out=$(madoguchi-admin restore-test --help); rc=$?
is "$rc" 0 "restore-test --help: exit 0"
like "$out" "--backup-key" "restore-test --help names --backup-key"
madoguchi-admin restore-test --config "$CONF" > /dev/null 2>&1
is "$?" 2 "restore-test without BACKUP: usage, exit 2"
err=$(madoguchi-admin backup --config "$CONF" --to "$WORK/no-such-dir" --backup-key "$BKEY" 2>&1)
is "$?" 1 "backup into a missing directory: exit 1"
like "$err" "backup directory $WORK/no-such-dir: No such file or directory" \
	"and says which directory is missing"
[ ! -e "$BKEY" ]; ok $? "no backup key was made for a backup that did not start"
: > "$WORK/plainfile"
err=$(madoguchi-admin backup --config "$CONF" --to "$WORK/plainfile" --backup-key "$BKEY" 2>&1)
is "$?" 1 "backup into a file that is not a directory: exit 1"
like "$err" "is not a directory" "and says so"

# The backup key must not be the database key.
cp "$KEY" "$WORK/same.key"
err=$(madoguchi-admin backup --config "$CONF" --to "$BK" --backup-key "$WORK/same.key" 2>&1)
is "$?" 1 "the database key as backup key: refused"
like "$err" "is the database key" "with a clear message"
is "$(ls "$BK" | wc -l)" 0 "and nothing was written"

# A backup.
out=$(madoguchi-admin backup --config "$CONF" --to "$BK" --backup-key "$BKEY" 2>&1); rc=$?
is "$rc" 0 "backup: exit 0"
like "$out" "created backup key $BKEY" "the missing backup key is created, and said so"
is "$(mode "$BKEY")" 600 "backup key is 0600"
backup=$(ls "$BK"/madoguchi-DEMO-TEST-01-*.db 2> /dev/null | head -n 1)
[ -n "$backup" ] && [ -f "$backup.manifest" ]; ok $? "backup and manifest are in DIR"
is "$(mode "$backup")" 600 "backup file is 0600"
is "$(mode "$backup.manifest")" 600 "manifest is 0600"
like "$(cat "$backup.manifest")" "rows.holders = 40" "the manifest counts the 40 holders"
like "$(cat "$backup.manifest")" "sha256 = $(checksum "$backup")" "and holds the backup's SHA-256"
cmp -s "$KEY" "$BKEY"; is "$?" 1 "the backup key is not the database key"

# Encrypted at rest under the backup key only.
out=$({ sqlcipher_key "$(key_hex)"; echo "SELECT count(*) FROM holders;"; } |
	sqlcipher -batch "$backup" 2>&1)
like "$out" "file is not a database" "the database key does not open the backup"
out=$({ sqlcipher_key "$(tr -d '\n' < "$BKEY")"; echo "SELECT count(*) FROM holders;"; } |
	sqlcipher -batch "$backup" 2>&1)
like "$out" "40" "the backup key does (40 holders)"
name=$(sql_with_key "SELECT family_name || given_name FROM holders LIMIT 1;")
n=$(grep -c -a -F -- "$name" "$backup")
is "$n" 0 "a holder's name is not readable in the backup file"

# A second backup in the same second gets its own name.
madoguchi-admin backup --config "$CONF" --to "$BK" --backup-key "$BKEY" > /dev/null 2>&1
madoguchi-admin backup --config "$CONF" --to "$BK" --backup-key "$BKEY" > /dev/null 2>&1
is "$(ls "$BK"/*.db | wc -l)" 3 "three backups, none over another"

# restore-test: the good case, by the backup's name and by the manifest's.
out=$(madoguchi-admin restore-test --config "$CONF" --backup-key "$BKEY" "$backup" 2>&1); rc=$?
is "$rc" 0 "restore-test of a good backup: exit 0"
like "$out" "RESTORE TEST PASSED" "says PASSED"
like "$out" "every row count matches the manifest" "row counts checked"
like "$out" "chain intact" "audit chain checked"
is "$(ls -A "$TMPDIR" | wc -l)" 0 "the scratch directory is removed"
madoguchi-admin restore-test --config "$CONF" --backup-key "$BKEY" "$backup.manifest" \
	> /dev/null 2>&1
is "$?" 0 "restore-test given the manifest's name: exit 0"

# --output keeps the verified copy, under the terminal key; never over a file.
madoguchi-admin restore-test --config "$CONF" --backup-key "$BKEY" --output "$WORK/restored.db" \
	"$backup" > /dev/null 2>&1
is "$?" 0 "restore-test --output: exit 0"
is "$(mode "$WORK/restored.db")" 600 "the restored copy is 0600"
out=$(madoguchi-admin status --config "$CONF" --db "$WORK/restored.db" 2>&1)
like "$out" "terminal:        DEMO-TEST-01" "the restored copy opens with the terminal key"
err=$(madoguchi-admin restore-test --config "$CONF" --backup-key "$BKEY" \
	--output "$WORK/restored.db" "$backup" 2>&1)
is "$?" 2 "restore-test --output onto an existing file: exit 2"
like "$err" "already exists" "and says so"

# Wrong backup key; missing backup key.
madoguchi-admin backup --config "$CONF" --to "$WORK" --backup-key "$WORK/other.key" \
	> /dev/null 2>&1 || bail "second backup key"
out=$(madoguchi-admin restore-test --config "$CONF" --backup-key "$WORK/other.key" "$backup" 2>&1)
is "$?" 1 "restore-test with the wrong backup key: exit 1"
like "$out" "wrong backup key" "says wrong backup key"
like "$out" "RESTORE TEST FAILED" "says FAILED"
err=$(madoguchi-admin restore-test --config "$CONF" --backup-key "$WORK/none.key" "$backup" 2>&1)
is "$?" 3 "restore-test without the backup key file: exit 3"
like "$err" "key file $WORK/none.key does not exist" "names the missing key file"
chmod 640 "$WORK/other.key"
err=$(madoguchi-admin backup --config "$CONF" --to "$BK" --backup-key "$WORK/other.key" 2>&1)
is "$?" 3 "a group-readable backup key: exit 3"
like "$err" "readable by group or others" "refused with the reason"

# One byte flipped in the backup: damaged, whatever the byte.
for at in 10 5000 $(( $(stat -c %s "$backup") - 1 )); do
	cp "$backup" "$WORK/bad.db"
	cp "$backup.manifest" "$WORK/bad.db.manifest"
	flip "$WORK/bad.db" "$at"
	out=$(madoguchi-admin restore-test --config "$CONF" --backup-key "$BKEY" "$WORK/bad.db" 2>&1)
	is "$?" 1 "one byte flipped at $at: restore-test fails"
	like "$out" "is damaged: its SHA-256" "one byte flipped at $at: says damaged"
done
# The manifest altered to match the damage, without the backup key: still refused.
cp "$backup" "$WORK/bad.db"
flip "$WORK/bad.db" 5000
sed "s/^sha256 = .*/sha256 = $(checksum "$WORK/bad.db")/" "$backup.manifest" > "$WORK/bad.db.manifest"
out=$(madoguchi-admin restore-test --config "$CONF" --backup-key "$BKEY" "$WORK/bad.db" 2>&1)
is "$?" 1 "damage with a forged checksum: restore-test fails"
like "$out" "has been altered" "the manifest is found altered"
# A count changed in the manifest.
cp "$backup" "$WORK/bad.db"
sed "s/^rows.holders = 40/rows.holders = 41/" "$backup.manifest" > "$WORK/bad.db.manifest"
out=$(madoguchi-admin restore-test --config "$CONF" --backup-key "$BKEY" "$WORK/bad.db" 2>&1)
is "$?" 1 "a row count changed in the manifest: fails"
like "$out" "has been altered" "says altered"
# A manifest cut short.
head -n 5 "$backup.manifest" > "$WORK/bad.db.manifest"
out=$(madoguchi-admin restore-test --config "$CONF" --backup-key "$BKEY" "$WORK/bad.db" 2>&1)
is "$?" 1 "a truncated manifest: fails"
like "$out" "truncated?" "says it may be truncated"
# Missing manifest, missing backup, a manifest for another file.
rm -f "$WORK/bad.db.manifest"
out=$(madoguchi-admin restore-test --config "$CONF" --backup-key "$BKEY" "$WORK/bad.db" 2>&1)
is "$?" 1 "no manifest: fails"
like "$out" "cannot open the manifest" "says the manifest is missing"
out=$(madoguchi-admin restore-test --config "$CONF" --backup-key "$BKEY" "$WORK/gone.db" 2>&1)
is "$?" 1 "no backup: fails"
like "$out" "backup $WORK/gone.db: No such file or directory" "says the backup is missing"
cp "$backup" "$WORK/renamed.db"
cp "$backup.manifest" "$WORK/renamed.db.manifest"
out=$(madoguchi-admin restore-test --config "$CONF" --backup-key "$BKEY" "$WORK/renamed.db" 2>&1)
is "$?" 0 "a renamed backup with its manifest still passes (the SHA-256 binds them)"
other=$(ls "$BK"/*.db | grep -v -F "$backup" | head -n 1)
cp "$other.manifest" "$WORK/renamed.db.manifest"
out=$(madoguchi-admin restore-test --config "$CONF" --backup-key "$BKEY" "$WORK/renamed.db" 2>&1)
is "$?" 1 "another backup's manifest: fails"
like "$out" "does not match the manifest" "says the backup does not match the manifest"
is "$(ls -A "$TMPDIR" | wc -l)" 0 "no scratch directory is left after the failures"

# The audit log: backups, passed and failed restore tests; the chain still verifies.
n=$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'admin.backup' AND result = 'ok';")
is "$n" 4 "four backups audited"
n=$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'admin.restore-test' AND result = 'ok';")
is "$n" 4 "four passed restore tests audited"
n=$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'admin.restore-test' AND result = 'failed';")
is "$n" 9 "nine failed restore tests audited"
out=$(madoguchi-admin verify-audit --config "$CONF"); rc=$?
is "$rc" 0 "the audit chain verifies"

# The restore test proves the chain: a backup of a database whose audit log was tampered
# with (by someone with the key, around the triggers) fails.
new_db_copy="$WORK/tampered.db"
cp "$DB" "$new_db_copy"
{ sqlcipher_key "$(key_hex)"; printf "DROP TRIGGER audit_log_no_update;\nUPDATE audit_log SET detail = 'x' WHERE seq = 2;\n"; } |
	sqlcipher -batch "$new_db_copy" > /dev/null 2>&1
mkdir -p "$WORK/t"
madoguchi-admin backup --config "$CONF" --db "$new_db_copy" --to "$WORK/t" --backup-key "$BKEY" \
	> /dev/null 2>&1 || bail "backup of the tampered copy"
tb=$(ls "$WORK"/t/*.db | head -n 1)
out=$(madoguchi-admin restore-test --config "$CONF" --backup-key "$BKEY" "$tb" 2>&1)
is "$?" 1 "a backup of a tampered audit log fails the restore test"
like "$out" "audit chain is BROKEN at entry 2" "naming the first bad entry"

# Without --to: into backup_dir (where the retention rule of backups looks).
mkdir -p "$WORK/default-backups"
echo "backup_dir = $WORK/default-backups" >> "$CONF"
out=$(madoguchi-admin backup --config "$CONF" --backup-key "$WORK/other-backup.key" 2>&1); rc=$?
is "$rc" 0 "backup without --to: into backup_dir"
is "$(find "$WORK/default-backups" -name 'madoguchi-*.db' | wc -l)" 1 "... where the backup is"

done_testing
