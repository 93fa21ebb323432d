/*
 * Business statistics (issue 24): receptions, issues, reissues, erasures, withdrawals and
 * Juki-net queries of known days counted per month, kind, channel and qualification, the
 * period's ends included and the days around it left out; a period that is none refused
 * with a message that names what is wrong.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts.h"
#include "db-internal.h"
#include "reception/reception.h"
#include "reception/reception-stats.h"
#include "register/register.h"
#include "testutil.h"
#include "xmalloc.h"

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor suzuki = { "suzuki", "supervisor", "tty1", 0 };
static const struct actor tanaka = { "tanaka", "clerk", "tty1", 0 };

#define H1	"11111111-1111-4111-8111-111111111111"
#define H2	"22222222-2222-4222-8222-222222222222"
#define G1	"aaaaaaaa-1111-4111-8111-111111111111"
#define G2	"bbbbbbbb-2222-4222-8222-222222222222"

#define KV(k, v)	{ (char *)(k), (char *)(v) }

static const struct reg_value person[] = {
	KV("family_name", "川村"), KV("given_name", "葵"),
	KV("family_kana", "カワムラ"), KV("given_kana", "アオイ"),
	KV("sex", "2"), KV("birth_date", "1991-06-07"),
	KV("postal_code", "100-8926"), KV("address1", "東京都千代田区"),
	KV("address2", "霞が関２丁目１番２号"), KV("honseki_pref", "13"),
	KV("qualification", "1"), KV("certificate_number", "RC-000001"),
	KV("application_date", "2020-04-01"), KV("reception_date", "2020-04-02"),
	KV("issue_date", "2020-05-01"), KV("route", "exam"), KV("pass_number", "P-7"),
};

/*
 * Two holders with one registration each, and their business around April and May 2026
 * (the days in the comments are local, JST). Stamps in UTC are read in local time.
 */
static const char	 business_sql[] =
    "INSERT INTO holders (id, family_name, given_name, family_kana, given_kana, sex, "
    "birth_date, created_at, updated_at) VALUES "
    "('" H1 "', '川村', '葵', 'カワムラ', 'アオイ', 2, '1991-06-07', 'x', 'x'), "
    "('" H2 "', '森本', '健一', 'モリモト', 'ケンイチ', 1, '1980-01-02', 'x', 'x');"
    "INSERT INTO registrations (id, holder_id, qualification, certificate_number, route, "
    "created_at, updated_at) VALUES "
    "('" G1 "', '" H1 "', 'building-hygiene', 'BH-1', 'exam', 'x', 'x'), "
    "('" G2 "', '" H2 "', 'dietitian', 'DT-1', 'school', 'x', 'x');"
    "INSERT INTO events (id, registration_id, holder_id, kind, event_date, created_by, "
    "created_at) VALUES "
    "('e0000001-0000-4000-8000-000000000001', '" G1 "', '" H1 "', 'issue', '2026-04-10', "
    "'t', 'x'), "
    "('e0000001-0000-4000-8000-000000000002', '" G2 "', '" H2 "', 'issue', '2026-04-20', "
    "'t', 'x'), "
    "('e0000001-0000-4000-8000-000000000003', '" G2 "', '" H2 "', 'issue', '2026-05-02', "
    "'t', 'x'), "
    /* The days either side of the period. */
    "('e0000001-0000-4000-8000-000000000004', '" G1 "', '" H1 "', 'issue', '2026-03-31', "
    "'t', 'x'), "
    "('e0000001-0000-4000-8000-000000000005', '" G1 "', '" H1 "', 'issue', '2026-06-01', "
    "'t', 'x'), "
    "('e0000001-0000-4000-8000-000000000006', '" G1 "', '" H1 "', 'reissue', "
    "'2026-05-15', 't', 'x'), "
    /* The period's last day is in it. */
    "('e0000001-0000-4000-8000-000000000007', '" G2 "', '" H2 "', 'erase', '2026-05-31', "
    "'t', 'x'), "
    /* Not counted: a rewrite is none of the measures. */
    "('e0000001-0000-4000-8000-000000000008', '" G1 "', '" H1 "', 'rewrite', "
    "'2026-04-11', 't', 'x');"
    "INSERT INTO receptions (id, number, kind, channel, received_on, received_by, "
    "received_at, holder_id, status, withdrawn_by, withdrawn_at, withdraw_reason) VALUES "
    /* Decided, its reissue for G1: the period's first day. */
    "('r0000001-0000-4000-8000-000000000001', 'R2026-0000001', 'reissue', 'counter', "
    "'2026-04-01', 't', 'x', '" H1 "', 'decided', NULL, NULL, NULL), "
    /* Open, nothing filed under it yet: no qualification. */
    "('r0000001-0000-4000-8000-000000000002', 'R2026-0000002', 'reissue', 'counter', "
    "'2026-04-30', 't', 'x', '" H1 "', 'open', NULL, NULL, NULL), "
    /* A new person's registration by mail, withdrawn on 2026-05-01 11:00. */
    "('r0000001-0000-4000-8000-000000000003', 'R2026-0000003', 'registration', 'mail', "
    "'2026-04-15', 't', 'x', NULL, 'withdrawn', 't', '2026-05-01T02:00:00.000Z', "
    "'本人の申出'), "
    "('r0000001-0000-4000-8000-000000000004', 'R2026-0000004', 'correction', 'e-gov', "
    "'2026-05-20', 't', 'x', '" H2 "', 'open', NULL, NULL, NULL), "
    /* Received before the period, withdrawn in it (2026-04-01 10:00). */
    "('r0000001-0000-4000-8000-000000000005', 'R2026-0000005', 'deletion', 'counter', "
    "'2026-03-31', 't', 'x', '" H2 "', 'withdrawn', 't', '2026-04-01T01:00:00.000Z', "
    "'来庁せず'), "
    /* Received after it, withdrawn after it. */
    "('r0000001-0000-4000-8000-000000000006', 'R2026-0000006', 'reissue', 'counter', "
    "'2026-06-01', 't', 'x', '" H1 "', 'withdrawn', 't', '2026-06-02T01:00:00.000Z', "
    "'来庁せず'), "
    /* Withdrawn on 2026-03-31 23:30 local, 14:30 UTC: before the period. */
    "('r0000001-0000-4000-8000-000000000007', 'R2026-0000007', 'reissue', 'mynaportal', "
    "'2026-03-30', 't', 'x', '" H1 "', 'withdrawn', 't', '2026-03-31T14:30:00.000Z', "
    "'来庁せず');"
    "INSERT INTO applications (id, kind, holder_id, registration_id, payload, status, "
    "requested_by, requested_at, decided_by, decided_at, reception_number) VALUES "
    "('a0000001-0000-4000-8000-000000000001', 'reissue', '" H1 "', '" G1 "', '{}', "
    "'approved', 'tanaka', 'x', 'suzuki', 'x', 'R2026-0000001'), "
    "('a0000001-0000-4000-8000-000000000003', 'registration', NULL, NULL, "
    "'{\"qualification\":\"dietitian\",\"family_name\":\"森本\"}', 'withdrawn', 'tanaka', "
    "'x', NULL, NULL, 'R2026-0000003'), "
    "('a0000001-0000-4000-8000-000000000005', 'deletion', '" H2 "', '" G2 "', '{}', "
    "'withdrawn', 'tanaka', 'x', NULL, NULL, 'R2026-0000005');"
    "INSERT INTO juki_queries (id, request_no, file_id, mode, holder_id, key_kind, "
    "key_summary, jimu, purpose_ref, status, requested_by, requested_at) VALUES "
    /* 2026-04-10 12:00 */
    "('q0000001-0000-4000-8000-000000000001', 1, 'Q1', 'immediate', '" H1 "', 'four', "
    "'k', 1, 'R2026-0000001', 'answered', 't', '2026-04-10T03:00:00.000Z'), "
    /* 2026-05-01 01:00: May, though April in UTC. */
    "('q0000001-0000-4000-8000-000000000002', 2, 'Q2', 'immediate', '" H1 "', 'four', "
    "'k', 1, 'R2026-0000002', 'failed', 't', '2026-04-30T16:00:00.000Z'), "
    /* 2026-04-01 00:30: the first day, though March in UTC. */
    "('q0000001-0000-4000-8000-000000000003', 3, 'Q3', 'immediate', '" H1 "', 'four', "
    "'k', 1, 'R2026-0000001', 'answered', 't', '2026-03-31T15:30:00.000Z'), "
    /* 2026-06-01 00:00: after the period. */
    "('q0000001-0000-4000-8000-000000000004', 4, 'Q4', 'immediate', '" H2 "', 'four', "
    "'k', 1, 'R2026-0000004', 'pending', 't', '2026-05-31T15:00:00.000Z');";

static int
setup(void **state)
{
	struct fixture	*f;
	char		*cause = NULL;

	/* Local time is Japan's whatever the machine's: the comments above count on it. */
	setenv("TZ", "JST-9", 1);
	tzset();
	if (fixture_setup(state) != 0)
		return -1;
	f = *state;
	if (account_first_supervisor(f->db, &root_admin, "sato", "佐藤 一郎", &cause) != 0)
		return -1;
	fixture_account(f, "suzuki", "supervisor", 1);
	fixture_account(f, "tanaka", "clerk", 1);
	return 0;
}

/* The rows as CSV-like lines "month,measure,kind,channel,qualification,count", joined. */
static char *
rows_text(const struct reception_stats *st)
{
	char	*text = xstrdup(""), *next;
	size_t	 i;

	for (i = 0; i < st->n; i++) {
		xasprintf(&next, "%s%s,%s,%s,%s,%s,%lld\n", text, st->rows[i].month,
		    reception_stats_measure_code(st->rows[i].measure), st->rows[i].kind,
		    st->rows[i].channel, st->rows[i].qualification,
		    (long long)st->rows[i].count);
		free(text);
		text = next;
	}
	return text;
}

static void
test_counts(void **state)
{
	struct fixture		*f = *state;
	struct reception_stats	 st;
	char			*cause = NULL, *text;
	size_t			 i;
	static const char	 want[] =
	    "2026-04,receptions,registration,mail,dietitian,1\n"
	    "2026-04,receptions,reissue,counter,,1\n"
	    "2026-04,receptions,reissue,counter,building-hygiene,1\n"
	    "2026-04,issues,,,building-hygiene,1\n"
	    "2026-04,issues,,,dietitian,1\n"
	    "2026-04,withdrawals,deletion,counter,dietitian,1\n"
	    "2026-04,juki-queries,,,,2\n"
	    "2026-05,receptions,correction,e-gov,,1\n"
	    "2026-05,issues,,,dietitian,1\n"
	    "2026-05,reissues,,,building-hygiene,1\n"
	    "2026-05,erasures,,,dietitian,1\n"
	    "2026-05,withdrawals,registration,mail,dietitian,1\n"
	    "2026-05,juki-queries,,,,1\n";

	if (db_exec(f->db, business_sql, &cause) != 0)
		fail_msg("the business: %s", cause);
	if (reception_stats_build(f->db, "2026-04-01", "2026-05-31", &st, &cause) != 0)
		fail_msg("stats: %s", cause);
	assert_string_equal(st.from, "2026-04-01");
	assert_string_equal(st.to, "2026-05-31");
	text = rows_text(&st);
	assert_string_equal(text, want);
	free(text);
	assert_int_equal(st.totals[STATS_RECEPTIONS], 4);
	assert_int_equal(st.totals[STATS_ISSUES], 3);
	assert_int_equal(st.totals[STATS_REISSUES], 1);
	assert_int_equal(st.totals[STATS_ERASURES], 1);
	assert_int_equal(st.totals[STATS_WITHDRAWALS], 2);
	assert_int_equal(st.totals[STATS_JUKI_QUERIES], 3);
	/* Counts only: nothing of a person, however the payload names them. */
	for (i = 0; i < st.n; i++) {
		assert_null(strstr(st.rows[i].kind, "森本"));
		assert_null(strstr(st.rows[i].qualification, "森本"));
	}
	reception_stats_free(&st);
	assert_int_equal(st.n, 0);

	/* One day, given in the era's words: the period's first day alone. */
	if (reception_stats_build(f->db, "令和8年4月1日", "R8.4.1", &st, &cause) != 0)
		fail_msg("stats: %s", cause);
	assert_string_equal(st.from, "2026-04-01");
	text = rows_text(&st);
	assert_string_equal(text, "2026-04,receptions,reissue,counter,building-hygiene,1\n"
	    "2026-04,withdrawals,deletion,counter,dietitian,1\n"
	    "2026-04,juki-queries,,,,1\n");
	free(text);
	reception_stats_free(&st);

	/* A period with nothing in it: no row, every total 0. */
	if (reception_stats_build(f->db, "2025-01-01", "2025-12-31", &st, &cause) != 0)
		fail_msg("stats: %s", cause);
	assert_int_equal(st.n, 0);
	assert_null(st.rows);
	for (i = 0; i < STATS_MEASURES; i++)
		assert_int_equal(st.totals[i], 0);
	reception_stats_free(&st);
}

/* The register's own filing and decision: the qualification read from what was filed. */
static void
test_filed(void **state)
{
	struct fixture		*f = *state;
	struct reception_stats	 st;
	struct tm		 tm;
	time_t			 now = time(NULL);
	char			 n[RECEPTION_NUMBER_SIZE], id[37], today[16], want[160];
	char			*cause = NULL, *text;

	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	assert_int_equal(reception_open(f->db, &tanaka, "registration", "mail", NULL, n,
	    &cause), 0);
	if (application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, person,
	    sizeof person / sizeof person[0], id, &cause) != 0)
		fail_msg("submit: %s", cause);
	/* Pending: the qualification the application asks for. */
	if (reception_stats_build(f->db, today, today, &st, &cause) != 0)
		fail_msg("stats: %s", cause);
	text = rows_text(&st);
	snprintf(want, sizeof want, "%.7s,receptions,registration,mail,building-hygiene,1\n",
	    today);
	assert_string_equal(text, want);
	free(text);
	reception_stats_free(&st);
	if (application_decide(f->db, &suzuki, id, 1, "", &cause) != 0)
		fail_msg("decide: %s", cause);
	/* Decided: the same, and the issue on the registration's day of issue. */
	if (reception_stats_build(f->db, today, today, &st, &cause) != 0)
		fail_msg("stats: %s", cause);
	text = rows_text(&st);
	assert_string_equal(text, want);
	free(text);
	reception_stats_free(&st);
	if (reception_stats_build(f->db, "2020-05-01", "2020-05-01", &st, &cause) != 0)
		fail_msg("stats: %s", cause);
	text = rows_text(&st);
	assert_string_equal(text, "2020-05,issues,,,building-hygiene,1\n");
	free(text);
	reception_stats_free(&st);
}

static void
period_bad(struct db *db, const char *from, const char *to, const char *says)
{
	struct reception_stats	 st;
	char			*cause = NULL;

	if (reception_stats_build(db, from, to, &st, &cause) == 0)
		fail_msg("%s to %s: counted", from != NULL ? from : "(none)",
		    to != NULL ? to : "(none)");
	assert_non_null(cause);
	if (strstr(cause, says) == NULL)
		fail_msg("%s to %s: \"%s\" does not say \"%s\"", from != NULL ? from : "(none)",
		    to != NULL ? to : "(none)", cause, says);
	free(cause);
	assert_int_equal(st.n, 0);
	assert_null(st.rows);
}

/* A period that is none: refused, with what is wrong, and nothing counted. */
static void
test_period_bad(void **state)
{
	struct fixture	*f = *state;
	char		 a[STATS_DATE_SIZE], b[STATS_DATE_SIZE], *cause = NULL;

	period_bad(f->db, "2026-05-01", "2026-04-30", "ends before it starts");
	period_bad(f->db, "2026-13-01", "2026-12-31", "first day \"2026-13-01\"");
	period_bad(f->db, "2026-04-01", "2026-02-30", "last day \"2026-02-30\"");
	period_bad(f->db, "2026-02-29", "2026-03-01", "no day 29");
	period_bad(f->db, "", "2026-03-01", "first day");
	period_bad(f->db, "April", "2026-03-01", "first day");
	period_bad(f->db, "2026-04-01", "2026-04-01'; DROP TABLE receptions; --", "last day");
	period_bad(f->db, NULL, "2026-03-01", "first and last day");
	period_bad(f->db, "2026-04-01", NULL, "first and last day");
	/* Read alone, as the command checks it before it opens the database. */
	assert_int_equal(reception_stats_period("2026/4/1", "２０２６－０４－３０", a, b,
	    &cause), 0);
	assert_string_equal(a, "2026-04-01");
	assert_string_equal(b, "2026-04-30");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM sqlite_master WHERE name = "
	    "'receptions'"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counts, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_filed, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_period_bad, setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
