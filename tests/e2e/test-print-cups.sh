#!/bin/sh
# Issue 32, printing that knows it printed, against a private CUPS scheduler with test
# queues (tests/lib/cups.sh; no real printer). A certificate sent to a queue whose job
# completes is recorded as printed, with its CUPS job; the bytes CUPS got are the PDF's.
# A queue whose printer stops on the job, and one whose job is aborted, leave the
# certificate NOT PRINTED on the holder's screen, the job cancelled so that no paper comes
# later, the failure in the print log and the audit log; so does a job cancelled at the
# printer while it prints; printing again on a working
# queue resolves it. With CUPS not running the desk says so and records the failure.
# madoguchi-admin status reports the configured queue's state.
. "$top_srcdir/tests/e2e/login-lib.sh"
. "$top_srcdir/tests/lib/cups.sh"
cups_require
command -v openssl > /dev/null || skip_all "openssl is not installed"
trap 'tmux_stop_all; cups_stop; cleanup_fixture' EXIT

pam_users tanaka:pw-tanaka
echo "date_style = western" >> "$WORK/madoguchi.conf"
madoguchi-admin demo-data --holders 1 --seed 11 --config "$WORK/madoguchi.conf" \
	> /dev/null || bail "demo holders failed"
openssl genpkey -algorithm ED25519 -out "$WORK/office.key" 2> /dev/null
chmod 600 "$WORK/office.key"
mkdir -m 700 "$WORK/certs"
cat >> "$WORK/madoguchi.conf" <<CONF
office_id = OFFICE-13
office_name = 東京都 健康安全部
office_key = $WORK/office.key
cert_spool = $WORK/certs
print_wait_seconds = 20
CONF
if [ "$(id -u)" -eq 0 ]; then
	chown madoguchi:madoguchi "$WORK/certs"
fi
app_owns_db
h1=$(sql_with_key "SELECT id FROM holders LIMIT 1;")
name=$(sql_with_key "SELECT family_name || ' ' || given_name FROM holders WHERE id = '$h1';")
kana=$(sql_with_key "SELECT family_kana || given_kana FROM holders WHERE id = '$h1';")

cups_start
cups_queue desk-ok ok
cups_queue desk-jam stop
cups_queue desk-lost abort
cups_queue desk-slow slow

# desk NAME QUEUE: the desk printing to QUEUE (its own copy of the configuration).
desk() {
	sed "s/^printer = .*//" "$WORK/madoguchi.conf" > "$WORK/desk-$2.conf"
	echo "printer = $2" >> "$WORK/desk-$2.conf"
	tmux_start "$1" env $(pam_env_args) CUPS_SERVER="$CUPS_SERVER" \
		madoguchi --config "$WORK/desk-$2.conf"
	tmux_wait "$1" "User name" || return 1
	login "$1" tanaka pw-tanaka
	tmux_wait "$1" "[clerk]" || return 1
	menu_pick "$1" "Search the register"
	tmux_wait "$1" "Name (kana or kanji, part)" || return 1
	tmux_type "$1" "$kana"
	tmux_keys "$1" Enter
	tmux_wait "$1" "$name" || return 1
	tmux_keys "$1" Enter
	tmux_wait "$1" "Holder: $name"
}
# print NAME: p on the holder's screen and yes to the preview (a print that failed does
# not count: no reprint question comes first).
print() {
	tmux_type "$1" "p"
	tmux_wait "$1" "Certificate preview" || return 1
	tmux_type "$1" "y"
}
prints() { sql_with_key "SELECT group_concat(result || ' ' || destination, ', ') FROM
	(SELECT * FROM cert_prints ORDER BY id);"; }

# --- A stopped printer: the job is cancelled, nothing counts as printed.
desk j1 desk-jam || bail "the desk does not open the holder"
print j1 || bail "no preview"
tmux_wait j1 "printer desk-jam is stopped: " 30
ok $? "a printer that stops on the job: the desk says so"
like "$(tmux_screen j1)" "jammed" "... with the printer's own message"
unlike "$(tmux_screen j1)" "cancel it at the printer" "... and the job was cancelled"
tmux_wait j1 "NOT PRINTED: the last print failed"
ok $? "the holder's screen says the certificate is not printed"
logout j1 2> /dev/null || sleep 1
like "$(prints)" "failed printer:desk-jam job:" "the print log has the failure with its job"
is "$(lpstat -W not-completed -o desk-jam 2> /dev/null | wc -l)" 0 \
	"the job does not wait at the printer to come out later"
is "$(ls "$CUPS_OUT" | wc -l)" 0 "no paper came out"
is "$(sql_with_key "SELECT result FROM audit_log WHERE action = 'cert.print' ORDER BY seq
	DESC LIMIT 1;")" failed "the failed print is audited"
cupsenable desk-jam 2> /dev/null

# --- A job the printer aborts.
desk l1 desk-lost || bail "the desk does not open the holder"
print l1 || bail "no preview"
tmux_wait l1 "printer desk-lost aborted the job" 30
ok $? "an aborted job: the desk says so"
logout l1 2> /dev/null || sleep 1
is "$(sql_with_key "SELECT count(*) FROM cert_prints WHERE result = 'failed';")" 2 \
	"the print log has both failures"

# --- A job cancelled at the printer while it prints.
desk c1 desk-slow || bail "the desk does not open the holder"
print c1 || bail "no preview"
i=0
until lpstat -o desk-slow 2> /dev/null | grep -q desk-slow || [ $i -ge 50 ]; do
	sleep 0.2; i=$((i + 1))
done
cancel -a desk-slow 2> /dev/null
tmux_wait c1 "the job was cancelled at printer desk-slow" 30
ok $? "a job cancelled at the printer: the desk says so"
tmux_wait c1 "NOT PRINTED: the last print failed"
ok $? "... and the certificate is not printed"
logout c1 2> /dev/null || sleep 1
is "$(sql_with_key "SELECT count(*) FROM cert_prints WHERE result = 'failed';")" 3 \
	"the print log has the three failures"

# --- CUPS not running.
cups_stop
desk n1 desk-ok || bail "the desk does not open the holder"
print n1 || bail "no preview"
tmux_wait n1 "CUPS does not answer about printer desk-ok" 30
ok $? "CUPS not running: the desk says so"
logout n1 2> /dev/null || sleep 1
is "$(sql_with_key "SELECT count(*) FROM cert_prints WHERE result = 'failed';")" 4 \
	"... and records it as a failed print"
out=$(madoguchi-admin status --quick --config "$WORK/desk-desk-ok.conf" 2>&1)
like "$out" "printer:         desk-ok: NOT READY: CUPS does not answer" \
	"madoguchi-admin status says the printer is not ready"

# --- Printed: the job completes; the bytes are the PDF's; NOT PRINTED is gone.
cups_start
out=$(madoguchi-admin status --quick --config "$WORK/desk-desk-ok.conf" 2>&1)
like "$out" "printer:         desk-ok: idle" "madoguchi-admin status: the queue is idle"
desk o1 desk-ok || bail "the desk does not open the holder"
print o1 || bail "no preview"
tmux_wait o1 "Certificate printed: printer desk-ok" 30
ok $? "a job CUPS completes: printed"
unlike "$(tmux_screen o1)" "NOT PRINTED" "the holder's screen no longer says not printed"
logout o1 2> /dev/null || sleep 1
like "$(prints)" "ok printer:desk-ok job:" "the print log records it printed, with its job"
job=$(ls "$CUPS_OUT")
is "$(printf '%s\n' "$job" | grep -c .)" 1 "one job reached the printer"
is "$(sha256sum < "$CUPS_OUT/$job" | cut -d' ' -f1)" \
	"$(sql_with_key "SELECT pdf_sha256 FROM cert_prints WHERE result = 'ok';")" \
	"the printer got the bytes the print log names"
is "$(ls -A "$WORK/certs" | wc -l)" 0 "no certificate is left in the spool"

done_testing
