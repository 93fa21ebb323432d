/* db/accounts/: accounts, roles, the role->function table, requests and approvals.
 * May use: lib/, db/. */
/*
 * Accounts and the role→function table.
 *
 * The four-eyes rule is held twice: here, with a message a supervisor can act on, and by
 * a CHECK constraint in the table, so that no code path can store a self-approval.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/accounts-internal.h"
#include "accounts/procedures.h"
#include "db-internal.h"
#include "i18n.h"
#include "sync/outbox.h"
#include "uuid.h"
#include "valid.h"
#include "words.h"
#include "xmalloc.h"

#define TODAY		"date('now', 'localtime')"
#define ACCOUNT_COLUMNS	"id, user_name, full_name, roles, procedures, reason, valid_from, " \
			"valid_until, origin, status, requested_by, requested_at, decided_by, " \
			"decided_at, decision_comment, revoked_by, revoked_at, revoke_reason, " \
			"coalesce((SELECT max(l.at) FROM account_logins l WHERE l.user_name = " \
			"accounts.user_name), last_login_at), mynumber_allowed, supervised_by, " \
			"expires_at"

/* Names that stand for a group or a machine, not a person: refused as shared IDs. */
static const char *const shared_names[] = {
	"root", "admin", "administrator", "guest", "shared", "common", "user", "users",
	"test", "clerk", "supervisor", "sysadmin", "auditor", "operator", "madoguchi",
	"staff", "office", "counter", "madoguchi-admin", NULL
};

static int	check_user_name(const char *, char **);
static int	account_id_of(const char *, char [UUID_STRLEN + 1], char **);
static int	contractor_check(struct db *, const struct account_request *, char **);
static int	account_period_close(struct db *, const struct actor *, const char *,
		    char **);

static int
check_user_name(const char *name, char **cause)
{
	size_t	 i, len = strlen(name);

	if (len == 0 || len > 32 || !(islower((unsigned char)name[0]) || name[0] == '_')) {
		xasprintf(cause, _("user name must start with a lower-case letter and be at "
		    "most 32 characters"));
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (!islower((unsigned char)name[i]) && !isdigit((unsigned char)name[i]) &&
		    name[i] != '_' && name[i] != '-' && name[i] != '.') {
			xasprintf(cause, _("user name may contain only a-z, 0-9, '_', '-' and "
			    "'.'"));
			return -1;
		}
	}
	for (i = 0; shared_names[i] != NULL; i++) {
		if (strcmp(name, shared_names[i]) == 0) {
			xasprintf(cause, _("\"%s\" is a shared or system name; each person "
			    "needs an account of their own"), name);
			return -1;
		}
	}
	return 0;
}

int
account_words_check(struct db *db, const char *known_sql, const char *list, char **bad,
    int *count, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*copy, *word, *save, *before;
	int		 rc = 0;

	*bad = NULL;
	*count = 0;
	if ((stmt = db_prepare(db, known_sql, cause)) == NULL)
		return -1;
	copy = xstrdup(list);
	for (word = strtok_r(copy, " ", &save); word != NULL && rc == 0;
	    word = strtok_r(NULL, " ", &save)) {
		sqlite3_reset(stmt);
		sqlite3_bind_text(stmt, 1, word, -1, SQLITE_STATIC);
		/* The words before this one, as the list has them. */
		before = xstrndup(list, (size_t)(word - copy));
		if (sqlite3_step(stmt) != SQLITE_ROW)
			rc = 1;
		else if (words_has(before, word))
			rc = 2;
		free(before);
		if (rc != 0)
			*bad = xstrdup(word);
		(*count)++;
	}
	db_release(db, stmt);
	free(copy);
	return rc;
}

/* Every word is a known role, none twice, at least one. */
int
account_check_roles(struct db *db, const char *roles, char **cause)
{
	char	*bad;
	int	 n, rc;

	rc = account_words_check(db, "SELECT 1 FROM roles WHERE name = ?1", roles, &bad, &n,
	    cause);
	if (rc == 1)
		xasprintf(cause, _("unknown role \"%s\""), bad);
	else if (rc == 2)
		xasprintf(cause, _("role \"%s\" is given twice"), bad);
	else if (rc == 0 && n == 0)
		xasprintf(cause, _("an account needs at least one role"));
	free(bad);
	return rc == 0 && n > 0 ? 0 : -1;
}

/* YYYY-MM-DD and a real calendar day: SQLite normalises 2025-02-30 to March. */
int
account_check_date(struct db *db, const char *what, const char *date, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 ok;

	if (date == NULL || strlen(date) != 10) {
		xasprintf(cause, _("%s must be a date as YYYY-MM-DD"), what);
		return -1;
	}
	if ((stmt = db_prepare(db, "SELECT date(?1) IS ?1", cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, date, -1, SQLITE_STATIC);
	ok = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0) == 1;
	db_release(db, stmt);
	if (!ok) {
		xasprintf(cause, _("%s \"%s\" is not a valid date (YYYY-MM-DD)"), what, date);
		return -1;
	}
	return 0;
}

/* Present, not too long, and free of control characters. */
int
account_check_text(const char *what, const char *text, size_t max, char **cause)
{
	const unsigned char	*p;

	if (text == NULL || *text == '\0') {
		xasprintf(cause, _("%s is required"), what);
		return -1;
	}
	if (strlen(text) > max) {
		xasprintf(cause, _("%s is too long"), what);
		return -1;
	}
	for (p = (const unsigned char *)text; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			xasprintf(cause, _("%s contains a control character"), what);
			return -1;
		}
	}
	return 0;
}

/*
 * A contractor's account (委託先, issue 31): a supervising account that is an active
 * supervisor, and an end within 30 days of now, after its start and on its last valid day.
 * Staff name neither.
 */
static int
contractor_check(struct db *db, const struct account_request *r, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 supervisor = 0, ok = 0;
	int		 has_sup = r->supervised_by != NULL && *r->supervised_by != '\0';
	int		 has_end = r->expires_at != NULL && *r->expires_at != '\0';

	if (!has_sup && !has_end)
		return 0;
	if (!has_sup) {
		xasprintf(cause, _("a contractor's account needs its supervising account"));
		return -1;
	}
	if (!has_end) {
		xasprintf(cause, _("a contractor's account needs the hour it ends "
		    "(YYYY-MM-DDTHH:MM)"));
		return -1;
	}
	stmt = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM accounts WHERE user_name = ?1 AND "
	    "status = 'active' AND ' ' || roles || ' ' LIKE '% supervisor %'), "
	    "length(?2) = 16 AND strftime('%Y-%m-%dT%H:%M', ?2) IS ?2 AND "
	    "?2 > strftime('%Y-%m-%dT%H:%M', 'now', 'localtime') AND "
	    "?2 <= strftime('%Y-%m-%dT%H:%M', 'now', 'localtime', '+30 days') AND "
	    "substr(?2, 1, 10) >= ?3 AND substr(?2, 1, 10) = ?4", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, r->supervised_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, r->expires_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, r->valid_from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, r->valid_until, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		supervisor = sqlite3_column_int(stmt, 0);
		ok = sqlite3_column_int(stmt, 1);
	}
	db_release(db, stmt);
	if (!supervisor) {
		xasprintf(cause, _("%s is not an active supervisor's account: a contractor is "
		    "supervised by one"), r->supervised_by);
		return -1;
	}
	if (!ok) {
		xasprintf(cause, _("a contractor's account ends within 30 days, as "
		    "YYYY-MM-DDTHH:MM on its last valid day (valid until)"));
		return -1;
	}
	return 0;
}

/*
 * A user name's account id, the same on every terminal of the office: two terminals that
 * take a request for one name make one record, and the central store answers the second
 * as a conflict of that record for a supervisor (one person, one account, office-wide).
 */
static int
account_id_of(const char *user_name, char id[UUID_STRLEN + 1], char **cause)
{
	if (uuid_from_name("madoguchi account", user_name, id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		return -1;
	}
	return 0;
}

/*
 * Keeps the period of a rejected or revoked account that ends because its name is
 * requested again (into account_periods, synced), in the caller's transaction.
 */
static int
account_period_close(struct db *db, const struct actor *who, const char *account_id,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		 pid[UUID_STRLEN + 1];

	if (uuid_generate(pid) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		return -1;
	}
	stmt = db_prepare(db, "INSERT INTO account_periods (id, account_id, user_name, "
	    "full_name, roles, procedures, mynumber_allowed, reason, valid_from, valid_until, "
	    "origin, status, requested_by, requested_at, decided_by, decided_at, "
	    "decision_comment, revoked_by, revoked_at, revoke_reason, closed_by, closed_at) "
	    "SELECT ?2, id, user_name, full_name, roles, procedures, mynumber_allowed, reason, "
	    "valid_from, valid_until, origin, status, requested_by, requested_at, decided_by, "
	    "decided_at, decision_comment, revoked_by, revoked_at, revoke_reason, ?3, " NOW
	    " FROM accounts WHERE id = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, account_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, pid, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, who->user, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot keep the account's ended period"), cause) != 0)
		return -1;
	return outbox_append_row(db, "account_period", "SELECT 1, json_object('id', id, "
	    "'account_id', account_id, 'user_name', user_name, 'full_name', full_name, "
	    "'roles', roles, 'procedures', procedures, 'mynumber_allowed', mynumber_allowed, "
	    "'reason', reason, 'valid_from', valid_from, 'valid_until', valid_until, "
	    "'origin', origin, 'status', status, 'requested_by', requested_by, "
	    "'requested_at', requested_at, 'decided_by', decided_by, 'decided_at', "
	    "decided_at, 'decision_comment', decision_comment, 'revoked_by', revoked_by, "
	    "'revoked_at', revoked_at, 'revoke_reason', revoke_reason, 'closed_by', "
	    "closed_by, 'closed_at', closed_at) FROM account_periods WHERE id = ?1", pid, 0,
	    cause);
}

/* The account's row as JSON into the outbox, in the caller's transaction. */
int
account_outbox(struct db *db, const char *id, enum outbox_op op, char **cause)
{
	return outbox_append_row(db, "account", "SELECT version, json_object('id', id, "
	    "'user_name', user_name, 'full_name', full_name, 'roles', roles, 'procedures', "
	    "procedures, 'mynumber_allowed', mynumber_allowed, 'reason', reason, "
	    "'valid_from', valid_from, 'valid_until', valid_until, 'origin', origin, 'status', "
	    "status, 'requested_by', requested_by, 'requested_at', requested_at, "
	    "'decided_by', decided_by, 'decided_at', decided_at, 'decision_comment', "
	    "decision_comment, 'revoked_by', revoked_by, 'revoked_at', revoked_at, "
	    "'revoke_reason', revoke_reason, 'contractor', contractor, 'supervised_by', "
	    "supervised_by, 'expires_at', expires_at) FROM accounts WHERE id = ?1", id,
	    op == OUTBOX_UPDATE, cause);
}

int
account_login_check(struct db *db, const char *user, struct account_login *out,
    char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*status;
	int		 rc = -1, active_now;

	memset(out, 0, sizeof *out);
	stmt = db_prepare(db, "SELECT id, roles, full_name, mynumber_allowed, status, "
	    "valid_from <= " TODAY " AND valid_until >= " TODAY ", valid_from, valid_until, "
	    "expires_at, coalesce(expires_at > strftime('%Y-%m-%dT%H:%M', 'now', "
	    "'localtime'), 1) FROM accounts WHERE user_name = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, user, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		xasprintf(cause, _("no approved account for this user"));
		goto out;
	}
	status = (const char *)sqlite3_column_text(stmt, 4);
	active_now = sqlite3_column_int(stmt, 5);
	if (strcmp(status, "requested") == 0)
		xasprintf(cause, _("no approved account for this user: the request awaits "
		    "a supervisor's decision"));
	else if (strcmp(status, "rejected") == 0)
		xasprintf(cause, _("no approved account for this user: the request was "
		    "rejected"));
	else if (strcmp(status, "revoked") == 0)
		xasprintf(cause, _("this account has been revoked"));
	else if (!active_now)
		xasprintf(cause, _("this account is valid from %s to %s only"),
		    sqlite3_column_text(stmt, 6), sqlite3_column_text(stmt, 7));
	else if (!sqlite3_column_int(stmt, 9))
		/* A contractor's account ends at its hour, in a session too (next key). */
		xasprintf(cause, _("this contractor's account ended at %s"),
		    sqlite3_column_text(stmt, 8));
	else if (sqlite3_column_bytes(stmt, 1) == 0)
		xasprintf(cause, _("no approved account for this user: it has no role"));
	else {
		snprintf(out->id, sizeof out->id, "%s", sqlite3_column_text(stmt, 0));
		snprintf(out->roles, sizeof out->roles, "%s", sqlite3_column_text(stmt, 1));
		snprintf(out->full_name, sizeof out->full_name, "%s",
		    sqlite3_column_text(stmt, 2));
		out->mynumber_allowed = sqlite3_column_int(stmt, 3);
		rc = 0;
	}
out:
	db_release(db, stmt);
	return rc;
}

int
account_mynumber_require(struct db *db, const struct actor *who, const char *action,
    const char *target, char **cause)
{
	struct account_login	 acct;
	char			*why = NULL;

	if (who->os_admin)
		return 0;
	if (account_login_check(db, who->user, &acct, &why) == 0 && acct.mynumber_allowed)
		return 0;
	free(why);
	xasprintf(cause, _("your account may not handle My Numbers"));
	(void)audit_actor(db, who, action, target != NULL ? target : "", "denied",
	    "no My Number permission", NULL);
	return -1;
}

/*
 * Remembers the login for the review of unused accounts: the account's last login here
 * (not a synced change of the account: two terminals' logins would conflict), and a login
 * record that the office's other terminals get, so that the review counts every terminal.
 */
int
account_note_login(struct db *db, const char *user, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 id[UUID_STRLEN + 1];
	int		 rc = -1;

	if (uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		return -1;
	}
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "UPDATE accounts SET last_login_at = " NOW " WHERE user_name = ?1",
	    cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, user, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot record the login"), cause) != 0)
		goto out;
	stmt = db_prepare(db, "INSERT INTO account_logins (id, user_name, terminal_id, at) "
	    "VALUES (?1, ?2, ?3, " NOW ")", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, db->terminal_id, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot record the login"), cause) != 0)
		goto out;
	rc = outbox_append_row(db, "account_login", "SELECT 1, json_object('id', id, "
	    "'user_name', user_name, 'terminal_id', terminal_id, 'at', at) FROM account_logins "
	    "WHERE id = ?1", id, 0, cause);
out:
	return db_finish(db, rc, cause);
}

int
account_request(struct db *db, const struct actor *who, const struct account_request *r,
    char *id_out, char **cause)
{
	sqlite3_stmt	*stmt = NULL;
	const char	*status;
	char		 id[UUID_STRLEN + 1];
	int		 rc = -1, again = 0;

	if (rolefn_require(db, who, "account.request", cause) != 0)
		return -1;
	if (check_user_name(r->user_name, cause) != 0 ||
	    account_check_text(_("full name"), r->full_name, 100, cause) != 0 ||
	    account_check_roles(db, r->roles, cause) != 0 ||
	    account_check_text(_("reason (necessity)"), r->reason, 1000, cause) != 0 ||
	    account_check_date(db, _("valid from"), r->valid_from, cause) != 0 ||
	    account_check_date(db, _("valid until"), r->valid_until, cause) != 0)
		return -1;
	if (r->procedures != NULL && *r->procedures != '\0' &&
	    (account_check_text(_("procedures"), r->procedures, 200, cause) != 0 ||
	    procedures_check(db, r->procedures, cause) != 0))
		return -1;
	if (strcmp(r->valid_from, r->valid_until) > 0) {
		xasprintf(cause, _("valid until is before valid from"));
		return -1;
	}
	if (contractor_check(db, r, cause) != 0)
		return -1;
	if (account_id_of(r->user_name, id, cause) != 0)
		return -1;

	if (db_begin(db, cause) != 0)
		return -1;
	/* The account the name has, if any: its id (older terminals made random ones). */
	stmt = db_prepare(db, "SELECT status, id FROM accounts WHERE user_name = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, r->user_name, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		status = (const char *)sqlite3_column_text(stmt, 0);
		if (strcmp(status, "rejected") != 0 && strcmp(status, "revoked") != 0) {
			xasprintf(cause, _("user %s already has an account (%s); one person, one "
			    "account"), r->user_name, status);
			goto out;
		}
		snprintf(id, sizeof id, "%s", (const char *)sqlite3_column_text(stmt, 1));
		again = 1;
	}
	db_release(db, stmt);
	stmt = NULL;
	if (again) {
		/* A new period of the same account; the one that ended is kept as it was. */
		if (account_period_close(db, who, id, cause) != 0)
			goto out;
		stmt = db_prepare(db, "UPDATE accounts SET full_name = ?3, roles = ?4, "
		    "procedures = ?5, mynumber_allowed = ?6, reason = ?7, valid_from = ?8, "
		    "valid_until = ?9, origin = 'request', status = 'requested', "
		    "contractor = ?11 IS NOT NULL, supervised_by = ?11, expires_at = ?12, "
		    "requested_by = ?10, requested_at = " NOW ", decided_by = NULL, "
		    "decided_at = NULL, decision_comment = NULL, revoked_by = NULL, "
		    "revoked_at = NULL, revoke_reason = NULL, version = version + 1 "
		    "WHERE id = ?1 AND user_name = ?2", cause);
	} else
		stmt = db_prepare(db, "INSERT INTO accounts (id, user_name, full_name, roles, "
		    "procedures, mynumber_allowed, reason, valid_from, valid_until, status, "
		    "requested_by, requested_at, contractor, supervised_by, expires_at) VALUES "
		    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'requested', ?10, " NOW ", ?11 IS NOT "
		    "NULL, ?11, ?12)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, r->user_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, r->full_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, r->roles, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, r->procedures != NULL ? r->procedures : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(stmt, 6, r->mynumber_allowed ? 1 : 0);
	sqlite3_bind_text(stmt, 7, r->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, r->valid_from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, r->valid_until, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, who->user, -1, SQLITE_STATIC);
	if (r->supervised_by != NULL && *r->supervised_by != '\0') {
		sqlite3_bind_text(stmt, 11, r->supervised_by, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 12, r->expires_at, -1, SQLITE_STATIC);
	}
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		db_fail(db, cause, _("cannot store the account request"));
		goto out;
	}
	if (account_outbox(db, id, again ? OUTBOX_UPDATE : OUTBOX_INSERT, cause) != 0 ||
	    audit_actor(db, who, again ? "account.request-again" : "account.request",
	    r->user_name, "ok", r->roles, cause) != 0)
		goto out;
	rc = 0;
out:
	db_release(db, stmt);
	rc = db_finish(db, rc, cause);
	if (rc == 0 && id_out != NULL)
		memcpy(id_out, id, sizeof id);
	return rc;
}

/* Approves (approve 1) or rejects a requested account. */
int
account_decide(struct db *db, const struct actor *who, const char *id, int approve,
    const char *comment, char **cause)
{
	sqlite3_stmt	*stmt = NULL;
	char		*user_name = NULL;
	int		 rc = -1;

	if (rolefn_require(db, who, "account.approve", cause) != 0)
		return -1;
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT status, requested_by, user_name FROM accounts "
	    "WHERE id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		xasprintf(cause, _("account %s not found"), id);
		goto out;
	}
	user_name = db_column_dup(stmt, 2);
	if (strcmp((const char *)sqlite3_column_text(stmt, 0), "requested") != 0) {
		xasprintf(cause, _("the account of %s is %s, not awaiting a decision"),
		    user_name, sqlite3_column_text(stmt, 0));
		goto out;
	}
	if (strcmp((const char *)sqlite3_column_text(stmt, 1), who->user) == 0) {
		xasprintf(cause, _("you requested this account: another supervisor must "
		    "decide it (four-eyes rule)"));
		(void)audit_actor(db, who, "account.decide", user_name, "denied",
		    "own request", NULL);
		rc = -2;
		goto out;
	}
	if (strcmp(user_name, who->user) == 0) {
		xasprintf(cause, _("nobody may decide their own account"));
		(void)audit_actor(db, who, "account.decide", user_name, "denied",
		    "own account", NULL);
		rc = -2;
		goto out;
	}
	db_release(db, stmt);
	stmt = db_prepare(db, "UPDATE accounts SET status = ?2, decided_by = ?3, decided_at = "
	    NOW ", decision_comment = ?4, version = version + 1 WHERE id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, approve ? "active" : "rejected", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, comment != NULL ? comment : "", -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		db_fail(db, cause, _("cannot store the decision"));
		goto out;
	}
	if (account_outbox(db, id, OUTBOX_UPDATE, cause) != 0 ||
	    audit_actor(db, who, approve ? "account.approve" : "account.reject", user_name,
	    "ok", comment != NULL ? comment : "", cause) != 0)
		goto out;
	rc = 0;
out:
	db_release(db, stmt);
	free(user_name);
	if (rc == 0)
		return db_commit(db, cause);
	if (rc == -2) {
		/* Keep the audit entry of the refused attempt. */
		if (db_commit(db, NULL) != 0)
			db_rollback(db);
		return -1;
	}
	db_rollback(db);
	return -1;
}

int
account_revoke(struct db *db, const struct actor *who, const char *id, const char *reason,
    char **cause)
{
	sqlite3_stmt	*stmt = NULL;
	char		*user_name = NULL;
	int		 rc = -1;

	if (rolefn_require(db, who, "account.revoke", cause) != 0)
		return -1;
	if (account_check_text(_("reason"), reason, 1000, cause) != 0)
		return -1;
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT status, user_name FROM accounts WHERE id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		xasprintf(cause, _("account %s not found"), id);
		goto out;
	}
	user_name = db_column_dup(stmt, 1);
	if (strcmp((const char *)sqlite3_column_text(stmt, 0), "active") != 0) {
		xasprintf(cause, _("the account of %s is %s, not active"), user_name,
		    sqlite3_column_text(stmt, 0));
		goto out;
	}
	if (strcmp(user_name, who->user) == 0) {
		xasprintf(cause, _("another supervisor must revoke your own account"));
		goto out;
	}
	db_release(db, stmt);
	stmt = db_prepare(db, "UPDATE accounts SET status = 'revoked', revoked_by = ?2, "
	    "revoked_at = " NOW ", revoke_reason = ?3, version = version + 1 WHERE id = ?1",
	    cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, reason, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		db_fail(db, cause, _("cannot revoke the account"));
		goto out;
	}
	if (account_outbox(db, id, OUTBOX_UPDATE, cause) != 0 ||
	    audit_actor(db, who, "account.revoke", user_name, "ok", reason, cause) != 0)
		goto out;
	rc = 0;
out:
	db_release(db, stmt);
	free(user_name);
	return db_finish(db, rc, cause);
}

char *
account_periods_text(struct db *db, const char *account_id, int era)
{
	sqlite3_stmt	*stmt;
	char		*text = xstrdup(""), *next, *roles, from[DATE_ERA_SIZE];
	char		 until[DATE_ERA_SIZE];

	stmt = db_prepare(db, "SELECT valid_from, valid_until, roles, status, "
	    "coalesce(revoked_by, decided_by, '-'), coalesce(revoke_reason, "
	    "decision_comment, '') FROM account_periods WHERE account_id = ?1 ORDER BY "
	    "closed_at", NULL);
	if (stmt == NULL)
		return text;
	sqlite3_bind_text(stmt, 1, account_id, -1, SQLITE_STATIC);
	/* As the reader reads them: days by date_style, roles and states in their words. */
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		roles = role_labels(db, (const char *)sqlite3_column_text(stmt, 2));
		xasprintf(&next, _("%s%s%s – %s %s: %s by %s (%s)"), text, *text != '\0' ?
		    "\n" : "", date_shown((const char *)sqlite3_column_text(stmt, 0), era, from),
		    date_shown((const char *)sqlite3_column_text(stmt, 1), era, until), roles,
		    _((const char *)sqlite3_column_text(stmt, 3)),
		    sqlite3_column_text(stmt, 4), sqlite3_column_text(stmt, 5));
		free(roles);
		free(text);
		text = next;
	}
	db_release(db, stmt);
	return text;
}

/* The one account that needs no approval: the first supervisor, made at installation. */
int
account_first_supervisor(struct db *db, const struct actor *who, const char *user,
    const char *full_name, char **cause)
{
	sqlite3_stmt	*stmt = NULL;
	char		 id[UUID_STRLEN + 1];
	int		 rc = -1;

	if (check_user_name(user, cause) != 0 ||
	    account_check_text(_("full name"), full_name, 100, cause) != 0 ||
	    account_id_of(user, id, cause) != 0)
		return -1;
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT (SELECT count(*) FROM accounts WHERE origin = "
	    "'first-supervisor'), (SELECT count(*) FROM accounts WHERE user_name = ?1)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, user, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW)
		goto out;
	if (sqlite3_column_int(stmt, 0) > 0) {
		xasprintf(cause, _("a first supervisor already exists; further accounts are "
		    "requested and approved"));
		goto out;
	}
	if (sqlite3_column_int(stmt, 1) > 0) {
		xasprintf(cause, _("user %s already has an account"), user);
		goto out;
	}
	db_release(db, stmt);
	/* The whole register is theirs to run: every procedure (事務). */
	stmt = db_prepare(db, "INSERT INTO accounts (id, user_name, full_name, roles, "
	    "procedures, reason, valid_from, valid_until, origin, status, requested_by, "
	    "requested_at) VALUES (?1, ?2, ?3, 'supervisor', (SELECT group_concat(code, ' ') "
	    "FROM (SELECT code FROM procedures ORDER BY juki_jimu)), "
	    "'first supervisor, created at installation', " TODAY ", '2099-12-31', "
	    "'first-supervisor', 'active', ?4, " NOW ")", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, full_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, who->user, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		db_fail(db, cause, _("cannot create the first supervisor"));
		goto out;
	}
	if (account_outbox(db, id, OUTBOX_INSERT, cause) != 0 ||
	    audit_actor(db, who, "account.first-supervisor", user, "ok", full_name,
	    cause) != 0)
		goto out;
	rc = 0;
out:
	db_release(db, stmt);
	return db_finish(db, rc, cause);
}

int
account_list(struct db *db, enum account_filter filter, int idle_days,
    struct account **out, size_t *n, char **cause)
{
	static const char *const where[] = {
		[ACCOUNTS_ALL] = "1",
		[ACCOUNTS_PENDING] = "status = 'requested'",
		[ACCOUNTS_REVIEW] = "status = 'active' AND (valid_until < " TODAY
		    " OR expires_at < strftime('%Y-%m-%dT%H:%M', 'now', 'localtime')"
		    " OR coalesce((SELECT max(l.at) FROM account_logins l WHERE "
		    "l.user_name = accounts.user_name), last_login_at, requested_at) < "
		    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || ?1 || ' days')"
		    /* Moved (人事異動, 休職) lately with the same rights: are they still right? */
		    " OR EXISTS (SELECT 1 FROM account_changes c WHERE c.account_id = "
		    "accounts.id AND c.status = 'approved' AND c.reason_code IN ('transfer', "
		    "'leave') AND c.roles IS NULL AND c.procedures IS NULL AND "
		    "c.mynumber_allowed IS NULL AND c.decided_at >= "
		    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || ?1 || ' days')))",
	};
	sqlite3_stmt	*stmt;
	struct account	*list = NULL, *a;
	size_t		 count = 0;
	char		*sql;
	int		 rc;

	xasprintf(&sql, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE %s "
	    "ORDER BY requested_at, user_name", where[filter]);
	stmt = db_prepare(db, sql, cause);
	free(sql);
	if (stmt == NULL)
		return -1;
	if (filter == ACCOUNTS_REVIEW)
		sqlite3_bind_int(stmt, 1, idle_days);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, count + 1, sizeof *list);
		a = &list[count++];
		memset(a, 0, sizeof *a);
		snprintf(a->id, sizeof a->id, "%s", sqlite3_column_text(stmt, 0));
		a->user_name = db_column_dup(stmt, 1);
		a->full_name = db_column_dup(stmt, 2);
		a->roles = db_column_dup(stmt, 3);
		a->procedures = db_column_dup(stmt, 4);
		a->reason = db_column_dup(stmt, 5);
		a->valid_from = db_column_dup(stmt, 6);
		a->valid_until = db_column_dup(stmt, 7);
		a->origin = db_column_dup(stmt, 8);
		a->status = db_column_dup(stmt, 9);
		a->requested_by = db_column_dup(stmt, 10);
		a->requested_at = db_column_dup(stmt, 11);
		a->decided_by = db_column_dup(stmt, 12);
		a->decided_at = db_column_dup(stmt, 13);
		a->decision_comment = db_column_dup(stmt, 14);
		a->revoked_by = db_column_dup(stmt, 15);
		a->revoked_at = db_column_dup(stmt, 16);
		a->revoke_reason = db_column_dup(stmt, 17);
		a->last_login_at = db_column_dup(stmt, 18);
		a->mynumber_allowed = sqlite3_column_int(stmt, 19);
		a->supervised_by = db_column_dup(stmt, 20);
		a->expires_at = db_column_dup(stmt, 21);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		account_list_free(list, count);
		return db_fail(db, cause, _("cannot read the account register"));
	}
	*out = list;
	*n = count;
	return 0;
}

void
account_list_free(struct account *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(list[i].user_name);
		free(list[i].full_name);
		free(list[i].roles);
		free(list[i].procedures);
		free(list[i].reason);
		free(list[i].valid_from);
		free(list[i].valid_until);
		free(list[i].origin);
		free(list[i].status);
		free(list[i].requested_by);
		free(list[i].requested_at);
		free(list[i].decided_by);
		free(list[i].decided_at);
		free(list[i].decision_comment);
		free(list[i].revoked_by);
		free(list[i].revoked_at);
		free(list[i].revoke_reason);
		free(list[i].last_login_at);
		free(list[i].supervised_by);
		free(list[i].expires_at);
	}
	free(list);
}

/*
 * Whether user may use function now: an active account, within its dates, holding a role
 * that the role→function table allows it to.
 */
int
rolefn_allowed(struct db *db, const char *user, const char *function)
{
	sqlite3_stmt	*stmt;
	int		 allowed;

	if (sqlite3_prepare_v2(db->h, "SELECT 1 FROM accounts a JOIN role_functions rf ON "
	    "instr(' ' || a.roles || ' ', ' ' || rf.role || ' ') > 0 WHERE a.user_name = ?1 "
	    "AND a.status = 'active' AND a.valid_from <= " TODAY " AND a.valid_until >= "
	    TODAY " AND rf.function = ?2", -1, &stmt, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(stmt, 1, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, function, -1, SQLITE_STATIC);
	allowed = sqlite3_step(stmt) == SQLITE_ROW;
	db_release(db, stmt);
	return allowed;
}

/* rolefn_allowed, refusing with a message and an audit entry when not. */
/*
 * Space-separated role names as the reader reads them: their Japanese labels
 * (事務従事者・承認者) when messages are in Japanese, else the names themselves (which are
 * English words); a name the table does not know stays as it is. Allocated.
 */
char *
role_labels(struct db *db, const char *roles)
{
	sqlite3_stmt	*stmt;
	char		*copy, *name, *rest, *out, *next;
	const char	*label;

	if (!i18n_japanese())
		return xstrdup(roles);
	out = xstrdup("");
	if (sqlite3_prepare_v2(db->h, "SELECT label_ja FROM roles WHERE name = ?1", -1, &stmt,
	    NULL) != SQLITE_OK) {
		free(out);
		return xstrdup(roles);
	}
	copy = xstrdup(roles);
	for (name = strtok_r(copy, " ", &rest); name != NULL;
	    name = strtok_r(NULL, " ", &rest)) {
		sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
		label = sqlite3_step(stmt) == SQLITE_ROW ?
		    (const char *)sqlite3_column_text(stmt, 0) : name;
		xasprintf(&next, "%s%s%s", out, *out != '\0' ? "・" : "", label);
		free(out);
		out = next;
		sqlite3_reset(stmt);
	}
	db_release(db, stmt);
	free(copy);
	return out;
}

int
rolefn_require(struct db *db, const struct actor *who, const char *function, char **cause)
{
	/*
	 * Root at the shell controls the machine anyway; what it may do through
	 * madoguchi-admin is only to request accounts, which a supervisor then decides.
	 */
	if (who->os_admin && strcmp(function, "account.request") == 0)
		return 0;
	if (who->user != NULL && !who->os_admin && rolefn_allowed(db, who->user, function))
		return 0;
	xasprintf(cause, _("your account is not allowed to do this (%s)"), function);
	(void)audit_actor(db, who, function, "", "denied", "role-function table", NULL);
	return -1;
}

int
rolefn_table(struct db *db, int japanese, struct rolefn_row **out, size_t *n, char **cause)
{
	sqlite3_stmt		*stmt;
	struct rolefn_row	*rows = NULL, *r;
	size_t			 count = 0;
	int			 rc;

	stmt = db_prepare(db, japanese ?
	    "SELECT r.name, f.name, f.label_ja, EXISTS (SELECT 1 FROM role_functions rf WHERE "
	    "rf.role = r.name AND rf.function = f.name), f.personal_data FROM functions f, "
	    "roles r ORDER BY f.menu_order, r.rowid" :
	    "SELECT r.name, f.name, f.label_en, EXISTS (SELECT 1 FROM role_functions rf WHERE "
	    "rf.role = r.name AND rf.function = f.name), f.personal_data FROM functions f, "
	    "roles r ORDER BY f.menu_order, r.rowid", cause);
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		rows = xreallocarray(rows, count + 1, sizeof *rows);
		r = &rows[count++];
		snprintf(r->role, sizeof r->role, "%s", sqlite3_column_text(stmt, 0));
		snprintf(r->function, sizeof r->function, "%s", sqlite3_column_text(stmt, 1));
		snprintf(r->label, sizeof r->label, "%s", sqlite3_column_text(stmt, 2));
		r->allowed = sqlite3_column_int(stmt, 3);
		r->personal_data = sqlite3_column_int(stmt, 4);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		free(rows);
		return db_fail(db, cause, _("cannot read the role-function table"));
	}
	*out = rows;
	*n = count;
	return 0;
}

/* The functions user may use now, once each, in menu order, with their labels. */
int
rolefn_for_user(struct db *db, const char *user, int japanese, struct rolefn_row **out,
    size_t *n, char **cause)
{
	sqlite3_stmt		*stmt;
	struct rolefn_row	*rows = NULL, *r;
	size_t			 count = 0;
	int			 rc;

	stmt = db_prepare(db, "SELECT DISTINCT f.name, CASE WHEN ?2 THEN f.label_ja ELSE "
	    "f.label_en END, f.personal_data, f.menu_order FROM accounts a JOIN role_functions "
	    "rf ON instr(' ' || a.roles || ' ', ' ' || rf.role || ' ') > 0 JOIN functions f "
	    "ON f.name = rf.function WHERE a.user_name = ?1 AND a.status = 'active' AND "
	    "a.valid_from <= " TODAY " AND a.valid_until >= " TODAY " ORDER BY f.menu_order",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, user, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, japanese);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		rows = xreallocarray(rows, count + 1, sizeof *rows);
		r = &rows[count++];
		memset(r, 0, sizeof *r);
		snprintf(r->function, sizeof r->function, "%s", sqlite3_column_text(stmt, 0));
		snprintf(r->label, sizeof r->label, "%s", sqlite3_column_text(stmt, 1));
		r->personal_data = sqlite3_column_int(stmt, 2);
		r->allowed = 1;
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		free(rows);
		return db_fail(db, cause, _("cannot read the role-function table"));
	}
	*out = rows;
	*n = count;
	return 0;
}
