#!/bin/sh
# Issue 26 (one language at a time): a holder's history in Japanese names the items that
# changed by their labels and shows their old values as the holder screen does (性別: 女),
# never the stored keys (certificate, reissue_count, family_name) or codes; it shows the
# reason codes the register keeps (亡失 for a 再交付, 死亡 for a 消除, an issue brought in
# from the existing register) in the reader's language, and the clerk's own words as typed.
. "$top_srcdir/tests/e2e/login-lib.sh"

pam_users tanaka:pw-tanaka
madoguchi-admin demo-data --holders 2 --config "$WORK/madoguchi.conf" > /dev/null ||
	bail "demo holders failed"
app_owns_db

h=$(sql_with_key "SELECT id FROM holders ORDER BY rowid LIMIT 1;")
r=$(sql_with_key "SELECT id FROM registrations WHERE holder_id = '$h';")
kana=$(sql_with_key "SELECT family_kana || ' ' || given_kana FROM holders WHERE id = '$h';")
is "$(sql_with_key "SELECT reason_code || '|' || reason_text FROM events WHERE
	holder_id = '$h' AND kind = 'issue';")" "import|" \
	"an imported holder's issue event keeps its reason as a code, with no text"
# The events as the approvals record them (db/cert/reissue.c, db/register/applications.c):
# a 再交付 for 亡失 with the paper it replaced, a 訂正 with the old name and sex, a 消除
# for death; and an issue event as holder_import wrote it before issue 26 ('import' as
# the reason's text).
sql_with_key "INSERT INTO events (id, registration_id, holder_id, kind, event_date,
	reason_code, reason_text, before_json, created_by, approved_by, created_at) VALUES
	('00000000-0000-4000-8000-00000000e101', '$r', '$h', 'reissue', '2024-03-01', 'lost',
	'電車内で紛失', '{\"certificate\":\"BH-000500\",\"reissue_count\":0,\"reissue_date\":\"\"}',
	'tanaka', 'sato', '2024-03-01 10:00:00'),
	('00000000-0000-4000-8000-00000000e102', NULL, '$h', 'correct', '2024-04-01', '',
	'戸籍謄本で確認', '{\"family_name\":\"山本\",\"sex\":\"2\"}', 'tanaka', 'sato',
	'2024-04-01 10:00:00'),
	('00000000-0000-4000-8000-00000000e103', '$r', '$h', 'erase', '2024-05-01', 'death',
	'届書の写しで確認', '{\"status\":\"valid\"}', 'tanaka', 'sato',
	'2024-05-01 10:00:00'),
	('00000000-0000-4000-8000-00000000e104', '$r', '$h', 'issue', '1990-01-01', '',
	'import', '{}', 'root', NULL, '2020-01-01 10:00:00');" > /dev/null

tmux_start j env $(pam_env_args) LANGUAGE=ja madoguchi --config "$WORK/madoguchi.conf"
tmux_wait j "ユーザー名" || bail "the login screen in Japanese"
tmux_type j tanaka
tmux_keys j Enter
tmux_wait j "assword" || bail "no password prompt"
tmux_type j pw-tanaka
tmux_keys j Enter
tmux_wait j "メニュー" || bail "the menu"
menu_pick j "名簿の検索・閲覧"
tmux_wait j "氏名（カナ・漢字の一部）" || bail "the search form"
tmux_type j "$kana"
tmux_keys j Enter
tmux_wait j "件目" || bail "no result"
tmux_keys j Enter
tmux_wait j "名簿登録者:"; ok $? "the holder screen"
# The history is at the bottom: page down to it.
tmux_keys j NPage NPage NPage
tmux_wait j "届書の写しで確認"; ok $? "the history, with the clerk's words as typed"
screen=$(tmux_screen j)
like "$screen" "免状番号: BH-000500" "the replaced certificate by its item's label"
for key in certificate reissue_count reissue_date family_name status: sex: valid; do
	unlike "$screen" "$key" "no stored key or code '$key' in the history"
done
like "$screen" "姓: 山本" "a corrected item by its label"
like "$screen" "性別（1 男 2 女 9 未記載）: 女" "... and its old value as the screen shows it"
like "$screen" "状態: 有効" "the status before the 消除 in Japanese"
like "$screen" "亡失" "the 再交付's reason code in Japanese"
like "$screen" "電車内で紛失" "... with the clerk's details as typed"
like "$screen" "死亡" "the 消除's reason code in Japanese"
unlike "$screen" "事由: import" "an issue from the existing register is not 'import'"
# Both issue events (one written before issue 26) say the same reason, from the code.
reasons=$(printf '%s\n' "$screen" | grep -A 1 '交付  申請 root' | grep '事由: ')
is "$(printf '%s\n' "$reasons" | wc -l) $(printf '%s\n' "$reasons" | sort -u | wc -l)" "2 1" \
	"an issue event from before issue 26 reads as a new one"
unlike "$screen" " lost" "no reason code in English"
logout j
done_testing
