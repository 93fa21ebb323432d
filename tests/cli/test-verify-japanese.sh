#!/bin/sh
# Issue 26 (one language at a time): madoguchi-verify names the certified qualification in
# the reader's language, never by the register's code (building-hygiene); a code it does
# not know is printed as it is.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
trap cleanup_fixture EXIT
command -v openssl > /dev/null || skip_all "openssl is not installed"

sign="$top_builddir/tests/tools/cert-sign"
openssl genpkey -algorithm ED25519 -out "$WORK/office.key" 2> /dev/null
openssl req -new -x509 -key "$WORK/office.key" -subj "/CN=OFFICE-13" -days 3650 \
	-out "$WORK/office.pem" 2> /dev/null
[ -s "$WORK/office.pem" ] || bail "openssl could not make a test certificate"

qr=$("$sign" "$WORK/office.key" OFFICE-13 BH-000123 building-hygiene "山田 花子" \
	1990-04-01 2020-05-01 "" 0)
out=$(LANGUAGE=ja madoguchi-verify "$qr" --cert "$WORK/office.pem"); rc=$?
is "$rc" 0 "the record verifies"
like "$out" "資格:        建築物環境衛生管理技術者" "the qualification's name in Japanese"
unlike "$out" "building-hygiene" "... not its code"
out=$(LANGUAGE=en madoguchi-verify "$qr" --cert "$WORK/office.pem")
like "$out" "Qualification:       Building environmental hygiene manager" \
	"the qualification's name in English"

qr=$("$sign" "$WORK/office.key" OFFICE-13 RD-000124 registered-dietitian "山田 花子" \
	1990-04-01 2020-05-01 "" 0)
out=$(LANGUAGE=ja madoguchi-verify "$qr" --cert "$WORK/office.pem")
like "$out" "資格:        管理栄養士" "another qualification, in Japanese"

qr=$("$sign" "$WORK/office.key" OFFICE-13 XX-000125 future-qualification "山田 花子" \
	1990-04-01 2020-05-01 "" 0)
out=$(LANGUAGE=ja madoguchi-verify "$qr" --cert "$WORK/office.pem"); rc=$?
is "$rc" 0 "a record with a qualification this version does not know verifies"
like "$out" "資格:        future-qualification" "... and its code is printed as it is"
done_testing
