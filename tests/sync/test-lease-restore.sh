#!/bin/sh
# Issue 30, item 4: number leases lost by a failover are given back, never handed out twice.
# A standby promoted while behind (or a store restored to a point in time) starts a new
# timeline without the blocks of certificate and reception numbers the old primary leased
# last. The terminals that got them still hold them, and their changes carry their
# numbers. Here the loss is made by hand (the rows deleted, the series set back and marked
# as leased on another timeline); tests/sync/test-failover.sh makes it with a real
# promotion. Checked: the series' first lease on the new timeline skips the numbers that
# may have been lost; the terminal's next sync gives its blocks back before its push, which
# then takes its numbers; a block that overlaps another, or that no failover can explain,
# is refused and closed at the terminal, with an audit entry; bad calls are refused.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
pg_central central OFFICE-L DEMO-L1 t_l1 DEMO-L2 t_l2
sync_terminal DEMO-L2 t_l2
sync_terminal DEMO-L1 t_l1
YEAR=$(date +%Y)
for t in DEMO-L2 DEMO-L1; do
	out=$(sync_now "$t") || bail "first sync of $t: $out"
done
blocks_at_store() {	# blocks_at_store TERMINAL: "kind [year] first-last source" lines
	pg_sql central "SELECT 'certificate ' || first_number || '-' || last_number || ' ' ||
		source FROM madoguchi.number_blocks WHERE terminal_id = '$1' AND prefix = ''
		UNION ALL SELECT 'reception ' || year || ' ' || first_number || '-' ||
		last_number || ' ' || source FROM madoguchi.reception_blocks
		WHERE terminal_id = '$1' ORDER BY 1"
}
# lose TERMINAL: what a promotion loses of TERMINAL's leases, the latest of each series
# (in December a terminal holds next year's reception numbers too): the rows go, each
# series goes back to the lost block's first number, marked as last used on another
# timeline.
lose() {
	pg_sql central "
	UPDATE madoguchi.number_series SET next_number = (SELECT min(first_number) FROM
		madoguchi.number_blocks WHERE terminal_id = '$1' AND prefix = ''), timeline = 0;
	DELETE FROM madoguchi.number_blocks WHERE terminal_id = '$1' AND prefix = '';
	UPDATE madoguchi.reception_series s SET next_number = b.first, timeline = 0
		FROM (SELECT year, min(first_number) AS first FROM madoguchi.reception_blocks
		WHERE terminal_id = '$1' GROUP BY year) b
		WHERE s.office_id = 'OFFICE-L' AND s.year = b.year;
	DELETE FROM madoguchi.reception_blocks WHERE terminal_id = '$1'" > /dev/null
}

held=$(blocks_at_store DEMO-L1)
n_held=$(echo "$held" | wc -l)
diag "DEMO-L1's blocks: $(echo $held)"
like "$held" "certificate " "DEMO-L1 was leased certificate numbers"
like "$held" "reception $YEAR " "... and this year's reception numbers"
lose DEMO-L1
is "$(blocks_at_store DEMO-L1)" "" "the store has lost them (as after a promotion)"

# Before DEMO-L1 syncs, DEMO-L2 leases more of each: past the numbers that may be lost.
out=$(tool DEMO-L2 lease-receptions 500 2>&1) || bail "receptions for DEMO-L2: $out"
out=$(tool DEMO-L2 lease-numbers 500 2>&1) || bail "numbers for DEMO-L2: $out"
is "$(blocks_overlapping)" 0 "a lease on the new timeline overlaps nothing DEMO-L1 still holds"
is "$(pg_sql central "SELECT failover_last - failover_first + 1 FROM madoguchi.number_series")|$(pg_sql central "SELECT failover_last - failover_first + 1 FROM madoguchi.reception_series WHERE year = $YEAR")" \
	"1000000|100000" "the series skipped the gaps set for a failover"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.number_blocks b, madoguchi.number_series s WHERE b.terminal_id = 'DEMO-L2' AND b.first_number > s.failover_last")" \
	1 "... DEMO-L2's new certificate block lies after the certificate gap"

# DEMO-L1 issues certificate numbers from its lost block and syncs: its blocks come back
# first, so the push is taken.
out=$(madoguchi-admin demo-data --holders 3 --config "$WORK/DEMO-L1/madoguchi.conf" 2>&1) ||
	bail "demo data on DEMO-L1: $out"
first_block=$(echo "$held" | sed -n 's/^certificate \([0-9]*\)-.*/\1/p')
is "$(tsql DEMO-L1 "SELECT count(*) FROM registrations WHERE CAST(certificate_number AS INTEGER) BETWEEN $first_block AND $first_block + 999")" \
	3 "DEMO-L1 issued three numbers from the block the store lost"
out=$(sync_now DEMO-L1); rc=$?
is "$rc" 0 "DEMO-L1's sync passes"
like "$out" "the central store lacked $n_held number blocks it had leased or registered to this terminal" \
	"... saying the store lacked its $n_held blocks"
like "$out" "given back to it" "... and that they were given back"
is "$(blocks_at_store DEMO-L1 | grep ' restored$')" "$(echo "$held" | sed 's/ leased$/ restored/')" \
	"the store holds them again, as restored"
is "$(tool DEMO-L1 state | sed -n 's/^pending //p')" 0 "DEMO-L1's registrations were taken"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.changes WHERE terminal_id = 'DEMO-L1' AND status <> 'applied'")" \
	0 "... none refused or in conflict"
is "$(blocks_overlapping)" 0 "no two blocks overlap"
is "$(tsql DEMO-L1 "SELECT count(*) FROM audit_log WHERE action = 'number-block.restored' AND result = 'ok'")" \
	"$n_held" "DEMO-L1's audit log records each"
out=$(sync_now DEMO-L1) || bail "second sync of DEMO-L1: $out"
unlike "$out" "number blocks" "the next sync has nothing to give back"

# A lost block another terminal now overlaps (a gap too small for the time lost) is refused:
# DEMO-L1 hands out nothing more from it.
pg_sql central "
	DELETE FROM madoguchi.number_blocks WHERE terminal_id = 'DEMO-L1' AND
		first_number = $first_block;
	INSERT INTO madoguchi.number_blocks (series, office_id, terminal_id, first_number,
		last_number) VALUES ('certificate', 'OFFICE-L', 'DEMO-L2', $first_block + 500,
		$first_block + 599)" > /dev/null
out=$(sync_now DEMO-L1); rc=$?
is "$rc" 0 "the sync after another loss passes"
like "$out" "the central store lacked 1 number blocks it had leased or registered to this terminal and would not take them back" \
	"... saying one block was not taken back"
like "$(madoguchi-admin number-block list --config "$WORK/DEMO-L1/madoguchi.conf" 2>&1)" \
	"overlaps block $((first_block + 500)) to $((first_block + 599)) of terminal DEMO-L2" \
	"the block is refused at DEMO-L1, saying whose block it overlaps"
is "$(tsql DEMO-L1 "SELECT count(*) FROM audit_log WHERE action = 'number-block.refused' AND result = 'failed' AND detail LIKE '%overlaps%'")" \
	1 "... with an audit entry"
out=$(madoguchi-admin demo-data --holders 1 --config "$WORK/DEMO-L1/madoguchi.conf" 2>&1) ||
	bail "demo data on DEMO-L1: $out"
is "$(tsql DEMO-L1 "SELECT count(*) FROM registrations WHERE CAST(certificate_number AS INTEGER) BETWEEN $first_block AND $first_block + 999")" \
	3 "... and issues no number from it any more"

# A lost reception block leased after the failover, which no failover can have lost:
# refused, and closed at the terminal.
out=$(tool DEMO-L1 lease-receptions 10 2>&1) || bail "receptions for DEMO-L1: $out"
late=$(tsql DEMO-L1 "SELECT max(id) FROM reception_number_blocks")
pg_sql central "DELETE FROM madoguchi.reception_blocks WHERE terminal_id = 'DEMO-L1' AND
	last_number - first_number = 9" > /dev/null
out=$(sync_now DEMO-L1) || bail "sync of DEMO-L1: $out"
like "$out" "would not take them back" "a block leased after the failover and lost is refused"
is "$(tsql DEMO-L1 "SELECT exhausted FROM reception_number_blocks WHERE id = $late")" 1 \
	"... and closed at the terminal"
like "$(tsql DEMO-L1 "SELECT detail FROM audit_log WHERE action = 'number-block.refused' AND target = 'reception-block:$late'")" \
	"it is not among the numbers the last failover may have lost" "... saying why"
is "$(tsql DEMO-L1 "SELECT exhausted FROM reception_number_blocks WHERE year = $YEAR AND first_number = $(echo "$held" | sed -n "s/^reception $YEAR \([0-9]*\)-.*/\1/p")")" \
	0 "... while the block the store gave back is still used"

# A block registered by hand (register_block) that the store lost: registered again.
out=$(madoguchi-admin number-block add --prefix LR- --from 1 --to 100 \
	--config "$WORK/DEMO-L1/madoguchi.conf" 2>&1) || bail "block LR- on DEMO-L1: $out"
out=$(sync_now DEMO-L1) || bail "sync of DEMO-L1: $out"
pg_sql central "DELETE FROM madoguchi.number_blocks WHERE prefix = 'LR-'" > /dev/null
out=$(sync_now DEMO-L1) || bail "sync of DEMO-L1: $out"
like "$out" "lacked 1 number blocks it had leased or registered to this terminal (a failover or a restore of the store): given back" \
	"a block registered by hand that the store lost is given back"
is "$(pg_sql central "SELECT terminal_id || ' ' || first_number || '-' || last_number || ' ' || source FROM madoguchi.number_blocks WHERE prefix = 'LR-'")" \
	"DEMO-L1 1-100 registered" "... as registered to DEMO-L1"

# A reception series the store does not hold may have been begun on the old timeline: one
# begun soon after the store found itself on a new one skips its gap, one begun later not.
lease_year() {	# lease_year YEAR: the first number of a block of 10 for YEAR, as DEMO-L2
	psql -X -q -tA -v ON_ERROR_STOP=1 "$(pg_conninfo central t_l2)" \
		-c "SELECT first_number FROM madoguchi.lease_receptions($1, 10, 0)" 2>&1
}
pg_sql central "UPDATE madoguchi.store_timeline SET timeline = 0" > /dev/null
is "$(lease_year 2090)" 100001 "a year's series begun just after a new timeline skips the gap"
pg_sql central "UPDATE madoguchi.store_timeline SET changed_at = now() - interval '25 hours'" > /dev/null
is "$(lease_year 2091)" 1 "... one begun more than failover_window_hours later starts at 1"

# Bad calls, straight to the function as the terminal.
call() {	# call ARGS: restore_leases(ARGS) as DEMO-L2
	psql -X -q -tA -v ON_ERROR_STOP=1 "$(pg_conninfo central t_l2)" \
		-c "SELECT * FROM madoguchi.restore_leases($1)" 2>&1
}
E="'{\"\"}'"	# one empty prefix
like "$(call "'{certificate}', '{0,0}', $E, '{1}', '{5}'")" "five arrays of the same length" \
	"arrays of different lengths are refused"
like "$(call "NULL, '{0}', $E, '{1}', '{5}'")" "five arrays of the same length" \
	"... NULL ones too"
like "$(call "'{serial}', '{0}', $E, '{1}', '{5}'")" \
	"of kind certificate, registered or reception, not serial" "an unknown kind is refused"
bad="is not a block the store could have given"
like "$(call "'{certificate}', '{0}', $E, '{5}', '{1}'")" "$bad" \
	"a block running backwards is refused"
like "$(call "'{certificate}', '{0}', $E, '{1}', '{100001}'")" "$bad" \
	"a block larger than any lease is refused"
like "$(call "'{certificate}', '{0}', '{X-}', '{1}', '{5}'")" "$bad" \
	"a leased block with a prefix is refused"
like "$(call "'{registered}', '{0}', '{X1}', '{1}', '{5}'")" "$bad" \
	"a registered block whose prefix ends in a digit is refused"
like "$(call "'{reception}', '{1999}', $E, '{1}', '{5}'")" "$bad" \
	"a reception block of an impossible year is refused"
like "$(call "'{reception}', '{$YEAR}', $E, '{1}', '{10000000}'")" "$bad" \
	"a reception block past the year's last number is refused"
before=$(pg_sql central "SELECT count(*) FROM madoguchi.number_blocks")
like "$(call "'{certificate}', '{0}', $E, '{900000000}', '{900000004}'")" \
	"|refused|it is not among the numbers the last failover may have lost" \
	"a terminal cannot claim numbers it was never leased"
like "$(call "'{certificate}', '{0}', $E, '{1}', '{5}'")" \
	"|refused|it overlaps block 1 to 1000 of terminal DEMO-L2" \
	"... nor numbers in a block the store knows"
like "$(call "'{registered}', '{0}', '{LR-}', '{50}', '{60}'")" \
	"|refused|it overlaps block LR-1 to LR-100 of terminal DEMO-L1" \
	"... nor a registered block another terminal holds"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.number_blocks")" "$before" "... nothing stored"
is "$(blocks_overlapping)" 0 "in the end no two blocks overlap"

done_testing
