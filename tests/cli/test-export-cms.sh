#!/bin/sh
# Issue 21, the export core: rows masked, built as CSV in memory and encrypted with CMS
# (AES-256-GCM, AuthEnvelopedData) to the recipient's certificate. openssl cms -decrypt
# with the recipient's key gives exactly the CSV; another key does not open it; the given
# names the mask removed are nowhere in the decrypted bytes; the encrypted file is 0600
# and nothing in the clear is left beside it. Recipient certificates that are expired,
# not yet valid, not for encryption, or not certificates are refused with their reason.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
command -v openssl > /dev/null || skip_all "openssl is not installed"
X="$top_builddir/tests/tools/export-encrypt"
cd "$WORK" || bail "no work directory"

# cert NAME DAYS [EXT...]: a self-signed recipient certificate and its key.
cert() {
	_n=$1 _d=$2; shift 2
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$_n.key" -out "$_n.pem" \
		-subj "/CN=$_n" -days "$_d" "$@" > /dev/null 2>&1 || bail "cert $_n"
}
cert recipient 30 -addext "keyUsage=keyEncipherment,digitalSignature"
cert other 30
cert signonly 30 -addext "keyUsage=digitalSignature"
printf '山田 太郎\t東京都千代田区丸の内1-1\t1980-04-01\t=HYPERLINK("x")\n' > rows.tsv
printf '鈴木 花子\t神奈川県横浜市中区港町1-1\t1975-12-31\tok, "quoted"\n' >> rows.tsv

out=$("$X" recipient.pem utf8-bom export.p7m name=family-only address=municipality \
	birth=year note < rows.tsv 2>&1); rc=$?
is "$rc" 0 "an export, masked and encrypted"
like "$out" "rows 2 columns 4 sha256 $(sha256sum export.p7m | cut -d' ' -f1) recipient" \
	"... its rows, columns and the SHA-256 of the file"
is "$(stat -c %a export.p7m)" 600 "... the file is 0600"
is "$(ls | grep -c 'export.p7m')" 1 "... and nothing else is left beside it"
plain=$(openssl cms -decrypt -inform DER -in export.p7m -recip recipient.pem \
	-inkey recipient.key 2> /dev/null | od -An -c | tr -d ' \n')
want=$(printf '\357\273\277"name","address","birth","note"\r\n"山田","東京都千代田区","1980","'"'"'=HYPERLINK(""x"")"\r\n"鈴木","神奈川県横浜市中区","1975","ok, ""quoted"""\r\n' |
	od -An -c | tr -d ' \n')
is "$plain" "$want" "openssl cms -decrypt gives exactly the CSV (BOM, CRLF, quoting, formula neutralised)"
openssl cms -decrypt -inform DER -in export.p7m -recip recipient.pem -inkey recipient.key \
	-out plain.csv 2> /dev/null
for removed in 太郎 花子 丸の内 港町 04-01 12-31; do
	! grep -q "$removed" plain.csv
	ok $? "the masked part \"$removed\" is nowhere in the decrypted bytes"
done
rm -f plain.csv
openssl cms -decrypt -inform DER -in export.p7m -recip other.pem -inkey other.key \
	> /dev/null 2>&1
isnt "$?" 0 "another key does not open it"
is "$(openssl asn1parse -inform DER -in export.p7m 2> /dev/null | grep -c 'id-smime-ct-authEnvelopedData\|aes-256-gcm')" 2 \
	"the content is AuthEnvelopedData with AES-256-GCM"

out=$("$X" recipient.pem cp932 export-sjis.p7m name < rows.tsv 2>&1); rc=$?
is "$rc" 0 "CP932 for spreadsheet users"
openssl cms -decrypt -inform DER -in export-sjis.p7m -recip recipient.pem \
	-inkey recipient.key 2> /dev/null | iconv -f CP932 -t UTF-8 > sjis.csv
like "$(cat sjis.csv)" "山田 太郎" "... which decodes from CP932"

# Refusals, each with its reason and no file. Expired and not yet valid: the recipient's
# 30 days, seen from 31 days on and from a day before (the test clock).
out=$(MADOGUCHI_TEST_CLOCK=+$((31 * 86400)) "$X" recipient.pem utf8-bom x.p7m name \
	< rows.tsv 2>&1); rc=$?
is "$rc" 1 "an expired recipient certificate: refused"
like "$out" "has expired" "... saying so"
out=$(MADOGUCHI_TEST_CLOCK=-86400 "$X" recipient.pem utf8-bom x.p7m name < rows.tsv 2>&1)
rc=$?
is "$rc" 1 "a certificate not valid yet: refused"
like "$out" "not valid yet" "... saying so"
out=$("$X" signonly.pem utf8-bom x.p7m name < rows.tsv 2>&1); rc=$?
is "$rc" 1 "a certificate not for encryption: refused"
like "$out" "not for encryption" "... saying so"
printf 'not a certificate\n' > garbage.pem
out=$("$X" garbage.pem utf8-bom x.p7m name < rows.tsv 2>&1); rc=$?
is "$rc" 1 "garbage as the certificate: refused"
like "$out" "is not a certificate" "... saying so"
out=$("$X" recipient.pem latin1 x.p7m name < rows.tsv 2>&1); rc=$?
is "$rc" 1 "an unknown encoding: refused"
out=$("$X" recipient.pem utf8-bom x.p7m name=initials < rows.tsv 2>&1); rc=$?
is "$rc" 1 "an unknown mask: refused"
like "$out" "is not a mask" "... saying so"
printf '山田太郎\n' > nospace.tsv
out=$("$X" recipient.pem utf8-bom x.p7m name=family-only < nospace.tsv 2>&1); rc=$?
is "$rc" 1 "a name the mask cannot cut safely: refused"
printf '𠮷野 家\n' > gaiji.tsv
out=$("$X" recipient.pem cp932 x.p7m name < gaiji.tsv 2>&1); rc=$?
is "$rc" 1 "a character CP932 has not: refused"
like "$out" "row 1, column 1 (name)" "... naming the row and column"
[ ! -e x.p7m ] && [ ! -e x.p7m.tmp ]
ok $? "no refused export left a file"

done_testing
