# Juki-net lookups (SPEC §5, issue 5): what the terminal keeps of its queries, the lookup
# and periodic-check logic above it, the screens, madoguchi-admin juki-check and their tests.
db_libdb_a_SOURCES += db/juki-store.c db/juki-store.h
app_libcmd_a_SOURCES += app/juki-lookup.c app/juki-lookup.h

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
