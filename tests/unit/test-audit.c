/*
 * The audit chain: intact chains verify; an altered, removed, inserted or reordered entry
 * is found and named, including by someone who goes around the append-only triggers.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "db-internal.h"
#include "testutil.h"

#define ENTRIES	10

static int
setup(void **state)
{
	struct fixture		*f;
	struct audit_event	 ev;
	char			*cause = NULL, target[64];
	int			 i;

	if (fixture_setup(state) != 0)
		return -1;
	f = *state;
	memset(&ev, 0, sizeof ev);
	ev.tty = "tty1";
	ev.user = "clerk01";
	ev.role = "clerk";
	ev.action = "holder.view";
	ev.result = "ok";
	ev.target = target;
	for (i = 1; i <= ENTRIES; i++) {
		snprintf(target, sizeof target, "holder:%d", i);
		if (audit_append(f->db, &ev, &cause) != 0) {
			fprintf(stderr, "%s\n", cause);
			return -1;
		}
	}
	return 0;
}

/* Plays the attacker: raw SQL with the triggers out of the way. */
static void
tamper(struct fixture *f, const char *sql)
{
	char	*cause = NULL;

	assert_int_equal(db_exec(f->db, "DROP TRIGGER IF EXISTS audit_log_no_update; "
	    "DROP TRIGGER IF EXISTS audit_log_no_delete", NULL), 0);
	if (db_exec(f->db, sql, &cause) != 0)
		fail_msg("tamper: %s", cause);
}

static void
expect_broken(struct fixture *f, int64_t first_bad, const char *reason)
{
	struct audit_check	 c;
	char			*cause = NULL;

	assert_int_equal(audit_verify(f->db, &c, &cause), 1);
	assert_int_equal(c.first_bad, first_bad);
	if (strstr(c.reason, reason) == NULL)
		fail_msg("reason '%s' does not contain '%s'", c.reason, reason);
	audit_check_free(&c);
}

static void
test_intact(void **state)
{
	struct fixture		*f = *state;
	struct audit_check	 c;
	char			*cause = NULL;

	assert_int_equal(audit_verify(f->db, &c, &cause), 0);
	assert_int_equal(c.count, ENTRIES);
	assert_int_equal(c.first_bad, 0);
	assert_null(c.reason);
	assert_int_equal(audit_count(f->db), ENTRIES);
	fixture_reopen(f);
	assert_int_equal(audit_verify(f->db, &c, &cause), 0);
}

static void
test_empty_chain(void **state)
{
	struct fixture		*f = *state;
	struct audit_check	 c;
	char			*cause = NULL;

	tamper(f, "DELETE FROM audit_log; DELETE FROM audit_head");
	assert_int_equal(audit_verify(f->db, &c, &cause), 0);
	assert_int_equal(c.count, 0);
}

static void
test_triggers_refuse(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL;

	assert_int_equal(db_exec(f->db, "UPDATE audit_log SET user = 'x' WHERE seq = 2",
	    &cause), -1);
	assert_non_null(strstr(cause, "append-only"));
	free(cause);
	cause = NULL;
	assert_int_equal(db_exec(f->db, "DELETE FROM audit_log WHERE seq = 2", &cause), -1);
	assert_non_null(strstr(cause, "append-only"));
	free(cause);
}

static void
test_altered(void **state)
{
	struct fixture	*f = *state;

	tamper(f, "UPDATE audit_log SET user = 'mallory' WHERE seq = 4");
	expect_broken(f, 4, "entry 4 was altered");
}

static void
test_altered_time(void **state)
{
	struct fixture	*f = *state;

	tamper(f, "UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 7");
	expect_broken(f, 7, "altered");
}

static void
test_deleted_middle(void **state)
{
	struct fixture	*f = *state;

	tamper(f, "DELETE FROM audit_log WHERE seq = 5");
	expect_broken(f, 6, "entries are missing");
}

static void
test_deleted_and_renumbered(void **state)
{
	struct fixture	*f = *state;

	tamper(f, "DELETE FROM audit_log WHERE seq = 5; "
	    "UPDATE audit_log SET seq = seq - 1 WHERE seq > 5");
	expect_broken(f, 5, "does not link to entry 4");
}

static void
test_deleted_tail(void **state)
{
	struct fixture	*f = *state;

	tamper(f, "DELETE FROM audit_log WHERE seq > 8");
	expect_broken(f, 9, "removed from the end");
}

static void
test_deleted_tail_and_head_rewritten(void **state)
{
	struct fixture	*f = *state;

	/* Without the key the head's MAC cannot be forged; a copied count is not enough. */
	tamper(f, "DELETE FROM audit_log WHERE seq > 8; UPDATE audit_head SET count = 8");
	expect_broken(f, 9, "removed from the end");
}

static void
test_inserted_middle(void **state)
{
	struct fixture	*f = *state;

	/* Make room at 4 and insert a copy of entry 3 with plausible links. */
	tamper(f, "UPDATE audit_log SET seq = seq + 100 WHERE seq >= 4; "
	    "UPDATE audit_log SET seq = seq - 99 WHERE seq >= 104; "
	    "INSERT INTO audit_log SELECT 4, at, terminal_id, tty, user, role, action, "
	    "'holder:forged', result, detail, mac, mac FROM audit_log WHERE seq = 3");
	expect_broken(f, 4, "entry 4 was altered");
}

static void
test_inserted_end(void **state)
{
	struct fixture	*f = *state;

	tamper(f, "INSERT INTO audit_log SELECT 11, at, terminal_id, tty, user, role, action, "
	    "target, result, detail, mac, mac FROM audit_log WHERE seq = 10; "
	    "UPDATE audit_head SET count = 11");
	expect_broken(f, 11, "altered");
}

static void
test_reordered(void **state)
{
	struct fixture	*f = *state;

	/* Swap entries 3 and 6 whole, keeping their own MACs. */
	tamper(f, "UPDATE audit_log SET seq = -3 WHERE seq = 3; "
	    "UPDATE audit_log SET seq = 3 WHERE seq = 6; "
	    "UPDATE audit_log SET seq = 6 WHERE seq = -3");
	expect_broken(f, 3, "does not link to entry 2");
}

static void
test_reordered_content(void **state)
{
	struct fixture	*f = *state;

	/* Swap the targets only: each row still links, but its MAC no longer fits. */
	tamper(f, "UPDATE audit_log SET target = CASE seq WHEN 2 THEN 'holder:3' "
	    "ELSE 'holder:2' END WHERE seq IN (2, 3)");
	expect_broken(f, 2, "entry 2 was altered");
}

static void
test_chain_continues_after_reopen(void **state)
{
	struct fixture		*f = *state;
	struct audit_event	 ev;
	struct audit_check	 c;
	char			*cause = NULL;

	fixture_reopen(f);
	memset(&ev, 0, sizeof ev);
	ev.action = "login";
	assert_int_equal(audit_append(f->db, &ev, &cause), 0);
	assert_int_equal(audit_verify(f->db, &c, &cause), 0);
	assert_int_equal(c.count, ENTRIES + 1);
}

static void
test_rolled_back_entry_leaves_no_trace(void **state)
{
	struct fixture		*f = *state;
	struct audit_event	 ev;
	struct audit_check	 c;
	char			*cause = NULL;

	memset(&ev, 0, sizeof ev);
	ev.action = "holder.update";
	assert_int_equal(db_begin(f->db, &cause), 0);
	assert_int_equal(audit_append(f->db, &ev, &cause), 0);
	db_rollback(f->db);
	assert_int_equal(audit_verify(f->db, &c, &cause), 0);
	assert_int_equal(c.count, ENTRIES);
	assert_int_equal(audit_append(f->db, &ev, &cause), 0);
	assert_int_equal(audit_verify(f->db, &c, &cause), 0);
	assert_int_equal(c.count, ENTRIES + 1);
}

/*
 * No entry keeps a raw control character, direction control or stray byte: every text
 * field is escaped before it is MACed, so the chain verifies what was stored; a later
 * lookup by the same raw target finds the entry.
 */
static void
test_fields_escaped(void **state)
{
	struct fixture		*f = *state;
	struct audit_event	 ev;
	struct audit_check	 c;
	char			*cause = NULL;
	int			 found = -1;

	memset(&ev, 0, sizeof ev);
	ev.tty = "pts/\x1b[2J";
	ev.user = "clerk\x07";
	ev.role = "clerk\xe2\x80\xae";
	ev.action = "juki.spool.ignore";
	ev.target = "file:JKRES_\x1b]0;x\x07.dat";
	ev.result = "ignored\x7f";
	ev.detail = "a\nb \xff 山田";
	assert_int_equal(audit_logged(f->db, ev.action, ev.target, &found, &cause), 0);
	assert_int_equal(found, 0);
	assert_int_equal(audit_append(f->db, &ev, &cause), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE "
	    "tty = 'pts/\\x1b[2J' AND user = 'clerk\\x07' AND role = 'clerk\\u202e' AND "
	    "target = 'file:JKRES_\\x1b]0;x\\x07.dat' AND result = 'ignored\\x7f' AND "
	    "detail = 'a\\x0ab \\xff 山田'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE "
	    "instr(tty || user || role || target || result || detail, char(27)) OR "
	    "instr(user || target, char(7))"), 0);
	assert_int_equal(audit_verify(f->db, &c, &cause), 0);
	assert_int_equal(c.count, ENTRIES + 1);
	assert_int_equal(c.first_bad, 0);
	audit_check_free(&c);
	assert_int_equal(audit_logged(f->db, ev.action, ev.target, &found, &cause), 0);
	assert_int_equal(found, 1);
	assert_int_equal(audit_logged(f->db, "juki.result.reject", ev.target, &found, &cause),
	    0);
	assert_int_equal(found, 0);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_intact),
		T(test_empty_chain),
		T(test_triggers_refuse),
		T(test_altered),
		T(test_altered_time),
		T(test_deleted_middle),
		T(test_deleted_and_renumbered),
		T(test_deleted_tail),
		T(test_deleted_tail_and_head_rewritten),
		T(test_inserted_middle),
		T(test_inserted_end),
		T(test_reordered),
		T(test_reordered_content),
		T(test_chain_continues_after_reopen),
		T(test_rolled_back_entry_leaves_no_trace),
		T(test_fields_escaped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
