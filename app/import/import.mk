# Media import (SPEC §9, issue 21): the import spool, the text of a CSV, applications from
# it, and the request and decision that bring a file in whole or not at all.
app_libapp_a_SOURCES += app/import/import-spool.c app/import/import-spool.h \
	app/import/import-text.c app/import/import-text.h \
	app/import/import-applications.c app/import/import-applications.h \
	app/import/import-run.c app/import/import-run.h
