#!/bin/sh
# Every way the database can fail to open gets a clear message, a non-zero exit, and
# leaves the file exactly as it was (SHA-256 before and after).
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"

out=$(madoguchi --version 2>&1); rc=$?
is "$rc" 0 "--version exits 0"
like "$out" "madoguchi 0." "--version prints the version"
out=$(madoguchi --help 2>&1); rc=$?
is "$rc" 0 "--help exits 0"
like "$out" "usage: madoguchi" "--help prints usage"
out=$(madoguchi --no-such-option 2>&1); rc=$?
is "$rc" 2 "unknown option exits 2"
out=$(madoguchi-admin 2>&1); rc=$?
is "$rc" 2 "madoguchi-admin without a command exits 2"
out=$(madoguchi-admin frobnicate 2>&1); rc=$?
like "$out" 'unknown command "frobnicate"' "unknown admin command named"
# A command's messages name the command, getopt's too: a script's log says which step.
out=$(madoguchi-admin status --config "$WORK/no-such.conf" 2>&1); rc=$?
is "$rc" 3 "status without its configuration: exit 3"
like "$out" "madoguchi-admin status: cannot open configuration $WORK/no-such.conf" \
	"... named 'madoguchi-admin status:'"
out=$(madoguchi-admin backup --no-such-option 2>&1)
like "$out" "madoguchi-admin backup: unrecognized option '--no-such-option'" \
	"getopt's message names the command too"
out=$(madoguchi-admin decommission 2>&1)
like "$out" "madoguchi-admin decommission: this destroys" "decommission without --yes says so"

new_db
CONF="$WORK/madoguchi.conf"
out=$(madoguchi-admin init --config "$CONF" --terminal-id T2 2>&1); rc=$?
is "$rc" 3 "init refuses an existing database"
like "$out" "already exists" "init says the database exists"
out=$(madoguchi-admin init --config "$CONF" --db "$WORK/x.db" --terminal-id 'bad id!' 2>&1); rc=$?
is "$rc" 2 "init refuses a malformed terminal id"

# The first supervisor must be a user the system knows (they log in through PAM), unless
# --force; refused, nothing is created.
out=$(madoguchi-admin init --config "$CONF" --db "$WORK/sup.db" --key "$WORK/sup.key" \
	--terminal-id T3 --first-supervisor no-such-user-mdg --full-name "無名" 2>&1); rc=$?
is "$rc" 1 "init refuses a first supervisor unknown to the system"
like "$out" 'madoguchi-admin init: there is no user "no-such-user-mdg" on this machine' \
	"... and says so, naming the command"
like "$out" "adduser no-such-user-mdg" "... with what to do"
[ ! -e "$WORK/sup.db" ] && [ ! -e "$WORK/sup.key" ]; ok $? "... and creates nothing"
out=$(madoguchi-admin init --config "$CONF" --db "$WORK/sup.db" --key "$WORK/sup.key" \
	--terminal-id T3 --first-supervisor nobody --full-name "誰か" 2>&1); rc=$?
is "$rc" 0 "a user the system knows is taken"
out=$(madoguchi-admin init --config "$CONF" --db "$WORK/sup2.db" --key "$WORK/sup2.key" \
	--terminal-id T4 --first-supervisor no-such-user-mdg --full-name "無名" --force 2>&1)
is "$?" 0 "--force takes a name PAM knows from elsewhere"

sum=$(checksum "$DB")

# Missing key file.
out=$(madoguchi-admin status --config "$CONF" --key "$WORK/nokey" 2>&1); rc=$?
is "$rc" 3 "missing key: exit 3"
like "$out" "key file $WORK/nokey does not exist" "missing key: message"
out=$(madoguchi --config "$CONF" --key "$WORK/nokey" 2>&1); rc=$?
is "$rc" 1 "madoguchi, missing key: exit 1"
like "$out" "does not exist" "madoguchi, missing key: message"

# Key file readable by others.
cp "$KEY" "$WORK/open.key"; chmod 644 "$WORK/open.key"
out=$(madoguchi-admin status --config "$CONF" --key "$WORK/open.key" 2>&1); rc=$?
is "$rc" 3 "group/world-readable key: exit 3"
like "$out" "readable by group or others" "group/world-readable key: message"

# Wrong key.
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$WORK/wrong.key"; chmod 600 "$WORK/wrong.key"
out=$(madoguchi-admin status --config "$CONF" --key "$WORK/wrong.key" 2>&1); rc=$?
is "$rc" 3 "wrong key: exit 3"
like "$out" "the key does not open this database" "wrong key: message"
out=$(madoguchi --config "$CONF" --key "$WORK/wrong.key" 2>&1); rc=$?
is "$rc" 1 "madoguchi, wrong key: exit 1"
like "$out" "the key does not open this database" "madoguchi, wrong key: message"
unlike "$out" "hmac check failed" "no SQLCipher log noise on stderr"
out=$(madoguchi-audit verify --config "$CONF" --key "$WORK/wrong.key" 2>&1); rc=$?
is "$rc" 3 "madoguchi-audit, wrong key: exit 3"
is "$(checksum "$DB")" "$sum" "wrong key: database unchanged"

# Missing database.
out=$(madoguchi-admin status --config "$CONF" --db "$WORK/none.db" 2>&1); rc=$?
is "$rc" 3 "missing database: exit 3"
like "$out" "does not exist (create it with madoguchi-admin init)" "missing database: message"
[ ! -e "$WORK/none.db" ]; ok $? "missing database: not created"

# A directory where the database should be.
mkdir "$WORK/dir.db"
out=$(madoguchi-admin status --config "$CONF" --db "$WORK/dir.db" 2>&1); rc=$?
is "$rc" 3 "directory as database: exit 3"
like "$out" "is not a regular file" "directory as database: message"

# Truncated database.
head -c 6000 "$DB" > "$WORK/trunc.db"
tsum=$(checksum "$WORK/trunc.db")
out=$(madoguchi-admin status --config "$CONF" --db "$WORK/trunc.db" 2>&1); rc=$?
is "$rc" 3 "truncated database: exit 3"
like "$out" "corrupt or truncated" "truncated database: message"
is "$(checksum "$WORK/trunc.db")" "$tsum" "truncated database: unchanged"

# Garbage that is not a database at all.
printf 'this is not a database\n' > "$WORK/garbage.db"
out=$(madoguchi-admin status --config "$CONF" --db "$WORK/garbage.db" 2>&1); rc=$?
is "$rc" 3 "garbage file: exit 3"
like "$out" "corrupt" "garbage file: message"

# A database damaged after its first page: the key opens it, reading fails. Every page
# but the first gets 16 bytes overwritten, so whatever is read next fails its MAC.
cp "$DB" "$WORK/damaged.db"
pages=$(( $(stat -c %s "$WORK/damaged.db") / 4096 ))
p=1
while [ "$p" -lt "$pages" ]; do
	printf 'XXXXXXXXXXXXXXXX' | dd of="$WORK/damaged.db" bs=1 seek=$((p * 4096 + 100)) conv=notrunc 2>/dev/null
	p=$((p + 1))
done
dsum=$(checksum "$WORK/damaged.db")
out=$(madoguchi-audit verify --config "$CONF" --db "$WORK/damaged.db" 2>&1); rc=$?
is "$rc" 4 "damaged page: verify cannot open it, and exits as for damage"
like "$out" "is damaged" "damaged page: reported as damage, not as a wrong key"
like "$out" "HMAC verification failed for page 2" "damaged page: ... naming the first page"
like "$out" "restore it from a backup" "damaged page: ... and what to do"
is "$(checksum "$WORK/damaged.db")" "$dsum" "damaged page: unchanged"

# Schema newer than this binary.
sql_with_key "INSERT INTO schema_version VALUES (9999, 'future', '2030-01-01');" > /dev/null
nsum=$(checksum "$DB")
out=$(madoguchi-admin status --config "$CONF" 2>&1); rc=$?
is "$rc" 3 "newer schema: exit 3"
like "$out" "schema version 9999 is newer than this program knows" "newer schema: message"
out=$(madoguchi --config "$CONF" 2>&1); rc=$?
is "$rc" 1 "madoguchi, newer schema: exit 1"
like "$out" "newer than this program knows" "madoguchi, newer schema: message"
is "$(checksum "$DB")" "$nsum" "newer schema: database unchanged"

# Configuration mistakes.
printf 'idle_lock_minute = 5\n' > "$WORK/bad.conf"
out=$(madoguchi --config "$WORK/bad.conf" 2>&1); rc=$?
is "$rc" 1 "bad configuration: exit 1"
like "$out" "bad.conf:1: unknown setting \"idle_lock_minute\"" "bad configuration: line named"
printf 'db_path = %s\nkey_path = %s\nallowed_terminals = tty9\n' "$DB" "$KEY" > "$WORK/tty.conf"
out=$(madoguchi --config "$WORK/tty.conf" 2>&1); rc=$?
is "$rc" 1 "terminal not allowed: exit 1"
like "$out" "is not in allowed_terminals" "terminal not allowed: message"

done_testing
