# Certificates (SPEC §6): the signed record a certificate's QR code carries, and the offline
# verifier. The PDF and the reissue workflow come with the rest of issue 6.
app_libcore_a_SOURCES += app/cert-record.c app/cert-record.h

bin_PROGRAMS += madoguchi-verify
madoguchi_verify_SOURCES = app/madoguchi-verify.c
madoguchi_verify_LDADD = $(CORE_LIBS)

check_PROGRAMS += tests/tools/cert-sign
tests_tools_cert_sign_SOURCES = tests/tools/cert-sign.c
tests_tools_cert_sign_LDADD = $(CORE_LIBS)

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-cert-record
TESTS += tests/unit/test-cert-record
endif
tests_unit_test_cert_record_SOURCES = tests/unit/test-cert-record.c
tests_unit_test_cert_record_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_cert_record_LDADD = $(TEST_LIBS)

TESTS += tests/cli/test-verify.sh
EXTRA_DIST += tests/cli/test-verify.sh
