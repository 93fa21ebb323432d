#!/bin/sh
# SPEC §10: the same (terminal, sequence) with different content is refused whole, never
# silently dropped. A terminal restored from a backup numbers its new changes again from
# where the backup stood: the central store already holds those numbers with the changes
# made after the backup, and must refuse the redone ones rather than answer "done", which
# would mark them sent and lose them. The same for an audit entry sent again with one field
# changed but its MACs kept (the store cannot recompute MACs: it compares every field).
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
pg_central central OFFICE-A DEMO-A1 t_a1 DEMO-A2 t_a2
sync_terminal DEMO-A1 t_a1
sync_terminal DEMO-A2 t_a2

madoguchi-admin demo-data --holders 3 --config "$WORK/DEMO-A1/madoguchi.conf" > /dev/null ||
	bail "demo data"
out=$(sync_now DEMO-A1) || bail "first sync: $out"
holder=$(tsql DEMO-A1 "SELECT id FROM holders ORDER BY id LIMIT 1")
[ -n "$holder" ] || bail "no holder on the demo terminal"
out=$(sync_now DEMO-A2) || bail "first sync of A2: $out"
holder2=$(tsql DEMO-A2 "SELECT id FROM holders ORDER BY id LIMIT 1")

# --- A change sent again with the same key and another payload --------------------------
# The batch as the terminal sends it, kept; then sent for real.
tool DEMO-A1 edit "$holder" address2 "最初の住所" || bail "edit"
tool DEMO-A1 batch changes 1000 > "$WORK/changes" || bail "no changes batch"
out=$(sync_now DEMO-A1) || bail "sync: $out"
hseq=$(tsql DEMO-A1 "SELECT max(seq) FROM outbox WHERE entity = 'holder'")
is "$(pg_sql central "SELECT payload->>'address2' FROM madoguchi.changes WHERE terminal_id = 'DEMO-A1' AND seq = $hseq")" \
	"最初の住所" "the holder's change is stored centrally as seq $hseq"
# The same batch with that change's payload altered (key, version and operation kept), its
# sha256 made to agree and signed with the terminal's key, as a replaying terminal sends it.
awk -v s="$hseq" 'BEGIN { FS = OFS = "\t" } NR > 1 && $1 == s { sub(/最初の住所/, "別の住所", $7) } { print }' \
	"$WORK/changes" > "$WORK/replay"
tail -n +2 "$WORK/replay" | awk 'NR > 1 { printf "\n" } { printf "%s", $0 }' > "$WORK/replay.body"
grep -q '別の住所' "$WORK/replay.body" || bail "the payload was not altered"
sha=$(sha256sum < "$WORK/replay.body" | cut -d' ' -f1)
{ head -n 1 "$WORK/changes" | sed "s/\"sha256\":\"[0-9a-f]*\"/\"sha256\":\"$sha\"/"
  cat "$WORK/replay.body"; } > "$WORK/replay"
out=$(push_signed t_a1 "$WORK/replay"); rc=$?
ok $((rc == 0)) "the same (terminal, seq) with another payload is refused"
like "$out" "change $hseq of terminal DEMO-A1 differs from the one received before" \
	"... naming the change and the terminal"
is "$(pg_sql central "SELECT payload->>'address2' FROM madoguchi.records WHERE entity = 'holder' AND entity_id = '$holder'")" \
	"最初の住所" "... and the record keeps the payload received first"
out=$(push_signed t_a1 "$WORK/changes"); rc=$?
is "$rc:$out" "0:" "the batch sent again unchanged is a retry, answered as done"

# --- A terminal restored from a backup ----------------------------------------------------
# The backup: a copy of the terminal as it stands (its database is closed).
cp -R "$WORK/DEMO-A1" "$WORK/backup"
tool DEMO-A1 edit "$holder" address2 "バックアップ後の変更" || bail "edit"
seq=$(tsql DEMO-A1 "SELECT max(seq) FROM outbox")
out=$(sync_now DEMO-A1) || bail "sync after the backup: $out"

# Restored, and the work done again differently: the same sequence numbers again.
rm -rf "$WORK/DEMO-A1" && cp -R "$WORK/backup" "$WORK/DEMO-A1"
tool DEMO-A1 edit "$holder" address2 "復元後にやり直した変更" || bail "edit after restore"
is "$(tsql DEMO-A1 "SELECT max(seq) FROM outbox")" "$seq" \
	"the restored terminal numbers its new changes up to $seq again"
out=$(sync_now DEMO-A1); rc=$?
ok $((rc == 0)) "sync of the restored terminal fails"
like "$out" "of terminal DEMO-A1 differs from the one received before" \
	"... the central store says the terminal's history differs"
like "$out" "holds this terminal's changes up to $seq" "... and how far its history goes"
like "$out" "restored from a" "... the sysadmin is told what happened"
like "$out" "A restored terminal" "... and where to read what to do"
# The edit's six changes: its reception and application, both decided, the holder, the event.
is "$(tsql DEMO-A1 "SELECT count(*) FROM outbox WHERE seq <= $seq AND pushed_at IS NULL")" 6 \
	"the redone changes are not marked sent"
is "$(pg_sql central "SELECT payload->>'address2' FROM madoguchi.records WHERE entity = 'holder' AND entity_id = '$holder'")" \
	"バックアップ後の変更" "the central record is as the change after the backup left it"

# --- An audit entry sent again with another user but the same MACs ----------------------
tool DEMO-A2 edit "$holder2" address2 "監査の試験" || bail "edit"
tool DEMO-A2 batch audit 1000 > "$WORK/audit" || bail "no audit batch"
out=$(sync_now DEMO-A2) || bail "sync A2: $out"
head=$(pg_sql central "SELECT audit_seq FROM madoguchi.terminals WHERE terminal_id = 'DEMO-A2'")
first=$(head -n 1 "$WORK/audit" | sed 's/.*"first":\([0-9]*\).*/\1/')
user=$(pg_sql central "SELECT user_name FROM madoguchi.audit_entries WHERE terminal_id = 'DEMO-A2' AND seq = $first")
# The body with entry 1's user replaced, MACs kept; count and sha256 made to agree.
tail -n +2 "$WORK/audit" | tr -d '\n' > "$WORK/audit.body"
pg_sql central "SELECT jsonb_agg(CASE WHEN i = 1 THEN e || '{\"user\": \"intruder\"}'::jsonb ELSE e END ORDER BY i) FROM jsonb_array_elements('$(cat "$WORK/audit.body")'::jsonb) WITH ORDINALITY AS x(e, i)" \
	| tr -d '\n' > "$WORK/forged.body"
sha=$(sha256sum < "$WORK/forged.body" | cut -d' ' -f1)
{ head -n 1 "$WORK/audit" | sed "s/\"sha256\":\"[0-9a-f]*\"/\"sha256\":\"$sha\"/"
  cat "$WORK/forged.body"; } > "$WORK/forged"
out=$(psql -X -q -tA -v ON_ERROR_STOP=1 "$(pg_conninfo central t_a2)" -v b="$(cat "$WORK/forged")" \
	-v s="$(batch_signature "$PG_TLS/t_a2.sign" "$WORK/forged")" 2>&1 <<'SQL'
SELECT madoguchi.push_audit(:'b', decode(:'s', 'hex'));
SQL
); rc=$?
ok $((rc == 0)) "an audit entry sent again with another user and the same MACs is refused"
like "$out" "entry $first of terminal DEMO-A2 differs from the one received before" "... naming the entry"
is "$(pg_sql central "SELECT user_name FROM madoguchi.audit_entries WHERE terminal_id = 'DEMO-A2' AND seq = $first")" \
	"$user" "... and the stored entry keeps its user"
is "$(pg_sql central "SELECT audit_seq FROM madoguchi.terminals WHERE terminal_id = 'DEMO-A2'")" \
	"$head" "... and the central head has not moved"
# The true batch sent again is a retry and is answered as before.
out=$(psql -X -q -tA -v ON_ERROR_STOP=1 "$(pg_conninfo central t_a2)" -v b="$(cat "$WORK/audit")" \
	-v s="$(batch_signature "$PG_TLS/t_a2.sign" "$WORK/audit")" 2>&1 <<'SQL'
SELECT madoguchi.push_audit(:'b', decode(:'s', 'hex'));
SQL
); rc=$?
is "$rc:$out" "0:$head" "the unchanged audit batch sent again is accepted as a retry"

done_testing
