#!/bin/sh
# SPEC §6: certificate numbers are unique across all terminals of an office, and the central
# store enforces it (issue 33): a new number must come from a block the store leased or
# registered to the terminal that issues it, and no other registration of the office may
# hold it; a batch that breaks either is refused whole, naming the number and both
# terminals. Blocks added by hand are registered with the store first (or wait
# unconfirmed); leased blocks never overlap, even across restarts of the store; a
# registration another terminal issued may be changed anywhere; demo terminals of one
# office converge without a single conflict.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
pg_central central OFFICE-A DEMO-A1 t_a1 DEMO-A2 t_a2 DEMO-A3 t_a3 DEMO-A4 t_a4
pg_central central OFFICE-B DEMO-B1 t_b1 DEMO-B2 t_b2
for t in A1:t_a1 A2:t_a2 B1:t_b1 B2:t_b2; do
	sync_terminal "DEMO-${t%%:*}" "${t#*:}"
done
changes_of() {	# changes_of TERMINAL: how many of its changes the store holds
	pg_sql central "SELECT count(*) FROM madoguchi.changes WHERE terminal_id = '$1'"
}
conf() { echo "$WORK/$1/madoguchi.conf"; }
nosync() {	# nosync TERMINAL: its configuration as before it was set up to sync
	sed '/^sync_/d' "$(conf "$1")" > "$WORK/$1/nosync.conf"
	echo "$WORK/$1/nosync.conf"
}
blocks() { madoguchi-admin number-block list --config "$(conf "$1")" 2>&1; }
numbers_of() {	# numbers_of TERMINAL: its certificate numbers, sorted, comma-separated
	tsql "$1" "SELECT group_concat(certificate_number) FROM
		(SELECT certificate_number FROM registrations ORDER BY 1)"
}

# --- Two terminals given overlapping blocks by hand ------------------------------------------
# Before they were set up to sync, an administrator gave both the same block, and each
# issued numbers from it (issue 33: every push used to be taken).
for t in DEMO-A1 DEMO-A2; do
	out=$(madoguchi-admin number-block add --prefix HB- --from 1 --to 3 \
		--config "$(nosync $t)" 2>&1) || bail "block on $t: $out"
	out=$(madoguchi-admin demo-data --holders 3 --config "$WORK/$t/nosync.conf" 2>&1) ||
		bail "demo data on $t: $out"
done
is "$(numbers_of DEMO-A2)" "HB-000001,HB-000002,HB-000003" \
	"both terminals issued HB-000001 to HB-000003 from the block given by hand"
out=$(sync_now DEMO-A1) || bail "A1's sync: $out"
before=$(changes_of DEMO-A2)
out=$(sync_now DEMO-A2); rc=$?
isnt "$rc" 0 "the second terminal's push is refused"
like "$out" "certificate number HB-000001 (qualification building-hygiene) of registration" \
	"... naming the number"
like "$out" "from terminal DEMO-A1; terminal DEMO-A2 must not issue it" "... and both terminals"
is "$(changes_of DEMO-A2)" "$before" "... and nothing of the batch is stored"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.records WHERE office_id = 'OFFICE-A' AND entity = 'registration' AND payload->>'certificate_number' LIKE 'HB-%'")" \
	3 "the office holds each of the numbers once"
like "$(blocks DEMO-A2)" "admin    refused" \
	"the second terminal's block was refused by the store before its push"
like "$(blocks DEMO-A2)" "overlaps block HB-1 to HB-3 of terminal DEMO-A1" \
	"... saying whose block it overlaps"
like "$(blocks DEMO-A1)" "admin    confirmed" "the first terminal's block is confirmed"

# Another office may use the same numbers.
out=$(madoguchi-admin number-block add --prefix HB- --from 1 --to 3 --config "$(conf DEMO-B1)" 2>&1) ||
	bail "block on B1: $out"
madoguchi-admin demo-data --holders 1 --config "$(conf DEMO-B1)" > /dev/null 2>&1 ||
	bail "demo data on B1"
out=$(sync_now DEMO-B1); rc=$?
is "$rc" 0 "the same number in another office is taken"

# --- Blocks added by hand are the office's to give -------------------------------------------
out=$(madoguchi-admin number-block add --prefix OV --from 1 --to 100 --config "$(conf DEMO-B1)" 2>&1); rc=$?
is "$rc" 0 "a block registered with the store"
like "$(blocks DEMO-B1)" "admin    confirmed" "... is confirmed"
# The other terminal of office B would overlap: the store says no, and nothing is added.
out=$(madoguchi-admin number-block add --prefix OV --from 50 --to 150 --config "$(conf DEMO-B2)" 2>&1); rc=$?
is "$rc" 1 "an overlapping block: refused"
like "$out" "overlaps block OV1 to OV100 of terminal DEMO-B1" "... saying whose block it overlaps"
unlike "$(blocks DEMO-B2)" "OV" "... and it was not added"
out=$(madoguchi-admin number-block add --prefix T1 --from 1 --to 10 --config "$(conf DEMO-B2)" 2>&1); rc=$?
is "$rc" 2 "a prefix ending in a digit is refused"
like "$out" "ends in a digit" "... saying why"

# The store out of reach: added, but unconfirmed until a sync registers it.
sed "s/^sync_port = .*/sync_port = 1/" "$(conf DEMO-B2)" > "$WORK/offline.conf"
out=$(madoguchi-admin number-block add --prefix UC --from 1 --to 10 --config "$WORK/offline.conf" 2>&1); rc=$?
is "$rc" 0 "a block added while the store is out of reach"
like "$out" "unconfirmed" "... is unconfirmed"
like "$(blocks DEMO-B2)" "admin    unconfirmed" "... and listed so"
like "$(blocks DEMO-B2)" "0 certificate numbers left" "... with none of its numbers to hand out"
out=$(madoguchi-admin demo-data --holders 1 --config "$WORK/offline.conf" 2>&1); rc=$?
isnt "$rc" 0 "demo data on a terminal that syncs, the store out of reach: refused"
like "$out" "could not lease certificate numbers" "... saying why"
is "$(tsql DEMO-B2 "SELECT count(*) FROM registrations")" 0 "... and no holder was added"
out=$(sync_now DEMO-B2); rc=$?
is "$rc" 0 "the next sync"
like "$(blocks DEMO-B2)" "admin    confirmed" "... registers it"
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
# Whatever the terminal's database says: a number outside every block of the terminal (here
# written into its outbox, as a damaged or altered database would send it) is refused too,
# and taken once its block is registered.
tsql DEMO-B2 "UPDATE outbox SET payload = json_set(payload, '\$.certificate_number', 'ZZ-000007')
	WHERE entity = 'registration' AND pushed_at IS NULL" > /dev/null
out=$(sync_now DEMO-B2); rc=$?
isnt "$rc" 0 "a number in no block of the terminal: refused"
like "$out" "certificate number ZZ-000007 of registration" "... naming the number"
like "$out" "is in no block the central store leased or registered to terminal DEMO-B2" \
	"... and the terminal"
is "$(changes_of DEMO-B2)" "$before" "... nothing stored"
out=$(madoguchi-admin number-block add --prefix ZZ- --from 1 --to 9 --config "$(conf DEMO-B2)" 2>&1) ||
	bail "block ZZ- on B2: $out"
out=$(sync_now DEMO-B2); rc=$?
is "$rc" 0 "once its block is registered, the number is taken"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.records WHERE office_id = 'OFFICE-B' AND payload->>'certificate_number' = 'ZZ-000007'")" \
	1 "... and stored"

# A batch that gives one number to two registrations (their rows altered as above; the
# terminal's own UNIQUE would never let it write them) is refused whole.
tool DEMO-B2 add 2 TW- > /dev/null || bail "add on B2"
tsql DEMO-B2 "UPDATE outbox SET payload = json_set(payload, '\$.certificate_number', 'TW-000001')
	WHERE entity = 'registration' AND pushed_at IS NULL" > /dev/null
before=$(changes_of DEMO-B2)
out=$(sync_now DEMO-B2); rc=$?
isnt "$rc" 0 "the same number twice in one batch: refused"
like "$out" "certificate number TW-000001 (qualification building-hygiene) of registration" \
	"... naming the number"
like "$out" "of the same batch from terminal DEMO-B2; terminal DEMO-B2 must not issue it twice" \
	"... and the terminal"
is "$(changes_of DEMO-B2)" "$before" "... nothing stored"

# --- Leased blocks never overlap, across restarts ----------------------------------------------
for t in A3:t_a3 A4:t_a4; do
	sync_terminal "DEMO-${t%%:*}" "${t#*:}"
done
leased() {
	pg_sql central "SELECT count(*) FROM madoguchi.number_blocks WHERE terminal_id IN ('DEMO-A3', 'DEMO-A4')"
}
for t in DEMO-A3 DEMO-A4; do
	madoguchi-admin demo-data --holders 200 --config "$(conf $t)" > "$WORK/demo.$t" 2>&1 ||
		bail "demo data on $t: $(cat "$WORK/demo.$t")"
done
like "$(cat "$WORK/demo.DEMO-A3")" "leased from the central store" \
	"demo data takes its numbers from a leased block"
is "$(blocks_overlapping)" 0 "the leased blocks do not overlap"
pg_restart
for t in DEMO-A3 DEMO-A4; do
	madoguchi-admin demo-data --holders 200 --config "$(conf $t)" > /dev/null 2>&1 ||
		bail "demo data on $t after the restart"
done
is "$(leased)" 4 "two more blocks leased after a restart of the store"
is "$(blocks_overlapping)" 0 "... none overlapping another"
pg_restart immediate
for t in DEMO-A3 DEMO-A4; do
	madoguchi-admin demo-data --holders 200 --config "$(conf $t)" > /dev/null 2>&1 ||
		bail "demo data on $t after the crash"
done
is "$(leased)" 6 "two more after the store stopped without a checkpoint (immediate)"
is "$(blocks_overlapping)" 0 "... none overlapping another"

# --- Four demo terminals of one office converge with no conflict -----------------------------
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
	is "$(tsql "DEMO-C$n" "SELECT count(*) FROM holders")" 800 \
		"DEMO-C$n: holds the 800 demo holders of the four"
	is "$(tsql "DEMO-C$n" "SELECT count(DISTINCT certificate_number) FROM registrations")" \
		800 "DEMO-C$n: 800 registrations, each with its own number"
done
is "$(pg_sql central "SELECT count(*) FROM madoguchi.conflicts WHERE office_id = 'OFFICE-C'")" \
	0 "the store recorded no conflict"

# A registration another terminal issued may be changed here: its number is not new.
reg=$(pg_sql central "SELECT entity_id FROM madoguchi.records WHERE office_id = 'OFFICE-C' AND entity = 'registration' AND terminal_id = 'DEMO-C1' ORDER BY entity_id LIMIT 1")
tool DEMO-C2 erase "$reg" > /dev/null || bail "erasure on C2"
out=$(sync_now DEMO-C2); rc=$?
is "$rc" 0 "a registration DEMO-C1 issued, erased on DEMO-C2: the push is taken"
[ "$rc" -eq 0 ] || diag "$out"
out=$(sync_now DEMO-C1) || bail "C1's sync: $out"
is "$(tsql DEMO-C1 "SELECT status FROM registrations WHERE id = '$reg'")" erased \
	"... and DEMO-C1 has the erasure"
is "$(tsql DEMO-C1 "SELECT json_extract(before_json, '$.status') FROM events WHERE registration_id = '$reg' AND kind = 'erase'")" valid \
	"... with its event, which keeps the status before it"

# --- A store that took a number twice before push checked them -----------------------------
# Its setup stops with the numbers rather than with the index's bare refusal. Such a store
# was set up by an earlier release, which recorded no digest of its schema files: setup
# loads them.
pg_sql central "DROP INDEX madoguchi.records_certificate_number;
	COMMENT ON SCHEMA madoguchi IS NULL" > /dev/null
pg_sql central "UPDATE madoguchi.records SET payload = jsonb_set(payload, '{certificate_number}', '\"HB-000001\"') WHERE office_id = 'OFFICE-A' AND entity = 'registration' AND payload->>'certificate_number' = 'HB-000002'" > /dev/null
out=$("$top_srcdir/db/central/madoguchi-central-setup" --dbname central 2>&1); rc=$?
isnt "$rc" 0 "setup over a store holding a number twice: stops"
like "$out" "the same certificate number for more than one registration of an office (1 numbers), first HB-000001 in office OFFICE-A" \
	"... naming the number"
like "$out" "Give those registrations other numbers" "... and saying what to do"

done_testing
