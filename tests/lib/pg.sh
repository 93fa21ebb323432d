# A private PostgreSQL (15 or later) on loopback with TLS, for the sync tests. Source it
# after tap.sh (it uses bail/skip_all); then
#
#	pg_require			# skip_all when no PostgreSQL server is installed
#	pg_start			# cluster, CA, server certificate; stopped on exit
#	pg_central DB OFFICE TERMINAL ROLE ...	# schema + office + terminals (setup script)
#	pg_role TERMINAL		# the role the setup script made (ROLE - above)
#	pg_client_cert ROLE		# $PG_TLS/ROLE.crt and .key signed by the test CA
#	pg_conninfo DB ROLE		# libpq conninfo with verify-full and ROLE's certificate
#	pg_sql DB "SQL"			# as the superuser over the Unix socket, tuples only
#	pg_restart [immediate]		# stop and start again (the port stays)
#	pg_standby_start		# a streaming standby on 127.0.0.2 (same port); also
#					# pg_standby_wait, _stop, _promote, _sql, pg_primary_stop
#
# Everything lives in a temporary directory removed on exit. When the tests run as root
# the server runs as the postgres user (initdb refuses root).

PG_BINDIR=
PG_WORK=
PG_TLS=
PG_PORT=
PG_SUPERUSER=
PG_AS=

_pg_find_bindir() {
	local d v best=0
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] || continue
		v=$(basename "$(dirname "$d")")
		case "$v" in *[!0-9]*) continue ;; esac
		if [ "$v" -ge 15 ] && [ "$v" -gt "$best" ]; then
			best=$v
			PG_BINDIR=$d
		fi
	done
	[ -n "$PG_BINDIR" ]
}

pg_require() {
	_pg_find_bindir || skip_all "PostgreSQL 15 or later is not installed (apt-get install postgresql-15)"
	command -v openssl > /dev/null || skip_all "openssl is not installed"
	command -v psql > /dev/null || skip_all "psql is not installed"
	if [ "$(id -u)" -eq 0 ]; then
		getent passwd postgres > /dev/null ||
			skip_all "running as root and there is no postgres user to run the server"
	fi
}

# Runs a server-side program as the user that owns the cluster.
_pg_as() {
	if [ -n "$PG_AS" ]; then
		runuser -u "$PG_AS" -- "$@"
	else
		"$@"
	fi
}

_pg_random_port() {
	echo $(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 ))
}

_pg_openssl_ca() {	# _pg_openssl_ca NAME: self-signed CA $PG_TLS/NAME.crt/.key
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$PG_TLS/$1.key" -out "$PG_TLS/$1.crt" -days 2 \
		-subj "/CN=madoguchi test $1" > /dev/null 2>&1 || bail "openssl: cannot make CA $1"
}

# pg_client_cert NAME [CA]: a client certificate CN=NAME signed by CA (default: ca).
pg_client_cert() {
	local ca=${2:-ca} out=${3:-$1}
	( umask 077
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$PG_TLS/$out.key" -out "$PG_TLS/$out.csr" -subj "/CN=$1" > /dev/null 2>&1 &&
	openssl x509 -req -in "$PG_TLS/$out.csr" -CA "$PG_TLS/$ca.crt" -CAkey "$PG_TLS/$ca.key" \
		-CAcreateserial -out "$PG_TLS/$out.crt" -days 2 > /dev/null 2>&1 ) ||
		bail "openssl: cannot make the client certificate $1"
}

# pg_signing_key ROLE: the batch-signing key of ROLE's terminal, $PG_TLS/ROLE.sign, and its
# public key ROLE.sign.pub (RSA 2048: quicker to make than the 3072 bits of
# madoguchi-admin signing-key, and what the central store takes at least).
pg_signing_key() {
	( umask 077
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$PG_TLS/$1.sign" \
		> /dev/null 2>&1 &&
	openssl pkey -in "$PG_TLS/$1.sign" -pubout -out "$PG_TLS/$1.sign.pub" > /dev/null 2>&1 ) ||
		bail "openssl: cannot make the signing key of $1"
}

pg_start() {
	local conf
	[ -n "$PG_BINDIR" ] || _pg_find_bindir || bail "no PostgreSQL server"
	PG_WORK=$(mktemp -d "${TMPDIR:-/tmp}/madoguchi-pg.XXXXXX")
	PG_TLS=$PG_WORK/tls
	mkdir -p "$PG_TLS" "$PG_WORK/sock"
	if [ "$(id -u)" -eq 0 ]; then
		PG_AS=postgres
		PG_SUPERUSER=postgres
	else
		PG_AS=
		PG_SUPERUSER=$(id -un)
	fi
	trap 'pg_stop; cleanup_fixture 2> /dev/null || true' EXIT

	# The CA, the server's certificate (localhost, 127.0.0.1 and the standby's 127.0.0.2, for
	# verify-full) and a
	# second CA nobody trusts (for the wrong-certificate tests).
	_pg_openssl_ca ca
	_pg_openssl_ca rogue
	( umask 077
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$PG_TLS/server.key" -out "$PG_TLS/server.csr" -subj "/CN=localhost" \
		> /dev/null 2>&1 &&
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:127.0.0.2\n' > "$PG_TLS/server.ext" &&
	openssl x509 -req -in "$PG_TLS/server.csr" -CA "$PG_TLS/ca.crt" -CAkey "$PG_TLS/ca.key" \
		-CAcreateserial -out "$PG_TLS/server.crt" -days 2 -extfile "$PG_TLS/server.ext" \
		> /dev/null 2>&1 ) || bail "openssl: cannot make the server certificate"

	mkdir -p "$PG_WORK/data" "$PG_WORK/srv" "$PG_WORK/log"
	cp "$PG_TLS/server.key" "$PG_TLS/server.crt" "$PG_TLS/ca.crt" "$PG_WORK/srv/"
	if [ -n "$PG_AS" ]; then
		chmod 755 "$PG_WORK"
		chown -R "$PG_AS" "$PG_WORK/data" "$PG_WORK/sock" "$PG_WORK/srv" "$PG_WORK/log"
	fi
	chmod 700 "$PG_WORK/srv"
	chmod 600 "$PG_WORK/srv/server.key"

	_pg_as "$PG_BINDIR/initdb" -D "$PG_WORK/data" -U "$PG_SUPERUSER" --auth=trust \
		--encoding=UTF8 --locale=C.UTF-8 > "$PG_WORK/initdb.log" 2>&1 ||
		bail "initdb failed: $(tail -5 "$PG_WORK/initdb.log")"
	PG_PORT=$(_pg_random_port)
	conf=$PG_WORK/data/postgresql.conf
	cat >> "$conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_WORK/sock'
ssl = on
ssl_cert_file = '$PG_WORK/srv/server.crt'
ssl_key_file = '$PG_WORK/srv/server.key'
ssl_ca_file = '$PG_WORK/srv/ca.crt'
ssl_min_protocol_version = 'TLSv1.2'
# A test cluster: a crash of the server process keeps what the OS has; no disk syncs.
fsync = off
full_page_writes = off
max_connections = 40
shared_buffers = 64MB
log_min_messages = warning
EOF
	cat > "$PG_WORK/data/pg_hba.conf" <<EOF
local all all trust
local replication all trust
hostssl all +madoguchi_terminal 127.0.0.1/32 cert
hostssl all +madoguchi_terminal 127.0.0.2/32 cert
host all all 127.0.0.1/32 reject
EOF
	# A random port; another one if something else has it.
	tries=0
	until _pg_as "$PG_BINDIR/pg_ctl" -D "$PG_WORK/data" -l "$PG_WORK/log/server.log" -w -t 60 \
	    -o "-p $PG_PORT" start > /dev/null 2>&1; do
		tries=$((tries + 1))
		[ "$tries" -lt 5 ] && grep -q "already in use" "$PG_WORK/log/server.log" ||
			bail "PostgreSQL did not start: $(tail -5 "$PG_WORK/log/server.log")"
		PG_PORT=$(_pg_random_port)
		sed -i "s/^port = .*/port = $PG_PORT/" "$conf"
	done
	export PGHOST="$PG_WORK/sock" PGPORT="$PG_PORT" PGUSER="$PG_SUPERUSER"
}

pg_restart() {	# pg_restart [fast|immediate]
	_pg_as "$PG_BINDIR/pg_ctl" -D "$PG_WORK/data" -m "${1:-fast}" -w -t 60 stop \
		> /dev/null 2>&1 || true
	_pg_as "$PG_BINDIR/pg_ctl" -D "$PG_WORK/data" -l "$PG_WORK/log/server.log" -w -t 60 start \
		> /dev/null 2>&1 || bail "PostgreSQL did not start again: $(tail -5 "$PG_WORK/log/server.log")"
}

pg_stop() {
	[ -n "$PG_WORK" ] || return 0
	if [ -f "$PG_WORK/standby/postmaster.pid" ]; then
		_pg_as "$PG_BINDIR/pg_ctl" -D "$PG_WORK/standby" -m immediate -w -t 30 stop \
			> /dev/null 2>&1 || true
	fi
	if [ -f "$PG_WORK/data/postmaster.pid" ]; then
		_pg_as "$PG_BINDIR/pg_ctl" -D "$PG_WORK/data" -m immediate -w -t 30 stop \
			> /dev/null 2>&1 || true
	fi
	if [ -n "${KEEP_WORK:-}" ]; then
		echo "# PostgreSQL work directory kept: $PG_WORK" >&2
	else
		rm -rf "$PG_WORK"
	fi
	PG_WORK=
}

# pg_standby_start: a hot standby of the cluster by streaming replication (pg_basebackup
# over the Unix socket), on 127.0.0.1's neighbour 127.0.0.2 at the same port with the same
# certificate, so that a terminal names both as "sync_host = 127.0.0.1,127.0.0.2". Its data
# in $PG_WORK/standby, its socket in $PG_WORK/sock2.
pg_standby_start() {
	if [ ! -f "$PG_WORK/standby/PG_VERSION" ]; then
		mkdir -p "$PG_WORK/sock2" "$PG_WORK/standby"
		chmod 700 "$PG_WORK/standby"
		[ -z "$PG_AS" ] || chown "$PG_AS" "$PG_WORK/sock2" "$PG_WORK/standby"
		_pg_as "$PG_BINDIR/pg_basebackup" -D "$PG_WORK/standby" -R -X stream -c fast \
			-h "$PG_WORK/sock" -p "$PG_PORT" -U "$PG_SUPERUSER" \
			> "$PG_WORK/log/basebackup.log" 2>&1 ||
			bail "pg_basebackup failed: $(tail -5 "$PG_WORK/log/basebackup.log")"
		printf "listen_addresses = '127.0.0.2'\nunix_socket_directories = '%s'\n" \
			"$PG_WORK/sock2" >> "$PG_WORK/standby/postgresql.conf"
	fi
	_pg_as "$PG_BINDIR/pg_ctl" -D "$PG_WORK/standby" -l "$PG_WORK/log/standby.log" -w -t 60 \
		start > /dev/null 2>&1 ||
		bail "the standby did not start: $(tail -5 "$PG_WORK/log/standby.log")"
}

pg_standby_stop() {	# pg_standby_stop [fast|immediate]
	_pg_as "$PG_BINDIR/pg_ctl" -D "$PG_WORK/standby" -m "${1:-fast}" -w -t 60 stop \
		> /dev/null 2>&1 || bail "the standby did not stop"
}

pg_primary_stop() {	# pg_primary_stop [fast|immediate]
	_pg_as "$PG_BINDIR/pg_ctl" -D "$PG_WORK/data" -m "${1:-fast}" -w -t 60 stop \
		> /dev/null 2>&1 || bail "the primary did not stop"
}

# pg_standby_promote: the standby becomes the primary; pg_sql then goes to it.
pg_standby_promote() {
	_pg_as "$PG_BINDIR/pg_ctl" -D "$PG_WORK/standby" -w -t 60 promote > /dev/null 2>&1 ||
		bail "the standby was not promoted: $(tail -5 "$PG_WORK/log/standby.log")"
	export PGHOST="$PG_WORK/sock2"
}

pg_standby_sql() {	# pg_standby_sql DB SQL: as pg_sql, on the standby
	PGHOST="$PG_WORK/sock2" pg_sql "$@"
}

# pg_standby_wait: until the standby has replayed all the primary has written (60 s at most).
pg_standby_wait() {
	local lsn i=0
	lsn=$(pg_sql postgres "SELECT pg_current_wal_lsn()") || bail "no WAL position"
	until [ "$(pg_standby_sql postgres "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t ]; do
		i=$((i + 1))
		[ "$i" -lt 600 ] || bail "the standby did not catch up with $lsn"
		sleep 0.1
	done
}

pg_sql() {	# pg_sql DB SQL: tuples only, unaligned; fails on error
	psql -X -q -v ON_ERROR_STOP=1 -d "$1" -tA -c "$2"
}

# pg_central DB OFFICE TERMINAL ROLE [TERMINAL ROLE ...]: the schema through the setup
# script, one office, its terminals and their client certificates and signing keys. ROLE
# "-" leaves the name to the script, as a sysadmin does: the certificate and the key are
# made for the role it reports (pg_role TERMINAL), and the key is registered by a second
# run, which keeps the role.
pg_central() {
	local db=$1 office=$2 out role
	shift 2
	out=$("$top_srcdir/db/central/madoguchi-central-setup" --dbname "$db" --office "$office" 2>&1) ||
		bail "madoguchi-central-setup failed: $out"
	while [ $# -ge 2 ]; do
		role=$2
		if [ "$role" = - ]; then
			out=$("$top_srcdir/db/central/madoguchi-central-setup" --dbname "$db" \
				--office "$office" --terminal "$1" 2>&1) ||
				bail "madoguchi-central-setup --terminal $1 failed: $out"
			role=$(printf '%s\n' "$out" |
				sed -n 's/.*its client certificate must have CN=\([^ ]*\)$/\1/p')
			[ -n "$role" ] || bail "madoguchi-central-setup reported no role for $1: $out"
			printf '%s\n' "$role" > "$PG_WORK/role.$1"
		fi
		[ -f "$PG_TLS/$role.sign" ] || pg_signing_key "$role"
		out=$("$top_srcdir/db/central/madoguchi-central-setup" --dbname "$db" \
			--office "$office" --terminal "$1" --role "$role" \
			--signing-key "$PG_TLS/$role.sign.pub" 2>&1) ||
			bail "madoguchi-central-setup --terminal $1 failed: $out"
		[ -f "$PG_TLS/$role.crt" ] || pg_client_cert "$role"
		shift 2
	done
}

# pg_role TERMINAL: the role madoguchi-central-setup reported for TERMINAL (ROLE "-").
pg_role() {
	cat "$PG_WORK/role.$1" 2> /dev/null || bail "no role was made for terminal $1"
}

# pg_conninfo DB ROLE [CERTNAME]: how a terminal connects (CERTNAME defaults to ROLE).
pg_conninfo() {
	local cert=${3:-$2}
	echo "host=localhost port=$PG_PORT dbname=$1 user=$2 sslmode=verify-full sslrootcert=$PG_TLS/ca.crt sslcert=$PG_TLS/$cert.crt sslkey=$PG_TLS/$cert.key connect_timeout=10"
}
