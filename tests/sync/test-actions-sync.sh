#!/bin/sh
# Issue 25: administrative actions reach the central store and the office's other terminal
# as the desk wrote them: a suspension (停止) with its period, a return order (返納命令) with
# its due date, and a registration refused (交付拒否) for a person not on the register,
# kept as a refusal beside the rejected application. The other terminal ends the
# suspension whose period is over; the first one pulls the end.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
pg_central central OFFICE-A DEMO-K1 t_k1 DEMO-K2 t_k2
sync_terminal DEMO-K1 t_k1
sync_terminal DEMO-K2 t_k2

tool DEMO-K1 add 2 K1- > /dev/null || bail "holders on K1"
r1=$(tsql DEMO-K1 "SELECT id FROM registrations WHERE certificate_number = 'K1-000001';")
r2=$(tsql DEMO-K1 "SELECT id FROM registrations WHERE certificate_number = 'K1-000002';")
out=$(tool DEMO-K1 action "$r1" suspend 2024-01-01 2024-01-31 misconduct 2>&1)
is "$?" 0 "K1: a suspension filed and approved"
out=$(tool DEMO-K1 action "$r2" return-order 2024-01-10 2024-02-10 other 2>&1)
is "$?" 0 "K1: a return order filed and approved"
app=$(tool DEMO-K1 refuse-new 2024-05-10 disqualify 2>&1)
is "$?" 0 "K1: a registration refused (交付拒否)"
out=$(tool DEMO-K1 check-outbox 2>&1)
is "$?" 0 "K1's outbox passes its own rules"

out=$(sync_now DEMO-K1)
is "$?" 0 "K1 syncs"
is "$(pg_sql central "SELECT payload->>'kind' || ' ' || (payload->>'until_date') FROM
	madoguchi.records WHERE entity = 'event' AND payload->>'kind' IN ('suspend',
	'return-order') ORDER BY 1")" "return-order 2024-02-10
suspend 2024-01-31" "the central store has the periods"
is "$(pg_sql central "SELECT (payload->>'refusal_date') || ' ' || (payload->>'reason_code')
	|| ' ' || (payload->>'approved_by') FROM madoguchi.records WHERE entity = 'refusal' AND
	payload->>'application_id' = '$app'")" "2024-05-10 disqualify suzuki" \
	"... and the refusal"
is "$(pg_sql central "SELECT payload->'payload'->>'action' FROM madoguchi.records WHERE
	entity = 'application' AND payload->>'kind' = 'action' ORDER BY 1")" "return-order
suspend" "... and the actions' applications"

out=$(sync_now DEMO-K2)
is "$?" 0 "K2 pulls"
is "$(tsql DEMO-K2 "SELECT certificate_number || ' ' || status FROM registrations ORDER BY 1;")" \
	"K1-000001 suspended
K1-000002 returned" "K2 has the registrations' states"
is "$(tsql DEMO-K2 "SELECT kind || ' ' || until_date || ' ' || sensitive FROM events WHERE
	until_date IS NOT NULL ORDER BY 1;")" "return-order 2024-02-10 1
suspend 2024-01-31 0" "... the events with their periods"
is "$(tsql DEMO-K2 "SELECT refusal_date || ' ' || reason_code FROM refusals WHERE
	application_id = '$app';")" "2024-05-10 disqualify" "... and the refusal"

out=$(madoguchi-admin suspensions-end --config "$WORK/DEMO-K2/madoguchi.conf" 2>&1)
is "$out" "1 suspensions ended" "K2 ends the suspension whose period is over"
out=$(sync_now DEMO-K2)
is "$?" 0 "K2 syncs"
out=$(sync_now DEMO-K1)
is "$?" 0 "K1 pulls"
is "$(tsql DEMO-K1 "SELECT r.status || ' ' || e.event_date FROM registrations r JOIN events e
	ON e.registration_id = r.id AND e.kind = 'suspend-end' WHERE r.id = '$r1';")" \
	"valid 2024-02-01" "K1 has the end: valid again"
is "$(tool DEMO-K1 state | sed -n 's/^conflicts //p')" 0 "no conflict"

done_testing
