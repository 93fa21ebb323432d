/*
 * Administrative actions (issue 25): every (state, action) pair of the state table filed
 * and approved or refused; overlapping suspensions; 返還 without a certificate; a state
 * changed between the filing and the approval; the automatic end of a suspension; the
 * overdue list; the 要配慮 items by permission.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "db-internal.h"
#include "register/holders.h"
#include "register/refusals-list.h"
#include "register/notify.h"
#include "register/register-actions.h"
#include "register/register-merge.h"
#include "register/register.h"
#include "sync/sync-rules.h"
#include "testutil.h"
#include "xmalloc.h"

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor sato = { "sato", "supervisor", "tty1", 0 };
static const struct actor suzuki = { "suzuki", "supervisor", "tty1", 0 };
static const struct actor tanaka = { "tanaka", "clerk", "tty1", 0 };

#define KV(k, v)	{ (char *)(k), (char *)(v) }

static const struct reg_value person[] = {
	KV("family_name", "山田"), KV("given_name", "花子"),
	KV("family_kana", "ヤマダ"), KV("given_kana", "ハナコ"),
	KV("sex", "2"), KV("birth_date", "1990-04-01"),
	KV("postal_code", "100-8926"), KV("address1", "東京都千代田区"),
	KV("address2", "霞が関２丁目１番２号"), KV("honseki_pref", "13"),
	KV("qualification", "1"), KV("certificate_number", "BH-000001"),
	KV("application_date", "2020-04-01"), KV("reception_date", "2020-04-02"),
	KV("issue_date", "2020-05-01"), KV("route", "exam"), KV("pass_number", "P-12"),
};
#define N_PERSON	(sizeof person / sizeof person[0])
#define FIRST_REG_ITEM	10	/* person[10...]: the registration's items */

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
	return 0;
}

static void
one_string(struct fixture *f, const char *sql, const char *arg, char *out, size_t size)
{
	sqlite3_stmt	*stmt;

	assert_int_equal(sqlite3_prepare_v2(f->db->h, sql, -1, &stmt, NULL), SQLITE_OK);
	if (arg != NULL)
		sqlite3_bind_text(stmt, 1, arg, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(out, size, "%s", sqlite3_column_text(stmt, 0) != NULL ?
	    (const char *)sqlite3_column_text(stmt, 0) : "(null)");
	sqlite3_finalize(stmt);
}

/* Today plus days, ISO. */
static void
day(struct fixture *f, int days, char out[11])
{
	char	 sql[96];

	snprintf(sql, sizeof sql, "SELECT date('now', 'localtime', '%+d days')", days);
	one_string(f, sql, NULL, out, 11);
}

static void
decide_ok(struct fixture *f, const struct actor *who, const char *id)
{
	char	*cause = NULL;

	if (application_decide(f->db, who, id, 1, "確認済み", &cause) != 0)
		fail_msg("decide: %s", cause);
}

/*
 * A new registration (number n) with its certificate; the first makes the holder, the
 * others are further registrations of the same holder.
 */
static void
registration(struct fixture *f, char *holder, int n, char *reg)
{
	struct reg_value	 v[N_PERSON];
	char			*cause = NULL, id[37], number[16];
	size_t			 i, k = 0;

	snprintf(number, sizeof number, "BH-%06d", n);
	for (i = n == 1 ? 0 : FIRST_REG_ITEM; i < N_PERSON; i++) {
		v[k] = person[i];
		if (strcmp(v[k].key, "certificate_number") == 0)
			v[k].value = number;
		k++;
	}
	if (application_submit(f->db, &tanaka, APP_REGISTRATION, n == 1 ? NULL : holder,
	    NULL, v, k, id, &cause) != 0)
		fail_msg("submit: %s", cause);
	decide_ok(f, &suzuki, id);
	if (n == 1)
		one_string(f, "SELECT holder_id FROM applications WHERE id = ?1", id, holder, 37);
	one_string(f, "SELECT registration_id FROM applications WHERE id = ?1", id, reg, 37);
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

static int
file_action(struct fixture *f, const char *reg, const char *action, const char *date,
    const char *until, const char *code, char *id, char **cause)
{
	struct reg_action	 a = { action, date, until, code, "理由の説明" };

	return action_submit(f->db, &tanaka, reg, &a, id, cause);
}

static void
status_is(struct fixture *f, const char *reg, const char *status)
{
	char	 now[16];

	one_string(f, "SELECT status FROM registrations WHERE id = ?1", reg, now, sizeof now);
	assert_string_equal(now, status);
}

static void
set_status(struct fixture *f, const char *reg, const char *status)
{
	char	*sql;

	xasprintf(&sql, "UPDATE registrations SET status = '%s' WHERE id = '%s'", status, reg);
	assert_int_equal(db_exec(f->db, sql, NULL), 0);
	free(sql);
}

/* What went to the central store as entity passes the rules every terminal checks. */
static void
outbox_passes_sync_rules_of(struct fixture *f, const char *entity)
{
	sqlite3_stmt	*stmt;
	char		*cause = NULL;
	int		 n = 0;

	assert_int_equal(sqlite3_prepare_v2(f->db->h, "SELECT entity, payload FROM outbox "
	    "WHERE entity = ?1", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_text(stmt, 1, entity, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (sync_payload_check((const char *)sqlite3_column_text(stmt, 0),
		    (const char *)sqlite3_column_text(stmt, 1), NULL, &cause) != 0)
			fail_msg("%s %s: %s", sqlite3_column_text(stmt, 0),
			    sqlite3_column_text(stmt, 1), cause);
		n++;
	}
	sqlite3_finalize(stmt);
	if (n == 0)
		fail_msg("nothing of %s in the outbox", entity);
}

static void
outbox_passes_sync_rules(struct fixture *f)
{
	outbox_passes_sync_rules_of(f, "application");
	outbox_passes_sync_rules_of(f, "event");
	outbox_passes_sync_rules_of(f, "registration");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE payload LIKE "
	    "'%\"until_date\":\"____-__-__\"%'"), 4);
}

/* Every pair of the table, each on its own registration: allowed or refused. */
static void
test_state_table(void **state)
{
	static const char *const states[] = { "valid", "suspended", "cancelled", "returned",
	    "erased" };
	static const char *const actions[] = { "suspend", "cancel", "return-order",
	    "return" };
	/* The rows of migration 0030 (to state, or NULL: refused). */
	static const char *const to[5][4] = {
		/* suspend	cancel		return-order	return */
		{ "suspended",	"cancelled",	"returned",	"returned" },	/* valid */
		{ NULL,		"cancelled",	"returned",	"returned" },	/* suspended */
		{ NULL,		NULL,		"returned",	"cancelled" },	/* cancelled */
		{ NULL,		NULL,		NULL,		"returned" },	/* returned */
		{ NULL,		NULL,		NULL,		NULL },		/* erased */
	};
	struct fixture	*f = *state;
	char		*cause = NULL, holder[37], reg[37], id[37], from[11], until[11];
	char		 sql[256];
	size_t		 s, a;
	int		 n = 1;
	int64_t		 apps, events;

	day(f, -3, from);
	day(f, 30, until);
	for (s = 0; s < 5; s++) {
		for (a = 0; a < 4; a++) {
			registration(f, holder, n++, reg);
			set_status(f, reg, states[s]);
			apps = db_count(f->db, "SELECT count(*) FROM applications WHERE kind = "
			    "'action'");
			events = db_count(f->db, "SELECT count(*) FROM events");
			if (to[s][a] == NULL) {
				/* The rule named: the action and the state. */
				snprintf(sql, sizeof sql, "is not allowed when the "
				    "registration is %s", states[s]);
				expect_refused(file_action(f, reg, actions[a], from,
				    strcmp(actions[a], "suspend") == 0 ||
				    strcmp(actions[a], "return-order") == 0 ? until : NULL,
				    "other", id, &cause), &cause, sql);
				assert_int_equal(db_count(f->db, "SELECT count(*) FROM "
				    "applications WHERE kind = 'action'"), apps);
				status_is(f, reg, states[s]);
				continue;
			}
			if (file_action(f, reg, actions[a], from, strcmp(actions[a],
			    "suspend") == 0 || strcmp(actions[a], "return-order") == 0 ?
			    until : NULL, "other", id, &cause) != 0)
				fail_msg("%s of %s: %s", actions[a], states[s], cause);
			/* Nothing changes before a supervisor approves. */
			status_is(f, reg, states[s]);
			assert_int_equal(db_count(f->db, "SELECT count(*) FROM events"), events);
			decide_ok(f, &suzuki, id);
			status_is(f, reg, to[s][a]);
			snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE "
			    "registration_id = '%s' AND kind = '%s' AND reason_code = 'other' "
			    "AND approved_by = 'suzuki' AND json_extract(before_json, "
			    "'$.status') = '%s'", reg, actions[a], states[s]);
			assert_int_equal(db_count(f->db, sql), 1);
		}
	}
	/* The end of a suspension is never filed, whatever the state. */
	registration(f, holder, n++, reg);
	set_status(f, reg, "suspended");
	expect_refused(file_action(f, reg, "suspend-end", from, NULL, "other", id, &cause),
	    &cause, "automatic");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.action'"), 10);
	outbox_passes_sync_rules(f);
}

static void
test_bad_input(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, holder[37], reg[37], id[37], today[11], later[11];

	registration(f, holder, 1, reg);
	day(f, 0, today);
	day(f, 5, later);
	expect_refused(file_action(f, reg, "erase", today, NULL, "other", id, &cause),
	    &cause, "not an administrative action");
	expect_refused(file_action(f, reg, "suspend", today, NULL, "other", id, &cause),
	    &cause, "needs its last day");
	expect_refused(file_action(f, reg, "return-order", today, NULL, "other", id, &cause),
	    &cause, "needs its due date");
	expect_refused(file_action(f, reg, "cancel", today, later, "other", id, &cause),
	    &cause, "only a suspension or a return order");
	expect_refused(file_action(f, reg, "suspend", later, today, "other", id, &cause),
	    &cause, "ends");
	expect_refused(file_action(f, reg, "suspend", later, later, "other", id, &cause),
	    &cause, "from today or an earlier day");
	expect_refused(file_action(f, reg, "cancel", today, NULL, "misconduct", id, &cause),
	    &cause, "is not a reason for");
	expect_refused(file_action(f, reg, "cancel", "2024-02-30", NULL, "other", id,
	    &cause), &cause, "Date");
	expect_refused(file_action(f, "00000000-0000-4000-8000-00000000dead", "cancel",
	    today, NULL, "other", id, &cause), &cause, "no such registration");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE kind = "
	    "'action'"), 0);
	/* Four eyes: the filer does not approve. */
	assert_int_equal(file_action(f, reg, "cancel", today, NULL, "fraud", id, &cause), 0);
	expect_refused(application_decide(f->db, &tanaka, id, 1, "", &cause), &cause, "");
	status_is(f, reg, "valid");
}

/* Two suspensions never overlap: recorded ones, or ones waiting for a supervisor. */
static void
test_overlapping_suspensions(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, holder[37], reg[37], id[37], id2[37];
	int		 ended;

	registration(f, holder, 1, reg);
	assert_int_equal(file_action(f, reg, "suspend", "2024-01-01", "2024-01-31",
	    "misconduct", id, &cause), 0);
	decide_ok(f, &suzuki, id);
	assert_int_equal(suspensions_end(f->db, &tanaka, &ended, &cause), 0);
	assert_int_equal(ended, 1);
	status_is(f, reg, "valid");
	expect_refused(file_action(f, reg, "suspend", "2024-01-31", "2024-02-15",
	    "misconduct", id, &cause), &cause, "may not overlap");
	expect_refused(file_action(f, reg, "suspend", "2023-12-01", "2024-03-01",
	    "misconduct", id, &cause), &cause, "2024-01-01 to 2024-01-31");
	assert_int_equal(file_action(f, reg, "suspend", "2024-03-01", "2024-03-10",
	    "misconduct", id, &cause), 0);
	expect_refused(file_action(f, reg, "suspend", "2024-03-10", "2024-03-20",
	    "misconduct", id2, &cause), &cause, "may not overlap");
	assert_int_equal(file_action(f, reg, "suspend", "2024-04-01", "2024-04-05",
	    "misconduct", id2, &cause), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE kind = "
	    "'action'"), 3);
}

static void
test_return_needs_certificate(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, holder[37], reg[37], id[37], today[11];

	registration(f, holder, 1, reg);
	day(f, 0, today);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM certificates WHERE status = "
	    "'valid'"), 1);
	assert_int_equal(file_action(f, reg, "return", today, NULL, "request", id, &cause),
	    0);
	decide_ok(f, &suzuki, id);
	status_is(f, reg, "returned");
	/* The certificate came back: it is void, and a second 返還 has nothing to return. */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM certificates WHERE status = "
	    "'void' AND void_reason = 'returned'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM certificates WHERE status = "
	    "'valid'"), 0);
	expect_refused(file_action(f, reg, "return", today, NULL, "request", id, &cause),
	    &cause, "needs a valid certificate");
	/* A registration never issued a certificate: nothing to return either. */
	registration(f, holder, 2, reg);
	assert_int_equal(db_exec(f->db, "UPDATE certificates SET status = 'void', voided_at "
	    "= 'x' WHERE status = 'valid'", NULL), 0);
	expect_refused(file_action(f, reg, "return", today, NULL, "request", id, &cause),
	    &cause, "needs a valid certificate");
	status_is(f, reg, "valid");
}

/* The table decides again at the approval: the state may have changed since the filing. */
static void
test_state_changed_before_approval(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, holder[37], reg[37], s_id[37], c_id[37], from[11];
	char		 until[11];

	registration(f, holder, 1, reg);
	day(f, -1, from);
	day(f, 10, until);
	assert_int_equal(file_action(f, reg, "suspend", from, until, "misconduct", s_id,
	    &cause), 0);
	assert_int_equal(file_action(f, reg, "cancel", from, NULL, "fraud", c_id, &cause),
	    0);
	decide_ok(f, &suzuki, c_id);
	status_is(f, reg, "cancelled");
	expect_refused(application_decide(f->db, &suzuki, s_id, 1, "", &cause), &cause,
	    "is not allowed when the registration is");
	status_is(f, reg, "cancelled");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM events WHERE kind = "
	    "'suspend'"), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE status = "
	    "'pending'"), 1);
}

static void
test_automatic_end(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, holder[37], reg[37], reg2[37], id[37], from[11];
	char		 until[11], got[64];
	int		 ended;

	registration(f, holder, 1, reg);
	registration(f, holder, 2, reg2);
	day(f, -10, from);
	day(f, -1, until);
	assert_int_equal(file_action(f, reg, "suspend", from, until, "misconduct", id,
	    &cause), 0);
	decide_ok(f, &suzuki, id);
	day(f, 0, until);
	assert_int_equal(file_action(f, reg2, "suspend", from, until, "misconduct", id,
	    &cause), 0);
	decide_ok(f, &suzuki, id);
	status_is(f, reg, "suspended");
	status_is(f, reg2, "suspended");
	/* The first ended yesterday; the second's last day is today. */
	assert_int_equal(suspensions_end(f->db, &tanaka, &ended, &cause), 0);
	assert_int_equal(ended, 1);
	status_is(f, reg, "valid");
	status_is(f, reg2, "suspended");
	one_string(f, "SELECT event_date || ' ' || created_by || ' ' || coalesce(approved_by, "
	    "'-') FROM events WHERE kind = 'suspend-end' AND registration_id = ?1", reg, got,
	    sizeof got);
	day(f, 0, until);
	assert_true(strncmp(got, until, 10) == 0);
	assert_string_equal(got + 11, "tanaka -");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.suspend-end'"), 1);
	/* Once only. */
	assert_int_equal(suspensions_end(f->db, &tanaka, &ended, &cause), 0);
	assert_int_equal(ended, 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM events WHERE kind = "
	    "'suspend-end'"), 1);
}

static void
test_overdue_list(void **state)
{
	struct fixture		*f = *state;
	struct overdue_return	*list;
	size_t			 n;
	char			*cause = NULL, holder[37], reg[37], reg2[37], id[37];
	char			 from[11], due[11];

	registration(f, holder, 1, reg);
	registration(f, holder, 2, reg2);
	day(f, -20, from);
	day(f, -1, due);
	assert_int_equal(file_action(f, reg, "return-order", from, due, "other", id,
	    &cause), 0);
	decide_ok(f, &suzuki, id);
	day(f, 0, due);
	assert_int_equal(file_action(f, reg2, "return-order", from, due, "other", id,
	    &cause), 0);
	decide_ok(f, &suzuki, id);
	expect_refused(overdue_returns(f->db, &tanaka, &list, &n, &cause), &cause, "");
	assert_int_equal(overdue_returns(f->db, &suzuki, &list, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].registration_id, reg);
	assert_string_equal(list[0].certificate_number, "BH-000001");
	assert_string_equal(list[0].name, "山田 花子");
	overdue_returns_free(list, n);
	/* The certificate came back: the order is fulfilled. */
	assert_int_equal(file_action(f, reg, "return", from, NULL, "order", id, &cause), 0);
	decide_ok(f, &suzuki, id);
	status_is(f, reg, "returned");
	assert_int_equal(overdue_returns(f->db, &suzuki, &list, &n, &cause), 0);
	assert_int_equal(n, 0);
	overdue_returns_free(list, n);
}

static const struct event_view *
event_of(const struct holder_view *h, const char *kind)
{
	size_t	 i;

	for (i = 0; i < h->n_events; i++) {
		if (strcmp(h->events[i].kind, kind) == 0)
			return &h->events[i];
	}
	fail_msg("no %s event", kind);
	return NULL;
}

/* The reason and the dates of a 返納命令 by the function register.sensitive, not a role. */
static void
test_sensitive_by_permission(void **state)
{
	struct fixture		*f = *state;
	struct holder_view	 h;
	struct application	 a;
	const struct event_view	*e;
	char			*cause = NULL, holder[37], reg[37], id[37];

	registration(f, holder, 1, reg);
	assert_int_equal(file_action(f, reg, "return-order", "2024-01-10", "2024-02-10",
	    "other", id, &cause), 0);
	decide_ok(f, &suzuki, id);
	assert_int_equal(holder_view(f->db, &tanaka, holder, &h, &cause), 0);
	e = event_of(&h, "return-order");
	assert_null(e->reason_text);
	assert_string_equal(e->reason_code, "");
	assert_string_equal(e->event_date, "");
	assert_null(e->until_date);
	holder_view_clear(&h);
	assert_int_equal(holder_view(f->db, &suzuki, holder, &h, &cause), 0);
	e = event_of(&h, "return-order");
	assert_string_equal(e->reason_text, "理由の説明");
	assert_string_equal(e->event_date, "2024-01-10");
	assert_string_equal(e->until_date, "2024-02-10");
	holder_view_clear(&h);
	/* Moved from one role to the other, the function moves what each sees. */
	assert_int_equal(db_exec(f->db, "DELETE FROM role_functions WHERE function = "
	    "'register.sensitive'; INSERT INTO role_functions (role, function) VALUES "
	    "('clerk', 'register.sensitive')", NULL), 0);
	assert_int_equal(holder_view(f->db, &tanaka, holder, &h, &cause), 0);
	assert_string_equal(event_of(&h, "return-order")->until_date, "2024-02-10");
	holder_view_clear(&h);
	assert_int_equal(holder_view(f->db, &suzuki, holder, &h, &cause), 0);
	assert_null(event_of(&h, "return-order")->reason_text);
	holder_view_clear(&h);
	/* In the approval queue too: the order's dates and reason go with the function. */
	registration(f, holder, 2, reg);
	assert_int_equal(file_action(f, reg, "return-order", "2024-03-01", "2024-04-01",
	    "other", id, &cause), 0);
	assert_int_equal(application_get(f->db, &suzuki, id, &a, &cause), 0);
	assert_string_equal(reg_values_get(a.values, a.n_values, ACTION_UNTIL_KEY), "");
	assert_string_equal(reg_values_get(a.values, a.n_values, ACTION_TEXT_KEY), "");
	application_clear(&a);
	assert_int_equal(db_exec(f->db, "INSERT INTO role_functions (role, function) VALUES "
	    "('supervisor', 'register.sensitive')", NULL), 0);
	assert_int_equal(application_get(f->db, &suzuki, id, &a, &cause), 0);
	assert_string_equal(reg_values_get(a.values, a.n_values, ACTION_UNTIL_KEY),
	    "2024-04-01");
	assert_string_equal(reg_values_get(a.values, a.n_values, ACTION_TEXT_KEY),
	    "理由の説明");
	application_clear(&a);
}

/* 交付拒否: a registration application refused, its reason and date kept 要配慮. */
static void
test_refusal(void **state)
{
	struct fixture		*f = *state;
	struct holder_view	 h;
	const struct event_view	*e;
	struct reg_value	 v[N_PERSON];
	char			*cause = NULL, holder[37], reg[37], id[37], id2[37];
	size_t			 i, k = 0;

	/* A person not on the register: the refusal is kept beside the application. */
	if (application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, person,
	    N_PERSON, id, &cause) != 0)
		fail_msg("submit: %s", cause);
	expect_refused(registration_refuse(f->db, &tanaka, id, "2025-01-10", "disqualify",
	    "欠格", &cause), &cause, "");
	expect_refused(registration_refuse(f->db, &suzuki, id, "2025-01-10", "fraud",
	    "欠格", &cause), &cause, "is not a reason for");
	expect_refused(registration_refuse(f->db, &suzuki, id, "", "disqualify", "欠格",
	    &cause), &cause, "Date");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE status = "
	    "'pending'"), 1);
	assert_int_equal(registration_refuse(f->db, &suzuki, id, "R7.1.10", "disqualify",
	    "欠格事由に該当", &cause), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE status = "
	    "'rejected' AND decided_by = 'suzuki' AND decision_comment = '交付拒否'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM refusals WHERE refusal_date = "
	    "'2025-01-10' AND reason_code = 'disqualify' AND created_by = 'tanaka' AND "
	    "approved_by = 'suzuki'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders"), 0);
	expect_refused(registration_refuse(f->db, &suzuki, id, "2025-01-10", "disqualify",
	    "", &cause), &cause, "waits for a decision");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.refuse'"), 1);

	/* A holder already on the register: an event 'refuse', hidden without the function. */
	registration(f, holder, 1, reg);
	for (i = FIRST_REG_ITEM; i < N_PERSON; i++) {
		v[k] = person[i];
		if (strcmp(v[k].key, "certificate_number") == 0)
			v[k].value = (char *)"BH-000077";
		k++;
	}
	if (application_submit(f->db, &suzuki, APP_REGISTRATION, holder, NULL, v, k, id2,
	    &cause) != 0)
		fail_msg("submit: %s", cause);
	expect_refused(registration_refuse(f->db, &suzuki, id2, "2025-02-01", "other",
	    "本人", &cause), &cause, "another supervisor");
	assert_int_equal(registration_refuse(f->db, &sato, id2, "2025-02-01",
	    "other", "要配慮の事由", &cause), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM events WHERE kind = 'refuse' "
	    "AND sensitive = 1 AND registration_id IS NULL AND event_date = '2025-02-01'"), 1);
	assert_int_equal(holder_view(f->db, &tanaka, holder, &h, &cause), 0);
	e = event_of(&h, "refuse");
	assert_null(e->reason_text);
	assert_string_equal(e->event_date, "");
	holder_view_clear(&h);
	assert_int_equal(holder_view(f->db, &suzuki, holder, &h, &cause), 0);
	e = event_of(&h, "refuse");
	assert_string_equal(e->reason_text, "要配慮の事由");
	assert_string_equal(e->event_date, "2025-02-01");
	holder_view_clear(&h);
	outbox_passes_sync_rules_of(f, "refusal");
	outbox_passes_sync_rules_of(f, "event");

	/* The list of refusals of persons not on the register: register.sensitive only. */
	{
		struct refusal_row	*r;
		size_t			 nr;

		expect_refused(refusals_list(f->db, &tanaka, &r, &nr, &cause), &cause, "");
		assert_int_equal(refusals_list(f->db, &sato, &r, &nr, &cause), 0);
		assert_int_equal((int)nr, 1);
		assert_string_equal(r[0].refusal_date, "2025-01-10");
		assert_string_equal(r[0].applicant, "山田 花子");
		assert_string_equal(r[0].reason, "a ground of disqualification");
		assert_string_equal(r[0].reason_text, "欠格事由に該当");
		assert_string_equal(r[0].created_by, "tanaka");
		assert_string_equal(r[0].approved_by, "suzuki");
		refusals_free(r, nr);
		assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
		    "'register.refusals' AND user = 'sato' AND result = 'ok'"), 1);
		/* Without the function, a supervisor does not read them either. */
		assert_int_equal(db_exec(f->db, "DELETE FROM role_functions WHERE function = "
		    "'register.sensitive'", NULL), 0);
		expect_refused(refusals_list(f->db, &sato, &r, &nr, &cause), &cause, "");
	}
}

/* Each reg_value of v, with key's value replaced (or added) by value; *n counts them. */
static struct reg_value *
values_with(const struct reg_value *v, size_t nv, const char *key, const char *value,
    size_t *n)
{
	struct reg_value	*out;
	size_t			 i;
	int			 found = 0;

	out = xcalloc(nv + 2, sizeof *out);
	for (i = 0; i < nv; i++) {
		out[i] = v[i];
		if (strcmp(v[i].key, key) == 0) {
			out[i].value = (char *)value;
			found = 1;
		}
	}
	*n = nv;
	if (!found)
		out[(*n)++] = (struct reg_value)KV(key, value);
	return out;
}

/*
 * Every kind of event the register writes (reg_event_kinds), made by the desk's own calls
 * on one register, and what the terminal put in its outbox taken by the sync rules every
 * terminal and the central store check: a kind whose before_json holds a member without a
 * rule would never leave the terminal.
 */
static void
test_every_event_kind_syncs(void **state)
{
	static const struct reg_value lost[] = {
		KV("reason", "1"), KV("reason_detail", "電車内で紛失"),
		KV("identity_documents", "運転免許証"), KV("fee_kind", "1"),
		KV("fee_amount", "2,000円"), KV("received_date", "令和6年4月1日"),
	};
	static const struct reg_value addr[] = {
		KV("address1", "東京都港区"), KV("event_date", "2024-04-01"),
		KV("reason_text", "転居"),
	};
	struct fixture		*f = *state;
	const struct reg_code	*k;
	struct reg_value	*v, extra[N_PERSON];
	struct holder_record	 hr;
	struct notify_filed	 out;
	char			*cause = NULL, holder[37], reg[5][37], id[37], other[37];
	char			 past[11], ended_on[11], from[11], until[11], sql[160];
	size_t			 n, i, j;
	int			 ended, bad;

	/* issue: a holder with five registrations. */
	registration(f, holder, 1, reg[0]);
	for (i = 1; i < 5; i++)
		registration(f, holder, (int)i + 1, reg[i]);

	/* reissue, then rewrite (a 書換え交付 with a new family name). */
	if (application_submit(f->db, &tanaka, APP_REISSUE, holder, reg[0], lost,
	    sizeof lost / sizeof lost[0], id, &cause) != 0)
		fail_msg("reissue: %s", cause);
	decide_ok(f, &suzuki, id);
	v = values_with(lost, sizeof lost / sizeof lost[0], "reason", "4", &n);
	for (i = 0; i < n; i++)
		if (strcmp(v[i].key, "fee_amount") == 0)
			v[i].value = (char *)"1,800円";
	v[n++] = (struct reg_value)KV("family_name", "川田");
	if (application_submit(f->db, &tanaka, APP_REISSUE, holder, reg[0], v, n, id,
	    &cause) != 0)
		fail_msg("rewrite: %s", cause);
	free(v);
	decide_ok(f, &suzuki, id);

	/* correct: a holder's address. */
	if (application_submit(f->db, &tanaka, APP_CORRECTION, holder, NULL, addr,
	    sizeof addr / sizeof addr[0], id, &cause) != 0)
		fail_msg("correct: %s", cause);
	decide_ok(f, &suzuki, id);

	/* suspend, ended by the automatic end: suspend-end. */
	day(f, -10, past);
	day(f, -2, ended_on);
	if (file_action(f, reg[1], "suspend", past, ended_on, "other", id, &cause) != 0)
		fail_msg("suspend: %s", cause);
	decide_ok(f, &suzuki, id);
	if (suspensions_end(f->db, &tanaka, &ended, &cause) != 0)
		fail_msg("suspensions_end: %s", cause);
	assert_int_equal(ended, 1);

	/* cancel; return-order, then return. */
	day(f, -3, from);
	day(f, 30, until);
	if (file_action(f, reg[2], "cancel", from, NULL, "other", id, &cause) != 0)
		fail_msg("cancel: %s", cause);
	decide_ok(f, &suzuki, id);
	if (file_action(f, reg[3], "return-order", from, until, "other", id, &cause) != 0)
		fail_msg("return-order: %s", cause);
	decide_ok(f, &suzuki, id);
	if (file_action(f, reg[4], "return", from, NULL, "other", id, &cause) != 0)
		fail_msg("return: %s", cause);
	decide_ok(f, &suzuki, id);

	/* refuse: a further registration of the holder, refused (交付拒否). */
	for (i = FIRST_REG_ITEM, j = 0; i < N_PERSON; i++, j++) {
		extra[j] = person[i];
		if (strcmp(extra[j].key, "certificate_number") == 0)
			extra[j].value = (char *)"BH-000077";
	}
	if (application_submit(f->db, &tanaka, APP_REGISTRATION, holder, NULL, extra, j, id,
	    &cause) != 0)
		fail_msg("submit: %s", cause);
	if (registration_refuse(f->db, &suzuki, id, "2025-02-01", "other", "要配慮の事由",
	    &cause) != 0)
		fail_msg("refuse: %s", cause);

	/* merge and split: the same person entered twice. */
	memset(&hr, 0, sizeof hr);
	hr.family_name = "川田";
	hr.given_name = "花子";
	hr.family_kana = "カワダ";
	hr.given_kana = "ハナコ";
	hr.sex = 2;
	hr.birth_date = "1990-04-01";
	hr.qualification = "building-hygiene";
	hr.certificate_number = "BH-900001";
	hr.issue_date = "2010-06-01";
	hr.route = "exam";
	if (holder_import(f->db, &root_admin, &hr, &cause) != 0)
		fail_msg("holder_import: %s", cause);
	memcpy(other, hr.id, sizeof other);
	if (merge_submit(f->db, &tanaka, other, "BH-000001", "同一人と確認", id, &cause) != 0)
		fail_msg("merge: %s", cause);
	decide_ok(f, &suzuki, id);
	if (split_submit(f->db, &tanaka, other, "別人と判明", id, &cause) != 0)
		fail_msg("split: %s", cause);
	decide_ok(f, &suzuki, id);

	/* notify: a death, whose 消除 applications approved write the erase events. */
	if (notify_file(f->db, &tanaka, holder, NULL, "death", "2025-03-01", "",
	    NOTIFY_FROM_COUNTER, &out, &cause) != 0)
		fail_msg("notify: %s", cause);
	for (i = 0; i < out.n_applications; i++)
		decide_ok(f, &suzuki, out.applications[i]);
	notify_filed_clear(&out);

	for (k = reg_event_kinds; k->code != NULL; k++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE kind = '%s'",
		    k->code);
		if (db_count(f->db, sql) < 1)
			fail_msg("no event of kind %s was written", k->code);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE entity = 'event' "
		    "AND json_extract(payload, '$.kind') = '%s'", k->code);
		if (db_count(f->db, sql) < 1)
			fail_msg("no event of kind %s went to the outbox", k->code);
	}
	bad = sync_rules_check_outbox(f->db, stderr, &cause);
	if (bad != 0)
		fail_msg("outbox rows the rules refuse: %d %s", bad, cause != NULL ? cause : "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_state_table, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_overlapping_suspensions, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_return_needs_certificate, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_state_changed_before_approval, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_automatic_end, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_overdue_list, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_sensitive_by_permission, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refusal, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_every_event_kind_syncs, setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
