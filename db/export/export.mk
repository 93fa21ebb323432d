# Governed export (SPEC §9): masking and the CSV, built in memory.
db_libdb_a_SOURCES += db/export/export-mask.c db/export/export-mask.h \
	db/export/export-csv.c db/export/export-csv.h \
	db/export/export-grants.c db/export/export-grants.h \
	db/export/export-grant-admin.c db/export/export-internal.h
