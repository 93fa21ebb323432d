#!/bin/sh
# The real program in tmux at 80x24: it starts, shows its first screen with the
# terminal's state, survives a resize, and quits on F10, leaving an intact audit chain.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/tmux.sh"
command -v tmux > /dev/null || skip_all "tmux is not installed"
trap 'tmux_stop_all; cleanup_fixture' EXIT

new_db T-E2E-01
tmux_start app madoguchi --config "$WORK/madoguchi.conf"
tmux_wait app "T-E2E-01"; ok $? "first screen shows the terminal id"
screen=$(tmux_screen app)
like "$screen" "madoguchi" "title is shown"
like "$screen" "SQLCipher 4." "encrypted store and its version are shown"
like "$screen" "F10" "F10 is on the bottom line"
is "$(tmux_screen app | tail -n 1 | grep -c F10)" 1 "key hints are on the last line"

$TMUX_CMD resize-window -t app -x 100 -y 30 2>/dev/null
tmux_wait app "T-E2E-01"; ok $? "still drawn after a resize"
is "$(tmux_screen app | wc -l)" 30 "screen follows the new size"

tmux_keys app F10
tmux_gone app; ok $? "F10 quits"
like "$(tmux_screen app)" "[exited 0]" "exit status 0"

out=$(madoguchi-audit verify --config "$WORK/madoguchi.conf" 2>&1)
is "$out" "audit chain intact: 2 entries" "the start was audited and the chain is intact"

done_testing
