/*
 * Changes of an account (account-changes.h). The four-eyes rule is held twice, as for the
 * accounts: here with a message, and by a CHECK in the table.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/account-changes.h"
#include "accounts/accounts-internal.h"
#include "accounts/accounts.h"
#include "accounts/procedures.h"
#include "db-internal.h"
#include "i18n.h"
#include "uuid.h"
#include "xmalloc.h"

#define CHANGE_COLUMNS	"id, user_name, roles, procedures, valid_from, valid_until, " \
			"coalesce(mynumber_allowed, -1), reason_code, reason, status, " \
			"requested_by, requested_at, decided_by, decided_at, decision_comment, " \
			"before_json"

/* Why an account changes: the codes the register keeps, and their words. */
static const struct {
	const char	*code;
	const char	*label;		/* N_() */
} reasons[] = {
	{ "transfer", N_("transfer (人事異動)") },
	{ "leave", N_("leave (休職)") },
	{ "return", N_("return (復職)") },
	{ "duties", N_("other duties (職務の変更)") },
	{ "retire", N_("retirement (退職)") },
	{ "correction", N_("correction of the register") },
	{ "other", N_("other") },
};
#define N_REASONS	(sizeof reasons / sizeof reasons[0])

static int	 change_check(struct db *, const struct account_change_request *, char *,
		    char **);
static int	 change_outbox(struct db *, const char *, int, char **);
static void	 bind_or_null(sqlite3_stmt *, int, const char *);

static void
bind_or_null(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s != NULL)
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, i);
}

/* The change's row into the outbox, in the caller's transaction. */
static int
change_outbox(struct db *db, const char *id, int update, char **cause)
{
	return outbox_append_row(db, "account_change", "SELECT version, json_object('id', id, "
	    "'account_id', account_id, 'user_name', user_name, 'roles', roles, 'procedures', "
	    "procedures, 'mynumber_allowed', mynumber_allowed, 'valid_from', valid_from, "
	    "'valid_until', valid_until, 'reason_code', reason_code, 'reason', reason, "
	    "'status', status, 'requested_by', requested_by, 'requested_at', requested_at, "
	    "'decided_by', decided_by, 'decided_at', decided_at, 'decision_comment', "
	    "decision_comment, 'before_json', before_json) FROM account_changes WHERE "
	    "id = ?1", id, update, cause);
}

/*
 * The request's values, against the account as it stands (an active one, with no other
 * change waiting): something changes, and the validity still begins before it ends.
 * account_id gets the account's id.
 */
static int
change_check(struct db *db, const struct account_change_request *r, char *account_id,
    char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*status;
	char		*choices;
	size_t		 i;
	int		 rc = -1, same;

	for (i = 0; i < N_REASONS; i++) {
		if (r->reason_code != NULL && strcmp(r->reason_code, reasons[i].code) == 0)
			break;
	}
	if (i == N_REASONS) {
		choices = account_change_reason_choices();
		xasprintf(cause, _("the reason for the change must be one of: %s"), choices);
		free(choices);
		return -1;
	}
	if (account_check_text(_("reason"), r->reason, 500, cause) != 0 ||
	    (r->roles != NULL && account_check_roles(db, r->roles, cause) != 0) ||
	    (r->procedures != NULL && procedures_check(db, r->procedures, cause) != 0) ||
	    (r->valid_from != NULL && account_check_date(db, _("valid from"), r->valid_from,
	    cause) != 0) ||
	    (r->valid_until != NULL && account_check_date(db, _("valid until"), r->valid_until,
	    cause) != 0))
		return -1;
	stmt = db_prepare(db, "SELECT id, status, coalesce(?2, valid_from) <= "
	    "coalesce(?3, valid_until), (?4 IS NULL OR ?4 = roles) AND (?5 IS NULL OR "
	    "?5 = procedures) AND (?6 < 0 OR ?6 = mynumber_allowed) AND (?2 IS NULL OR "
	    "?2 = valid_from) AND (?3 IS NULL OR ?3 = valid_until), EXISTS (SELECT 1 FROM "
	    "account_changes c WHERE c.account_id = accounts.id AND c.status = 'requested') "
	    "FROM accounts WHERE user_name = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, r->user_name, -1, SQLITE_STATIC);
	bind_or_null(stmt, 2, r->valid_from);
	bind_or_null(stmt, 3, r->valid_until);
	bind_or_null(stmt, 4, r->roles);
	bind_or_null(stmt, 5, r->procedures);
	sqlite3_bind_int(stmt, 6, r->mynumber_allowed);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		xasprintf(cause, _("user %s has no account"), r->user_name);
		goto out;
	}
	status = (const char *)sqlite3_column_text(stmt, 1);
	same = sqlite3_column_int(stmt, 3);
	if (strcmp(status, "revoked") == 0 || strcmp(status, "rejected") == 0)
		xasprintf(cause, _("the account of %s is %s: it does not change, its name is "
		    "requested again"), r->user_name, status);
	else if (strcmp(status, "active") != 0)
		xasprintf(cause, _("the account of %s awaits a decision on its request: decide "
		    "that first"), r->user_name);
	else if (sqlite3_column_int(stmt, 4))
		xasprintf(cause, _("a change of the account of %s already awaits a decision"),
		    r->user_name);
	else if (!sqlite3_column_int(stmt, 2))
		xasprintf(cause, _("the validity would end before it begins"));
	else if (same)
		xasprintf(cause, _("the request changes nothing of the account of %s"),
		    r->user_name);
	else {
		snprintf(account_id, 37, "%s", sqlite3_column_text(stmt, 0));
		rc = 0;
	}
out:
	db_release(db, stmt);
	return rc;
}

int
account_change_request(struct db *db, const struct actor *who,
    const struct account_change_request *r, char *id_out, char **cause)
{
	sqlite3_stmt	*stmt = NULL;
	char		 id[UUID_STRLEN + 1], account_id[37];
	int		 rc = -1;

	if (rolefn_require(db, who, "account.request", cause) != 0)
		return -1;
	if (uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		return -1;
	}
	if (db_begin(db, cause) != 0)
		return -1;
	if (change_check(db, r, account_id, cause) != 0)
		goto out;
	stmt = db_prepare(db, "INSERT INTO account_changes (id, account_id, user_name, roles, "
	    "procedures, mynumber_allowed, valid_from, valid_until, reason_code, reason, "
	    "requested_by, requested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11, " NOW ")", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, account_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, r->user_name, -1, SQLITE_STATIC);
	bind_or_null(stmt, 4, r->roles);
	bind_or_null(stmt, 5, r->procedures);
	if (r->mynumber_allowed >= 0)
		sqlite3_bind_int(stmt, 6, r->mynumber_allowed ? 1 : 0);
	bind_or_null(stmt, 7, r->valid_from);
	bind_or_null(stmt, 8, r->valid_until);
	sqlite3_bind_text(stmt, 9, r->reason_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, r->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, who->user, -1, SQLITE_STATIC);
	rc = db_step_done(db, stmt, _("cannot store the change request"), cause);
	stmt = NULL;	/* released */
	if (rc != 0 || change_outbox(db, id, 0, cause) != 0 ||
	    audit_actor(db, who, "account.change.request", r->user_name, "ok", r->reason_code,
	    cause) != 0) {
		rc = -1;
		goto out;
	}
out:
	db_release(db, stmt);
	rc = db_finish(db, rc, cause);
	if (rc == 0 && id_out != NULL)
		memcpy(id_out, id, sizeof id);
	return rc;
}

int
account_change_decide(struct db *db, const struct actor *who, const char *id, int approve,
    const char *comment, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*user_name = NULL, *account_id = NULL, *requested_by = NULL;
	int		 rc = -1, refused = 0;

	if (rolefn_require(db, who, "account.approve", cause) != 0)
		return -1;
	if (comment == NULL)
		comment = "";
	if (!approve && account_check_text(_("comment"), comment, 200, cause) != 0)
		return -1;
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT c.user_name, c.account_id, c.requested_by, c.status, "
	    "a.status FROM account_changes c JOIN accounts a ON a.id = c.account_id WHERE "
	    "c.id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		db_release(db, stmt);
		xasprintf(cause, _("account change %s not found"), id);
		goto out;
	}
	user_name = db_column_dup(stmt, 0);
	account_id = db_column_dup(stmt, 1);
	requested_by = db_column_dup(stmt, 2);
	if (strcmp((const char *)sqlite3_column_text(stmt, 3), "requested") != 0)
		xasprintf(cause, _("this change was already decided (%s)"),
		    sqlite3_column_text(stmt, 3));
	else if (approve && strcmp((const char *)sqlite3_column_text(stmt, 4), "active") != 0)
		xasprintf(cause, _("the account of %s is %s now: the change cannot apply"),
		    user_name, sqlite3_column_text(stmt, 4));
	else if (strcmp(requested_by, who->user) == 0 || strcmp(user_name, who->user) == 0) {
		xasprintf(cause, strcmp(requested_by, who->user) == 0 ? _("you requested this "
		    "change: another supervisor must decide it (four-eyes rule)") :
		    _("nobody may decide a change of their own account"));
		refused = 1;
	} else
		rc = 0;
	db_release(db, stmt);
	if (rc != 0)
		goto out;
	rc = -1;
	/* The values before, kept with the change; then the account takes the new ones. */
	stmt = db_prepare(db, "UPDATE account_changes SET status = ?2, decided_by = ?3, "
	    "decided_at = " NOW ", decision_comment = ?4, version = version + 1, before_json = "
	    "(SELECT json_object('roles', roles, 'procedures', procedures, 'mynumber_allowed', "
	    "mynumber_allowed, 'valid_from', valid_from, 'valid_until', valid_until) FROM "
	    "accounts WHERE id = account_changes.account_id) WHERE id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, approve ? "approved" : "rejected", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, comment, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot store the decision"), cause) != 0)
		goto out;
	if (approve) {
		stmt = db_prepare(db, "UPDATE accounts SET roles = coalesce(c.roles, "
		    "accounts.roles), procedures = coalesce(c.procedures, accounts.procedures), "
		    "mynumber_allowed = coalesce(c.mynumber_allowed, accounts.mynumber_allowed), "
		    "valid_from = coalesce(c.valid_from, accounts.valid_from), valid_until = "
		    "coalesce(c.valid_until, accounts.valid_until), version = accounts.version + 1 "
		    "FROM account_changes c WHERE c.id = ?1 AND accounts.id = c.account_id",
		    cause);
		if (stmt == NULL)
			goto out;
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		if (db_step_done(db, stmt, _("cannot change the account"), cause) != 0 ||
		    account_outbox(db, account_id, OUTBOX_UPDATE, cause) != 0)
			goto out;
	}
	if (change_outbox(db, id, 1, cause) != 0 ||
	    audit_actor(db, who, approve ? "account.change.approve" : "account.change.reject",
	    user_name, "ok", comment, cause) != 0)
		goto out;
	rc = 0;
out:
	if (refused) {
		/* The refusal stays audited, nothing else of the attempt. */
		db_rollback(db);
		(void)audit_actor(db, who, "account.change.decide", user_name, "denied",
		    "four-eyes", NULL);
	}
	free(user_name);
	free(account_id);
	free(requested_by);
	return refused ? -1 : db_finish(db, rc, cause);
}

int
account_changes_list(struct db *db, int pending_only, struct account_change **out,
    size_t *n, char **cause)
{
	sqlite3_stmt		*stmt;
	struct account_change	*c;
	int			 rc;

	*out = NULL;
	*n = 0;
	stmt = db_prepare(db, pending_only ? "SELECT " CHANGE_COLUMNS " FROM account_changes "
	    "WHERE status = 'requested' ORDER BY requested_at" : "SELECT " CHANGE_COLUMNS
	    " FROM account_changes ORDER BY requested_at DESC", cause);
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		c = &(*out)[(*n)++];
		memset(c, 0, sizeof *c);
		snprintf(c->id, sizeof c->id, "%s", sqlite3_column_text(stmt, 0));
		c->user_name = db_column_dup(stmt, 1);
		c->roles = db_column_dup(stmt, 2);
		c->procedures = db_column_dup(stmt, 3);
		c->valid_from = db_column_dup(stmt, 4);
		c->valid_until = db_column_dup(stmt, 5);
		c->mynumber_allowed = sqlite3_column_int(stmt, 6);
		c->reason_code = db_column_dup(stmt, 7);
		c->reason = db_column_dup(stmt, 8);
		c->status = db_column_dup(stmt, 9);
		c->requested_by = db_column_dup(stmt, 10);
		c->requested_at = db_column_dup(stmt, 11);
		c->decided_by = db_column_dup(stmt, 12);
		c->decided_at = db_column_dup(stmt, 13);
		c->decision_comment = db_column_dup(stmt, 14);
		c->before = db_column_dup(stmt, 15);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		account_changes_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, cause, _("cannot read the account changes"));
	}
	return 0;
}

void
account_changes_free(struct account_change *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(list[i].user_name);
		free(list[i].roles);
		free(list[i].procedures);
		free(list[i].valid_from);
		free(list[i].valid_until);
		free(list[i].reason_code);
		free(list[i].reason);
		free(list[i].status);
		free(list[i].requested_by);
		free(list[i].requested_at);
		free(list[i].decided_by);
		free(list[i].decided_at);
		free(list[i].decision_comment);
		free(list[i].before);
	}
	free(list);
}

char *
account_change_describe(struct db *db, const struct account_change *c)
{
	sqlite3_stmt	*stmt;
	char		*text = NULL;

	/* Before: as kept at the approval, or the account as it stands while it waits. */
	stmt = db_prepare(db, "WITH b AS (SELECT coalesce(json_extract(?1, '$.roles'), "
	    "roles) AS roles, coalesce(json_extract(?1, '$.procedures'), procedures) AS "
	    "procedures, coalesce(json_extract(?1, '$.mynumber_allowed'), mynumber_allowed) AS "
	    "mn, coalesce(json_extract(?1, '$.valid_from'), valid_from) AS vf, "
	    "coalesce(json_extract(?1, '$.valid_until'), valid_until) AS vu FROM accounts "
	    "WHERE user_name = ?2) SELECT trim(concat_ws('; ', "
	    "CASE WHEN ?3 IS NOT NULL THEN printf(?8, b.roles, ?3) END, "
	    "CASE WHEN ?4 IS NOT NULL THEN printf(?9, b.procedures, ?4) END, "
	    "CASE WHEN ?5 >= 0 THEN printf(?10, b.mn, ?5) END, "
	    "CASE WHEN ?6 IS NOT NULL THEN printf(?11, b.vf, ?6) END, "
	    "CASE WHEN ?7 IS NOT NULL THEN printf(?12, b.vu, ?7) END)) FROM b", NULL);
	if (stmt == NULL)
		return xstrdup(c->reason_code);
	bind_or_null(stmt, 1, c->before);
	sqlite3_bind_text(stmt, 2, c->user_name, -1, SQLITE_STATIC);
	bind_or_null(stmt, 3, c->roles);
	bind_or_null(stmt, 4, c->procedures);
	sqlite3_bind_int(stmt, 5, c->mynumber_allowed);
	bind_or_null(stmt, 6, c->valid_from);
	bind_or_null(stmt, 7, c->valid_until);
	sqlite3_bind_text(stmt, 8, _("roles %s → %s"), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, _("procedures %s → %s"), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, _("My Numbers %d → %d"), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, _("valid from %s → %s"), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 12, _("valid until %s → %s"), -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		text = db_column_dup(stmt, 0);
	db_release(db, stmt);
	return text != NULL ? text : xstrdup("");
}

char *
account_change_reason_choices(void)
{
	char	*out = xstrdup(""), *next;
	size_t	 i;

	for (i = 0; i < N_REASONS; i++) {
		xasprintf(&next, "%s%s%zu %s", out, i > 0 ? " " : "", i + 1, _(reasons[i].label));
		free(out);
		out = next;
	}
	return out;
}

const char *
account_change_reason_read(const char *typed)
{
	char	*end;
	long	 n = strtol(typed, &end, 10);
	size_t	 i;

	if (*typed != '\0' && *end == '\0' && n >= 1 && (size_t)n <= N_REASONS)
		return reasons[n - 1].code;
	for (i = 0; i < N_REASONS; i++)
		if (strcmp(typed, reasons[i].code) == 0 || strcmp(typed, _(reasons[i].label)) == 0)
			return reasons[i].code;
	return typed;
}

const char *
account_change_reason_label(const char *code)
{
	size_t	 i;

	for (i = 0; code != NULL && i < N_REASONS; i++)
		if (strcmp(code, reasons[i].code) == 0)
			return _(reasons[i].label);
	return code;
}
