/*
 * Accounts: the first supervisor, requests, the four-eyes rule (in code and in the
 * table), revocation, the login gate and the role→function table.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/account-changes.h"
#include "accounts/accounts.h"
#include "accounts/procedures.h"
#include "accounts/rolefn-changes.h"
#include "audit/audit.h"
#include "db-internal.h"
#include "sync/outbox.h"
#include "testutil.h"
#include "uuid.h"
#include "xmalloc.h"

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor sup_a = { "sato", "supervisor", "tty1", 0 };
static const struct actor sup_b = { "suzuki", "supervisor", "tty1", 0 };
static const struct actor clerk = { "tanaka", "clerk", "tty1", 0 };

static void
request(struct fixture *f, const struct actor *who, const char *user, const char *roles,
    char *id)
{
	struct account_request	 r;
	char			*cause = NULL;

	memset(&r, 0, sizeof r);
	r.user_name = user;
	r.full_name = "試験 花子";
	r.roles = roles;
	r.reason = "窓口業務のため";
	r.procedures = "register correct reissue periodic";
	r.valid_from = "2020-01-01";
	r.valid_until = "2099-12-31";
	if (account_request(f->db, who, &r, id, &cause) != 0)
		fail_msg("request %s: %s", user, cause);
}

/* sato: first supervisor; suzuki: second supervisor requested by root, approved by sato. */
static int
setup(void **state)
{
	struct fixture	*f;
	char		*cause = NULL, id[37];

	if (fixture_setup(state) != 0)
		return -1;
	f = *state;
	if (account_first_supervisor(f->db, &root_admin, "sato", "佐藤 一郎", &cause) != 0)
		return -1;
	request(f, &root_admin, "suzuki", "supervisor", id);
	if (account_decide(f->db, &sup_a, id, 1, "ok", &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		return -1;
	}
	return 0;
}

static void
test_first_supervisor(void **state)
{
	struct fixture		*f = *state;
	struct account_login	 l;
	char			*cause = NULL;

	assert_int_equal(account_login_check(f->db, "sato", &l, &cause), 0);
	assert_string_equal(l.roles, "supervisor");
	assert_string_equal(l.full_name, "佐藤 一郎");
	assert_int_equal(account_first_supervisor(f->db, &root_admin, "ito", "伊藤", &cause),
	    -1);
	assert_non_null(strstr(cause, "already exists"));
	free(cause);
}

static void
test_unknown_user(void **state)
{
	struct fixture		*f = *state;
	struct account_login	 l;
	char			*cause = NULL;

	assert_int_equal(account_login_check(f->db, "nobody", &l, &cause), -1);
	assert_non_null(strstr(cause, "no approved account"));
	free(cause);
}

static void
test_four_eyes(void **state)
{
	struct fixture		*f = *state;
	struct account_login	 l;
	char			*cause = NULL, id[37];

	request(f, &sup_a, "tanaka", "clerk", id);
	assert_int_equal(account_login_check(f->db, "tanaka", &l, &cause), -1);
	assert_non_null(strstr(cause, "awaits a supervisor"));
	free(cause);
	cause = NULL;

	/* A requests, A may not approve. */
	assert_int_equal(account_decide(f->db, &sup_a, id, 1, "", &cause), -1);
	assert_non_null(strstr(cause, "four-eyes"));
	free(cause);
	cause = NULL;
	assert_int_equal(account_login_check(f->db, "tanaka", &l, &cause), -1);
	free(cause);
	cause = NULL;

	/* B may. */
	assert_int_equal(account_decide(f->db, &sup_b, id, 1, "承認", &cause), 0);
	assert_int_equal(account_login_check(f->db, "tanaka", &l, &cause), 0);
	assert_string_equal(l.roles, "clerk");

	/* Decided once only. */
	assert_int_equal(account_decide(f->db, &sup_b, id, 0, "", &cause), -1);
	assert_non_null(strstr(cause, "not awaiting a decision"));
	free(cause);
}

static void
test_four_eyes_in_the_table(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, id[37], *sql;

	request(f, &sup_a, "tanaka", "clerk", id);
	xasprintf(&sql, "UPDATE accounts SET status = 'active', decided_by = 'sato' "
	    "WHERE id = '%s'", id);
	assert_int_equal(db_exec(f->db, sql, &cause), -1);
	assert_non_null(strstr(cause, "CHECK constraint failed"));
	free(cause);
	free(sql);
	xasprintf(&sql, "UPDATE accounts SET status = 'active' WHERE id = '%s'", id);
	assert_int_equal(db_exec(f->db, sql, &cause), -1);
	free(cause);
	free(sql);
	assert_int_equal(db_exec(f->db, "DELETE FROM accounts WHERE user_name = 'sato'",
	    &cause), -1);
	assert_non_null(strstr(cause, "keeps every account"));
	free(cause);
}

static void
test_clerk_cannot_request_or_approve(void **state)
{
	struct fixture	*f = *state;
	struct account_request r;
	char		*cause = NULL, id[37];

	request(f, &sup_a, "tanaka", "clerk", id);
	assert_int_equal(account_decide(f->db, &sup_b, id, 1, "", &cause), 0);
	memset(&r, 0, sizeof r);
	r.user_name = "yamada";
	r.full_name = "山田";
	r.roles = "clerk";
	r.reason = "x";
	r.valid_from = "2020-01-01";
	r.valid_until = "2099-12-31";
	assert_int_equal(account_request(f->db, &clerk, &r, id, &cause), -1);
	assert_non_null(strstr(cause, "not allowed"));
	free(cause);
	cause = NULL;
	request(f, &sup_a, "yamada", "clerk", id);
	assert_int_equal(account_decide(f->db, &clerk, id, 1, "", &cause), -1);
	assert_non_null(strstr(cause, "not allowed"));
	free(cause);
}

static void
check_bad_request(struct fixture *f, const char *user, const char *roles, const char *from,
    const char *until, const char *reason, const char *expect)
{
	struct account_request	 r;
	char			*cause = NULL, id[37];

	memset(&r, 0, sizeof r);
	r.user_name = user;
	r.full_name = "試験";
	r.roles = roles;
	r.reason = reason;
	r.valid_from = from;
	r.valid_until = until;
	assert_int_equal(account_request(f->db, &sup_a, &r, id, &cause), -1);
	if (strstr(cause, expect) == NULL)
		fail_msg("'%s' does not contain '%s'", cause, expect);
	free(cause);
}

static void
test_bad_requests(void **state)
{
	struct fixture	*f = *state;

	check_bad_request(f, "admin", "clerk", "2020-01-01", "2030-01-01", "r", "shared");
	check_bad_request(f, "guest", "clerk", "2020-01-01", "2030-01-01", "r", "shared");
	check_bad_request(f, "Tanaka", "clerk", "2020-01-01", "2030-01-01", "r", "lower-case");
	check_bad_request(f, "ta naka", "clerk", "2020-01-01", "2030-01-01", "r", "only a-z");
	check_bad_request(f, "x'; DROP TABLE accounts; --", "clerk", "2020-01-01",
	    "2030-01-01", "r", "only a-z");
	check_bad_request(f, "tanaka", "wizard", "2020-01-01", "2030-01-01", "r",
	    "unknown role");
	check_bad_request(f, "tanaka", "clerk clerk", "2020-01-01", "2030-01-01", "r",
	    "given twice");
	check_bad_request(f, "tanaka", "", "2020-01-01", "2030-01-01", "r", "at least one");
	check_bad_request(f, "tanaka", "clerk", "2020-02-30", "2030-01-01", "r",
	    "not a valid date");
	check_bad_request(f, "tanaka", "clerk", "2030-01-01", "2020-01-01", "r", "before");
	check_bad_request(f, "tanaka", "clerk", "2020-01-01", "2030-01-01", "", "required");
	check_bad_request(f, "tanaka", "clerk", "2020-01-01", "2030-01-01", "a\033b",
	    "control character");
	check_bad_request(f, "sato", "clerk", "2020-01-01", "2030-01-01", "r",
	    "already has an account");
}

static void
test_revoke(void **state)
{
	struct fixture		*f = *state;
	struct account_login	 l;
	char			*cause = NULL, id[37];

	request(f, &sup_a, "tanaka", "clerk", id);
	assert_int_equal(account_decide(f->db, &sup_b, id, 1, "", &cause), 0);
	assert_int_equal(account_login_check(f->db, "tanaka", &l, &cause), 0);
	assert_true(rolefn_allowed(f->db, "tanaka", "register.search"));
	assert_int_equal(account_revoke(f->db, &sup_a, id, "", &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(account_revoke(f->db, &sup_a, id, "異動", &cause), 0);
	assert_int_equal(account_login_check(f->db, "tanaka", &l, &cause), -1);
	assert_non_null(strstr(cause, "revoked"));
	free(cause);
	assert_false(rolefn_allowed(f->db, "tanaka", "register.search"));
}

static void
test_validity_dates(void **state)
{
	struct fixture		*f = *state;
	struct account_request	 r;
	struct account_login	 l;
	char			*cause = NULL, id[37];

	memset(&r, 0, sizeof r);
	r.user_name = "kato";
	r.full_name = "加藤";
	r.roles = "clerk";
	r.reason = "r";
	r.valid_from = "2000-01-01";
	r.valid_until = "2001-12-31";
	assert_int_equal(account_request(f->db, &sup_a, &r, id, &cause), 0);
	assert_int_equal(account_decide(f->db, &sup_b, id, 1, "", &cause), 0);
	assert_int_equal(account_login_check(f->db, "kato", &l, &cause), -1);
	assert_non_null(strstr(cause, "valid from 2000-01-01 to 2001-12-31"));
	free(cause);
	assert_false(rolefn_allowed(f->db, "kato", "register.search"));
}

static void
test_role_functions(void **state)
{
	struct fixture		*f = *state;
	struct rolefn_row	*rows;
	size_t			 n, i;
	char			*cause = NULL, id[37];
	int			 sysadmin_personal = 0, seen_clerk_search = 0;

	request(f, &sup_a, "ono", "sysadmin", id);
	assert_int_equal(account_decide(f->db, &sup_b, id, 1, "", &cause), 0);
	assert_true(rolefn_allowed(f->db, "ono", "sync.status"));
	assert_false(rolefn_allowed(f->db, "ono", "register.search"));
	assert_false(rolefn_allowed(f->db, "ono", "juki.lookup"));
	assert_true(rolefn_allowed(f->db, "sato", "account.approve"));
	assert_false(rolefn_allowed(f->db, "nobody", "register.search"));

	assert_int_equal(rolefn_table(f->db, 1, &rows, &n, &cause), 0);
	assert_true(n >= 4 * 18);
	for (i = 0; i < n; i++) {
		if (strcmp(rows[i].role, "sysadmin") == 0 && rows[i].allowed &&
		    rows[i].personal_data)
			sysadmin_personal++;
		if (strcmp(rows[i].role, "clerk") == 0 &&
		    strcmp(rows[i].function, "register.search") == 0 && rows[i].allowed)
			seen_clerk_search = 1;
	}
	free(rows);
	assert_int_equal(sysadmin_personal, 0);
	assert_true(seen_clerk_search);

	/* Even a direct write cannot give the sysadmin a personal-data function. */
	assert_int_equal(db_exec(f->db, "INSERT INTO role_functions VALUES ('sysadmin', "
	    "'register.search')", &cause), -1);
	assert_non_null(strstr(cause, "sysadmin role may not"));
	free(cause);
}

static void
test_changes_reach_outbox_and_audit(void **state)
{
	struct fixture	*f = *state;
	struct audit_check c;
	char		*cause = NULL;
	int64_t		 before = outbox_pending(f->db), audit_before = audit_count(f->db);
	char		 id[37];

	request(f, &sup_a, "tanaka", "clerk", id);
	assert_int_equal(outbox_pending(f->db), before + 1);
	assert_int_equal(audit_count(f->db), audit_before + 1);
	assert_int_equal(account_decide(f->db, &sup_a, id, 1, "", &cause), -1);
	free(cause);
	cause = NULL;
	/* The refused approval is audited, and changed nothing else. */
	assert_int_equal(outbox_pending(f->db), before + 1);
	assert_int_equal(audit_count(f->db), audit_before + 2);
	assert_int_equal(audit_verify(f->db, &c, &cause), 0);
}

static void
test_review_list(void **state)
{
	struct fixture	*f = *state;
	struct account	*list;
	size_t		 n;
	char		*cause = NULL, id[37];

	assert_int_equal(account_list(f->db, ACCOUNTS_ALL, 90, &list, &n, &cause), 0);
	assert_int_equal(n, 2);
	account_list_free(list, n);
	request(f, &sup_a, "tanaka", "clerk", id);
	assert_int_equal(account_list(f->db, ACCOUNTS_PENDING, 90, &list, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].user_name, "tanaka");
	assert_string_equal(list[0].requested_by, "sato");
	account_list_free(list, n);
	/* Nobody has logged in and everything was requested just now: nothing to review. */
	assert_int_equal(account_list(f->db, ACCOUNTS_REVIEW, 90, &list, &n, &cause), 0);
	assert_int_equal(n, 0);
	account_list_free(list, n);
	assert_int_equal(db_exec(f->db, "UPDATE accounts SET last_login_at = "
	    "'2000-01-01T00:00:00Z' WHERE user_name = 'suzuki'", NULL), 0);
	assert_int_equal(account_list(f->db, ACCOUNTS_REVIEW, 90, &list, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].user_name, "suzuki");
	account_list_free(list, n);
	/* Issue 31: suzuki logged in yesterday on another terminal of the office (pulled). */
	assert_int_equal(db_exec(f->db, "INSERT INTO account_logins (id, user_name, terminal_id, "
	    "at) VALUES ('00000000-0000-4000-8000-000000000041', 'suzuki', 'DEMO-A2', "
	    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 days'))", NULL), 0);
	assert_int_equal(account_list(f->db, ACCOUNTS_REVIEW, 90, &list, &n, &cause), 0);
	assert_int_equal(n, 0);
	account_list_free(list, n);
	/*
	 * Moved to another section (人事異動) with the same rights: listed for review.
	 * mori approves a change of suzuki's validity that sato asked for.
	 */
	request(f, &sup_a, "mori", "supervisor", id);
	assert_int_equal(account_decide(f->db, &sup_b, id, 1, "", &cause), 0);
	{
		struct account_change_request	 c;
		char				 cid[37];

		memset(&c, 0, sizeof c);
		c.user_name = "suzuki";
		c.mynumber_allowed = -1;
		c.valid_until = "2098-03-31";
		c.reason_code = "transfer";
		c.reason = "総務課へ異動";
		assert_int_equal(account_change_request(f->db, &sup_a, &c, cid, &cause), 0);
		assert_int_equal(account_change_decide(f->db, &(struct actor){ "mori",
		    "supervisor", "tty1", 0 }, cid, 1, "", &cause), 0);
	}
	assert_int_equal(account_list(f->db, ACCOUNTS_REVIEW, 90, &list, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].user_name, "suzuki");
	account_list_free(list, n);
	/* A login here is recorded for the office's other terminals too. */
	assert_int_equal(account_note_login(f->db, "sato", &cause), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'account_login' AND json_extract(payload, '$.user_name') = 'sato'"), 1);
}

/*
 * Issue 31: a name rejected or revoked may be requested again. The same account (its id
 * computed from the name) opens a new period; the ended one is kept and synced; a name
 * that is active or awaiting a decision is still refused.
 */
static void
test_request_again(void **state)
{
	struct fixture		*f = *state;
	struct account_login	 l;
	char			*cause = NULL, id[37], id2[37], want[37];

	request(f, &sup_a, "tanaka", "clerk", id);
	assert_int_equal(uuid_from_name("madoguchi account", "tanaka", want), 0);
	assert_string_equal(id, want);
	assert_int_equal(account_decide(f->db, &sup_b, id, 1, "", &cause), 0);
	check_bad_request(f, "tanaka", "clerk", "2020-01-01", "2030-01-01", "r",
	    "already has an account (active)");
	assert_int_equal(account_revoke(f->db, &sup_b, id, "退職", &cause), 0);

	request(f, &sup_a, "tanaka", "clerk supervisor", id2);
	assert_string_equal(id2, id);
	check_bad_request(f, "tanaka", "clerk", "2020-01-01", "2030-01-01", "r",
	    "already has an account (requested)");
	assert_int_equal(account_login_check(f->db, "tanaka", &l, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM account_periods WHERE "
	    "user_name = 'tanaka' AND status = 'revoked' AND revoke_reason = '退職' AND "
	    "closed_by = 'sato' AND roles = 'clerk'"), 1);
	assert_int_equal(db_count(f->db, "SELECT version FROM accounts WHERE "
	    "user_name = 'tanaka'"), 4);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'account_period' AND pushed_at IS NULL"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'account.request-again' AND target = 'tanaka'"), 1);

	/* Rejected, then asked for again: a second period. */
	assert_int_equal(account_decide(f->db, &sup_b, id, 0, "not needed", &cause), 0);
	request(f, &sup_a, "tanaka", "clerk", id2);
	assert_int_equal(account_decide(f->db, &sup_b, id, 1, "", &cause), 0);
	assert_int_equal(account_login_check(f->db, "tanaka", &l, &cause), 0);
	assert_string_equal(l.roles, "clerk");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM account_periods WHERE "
	    "account_id = (SELECT id FROM accounts WHERE user_name = 'tanaka')"), 2);
	{
		char	*periods = account_periods_text(f->db, id, 0);

		assert_string_equal(periods, "2020-01-01 – 2099-12-31 clerk: revoked by suzuki "
		    "(退職)\n2020-01-01 – 2099-12-31 clerk supervisor: rejected by suzuki (not "
		    "needed)");
		free(periods);
		/* In the era when date_style says so (issue 26). */
		periods = account_periods_text(f->db, id, 1);
		assert_non_null(strstr(periods, "令和2年1月1日 – 令和81年12月31日 clerk: revoked"));
		free(periods);
	}
	/* Ended periods are kept as they ended. */
	assert_int_not_equal(db_exec(f->db, "UPDATE account_periods SET roles = 'supervisor'",
	    NULL), 0);
	assert_int_not_equal(db_exec(f->db, "DELETE FROM account_periods", NULL), 0);
}

/*
 * Issue 31: an account names its procedures (事務) as known codes; the first supervisor
 * acts for all of them; procedure_require refuses, and audits, one not named.
 */
static void
test_procedures(void **state)
{
	struct fixture		*f = *state;
	struct account_request	 r;
	char			*cause = NULL, id[37], *labels;

	memset(&r, 0, sizeof r);
	r.user_name = "kondo";
	r.full_name = "近藤 一";
	r.roles = "clerk";
	r.reason = "窓口業務のため";
	r.valid_from = "2020-01-01";
	r.valid_until = "2099-12-31";
	r.procedures = "register 再交付";
	assert_int_equal(account_request(f->db, &sup_a, &r, id, &cause), -1);
	assert_non_null(strstr(cause, "unknown procedure \"再交付\""));
	free(cause);
	r.procedures = "register register";
	assert_int_equal(account_request(f->db, &sup_a, &r, id, &cause), -1);
	assert_non_null(strstr(cause, "given twice"));
	free(cause);
	r.procedures = "register reissue";
	assert_int_equal(account_request(f->db, &sup_a, &r, id, &cause), 0);
	assert_int_equal(account_decide(f->db, &sup_b, id, 1, "", &cause), 0);

	assert_int_equal(db_count(f->db, "SELECT count(*) FROM accounts WHERE user_name = "
	    "'sato' AND procedures = 'register correct reissue periodic'"), 1);
	assert_int_equal(procedure_require(f->db, &(struct actor){ "kondo", "clerk", "tty1",
	    0 }, "reissue", "reissue.apply", "x", &cause), 0);
	assert_int_equal(procedure_require(f->db, &(struct actor){ "kondo", "clerk", "tty1",
	    0 }, "correct", "register.apply", "x", &cause), -1);
	assert_non_null(strstr(cause, "does not act for the procedure Correction"));
	free(cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE user = 'kondo' "
	    "AND action = 'register.apply' AND result = 'denied'"), 1);
	labels = procedure_labels(f->db, "register reissue", 1);
	assert_string_equal(labels, "免状の登録・再交付");
	free(labels);
}

/*
 * Issue 31: an account changes only by a request another supervisor approves, with its
 * reason; the change keeps the values before; a revoked account, a change that changes
 * nothing, a validity that ends before it begins and an unknown reason are refused.
 */
static void
test_account_changes(void **state)
{
	struct fixture			*f = *state;
	struct account_change_request	 c;
	struct account_change		*list;
	struct account_login		 l;
	size_t				 n;
	char				*cause = NULL, id[37], cid[37], *text;

	request(f, &sup_a, "tanaka", "clerk", id);
	assert_int_equal(account_decide(f->db, &sup_b, id, 1, "", &cause), 0);

	memset(&c, 0, sizeof c);
	c.user_name = "tanaka";
	c.roles = "clerk supervisor";
	c.mynumber_allowed = -1;
	c.reason_code = "promotion";
	c.reason = "係長に昇任";
	assert_int_equal(account_change_request(f->db, &sup_a, &c, cid, &cause), -1);
	assert_non_null(strstr(cause, "must be one of"));
	free(cause);
	c.reason_code = "duties";
	c.valid_until = "2019-12-31";
	assert_int_equal(account_change_request(f->db, &sup_a, &c, cid, &cause), -1);
	assert_non_null(strstr(cause, "end before it begins"));
	free(cause);
	c.valid_until = NULL;
	c.roles = "clerk";
	assert_int_equal(account_change_request(f->db, &sup_a, &c, cid, &cause), -1);
	assert_non_null(strstr(cause, "changes nothing"));
	free(cause);
	c.roles = "clerk supervisor";
	c.valid_until = "2030-03-31";
	assert_int_equal(account_change_request(f->db, &sup_a, &c, cid, &cause), 0);
	assert_int_equal(account_change_request(f->db, &sup_a, &c, id, &cause), -1);
	assert_non_null(strstr(cause, "already awaits"));
	free(cause);

	/* Not yet: the account is as it was. */
	assert_int_equal(account_login_check(f->db, "tanaka", &l, &cause), 0);
	assert_string_equal(l.roles, "clerk");
	assert_int_equal(account_change_decide(f->db, &sup_a, cid, 1, "", &cause), -1);
	assert_non_null(strstr(cause, "four-eyes"));
	free(cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'account.change.decide' AND result = 'denied' AND user = 'sato'"), 1);

	assert_int_equal(account_changes_list(f->db, 1, &list, &n, &cause), 0);
	assert_int_equal(n, 1);
	text = account_change_describe(f->db, &list[0]);
	assert_string_equal(text, "roles clerk → clerk supervisor; valid until 2099-12-31 → "
	    "2030-03-31");
	free(text);
	account_changes_free(list, n);

	assert_int_equal(account_change_decide(f->db, &sup_b, cid, 1, "承認", &cause), 0);
	assert_int_equal(account_login_check(f->db, "tanaka", &l, &cause), 0);
	assert_string_equal(l.roles, "clerk supervisor");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM accounts WHERE user_name = "
	    "'tanaka' AND valid_until = '2030-03-31' AND version = 3"), 1);
	assert_int_equal(account_changes_list(f->db, 0, &list, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].status, "approved");
	text = account_change_describe(f->db, &list[0]);
	assert_string_equal(text, "roles clerk → clerk supervisor; valid until 2099-12-31 → "
	    "2030-03-31");
	free(text);
	account_changes_free(list, n);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'account_change' AND pushed_at IS NULL"), 2);

	/* Revoked: no change; the name is requested again instead. */
	assert_int_equal(account_revoke(f->db, &sup_a, id, "退職", &cause), 0);
	c.roles = "clerk";
	c.valid_until = NULL;
	assert_int_equal(account_change_request(f->db, &sup_a, &c, cid, &cause), -1);
	assert_non_null(strstr(cause, "requested again"));
	free(cause);
	assert_int_not_equal(db_exec(f->db, "DELETE FROM account_changes", NULL), 0);
}

/*
 * Issue 31: a contractor's (委託先) account names its supervising account and ends at an
 * hour within 30 days; without either, or supervised by a clerk, it is refused. Past its
 * hour it no longer logs in, and the review lists it.
 */
static void
test_contractor(void **state)
{
	struct fixture		*f = *state;
	struct account_request	 r;
	struct account_login	 l;
	struct account		*list;
	size_t			 n;
	char			*cause = NULL, id[37], today[11], ends[17], past[17];
	time_t			 now = time(NULL);
	struct tm		 tm;

	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	snprintf(ends, sizeof ends, "%sT23:59", today);
	memset(&r, 0, sizeof r);
	r.user_name = "itaku";
	r.full_name = "委託 業者";
	r.roles = "clerk";
	r.reason = "入力作業の委託";
	r.valid_from = today;
	r.valid_until = today;
	r.procedures = "register";
	r.expires_at = ends;
	assert_int_equal(account_request(f->db, &sup_a, &r, id, &cause), -1);
	assert_non_null(strstr(cause, "supervising account"));
	free(cause);
	r.supervised_by = "tanaka";
	assert_int_equal(account_request(f->db, &sup_a, &r, id, &cause), -1);
	assert_non_null(strstr(cause, "not an active supervisor"));
	free(cause);
	r.supervised_by = "suzuki";
	r.expires_at = "2099-01-01T10:00";
	assert_int_equal(account_request(f->db, &sup_a, &r, id, &cause), -1);
	assert_non_null(strstr(cause, "within 30 days"));
	free(cause);
	r.expires_at = ends;
	assert_int_equal(account_request(f->db, &sup_a, &r, id, &cause), 0);
	assert_int_equal(account_decide(f->db, &sup_b, id, 1, "", &cause), 0);
	assert_int_equal(account_login_check(f->db, "itaku", &l, &cause), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = 'account' "
	    "AND json_extract(payload, '$.supervised_by') = 'suzuki' AND "
	    "json_extract(payload, '$.contractor') = 1"), 2);

	/* Its hour passed (as the register would hold it an hour later). */
	tm.tm_hour -= 1;
	mktime(&tm);
	strftime(past, sizeof past, "%Y-%m-%dT%H:%M", &tm);
	{
		char	*sql;

		xasprintf(&sql, "UPDATE accounts SET expires_at = '%s' WHERE user_name = "
		    "'itaku'", past);
		assert_int_equal(db_exec(f->db, sql, NULL), 0);
		free(sql);
	}
	assert_int_equal(account_login_check(f->db, "itaku", &l, &cause), -1);
	assert_non_null(strstr(cause, "contractor's account ended at"));
	free(cause);
	assert_int_equal(account_list(f->db, ACCOUNTS_REVIEW, 3650, &list, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].user_name, "itaku");
	assert_string_equal(list[0].supervised_by, "suzuki");
	account_list_free(list, n);
}

/*
 * Issue 31: the role→function table changes only by a request another supervisor
 * approves; the sysadmin never gets a function that shows personal data; a change
 * pulled already approved changes the table too.
 */
static void
test_rolefn_changes(void **state)
{
	struct fixture		*f = *state;
	struct rolefn_change	*list;
	size_t			 n;
	char			*cause = NULL, id[37], cid[37];

	request(f, &sup_a, "tanaka", "clerk", id);
	assert_int_equal(account_decide(f->db, &sup_b, id, 1, "", &cause), 0);
	assert_false(rolefn_allowed(f->db, "tanaka", "audit.review"));
	assert_int_equal(rolefn_change_request(f->db, &clerk, "clerk", "audit.review", 1,
	    "自己点検の補助", cid, &cause), -1);
	free(cause);
	assert_int_equal(rolefn_change_request(f->db, &sup_a, "sysadmin", "register.search",
	    1, "x", cid, &cause), -1);
	assert_non_null(strstr(cause, "never gets a function that shows personal data"));
	free(cause);
	assert_int_equal(rolefn_change_request(f->db, &sup_a, "clerk", "register.search", 1,
	    "x", cid, &cause), -1);
	assert_non_null(strstr(cause, "has register.search already"));
	free(cause);
	assert_int_equal(rolefn_change_request(f->db, &sup_a, "clerk", "audit.review", 1,
	    "自己点検の補助", cid, &cause), 0);
	assert_int_equal(rolefn_changes_pending(f->db, &list, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].role, "clerk");
	assert_int_equal(list[0].allow, 1);
	rolefn_changes_free(list, n);
	assert_false(rolefn_allowed(f->db, "tanaka", "audit.review"));
	assert_int_equal(rolefn_change_decide(f->db, &sup_a, cid, 1, "", &cause), -1);
	assert_non_null(strstr(cause, "four-eyes"));
	free(cause);
	assert_int_equal(rolefn_change_decide(f->db, &sup_b, cid, 1, "了", &cause), 0);
	assert_true(rolefn_allowed(f->db, "tanaka", "audit.review"));
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'rolefn_change'"), 2);

	/* Pulled from another terminal, decided there: the table follows. */
	assert_int_equal(db_exec(f->db, "INSERT INTO rolefn_changes (id, role, function, "
	    "allow, reason, status, requested_by, requested_at, decided_by, decided_at) VALUES "
	    "('00000000-0000-4000-8000-000000000031', 'clerk', 'audit.review', 0, '戻す', "
	    "'approved', 'mori', '2026-12-01T00:00:00.000Z', 'ueda', "
	    "'2026-12-01T01:00:00.000Z')", &cause), 0);
	assert_false(rolefn_allowed(f->db, "tanaka", "audit.review"));
	/* The sysadmin's rule holds for a pulled change too. */
	assert_int_not_equal(db_exec(f->db, "INSERT INTO rolefn_changes (id, role, function, "
	    "allow, reason, status, requested_by, requested_at, decided_by, decided_at) VALUES "
	    "('00000000-0000-4000-8000-000000000032', 'sysadmin', 'register.search', 1, 'x', "
	    "'approved', 'mori', '2026-12-01T00:00:00.000Z', 'ueda', "
	    "'2026-12-01T01:00:00.000Z')", NULL), 0);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_first_supervisor),
		T(test_unknown_user),
		T(test_four_eyes),
		T(test_four_eyes_in_the_table),
		T(test_clerk_cannot_request_or_approve),
		T(test_bad_requests),
		T(test_revoke),
		T(test_validity_dates),
		T(test_role_functions),
		T(test_changes_reach_outbox_and_audit),
		T(test_review_list),
		T(test_request_again),
		T(test_procedures),
		T(test_account_changes),
		T(test_contractor),
		T(test_rolefn_changes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
