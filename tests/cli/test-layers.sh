#!/bin/sh
# The layering of the source tree (docs/layout.md): scripts/check-layers passes on the tree,
# and on a copy of it fails, naming file and rule, for each kind of wrong include: db/ and
# lib/ reaching up, a ".." path around the include roots, a simulator using the terminal's
# Juki codec or its validators, a second header of one name, a subsystem folder without its
# fragment. The compiler refuses the same upward includes: db/ and lib/ are built with their
# own include roots only (Makefile.am).
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
trap cleanup_fixture EXIT
check="$top_srcdir/scripts/check-layers"

out=$("$check" "$top_srcdir" 2>&1); rc=$?
is "$rc" 0 "the tree keeps its layers"
is "$out" "" "... and says nothing"

fresh() {	# a copy of the source folders to break
	rm -rf "$WORK/tree" && mkdir -p "$WORK/tree" &&
	cp -R "$top_srcdir/lib" "$top_srcdir/db" "$top_srcdir/app" "$top_srcdir/screens" \
		"$top_srcdir/sim" "$WORK/tree/"
}
expect_fault() {	# expect_fault DESCRIPTION MESSAGE
	out=$("$check" "$WORK/tree" 2>&1); rc=$?
	is "$rc" 1 "$1: refused"
	like "$out" "$2" "$1: named"
}

fresh && is "$("$check" "$WORK/tree" 2>&1; echo $?)" 0 "an unchanged copy passes"

fresh && printf '#include "juki/juki-lookup.h"\n' >> "$WORK/tree/db/juki/juki-store.c"
expect_fault "db/ including app/" \
	'db/juki/juki-store.c: #include "juki/juki-lookup.h" reaches app/juki/juki-lookup.h: db/ may not include app/'

fresh && printf '#include "widgets/widget.h"\n' >> "$WORK/tree/db/audit/audit.c"
expect_fault "db/ including screens/" "db/audit/audit.c: #include \"widgets/widget.h\" reaches screens/widgets/widget.h: db/ may not include screens/"

fresh && printf '#include "db.h"\n' >> "$WORK/tree/lib/xmalloc.c"
expect_fault "lib/ including db/" "lib/xmalloc.c: #include \"db.h\" reaches db/db.h: lib/ may not include db/"

fresh && printf '#include "ui.h"\n' >> "$WORK/tree/app/juki/juki-lookup.c"
expect_fault "app/ including screens/" "app/juki/juki-lookup.c: #include \"ui.h\" reaches screens/ui.h: app/ may not include screens/"

fresh && printf '#include "../../app/auth/monitor.h"\n' >> "$WORK/tree/db/register/holders.c"
expect_fault "a path around the roots" 'db/register/holders.c: #include "../../app/auth/monitor.h": no absolute or ".." paths'

fresh && printf '#include "juki.h"\n' >> "$WORK/tree/sim/sim-file.c"
expect_fault "the simulator using the codec" "sim/sim-file.c: #include \"juki.h\": the simulator shares no code"

fresh && printf '#include "valid.h"\n' >> "$WORK/tree/sim/card-sim-files.c"
expect_fault "the card simulator using the validators" \
	"sim/card-sim-files.c: #include \"valid.h\": the simulator shares no code with the terminal's validators"

fresh && printf '#include "no-such.h"\n' >> "$WORK/tree/db/db.c"
expect_fault "a header that is nowhere" 'db/db.c: #include "no-such.h": no such header'

fresh && cp "$WORK/tree/lib/uuid.h" "$WORK/tree/db/sync/uuid.h"
expect_fault "two headers of one name" "header name uuid.h is used by more than one file"

fresh && mkdir "$WORK/tree/app/photos" && : > "$WORK/tree/app/photos/photos.c"
expect_fault "a folder without its fragment" "app/photos has no Makefile fragment app/photos/photos.mk"

done_testing
