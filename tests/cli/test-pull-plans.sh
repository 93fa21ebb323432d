#!/bin/sh
# Recording conflicts costs the same whatever the terminal's history (issue 33): every
# statement a pull runs reads the outbox and the conflict queue by index. bench/
# sync_conflicts pulls colliding registers into a terminal with a pushed history and prints
# the plan of each statement it saw; none may scan either table (an OR across two records'
# conflicts once did, once per failed change). The bench's own count of the queue by cause
# is not the pull's and is left out.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
trap cleanup_fixture EXIT

out=$(./bench/sync_conflicts 200 20000 "$WORK" 2>&1); rc=$?
is "$rc" 0 "the bench pulls into a terminal with 20,000 outbox rows"
like "$out" "2400 changes,   1200 conflicts" "... 2,400 changes with 1,200 conflicts"
like "$out" "number-taken" "... grouped under their cause"
scans=$(printf '%s\n' "$out" | awk '
	/^The pull.s statements/ { plans = 1; next }
	!plans { next }
	/^[^ ]/ { stmt = $0; next }
	/SCAN (outbox|sync_conflicts)/ && stmt !~ /^SELECT count\(\*\), entity, cause/ {
		print substr(stmt, 1, 120) " :" $0
	}')
is "$scans" "" "no statement of the pull scans the outbox or the conflict queue"
like "$out" "SEARCH outbox USING INDEX outbox_record" "... the outbox is read by record"

done_testing
