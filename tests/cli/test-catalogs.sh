#!/bin/sh
# The message catalogs (i18n/): scripts/check-catalogs passes on the tree, and on a copy of
# it names each fault: a message in no catalog, a message ja.po leaves untranslated, a
# source file that marks messages but is missing from i18n/POTFILES.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
trap cleanup_fixture EXIT
check="$top_srcdir/scripts/check-catalogs"

out=$("$check" "$top_srcdir" 2>&1); rc=$?
is "$rc" 0 "every marked message is in the catalogs, translated in ja.po"
is "$out" "" "... and nothing is said"

fresh() {	# a copy of the tree's sources and catalogs to break
	rm -rf "$WORK/tree" && mkdir -p "$WORK/tree" &&
	cp -R "$top_srcdir/lib" "$top_srcdir/db" "$top_srcdir/app" "$top_srcdir/screens" \
		"$top_srcdir/sim" "$top_srcdir/i18n" "$WORK/tree/"
}
expect_fault() {	# expect_fault DESCRIPTION MESSAGE
	out=$("$check" "$WORK/tree" 2>&1); rc=$?
	is "$rc" 1 "$1: refused"
	like "$out" "$2" "$1: named"
}

fresh && is "$("$check" "$WORK/tree" >/dev/null 2>&1; echo $?)" 0 "an unchanged copy passes"

fresh && printf 'const char *added(void) { return _("A message nobody translated"); }\n' \
	>> "$WORK/tree/app/admin/admin-common.c"
expect_fault "a new message" 'ja.po lacks msgid "A message nobody translated"'
like "$out" 'en.po lacks msgid "A message nobody translated"' "... in both catalogs"

fresh && printf '\nmsgid "A message nobody translated"\nmsgstr ""\n' >> "$WORK/tree/i18n/ja.po" &&
	printf '\nmsgid "A message nobody translated"\nmsgstr ""\n' >> "$WORK/tree/i18n/en.po" &&
	printf 'const char *added(void) { return _("A message nobody translated"); }\n' \
	>> "$WORK/tree/app/admin/admin-common.c"
expect_fault "a message ja.po leaves empty" 'ja.po lacks msgid "A message nobody translated"'
unlike "$out" 'en.po lacks' "... while English may stay as written"

fresh && printf 'const char *added(void) { return _("Help"); }\n' > "$WORK/tree/lib/extra.c"
expect_fault "a file missing from POTFILES" 'lib/extra.c marks messages but is not in i18n/POTFILES'

done_testing
