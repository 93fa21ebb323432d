# The PAM test setup: pam_wrapper + pam_matrix and a small test PAM module, so that PAM
# runs without root in the unit, command-line and screen tests (tests/lib/pam.sh).

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

EXTRA_DIST += tests/pam/pam_madoguchi_test.c tests/pam/madoguchi-test.in tests/pam/other.in
