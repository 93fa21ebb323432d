# Juki-net lookups (SPEC §5, issue 5): what the terminal keeps of its queries, the lookup
# and periodic-check logic above it, the screens, madoguchi-admin juki-check and their tests.
db_libdb_a_SOURCES += db/juki-store.c db/juki-store.h db/juki-answers.c db/juki-answers.h
app_libcmd_a_SOURCES += app/juki-lookup.c app/juki-lookup.h app/juki-compare.c app/juki-compare.h

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-juki-lookup
TESTS += tests/unit/test-juki-lookup
endif
# Answers come from the real madoguchi-juki-sim program; its library only tells the test
# what the simulated world holds, to know what the review queue must contain.
tests_unit_test_juki_lookup_SOURCES = tests/unit/test-juki-lookup.c tests/unit/testutil.c \
	tests/unit/testutil.h
tests_unit_test_juki_lookup_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/sim
tests_unit_test_juki_lookup_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_juki_lookup_LDADD = sim/libjukisim.a $(TEST_LIBS)

# The screens (SPEC §5): queries and answers, a new lookup, the periodic check, the review
# queue, and the comparison they share.
screens_libui_a_SOURCES += screens/screen-juki.c screens/screen-juki-new.c \
	screens/screen-juki-check.c screens/screen-juki-review.c \
	screens/juki-view.c screens/juki-view.h

madoguchi_admin_SOURCES += app/cmd-admin-juki-check.c

EXTRA_DIST += tests/e2e/test-juki.sh
TESTS += tests/e2e/test-juki.sh

# bench/juki_import [N]: a periodic check of N holders (default 100,000); times the import
# of its result file (read, parse, store, compare, review queue) against iconv(1).
noinst_PROGRAMS += bench/juki_import
bench_juki_import_SOURCES = bench/juki_import.c
bench_juki_import_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/sim
bench_juki_import_LDADD = sim/libjukisim.a $(CORE_LIBS)
