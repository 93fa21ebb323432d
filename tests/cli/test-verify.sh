#!/bin/sh
# SPEC §6: madoguchi-verify checks a certificate's signed record offline against the
# office's certificate; one changed byte fails with a clear message and exit 1.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
trap cleanup_fixture EXIT
command -v openssl > /dev/null || skip_all "openssl is not installed"

sign="$top_builddir/tests/tools/cert-sign"
PATH="$top_builddir/tests/tools:$PATH"
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

# What a file may be: a sealed certificate PDF, or the record alone (the text a QR reader
# saved). Everything else is refused, whatever record it carries: verify_refuses FILE WHAT
# TEXT checks exit 1, TEXT on stderr and no VERIFIED on stdout.
verify_refuses() {
	out=$(madoguchi-verify "$1" --cert "$WORK/office.pem" 2> "$WORK/err"); rc=$?
	is "$rc" 1 "$2: exit 1"
	like "$(cat "$WORK/err")" "$3" "$2: says why"
	unlike "$out" "VERIFIED" "$2: nothing says VERIFIED"
}
verify_accepts() {	# verify_accepts FILE WHAT
	out=$(madoguchi-verify "$1" --cert "$WORK/office.pem" 2>&1); rc=$?
	is "$rc" 0 "$2: exit 0"
	like "$out" "VERIFIED" "$2: says so"
	like "$out" "山田 花子" "$2: with the certified name"
}
printf '%s\n' "$qr" > "$WORK/cert.txt"
verify_accepts "$WORK/cert.txt" "the record alone in a file, with a line end"
printf '%s' "$qr" > "$WORK/bare.txt"
verify_accepts "$WORK/bare.txt" "the record alone, no line end"
printf '%s\r\n' "$qr" > "$WORK/crlf.txt"
verify_accepts "$WORK/crlf.txt" "the record alone, CR LF"
printf 'scanned: %s\n' "$qr" > "$WORK/scanned.txt"
verify_refuses "$WORK/scanned.txt" "text before the record" "nor a record alone"
printf '%s\nissued to 山田 花子\n' "$qr" > "$WORK/after.txt"
verify_refuses "$WORK/after.txt" "text after the record" "nor a record alone"
printf '%s\n\n' "$qr" > "$WORK/two-ends.txt"
verify_refuses "$WORK/two-ends.txt" "two line ends after the record" "nor a record alone"
printf ' %s\n' "$qr" > "$WORK/space.txt"
verify_refuses "$WORK/space.txt" "a space before the record" "nor a record alone"

# A record lifted from a real certificate into a PDF made by anyone else: it carries no
# seal of the office, with or without something before %PDF- (a space, a UTF-8 BOM).
fake_pdf() {	# fake_pdf PREFIX: a PDF whose Keywords holds the real record
	printf '%s%%PDF-1.7\n1 0 obj\n<< /Keywords (%s) >>\nendobj\n' "$1" "$qr"
	printf 'trailer\n<< /Info 1 0 R >>\n%%%%EOF\n'
}
fake_pdf "" > "$WORK/fake.pdf"
verify_refuses "$WORK/fake.pdf" "the record in an unsealed PDF's Keywords" "carries no seal"
fake_pdf " " > "$WORK/space.pdf"
verify_refuses "$WORK/space.pdf" "a space before %PDF-" "not begin with %PDF-"
fake_pdf "$(printf '\357\273\277')" > "$WORK/bom.pdf"
verify_refuses "$WORK/bom.pdf" "a UTF-8 BOM before %PDF-" "not begin with %PDF-"

# A real certificate PDF, written and sealed as the desk prints it.
cert-pdf "$WORK/office.key" "$WORK/cert.pdf" "$qr" || bail "cert-pdf could not make a PDF"
verify_accepts "$WORK/cert.pdf" "the sealed certificate PDF"
like "$out" "sealed by the same key" "the sealed certificate PDF: its seal is reported"
{ cat "$WORK/cert.pdf"; printf 'x'; } > "$WORK/appended.pdf"
verify_refuses "$WORK/appended.pdf" "one byte after the seal" "carries no seal"
{ printf '%%PDF-1.7\n'; cat "$WORK/cert.pdf"; } > "$WORK/prepended.pdf"
verify_refuses "$WORK/prepended.pdf" "bytes before the sealed PDF" "changed after the office"
{ printf ' '; cat "$WORK/cert.pdf"; } > "$WORK/space-sealed.pdf"
verify_refuses "$WORK/space-sealed.pdf" "a space before the sealed PDF" "not begin with %PDF-"
{ printf '\357\273\277'; cat "$WORK/cert.pdf"; } > "$WORK/bom-sealed.pdf"
verify_refuses "$WORK/bom-sealed.pdf" "a UTF-8 BOM before the sealed PDF" "not begin with %PDF-"
# Another certificate's record swapped into the Keywords of a sealed PDF.
qr2=$("$sign" "$WORK/office.key" OFFICE-13 BH-000999 building-hygiene "山田 太郎" \
	1985-01-01 2021-06-01)
LC_ALL=C sed "s/$qr/$qr2/" "$WORK/cert.pdf" > "$WORK/swapped.pdf"
cmp -s "$WORK/cert.pdf" "$WORK/swapped.pdf"; is "$?" 1 "the swapped copy differs"
verify_refuses "$WORK/swapped.pdf" "another record in a sealed PDF" "changed after the office"
# The record is the document information's Keywords, found through the trailer, even in
# what the office sealed: a record anywhere else in the file is not the certificate's.
printf '%%PDF-1.4\n1 0 obj\n<< /Keywords (%s) >>\nendobj\n' "$qr" > "$WORK/elsewhere.pdf"
info=$(wc -c < "$WORK/elsewhere.pdf")
printf '2 0 obj\n<< /Title (none) >>\nendobj\n' >> "$WORK/elsewhere.pdf"
xref=$(wc -c < "$WORK/elsewhere.pdf")
{
	printf 'xref\n0 3\n0000000000 65535 f \n%010d 00000 n \n%010d 00000 n \n' 9 "$info"
	printf 'trailer\n<< /Size 3 /Info 2 0 R >>\nstartxref\n%d\n%%%%EOF\n' "$xref"
} >> "$WORK/elsewhere.pdf"
cert-pdf --seal "$WORK/office.key" "$WORK/elsewhere.pdf" || bail "cert-pdf --seal failed"
verify_refuses "$WORK/elsewhere.pdf" "a sealed PDF whose Keywords holds no record" \
	"holds no certificate record"

# One changed byte in the payload: 山田 → another name would change many; change one char.
bad=$(printf '%s' "$qr" | sed 's/^MDG1\.\(.\)/MDG1.X/')
[ "$bad" != "$qr" ] || bad=$(printf '%s' "$qr" | sed 's/^MDG1\.\(.\)/MDG1.Y/')
err=$(madoguchi-verify "$bad" --cert "$WORK/office.pem" 2>&1); rc=$?
is "$rc" 1 "a changed byte: exit 1"
like "$err" "NOT VERIFIED" "a changed byte: clear message"
sed "s/MDG1\./MDG1.Q/" "$WORK/cert.txt" > "$WORK/tampered.txt"
verify_refuses "$WORK/tampered.txt" "a tampered record file" "NOT VERIFIED"

err=$(madoguchi-verify "$qr" --cert "$WORK/other.pem" 2>&1); rc=$?
is "$rc" 1 "another office's certificate: exit 1"
like "$err" "not signed by this office" "another office: says why"

madoguchi-verify "$qr" > /dev/null 2>&1
is "$?" 2 "no --cert: usage, exit 2"
madoguchi-verify "$qr" --cert "$WORK/missing.pem" > /dev/null 2>&1
is "$?" 3 "a missing certificate: exit 3"
err=$(madoguchi-verify "$WORK/missing.pdf" --cert "$WORK/office.pem" 2>&1); rc=$?
is "$rc" 3 "a missing file: exit 3"
like "$err" "missing.pdf: No such file" "and says so, not that a record is bad"
printf 'junk' > "$WORK/junk.pem"
err=$(madoguchi-verify "$qr" --cert "$WORK/junk.pem" 2>&1); rc=$?
is "$rc" 3 "a file that is no certificate: exit 3"
like "$err" "not a PEM" "and says so"
printf 'nothing here' > "$WORK/empty.pdf"
verify_refuses "$WORK/empty.pdf" "a file without a record" "neither a certificate PDF"
: > "$WORK/zero.txt"
verify_refuses "$WORK/zero.txt" "an empty file" "neither a certificate PDF"

done_testing
