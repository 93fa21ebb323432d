# The privileged monitor and PAM (SPEC §2): the monitor, its wire codec, the client the
# screens call, the PAM cycle and the privilege drop; their tests under pam_wrapper with a
# test PAM module; the libFuzzer target for the message decoder.

# The codec has no PAM and no database: it goes in the core library (and the fuzzer).
app_libcore_a_SOURCES += app/monitor-wire.c app/monitor-wire.h

# The monitor sits above the database layer, with the other shared code of the programs.
app_libcmd_a_SOURCES += \
	app/auth.h \
	app/auth-pam.c app/auth-pam.h \
	app/monitor.c app/monitor.h \
	app/monitor-client.c app/monitor-client.h \
	app/privsep.c app/privsep.h

# madoguchi calls monitor_start, which brings in libpam (after the static libraries).
madoguchi_LDADD += $(PAM_LIBS)

# pam_wrapper (Debian libpam-wrapper): the preload library and pam_matrix. Empty when it is
# not installed; the PAM tests then skip.
PAM_WRAPPER_LIB = $(strip $(shell $(PKG_CONFIG) --libs pam_wrapper 2>/dev/null))
PAM_WRAPPER_MODULES = $(strip $(shell $(PKG_CONFIG) --variable=modules pam_wrapper 2>/dev/null))
PAM_TEST_MODULE = $(abs_top_builddir)/tests/pam/pam_madoguchi_test.so
PAM_TEST_SERVICE_DIR = $(abs_top_builddir)/tests/pam/services

# The test PAM module: a shared object without libtool, for `make check` only.
tests/pam/pam_madoguchi_test.so: $(srcdir)/tests/pam/pam_madoguchi_test.c
	$(AM_V_CC)$(MKDIR_P) tests/pam && \
	$(CC) $(CFLAGS) -std=c11 -Wall -Wextra -shared -fPIC -I$(top_builddir) \
	    -o $@ $(srcdir)/tests/pam/pam_madoguchi_test.c $(PAM_LIBS)

# Service files with absolute module paths, which pam_wrapper needs.
tests/pam/services/madoguchi-test: $(srcdir)/tests/pam/madoguchi-test.in Makefile
	$(AM_V_GEN)$(MKDIR_P) tests/pam/services && \
	sed -e 's|[@]TEST_MODULE[@]|$(PAM_TEST_MODULE)|g' \
	    -e 's|[@]PAM_MATRIX[@]|$(PAM_WRAPPER_MODULES)/pam_matrix.so|g' \
	    $(srcdir)/tests/pam/madoguchi-test.in > $@.tmp && mv $@.tmp $@

tests/pam/services/other: $(srcdir)/tests/pam/other.in Makefile
	$(AM_V_GEN)$(MKDIR_P) tests/pam/services && \
	sed -e 's|[@]TEST_MODULE[@]|$(PAM_TEST_MODULE)|g' \
	    $(srcdir)/tests/pam/other.in > $@.tmp && mv $@.tmp $@

# What tests/lib/pam.sh needs to know about this build.
tests/pam/pam-paths.sh: Makefile
	$(AM_V_GEN)$(MKDIR_P) tests/pam && { \
	    echo "PAM_WRAPPER_LIB='$(PAM_WRAPPER_LIB)'"; \
	    echo "PAM_MATRIX_SO='$(PAM_WRAPPER_MODULES)/pam_matrix.so'"; \
	    echo "PAM_TEST_MODULE='$(PAM_TEST_MODULE)'"; \
	    echo "PAM_TEST_SERVICE_DIR='$(PAM_TEST_SERVICE_DIR)'"; \
	} > $@.tmp && mv $@.tmp $@

PAM_TEST_FILES = tests/pam/pam_madoguchi_test.so tests/pam/services/madoguchi-test \
	tests/pam/services/other tests/pam/pam-paths.sh
check_DATA = $(PAM_TEST_FILES)
CLEANFILES += $(PAM_TEST_FILES)

PAM_TEST_CPPFLAGS = $(AM_CPPFLAGS) \
	-DPAM_WRAPPER_LIB='"$(PAM_WRAPPER_LIB)"' \
	-DPAM_MATRIX_SO='"$(PAM_WRAPPER_MODULES)/pam_matrix.so"' \
	-DPAM_TEST_MODULE='"$(PAM_TEST_MODULE)"' \
	-DPAM_TEST_SERVICE_DIR='"$(PAM_TEST_SERVICE_DIR)"'

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-monitor-wire tests/unit/test-auth-pam \
	tests/unit/test-monitor
TESTS += tests/unit/test-monitor-wire tests/unit/test-auth-pam tests/unit/test-monitor
endif
tests_unit_test_monitor_wire_SOURCES = tests/unit/test-monitor-wire.c
tests_unit_test_monitor_wire_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_monitor_wire_LDADD = $(TEST_LIBS)
tests_unit_test_auth_pam_SOURCES = tests/unit/test-auth-pam.c tests/unit/pamtest.c \
	tests/unit/pamtest.h
tests_unit_test_auth_pam_CPPFLAGS = $(PAM_TEST_CPPFLAGS)
tests_unit_test_auth_pam_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_auth_pam_LDADD = $(TEST_LIBS) $(PAM_LIBS)
EXTRA_tests_unit_test_auth_pam_DEPENDENCIES = $(PAM_TEST_FILES)
tests_unit_test_monitor_SOURCES = tests/unit/test-monitor.c tests/unit/pamtest.c \
	tests/unit/pamtest.h tests/unit/testutil.c
tests_unit_test_monitor_CPPFLAGS = $(PAM_TEST_CPPFLAGS)
tests_unit_test_monitor_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_monitor_LDADD = $(TEST_LIBS) $(PAM_LIBS)
EXTRA_tests_unit_test_monitor_DEPENDENCIES = $(PAM_TEST_FILES)

# monitor_start in a separate program, set up with tests/lib/pam.sh.
check_PROGRAMS += tests/tools/monitor-login
tests_tools_monitor_login_SOURCES = tests/tools/monitor-login.c
tests_tools_monitor_login_LDADD = $(CORE_LIBS) $(PAM_LIBS)
TESTS += tests/cli/test-monitor-start.sh

EXTRA_DIST += tests/cli/test-monitor-start.sh
EXTRA_DIST += tests/pam/pam_madoguchi_test.c tests/pam/madoguchi-test.in tests/pam/other.in \
	tests/lib/pam.sh tests/fuzz/fuzz-monitor-wire.c

# libFuzzer target for the monitor's message decoder, built with clang straight from the
# sources (not part of `make check`):
#	make fuzz-monitor && tests/fuzz/fuzz-monitor-wire -max_total_time=300 \
#	    tests/fuzz/corpus-monitor
FUZZ_MONITOR_SRCS = $(srcdir)/tests/fuzz/fuzz-monitor-wire.c $(srcdir)/app/monitor-wire.c \
	$(srcdir)/app/keyfile.c $(srcdir)/app/xmalloc.c
.PHONY: fuzz-monitor
fuzz-monitor: tests/fuzz/fuzz-monitor-wire
	@mkdir -p tests/fuzz/corpus-monitor && cd tests/fuzz/corpus-monitor && \
	printf '\000\000\000\024\001\000\000\000\006tanaka\000\000\000\005pts/7' > auth && \
	printf '\000\000\000\023\003\000\000\000\004sato\000\000\000\006purpos' > approver && \
	printf '\000\000\000\021\007\000\000\000\000\001\001\000\000\000\006secret' > reply && \
	printf '\000\000\000\001\005\000\000\000\001\002\000\000\000\001\006' > requests && \
	printf '\000\000\000\027\101\000\000\000\001\000\000\000\001\000\000\000\012Password: ' > conv && \
	printf '\000\000\000\035\102\000\000\000\000\000\000\000\000\000\000\000\000\006tanaka\000\000\000\005clerk' > result
tests/fuzz/fuzz-monitor-wire: $(FUZZ_MONITOR_SRCS) $(srcdir)/app/monitor-wire.h \
	    $(srcdir)/app/auth.h $(srcdir)/app/keyfile.h
	@mkdir -p tests/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -std=c11 -I$(top_builddir) -I$(srcdir)/app \
	    $(CRYPTO_CFLAGS) -o $@ $(FUZZ_MONITOR_SRCS) $(CRYPTO_LIBS)
CLEANFILES += tests/fuzz/fuzz-monitor-wire
