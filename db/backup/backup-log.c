/* db/backup/: encrypted backups, restore tests and key rotation, the SQL side.
 * May use: lib/, db/. */
/*
 * The last backup and restore test, read from the audit log: madoguchi-admin backup and
 * restore-test write an entry for each (a backup only once it is complete, a restore
 * test whatever its result), so the log is where both are known, evidence the entries'
 * MACs protect. Each is found through the index on (action, at).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "backup/backup-log.h"
#include "db-internal.h"
#include "i18n.h"

int
backup_log_read(struct db *db, struct backup_log *l, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	memset(l, 0, sizeof *l);
	/* A terminal never backed up counts from its first entry, which init writes. */
	stmt = db_prepare(db, "WITH b AS (SELECT at FROM audit_log WHERE action = 'admin.backup' "
	    "AND result = 'ok' ORDER BY at DESC, seq DESC LIMIT 1), t AS (SELECT at, result, "
	    "target FROM audit_log WHERE action = 'admin.restore-test' ORDER BY at DESC, seq DESC "
	    "LIMIT 1) SELECT (SELECT at FROM b), (julianday('now') - julianday(coalesce((SELECT "
	    "at FROM b), (SELECT at FROM audit_log ORDER BY seq LIMIT 1), strftime("
	    "'%Y-%m-%dT%H:%M:%fZ', 'now')))) * 86400.0, (SELECT at FROM t), (SELECT result FROM "
	    "t), (SELECT target FROM t)", cause);
	if (stmt == NULL)
		return -1;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		l->backup_at = db_column_dup(stmt, 0);
		l->backup_age = sqlite3_column_double(stmt, 1);
		l->test_at = db_column_dup(stmt, 2);
		l->test_result = db_column_dup(stmt, 3);
		l->test_backup = db_column_dup(stmt, 4);
	}
	db_release(db, stmt);
	if (rc != SQLITE_ROW) {
		backup_log_clear(l);
		return db_fail(db, cause, _("cannot read the audit log"));
	}
	return 0;
}

void
backup_log_clear(struct backup_log *l)
{
	free(l->backup_at);
	free(l->test_at);
	free(l->test_result);
	free(l->test_backup);
	memset(l, 0, sizeof *l);
}
