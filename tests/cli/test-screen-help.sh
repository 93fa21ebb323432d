#!/bin/sh
# Issue 26: F1 help on every screen. Every screen the program defines (each
# "const struct screen_ops" in screens/) has its help text, and every help text is in the
# Japanese catalog (check-catalogs fails on one that is not). A screen added without help
# fails here.
. "$top_srcdir/tests/lib/tap.sh"

screens=0
missing=""
for f in $(find "$top_srcdir/screens" -name '*.c' | sort); do
	out=$(awk '
		/^const struct screen_ops [a-z_]* = \{/ { name = $4; inside = 1; help = 0; next }
		inside && /\.help = N_\(/ { help = 1 }
		inside && /^\};/ { print name, help; inside = 0 }
	' "$f")
	[ -n "$out" ] || continue
	while read -r name help; do
		screens=$((screens + 1))
		[ "$help" = 1 ] || missing="$missing $name"
	done <<EOT
$out
EOT
done
[ "$screens" -ge 30 ]; ok $? "the screens are found ($screens)"
is "$missing" "" "every screen has its F1 help"

done_testing
