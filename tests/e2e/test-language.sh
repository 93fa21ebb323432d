#!/bin/sh
# Issue 27: the screens' language and the terminal's codeset. madoguchi refuses to start in
# a codeset other than UTF-8, saying so in both languages; "language" in the configuration
# decides the language when the environment names none (a kiosk unit's C.UTF-8), and a
# language the environment names wins.
. "$top_srcdir/tests/e2e/login-lib.sh"

out=$(env -u LANGUAGE LC_ALL=C madoguchi --config "$WORK/madoguchi.conf" 2>&1 < /dev/null)
is "$?" 1 "a codeset other than UTF-8: madoguchi does not start"
like "$out" "not UTF-8" "... it says why in English"
like "$out" "文字コードが UTF-8 ではありません" "... and in Japanese"
like "$out" "LANG=ja_JP.UTF-8" "... and what to do"

echo "language = ja" >> "$WORK/madoguchi.conf"
tmux_start j env -u LANGUAGE $(pam_env_args) madoguchi --config "$WORK/madoguchi.conf"
tmux_wait j "ユーザー名"; ok $? "language = ja: the login screen is in Japanese under C.UTF-8"
tmux_keys j F10
tmux_gone j

tmux_start e env $(pam_env_args) LANGUAGE=en madoguchi --config "$WORK/madoguchi.conf"
tmux_wait e "User name"; ok $? "... LANGUAGE=en in the environment wins"
tmux_keys e F10
tmux_gone e
# The kiosk unit's locale is Japanese; the configuration's language still decides.
if locale -a 2> /dev/null | grep -qi '^ja_JP\.utf-\?8$'; then
	sed -i 's/^language = ja$/language = en/' "$WORK/madoguchi.conf"
	tmux_start k env -u LANGUAGE -u LC_ALL $(pam_env_args) LANG=ja_JP.UTF-8 \
		madoguchi --config "$WORK/madoguchi.conf"
	tmux_wait k "User name"; ok $? "language = en wins over the unit's LANG=ja_JP.UTF-8"
	tmux_keys k F10
	tmux_gone k
	sed -i 's/^language = en$//' "$WORK/madoguchi.conf"
	tmux_start k2 env -u LANGUAGE -u LC_ALL $(pam_env_args) LANG=ja_JP.UTF-8 \
		madoguchi --config "$WORK/madoguchi.conf"
	tmux_wait k2 "ユーザー名"; ok $? "no language set: the locale's, Japanese"
	tmux_keys k2 F10
	tmux_gone k2
	echo "language = ja" >> "$WORK/madoguchi.conf"
else
	skip "the ja_JP.UTF-8 locale is not generated (scripts/deps makes it)" 2
fi

sed -i 's/^language = ja$/language = fr/' "$WORK/madoguchi.conf"
out=$(madoguchi --config "$WORK/madoguchi.conf" 2>&1 < /dev/null)
is "$?" 1 "language = fr: refused"
like "$out" "language must be \"ja\" or \"en\"" "... naming the values it takes"

done_testing
