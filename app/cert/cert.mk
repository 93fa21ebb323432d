# Certificates (SPEC §6): the signed record a certificate's QR code carries and the seal of
# a certificate file (OpenSSL only, so madoguchi-verify needs nothing more), then the PDF and
# printing (cairo, pango with IPAex fonts, libqrencode, libcups) only in the programs that
# print.
app_libapp_a_SOURCES += app/cert/cert-record.c app/cert/cert-record.h \
	app/cert/cert-seal.c app/cert/cert-seal.h \
	app/cert/cert-cups.c app/cert/cert-cups.h

noinst_LIBRARIES += app/libcert.a
app_libcert_a_SOURCES = app/cert/cert-pdf.c app/cert/cert-pdf.h \
	app/cert/cert-print.c app/cert/cert-print.h \
	app/cert/report-pdf.c app/cert/report-pdf.h \
	app/cert/disclosure-pdf.c app/cert/disclosure-pdf.h
app_libcert_a_CPPFLAGS = $(APP_INCLUDES) $(PATH_DEFS)
app_libcert_a_CFLAGS = $(AM_CFLAGS) $(CAIRO_CFLAGS) $(QRENCODE_CFLAGS)
CERT_LIBS = app/libcert.a $(CORE_LIBS) $(CAIRO_LIBS) $(QRENCODE_LIBS) $(CUPS_LIBS)
madoguchi_LDADD += $(CERT_LIBS)
# The status command reads the certificate printer's state through libcups; the
# disclosure command writes its report with the PDF stack.
madoguchi_admin_LDADD += $(CERT_LIBS)
