#!/bin/sh
# bench/central-load.sh still runs (issue 30): three terminals in two offices against a
# store pre-filled with two other offices' work, at tiny sizes. It must finish, print its
# figures and pass its own convergence check; no time is looked at. Bad arguments are
# refused with the usage.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/pg.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

out=$(cd "$top_builddir" && sh "$top_srcdir/bench/central-load.sh" --terminals 3 --offices 2 \
	--changes 40 --prefill-changes 2000 --prefill-audit 4000 --prefill-offices 2 \
	--store-nice 3 --batch-size 10 2>&1); rc=$?
is "$rc" 0 "central-load: finishes"
[ "$rc" -eq 0 ] || diag "$(printf '%s\n' "$out" | tail -n 8)"
like "$out" "throughput:" "central-load: prints changes/s"
like "$out" "push per batch, to the answer read: " \
	"central-load: prints the push batches' percentiles"
like "$out" "push per batch, to the answer's arrival: " \
	"central-load: prints the push batches' latencies to the answer's arrival"
# Each batch's answer arrives before it is read: so does every percentile, of as many.
arrived=$(printf '%s\n' "$out" | sed -n "s/^push per batch, to the answer's arrival: //p")
read_at=$(printf '%s\n' "$out" | sed -n "s/^push per batch, to the answer read: //p")
is "$(echo "$arrived" | cut -d' ' -f1)" "$(echo "$read_at" | cut -d' ' -f1)" \
	"... one arrival for every push batch"
is "$(echo "$arrived $read_at" | awk '{ a = $7 + 0; r = $21 + 0; print (a <= r) }')" 1 \
	"... its p95 no later than the answer read"
like "$out" "push per full batch (10 changes), to the answer's arrival: " \
	"central-load: prints the full push batches' latencies apart, to the answer's arrival"
like "$out" "push per full batch (10 changes), to the answer read: " \
	"... and to the answer read"
batches() {	# batches LINE: how many batches the output's line LINE ("LINE: N batches: ...") counts
	printf '%s\n' "$out" | sed -n "s/^$1: \([0-9]*\) batches.*/\1/p"
}
# 40 demo changes a terminal fill four batches of 10 (the office's accounts and the few
# changes a sync adds may fill more); the short ones are left out.
full=$(batches "push per full batch (10 changes), to the answer read")
all=$(batches "push per batch, to the answer read")
ok $((${full:-0} >= 12 && ${full:-0} < ${all:-0} ? 0 : 1)) \
	"... of the full batches alone ($full of $all)"
# The full batches' arrival in its two parts, each of every full batch.
sent=$(batches "push per full batch (10 changes), handing it to the kernel")
after=$(batches "push per full batch (10 changes), from handed over to the answer's arrival")
is "${sent:-none} ${after:-none}" "$full $full" \
	"central-load: prints the full batches' send and the store's side of their latency apart"
like "$out" "push per batch, waiting for the answer after making the next batch: " \
	"central-load: prints the time waited for the store beyond the terminal's own work"
like "$out" "pull per batch: " "central-load: prints the pull batches' percentiles"
like "$out" "apply per batch (the terminals writing pulled changes locally): " \
	"central-load: prints the terminals' time writing pulled batches"
like "$out" "pushes: the last push batch was stored " \
	"central-load: prints when the last push was stored"
like "$out" "push per batch, in the store: " \
	"central-load: prints the push batches' times as the store logged them"
like "$out" "pull per batch, in the store: " \
	"central-load: prints the pull batches' times as the store logged them"
like "$out" "2000 changes and 4000 audit entries of each of 2 other offices" \
	"central-load: pre-fills as many other offices as asked"
is "$(printf '%s\n' "$out" | sed -n 's/^pushes: the last push batch was stored \([0-9.]*\) s.*/\1/p' |
	awk '{ print ($1 > 0) }')" 1 "... a time after the round's start"
like "$out" "its processes at nice 3" "central-load: runs the store at the nice value asked"
like "$out" "lock waits over" "central-load: prints the lock waits it sampled"
like "$out" "convergence: every change of the 3 terminals stored once" \
	"central-load: its convergence check passes"

out=$(cd "$top_builddir" && sh "$top_srcdir/bench/central-load.sh" --offices 3 --terminals 2 2>&1); rc=$?
is "$rc" 2 "more offices than terminals: usage error"
like "$out" "need 1 <= offices <= terminals" "... saying why"
out=$(cd "$top_builddir" && sh "$top_srcdir/bench/central-load.sh" --changes x 2>&1); rc=$?
is "$rc" 2 "a count that is no number: usage error"
out=$(cd "$top_builddir" && sh "$top_srcdir/bench/central-load.sh" --prefill-offices -1 2>&1); rc=$?
is "$rc" 2 "a negative number of other offices: usage error"
out=$(cd "$top_builddir" && sh "$top_srcdir/bench/central-load.sh" --nice 20 2>&1); rc=$?
is "$rc" 2 "a nice value over 19: usage error"
like "$out" "--nice is at most 19" "... saying why"
out=$(cd "$top_builddir" && sh "$top_srcdir/bench/central-load.sh" --store-nice -21 2>&1); rc=$?
is "$rc" 2 "a store nice value under -20: usage error"
like "$out" "--store-nice takes a number from -20 to 19" "... saying why"
out=$(cd "$top_builddir" && sh "$top_srcdir/bench/central-load.sh" --store-nice 1x 2>&1); rc=$?
is "$rc" 2 "a store nice value that is no number: usage error"
out=$(cd "$top_builddir" && sh "$top_srcdir/bench/central-load.sh" --batch-size 10001 2>&1); rc=$?
is "$rc" 2 "a batch size over 10,000: usage error"

done_testing
