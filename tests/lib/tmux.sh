# Driving the real program in tmux, as a person at the terminal would (tmux's regress/
# style): start it in a detached session of a fixed size, send keys, wait for text to
# appear on the screen, capture the screen.
#
#	tmux_start NAME COMMAND...	start COMMAND in a new 80x24 session
#	tmux_keys NAME KEYS...		send-keys (tmux key names: Enter, F10, Tab, BTab ...)
#	tmux_type NAME TEXT		type literal text (UTF-8 included)
#	tmux_wait NAME TEXT [SECONDS]	wait until TEXT is on the screen (default 10 s)
#	tmux_screen NAME		print the screen
#	tmux_gone NAME [SECONDS]	wait until the program has exited
#	tmux_stop NAME
# A private socket keeps tests away from any tmux the developer runs.

TMUX_SOCKET="${WORK:-/tmp}/tmux.sock"
TMUX_CMD="tmux -S $TMUX_SOCKET -f /dev/null"

tmux_start() {
	_name=$1; shift
	# Again if it did not take: right after tmux_stop ended the last session, the server
	# may still be exiting and lose the new session with it.
	_try=0
	# 80x24, the desk's size; TMUX_LINES for a front end that takes a line (uim-fep).
	until $TMUX_CMD new-session -d -s "$_name" -x 80 -y "${TMUX_LINES:-24}" \
	    "env LC_ALL=C.UTF-8 TERM=xterm-256color $*; echo '[exited '\$?']'; sleep 600" \
	    2> /dev/null && $TMUX_CMD has-session -t "$_name" 2> /dev/null; do
		_try=$((_try + 1))
		[ "$_try" -lt 20 ] || { echo "# tmux: cannot start session $_name"; return 1; }
		sleep 0.2
	done
	$TMUX_CMD set-option -t "$_name" remain-on-exit on > /dev/null
}

# A lone Escape is ambiguous on a terminal: ncurses waits ESCDELAY (25 ms, screens/ui.c)
# for the rest of a key sequence, and a key sent within that time joins the Escape as
# Alt+key. A person never types that fast; a test does, whenever what it waits for next
# is already on the screen before the Escape is read. So after an Escape the keys wait,
# up to 2 s, until the screen has changed, the Escape's work done (an Escape that changes
# nothing costs those 2 s).
tmux_keys() {
	_name=$1; shift
	_last=
	for _key; do _last=$_key; done
	if [ "$_last" != Escape ]; then
		$TMUX_CMD send-keys -t "$_name" "$@"
		return
	fi
	_before=$(tmux_screen "$_name")
	$TMUX_CMD send-keys -t "$_name" "$@"
	_try=0
	while [ "$_try" -lt 100 ] && [ "$(tmux_screen "$_name")" = "$_before" ]; do
		sleep 0.02
		_try=$((_try + 1))
	done
}

tmux_type() {
	$TMUX_CMD send-keys -t "$1" -l "$2"
}

tmux_screen() {
	$TMUX_CMD capture-pane -p -t "$1"
}

tmux_wait() {
	_name=$1; _text=$2; _limit=${3:-10}
	_end=$(( $(date +%s) + _limit ))
	while [ "$(date +%s)" -le "$_end" ]; do
		if tmux_screen "$_name" | grep -qF -- "$_text"; then
			return 0
		fi
		sleep 0.1
	done
	echo "# timed out after ${_limit}s waiting for: $_text"
	tmux_screen "$_name" | sed 's/^/# | /'
	return 1
}

tmux_gone() {
	tmux_wait "$1" "[exited " "${2:-10}"
}

tmux_stop() {
	$TMUX_CMD kill-session -t "$1" 2>/dev/null || true
}

tmux_stop_all() {
	$TMUX_CMD kill-server 2>/dev/null || true
}
