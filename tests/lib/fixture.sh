# Shared set-up for shell tests: a private work directory, the built programs on PATH and
# a fresh encrypted database. Needs top_builddir/top_srcdir (set by the test harness).
: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"
export PATH="$top_builddir:$PATH"
export LC_ALL=C.UTF-8
unset LANGUAGE

WORK=$(mktemp -d "${TMPDIR:-/tmp}/madoguchi-test.XXXXXX")
cleanup_fixture() {
	[ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup_fixture EXIT

DB="$WORK/madoguchi.db"
KEY="$WORK/db.key"

# A configuration that keeps everything inside $WORK.
write_config() {
	cat > "$WORK/madoguchi.conf" <<CONF
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
	write_config
	madoguchi-admin init --config "$WORK/madoguchi.conf" --terminal-id "${1:-T-TEST-01}" \
		> "$WORK/init.out" 2>&1 || bail "madoguchi-admin init failed: $(cat "$WORK/init.out")"
}

# The raw key as SQLCipher's shell wants it, for tests that play the attacker.
key_hex() {
	tr -d '\n' < "$KEY"
}

# Runs SQL through the sqlcipher shell with the key (an attacker who has the key file).
sql_with_key() {
	printf "PRAGMA key = \"x'%s'\";\n%s\n" "$(key_hex)" "$1" | sqlcipher -batch "$DB" 2>&1 | sed '/^ok$/d'
}

checksum() {
	sha256sum "$1" | cut -d' ' -f1
}
