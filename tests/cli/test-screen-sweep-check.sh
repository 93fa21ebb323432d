#!/bin/sh
# Issue 26: the screen sweep's checker (tests/tools/screen-sweep-check) on small screens
# with a catalogue of its own: text cut at the edge or in a list's column is reported,
# the same text wrapped onto the next row is not, nor a string that is the start of a
# longer one; on a Japanese screen an English msgid is reported, a key name, a user
# name and a code are not.
. "$top_srcdir/tests/lib/tap.sh"

CHECK="$top_builddir/tests/tools/screen-sweep-check"
D="$top_srcdir/tests/data"
PO="$D/sweep-catalogue.po"

out=$("$CHECK" en "$PO" "$D/sweep-cut-en.txt"); rc=$?
is "$rc" 1 "en: cut text fails the screen"
is "$out" 'cut: row 3 col 10: "The certificate number range of this terminal is used up; ask for a new" of "The certificate number range of this terminal is used up; ask for a new block."
cut: row 5 col 7: "Building environmental hygiene manage" of "Building environmental hygiene manager"' \
	"en: the row cut at the edge and the list's cell cut at its width"

out=$("$CHECK" en "$PO" "$D/sweep-wrap-en.txt"); rc=$?
is "$rc" 0 "en: wrapped text, a whole shorter string and a printf string's value pass"
is "$out" "" "... with nothing reported"

out=$("$CHECK" -x tanaka ja "$PO" "$D/sweep-cut-ja.txt"); rc=$?
is "$rc" 1 "ja: cut text fails the screen"
is "$out" 'cut: row 3 col 11: "この端末の免状番号の範囲を使い切りました。新しいブロックを申請してくだ" of "この端末の免状番号の範囲を使い切りました。新しいブロックを申請してください。"' \
	"ja: the msgstr cut at the edge, at its columns (wide characters count two)"

out=$("$CHECK" -x tanaka ja "$PO" "$D/sweep-english-ja.txt"); rc=$?
is "$rc" 1 "ja: an English msgid fails the screen"
is "$out" 'english: row 7 col 31: "Log out"' \
	"ja: only the msgid: not Enter, tanaka, BH-000500, Certificates-2, nor the wrapped text"

# An English screen is not checked for English words.
"$CHECK" en "$PO" "$D/sweep-english-ja.txt" > /dev/null
ok $? "en: English on the screen is no finding"
"$CHECK" ja "$PO" "$D/sweep-english-ja.txt" > /dev/null
is $? 1 "ja: a user name is an exception only when it is given (-x)"

"$CHECK" xx "$PO" "$D/sweep-cut-en.txt" 2> /dev/null
is $? 2 "an unknown language is a usage error"

done_testing
