/* madoguchi-admin verify-audit: the same check as madoguchi-audit verify. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "i18n.h"

static int	cmd_verify_audit_exec(int, char **);

const struct admin_cmd admin_cmd_verify_audit = {
	.name = "verify-audit",
	.usage = "[--config FILE] [--db PATH] [--key PATH]",
	.summary = N_("verify the audit log's hash chain"),
	.exec = cmd_verify_audit_exec,
};

static int
cmd_verify_audit_exec(int argc, char **argv)
{
	struct admin_db_opts	 o;
	struct db		*db;
	int			 rc;

	if ((rc = admin_parse_db_opts(&admin_cmd_verify_audit, argc, argv, &o)) != -1)
		return rc;
	if ((db = admin_open(&o, DB_OPEN_READONLY)) == NULL)
		return ADMIN_EXIT_OPEN;
	rc = audit_report(db, "madoguchi-admin");
	db_close(db);
	return rc;
}
