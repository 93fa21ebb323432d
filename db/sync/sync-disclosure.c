/*
 * The office's half of an access disclosure (issue 20): the entries every terminal of
 * this office pushed about one holder, through madoguchi.disclosure(), which answers for
 * the caller's office only. Added to the local half (audit-disclosure.c), each entry
 * once. A store that cannot be reached or refuses leaves d->central 0 and says why in
 * d->central_missing: the report says plainly that entries are missing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "audit/audit-disclosure.h"
#include "audit/audit-disclosure-request.h"
#include "db-internal.h"
#include "db.h"
#include "i18n.h"
#include "sync/sync-client.h"
#include "sync/sync-disclosure.h"
#include "sync/sync-pq.h"
#include "xmalloc.h"

int
sync_disclosure_fetch(struct db *db, const struct sync_params *p, struct disclosure *d)
{
	struct disclosure_entry	 e;
	PGconn			*pg;
	PGresult		*res = NULL;
	const char		*param[3];
	char			*cause = NULL;
	int			 i, n;

	if ((pg = sync_connect(p, &cause)) == NULL)
		goto missing;
	if (sync_check_identity(pg, db, p, NULL, &cause) != 0)
		goto missing;
	param[0] = d->holder_id;
	param[1] = d->from;
	param[2] = d->until;
	res = PQexecParams(pg, "SELECT terminal_id, seq, at, tty, user_name, "
	    "coalesce(full_name, ''), role, action, target, result, detail FROM "
	    "madoguchi.disclosure($1, $2, $3)", 3, NULL, param, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		cause = sync_pq_message(_("the central store refused the disclosure"), pg, res);
		goto missing;
	}
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		e.terminal_id = xstrdup(PQgetvalue(res, i, 0));
		e.seq = sync_column_int64(res, i, 1);
		e.at = xstrdup(PQgetvalue(res, i, 2));
		e.tty = xstrdup(PQgetvalue(res, i, 3));
		e.user = xstrdup(PQgetvalue(res, i, 4));
		e.full_name = xstrdup(PQgetvalue(res, i, 5));
		e.role = xstrdup(PQgetvalue(res, i, 6));
		e.role_ja = e.role_en = NULL;
		e.action = xstrdup(PQgetvalue(res, i, 7));
		e.target = xstrdup(PQgetvalue(res, i, 8));
		e.result = xstrdup(PQgetvalue(res, i, 9));
		e.detail = xstrdup(PQgetvalue(res, i, 10));
		e.unsynced = 0;
		disclosure_add(d, &e);
	}
	PQclear(res);
	PQfinish(pg);
	d->central = 1;
	return 0;
missing:
	PQclear(res);
	if (pg != NULL)
		PQfinish(pg);
	d->central = 0;
	free(d->central_missing);
	d->central_missing = cause != NULL ? cause : xstrdup(_("no answer"));
	return -1;
}

/* Stores the answer to request id: the entries and the state, in one transaction. */
static int
serve_store(struct db *db, int64_t id, const struct disclosure *d, char **cause)
{
	const struct disclosure_entry	*e;
	sqlite3_stmt			*stmt;
	size_t				 i;

	if (db_begin(db, cause) != 0)
		return -1;
	for (i = 0; d->central && i < d->n; i++) {
		e = &d->v[i];
		stmt = db_prepare(db, "INSERT OR IGNORE INTO disclosure_answers (request_id, "
		    "terminal_id, seq, at, tty, user_name, full_name, role, action, target, "
		    "result, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
		    cause);
		if (stmt == NULL)
			goto fail;
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_text(stmt, 2, e->terminal_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 3, e->seq);
		sqlite3_bind_text(stmt, 4, e->at, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, e->tty, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 6, e->user, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 7, e->full_name, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 8, e->role, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 9, e->action, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 10, e->target, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 11, e->result, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 12, e->detail, -1, SQLITE_STATIC);
		if (db_step_done(db, stmt, _("cannot keep the central store's answer"),
		    cause) != 0)
			goto fail;
	}
	stmt = db_prepare(db, "UPDATE disclosure_requests SET state = ?2, cause = ?3 WHERE "
	    "id = ?1 AND state = 'pending'", cause);
	if (stmt == NULL)
		goto fail;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, d->central ? "answered" : "failed", -1, SQLITE_STATIC);
	if (!d->central)
		sqlite3_bind_text(stmt, 3, d->central_missing, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot answer the disclosure request"), cause) != 0)
		goto fail;
	return db_commit(db, cause);
fail:
	db_rollback(db);
	return -1;
}

/*
 * The background process's part: drops requests nobody collected in time, then asks the
 * store for each one waiting. A request the store does not answer is answered with why,
 * so that the screen never waits for nothing.
 */
int
sync_disclosure_serve(struct db *db, const struct sync_params *p, char **cause)
{
	struct disclosure	 d;
	sqlite3_stmt		*stmt;
	int64_t			*ids = NULL;
	char			*sql;
	size_t			 n = 0, i;
	int			 step, rc = -1;

	xasprintf(&sql, "DELETE FROM disclosure_requests WHERE requested_at < "
	    "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now', '-%d seconds')",
	    DISCLOSURE_REQUEST_MAX_AGE);
	step = db_exec(db, sql, cause);
	free(sql);
	if (step != 0)
		return -1;
	stmt = db_prepare(db, "SELECT id FROM disclosure_requests WHERE state = 'pending' "
	    "ORDER BY id", cause);
	if (stmt == NULL)
		return -1;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n++] = sqlite3_column_int64(stmt, 0);
	}
	db_release(db, stmt);
	if (step != SQLITE_DONE) {
		db_fail(db, cause, _("cannot read the disclosure requests"));
		goto out;
	}
	for (i = 0; i < n; i++) {
		memset(&d, 0, sizeof d);
		stmt = db_prepare(db, "SELECT holder_id, from_at, until_at FROM "
		    "disclosure_requests WHERE id = ?1", cause);
		if (stmt == NULL)
			goto out;
		sqlite3_bind_int64(stmt, 1, ids[i]);
		if (sqlite3_step(stmt) == SQLITE_ROW) {
			snprintf(d.holder_id, sizeof d.holder_id, "%s",
			    (const char *)sqlite3_column_text(stmt, 0));
			d.from = db_column_dup(stmt, 1);
			d.until = db_column_dup(stmt, 2);
		}
		db_release(db, stmt);
		if (d.holder_id[0] == '\0')
			continue;	/* withdrawn meanwhile */
		(void)sync_disclosure_fetch(db, p, &d);
		step = serve_store(db, ids[i], &d, cause);
		disclosure_clear(&d);
		if (step != 0)
			goto out;
	}
	rc = 0;
out:
	free(ids);
	return rc;
}
