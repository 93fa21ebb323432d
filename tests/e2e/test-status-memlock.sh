#!/bin/sh
# Issue 28: madoguchi-admin status names the desk's processes that have the database open
# and says whether the kernel holds their memory locked, as /proc has it; with nobody
# logged in, nobody has it open.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users tanaka:pw-tanaka
app_owns_db
out=$(madoguchi-admin status --quick --config "$WORK/madoguchi.conf" 2>&1)
like "$out" "memory lock:     no process has the database open" \
	"at the login screen of nobody, no process has the database open"
app s1
login s1 tanaka pw-tanaka
tmux_wait s1 "[clerk]" || bail "tanaka cannot log in"
out=$(madoguchi-admin status --quick --config "$WORK/madoguchi.conf" 2>&1)
line=$(printf '%s\n' "$out" | grep -m 1 '^memory lock:     madoguchi [0-9]')
[ -n "$line" ]; ok $? "logged in, status names the screen process: $line"
pid=$(printf '%s\n' "$line" | sed 's/^memory lock:     madoguchi \([0-9]*\):.*/\1/')
kib=$(sed -n 's/^VmLck:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status" 2> /dev/null)
if [ "${kib:-0}" -gt 0 ]; then
	like "$line" ": locked (" "... locked, as the kernel says ($kib KiB)"
else
	like "$line" ": NOT locked" "... not locked, as the kernel says, and why it matters"
	like "$line" "several times slower" "... with what it costs"
fi
logout s1
done_testing
