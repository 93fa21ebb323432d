#!/bin/sh
# SPEC §10: the pulling terminal re-checks every incoming value with the forms' item rules
# and sends a failing change to the conflict queue instead of applying it. The rogue changes
# are written straight into the central store's log (as its superuser), as a damaged or
# subverted store, or a store that checked less, would hand them out: whatever the store
# let through, the terminal must not take into its register.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
pg_central central OFFICE-A DEMO-A1 t_a1 DEMO-A2 t_a2
sync_terminal DEMO-A1 t_a1
sync_terminal DEMO-A2 t_a2
madoguchi-admin demo-data --holders 3 --config "$WORK/DEMO-A1/madoguchi.conf" > /dev/null ||
	bail "demo data"
out=$(sync_now DEMO-A1) || bail "sync A1: $out"
out=$(sync_now DEMO-A2) || bail "sync A2: $out"
holder=$(tsql DEMO-A2 "SELECT id FROM holders ORDER BY id LIMIT 1")
name=$(tsql DEMO-A2 "SELECT family_name FROM holders WHERE id = '$holder'")
[ -n "$name" ] || bail "the register did not reach the second terminal"

# --- Identity items change only with the approved application that changed them --------
# A correction made at A1 the desk's way (a clerk applies, a supervisor approves) reaches
# A2 with its trail and applies.
tool DEMO-A1 edit "$holder" address2 "正規の訂正" || bail "edit at A1"
out=$(sync_now DEMO-A1) || bail "sync A1: $out"
out=$(sync_now DEMO-A2) || bail "sync A2: $out"
is "$(tsql DEMO-A2 "SELECT address2 FROM holders WHERE id = '$holder'")" "正規の訂正" \
	"an approved correction from another terminal applies"
app=$(tsql DEMO-A2 "SELECT id FROM applications WHERE holder_id = '$holder' AND kind = 'correction' ORDER BY requested_at DESC LIMIT 1")
requester=$(tsql DEMO-A2 "SELECT requested_by FROM applications WHERE id = '$app'")
[ -n "$app" ] && [ -n "$requester" ] || bail "the correction's application did not reach A2"

# The record as the rogue changes below start from (without the correction's trail).
orig=$(pg_sql central "SELECT payload - '_application' - '_approved_by' FROM madoguchi.records WHERE office_id = 'OFFICE-A' AND entity = 'holder' AND entity_id = '$holder'")
n=0
# rogue DESCRIPTION MEMBERS-JSON: a holder update from DEMO-A1 in the office log, carrying
# MEMBERS over the record's payload as it was at the start, at the next version.
rogue() {
	n=$((n + 1))
	pg_sql central "
	WITH o AS (UPDATE madoguchi.offices SET last_change = last_change + 1
	    WHERE office_id = 'OFFICE-A' RETURNING last_change),
	r AS (UPDATE madoguchi.records SET version = version + 1, payload = '$orig'::jsonb || '$2'::jsonb
	    WHERE office_id = 'OFFICE-A' AND entity = 'holder' AND entity_id = '$holder'
	    RETURNING version, payload)
	INSERT INTO madoguchi.changes (terminal_id, seq, office_id, office_seq, entity, entity_id,
	    version, op, payload, status, created_at)
	SELECT 'DEMO-A1', 900000 + $n, 'OFFICE-A', o.last_change, 'holder', '$holder', r.version,
	    'update', r.payload, 'applied', now() FROM o, r" > /dev/null || bail "rogue change: $1"
}

# expect_refused DESCRIPTION REASON: DEMO-A2 pulls; the register keeps the name, the change
# waits in the conflict queue with REASON, and the conflict is resolved (central taken
# back as it was) so that the next case starts clean.
expect_refused() {
	out=$(sync_now DEMO-A2); rc=$?
	is "$rc" 0 "$1: the pull itself succeeds"
	is "$(tsql DEMO-A2 "SELECT family_name FROM holders WHERE id = '$holder'")" "$name" \
		"$1: the holder's name is unchanged"
	reason=$(tsql DEMO-A2 "SELECT reason FROM sync_conflicts WHERE entity = 'holder' AND entity_id = '$holder' AND status = 'open'")
	like "$reason" "refused by this terminal's checks" "$1: the change waits for a supervisor"
	like "$reason" "$2" "$1: ... saying why"
	case "$reason" in
	*"$(printf '\033')"*|*"$(printf '\007')"*|*"$(printf '\342\200\256')"*)
		ok 1 "$1: the reason holds no raw control character" ;;
	*)	ok 0 "$1: the reason holds no raw control character" ;;
	esac
	# A supervisor cannot take the central version into the register either.
	id=$(tsql DEMO-A2 "SELECT id FROM sync_conflicts WHERE entity_id = '$holder' AND status = 'open'")
	out=$(tool DEMO-A2 resolve "$id" remote 2>&1); rc=$?
	ok $((rc == 0)) "$1: taking the central version is refused"
	like "$out" "$2" "$1: ... saying why"
	is "$(tsql DEMO-A2 "SELECT family_name FROM holders WHERE id = '$holder'")" "$name" \
		"$1: ... and the name is still unchanged"
	# This terminal's version kept, for the next case to start clean.
	tool DEMO-A2 resolve "$id" local > /dev/null 2>&1 || bail "$1: keeping the local version"
}

rogue "escape and bell" "{\"family_name\": \"$(printf '\\u001b]0;owned\\u0007')悪\"}"
expect_refused "an escape sequence in the family name" 'member family_name "\x1b]0;owned\x07悪"'

rogue "direction override" '{"family_name": "\u202e名前"}'
expect_refused "a right-to-left override in the family name" 'family_name "\u202e名前"'

rogue "bad date" '{"birth_date": "1990-02-30"}'
expect_refused "a birth date that does not exist" "member birth_date"

rogue "unknown member" '{"is_admin": 1}'
expect_refused "a member no form has" 'unknown member "is_admin"'

rogue "kana" '{"family_kana": "abc"}'
expect_refused "latin letters as kana" "member family_kana"

rogue "flag" '{"erased": 7}'
expect_refused "a flag that is neither 0 nor 1" "member erased has a value of the wrong form"

rogue "too long" "{\"address3\": \"$(printf '%061d' 0)\"}"
expect_refused "an address longer than the form takes" "too long"

rogue "unnormalised" '{"postal_code": "100-0001"}'
expect_refused "a postal code not in its checked form" "not in its checked form"

# --- Identity items change only with the approved application that changed them --------
rogue "no trail" '{"address2": "無断の訂正"}'
expect_refused "an identity item changed with no application" \
	"identity items changed without the approved application that changed them: address2"

rogue "unknown application" '{"address2": "無断の訂正", "_application": "01a24401-0000-7000-8000-000000000000", "_approved_by": "suzuki"}'
expect_refused "an application this terminal does not have" "which this terminal does not have: address2"

rogue "other value" "{\"address2\": \"無断の訂正\", \"_application\": \"$app\", \"_approved_by\": \"suzuki\"}"
expect_refused "a value the application did not approve" "not as application $app has them: address2"

rogue "self-approved" "{\"address2\": \"正規の訂正\", \"family_name\": \"$name\", \"_application\": \"$app\", \"_approved_by\": \"$requester\"}"
tsql DEMO-A2 "UPDATE holders SET address2 = '前の番地' WHERE id = '$holder'" > /dev/null
expect_refused "an application approved by its own requester" "approved by its own requester $requester"
tsql DEMO-A2 "UPDATE holders SET address2 = '正規の訂正' WHERE id = '$holder'" > /dev/null

# A change of an item that is not an identity item needs no application.
rogue "valid" '{"phone": "03-1234-5678"}'
out=$(sync_now DEMO-A2) || bail "sync A2: $out"
is "$(tsql DEMO-A2 "SELECT phone FROM holders WHERE id = '$holder'")" "03-1234-5678" \
	"a valid change of an item that is not an identity item applies"

# --- The name index follows what is pulled ----------------------------------------------
# A family name corrected at A1 the desk's way: A2 finds the holder by the new name, and no
# longer by the old one (the pull indexes a batch's holders when the batch ends).
# (Trigrams: a name of at least three characters.)
other=$(tsql DEMO-A2 "SELECT id FROM holders WHERE id <> '$holder' AND length(family_name || given_name) >= 3 ORDER BY id LIMIT 1")
[ -n "$other" ] || bail "no second holder at A2"
old=$(tsql DEMO-A2 "SELECT family_name || given_name FROM holders WHERE id = '$other'")
# found_by TEXT: 1 when A2's name index finds holder $other by TEXT, else 0.
found_by() {
	tsql DEMO-A2 "SELECT count(*) FROM holder_names WHERE holder_names MATCH '\"$1\"' AND rowid = (SELECT rowid FROM holders WHERE id = '$other')"
}
is "$(found_by "$old")" 1 "a pulled holder is found by its name"
tool DEMO-A1 edit "$other" family_name "改姓後" || bail "name correction at A1"
out=$(sync_now DEMO-A1) || bail "sync A1: $out"
out=$(sync_now DEMO-A2) || bail "sync A2: $out"
is "$(tsql DEMO-A2 "SELECT family_name FROM holders WHERE id = '$other'")" "改姓後" \
	"a family name corrected at another terminal applies"
is "$(found_by "改姓後")" 1 "... the holder is found by the new name"
is "$(found_by "$old")" 0 "... and no longer by the old one"
is "$(tsql DEMO-A2 "SELECT count(*) FROM holder_names WHERE rowid = (SELECT rowid FROM holders WHERE id = '$other')")" 1 \
	"... indexed once"

done_testing
