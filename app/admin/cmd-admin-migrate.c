/*
 * madoguchi-admin migrate: brings the database's schema up to this version of madoguchi
 * (SPEC §7). The package's postinst runs it on every upgrade, so that a terminal never
 * meets a half-known schema at its first login after an upgrade; the migrations
 * themselves are in db/migrate.c and each runs in one transaction.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "admin/admin.h"
#include "i18n.h"
#include "xmalloc.h"

static int	cmd_migrate_exec(int, char **);

const struct admin_cmd admin_cmd_migrate = {
	.name = "migrate",
	.usage = "[--config FILE] [--db PATH] [--key PATH]",
	.summary = N_("upgrade the database schema to this version (run by the package)"),
	.exec = cmd_migrate_exec,
};

static int
cmd_migrate_exec(int argc, char **argv)
{
	struct admin_db_opts	 o;
	struct db		*db;
	char			*detail;
	int			 rc, before, after;

	if ((rc = admin_parse_db_opts(&admin_cmd_migrate, argc, argv, &o)) != -1)
		return rc;
	/* The version before, read without changing anything, for the message and audit. */
	if ((db = admin_open(&o, DB_OPEN_READONLY)) == NULL)
		return ADMIN_EXIT_OPEN;
	before = db_schema_version(db);
	db_close(db);
	if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL)
		return ADMIN_EXIT_OPEN;
	after = db_schema_version(db);
	rc = ADMIN_EXIT_OK;
	if (after != before) {
		xasprintf(&detail, "schema %d -> %d", before, after);
		if (admin_audit(db, "admin.migrate", "", detail) != 0)
			rc = ADMIN_EXIT_FAIL;
		free(detail);
		printf(_("upgraded the database schema from version %d to %d\n"), before, after);
	} else
		printf(_("the database schema is up to date (version %d)\n"), after);
	db_close(db);
	return rc;
}
