# The audit log: append-only, chained with HMAC-SHA256, its head and verification.
db_libdb_a_SOURCES += db/audit/audit.c db/audit/audit.h \
	db/audit/audit-head.c db/audit/audit-head.h \
	db/audit/audit-key.c db/audit/audit-key.h \
	db/audit/audit-recover.c db/audit/audit-recover.h \
	db/audit/audit-groups.c db/audit/audit-groups.h \
	db/audit/audit-query.c db/audit/audit-query.h
