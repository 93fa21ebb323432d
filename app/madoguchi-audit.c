/*
 * madoguchi-audit: checks the audit chain of a terminal database (SPEC §8).
 *
 * Exit status: 0 intact, 1 broken (the first bad entry is named), 2 usage, 3 cannot open
 * the configuration, key or database, 4 the database file is damaged (a page is named).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "i18n.h"

static int	audit_verify_exec(int, char **);

static const struct admin_cmd audit_cmd_verify = {
	.prog = "madoguchi-audit",
	.name = "verify",
	.usage = "[--config FILE] [--db PATH] [--key PATH]",
	.summary = N_("Checks every page of the database, then verifies the hash chain of "
	    "the audit\nlog: exits 0 and prints the number of entries when intact, exits 1 "
	    "and names\nthe first bad entry when an entry was altered, removed, inserted or "
	    "reordered,\nexits 4 and names the damage when the database file is damaged."),
	.exec = audit_verify_exec,
};

static int
audit_verify_exec(int argc, char **argv)
{
	struct admin_db_opts	 o;
	struct db		*db;
	int			 rc;

	if ((rc = admin_parse_db_opts(&audit_cmd_verify, argc, argv, &o)) != -1)
		return rc;
	if ((db = admin_open(&o, DB_OPEN_READONLY)) == NULL)
		return ADMIN_EXIT_OPEN;
	rc = audit_report(db, "madoguchi-audit");
	db_close(db);
	return rc;
}

int
main(int argc, char **argv)
{
	i18n_init();
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("madoguchi-audit %s\n", PACKAGE_VERSION);
		return ADMIN_EXIT_OK;
	}
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		admin_usage(&audit_cmd_verify, stdout);
		return ADMIN_EXIT_OK;
	}
	if (argc < 2 || strcmp(argv[1], "verify") != 0) {
		admin_usage(&audit_cmd_verify, stderr);
		return ADMIN_EXIT_USAGE;
	}
	return audit_verify_exec(argc - 1, argv + 1);
}
