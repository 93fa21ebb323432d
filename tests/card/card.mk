# Card tests: a private pcscd with the vsmartcard-vpcd reader driver and the card simulator
# (tests/lib/pcsc.sh); skipped without pcscd, the driver or root. pcsc-apdu is the tests'
# own PC/SC client, independent of the terminal's reader.
check_PROGRAMS += tests/card/pcsc-apdu
tests_card_pcsc_apdu_SOURCES = tests/card/pcsc-apdu.c
tests_card_pcsc_apdu_CFLAGS = $(AM_CFLAGS) $(PCSC_CFLAGS)
tests_card_pcsc_apdu_LDADD = $(PCSC_LIBS)

CARD_SHELL_TESTS = \
	tests/card/test-card-sim.sh \
	tests/card/test-card-read.sh
TESTS += $(CARD_SHELL_TESTS)
EXTRA_DIST += $(CARD_SHELL_TESTS)
