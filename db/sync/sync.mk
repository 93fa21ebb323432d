# Sync with the central PostgreSQL store (SPEC §10).
#
# The local side (the outbox, batches, acknowledgements, applying pulled changes, the
# conflict queue, sync state) is SQL on the terminal database and lives in libdb. The
# network side (libpq, TLS, signing) is db/libsync.a, linked only by the programs that
# sync, so that the others do not need libpq.
db_libdb_a_SOURCES += db/sync/outbox.c db/sync/outbox.h \
	db/sync/sync-store.c db/sync/sync-store.h \
	db/sync/sync-rules.c db/sync/sync-rules.h \
	db/sync/sync-reason.c db/sync/sync-reason.h \
	db/sync/sync-recover.c db/sync/sync-recover.h \
	db/sync/sync-rewind.c

noinst_LIBRARIES += db/libsync.a
db_libsync_a_CPPFLAGS = $(DB_INCLUDES) $(PATH_DEFS)
db_libsync_a_SOURCES = \
	db/sync/sync-batch.c db/sync/sync-batch.h \
	db/sync/sync-client.c db/sync/sync-client.h \
	db/sync/sync-disclosure.c db/sync/sync-disclosure.h \
	db/sync/sync-inspection.c db/sync/sync-inspection.h \
	db/sync/sync-numbers.c db/sync/sync-numbers.h db/sync/sync-pq.h \
	db/sync/sync-recover-client.c \
	db/sync/sync-sign.c db/sync/sync-sign.h \
	db/sync/sync-trace.c db/sync/sync-trace.h
SYNC_LIBS = db/libsync.a $(CORE_LIBS) $(LIBPQ_LIBS)

# The central store's copy of the rules, db/central/03-rules.sql, is this program's output
# (db/central/central.mk: make update-central-rules).
noinst_PROGRAMS += db/sync/sync-rules-sql
db_sync_sync_rules_sql_CPPFLAGS = $(DB_INCLUDES) $(PATH_DEFS)
db_sync_sync_rules_sql_SOURCES = db/sync/sync-rules-sql.c
db_sync_sync_rules_sql_LDADD = db/libdb.a lib/libbase.a $(SQLCIPHER_LIBS) $(CRYPTO_LIBS) \
	$(LIBICONV)
