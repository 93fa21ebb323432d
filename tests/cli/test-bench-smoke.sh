#!/bin/sh
# Every benchmark still runs: each is run once on a small input and must finish and print
# its figures. Nothing here looks at a timing (benchmarks assert none); it catches a
# benchmark that a change of the code under it broke (bench/search once died at setup for
# weeks after the audit key moved to audit.key). bench/sync_conflicts runs in
# test-pull-plans.sh; the shell benchmarks need PostgreSQL and run from the README.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
trap cleanup_fixture EXIT
mkdir -p "$WORK/verify" "$WORK/flags" "$WORK/review" "$WORK/search" "$WORK/parse" "$WORK/import" \
	"$WORK/export"

runs() {	# runs DESCRIPTION EXPECTED-TEXT COMMAND...
	_what=$1 _want=$2; shift 2
	out=$("$@" 2>&1); rc=$?
	is "$rc" 0 "$_what: finishes"
	[ "$rc" -eq 0 ] || diag "$(printf '%s\n' "$out" | tail -n 5)"
	like "$out" "$_want" "$_what: prints its figures"
}

runs "audit_verify" "verify:" ./bench/audit_verify 2000 "$WORK/verify"
runs "audit_flags" "best:" ./bench/audit_flags 500 2 1 "$WORK/flags"
runs "audit_review" "encrypted/plain p95" \
	./bench/audit_review --entries 3000 --queries 10 --dir "$WORK/review"
runs "search" "enc/plain  name+given kanji  p95" ./bench/search --holders 3000 --queries 10 \
	--cold 2 --dir "$WORK/search"
runs "start" "ratio of medians" ./bench/start --runs 2
chmod 711 "$WORK"	# the screen process (the user madoguchi when root) reaches keys/
runs "keys" "Enter: the results listed" env BENCH_KEYS_DIR="$WORK/keys" sh "$top_srcdir/bench/keys.sh" 2000 2
runs "juki_parse" "target" ./bench/juki_parse 500 "$WORK/parse"
runs "juki_import" "holders" ./bench/juki_import 200 "$WORK/import" 1
runs "export" "encrypt/anchor" ./bench/export 300 "$WORK/export"

done_testing
