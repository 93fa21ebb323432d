#!/bin/sh
# The audit log cannot be rewound or forged with the database key alone (SPEC §8, issue
# 19 finding 4): the MAC key is a file outside the database, and the head (count and last
# MAC) is kept outside it too. The attacker here has the database key, the sqlcipher
# shell, and removes the append-only triggers.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pam.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

AUDIT_APPEND="$top_builddir/tests/tools/audit-append"
LOGIN="$top_builddir/tests/tools/monitor-login"
CONF="$WORK/madoguchi.conf"
untrigger="DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"

fresh() {
	rm -rf "$DB" "$DB-wal" "$DB-shm" "$KEY" "$WORK/audit.key" "$WORK/audit.head"* \
		"$WORK/forger"
	new_db
	"$AUDIT_APPEND" "$DB" "$KEY" 9 > /dev/null || bail "audit-append failed"
}

# The attacker's rewind: entries after N removed, the in-database head moved back to N.
rewind_to() {
	sql_with_key "$untrigger DELETE FROM audit_log WHERE seq > $1;
		UPDATE audit_head SET count = $1, mac = (SELECT mac FROM audit_log WHERE seq = $1);" \
		> /dev/null
}

verify() {
	out=$(madoguchi-admin verify-audit --config "$CONF" 2>&1); rc=$?
	out2=$(madoguchi-audit verify --config "$CONF" 2>&1); rc2=$?
}

# --- the key is no longer in the database --------------------------------------------
fresh
test -f "$WORK/audit.key"; ok $? "init made the audit key file"
is "$(stat -c %a "$WORK/audit.key")" 600 "... readable by its owner only"
is "$(stat -c %a "$WORK/audit.head")" 600 "the head file too"
is "$(sql_with_key "SELECT count(*) FROM sqlite_master WHERE name = 'audit_secret';")" 0 \
	"the database holds no audit key"
verify
is "$rc" 0 "intact log: verify-audit exit 0"
is "$out" "audit chain intact: 10 entries" "... with the count"
out=$(madoguchi-admin audit-head --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "audit-head: exit 0"
like "$out" "head:   10 entries" "... the head follows the commits"

# --- rewound: the last entries removed and the in-database head moved back -----------
fresh
rewind_to 6
verify
is "$rc" 1 "rewound log: verify-audit exit 1"
like "$out" "CUT OR REWRITTEN: the audit log ends at entry 6, but its head kept outside the database records 10 entries: entries 7 to 10 were removed" \
	"... saying exactly which entries are missing"
is "$rc2" 1 "rewound log: madoguchi-audit verify exit 1"
like "$out2" "entries 7 to 10 were removed" "... saying the same"

# Rewound and continued: new entries after the cut do not hide it.
"$AUDIT_APPEND" "$DB" "$KEY" 5 > /dev/null 2>&1
verify
is "$rc" 1 "rewound, then written again: still exit 1"
like "$out" "entry 10 of the audit log is not the one its head" "... entry 10 was rewritten"
out=$(madoguchi-admin audit-head --config "$CONF" 2>&1)
like "$out" "head:   10 entries" "... and the head stayed where it was, as the evidence"

# --- forged: entries MACed with a key of the attacker's own -----------------------------
# The forger has the database key and makes an audit key and head of its own.
forger() {
	mkdir -p "$WORK/forger"
	cp "$KEY" "$WORK/forger/db.key"
	openssl rand -hex 32 > "$WORK/forger/audit.key"
	zero=$(printf '%064d' 0)
	printf 'madoguchi-audit-head 1\nhead 0 %s\nanchor 0 %s\n' "$zero" "$zero" \
		> "$WORK/forger/audit.head"
	chmod 600 "$WORK/forger/audit.key" "$WORK/forger/audit.head"
	"$AUDIT_APPEND" "$DB" "$WORK/forger/db.key" 2 > /dev/null ||
		bail "the forger's tool failed"
}
fresh
forger
verify
is "$rc" 1 "forged entries: verify-audit exit 1"
like "$out" "entry 11 was altered or forged" "... naming the first forged entry"

# Forged after a rewind, with the in-database head made to match.
fresh
rewind_to 8
forger
verify
is "$rc" 1 "rewound and forged: exit 1"
like "$out" "BROKEN at entry 9: entry 9 was altered or forged" "... the forged entry named"

# --- the app's start and login check the tail --------------------------------------------
if pam_available; then
	fresh
	echo "pam_service = $PAM_SERVICE_NAME" >> "$CONF"
	madoguchi-admin init --config "$CONF" --first-supervisor sato --force --full-name "佐藤 一郎" \
		> /dev/null || bail "first supervisor failed"
	pam_users sato:pw-sato
	RUN="$(pam_unprivileged) env $(pam_env_args)"
	[ "$(id -u)" -eq 0 ] && chown -R nobody "$WORK"
	out=$($RUN "$LOGIN" --config "$CONF" sato pw-sato 2>&1); rc=$?
	is "$rc" 0 "intact log: login succeeds"
	n=$(sql_with_key "SELECT count(*) FROM audit_log;")
	rewind_to 3
	out=$($RUN "$LOGIN" --config "$CONF" sato pw-sato 2>&1); rc=$?
	is "$rc" 1 "rewound log: login refused"
	like "$out" "Nobody can log in: the audit log ends at entry 3, but its head kept outside the database records $n entries: entries 4 to $n were removed" \
		"... saying exactly what is missing"
	unlike "$out" "database opened" "... and the database key was not handed over"
	is "$(sql_with_key "SELECT result FROM audit_log WHERE action = 'login' ORDER BY seq DESC LIMIT 1;")" \
		denied "the refused login is itself in the log"
else
	skip 5 "pam_wrapper is not available"
fi

# --- after a restore: the sysadmin says so, and the head follows -------------------------
fresh
cp "$DB" "$WORK/backup.db"
"$AUDIT_APPEND" "$DB" "$KEY" 5 > /dev/null
cp "$WORK/backup.db" "$DB"
rm -f "$DB-wal" "$DB-shm"
app_owns_db
verify
is "$rc" 1 "a restored database is reported as cut"
out=$(madoguchi-admin audit-head --reset --config "$CONF" 2>&1); rc=$?
is "$rc" 2 "--reset without a reason: usage error"
like "$out" "needs --reason" "... saying what to give"
out=$(madoguchi-admin audit-head --reset --reason "restored backup.db of 12-05" \
	--config "$CONF" 2>&1); rc=$?
is "$rc" 0 "--reset with a reason: exit 0"
like "$out" "was at 15 entries" "... saying where the head was"
verify
is "$rc" 0 "the restored log verifies again"
like "$(sql_with_key "SELECT detail FROM audit_log WHERE action = 'admin.audit-head-reset';")" \
	"head was 15, anchor 0; log ends at 10; restored backup.db of 12-05" \
	"the reset is in the log, with what the head was"

# --- migration: a database that kept its own key (schema 7) -------------------------------
fresh
hex=$(tr -d '\n' < "$WORK/audit.key")
sql_with_key "CREATE TABLE audit_secret (only INTEGER PRIMARY KEY CHECK (only = 1),
	secret BLOB NOT NULL CHECK (length(secret) = 32));
	INSERT INTO audit_secret VALUES (1, x'$hex');"
rm -f "$WORK/audit.key" "$WORK/audit.head"
out=$(madoguchi-admin verify-audit --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "an older database still verifies before the move"
out=$(madoguchi-admin migrate --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "migrate: exit 0"
like "$out" "moved the audit log's key out of the database" "... saying it moved the key"
is "$(tr -d '\n' < "$WORK/audit.key")" "$hex" "the key file holds the key the log was made with"
is "$(stat -c %a "$WORK/audit.key")" 600 "... readable by its owner only"
is "$(sql_with_key "SELECT count(*) FROM sqlite_master WHERE name = 'audit_secret';")" 0 \
	"the database no longer holds it"
test -f "$WORK/audit.head"; ok $? "the head file was made"
verify
is "$rc" 0 "the moved log verifies"
like "$out" "intact: 11 entries" "... with the migration's own entry"
out=$(madoguchi-admin migrate --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "migrate again: exit 0"
unlike "$out" "moved" "... nothing more to move"

# A key file that is not the database's is refused, not used.
fresh
sql_with_key "CREATE TABLE audit_secret (only INTEGER PRIMARY KEY, secret BLOB);
	INSERT INTO audit_secret VALUES (1, zeroblob(32));"
out=$(madoguchi-admin migrate --config "$CONF" 2>&1); rc=$?
is "$rc" 3 "a key file that differs from the database's: refused"
like "$out" "is not the key this database's log was made with" "... saying so"

# A key file someone else owns is refused (as root: not root's).
if [ "$(id -u)" -eq 0 ]; then
	fresh
	chown nobody "$WORK/audit.key"
	verify
	is "$rc" 3 "an audit key file not root's: refused"
	like "$out" "must belong to root" "... saying so"
else
	skip 2 "not root"
fi

done_testing
