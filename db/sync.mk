# Sync with the central PostgreSQL store (SPEC §10, issue 7).
#
# The local side (outbox batches, acknowledgements, applying pulled changes, the conflict
# queue, sync state) is SQL on the terminal database and lives in libdb. The network side
# (libpq, TLS) is db/libsync.a, linked only by the programs that sync, so that the others
# do not need libpq.
db_libdb_a_SOURCES += db/sync-store.c db/sync-store.h

noinst_LIBRARIES += db/libsync.a
db_libsync_a_SOURCES = \
	db/sync-batch.c db/sync-batch.h \
	db/sync-client.c db/sync-client.h \
	db/sync-sign.c db/sync-sign.h
SYNC_LIBS = db/libsync.a $(CORE_LIBS) $(LIBPQ_LIBS)

madoguchi_admin_SOURCES += app/cmd-admin-sync-now.c app/cmd-admin-signing-key.c
madoguchi_admin_LDADD += $(SYNC_LIBS)

# The central store: SQL and the setup script (packaged by madoguchi-central).
CENTRAL_SQL = db/central/01-schema.sql db/central/02-functions.sql
EXTRA_DIST += $(CENTRAL_SQL) db/central/madoguchi-central-setup tests/lib/pg.sh docs/sync.md

# A tool for the sync tests: edits records the way the desk does, lists and resolves
# conflicts, prints the sync state.
check_PROGRAMS += tests/sync/sync-tool
tests_sync_sync_tool_SOURCES = tests/sync/sync-tool.c
tests_sync_sync_tool_LDADD = $(SYNC_LIBS)

# With a private PostgreSQL on loopback (tests/lib/pg.sh); skipped without one.
SYNC_SHELL_TESTS = \
	tests/sync/test-central.sh \
	tests/sync/test-sync.sh \
	tests/sync/test-crash.sh \
	tests/sync/test-conflict-screen.sh \
	tests/sync/test-background.sh
TESTS += $(SYNC_SHELL_TESTS) tests/sync/test-offline-limit.sh
EXTRA_DIST += tests/sync/test-offline-limit.sh
EXTRA_DIST += $(SYNC_SHELL_TESTS) tests/sync/sync-lib.sh

# The desk application: the conflict queue screen (supervisors), the sync state on the
# title line, and the background sync process.
screens_libui_a_SOURCES += screens/screen-sync-conflicts.c screens/sync-line.c \
	screens/sync-line.h
madoguchi_SOURCES += app/sync-bg.c app/sync-bg.h
madoguchi_LDADD += $(SYNC_LIBS)

# bench/sync.sh [N]: push N changes (default 100,000) to a private PostgreSQL and pull them
# into a second terminal database; prints changes/s and the COPY anchor (SPEC §13). A
# script: run it from the build directory.
EXTRA_DIST += bench/sync.sh

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-sync-batch
TESTS += tests/unit/test-sync-batch
endif
tests_unit_test_sync_batch_SOURCES = tests/unit/test-sync-batch.c tests/unit/testutil.c
tests_unit_test_sync_batch_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sync_batch_LDADD = $(SYNC_LIBS) $(CMOCKA_LIBS)
