#!/bin/sh
# Issue 28: a database made by an earlier release, with SQLCipher 4's default cipher
# settings, still opens, and madoguchi-admin status says that it has them and that rekey
# moves it. madoguchi-admin rekey moves it to the current settings under a new key: every
# row and the audit chain are kept, it then opens with the current settings only, a busy
# database is refused, and no interruption (states a crash leaves, kill -9 at many
# moments) leaves a database whose key is not on disk.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

CONF="$WORK/madoguchi.conf"
export TMPDIR="$WORK/tmp"
mkdir -p "$TMPDIR"
leftovers() { ls "$KEY".new "$KEY".old "$DB".new "$DB".new-journal 2> /dev/null | wc -l; }
opens() {	# opens KEYFILE: 0 when the key opens the database
	madoguchi-admin status --quick --config "$CONF" --key "$1" > /dev/null 2>&1
}
shell() {	# shell PREAMBLE KEYFILE SQL: the sqlcipher shell on the database
	{ printf ".timeout 10000\n"; "$1" "$(tr -d '\n' < "$2")"; printf "%s\n" "$3"; } |
		sqlcipher -batch "$DB" 2>&1 | sed '/^ok$/d'
}
# Every table's rows, "table count" a line (the audit log's own tables apart: the rotation
# adds its entry to them).
counts() {	# counts PREAMBLE
	sql=$(shell "$1" "$KEY" "SELECT group_concat('SELECT ''' || name || ''', count(*) FROM \"' ||
name || '\"', ' UNION ALL ') || ' ORDER BY 1;' FROM sqlite_master WHERE type = 'table' AND
name NOT LIKE 'sqlite%' AND name NOT IN ('audit_log', 'audit_head');")
	shell "$1" "$KEY" "$sql"
}
# The database as an earlier release made it: the same database copied by SQLCipher itself
# into a file with SQLCipher 4's defaults, under the same key, owner and mode, in WAL mode.
make_legacy() {
	rm -f "$WORK/legacy.db"
	out=$(shell sqlcipher_key "$KEY" "PRAGMA wal_checkpoint(TRUNCATE);
ATTACH DATABASE '$WORK/legacy.db' AS legacy KEY \"x'$(key_hex)'\";
PRAGMA legacy.cipher_compatibility = 4;
SELECT sqlcipher_export('legacy');
PRAGMA legacy.journal_mode = WAL;
DETACH DATABASE legacy;")
	[ -f "$WORK/legacy.db" ] || bail "no legacy copy: $out"
	chown --reference="$DB" "$WORK/legacy.db" && chmod --reference="$DB" "$WORK/legacy.db" &&
		rm -f "$DB-wal" "$DB-shm" && mv "$WORK/legacy.db" "$DB" || bail "legacy copy in place"
}

new_demo_db
madoguchi-admin demo-data --holders 30 --config "$CONF" > /dev/null || bail "demo holders"
owner=$(stat -c %U:%G "$DB")
mode=$(stat -c %a "$DB")

# What the current release makes: the current settings only.
like "$(shell sqlcipher_key_legacy "$KEY" "SELECT count(*) FROM holders;")" \
	"file is not a database" "a new database does not open with SQLCipher 4's defaults"
is "$(shell sqlcipher_key "$KEY" "SELECT count(*) FROM holders;")" 30 \
	"it opens with the current settings"

before=$(counts sqlcipher_key)
make_legacy
like "$(shell sqlcipher_key "$KEY" "SELECT count(*) FROM holders;")" "file is not a database" \
	"the earlier release's database does not open with the current settings"
is "$(counts sqlcipher_key_legacy)" "$before" "it has the same rows, with SQLCipher 4's defaults"

# The current release opens it, and says what it has.
out=$(madoguchi-admin status --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "status opens the earlier release's database"
like "$out" "cipher settings: an earlier release's" "status says it has an earlier release's settings"
like "$out" "madoguchi-admin rekey moves the database" "and that rekey moves it"
like "$out" "integrity:       ok" "every page of it checks"
madoguchi-admin verify-audit --config "$CONF" > /dev/null 2>&1
is "$?" 0 "its audit chain verifies"

# Another program has it open: refused, nothing changed.
cp "$KEY" "$WORK/before-busy.key"
sum=$(checksum "$DB")
fifo="$WORK/hold"
mkfifo "$fifo"
( sqlcipher_key_legacy "$(key_hex)"; echo "SELECT count(*) FROM audit_log;"; cat "$fifo" ) |
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
is "$(leftovers)" 0 "no new key or copy is left behind"
like "$(madoguchi-admin status --quick --config "$CONF" 2>&1)" "an earlier release's" \
	"the database keeps its settings"

# The move.
cp "$KEY" "$WORK/old.key"
audit_rows=$(shell sqlcipher_key_legacy "$KEY" "SELECT count(*) FROM audit_log;")
out=$(madoguchi-admin rekey --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "rekey: exit 0"
like "$out" "rotated the database key" "says the key was rotated"
like "$out" "the database now has the current cipher settings" "and the settings moved"
is "$(leftovers)" 0 "no .new or .old file is left"
is "$(stat -c %U:%G "$DB")" "$owner" "the database keeps its owner"
is "$(stat -c %a "$DB")" "$mode" "and its mode"
out=$(madoguchi-admin status --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "the new key opens it"
unlike "$out" "cipher settings" "status no longer speaks of an earlier release's settings"
like "$out" "integrity:       ok" "every page of the moved database checks"
is "$(counts sqlcipher_key)" "$before" "every table has its rows"
is "$(shell sqlcipher_key "$KEY" "SELECT count(*) FROM audit_log;")" "$((audit_rows + 1))" \
	"the audit log has its entries, and the rotation's"
madoguchi-admin verify-audit --config "$CONF" > /dev/null 2>&1
is "$?" 0 "the audit chain verifies across the move"
is "$(shell sqlcipher_key "$KEY" "SELECT count(*) FROM audit_log WHERE action = 'admin.rekey' AND
result = 'ok' AND detail LIKE '%cipher settings%';")" 1 "the move is in the audit log"
like "$(shell sqlcipher_key_legacy "$KEY" "SELECT count(*) FROM holders;")" \
	"file is not a database" "it no longer opens with SQLCipher 4's defaults"
like "$(shell sqlcipher_key "$WORK/old.key" "SELECT count(*) FROM holders;")" \
	"file is not a database" "nor with the old key"
opens "$WORK/old.key"; is "$?" 3 "the old key no longer opens it for madoguchi either"

# Crash states, made by hand as a crash would leave them.
# (a) KEY.new written and DB.new part written: both discarded, and the move runs.
make_legacy
( umask 077; openssl rand -hex 32 > "$KEY.new" )
head -c 40960 /dev/urandom > "$DB.new"
head -c 512 /dev/urandom > "$DB.new-journal"
out=$(madoguchi-admin rekey --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "(a) an unused KEY.new and DB.new: exit 0"
like "$out" "left unused by an interrupted key rotation" "(a) says the unused key was removed"
like "$out" "the database now has the current cipher settings" "(a) and moves the database"
is "$(leftovers)" 0 "(a) nothing left over"
is "$(counts sqlcipher_key)" "$before" "(a) every table has its rows"

# (b) DB.new already renamed over DB, KEY still the old key: rekey finishes the rotation.
make_legacy
cp "$KEY" "$WORK/b-old.key"
madoguchi-admin rekey --config "$CONF" > /dev/null 2>&1 || bail "move for (b)"
mv "$KEY" "$KEY.new"
cp "$WORK/b-old.key" "$KEY"
out=$(madoguchi-admin rekey --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "(b) rekey finishes the interrupted move: exit 0"
like "$out" "finished an interrupted key rotation" "(b) says so"
is "$(leftovers)" 0 "(b) nothing left over"
opens "$KEY"; is "$?" 0 "(b) the key opens the database"

# kill -9 at many moments of the move of a larger database: afterwards rekey always
# completes, and the database opens with KEY and the current settings, its rows and audit
# chain intact.
shell sqlcipher_key "$KEY" "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 20000)
INSERT INTO outbox (terminal_id, entity, entity_id, version, op, payload, created_at)
SELECT 'DEMO-TEST-01', 'pad', printf('%036d', i), 1, 'insert',
json_object('pad', hex(randomblob(400))), '2026-01-01T00:00:00Z' FROM c;" > /dev/null
before=$(counts sqlcipher_key)
bad=0
for d in 0.02 0.05 0.08 0.11 0.14 0.17 0.2 0.25 0.3 0.4 0.6 1.0; do
	make_legacy
	madoguchi-admin rekey --config "$CONF" > /dev/null 2>&1 &
	pid=$!
	sleep "$d"
	kill -9 "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	if ! madoguchi-admin rekey --config "$CONF" > "$WORK/after.out" 2>&1; then
		bad=$((bad + 1)); diag "after kill at $d s: $(cat "$WORK/after.out")"
	elif ! opens "$KEY" || [ "$(leftovers)" -ne 0 ]; then
		bad=$((bad + 1)); diag "after kill at $d s: key does not open or leftovers"
	elif madoguchi-admin status --quick --config "$CONF" 2>&1 | grep -q "cipher settings"; then
		bad=$((bad + 1)); diag "after kill at $d s: still the earlier settings"
	elif [ "$(counts sqlcipher_key)" != "$before" ]; then
		bad=$((bad + 1)); diag "after kill at $d s: rows differ"
	elif ! madoguchi-admin verify-audit --config "$CONF" > /dev/null 2>&1; then
		bad=$((bad + 1)); diag "after kill at $d s: audit chain broken"
	fi
done
is "$bad" 0 "after kill -9 at 12 moments of a move, rekey recovers every time"
is "$(stat -c %U:%G "$DB")" "$owner" "the database still has its owner"
is "$(stat -c %a "$KEY")" 600 "the key file is still 0600"

done_testing
