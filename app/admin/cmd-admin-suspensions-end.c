/*
 * madoguchi-admin suspensions-end: end every suspension (停止) whose last day is past, as
 * the desk does when it starts (issue 25), for an office that wants it done each night
 * from a timer whether or not a desk opens: a 'suspend-end' event the day after the last
 * day, by root, and the registration valid again. Each end is audited.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "admin/admin.h"
#include "audit/audit.h"
#include "db.h"
#include "i18n.h"
#include "register/register-actions.h"

static int	cmd_suspensions_end_exec(int, char **);

const struct admin_cmd admin_cmd_suspensions_end = {
	.name = "suspensions-end",
	.usage = "[--config FILE] [--db PATH] [--key PATH]",
	.summary = N_("end the suspensions (停止) whose period is over"),
	.exec = cmd_suspensions_end_exec,
};

static int
cmd_suspensions_end_exec(int argc, char **argv)
{
	struct admin_db_opts	 o;
	struct actor		 who;
	struct db		*db;
	char			*cause = NULL;
	int			 rc, ended;

	if ((rc = admin_parse_db_opts(&admin_cmd_suspensions_end, argc, argv, &o)) != -1)
		return rc;
	if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL)
		return ADMIN_EXIT_OPEN;
	admin_actor(&who);
	if (suspensions_end(db, &who, &ended, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		db_close(db);
		return ADMIN_EXIT_FAIL;
	}
	printf(_("%d suspensions ended\n"), ended);
	db_close(db);
	return ADMIN_EXIT_OK;
}
