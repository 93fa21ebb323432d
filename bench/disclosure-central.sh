#!/bin/sh
# bench/disclosure-central.sh [N [HOLDERS [QUERIES]]]: the central half of a disclosure
# (開示, issue 20). A private PostgreSQL (TLS, client certificates, as in production) gets N
# audit entries (default 1,000,000; the issue's figure is 10,000,000) of office A's two
# terminals about HOLDERS holders (default 100,000), and a tenth as many of office B under
# the same holder ids, which the function must not read. Then a terminal of office A calls
# madoguchi.disclosure(holder, NULL, NULL) for QUERIES holders (default 20), one connection,
# each call timed by psql (round trip on loopback included); prints p50/p95/max and the
# entries per holder. Issue 20 target: < 300 ms with 10,000,000 office entries. Prints
# figures, asserts nothing. Run from the build directory:
#
#	sh ../bench/disclosure-central.sh 10000000
#
# The entries are loaded with INSERT ... SELECT as the superuser (the chain-link checks of
# push_audit are not what is measured); their times are spread over one year.
set -u
N=${1:-1000000}
HOLDERS=${2:-100000}
QUERIES=${3:-20}
case "$N$HOLDERS$QUERIES" in ''|*[!0-9]*)
	echo "usage: bench/disclosure-central.sh [N [HOLDERS [QUERIES]]]" >&2; exit 2 ;; esac
[ "$N" -ge 1 ] && [ "$HOLDERS" -ge 1 ] && [ "$QUERIES" -ge 1 ] ||
	{ echo "bench/disclosure-central.sh: N, HOLDERS and QUERIES must be at least 1" >&2; exit 2; }
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
top_builddir=$(pwd)
export top_srcdir top_builddir
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
skip_all() { echo "bench/disclosure-central.sh: $*" >&2; exit 1; }
bail() { echo "bench/disclosure-central.sh: $*" >&2; exit 1; }
pg_require
pg_start
pg_central central OFFICE-A DEMO-P1 t_p1 DEMO-P2 t_p2
pg_central central OFFICE-B DEMO-Q1 t_q1

# Holder i's id, as the terminals write them (a UUID), in SQL.
hid="lpad(to_hex(h), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(h), 12, '0')"
load() {	# load OFFICE TERMINAL... COUNT: COUNT entries spread over the terminals
	pg_sql central "SET session_replication_role = replica;
	INSERT INTO madoguchi.audit_entries (terminal_id, seq, office_id, at, tty, user_name,
	    role, action, target, result, detail, prev_mac, mac)
	SELECT t[1 + i % cardinality(t)], i / cardinality(t) + 1, '$1',
	    to_char(timestamp '2025-01-01' + (i::float8 / $3 * 365) * interval '1 day',
		'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),
	    'tty1', 'user' || (i % 40), 'clerk',
	    (ARRAY['register.view','juki.query','register.apply','cert.print','login',
		'register.search','mynumber.reveal'])[1 + i % 7],
	    CASE WHEN i % 7 IN (4, 5) THEN '' ELSE 'holder:' || $hid END, 'ok', 'bench ' || i,
	    decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex')
	FROM (SELECT i, t, (i::bigint * 7919) % $HOLDERS AS h
	    FROM generate_series(0, $3 - 1) AS i, (SELECT ARRAY[$2] AS t) AS x) AS s;
	ANALYZE madoguchi.audit_entries" > /dev/null || bail "loading $1's entries"
}
secs() { date +%s.%N; }
echo "bench/disclosure-central.sh: loading $N entries of OFFICE-A and $((N / 10)) of OFFICE-B ..."
t0=$(secs)
load OFFICE-A "'DEMO-P1', 'DEMO-P2'" "$N"
[ "$((N / 10))" -ge 1 ] && load OFFICE-B "'DEMO-Q1'" "$((N / 10))"
t1=$(secs)
echo "loaded in $(echo "$t1 - $t0" | bc) s"

# QUERIES holders spread over the ids, each asked for once, through the function, as a
# terminal of office A.
script=$PG_WORK/disclosure.sql
{
	printf '%s\n' '\timing on'
	q=0
	while [ "$q" -lt "$QUERIES" ]; do
		h=$(( (q * HOLDERS) / QUERIES ))
		id=$(printf '%08x-0000-4000-8000-%012x' "$h" "$h")
		echo "SELECT count(*), count(*) FILTER (WHERE terminal_id LIKE 'DEMO-Q%') FROM madoguchi.disclosure('$id', NULL, NULL);"
		q=$((q + 1))
	done
} > "$script"
psql -X -q -tA -v ON_ERROR_STOP=1 "$(pg_conninfo central t_p1)" -f "$script" \
	> "$PG_WORK/disclosure.out" 2>&1 || bail "disclosure: $(cat "$PG_WORK/disclosure.out")"
awk -F'[|: ]+' -v n="$N" '
	/^[0-9]+\|[0-9]+$/ { rows += $1; other += $2; calls++ }
	/^Time:/ { ms[k++] = $2 }
	END {
		if (k == 0) { print "no timings" > "/dev/stderr"; exit 1 }
		for (i = 0; i < k; i++) for (j = i + 1; j < k; j++)
			if (ms[j] < ms[i]) { t = ms[i]; ms[i] = ms[j]; ms[j] = t }
		p95 = int(k * 0.95 + 0.999) - 1
		printf "disclosure, central function: %d office entries, %d holders asked, %.1f entries each\n", n, calls, rows / calls
		printf "  p50 %.1f ms  p95 %.1f ms  max %.1f ms (target < 300 ms)\n", ms[int((k - 1) / 2)], ms[p95], ms[k - 1]
		printf "  entries of another office returned: %d\n", other
	}' "$PG_WORK/disclosure.out"
