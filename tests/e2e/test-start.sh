#!/bin/sh
# The real program in tmux at 80x24: it starts on the login screen with the terminal's
# id, survives a resize, and quits on F10, leaving an intact audit chain.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/tmux.sh"
command -v tmux > /dev/null || skip_all "tmux is not installed"
trap 'tmux_stop_all; cleanup_fixture' EXIT

new_db T-E2E-01
tmux_start app madoguchi --config "$WORK/madoguchi.conf"
tmux_wait app "T-E2E-01"; ok $? "first screen shows the terminal id"
screen=$(tmux_screen app)
like "$screen" "log in" "the first screen is the login screen"
like "$screen" "User name" "it asks for the user name"
like "$screen" "recorded." "the notice is shown whole (wrapped, not cut)"
is "$(tmux_screen app | tail -n 1 | grep -c F10)" 1 "key hints are on the last line"

# Typed input survives a resize.
tmux_type app "tana"
$TMUX_CMD resize-window -t app -x 100 -y 30 2>/dev/null
tmux_wait app "T-E2E-01"; ok $? "still drawn after a resize"
is "$(tmux_screen app | wc -l)" 30 "screen follows the new size"
like "$(tmux_screen app)" "tana" "typed text kept across the resize"
$TMUX_CMD resize-window -t app -x 80 -y 24 2>/dev/null

tmux_keys app F10
tmux_gone app; ok $? "F10 quits"
like "$(tmux_screen app)" "[exited 0]" "exit status 0"

out=$(madoguchi-audit verify --config "$WORK/madoguchi.conf" 2>&1)
like "$out" "audit chain intact" "the audit chain is intact"

# Issue 27: a start refused is on the screen, not only in the journal (standard error goes
# there under the kiosk unit: here, to a file), with what to do.
cp "$WORK/madoguchi.conf" "$WORK/typo.conf"
echo "idle_lock_minute = 5" >> "$WORK/typo.conf"
tmux_start typo madoguchi --config "$WORK/typo.conf" "2> $WORK/typo.err"
tmux_gone typo; ok $? "a configuration with a typo: madoguchi does not start"
screen=$(tmux_screen typo)
like "$screen" "madoguchi cannot start:" "the tty says so"
like "$screen" "unknown setting \"idle_lock_minute\"" "... and why, on a line of its own"
like "$screen" "the log with 'journalctl -u madoguchi@TTY'" "... broken at words, not mid-word"
like "$screen" "What to do: tell the terminal's administrator" "... and what to do"
like "$(cat "$WORK/typo.err")" "unknown setting" "standard error (the journal) has it too"

done_testing
