#!/bin/sh
# Issue 24, fees (手数料) at the counter: a clerk receives an application for another
# qualification of a holder (a 交付), and the fee the table asks (3,400 yen) is paid in
# cash with the reception; the applicant withdraws (取下げ) and the cash goes back. A
# reissue's fee comes from its form, checked against the table: 1,500 yen is refused by
# name, 2,000 yen taken. The supervisor's fee totals of the day show both fees, the refund
# and what is left, balancing to the receptions.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users tanaka:pw-tanaka suzuki:pw-suzuki
echo "date_style = western" >> "$WORK/madoguchi.conf"
madoguchi-admin demo-data --holders 5 --seed 11 --config "$WORK/madoguchi.conf" \
	> /dev/null || bail "demo holders failed"
hid=$(sql_with_key "SELECT id FROM holders ORDER BY rowid LIMIT 1;")
kana=$(sql_with_key "SELECT family_kana || given_kana FROM holders WHERE id = '$hid';")
name=$(sql_with_key "SELECT family_name || ' ' || given_name FROM holders WHERE id = '$hid';")
today=$(date +%Y-%m-%d)

open_holder() {	# open_holder SESSION
	menu_pick "$1" "Search the register"
	tmux_wait "$1" "Name (kana or kanji, part)" || return 1
	tmux_type "$1" "$kana"
	tmux_keys "$1" Enter
	tmux_wait "$1" "$name" || return 1
	tmux_keys "$1" Enter
	tmux_wait "$1" "Holder: $name"
}

app t1
login t1 tanaka pw-tanaka
tmux_wait t1 "[clerk]" || bail "tanaka cannot log in"
open_holder t1 || bail "the holder"
like "$(tmux_screen t1)" "u: receive an application" "the holder screen offers to receive"
tmux_type t1 "u"
tmux_wait t1 "What is applied for" || bail "the kind question"
answer t1 "1"
tmux_wait t1 "Received through" || bail "the channel question"
answer t1 ""
tmux_wait t1 "Fee for issue"; ok $? "a registration's fee is asked when it is received"
like "$(tmux_screen t1)" "3400 yen" "... with the fee table's amount"
answer t1 "9"
tmux_wait t1 "Answer 1 to 4; no fee was recorded"; ok $? "a payment that is none of the four is refused"
tmux_keys t1 Enter
tmux_wait t1 "Identity documents seen" || bail "the identity question"
answer t1 ""
tmux_wait t1 "Received under R" || bail "received"
first=$(sql_with_key "SELECT number FROM receptions ORDER BY number DESC LIMIT 1;")
is "$(sql_with_key "SELECT count(*) FROM receptions WHERE fee_by IS NOT NULL;")" 0 \
	"... and no fee was recorded"
tmux_type t1 "u"
tmux_wait t1 "What is applied for"
answer t1 "1"
tmux_wait t1 "Received through"
answer t1 ""
tmux_wait t1 "Fee for issue"
answer t1 "2"
tmux_wait t1 "Identity documents seen"
answer t1 "2"
tmux_wait t1 "Received under R"; ok $? "paid in cash, with a driving licence seen"
recept=$(sql_with_key "SELECT number FROM receptions WHERE fee_by IS NOT NULL;")
is "$(sql_with_key "SELECT fee_kind || ' ' || fee_payment || ' ' || fee_amount || ' ' ||
	fee_by || ' ' || fee_on FROM receptions WHERE number = '$recept';")" \
	"issue cash 3400 tanaka $today" "the fee is kept with the reception"
tmux_keys t1 NPage
tmux_wait t1 "Fee: issue (交付), cash (現金), 3400"; ok $? "the holder shows the fee paid"

# The first reception is withdrawn too, so that w asks which one.
tmux_type t1 "w"
tmux_wait t1 "Which reception"; ok $? "with two open receptions w asks which"
answer t1 "$recept"
tmux_wait t1 "Why does the applicant withdraw"
answer t1 "本人の申出"
tmux_wait t1 "It cannot be undone"
tmux_type t1 "y"
tmux_wait t1 "is withdrawn"; ok $? "the reception is withdrawn"
is "$(sql_with_key "SELECT status || ' ' || refund_by || ' ' || refund_on FROM receptions
	WHERE number = '$recept';")" "withdrawn tanaka $today" "... and its cash refunded"

# A reissue: the fee on its form is the table's or refused.
tmux_type t1 "r"
tmux_wait t1 "Reissue (再交付) application" || bail "the reissue form"
tmux_type t1 "1"; tmux_keys t1 Tab
tmux_type t1 "紛失"; tmux_keys t1 Tab
tmux_keys t1 Tab
tmux_type t1 "運転免許証"; tmux_keys t1 Tab
tmux_type t1 "1"; tmux_keys t1 Tab
tmux_type t1 "1,500円"; tmux_keys t1 F2
tmux_wait t1 "not the fee table's 2000 yen"; ok $? "a reissue fee other than the table's is refused"
is "$(sql_with_key "SELECT count(*) FROM applications WHERE kind = 'reissue';")" 0 \
	"... and nothing is stored"
# The refusal is no field's: the focus stays on the amount.
tmux_keys t1 C-u
tmux_type t1 "2000"
tmux_keys t1 F2
tmux_wait t1 "awaits a supervisor"; ok $? "the table's 2,000 yen is taken"
is "$(sql_with_key "SELECT r.fee_kind || ' ' || r.fee_payment || ' ' || r.fee_amount FROM
	applications a JOIN receptions r ON r.number = a.reception_number WHERE a.kind =
	'reissue';")" "reissue stamp 2000" "... and kept with the reissue's reception"
logout t1

app s1
login s1 suzuki pw-suzuki
tmux_wait s1 "[supervisor]" || bail "suzuki cannot log in"
menu_pick s1 "Fee totals" || bail "no fee totals in the supervisor's menu"
tmux_wait s1 "From $today to $today"; ok $? "the fee totals open on today"
screen=$(tmux_screen s1)
like "$screen" "2 fees received: 5400 yen; 1 refunds: 3400 yen; left: 2000 yen" \
	"they balance: two fees, one refund, what is left"
like "$screen" "cash (現金)" "... by payment"
printf '%s\n' "$screen" | sed 's/^/# | /'
tmux_type s1 "p"
tmux_wait s1 "From (date)"
tmux_keys s1 C-u
answer s1 "2000-01-01"
tmux_wait s1 "To (date)"
tmux_keys s1 C-u
answer s1 "2000-01-31"
tmux_wait s1 "No fee was received or refunded"; ok $? "another period has none"
is "$(sql_with_key "SELECT count(*) FROM audit_log WHERE action = 'reception.fees.view';")" 2 \
	"each look at the totals is audited"
tmux_keys s1 Escape
tmux_wait s1 "[supervisor]"
# The business statistics of this month: three receptions, one withdrawn; counts only.
menu_pick s1 "Business statistics" || bail "no business statistics in the menu"
tmux_wait s1 "From $(date +%Y-%m)-01 to $today"; ok $? "the statistics open on this month"
screen=$(tmux_screen s1)
printf '%s\n' "$screen" | sed 's/^/# | /'
is "$(printf '%s\n' "$screen" | sed -n 's/^ *receptions (受付) *\([0-9]*\)$/\1/p')" 3 \
	"three receptions"
is "$(printf '%s\n' "$screen" | sed -n 's/^ *withdrawals (取下げ) *\([0-9]*\)$/\1/p')" 1 \
	"one withdrawal"
unlike "$screen" "$name" "no holder's name"
logout s1

done_testing
