/*
 * One row of the register's history (SPEC §4: appended, never overwritten) and its outbox
 * row, for every kind of event the applications, the actions, the corrections and the
 * notifications write. sensitive follows from the kind (要配慮: 交付拒否, 返納命令), so that no
 * caller can get it wrong; until is the period's last day of a 停止 or the due date of a
 * 返納命令, NULL for any other kind (the table's CHECK holds the same rule). A NULL date is
 * today's, as the database's clock has it (a merge or a split happens on its approval).
 */
#include "config.h"

#include <stdio.h>

#include "db-internal.h"
#include "i18n.h"
#include "register/register-internal.h"
#include "uuid.h"
#include "xmalloc.h"

int
reg_event_insert(struct db *db, const char *holder_id, const char *registration_id,
    const char *kind, const char *date, const char *until, const char *reason_code,
    const char *reason_text, const char *before, const char *created_by,
    const char *approved_by, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 id[UUID_STRLEN + 1];

	if (uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		return -1;
	}
	stmt = db_prepare(db, "INSERT INTO events (id, registration_id, holder_id, kind, "
	    "event_date, reason_code, reason_text, before_json, sensitive, created_by, "
	    "approved_by, created_at, until_date) VALUES (?1, ?2, ?3, ?4, coalesce(?5, "
	    "date('now', 'localtime')), ?6, ?7, ?8, ?4 IN "
	    "('refuse', 'return-order'), ?9, ?10, " NOW ", ?11)", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, registration_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, holder_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, reason_code != NULL ? reason_code : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, reason_text != NULL ? reason_text : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, before != NULL ? before : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, created_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, approved_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, until, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot record the event"), cause) != 0)
		return -1;
	return reg_outbox_event(db, id, cause);
}
