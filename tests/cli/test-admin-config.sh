#!/bin/sh
# madoguchi-admin config (issue 31, parts 5 and 6): show lists the files read and every
# setting; set writes one setting into the drop-in madoguchi.conf.d/50-madoguchi-admin.conf,
# audited with the old and new value, or refuses it as a start would and changes nothing;
# a drop-in others may write is refused; an edit made by hand is audited at the next start
# (the monitor's, reached here without a terminal: the screen process ends at once); a
# start refused on a terminal not in allowed_terminals is audited.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"

new_db T-CONFIG-01
CONF="$WORK/madoguchi.conf"
DROPIN="$WORK/madoguchi.conf.d/50-madoguchi-admin.conf"
audit() {
	sql_with_key "SELECT action || '|' || target || '|' || result || '|' || detail
		FROM audit_log ORDER BY seq;"
}
# The desk as far as its monitor: without a terminal the screen process stops at once.
start() {
	madoguchi --config "$CONF" "$@" < /dev/null > "$WORK/start.out" 2>&1
}

out=$(madoguchi-admin config --help); rc=$?
is "$rc" 0 "config --help: exit 0"
like "$out" "set KEY VALUE" "config --help: the usage"
madoguchi-admin config > /dev/null 2>&1; is "$?" 2 "config without show or set: usage, exit 2"
madoguchi-admin config show --db "$DB" --config "$CONF" > /dev/null 2>&1
is "$?" 2 "show takes no --db: exit 2"

out=$(madoguchi-admin config show --config "$CONF"); rc=$?
is "$rc" 0 "show: exit 0"
is "$(echo "$out" | head -n 1)" "# read: $CONF" "show: the file read comes first"
like "$out" "
terminal_id = T-CONFIG-01
" "show: a setting from the file"
like "$out" "
idle_lock_minutes = 5
" "show: a default"
is "$(echo "$out" | grep -c ' =')" "$(echo "$out" | grep -vc '^#')" \
	"show: every other line is one setting"
unlike "$out" "$(key_hex)" "show: no key in it"

# A valid setting: the drop-in, 0644, in effect, audited with both values.
out=$(madoguchi-admin config set idle_lock_minutes 10 --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "set idle_lock_minutes 10: exit 0"
like "$out" "idle_lock_minutes: 5 -> 10" "set: says what changed"
is "$(stat -c %a "$DROPIN" 2>&1)" 644 "set: the drop-in is written with mode 0644"
like "$(cat "$DROPIN")" "idle_lock_minutes = 10" "set: the setting is in the drop-in"
out=$(madoguchi-admin config show --config "$CONF")
like "$out" "# read: $DROPIN" "show: the drop-in is listed as read"
like "$out" "
idle_lock_minutes = 10
" "show: the new value is in effect"
like "$(audit)" "config.set|idle_lock_minutes|ok|5 -> 10" "set: audited, old and new value"
madoguchi-admin config set printer desk-2 --config "$CONF" > /dev/null 2>&1
like "$(cat "$DROPIN")" "idle_lock_minutes = 10" "a second set keeps the drop-in's other lines"
like "$(cat "$DROPIN")" "printer = desk-2" "... and adds its own"
is "$(grep -c idle_lock_minutes "$DROPIN")" 1 "... each setting on one line"

# Refused as a start would refuse it: non-zero, said why, nothing written or audited.
before=$(checksum "$DROPIN")
entries=$(audit | wc -l)
refused() {	# refused DESCRIPTION EXPECTED-MESSAGE KEY VALUE [OPTION...]
	_d=$1 _m=$2; shift 2
	out=$(madoguchi-admin config set "$@" --config "$CONF" 2>&1); rc=$?
	isnt "$rc" 0 "$_d: refused"
	like "$out" "$_m" "$_d: says why"
	is "$(checksum "$DROPIN")" "$before" "$_d: the drop-in is unchanged"
}
refused "an unknown key" 'unknown setting "idle_lock_minute"' idle_lock_minute 5
refused "idle_lock_minutes 0" "idle_lock_minutes must be a whole number from 1 to 240" \
	idle_lock_minutes 0
refused "a bad date_style" 'date_style must be "wareki" or "western"' date_style roman
refused "a bad office_hours" "office_hours" office_hours "25:00-26:00 mon-fri"
refused "a value of two lines" "one line" office_name "a
backup_keep = 1"
refused "no database key" "nothing was changed" idle_lock_minutes 15 --key "$WORK/no.key"
is "$rc" 3 "no database key: exit 3"
is "$(audit | wc -l)" "$entries" "nothing refused was audited"

# A drop-in others may write: the whole configuration is refused, naming it and its mode.
echo "backup_keep = 2" > "$WORK/madoguchi.conf.d/60-local.conf"
chmod 0666 "$WORK/madoguchi.conf.d/60-local.conf"
out=$(madoguchi-admin config show --config "$CONF" 2>&1); rc=$?
is "$rc" 3 "a drop-in with mode 0666: show cannot open the configuration"
like "$out" "$WORK/madoguchi.conf.d/60-local.conf is writable by group or others (mode 0666)" \
	"... and names the file and its mode"
start; rc=$?
is "$rc" 1 "... and the desk does not start"
like "$(cat "$WORK/start.out")" "60-local.conf is writable by group or others" \
	"... saying why"
chmod 0644 "$WORK/madoguchi.conf.d/60-local.conf"
like "$(madoguchi-admin config show --config "$CONF")" "backup_keep = 2" \
	"mode 0644: the drop-in is read"

# Edited by hand: the next start audits it with the keys changed, and only once. The first
# start stores what it sees (backup_keep came with 60-local.conf, not with set).
OUTSIDE="config.changed||changed|changed outside madoguchi-admin config, by whom is unknown"
start
like "$(audit)" "$OUTSIDE: backup_keep" "a drop-in added by hand: audited at the next start"
sed -i 's/^idle_lock_minutes = 10$/idle_lock_minutes = 12/' "$DROPIN"
start; rc=$?
like "$(cat "$WORK/start.out")" "needs a terminal" "the start went as far as the terminal check"
last=$(audit | tail -n 1)
is "$last" "$OUTSIDE: idle_lock_minutes" "a hand edit: config.changed names the key"
n=$(audit | wc -l)
start
is "$(audit | wc -l)" "$n" "a start that sees the same configuration audits nothing"
madoguchi-admin config set idle_lock_minutes 9 --config "$CONF" > /dev/null 2>&1
start
is "$(audit | grep -c '^config.changed')" 2 \
	"a change made with set is not taken for one made outside"

# A terminal not in allowed_terminals: refused, and the refusal audited.
madoguchi-admin config set allowed_terminals tty9 --config "$CONF" > /dev/null 2>&1
start; rc=$?
is "$rc" 1 "not in allowed_terminals: exit 1"
like "$(cat "$WORK/start.out")" "is not in allowed_terminals" "... saying why"
is "$(audit | tail -n 1)" \
	"session.start||denied|terminal (no tty) is not in allowed_terminals" "... and audited"
start --key "$WORK/no.key"; rc=$?
is "$rc" 1 "refused, no database key: exit 1"
like "$(cat "$WORK/start.out")" "not audited: " "... and says it is not audited"

out=$(madoguchi-audit verify --config "$CONF" 2>&1)
like "$out" "audit chain intact" "the audit chain is intact"

done_testing
