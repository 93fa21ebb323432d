# PAM under pam_wrapper for shell and tmux tests (no root needed). Source it after
# fixture.sh (it needs $WORK, $top_builddir); then
#
#	pam_users alice:secret bob:pw:otp=123456 carol:old:expired dave:x:locked ...
#	eval "$(pam_env)"		# or: env $(pam_env_args) madoguchi ...
#	write_config; echo "pam_service = madoguchi-test" >> "$WORK/madoguchi.conf"
#
# Each argument is USER:PASSWORD[:FLAG[,FLAG...]] with the test module's flags
# (tests/pam/pam_madoguchi_test.c): otp=CODE, locked, as=OTHER, expired, denied,
# acct_expired, info. A user with an empty password ("eve::info") is known to the test
# module only: pam_matrix then treats eve as an unknown user. The PAM calls are logged
# to $WORK/pam/pam.log (open_session USER tty=... ruser=..., close_session USER, ...).
# The account register is separate: a PAM user still needs an approved account.

PAM_SERVICE_NAME=madoguchi-test
PAM_DIR="$WORK/pam"

_pam_paths() {
	[ -f "$top_builddir/tests/pam/pam-paths.sh" ] ||
		bail "tests/pam/pam-paths.sh is missing: run make check"
	. "$top_builddir/tests/pam/pam-paths.sh"
}

# True when pam_wrapper and the test module are there; skip_all otherwise.
pam_available() {
	_pam_paths
	[ -n "$PAM_WRAPPER_LIB" ] && [ -r "$PAM_WRAPPER_LIB" ] && [ -r "$PAM_MATRIX_SO" ] &&
		[ -r "$PAM_TEST_MODULE" ] && [ -r "$PAM_TEST_SERVICE_DIR/$PAM_SERVICE_NAME" ]
}

pam_require() {
	pam_available || skip_all "pam_wrapper is not installed (apt-get install libpam-wrapper)"
}

pam_users() {	# pam_users USER:PASSWORD[:FLAGS] ...
	mkdir -p "$PAM_DIR"
	: > "$PAM_DIR/passdb"
	: > "$PAM_DIR/users"
	: > "$PAM_DIR/pam.log"
	rm -f "$PAM_DIR"/changed.*
	for _spec in "$@"; do
		_user=${_spec%%:*}
		_rest=${_spec#*:}
		_pw=${_rest%%:*}
		case "$_rest" in
		*:*) _flags=$(echo "${_rest#*:}" | tr ',' ' ') ;;
		*) _flags= ;;
		esac
		[ -n "$_pw" ] && echo "$_user:$_pw:$PAM_SERVICE_NAME" >> "$PAM_DIR/passdb"
		[ -n "$_flags" ] && echo "$_user $_flags" >> "$PAM_DIR/users"
	done
	return 0
}

# The environment as NAME=VALUE words, for env(1) or tmux_start. The DEEPBIND and ASAN
# settings let an --enable-asan build run under the preload (pam_wrapper 1.1.4 reads the
# first under uid_wrapper's name); they change nothing otherwise.
pam_env_args() {
	_pam_paths
	echo "LD_PRELOAD=$PAM_WRAPPER_LIB PAM_WRAPPER=1" \
		"PAM_WRAPPER_SERVICE_DIR=$PAM_TEST_SERVICE_DIR" \
		"PAM_MATRIX_PASSWD=$PAM_DIR/passdb MADOGUCHI_PAM_TEST_DIR=$PAM_DIR" \
		"PAM_WRAPPER_DISABLE_DEEPBIND=1 UID_WRAPPER_DISABLE_DEEPBIND=1" \
		"ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
}

# The same as export lines: eval "$(pam_env)".
pam_env() {
	for _kv in $(pam_env_args); do
		echo "export $_kv"
	done
}

pam_log() {
	cat "$PAM_DIR/pam.log"
}

# As root, madoguchi runs its screens as the system user "madoguchi" and refuses to start
# when that user does not exist (app/auth/monitor.c says why). A test that does not want to
# create the user runs the program as nobody instead, without privilege separation:
#	cmd="$(pam_unprivileged) env $(pam_env_args) madoguchi --config ..."
# prints the setpriv prefix (and hands $WORK to nobody) when root, nothing otherwise.
pam_unprivileged() {
	[ "$(id -u)" -eq 0 ] || return 0
	chown -R 65534:65534 "$WORK"
	echo "setpriv --reuid=65534 --regid=65534 --clear-groups"
}
