/* Changes of the role→function table (rolefn-changes.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts-internal.h"
#include "accounts/accounts.h"
#include "accounts/rolefn-changes.h"
#include "db-internal.h"
#include "i18n.h"
#include "uuid.h"
#include "xmalloc.h"

static int	 change_outbox(struct db *, const char *, int, char **);

static int
change_outbox(struct db *db, const char *id, int update, char **cause)
{
	return outbox_append_row(db, "rolefn_change", "SELECT version, json_object('id', id, "
	    "'role', role, 'function', function, 'allow', allow, 'reason', reason, 'status', "
	    "status, 'requested_by', requested_by, 'requested_at', requested_at, "
	    "'decided_by', decided_by, 'decided_at', decided_at, 'decision_comment', "
	    "decision_comment) FROM rolefn_changes WHERE id = ?1", id, update, cause);
}

int
rolefn_change_request(struct db *db, const struct actor *who, const char *role,
    const char *function, int allow, const char *reason, char *id_out, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 id[37], *target;
	int		 rc = -1, known = 0, has = 0, personal = 0, waiting = 0;

	if (rolefn_require(db, who, "rolefn.change", cause) != 0)
		return -1;
	if (account_check_text(_("reason"), reason, 500, cause) != 0)
		return -1;
	if (uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		return -1;
	}
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM roles WHERE name = ?1) AND EXISTS "
	    "(SELECT 1 FROM functions WHERE name = ?2), EXISTS (SELECT 1 FROM role_functions "
	    "WHERE role = ?1 AND function = ?2), coalesce((SELECT personal_data FROM functions "
	    "WHERE name = ?2), 0), EXISTS (SELECT 1 FROM rolefn_changes WHERE role = ?1 AND "
	    "function = ?2 AND status = 'requested')", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, function, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		known = sqlite3_column_int(stmt, 0);
		has = sqlite3_column_int(stmt, 1);
		personal = sqlite3_column_int(stmt, 2);
		waiting = sqlite3_column_int(stmt, 3);
	}
	db_release(db, stmt);
	if (!known)
		xasprintf(cause, _("no role %s or no function %s"), role, function);
	else if (has == allow)
		xasprintf(cause, allow ? _("%s has %s already") : _("%s does not have %s"),
		    role, function);
	else if (allow && personal && strcmp(role, "sysadmin") == 0)
		xasprintf(cause, _("the sysadmin role never gets a function that shows "
		    "personal data"));
	else if (waiting)
		xasprintf(cause, _("a change of %s for %s already awaits a decision"), function,
		    role);
	else
		rc = 0;
	if (rc != 0)
		goto out;
	rc = -1;
	stmt = db_prepare(db, "INSERT INTO rolefn_changes (id, role, function, allow, reason, "
	    "requested_by, requested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, " NOW ")", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, function, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 4, allow);
	sqlite3_bind_text(stmt, 5, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, who->user, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot store the change request"), cause) != 0)
		goto out;
	xasprintf(&target, "%s %s", role, function);
	rc = change_outbox(db, id, 0, cause) != 0 || audit_actor(db, who,
	    "rolefn.change.request", target, "ok", allow ? "grant" : "withdraw", cause) != 0 ?
	    -1 : 0;
	free(target);
out:
	rc = db_finish(db, rc, cause);
	if (rc == 0 && id_out != NULL)
		memcpy(id_out, id, sizeof id);
	return rc;
}

int
rolefn_change_decide(struct db *db, const struct actor *who, const char *id, int approve,
    const char *comment, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*target = NULL, *requested_by = NULL, *status = NULL;
	int		 rc = -1, own = 0;

	if (rolefn_require(db, who, "rolefn.change", cause) != 0)
		return -1;
	if (comment == NULL)
		comment = "";
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT role || ' ' || function, requested_by, status FROM "
	    "rolefn_changes WHERE id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		target = db_column_dup(stmt, 0);
		requested_by = db_column_dup(stmt, 1);
		status = db_column_dup(stmt, 2);
	}
	db_release(db, stmt);
	if (target == NULL)
		xasprintf(cause, _("role-function change %s not found"), id);
	else if (strcmp(status, "requested") != 0)
		xasprintf(cause, _("this change was already decided (%s)"), status);
	else if (strcmp(requested_by, who->user) == 0) {
		xasprintf(cause, _("you requested this change: another supervisor must decide "
		    "it (four-eyes rule)"));
		own = 1;
	} else
		rc = 0;
	if (rc != 0)
		goto out;
	rc = -1;
	/* Approving changes the table (the trigger rolefn_change_approved). */
	stmt = db_prepare(db, "UPDATE rolefn_changes SET status = ?2, decided_by = ?3, "
	    "decided_at = " NOW ", decision_comment = ?4, version = version + 1 WHERE id = ?1",
	    cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, approve ? "approved" : "rejected", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, comment, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot change the role-function table"), cause) != 0)
		goto out;
	rc = change_outbox(db, id, 1, cause) != 0 || audit_actor(db, who, approve ?
	    "rolefn.change.approve" : "rolefn.change.reject", target, "ok", comment,
	    cause) != 0 ? -1 : 0;
out:
	if (own) {
		db_rollback(db);
		(void)audit_actor(db, who, "rolefn.change.decide", target, "denied",
		    "four-eyes", NULL);
	}
	free(target);
	free(requested_by);
	free(status);
	return own ? -1 : db_finish(db, rc, cause);
}

int
rolefn_changes_pending(struct db *db, struct rolefn_change **out, size_t *n, char **cause)
{
	sqlite3_stmt		*stmt;
	struct rolefn_change	*c;
	int			 rc;

	*out = NULL;
	*n = 0;
	stmt = db_prepare(db, "SELECT id, role, function, allow, reason, status, requested_by, "
	    "decided_by FROM rolefn_changes WHERE status = 'requested' ORDER BY requested_at",
	    cause);
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		c = &(*out)[(*n)++];
		memset(c, 0, sizeof *c);
		snprintf(c->id, sizeof c->id, "%s", sqlite3_column_text(stmt, 0));
		snprintf(c->role, sizeof c->role, "%s", sqlite3_column_text(stmt, 1));
		snprintf(c->function, sizeof c->function, "%s", sqlite3_column_text(stmt, 2));
		c->allow = sqlite3_column_int(stmt, 3);
		c->reason = db_column_dup(stmt, 4);
		c->status = db_column_dup(stmt, 5);
		c->requested_by = db_column_dup(stmt, 6);
		c->decided_by = db_column_dup(stmt, 7);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		rolefn_changes_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, cause, _("cannot read the role-function changes"));
	}
	return 0;
}

void
rolefn_changes_free(struct rolefn_change *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(list[i].reason);
		free(list[i].status);
		free(list[i].requested_by);
		free(list[i].decided_by);
	}
	free(list);
}
