# Retention of temporary data (SPEC §7): rules as data, dry runs, erasure with its record.
db_libdb_a_SOURCES += db/retention/retention.c db/retention/retention.h \
	db/retention/retention-internal.h db/retention/retention-requests.c \
	db/retention/retention-decommission.c
