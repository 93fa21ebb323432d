# The My Number card (issue 29, docs/mynumber-card.md), in a library of its own, linked
# only by the programs that talk to a reader (the desk's screen process and madoguchi-admin
# card-check), so that no other program maps libpcsclite. Its parsers have no I/O: tests
# and the fuzzer link them alone.
noinst_LIBRARIES += app/libcard.a
app_libcard_a_SOURCES = app/card/card-parse.c app/card/card-parse.h \
	app/card/card-read.c app/card/card-read.h \
	app/card/card-values.c app/card/card-values.h
app_libcard_a_CPPFLAGS = $(APP_INCLUDES) $(PATH_DEFS)
app_libcard_a_CFLAGS = $(AM_CFLAGS) $(PCSC_CFLAGS)
# After the card code, what it uses of the layers below.
CARD_LIBS = app/libcard.a app/libapp.a lib/libbase.a $(PCSC_LIBS) $(CRYPTO_LIBS)

madoguchi_LDADD += $(CARD_LIBS)
madoguchi_admin_SOURCES += app/admin/cmd-admin-card-check.c
madoguchi_admin_LDADD += $(CARD_LIBS)
