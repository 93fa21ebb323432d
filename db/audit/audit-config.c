/*
 * The configuration last seen (issue 31): madoguchi-admin config set stores what it
 * wrote; the monitor compares the configuration in effect at every start, and a difference
 * is audited as a change made outside the tool, by whom is unknown.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audit-config.h"
#include "config-file.h"
#include "db-internal.h"
#include "i18n.h"
#include "xmalloc.h"

/*
 * The configuration last seen (config_seen, migration 0021), as config_shown() wrote it;
 * *shown is NULL before it was first stored.
 */
int
audit_config_seen(struct db *db, char **shown, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*shown = NULL;
	if ((stmt = db_prepare(db, "SELECT shown FROM config_seen WHERE only = 1",
	    cause)) == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*shown = db_column_dup(stmt, 0);
	else if (rc != SQLITE_DONE)
		db_fail(db, cause, _("cannot read the configuration last seen"));
	db_release(db, stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int
audit_config_seen_store(struct db *db, const char *shown, char **cause)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_prepare(db, "INSERT INTO config_seen (only, shown, seen_at) VALUES "
	    "(1, ?1, " NOW ") ON CONFLICT (only) DO UPDATE SET shown = excluded.shown, "
	    "seen_at = excluded.seen_at", cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, shown, -1, SQLITE_STATIC);
	return db_step_done(db, stmt, _("cannot store the configuration last seen"), cause);
}

/*
 * shown (config_shown() of the configuration in effect) against the one last seen. What
 * changed since without madoguchi-admin config (an editor, a conffile a package upgrade
 * replaced) is audited as config.changed, under who noticed it: who changed it is not
 * known. Then shown is stored as seen; the first time, silently.
 */
int
audit_config_notice(struct db *db, const struct actor *who, const char *shown,
    char **cause)
{
	char	*seen = NULL, *names = NULL, *detail;
	int	 rc = -1;

	if (db_begin(db, cause) != 0)
		return -1;
	if (audit_config_seen(db, &seen, cause) != 0)
		goto out;
	if (seen != NULL && strcmp(seen, shown) == 0) {
		rc = 0;
		goto out;
	}
	if (seen != NULL && (names = config_shown_diff(seen, shown)) != NULL) {
		xasprintf(&detail, "changed outside madoguchi-admin config, by whom is "
		    "unknown: %s", names);
		rc = audit_actor(db, who, "config.changed", "", "changed", detail, cause);
		free(detail);
		if (rc != 0)
			goto out;
	}
	rc = audit_config_seen_store(db, shown, cause);
out:
	free(seen);
	free(names);
	return db_finish(db, rc, cause);
}
