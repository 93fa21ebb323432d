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
#include "audit/audit-key.h"
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
	int			 rc, before, after, key_inside;

	if ((rc = admin_parse_db_opts(&admin_cmd_migrate, argc, argv, &o)) != -1)
		return rc;
	/* The version before, read without changing anything, for the message and audit. */
	if ((db = admin_open(&o, DB_OPEN_READONLY)) == NULL)
		return ADMIN_EXIT_OPEN;
	before = db_schema_version(db);
	key_inside = audit_key_in_database(db);
	db_close(db);
	/* The writable open moves an older database's audit key out (audit-key.h). */
	if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL)
		return ADMIN_EXIT_OPEN;
	after = db_schema_version(db);
	rc = ADMIN_EXIT_OK;
	if (key_inside) {
		if (admin_audit(db, "admin.migrate", "", "audit key moved out of the "
		    "database; head kept outside it") != 0)
			rc = ADMIN_EXIT_FAIL;
		printf(_("moved the audit log's key out of the database into a root-only file; "
		    "its head is kept outside the database too\n"));
	}
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
