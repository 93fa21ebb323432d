# Shared by the login end-to-end tests: madoguchi under pam_wrapper in tmux.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/tmux.sh"
. "$top_srcdir/tests/lib/pam.sh"
command -v tmux > /dev/null || skip_all "tmux is not installed"
pam_require
trap 'tmux_stop_all; cleanup_fixture' EXIT

new_demo_db
echo "pam_service = $PAM_SERVICE_NAME" >> "$WORK/madoguchi.conf"

# app NAME: start madoguchi in tmux session NAME at the login screen.
app() {
	tmux_start "$1" env $(pam_env_args) madoguchi --config "$WORK/madoguchi.conf"
	tmux_wait "$1" "User name" || return 1
}

# login NAME USER PASSWORD: type the user name and answer the password prompt.
login() {
	tmux_type "$1" "$2"
	tmux_keys "$1" Enter
	tmux_wait "$1" "Password" || return 1
	tmux_type "$1" "$3"
	tmux_keys "$1" Enter
}

# logout NAME [SECONDS]: F10 from wherever the session is. After a logout the next clerk's
# login screen comes (a fresh process), where F10 ends the program; wait for that end.
logout() {
	tmux_keys "$1" F10
	_end=$(( $(date +%s) + ${2:-10} ))
	while [ "$(date +%s)" -le "$_end" ]; do
		_s=$(tmux_screen "$1")
		case $_s in
		*"[exited "*)
			return 0 ;;
		*"窓口 — log in"*|*"窓口 — ログイン"*)
			tmux_keys "$1" F10
			tmux_gone "$1" "${2:-10}"
			return ;;
		esac
		sleep 0.1
	done
	echo "# no login screen and no end after F10"
	tmux_screen "$1" | sed 's/^/# | /'
	return 1
}

# fill NAME VALUE...: type each value into the next field ("" leaves it empty).
fill() {
	_n=$1; shift
	for _v in "$@"; do
		[ -n "$_v" ] && tmux_type "$_n" "$_v"
		tmux_keys "$_n" Tab
	done
}

# list_select NAME TEXT: moves a list's selection (its rows start on the screen's line 4)
# down onto the first row that shows TEXT.
list_select() {
	_n=$(tmux_screen "$1" | grep -n -- "$2" | head -n 1 | cut -d: -f1)
	_i=4
	while [ "$_i" -lt "${_n:-0}" ]; do tmux_keys "$1" Down; _i=$((_i + 1)); done
}

# menu_pick NAME LABEL: choose the menu item with this label by its number.
menu_pick() {
	_n=$(tmux_screen "$1" | sed -n "s/^ *\([0-9][0-9]*\)  $2.*/\1/p" | head -n 1)
	_p=0
	while [ -z "$_n" ] && [ "$_p" -lt 4 ]; do	# below the screen's rows: page down
		tmux_keys "$1" NPage
		_p=$((_p + 1))
		# The page is redrawn after the key: read it until the item shows, a while.
		_w=0
		while [ "$_w" -lt 20 ]; do
			_n=$(tmux_screen "$1" | sed -n "s/^ *\([0-9][0-9]*\)  $2.*/\1/p" |
				head -n 1)
			[ -n "$_n" ] && break
			sleep 0.1
			_w=$((_w + 1))
		done
	done
	[ -n "$_n" ] || { echo "# no menu item '$2'"; tmux_screen "$1" | sed 's/^/# | /'; return 1; }
	if [ "$_n" -le 9 ]; then
		tmux_type "$1" "$_n"
	else	# past the digit keys: from the top with the arrow keys
		# Not Home: tmux sends it as ESC [ 1 ~, which is no key of the xterm-256color
		# terminfo the program runs under (khome is ESC O H), so the menu took the
		# '1' of it and opened the first item. PgUp is ESC [ 5 ~ in both, and moves a
		# page (10 rows) up.
		tmux_keys "$1" PPage PPage PPage
		while [ "$_n" -gt 1 ]; do tmux_keys "$1" Down; _n=$((_n - 1)); done
		tmux_keys "$1" Enter
	fi
}

# answer NAME TEXT: type into the open dialog and press Enter.
answer() {
	tmux_type "$1" "$2"
	tmux_keys "$1" Enter
}
