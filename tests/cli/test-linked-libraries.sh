#!/bin/sh
# Issue 28: the privileged monitor and the screen process (both the program madoguchi) map
# only the libraries on the list below; PDF drawing, printing and the central store's
# client live in the helpers under /usr/libexec/madoguchi, which map them instead. A
# library that creeps into madoguchi (a new dependency linked into the wrong program) fails
# here, named.
. "$top_srcdir/tests/lib/tap.sh"
command -v ldd > /dev/null || skip_all "ldd is not installed"

# What madoguchi may map, and why.
allowed='
linux-vdso.so.1		the kernel'"'"'s
ld-linux-x86-64.so.2	the dynamic loader
libc.so.6		C
libm.so.6		C (floating point, pulled in by ncurses and SQLCipher)
libpthread.so.0		C (SQLCipher, WAL)
libdl.so.2		C (SQLCipher loads no extension, but links it)
libsqlcipher.so.1	the encrypted database
libcrypto.so.3		SQLCipher, the keys, the audit chain, the certificates'"'"' signatures
libz.so.1		OpenSSL'"'"'s compression, where built with it
libncursesw.so.6	the screens
libtinfo.so.6		the screens
libpam.so.0		the monitor'"'"'s logins
libaudit.so.1		PAM (Linux audit of logins)
libcap-ng.so.0		PAM'"'"'s libaudit
libpcsclite.so.1	the screen process reads the My Number card through pcscd
'
names() {	# names PROGRAM: the sonames it maps, one per line
	ldd "$1" | awk '{ n = $1; sub(/.*\//, "", n); print n }' | sort -u
}

for prog in madoguchi; do
	extra=$(names "$top_builddir/$prog" | while read -r lib; do
		printf '%s\n' "$allowed" | grep -q "^$lib	" || printf '%s ' "$lib"
	done)
	is "$extra" "" "$prog maps only the allowed libraries"
	n=$(names "$top_builddir/$prog" | wc -l)
	[ "$n" -le 14 ]; ok $? "$prog maps $n libraries (80 before the helpers)"
done

# The helpers hold what left: they must still map it, or the split proves nothing.
names "$top_builddir/madoguchi-print" | grep -q '^libcairo\.so'
ok $? "madoguchi-print maps cairo"
names "$top_builddir/madoguchi-print" | grep -q '^libcups\.so'
ok $? "madoguchi-print maps libcups"
names "$top_builddir/madoguchi-sync" | grep -q '^libpq\.so'
ok $? "madoguchi-sync maps libpq"
names "$top_builddir/madoguchi-sync" | grep -q '^libcairo\.so'
ok $(( ! $? )) "madoguchi-sync does not map cairo"
names "$top_builddir/madoguchi-print" | grep -q '^libpq\.so\|^libsqlcipher\.so'
ok $(( ! $? )) "madoguchi-print maps neither libpq nor the database"
done_testing
