# Every test speaks TAP: cmocka through CMOCKA_MESSAGE_OUTPUT=TAP, shell tests through
# tests/lib/tap.sh. The automake harness then counts each test case, not each program.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
TEST_EXTENSIONS = .sh
SH_LOG_DRIVER = $(LOG_DRIVER)
AM_TESTS_ENVIRONMENT = \
	CMOCKA_MESSAGE_OUTPUT=TAP; export CMOCKA_MESSAGE_OUTPUT; \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	TEXTDOMAINDIR='$(abs_top_builddir)/i18n/locale'; export TEXTDOMAINDIR;

TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
TEST_LIBS = $(CORE_LIBS) $(CMOCKA_LIBS)

if HAVE_CMOCKA
UNIT_TESTS = tests/unit/test-keyfile tests/unit/test-db tests/unit/test-config \
	tests/unit/test-audit tests/unit/test-accounts tests/unit/test-holders \
	tests/unit/test-register
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
endif
tests_unit_test_keyfile_SOURCES = tests/unit/test-keyfile.c tests/unit/testutil.c \
	tests/unit/testutil.h
tests_unit_test_keyfile_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_keyfile_LDADD = $(TEST_LIBS)
tests_unit_test_db_SOURCES = tests/unit/test-db.c tests/unit/testutil.c
tests_unit_test_db_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_db_LDADD = $(TEST_LIBS)
tests_unit_test_config_SOURCES = tests/unit/test-config.c
tests_unit_test_config_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_config_LDADD = $(TEST_LIBS)
tests_unit_test_audit_SOURCES = tests/unit/test-audit.c tests/unit/testutil.c
tests_unit_test_audit_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_audit_LDADD = $(TEST_LIBS)
tests_unit_test_accounts_SOURCES = tests/unit/test-accounts.c tests/unit/testutil.c
tests_unit_test_accounts_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_accounts_LDADD = $(TEST_LIBS)
tests_unit_test_holders_SOURCES = tests/unit/test-holders.c tests/unit/testutil.c
tests_unit_test_holders_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_holders_LDADD = $(TEST_LIBS)
tests_unit_test_register_SOURCES = tests/unit/test-register.c tests/unit/testutil.c
tests_unit_test_register_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_register_LDADD = $(TEST_LIBS)

# End-to-end and command-line tests: shell scripts driving the built programs.
SHELL_TESTS = \
	tests/cli/test-errors.sh \
	tests/cli/test-audit-tamper.sh \
	tests/cli/test-encrypted-at-rest.sh \
	tests/e2e/test-start.sh \
	tests/e2e/test-login.sh \
	tests/e2e/test-four-eyes.sh \
	tests/e2e/test-session.sh \
	tests/e2e/test-idle-lock.sh \
	tests/e2e/test-desk-approval.sh \
	tests/e2e/test-register.sh \
	tests/e2e/test-japanese.sh \
	tests/e2e/test-register-flow.sh
TESTS += $(SHELL_TESTS)
EXTRA_DIST += $(SHELL_TESTS) tests/lib/tap.sh tests/lib/tmux.sh tests/lib/fixture.sh \
	tests/lib/pam.sh tests/e2e/login-lib.sh

check_PROGRAMS += tests/tools/audit-append
tests_tools_audit_append_SOURCES = tests/tools/audit-append.c
tests_tools_audit_append_LDADD = $(CORE_LIBS)
