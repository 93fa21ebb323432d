#!/bin/sh
# SPEC §11: Japanese is the terminal's language. The same screens as the other tests, in
# Japanese: menu, a registration form with its messages under the fields, search, and a
# holder with dates in the Japanese era and labels of codes (性別, 状態) in Japanese.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users tanaka:pw-tanaka sato:pw-sato
madoguchi-admin demo-data --holders 20 --config "$WORK/madoguchi.conf" > /dev/null ||
	bail "demo holders failed"

# The first demo holder: search for them by their kana.
kana=$(sql_with_key "SELECT family_kana || ' ' || given_kana FROM holders ORDER BY rowid
	LIMIT 1;")
born=$(sql_with_key "SELECT birth_date FROM holders ORDER BY rowid LIMIT 1;")

tmux_start j env $(pam_env_args) LANGUAGE=ja madoguchi --config "$WORK/madoguchi.conf"
tmux_wait j "ユーザー名"; ok $? "the login screen is in Japanese"
tmux_type j tanaka
tmux_keys j Enter
tmux_wait j "assword" || bail "no password prompt"
tmux_type j pw-tanaka
tmux_keys j Enter
tmux_wait j "メニュー"; ok $? "the menu is in Japanese"
like "$(tmux_screen j)" "[事務従事者]" "the role by its Japanese name"
like "$(tmux_screen j)" "名簿の検索・閲覧" "function labels come from the role-function table in Japanese"
menu_pick j "登録・訂正の申請"
tmux_wait j "新規登録の申請"; ok $? "the registration form"
tmux_type j "山田"
tmux_keys j Tab Tab
tmux_type j "yamada"
tmux_keys j F2
tmux_wait j "カタカナではありません"; ok $? "a kana error under its field, in Japanese"
# The kana put right, F2 goes down to the first required field left empty (the sex).
tmux_keys j C-u
tmux_type j "ﾔﾏﾀﾞ"
tmux_keys j F2
tmux_wait j "必須です"; ok $? "required fields say so"
like "$(tmux_screen j)" "保存していません" "and nothing was saved"
# Nothing at all must reach the screen as a raw English msgid on this form.
unlike "$(tmux_screen j)" "required" "no English left on the form"
tmux_keys j Escape
tmux_wait j "入力した内容"
tmux_type j y
tmux_wait j "メニュー"
menu_pick j "名簿の検索・閲覧"
tmux_wait j "氏名（カナ・漢字の一部）"; ok $? "the search form"
tmux_type j "$kana"
tmux_keys j Enter
tmux_wait j "件目"; ok $? "results counted in Japanese"
like "$(tmux_screen j)" "(有効)" "certificate status in Japanese"
# Issue 26: the result list dates by date_style too, in the short era form (S60.05.14).
y=${born%%-*}; md=${born#*-}; m=${md%%-*}; d=${md#*-}
if [ "$born" \< 1989-01-08 ]; then
	short=$(printf 'S%02d.%s.%s' $((y - 1925)) "$m" "$d")
else
	short=$(printf 'H%02d.%s.%s' $((y - 1988)) "$m" "$d")
fi
like "$(tmux_screen j)" "$short" "the result list's birth date in the era ($short)"
tmux_keys j Enter
tmux_wait j "名簿登録者:"; ok $? "the holder screen"
like "$(tmux_screen j)" "生年月日: " "items labelled in Japanese"
# 平成 began on 1989-01-08 (ISO dates sort as text).
era=平成
if [ "$(printf '%s\n%s\n' "$born" 1989-01-08 | sort | head -n 1)" = "$born" ] &&
	[ "$born" != 1989-01-08 ]; then
	era=昭和
fi
like "$(tmux_screen j)" "$era" "the birth date in the Japanese era ($born)"
like "$(tmux_screen j)" "交付" "history kinds in Japanese"
logout j

# Issue 26: the account register and the role-function table name roles in Japanese.
tmux_start r env $(pam_env_args) LANGUAGE=ja madoguchi --config "$WORK/madoguchi.conf"
tmux_wait r "ユーザー名" || bail "the login screen again"
tmux_type r sato
tmux_keys r Enter
tmux_wait r "assword" || bail "no password prompt"
tmux_type r pw-sato
tmux_keys r Enter
tmux_wait r "メニュー" || bail "sato's menu"
menu_pick r "アカウント記録簿"
tmux_wait r "tanaka" || bail "the account register"
like "$(tmux_screen r)" "田中 太郎         事務従事者" "the account register's roles in Japanese"
unlike "$(tmux_screen r)" " clerk " "... not their codes"
like "$(tmux_screen r)" "事務従事者           有効" "... and the accounts' states"
tmux_keys r Escape
tmux_wait r "メニュー" || bail "back at the menu"
menu_pick r "権限対応表"
tmux_wait r "事務従事者 承認者"; ok $? "the role-function table's columns in Japanese"
logout r

done_testing
