#!/bin/sh
# madoguchi-juki-sim's command line: --help on stdout with exit 0; a bad or missing option
# gets the usage on stderr and exit 2, and nothing is written to the spools.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
trap cleanup_fixture EXIT
sim="$top_builddir/madoguchi-juki-sim"
mkdir -p "$WORK/out" "$WORK/in"

out=$("$sim" --help 2> "$WORK/err"); rc=$?
is "$rc" 0 "--help exits 0"
like "$out" "usage: madoguchi-juki-sim --outbound DIR --inbound DIR" "--help prints the usage"
like "$out" "--fault KIND" "... and every option"
like "$out" "Exit status" "... and the exit status"
is "$(cat "$WORK/err")" "" "... on stdout only"

expect_usage() {	# expect_usage DESCRIPTION ARGS...
	_what=$1; shift
	out=$("$sim" "$@" 2> "$WORK/err"); rc=$?
	is "$rc" 2 "$_what: exit 2"
	like "$(cat "$WORK/err")" "usage: madoguchi-juki-sim" "$_what: the usage on stderr"
}
expect_usage "an unknown option" --outbound "$WORK/out" --inbound "$WORK/in" --bogus
expect_usage "no --inbound" --outbound "$WORK/out" --once
expect_usage "an unknown fault" --outbound "$WORK/out" --inbound "$WORK/in" --fault melt --once
expect_usage "a seed that is no number" --outbound "$WORK/out" --inbound "$WORK/in" --seed x --once
expect_usage "a bad --created" --outbound "$WORK/out" --inbound "$WORK/in" --created 2026 --once
is "$(ls "$WORK/in" "$WORK/out" | grep -cv '^$\|:$')" 0 "nothing written to the spools"

"$sim" --outbound "$WORK/out" --inbound "$WORK/in" --once; rc=$?
is "$rc" 0 "--once with nothing to answer exits 0"
done_testing
