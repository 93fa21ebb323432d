# TAP for shell tests: the automake harness counts each `ok`/`not ok` line.
# Source it, call the checks, end with `done_testing`.
_tap_n=0
_tap_failed=0

ok() {	# ok STATUS DESCRIPTION: STATUS 0 passes
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		_tap_failed=$((_tap_failed + 1))
	fi
}

is() {	# is GOT EXPECTED DESCRIPTION
	if [ "$1" = "$2" ]; then ok 0 "$3"; else
		ok 1 "$3"; echo "#   got:      '$1'"; echo "#   expected: '$2'"; fi
}

isnt() {	# isnt GOT UNEXPECTED DESCRIPTION
	if [ "$1" != "$2" ]; then ok 0 "$3"; else
		ok 1 "$3"; echo "#   got:      '$1'"; echo "#   expected anything but that"; fi
}

like() {	# like TEXT SUBSTRING DESCRIPTION
	case "$1" in
	*"$2"*) ok 0 "$3" ;;
	*) ok 1 "$3"; echo "#   '$1'"; echo "#   does not contain '$2'" ;;
	esac
}

unlike() {	# unlike TEXT SUBSTRING DESCRIPTION
	case "$1" in
	*"$2"*) ok 1 "$3"; echo "#   '$1'"; echo "#   contains '$2'" ;;
	*) ok 0 "$3" ;;
	esac
}

diag() {
	echo "$*" | sed 's/^/# /'
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

bail() {
	echo "Bail out! $*"
	exit 1
}

done_testing() {
	echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ]
}
