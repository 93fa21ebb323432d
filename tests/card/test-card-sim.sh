#!/bin/sh
# madoguchi-card-sim through a private pcscd and the vpcd reader driver, driven with the
# tests' own PC/SC client (pcsc-apdu): the conversation of docs/mynumber-card.md byte for
# byte (the expected files are built here again from the document), the PIN's tries, the
# faults, the state file and the log, and the command line.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pcsc.sh"
pcsc_require
trap 'pcsc_stop; cleanup_fixture' EXIT
pcsc_start

AP="00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08"
EF_PIN="00 A4 02 0C 02 00 11"
EF_MYNUMBER="00 A4 02 0C 02 00 01"
EF_FOUR="00 A4 02 0C 02 00 02"
EF_SIGNATURE="00 A4 02 0C 02 00 03"
TRIES="00 20 00 80"
PIN=4791
VERIFY="00 20 00 80 04 34 37 39 31"	# 4791
WRONG="00 20 00 80 04 30 30 30 30"	# 0000
READ="00 B0 00 00 00"

MYNUMBER=123456789018
NAME="山田　花子"
ADDR="東京都千代田区霞が関1-1-1"
BIRTH=19800401
SEX=2
PERSON="--mynumber $MYNUMBER --birth $BIRTH --sex $SEX --pin $PIN"
insert() {	# insert [ARGS...]: the test person's card
	card_insert $PERSON --name "$NAME" --address "$ADDR" --state "$WORK/state" \
		--log "$WORK/card.log" "$@"
}

# Each call is one connection: the card keeps its session between calls while pcscd keeps
# it powered, but each conversation below is sent whole to be independent of that.
talk() {
	pcsc_apdu --reader "$PCSC_READER" "$@" > "$WORK/talk" 2> "$WORK/talk.err"
}
line() {	# line N: the N-th response of the last talk
	sed -n "${1}p" "$WORK/talk"
}
sw() {	# sw N: its status word
	line "$1" | sed 's/.*\([0-9A-F][0-9A-F]\) \([0-9A-F][0-9A-F]\)$/\1\2/'
}
data() {	# data N: its data, without the status word
	line "$1" | sed 's/ *[0-9A-F][0-9A-F] [0-9A-F][0-9A-F]$//'
}
hex() {	# hex TEXT: its bytes as pcsc-apdu prints them
	printf %s "$1" | od -An -tx1 -v | tr 'a-f\n' 'A-F ' | tr -s ' ' | sed 's/^ //; s/ $//'
}
count() {	# count HEX: its bytes
	echo "$1" | wc -w | tr -d ' '
}
tlv() {	# tlv TAG HEX: one element with a short length
	printf '%s %02X %s' "$1" "$(count "$2")" "$2"
}
sha256() {	# sha256 HEX: of those bytes, as pcsc-apdu prints
	echo "$1" | tr -d ' ' | xxd -r -p | openssl dgst -sha256 -r | cut -c1-64 |
		tr 'a-f' 'A-F' | sed 's/../& /g; s/ $//'
}
words() {	# words FROM TO HEX
	echo "$3" | cut -d' ' -f"$1-$2"
}

# The expected files, from the document.
EF1="FF 10 0C $(hex "$MYNUMBER")"
four() {	# four NAME-HEX: EF 0002 of the test person with that name
	_n=$(tlv "DF 22" "$1")
	_a=$(tlv "DF 23" "$(hex "$ADDR")")
	_b=$(tlv "DF 24" "$(hex "$BIRTH")")
	_s=$(tlv "DF 25" "$(hex "$SEX")")
	_o1=11
	_o2=$((_o1 + $(count "$_n")))
	_o3=$((_o2 + $(count "$_a")))
	_o4=$((_o3 + $(count "$_b")))
	_offsets=$(printf '%02X %02X %02X %02X %02X %02X %02X %02X' \
		$((_o1 >> 8)) $((_o1 & 255)) $((_o2 >> 8)) $((_o2 & 255)) \
		$((_o3 >> 8)) $((_o3 & 255)) $((_o4 >> 8)) $((_o4 & 255)))
	tlv "FF 20" "DF 21 08 $_offsets $_n $_a $_b $_s"
}
EF2=$(four "$(hex "$NAME")")

# ---- the reader, the card, its ATR
like "$(pcsc_apdu readers)" "$PCSC_READER" "the private pcscd lists the vpcd reader"
is "$PCSC_READER" "Virtual PCD 00 00" "... by its name"
is "$(pcsc_apdu --reader "$PCSC_READER" status)" "empty" "... without a card"
if getent passwd madoguchi > /dev/null; then
	out=$(setpriv --reuid madoguchi --regid madoguchi --clear-groups \
		env PCSCLITE_CSOCK_NAME="$PCSCLITE_CSOCK_NAME" "$PCSC_APDU" readers 2>&1)
	like "$out" "$PCSC_READER" "the system user madoguchi reaches the private pcscd"
fi
insert
is "$(pcsc_apdu --reader "$PCSC_READER" status)" "present" "the card is inserted"
is "$(pcsc_apdu --reader "$PCSC_READER" atr)" "3B E0 00 FF 81 31 FE 45 14" "... with its ATR"
if getent passwd madoguchi > /dev/null; then
	out=$(setpriv --reuid madoguchi --regid madoguchi --clear-groups \
		env PCSCLITE_CSOCK_NAME="$PCSCLITE_CSOCK_NAME" "$PCSC_APDU" --reader "$PCSC_READER" \
		"$AP" 2>&1)
	is "$out" "90 00" "... and the system user madoguchi talks to it"
fi
is "$(cat "$WORK/state")" "tries 3
verifies 0" "the state file from the start"

# ---- the whole conversation
talk "$AP" "$EF_PIN" "$TRIES" "$VERIFY" "$EF_MYNUMBER" "$READ" \
	"$EF_FOUR" "00 B0 00 00 20" "00 B0 00 20 20" "00 B0 00 40 20" "00 B0 01 00 00" \
	"$EF_SIGNATURE" "$READ" "00 B0 01 00 00"
is "$?" 0 "the conversation goes through"
is "$(sw 1) $(sw 2)" "9000 9000" "SELECT of the AP and of the PIN EF: 9000"
is "$(sw 3)" "63C3" "VERIFY without data: 3 tries left"
is "$(sw 4)" "9000" "VERIFY with the PIN: 9000"
is "$(sw 5) $(sw 6)" "9000 9000" "EF 0001 selected and read"
got=$(data 6)
is "$(words 1 15 "$got")" "$EF1" "EF 0001: FF 10 0C and the twelve digits"
is "$(words 16 99 "$got" | tr -d 'F ')" "" "... then padding 0xFF only"
isnt "$(words 16 99 "$got")" "" "... of a few bytes"
is "$(sw 8) $(sw 9) $(sw 10)" "9000 9000 9000" "EF 0002 read in chunks of 32 bytes"
ef2="$(data 8) $(data 9) $(data 10)"
is "$ef2" "$EF2" "EF 0002: the four items and their offsets, byte for byte"
is "$(count "$(data 10)")" "$(( $(count "$EF2") - 64 ))" "... the last chunk short at the file's end"
is "$(sw 11)" "6B00" "a READ beyond the end: 6B00"
is "$(sw 12) $(sw 13) $(sw 14)" "9000 9000 9000" "EF 0003 read in two chunks"
ef3="$(data 13) $(data 14)"
is "$(words 1 5 "$ef3")" "FF 30 82 01 4B" "EF 0003: FF 30 82 01 4B"
is "$(count "$ef3")" 336 "... 336 bytes"
is "$(words 6 8 "$ef3")" "DF 31 20" "... DF 31 20"
is "$(words 9 40 "$ef3")" "$(sha256 "$EF1")" "... the SHA-256 of EF 0001's element"
is "$(words 41 43 "$ef3")" "DF 32 20" "... DF 32 20"
is "$(words 44 75 "$ef3")" "$(sha256 "$EF2")" "... the SHA-256 of EF 0002's element"
is "$(words 76 80 "$ef3")" "DF 33 82 01 00" "... DF 33 82 01 00 and the signature"
is "$(cat "$WORK/state")" "tries 3
verifies 1" "one VERIFY with a PIN counted"
log=$(cat "$WORK/card.log")
like "$log" "SELECT AP -> 9000" "the log has the SELECTs"
like "$log" "VERIFY (no data) -> 63C3" "... the VERIFYs without data"
like "$log" "VERIFY (4 bytes) -> 9000" "... and with"
like "$log" "READ 0002 @64 -> $(( $(count "$EF2") - 64 )) bytes 9000" "... and the READs"

# ---- the PIN's tries
talk "$AP" "$EF_PIN" "$WRONG" "$WRONG" "$TRIES" "$VERIFY" "$TRIES"
is "$(sw 3) $(sw 4)" "63C2 63C1" "a wrong PIN twice: 63C2 then 63C1"
is "$(sw 5)" "63C1" "... which VERIFY without data repeats"
is "$(sw 6) $(sw 7)" "9000 63C3" "the right PIN: 9000, and the tries are 3 again"
is "$(cat "$WORK/state")" "tries 3
verifies 4" "the state file counts each VERIFY with a PIN"
talk "$AP" "$EF_PIN" "$WRONG" "$WRONG" "$WRONG" "$VERIFY" "$TRIES"
is "$(sw 3) $(sw 4) $(sw 5)" "63C2 63C1 63C0" "three wrong PINs: down to 63C0"
is "$(sw 6) $(sw 7)" "6983 6983" "then even the right PIN: 6983, locked"
is "$(cat "$WORK/state")" "tries 0
verifies 8" "... tries 0 in the state file"

# ---- re-insertion: the card keeps its tries, not its session
card_remove
insert
talk "$AP" "$EF_PIN" "$WRONG"
is "$(sw 3)" "63C2" "a wrong PIN"
inserted=$(grep -c '^INSERTED$' "$WORK/card.log")
pcsc_restart
pcsc_wait 10 _pcsc_card_is present
is "$?" 0 "pcscd restarted: the simulator inserts the card again"
talk "$AP" "$EF_PIN" "$TRIES" "$VERIFY"
is "$(sw 3) $(sw 4)" "63C2 9000" "... which kept its tries"
is "$(grep -c '^INSERTED$' "$WORK/card.log")" "$((inserted + 1))" "... and logged the insertion"
card_remove
insert --once
pcsc_restart
card_exited
is "$?" 0 "with --once the simulator exits when the card is removed"
is "$(pcsc_apdu --reader "$PCSC_READER" status)" "empty" "... and stays out"

# ---- refusals
insert
talk "$AP" "$EF_MYNUMBER" "$READ" "$EF_PIN" "$VERIFY" "$AP" "$EF_MYNUMBER" "$READ"
is "$(sw 2) $(sw 3)" "9000 6982" "READ before VERIFY: 6982"
is "$(sw 5)" "9000" "the PIN verified"
is "$(sw 8)" "6982" "... and forgotten when the AP is selected again"
talk "$AP" "$EF_PIN" "$VERIFY" "$EF_PIN" "$READ" "00 A4 02 0C 02 00 05" "$READ" \
	"00 A4 04 0C 03 A0 00 00" "00 CA 00 00 00" "80 B0 00 00 00" "00 B0 00 00"
is "$(sw 5)" "6981" "the PIN EF cannot be read: 6981"
is "$(sw 6)" "6A82" "an unknown EF: 6A82"
is "$(sw 7)" "6981" "... which leaves the PIN EF selected"
is "$(sw 8)" "6A82" "an unknown AID: 6A82"
is "$(sw 9)" "6D00" "an unknown INS: 6D00"
is "$(sw 10)" "6E00" "another class: 6E00"
is "$(sw 11)" "6700" "a READ without Le: 6700"
is "$(cat "$WORK/state")" "tries 3
verifies 2" "a new card (simulator) starts with its own tries"
unlike "$(cat "$WORK/card.log")" "$PIN" "the log never holds the PIN"
unlike "$(cat "$WORK/card.log")" "34 37 39 31" "... nor its bytes"
unlike "$(cat "$PCSC_DIR/card.out")" "$PIN" "nor does the simulator's output"

# ---- faults
card_remove
insert --fault locked
talk "$AP" "$EF_PIN" "$TRIES" "$VERIFY" "$EF_MYNUMBER" "$READ"
is "$(sw 3) $(sw 4)" "6983 6983" "--fault locked: 6983 to VERIFY with and without data"
is "$(sw 6)" "6982" "... and nothing to read"
is "$(head -1 "$WORK/state")" "tries 0" "... tries 0"

card_remove
insert --fault not-mynumber-card
talk "$AP"
is "$(sw 1)" "6A82" "--fault not-mynumber-card: the AP's SELECT answers 6A82"

card_remove
insert --fault malformed-mynumber
talk "$AP" "$EF_PIN" "$VERIFY" "$EF_MYNUMBER" "$READ"
is "$(words 1 15 "$(data 5)")" "FF 10 0D $(hex "$MYNUMBER")" \
	"--fault malformed-mynumber: 0D for twelve digits"

card_remove
insert --fault malformed-four
talk "$AP" "$EF_PIN" "$VERIFY" "$EF_FOUR" "$READ"
got=$(data 5)
is "$(words 1 3 "$got")" "$(words 1 3 "$EF2")" "--fault malformed-four: the outer element as it was"
is "$(count "$got")" "$(count "$EF2")" "... the file as long"
is "$(echo "$got" | awk '{ print $(NF - 3), $(NF - 2), $(NF - 1), $NF }')" "DF 25 05 32" \
	"... and the sex says 5 bytes where 1 is left"

card_remove
insert --fault overlong-four
talk "$AP" "$EF_PIN" "$VERIFY" "$EF_FOUR" "$READ" "00 B0 01 00 00"
got="$(data 5) $(data 6)"
long=$(i=0; while [ $i -lt 100 ]; do printf 'あ'; i=$((i + 1)); done)
# After DF 21 (11 bytes) the name's element of 305 bytes, the address's of 38, the birth
# date's of 11, the sex's of 4: offsets 0B, 13C, 162, 16D; the value 369 bytes.
is "$(words 1 16 "$got")" "FF 20 82 01 71 DF 21 08 00 0B 01 3C 01 62 01 6D" \
	"--fault overlong-four: the outer length in three bytes, the offsets past 255"
is "$(words 17 321 "$got")" "DF 22 82 01 2C $(hex "$long")" "... a name of 300 bytes of UTF-8"
is "$(words 322 999 "$got")" "$(words 33 999 "$EF2")" "... then the other items as they were"

card_remove
insert --fault non-utf8
talk "$AP" "$EF_PIN" "$VERIFY" "$EF_FOUR" "$READ"
is "$(data 5)" "$(four "$(hex "$NAME") FF")" "--fault non-utf8: the name ends in 0xFF"

card_remove
insert --fault bad-hash
talk "$AP" "$EF_PIN" "$VERIFY" "$EF_FOUR" "$READ" "$EF_SIGNATURE" "$READ" "00 B0 01 00 00"
ef3="$(data 7) $(data 8)"
is "$(data 5)" "$EF2" "--fault bad-hash: EF 0002 as it was"
is "$(words 9 40 "$ef3")" "$(sha256 "$EF1")" "... EF 0001's hash right"
isnt "$(words 44 75 "$ef3")" "$(sha256 "$EF2")" "... EF 0002's hash wrong"

card_remove
insert --fault remove-during-read
talk "$AP" "$EF_PIN" "$VERIFY" "$EF_FOUR" "$READ"
rc=$?
isnt "$rc" 0 "--fault remove-during-read: the READ of EF 0002 fails"
like "$(cat "$WORK/talk.err")" "SCardTransmit" "... in the transmission"
pcsc_wait 10 _pcsc_card_is empty
is "$?" 0 "... and the reader has no card"
card_exited
is "$?" 0 "... the simulator exits 0"
card_remove

# bad-check-digit: refused without the fault, taken with it.
BAD=123456789010
"$CARD_SIM" --port "$PCSC_PORT" --mynumber "$BAD" --name x --address y --birth "$BIRTH" \
	--sex 1 --pin 1111 > "$WORK/out" 2> "$WORK/err"
is "$?" 2 "a --mynumber with a wrong check digit: exit 2"
like "$(cat "$WORK/err")" "check digit" "... saying so"
card_insert --mynumber "$BAD" --fault bad-check-digit --name x --address y --birth "$BIRTH" \
	--sex 1 --pin 1111
talk "$AP" "$EF_PIN" "00 20 00 80 04 31 31 31 31" "$EF_MYNUMBER" "$READ"
is "$(words 1 15 "$(data 5)")" "FF 10 0C $(hex "$BAD")" "... taken with --fault bad-check-digit"
card_remove

# ---- the command line
sim() {	# sim ARGS...: rc and stderr of a run that must not start
	"$CARD_SIM" --port "$PCSC_PORT" "$@" > "$WORK/out" 2> "$WORK/err"
}
expect_bad() {	# expect_bad DESCRIPTION MESSAGE ARGS...
	_what=$1 _msg=$2
	shift 2
	sim "$@"
	is "$?" 2 "$_what: exit 2"
	like "$(cat "$WORK/err")" "$_msg" "$_what: said on stderr"
}
good="--mynumber $MYNUMBER --name x --address y --birth $BIRTH --sex 1"
expect_bad "--sex 4" "--sex must be 1, 2 or 3" $good --sex 4 --pin 1234
expect_bad "--birth 19991332" "--birth must be a calendar day" $good --birth 19991332 --pin 1234
expect_bad "--birth 20230229" "--birth must be a calendar day" $good --birth 20230229 --pin 1234
expect_bad "--pin 12a4" "--pin must be 4 digits" $good --pin 12a4
expect_bad "--pin 12345" "--pin must be 4 digits" $good --pin 12345
unlike "$(cat "$WORK/err")" "12345" "... without echoing the PIN"
expect_bad "no --pin" "are needed" $good
expect_bad "--mynumber of 11 digits" "--mynumber must be 12 digits" $good \
	--mynumber 12345678901 --pin 1234
expect_bad "--tries 0" "--tries must be 1 to 15" $good --pin 1234 --tries 0
expect_bad "--fault melt" "unknown fault: melt" $good --pin 1234 --fault melt
expect_bad "--port x" "--port must be" $good --pin 1234 --port x
expect_bad "an unknown option" "usage: madoguchi-card-sim" $good --pin 1234 --bogus
out=$("$CARD_SIM" --help 2> "$WORK/err")
is "$?" 0 "--help exits 0"
like "$out" "--fault KIND" "... with every option"
is "$(cat "$WORK/err")" "" "... on stdout"
is "$(pcsc_apdu --reader "$PCSC_READER" status)" "empty" "no bad command line inserted a card"
done_testing
