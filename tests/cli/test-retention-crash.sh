#!/bin/sh
# Issue 22: an erasure killed half-way (kill -9). Its record was written, as running,
# before the first file went; the next run finishes it: every file is gone, and the
# records count each file exactly once.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"

new_db DEMO-RC-01
CONF="$WORK/madoguchi.conf"
Q=$WORK/juki/quarantine
N=400
i=0
while [ $i -lt $N ]; do
	head -c 262144 /dev/urandom > "$Q/R$i"
	i=$((i + 1))
done
touch -d '100 days ago' "$Q"/R*

madoguchi-admin retention --run --config "$CONF" > /dev/null 2>&1 &
pid=$!
# Killed once some files are gone and some are left.
i=0
while [ $i -lt 2000 ]; do
	left=$(find "$Q" -type f | wc -l)
	[ "$left" -lt "$N" ] && break
	sleep 0.005
	i=$((i + 1))
done
kill -9 "$pid" 2> /dev/null
wait "$pid" 2> /dev/null
left=$(find "$Q" -type f | wc -l)
[ "$left" -gt 0 ] && [ "$left" -lt "$N" ] ||
	skip_all "the run was not caught half-way ($left of $N files left)"
is "$(sql_with_key "SELECT state || ' ' || count FROM erasure_records;")" "running $N" \
	"killed half-way ($left of $N files left): the record says running, with every file"

out=$(madoguchi-admin retention --run --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "the next run"
is "$(find "$Q" -type f | wc -l)" 0 "... finishes it: every file is gone"
is "$(sql_with_key "SELECT kind || ' ' || state || ' ' || count FROM erasure_records;")" \
	"juki_quarantine done $N" "... under the same record, each file counted once"
is "$(sql_with_key "SELECT count(*) FROM erasure_pending_files;")" 0 \
	"... which no longer lists the files"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'retention.erase';")" 1 \
	"... audited once"

done_testing
