#!/bin/sh
# Issue 27: every program answers --version with its name and the package's version (a
# sysadmin comparing terminals, a bug report), exit status 0, nothing on standard error.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
WORK_ERR="$WORK/version.err"

version=$(sed -n 's/^AC_INIT(\[madoguchi\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
[ -n "$version" ] || bail "no version in configure.ac"
for p in madoguchi madoguchi-admin madoguchi-audit madoguchi-verify madoguchi-juki-sim \
	madoguchi-card-sim; do
	out=$("$p" --version 2> "$WORK_ERR")
	rc=$?
	is "$out $rc" "$p $version 0" "$p --version"
	is "$(cat "$WORK_ERR")" "" "... and nothing on standard error"
done

done_testing
