#!/bin/sh
# Issue 26, the account request form takes dates as the register form does: era dates
# (令和8年12月5日, R8.12.5) and Western ones; a date it cannot read is marked on its field,
# which gets the focus.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users ono:pw-ono
year=$(( $(date +%Y) - 2018 + 1 ))	# next year in the era: within a valid period

app o
login o ono pw-ono
tmux_wait o "[sysadmin]" || bail "ono cannot log in"
menu_pick o "Request accounts"
tmux_wait o "Request an account" || bail "the request form"
fill o kimura "木村 一郎" clerk "窓口業務" "R$year.4.1" "令和$((year + 1))年3月31日"
tmux_keys o F2
tmux_wait o "Requested an account for kimura"; ok $? "era dates are taken"
tmux_keys o Escape	# not approved at the desk
tmux_wait o "Request an account"
is "$(sql_with_key "SELECT valid_from || ' ' || valid_until FROM accounts WHERE
	user_name = 'kimura';")" "$(( year + 2018 ))-04-01 $(( year + 2019 ))-03-31" \
	"... and kept as the register keeps dates"

fill o kondo "近藤 二郎" clerk "窓口業務" "2026-13-01" "R$((year + 1)).3.31"
tmux_keys o F2
tmux_wait o "Request an account"
tmux_type o "X"
# The focus is on the date in error: what is typed now goes there (keys are handled in
# order, so the X comes after F2's refusal; the screen is read once it is drawn).
tmux_wait o "2026-13-01X"; ok $? "a bad date keeps the focus on its field"
unlike "$(sql_with_key "SELECT count(*) FROM accounts WHERE user_name = 'kondo';")" "1" \
	"... and nothing was requested"
logout o

done_testing
