#!/bin/sh
# Issue 24: reception numbers (受付番号, R2026-0001234) are unique across every terminal of
# an office. A terminal that syncs hands out only numbers of blocks the central store
# leased to it (madoguchi.lease_receptions, at each sync): two terminals never give the
# same number and their blocks never overlap; offline, a terminal receives until its
# blocks are used up and then refuses, recording nothing, and goes on after the next sync;
# one that never synced refuses outright. Receptions reach the office's other terminals
# (opened, decided, withdrawn); each office has its own series; the store refuses a lease
# of no numbers, of too many, or for a year out of range. A terminal that numbered on its
# own before it was set up to sync syncs, and the office's series goes on past its numbers.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
pg_central central OFFICE-A DEMO-A1 t_a1 DEMO-A2 t_a2 DEMO-A3 t_a3
pg_central central OFFICE-B DEMO-B1 t_b1
# As they stand before their first sync: no reception numbers yet.
SYNC_NO_LEASE=1
for t in A1:t_a1 A2:t_a2 A3:t_a3 B1:t_b1; do
	sync_terminal "DEMO-${t%%:*}" "${t#*:}"
done
# Numbers are of the year the terminal receives in (local time), as the store's series.
year=$(date +%Y)

conf() { echo "$WORK/$1/madoguchi.conf"; }
# offline TERMINAL: its configuration with a central store that is not there (nothing
# listens on port 1 of the loopback); it still syncs, so it hands out leased numbers only.
offline() {
	{ sed "s/^sync_port = .*/sync_port = 1/" "$(conf "$1")"
	echo "sync_connect_timeout = 1"; } > "$WORK/$1/offline.conf"
	echo "$WORK/$1/offline.conf"
}
receive() {	# receive TERMINAL N [KIND]: numbers on stdout, a refusal on stderr
	local t=$1
	shift
	tool "$t" receive "$@"
}
receive_offline() {	# receive_offline TERMINAL N
	"$top_builddir/tests/sync/sync-tool" --config "$(offline "$1")" receive "$2"
}
receptions() { tsql "$1" "SELECT count(*) FROM receptions"; }
unsent_receptions() {
	tsql "$1" "SELECT count(*) FROM outbox WHERE entity = 'reception' AND pushed_at IS NULL"
}
# What the store leased for this year, one "terminal first last" a line, in lease order.
leased() {	# leased [OFFICE]
	pg_sql central "SELECT terminal_id, first_number, last_number FROM madoguchi.reception_blocks
		WHERE office_id = '${1:-OFFICE-A}' AND year = $year ORDER BY id" | tr '|' ' '
}
# The numbers a terminal's own receptions carry that no block the store leased to it holds.
outside_own_blocks() {	# outside_own_blocks TERMINAL
	pg_sql central "SELECT count(*) FROM madoguchi.records r WHERE r.entity = 'reception'
		AND r.terminal_id = '$1' AND NOT EXISTS (SELECT 1 FROM madoguchi.reception_blocks b
		WHERE b.office_id = r.office_id AND b.terminal_id = r.terminal_id AND
		b.year = substring(r.payload->>'number' from 2 for 4)::integer AND
		substring(r.payload->>'number' from 7)::bigint BETWEEN b.first_number AND
		b.last_number)"
}
row() {	# row TERMINAL NUMBER: what the terminal holds of the reception
	tsql "$1" "SELECT id, number, kind, channel, received_on, received_by, status,
		coalesce(withdrawn_by, '-'), coalesce(withdraw_reason, '-'), version FROM receptions
		WHERE number = '$2'"
}

# --- A terminal that syncs but never synced ------------------------------------------------
out=$(receive DEMO-A1 1 2>&1); rc=$?
isnt "$rc" 0 "a terminal that syncs but never synced: a reception is refused"
like "$out" "no reception number left for $year" "... saying no reception number is left"
like "$out" "nothing was received" "... and that nothing was received"
is "$(receptions DEMO-A1)" 0 "... and no reception is recorded"
is "$(unsent_receptions DEMO-A1)" 0 "... nor anything for the central store"
out=$(tool DEMO-A1 add 1 NS- 2>&1); rc=$?
isnt "$rc" 0 "an application filed there: refused too (it is received under a number)"
like "$out" "no reception number left" "... for the same reason"
is "$(tsql DEMO-A1 "SELECT (SELECT count(*) FROM applications) + (SELECT count(*) FROM holders)
	+ (SELECT count(*) FROM receptions)")" 0 "... and no application, holder or reception is recorded"
is "$(leased)" "" "the store leased nothing yet"

# --- Two terminals of one office never give the same number -------------------------------
for t in DEMO-A1 DEMO-A2; do
	out=$(sync_now $t) || bail "first sync of $t: $out"
done
is "$(leased | cut -d' ' -f1 | tr '\n' ' ')" "DEMO-A1 DEMO-A2 " \
	"the first sync leases each terminal a block for the year"
is "$(blocks_overlapping)" 0 "... the two do not overlap"
is "$(tsql DEMO-A1 "SELECT source || ' ' || year || ' ' || first_number || ' ' || last_number
	FROM reception_number_blocks WHERE year = $year")" "central $year $(leased | sed -n '1s/^DEMO-A1 //p')" \
	"... and the terminal holds the block the store leased it"
# Applications filed with no reception open are received under numbers of their own
# (reception_for_filing), decided with them.
tool DEMO-A1 add 3 RA- > /dev/null || bail "applications on A1"
tool DEMO-A2 add 3 RB- > /dev/null || bail "applications on A2"
is "$(tsql DEMO-A1 "SELECT count(DISTINCT r.number) FROM applications a JOIN receptions r ON
	r.number = a.reception_number WHERE r.status = 'decided' AND r.holder_id = a.holder_id")" 3 \
	"each application is filed under a reception of its own, decided with it for its new holder"
receive DEMO-A1 950 > "$WORK/a1.numbers" || bail "950 receptions on A1: $(tail -1 "$WORK/a1.numbers")"
receive DEMO-A2 30 > "$WORK/a2.numbers" || bail "30 receptions on A2"
for t in DEMO-A1:a1 DEMO-A2:a2; do
	tsql ${t%%:*} "SELECT reception_number FROM applications" >> "$WORK/${t#*:}.numbers"
done
# A1 has 47 numbers left, fewer than the 100 below which a sync leases another block.
out=$(sync_now DEMO-A1); rc=$?
is "$rc" 0 "A1 syncs with few numbers left"
is "$(leased | cut -d' ' -f1 | tr '\n' ' ')" "DEMO-A1 DEMO-A2 DEMO-A1 " \
	"... and is leased a second block"
receive DEMO-A1 100 >> "$WORK/a1.numbers" || bail "100 more receptions on A1"
is "$(tsql DEMO-A1 "SELECT count(*) FROM reception_number_blocks WHERE next_number > first_number")" 2 \
	"A1 received from its first block to its end and went on in the second"
for t in DEMO-A2 DEMO-A1 DEMO-A2; do
	out=$(sync_now $t) || bail "sync of $t: $out"
done
total=$((950 + 30 + 3 + 3 + 100))
is "$(blocks_overlapping)" 0 "no two leased blocks of the office overlap"
is "$(cat "$WORK/a1.numbers" "$WORK/a2.numbers" | sort | uniq -d | wc -l)" 0 \
	"the numbers the two terminals gave: none twice"
for t in DEMO-A1 DEMO-A2; do
	is "$(tsql $t "SELECT count(*) || ' ' || count(DISTINCT number) FROM receptions")" \
		"$total $total" "$t holds the office's $total receptions, each under its own number"
done
is "$(pg_sql central "SELECT count(*) || ' ' || count(DISTINCT payload->>'number') FROM
	madoguchi.records WHERE office_id = 'OFFICE-A' AND entity = 'reception'")" "$total $total" \
	"the store holds them, each number once"
for t in DEMO-A1 DEMO-A2; do
	is "$(outside_own_blocks $t)" 0 "every number $t gave is in a block the store leased it"
done

# --- Offline: a terminal receives while its block lasts ------------------------------------
out=$(sync_now DEMO-A3) || bail "first sync of A3: $out"
block=$(leased | sed -n 's/^DEMO-A3 //p')
is "$(echo "$block" | wc -w)" 2 "A3 is leased a block"
out=$(madoguchi-admin sync-now --config "$(offline DEMO-A3)" 2>&1); rc=$?
isnt "$rc" 0 "the central store out of reach: sync fails"
before=$(receptions DEMO-A3)	# with those it pulled
receive_offline DEMO-A3 1000 > "$WORK/a3.numbers" 2> "$WORK/a3.err"; rc=$?
is "$rc" 0 "offline, A3 receives the 1000 receptions its block holds"
[ "$rc" -eq 0 ] || diag "$(cat "$WORK/a3.err")"
set -- $block
is "$(head -1 "$WORK/a3.numbers") $(tail -1 "$WORK/a3.numbers")" \
	"$(printf "R%s-%07d R%s-%07d" "$year" "$1" "$year" "$2")" \
	"... numbered from the first to the last of the block"
out=$(receive_offline DEMO-A3 1 2>&1); rc=$?
isnt "$rc" 0 "its block used up, the next reception is refused"
like "$out" "no reception number left for $year" "... saying no reception number is left"
is "$(receptions DEMO-A3)" $((before + 1000)) "... and nothing more is recorded"
is "$(unsent_receptions DEMO-A3)" 1000 "... nor sent"
out=$(sync_now DEMO-A3); rc=$?
is "$rc" 0 "back online, A3 syncs"
is "$(unsent_receptions DEMO-A3)" 0 "... sending its 1000 receptions"
is "$(leased | grep -c '^DEMO-A3 ')" 2 "... and is leased a new block"
number=$(receive DEMO-A3 1) || bail "reception on A3 after its sync"
set -- $(leased | sed -n 's/^DEMO-A3 //p' | tail -1)
is "$number" "$(printf "R%s-%07d" "$year" "$1")" "it receives again, from the new block"
is "$(blocks_overlapping)" 0 "no two leased blocks of the office overlap"

# --- Receptions reach the office's other terminals -----------------------------------------
opened=$(receive DEMO-A1 1 correction) || bail "reception on A1"
out=$(sync_now DEMO-A1) || bail "A1's sync: $out"
out=$(sync_now DEMO-A2) || bail "A2's sync: $out"
row DEMO-A1 "$opened" > "$WORK/a1.row"
like "$(cat "$WORK/a1.row")" "|$opened|correction|counter|" "a reception opened on A1"
is "$(row DEMO-A2 "$opened")" "$(cat "$WORK/a1.row")" \
	"... reaches A2 with its id, number, kind and status"
out=$(tool DEMO-A1 withdraw "$opened" "本人の申出による取下げ" 2>&1) || bail "withdrawal on A1: $out"
out=$(sync_now DEMO-A1) || bail "A1's sync: $out"
out=$(sync_now DEMO-A2) || bail "A2's sync: $out"
like "$(row DEMO-A2 "$opened")" "|withdrawn|tanaka|本人の申出による取下げ|2" \
	"its withdrawal on A1 reaches A2"
is "$(row DEMO-A2 "$opened")" "$(row DEMO-A1 "$opened")" "... both hold the same"
# One register for the office: a reception another terminal opened is withdrawn here.
other=$(receive DEMO-A2 1) || bail "reception on A2"
out=$(sync_now DEMO-A2) || bail "A2's sync: $out"
out=$(sync_now DEMO-A1) || bail "A1's sync: $out"
like "$(row DEMO-A1 "$other")" "|open|-|-|1" "a reception opened on A2 reaches A1, open"
out=$(tool DEMO-A1 withdraw "$other" "郵送に切替え" 2>&1); rc=$?
is "$rc" 0 "A1 withdraws it"
[ "$rc" -eq 0 ] || diag "$out"
out=$(sync_now DEMO-A1); rc=$?
is "$rc" 0 "... and pushes the withdrawal"
[ "$rc" -eq 0 ] || diag "$out"
out=$(sync_now DEMO-A2) || bail "A2's sync: $out"
like "$(row DEMO-A2 "$other")" "|withdrawn|tanaka|郵送に切替え|2" "... which reaches A2"
decided=$(tsql DEMO-A2 "SELECT number FROM receptions r JOIN applications a ON
	a.reception_number = r.number ORDER BY number LIMIT 1")
like "$(row DEMO-A1 "$decided")" "|decided|" "a reception decided with its application on A2"
is "$(row DEMO-A1 "$decided")" "$(row DEMO-A2 "$decided")" "... is the same on A1"
for t in DEMO-A1 DEMO-A2; do
	is "$(tsql $t "SELECT count(*) FROM sync_conflicts")" 0 "$t: no conflict"
done
# The same clerk (accounts are the office's) opened a reception for a new person on A1; A2
# holds it, open, before any application filed with it there. An application the clerk
# files on A2 is received under a reception of A2's own, never A1's: deciding A1's there
# would tie it to two people (seen after a failover: the two decisions conflicted).
pending=$(receive DEMO-A1 1) || bail "reception on A1"
out=$(sync_now DEMO-A1) || bail "A1's sync: $out"
out=$(sync_now DEMO-A2) || bail "A2's sync: $out"
like "$(row DEMO-A2 "$pending")" "|open|-|-|1" "a reception the clerk opened on A1 reaches A2, open"
tool DEMO-A2 add 1 RC- > /dev/null || bail "application on A2"
filed=$(tsql DEMO-A2 "SELECT a.reception_number FROM applications a JOIN registrations g ON
	g.holder_id = a.holder_id WHERE g.certificate_number LIKE 'RC-%'")
isnt "$filed" "$pending" "the clerk's application on A2 is not filed under A1's reception"
is "$(tsql DEMO-A2 "SELECT count(*) FROM reception_number_blocks WHERE year = $year AND
	CAST(substr('$filed', 7) AS INTEGER) BETWEEN first_number AND next_number - 1")" 1 \
	"... but under a number of A2's own"
like "$(row DEMO-A2 "$pending")" "|open|-|-|1" "... and A1's reception stays open"
for t in DEMO-A2 DEMO-A1; do
	out=$(sync_now $t) || bail "sync of $t: $out"
done
is "$(tsql DEMO-A1 "SELECT count(*) FROM sync_conflicts")|$(pg_sql central "SELECT count(*) FROM madoguchi.changes WHERE status <> 'applied'")" \
	"0|0" "... no conflict anywhere"

# --- Each office has its own series --------------------------------------------------------
out=$(sync_now DEMO-B1) || bail "B1's first sync: $out"
is "$(leased OFFICE-B)" "DEMO-B1 1 1000" "another office's first block starts at 1"
number=$(receive DEMO-B1 1) || bail "reception on B1"
is "$number" "R$year-0000001" "... and its terminal receives under R$year-0000001"
out=$(sync_now DEMO-B1); rc=$?
is "$rc" 0 "... which the store takes"
is "$(pg_sql central "SELECT string_agg(office_id, ' ' ORDER BY office_id) FROM
	madoguchi.records WHERE entity = 'reception' AND payload->>'number' = 'R$year-0000001'")" \
	"OFFICE-A OFFICE-B" "the same number in each office, each its own"
is "$(tsql DEMO-B1 "SELECT count(*) FROM receptions")" 1 \
	"a terminal of another office gets none of office A's receptions"
is "$(tsql DEMO-A1 "SELECT count(*) FROM receptions WHERE number = 'R$year-0000001'")" 1 \
	"... nor office A's terminals office B's"

# --- The store refuses a lease it cannot give ----------------------------------------------
lease_as() {	# lease_as ROLE ARGS: madoguchi.lease_receptions(ARGS) as the terminal ROLE
	psql -X -q -tA -v ON_ERROR_STOP=1 "$(pg_conninfo central "$1")" \
		-c "SELECT first_number, last_number FROM madoguchi.lease_receptions($2)" 2>&1
}
state_of_store() {
	pg_sql central "SELECT (SELECT string_agg(office_id || ' ' || year || ' ' || next_number,
		', ' ORDER BY office_id, year) FROM madoguchi.reception_series) || ' / ' ||
		(SELECT count(*) FROM madoguchi.reception_blocks)"
}
before=$(state_of_store)
for args in "$year, 0:n must be from 1 to 100000" "$year, 100001:n must be from 1 to 100000" \
    "$year, -5:n must be from 1 to 100000" "$year, NULL:n must be from 1 to 100000" \
    "1999, 10:the year must be from 2000 to 9999" "10000, 10:the year must be from 2000 to 9999" \
    "$year, 10, -1:the last number of the own series must be from 0 to 9999999" \
    "$year, 10, 10000000:the last number of the own series must be from 0 to 9999999"; do
	out=$(lease_as t_a1 "${args%%:*}"); rc=$?
	isnt "$rc" 0 "lease_receptions(${args%%:*}) is refused"
	like "$out" "${args#*:}" "... saying ${args#*:}"
done
is "$(state_of_store)" "$before" "... and none of them leased anything"
out=$(lease_as t_a1 "$year, 100000"); rc=$?
is "$rc" 0 "a lease of 100000 numbers is given"
set -- $(echo "$out" | tr '|' ' ')
is "$(( $2 - $1 + 1 ))" 100000 "... of 100000 numbers"
is "$(blocks_overlapping)" 0 "... overlapping no other block"

# --- A terminal that received on its own before it was set up to sync ----------------------
# The office's only terminal numbered from its own series; once it syncs, the office's
# series goes on past the numbers it gave (its own block runs to the year's end: every
# leased block used to overlap it, and each sync failed after leasing a block in vain).
pg_central central OFFICE-C DEMO-C1 t_c1 DEMO-C2 t_c2
for t in C1:t_c1 C2:t_c2; do
	sync_terminal "DEMO-${t%%:*}" "${t#*:}"
done
sed '/^sync_/d' "$(conf DEMO-C1)" > "$WORK/DEMO-C1/nosync.conf"
"$top_builddir/tests/sync/sync-tool" --config "$WORK/DEMO-C1/nosync.conf" receive 5 \
	> "$WORK/c1.numbers" || bail "receptions on C1 before it syncs"
is "$(tail -1 "$WORK/c1.numbers")" "R$year-0000005" \
	"a terminal that does not sync numbers from its own series"
out=$(sync_now DEMO-C1); rc=$?
is "$rc" 0 "... its first sync once it is set up to sync"
[ "$rc" -eq 0 ] || diag "$out"
is "$(leased OFFICE-C)" "DEMO-C1 6 1005" "... is leased the office's numbers past those it gave"
is "$(unsent_receptions DEMO-C1)" 0 "... and sends its receptions"
out=$(sync_now DEMO-C2) || bail "C2's sync: $out"
receive DEMO-C1 2 >> "$WORK/c1.numbers"; rc=$?
is "$rc" 0 "it receives from its leased block"
is "$(tail -1 "$WORK/c1.numbers")" "R$year-0000007" "... going on after its own numbers"
receive DEMO-C2 2 > "$WORK/c2.numbers" || bail "receptions on C2"
is "$(head -1 "$WORK/c2.numbers")" "R$year-0001006" "the office's other terminal: from the next block"
for t in DEMO-C1 DEMO-C2 DEMO-C1; do
	out=$(sync_now $t) || bail "sync of $t: $out"
done
is "$(pg_sql central "SELECT count(*) || ' ' || count(DISTINCT payload->>'number') FROM
	madoguchi.records WHERE office_id = 'OFFICE-C' AND entity = 'reception'")" "9 9" \
	"the office's 9 receptions, each number once"
is "$(tsql DEMO-C1 "SELECT count(*) FROM receptions")" 9 "... all on the first terminal"
is "$(tsql DEMO-C2 "SELECT count(*) FROM receptions")" 9 "... and on the other"
# A sync with numbers enough leases nothing: the store's series stays where it was.
is "$(leased OFFICE-C | wc -l)" 2 "no block was leased in vain"

done_testing
