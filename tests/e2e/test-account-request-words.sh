#!/bin/sh
# Issue 26, one language at a time: on the account request, roles and procedures (事務)
# are typed by number or by their names in the screen's language (or the codes), and F1
# lists the choices in that language; the register keeps the codes.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users ono:pw-ono sato:pw-sato
year=$(( $(date +%Y) - 2018 + 1 ))

tmux_start j env $(pam_env_args) LANGUAGE=ja madoguchi --config "$WORK/madoguchi.conf"
tmux_wait j "ユーザー名" || bail "no login screen"
login j ono pw-ono
tmux_wait j "[情報システム管理者]" || bail "ono cannot log in"
menu_pick j "アカウントの申請"
tmux_wait j "役割（番号または名称）"; ok $? "the roles' label asks for numbers or names"
tmux_keys j Tab Tab
tmux_keys j F1
tmux_wait j "事務従事者 2 承認者 3 情報システム管理者"; ok $? "F1 lists the roles, numbered, in Japanese"
unlike "$(tmux_screen j)" "clerk" "... and no English code"
tmux_keys j Enter
tmux_keys j BTab BTab
fill j kimura "木村 一郎" "1、承認者" "窓口業務" "R$year.4.1" "R$((year + 1)).3.31" \
	"1・再交付"
tmux_keys j F2
# The desk-approval question comes once the request is stored ("kimura" alone is on the
# screen as soon as it is typed, before the request is).
tmux_wait j "いま承認できる承認者"; ok $? "numbers and Japanese names are taken"
is "$(sql_with_key "SELECT roles || ' / ' || procedures FROM accounts WHERE
	user_name = 'kimura';")" "clerk supervisor / register reissue" \
	"... and kept as the register's codes"
tmux_keys j Escape
tmux_wait j "アカウントの申請"
fill j kondo "近藤 二郎" "事務員" "窓口業務" "R$year.4.1" "R$((year + 1)).3.31"
tmux_keys j F2
tmux_wait j "不明な役割 \"事務員\""; ok $? "a word that is no role is refused by name"
is "$(sql_with_key "SELECT count(*) FROM accounts WHERE user_name = 'kondo';")" 0 \
	"... and nothing was requested"
tmux_keys j F10
tmux_wait j "ログアウトしますか" && tmux_type j y
logout j

# A change of an account (c in the account register) reads the same way: roles by
# number, the end of validity as an era date, why by its number among words in Japanese.
tmux_start s env $(pam_env_args) LANGUAGE=ja madoguchi --config "$WORK/madoguchi.conf"
tmux_wait s "ユーザー名" || bail "no login screen"
login s sato pw-sato
tmux_wait s "[承認者]" || bail "sato cannot log in"
menu_pick s "アカウント記録簿"
tmux_wait s "tanaka" || bail "the register"
list_select s " tanaka "
tmux_type s "c"
tmux_wait s "1 事務従事者 2 承認者"; ok $? "the change asks for roles among their Japanese names"
answer s "1 2"
tmux_wait s "新しい事務"
answer s ""
tmux_wait s "y/n"
answer s ""
tmux_wait s "有効期間の終了日"
answer s "R$((year + 1)).3.31"
tmux_wait s "4 職務の変更"; ok $? "... and for why, numbered, in Japanese"
answer s "4"
tmux_wait s "理由（文章で）"
answer s "係長に昇任"
# "tanaka" is on the register behind the dialog; the message says the change is stored.
tmux_wait s "アカウントの変更を申請しました"
is "$(sql_with_key "SELECT roles || ' / ' || valid_until || ' / ' || reason_code FROM
	account_changes WHERE user_name = 'tanaka';")" \
	"clerk supervisor / $((year + 2019))-03-31 / duties" "... kept as the register's codes"
tmux_keys s Escape
menu_pick s "アカウントの変更"
tmux_wait s "tanaka" || bail "account changes"
list_select s "tanaka"
tmux_keys s Enter
tmux_wait s "職務の変更: 係長に昇任"; ok $? "the change's details give why in Japanese"
tmux_keys s Enter
logout s

done_testing
