# A private CUPS scheduler for the printing tests (issue 32): cupsd in the foreground on a
# socket in $WORK, its own configuration, spool and logs, and one backend of the test's
# own, so that no real printer is involved and the system's CUPS (if any) is untouched.
#
#	cups_require			skip the test when cupsd or lpadmin is missing
#	cups_start			start it; exports CUPS_SERVER (libcups and lp use it)
#	cups_queue NAME MODE		a raw queue whose backend completes (ok), fails with
#					the job aborted (abort), stops the printer (stop),
#					or takes a minute (slow)
#	cups_stop			stop it (the EXIT trap should call it)
#	CUPS_OUT			where the ok backend writes each job's bytes
#
# Run as root (CI, the kiosk's build machine) cupsd runs its backends as user lp, which
# may not read $WORK; the backend is installed root-only (mode 0700), which makes cupsd
# run it as root instead.

cups_require() {
	[ -x /usr/sbin/cupsd ] || skip_all "cupsd is not installed (cups-daemon)"
	command -v lpadmin > /dev/null || skip_all "lpadmin is not installed (cups-client)"
}

cups_start() {
	CUPS_DIR=$WORK/cups
	CUPS_OUT=$CUPS_DIR/out
	mkdir -p "$CUPS_DIR/etc" "$CUPS_DIR/spool/tmp" "$CUPS_DIR/cache" "$CUPS_DIR/state" \
		"$CUPS_DIR/log" "$CUPS_DIR/bin/backend" "$CUPS_OUT"
	ln -sfn /usr/lib/cups/daemon "$CUPS_DIR/bin/daemon"
	ln -sfn /usr/lib/cups/notifier "$CUPS_DIR/bin/notifier"
	cat > "$CUPS_DIR/bin/backend/madoguchi-test" <<'BACKEND'
#!/bin/sh
# madoguchi-test:MODE:DIR. Without arguments, what cupsd asks a backend to list.
[ $# -eq 0 ] && { echo 'direct madoguchi-test "Unknown" "madoguchi test printer"'; exit 0; }
mode=${DEVICE_URI#madoguchi-test:}; dir=${mode#*:}; mode=${mode%%:*}
case "$mode" in
abort)	echo "ERROR: the test printer lost the job" >&2; exit 1 ;;	# CUPS_BACKEND_FAILED
stop)	echo "ERROR: the test printer is jammed" >&2; exit 4 ;;	# CUPS_BACKEND_STOP
slow)	sleep 60 ;;	# long enough to be cancelled at the printer
esac
if [ -n "$6" ]; then cat "$6"; else cat; fi > "$dir/job-$1.pdf" || exit 1
exit 0
BACKEND
	chmod 0700 "$CUPS_DIR/bin/backend/madoguchi-test"
	{
		echo "ServerRoot $CUPS_DIR/etc"
		echo "RequestRoot $CUPS_DIR/spool"
		echo "TempDir $CUPS_DIR/spool/tmp"
		echo "CacheDir $CUPS_DIR/cache"
		echo "StateDir $CUPS_DIR/state"
		echo "ServerBin $CUPS_DIR/bin"
		echo "DataDir /usr/share/cups"
		echo "ErrorLog $CUPS_DIR/log/error_log"
		echo "AccessLog $CUPS_DIR/log/access_log"
		echo "PageLog $CUPS_DIR/log/page_log"
		echo "FileDevice No"
		if [ "$(id -u)" -eq 0 ]; then
			echo "User lp"
			echo "Group lp"
			echo "SystemGroup root"
		fi
	} > "$CUPS_DIR/etc/cups-files.conf"
	cat > "$CUPS_DIR/etc/cupsd.conf" <<CONF
Listen $CUPS_DIR/sock
LogLevel info
Browsing No
WebInterface No
DefaultAuthType None
JobRetryLimit 0
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
CONF
	chmod 0640 "$CUPS_DIR/etc/cups-files.conf" "$CUPS_DIR/etc/cupsd.conf"
	/usr/sbin/cupsd -f -c "$CUPS_DIR/etc/cupsd.conf" -s "$CUPS_DIR/etc/cups-files.conf" \
		> "$CUPS_DIR/log/stdout" 2>&1 &
	CUPS_PID=$!
	_i=0
	until [ -S "$CUPS_DIR/sock" ]; do
		_i=$((_i + 1))
		[ "$_i" -lt 100 ] || bail "cupsd did not start: $(tail -n 5 "$CUPS_DIR/log/error_log" \
			"$CUPS_DIR/log/stdout" 2> /dev/null)"
		sleep 0.1
	done
	CUPS_SERVER=$CUPS_DIR/sock
	export CUPS_SERVER
}

cups_queue() {	# cups_queue NAME ok|abort|stop
	_policy=stop-printer
	[ "$2" = abort ] && _policy=abort-job
	lpadmin -p "$1" -E -v "madoguchi-test:$2:$CUPS_OUT" -o "printer-error-policy=$_policy" \
		> /dev/null 2>&1 || bail "lpadmin $1: $(lpadmin -p "$1" -E -v "madoguchi-test:$2:$CUPS_OUT" 2>&1)"
}

cups_stop() {
	[ -n "${CUPS_PID:-}" ] || return 0
	kill "$CUPS_PID" 2> /dev/null
	wait "$CUPS_PID" 2> /dev/null
	CUPS_PID=
}
