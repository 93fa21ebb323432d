/*
 * What the register's files share: (key, value) pairs and their JSON form, the holder's
 * row as JSON, the name index, and rows into the outbox.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "i18n.h"
#include "sync/outbox.h"
#include "register/register-internal.h"
#include "xmalloc.h"

void
reg_values_free(struct reg_value *v, size_t n)
{
	size_t	 i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(v[i].key);
		if (v[i].value != NULL)
			explicit_bzero(v[i].value, strlen(v[i].value));
		free(v[i].value);
	}
	free(v);
}

void
reg_values_add(struct reg_value **v, size_t *n, const char *key, char *value)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].key = xstrdup(key);
	(*v)[(*n)++].value = value;
}

const char *
reg_values_get(const struct reg_value *v, size_t n, const char *key)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i].key, key) == 0)
			return v[i].value;
	}
	return NULL;
}

/* The keys are the item tables' constants, never input: safe to put into SQL. */
char *
reg_json_object_sql(const struct reg_item *items)
{
	char	*sql, *next;
	size_t	 i;

	sql = xstrdup("json_object(");
	for (i = 0; items[i].key != NULL; i++) {
		xasprintf(&next, "%s%s'%s', %s", sql, i > 0 ? ", " : "", items[i].key,
		    items[i].key);
		free(sql);
		sql = next;
	}
	xasprintf(&next, "%s)", sql);
	free(sql);
	return next;
}

int
reg_json_values(struct db *db, const char *json, struct reg_value **out, size_t *n,
    char **cause)
{
	sqlite3_stmt	*stmt;
	struct reg_value *v = NULL;
	size_t		 count = 0;
	const char	*key;
	int		 rc;

	*out = NULL;
	*n = 0;
	stmt = db_prepare(db, "SELECT key, CASE type WHEN 'null' THEN '' ELSE CAST(value AS "
	    "TEXT) END FROM json_each(?1) ORDER BY id", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, json, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		key = (const char *)sqlite3_column_text(stmt, 0);
		if (key == NULL || *key == '_')
			continue;
		v = xreallocarray(v, count + 1, sizeof *v);
		v[count].key = xstrdup(key);
		v[count].value = xstrdup((const char *)sqlite3_column_text(stmt, 1));
		count++;
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		reg_values_free(v, count);
		xasprintf(cause, _("cannot read the stored values: %s"), sqlite3_errmsg(db->h));
		return -1;
	}
	*out = v;
	*n = count;
	return 0;
}

int
reg_holder_json(struct db *db, const char *id, char **json, int64_t *version, int *erased,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		*obj, *sql;
	int		 rc = -1;

	*json = NULL;
	obj = reg_json_object_sql(reg_holder_items);
	xasprintf(&sql, "SELECT %s, version, erased FROM holders WHERE id = ?1", obj);
	free(obj);
	stmt = db_prepare(db, sql, cause);
	free(sql);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*json = xstrdup((const char *)sqlite3_column_text(stmt, 0));
		if (version != NULL)
			*version = sqlite3_column_int64(stmt, 1);
		if (erased != NULL)
			*erased = sqlite3_column_int(stmt, 2);
		rc = 0;
	} else
		xasprintf(cause, _("no such holder in the register"));
	db_release(db, stmt);
	return rc;
}

int
reg_index_names(struct db *db, const char *holder_id, int replace, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (replace) {
		stmt = db_prepare(db, "DELETE FROM holder_names WHERE rowid = (SELECT rowid "
		    "FROM holders WHERE id = ?1)", cause);
		if (stmt == NULL)
			return -1;
		sqlite3_bind_text(stmt, 1, holder_id, -1, SQLITE_STATIC);
		rc = sqlite3_step(stmt);
		db_release(db, stmt);
		if (rc != SQLITE_DONE)
			return db_fail(db, cause, _("cannot index the holder's name"));
	}
	stmt = db_prepare(db, "INSERT INTO holder_names (rowid, names) SELECT rowid, "
	    REG_NAMES_SQL " FROM holders WHERE id = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, holder_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	db_release(db, stmt);
	if (rc != SQLITE_DONE)
		return db_fail(db, cause, _("cannot index the holder's name"));
	return 0;
}

int
reg_is_supervisor(struct db *db, const char *user)
{
	sqlite3_stmt	*stmt;
	int		 yes = 0;

	if (sqlite3_prepare_v2(db->h, "SELECT 1 FROM accounts WHERE user_name = ?1 AND "
	    "status = 'active' AND ' ' || roles || ' ' LIKE '% supervisor %'", -1, &stmt,
	    NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(stmt, 1, user, -1, SQLITE_STATIC);
	yes = sqlite3_step(stmt) == SQLITE_ROW;
	db_release(db, stmt);
	return yes;
}

/*
 * The rows of the register as they go to the central store: their views (migration 36),
 * which the push reads too for the rows a bulk import queued without a payload.
 */
int
reg_outbox_holder(struct db *db, const char *id, int update, const struct application *a,
    const char *approved_by, char **cause)
{
	char	*sql = NULL;
	int	 rc;

	if (a != NULL && approved_by != NULL)
		sql = sqlite3_mprintf("SELECT version, json_set(payload, '$._application', %Q, "
		    "'$._approved_by', %Q) FROM holder_payloads WHERE id = ?1", a->id,
		    approved_by);
	rc = outbox_append_row(db, "holder", sql != NULL ? sql : "SELECT version, payload "
	    "FROM holder_payloads WHERE id = ?1", id, update, cause);
	sqlite3_free(sql);
	return rc;
}

int
reg_outbox_registration(struct db *db, const char *id, int update, char **cause)
{
	return outbox_append_row(db, "registration", "SELECT version, payload FROM "
	    "registration_payloads WHERE id = ?1", id, update, cause);
}

int
reg_outbox_event(struct db *db, const char *id, char **cause)
{
	return outbox_append_row(db, "event", "SELECT 1, payload FROM event_payloads WHERE "
	    "id = ?1", id, 0, cause);
}

int
reg_outbox_mynumber(struct db *db, const char *holder_id, char **cause)
{
	return outbox_append_row(db, "mynumber", "SELECT 1, payload FROM mynumber_payloads "
	    "WHERE holder_id = ?1", holder_id, 0, cause);
}
