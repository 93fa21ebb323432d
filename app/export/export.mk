# Governed export (SPEC §9): the recipient's certificate and the CMS encryption to it.
app_libapp_a_SOURCES += app/export/export-cms.c app/export/export-cms.h \
	app/export/export-run.c app/export/export-run.h
