/*
 * Reading the audit log for review (db/audit/audit-query.c): who may, what each filter
 * finds, that typed metacharacters are plain characters, that malformed filters (bad
 * dates, reversed or absurd ranges, unknown groups and results, holders that are not in
 * the register) are refused with a message and make nothing, newest-first paging, and
 * that reading is itself audited.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "audit/audit-groups.h"
#include "audit/audit-labels.h"
#include "audit/audit-query.h"
#include "db-internal.h"
#include "testutil.h"
#include "valid.h"
#include "xmalloc.h"

#define HOLDER		"00000000-0000-4000-8000-0000000000a1"
#define OTHER_HOLDER	"00000000-0000-4000-8000-0000000000b2"
#define PAGED		45

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor sato = { "sato", "supervisor", "tty1", 0 };
static const struct actor kato = { "kato", "auditor", "tty2", 0 };
static const struct actor tanaka = { "tanaka", "clerk", "tty3", 0 };
static const struct actor ito = { "ito", "sysadmin", "tty4", 0 };

static void
entry(struct fixture *f, const char *user, const char *action, const char *target,
    const char *result, const char *detail)
{
	struct actor	 who = { user, "clerk", "tty3", 0 };
	char		*cause = NULL;

	if (audit_actor(f->db, &who, action, target, result, detail, &cause) != 0)
		fail_msg("append: %s", cause);
}

static int
setup(void **state)
{
	struct fixture	*f;
	char		*cause = NULL, detail[32];
	int		 i;

	if (fixture_setup(state) != 0)
		return -1;
	f = *state;
	if (account_first_supervisor(f->db, &root_admin, "sato", "佐藤 一郎", &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		return -1;
	}
	fixture_account(f, "kato", "auditor", 0);
	fixture_account(f, "tanaka", "clerk", 0);
	fixture_account(f, "ito", "sysadmin", 0);
	if (db_exec(f->db, "INSERT INTO holders (id, family_name, given_name, family_kana, "
	    "given_kana, sex, birth_date, created_at, updated_at) VALUES ('" HOLDER "', "
	    "'山田', '花子', 'ヤマダ', 'ハナコ', 2, '1990-04-01', 'now', 'now'), ('"
	    OTHER_HOLDER "', '川口', '次郎', 'カワグチ', 'ジロウ', 1, '1980-01-01', 'now', "
	    "'now')", &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		return -1;
	}
	entry(f, "tanaka", "register.view", "holder:" HOLDER, "ok", "");
	entry(f, "tanaka", "juki.query", "holder:" HOLDER " query:q1", "ok", "request 1");
	entry(f, "tanaka", "juki.result.view", "holder:" OTHER_HOLDER " query:q2", "ok", "");
	entry(f, "tanaka", "cert.print", "holder:" HOLDER " certificate:c1", "failed", "");
	entry(f, "tan_ka", "register.view", "holder:" OTHER_HOLDER, "ok", "");
	entry(f, "o'brien\"x", "register.search", "", "ok", "name hits=3");
	entry(f, "100%", "login", "", "denied", "");
	entry(f, "tanaka", "periodic.check", "", "denied", "role-function table");
	for (i = 0; i < PAGED; i++) {
		snprintf(detail, sizeof detail, "n=%d", i);
		entry(f, "pager", i % 2 == 0 ? "juki.query" : "register.view", "", "ok",
		    detail);
	}
	return 0;
}

/* Every entry of a query, page by page (page rows each), checking the order. */
static size_t
read_all(struct fixture *f, struct audit_query *q, int page, int64_t *seqs, size_t max)
{
	struct audit_cursor	 c;
	struct audit_row	*rows;
	size_t			 n, i, total = 0;
	char			*cause = NULL;
	int			 more;

	memset(&c, 0, sizeof c);
	do {
		if (audit_query_page(f->db, &sato, q, &c, page, &rows, &n, &more, &cause) != 0)
			fail_msg("page: %s", cause);
		assert_true(n <= (size_t)page);
		if (more)
			assert_int_equal(n, page);
		for (i = 0; i < n; i++) {
			/* Newest first, and no entry twice across pages. */
			if (total > 0)
				assert_true(rows[i].seq < seqs[total - 1]);
			if (total < max)
				seqs[total] = rows[i].seq;
			total++;
		}
		if (n > 0) {
			snprintf(c.at, sizeof c.at, "%s", rows[n - 1].at);
			c.seq = rows[n - 1].seq;
		}
		audit_rows_free(rows, n);
	} while (more);
	return total;
}

static struct audit_query *
query_ok(struct fixture *f, const struct audit_filter *filter)
{
	struct audit_query	*q = NULL;
	char			*cause = NULL;

	if (audit_query_new(f->db, &sato, filter, &q, &cause) != 0)
		fail_msg("filter refused: %s", cause);
	assert_non_null(q);
	return q;
}

static size_t
count(struct fixture *f, const struct audit_filter *filter)
{
	struct audit_query	*q = query_ok(f, filter);
	int64_t			 seqs[128];
	size_t			 n = read_all(f, q, 7, seqs, 128);

	audit_query_free(q);
	return n;
}

/* A refused filter: -1, a message naming what is wrong, no query, a failed entry. */
static void
refused(struct fixture *f, const struct audit_filter *filter, const char *message)
{
	struct audit_query	*q = (struct audit_query *)&q;
	int64_t			 before = audit_count(f->db);
	char			*cause = NULL;

	assert_int_equal(audit_query_new(f->db, &sato, filter, &q, &cause), -1);
	assert_null(q);
	assert_non_null(cause);
	if (strstr(cause, message) == NULL)
		fail_msg("message '%s' does not contain '%s'", cause, message);
	free(cause);
	assert_int_equal(audit_count(f->db), before + 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE seq = "
	    "(SELECT max(seq) FROM audit_log) AND action = 'audit.filter' AND result = "
	    "'failed' AND user = 'sato'"), 1);
}

static void
test_roles(void **state)
{
	struct fixture		*f = *state;
	struct audit_query	*q = NULL;
	struct audit_row	 r;
	static const struct audit_filter none;
	const struct actor	*no[] = { &tanaka, &ito };
	char			*cause = NULL;
	size_t			 i;

	for (i = 0; i < 2; i++) {
		assert_int_equal(audit_review_open(f->db, no[i], &q, &cause), -1);
		assert_null(q);
		free(cause);
		cause = NULL;
		assert_int_equal(audit_query_new(f->db, no[i], &none, &q, &cause), -1);
		free(cause);
		cause = NULL;
		assert_int_equal(audit_entry_get(f->db, no[i], 1, &r, &cause), -1);
		free(cause);
		cause = NULL;
	}
	/* The refusals are in the log, under the function refused. */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'audit.review' AND result = 'denied' AND user IN ('tanaka', 'ito')"), 6);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action IN "
	    "('audit.view', 'audit.filter', 'audit.entry.view')"), 0);

	assert_int_equal(audit_review_open(f->db, &kato, &q, &cause), 0);
	audit_query_free(q);
	assert_int_equal(audit_review_open(f->db, &sato, &q, &cause), 0);
	audit_query_free(q);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'audit.view' AND result = 'ok' AND user IN ('kato', 'sato')"), 2);
}

static void
test_filters(void **state)
{
	struct fixture		*f = *state;
	struct audit_filter	 fl;

	memset(&fl, 0, sizeof fl);
	fl.user = "tanaka";
	assert_int_equal(count(f, &fl), 5);
	fl.result = "denied";
	assert_int_equal(count(f, &fl), 1);
	fl.result = "failed";
	assert_int_equal(count(f, &fl), 1);	/* the print */
	fl.result = NULL;
	fl.group = "juki";			/* juki.query, juki.result.view, periodic.check */
	assert_int_equal(count(f, &fl), 3);
	fl.group = "print";
	assert_int_equal(count(f, &fl), 1);
	fl.group = "export";			/* no such entry yet: an empty page, no error */
	assert_int_equal(count(f, &fl), 0);

	memset(&fl, 0, sizeof fl);
	/* Three entries, and the filter's own entry, which names the holder too. */
	fl.holder_id = HOLDER;
	assert_int_equal(count(f, &fl), 3 + 1);
	fl.holder_id = OTHER_HOLDER;
	assert_int_equal(count(f, &fl), 2 + 1);
	fl.user = "tanaka";
	assert_int_equal(count(f, &fl), 1);
	/* The holder filter is audited under the holder. */
	assert_true(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'audit.filter' AND result = 'ok' AND target = 'holder:" OTHER_HOLDER "' AND "
	    "detail = 'user=tanaka holder=" OTHER_HOLDER "'") == 1);

	memset(&fl, 0, sizeof fl);
	fl.terminal = "tty3";
	assert_true(count(f, &fl) >= 8 + PAGED);
	fl.terminal = "T-UNIT-01";
	assert_true(count(f, &fl) >= 8 + PAGED);
	fl.terminal = "tty9";
	assert_int_equal(count(f, &fl), 0);
	fl.terminal = NULL;
	fl.role = "clerk";
	assert_true(count(f, &fl) >= 8 + PAGED);
	fl.role = "auditor";
	assert_int_equal(count(f, &fl), 0);
}

/* '%', '_', quotes: compared as typed, never as patterns or SQL. */
static void
test_metacharacters(void **state)
{
	struct fixture		*f = *state;
	struct audit_filter	 fl;
	static const char *const none[] = { "%", "_", "%%", "tan%", "tan_ka_", "' OR '1'='1",
	    "\" OR \"\"=\"", "tanaka' --", "*", "\\" };
	size_t			 i;

	memset(&fl, 0, sizeof fl);
	for (i = 0; i < sizeof none / sizeof none[0]; i++) {
		fl.user = none[i];
		if (count(f, &fl) != 0)
			fail_msg("user filter '%s' matched entries", none[i]);
	}
	fl.user = "tan_ka";
	assert_int_equal(count(f, &fl), 1);
	fl.user = "100%";
	assert_int_equal(count(f, &fl), 1);
	fl.user = "o'brien\"x";
	assert_int_equal(count(f, &fl), 1);
	fl.user = NULL;
	fl.terminal = "%";
	assert_int_equal(count(f, &fl), 0);
	fl.terminal = NULL;
	fl.role = "_____";
	assert_int_equal(count(f, &fl), 0);
	/* The table is still there and the filter is recorded as typed. */
	assert_true(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'audit.filter' AND detail = 'user=' || char(39) || ' OR ' || char(39) || '1' || "
	    "char(39) || '=' || char(39) || '1'") == 1);
}

static void
test_malformed(void **state)
{
	struct fixture		*f = *state;
	struct audit_filter	 fl;
	char			 msg[64];

	memset(&fl, 0, sizeof fl);
	fl.from = "2026-03-31";
	fl.until = "2026-03-01";
	refused(f, &fl, "ends before it begins");
	fl.from = "1900-01-01";
	fl.until = NULL;
	refused(f, &fl, "no audit entry can be dated 1900-01-01");
	fl.from = "9999-12-31";
	refused(f, &fl, "no audit entry can be dated 9999-12-31");
	fl.from = "2026-02-30";
	refused(f, &fl, "From");
	fl.from = "yesterday'; DROP TABLE audit_log; --";
	refused(f, &fl, "From");
	fl.from = NULL;
	fl.until = "令和99年1月1日";
	refused(f, &fl, "Until");

	memset(&fl, 0, sizeof fl);
	fl.group = "juki%";
	refused(f, &fl, "Action");
	fl.group = "JUKI";
	refused(f, &fl, "Action");
	fl.group = NULL;
	fl.result = "%";
	refused(f, &fl, "Result");
	fl.result = NULL;
	fl.holder_id = "00000000-0000-4000-8000-00000000ffff";
	snprintf(msg, sizeof msg, "no holder %s", fl.holder_id);
	refused(f, &fl, msg);
	fl.holder_id = "' OR 1=1 --";
	refused(f, &fl, "not a holder id");
	fl.holder_id = "%";
	refused(f, &fl, "not a holder id");
	fl.holder_id = NULL;
	fl.user = "a\033[2Jb";
	refused(f, &fl, "User");
	fl.user = "01234567890123456789012345678901234567890123456789012345678901234";
	refused(f, &fl, "User");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM sqlite_master WHERE name = "
	    "'audit_log'"), 1);
}

/* Dates in either style; the range covers whole local days, both ends included. */
static void
test_time_range(void **state)
{
	struct fixture		*f = *state;
	struct audit_filter	 fl;
	struct date		 d;
	struct tm		 tm;
	time_t			 t = time(NULL);
	char			 today[DATE_ISO_SIZE], era[DATE_ERA_SIZE], yesterday[DATE_ISO_SIZE];
	size_t			 all;

	localtime_r(&t, &tm);
	d.y = tm.tm_year + 1900;
	d.m = tm.tm_mon + 1;
	d.d = tm.tm_mday;
	date_format_iso(&d, today);
	assert_int_equal(date_format_era(&d, era), 0);
	date_from_days(date_to_days(&d) - 1, &d);
	date_format_iso(&d, yesterday);

	memset(&fl, 0, sizeof fl);
	all = count(f, &fl);
	fl.from = today;
	fl.until = today;
	assert_int_equal(count(f, &fl), all + 1);	/* the filter before counts too */
	fl.from = era;
	fl.until = era;
	assert_true(count(f, &fl) > all);
	fl.from = yesterday;
	fl.until = yesterday;
	assert_int_equal(count(f, &fl), 0);
	fl.from = NULL;
	assert_int_equal(count(f, &fl), 0);
	fl.until = NULL;
	fl.from = yesterday;
	assert_true(count(f, &fl) > all);
}

/* Pages of a group come from several actions merged: still newest first, none lost. */
static void
test_paging(void **state)
{
	struct fixture		*f = *state;
	struct audit_filter	 fl;
	struct audit_query	*q;
	int64_t			 a[PAGED], b[PAGED];
	size_t			 i;

	memset(&fl, 0, sizeof fl);
	fl.user = "pager";
	q = query_ok(f, &fl);
	assert_int_equal(read_all(f, q, 20, a, PAGED), PAGED);
	assert_int_equal(read_all(f, q, 1, b, PAGED), PAGED);
	for (i = 0; i < PAGED; i++)
		assert_int_equal(a[i], b[i]);
	audit_query_free(q);

	fl.group = "juki";
	q = query_ok(f, &fl);
	assert_int_equal(read_all(f, q, 4, a, PAGED), (PAGED + 1) / 2);
	audit_query_free(q);
	fl.group = "view";
	q = query_ok(f, &fl);
	assert_int_equal(read_all(f, q, 3, a, PAGED), PAGED / 2);
	audit_query_free(q);
	fl.user = NULL;
	fl.group = "view";		/* register.view of three users and the views above */
	q = query_ok(f, &fl);
	assert_true(read_all(f, q, 6, a, PAGED) >= PAGED / 2 + 2);
	audit_query_free(q);
}

static void
test_entry(void **state)
{
	struct fixture		*f = *state;
	struct audit_row	 r;
	char			 number[13] = "12345678901", *detail, *cause = NULL;
	int64_t			 seq;

	number[11] = (char)('0' + mynumber_check_digit(number));
	number[12] = '\0';
	xasprintf(&detail, "line %s and 123456789012345", number);
	entry(f, "tanaka", "juki.spool.ignore", "holder:" HOLDER " file:x", "ignored", detail);
	free(detail);
	seq = audit_count(f->db);
	assert_int_equal(audit_entry_get(f->db, &kato, seq, &r, &cause), 0);
	assert_string_equal(r.holder_id, HOLDER);
	assert_string_equal(r.holder_name, "山田 花子");
	assert_string_equal(r.user, "tanaka");
	assert_string_equal(r.action, "juki.spool.ignore");
	/* A My Number is never shown; a longer run of digits is not one. */
	assert_null(strstr(r.detail, number));
	assert_non_null(strstr(r.detail, "************"));
	assert_non_null(strstr(r.detail, "123456789012345"));
	audit_row_clear(&r);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'audit.entry.view' AND user = 'kato' AND target LIKE 'holder:" HOLDER
	    " audit:%'"), 1);

	assert_int_equal(audit_entry_get(f->db, &sato, 999999, &r, &cause), -1);
	assert_non_null(strstr(cause, "no audit entry 999999"));
	free(cause);
}

/* Every action the code writes today belongs to a group (audit-groups.c). */
static void
test_groups(void **state)
{
	static const char *const written[][2] = {
		{ "login", "login" }, { "logout", "login" }, { "unlock", "login" },
		{ "lock", "login" }, { "password.change", "login" },
		{ "session.end", "login" }, { "approver.auth", "login" },
		{ "register.view", "view" }, { "mynumber.reveal", "view" },
		{ "card.read", "view" }, { "register.duplicate.view", "view" },
		{ "cert.view", "view" }, { "approval.view", "view" },
		{ "sync.conflict.view", "view" }, { "account.register.view", "view" },
		{ "account.queue.view", "view" }, { "account.review.view", "view" },
		{ "audit.view", "view" }, { "audit.entry.view", "view" },
		{ "register.search", "search" }, { "audit.filter", "search" },
		{ "juki.query", "juki" }, { "juki.result", "juki" },
		{ "juki.result.view", "juki" }, { "juki.result.reject", "juki" },
		{ "juki.check.start", "juki" }, { "juki.check.status", "juki" },
		{ "juki.check.batch", "juki" }, { "juki.review.close", "juki" },
		{ "juki.spool.ignore", "juki" }, { "juki.lookup", "juki" },
		{ "periodic.check", "juki" },
		{ "register.apply", "change" }, { "reissue.apply", "change" },
		{ "register.duplicate", "change" },
		{ "register.notify", "change" },
		/* Issue 25: merge and split, the duplicate check at approval. */
		{ "register.merge.apply", "change" }, { "register.split.apply", "change" },
		{ "register.duplicate.approve", "approval" }, { "register.merge", "approval" },
		{ "register.split", "approval" },
		{ "mynumber.correct", "change" },
		{ "holder.import", "change" }, { "account.request", "change" },
		{ "account.revoke", "change" },
		{ "register.approve", "approval" }, { "register.reject", "approval" },
		{ "register.decide", "approval" }, { "account.approve", "approval" },
		{ "account.reject", "approval" }, { "account.decide", "approval" },
		{ "account.first-supervisor", "approval" }, { "approval.list", "approval" },
		{ "approval.queue", "approval" },
		{ "cert.print", "print" }, { "cert.reprint", "print" },
		{ "account.register.print", "print" },
		{ "admin.init", "admin" }, { "admin.rekey", "admin" },
		{ "admin.backup", "admin" }, { "admin.restore-test", "admin" },
		{ "admin.migrate", "admin" }, { "admin.audit-head-reset", "admin" },
		{ "audit.check", "admin" }, { "monitor.violation", "admin" },
		{ "cert.numbers.add", "admin" }, { "number-block.confirmed", "admin" },
		{ "number-block.refused", "admin" },
		{ "sync", "sync" }, { "sync.recover", "sync" }, { "sync.resolve", "sync" },
		{ "conflict.resolve", "sync" }, { "sync.status", "sync" },
		/* Issue 31. */
		{ "session.start", "login" }, { "login.offline", "login" },
		{ "account.changes.view", "view" }, { "config.set", "change" },
		{ "config.changed", "change" }, { "account.request-again", "change" },
		{ "account.change.request", "change" }, { "rolefn.change.request", "change" },
		{ "account.change.approve", "approval" }, { "account.change.reject", "approval" },
		{ "account.change.decide", "approval" }, { "rolefn.change.approve", "approval" },
		{ "rolefn.change.reject", "approval" }, { "rolefn.change.decide", "approval" },
		{ "rolefn.change", "change" },
		/* Issue 26: written since, each with its label too. */
		{ "export.grant", "export" }, { "export.run", "export" },
		{ "export.left", "export" }, { "export.revoke", "export" },
		{ "export.register.view", "view" }, { "import.request", "export" },
		{ "import.decide", "export" }, { "import.run", "export" },
		{ "disclosure.print", "export" }, { "retention.erase", "admin" },
		{ "retention.rule", "admin" }, { "retention.decommission", "admin" },
		{ "audit.flag.ack", "admin" }, { "audit.review.sign", "admin" },
		{ "audit.rule.change", "admin" }, { "compliance.report", "admin" },
		{ "sync.request", "sync" }, { "sync.cancel", "sync" },
		/* Issue 24. */
		{ "stats.run", "admin" }, { "reception.open", "change" },
		{ "reception.withdraw", "change" }, { "reception.identity", "change" },
		{ "reception.fee", "change" }, { "reception.refund", "change" },
		{ "reception.fees.view", "view" }, { "reception.stats.view", "view" },
		{ "cert.delivery", "print" },
		{ "reception.slip", "print" },
		{ "reception.register", "view" }, { "reception.register.view", "view" },
		{ "register.action", "change" }, { "register.suspend-end", "change" },
		{ "register.overdue", "view" },
		{ "register.refusals", "view" },
		{ "register.refuse", "change" },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof written / sizeof written[0]; i++) {
		if (audit_action_group(written[i][0]) == NULL ||
		    strcmp(audit_action_group(written[i][0]), written[i][1]) != 0)
			fail_msg("%s: group %s, expected %s", written[i][0],
			    audit_action_group(written[i][0]) != NULL ?
			    audit_action_group(written[i][0]) : "(none)", written[i][1]);
		/* ... and is shown by its label, not its code (issue 26). */
		if (audit_action_label(written[i][0]) == NULL)
			fail_msg("%s has no label (audit-labels.c)", written[i][0]);
	}
	assert_null(audit_action_label("unknown.thing"));
	assert_string_equal(audit_result_label("denied"), "denied");
	assert_null(audit_result_label("whatever"));
	assert_null(audit_action_group("juki"));	/* a prefix needs its dot */
	assert_null(audit_action_group("unknown.thing"));
	for (i = 0; audit_group_names[i] != NULL; i++)
		assert_true(audit_group_valid(audit_group_names[i]));
	assert_false(audit_group_valid("Juki"));
}

/* The indexes of 0011 are what a page of a holder or of every entry reads. */
static void
test_plans(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(db_count(f->db, "SELECT count(*) FROM pragma_index_list('audit_log') "
	    "WHERE name IN ('audit_log_at', 'audit_log_holder')"), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roles, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_metacharacters, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_time_range, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_paging, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_entry, setup, fixture_teardown),
		cmocka_unit_test(test_groups),
		cmocka_unit_test_setup_teardown(test_plans, setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
