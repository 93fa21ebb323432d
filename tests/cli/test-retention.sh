#!/bin/sh
# Issue 22: madoguchi-admin retention. The dry run lists every kind with its rule and what
# would go (count, oldest, newest, size) and changes nothing; --run erases what the
# automatic rules let go, each kind with its erasure record and an audit entry, and
# touches no register data; --records lists the records. A certificate PDF in the spool
# within its period stays, a link is never followed. Usage errors exit 2.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

new_db DEMO-RT-01
CONF="$WORK/madoguchi.conf"
mkdir -p "$WORK/certs"
echo "cert_spool = $WORK/certs" >> "$CONF"
madoguchi-admin demo-data --holders 5 --seed 22 --config "$CONF" > /dev/null ||
	bail "demo holders"
printf 'result file\n' > "$WORK/juki/quarantine/R0001"
touch -d '100 days ago' "$WORK/juki/quarantine/R0001"
printf 'recent\n' > "$WORK/juki/quarantine/R0002"
printf '%%PDF old certificate\n' > "$WORK/certs/000001-0-old.pdf"
touch -d '40 days ago' "$WORK/certs/000001-0-old.pdf"
printf '%%PDF new certificate\n' > "$WORK/certs/000002-0-new.pdf"
printf 'not ours\n' > "$WORK/outside.pdf"
ln -s "$WORK/outside.pdf" "$WORK/certs/link.pdf"
touch -h -d '400 days ago' "$WORK/certs/link.pdf"
register() {
	sql_with_key "SELECT count(*) FROM holders; SELECT count(*) FROM registrations;
		SELECT count(*) FROM audit_log WHERE action <> 'retention.erase' AND
		action NOT LIKE 'retention.%';" | tr '\n' ' '
}

out=$(madoguchi-admin retention --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "the dry run"
like "$out" "Dry run: nothing is erased." "... says it erases nothing"
like "$out" "juki_quarantine      90 automatic        1         12  $(date -u -d '100 days ago' +%F)" \
	"... the quarantined file past 90 days: one, 12 bytes, its date"
like "$out" "print_files          30 automatic        1         21" \
	"... the certificate PDF past 30 days (not the new one, not the link)"
like "$out" "has no rule: it is never erased automatically" "... and the register has no rule"
is "$(find "$WORK/juki/quarantine" "$WORK/certs" -mindepth 1 | wc -l)" 5 "... nothing is gone"
is "$(sql_with_key "SELECT count(*) FROM erasure_records;")" 0 "... no erasure record"

reg=$(register)
out=$(madoguchi-admin retention --config "$CONF" --run 2>&1); rc=$?
is "$rc" 0 "--run"
like "$out" "2 erased under the automatic rules" "... says how many"
[ ! -e "$WORK/juki/quarantine/R0001" ] && [ -e "$WORK/juki/quarantine/R0002" ]
ok $? "... the old quarantined file is gone, the recent one stays"
[ ! -e "$WORK/certs/000001-0-old.pdf" ] && [ -e "$WORK/certs/000002-0-new.pdf" ]
ok $? "... the old PDF is gone, the new one stays"
[ -L "$WORK/certs/link.pdf" ] && [ "$(cat "$WORK/outside.pdf")" = "not ours" ]
ok $? "... a link is neither followed nor removed"
is "$(register)" "$reg" "... the register is untouched"
is "$(sql_with_key "SELECT kind || ' ' || count || ' ' || state FROM erasure_records ORDER BY
	id;" | tr '\n' ',')" "juki_quarantine 1 done,print_files 1 done," \
	"... each kind with its erasure record"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'retention.erase';")" 2 \
	"... audited"

out=$(madoguchi-admin retention --config "$CONF" --records 2>&1); rc=$?
is "$rc" 0 "--records"
like "$out" "Erasure records: 2" "... lists them"
like "$out" "approved by automatic under rule print_files (30 days)" "... with the rule"
like "$out" "overwritten with zeros, synced and unlinked" "... and the method"

out=$(madoguchi-admin retention --config "$CONF" --run --records 2>&1); rc=$?
is "$rc" 2 "two modes: usage"
out=$(madoguchi-admin retention --config "$CONF" extra 2>&1); rc=$?
is "$rc" 2 "an extra argument: usage"
out=$(madoguchi-admin retention --config "$WORK/none.conf" 2>&1); rc=$?
is "$rc" 3 "a configuration that does not exist"

done_testing
