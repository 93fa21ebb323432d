#!/bin/sh
# SPEC §6: certificate numbers are unique across all terminals of an office, and the central
# store enforces it (issue 33): a batch with a number another record holds is refused whole,
# naming the number and both terminals; a number in another terminal's block is refused;
# blocks added by hand are registered with the store first (or wait unconfirmed); leased
# blocks never overlap, even across a restart of the store; demo terminals of one office
# converge without a single conflict.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
pg_central central OFFICE-A DEMO-A1 t_a1 DEMO-A2 t_a2 DEMO-A3 t_a3 DEMO-A4 t_a4
pg_central central OFFICE-B DEMO-B1 t_b1
for t in A1:t_a1 A2:t_a2 B1:t_b1; do
	sync_terminal "DEMO-${t%%:*}" "${t#*:}"
done
changes_of() {	# changes_of TERMINAL: how many of its changes the store holds
	pg_sql central "SELECT count(*) FROM madoguchi.changes WHERE terminal_id = '$1'"
}
conf() { echo "$WORK/$1/madoguchi.conf"; }

# --- The same number issued on two terminals of one office -------------------------------
tool DEMO-A1 add 1 DUP > /dev/null || bail "add on A1"
out=$(sync_now DEMO-A1) || bail "A1's sync: $out"
tool DEMO-A2 add 1 DUP > /dev/null || bail "add on A2"
before=$(changes_of DEMO-A2)
out=$(sync_now DEMO-A2); rc=$?
isnt "$rc" 0 "a second registration with the same number: the push is refused"
like "$out" "certificate number DUP000001" "... naming the number"
like "$out" "from terminal DEMO-A1; terminal DEMO-A2 must not issue it" \
	"... and both terminals"
is "$(changes_of DEMO-A2)" "$before" "... and nothing of the batch is stored"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.records WHERE office_id = 'OFFICE-A' AND entity = 'registration' AND payload->>'certificate_number' = 'DUP000001'")" \
	1 "the office holds the number once"

# Another office may use the same number.
tool DEMO-B1 add 1 DUP > /dev/null || bail "add on B1"
out=$(sync_now DEMO-B1); rc=$?
is "$rc" 0 "the same number in another office is taken"

# --- Blocks added by hand are the office's to give ----------------------------------------
out=$(madoguchi-admin number-block add --prefix OV --from 1 --to 100 --config "$(conf DEMO-B1)" 2>&1); rc=$?
is "$rc" 0 "a block registered with the store"
out=$(madoguchi-admin number-block list --config "$(conf DEMO-B1)" 2>&1)
like "$out" "admin    confirmed" "... is confirmed"
# A second terminal of office B would overlap: the store says no, and nothing is added.
pg_central central OFFICE-B DEMO-B2 t_b2
sync_terminal DEMO-B2 t_b2
out=$(madoguchi-admin number-block add --prefix OV --from 50 --to 150 --config "$(conf DEMO-B2)" 2>&1); rc=$?
is "$rc" 1 "an overlapping block: refused"
like "$out" "overlaps block OV1 to OV100 of terminal DEMO-B1" "... saying whose block it overlaps"
unlike "$(madoguchi-admin number-block list --config "$(conf DEMO-B2)" 2>&1)" "OV" \
	"... and it was not added"

# The store out of reach: added, but unconfirmed until a sync registers it.
sed "s/^sync_port = .*/sync_port = 1/" "$(conf DEMO-B2)" > "$WORK/offline.conf"
out=$(madoguchi-admin number-block add --prefix UC --from 1 --to 10 --config "$WORK/offline.conf" 2>&1); rc=$?
is "$rc" 0 "a block added while the store is out of reach"
like "$out" "unconfirmed" "... is unconfirmed"
like "$(madoguchi-admin number-block list --config "$(conf DEMO-B2)" 2>&1)" "admin    unconfirmed" \
	"... and listed so"
out=$(sync_now DEMO-B2); rc=$?
is "$rc" 0 "the next sync"
like "$(madoguchi-admin number-block list --config "$(conf DEMO-B2)" 2>&1)" "admin    confirmed" \
	"... registers it"
is "$(pg_sql central "SELECT terminal_id FROM madoguchi.number_blocks WHERE prefix = 'UC'")" \
	DEMO-B2 "... with the store"

# A number in another terminal's block is refused, even unused.
tool DEMO-B2 add 1 OV > /dev/null || bail "add on B2"
before=$(changes_of DEMO-B2)
out=$(sync_now DEMO-B2); rc=$?
isnt "$rc" 0 "a number from another terminal's block: refused"
like "$out" "certificate number OV000001 of registration" "... naming the number"
like "$out" "which the central store gave terminal DEMO-B1, not DEMO-B2" "... and both terminals"
is "$(changes_of DEMO-B2)" "$before" "... nothing stored"

# --- Leased blocks never overlap, across a restart ----------------------------------------
for t in A3:t_a3 A4:t_a4; do
	sync_terminal "DEMO-${t%%:*}" "${t#*:}"
done
overlaps() {
	pg_sql central "SELECT count(*) FROM madoguchi.number_blocks a JOIN madoguchi.number_blocks b
		ON a.id < b.id AND a.office_id = b.office_id AND a.prefix = b.prefix
		AND a.first_number <= b.last_number AND b.first_number <= a.last_number"
}
for t in DEMO-A3 DEMO-A4; do
	madoguchi-admin demo-data --holders 200 --config "$(conf $t)" > "$WORK/demo.$t" 2>&1 ||
		bail "demo data on $t: $(cat "$WORK/demo.$t")"
done
like "$(cat "$WORK/demo.DEMO-A3")" "leased from the central store" \
	"demo data takes its numbers from a leased block"
is "$(overlaps)" 0 "the leased blocks do not overlap"
pg_restart
for t in DEMO-A3 DEMO-A4; do
	madoguchi-admin demo-data --holders 200 --config "$(conf $t)" > /dev/null 2>&1 ||
		bail "demo data on $t after the restart"
done
is "$(pg_sql central "SELECT count(*) FROM madoguchi.number_blocks WHERE terminal_id IN ('DEMO-A3', 'DEMO-A4')")" \
	4 "two more blocks leased after a restart of the store"
is "$(overlaps)" 0 "... none overlapping another"

# --- Four demo terminals of one office converge with no conflict ----------------------------
pg_central central OFFICE-C DEMO-C1 t_c1 DEMO-C2 t_c2 DEMO-C3 t_c3 DEMO-C4 t_c4
for n in 1 2 3 4; do
	sync_terminal "DEMO-C$n" "t_c$n"
	madoguchi-admin demo-data --holders 200 --config "$(conf DEMO-C$n)" > /dev/null 2>&1 ||
		bail "demo data on DEMO-C$n"
done
for round in 1 2; do
	for n in 1 2 3 4; do
		out=$(sync_now "DEMO-C$n") || bail "sync of DEMO-C$n, round $round: $out"
	done
done
for n in 1 2 3 4; do
	is "$(tsql "DEMO-C$n" "SELECT count(*) FROM sync_conflicts")" 0 "DEMO-C$n: no conflict"
	is "$(tsql "DEMO-C$n" "SELECT count(*) FROM registrations")" 800 \
		"DEMO-C$n: holds the 800 demo registrations of the four"
done
is "$(pg_sql central "SELECT count(*) FROM madoguchi.conflicts WHERE office_id = 'OFFICE-C'")" \
	0 "the store recorded no conflict"

done_testing
