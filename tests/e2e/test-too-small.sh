#!/bin/sh
# Issue 26: below 80×24 the screens would be cut, so the program says the terminal is too
# small and does nothing blind with the keys typed meanwhile; when the size comes back, the
# screen is as it was. The selected row of a list carries the hardware cursor.
. "$top_srcdir/tests/e2e/login-lib.sh"
pam_users tanaka:pw-tanaka

app t || bail "start"
login t tanaka pw-tanaka
tmux_wait t "[clerk]" || bail "tanaka logs in"
$TMUX_CMD resize-window -t t -x 60 -y 20
tmux_wait t "The terminal is too small"
ok $? "at 60×20 the program says the terminal is too small"
unlike "$(tmux_screen t)" "Search the register" "... and shows nothing cut"
tmux_type t 1
sleep 1
$TMUX_CMD resize-window -t t -x 80 -y 24
tmux_wait t "Search the register"
ok $? "at 80×24 the menu is back"
unlike "$(tmux_screen t)" "Name (kana or kanji, part)" "... the key typed meanwhile did nothing"
# The selected row carries the hardware cursor, for screen readers.
cursor() { $TMUX_CMD display -p -t t '#{cursor_flag} #{cursor_y}'; }
first=$(tmux_screen t | grep -n "  1  Search the register" | cut -d: -f1)
is "$(cursor)" "1 $((first - 1))" "the cursor is on the menu's selected row"
tmux_keys t Down
sleep 0.5
is "$(cursor)" "1 $first" "... and follows the selection"
logout t

done_testing
