# A private pcscd with one vsmartcard-vpcd reader, and the card simulator in it, for the
# card tests. Source it after tap.sh (it uses bail/skip_all); then
#
#	pcsc_require			# skip_all without root, pcscd, vpcd, unshare or ss
#	pcsc_start			# the daemon; sets PCSC_DIR PCSC_PORT PCSC_READER
#	card_insert ARGS...		# madoguchi-card-sim --port $PCSC_PORT ARGS, in the reader
#	card_remove			# the simulator stopped, the reader empty
#	card_exited			# waits for the simulator to exit on its own (--once,
#					# remove-during-read); returns its exit status
#	pcsc_apdu ARGS...		# tests/card/pcsc-apdu against the reader (see there)
#	pcsc_restart			# pcscd stopped and started again on the same port: the
#					# simulator sees the card removed, and inserts it again
#	pcsc_stop			# everything stopped and removed: call it from the EXIT trap
#
#	trap 'pcsc_stop; cleanup_fixture' EXIT	# with fixture.sh; trap pcsc_stop EXIT without
#
# pcscd takes no other socket path than /run/pcscd/pcscd.comm, so it runs in a mount
# namespace of its own in which $PCSC_DIR/run is mounted on /run/pcscd: the socket is
# $PCSC_DIR/run/pcscd.comm, exported as PCSCLITE_CSOCK_NAME, which the client library (the
# terminal's as well as pcsc-apdu's) honours. That needs root; the socket is open to every
# user (the system user madoguchi included), as the system's is. vpcd listens on two TCP
# ports, PCSC_PORT (the reader $PCSC_READER) and PCSC_PORT + 1 (a second reader, unused),
# chosen free at start so that two tests can run at once.
#
# Also set: CARD_SIM (the simulator), CARD_PID (its process while inserted), PCSC_APDU,
# PCSC_PCSCD (the daemon). Logs: $PCSC_DIR/pcscd.log, the simulator's $PCSC_DIR/card.out.
#
# Two things seen with this pcscd (1.9.9) and vpcd (3.3) that a reader must expect: a card
# removed in the middle of a command comes back from SCardTransmit as success with an empty
# response (no status word); and pcscd powers the card off and on as it sees fit (at each
# insertion at least; the simulator then forgets a verified PIN, as a card does, and logs
# POWER OFF/POWER ON), so a conversation belongs in one connection.

PCSC_DIR=
PCSC_PORT=
PCSC_READER=
PCSC_PID=
CARD_PID=
CARD_SIM="$top_builddir/madoguchi-card-sim"
PCSC_APDU="$top_builddir/tests/card/pcsc-apdu"
PCSC_VPCD=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
PCSC_PCSCD=/usr/sbin/pcscd

pcsc_require() {
	[ "$(id -u)" -eq 0 ] ||
		skip_all "not root: the private pcscd needs a mount namespace of its own"
	PCSC_PCSCD=$(command -v pcscd || echo /usr/sbin/pcscd)
	[ -x "$PCSC_PCSCD" ] || skip_all "pcscd is not installed (apt-get install pcscd)"
	[ -f "$PCSC_VPCD" ] ||
		skip_all "the vpcd reader driver is not installed (apt-get install vsmartcard-vpcd)"
	command -v unshare > /dev/null || skip_all "unshare is not installed (util-linux)"
	command -v ss > /dev/null || skip_all "ss is not installed (iproute2)"
	[ -x "$PCSC_APDU" ] || bail "$PCSC_APDU is not built"
	[ -x "$CARD_SIM" ] || bail "$CARD_SIM is not built"
	# Some containers refuse new mount namespaces even to root.
	unshare --mount --propagation private true 2> /dev/null ||
		skip_all "unshare --mount is not allowed here"
}

pcsc_apdu() {
	"$PCSC_APDU" "$@"
}

_pcsc_random_port() {
	echo $(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 ))
}

_pcsc_port_free() {	# _pcsc_port_free PORT: nothing listens on it
	! ss -Hltn "sport = :$1" | grep -q .
}

# pcsc_wait SECONDS COMMAND...: runs COMMAND every 0.1 s until it succeeds.
pcsc_wait() {
	local tries=$(( $1 * 10 ))
	shift
	while [ "$tries" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	return 1
}

_pcsc_reader_listed() {
	pcsc_apdu readers 2> /dev/null | grep -q "^Virtual PCD"
}

_pcsc_launch() {	# one try on a port: 0 when the reader is listed
	local port=$1
	printf 'FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:%d\nLIBPATH      %s\nCHANNELID    %d\n' \
		"$port" "$PCSC_VPCD" "$port" > "$PCSC_DIR/reader.conf.d/vpcd"
	rm -f "$PCSC_DIR/run/pcscd.comm" "$PCSC_DIR/run/pcscd.pid"
	# unshare and sh exec: $! is the daemon itself.
	unshare --mount --propagation private sh -c \
		'mount --bind "$1/run" /run/pcscd && exec "$2" --foreground --info -c "$1/reader.conf.d"' \
		sh "$PCSC_DIR" "$PCSC_PCSCD" >> "$PCSC_DIR/pcscd.log" 2>&1 &
	PCSC_PID=$!
	if pcsc_wait 10 _pcsc_reader_listed &&
		grep -q "Waiting for virtual ICC on port $port" "$PCSC_DIR/pcscd.log" &&
		! grep -q "Could not initialize connection" "$PCSC_DIR/pcscd.log"; then
		PCSC_PORT=$port
		return 0
	fi
	kill "$PCSC_PID" 2> /dev/null
	wait "$PCSC_PID" 2> /dev/null
	PCSC_PID=
	return 1
}

pcsc_start() {
	local attempt port
	PCSC_DIR=$(mktemp -d "${TMPDIR:-/tmp}/madoguchi-pcsc.XXXXXX")
	mkdir -p "$PCSC_DIR/run" "$PCSC_DIR/reader.conf.d"
	# Other users reach the socket through these (mktemp makes 0700).
	chmod 755 "$PCSC_DIR" "$PCSC_DIR/run"
	# The mount point; empty on the host, where no pcscd may be installed as a service.
	mkdir -p /run/pcscd || bail "cannot create /run/pcscd"
	export PCSCLITE_CSOCK_NAME="$PCSC_DIR/run/pcscd.comm"
	for attempt in 1 2 3 4 5 6 7 8 9 10; do
		port=$(_pcsc_random_port)
		_pcsc_port_free "$port" && _pcsc_port_free $((port + 1)) || continue
		: > "$PCSC_DIR/pcscd.log"
		_pcsc_launch "$port" && break
	done
	[ -n "$PCSC_PORT" ] || bail "pcscd with vpcd did not start: $(tail -5 "$PCSC_DIR/pcscd.log")"
	PCSC_READER=$(pcsc_apdu readers | grep -m1 "^Virtual PCD")
	export PCSC_READER PCSC_PORT PCSC_DIR
}

pcsc_restart() {
	kill "$PCSC_PID" 2> /dev/null
	wait "$PCSC_PID" 2> /dev/null
	PCSC_PID=
	_pcsc_launch "$PCSC_PORT" ||
		bail "pcscd did not start again on port $PCSC_PORT: $(tail -5 "$PCSC_DIR/pcscd.log")"
}

_pcsc_card_is() {	# _pcsc_card_is present|empty
	[ "$(pcsc_apdu --reader "$PCSC_READER" status 2> /dev/null)" = "$1" ]
}

# card_insert ARGS...: the simulator's output goes to $PCSC_DIR/card.out.
card_insert() {
	[ -n "$PCSC_PORT" ] || bail "card_insert before pcsc_start"
	[ -z "$CARD_PID" ] || card_remove
	"$CARD_SIM" --port "$PCSC_PORT" "$@" > "$PCSC_DIR/card.out" 2>&1 &
	CARD_PID=$!
	if ! pcsc_wait 10 _pcsc_card_is present; then
		kill "$CARD_PID" 2> /dev/null
		wait "$CARD_PID" 2> /dev/null
		CARD_PID=
		bail "the card simulator did not come up: $(cat "$PCSC_DIR/card.out")"
	fi
}

# card_remove: also after the simulator went away on its own (--once, remove-during-read).
card_remove() {
	if [ -n "$CARD_PID" ]; then
		kill "$CARD_PID" 2> /dev/null
		wait "$CARD_PID" 2> /dev/null
		CARD_PID=
	fi
	pcsc_wait 10 _pcsc_card_is empty || bail "the reader still sees a card"
}

_pcsc_card_gone() {	# the simulator exited (a zombie until waited for)
	[ ! -d "/proc/$CARD_PID" ] || grep -q '^[0-9]* (.*) Z' "/proc/$CARD_PID/stat"
}

card_exited() {
	local rc
	[ -n "$CARD_PID" ] || bail "card_exited without a card"
	pcsc_wait 10 _pcsc_card_gone || bail "the card simulator did not exit"
	wait "$CARD_PID"
	rc=$?
	CARD_PID=
	return "$rc"
}

pcsc_stop() {
	if [ -n "$CARD_PID" ]; then
		kill "$CARD_PID" 2> /dev/null
		wait "$CARD_PID" 2> /dev/null
		CARD_PID=
	fi
	if [ -n "$PCSC_PID" ]; then
		kill "$PCSC_PID" 2> /dev/null
		wait "$PCSC_PID" 2> /dev/null
		PCSC_PID=
	fi
	if [ -n "$PCSC_DIR" ] && [ -z "${KEEP_WORK:-}" ]; then
		rm -rf "$PCSC_DIR"
	fi
}
