/*
 * Corrections of a registration's items and of the My Number, and the cross-field rules
 * per qualification (issue 25, item 3): each rule allowed and refused, by name; a
 * correction that changes nothing; a certificate number or My Number that is another's;
 * the old My Number masked in the history; the My Number permission to file and approve.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "db-internal.h"
#include "register/register.h"
#include "sync/sync-rules.h"
#include "testutil.h"
#include "valid.h"
#include "xmalloc.h"

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor suzuki = { "suzuki", "supervisor", "tty1", 0 };
static const struct actor tanaka = { "tanaka", "clerk", "tty1", 0 };
static const struct actor yamada = { "yamada", "clerk", "tty1", 0 };
static const struct actor mori = { "mori", "supervisor", "tty1", 0 };

#define KV(k, v)	{ (char *)(k), (char *)(v) }

/* Born 2002-04-02: 18 on 2020-04-01, the day before the birthday (年齢計算ニ関スル法律). */
static const struct reg_value typed[] = {
	KV("family_name", "山田"), KV("given_name", "花子"),
	KV("family_kana", "ヤマダ"), KV("given_kana", "ハナコ"),
	KV("sex", "2"), KV("birth_date", "2002-04-02"),
	KV("postal_code", "1008926"), KV("address1", "東京都千代田区"),
	KV("honseki_pref", "13"), KV("mynumber", "123456789018"),
	KV("qualification", "building-hygiene"), KV("certificate_number", "BH-000001"),
	KV("application_date", "2020-04-01"), KV("reception_date", "2020-04-02"),
	KV("issue_date", "2020-05-01"), KV("route", "exam"), KV("exam_year", "2020"),
};
#define N_TYPED	(sizeof typed / sizeof typed[0])

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
	fixture_account(f, "yamada", "clerk", 0);
	fixture_account(f, "mori", "supervisor", 0);
	return 0;
}

/* A copy of typed[] with some values replaced: key, value, ... NULL. */
static struct reg_value *
with(size_t *n, ...)
{
	struct reg_value	*v;
	const char		*key, *value;
	va_list			 ap;
	size_t			 i;

	v = calloc(N_TYPED + 8, sizeof *v);
	memcpy(v, typed, sizeof typed);
	*n = N_TYPED;
	va_start(ap, n);
	while ((key = va_arg(ap, const char *)) != NULL) {
		value = va_arg(ap, const char *);
		for (i = 0; i < *n && strcmp(v[i].key, key) != 0; i++)
			;
		if (i == *n)
			v[(*n)++].key = (char *)key;
		v[i].value = (char *)value;
	}
	va_end(ap);
	return v;
}

/* cause by address: read after the call. */
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

static void
decide_ok(struct fixture *f, const struct actor *who, const char *id)
{
	char	*cause = NULL;

	if (application_decide(f->db, who, id, 1, "確認済み", &cause) != 0)
		fail_msg("decide: %s", cause);
}

/* Registers v and returns the holder's and the registration's ids. */
static void
registered(struct fixture *f, const struct reg_value *v, size_t n, char *holder, char *reg)
{
	sqlite3_stmt	*stmt;
	char		*cause = NULL, id[37];

	if (application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, v, n, id,
	    &cause) != 0)
		fail_msg("submit: %s", cause);
	decide_ok(f, &suzuki, id);
	assert_int_equal(sqlite3_prepare_v2(f->db->h, "SELECT holder_id, registration_id "
	    "FROM applications WHERE id = ?1", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(holder, 37, "%s", sqlite3_column_text(stmt, 0));
	snprintf(reg, 37, "%s", sqlite3_column_text(stmt, 1));
	sqlite3_finalize(stmt);
}

static int
submit(struct fixture *f, const struct reg_value *v, size_t n, char **cause)
{
	char	 id[37];

	return application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, v, n, id,
	    cause);
}

/* Minimum age at the application date: refused by name at filing and in the form. */
static void
test_rule_min_age(void **state)
{
	struct fixture		*f = *state;
	struct reg_value	*v;
	char			*cause = NULL;
	size_t			 n;

	/* Born 2002-04-03: still 17 on 2020-04-01. */
	v = with(&n, "birth_date", "2002-04-03", NULL);
	expect_refused(submit(f, v, n, &cause), &cause, "the applicant is 17 on the "
	    "application date (2020-04-01); Building environmental hygiene manager needs 18");
	expect_refused(registration_dates_check(f->db, NULL, v, n, &cause), &cause,
	    "needs 18");
	free(v);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications"), 0);
	/* The day before the 18th birthday: 18, taken. */
	assert_int_equal(registration_dates_check(f->db, NULL, typed, N_TYPED, &cause), 0);
	assert_int_equal(submit(f, typed, N_TYPED, &cause), 0);
	/* The figure is the office's: a rule of 20 refuses the same applicant. */
	assert_int_equal(db_exec(f->db, "UPDATE qualification_rules SET min_age = 20 WHERE "
	    "qualification = 'building-hygiene'", NULL), 0);
	v = with(&n, "certificate_number", "BH-000002", NULL);
	expect_refused(submit(f, v, n, &cause), &cause, "the applicant is 18 on the "
	    "application date (2020-04-01); Building environmental hygiene manager needs 20");
	free(v);
	/* Another qualification keeps its own rule. */
	v = with(&n, "qualification", "dietitian", "route", "school", "exam_year", "", NULL);
	assert_int_equal(submit(f, v, n, &cause), 0);
	free(v);
}

/* The exam year within the qualification's exams: first and last year, by name. */
static void
test_rule_exam_years(void **state)
{
	struct fixture		*f = *state;
	struct reg_value	*v;
	char			*cause = NULL;
	size_t			 n;

	v = with(&n, "birth_date", "1940-01-01", "exam_year", "1970", NULL);
	expect_refused(submit(f, v, n, &cause), &cause, "the exam year (1970) is before the "
	    "first exam of Building environmental hygiene manager (1971)");
	expect_refused(registration_dates_check(f->db, NULL, v, n, &cause), &cause,
	    "first exam");
	free(v);
	v = with(&n, "birth_date", "1940-01-01", "exam_year", "1971", NULL);
	assert_int_equal(submit(f, v, n, &cause), 0);
	free(v);
	v = with(&n, "qualification", "water-supply", "birth_date", "1940-01-01",
	    "exam_year", "1996", NULL);
	expect_refused(submit(f, v, n, &cause), &cause, "first exam of Water supply");
	free(v);
	/* A last exam year, as the office sets one: the year after it refused. */
	assert_int_equal(db_exec(f->db, "UPDATE qualification_rules SET last_exam_year = 2019 "
	    "WHERE qualification = 'water-supply'", NULL), 0);
	v = with(&n, "qualification", "water-supply", "exam_year", "2020", NULL);
	expect_refused(submit(f, v, n, &cause), &cause, "the exam year (2020) is after the "
	    "last exam of Water supply installation chief engineer (2019)");
	free(v);
	v = with(&n, "qualification", "water-supply", "exam_year", "2019", NULL);
	assert_int_equal(submit(f, v, n, &cause), 0);
	free(v);
	/* The order of the dates is still checked first. */
	v = with(&n, "application_date", "2020-05-02", "certificate_number", "BH-000005",
	    NULL);
	expect_refused(submit(f, v, n, &cause), &cause, "the reception date (2020-04-02) is "
	    "before");
	free(v);
}

static int
correct(struct fixture *f, const struct actor *who, const char *holder, const char *reg,
    const struct reg_value *v, size_t n, char *id, char **cause)
{
	return application_submit(f->db, who, APP_CORRECTION, holder, reg, v, n, id, cause);
}

/* A registration's items corrected: the event, the old values, the record. */
static void
test_correct_registration(void **state)
{
	struct fixture	*f = *state;
	char		 holder[37], reg[37], id[37], *cause = NULL, *sql;
	size_t		 n;
	struct reg_value *v;
	static const struct reg_value exam[] = { KV("exam_year", "2019"),
	    KV("exam_number", "E-77"), KV("event_date", "2020-06-01"),
	    KV("reason_text", "受験票の転記誤り") };
	static const struct reg_value number[] = { KV("certificate_number", "BH-000009"),
	    KV("event_date", "2020-06-02"), KV("reason_text", "番号の転記誤り") };

	registered(f, typed, N_TYPED, holder, reg);
	assert_int_equal(correct(f, &tanaka, holder, reg, exam, 4, id, &cause), 0);
	/* The supervisor sees the record's value beside the new one. */
	{
		struct application	 a;

		assert_int_equal(application_get(f->db, &suzuki, id, &a, &cause), 0);
		assert_string_equal(reg_values_get(a.current, a.n_current, "exam_year"),
		    "2020");
		assert_string_equal(reg_values_get(a.values, a.n_values, "exam_year"),
		    "2019");
		application_clear(&a);
	}
	decide_ok(f, &suzuki, id);
	xasprintf(&sql, "SELECT count(*) FROM registrations WHERE id = '%s' AND exam_year = "
	    "'2019' AND exam_number = 'E-77' AND version = 2", reg);
	assert_int_equal(db_count(f->db, sql), 1);
	free(sql);
	xasprintf(&sql, "SELECT count(*) FROM events WHERE registration_id = '%s' AND kind = "
	    "'correct' AND json_extract(before_json, '$.exam_year') = '2020' AND "
	    "json_extract(before_json, '$.exam_number') = '' AND approved_by = 'suzuki' AND "
	    "event_date = '2020-06-01'", reg);
	assert_int_equal(db_count(f->db, sql), 1);
	free(sql);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'registration'"), 2);

	/* A number printed on the certificate: 書換え, when nobody else has it. */
	v = with(&n, "family_kana", "スズキ", "mynumber", "", "certificate_number",
	    "BH-000002", NULL);
	{
		char	 h2[37], r2[37];

		registered(f, v, n, h2, r2);
	}
	free(v);
	expect_refused(correct(f, &tanaka, holder, reg, (struct reg_value[]){
	    KV("certificate_number", "BH-000002"), KV("event_date", "2020-06-02"),
	    KV("reason_text", "x") }, 3, id, &cause), &cause, "certificate number BH-000002 "
	    "is already registered");
	assert_int_equal(correct(f, &tanaka, holder, reg, number, 3, id, &cause), 0);
	/* Another correction to the same number waits behind it. */
	{
		char	 h3[37], r3[37], id3[37];

		v = with(&n, "family_kana", "サトウ", "mynumber", "", "certificate_number",
		    "BH-000003", NULL);
		registered(f, v, n, h3, r3);
		free(v);
		expect_refused(correct(f, &tanaka, h3, r3, number, 3, id3, &cause), &cause,
		    "BH-000009");
	}
	decide_ok(f, &suzuki, id);
	xasprintf(&sql, "SELECT count(*) FROM events WHERE registration_id = '%s' AND kind = "
	    "'rewrite' AND json_extract(before_json, '$.certificate_number') = 'BH-000001'",
	    reg);
	assert_int_equal(db_count(f->db, sql), 1);
	free(sql);
	assert_int_equal(sync_rules_check_outbox(f->db, stderr, &cause), 0);
}

/* Refused with the rule's name, nothing stored: no change, the dates, the rules. */
static void
test_correct_refused(void **state)
{
	struct fixture	*f = *state;
	char		 holder[37], reg[37], id[37], *cause = NULL;
	int64_t		 apps, events;

	registered(f, typed, N_TYPED, holder, reg);
	apps = db_count(f->db, "SELECT count(*) FROM applications");
	events = db_count(f->db, "SELECT count(*) FROM events");
	expect_refused(correct(f, &tanaka, holder, reg, (struct reg_value[]){
	    KV("exam_year", "2020"), KV("event_date", "2020-06-01"), KV("reason_text", "x") },
	    3, id, &cause), &cause, "Exam year: no change");
	expect_refused(correct(f, &tanaka, holder, reg, (struct reg_value[]){
	    KV("event_date", "2020-06-01"), KV("reason_text", "x") }, 2, id, &cause), &cause,
	    "nothing to correct");
	/* The new issue date against the unchanged application and reception dates. */
	expect_refused(correct(f, &tanaka, holder, reg, (struct reg_value[]){
	    KV("issue_date", "2020-03-01"), KV("event_date", "2020-06-01"),
	    KV("reason_text", "x") }, 3, id, &cause), &cause, "the issue date (2020-03-01) "
	    "is before the reception date (2020-04-02)");
	/* An earlier application date makes the holder too young. */
	expect_refused(correct(f, &tanaka, holder, reg, (struct reg_value[]){
	    KV("application_date", "2020-03-01"), KV("event_date", "2020-06-01"),
	    KV("reason_text", "x") }, 3, id, &cause), &cause, "the applicant is 17 on the "
	    "application date (2020-03-01)");
	expect_refused(correct(f, &tanaka, holder, reg, (struct reg_value[]){
	    KV("exam_year", "1960"), KV("event_date", "2020-06-01"), KV("reason_text", "x") },
	    3, id, &cause), &cause, "the exam year (1960)");
	expect_refused(correct(f, &tanaka, holder, reg, (struct reg_value[]){
	    KV("route", "4"), KV("event_date", "2020-06-01"), KV("reason_text", "x") },
	    3, id, &cause), &cause, "Route");
	expect_refused(correct(f, &tanaka, holder, reg, (struct reg_value[]){
	    KV("certificate_number", ""), KV("event_date", "2020-06-01"),
	    KV("reason_text", "x") }, 3, id, &cause), &cause, "Certificate number: required");
	/* A holder's identity item is not a registration's. */
	expect_refused(correct(f, &tanaka, holder, reg, (struct reg_value[]){
	    KV("family_name", "山本"), KV("event_date", "2020-06-01"),
	    KV("reason_text", "x") }, 3, id, &cause), &cause, "not an item");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications"), apps);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM events"), events);
	/* The rule is the approval's too: a rule tightened meanwhile refuses it. */
	assert_int_equal(correct(f, &tanaka, holder, reg, (struct reg_value[]){
	    KV("application_date", "2020-04-02"), KV("event_date", "2020-06-01"),
	    KV("reason_text", "x") }, 3, id, &cause), 0);
	assert_int_equal(db_exec(f->db, "UPDATE qualification_rules SET min_age = 19",
	    NULL), 0);
	expect_refused(application_decide(f->db, &suzuki, id, 1, "", &cause), &cause,
	    "needs 19");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM events"), events);
}

static void
valid_number(const char *eleven, char *out)
{
	snprintf(out, 13, "%s%d", eleven, mynumber_check_digit(eleven));
}

/* The My Number: the permission to file and approve, another's refused, masked history. */
static void
test_correct_mynumber(void **state)
{
	struct fixture	*f = *state;
	char		 holder[37], reg[37], h2[37], r2[37], id[37], *cause = NULL;
	char		 other[13], fresh[13], *sql;
	struct reg_value *v;
	size_t		 n;
	struct application a;

	valid_number("98765432101", other);
	valid_number("11112222333", fresh);
	registered(f, typed, N_TYPED, holder, reg);
	v = with(&n, "family_kana", "スズキ", "mynumber", other, "certificate_number",
	    "BH-000002", NULL);
	registered(f, v, n, h2, r2);
	free(v);

	/* A clerk without the My Number permission: refused and audited. */
	expect_refused(correct(f, &yamada, holder, NULL, (struct reg_value[]){
	    KV("mynumber", fresh), KV("event_date", "2020-06-01"), KV("reason_text", "x") },
	    3, id, &cause), &cause, "may not handle My Numbers");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE user = "
	    "'yamada' AND result = 'denied'"), 1);
	/* A bad check digit, the same number, another holder's: each named. */
	expect_refused(correct(f, &tanaka, holder, NULL, (struct reg_value[]){
	    KV("mynumber", "123456789012"), KV("event_date", "2020-06-01"),
	    KV("reason_text", "x") }, 3, id, &cause), &cause, "My Number");
	expect_refused(correct(f, &tanaka, holder, NULL, (struct reg_value[]){
	    KV("mynumber", "123456789018"), KV("event_date", "2020-06-01"),
	    KV("reason_text", "x") }, 3, id, &cause), &cause, "no change");
	assert_int_equal(correct(f, &tanaka, holder, NULL, (struct reg_value[]){
	    KV("mynumber", other), KV("event_date", "2020-06-01"), KV("reason_text", "x") },
	    3, id, &cause), -1);
	assert_non_null(strstr(cause, "held by another holder"));
	assert_null(strstr(cause, other + 8));
	free(cause);
	cause = NULL;
	expect_refused(correct(f, &tanaka, holder, reg, (struct reg_value[]){
	    KV("mynumber", fresh), KV("event_date", "2020-06-01"), KV("reason_text", "x") },
	    3, id, &cause), &cause, "application of its own");

	assert_int_equal(correct(f, &tanaka, holder, NULL, (struct reg_value[]){
	    KV("mynumber", fresh), KV("event_date", "2020-06-01"), KV("reason_text",
	    "番号の誤記") }, 3, id, &cause), 0);
	/* The approval screen shows both masked. */
	assert_int_equal(application_get(f->db, &suzuki, id, &a, &cause), 0);
	assert_int_equal(strncmp(reg_values_get(a.values, a.n_values, "mynumber"),
	    "**** **** ", 10), 0);
	assert_string_equal(reg_values_get(a.values, a.n_values, "mynumber") + 10,
	    fresh + 8);
	assert_string_equal(reg_values_get(a.current, a.n_current, "mynumber"),
	    "**** **** 9018");
	application_clear(&a);
	/* A supervisor without the permission may not approve it. */
	expect_refused(application_decide(f->db, &mori, id, 1, "", &cause), &cause,
	    "may not handle My Numbers");
	decide_ok(f, &suzuki, id);
	xasprintf(&sql, "SELECT count(*) FROM mynumbers WHERE holder_id = '%s' AND mynumber "
	    "= '%s'", holder, fresh);
	assert_int_equal(db_count(f->db, sql), 1);
	free(sql);
	xasprintf(&sql, "SELECT count(*) FROM events WHERE holder_id = '%s' AND kind = "
	    "'correct' AND registration_id IS NULL AND before_json = "
	    "'{\"mynumber_masked\":\"**** **** 9018\"}'", holder);
	assert_int_equal(db_count(f->db, sql), 1);
	free(sql);
	/* The old number is nowhere in clear: history, audit log, applications' outbox. */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM events WHERE before_json LIKE "
	    "'%123456789018%'"), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'mynumber.correct' AND user = 'suzuki' AND detail = '**** **** 9018'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE detail LIKE "
	    "'%123456789018%' OR target LIKE '%123456789018%'"), 0);
	/* What the terminal wrote is what sync takes: the events, the registration. */
	assert_int_equal(sync_rules_check_outbox(f->db, stderr, &cause), 0);
	/* The number now held: refused for the other holder too. */
	xasprintf(&sql, "%s", fresh);
	expect_refused(correct(f, &tanaka, h2, NULL, (struct reg_value[]){
	    KV("mynumber", sql), KV("event_date", "2020-06-01"), KV("reason_text", "x") },
	    3, id, &cause), &cause, "held by another holder");
	free(sql);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rule_min_age, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rule_exam_years, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_correct_registration, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_correct_refused, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_correct_mynumber, setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
