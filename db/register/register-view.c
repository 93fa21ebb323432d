/*
 * A holder's record as the detail screen shows it, and the My Number behind a reason.
 * Both are 閲覧 of personal data and go to the audit log (SPEC §8); the 要配慮 reasons of
 * the history stay with the accounts that hold register.sensitive (SPEC §4).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "db-internal.h"
#include "i18n.h"
#include "register/register-internal.h"
#include "valid.h"
#include "xmalloc.h"

static int	 load_registrations(struct db *, struct holder_view *, char **);
static int	 load_events(struct db *, struct holder_view *, int, char **);


static int
load_registrations(struct db *db, struct holder_view *h, char **cause)
{
	struct registration_view *r;
	sqlite3_stmt		*stmt;
	char			*obj, *sql, *json;
	int			 rc;

	obj = reg_json_object_sql(reg_registration_items);
	xasprintf(&sql, "SELECT id, json_set(%s, '$.status', status) FROM registrations "
	    "WHERE holder_id = ?1 ORDER BY issue_date, rowid", obj);
	free(obj);
	stmt = db_prepare(db, sql, cause);
	free(sql);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, h->id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		h->registrations = xreallocarray(h->registrations, h->n_registrations + 1,
		    sizeof *h->registrations);
		r = &h->registrations[h->n_registrations++];
		memset(r, 0, sizeof *r);
		snprintf(r->id, sizeof r->id, "%s", sqlite3_column_text(stmt, 0));
		json = db_column_dup(stmt, 1);
		rc = reg_json_values(db, json, &r->values, &r->n_values, cause);
		free(json);
		if (rc != 0) {
			db_release(db, stmt);
			return -1;
		}
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE)
		return db_fail(db, cause, _("cannot read the registrations"));
	return 0;
}

#define OLD_IMPORT	"(kind = 'issue' AND coalesce(reason_code, '') = '' AND " \
	"reason_text = 'import')"

static int
load_events(struct db *db, struct holder_view *h, int sensitive_ok, char **cause)
{
	struct event_view	*e;
	sqlite3_stmt		*stmt;
	int			 rc;

	/*
	 * holder_import wrote its reason code 'import' as the reason's text until issue 26.
	 * Events are never changed, so such a row is read as the code it is: the screen then
	 * shows it in the reader's language, not the word 'import'.
	 */
	stmt = db_prepare(db, "SELECT id, registration_id, kind, event_date, CASE WHEN "
	    OLD_IMPORT " THEN 'import' ELSE coalesce(reason_code, '') END, CASE WHEN "
	    OLD_IMPORT " THEN '' ELSE reason_text END, before_json, created_by, approved_by, "
	    "sensitive, until_date FROM events WHERE holder_id = ?1 ORDER BY event_date, created_at, rowid",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, h->id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		h->events = xreallocarray(h->events, h->n_events + 1, sizeof *h->events);
		e = &h->events[h->n_events++];
		memset(e, 0, sizeof *e);
		snprintf(e->id, sizeof e->id, "%s", sqlite3_column_text(stmt, 0));
		e->registration_id = db_column_dup(stmt, 1);
		e->kind = db_column_dup(stmt, 2);
		e->event_date = db_column_dup(stmt, 3);
		e->sensitive = sqlite3_column_int(stmt, 9);
		/* 要配慮個人情報: the reason never leaves this layer without register.sensitive. */
		if (!e->sensitive || sensitive_ok) {
			e->reason_code = db_column_dup(stmt, 4);
			e->reason_text = db_column_dup(stmt, 5);
		} else
			e->reason_code = xstrdup("");
		/* Seed 000: the dates of 交付拒否 and 返納命令 are 要配慮 too. */
		e->until_date = db_column_dup(stmt, 10);
		if (e->sensitive && !sensitive_ok) {
			free(e->event_date);
			e->event_date = xstrdup("");
			free(e->until_date);
			e->until_date = NULL;
		}
		e->before = db_column_dup(stmt, 6);
		e->created_by = db_column_dup(stmt, 7);
		e->approved_by = db_column_dup(stmt, 8);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE)
		return db_fail(db, cause, _("cannot read the history"));
	return 0;
}

int
holder_view(struct db *db, const struct actor *who, const char *id, struct holder_view *h,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		*json = NULL, *target;
	int		 rc = -1;

	*cause = NULL;
	memset(h, 0, sizeof *h);
	if (rolefn_require(db, who, "register.search", cause) != 0)
		return -1;
	snprintf(h->id, sizeof h->id, "%s", id);
	if (reg_holder_json(db, id, &json, &h->version, &h->erased, cause) != 0 ||
	    reg_json_values(db, json, &h->values, &h->n_values, cause) != 0)
		goto out;
	stmt = db_prepare(db, "SELECT mynumber FROM mynumbers WHERE holder_id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		mynumber_mask((const char *)sqlite3_column_text(stmt, 0), h->mynumber_masked);
	db_release(db, stmt);
	if (load_registrations(db, h, cause) != 0 ||
	    load_events(db, h, rolefn_allowed(db, who->user, "register.sensitive"),
	    cause) != 0)
		goto out;
	stmt = db_prepare(db, "SELECT count(*) FROM applications WHERE holder_id = ?1 AND "
	    "status = 'pending'", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		h->pending_applications = sqlite3_column_int(stmt, 0);
	db_release(db, stmt);
	xasprintf(&target, "holder:%s", id);
	rc = audit_actor(db, who, "register.view", target, "ok", NULL, cause);
	free(target);
out:
	free(json);
	if (rc != 0)
		holder_view_clear(h);
	return rc;
}

void
holder_view_clear(struct holder_view *h)
{
	size_t	 i;

	reg_values_free(h->values, h->n_values);
	for (i = 0; i < h->n_registrations; i++)
		reg_values_free(h->registrations[i].values, h->registrations[i].n_values);
	free(h->registrations);
	for (i = 0; i < h->n_events; i++) {
		free(h->events[i].registration_id);
		free(h->events[i].kind);
		free(h->events[i].event_date);
		free(h->events[i].reason_code);
		free(h->events[i].reason_text);
		free(h->events[i].before);
		free(h->events[i].created_by);
		free(h->events[i].approved_by);
		free(h->events[i].until_date);
	}
	free(h->events);
	memset(h, 0, sizeof *h);
}

/*
 * The whole number only for an account with the My Number permission (個人番号取扱い権限),
 * and only with a reason, which the audit entry keeps. A refusal is audited too.
 */
int
mynumber_reveal(struct db *db, const struct actor *who, const char *holder_id,
    const char *reason, char out[13], char **cause)
{
	sqlite3_stmt		*stmt;
	char			*target, *why = NULL;
	int			 rc = -1, found = 0;

	*cause = NULL;
	memset(out, 0, 13);
	if (rolefn_require(db, who, "register.search", cause) != 0)
		return -1;
	xasprintf(&target, "holder:%s", holder_id);
	if (account_mynumber_require(db, who, "mynumber.reveal", target, cause) != 0)
		goto out;
	if (reason == NULL || valid_text(reason, 200, 0, &why) != 0 ||
	    strspn(reason, " ") == strlen(reason)) {
		if (why != NULL) {
			xasprintf(cause, _("Reason: %s"), why);
			free(why);
		} else
			xasprintf(cause, _("revealing a My Number needs a reason"));
		goto out;
	}
	stmt = db_prepare(db, "SELECT mynumber FROM mynumbers WHERE holder_id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, holder_id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_bytes(stmt, 0) == 12) {
		memcpy(out, sqlite3_column_text(stmt, 0), 12);
		found = 1;
	}
	db_release(db, stmt);
	if (!found) {
		xasprintf(cause, _("no My Number is recorded for this holder"));
		goto out;
	}
	if (audit_actor(db, who, "mynumber.reveal", target, "ok", reason, cause) != 0) {
		/* Not shown if it cannot be recorded. */
		explicit_bzero(out, 13);
		goto out;
	}
	rc = 0;
out:
	free(target);
	return rc;
}
