#!/bin/sh
# monitor_start in a real program (tests/tools/monitor-login) under pam_wrapper, set up
# with tests/lib/pam.sh: the fork, the exit status passed through the monitor, the key
# handed over once after login, the audit entries, and the root rule (no "madoguchi"
# system user, no start).
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pam.sh"
pam_require
LOGIN="$top_builddir/tests/tools/monitor-login"

write_config
CONF="$WORK/madoguchi.conf"
echo "pam_service = $PAM_SERVICE_NAME" >> "$CONF"
madoguchi-admin init --config "$CONF" --terminal-id T-PAM-01 --first-supervisor sato --force \
	--full-name "佐藤 一郎" > "$WORK/init.out" 2>&1 ||
	bail "madoguchi-admin init failed: $(cat "$WORK/init.out")"
pam_users sato:pw-sato yamada:pw-yamada kato:pw-kato:otp=424242,info

# As root: the screen process runs as the madoguchi system user, or not at all.
if [ "$(id -u)" -eq 0 ] && getent passwd madoguchi > /dev/null; then
	# The installed layout: the database the user's, the key root's alone.
	chown -R madoguchi "$WORK"
	chown root:root "$KEY" "$WORK/audit.key" "$WORK/audit.head"
	chmod 600 "$KEY" "$WORK/audit.key" "$WORK/audit.head"
	out=$(env $(pam_env_args) "$LOGIN" --config "$CONF" sato pw-sato 2>&1); rc=$?
	is "$rc" 0 "root: login through the monitor"
	like "$out" "uid $(id -u madoguchi)" "root: the screen process ran as madoguchi"
	like "$out" "database opened" "root: the key came from the monitor, not the file"
	out=$(setpriv --reuid=madoguchi --regid="$(id -g madoguchi)" --clear-groups \
		cat "$KEY" 2>&1); rc=$?
	is "$rc" 1 "root: the madoguchi user cannot read the key file"
	chown -R root:root "$WORK"
elif [ "$(id -u)" -eq 0 ]; then
	out=$(env $(pam_env_args) "$LOGIN" --config "$CONF" sato pw-sato 2>&1); rc=$?
	is "$rc" 1 "root without the madoguchi user: refused"
	like "$out" "the system user madoguchi does not exist" "root: the refusal says why"
	unlike "$out" "OFF: Password" "root: nothing was asked"
fi

# The rest runs as an ordinary user (nobody when the tests run as root): no drop.
RUN="$(pam_unprivileged) env $(pam_env_args)"
if [ "$(id -u)" -eq 0 ]; then uid=65534; else uid=$(id -u); fi

out=$($RUN "$LOGIN" --config "$CONF" sato pw-sato 2>&1); rc=$?
is "$rc" 0 "login: exit 0 through the monitor"
like "$out" "OFF: Password: " "login: the password prompt was relayed"
like "$out" "outcome ok" "login: ok"
like "$out" "roles supervisor" "login: roles from the account register"
like "$out" "database opened" "login: the key opened the database"
like "$out" "uid $uid" "login: the screen process ran unprivileged"

out=$($RUN "$LOGIN" --config "$CONF" kato pw-kato 424242 2>&1); rc=$?
is "$rc" 1 "two prompts, no account: exit 1"
like "$out" "INFO: 窓口端末へようこそ" "two prompts: information relayed"
like "$out" "ON: ワンタイムコード: " "two prompts: the code prompt relayed, echo on"
like "$out" "outcome no-account" "two prompts: PAM yes, register no"

out=$($RUN "$LOGIN" --config "$CONF" sato wrong 2>&1); rc=$?
is "$rc" 1 "wrong password: exit 1"
like "$out" "message Login incorrect." "wrong password: Login incorrect"
wrong=$(echo "$out" | grep -v '^uid')
out=$($RUN "$LOGIN" --config "$CONF" nosuchuser wrong 2>&1); rc=$?
is "$rc" 1 "unknown user: exit 1"
is "$(echo "$out" | grep -v '^uid')" "$wrong" "unknown user: the same screen as a wrong password"

log=$(pam_log)
like "$log" "open_session sato tty=" "PAM session opened"
like "$log" "close_session sato" "PAM session closed at logout"

# The audit entries the monitor wrote, read with the key (as an auditor would).
audit=$(sql_with_key "SELECT user || '|' || action || '|' || result FROM audit_log ORDER BY seq;")
like "$audit" "sato|login|ok" "audit: login ok"
like "$audit" "sato|logout|ok" "audit: logout"
like "$audit" "kato|login|no-account" "audit: no account"
like "$audit" "sato|login|failed" "audit: wrong password"
like "$audit" "nosuchuser|login|failed" "audit: unknown user"
unlike "$audit" "pw-sato" "audit: no password"
# The key file is the unprivileged user's now: root will not use it, that user does.
if [ "$(id -u)" -eq 0 ]; then
	out=$(madoguchi-audit verify --config "$CONF" 2>&1); rc=$?
	is "$rc" 3 "root refuses a key file that another user owns"
	like "$out" "key file $KEY belongs to nobody (uid 65534), but must belong to root" \
		"and names the file, its owner and the owner expected"
fi
out=$($RUN madoguchi-audit verify --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "the audit chain is intact"

done_testing
