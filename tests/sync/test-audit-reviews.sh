#!/bin/sh
# Issue 20: a supervisor's acknowledgements of flags and sign-off of a day's log reach the
# central store, and from there the other terminals of the office (their auditor lists
# them); neither side lets them be changed afterwards.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
export TZ=Asia/Tokyo
pg_start
pg_central central OFFICE-A DEMO-A1 t_a1 DEMO-A2 t_a2
sync_terminal DEMO-A1 t_a1
sync_terminal DEMO-A2 t_a2

id=$(tool DEMO-A1 review 2026-04-06) || bail "review on DEMO-A1: $id"
is "$(tsql DEMO-A1 "SELECT count(*) FROM audit_flag_acks")" 2 \
	"two flags acknowledged (outside hours, no open application)"
is "$(tool DEMO-A1 check-outbox)" "" "what the terminal sends meets its own rules"
out=$(sync_now DEMO-A1); rc=$?
is "$rc" 0 "the terminal pushes them"
[ "$rc" -eq 0 ] || echo "$out" | sed 's/^/# /'
central() { pg_sql "$CENTRAL_DB" "$1"; }
is "$(central "SELECT payload->>'signed_by' || ' ' || (payload->>'flags') || ' ' ||
	(payload->>'period_from') || ' ' || (payload->>'comment') FROM madoguchi.records
	WHERE entity = 'audit_review' AND entity_id = '$id'")" \
	"suzuki 2 2026-04-06 ログを確認した" "the sign-off is in the central store"
is "$(central "SELECT count(*) FROM madoguchi.records WHERE entity = 'audit_flag_ack' AND
	payload->>'acked_by' = 'suzuki' AND payload->>'comment' = '本人に確認した'")" 2 \
	"so are both acknowledgements"
is "$(central "SELECT string_agg(DISTINCT payload->>'rule', ' ' ORDER BY payload->>'rule')
	FROM madoguchi.records WHERE entity = 'audit_flag_ack'")" \
	"no_application off_hours_access" "... with their rules"

out=$(sync_now DEMO-A2); rc=$?
is "$rc" 0 "the other terminal pulls"
is "$(tsql DEMO-A2 "SELECT terminal_id || ' ' || signed_by FROM audit_reviews")" \
	"DEMO-A1 suzuki" "the sign-off reaches the other terminal, for its auditor"
is "$(tsql DEMO-A2 "SELECT count(*) FROM audit_flag_acks WHERE terminal_id = 'DEMO-A1'")" 2 \
	"and the acknowledgements"

# Kept for ever: the central store refuses a change even to its administrator, the
# terminal refuses one in its own database.
out=$(central "UPDATE madoguchi.records SET payload = payload || '{\"comment\": \"x\"}'
	WHERE entity = 'audit_review'" 2>&1); rc=$?
ok $((rc == 0)) "the central store refuses to change a sign-off"
like "$out" "kept as it was made" "... saying why"
out=$(central "DELETE FROM madoguchi.records WHERE entity = 'audit_flag_ack'" 2>&1); rc=$?
ok $((rc == 0)) "or to delete an acknowledgement"
is "$(central "SELECT count(*) FROM madoguchi.records WHERE entity IN ('audit_review',
	'audit_flag_ack') AND payload->>'comment' <> 'x'")" 3 "all three are as they were"
out=$(tsql DEMO-A2 "DELETE FROM audit_reviews" 2>&1)
like "$out" "kept as they were signed" "a terminal refuses to delete one"
is "$(tsql DEMO-A2 "SELECT count(*) FROM audit_reviews")" 1 "and keeps it"

done_testing
