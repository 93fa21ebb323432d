/*
 * Holders: import of whole records. One holder, its name index entry, its My Number (in
 * its own table), one registration and its issue event, and their outbox rows, in one
 * transaction (the caller's, when it batches).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "holders.h"
#include "i18n.h"
#include "outbox.h"
#include "uuid.h"
#include "xmalloc.h"

#define NOW	"strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

static int	step_done(struct db *, sqlite3_stmt *, const char *, char **);
static int	row_to_outbox(struct db *, const char *, const char *, const char *,
		    char **);

static int
step_done(struct db *db, sqlite3_stmt *stmt, const char *what, char **cause)
{
	int	 rc;

	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return db_fail(db, cause, what);
	return 0;
}

/* The row as JSON (built by SQLite from the table itself) into the outbox. */
static int
row_to_outbox(struct db *db, const char *entity, const char *json_sql, const char *id,
    char **cause)
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
	sqlite3_finalize(stmt);
	if (payload == NULL) {
		xasprintf(cause, _("%s %s not found"), entity, id);
		return -1;
	}
	rc = outbox_append(db, entity, id, version, OUTBOX_INSERT, payload, cause);
	free(payload);
	return rc;
}

int
holder_import(struct db *db, const struct actor *who, struct holder_record *h, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 reg_id[UUID_STRLEN + 1], event_id[UUID_STRLEN + 1], *names;
	int		 own_tx, rc = -1;

	if (uuid_generate(h->id) != 0 || uuid_generate(reg_id) != 0 ||
	    uuid_generate(event_id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		return -1;
	}
	own_tx = sqlite3_get_autocommit(db->h);
	if (own_tx && db_begin(db, cause) != 0)
		return -1;

	stmt = db_prepare(db, "INSERT INTO holders (id, family_name, given_name, family_kana, "
	    "given_kana, sex, birth_date, honseki_pref, postal_code, address1, address2, "
	    "address3, municipality_code, phone, has_gaiji, created_at, updated_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, " NOW ", " NOW
	    ")", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, h->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, h->family_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, h->given_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, h->family_kana, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, h->given_kana, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 6, h->sex);
	sqlite3_bind_text(stmt, 7, h->birth_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, h->honseki_pref != NULL ? h->honseki_pref : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, h->postal_code != NULL ? h->postal_code : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, h->address1 != NULL ? h->address1 : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, h->address2 != NULL ? h->address2 : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 12, h->address3 != NULL ? h->address3 : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 13, h->municipality_code != NULL ? h->municipality_code : "",
	    -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 14, h->phone != NULL ? h->phone : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 15, h->has_gaiji ? 1 : 0);
	if (step_done(db, stmt, _("cannot store the holder"), cause) != 0)
		goto out;

	/* Names joined and apart, so that a partial search may cross the boundary. */
	xasprintf(&names, "%s %s %s%s %s %s %s%s", h->family_name, h->given_name,
	    h->family_name, h->given_name, h->family_kana, h->given_kana, h->family_kana,
	    h->given_kana);
	stmt = db_prepare(db, "INSERT INTO holder_names (rowid, names) SELECT rowid, ?2 "
	    "FROM holders WHERE id = ?1", cause);
	if (stmt == NULL) {
		free(names);
		goto out;
	}
	sqlite3_bind_text(stmt, 1, h->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, names, -1, SQLITE_TRANSIENT);
	free(names);
	if (step_done(db, stmt, _("cannot index the holder's name"), cause) != 0)
		goto out;

	if (h->mynumber != NULL) {
		stmt = db_prepare(db, "INSERT INTO mynumbers (holder_id, mynumber, source, "
		    "recorded_at) VALUES (?1, ?2, 'import', " NOW ")", cause);
		if (stmt == NULL)
			goto out;
		sqlite3_bind_text(stmt, 1, h->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, h->mynumber, -1, SQLITE_STATIC);
		if (step_done(db, stmt, _("cannot store the My Number"), cause) != 0)
			goto out;
	}

	stmt = db_prepare(db, "INSERT INTO registrations (id, holder_id, qualification, "
	    "certificate_number, issue_date, route, created_at, updated_at) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, " NOW ", " NOW ")", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, reg_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, h->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, h->qualification, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, h->certificate_number, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, h->issue_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, h->route, -1, SQLITE_STATIC);
	if (step_done(db, stmt, _("cannot store the registration"), cause) != 0)
		goto out;

	stmt = db_prepare(db, "INSERT INTO events (id, registration_id, holder_id, kind, "
	    "event_date, reason_text, created_by, created_at) VALUES (?1, ?2, ?3, 'issue', ?4, "
	    "'import', ?5, " NOW ")", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, event_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, reg_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, h->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, h->issue_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, who->user, -1, SQLITE_STATIC);
	if (step_done(db, stmt, _("cannot store the issue event"), cause) != 0)
		goto out;

	if (row_to_outbox(db, "holder", "SELECT version, json_object('id', id, 'family_name', "
	    "family_name, 'given_name', given_name, 'family_kana', family_kana, 'given_kana', "
	    "given_kana, 'sex', sex, 'birth_date', birth_date, 'honseki_pref', honseki_pref, "
	    "'postal_code', postal_code, 'address1', address1, 'address2', address2, "
	    "'address3', address3, 'municipality_code', municipality_code, 'phone', phone, "
	    "'has_gaiji', has_gaiji, 'erased', erased) FROM holders WHERE id = ?1", h->id,
	    cause) != 0 ||
	    row_to_outbox(db, "registration", "SELECT version, json_object('id', id, "
	    "'holder_id', holder_id, 'qualification', qualification, 'certificate_number', "
	    "certificate_number, 'issue_date', issue_date, 'route', route, 'status', status) "
	    "FROM registrations WHERE id = ?1", reg_id, cause) != 0 ||
	    row_to_outbox(db, "event", "SELECT 1, json_object('id', id, 'registration_id', "
	    "registration_id, 'holder_id', holder_id, 'kind', kind, 'event_date', event_date, "
	    "'reason_text', reason_text, 'created_by', created_by) FROM events WHERE id = ?1",
	    event_id, cause) != 0)
		goto out;
	if (h->mynumber != NULL && row_to_outbox(db, "mynumber", "SELECT 1, json_object("
	    "'holder_id', holder_id, 'mynumber', mynumber, 'source', source) FROM mynumbers "
	    "WHERE holder_id = ?1", h->id, cause) != 0)
		goto out;
	rc = 0;
out:
	if (own_tx)
		rc = db_finish(db, rc, cause);
	return rc;
}

int64_t
holder_count(struct db *db)
{
	sqlite3_stmt	*stmt;
	int64_t		 n = -1;

	if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM holders", -1, &stmt, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}
