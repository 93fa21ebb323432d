/*
 * What decommissioning a terminal needs of the database (SPEC §7, issue 22): whether
 * anything is not yet at the central store, and the final erasure record, which goes
 * there before anything is destroyed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "clock.h"
#include "db-internal.h"
#include "i18n.h"
#include "retention/retention.h"
#include "sync/outbox.h"
#include "uuid.h"
#include "xmalloc.h"

int
retention_unsynced(struct db *db, struct retention_unsynced *u, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 step;

	memset(u, 0, sizeof *u);
	stmt = db_prepare(db, "SELECT (SELECT count(*) FROM outbox WHERE pushed_at IS NULL), "
	    "(SELECT count(*) FROM audit_log WHERE seq > (SELECT audit_pushed FROM "
	    "sync_state)), (SELECT count(*) FROM erasure_records WHERE state = 'running'), "
	    "(SELECT count(*) FROM holders), (SELECT count(*) FROM registrations), "
	    "(SELECT count(*) FROM audit_log)", cause);
	if (stmt == NULL)
		return -1;
	step = sqlite3_step(stmt);
	if (step == SQLITE_ROW) {
		u->changes = sqlite3_column_int64(stmt, 0);
		u->audit_entries = sqlite3_column_int64(stmt, 1);
		u->erasures_running = sqlite3_column_int64(stmt, 2);
		u->holders = sqlite3_column_int64(stmt, 3);
		u->registrations = sqlite3_column_int64(stmt, 4);
		u->audit_total = sqlite3_column_int64(stmt, 5);
	}
	db_release(db, stmt);
	if (step != SQLITE_ROW)
		return db_fail(db, cause, _("cannot count what is not synced"));
	return 0;
}

int
retention_record_terminal(struct db *db, const struct actor *who, const char *what,
    int64_t files, int64_t bytes, char uuid_out[37], char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[CLOCK_ISO_SIZE], uuid[UUID_STRLEN + 1], *payload = NULL;
	int		 rc = -1;

	*cause = NULL;
	/* Made once: a decommission tried again sends the record it made before. */
	stmt = db_prepare(db, "SELECT uuid FROM erasure_records WHERE kind = 'terminal'",
	    cause);
	if (stmt == NULL)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		snprintf(uuid_out, 37, "%s", sqlite3_column_text(stmt, 0));
		db_release(db, stmt);
		return 0;
	}
	db_release(db, stmt);
	clock_iso(now, sizeof now);
	if (uuid_generate(uuid) != 0) {
		xasprintf(cause, _("cannot make an id for the erasure record"));
		return -1;
	}
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "INSERT INTO erasure_records (uuid, terminal_id, kind, rule_days, "
	    "cutoff, count, bytes, method, proposed_by, approved_by, state, started_at, "
	    "finished_at) VALUES (?1, ?2, 'terminal', 0, ?3, ?4, ?5, ?6, ?7, 'decommission', "
	    "'done', ?3, ?3) RETURNING json_object('id', uuid, 'terminal_id', terminal_id, "
	    "'kind', kind, 'rule_days', rule_days, 'cutoff', cutoff, 'count', count, 'bytes', "
	    "CAST(bytes AS TEXT), 'oldest', oldest, 'newest', newest, 'method', method, "
	    "'proposed_by', proposed_by, 'approved_by', approved_by, 'started_at', "
	    "started_at, 'finished_at', finished_at)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, db->terminal_id != NULL ? db->terminal_id : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, files);
	sqlite3_bind_int64(stmt, 5, bytes);
	sqlite3_bind_text(stmt, 6, what, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, who->user, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		payload = db_column_dup(stmt, 0);
	if (payload == NULL || sqlite3_step(stmt) != SQLITE_DONE) {
		db_fail(db, cause, _("cannot write the erasure record"));
		db_release(db, stmt);
		goto out;
	}
	db_release(db, stmt);
	if (outbox_append(db, "erasure_record", uuid, 1, OUTBOX_INSERT, payload, cause) != 0)
		goto out;
	rc = audit_actor(db, who, "retention.decommission", "", "ok", what, cause);
out:
	free(payload);
	if (db_finish(db, rc, cause) != 0)
		return -1;
	snprintf(uuid_out, 37, "%s", uuid);
	return 0;
}
