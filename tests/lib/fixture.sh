# Shared set-up for shell tests: a private work directory, the built programs on PATH and
# a fresh encrypted database. Needs top_builddir/top_srcdir (set by the test harness).
: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"
export PATH="$top_builddir:$PATH"
. "$top_srcdir/tests/lib/sqlcipher.sh"
export LC_ALL=C.UTF-8
unset LANGUAGE

WORK=$(mktemp -d "${TMPDIR:-/tmp}/madoguchi-test.XXXXXX")
cleanup_fixture() {
	[ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup_fixture EXIT

# The database in a directory of its own, as the package's /var/lib/madoguchi: started as
# root, the processes that drop to the user madoguchi create its -wal and -shm files there
# (app_owns_db), while the key stays beside it in root's $WORK.
DB="$WORK/data/madoguchi.db"
KEY="$WORK/db.key"
mkdir -p "$WORK/data"

# A configuration that keeps everything inside $WORK.
write_config() {
	cat > "$WORK/madoguchi.conf" <<CONF
terminal_id = ${1:-T-TEST-01}
db_path = $DB
key_path = $KEY
allowed_terminals = *
juki_outbound = $WORK/juki/out
juki_inbound = $WORK/juki/in
juki_quarantine = $WORK/juki/quarantine
CONF
	mkdir -p "$WORK/juki/out" "$WORK/juki/in" "$WORK/juki/quarantine"
}

new_db() {	# new_db [TERMINAL_ID]
	write_config "${1:-T-TEST-01}"
	madoguchi-admin init --config "$WORK/madoguchi.conf" --terminal-id "${1:-T-TEST-01}" \
		> "$WORK/init.out" 2>&1 || bail "madoguchi-admin init failed: $(cat "$WORK/init.out")"
	app_owns_db
}

# Started as root, madoguchi's screen process runs as the system user madoguchi (the
# monitor keeps root): that user must be able to reach and write the database, and create
# its -wal file when no process of root's has it open, as the package's postinst arranges
# (/var/lib/madoguchi, 0750 madoguchi:madoguchi). The key stays root's.
app_owns_db() {
	[ "$(id -u)" -eq 0 ] || return 0
	getent passwd madoguchi > /dev/null ||
		bail "the system user madoguchi is missing (scripts/deps creates it)"
	chmod 711 "$WORK"
	chown madoguchi:madoguchi "$WORK/data" "$DB"
	chmod 750 "$WORK/data"
}

# A demo-style terminal: the first supervisor sato and the demo staff (suzuki supervisor,
# tanaka and yamada clerks, ono sysadmin, kato auditor), all approved.
new_demo_db() {	# new_demo_db [TERMINAL_ID]
	new_db "${1:-DEMO-TEST-01}"
	madoguchi-admin init --config "$WORK/madoguchi.conf" --first-supervisor sato --force \
		--full-name "佐藤 一郎" > /dev/null || bail "first supervisor failed"
	madoguchi-admin demo-data --accounts --config "$WORK/madoguchi.conf" > /dev/null ||
		bail "demo accounts failed"
}

# The raw key as SQLCipher's shell wants it, for tests that play the attacker.
key_hex() {
	tr -d '\n' < "$KEY"
}

# Runs SQL through the sqlcipher shell with the key (an attacker who has the key file).
# The wait: a test may read right after stopping the application, which
# still writes its logout record while it ends.
sql_with_key() {
	{ printf ".timeout 10000\n"; sqlcipher_key "$(key_hex)"; printf "%s\n" "$1"; } |
		sqlcipher -batch "$DB" 2>&1 | sed '/^ok$/d'
}

checksum() {
	sha256sum "$1" | cut -d' ' -f1
}
