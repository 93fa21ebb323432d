#!/bin/sh
# Issue 26: F1 on a form says what the field under the cursor takes (the rule the check
# applies, from the register's item tables), in the screen's language; every hint bar
# keeps F1 and F10 (with ^X, for terminals that keep the function keys) at 80 columns,
# the holder's nine keys included: the screen's last keys lose their labels to make room.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users tanaka:pw-tanaka
madoguchi-admin demo-data --holders 3 --config "$WORK/madoguchi.conf" > /dev/null ||
	bail "demo holders failed"
kana=$(sql_with_key "SELECT family_kana || ' ' || given_kana FROM holders ORDER BY rowid
	LIMIT 1;")

# lang_app NAME LANGUAGE: madoguchi in that language, logged in as the clerk.
lang_app() {
	tmux_start "$1" env $(pam_env_args) LANGUAGE="$2" madoguchi --config "$WORK/madoguchi.conf"
	tmux_wait "$1" "窓口" || return 1
	login "$1" tanaka pw-tanaka
}

lang_app e en
tmux_wait e "[clerk]" || bail "tanaka cannot log in"
menu_pick e "Register and correct"
tmux_wait e "Family name" || bail "no registration form"
tmux_keys e Tab Tab
tmux_keys e F1
tmux_wait e "Family name kana: required; katakana"
ok $? "F1 on a form gives the rule of the field under the cursor"
like "$(tmux_screen e)" "at most 50 characters" "... with its length, as the check has it"
like "$(tmux_screen e)" "F10 or Ctrl-X logs out" "... and the keys every screen shares"
tmux_keys e Enter
tmux_keys e Tab Tab Tab Tab Tab Tab Tab Tab
tmux_keys e F1
tmux_wait e "Sex (1 male, 2 female, 9 not stated): required; 1 or 男"
ok $? "... another field, another rule"
tmux_keys e Enter
tmux_keys e Escape

# The holder's screen has the most keys: F1 and F10 stay whole at 80 columns.
menu_pick e "Search the register" || bail "no search"
tmux_wait e "Name (kana or kanji, part)"
tmux_type e "$kana"
tmux_keys e Enter
tmux_wait e "$kana" || bail "no result"
tmux_keys e Enter
tmux_wait e "Holder:" || bail "no holder screen"
bar=$(tmux_screen e | tail -n 1)
is "${bar##* ↑↓ }" "F1 Help F10/^X Log out" "the holder's hint bar ends in F1 and F10 whole"
is "$bar" "m My Number c Correct d Erase j Juki-net a Esc r p ↑↓ F1 Help F10/^X Log out" \
	"... the screen's first keys whole, its last ones without their labels"
logout e

lang_app j ja
tmux_wait j "[事務従事者]" || bail "tanaka cannot log in in Japanese"
menu_pick j "登録・訂正の申請"
tmux_wait j "新規登録の申請" || bail "no registration form in Japanese"
tmux_keys j F1
tmux_wait j "姓: 必須。1行の文字。50文字まで。"
ok $? "the field's rule in Japanese"
tmux_keys j Enter
tmux_keys j Escape
menu_pick j "名簿の検索・閲覧" || bail "no search in Japanese"
tmux_wait j "名簿の検索"
tmux_type j "$kana"
tmux_keys j Enter
tmux_wait j "$kana" || bail "no result in Japanese"
tmux_keys j Enter
tmux_wait j "名簿登録者:" || bail "no holder screen in Japanese"
bar=$(tmux_screen j | tail -n 1)
is "$bar" "m 個人番号 c 訂正 d 消除 j 住基ネット a Esc r p ↑↓ F1 ヘルプ F10/^X ログアウト" \
	"the Japanese holder's hint bar keeps F1 and F10 whole, and the first keys' labels"
logout j

done_testing
