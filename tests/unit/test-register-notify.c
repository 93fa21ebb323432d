/*
 * Notifications (届出): the reasons as data, each group leading to its application; the
 * notification kept as history, audited; a death filing 消除 for every live registration
 * with the return of each certificate expected; bad input refused with nothing changed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "db-internal.h"
#include "register/notify.h"
#include "register/register.h"
#include "testutil.h"
#include "xmalloc.h"

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor suzuki = { "suzuki", "supervisor", "tty1", 0 };
static const struct actor tanaka = { "tanaka", "clerk", "tty1", 0 };
static const struct actor auditor = { "kato", "auditor", "tty1", 0 };

#define KV(k, v)	{ (char *)(k), (char *)(v) }

static const struct reg_value person[] = {
	KV("family_name", "山田"), KV("given_name", "花子"),
	KV("family_kana", "ヤマダ"), KV("given_kana", "ハナコ"),
	KV("sex", "2"), KV("birth_date", "1990-04-01"),
	KV("address1", "東京都千代田区"), KV("address2", "霞が関２丁目１番２号"),
	KV("honseki_pref", "13"),
	KV("qualification", "1"), KV("certificate_number", "BH-000001"),
	KV("application_date", "2020-04-01"), KV("reception_date", "2020-04-02"),
	KV("issue_date", "2020-05-01"), KV("route", "exam"),
};
#define N_PERSON	(sizeof person / sizeof person[0])

static const struct reg_value second[] = {
	KV("qualification", "2"), KV("certificate_number", "DT-000001"),
	KV("application_date", "2021-04-01"), KV("reception_date", "2021-04-02"),
	KV("issue_date", "2021-05-01"), KV("route", "school"),
};

static int
setup(void **state)
{
	struct fixture	*f;
	char		*cause = NULL;

	if (fixture_setup(state) != 0)
		return -1;
	f = *state;
	if (account_first_supervisor(f->db, &root_admin, "sato", "佐藤 一郎", &cause) != 0)
		return -1;
	fixture_account(f, "suzuki", "supervisor", 1);
	fixture_account(f, "tanaka", "clerk", 1);
	fixture_account(f, "kato", "auditor", 1);
	return 0;
}

static void
approved(struct fixture *f, const char *holder, const struct reg_value *v, size_t n)
{
	char	 id[37], *cause = NULL;

	if (application_submit(f->db, &tanaka, APP_REGISTRATION, holder, NULL, v, n, id,
	    &cause) != 0)
		fail_msg("submit: %s", cause);
	if (application_decide(f->db, &suzuki, id, 1, "確認済み", &cause) != 0)
		fail_msg("decide: %s", cause);
}

/* A holder with one registration (two with both); its id in holder. */
static void
holder_with(struct fixture *f, int both, char *holder)
{
	sqlite3_stmt	*stmt;

	approved(f, NULL, person, N_PERSON);
	assert_int_equal(sqlite3_prepare_v2(f->db->h, "SELECT id FROM holders", -1, &stmt,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(holder, 37, "%s", sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	if (both)
		approved(f, holder, second, sizeof second / sizeof second[0]);
}

/* db_count, saying what SQLite found wrong with a query (the test's own mistake). */
static int64_t
count(struct fixture *f, const char *sql)
{
	sqlite3_stmt	*stmt;

	if (sqlite3_prepare_v2(f->db->h, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(f->db->h));
	sqlite3_finalize(stmt);
	return db_count(f->db, sql);
}

static void
expect_refused(int rc, char **cause, const char *part)
{
	assert_int_equal(rc, -1);
	assert_non_null(*cause);
	if (strstr(*cause, part) == NULL)
		fail_msg("message '%s' does not say '%s'", *cause, part);
	free(*cause);
	*cause = NULL;
}

/* The table: the usual codes, each group leading to its own application. */
static void
test_reasons(void **state)
{
	static const struct {
		const char	*code, *grp, *leads_to, *app_reason, *ja;
	} want[] = {
		{ "marriage", "name", "rewrite", "", "結婚" },
		{ "divorce", "name", "rewrite", "", "離婚" },
		{ "adoption", "name", "rewrite", "", "養子縁組" },
		{ "adoption-end", "name", "rewrite", "", "養子離縁" },
		{ "name-other", "name", "rewrite", "", "その他の氏名変更" },
		{ "honseki-transfer", "honseki", "rewrite", "", "転籍" },
		{ "honseki-other", "honseki", "rewrite", "", "その他の本籍変更" },
		{ "death", "death", "erase", "death", "死亡" },
		{ "missing", "death", "erase", "death", "失踪宣告" },
		{ "lost", "loss", "reissue", "lost", "紛失" },
		{ "stolen", "loss", "reissue", "lost", "盗難" },
		{ "burnt", "loss", "reissue", "lost", "焼失" },
		{ "soiled", "loss", "reissue", "soiled", "汚損" },
	};
	struct fixture		*f = *state;
	struct notify_reason	*r, one;
	size_t			 n, i;
	char			*cause = NULL, *label;

	assert_int_equal(notify_reasons_list(f->db, NULL, 1, &r, &n, &cause), 0);
	assert_int_equal(n, sizeof want / sizeof want[0]);
	for (i = 0; i < n; i++) {
		assert_string_equal(r[i].code, want[i].code);
		assert_string_equal(r[i].grp, want[i].grp);
		assert_string_equal(r[i].leads_to, want[i].leads_to);
		assert_string_equal(r[i].app_reason, want[i].app_reason);
		assert_string_equal(r[i].label, want[i].ja);
	}
	notify_reasons_free(r, n);
	assert_int_equal(notify_reasons_list(f->db, "death", 0, &r, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].label, "death");
	assert_string_equal(r[1].label, "declared missing");
	notify_reasons_free(r, n);
	expect_refused(notify_reason_get(f->db, "wedding", 0, &one, &cause), &cause,
	    "unknown notification reason 'wedding'");
	assert_null(notify_reason_label(f->db, "wedding", 0));
	label = notify_reason_label(f->db, "honseki-transfer", 0);
	assert_string_equal(label, "transfer of 本籍");
	free(label);
	/* The table holds its own rules: a death cannot lead to a reissue. */
	assert_int_not_equal(db_exec(f->db, "INSERT INTO notify_reasons VALUES ('x', 99, "
	    "'death', 'x', 'x', 'reissue', 'lost')", NULL), 0);
}

/* A name change: the fact kept, nothing filed; the screen opens the correction next. */
static void
test_name_change(void **state)
{
	struct fixture		*f = *state;
	struct notify_filed	 out;
	char			 holder[37], *cause = NULL;

	holder_with(f, 0, holder);
	if (notify_file(f->db, &tanaka, holder, NULL, "marriage", "R7.4.1", "婚姻届の写し",
	    NOTIFY_FROM_COUNTER, &out, &cause) != 0)
		fail_msg("file: %s", cause);
	assert_string_equal(out.leads_to, "rewrite");
	assert_int_equal(out.events, 1);
	assert_int_equal(out.n_applications, 0);
	notify_filed_clear(&out);
	assert_int_equal(count(f, "SELECT count(*) FROM events WHERE kind = 'notify' AND "
	    "reason_code = 'marriage' AND event_date = '2025-04-01' AND reason_text = "
	    "'婚姻届の写し' AND registration_id IS NULL AND created_by = 'tanaka'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.notify' AND user = 'tanaka' AND detail LIKE 'marriage counter "
	    "rewrite%'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM applications WHERE status = "
	    "'pending'"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE entity = 'event' AND "
	    "json_extract(payload, '$.kind') = 'notify'"), 1);
	/* 転籍 the same way. */
	assert_int_equal(notify_file(f->db, &tanaka, holder, NULL, "honseki-transfer",
	    "2025-05-01", "", NOTIFY_FROM_COUNTER, &out, &cause), 0);
	assert_string_equal(out.leads_to, "rewrite");
	notify_filed_clear(&out);
}

/* A death: a 消除 application for every live registration, their returns expected. */
static void
test_death(void **state)
{
	struct fixture		*f = *state;
	struct notify_filed	 out, out2;
	struct notify_return	*ret;
	struct application	 a;
	size_t			 n, i;
	char			 holder[37], *cause = NULL;

	holder_with(f, 1, holder);
	if (notify_file(f->db, &tanaka, holder, NULL, "death", "2025-03-01", "",
	    NOTIFY_FROM_COUNTER, &out, &cause) != 0)
		fail_msg("file: %s", cause);
	assert_string_equal(out.leads_to, "erase");
	assert_int_equal(out.events, 2);
	assert_int_equal(out.n_applications, 2);
	for (i = 0; i < out.n_applications; i++) {
		assert_int_equal(application_get(f->db, &suzuki, out.applications[i], &a,
		    &cause), 0);
		assert_string_equal(a.kind, "deletion");
		assert_string_equal(reg_values_get(a.values, a.n_values, "reason_code"),
		    "death");
		assert_string_equal(reg_values_get(a.values, a.n_values, "event_date"),
		    "2025-03-01");
		/* No text typed: the reason's name in the register's language. */
		assert_string_equal(reg_values_get(a.values, a.n_values, "reason_text"),
		    "死亡");
		application_clear(&a);
	}
	assert_int_equal(notify_returns_expected(f->db, holder, &ret, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_string_equal(ret[0].certificate_number, "BH-000001");
	assert_string_equal(ret[1].certificate_number, "DT-000001");
	assert_string_equal(ret[0].notified_on, "2025-03-01");
	notify_returns_free(ret, n);
	/* Filed once: the same death again would file every 消除 twice. */
	expect_refused(notify_file(f->db, &suzuki, holder, NULL, "death", "2025-03-01", "",
	    NOTIFY_FROM_JUKI, &out2, &cause), &cause, "already has an erasure awaiting");
	assert_int_equal(count(f, "SELECT count(*) FROM events WHERE kind = 'notify'"), 2);
	/* Four eyes as ever: the clerk cannot decide, a supervisor erases. */
	expect_refused(application_decide(f->db, &tanaka, out.applications[0], 1, "ok",
	    &cause), &cause, "");
	for (i = 0; i < out.n_applications; i++)
		assert_int_equal(application_decide(f->db, &suzuki, out.applications[i], 1,
		    "死亡届を確認", &cause), 0);
	notify_filed_clear(&out);
	assert_int_equal(count(f, "SELECT erased FROM holders"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM events WHERE kind = 'erase' AND "
	    "reason_code = 'death'"), 2);
	/* Erased, the certificates are still to come back. */
	assert_int_equal(notify_returns_expected(f->db, holder, &ret, &n, &cause), 0);
	assert_int_equal(n, 2);
	notify_returns_free(ret, n);
	/* A return recorded for one settles it. */
	assert_int_equal(db_exec(f->db, "INSERT INTO events (id, registration_id, holder_id, "
	    "kind, event_date, created_by, created_at) SELECT "
	    "'00000000-0000-0000-0000-000000000001', id, holder_id, 'return', '2025-03-10', "
	    "'suzuki', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 second') FROM registrations "
	    "WHERE certificate_number = 'BH-000001'", NULL), 0);
	assert_int_equal(notify_returns_expected(f->db, holder, &ret, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(ret[0].certificate_number, "DT-000001");
	notify_returns_free(ret, n);

	/*
	 * A death with no live registration (here: all erased now): the fact is kept for the
	 * holder, nothing is filed, no return is expected of it.
	 */
	assert_int_equal(notify_file(f->db, &tanaka, holder, NULL, "missing", "2025-03-02",
	    "家庭裁判所の審判", NOTIFY_FROM_JUKI, &out, &cause), 0);
	assert_string_equal(out.leads_to, "erase");
	assert_int_equal(out.events, 1);
	assert_int_equal(out.n_applications, 0);
	notify_filed_clear(&out);
	assert_int_equal(count(f, "SELECT count(*) FROM events WHERE kind = 'notify' AND "
	    "reason_code = 'missing' AND registration_id IS NULL"), 1);
	assert_int_equal(notify_returns_expected(f->db, holder, &ret, &n, &cause), 0);
	assert_int_equal(n, 1);
	notify_returns_free(ret, n);
}

/* A loss names its registration; the screen opens the reissue form next. */
static void
test_loss(void **state)
{
	struct fixture		*f = *state;
	struct notify_filed	 out;
	sqlite3_stmt		*stmt;
	char			 holder[37], reg[37], *cause = NULL;

	holder_with(f, 0, holder);
	assert_int_equal(sqlite3_prepare_v2(f->db->h, "SELECT id FROM registrations", -1,
	    &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(reg, sizeof reg, "%s", sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	expect_refused(notify_file(f->db, &tanaka, holder, NULL, "stolen", "2025-03-01", "",
	    NOTIFY_FROM_COUNTER, &out, &cause), &cause, "say which registration");
	assert_int_equal(notify_file(f->db, &tanaka, holder, reg, "stolen", "2025-03-01",
	    "盗難届 受理番号 123", NOTIFY_FROM_COUNTER, &out, &cause), 0);
	assert_string_equal(out.leads_to, "reissue");
	assert_int_equal(out.n_applications, 0);
	notify_filed_clear(&out);
	assert_int_equal(count(f, "SELECT count(*) FROM events WHERE kind = 'notify' AND "
	    "reason_code = 'stolen' AND registration_id IS NOT NULL"), 1);
}

/* Bad input: each refused with the rule named, nothing recorded. */
static void
test_refusals(void **state)
{
	struct fixture		*f = *state;
	struct notify_filed	 out;
	char			 holder[37], *cause = NULL;

	holder_with(f, 0, holder);
	expect_refused(notify_file(f->db, &tanaka, holder, NULL, "wedding", "2025-03-01", "",
	    NOTIFY_FROM_COUNTER, &out, &cause), &cause, "unknown notification reason");
	expect_refused(notify_file(f->db, &tanaka, holder, NULL, "marriage", "", "",
	    NOTIFY_FROM_COUNTER, &out, &cause), &cause, "date of the fact: required");
	expect_refused(notify_file(f->db, &tanaka, holder, NULL, "marriage", "2025-02-30",
	    "", NOTIFY_FROM_COUNTER, &out, &cause), &cause, "date of the fact");
	expect_refused(notify_file(f->db, &tanaka, holder, NULL, "marriage", "2999-01-01",
	    "", NOTIFY_FROM_COUNTER, &out, &cause), &cause, "after today");
	expect_refused(notify_file(f->db, &tanaka, holder, NULL, "name-other", "2025-03-01",
	    "", NOTIFY_FROM_COUNTER, &out, &cause), &cause, "required for");
	expect_refused(notify_file(f->db, &tanaka, "00000000-0000-0000-0000-000000000000",
	    NULL, "death", "2025-03-01", "", NOTIFY_FROM_COUNTER, &out, &cause), &cause,
	    "no such holder");
	expect_refused(notify_file(f->db, &auditor, holder, NULL, "death", "2025-03-01", "",
	    NOTIFY_FROM_COUNTER, &out, &cause), &cause, "");
	assert_int_equal(count(f, "SELECT count(*) FROM events WHERE kind = 'notify'"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM applications WHERE kind = "
	    "'deletion'"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.notify'"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reasons, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_name_change, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_death, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_loss, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
