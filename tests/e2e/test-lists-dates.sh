#!/bin/sh
# Issue 26, dates as date_style says (the era by default) on the account screens: the
# account register's details show local times in the era, not the UTC the register keeps,
# and "Until" in the list is the short era date; so does a change in Account changes.
# The unusual-use flags name their period in the short era form.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users sato:pw-sato suzuki:pw-suzuki
era="令和$(( $(date +%Y) - 2018 ))年"
today=$(printf 'R%02d.%s' $(( $(date +%Y) - 2018 )) "$(date +%m.%d)")

app s
login s sato pw-sato
tmux_wait s "[supervisor]" || bail "sato cannot log in"
menu_pick s "Account register"
tmux_wait s "tanaka" || bail "the register"
like "$(tmux_screen s)" "active     R81.03.31" "the list's Until is the short era date"
list_select s " tanaka "
tmux_keys s Enter
tmux_wait s "Requested:" || bail "tanaka's details"
screen=$(tmux_screen s)
like "$screen" "Requested:     $era" "the details say when it was requested, in the era"
unlike "$screen" "Z by" "... not as the UTC time kept"
like "$screen" "Valid:         令和2年4月1日 – 令和81年3月31日" "... and its validity in the era"
tmux_keys s Enter
tmux_wait s "c Request a change" || bail "back at the register"
tmux_type s "c"
tmux_wait s "New roles" || bail "a change"
answer s "clerk supervisor"
tmux_wait s "New procedures"; answer s ""
tmux_wait s "My Numbers"; answer s ""
tmux_wait s "Valid until"; answer s ""
tmux_wait s "人事異動"; answer s "duties"
tmux_wait s "reason in words"; answer s "係長に昇任"
tmux_wait s "Requested a change of tanaka" || bail "the change"
tmux_keys s Escape
tmux_wait s "[supervisor]" || bail "the menu"
menu_pick s "Account changes"
tmux_wait s "tanaka" || bail "the changes"
tmux_keys s Enter
tmux_wait s "Requested:" || bail "the change's details"
screen=$(tmux_screen s)
like "$screen" "Requested:  $era" "a change says when it was requested, in the era"
like "$screen" "Decided:    - by -" "... and that it is not decided yet"
tmux_keys s Enter
tmux_keys s Escape
tmux_wait s "[supervisor]" || bail "the menu again"
menu_pick s "Unusual-use flags"
tmux_wait s "$today..$today · hours"; ok $? "the flags' period is in the short era form"
logout s

done_testing
