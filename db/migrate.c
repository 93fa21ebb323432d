/*
 * Numbered, transactional schema migrations (SPEC §7).
 *
 * Each migration runs in its own transaction together with the row that records it in
 * schema_version, so a crash leaves the database at the previous version, never between.
 * Migrations are only ever appended: an installed database upgrades in place.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "db-internal.h"
#include "i18n.h"
#include "xmalloc.h"

struct migration {
	int		 version;
	const char	*name;
	const char	*sql;
};

#include "migrations.h"

static const int migrations_count = sizeof migrations / sizeof migrations[0];

int
db_schema_latest(void)
{
	return migrations[migrations_count - 1].version;
}

/*
 * Version 0 means an empty file (a new database); an existing file without the
 * schema_version table is not ours.
 */
int
db_read_schema_version(struct db *db, int *version, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc, tables;

	/* The key opened page 1; failing to read the schema now means damage. */
	tables = -1;
	if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM sqlite_master", -1, &stmt,
	    NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			tables = sqlite3_column_int(stmt, 0);
		db_release(db, stmt);
	}
	if (tables < 0) {
		xasprintf(cause, _("database %s is damaged: %s"), db->path,
		    sqlite3_errmsg(db->h));
		return -1;
	}
	if (tables == 0) {
		*version = 0;
		return 0;
	}
	if (sqlite3_prepare_v2(db->h, "SELECT max(version) FROM schema_version", -1, &stmt,
	    NULL) != SQLITE_OK) {
		xasprintf(cause, _("database %s is not a madoguchi database (no schema "
		    "version)"), db->path);
		return -1;
	}
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		db_release(db, stmt);
		return db_fail(db, cause, _("cannot read the schema version"));
	}
	*version = sqlite3_column_int(stmt, 0);
	db_release(db, stmt);
	return 0;
}

int
db_schema_version(struct db *db)
{
	int	 version;

	if (db_read_schema_version(db, &version, NULL) != 0)
		return -1;
	return version;
}

int
db_migrate(struct db *db, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*what;
	int		 i, version, rc;

	if (db_read_schema_version(db, &version, cause) != 0)
		return -1;
	for (i = 0; i < migrations_count; i++) {
		if (migrations[i].version <= version)
			continue;
		if (db_begin(db, cause) != 0)
			return -1;
		if (db_exec(db, migrations[i].sql, cause) != 0)
			goto fail;
		stmt = db_prepare(db, "INSERT INTO schema_version (version, name, applied_at) "
		    "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", cause);
		if (stmt == NULL)
			goto fail;
		sqlite3_bind_int(stmt, 1, migrations[i].version);
		sqlite3_bind_text(stmt, 2, migrations[i].name, -1, SQLITE_STATIC);
		rc = sqlite3_step(stmt);
		db_release(db, stmt);
		if (rc != SQLITE_DONE) {
			db_fail(db, cause, _("cannot record the schema version"));
			goto fail;
		}
		if (db_commit(db, cause) != 0)
			goto fail;
		version = migrations[i].version;
	}
	return 0;

fail:
	db_rollback(db);
	xasprintf(&what, _("migration %d (%s) failed: %s"), migrations[i].version,
	    migrations[i].name, *cause);
	free(*cause);
	*cause = what;
	return -1;
}
