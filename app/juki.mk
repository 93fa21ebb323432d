# Juki-net file exchange (SPEC §5): the terminal's codec, the gateway simulator, their tests,
# the libFuzzer target and the import benchmark. docs/juki-format.md defines the files.

# The terminal side: the one iconv module and the Juki codec, in the core library.
app_libcore_a_SOURCES += \
	app/charconv.c app/charconv.h \
	app/juki.h app/juki-format.c app/juki-format.h \
	app/juki-request.c app/juki-result.c \
	app/juki-spool.c app/juki-spool.h

# Rejections into the audit log: above the database layer, so in the command library.
app_libcmd_a_SOURCES += app/juki-audit.c app/juki-audit.h

# The gateway side. It shares no code with the terminal's codec (only xmalloc from
# libcore.a): it is the other party to the contract and must be able to disagree.
noinst_LIBRARIES += sim/libjukisim.a
sim_libjukisim_a_SOURCES = sim/sim.h sim/sim-cp932.c sim/sim-file.c sim/sim-people.c
JUKISIM_LIBS = sim/libjukisim.a app/libcore.a $(CRYPTO_LIBS) $(LIBICONV)

bin_PROGRAMS += madoguchi-juki-sim
madoguchi_juki_sim_SOURCES = sim/madoguchi-juki-sim.c
madoguchi_juki_sim_LDADD = $(JUKISIM_LIBS)
TESTS += tests/cli/test-juki-sim-usage.sh
EXTRA_DIST += tests/cli/test-juki-sim-usage.sh

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-charconv tests/unit/test-juki-request \
	tests/unit/test-juki-result tests/unit/test-juki-spool tests/unit/test-juki-sim
TESTS += tests/unit/test-charconv tests/unit/test-juki-request \
	tests/unit/test-juki-result tests/unit/test-juki-spool tests/unit/test-juki-sim
endif
tests_unit_test_charconv_SOURCES = tests/unit/test-charconv.c
tests_unit_test_charconv_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_charconv_LDADD = $(TEST_LIBS)
tests_unit_test_juki_request_SOURCES = tests/unit/test-juki-request.c
tests_unit_test_juki_request_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_juki_request_LDADD = $(TEST_LIBS)
# The result tests build their input with the simulator's writer: two implementations.
tests_unit_test_juki_result_SOURCES = tests/unit/test-juki-result.c
tests_unit_test_juki_result_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/sim
tests_unit_test_juki_result_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_juki_result_LDADD = sim/libjukisim.a $(TEST_LIBS)
tests_unit_test_juki_spool_SOURCES = tests/unit/test-juki-spool.c tests/unit/testutil.c \
	tests/unit/testutil.h
tests_unit_test_juki_spool_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_juki_spool_LDADD = $(TEST_LIBS)
# Terminal writer -> madoguchi-juki-sim --once -> terminal parser, and every --fault.
tests_unit_test_juki_sim_SOURCES = tests/unit/test-juki-sim.c
tests_unit_test_juki_sim_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/sim
tests_unit_test_juki_sim_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_juki_sim_LDADD = sim/libjukisim.a $(TEST_LIBS)

EXTRA_DIST += docs/juki-format.md tests/fuzz/fuzz-juki-result.c \
	tests/data/juki/request-golden.dat tests/data/juki/result-golden.dat

# bench/juki_parse [N]: parse a generated N-record result file (default 100,000) and
# compare with `iconv -f CP932 -t UTF-8` over the same bytes. SPEC §13 target: < 2 s.
noinst_PROGRAMS += bench/juki_parse
bench_juki_parse_SOURCES = bench/juki_parse.c
bench_juki_parse_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/sim
bench_juki_parse_LDADD = sim/libjukisim.a $(CORE_LIBS)

# libFuzzer target for the result-file parser, built with clang straight from the sources
# (not part of `make check`):
#	make fuzz-juki && tests/fuzz/fuzz-juki-result -max_total_time=600 \
#	    tests/fuzz/corpus-juki
FUZZ_CC = clang
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_JUKI_SRCS = $(srcdir)/tests/fuzz/fuzz-juki-result.c $(srcdir)/app/charconv.c \
	$(srcdir)/app/juki-format.c $(srcdir)/app/juki-result.c $(srcdir)/app/xmalloc.c
.PHONY: fuzz-juki
fuzz-juki: tests/fuzz/fuzz-juki-result
	@mkdir -p tests/fuzz/corpus-juki
	cp -f $(srcdir)/tests/data/juki/*.dat tests/fuzz/corpus-juki/
tests/fuzz/fuzz-juki-result: $(FUZZ_JUKI_SRCS) $(srcdir)/app/juki.h \
	    $(srcdir)/app/juki-format.h $(srcdir)/app/charconv.h
	@mkdir -p tests/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(PTHREAD_CFLAGS) -std=c11 -I$(top_builddir) -I$(srcdir)/app \
	    $(CRYPTO_CFLAGS) -o $@ $(FUZZ_JUKI_SRCS) $(CRYPTO_LIBS) $(LIBICONV)
CLEANFILES += tests/fuzz/fuzz-juki-result
