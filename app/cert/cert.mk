# Certificates (SPEC §6): the signed record a certificate's QR code carries (and a receipt
# slip's, issue 24) and the seal of a certificate file (OpenSSL only, so madoguchi-verify
# needs nothing more), what goes on the paper, and the client of the print helper.
app_libapp_a_SOURCES += app/cert/cert-record.c app/cert/cert-record.h \
	app/cert/cert-seal.c app/cert/cert-seal.h app/cert/cert-sign.h \
	app/cert/cert-print.c app/cert/cert-print.h \
	app/cert/disclosure-pdf.c app/cert/disclosure-pdf.h \
	app/cert/print-wire.c app/cert/print-wire.h \
	app/cert/print-client.c app/cert/cert-pdf.h app/cert/report-pdf.h \
	app/cert/cert-cups.h \
	app/cert/slip-record.c app/cert/slip-record.h \
	app/cert/slip-print.c app/cert/slip-print.h app/cert/slip-pdf.h

# Drawing and printing (cairo, pango with IPAex fonts, libqrencode, libcups) happen in the
# print helper only, a short-lived process of its own (app/madoguchi-print.c), so that the
# monitor and the screen process map none of it.
noinst_LIBRARIES += app/libprint.a
app_libprint_a_SOURCES = app/cert/cert-pdf.c app/cert/report-pdf.c \
	app/cert/slip-pdf.c app/cert/pdf-draw.h \
	app/cert/pdf-sink.c app/cert/pdf-sink.h \
	app/cert/cert-cups.c
app_libprint_a_CPPFLAGS = $(APP_INCLUDES) $(PATH_DEFS)
app_libprint_a_CFLAGS = $(AM_CFLAGS) $(CAIRO_CFLAGS) $(QRENCODE_CFLAGS)
PRINT_LIBS = app/libprint.a $(CORE_LIBS) $(CAIRO_LIBS) $(QRENCODE_LIBS) $(CUPS_LIBS)

pkglibexec_PROGRAMS += madoguchi-print
madoguchi_print_SOURCES = app/madoguchi-print.c
madoguchi_print_LDADD = $(PRINT_LIBS)
# The status command asks CUPS for the certificate printer's state (cert_cups_check).
madoguchi_admin_LDADD += app/libprint.a $(CUPS_LIBS)
