#!/bin/sh
# bench/sync.sh [N [RUNS]]: push N changes (default 100,000) from one terminal database to a
# private PostgreSQL on loopback (TLS, client certificates, as in production), pull them
# into a second terminal database, and print changes/s; the anchor is COPY of the same rows
# into a table of the same shape (bare, and with the keys of madoguchi.changes), three
# times, the median taken. SPEC §13 target: push < 10 s, within 3x of COPY. Prints
# figures, asserts nothing. Run from the build directory (it uses ./madoguchi-admin).
#
# RUNS (default 1) runs the whole bench that many times, each on a new cluster, and ends
# with the ratios of every run and their median: on a shared machine one run can be off
# by a fifth either way.
#
# The changes are synthetic holders (madoguchi-admin demo-data): each holder is four
# changes (holder, registration, issue event, My Number).
set -u
N=${1:-100000}
RUNS=${2:-1}
case "$N$RUNS" in ''|*[!0-9]*) echo "usage: bench/sync.sh [N [RUNS]]" >&2; exit 2 ;; esac
[ "$N" -ge 4 ] || { echo "bench/sync.sh: N must be at least 4" >&2; exit 2; }
if [ "$RUNS" -gt 1 ]; then
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		i=$((i + 1))
		echo "--- run $i of $RUNS"
		sh "$0" "$N" 1 || exit 1
	done | tee /dev/stderr | awk '
		/^push step \/ COPY keyed:/ { sub(/x$/, "", $6); r[n++] = $6 }
		END {
			if (n == 0) exit 1
			for (i = 0; i < n; i++) for (j = i + 1; j < n; j++)
				if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t }
			printf "push step / COPY keyed over %d runs:", n
			for (i = 0; i < n; i++) printf " %.1fx", r[i]
			printf "; median %.1fx (target within 3x)\n", n % 2 ? r[(n - 1) / 2] : (r[n / 2 - 1] + r[n / 2]) / 2
		}'
	exit
fi
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
top_builddir=$(pwd)
[ -x "$top_builddir/madoguchi-admin" ] ||
	{ echo "bench/sync.sh: run from the build directory (no ./madoguchi-admin)" >&2; exit 2; }
export top_srcdir top_builddir
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
skip_all() { echo "bench/sync.sh: $*" >&2; exit 1; }
bail() { echo "bench/sync.sh: $*" >&2; exit 1; }
pg_require
pg_start
pg_central central OFFICE-A DEMO-P1 t_p1 DEMO-P2 t_p2
SYNC_BATCH=10000
sync_terminal DEMO-P1 t_p1
sync_terminal DEMO-P2 t_p2
# The accounts the two terminals made go out first, so that what is timed is the register.
sync_now DEMO-P1 > /dev/null || bail "first sync of DEMO-P1"
sync_now DEMO-P2 > /dev/null || bail "first sync of DEMO-P2"

holders=$((N / 4))
echo "bench/sync.sh: making $holders holders ($((holders * 4)) changes) on DEMO-P1 ..."
madoguchi-admin demo-data --holders "$holders" --config "$WORK/DEMO-P1/madoguchi.conf" \
	> /dev/null || bail "demo-data"
n=$(tsql DEMO-P1 "SELECT count(*) FROM outbox WHERE pushed_at IS NULL")

# The store's own time in push() (PL/pgSQL function statistics) tells the server's share.
pg_sql central "ALTER DATABASE central SET track_functions = 'pl'" > /dev/null
secs() { date +%s.%N; }
t0=$(secs)
sync_now DEMO-P1 > "$WORK/push.out" || bail "push: $(cat "$WORK/push.out")"
t1=$(secs)
sync_now DEMO-P2 > "$WORK/pull.out" || bail "pull: $(cat "$WORK/pull.out")"
t2=$(secs)
got=$(tsql DEMO-P2 "SELECT count(*) FROM holders")
[ "$got" -eq "$holders" ] || bail "DEMO-P2 holds $got holders, not $holders"

server=$(pg_sql central "SELECT coalesce(sum(total_time), 0) / 1000 FROM pg_stat_user_functions WHERE schemaname = 'madoguchi' AND funcname = 'push'")

# The anchor: the same rows, COPY out, and COPY into two tables of the same shape: a bare
# one (no keys), and one with the keys of madoguchi.changes (primary key = idempotency
# key, the office log's unique index), which any store of these rows must maintain.
pg_sql central "CREATE TABLE public.copy_bare (LIKE madoguchi.changes INCLUDING DEFAULTS)" > /dev/null
pg_sql central "CREATE TABLE public.copy_keyed (LIKE madoguchi.changes INCLUDING ALL)" > /dev/null
psql -X -q -d central -c "\\copy (SELECT * FROM madoguchi.changes WHERE terminal_id = 'DEMO-P1' AND entity <> 'account') TO '$WORK/changes.copy'" ||
	bail "COPY out"
# copy_into TABLE: seconds COPY into the emptied TABLE takes, the median of three.
copy_into() {
	local i t0 t1
	for i in 1 2 3; do
		pg_sql central "TRUNCATE public.$1" > /dev/null
		t0=$(secs)
		psql -X -q -d central -c "\\copy public.$1 FROM '$WORK/changes.copy'" || bail "COPY in"
		t1=$(secs)
		echo "$t1 - $t0" | bc
	done | sort -n | sed -n 2p
}
bare=$(copy_into copy_bare)
keyed=$(copy_into copy_keyed)
rows=$(pg_sql central "SELECT count(*) FROM public.copy_keyed")

# sync-now's own measure of its push step (after connecting, before its pull of the
# office log, which for P1 holds only its own changes, and its audit step).
step=$(sed -n 's/^pushed: .* in \([0-9.]*\) s$/\1/p' "$WORK/push.out")
awk -v n="$n" -v step="${step:-0}" -v push="$(echo "$t1 - $t0" | bc)" -v pull="$(echo "$t2 - $t1" | bc)" \
    -v bare="$bare" -v keyed="$keyed" -v rows="$rows" \
    -v server="$server" 'BEGIN {
	total = push + pull
	printf "changes:            %d\n", n
	printf "sync-now P1:        %.2f s  %.0f changes/s\n", push, n / push
	printf "  its push step:    %.2f s  %.0f changes/s  (target < 10 s)\n", step, n / step
	printf "  in push():        %.2f s in the central store\n", server
	printf "pull (sync-now P2): %.2f s  %.0f changes/s\n", pull, n / pull
	printf "push + pull:        %.2f s  %.0f changes/s\n", total, n / total
	printf "anchor COPY, bare table:  %.2f s  %.0f rows/s (%d rows)\n", bare, rows / bare, rows
	printf "anchor COPY, keyed table: %.2f s  %.0f rows/s  (each the median of 3)\n", keyed, rows / keyed
	printf "push step / COPY keyed:  %.1fx  (target within 3x)\n", step / keyed
	printf "push step / COPY bare:   %.1fx\n", step / bare
	printf "sync-now / COPY keyed:   %.1fx\n", push / keyed
}'
