# Packaging (SPEC §12): the man pages and documents, the Debian packages (`make deb`) and
# their test.

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
	docs/man/madoguchi-card-sim.1 \
	docs/man/madoguchi-admin.8 \
	docs/man/madoguchi-central-setup.8 \
	docs/man/madoguchi.conf.5
EXTRA_DIST += docs/admin-guide.md docs/juki-format.md docs/certificates.md docs/sync.md \
	docs/layout.md docs/compliance.md docs/mynumber-card.md docs/register.md \
	docs/central-scale.md

# packaging/debian is copied in as debian/ when the packages are built (cockpit's
# make-debs pattern), so the tree itself stays a plain upstream tree.
EXTRA_DIST += packaging/debian packaging/madoguchi.conf packaging/kiosk/uim.scm

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
