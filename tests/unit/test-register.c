/*
 * The register at the counter: applications checked on the way in, decided by another
 * supervisor, applied with their event in one transaction; the record with its history,
 * the My Number behind a reason; search.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "db-internal.h"
#include "register/register-merge.h"
#include "register/register.h"
#include "testutil.h"
#include "xmalloc.h"

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor sato = { "sato", "supervisor", "tty1", 0 };
static const struct actor suzuki = { "suzuki", "supervisor", "tty1", 0 };
static const struct actor tanaka = { "tanaka", "clerk", "tty1", 0 };
static const struct actor yamada = { "yamada", "clerk", "tty1", 0 };

#define KV(k, v)	{ (char *)(k), (char *)(v) }

/* A registration as a clerk types it: half-width kana, an era date, a spaced number. */
static const struct reg_value typed[] = {
	KV("family_name", "山田"), KV("given_name", "花子"),
	KV("family_kana", "ﾔﾏﾀﾞ"), KV("given_kana", "はなこ"),
	KV("sex", "2"), KV("birth_date", "平成2年4月1日"),
	KV("postal_code", "100-8926"), KV("address1", "東京都千代田区"),
	KV("address2", "霞が関２丁目１番２号"), KV("honseki_pref", "13"),
	KV("mynumber", "1234 5678 9018"),
	KV("qualification", "1"), KV("certificate_number", "BH-000001"),
	KV("application_date", "R2.4.1"), KV("reception_date", "2020-04-02"),
	KV("issue_date", "2020-05-01"), KV("route", "exam"),
	KV("pass_number", "P-12"),
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
	/* The first supervisor handles My Numbers here, as an approved change would let. */
	assert_int_equal(db_exec(f->db, "UPDATE accounts SET mynumber_allowed = 1 WHERE "
	    "user_name = 'sato'", NULL), 0);
	return 0;
}

/* A copy of typed[] with one value replaced (or added). */
static struct reg_value *
with(const char *key, const char *value, size_t *n)
{
	struct reg_value	*v;
	size_t			 i;

	v = calloc(N_TYPED + 1, sizeof *v);
	memcpy(v, typed, sizeof typed);
	*n = N_TYPED;
	for (i = 0; i < N_TYPED; i++) {
		if (strcmp(v[i].key, key) == 0) {
			v[i].value = (char *)value;
			return v;
		}
	}
	v[(*n)++] = (struct reg_value)KV(key, value);
	return v;
}

static void
submit_ok(struct fixture *f, const struct actor *who, const struct reg_value *v, size_t n,
    char *id)
{
	char	*cause = NULL;

	if (application_submit(f->db, who, APP_REGISTRATION, NULL, NULL, v, n, id,
	    &cause) != 0)
		fail_msg("submit: %s", cause);
}

static void
decide_ok(struct fixture *f, const struct actor *who, const char *id)
{
	char	*cause = NULL;

	if (application_decide(f->db, who, id, 1, "確認済み", &cause) != 0)
		fail_msg("decide: %s", cause);
}

/* The id of the one holder whose family name is name. */
static void
holder_id_of(struct fixture *f, const char *name, char *id)
{
	sqlite3_stmt	*stmt;

	assert_int_equal(sqlite3_prepare_v2(f->db->h, "SELECT id FROM holders WHERE "
	    "family_name = ?1", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(id, 37, "%s", sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
}

static void
registered(struct fixture *f, char *holder)
{
	char	 id[37];

	submit_ok(f, &tanaka, typed, N_TYPED, id);
	decide_ok(f, &suzuki, id);
	holder_id_of(f, "山田", holder);
}

/* cause by address: read after the call, whatever the order of argument evaluation. */
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
test_submit_normalises(void **state)
{
	struct fixture	*f = *state;
	char		 id[37];

	submit_ok(f, &tanaka, typed, N_TYPED, id);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE status = "
	    "'pending' AND requested_by = 'tanaka' AND kind = 'registration'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE "
	    "json_extract(payload, '$.family_kana') = 'ヤマダ' AND "
	    "json_extract(payload, '$.given_kana') = 'ハナコ' AND "
	    "json_extract(payload, '$.birth_date') = '1990-04-01' AND "
	    "json_extract(payload, '$.application_date') = '2020-04-01' AND "
	    "json_extract(payload, '$.postal_code') = '1008926' AND "
	    "json_extract(payload, '$.qualification') = 'building-hygiene' AND "
	    "json_extract(payload, '$.mynumber') = '123456789018'"), 1);
	/* Nothing in the register yet; the outbox copy has no My Number. */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders"), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'application'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE payload LIKE "
	    "'%123456789018%'"), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.apply' AND user = 'tanaka' AND result = 'ok'"), 1);
}

/*
 * SPEC §10: a terminal that syncs refuses new applications after max_offline_days without
 * a successful sync, or with more than max_pending_changes unsent; within them it files.
 */
static void
test_offline_limits(void **state)
{
	struct fixture		*f = *state;
	struct reg_value	*v;
	char			*cause = NULL, id[37];
	int64_t			 pending;
	size_t			 n;

	pending = db_count(f->db, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL");
	assert_true(pending > 0);
	db_set_offline_limits(f->db, 7, (int)pending - 1);
	expect_refused(application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, typed,
	    N_TYPED, id, &cause), &cause, "changes unsent");
	cause = NULL;
	/* Synced 8 days ago: too long offline, whatever is pending. */
	db_set_offline_limits(f->db, 7, 1000000);
	assert_int_equal(db_exec(f->db, "UPDATE sync_state SET last_success_at = "
	    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-8 days')", NULL), 0);
	expect_refused(application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, typed,
	    N_TYPED, id, &cause), &cause, "no sync for 8 days (limit 7)");
	cause = NULL;
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications"), 0);
	/* Synced 6 days ago: within the limits, filed. */
	assert_int_equal(db_exec(f->db, "UPDATE sync_state SET last_success_at = "
	    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-6 days')", NULL), 0);
	submit_ok(f, &tanaka, typed, N_TYPED, id);
	/* A terminal that does not sync has no such limits. */
	db_set_offline_limits(f->db, 0, 0);
	assert_int_equal(db_exec(f->db, "UPDATE sync_state SET last_success_at = "
	    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-400 days')", NULL), 0);
	v = with("certificate_number", "BH-000002", &n);
	submit_ok(f, &tanaka, v, n, id);
	free(v);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications"), 2);
}

static void
test_submit_refusals(void **state)
{
	struct fixture		*f = *state;
	struct reg_value	*v;
	char			*cause = NULL, id[37], *big;
	size_t			 n;

	v = with("mynumber", "123456789012", &n);
	expect_refused(application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, v, n,
	    id, &cause), &cause, "My Number");
	free(v);
	cause = NULL;
	v = with("birth_date", "平成31年5月1日", &n);
	expect_refused(application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, v, n,
	    id, &cause), &cause, "Birth date");
	free(v);
	cause = NULL;
	v = with("family_kana", "yamada", &n);
	expect_refused(application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, v, n,
	    id, &cause), &cause, "kana");
	free(v);
	cause = NULL;
	v = with("family_name", "", &n);
	expect_refused(application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, v, n,
	    id, &cause), &cause, "required");
	free(v);
	cause = NULL;
	v = with("nickname", "x", &n);
	expect_refused(application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, v, n,
	    id, &cause), &cause, "not an item");
	free(v);
	cause = NULL;
	/* 1,000 characters: refused whole, never cut. */
	big = malloc(3001);
	for (n = 0; n < 1000; n++)
		memcpy(big + 3 * n, "山", 3);
	big[3000] = '\0';
	v = with("family_name", big, &n);
	expect_refused(application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, v, n,
	    id, &cause), &cause, "Family name");
	free(v);
	free(big);
	cause = NULL;
	v = with("family_name", "山\xff田", &n);
	expect_refused(application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, v, n,
	    id, &cause), &cause, "Family name");
	free(v);
	cause = NULL;
	v = with("address1", "東京\x1b[2J", &n);
	expect_refused(application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, v, n,
	    id, &cause), &cause, "Address 1");
	free(v);
	cause = NULL;
	/* Dates out of the order they happen in (issue 25): each named, nothing stored. */
	{
		static const char *const bad[][3] = {
			{ "issue_date", "2020-03-31", "the issue date (2020-03-31) is before "
			    "the reception date (2020-04-02)" },
			{ "reception_date", "2020-03-01", "the reception date (2020-03-01) is "
			    "before the application date (2020-04-01)" },
			{ "application_date", "1990-04-01", "the application date (1990-04-01) "
			    "is not after the birth date (1990-04-01)" },
			{ "exam_year", "1989", "the exam year (1989)" },
			{ "exam_year", "2021", "the exam year (2021)" },
		};
		size_t	 b;

		for (b = 0; b < sizeof bad / sizeof bad[0]; b++) {
			v = with(bad[b][0], bad[b][1], &n);
			expect_refused(application_submit(f->db, &tanaka, APP_REGISTRATION,
			    NULL, NULL, v, n, id, &cause), &cause, bad[b][2]);
			free(v);
			cause = NULL;
		}
		/* The same day for all three, and an exam in the year: taken. */
		v = with("exam_year", "2020", &n);
		v[n - 1].value = (char *)"2020";
		submit_ok(f, &tanaka, v, n, id);
		free(v);
		assert_int_equal(db_exec(f->db, "DELETE FROM applications; DELETE FROM outbox",
		    NULL), 0);
	}
	/* The sysadmin's role has no register function. */
	fixture_account(f, "ono", "sysadmin", 0);
	expect_refused(application_submit(f->db, &(struct actor){ "ono", "sysadmin", "tty1",
	    0 }, APP_REGISTRATION, NULL, NULL, typed, N_TYPED, id, &cause), &cause,
	    "not allowed");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications"), 0);
}

/* The seeds' 試験回数, 受講年月 and 受講会場 are items: filed, approved, in the register. */
static void
test_course_items(void **state)
{
	struct fixture		*f = *state;
	struct reg_value	*v;
	char			 id[37];
	size_t			 n;

	v = with("exam_round", "12", &n);
	v = realloc(v, (n + 2) * sizeof *v);
	v[n++] = (struct reg_value)KV("course_month", "2019-06");
	v[n++] = (struct reg_value)KV("course_venue", "東京会場");
	submit_ok(f, &tanaka, v, n, id);
	free(v);
	decide_ok(f, &suzuki, id);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM registrations WHERE exam_round = "
	    "'12' AND course_month = '2019-06' AND course_venue = '東京会場'"), 1);
}

static void
test_four_eyes_and_apply(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, id[37], holder[37];

	submit_ok(f, &sato, typed, N_TYPED, id);
	expect_refused(application_decide(f->db, &sato, id, 1, "", &cause), &cause,
	    "another supervisor");
	cause = NULL;
	expect_refused(application_decide(f->db, &tanaka, id, 1, "", &cause), &cause,
	    "not allowed");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.decide' AND user = 'sato' AND result = 'denied'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders"), 0);

	decide_ok(f, &suzuki, id);
	holder_id_of(f, "山田", holder);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders WHERE family_kana = "
	    "'ヤマダ' AND birth_date = '1990-04-01' AND sex = 2"), 1);
	/*
	 * Before approval the application has no holder; the approval names the new holder
	 * first, in the one form of a holder's entries.
	 */
	{
		char	*sql;

		xasprintf(&sql, "SELECT count(*) FROM audit_log WHERE action = "
		    "'register.apply' AND target = 'application:%s'", id);
		assert_int_equal(db_count(f->db, sql), 1);
		free(sql);
		xasprintf(&sql, "SELECT count(*) FROM audit_log WHERE action = "
		    "'register.approve' AND target = 'holder:%s application:%s'", holder, id);
		assert_int_equal(db_count(f->db, sql), 1);
		free(sql);
	}
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM mynumbers WHERE mynumber = "
	    "'123456789018' AND source = 'typed'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM registrations WHERE "
	    "certificate_number = 'BH-000001' AND status = 'valid' AND pass_number = 'P-12'"),
	    1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM events WHERE kind = 'issue' AND "
	    "created_by = 'sato' AND approved_by = 'suzuki' AND event_date = '2020-05-01'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE status = "
	    "'approved' AND decided_by = 'suzuki' AND holder_id IS NOT NULL"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holder_names WHERE "
	    "holder_names MATCH 'マダハ'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity IN "
	    "('holder', 'registration', 'event', 'mynumber')"), 4);
	/* Decided once only; the same certificate number cannot come again. */
	expect_refused(application_decide(f->db, &suzuki, id, 1, "", &cause), &cause,
	    "already decided");
	cause = NULL;
	expect_refused(application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, typed,
	    N_TYPED, id, &cause), &cause, "BH-000001");
}

static void
test_reject_needs_comment(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, id[37];

	submit_ok(f, &tanaka, typed, N_TYPED, id);
	expect_refused(application_decide(f->db, &suzuki, id, 0, "", &cause), &cause,
	    "comment");
	cause = NULL;
	assert_int_equal(application_decide(f->db, &suzuki, id, 0, "本人確認書類が不足",
	    &cause), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE status = "
	    "'rejected' AND decision_comment = '本人確認書類が不足'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders"), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.reject'"), 1);
}

static void
test_name_correction_is_rewrite(void **state)
{
	struct fixture		*f = *state;
	const struct reg_value	 change[] = { KV("family_name", "川田"),
	    KV("family_kana", "カワダ"), KV("event_date", "令和6年1月10日"),
	    KV("reason_text", "婚姻による氏の変更") };
	const struct reg_value	 same[] = { KV("given_name", "花子"),
	    KV("event_date", "2024-01-10"), KV("reason_text", "x") };
	char			*cause = NULL, id[37], id2[37], holder[37];

	registered(f, holder);
	expect_refused(application_submit(f->db, &tanaka, APP_CORRECTION, holder, NULL, same,
	    3, id, &cause), &cause, "no change");
	cause = NULL;
	assert_int_equal(application_submit(f->db, &tanaka, APP_CORRECTION, holder, NULL,
	    change, 4, id, &cause), 0);
	/* A second correction made on the same version goes stale when the first applies. */
	assert_int_equal(application_submit(f->db, &yamada, APP_CORRECTION, holder, NULL,
	    (const struct reg_value[]){ KV("address1", "大阪府大阪市"),
	    KV("event_date", "2024-02-01"), KV("reason_text", "転居") }, 3, id2, &cause), 0);
	decide_ok(f, &suzuki, id);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders WHERE family_name = "
	    "'川田' AND family_kana = 'カワダ' AND version = 2"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM events WHERE kind = 'rewrite' "
	    "AND event_date = '2024-01-10' AND json_extract(before_json, '$.family_name') = "
	    "'山田' AND json_extract(before_json, '$.family_kana') = 'ヤマダ' AND "
	    "reason_text = '婚姻による氏の変更'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holder_names WHERE "
	    "holder_names MATCH 'カワダ'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holder_names WHERE "
	    "holder_names MATCH 'ヤマダ'"), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = 'holder' "
	    "AND op = 'update' AND version = 2"), 1);
	expect_refused(application_decide(f->db, &sato, id2, 1, "", &cause), &cause,
	    "changed after");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders WHERE address1 = "
	    "'大阪府大阪市'"), 0);
}

static void
test_address_correction_is_correct(void **state)
{
	struct fixture		*f = *state;
	const struct reg_value	 change[] = { KV("address1", "大阪府大阪市北区"),
	    KV("event_date", "2024-02-01"), KV("reason_text", "転居") };
	struct application	 a;
	char			*cause = NULL, id[37], holder[37];

	registered(f, holder);
	assert_int_equal(application_submit(f->db, &tanaka, APP_CORRECTION, holder, NULL,
	    change, 3, id, &cause), 0);
	assert_int_equal(application_get(f->db, &suzuki, id, &a, &cause), 0);
	assert_string_equal(reg_values_get(a.values, a.n_values, "address1"),
	    "大阪府大阪市北区");
	assert_string_equal(reg_values_get(a.current, a.n_current, "address1"),
	    "東京都千代田区");
	application_clear(&a);
	decide_ok(f, &sato, id);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM events WHERE kind = 'correct' "
	    "AND json_extract(before_json, '$.address1') = '東京都千代田区'"), 1);
}

static void
test_deletion(void **state)
{
	struct fixture		*f = *state;
	const struct reg_value	 why[] = { KV("event_date", "2025-03-01"),
	    KV("reason_code", "1"), KV("reason_text", "死亡届による") };
	sqlite3_stmt		*stmt;
	char			*cause = NULL, id[37], holder[37], reg[37];

	registered(f, holder);
	assert_int_equal(sqlite3_prepare_v2(f->db->h, "SELECT id FROM registrations", -1,
	    &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(reg, sizeof reg, "%s", sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	assert_int_equal(application_submit(f->db, &tanaka, APP_DELETION, holder, reg, why, 3,
	    id, &cause), 0);
	decide_ok(f, &suzuki, id);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM registrations WHERE status = "
	    "'erased'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders WHERE erased = 1"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM events WHERE kind = 'erase' AND "
	    "reason_code = 'death' AND json_extract(before_json, '$.status') = 'valid'"), 1);
	/* Logical only: the record stays. */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders"), 1);
	expect_refused(application_submit(f->db, &tanaka, APP_DELETION, holder, reg, why, 3,
	    id, &cause), &cause, "already erased");
}

static void
test_view_hides_sensitive(void **state)
{
	struct fixture		*f = *state;
	struct holder_view	 h;
	char			*cause = NULL, holder[37], *sql;
	size_t			 i;
	int			 seen;

	registered(f, holder);
	xasprintf(&sql, "INSERT INTO events (id, holder_id, kind, event_date, reason_text, "
	    "sensitive, created_by, created_at) VALUES ('00000000-0000-4000-8000-000000000001', "
	    "'%s', 'refuse', '2021-01-01', '要配慮の事由', 1, 'sato', '2021-01-01')", holder);
	assert_int_equal(db_exec(f->db, sql, &cause), 0);
	free(sql);

	assert_int_equal(holder_view(f->db, &tanaka, holder, &h, &cause), 0);
	assert_string_equal(h.mynumber_masked, "**** **** 9018");
	assert_string_equal(reg_values_get(h.values, h.n_values, "family_kana"), "ヤマダ");
	assert_int_equal(h.n_registrations, 1);
	assert_int_equal(h.n_events, 2);
	for (i = 0, seen = 0; i < h.n_events; i++) {
		if (strcmp(h.events[i].kind, "refuse") == 0) {
			assert_null(h.events[i].reason_text);
			seen = 1;
		}
	}
	assert_true(seen);
	holder_view_clear(&h);
	assert_int_equal(holder_view(f->db, &suzuki, holder, &h, &cause), 0);
	for (i = 0, seen = 0; i < h.n_events; i++) {
		if (strcmp(h.events[i].kind, "refuse") == 0) {
			assert_string_equal(h.events[i].reason_text, "要配慮の事由");
			seen = 1;
		}
	}
	assert_true(seen);
	holder_view_clear(&h);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.view'"), 2);
	expect_refused(holder_view(f->db, &tanaka, "00000000-0000-4000-8000-00000000dead", &h,
	    &cause), &cause, "no such holder");
}

static void
test_reveal_needs_permission_and_reason(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, holder[37], number[13];

	registered(f, holder);
	expect_refused(mynumber_reveal(f->db, &yamada, holder, "本人確認", number, &cause),
	    &cause, "may not handle");
	assert_string_equal(number, "");
	cause = NULL;
	expect_refused(mynumber_reveal(f->db, &tanaka, holder, "  ", number, &cause), &cause,
	    "reason");
	cause = NULL;
	assert_int_equal(mynumber_reveal(f->db, &tanaka, holder, "住基照会の突合", number,
	    &cause), 0);
	assert_string_equal(number, "123456789018");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'mynumber.reveal' AND user = 'tanaka' AND result = 'ok' AND detail = "
	    "'住基照会の突合'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'mynumber.reveal' AND user = 'yamada' AND result = 'denied'"), 1);
}

static size_t
search_count(struct fixture *f, const struct search_query *q, int *more)
{
	struct search_hit	*hits;
	size_t			 n;
	int			 m;
	char			*cause = NULL;

	if (register_search(f->db, &tanaka, q, &hits, &n, more != NULL ? more : &m,
	    &cause) != 0)
		fail_msg("search: %s", cause);
	search_hits_free(hits, n);
	return n;
}

static void
test_search(void **state)
{
	struct fixture		*f = *state;
	struct search_hit	*hits;
	struct reg_value	*v;
	char			*cause = NULL, id[37], holder[37], cert[16], kana[32];
	const char		*names[] = { "ヤマモト", "ヤマグチ", "ヤマザキ" };
	size_t			 n, i;
	int			 more;

	registered(f, holder);
	/* 24 more holders whose kana starts ヤマ, for pages. */
	for (i = 0; i < 24; i++) {
		snprintf(cert, sizeof cert, "BH-1%05zu", i);
		v = with("certificate_number", cert, &n);
		v[0].value = (char *)"山本";
		snprintf(kana, sizeof kana, "%s", names[i % 3]);
		v[2].value = kana;
		v[10].value = (char *)"";
		submit_ok(f, &tanaka, v, n, id);
		/* Namesakes born the same day: the approval says they are other people. */
		if (application_approve_different(f->db, &suzuki, id, "別人", "", &cause) != 0)
			fail_msg("decide: %s", cause);
		free(v);
	}
	assert_int_equal(search_count(f, &(struct search_query){ .name = "マダハ" }, NULL), 1);
	assert_int_equal(search_count(f, &(struct search_query){ .name = "ﾔﾏﾀﾞ" }, NULL), 1);
	assert_int_equal(search_count(f, &(struct search_query){ .name = "やまだ" }, NULL), 1);
	assert_int_equal(search_count(f, &(struct search_query){ .name = "山田　花子" }, NULL),
	    1);
	assert_int_equal(search_count(f, &(struct search_query){ .name = "山田" }, NULL), 1);
	assert_int_equal(search_count(f, &(struct search_query){ .name = "ヤ", .limit = 10 },
	    &more), 10);
	assert_true(more);
	assert_int_equal(search_count(f, &(struct search_query){ .name = "ヤ", .limit = 10,
	    .offset = 20 }, &more), 5);
	assert_false(more);
	assert_int_equal(search_count(f, &(struct search_query){ .name = "ヤマグチ" }, NULL),
	    8);
	assert_int_equal(search_count(f, &(struct search_query){ .birth_date = "H2.4.1",
	    .certificate_number = "BH-000001" }, NULL), 1);
	assert_int_equal(search_count(f, &(struct search_query){ .status = "erased" }, NULL),
	    0);
	assert_int_equal(search_count(f, &(struct search_query){ .name = "鈴木" }, NULL), 0);
	/* FTS syntax and SQL in a query are only text. */
	assert_int_equal(search_count(f, &(struct search_query){ .name = "\" OR 1=1 --" },
	    NULL), 0);
	assert_int_equal(search_count(f, &(struct search_query){ .name = "ヤマ* AND NOT" },
	    NULL), 0);

	assert_int_equal(register_search(f->db, &tanaka, &(struct search_query){ .name =
	    "マダハ" }, &hits, &n, &more, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].kana, "ヤマダ ハナコ");
	assert_string_equal(hits[0].birth_date, "1990-04-01");
	assert_string_equal(hits[0].certificates, "BH-000001 valid");
	search_hits_free(hits, n);

	expect_refused(register_search(f->db, &tanaka, &(struct search_query){ 0 }, &hits, &n,
	    &more, &cause), &cause, "give a name");
	cause = NULL;
	expect_refused(register_search(f->db, &tanaka, &(struct search_query){ .birth_date =
	    "平成31年5月1日" }, &hits, &n, &more, &cause), &cause, "Birth date");
	assert_true(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.search' AND user = 'tanaka'") >= 13);
}

/* A common name alone lists nothing but says so; with a birth date it lists. */
static void
test_search_too_many(void **state)
{
	struct fixture		*f = *state;
	struct search_hit	*hits;
	size_t			 n;
	int			 more;
	char			*cause = NULL;

	assert_int_equal(db_exec(f->db, "WITH RECURSIVE i(x) AS (SELECT 1 UNION ALL SELECT "
	    "x + 1 FROM i WHERE x < 501) INSERT INTO holders (id, family_name, given_name, "
	    "family_kana, given_kana, sex, birth_date, created_at, updated_at) SELECT "
	    "printf('00000000-0000-4000-8000-%012d', x), '佐藤', '花子' || x, 'サトウ', "
	    "'ハナコ', 2, CASE x WHEN 7 THEN '1980-01-07' ELSE '1970-01-01' END, '2025', "
	    "'2025' FROM i; INSERT INTO holder_names (rowid, names) SELECT rowid, "
	    "family_name || ' ' || given_name || ' ' || family_kana || ' ' || given_kana FROM "
	    "holders", &cause), 0);
	assert_int_equal(register_search(f->db, &tanaka, &(struct search_query){ .name =
	    "サトウ" }, &hits, &n, &more, &cause), 0);
	assert_int_equal(n, 0);
	assert_int_equal(more, SEARCH_TOO_MANY);
	assert_int_equal(register_search(f->db, &tanaka, &(struct search_query){ .name =
	    "佐藤" }, &hits, &n, &more, &cause), 0);
	assert_int_equal(more, SEARCH_TOO_MANY);
	assert_int_equal(register_search(f->db, &tanaka, &(struct search_query){ .name =
	    "サトウ", .birth_date = "1980-01-07" }, &hits, &n, &more, &cause), 0);
	assert_int_equal(n, 1);
	assert_int_equal(more, SEARCH_LAST_PAGE);
	assert_string_equal(hits[0].name, "佐藤 花子7");
	search_hits_free(hits, n);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.search' AND detail LIKE '%too-many%'"), 2);
}

/* The names of a search's hits, in order, joined by ",". */
static char *
search_names(struct fixture *f, const struct search_query *q, int *more)
{
	struct search_hit	*hits;
	size_t			 n, i;
	char			*cause = NULL, *all = xstrdup(""), *next;

	if (register_search(f->db, &tanaka, q, &hits, &n, more, &cause) != 0)
		fail_msg("search: %s", cause);
	for (i = 0; i < n; i++) {
		xasprintf(&next, "%s%s%s", all, i > 0 ? "," : "", hits[i].name);
		free(all);
		all = next;
	}
	search_hits_free(hits, n);
	return all;
}

/*
 * A family name and the start of a given name: the matches with them are sorted from the
 * name indexes (migration 37), the others from their rows, merged into one order, paged,
 * and a merged holder is left out either way.
 */
static void
test_search_family_and_given(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, *names;
	int		 more;

	assert_int_equal(db_exec(f->db, "INSERT INTO holders (id, family_name, given_name, "
	    "family_kana, given_kana, sex, birth_date, merged_into, created_at, updated_at) "
	    "VALUES ('00000000-0000-4000-8000-000000000001', '新井', '雅美', 'アライ', "
	    "'マサミ', 2, '1970-01-01', NULL, '2025', '2025'), "
	    "('00000000-0000-4000-8000-000000000002', '今新井', '雅代', 'アライ', 'マサノ', 2, "
	    "'1970-01-01', NULL, '2025', '2025'), "
	    "('00000000-0000-4000-8000-000000000003', '新井', '雅子', 'アライ', 'マサコ', 2, "
	    "'1970-01-01', NULL, '2025', '2025'), "
	    "('00000000-0000-4000-8000-000000000004', '新井', '雅人', 'アライ', 'マサト', 1, "
	    "'1970-01-01', '00000000-0000-4000-8000-000000000003', '2025', '2025'), "
	    "('00000000-0000-4000-8000-000000000005', '新井', '和子', 'アライ', 'カズコ', 2, "
	    "'1970-01-01', NULL, '2025', '2025'), "
	    "('00000000-0000-4000-8000-000000000006', '佐新井', '雅恵', 'サアライ', 'マサエ', 2, "
	    "'1970-01-01', NULL, '2025', '2025'), "
	    "('00000000-0000-4000-8000-000000000007', '中新井', '雅世', 'ナカアライ', 'マサヨ', "
	    "2, '1970-01-02', '00000000-0000-4000-8000-000000000006', '2025', '2025'); "
	    "INSERT INTO holder_names (rowid, names) SELECT rowid, family_name || ' ' || "
	    "given_name || ' ' || family_kana || ' ' || given_kana FROM holders", &cause), 0);

	/*
	 * 今新井 matches by the end of its family name: not in the index's range; nor is
	 * 中新井, merged into 佐新井, which is left out.
	 */
	names = search_names(f, &(struct search_query){ .name = "新井　雅" }, &more);
	assert_string_equal(names, "新井 雅子,今新井 雅代,新井 雅美,佐新井 雅恵");
	assert_int_equal(more, SEARCH_LAST_PAGE);
	free(names);
	names = search_names(f, &(struct search_query){ .name = "新井 雅", .limit = 2 },
	    &more);
	assert_string_equal(names, "新井 雅子,今新井 雅代");
	assert_int_equal(more, SEARCH_MORE);
	free(names);
	names = search_names(f, &(struct search_query){ .name = "新井 雅", .limit = 2,
	    .offset = 2 }, &more);
	assert_string_equal(names, "新井 雅美,佐新井 雅恵");
	assert_int_equal(more, SEARCH_LAST_PAGE);
	free(names);
	/* Kana, typed in hiragana: サアライ is outside the kana index's range. */
	names = search_names(f, &(struct search_query){ .name = "あらい まさ" }, &more);
	assert_string_equal(names, "新井 雅子,今新井 雅代,新井 雅美,佐新井 雅恵");
	free(names);
	/* Every match has the family name and given-name start: the index alone lists. */
	names = search_names(f, &(struct search_query){ .name = "アライ マサコ" }, &more);
	assert_string_equal(names, "新井 雅子");
	free(names);
	names = search_names(f, &(struct search_query){ .name = "新井 雅美" }, &more);
	assert_string_equal(names, "新井 雅美");
	free(names);
	names = search_names(f, &(struct search_query){ .name = "新井 雅人" }, &more);
	assert_string_equal(names, "");
	free(names);
	names = search_names(f, &(struct search_query){ .name = "アライ マ", .limit = 1,
	    .offset = 1 }, &more);
	assert_string_equal(names, "今新井 雅代");
	assert_int_equal(more, SEARCH_MORE);
	free(names);
	/* One or two characters with a birth date: the start of any of the four names. */
	names = search_names(f, &(struct search_query){ .name = "新井", .birth_date =
	    "1970-01-01" }, &more);
	assert_string_equal(names, "新井 和子,新井 雅子,新井 雅美");
	free(names);
	names = search_names(f, &(struct search_query){ .name = "雅", .birth_date =
	    "1970-01-01" }, &more);
	assert_string_equal(names, "新井 雅子,今新井 雅代,新井 雅美,佐新井 雅恵");
	free(names);
	names = search_names(f, &(struct search_query){ .name = "アラ", .birth_date =
	    "1970-01-01" }, &more);
	assert_string_equal(names, "新井 和子,新井 雅子,今新井 雅代,新井 雅美");
	free(names);
	names = search_names(f, &(struct search_query){ .name = "マサ", .birth_date =
	    "1970-01-01" }, &more);
	assert_string_equal(names, "新井 雅子,今新井 雅代,新井 雅美,佐新井 雅恵");
	free(names);
	names = search_names(f, &(struct search_query){ .name = "新井", .birth_date =
	    "1970-01-02" }, &more);
	assert_string_equal(names, "");
	free(names);
	/* A family part no holder has: every match is read from its row. */
	names = search_names(f, &(struct search_query){ .name = "井 雅" }, &more);
	assert_string_equal(names, "新井 雅子,今新井 雅代,新井 雅美,佐新井 雅恵");
	free(names);
}

static void
test_metacharacters_stored_exactly(void **state)
{
	struct fixture		*f = *state;
	struct reg_value	*v;
	const char		*evil = "O'Brien\"; DROP TABLE holders;--";
	char			 id[37];
	size_t			 n;

	v = with("family_name", evil, &n);
	submit_ok(f, &tanaka, v, n, id);
	decide_ok(f, &suzuki, id);
	free(v);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders WHERE family_name = "
	    "'O''Brien\"; DROP TABLE holders;--'"), 1);
	assert_int_equal(search_count(f, &(struct search_query){ .name = "Brien\"; DROP" },
	    NULL), 1);
}

static void
test_list_pending(void **state)
{
	struct fixture		*f = *state;
	struct application	*list, a;
	struct reg_value	*v;
	size_t			 n;
	char			*cause = NULL, id[37], id2[37];

	submit_ok(f, &tanaka, typed, N_TYPED, id);
	v = with("certificate_number", "BH-2", &n);
	submit_ok(f, &tanaka, v, n, id2);
	free(v);
	assert_int_equal(application_list(f->db, &suzuki, 1, &list, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].id, id);
	assert_string_equal(list[0].holder_name, "山田 花子");
	application_list_free(list, n);
	assert_int_equal(application_get(f->db, &suzuki, id, &a, &cause), 0);
	assert_string_equal(reg_values_get(a.values, a.n_values, "mynumber"),
	    "**** **** 9018");
	application_clear(&a);
	expect_refused(application_list(f->db, &tanaka, 1, &list, &n, &cause), &cause,
	    "not allowed");
	/* Both carry the same My Number: the second approval is refused. */
	decide_ok(f, &suzuki, id);
	expect_refused(application_decide(f->db, &suzuki, id2, 1, "", &cause), &cause,
	    "another holder");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders"), 1);
}

/*
 * Issue 31: typing a My Number into a registration, or approving one that carries it,
 * needs the account's My Number permission; the refusal is audited and nothing is
 * stored. Without a number the same clerk files the registration.
 */
static void
test_mynumber_needs_permission(void **state)
{
	struct fixture		*f = *state;
	struct reg_value	*v;
	size_t			 n;
	char			*cause = NULL, id[37];

	expect_refused(application_submit(f->db, &yamada, APP_REGISTRATION, NULL, NULL, typed,
	    N_TYPED, id, &cause), &cause, "may not handle My Numbers");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications"), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.apply' AND user = 'yamada' AND result = 'denied' AND detail = "
	    "'no My Number permission'"), 1);
	v = with("mynumber", "", &n);
	submit_ok(f, &yamada, v, n, id);
	free(v);

	v = with("certificate_number", "BH-3", &n);
	submit_ok(f, &tanaka, v, n, id);
	free(v);
	cause = NULL;
	expect_refused(application_decide(f->db, &(struct actor){ "mori", "supervisor", "tty1",
	    0 }, id, 1, "", &cause), &cause, "may not handle My Numbers");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.decide' AND user = 'mori' AND result = 'denied'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM mynumbers"), 0);
	/* Rejecting it puts no number anywhere: no permission needed. */
	assert_int_equal(application_decide(f->db, &(struct actor){ "mori", "supervisor",
	    "tty1", 0 }, id, 0, "番号の確認書類なし", &cause), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_submit_normalises, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_submit_refusals, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_course_items, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_offline_limits, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_four_eyes_and_apply, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_mynumber_needs_permission, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_reject_needs_comment, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_name_correction_is_rewrite, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_address_correction_is_correct, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_deletion, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_view_hides_sensitive, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_reveal_needs_permission_and_reason, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_search_too_many, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_search_family_and_given, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_metacharacters_stored_exactly, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_list_pending, setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
