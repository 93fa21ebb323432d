# Input validators (SPEC §4), terminal text width and the synthetic-person generator:
# pure functions in the core library, one cmocka program per module.
app_libcore_a_SOURCES += \
	app/textwidth.c app/textwidth.h \
	app/valid.h app/valid-common.c app/valid-text.c \
	app/valid-mynumber.c app/valid-kana.c app/valid-date.c app/valid-codes.c \
	app/synth.c app/synth.h \
	app/register-items.c app/register-items.h

VALID_TESTS = tests/unit/test-textwidth tests/unit/test-valid-common \
	tests/unit/test-valid-text tests/unit/test-valid-mynumber \
	tests/unit/test-valid-kana tests/unit/test-valid-date \
	tests/unit/test-valid-codes tests/unit/test-synth tests/unit/test-register-items \
	tests/unit/test-uuid
if HAVE_CMOCKA
check_PROGRAMS += $(VALID_TESTS)
TESTS += $(VALID_TESTS)
endif
tests_unit_test_uuid_SOURCES = tests/unit/test-uuid.c
tests_unit_test_uuid_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_uuid_LDADD = $(TEST_LIBS)
tests_unit_test_textwidth_SOURCES = tests/unit/test-textwidth.c
tests_unit_test_textwidth_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_textwidth_LDADD = $(TEST_LIBS)
tests_unit_test_valid_common_SOURCES = tests/unit/test-valid-common.c
tests_unit_test_valid_common_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_valid_common_LDADD = $(TEST_LIBS)
tests_unit_test_valid_text_SOURCES = tests/unit/test-valid-text.c
tests_unit_test_valid_text_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_valid_text_LDADD = $(TEST_LIBS)
tests_unit_test_valid_mynumber_SOURCES = tests/unit/test-valid-mynumber.c
tests_unit_test_valid_mynumber_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_valid_mynumber_LDADD = $(TEST_LIBS)
tests_unit_test_valid_kana_SOURCES = tests/unit/test-valid-kana.c
tests_unit_test_valid_kana_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_valid_kana_LDADD = $(TEST_LIBS)
tests_unit_test_valid_date_SOURCES = tests/unit/test-valid-date.c
tests_unit_test_valid_date_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_valid_date_LDADD = $(TEST_LIBS)
tests_unit_test_valid_codes_SOURCES = tests/unit/test-valid-codes.c
tests_unit_test_valid_codes_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_valid_codes_LDADD = $(TEST_LIBS)
tests_unit_test_synth_SOURCES = tests/unit/test-synth.c
tests_unit_test_synth_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_synth_LDADD = $(TEST_LIBS)
tests_unit_test_register_items_SOURCES = tests/unit/test-register-items.c
tests_unit_test_register_items_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_register_items_LDADD = $(TEST_LIBS)
