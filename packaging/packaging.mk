# Packaging and administration (SPEC §12): the backup / restore-test / rekey / migrate
# commands of madoguchi-admin, the man pages, the Debian packages (`make deb`) and their
# tests.

# Backups and key rotation: SQL in db/, the manifest and the commands above it.
db_libdb_a_SOURCES += db/backup.c db/backup.h
app_libcmd_a_SOURCES += app/backup-manifest.c app/backup-manifest.h
madoguchi_admin_SOURCES += \
	app/cmd-admin-rekey.c \
	app/cmd-admin-backup.c \
	app/cmd-admin-restore-test.c \
	app/cmd-admin-migrate.c

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-backup
TESTS += tests/unit/test-backup
endif
tests_unit_test_backup_SOURCES = tests/unit/test-backup.c tests/unit/testutil.c \
	tests/unit/testutil.h
tests_unit_test_backup_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_backup_LDADD = $(TEST_LIBS)

PACKAGING_TESTS = \
	tests/cli/test-admin-backup.sh \
	tests/cli/test-admin-rekey.sh \
	tests/cli/test-admin-migrate.sh
TESTS += $(PACKAGING_TESTS)
EXTRA_DIST += $(PACKAGING_TESTS)

# The package test installs the packages on this machine and purges them again: it is
# not part of `make check` (which dpkg-buildpackage itself may run) but run on its own by
# scripts/test, and skipped there with MADOGUCHI_SKIP_PKG_TEST=1.
EXTRA_DIST += tests/pkg/test-deb.sh

# Man pages: one per program, the sysadmin's command and the configuration file.
dist_man_MANS = \
	docs/man/madoguchi.1 \
	docs/man/madoguchi-audit.1 \
	docs/man/madoguchi-verify.1 \
	docs/man/madoguchi-juki-sim.1 \
	docs/man/madoguchi-admin.8 \
	docs/man/madoguchi-central-setup.8 \
	docs/man/madoguchi.conf.5
EXTRA_DIST += docs/admin-guide.md

# packaging/debian is copied in as debian/ when the packages are built (cockpit's
# make-debs pattern), so the tree itself stays a plain upstream tree.
EXTRA_DIST += packaging/debian packaging/madoguchi.conf

# The packages are built from the distribution tree, the very files `make dist` ships:
# a file missing from EXTRA_DIST breaks the package build rather than a user's build.
# The tests ran before (scripts/test), hence nocheck; lintian must find nothing.
DEB_OUT = $(abs_top_builddir)/deb
deb: distdir
	rm -rf $(distdir)/debian $(DEB_OUT)
	cp -R $(srcdir)/packaging/debian $(distdir)/debian
	chmod -R u+w $(distdir)/debian
	cd $(distdir) && DEB_BUILD_OPTIONS="nocheck $${DEB_BUILD_OPTIONS:-}" \
		dpkg-buildpackage -us -uc -b
	$(MKDIR_P) $(DEB_OUT)
	mv $(PACKAGE)*_$(VERSION)-*.deb $(PACKAGE)_$(VERSION)-*.changes \
		$(PACKAGE)_$(VERSION)-*.buildinfo $(DEB_OUT)/
	rm -rf $(distdir)
	lintian --fail-on error,warning --info $(DEB_OUT)/$(PACKAGE)_$(VERSION)-*.changes
	@echo "packages in $(DEB_OUT):" && ls $(DEB_OUT)/*.deb

clean-local: clean-deb
clean-deb:
	rm -rf $(DEB_OUT)

# For debian/rules: the unit tests a package build runs when it does run tests.
print-unit-tests:
	@echo $(filter tests/unit/%,$(TESTS))

.PHONY: deb clean-deb print-unit-tests
