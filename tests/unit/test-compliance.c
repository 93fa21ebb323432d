/*
 * The self-inspection report (issue 23) over a test office built here: accounts approved
 * and revoked (one revoked after its validity had ended: item 13), a transferred handler
 * never trained (item 4), handlers without training or procedures (items 2, 3, 5), one
 * incident reported to the Commission and one not (items 6, 7), a log review that leaves
 * months unreviewed (items 8, 10), a media import (item 12), backups and a failed restore
 * test (item 15), a default route (item 14), attestations (items 1, 9, 11). And the
 * registers' refusals: unknown accounts, future dates, steps out of order or twice.
 */
#include "config.h"

#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "compliance/compliance-registers.h"
#include "compliance/compliance-report.h"
#include "config-file.h"
#include "db-internal.h"
#include "testutil.h"
#include "xmalloc.h"

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor sato = { "sato", "supervisor", "tty1", 0 };
static const struct actor suzuki = { "suzuki", "supervisor", "tty1", 0 };
static const struct actor tanaka = { "tanaka", "clerk", "tty1", 0 };

struct env {
	struct fixture	*f;
	struct config	 cf;
	char		 root[300];
};

/* An account approved by sato, then dated as the test needs (decided_at, validity). */
static void
account(struct env *e, const char *user, const char *roles, const char *procedures,
    const char *decided, const char *valid_until)
{
	struct account_request	 r;
	char			*cause = NULL, id[37], *sql;

	memset(&r, 0, sizeof r);
	r.user_name = user;
	r.full_name = "試験 花子";
	r.roles = roles;
	r.procedures = procedures;
	r.reason = "窓口業務のため";
	r.valid_from = "2020-01-01";
	r.valid_until = valid_until;
	if (account_request(e->f->db, &root_admin, &r, id, &cause) != 0 ||
	    account_decide(e->f->db, &sato, id, 1, "ok", &cause) != 0)
		fail_msg("account %s: %s", user, cause);
	xasprintf(&sql, "UPDATE accounts SET decided_at = '%sT01:00:00.000Z' WHERE "
	    "user_name = '%s'", decided, user);
	assert_int_equal(db_exec(e->f->db, sql, &cause), 0);
	free(sql);
}

static void
write_text(const char *path, const char *text)
{
	write_file(path, text, strlen(text), 0644);
}

static int
setup(void **state)
{
	struct env	*e = xcalloc(1, sizeof *e);
	char		*cause = NULL, *p;

	if (fixture_setup((void **)&e->f) != 0)
		return -1;
	if (account_first_supervisor(e->f->db, &root_admin, "sato", "佐藤 一郎", &cause) != 0)
		return -1;
	config_defaults(&e->cf);
	/* Dates as stored, for the assertions; one check reads them in the era. */
	free(e->cf.date_style);
	e->cf.date_style = xstrdup("western");
	/* The machine's files, under a root of the test's own. */
	snprintf(e->root, sizeof e->root, "%s/root", e->f->dir);
	xasprintf(&p, "mkdir -p '%s/etc/pam.d' '%s/etc/security' '%s/proc/net'", e->root,
	    e->root, e->root);
	if (system(p) != 0)
		return -1;
	free(p);
	xasprintf(&p, "%s/etc/pam.d/madoguchi", e->root);
	write_text(p, "# the desk\nauth required pam_faillock.so preauth\nauth required "
	    "pam_unix.so\naccount required pam_unix.so\n@include common-session\n");
	free(p);
	xasprintf(&p, "%s/etc/security/faillock.conf", e->root);
	write_text(p, "# deny = 9\ndeny = 3\nunlock_time = 900\n");
	free(p);
	xasprintf(&p, "%s/proc/net/route", e->root);
	write_text(p, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\n"
	    "eth0\t00000000\t0102A8C0\t0003\t0\t0\t0\t00000000\n"
	    "eth0\t0002A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\n");
	free(p);
	setenv("MADOGUCHI_TEST_ROOT", e->root, 1);
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env	*e = *state;
	void		*f = e->f;

	unsetenv("MADOGUCHI_TEST_ROOT");
	config_free(&e->cf);
	fixture_teardown(&f);
	free(e);
	return 0;
}

/* The registers refuse what did not happen or does not fit. */
static void
test_register_refusals(void **state)
{
	struct env		*e = *state;
	struct incident_new	 in;
	char			 id[37], *cause = NULL;

	account(e, "suzuki", "supervisor", "register correct reissue periodic", "2026-04-01",
	    "2099-12-31");
	account(e, "tanaka", "clerk", "register correct reissue periodic", "2026-04-01",
	    "2099-12-31");
	assert_int_equal(training_record(e->f->db, &suzuki, "nobody", "研修", "annual",
	    "2026-05-01", &cause), -1);
	assert_non_null(strstr(cause, "nobody has no account"));
	free(cause);
	assert_int_equal(training_record(e->f->db, &suzuki, "tanaka", "研修", "weekly",
	    "2026-05-01", &cause), -1);
	assert_non_null(strstr(cause, "kind:"));
	free(cause);
	assert_int_equal(training_record(e->f->db, &suzuki, "tanaka", "研修", "annual",
	    "2099-05-01", &cause), -1);
	assert_non_null(strstr(cause, "is in the future"));
	free(cause);
	assert_int_equal(training_record(e->f->db, &tanaka, "tanaka", "研修", "annual",
	    "2026-05-01", &cause), -1);	/* a clerk records nothing */
	free(cause);
	assert_int_equal(training_record(e->f->db, &suzuki, "tanaka", "研修", "annual",
	    "令和8年5月1日", &cause), 0);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM training_records WHERE "
	    "taken_on = '2026-05-01'"), 1);

	memset(&in, 0, sizeof in);
	in.found_on = "2026-06-01";
	in.found_by = "鈴木";
	in.summary = "申請書の誤送付";
	in.data_kinds = "氏名、住所";
	in.persons = 1;
	assert_int_equal(incident_record(e->f->db, &suzuki, &in, id, &cause), 0);
	assert_int_equal(incident_step_record(e->f->db, &suzuki, id, 8, "2026-06-02", "鈴木",
	    "", &cause), -1);
	free(cause);
	assert_int_equal(incident_step_record(e->f->db, &suzuki, id, 1, "2026-05-30", "鈴木",
	    "", &cause), -1);
	assert_non_null(strstr(cause, "before the incident was found"));
	free(cause);
	assert_int_equal(incident_step_record(e->f->db, &suzuki, id, 1, "2026-06-01", "鈴木",
	    "回収", &cause), 0);
	assert_int_equal(incident_step_record(e->f->db, &suzuki, id, 1, "2026-06-02", "鈴木",
	    "", &cause), -1);
	assert_non_null(strstr(cause, "recorded already"));
	free(cause);
	assert_int_equal(incident_step_record(e->f->db, &suzuki,
	    "00000000-0000-4000-8000-000000000000", 2, "2026-06-02", "鈴木", "", &cause), -1);
	assert_non_null(strstr(cause, "no incident"));
	free(cause);
	assert_int_equal(attestation_record(e->f->db, &suzuki, 16, "x", "y", "2026-04-01",
	    &cause), -1);
	free(cause);
	/* Each register's rows go to the outbox; each recording is audited. */
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM outbox WHERE entity IN "
	    "('training_record', 'incident', 'incident_step')"), 3);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM audit_log WHERE action "
	    "LIKE 'compliance.%' AND result = 'ok'"), 3);
	assert_int_not_equal(db_exec(e->f->db, "DELETE FROM incidents", &cause), 0);
	free(cause);
}

static struct report_item *
item(struct report *r, int n)
{
	return &r->items[n - 1];
}

/* Whether a line of any of item's evidence holds text. */
static int
shows(const struct report_item *it, const char *text)
{
	size_t	 g, l;

	for (g = 0; g < it->n_ev; g++) {
		for (l = 0; l < it->ev[g].e.n; l++) {
			if (strstr(it->ev[g].e.lines[l], text) != NULL)
				return 1;
		}
	}
	return 0;
}

static void
test_report(void **state)
{
	struct env		*e = *state;
	struct incident_new	 in;
	struct report		 r;
	char			 a[37], b[37], *cause = NULL, *json, *text, *p;
	int			 i;

	account(e, "suzuki", "supervisor", "register correct reissue periodic", "2026-04-01",
	    "2099-12-31");
	account(e, "tanaka", "clerk", "register correct reissue periodic", "2026-04-05",
	    "2099-12-31");
	/* transferred */
	account(e, "yamada", "clerk", "register correct reissue periodic", "2026-10-01",
	    "2099-12-31");
	account(e, "kimura", "clerk", "", "2026-04-01", "2026-06-30");
	account(e, "nomura", "clerk", "", "2026-04-01", "2099-12-31");
	{
		sqlite3_stmt *s = db_prepare(e->f->db, "SELECT id FROM accounts WHERE user_name "
		    "= 'kimura'", &cause);

		assert_non_null(s);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		p = db_column_dup(s, 0);
		db_release(e->f->db, s);
	}
	assert_int_equal(account_revoke(e->f->db, &suzuki, p, "退職", &cause), 0);
	free(p);
	assert_int_equal(db_exec(e->f->db, "UPDATE accounts SET revoked_at = "
	    "'2026-08-01T01:00:00.000Z' WHERE user_name = 'kimura'", &cause), 0);

	assert_int_equal(training_record(e->f->db, &suzuki, "tanaka", "新任者研修",
	    "new_handler", "2026-04-10", &cause), 0);
	assert_int_equal(training_record(e->f->db, &suzuki, "suzuki", "情報セキュリティ研修",
	    "security", "2026-05-10", &cause), 0);

	memset(&in, 0, sizeof in);
	in.found_on = "2026-06-01";
	in.found_by = "鈴木";
	in.summary = "個人番号を記載した書類の誤送付";
	in.data_kinds = "氏名、個人番号";
	in.persons = 1;
	in.mynumber = 1;
	assert_int_equal(incident_record(e->f->db, &suzuki, &in, a, &cause), 0);
	assert_int_equal(incident_step_record(e->f->db, &suzuki, a, 1, "2026-06-01", "鈴木",
	    "回収", &cause), 0);
	assert_int_equal(incident_step_record(e->f->db, &suzuki, a, 5, "2026-06-03", "佐藤",
	    "委員会へ報告", &cause), 0);
	in.found_on = "2026-09-15";
	in.summary = "個人番号の記載された画面の撮影";
	assert_int_equal(incident_record(e->f->db, &suzuki, &in, b, &cause), 0);

	assert_int_equal(db_exec(e->f->db, "INSERT INTO audit_reviews (id, terminal_id, "
	    "period_from, period_to, terminals, flags, rules, office_hours, comment, "
	    "signed_by, signed_at) VALUES ('10000000-0000-4000-8000-000000000001', 'T', "
	    "'2026-04-01', '2026-06-30', 'T', 0, '', '', '確認済み', 'suzuki', 'x')", &cause),
	    0);
	assert_int_equal(db_exec(e->f->db, "INSERT INTO import_requests (id, kind, file_name, "
	    "sha256, size, source, purpose, requested_by, requested_at, status, decided_by, "
	    "decided_at, outcome, records) VALUES ('20000000-0000-4000-8000-000000000001', "
	    "'applications', 'batch.csv', '" "0000000000000000000000000000000000000000000000000"
	    "000000000000000', 10, 'USB', '申請', 'tanaka', '2026-07-01T01:00:00.000Z', "
	    "'imported', 'suzuki', '2026-07-01T02:00:00.000Z', '2 applications', 2)", &cause),
	    0);
	assert_int_equal(audit_actor(e->f->db, &root_admin, "admin.backup", "", "ok", "b", &cause),
	    0);
	assert_int_equal(audit_actor(e->f->db, &root_admin, "admin.restore-test", "b.tar",
	    "failed", "the restored audit head differs", &cause), 0);
	assert_int_equal(attestation_record(e->f->db, &suzuki, 1, "特定個人情報取扱規程を定めて"
	    "いる", "規程第12号", "2026-04-01", &cause), 0);

	if (report_build(e->f->db, &e->cf, "2026-04-01", "2027-03-31", NULL, &r, &cause) != 0)
		fail_msg("report: %s", cause);
	/* to past today is cut at today. */
	assert_int_equal(strcmp(r.to, "2027-03-31") < 0, 1);
	assert_int_equal(item(&r, 1)->answer, ANSWER_IMPLEMENTED);
	assert_true(shows(item(&r, 1), "規程第12号"));
	/* nomura handles the register without a procedure (事務) named. */
	assert_int_equal(item(&r, 2)->answer, ANSWER_ISSUE);
	assert_true(shows(item(&r, 2), "nomura"));
	assert_int_equal(item(&r, 3)->answer, ANSWER_ISSUE);
	assert_true(shows(item(&r, 3), "yamada"));
	assert_int_equal(item(&r, 4)->answer, ANSWER_ISSUE);
	assert_true(shows(item(&r, 4), "yamada"));
	assert_false(shows(&(struct report_item){ .n_ev = 1, .ev = { item(&r, 4)->ev[1] } },
	    "tanaka"));				/* trained in time */
	assert_int_equal(item(&r, 5)->answer, ANSWER_ISSUE);
	assert_int_equal(item(&r, 6)->answer, ANSWER_OCCURRED);
	assert_int_equal(item(&r, 7)->answer, ANSWER_NOT_REPORTED);
	assert_true(shows(item(&r, 7), "撮影"));
	assert_int_equal(item(&r, 8)->answer, ANSWER_NOT_IMPLEMENTED);	/* no plan attested */
	assert_int_equal(item(&r, 9)->answer, ANSWER_NOT_IMPLEMENTED);
	assert_int_equal(item(&r, 10)->answer, ANSWER_ISSUE);
	assert_true(shows(item(&r, 10), "2026-07-01 to"));
	assert_int_equal(item(&r, 11)->answer, ANSWER_ISSUE);		/* no USB control attested */
	assert_int_equal(item(&r, 12)->answer, ANSWER_IMPLEMENTED);
	assert_true(shows(item(&r, 12), "batch.csv"));
	assert_int_equal(item(&r, 13)->answer, ANSWER_ISSUE);
	assert_true(shows(item(&r, 13), "kimura: valid until 2026-06-30, revoked only on "
	    "2026-08-01"));
	assert_int_equal(item(&r, 14)->answer, ANSWER_ISSUE);
	assert_true(shows(item(&r, 14), "a default route via 192.168.2.1 on eth0"));
	assert_int_equal(item(&r, 15)->answer, ANSWER_ISSUE);
	assert_true(shows(item(&r, 15), "restore test FAILED"));
	assert_true(shows(item(&r, 15), "pam_faillock.so"));
	assert_true(shows(item(&r, 15), "deny = 3, unlock_time = 900"));
	for (i = 1; i <= REPORT_ITEMS; i++)
		assert_non_null(item(&r, i)->reason);

	json = report_json(&r);
	assert_non_null(strstr(json, "\"number\":7,"));
	assert_non_null(strstr(json, "\"answer\":\"not_reported\""));
	assert_non_null(strstr(json, "\"answer_ja\":\"報告を行っていない\""));
	text = report_text(&r);
	assert_non_null(strstr(text, "13. 情報システムを使用して"));
	assert_non_null(strstr(text, "Answer: 課題あり (issue)"));
	free(json);
	free(text);
	report_free(&r);

	/* With date_style = wareki the evidence and the head give dates in the era. */
	free(e->cf.date_style);
	e->cf.date_style = xstrdup("wareki");
	if (report_build(e->f->db, &e->cf, "2026-04-01", "2027-03-31", NULL, &r, &cause) != 0)
		fail_msg("report: %s", cause);
	assert_true(shows(item(&r, 13), "kimura: valid until 令和8年6月30日, revoked only on "
	    "令和8年8月1日"));
	assert_true(shows(item(&r, 10), "令和8年7月1日 to"));
	assert_true(shows(item(&r, 3), "令和8年4月10日 tanaka: new handler"));
	text = report_text(&r);
	assert_non_null(strstr(text, "Self-inspection report (自己点検), "
	    "令和8年4月1日 to "));
	free(text);
	report_free(&r);
	free(e->cf.date_style);
	e->cf.date_style = xstrdup("western");

	/* No default route: item 14 is implemented. */
	xasprintf(&p, "%s/proc/net/route", e->root);
	write_text(p, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\n"
	    "eth0\t0002A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\n");
	free(p);
	/* A period with nothing in it: every answer says why, none says implemented. */
	if (report_build(e->f->db, &e->cf, "2025-04-01", "2025-04-30", NULL, &r, &cause) != 0)
		fail_msg("report: %s", cause);
	assert_int_equal(item(&r, 14)->answer, ANSWER_IMPLEMENTED);
	assert_int_equal(item(&r, 1)->answer, ANSWER_NOT_IMPLEMENTED);
	assert_int_equal(item(&r, 6)->answer, ANSWER_NONE);
	assert_int_equal(item(&r, 7)->answer, ANSWER_NOT_APPLICABLE);
	assert_int_equal(item(&r, 10)->answer, ANSWER_NOT_IMPLEMENTED);
	assert_int_equal(item(&r, 12)->answer, ANSWER_NOT_APPLICABLE);
	assert_int_equal(item(&r, 15)->answer, ANSWER_ISSUE);	/* no backup in it */
	report_free(&r);

	assert_int_equal(report_build(e->f->db, &e->cf, "2026-05-01", "2026-04-01", NULL, &r,
	    &cause), -1);
	assert_non_null(strstr(cause, "ends before it starts"));
	free(cause);
	assert_int_equal(report_build(e->f->db, &e->cf, "2099-04-01", "2099-05-01", NULL, &r,
	    &cause), -1);
	assert_non_null(strstr(cause, "starts in the future"));
	free(cause);
	assert_int_equal(report_build(e->f->db, &e->cf, "2026-02-30", "2026-05-01", NULL, &r,
	    &cause), -1);
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_register_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
