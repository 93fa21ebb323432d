/*
 * What the sync screen and the title line read (issue 32): the offline limits at and
 * around 80 % and 100 % (changes and days), the clock's offset, and the outbox list,
 * which names kinds and id prefixes only, unsent rows first.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "sync/sync-store.h"
#include "testutil.h"
#include "xmalloc.h"

/* n outbox rows of kind holder, unsent, written days_ago days ago. */
static void
outbox_rows(struct fixture *f, int n, double days_ago, int sent)
{
	char	*sql, *cause = NULL;

	xasprintf(&sql, "WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i "
	    "WHERE k < %d) INSERT INTO outbox (terminal_id, entity, entity_id, version, op, "
	    "payload, created_at, pushed_at) SELECT 'T-UNIT-01', 'holder', printf("
	    "'%%08x-0000-4000-8000-000000000000', k + (SELECT count(*) FROM outbox)), 1, "
	    "'insert', '{\"family_name\":\"秘密\"}', strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', "
	    "'now', '-%f days'), %s FROM i", n, days_ago, sent ? "strftime('%Y-%m-%dT%H:%M:%fZ', "
	    "'now')" : "NULL");
	assert_int_equal(db_exec(f->db, sql, &cause), 0);
	free(sql);
}

static void
limits(struct fixture *f, int max_days, int max_pending, struct sync_limits *l)
{
	char	*cause = NULL;

	assert_int_equal(sync_limits_read(f->db, max_days, max_pending, l, &cause), 0);
}

static void
test_changes(void **state)
{
	struct fixture		*f = *state;
	struct sync_limits	 l;
	char			*cause = NULL;

	limits(f, 7, 10, &l);
	assert_int_equal(l.pending, 0);
	assert_false(l.warn);
	outbox_rows(f, 7, 0, 0);
	limits(f, 7, 10, &l);
	assert_false(l.warn);			/* 70 % */
	outbox_rows(f, 1, 0, 0);
	limits(f, 7, 10, &l);
	assert_true(l.warn);			/* 80 % */
	assert_false(l.over);
	outbox_rows(f, 2, 0, 0);
	limits(f, 7, 10, &l);
	assert_true(l.warn);			/* 100 %: at the limit, not past it */
	assert_false(l.over);
	assert_int_equal(sync_offline_check(f->db, 7, 10, &cause), 0);
	outbox_rows(f, 1, 0, 0);
	limits(f, 7, 10, &l);
	assert_true(l.over);
	assert_int_equal(sync_offline_check(f->db, 7, 10, &cause), -1);
	assert_non_null(strstr(cause, "11 changes unsent (limit 10)"));
	free(cause);
	/* Sent rows do not count. */
	outbox_rows(f, 50, 0, 1);
	limits(f, 7, 10, &l);
	assert_int_equal(l.pending, 11);
}

static void
test_days(void **state)
{
	struct fixture		*f = *state;
	struct sync_limits	 l;
	char			*cause = NULL;

	/* Never synced: the days count from the oldest unsent change. */
	outbox_rows(f, 1, 5.5, 0);
	limits(f, 7, 1000, &l);
	assert_false(l.warn);			/* 5.5 of 7: under 80 % */
	assert_int_equal(db_exec(f->db, "UPDATE sync_state SET last_success_at = "
	    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-5.7 days')", &cause), 0);
	limits(f, 7, 1000, &l);
	assert_true(l.warn);			/* 5.7 of 7: over 80 % */
	assert_false(l.over);
	assert_int_equal(db_exec(f->db, "UPDATE sync_state SET last_success_at = "
	    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-7.1 days')", &cause), 0);
	limits(f, 7, 1000, &l);
	assert_true(l.over);
	assert_int_equal(sync_offline_check(f->db, 7, 1000, &cause), -1);
	assert_non_null(strstr(cause, "no sync for 7 days (limit 7)"));
	free(cause);
}

static void
test_clock(void **state)
{
	struct fixture		*f = *state;
	struct sync_state	 st;
	char			*cause = NULL;

	assert_int_equal(sync_state_read(f->db, &st, &cause), 0);
	assert_false(st.has_clock);
	sync_state_clear(&st);
	assert_int_equal(sync_state_clock(f->db, -42.5, &cause), 0);
	assert_int_equal(sync_state_read(f->db, &st, &cause), 0);
	assert_true(st.has_clock);
	assert_true(st.clock_offset == -42.5);
	sync_state_clear(&st);
}

static void
test_outbox_rows(void **state)
{
	struct fixture		*f = *state;
	struct sync_outbox_row	*rows;
	size_t			 n, i;
	char			*cause = NULL;

	outbox_rows(f, 5, 1, 1);
	outbox_rows(f, 3, 0, 0);
	assert_int_equal(sync_outbox_rows(f->db, 4, &rows, &n, &cause), 0);
	assert_int_equal(n, 4);
	/* The three unsent first, newest first, then the newest sent one. */
	for (i = 0; i < 3; i++)
		assert_null(rows[i].pushed_at);
	assert_non_null(rows[3].pushed_at);
	assert_true(rows[0].seq > rows[1].seq && rows[1].seq > rows[2].seq);
	assert_string_equal(rows[0].entity, "holder");
	assert_int_equal(strlen(rows[0].id_prefix), 8);
	sync_outbox_rows_free(rows, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_changes, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_days, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_clock, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_outbox_rows, fixture_setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
