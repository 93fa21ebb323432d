#!/bin/sh
# madoguchi-admin juki-check and what is in the inbound spool but is no result file: a
# directory under a result file's name and a file whose name carries ESC and BEL. Each is
# reported once, by its escaped name, audited once however many passes and runs see it,
# and left where it is; no raw control byte reaches the terminal or the audit log.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"

new_db
# A running periodic check with nothing left to send: juki-check only imports.
sql_with_key "INSERT INTO juki_jobs (id, status, base_date, period_from, batch_size, total,
	sending_done, started_by, started_at) VALUES ('00000000-0000-4000-8000-000000000019',
	'running', '2026-11-01', '2026-01-01', 10, 0, 1, 'sato', '2026-11-01T09:00:00Z');"
esc=$(printf '\033')
bel=$(printf '\007')
mkdir "$WORK/juki/in/JKRES_x.dat"
# (It sorts after the directory: the name the old code printed last was the raw one.)
: > "$WORK/juki/in/JKRES_z${esc}]0;owned${bel}.dat"

check() {	# two seconds of passes, every 200 ms
	madoguchi-admin juki-check --timeout 2 --config "$WORK/madoguchi.conf" \
		> "$WORK/jc.out" 2>&1
	rc=$?
	out=$(cat "$WORK/jc.out")
}
audits() {
	sql_with_key "SELECT count(*) FROM audit_log WHERE $1;"
}

check
is "$rc" "1" "juki-check stops when its time is up"
like "$out" "time is up" "and says so"
like "$out" 'JKRES_x.dat in the inbound spool is not a result file: it is a directory' \
	"the directory is reported"
like "$out" 'JKRES_z\x1b]0;owned\x07.dat in the inbound spool is not a result file' \
	"the file with ESC and BEL in its name is reported, escaped"
tr -d '\033\007' < "$WORK/jc.out" | cmp -s - "$WORK/jc.out"
ok $? "no raw ESC or BEL byte in juki-check's output"
is "$(printf '%s\n' "$out" | grep -c 'JKRES_x.dat')" "1" "the directory is reported once"
is "$(audits "target = 'file:JKRES_x.dat'")" "1" \
	"the directory is audited once over ten passes"
is "$(audits "target = 'file:JKRES_z\\x1b]0;owned\\x07.dat' AND action = 'juki.spool.ignore'
	AND detail LIKE '%\\x1b]0;owned\\x07%'")" "1" "the other name is audited once, escaped"
is "$(audits "instr(target || detail, char(27)) OR instr(target || detail, char(7))")" "0" \
	"no raw ESC or BEL in the audit log"
is "$(audits "action = 'juki.result.reject'")" "0" "neither is taken for a result file"
[ -d "$WORK/juki/in/JKRES_x.dat" ] && [ -f "$WORK/juki/in/JKRES_z${esc}]0;owned${bel}.dat" ]
ok $? "both are left where they are"
is "$(ls -A "$WORK/juki/quarantine" | wc -l)" "0" "nothing was quarantined"

# A later run remembers them (by their audit entries): not a word, no new entry.
check
is "$rc" "1" "a second run stops when its time is up"
unlike "$out" "JKRES_" "and says nothing more about either"
is "$(audits "action = 'juki.spool.ignore'")" "2" "no new audit entry"
madoguchi-admin verify-audit --config "$WORK/madoguchi.conf" > /dev/null 2>&1
ok $? "the audit chain verifies"
done_testing
