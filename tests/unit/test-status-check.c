/*
 * madoguchi-admin status --check's judgement (issue 27): every threshold on both sides
 * of its edge, the worst item deciding, a terminal without sync not judged on sync, and
 * the line as a monitoring system gets it, never longer than its buffer.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "admin/status-check.h"

/* A healthy syncing terminal: synced a minute ago, backed up and tested yesterday. */
static void
healthy(struct check_facts *f)
{
	memset(f, 0, sizeof *f);
	f->sync_configured = 1;
	f->sync_ever = 1;
	f->sync_age = 60;
	f->audit = CHECK_AUDIT_INTACT;
	f->backup_ever = 1;
	f->backup_age = 86400;
	f->test_ever = 1;
	f->test_ok = 1;
	f->disk_percent = 41;
}

static void
test_healthy_line(void **state)
{
	struct check_facts	 f;
	char			 line[1024];

	(void)state;
	healthy(&f);
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_OK);
	assert_string_equal(line, "MADOGUCHI OK - sync 1 min ago, 0 pending, audit chain ok, "
	    "backup 24 h ago, restore test ok, disk 41% used | sync_age=60s;3600;86400 "
	    "pending=0;100;1000 backup_age=86400s;691200;1296000 disk=41%;85;95");
}

static void
test_sync_age(void **state)
{
	struct check_facts	 f;
	char			 line[1024];

	(void)state;
	healthy(&f);
	f.sync_age = CHECK_SYNC_WARN_SECONDS;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_OK);
	f.sync_age = CHECK_SYNC_WARN_SECONDS + 1;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_WARNING);
	assert_non_null(strstr(line, "MADOGUCHI WARNING - sync 1 h ago,"));
	f.sync_age = CHECK_SYNC_CRIT_SECONDS;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_WARNING);
	f.sync_age = CHECK_SYNC_CRIT_SECONDS + 1;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_CRITICAL);
	f.sync_age = 3 * 86400;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_CRITICAL);
	assert_non_null(strstr(line, "sync 3 days ago,"));
	/* Past an offline limit the desk refuses applications: critical whatever the age. */
	f.sync_age = 60;
	f.sync_over = 1;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_CRITICAL);
	assert_non_null(strstr(line, "(offline limit passed)"));
}

static void
test_sync_never(void **state)
{
	struct check_facts	 f;
	char			 line[1024];

	(void)state;
	healthy(&f);
	f.sync_ever = 0;
	f.sync_age = 0;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_WARNING);
	assert_non_null(strstr(line, "sync never succeeded,"));
	assert_null(strstr(line, "sync_age="));
	/* Its oldest unsent change waiting a day: as a sync a day old. */
	f.sync_age = CHECK_SYNC_CRIT_SECONDS + 1;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_CRITICAL);
}

static void
test_pending(void **state)
{
	struct check_facts	 f;
	char			 line[1024];

	(void)state;
	healthy(&f);
	f.pending = CHECK_PENDING_WARN;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_OK);
	f.pending = CHECK_PENDING_WARN + 1;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_WARNING);
	assert_non_null(strstr(line, ", 101 pending,"));
	f.pending = CHECK_PENDING_CRIT;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_WARNING);
	f.pending = CHECK_PENDING_CRIT + 1;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_CRITICAL);
}

/* Without sync_host the outbox only grows and nothing syncs: neither is judged. */
static void
test_no_sync(void **state)
{
	struct check_facts	 f;
	char			 line[1024];

	(void)state;
	healthy(&f);
	f.sync_configured = 0;
	f.sync_ever = 0;
	f.sync_age = 30 * 86400;
	f.pending = 50000;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_OK);
	assert_non_null(strstr(line, "MADOGUCHI OK - sync not configured, audit chain ok,"));
	assert_null(strstr(line, "pending"));
}

static void
test_audit(void **state)
{
	struct check_facts	 f;
	char			 line[1024];

	(void)state;
	healthy(&f);
	f.audit = CHECK_AUDIT_BROKEN;
	f.audit_first_bad = 4;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_CRITICAL);
	assert_non_null(strstr(line, "MADOGUCHI CRITICAL - "));
	assert_non_null(strstr(line, ", audit chain BROKEN at entry 4,"));
	f.audit = CHECK_AUDIT_CUT;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_CRITICAL);
	assert_non_null(strstr(line, ", audit log CUT OR REWRITTEN,"));
}

static void
test_backup(void **state)
{
	struct check_facts	 f;
	char			 line[1024];

	(void)state;
	healthy(&f);
	f.backup_age = CHECK_BACKUP_WARN_SECONDS;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_OK);
	assert_non_null(strstr(line, ", backup 8 days ago,"));
	f.backup_age = CHECK_BACKUP_WARN_SECONDS + 1;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_WARNING);
	f.backup_age = CHECK_BACKUP_CRIT_SECONDS + 1;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_CRITICAL);
	/* None yet: a warning on a new terminal, critical once its log is 15 days old. */
	f.backup_ever = 0;
	f.test_ever = 0;
	f.backup_age = 3600;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_WARNING);
	assert_non_null(strstr(line, ", no backup yet, no restore test,"));
	assert_null(strstr(line, "backup_age="));
	f.backup_age = CHECK_BACKUP_CRIT_SECONDS + 1;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_CRITICAL);
}

static void
test_restore_test(void **state)
{
	struct check_facts	 f;
	char			 line[1024];

	(void)state;
	healthy(&f);
	f.test_ok = 0;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_WARNING);
	assert_non_null(strstr(line, ", restore test FAILED,"));
	/* Never tested is shown, not judged: a backup made by hand may be tested by hand. */
	f.test_ever = 0;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_OK);
	assert_non_null(strstr(line, ", no restore test,"));
}

static void
test_disk(void **state)
{
	struct check_facts	 f;
	char			 line[1024];

	(void)state;
	healthy(&f);
	f.disk_percent = CHECK_DISK_WARN_PERCENT - 1;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_OK);
	f.disk_percent = CHECK_DISK_WARN_PERCENT;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_WARNING);
	assert_non_null(strstr(line, ", disk 85% used |"));
	f.disk_percent = CHECK_DISK_CRIT_PERCENT;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_CRITICAL);
}

/* The worst item is the state, whatever the order of the items. */
static void
test_worst_wins(void **state)
{
	struct check_facts	 f;
	char			 line[1024];

	(void)state;
	healthy(&f);
	f.pending = CHECK_PENDING_WARN + 1;
	f.disk_percent = CHECK_DISK_CRIT_PERCENT;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_CRITICAL);
	f.disk_percent = 10;
	f.audit = CHECK_AUDIT_BROKEN;
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_CRITICAL);
	assert_string_equal(check_state_name(CHECK_UNKNOWN), "UNKNOWN");
}

static void
test_short_buffer(void **state)
{
	struct check_facts	 f;
	char			 line[24];

	(void)state;
	healthy(&f);
	memset(line, 'x', sizeof line);
	assert_int_equal(check_line(&f, line, sizeof line), CHECK_OK);
	assert_int_equal(strlen(line), sizeof line - 1);
	assert_string_equal(line, "MADOGUCHI OK - sync 1 m");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthy_line),
		cmocka_unit_test(test_sync_age),
		cmocka_unit_test(test_sync_never),
		cmocka_unit_test(test_pending),
		cmocka_unit_test(test_no_sync),
		cmocka_unit_test(test_audit),
		cmocka_unit_test(test_backup),
		cmocka_unit_test(test_restore_test),
		cmocka_unit_test(test_disk),
		cmocka_unit_test(test_worst_wins),
		cmocka_unit_test(test_short_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
