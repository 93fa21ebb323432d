# The audit log: append-only, chained with HMAC-SHA256, its head and verification; the
# unusual-use flags computed from it and the sign-offs that it was reviewed.
db_libdb_a_SOURCES += db/audit/audit.c db/audit/audit.h \
	db/audit/audit-head.c db/audit/audit-head.h \
	db/audit/audit-key.c db/audit/audit-key.h \
	db/audit/audit-recover.c db/audit/audit-recover.h \
	db/audit/audit-groups.c db/audit/audit-groups.h \
	db/audit/audit-labels.c db/audit/audit-labels.h \
	db/audit/audit-config.c db/audit/audit-config.h \
	db/audit/audit-query.c db/audit/audit-query.h \
	db/audit/audit-rules.c db/audit/audit-rules.h \
	db/audit/audit-flags.c db/audit/audit-flags.h \
	db/audit/audit-reviews.c db/audit/audit-reviews.h \
	db/audit/audit-disclosure.c db/audit/audit-disclosure.h \
	db/audit/audit-disclosure-request.c db/audit/audit-disclosure-request.h
