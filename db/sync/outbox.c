#include "config.h"

#include <stdlib.h>

#include "db-internal.h"
#include "i18n.h"
#include "sync/outbox.h"
#include "xmalloc.h"

static const char *const op_names[] = {
	[OUTBOX_INSERT] = "insert",
	[OUTBOX_UPDATE] = "update",
	[OUTBOX_DELETE] = "delete",
};

/*
 * Refuses to run outside a transaction: an outbox row on its own, or a change without
 * one, is exactly what this table exists to prevent.
 */
int
outbox_append(struct db *db, const char *entity, const char *entity_id, int64_t version,
    enum outbox_op op, const char *payload, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (sqlite3_get_autocommit(db->h)) {
		xasprintf(cause, _("internal error: outbox write outside a transaction"));
		return -1;
	}
	stmt = db_prepare(db, "INSERT INTO outbox (terminal_id, entity, entity_id, version, "
	    "op, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, db->terminal_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, entity, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, entity_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, version);
	sqlite3_bind_text(stmt, 5, op_names[op], -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, payload, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	db_release(db, stmt);
	if (rc != SQLITE_DONE)
		return db_fail(db, cause, _("cannot append to the sync outbox"));
	return 0;
}

int64_t
outbox_pending(struct db *db)
{
	sqlite3_stmt	*stmt;
	int64_t		 n = -1;

	if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL",
	    -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	db_release(db, stmt);
	return n;
}

int
outbox_append_row(struct db *db, const char *entity, const char *json_sql, const char *id,
    int update, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*payload = NULL;
	int64_t		 version = 1;
	int		 rc;

	if ((stmt = db_prepare(db, json_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		version = sqlite3_column_int64(stmt, 0);
		payload = xstrdup((const char *)sqlite3_column_text(stmt, 1));
	}
	db_release(db, stmt);
	if (payload == NULL) {
		xasprintf(cause, _("%s %s not found"), entity, id);
		return -1;
	}
	rc = outbox_append(db, entity, id, version, update ? OUTBOX_UPDATE : OUTBOX_INSERT,
	    payload, cause);
	free(payload);
	return rc;
}
