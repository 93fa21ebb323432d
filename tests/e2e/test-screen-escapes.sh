#!/bin/sh
# No text drawn on a screen carries a control or direction character (screens/ui.c): a
# full name that reached the database with ESC, BEL and U+202E (written around the forms,
# which refuse them) is drawn with visible escapes, and the terminal is not driven by it.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users sato:pw-sato
sql_with_key "UPDATE accounts SET full_name = '佐藤' || char(27) || '[2J' || char(7) ||
	' ' || char(8238) || '一郎' WHERE user_name = 'sato';" > /dev/null

app s1
login s1 sato pw-sato
tmux_wait s1 "[supervisor]"; ok $? "sato logs in"
screen=$(tmux_screen s1)
like "$screen" 'Menu — 佐藤\x1b[2J\x07 \u202e一郎 (sato) [supervisor]' \
	"the name is drawn with its controls escaped"
like "$screen" "Approve accounts" "the screen was not cleared by the name"
logout s1; ok $? "F10 logs out"
done_testing
