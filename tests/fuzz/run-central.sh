#!/bin/sh
# tests/fuzz/run-central.sh [SECONDS [LIBFUZZER-ARGS...]]: fuzz the central store's push()
# for SECONDS (default 600). Starts a private PostgreSQL on loopback (tests/lib/pg.sh, as
# the sync tests do), sets up the store with office FUZZ and terminal FUZZ-1 (role
# t_fuzz, its signing key registered), and runs tests/fuzz/fuzz-central-push on
# tests/fuzz/corpus-central. Run from the build directory after "make fuzz-central"; the
# server is stopped and its files removed at the end (KEEP_WORK=1 keeps them).
set -u
secs=${1:-600}
[ $# -gt 0 ] && shift
case "$secs" in ''|*[!0-9]*) echo "usage: run-central.sh [SECONDS [LIBFUZZER-ARGS...]]" >&2; exit 2 ;; esac
top_srcdir=$(cd "$(dirname "$0")/../.." && pwd)
top_builddir=$(pwd)
[ -x "$top_builddir/tests/fuzz/fuzz-central-push" ] ||
	{ echo "run-central.sh: run \"make fuzz-central\" in the build directory first" >&2; exit 2; }
export top_srcdir top_builddir
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
skip_all() { echo "run-central.sh: $*" >&2; exit 1; }
bail() { echo "run-central.sh: $*" >&2; exit 1; }
pg_require
pg_start
pg_central central FUZZ FUZZ-1 t_fuzz
FUZZ_CENTRAL_DB="dbname=central" FUZZ_CENTRAL_ROLE=t_fuzz FUZZ_CENTRAL_TERMINAL=FUZZ-1 \
FUZZ_CENTRAL_KEY=$PG_TLS/t_fuzz.sign \
	"$top_builddir/tests/fuzz/fuzz-central-push" -max_total_time="$secs" -timeout=120 \
	-rss_limit_mb=4096 -dict="$top_builddir/tests/fuzz/central.dict" "$@" "$top_builddir/tests/fuzz/corpus-central"
