# Every test speaks TAP: cmocka through CMOCKA_MESSAGE_OUTPUT=TAP, shell tests through
# tests/lib/tap.sh. The automake harness then counts each test case, not each program.
# Each folder of tests/ lists its own tests (tests/unit/unit.mk, tests/e2e/e2e.mk ...).
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
TEST_EXTENSIONS = .sh
SH_LOG_DRIVER = $(LOG_DRIVER)
AM_TESTS_ENVIRONMENT = \
	CMOCKA_MESSAGE_OUTPUT=TAP; export CMOCKA_MESSAGE_OUTPUT; \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	TEXTDOMAINDIR='$(abs_top_builddir)/i18n/locale'; export TEXTDOMAINDIR; \
	MADOGUCHI_LIBEXECDIR='$(abs_top_builddir)'; export MADOGUCHI_LIBEXECDIR;

TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
TEST_LIBS = $(CORE_LIBS) $(CMOCKA_LIBS)

EXTRA_DIST += tests/lib/tap.sh tests/lib/tmux.sh tests/lib/fixture.sh tests/lib/pam.sh \
	tests/lib/pg.sh tests/lib/cups.sh
EXTRA_DIST += tests/lib/sqlcipher.sh tests/lib/pcsc.sh
