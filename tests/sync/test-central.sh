#!/bin/sh
# SPEC §10: the central store. Terminals have no table rights; row-level security keeps
# each office to its own rows even when a terminal names another office's records; a
# wrong client certificate is refused; a damaged or malformed batch is refused whole; a
# batch sent again applies once; an audit chain that does not link is refused; certificate
# number blocks never overlap.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
command -v sqlcipher > /dev/null || skip_all "the sqlcipher shell is not installed"
pg_start
pg_central central OFFICE-A DEMO-A1 t_a1 DEMO-A2 t_a2
pg_central central OFFICE-B DEMO-B1 t_b1
pg_central central OFFICE-C DEMO-C1 t_c1
sync_terminal DEMO-A1 t_a1
sync_terminal DEMO-B1 t_b1

as_terminal() {	# as_terminal ROLE SQL [psql args]: SQL over TLS as the terminal
	local role=$1 sql=$2
	shift 2
	psql -X -q -tA -v ON_ERROR_STOP=1 "$(pg_conninfo central "$role")" "$@" -c "$sql" 2>&1
}
# The batches below are signed with the terminal's own key as they are sent: they are
# what a terminal (or someone holding its key) sends, refused for what is in them.
push_text() {	# push_text ROLE FILE: madoguchi.push of the batch in FILE
	push_signed "$@"
}
audit_text() {	# audit_text ROLE FILE
	psql -X -q -tA -v ON_ERROR_STOP=1 "$(pg_conninfo central "$1")" \
		-v b="$(cat "$2")" -v s="$(batch_signature "$PG_TLS/$1.sign" "$2")" 2>&1 <<'SQL'
SELECT madoguchi.push_audit(:'b', decode(:'s', 'hex'));
SQL
}
# rehash FILE: recompute the header's sha256 after the body was changed on purpose.
# The body is every line after the header, without a newline at its end.
rehash() {
	local sha
	tail -n +2 "$1" | awk 'NR > 1 { printf "\n" } { printf "%s", $0 }' > "$1.body"
	sha=$(sha256sum < "$1.body" | cut -d' ' -f1)
	{ head -n 1 "$1" | sed "s/\"sha256\":\"[0-9a-f]*\"/\"sha256\":\"$sha\"/"
	  cat "$1.body"; } > "$1.new" && mv "$1.new" "$1"
}
# mangle IN OUT SQL: OUT is IN with its body replaced by SQL's result (:'body' is IN's
# body), the header's count and sha256 made to agree, as a forger would.
mangle() {
	local body
	body=$(tail -n +2 "$1" | tr -d '\n')
	psql -X -q -tA -v ON_ERROR_STOP=1 -d central -v body="$body" > "$2.body" <<SQL || bail "mangle: $3"
$3;
SQL
	n=$(psql -X -q -tA -d central -v body="$(cat "$2.body")" <<'SQL'
SELECT jsonb_array_length(:'body'::jsonb);
SQL
)
	{ head -n 1 "$1" | sed "s/\"count\":[0-9]*/\"count\":$n/"; tr -d '\n' < "$2.body"; } > "$2"
	rehash "$2"
}
central_changes() {	# central_changes TERMINAL
	pg_sql central "SELECT count(*) FROM madoguchi.changes WHERE terminal_id = '$1'"
}

# --- No table rights, functions only -------------------------------------------------
out=$(as_terminal t_a1 "SELECT count(*) FROM madoguchi.records"); rc=$?
ok $((rc == 0)) "a terminal cannot read a table directly"
like "$out" "permission denied" "... permission denied"
out=$(as_terminal t_a1 "INSERT INTO madoguchi.offices VALUES ('X', 'x')"); rc=$?
ok $((rc == 0)) "a terminal cannot write a table"
out=$(as_terminal t_a1 "SELECT madoguchi.caller()"); rc=$?
ok $((rc == 0)) "helper functions are not callable by terminals"
out=$(as_terminal t_a1 "SELECT terminal_id, office_id FROM madoguchi.whoami()")
is "$out" "DEMO-A1|OFFICE-A" "whoami names the terminal of the certificate"

# --- sync-now without a configuration, or with a bad argument ----------------------------
grep -v '^sync_' "$WORK/DEMO-A1/madoguchi.conf" > "$WORK/nosync.conf"
out=$(madoguchi-admin sync-now --config "$WORK/nosync.conf" 2>&1); rc=$?
is "$rc" 1 "sync-now on a terminal that does not sync: exit 1"
like "$out" "sync is not configured" "... saying what to set"
out=$(madoguchi-admin sync-now --config "$WORK/DEMO-A1/madoguchi.conf" now 2>&1); rc=$?
is "$rc" 2 "sync-now with an extra argument: usage error"
like "$out" "usage: madoguchi-admin sync-now" "... with the usage"

# --- Wrong client certificates --------------------------------------------------------
pg_client_cert t_a1 rogue rogue_a1
sync_terminal DEMO-A9 t_a1 rogue_a1
out=$(sync_now DEMO-A9); rc=$?
ok $((rc == 0)) "a certificate from an unknown CA is refused"
like "$out" "cannot reach the central store" "... with the connection error"
is "$(tool DEMO-A9 state | sed -n 's/^online //p')" 0 "... and the terminal records it is offline"
sync_terminal DEMO-A8 t_a1 t_a2
out=$(sync_now DEMO-A8); rc=$?
ok $((rc == 0)) "another terminal's certificate is refused"
like "$out" 't_a1' "... naming the login the certificate does not match"
out=$(psql -X -tA "host=localhost port=$PG_PORT dbname=central user=t_a1 sslmode=disable" \
	-c "SELECT 1" 2>&1); rc=$?
ok $((rc == 0)) "a terminal without TLS is refused"

# --- A batch sent twice applies once -----------------------------------------------------
madoguchi-admin demo-data --holders 5 --config "$WORK/DEMO-A1/madoguchi.conf" > /dev/null ||
	bail "demo holders"
tool DEMO-A1 batch changes 1000 > "$WORK/batch" || bail "no batch"
n=$(head -n 1 "$WORK/batch" | sed 's/.*"count":\([0-9]*\).*/\1/')
out=$(push_text t_a1 "$WORK/batch"); rc=$?
is "$rc|$out" "0|" "a batch is applied without conflicts"
is "$(central_changes DEMO-A1)" "$n" "... all its $n changes are stored"
out=$(push_text t_a1 "$WORK/batch"); rc=$?
is "$rc|$out" "0|" "the same batch sent again is answered the same"
is "$(central_changes DEMO-A1)" "$n" "... and applied once"
out=$(sync_now DEMO-A1); rc=$?
is "$rc" 0 "sync-now after the manual push"
[ "$rc" -eq 0 ] || diag "$out"
# The demo holders' My Numbers, now acknowledged, left the terminal: one erasure record
# more, and every change of the batch still once.
is "$(pg_sql central "SELECT count(*) FROM madoguchi.changes WHERE terminal_id = 'DEMO-A1'
	AND entity <> 'erasure_record'")" "$n" "... still every change once"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.changes WHERE terminal_id = 'DEMO-A1'
	AND entity = 'erasure_record' AND payload->>'kind' = 'mynumbers_acknowledged'")" 1 \
	"... and the erasure record of the My Numbers it acknowledged"
is "$(tool DEMO-A1 state | sed -n 's/^pending //p')" 0 "... and nothing pending at the terminal"
# The demo data took its numbers from a leased block; sync-now leased the next one.
is "$(pg_sql central "SELECT count(*) FROM madoguchi.number_blocks WHERE terminal_id = 'DEMO-A1'")" 2 \
	"sync-now leased a block of certificate numbers"

# --- Every batch is signed with the terminal's key (SPEC §10) ---------------------------
push_sig() {	# push_sig ROLE FILE SIGNATURE-HEX|null
	psql -X -q -tA -v ON_ERROR_STOP=1 "$(pg_conninfo central "$1")" -v b="$(cat "$2")" \
		-v s="$3" 2>&1 <<'SQL'
SELECT seq, status FROM madoguchi.push(:'b', CASE WHEN :'s' = 'null' THEN NULL ELSE decode(:'s', 'hex') END);
SQL
}
flip_last() {	# flip_last HEX: the same with its last digit changed
	case $1 in *0) echo "${1%?}1" ;; *) echo "${1%?}0" ;; esac
}
tool DEMO-A1 edit-random 2 11 > /dev/null || bail "edits"
before=$(central_changes DEMO-A1)
batches_before=$(pg_sql central "SELECT count(*) FROM madoguchi.batches")
tool DEMO-A1 batch changes 1000 > "$WORK/signed" || bail "no batch"
out=$(push_signed t_a1 "$WORK/signed" "$PG_TLS/t_b1.sign"); rc=$?
ok $((rc == 0)) "a batch signed with another terminal's key is refused"
like "$out" "signature does not verify with the signing key registered for terminal DEMO-A1" \
	"... its signature does not verify with the sender's key"
sig=$(batch_signature "$PG_TLS/t_a1.sign" "$WORK/signed")
out=$(push_sig t_a1 "$WORK/signed" "$(flip_last "$sig")"); rc=$?
ok $((rc == 0)) "a batch whose signature lost a bit is refused"
like "$out" "signature does not verify" "... saying so"
out=$(push_sig t_a1 "$WORK/signed" null); rc=$?
ok $((rc == 0)) "a batch without a signature is refused"
like "$out" "signature does not verify" "... saying so"
# A change altered after signing, the header's SHA-256 made to agree: the signature
# still covers the original bytes.
# The first change that has an address (the batch's first lines may be receptions).
perl -pe 'if ($. > 1 && !$done && s/"address2":"[^"]*"/"address2":"改竄"/) { $done = 1 }' \
	"$WORK/signed" > "$WORK/altered"
rehash "$WORK/altered"
cmp -s "$WORK/signed" "$WORK/altered" && bail "the alteration changed nothing"
out=$(push_sig t_a1 "$WORK/altered" "$sig"); rc=$?
ok $((rc == 0)) "a batch altered after it was signed is refused"
like "$out" "signature does not verify" "... saying so"
is "$(central_changes DEMO-A1)|$(pg_sql central "SELECT count(*) FROM madoguchi.batches")" \
	"$before|$batches_before" "... none of those stored a change or a batch"
out=$(push_sig t_a1 "$WORK/signed" "$sig"); rc=$?
is "$rc|$out" "0|" "the batch with its own signature is applied"
# The evidence: the exact bytes and the signature, checked with the terminal's public key
# and standard tools, as an auditor would.
id=$(pg_sql central "SELECT max(id) FROM madoguchi.batches WHERE terminal_id = 'DEMO-A1'")
pg_sql central "SELECT encode(batch, 'base64') FROM madoguchi.batches WHERE id = $id" |
	base64 -d > "$WORK/evidence.batch"
pg_sql central "SELECT encode(signature, 'base64') FROM madoguchi.batches WHERE id = $id" |
	base64 -d > "$WORK/evidence.sig"
pg_sql central "SELECT k.public_key FROM madoguchi.batches b JOIN madoguchi.signing_keys k
	ON k.id = b.key_id WHERE b.id = $id" > "$WORK/evidence.pub"
out=$(openssl dgst -sha256 -verify "$WORK/evidence.pub" -signature "$WORK/evidence.sig" \
	"$WORK/evidence.batch" 2>&1)
is "$out" "Verified OK" "the stored batch and signature verify with openssl and the stored key"
is "$(printf '%s' "$(cat "$WORK/signed")" | cmp - "$WORK/evidence.batch" && echo same)" same \
	"... and the stored bytes are the batch as sent"
is "$(pg_sql central "SELECT madoguchi.batch_verifies($id)")" t "batch_verifies() agrees"
pg_sql central "UPDATE madoguchi.batches SET batch = batch || '\x20'::bytea WHERE id = $id" ||
	bail "tamper"
is "$(pg_sql central "SELECT madoguchi.batch_verifies($id)")" f \
	"... and tells a stored batch changed afterwards"
out=$(as_terminal t_a1 "SELECT madoguchi.batch_verifies($id)"); rc=$?
ok $((rc == 0)) "batch_verifies is not for terminals"

# A terminal whose key is not registered pushes nothing; the sysadmin makes the key and
# registers it; a new key retires the old one.
setup() { "$top_srcdir/db/central/madoguchi-central-setup" --dbname central "$@" 2>&1; }
out=$(setup --office OFFICE-A --terminal DEMO-A7 --role t_a7) || bail "register A7: $out"
pg_client_cert t_a7
sync_terminal DEMO-A7 t_a7
madoguchi-admin demo-data --holders 2 --config "$WORK/DEMO-A7/madoguchi.conf" > /dev/null ||
	bail "demo holders A7"
out=$(sync_now DEMO-A7); rc=$?
is "$rc" 3 "sync-now without the signing key file: exit 3"
like "$out" "t_a7.sign does not exist (make it with madoguchi-admin signing-key" \
	"... saying how to make it"
out=$(madoguchi-admin signing-key --config "$WORK/DEMO-A7/madoguchi.conf" 2>&1); rc=$?
is "$rc" 3 "signing-key without --create does not make a key"
out=$(madoguchi-admin signing-key --create --config "$WORK/DEMO-A7/madoguchi.conf" \
	2> "$WORK/a7.err" > "$WORK/a7.pub"); rc=$?
is "$rc" 0 "signing-key --create makes the key"
like "$(cat "$WORK/a7.err")" "made a new signing key" "... and says so"
is "$(stat -c %a "$PG_TLS/t_a7.sign")" 600 "... readable by its owner only"
is "$(openssl pkey -pubin -in "$WORK/a7.pub" -noout -text 2>&1 | head -n 1)" \
	"Public-Key: (3072 bit)" "... and prints its RSA 3072 public key"
madoguchi-admin signing-key --create --config "$WORK/DEMO-A7/madoguchi.conf" \
	> "$WORK/a7.again" 2>&1
is "$(cmp -s "$WORK/a7.pub" "$WORK/a7.again" && echo same)" same \
	"signing-key --create again keeps the key"
out=$(sync_now DEMO-A7); rc=$?
is "$rc" 1 "a terminal whose key is not registered cannot push"
like "$out" "terminal DEMO-A7 has no signing key registered" "... the store says so"
like "$out" "madoguchi-central-setup --office OFFICE-A --terminal DEMO-A7 --signing-key FILE" \
	"... and how to register it"
is "$(central_changes DEMO-A7)" 0 "... nothing of it stored"
out=$(setup --office OFFICE-A --terminal DEMO-A7 --role t_a7 --signing-key "$WORK/a7.pub"); rc=$?
is "$rc" 0 "the setup script registers the key"
like "$out" "signing key of terminal DEMO-A7 registered (3072 bits)" "... saying so"
out=$(setup --office OFFICE-A --terminal DEMO-A7 --role t_a7 --signing-key "$WORK/a7.pub"); rc=$?
is "$rc" 0 "registering the same key again succeeds"
like "$out" "already has this signing key" "... and changes nothing"
out=$(sync_now DEMO-A7); rc=$?
is "$rc" 0 "then the terminal syncs"
[ "$rc" -eq 0 ] || diag "$out"
is "$(central_changes DEMO-A7)" "$(tsql DEMO-A7 "SELECT count(*) FROM outbox")" "... every change stored"
mv "$PG_TLS/t_a7.sign" "$PG_TLS/t_a7.sign.old"
madoguchi-admin signing-key --create --config "$WORK/DEMO-A7/madoguchi.conf" \
	> "$WORK/a7.new" 2> /dev/null || bail "new key A7"
out=$(setup --office OFFICE-A --terminal DEMO-A7 --role t_a7 --signing-key "$WORK/a7.new"); rc=$?
is "$rc" 0 "a new key is registered"
like "$out" "new signing key of terminal DEMO-A7 registered (3072 bits); the old one is retired" \
	"... and retires the old one"
tool DEMO-A7 edit-random 1 5 > /dev/null || bail "edit A7"
tool DEMO-A7 batch changes 1000 > "$WORK/a7.batch" || bail "no batch A7"
out=$(push_signed t_a7 "$WORK/a7.batch" "$PG_TLS/t_a7.sign.old"); rc=$?
like "$out" "signature does not verify" "a batch signed with the retired key is refused"
out=$(sync_now DEMO-A7); rc=$?
is "$rc" 0 "the new key's batches are taken"
is "$(pg_sql central "SELECT count(DISTINCT key_id) || ' ' || bool_and(madoguchi.batch_verifies(id))
	FROM madoguchi.batches WHERE terminal_id = 'DEMO-A7'")" "2 true" \
	"the batches of both keys still verify, each with its own key"
# Keys the tools refuse.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$WORK/ec.key" 2> /dev/null
openssl pkey -in "$WORK/ec.key" -pubout -out "$WORK/ec.pub" 2> /dev/null
out=$(setup --office OFFICE-A --terminal DEMO-A7 --role t_a7 --signing-key "$WORK/ec.pub"); rc=$?
is "$rc" 1 "the setup script refuses a key that is not RSA"
like "$out" "ec.pub is not an RSA public key in PEM" "... saying so"
out=$(setup --office OFFICE-A --terminal DEMO-A7 --role t_a7 --signing-key "$PG_TLS/t_a7.sign"); rc=$?
is "$rc" 1 "... and a private key given by mistake"
like "$out" "t_a7.sign is not an RSA public key in PEM" "... saying so"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.signing_keys WHERE terminal_id = 'DEMO-A7' AND retired_at IS NULL")" 1 \
	"... the registered key stays"
# A setting is given once in a file (a repeated one is an error): replaced, not appended.
sed '/^sync_signing_key *=/d' "$WORK/DEMO-A7/madoguchi.conf" > "$WORK/a7-ec.conf"
echo "sync_signing_key = $WORK/ec.key" >> "$WORK/a7-ec.conf"
chmod 600 "$WORK/ec.key"
out=$(madoguchi-admin signing-key --config "$WORK/a7-ec.conf" 2>&1); rc=$?
is "$rc" 3 "madoguchi-admin refuses an EC signing key"
like "$out" "ec.key is not an RSA key" "... saying so"
chmod 640 "$PG_TLS/t_a7.sign"
out=$(sync_now DEMO-A7); rc=$?
is "$rc" 3 "a signing key others can read is refused"
like "$out" "t_a7.sign is readable by group or others (mode 0640): chmod 600 it" "... saying what to do"
chmod 600 "$PG_TLS/t_a7.sign"

# --- Corrupted and malformed batches are refused whole -----------------------------------
tool DEMO-A1 edit-random 3 7 > /dev/null || bail "edits"
before=$(central_changes DEMO-A1)
tool DEMO-A1 batch changes 1000 > "$WORK/good" || bail "no batch"
sed '2,$s/試験/試練/' "$WORK/good" > "$WORK/bad"
cmp -s "$WORK/good" "$WORK/bad" && bail "the corruption changed nothing"
out=$(push_text t_a1 "$WORK/bad"); rc=$?
ok $((rc == 0)) "a batch damaged in transit is refused"
like "$out" "SHA-256" "... because its body does not match the header"
is "$(central_changes DEMO-A1)" "$before" "... and none of its changes is stored"
# The last change malformed, the header made to agree: still nothing of it is applied.
sed '$s/\t\(insert\|update\|delete\)\t/\tmerge\t/' "$WORK/good" > "$WORK/bad"
rehash "$WORK/bad"
out=$(push_text t_a1 "$WORK/bad"); rc=$?
ok $((rc == 0)) "a batch with one malformed change is refused"
like "$out" "malformed" "... naming the malformed change"
is "$(central_changes DEMO-A1)" "$before" "... and none of its changes is stored"
sed '1s/"sent_at":"[^"]*"/"sent_at":"2001-01-01T00:00:00Z"/' "$WORK/good" > "$WORK/bad"
out=$(push_text t_a1 "$WORK/bad"); rc=$?
ok $((rc == 0)) "a batch from a terminal whose clock is off is refused"
like "$out" "clock" "... with a message about the clock"
sed '1s/"terminal":"DEMO-A1"/"terminal":"DEMO-A2"/' "$WORK/good" > "$WORK/bad"
out=$(push_text t_a1 "$WORK/bad"); rc=$?
ok $((rc == 0)) "a batch naming another terminal is refused"
is "$(central_changes DEMO-A1)|$(central_changes DEMO-A2)" "$before|0" "... nothing stored"
# Bodies written by hand (format 2: "seq entity id version op at payload", tabs): every
# one is refused whole, with what is wrong, and nothing of it is stored.
id1=$(tsql DEMO-A1 "SELECT id FROM holders ORDER BY id LIMIT 1")
at=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
row() {	# row SEQ [FIELDS...]: a line of the body, fields tab-separated
	local IFS="$(printf '\t')"
	echo "$*"
}
refused() {	# refused NAME PATTERN LINE...: a batch of these lines is refused with PATTERN
	local name=$1 pattern=$2 n	# (its header counts COUNT lines, default all of them)
	shift 2
	n=${COUNT:-$#}
	{ printf '{"format":2,"kind":"changes","terminal":"DEMO-A1","count":%d,"first":1,"last":1,"sent_at":"%s","sha256":"0"}\n' \
		"$n" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	  printf '%s\n' "$@"; } > "$WORK/hand"
	rehash "$WORK/hand"
	out=$(push_text t_a1 "$WORK/hand"); rc=$?
	ok $((rc == 0)) "a batch with $name is refused"
	like "$out" "$pattern" "... saying so"
	is "$(central_changes DEMO-A1)" "$before" "... nothing of it stored"
}
good="$(row 900001 holder "$id1" 9 update "$at" '{"address2":"x"}')"
refused "a line of six fields" "change 2 is malformed" "$good" \
	"$(row 900002 holder "$id1" 10 update '{"address2":"x"}')"
refused "an array for a payload" "change 2 is malformed" "$good" \
	"$(row 900002 holder "$id1" 10 update "$at" '[1,2]')"
refused "a payload that is not JSON" "change 2 is malformed" "$good" \
	"$(row 900002 holder "$id1" 10 update "$at" '{"address2":')"
refused "an id that is no UUID" "change 1 is malformed" \
	"$(row 900001 holder not-a-uuid 9 update "$at" '{}')"
refused "an unknown operation" "change 1 is malformed" \
	"$(row 900001 holder "$id1" 9 merge "$at" '{}')"
refused "a time without its zone" "change 1 is malformed" \
	"$(row 900001 holder "$id1" 9 update 2026-04-01T00:00:00 '{}')"
refused "a date that does not exist" "out of range" \
	"$(row 900001 holder "$id1" 9 update 2026-02-30T00:00:00.000Z '{}')"
refused "sequence numbers going back" "not increasing at change 2" "$good" \
	"$(row 900000 holder "$id1" 10 update "$at" '{}')"
refused "a new record's line with an eighth, empty field" "change 1 is malformed" \
	"$(row 900001 holder "$(cat /proc/sys/kernel/random/uuid)" 1 insert "$at" '{}' '')"
refused "a new record's line of six fields" "change 1 is malformed" \
	"$(row 900001 holder "$(cat /proc/sys/kernel/random/uuid)" 1 insert '{}')"
refused "an entity name with a capital letter" "change 1 is malformed" \
	"$(row 900001 Holder "$id1" 9 update "$at" '{}')"
refused "an entity name of 33 characters" "change 1 is malformed" \
	"$(row 900001 "h$(printf '%032d' 0)" "$id1" 9 update "$at" '{}')"
refused "a version of 0" "change 1 is malformed" \
	"$(row 900001 holder "$id1" 0 update "$at" '{}')"
refused "an empty line" "change 2 is malformed" "$good" "" \
	"$(row 900002 holder "$id1" 10 update "$at" '{}')"
# Rows the usual way would take (new records) in a batch whose size is wrong.
new1="$(row 900001 holder "$(cat /proc/sys/kernel/random/uuid)" 1 insert "$at" '{}')"
new2="$(row 900002 holder "$(cat /proc/sys/kernel/random/uuid)" 1 insert "$at" '{}')"
COUNT=2 refused "a header counting two rows for one" "1 rows, header says 2" "$new1"
pg_sql central "UPDATE madoguchi.settings SET value = '1' WHERE name = 'max_batch_rows'" > /dev/null
refused "more rows than max_batch_rows" "at most 1 allowed" "$new1" "$new2"
pg_sql central "UPDATE madoguchi.settings SET value = '10000' WHERE name = 'max_batch_rows'" > /dev/null

# --- Rows decided one by one (office C, batches written by hand) ----------------------
# A batch of new changes, each of its own record and each following its record's central
# version, is stored in one pass; whatever else a batch holds must leave that pass
# without a trace and be decided change by change.
c_batch() {	# c_batch LINE...: DEMO-C1's batch of these lines, pushed; prints the conflicts
	{ printf '{"format":2,"kind":"changes","terminal":"DEMO-C1","count":%d,"first":1,"last":1,"sent_at":"%s","sha256":"0"}\n' \
		"$#" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	  printf '%s\n' "$@"; } > "$WORK/c-batch"
	rehash "$WORK/c-batch"
	push_text t_c1 "$WORK/c-batch"
}
c_record() {	# c_record ID: version|payload of office C's record
	pg_sql central "SELECT version || '|' || payload::text FROM madoguchi.records WHERE office_id = 'OFFICE-C' AND entity_id = '$1'"
}
cx=$(cat /proc/sys/kernel/random/uuid); cy=$(cat /proc/sys/kernel/random/uuid)
cz=$(cat /proc/sys/kernel/random/uuid); cw=$(cat /proc/sys/kernel/random/uuid)
cu=$(cat /proc/sys/kernel/random/uuid)
out=$(c_batch "$(row 1 holder "$cx" 1 insert "$at" '{"address1":1}')" \
	"$(row 2 holder "$cy" 1 insert "$at" '{"address1":1}')"); rc=$?
is "$rc|$out" "0|" "office C: two new records in one batch, no conflict"
is "$(c_record "$cx")|$(c_record "$cy")" '1|{"address1": 1}|1|{"address1": 1}' "... both stored at version 1"
is "$(pg_sql central "SELECT string_agg(seq || ':' || office_seq, ' ' ORDER BY seq) FROM madoguchi.changes WHERE terminal_id = 'DEMO-C1'")" \
	"1:1 2:2" "... numbered in the office log in batch order"
out=$(c_batch "$(row 4 holder "$cz" 1 insert "$at" '{}')" "$(row 3 holder "$cw" 1 insert "$at" '{}')"); rc=$?
ok $((rc == 0)) "new records whose sequence numbers go back are refused"
like "$out" "not increasing at change 2" "... saying where"
is "$(central_changes DEMO-C1)|$(c_record "$cz")$(c_record "$cw")" "2|" "... nothing of them stored"
out=$(c_batch "$(row 3 holder "$cu" 1 insert "$at" '{"address1":1}')" \
	"$(row 4 holder "$cu" 2 update "$at" '{"address2":2}')"); rc=$?
is "$rc|$out" "0|" "a record inserted and updated in one batch: both applied"
is "$(c_record "$cu")" '2|{"address1": 1, "address2": 2}' "... the record at version 2, the payloads merged"
out=$(c_batch "$(row 5 holder "$cy" 2 update "$at" '{"address2":1}')" \
	"$(row 6 holder "$cy" 3 delete "$at" '{}')"); rc=$?
is "$rc|$out" "0|" "a record updated, then deleted, in one batch: both applied"
is "$(c_record "$cy")|$(pg_sql central "SELECT deleted FROM madoguchi.records WHERE entity_id = '$cy'")" \
	'3|{"address1": 1, "address2": 1}|t' "... the record deleted at version 3"
# (Each of these leaves a conflict open, which sends the batches after it the general way.)
cv=$(cat /proc/sys/kernel/random/uuid)
out=$(c_batch "$(row 7 holder "$cv" 2 update "$at" '{"address2":2}')" \
	"$(row 8 holder "$cv" 1 insert "$at" '{"address1":1}')"); rc=$?
is "$rc|$(echo $out)" "0|7|conflict 8|conflict" \
	"an update before the insert of its record in one batch: both conflict"
is "$(c_record "$cv")" "" "... and the record is not stored"
out=$(c_batch "$(row 9 holder "$cx" 2 update "$at" '{"address3":1}')" \
	"$(row 10 holder "$cx" 2 update "$at" '{"address3":2}')"); rc=$?
is "$rc|$out" "0|10|conflict" "two updates of one record from the same version: the second conflicts"
is "$(c_record "$cx")" '2|{"address1": 1, "address3": 1}' "... the first one applied, the second one not"
is "$(pg_sql central "SELECT string_agg(seq || ':' || status, ' ' ORDER BY seq) FROM madoguchi.changes WHERE terminal_id = 'DEMO-C1' AND seq > 4")" \
	"5:applied 6:applied 7:conflict 8:conflict 9:applied 10:conflict" \
	"... all kept in the log, each with its status"

# --- Office B sees nothing of office A, even asking for A's records ----------------------
sync_now DEMO-A1 > /dev/null || bail "sync A1"
out=$(sync_now DEMO-B1); rc=$?
is "$rc" 0 "office B's terminal syncs"
like "$out" "pulled:   0 changes" "... and pulls none of office A's changes"
is "$(tsql DEMO-B1 "SELECT count(*) FROM holders")" 0 "... it holds no holder of office A"
out=$(as_terminal t_b1 "SELECT count(*) FROM madoguchi.pull(0, 10000) WHERE terminal_id <> 'DEMO-B1'")
is "$out" 0 "pull from the start of the log as B: none of A's rows"
holder=$(tsql DEMO-A1 "SELECT id FROM holders ORDER BY id LIMIT 1")
a_payload=$(pg_sql central "SELECT payload->>'family_name' FROM madoguchi.records WHERE entity = 'holder' AND entity_id = '$holder'")
# B sends an update of A's holder (version 2 follows A's version 1): it must neither
# change A's record nor learn its content.
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
body=$(printf '999999\tholder\t%s\t2\tupdate\t%s\t{"family_name":"乗取"}' "$holder" "$(date -u +%Y-%m-%dT%H:%M:%S.000Z)")
sha=$(printf '%s' "$body" | sha256sum | cut -d' ' -f1)
printf '{"format":2,"kind":"changes","terminal":"DEMO-B1","count":1,"first":999999,"last":999999,"sent_at":"%s","sha256":"%s"}\n%s' \
	"$now" "$sha" "$body" > "$WORK/steal"
out=$(psql -X -q -tA -v ON_ERROR_STOP=1 "$(pg_conninfo central t_b1)" -v b="$(cat "$WORK/steal")" \
	-v s="$(batch_signature "$PG_TLS/t_b1.sign" "$WORK/steal")" 2>&1 <<'SQL'
SELECT seq, status, coalesce(central_version, 0), coalesce(central_payload::text, '-') FROM madoguchi.push(:'b', decode(:'s', 'hex'));
SQL
)
is "$out" "999999|conflict|0|-" "B's update of A's record id: a conflict with nothing there, no content of A's"
is "$(pg_sql central "SELECT payload->>'family_name' FROM madoguchi.records WHERE entity = 'holder' AND entity_id = '$holder' AND office_id = 'OFFICE-A'")" \
	"$a_payload" "... and A's record is unchanged"
out=$(as_terminal t_b1 "SELECT count(*) FROM madoguchi.pull(0, 10000) WHERE entity_id = '$holder'")
is "$out" 0 "... and B still cannot pull A's record"
is "$(as_terminal t_b1 "SELECT madoguchi.current_office()")" "OFFICE-B" "current_office() tells B only its own office"

# --- Pull reads the office log in windows -------------------------------------------------
# Window after window, a terminal gets every other terminal's change once, in order, and
# of its own changes only a window's last entry, without payload.
log=$(pg_sql central "SELECT string_agg(office_seq || ':' || terminal_id, ' ' ORDER BY office_seq) FROM madoguchi.changes WHERE office_id = 'OFFICE-A' AND office_seq IS NOT NULL")
size=$(( ($(echo "$log" | wc -w) + 9) / 10 ))
cur=0 got= windows=0
while [ "$windows" -lt 50 ]; do
	w=$(as_terminal t_a7 "SELECT string_agg(office_seq || ':' || terminal_id, ' ' ORDER BY office_seq) FROM madoguchi.pull($cur, $size)")
	[ -n "$w" ] || break
	got="$got $w" cur=${w##* } windows=$((windows + 1))
	cur=${cur%%:*}
done
is "$(echo $got | tr ' ' '\n' | grep -v ':DEMO-A7$' | xargs)" \
	"$(echo "$log" | tr ' ' '\n' | grep -v ':DEMO-A7$' | xargs)" \
	"pulled $size at a time, every other terminal's change arrives once, in order"
is "$cur" "$(echo "$log" | sed 's/.* //; s/:.*//')" "... and the cursor ends at the log's end"
is "$(as_terminal t_a7 "SELECT count(*) FROM madoguchi.pull(0, 10000) WHERE terminal_id = 'DEMO-A7' AND payload IS NOT NULL")" \
	0 "the terminal's own changes come without payload"
out=$(as_terminal t_a7 "SELECT count(*) FROM madoguchi.pull(-1, 10)"); rc=$?
ok $((rc == 0 ? 1 : 0)) "pull from a cursor below 0 is refused"
like "$out" "cursor must be 0 or more" "... saying so"

# --- The audit chain must link --------------------------------------------------------------
tool DEMO-A1 edit "$holder" address2 "監査試験1" || bail "edit"
tool DEMO-A1 edit "$holder" address2 "監査試験2" || bail "edit"
tool DEMO-A1 batch audit 1000 > "$WORK/audit" || bail "no audit batch"
na=$(head -n 1 "$WORK/audit" | sed 's/.*"count":\([0-9]*\).*/\1/')
ok $((na >= 3 ? 0 : 1)) "there are new audit entries to send ($na)"
head_before=$(pg_sql central "SELECT audit_seq FROM madoguchi.terminals WHERE terminal_id = 'DEMO-A1'")
mangle "$WORK/audit" "$WORK/bad" "SELECT jsonb_agg(CASE WHEN i = 2 THEN e || jsonb_build_object('prev_mac', repeat('0', 64)) ELSE e END ORDER BY i) FROM jsonb_array_elements(:'body'::jsonb) WITH ORDINALITY AS x(e, i)"
out=$(audit_text t_a1 "$WORK/bad"); rc=$?
ok $((rc == 0)) "an audit batch whose chain does not link is refused"
like "$out" "does not link" "... saying where"
mangle "$WORK/audit" "$WORK/bad" "SELECT jsonb_agg(e ORDER BY i) FROM jsonb_array_elements(:'body'::jsonb) WITH ORDINALITY AS x(e, i) WHERE i <> 2"
out=$(audit_text t_a1 "$WORK/bad"); rc=$?
ok $((rc == 0)) "an audit batch with an entry left out is refused"
like "$out" "not contiguous" "... saying the sequence has a hole"
is "$(pg_sql central "SELECT audit_seq FROM madoguchi.terminals WHERE terminal_id = 'DEMO-A1'")" \
	"$head_before" "... and the central head has not moved"
out=$(sync_now DEMO-A1); rc=$?
is "$rc" 0 "the true chain is accepted"
is "$(pg_sql central "SELECT audit_seq FROM madoguchi.terminals WHERE terminal_id = 'DEMO-A1'")" \
	"$(tsql DEMO-A1 "SELECT max(seq) FROM audit_log")" "... up to the terminal's last entry"
# History already received cannot be rewritten: the same entries with another MAC.
mangle "$WORK/audit" "$WORK/bad" "SELECT jsonb_agg(CASE WHEN i = 1 THEN e || jsonb_build_object('mac', repeat('1', 64)) ELSE e END ORDER BY i) FROM jsonb_array_elements(:'body'::jsonb) WITH ORDINALITY AS x(e, i)"
out=$(audit_text t_a1 "$WORK/bad"); rc=$?
ok $((rc == 0)) "audit entries already received cannot be replaced"
like "$out" "differs from the one received before" "... the central store says so"

# --- Certificate number blocks never overlap ----------------------------------------------
sync_terminal DEMO-A2 t_a2
sync_now DEMO-A2 > /dev/null || bail "sync A2"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.number_blocks a JOIN madoguchi.number_blocks b
	ON a.id < b.id AND a.first_number <= b.last_number AND b.first_number <= a.last_number")" 0 \
	"the blocks leased by two terminals do not overlap"

# The schema files are loaded again only when they changed (or when asked): loading them
# alters tables terminals are using (tests/sync/test-revoke-storm.sh).
out=$(setup --office OFFICE-A); rc=$?
is "$rc" 0 "setup runs again with the same files"
like "$out" "schema of central as loaded before" "... and does not load them again"
out=$(setup --reload-schema); rc=$?
is "$rc" 0 "--reload-schema"
unlike "$out" "as loaded before" "... loads them"
changed=$WORK/sql-changed
mkdir -p "$changed"
cp "$top_srcdir"/db/central/0*.sql "$changed/"
printf '\n-- changed\n' >> "$changed/02-functions.sql"
out=$(setup --sql-dir "$changed"); rc=$?
is "$rc" 0 "setup with a changed 02-functions.sql"
unlike "$out" "as loaded before" "... loads the files"
is "$(pg_sql central "SELECT obj_description('madoguchi'::regnamespace, 'pg_namespace')")" \
	"madoguchi schema sha256:$(cat "$changed/01-schema.sql" "$changed/02-functions.sql" |
	sha256sum | cut -d' ' -f1)" "... and records which were loaded"
out=$(sync_now DEMO-A1); rc=$?
is "$rc" 0 "a terminal syncs on"

done_testing
