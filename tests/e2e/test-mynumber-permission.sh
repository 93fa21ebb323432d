#!/bin/sh
# Issue 31: typing a My Number needs the account's My Number permission. yamada (a clerk
# without it) cannot type one into a registration: the field says why and stays empty,
# and the registration without it is filed; tanaka (with it) files one with a number.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users yamada:pw-yamada tanaka:pw-tanaka

# holder_items NAME FAMILY KANA: the holder's items up to the My Number field (left
# focused); a person of her own each time, so that the duplicate check asks nothing.
holder_items() {
	fill "$1" "$2" "陽子" "$3" "ﾖｳｺ" "" "" "" "" "" "" "2" "1990-04-01" "13" "" \
		"100-8926" "東京都千代田区" "霞が関２丁目１番２号" "" "" "" "" "" "" ""
}
registration_items() {
	fill "$1" "1" "$2" "2020-04-01" "2020-04-02" "2020-05-01" "1" "2019" "" "P-1002"
}

app y
login y yamada pw-yamada
tmux_wait y "[clerk]" || bail "yamada cannot log in"
menu_pick y "Register and correct"
tmux_wait y "New registration application" || bail "the registration form"
holder_items y "川口" "ｶﾜｸﾞﾁ"
tmux_type y "123456789018"
tmux_wait y "may not handle My Numbers"; ok $? "typing a My Number: the field says the account may not"
unlike "$(tmux_screen y)" "123456789018" "... and nothing was typed into it"
tmux_keys y Tab
registration_items y "BH-910002"
tmux_keys y F2
tmux_wait y "awaits a supervisor"; ok $? "the registration without a My Number is filed"
tmux_keys y Escape
logout y
is "$(sql_with_key "SELECT coalesce(json_extract(payload, '$.mynumber'), '-') FROM
	applications WHERE requested_by = 'yamada';")" "-" "... and carries no number"

app t
login t tanaka pw-tanaka
tmux_wait t "[clerk]" || bail "tanaka cannot log in"
menu_pick t "Register and correct"
tmux_wait t "New registration application" || bail "the registration form"
holder_items t "河野" "ｺｳﾉ"
tmux_type t "123456789018"
tmux_keys t Tab
registration_items t "BH-910003"
tmux_keys t F2
tmux_wait t "awaits a supervisor"; ok $? "a clerk with the permission files one with a My Number"
unlike "$(tmux_screen t)" "may not handle" "... without a word of refusal"
logout t
is "$(sql_with_key "SELECT json_extract(payload, '$.mynumber') FROM applications WHERE
	requested_by = 'tanaka';")" "123456789018" "... and the number is in the application"

done_testing
