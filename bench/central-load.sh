#!/bin/sh
# bench/central-load.sh [--terminals N] [--offices M] [--changes C] [--prefill-changes P]
#     [--prefill-audit A] [--prefill-offices Q] [--batch-size B] [--pull-batch-size L]
#     [--nice I] [--store-nice S] [--check K]
#
# N terminals (default 10) spread over M offices (default 1) push C changes each (default
# 1,000: C/4 demo holders, four changes a holder) and pull, all at the same moment, against
# one private PostgreSQL on loopback (TLS, client certificates, signed batches: the real
# client, madoguchi-admin sync-now). Before that, the store is pre-filled set-based in SQL
# with P changes (default 100,000) and A audit entries (default 200,000) of each of Q other
# offices (default 1), so that what is measured runs against a store that already holds
# other offices' work: Q = 0 and Q = 19 compare the measured office alone with it among 20
# offices of the same size. B sets the terminals' sync_batch_size, the changes a pushed batch
# (default: theirs), L their sync_pull_batch_size, the changes a pulled one (default:
# theirs, whatever B is).
# I runs the terminals' processes under nice I (default 0): here they share the two cores
# with the store, where in an office each has its own machine; a higher I lets the store's
# processes go first, as they would on a server of their own. S runs the store's processes
# (PostgreSQL, from its start) under nice S (default 0; below 0 needs root), the other way
# to the same end: the terminals keep their share among themselves, the store goes first.
#
# Prints: the time of the round and changes/s, when the last push was stored, each batch's
# round trip (push and pull; p50, p95, p99, from MADOGUCHI_SYNC_TRACE; a push both to its
# answer's arrival and to the answer read, of all batches and of the full ones alone; a
# full one's arrival also in two parts, the batch handed to the kernel and the rest) and
# the terminals' time writing pulled batches locally, the lock waits seen by sampling
# pg_stat_activity every 0.2 s, then checks that every change of every terminal is at the
# store exactly once and that K terminals of each office (default 2) converge on the
# office's register after a last pull round. Nothing asserts a time; a failed check
# exits 1.
#
# The issue's runs: 1, 10, 50, 200 terminals with 1 and 20 offices; the long prefill is
# --prefill-changes 10000000 --prefill-audit 20000000. Run from the build directory.
set -u
N=10 M=1 C=1000 P=100000 A=200000 Q=1 B=0 L=0 I=0 S=0 K=2
while [ $# -gt 0 ]; do
	case "$1" in
	--terminals) N=$2 ;;
	--offices) M=$2 ;;
	--changes) C=$2 ;;
	--prefill-changes) P=$2 ;;
	--prefill-audit) A=$2 ;;
	--prefill-offices) Q=$2 ;;
	--batch-size) B=$2 ;;
	--pull-batch-size) L=$2 ;;
	--nice) I=$2 ;;
	--store-nice) S=$2 ;;
	--check) K=$2 ;;
	*) echo "usage: bench/central-load.sh [--terminals N] [--offices M] [--changes C]" \
		"[--prefill-changes P] [--prefill-audit A] [--prefill-offices Q] [--batch-size B]" \
		    "[--pull-batch-size L] [--nice I] [--store-nice S] [--check K]" >&2
		exit 2 ;;
	esac
	[ $# -ge 2 ] || { echo "bench/central-load.sh: $1 needs a value" >&2; exit 2; }
	shift 2
done
case "$N$M$C$P$A$Q$B$L$I$K" in ''|*[!0-9]*) echo "bench/central-load.sh: numbers only" >&2; exit 2 ;; esac
[ "$N" -ge 1 ] && [ "$M" -ge 1 ] && [ "$M" -le "$N" ] ||
	{ echo "bench/central-load.sh: need 1 <= offices <= terminals" >&2; exit 2; }
[ "$C" -ge 4 ] || { echo "bench/central-load.sh: --changes must be at least 4" >&2; exit 2; }
[ "$B" -le 10000 ] || { echo "bench/central-load.sh: --batch-size is at most 10000" >&2; exit 2; }
[ "$L" -le 10000 ] || { echo "bench/central-load.sh: --pull-batch-size is at most 10000" >&2; exit 2; }
[ "$I" -le 19 ] || { echo "bench/central-load.sh: --nice is at most 19" >&2; exit 2; }
case "$S" in -[0-9]*) S_ABS=${S#-} ;; *) S_ABS=$S ;; esac
case "$S_ABS" in ''|*[!0-9]*) echo "bench/central-load.sh: --store-nice takes a number from -20 to 19" >&2; exit 2 ;; esac
[ "$S" -ge -20 ] && [ "$S" -le 19 ] ||
	{ echo "bench/central-load.sh: --store-nice takes a number from -20 to 19" >&2; exit 2; }
[ "$S" -ge 0 ] || [ "$(id -u)" -eq 0 ] ||
	{ echo "bench/central-load.sh: --store-nice below 0 needs root" >&2; exit 2; }
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
top_builddir=$(pwd)
[ -x "$top_builddir/madoguchi-admin" ] ||
	{ echo "bench/central-load.sh: run from the build directory (no ./madoguchi-admin)" >&2; exit 2; }
export top_srcdir top_builddir
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
skip_all() { echo "bench/central-load.sh: $*" >&2; exit 1; }
bail() { echo "bench/central-load.sh: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { echo "$(now) $1" | awk '{ printf "%.1f", $1 - $2 }'; }
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

t0=$(now)
pg_start
# One connection per terminal syncing at once, and the sampler's. The pre-fill makes the
# offices' partitions in one transaction, which locks four tables and their indexes for
# each: 16 more locks for each office (300 offices ran out of the default 64). A terminal's
# transaction locks its own office's only (docs/central-scale.md).
LOCKS=$((64 + 16 * Q))
pg_sql postgres "ALTER SYSTEM SET max_connections = $((N + 20))" > /dev/null
pg_sql postgres "ALTER SYSTEM SET max_locks_per_transaction = $LOCKS" > /dev/null
pg_restart
# The store's processes under nice S: the postmaster and those it has started; the
# connections it starts from now on inherit it.
postmaster=$(head -1 "$PG_WORK/data/postmaster.pid")
if [ "$S" -ne 0 ]; then
	renice -n "$S" -p "$postmaster" $(pgrep -P "$postmaster") > /dev/null ||
		bail "cannot run the store's processes under nice $S"
fi
store_nice=$(ps -o ni= -p "$postmaster" | tr -d ' ')

# Offices OFFICE-1..M and terminals DEMO-L1..N, terminal i in office (i - 1) % M + 1;
# setup's role for each (t_l<i>), its certificate and signing key.
i=1
while [ "$i" -le "$N" ]; do
	o=$(( (i - 1) % M + 1 ))
	pg_central central "OFFICE-$o" "DEMO-L$i" "t_l$i"
	i=$((i + 1))
done
# The other offices' work, set-based: each office registered as setup registers one (its
# row and its partitions, madoguchi.office_partitions()) with a terminal that never
# connects, P changes (with their records) and A audit entries, as the functions would
# have stored them (linked MACs, office log numbers). In SQL rather than by running setup
# for each: hundreds of offices are made in seconds.
pg_sql central "
INSERT INTO madoguchi.offices (office_id, name)
SELECT 'OFFICE-PREFILL-' || q, 'OFFICE-PREFILL-' || q FROM generate_series(1, $Q) q;
SELECT count(madoguchi.office_partitions('OFFICE-PREFILL-' || q)) FROM generate_series(1, $Q) q;
INSERT INTO madoguchi.terminals (terminal_id, role_name, office_id)
SELECT 'DEMO-PREFILL-' || q, 't_prefill' || q, 'OFFICE-PREFILL-' || q
FROM generate_series(1, $Q) q;
INSERT INTO madoguchi.changes (terminal_id, seq, office_id, office_seq, entity, entity_id,
    version, op, payload, status, created_at)
SELECT 'DEMO-PREFILL-' || q, g, 'OFFICE-PREFILL-' || q, g, 'holder',
    md5('p' || q || '-' || g)::uuid, 1, 'insert',
    jsonb_build_object('family_name', '既存', 'given_name', g::text), 'applied', now()
FROM generate_series(1, $Q) q, generate_series(1, $P) g;
INSERT INTO madoguchi.records (office_id, entity, entity_id, version, payload, terminal_id, seq)
SELECT 'OFFICE-PREFILL-' || q, 'holder', md5('p' || q || '-' || g)::uuid, 1,
    jsonb_build_object('family_name', '既存', 'given_name', g::text), 'DEMO-PREFILL-' || q, g
FROM generate_series(1, $Q) q, generate_series(1, $P) g;
UPDATE madoguchi.offices SET last_change = $P WHERE office_id LIKE 'OFFICE-PREFILL-%';
INSERT INTO madoguchi.audit_entries (terminal_id, seq, office_id, at, tty, user_name, role,
    action, target, result, detail, prev_mac, mac)
SELECT 'DEMO-PREFILL-' || q, g, 'OFFICE-PREFILL-' || q, '2026-04-01T09:00:00+09:00', 'tty1',
    'clerk', 'clerk', 'holder.view', 'holder:' || md5('p' || q || '-' || (g % 1000))::uuid,
    'ok', '',
    CASE WHEN g = 1 THEN decode(repeat('00', 32), 'hex') ELSE sha256(int8send(g - 1)) END,
    sha256(int8send(g))
FROM generate_series(1, $Q) q, generate_series(1, $A) g;
UPDATE madoguchi.terminals SET audit_seq = $A, audit_mac = sha256(int8send($A))
WHERE terminal_id LIKE 'DEMO-PREFILL-%';" > /dev/null || bail "pre-filling the store"
pg_sql central "ANALYZE" > /dev/null || bail "analyzing the pre-filled store"
prefill_time=$(since "$t0")

# The terminals, each with C/4 demo holders in its outbox (sync_terminal writes
# sync_batch_size = SYNC_BATCH, none if unset, and sync_pull_batch_size = SYNC_PULL_BATCH,
# none for "default").
[ "$B" -eq 0 ] || SYNC_BATCH=$B
SYNC_PULL_BATCH=$([ "$L" -eq 0 ] && echo default || echo "$L")
i=1
while [ "$i" -le "$N" ]; do
	sync_terminal "DEMO-L$i" "t_l$i" > /dev/null
	madoguchi-admin demo-data --holders $((C / 4)) --seed "$i" \
		--config "$WORK/DEMO-L$i/madoguchi.conf" > /dev/null 2>&1 ||
		bail "demo-data on DEMO-L$i"
	i=$((i + 1))
done
setup_time=$(since "$t0")
pending=0
i=1
while [ "$i" -le "$N" ]; do
	pending=$((pending + $(tsql "DEMO-L$i" "SELECT count(*) FROM outbox WHERE pushed_at IS NULL")))
	i=$((i + 1))
done

# The store logs how long each statement of the terminals' roles took (not the bench's own,
# nor the parameters: a batch is megabytes).
pg_sql central "DO \$\$ DECLARE r text; BEGIN
	FOR r IN SELECT role_name FROM madoguchi.terminals WHERE terminal_id LIKE 'DEMO-L%' LOOP
		EXECUTE format('ALTER ROLE %I SET log_min_duration_statement = 0', r);
		EXECUTE format('ALTER ROLE %I SET log_parameter_max_length = 0', r);
	END LOOP; END \$\$" > /dev/null || bail "setting the store's statement log"

# The sampler: lock waits of the store's sessions, every 0.2 s, until told to stop.
(
	while [ ! -f "$WORK/stop-sampling" ]; do
		psql -X -q -tA -d central -c "SELECT wait_event_type || ':' || wait_event FROM
		    pg_stat_activity WHERE datname = 'central' AND wait_event_type IN ('Lock',
		    'LWLock', 'IO') AND pid <> pg_backend_pid()" 2> /dev/null
		echo "--sample"
		sleep 0.2
	done > "$WORK/samples"
) &
sampler=$!

# The round: every terminal syncs at the same moment.
start=$(now)
i=1
while [ "$i" -le "$N" ]; do
	( MADOGUCHI_SYNC_TRACE=1 nice -n "$I" madoguchi-admin sync-now \
		--config "$WORK/DEMO-L$i/madoguchi.conf" > "$WORK/L$i.out" 2> "$WORK/L$i.trace"
	  echo $? > "$WORK/L$i.rc" ) &
	i=$((i + 1))
done
wait_for=$N
while [ "$(ls "$WORK"/L*.rc 2> /dev/null | wc -l)" -lt "$wait_for" ]; do
	sleep 0.05
done
round=$(since "$start")
touch "$WORK/stop-sampling"
wait "$sampler" 2> /dev/null

failed=0
i=1
while [ "$i" -le "$N" ]; do
	if [ "$(cat "$WORK/L$i.rc")" != 0 ]; then
		failed=$((failed + 1))
		echo "DEMO-L$i: $(grep -v '^sync-trace' "$WORK/L$i.trace" | head -3)" >&2
	fi
	i=$((i + 1))
done

pct() {	# pct KIND [ROWS]: p50 p95 p99 of that kind's batch times, in ms, and their count;
	# of its batches of ROWS changes only, if given
	grep -h "^sync-trace $1 " "$WORK"/L*.trace |
		awk -v rows="${2:-}" 'rows == "" || $3 == rows { print $4 * 1000 }' | pct_of
}
pct_of() {	# the same of the times in ms on stdin
	sort -n | awk '
		function at(q,   i) { i = int(NR * q + 0.5); if (i < 1) i = 1; return v[i] }
		{ v[NR] = $1 }
		END {
			if (NR == 0) { print "no batches"; exit }
			printf "%d batches: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms\n",
			    NR, at(0.50), at(0.95), at(0.99), v[NR]
		}'
}
stored=$(pg_sql central "SELECT count(*) FROM madoguchi.changes WHERE terminal_id LIKE 'DEMO-L%'")
samples=$(grep -c -- '--sample' "$WORK/samples")

echo "central load: $N terminals in $M offices, $C changes each ($pending pending in all)," \
	"pushed in batches of $([ "$B" -eq 0 ] && echo "the default size" || echo "$B")," \
	"pulled in batches of $([ "$L" -eq 0 ] && echo "the default size" || echo "$L")," \
	"terminals at nice $I;" \
	"store pre-filled with $P changes and $A audit entries of each of $Q other offices"
echo "store: max_connections $((N + 20)), max_locks_per_transaction $LOCKS, its processes at" \
	"nice $store_nice"
echo "setup: store ready (offices, terminals' roles, certificates and keys, pre-fill) at" \
	"${prefill_time} s, terminals ready at ${setup_time} s (not timed below)"
echo "round: ${round} s for all terminals to push and pull; $failed failed"
# The push step of each terminal (sync-now's "pushed: ... in S s"): the longest, and the
# changes stored over it (the steps start within the round's first moments, not at once).
push_max=$(sed -n 's/^pushed: .* in \([0-9.]*\) s$/\1/p' "$WORK"/L*.out | sort -n | tail -1)
echo "$stored $round ${push_max:-0}" | awk '{ printf "throughput: %.0f changes/s over the round;" \
	" the longest push step %.2f s: %.0f changes/s pushed\n", $1 / $2, $3,
	($3 > 0 ? $1 / $3 : 0) }'
# When the last push batch of the round was stored, by the clients' wall clocks (the
# fifth field of a trace line), and the time all clients spent writing pulled batches into
# their own databases: on this one machine the terminals' own work shares the cores with
# the store's, where in an office each terminal has its own.
pushed_by=$(grep -h "^sync-trace push " "$WORK"/L*.trace | awk -v s="$start" '
	$5 > m { m = $5 } END { printf "%.1f", (m > 0 ? m - s : 0) }')
applied=$(grep -h "^sync-trace apply " "$WORK"/L*.trace | awk '
	{ r += $3; t += $4 } END { printf "%d changes in %.1f s", r, t }')
echo "pushes: the last push batch was stored ${pushed_by} s into the round"
# A push's latency: from sending the batch to its answer reaching the terminal (its socket
# readable; sync-trace.h). The client reads the answer later, after its own work on the
# next batch (read and signed while the store stores this one) and on marking the last
# one sent; on this machine that work waits for the cores among all the terminals', so
# the next line, to the answer read, is the longer.
echo "push per batch, to the answer's arrival: $(pct push-arrived)"
echo "push per batch, to the answer read: $(pct push)"
# The same of the full batches alone (the largest seen: the terminals' sync_batch_size when
# they had that many changes). The lines above also count each terminal's last, short
# batch and the one or few changes its sync adds itself (pushed after the rest): small,
# sent when the storm is over, and quick. The full batches are sent first, all together,
# and wait the longest.
full=$(grep -h "^sync-trace push " "$WORK"/L*.trace | awk '$3 > m { m = $3 } END { print m + 0 }')
echo "push per full batch ($full changes), to the answer's arrival: $(pct push-arrived "$full")"
echo "push per full batch ($full changes), to the answer read: $(pct push "$full")"
# The arrival above in two parts: the terminal handing the batch to the kernel (libpq's
# send: copying and encrypting it, and here the sending process's turn for a core among
# all the terminals'), then the store's side, from the batch handed over to the answer's
# arrival (the transfer, the backend's turn for a core, the statement).
echo "push per full batch ($full changes), handing it to the kernel: $(pct push-send "$full")"
echo "push per full batch ($full changes), from handed over to the answer's arrival:" \
	"$(pct push-after-send "$full")"
# What is left of the line above after the terminal's own work on its next batch.
echo "push per batch, waiting for the answer after making the next batch: $(pct push-wait)"
echo "pull per batch: $(pct pull)"
# The same two as the store timed them (its log, log_min_duration_statement of the
# terminals' roles): from the statement's start to its end in the server, without the
# network, TLS and the terminal process's own turn for the cores.
server_pct() {
	grep -h "duration: .* ms  execute $1" "$PG_WORK/log/server.log" |
		sed 's/.*duration: \([0-9.]*\) ms.*/\1/' | pct_of
}
echo "push per batch, in the store: $(server_pct madoguchi_push)"
echo "pull per batch, in the store: $(server_pct '<unnamed>: SELECT office_seq')"
echo "apply per batch (the terminals writing pulled changes locally): $(pct apply);" \
	"all terminals together: $applied"
echo "lock waits over $samples samples of pg_stat_activity (sessions seen waiting, by event):"
grep -v -- '--sample' "$WORK/samples" | sort | uniq -c | sort -rn | head -8 |
	awk '{ printf "  %6d  %s\n", $1, $2 }'
[ "$(grep -vc -- '--sample' "$WORK/samples")" -gt 0 ] || echo "  none seen"

# The checks: every change once; K terminals per office converge after a last pull round.
bad=0
i=1
while [ "$i" -le "$N" ]; do
	local_n=$(tsql "DEMO-L$i" "SELECT count(*) FROM outbox")
	central_n=$(pg_sql central "SELECT count(*) || ' ' || count(DISTINCT seq) FROM
		madoguchi.changes WHERE terminal_id = 'DEMO-L$i'")
	if [ "$central_n" != "$local_n $local_n" ]; then
		echo "CHECK FAILED: DEMO-L$i has $local_n changes, the store holds (all, distinct) $central_n" >&2
		bad=$((bad + 1))
	fi
	i=$((i + 1))
done
o=1
while [ "$o" -le "$M" ]; do
	want=$(pg_sql central "SELECT count(*) FROM madoguchi.records WHERE office_id = 'OFFICE-$o'
		AND entity = 'holder'")
	k=0 i=$o
	while [ "$k" -lt "$K" ] && [ "$i" -le "$N" ]; do
		sync_now "DEMO-L$i" > /dev/null || { echo "CHECK FAILED: last sync of DEMO-L$i" >&2; bad=$((bad + 1)); }
		got=$(tsql "DEMO-L$i" "SELECT count(*) FROM holders")
		if [ "$got" != "$want" ]; then
			echo "CHECK FAILED: DEMO-L$i holds $got holders, its office $want" >&2
			bad=$((bad + 1))
		fi
		k=$((k + 1)) i=$((i + M))
	done
	o=$((o + 1))
done
if [ "$bad" -gt 0 ] || [ "$failed" -gt 0 ]; then
	echo "convergence: FAILED ($bad checks, $failed syncs)"
	exit 1
fi
echo "convergence: every change of the $N terminals stored once; $K terminals of each office hold its register"
