#!/bin/sh
# Issue 23: the office's registers are one register. An incident recorded on A1 with its
# steps reaches the central store as the terminal wrote it, and A2 of the same office
# applies it: A2's self-inspection report counts it (item 6) and says it was not reported
# (item 7); B1 of another office never sees it. The report is office-wide: R1's item 13
# lists an account requested on R2 and approved on R1, once, from the central store; with
# the store out of reach the report says in its head that it is R1's part only.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
trap 'pg_stop; cleanup_fixture' EXIT
pg_central central OFFICE-A DEMO-R1 t_r1 DEMO-R2 t_r2
pg_central central OFFICE-B DEMO-RB t_rb
sync_terminal DEMO-R1 t_r1
sync_terminal DEMO-R2 t_r2
sync_terminal DEMO-RB t_rb

id=$(tool DEMO-R1 incident "個人番号を記載した書類の誤送付" no) || bail "the incident: $id"
out=$(sync_now DEMO-R1) || bail "R1 pushes: $out"
is "$(pg_sql central "SELECT entity || ' ' || count(*) FROM madoguchi.records WHERE
	office_id = 'OFFICE-A' AND entity IN ('incident', 'incident_step') GROUP BY entity
	ORDER BY entity" | tr '\n' ,)" "incident 1,incident_step 1," \
	"the central store keeps the incident and its step"
out=$(sync_now DEMO-R2) || bail "R2 pulls: $out"
is "$(tsql DEMO-R2 "SELECT summary || ' ' || persons FROM incidents WHERE id = '$id';")" \
	"個人番号を記載した書類の誤送付 1" "R2 of the same office applies the incident"
is "$(tsql DEMO-R2 "SELECT step FROM incident_steps WHERE incident_id = '$id';")" 1 \
	"... and its step"
out=$(madoguchi-admin report --from "$(date +%F)" --to "$(date +%F)" --format json \
	--config "$WORK/DEMO-R2/madoguchi.conf" 2>&1) || bail "R2's report: $out"
like "$out" '"number":6,' "R2's report has item 6"
like "$out" '"answer":"occurred"' "... which says an incident occurred"
like "$out" '"answer":"not_reported"' "... and item 7 that it was not reported"
out=$(sync_now DEMO-RB) || bail "RB pulls: $out"
is "$(tsql DEMO-RB "SELECT count(*) FROM incidents;")" 0 "office B never sees it"

# An account requested on R2 and approved on R1 (one register for the office, issue 31).
out=$(tool DEMO-R2 account-request kimura clerk suzuki && sync_now DEMO-R2 &&
	sync_now DEMO-R1 && tool DEMO-R1 account-decide kimura approve sato &&
	sync_now DEMO-R1) || bail "kimura's account: $out"
out=$(madoguchi-admin report --from "$(date +%F)" --to "$(date +%F)" \
	--config "$WORK/DEMO-R1/madoguchi.conf" 2>&1) || bail "R1's report: $out"
like "$out" "Office-wide: the accounts, backups and restore tests of every terminal" \
	"R1's report is office-wide"
like "$out" "kimura (clerk): requested by suzuki, approved by sato" \
	"... item 13 lists the account requested on R2 and approved on R1"
like "$out" "kimura (試験 次郎), clerk" "... and items 2-5 count its handler"
unlike "$out" "tanaka@" "... each account once, not once per terminal"
unlike "$out" "on DEMO-RB" "... and nothing of office B"
sed 's/^sync_port = .*/sync_port = 1/' "$WORK/DEMO-R1/madoguchi.conf" > "$WORK/r1-off.conf"
out=$(madoguchi-admin report --from "$(date +%F)" --to "$(date +%F)" --format json \
	--config "$WORK/r1-off.conf" 2>&1); rc=$?
is "$rc" 0 "with the central store out of reach, R1 still reports"
like "$out" '"scope":"terminal_part_only"' "... marked as its own part only"
like "$out" "THIS TERMINAL'S PART ONLY: the central store could not be reached" \
	"... saying so in words"

done_testing
