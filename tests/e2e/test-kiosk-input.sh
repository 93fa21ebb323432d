#!/bin/sh
# Issue 27 at the terminal: the Japanese kiosk's command line (madoguchi-kiosk@.service
# without kmscon, which needs a graphics card) under tmux: uim-fep with Anthy and the
# packaged uim.scm around madoguchi, LANG=ja_JP.UTF-8. The login screen is Japanese; a
# clerk turns kana-kanji input on with Ctrl+\, types "yamada", converts it with Space and
# commits 山田 into the search form's name field, which finds the holder 山田; Ctrl+\
# turns it off and ASCII goes through again. The input method keeps no history: its HOME
# is read-only.
. "$top_srcdir/tests/e2e/login-lib.sh"

command -v uim-fep > /dev/null && [ -e /usr/share/uim/anthy-utf8.scm ] ||
	skip_all "uim-fep and uim-anthy are not installed (scripts/deps installs them)"
locale -a 2> /dev/null | grep -qi '^ja_JP\.utf-\?8$' ||
	skip_all "the ja_JP.UTF-8 locale is not generated (scripts/deps makes it)"

pam_users tanaka:pw-tanaka
madoguchi-admin demo-data --holders 20 --seed 3 --config "$WORK/madoguchi.conf" \
	> /dev/null || bail "demo holders failed"
sql_with_key "UPDATE holders SET family_name = '山田', family_kana = 'ヤマダ' WHERE rowid =
	(SELECT min(rowid) FROM holders);" > /dev/null
app_owns_db
mkdir -p "$WORK/im-home"
chmod 0555 "$WORK/im-home"

# The unit's environment and command line, kmscon left out; uim-fep's status line takes
# one line, so the window has 25.
TMUX_LINES=25 tmux_start k env -u LANGUAGE -u LC_ALL LANG=ja_JP.UTF-8 \
	LIBUIM_USER_SCM_FILE="$top_srcdir/packaging/kiosk/uim.scm" HOME="$WORK/im-home" \
	uim-fep -u anthy-utf8 -e env $(pam_env_args) madoguchi --config "$WORK/madoguchi.conf"
tmux_wait k "ユーザー名"; ok $? "the login screen is Japanese under the kiosk's locale"
like "$(tmux_screen k)" "anthy-utf8" "uim-fep's status line shows the input method"
login k tanaka pw-tanaka
tmux_wait k "[事務従事者]" || bail "tanaka cannot log in"
menu_pick k "名簿の検索"
tmux_wait k "氏名（カナ・漢字の一部）"; ok $? "the search form opens"
tmux_keys k 'C-\'
tmux_type k "yamada"
tmux_wait k "やまだ"; ok $? "Ctrl+\\ turns kana input on: yamada is やまだ"
tmux_keys k Space
tmux_wait k "山田"; ok $? "Space converts it to 山田"
tmux_keys k Enter
tmux_keys k 'C-\'
tmux_wait k "氏名（カナ・漢字の一部）  山田"; ok $? "Enter commits 山田 into the name field"
tmux_keys k Enter
tmux_wait k "ヤマダ "; ok $? "the search finds the holder 山田 by the committed kanji"
tmux_keys k Escape
tmux_wait k "氏名（カナ・漢字の一部）"
tmux_keys k C-u
tmux_type k "abc"
tmux_wait k "氏名（カナ・漢字の一部）  abc"; ok $? "Ctrl+\\ again: ASCII goes through"
tmux_keys k F1
tmux_wait k "日本語入力"; ok $? "F1 says how Japanese input is turned on"
tmux_keys k Enter
is "$(ls -A "$WORK/im-home")" "" "the input method wrote nothing (no typed history)"
logout k
done_testing
