# Shared by the sync tests: terminal databases that sync with the private PostgreSQL of
# tests/lib/pg.sh. Source after tap.sh, fixture.sh and pg.sh.
#
#	sync_terminal NAME ROLE [CERT]	# $WORK/NAME: config, database, demo staff
#	tsql NAME SQL			# SQL on NAME's database (sqlcipher shell, with its key)
#	sync_now NAME [ARGS]		# madoguchi-admin sync-now for NAME
#	tool NAME ARGS			# tests/sync/sync-tool on NAME's database
#	blocks_overlapping, blocks_held NAME, blocks_known NAME	# number blocks
#	desk_sync_conf ROLE		# the screen tests' desk ($WORK/madoguchi.conf) syncs as ROLE
#	desk_sync			# sync-now for the desk, output in $WORK/desk-sync.out

CENTRAL_DB=central

# sync_terminal NAME ROLE [CERT]: the terminal's id is NAME, its central login ROLE, and
# its TLS client certificate $PG_TLS/CERT.crt (default: ROLE's).
sync_terminal() {
	local name=$1 role=$2 cert=${3:-$2} dir=$WORK/$1 out office
	mkdir -p "$dir"
	cat > "$dir/madoguchi.conf" <<CONF
terminal_id = $name
db_path = $dir/madoguchi.db
key_path = $dir/db.key
allowed_terminals = *
juki_outbound = $dir/juki-out
juki_inbound = $dir/juki-in
juki_quarantine = $dir/juki-q
sync_host = localhost
sync_port = $PG_PORT
sync_dbname = $CENTRAL_DB
sync_user = $role
sync_cert = $PG_TLS/$cert.crt
sync_key = $PG_TLS/$cert.key
sync_ca = $PG_TLS/ca.crt
sync_signing_key = $PG_TLS/$role.sign
CONF
	# The batches' sizes are the terminal's own, unless SYNC_BATCH sets the pushed and
	# the pulled ones, SYNC_PULL_BATCH the pulled ones ("default": the terminal's own).
	[ -z "${SYNC_BATCH:-}" ] || echo "sync_batch_size = $SYNC_BATCH" >> "$dir/madoguchi.conf"
	case ${SYNC_PULL_BATCH:-${SYNC_BATCH:-default}} in
	default) ;;
	*) echo "sync_pull_batch_size = ${SYNC_PULL_BATCH:-$SYNC_BATCH}" >> "$dir/madoguchi.conf" ;;
	esac
	mkdir -p "$dir/juki-out" "$dir/juki-in" "$dir/juki-q"
	out=$(madoguchi-admin init --config "$dir/madoguchi.conf" --terminal-id "$name" 2>&1) ||
		bail "terminal $name: $out"
	# The account register is the office's (issue 31): the office's first terminal makes
	# the demo staff, a later one starts with the register as a pull would bring it.
	office=$(pg_sql "$CENTRAL_DB" "SELECT office_id FROM madoguchi.terminals WHERE
		role_name = '$role'" 2>/dev/null)
	if [ -n "$office" ] && [ -f "$WORK/.accounts-$office" ]; then
		sync_accounts_copy $(cat "$WORK/.accounts-$office") "$dir/madoguchi.db" \
			"$dir/db.key"
		sync_receptions "$name" "$dir/madoguchi.conf"
		return
	fi
	out=$(madoguchi-admin init --config "$dir/madoguchi.conf" --first-supervisor sato --force \
			--full-name "佐藤 一郎" 2>&1 &&
		madoguchi-admin demo-data --accounts --config "$dir/madoguchi.conf" 2>&1) ||
		bail "terminal $name: $out"
	sync_accounts_first "$office" "$dir/madoguchi.db" "$dir/db.key"
	sync_receptions "$name" "$dir/madoguchi.conf"
}

# sync_receptions NAME CONFIG: reception numbers leased for the year, as a terminal's first
# sync leases them (issue 24: a terminal that syncs receives only under leased numbers).
# A terminal the central store does not know yet gets none, and says so when it files.
# SYNC_NO_LEASE=1 sets terminals up as they stand before their first sync;
# SYNC_RECEPTIONS=N leases N numbers instead of 1,000.
sync_receptions() {
	# SYNC_NO_LEASE=1: set up as before its first sync (test-reception-numbers.sh).
	[ -z "${SYNC_NO_LEASE:-}" ] || return 0
	"$top_builddir/tests/sync/sync-tool" --config "$2" lease-receptions \
		"${SYNC_RECEPTIONS:-1000}" \
		> "$WORK/$1.lease.out" 2>&1 || diag "no reception numbers for $1: $(cat "$WORK/$1.lease.out")"
}

# sync_accounts_first OFFICE DB KEY: the database whose accounts the office's later
# terminals start with (the first one set up in the office).
sync_accounts_first() {
	[ -z "$1" ] || [ -f "$WORK/.accounts-$1" ] || echo "$2 $3" > "$WORK/.accounts-$1"
}

# sync_accounts_copy FROM_DB FROM_KEY TO_DB TO_KEY: TO's account register becomes FROM's,
# rows and versions as they are, as if TO had pulled them (nothing enters TO's outbox).
sync_accounts_copy() {
	local out
	out=$({ sqlcipher_key "$(tr -d '\n' < "$4")"
		printf "ATTACH DATABASE '%s' AS first KEY \"x'%s'\";
INSERT INTO accounts SELECT * FROM first.accounts;
INSERT INTO account_periods SELECT * FROM first.account_periods;\n" \
		"$1" "$(tr -d '\n' < "$2")"; } |
		sqlcipher -batch "$3" 2>&1 | sed '/^ok$/d')
	[ -z "$out" ] || bail "accounts of $1 to $3: $out"
}

# batch_signature KEY FILE: the hex of KEY's signature over FILE as psql -v b="$(cat FILE)"
# sends it (without its trailing newlines), as madoguchi signs a batch.
batch_signature() {
	printf '%s' "$(cat "$2")" | openssl dgst -sha256 -sign "$1" | od -An -v -tx1 | tr -d ' \n'
}

# push_signed ROLE FILE [KEY]: madoguchi.push of the batch in FILE over TLS as ROLE, signed
# with KEY (default: ROLE's signing key); prints "seq|status" of each conflict.
push_signed() {
	local key=${3:-$PG_TLS/$1.sign}
	psql -X -q -tA -v ON_ERROR_STOP=1 "$(pg_conninfo "$CENTRAL_DB" "$1")" \
		-v b="$(cat "$2")" -v s="$(batch_signature "$key" "$2")" 2>&1 <<'SQL'
SELECT seq, status FROM madoguchi.push(:'b', decode(:'s', 'hex'));
SQL
}

tsql() {	# tsql NAME SQL
	{ printf ".timeout 10000\n"; sqlcipher_key "$(tr -d '\n' < "$WORK/$1/db.key")"; printf "%s\n" "$2"; } |
		sqlcipher -batch "$WORK/$1/madoguchi.db" 2>&1 | sed '/^ok$/d'
}

# sync_storm NAME SECONDS PREFIX: for SECONDS, register one holder (names from PREFIX) and
# sync, again and again, as a terminal in a push storm; what each sync printed, and "add
# failed" or "sync failed", go to $WORK/NAME.storm.
sync_storm() {
	local t=$1 end=$(($(date +%s) + $2)) prefix=$3
	while [ "$(date +%s)" -lt "$end" ]; do
		tool "$t" add 1 "$prefix" > /dev/null 2>&1 || echo "add failed" >> "$WORK/$t.storm"
		sync_now "$t" >> "$WORK/$t.storm" 2>&1 || echo "sync failed" >> "$WORK/$t.storm"
	done
}

# blocks_overlapping: how many pairs of number blocks the store holds overlap (certificate
# numbers leased from the one series, or under one office's prefix; reception numbers of
# one office and year); 0 or it is broken.
blocks_overlapping() {
	pg_sql "$CENTRAL_DB" "SELECT (SELECT count(*) FROM madoguchi.number_blocks a
		JOIN madoguchi.number_blocks b ON a.id < b.id AND a.prefix = b.prefix AND
		(a.prefix = '' OR a.office_id = b.office_id) AND
		a.first_number <= b.last_number AND b.first_number <= a.last_number) +
		(SELECT count(*) FROM madoguchi.reception_blocks a
		JOIN madoguchi.reception_blocks b ON a.id < b.id AND a.office_id = b.office_id AND
		a.year = b.year AND a.first_number <= b.last_number AND
		b.first_number <= a.last_number)"
}

# blocks_held NAME: the leased blocks terminal NAME holds, "kind year first-last" lines;
# blocks_known NAME: those the store knows as NAME's, the same way.
blocks_held() {
	tsql "$1" "SELECT 'certificate 0 ' || first_number || '-' || last_number FROM
		cert_number_blocks WHERE source = 'central' AND central <> 'refused' UNION ALL
		SELECT 'reception ' || year || ' ' || first_number || '-' || last_number FROM
		reception_number_blocks WHERE source = 'central'" | LC_ALL=C sort
}
blocks_known() {
	pg_sql "$CENTRAL_DB" "SELECT 'certificate 0 ' || first_number || '-' || last_number
		FROM madoguchi.number_blocks WHERE terminal_id = '$1' AND prefix = '' UNION ALL
		SELECT 'reception ' || year || ' ' || first_number || '-' || last_number FROM
		madoguchi.reception_blocks WHERE terminal_id = '$1'" | LC_ALL=C sort
}

sync_now() {	# sync_now NAME [ARGS]: output on stdout and stderr
	local name=$1
	shift
	madoguchi-admin sync-now --config "$WORK/$name/madoguchi.conf" "$@" 2>&1
}

tool() {	# tool NAME ARGS
	local name=$1
	shift
	"$top_builddir/tests/sync/sync-tool" --config "$WORK/$name/madoguchi.conf" "$@"
}

# What a terminal holds of the register, one line per row, sorted: the rows pulled from
# others and the terminal's own must end up the same everywhere.
register_dump() {	# register_dump NAME
	tsql "$1" "SELECT 'holder', id, version, family_name, given_name, address1 FROM holders
UNION ALL SELECT 'registration', id, version, holder_id, certificate_number, '' FROM registrations
UNION ALL SELECT 'event', id, 0, registration_id, kind, event_date FROM events
ORDER BY 1, 2;"
}

# desk_sync_conf ROLE: the desk of the screen tests (login-lib.sh's $WORK/madoguchi.conf)
# syncs with the private PostgreSQL as ROLE.
desk_sync_conf() {
	cat >> "$WORK/madoguchi.conf" <<CONF
sync_host = localhost
sync_port = $PG_PORT
sync_dbname = $CENTRAL_DB
sync_user = $1
sync_cert = $PG_TLS/$1.crt
sync_key = $PG_TLS/$1.key
sync_ca = $PG_TLS/ca.crt
sync_signing_key = $PG_TLS/$1.sign
CONF
	sync_accounts_first "$(pg_sql "$CENTRAL_DB" "SELECT office_id FROM madoguchi.terminals
		WHERE role_name = '$1'" 2>/dev/null)" "$DB" "$KEY"
	sync_receptions desk "$WORK/madoguchi.conf"
}

desk_sync() {
	madoguchi-admin sync-now --config "$WORK/madoguchi.conf" > "$WORK/desk-sync.out" 2>&1 ||
		bail "desk sync-now: $(cat "$WORK/desk-sync.out")"
}

# desk_conflicts_ja NAME: the desk of the screen tests in Japanese (LANGUAGE=ja) in tmux
# session NAME, the supervisor suzuki (pw-suzuki, login-lib.sh's pam_users) logged in and
# on the conflict queue.
desk_conflicts_ja() {
	tmux_start "$1" env $(pam_env_args) LANGUAGE=ja madoguchi --config "$WORK/madoguchi.conf"
	tmux_wait "$1" "ユーザー名" || bail "no login screen in Japanese"
	login "$1" suzuki pw-suzuki
	tmux_wait "$1" "[承認者]" || bail "suzuki cannot log in in Japanese"
	menu_pick "$1" "同期の競合解決"
	tmux_wait "$1" "同期の競合" || bail "no conflict queue in Japanese"
}
