#!/bin/sh
# Issue 25: a merge (名寄せ) and its split reach the other terminals of the office. The
# central store takes every change they make (the merged holder's merged_into, the moved
# registrations, the events, the applications) by its rules, and the other terminal applies
# them without a conflict: it then lists the person once, and twice again after the split.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
pg_central central OFFICE-A DEMO-M1 t_m1 DEMO-M2 t_m2
sync_terminal DEMO-M1 t_m1
sync_terminal DEMO-M2 t_m2

tool DEMO-M1 add 2 M1- > /dev/null || bail "two holders on M1"
set -- $(tsql DEMO-M1 "SELECT h.id FROM holders h JOIN registrations r ON r.holder_id = h.id
	WHERE r.certificate_number GLOB 'M1-*' ORDER BY r.certificate_number")
merged=$1 kept=$2
[ -n "$kept" ] || bail "no holders"
sync_now DEMO-M1 > /dev/null || bail "M1's first sync"
sync_now DEMO-M2 > /dev/null || bail "M2's first sync"
is "$(tsql DEMO-M2 "SELECT count(*) FROM holders WHERE id IN ('$merged', '$kept')")" 2 \
	"M2 holds both holders"

merged_state() {	# merged_state NAME: merged_into, and whose the registrations are
	tsql "$1" "SELECT coalesce((SELECT merged_into FROM holders WHERE id = '$merged'), '-')
		|| ' ' || (SELECT count(*) FROM registrations WHERE holder_id = '$kept')
		|| ' ' || (SELECT count(*) FROM events WHERE kind IN ('merge', 'split')
		AND holder_id IN ('$merged', '$kept'))"
}

tool DEMO-M1 merge "$merged" "$kept"; ok $? "M1 merges one into the other"
out=$(tool DEMO-M1 check-outbox 2>&1); ok $? "... its outbox rows pass the terminal's rules"
out=$(sync_now DEMO-M1); rc=$?
is "$rc" 0 "M1 pushes the merge"
is "$(pg_sql central "SELECT payload->>'merged_into' FROM madoguchi.records WHERE entity =
	'holder' AND entity_id = '$merged'")" "$kept" "the central store keeps merged_into"
out=$(sync_now DEMO-M2); rc=$?
is "$rc" 0 "M2 pulls it"
is "$(merged_state DEMO-M2)" "$kept 2 2" "... the holder merged, both registrations kept, two events"
is "$(tsql DEMO-M2 "SELECT count(*) FROM sync_conflicts")" 0 "... without a conflict"

tool DEMO-M1 merge "$merged"; ok $? "M1 splits it"
sync_now DEMO-M1 > /dev/null; ok $? "M1 pushes the split"
sync_now DEMO-M2 > /dev/null; ok $? "M2 pulls it"
is "$(merged_state DEMO-M2)" "- 1 4" "... two holders again, each with its registration"
is "$(tsql DEMO-M2 "SELECT count(*) FROM sync_conflicts")" 0 "... without a conflict"
done_testing
