#!/bin/sh
# Issue 24: madoguchi-verify checks a receipt slip's (受付票) signed record and its sealed
# PDF, says it is a slip of reception R…, and refuses a changed, relabelled, foreign or
# malformed one with exit 1 and why; a slip's record never passes as a certificate's.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
trap cleanup_fixture EXIT
command -v openssl > /dev/null || skip_all "openssl is not installed"

PATH="$top_builddir/tests/tools:$PATH"
openssl genpkey -algorithm ED25519 -out "$WORK/office.key" 2> /dev/null
openssl req -new -x509 -key "$WORK/office.key" -subj "/CN=OFFICE-13" -days 3650 \
	-out "$WORK/office.pem" 2> /dev/null
openssl genpkey -algorithm ED25519 -out "$WORK/other.key" 2> /dev/null
openssl req -new -x509 -key "$WORK/other.key" -subj "/CN=OTHER" -days 3650 \
	-out "$WORK/other.pem" 2> /dev/null
[ -s "$WORK/office.pem" ] || bail "openssl could not make a test certificate"

verify() {	# verify ARGS...: out, err, rc
	out=$(madoguchi-verify "$@" 2> "$WORK/err"); rc=$?
	err=$(cat "$WORK/err")
}

qr=$(slip-sign "$WORK/office.key" OFFICE-13 T-TEST-01 R2026-0001234 reissue 2026-04-01)
is "${qr%%.*}" "MDS1" "a slip's record begins MDS1."
verify "$qr" --cert "$WORK/office.pem"
is "$rc" 0 "a slip's record signed by the office verifies"
like "$out" "VERIFIED: a receipt slip (受付票) of reception R2026-0001234" "and says what it is"
like "$out" "再交付 (reissue)" "with its kind"
like "$out" "2026-04-01" "and its date received"
like "$out" "T-TEST-01" "and the terminal"
unlike "$out" "Certificate number" "never shown as a certificate"
verify "$qr" --cert "$WORK/office.pem" --slip
is "$rc" 0 "--slip accepts a slip"

printf '%s\n' "$qr" > "$WORK/slip.txt"
verify "$WORK/slip.txt" --cert "$WORK/office.pem"
is "$rc" 0 "the record alone in a file verifies"
printf 'scanned: %s\n' "$qr" > "$WORK/scanned.txt"
verify "$WORK/scanned.txt" --cert "$WORK/office.pem"
is "$rc" 1 "text before a slip's record: exit 1"

# The slip's PDF, drawn by the print helper and sealed as the desk prints it.
slip-sign --pdf "$WORK/slip.pdf" "$WORK/office.key" OFFICE-13 T-TEST-01 R2026-0001234 \
	reissue 2026-04-01 > /dev/null || bail "slip-sign could not write a PDF"
verify "$WORK/slip.pdf" --cert "$WORK/office.pem"
is "$rc" 0 "the sealed slip PDF verifies"
like "$out" "sealed by the same key" "its seal is reported"
like "$out" "of reception R2026-0001234" "as a slip of its reception"
verify "$WORK/slip.pdf" --cert "$WORK/office.pem" --certificate
is "$rc" 1 "--certificate refuses the slip PDF"
like "$err" "a receipt slip's record (MDS1), not a certificate's" "and says why"
cp "$WORK/slip.pdf" "$WORK/tampered.pdf"
# One byte of the sealed bytes changed (inside the PDF, before the seal line).
printf 'X' | dd of="$WORK/tampered.pdf" bs=1 seek=200 conv=notrunc 2> /dev/null
cmp -s "$WORK/slip.pdf" "$WORK/tampered.pdf"; is "$?" 1 "the tampered copy differs"
verify "$WORK/tampered.pdf" --cert "$WORK/office.pem"
is "$rc" 1 "a changed slip PDF: exit 1"
like "$err" "NOT VERIFIED" "says NOT VERIFIED"
unlike "$out" "VERIFIED" "nothing says VERIFIED"

# Bad signature: one changed byte in the payload, another office's key.
bad=$(printf '%s' "$qr" | sed 's/^MDS1\.\(.\)/MDS1.X/')
[ "$bad" != "$qr" ] || bad=$(printf '%s' "$qr" | sed 's/^MDS1\.\(.\)/MDS1.Y/')
verify "$bad" --cert "$WORK/office.pem"
is "$rc" 1 "a changed byte: exit 1"
like "$err" "NOT VERIFIED" "a changed byte: NOT VERIFIED"
verify "$qr" --cert "$WORK/other.pem"
is "$rc" 1 "another office: exit 1"
like "$err" "not signed by this office" "another office: says why"

# Wrong type: relabelled as a certificate's record, or a certificate's as a slip's; a
# certificate with --slip; an unknown prefix.
relabelled=$(printf '%s' "$qr" | sed 's/^MDS1\./MDG1./')
verify "$relabelled" --cert "$WORK/office.pem"
is "$rc" 1 "a slip's record relabelled MDG1: exit 1"
unlike "$out" "VERIFIED" "relabelled: not verified as a certificate"
cqr=$(cert-sign "$WORK/office.key" OFFICE-13 BH-000123 building-hygiene "山田 花子" \
	1990-04-01 2020-05-01)
verify "$(printf '%s' "$cqr" | sed 's/^MDG1\./MDS1./')" --cert "$WORK/office.pem"
is "$rc" 1 "a certificate's record relabelled MDS1: exit 1"
like "$err" "signature does not match" "relabelled: the signature says no"
verify "$cqr" --cert "$WORK/office.pem" --slip
is "$rc" 1 "--slip refuses a certificate's record"
like "$err" "a certificate's record (MDG1), not a receipt slip's (MDS1)" "and says why"
verify "$cqr" --cert "$WORK/office.pem"
is "$rc" 0 "the certificate's record still verifies as a certificate"
like "$out" "Certificate number" "shown as a certificate"
verify "MDX1.$(printf '%s' "$qr" | cut -d. -f2-)" --cert "$WORK/office.pem"
is "$rc" 1 "an unknown record type: exit 1"
like "$err" "not a madoguchi record of a known type" "and says so"

# Malformed.
for m in "MDS1." "MDS1.AAAA" "MDS1.AA.AA.AA" "MDS1.A*AA.AAAA" "MDS1.AAAA.AAAA"; do
	verify "$m" --cert "$WORK/office.pem"
	is "$rc" 1 "malformed '$m': exit 1"
	like "$err" "NOT VERIFIED" "malformed '$m': NOT VERIFIED"
done
verify "$qr" --cert "$WORK/office.pem" --slip --certificate
is "$rc" 2 "--slip with --certificate: usage, exit 2"

done_testing
