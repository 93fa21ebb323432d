/*
 * Disclosure requests from the screen to the background sync process (issue 20). The
 * answer is a copy of audit entries the central store keeps: it lives in the database only
 * between the process writing it and the screen reading it, and is deleted then.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit/audit-disclosure.h"
#include "audit/audit-disclosure-request.h"
#include "db-internal.h"
#include "i18n.h"
#include "xmalloc.h"

int
disclosure_request(struct db *db, const struct disclosure *d, const char *user,
    int64_t *id, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc = -1;

	stmt = db_prepare(db, "INSERT INTO disclosure_requests (holder_id, from_at, until_at, "
	    "requested_by) VALUES (?1, ?2, ?3, ?4)", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, d->holder_id, -1, SQLITE_STATIC);
	if (d->from != NULL)
		sqlite3_bind_text(stmt, 2, d->from, -1, SQLITE_STATIC);
	if (d->until != NULL)
		sqlite3_bind_text(stmt, 3, d->until, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, user, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		db_fail(db, cause, _("cannot file the disclosure request"));
	else {
		*id = sqlite3_last_insert_rowid(db->h);
		rc = 0;
	}
	db_release(db, stmt);
	return rc;
}

static int
collect_entries(struct db *db, int64_t id, struct disclosure *d, char **cause)
{
	struct disclosure_entry	 e;
	sqlite3_stmt		*stmt;
	int			 step;

	stmt = db_prepare(db, "SELECT terminal_id, seq, at, tty, user_name, full_name, role, "
	    "action, target, result, detail FROM disclosure_answers WHERE request_id = ?1",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		disclosure_entry_row(stmt, &e);
		disclosure_add(d, &e);
	}
	db_release(db, stmt);
	if (step != SQLITE_DONE) {
		db_fail(db, cause, _("cannot read the central store's answer"));
		return -1;
	}
	return 0;
}

int
disclosure_collect(struct db *db, int64_t id, struct disclosure *d, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*state = NULL, *why = NULL;
	int		 rc = -1;

	stmt = db_prepare(db, "SELECT state, cause FROM disclosure_requests WHERE id = ?1",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		state = db_column_dup(stmt, 0);
		why = db_column_dup(stmt, 1);
	}
	db_release(db, stmt);
	if (state == NULL) {
		xasprintf(cause, _("the disclosure request %lld is gone"), (long long)id);
		goto out;
	}
	if (strcmp(state, "pending") == 0) {
		rc = 0;
		goto out;
	}
	if (strcmp(state, "answered") == 0) {
		if (collect_entries(db, id, d, cause) != 0)
			goto out;
		d->central = 1;
	} else {
		d->central = 0;
		free(d->central_missing);
		d->central_missing = why;
		why = NULL;
	}
	disclosure_withdraw(db, id);
	rc = 1;
out:
	free(state);
	free(why);
	return rc;
}

void
disclosure_withdraw(struct db *db, int64_t id)
{
	sqlite3_stmt	*stmt;
	char		*cause = NULL;

	/* The answers go with it (ON DELETE CASCADE). */
	stmt = db_prepare(db, "DELETE FROM disclosure_requests WHERE id = ?1", &cause);
	if (stmt == NULL) {
		free(cause);
		return;
	}
	sqlite3_bind_int64(stmt, 1, id);
	(void)sqlite3_step(stmt);
	db_release(db, stmt);
}
