# Sync tests, with a private PostgreSQL on loopback (tests/lib/pg.sh); skipped without one.
# sync-tool edits records the way the desk does, lists and resolves conflicts, prints the
# sync state.
check_PROGRAMS += tests/sync/sync-tool
tests_sync_sync_tool_SOURCES = tests/sync/sync-tool.c \
	tests/sync/sync-tool-actions.c tests/sync/sync-tool-actions.h
tests_sync_sync_tool_LDADD = $(SYNC_LIBS)

SYNC_SHELL_TESTS = \
	tests/sync/test-central.sh \
	tests/sync/test-roles.sh \
	tests/sync/test-sync.sh \
	tests/sync/test-audit-reviews.sh \
	tests/sync/test-crash.sh \
	tests/sync/test-failover.sh \
	tests/sync/test-revoke-storm.sh \
	tests/sync/test-replica.sh \
	tests/sync/test-central-load.sh \
	tests/sync/test-partitions.sh \
	tests/sync/test-conflict-screen.sh \
	tests/sync/test-sync-screen.sh \
	tests/sync/test-disclosure.sh \
	tests/sync/test-disclosure-screen.sh \
	tests/sync/test-erasure-sync.sh \
	tests/sync/test-merge-sync.sh \
	tests/sync/test-export-offices.sh \
	tests/sync/test-registers-sync.sh \
	tests/sync/test-accounts-office.sh \
	tests/sync/test-decommission.sh \
	tests/sync/test-mynumber-retention.sh \
	tests/sync/test-background.sh \
	tests/sync/test-offline-limit.sh \
	tests/sync/test-replay.sh \
	tests/sync/test-unique-numbers.sh \
	tests/sync/test-lease-restore.sh \
	tests/sync/test-reception-numbers.sh \
	tests/sync/test-conflict-cascade.sh \
	tests/sync/test-audit-anchor.sh \
	tests/sync/test-recover.sh \
	tests/sync/test-pull-check.sh \
	tests/sync/test-pull-check-screen.sh \
	tests/sync/test-push-check.sh \
	tests/sync/test-actions-sync.sh \
	tests/sync/test-bulk-outbox.sh
TESTS += $(SYNC_SHELL_TESTS)
EXTRA_DIST += $(SYNC_SHELL_TESTS) tests/sync/sync-lib.sh
