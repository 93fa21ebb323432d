#!/bin/sh
# SPEC §6: madoguchi-verify checks a certificate's signed record offline against the
# office's certificate; one changed byte fails with a clear message and exit 1.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
trap cleanup_fixture EXIT
command -v openssl > /dev/null || skip_all "openssl is not installed"

sign="$top_builddir/tests/tools/cert-sign"
openssl genpkey -algorithm ED25519 -out "$WORK/office.key" 2> /dev/null
openssl req -new -x509 -key "$WORK/office.key" -subj "/CN=OFFICE-13" -days 3650 \
	-out "$WORK/office.pem" 2> /dev/null
openssl genpkey -algorithm ED25519 -out "$WORK/other.key" 2> /dev/null
openssl req -new -x509 -key "$WORK/other.key" -subj "/CN=OTHER" -days 3650 \
	-out "$WORK/other.pem" 2> /dev/null
[ -s "$WORK/office.pem" ] || bail "openssl could not make a test certificate"

qr=$("$sign" "$WORK/office.key" OFFICE-13 BH-000123 building-hygiene "山田 花子" \
	1990-04-01 2020-05-01 2025-03-03 1)
out=$(madoguchi-verify "$qr" --cert "$WORK/office.pem"); rc=$?
is "$rc" 0 "a record signed by the office verifies"
like "$out" "VERIFIED" "and says so"
like "$out" "山田 花子" "with the certified name"
like "$out" "2025-03-03 (1)" "and the reissue"

# The record inside a file, e.g. the text a QR reader saved.
printf 'scanned: %s\n' "$qr" > "$WORK/cert.txt"
madoguchi-verify "$WORK/cert.txt" --cert "$WORK/office.pem" > /dev/null
is "$?" 0 "found and verified inside a file"
# A PDF must carry the office's seal over the whole file (tests/e2e/test-reissue.sh checks
# real certificates): the same record in a PDF made by anyone else is refused.
printf '%%PDF-1.7\n%% record %s\n%%%%EOF\n' "$qr" > "$WORK/cert.pdf"
err=$(madoguchi-verify "$WORK/cert.pdf" --cert "$WORK/office.pem" 2>&1); rc=$?
is "$rc" 1 "a PDF without the office's seal: exit 1"
like "$err" "carries no seal" "and says so"

# One changed byte in the payload: 山田 → another name would change many; change one char.
bad=$(printf '%s' "$qr" | sed 's/^MDG1\.\(.\)/MDG1.X/')
[ "$bad" != "$qr" ] || bad=$(printf '%s' "$qr" | sed 's/^MDG1\.\(.\)/MDG1.Y/')
err=$(madoguchi-verify "$bad" --cert "$WORK/office.pem" 2>&1); rc=$?
is "$rc" 1 "a changed byte: exit 1"
like "$err" "NOT VERIFIED" "a changed byte: clear message"
sed "s/MDG1\./MDG1.Q/" "$WORK/cert.txt" > "$WORK/tampered.txt"
madoguchi-verify "$WORK/tampered.txt" --cert "$WORK/office.pem" > /dev/null 2>&1
is "$?" 1 "a tampered file copy fails"

err=$(madoguchi-verify "$qr" --cert "$WORK/other.pem" 2>&1); rc=$?
is "$rc" 1 "another office's certificate: exit 1"
like "$err" "not signed by this office" "another office: says why"

madoguchi-verify "$qr" > /dev/null 2>&1
is "$?" 2 "no --cert: usage, exit 2"
madoguchi-verify "$qr" --cert "$WORK/missing.pem" > /dev/null 2>&1
is "$?" 3 "a missing certificate: exit 3"
printf 'junk' > "$WORK/junk.pem"
err=$(madoguchi-verify "$qr" --cert "$WORK/junk.pem" 2>&1); rc=$?
is "$rc" 3 "a file that is no certificate: exit 3"
like "$err" "not a PEM" "and says so"
printf 'nothing here' > "$WORK/empty.pdf"
err=$(madoguchi-verify "$WORK/empty.pdf" --cert "$WORK/office.pem" 2>&1); rc=$?
is "$rc" 1 "a file without a record: exit 1"
like "$err" "no certificate record" "and says so"

done_testing
