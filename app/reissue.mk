# Certificate reissue and issue (SPEC §6, issue 6): number blocks, the reissue workflow,
# the certificate PDF with its signed QR code, printing.
db_libdb_a_SOURCES += db/cert-numbers.c db/cert-numbers.h db/certificates.c db/certificates.h \
	db/reissue.c

madoguchi_admin_SOURCES += app/cmd-admin-number-block.c

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-cert-numbers
TESTS += tests/unit/test-cert-numbers
endif
tests_unit_test_cert_numbers_SOURCES = tests/unit/test-cert-numbers.c tests/unit/testutil.c
tests_unit_test_cert_numbers_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_cert_numbers_LDADD = $(TEST_LIBS)

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-reissue
TESTS += tests/unit/test-reissue
endif
tests_unit_test_reissue_SOURCES = tests/unit/test-reissue.c tests/unit/testutil.c
tests_unit_test_reissue_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_reissue_LDADD = $(TEST_LIBS)

# The seal of a certificate file: OpenSSL only, so madoguchi-verify needs nothing more.
app_libcore_a_SOURCES += app/cert-seal.c app/cert-seal.h

# The PDF and printing: cairo, pango (IPAex fonts through fontconfig) and libqrencode, only
# in the programs that print.
noinst_LIBRARIES += app/libcert.a
app_libcert_a_SOURCES = app/cert-pdf.c app/cert-pdf.h app/cert-print.c app/cert-print.h
app_libcert_a_CFLAGS = $(AM_CFLAGS) $(CAIRO_CFLAGS) $(QRENCODE_CFLAGS)
CERT_LIBS = app/libcert.a $(CORE_LIBS) $(CAIRO_LIBS) $(QRENCODE_LIBS)
madoguchi_LDADD += $(CERT_LIBS)

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-cert-print
TESTS += tests/unit/test-cert-print
endif
tests_unit_test_cert_print_SOURCES = tests/unit/test-cert-print.c tests/unit/testutil.c
tests_unit_test_cert_print_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_cert_print_LDADD = $(CERT_LIBS) $(CMOCKA_LIBS)

# The screens: the reissue application, printing from the holder's screen and the queue.
screens_libui_a_SOURCES += screens/screen-reissue.c screens/cert-actions.c

# End to end at the terminal (tests/e2e/test-reissue.sh): the reissue, its approval, the
# PDF and madoguchi-verify; issue-crash kills an approval half-way to show that no
# certificate number is ever used twice.
check_PROGRAMS += tests/tools/issue-crash
tests_tools_issue_crash_SOURCES = tests/tools/issue-crash.c
tests_tools_issue_crash_LDADD = $(CORE_LIBS)
EXTRA_DIST += tests/e2e/test-reissue.sh docs/certificates.md
TESTS += tests/e2e/test-reissue.sh
