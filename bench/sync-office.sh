#!/bin/sh
# bench/sync-office.sh [TERMINALS [HOLDERS]]: several terminals of one office (default 4),
# each filled with madoguchi-admin demo-data --holders HOLDERS (default 2000), sync at the
# same moment against one private PostgreSQL on loopback (TLS, signed batches), twice: the
# first round pushes each terminal's work, the second pulls the others'. Prints per
# terminal and round the time of sync-now, what it pushed and pulled, and the conflicts;
# then the office's totals and the time one terminal alone takes for the same holders
# (the anchor). Asserts nothing. Run from the build directory.
#
# Demo terminals take their certificate numbers from blocks the store leases to each
# (issue 33), so the expected count of conflicts is 0; a run that reports conflicts is a
# finding.
set -u
T=${1:-4}
H=${2:-2000}
case "$T$H" in ''|*[!0-9]*) echo "usage: bench/sync-office.sh [TERMINALS [HOLDERS]]" >&2; exit 2 ;; esac
[ "$T" -ge 2 ] || { echo "bench/sync-office.sh: at least 2 terminals" >&2; exit 2; }
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
top_builddir=$(pwd)
[ -x "$top_builddir/madoguchi-admin" ] ||
	{ echo "bench/sync-office.sh: run from the build directory" >&2; exit 2; }
export top_srcdir top_builddir
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
skip_all() { echo "bench/sync-office.sh: $*" >&2; exit 1; }
bail() { echo "bench/sync-office.sh: $*" >&2; exit 1; }
pg_require
pg_start
secs() { date +%s.%N; }

args=""
i=1
while [ "$i" -le "$T" ]; do args="$args DEMO-O$i t_o$i"; i=$((i + 1)); done
# shellcheck disable=SC2086
pg_central central OFFICE-O $args
pg_central central OFFICE-S DEMO-S1 t_s1
SYNC_BATCH=10000
echo "bench/sync-office.sh: $T terminals of one office, $H demo holders each ..."
for name in $(seq -f "DEMO-O%g" 1 "$T") DEMO-S1; do
	role=t_$(echo "$name" | sed 's/^DEMO-//' | tr 'A-Z' 'a-z')
	sync_terminal "$name" "$role"
	sync_now "$name" > /dev/null || bail "first sync of $name"
	madoguchi-admin demo-data --holders "$H" --config "$WORK/$name/madoguchi.conf" \
		> /dev/null || bail "demo-data on $name"
done

# round R: every terminal's sync-now at once; one line per terminal.
round() {
	local r=$1 name
	for name in $(seq -f "DEMO-O%g" 1 "$T"); do
		(
			t0=$(secs)
			out=$(sync_now "$name") || echo "$name: sync failed: $out" >&2
			t1=$(secs)
			printf '%s\n' "$out" > "$WORK/round$r.$name"
			echo "$t1 - $t0" | bc > "$WORK/round$r.$name.time"
		) &
	done
	wait
	for name in $(seq -f "DEMO-O%g" 1 "$T"); do
		printf 'round %s  %-8s %7.2f s  %s  conflicts here: %s\n' "$r" "$name" \
			"$(cat "$WORK/round$r.$name.time")" \
			"$(sed -n 's/^pushed: *\([0-9]*\) changes.*/pushed \1/p
				s/^pulled: *\([0-9]*\) changes (\([0-9]*\) applied.*/pulled \1 (applied \2)/p' \
				"$WORK/round$r.$name" | tr '\n' ' ')" \
			"$(tsql "$name" "SELECT count(*) FROM sync_conflicts WHERE status = 'open'")"
	done
}
t0=$(secs)
round 1
round 2
t1=$(secs)

# The anchor: one terminal of another office pushes the same number of holders alone.
a0=$(secs)
sync_now DEMO-S1 > /dev/null || bail "the anchor's sync"
a1=$(secs)
conflicts=$(pg_sql central "SELECT count(*) FROM madoguchi.conflicts WHERE office_id = 'OFFICE-O'")
changes=$(pg_sql central "SELECT count(*) FROM madoguchi.changes WHERE office_id = 'OFFICE-O'")
echo "office: $changes changes stored, $conflicts conflicts in the store, both rounds $(echo "$t1 - $t0" | bc) s"
echo "anchor: one terminal alone pushes $H holders in $(echo "$a1 - $a0" | bc) s"
