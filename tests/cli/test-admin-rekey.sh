#!/bin/sh
# SPEC §7: madoguchi-admin rekey rotates the database key. The old key stops opening the
# database, the new one opens it, the audit chain verifies across the rotation, a busy
# database is refused, and no interruption — states left by a crash at each step, and
# kill -9 at many moments — ever leaves a database whose key is not on disk.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

CONF="$WORK/madoguchi.conf"
export TMPDIR="$WORK/tmp"
mkdir -p "$TMPDIR"
mode() { stat -c %a "$1"; }
leftovers() { ls "$KEY".new "$KEY".old 2> /dev/null | wc -l; }
opens() {	# opens KEYFILE: 0 when the key opens the database
	madoguchi-admin status --config "$CONF" --key "$1" > /dev/null 2>&1
}
rekey_audited() {	# rekey_audited RESULT: count of admin.rekey entries with RESULT
	sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'admin.rekey' AND result = '$1';"
}

new_demo_db
madoguchi-admin demo-data --holders 20 --config "$CONF" > /dev/null || bail "demo holders"
owner=$(stat -c %U:%G "$DB")
madoguchi-admin backup --config "$CONF" --to "$WORK" --backup-key "$WORK/backup.key" \
	> /dev/null 2>&1 || bail "backup before the rotation"
backup=$(ls "$WORK"/madoguchi-*.db | head -n 1)

out=$(madoguchi-admin rekey --help); rc=$?
is "$rc" 0 "rekey --help: exit 0"
like "$out" "rekey" "rekey --help shows the usage"
madoguchi-admin rekey --config "$CONF" extra > /dev/null 2>&1
is "$?" 2 "rekey with an extra argument: exit 2"
err=$(madoguchi-admin rekey --config "$CONF" --key "$WORK/none.key" 2>&1)
is "$?" 3 "rekey with a missing key file: exit 3"
like "$err" "does not exist" "names the missing key"

# The rotation.
cp "$KEY" "$WORK/old.key"
holders=$(sql_with_key "SELECT count(*) FROM holders;")
out=$(madoguchi-admin rekey --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "rekey: exit 0"
like "$out" "rotated the database key" "says the key was rotated"
cmp -s "$KEY" "$WORK/old.key"; is "$?" 1 "the key file holds a new key"
is "$(mode "$KEY")" 600 "the new key file is 0600"
is "$(leftovers)" 0 "no .new or .old key file is left"
is "$(stat -c %U:%G "$DB")" "$owner" "the database keeps its owner"
err=$(madoguchi-admin status --config "$CONF" --key "$WORK/old.key" 2>&1)
is "$?" 3 "the old key no longer opens the database: exit 3"
like "$err" "the key does not open this database" "with the wrong-key message"
out=$(madoguchi-admin status --config "$CONF" 2>&1)
is "$?" 0 "the new key opens it"
out=$({ sqlcipher_key "$(tr -d '\n' < "$WORK/old.key")"; echo "SELECT count(*) FROM holders;"; } |
	sqlcipher -batch "$DB" 2>&1)
like "$out" "file is not a database" "the sqlcipher shell with the old key cannot read it"
is "$(sql_with_key "SELECT count(*) FROM holders;")" "$holders" "with the new key every holder is there"
out=$(madoguchi-admin verify-audit --config "$CONF"); rc=$?
is "$rc" 0 "the audit chain verifies across the rotation"
is "$(rekey_audited ok)" 1 "the rotation is in the audit log"
out=$(madoguchi-admin restore-test --config "$CONF" --backup-key "$WORK/backup.key" "$backup" 2>&1)
is "$?" 0 "a backup from before the rotation still passes its restore test"

# Another program has the database open: refused, nothing changed.
cp "$KEY" "$WORK/before-busy.key"
fifo="$WORK/hold"
mkfifo "$fifo"
( sqlcipher_key "$(key_hex)"; echo "SELECT count(*) FROM audit_log;"; cat "$fifo" ) |
	sqlcipher -batch "$DB" > /dev/null 2>&1 &
holder=$!
exec 9> "$fifo"
sleep 1
err=$(madoguchi-admin rekey --config "$CONF" 2>&1)
is "$?" 1 "rekey while the database is in use: exit 1"
like "$err" "in use by another program" "says the database is in use"
exec 9>&-
wait "$holder"
cmp -s "$KEY" "$WORK/before-busy.key"; is "$?" 0 "the key file is unchanged"
is "$(leftovers)" 0 "no new key file is left behind"
opens "$KEY"; is "$?" 0 "the key still opens the database"
is "$(rekey_audited failed)" 1 "the refused rotation is audited as failed"

# Crash states, made by hand as a crash would leave them.
# (a) KEY.new written, database not yet re-encrypted: the unused key is discarded.
cp "$KEY" "$WORK/a.key"
( umask 077; openssl rand -hex 32 > "$KEY.new" )
out=$(madoguchi-admin rekey --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "(a) unused KEY.new: exit 0"
like "$out" "left unused by an interrupted key rotation" "(a) says the unused key was removed"
like "$out" "rotated the database key" "(a) and rotates"
is "$(leftovers)" 0 "(a) nothing left over"
opens "$KEY"; is "$?" 0 "(a) the key opens the database"

# (b) re-encrypted under KEY.new, KEY still the old key: the terminal cannot open the
# database until rekey finishes the rotation.
cp "$KEY" "$WORK/b-old.key"
madoguchi-admin rekey --config "$CONF" > /dev/null 2>&1 || bail "rotation for (b)"
mv "$KEY" "$KEY.new"
cp "$WORK/b-old.key" "$KEY"
opens "$KEY"; is "$?" 3 "(b) with the old key in place the database does not open"
out=$(madoguchi-admin rekey --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "(b) rekey finishes the interrupted rotation: exit 0"
like "$out" "finished an interrupted key rotation" "(b) says so"
is "$(leftovers)" 0 "(b) nothing left over"
opens "$KEY"; is "$?" 0 "(b) the key opens the database"
cmp -s "$KEY" "$WORK/b-old.key"; is "$?" 1 "(b) and it is the new key, not a new rotation of it"

# (c) the new key in place, KEY.old not yet removed.
cp "$KEY" "$KEY.old"
out=$(madoguchi-admin rekey --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "(c) a leftover KEY.old: exit 0"
like "$out" "finished an interrupted key rotation" "(c) says so"
is "$(leftovers)" 0 "(c) KEY.old is removed"

# (d) no key on disk opens the database: nothing is touched.
cp "$KEY" "$WORK/d-good.key"
( umask 077; openssl rand -hex 32 > "$KEY"; openssl rand -hex 32 > "$KEY.new" )
cp "$KEY" "$WORK/d-bad.key"
sum=$(checksum "$DB")
err=$(madoguchi-admin rekey --config "$CONF" 2>&1)
is "$?" 1 "(d) no key opens the database: exit 1"
like "$err" "nothing was changed" "(d) says nothing was changed"
[ -f "$KEY.new" ] && cmp -s "$KEY" "$WORK/d-bad.key"; ok $? "(d) both key files are kept"
is "$(checksum "$DB")" "$sum" "(d) the database file is unchanged"
cp "$WORK/d-good.key" "$KEY"
rm -f "$KEY.new"
opens "$KEY"; is "$?" 0 "(d) with the right key back the database opens"

# kill -9 at many moments of a rotation of a larger database: afterwards rekey always
# completes and the database opens with KEY, with its audit chain intact.
sql_with_key "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 20000)
INSERT INTO outbox (terminal_id, entity, entity_id, version, op, payload, created_at)
SELECT 'DEMO-TEST-01', 'pad', printf('%036d', i), 1, 'insert',
json_object('pad', hex(randomblob(400))), '2026-01-01T00:00:00Z' FROM c;" > /dev/null
rows=$(sql_with_key "SELECT count(*) FROM outbox;")
bad=0
for d in 0.01 0.05 0.1 0.15 0.2 0.3 0.4 0.5 0.6 0.8 1.0 1.3; do
	madoguchi-admin rekey --config "$CONF" > /dev/null 2>&1 &
	pid=$!
	sleep "$d"
	kill -9 "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	if ! madoguchi-admin rekey --config "$CONF" > "$WORK/after.out" 2>&1; then
		bad=$((bad + 1)); diag "after kill at $d s: $(cat "$WORK/after.out")"
	elif ! opens "$KEY" || [ "$(leftovers)" -ne 0 ]; then
		bad=$((bad + 1)); diag "after kill at $d s: key does not open or leftovers"
	elif ! madoguchi-admin verify-audit --config "$CONF" > /dev/null 2>&1; then
		bad=$((bad + 1)); diag "after kill at $d s: audit chain broken"
	fi
done
is "$bad" 0 "after kill -9 at 12 moments of a rotation, rekey recovers every time"
is "$(sql_with_key "SELECT count(*) FROM outbox;")" "$rows" "and no row was lost"
is "$(stat -c %U:%G "$DB")" "$owner" "the database still has its owner"
is "$(mode "$KEY")" 600 "the key file is still 0600"

done_testing
