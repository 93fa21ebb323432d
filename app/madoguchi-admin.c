/*
 * madoguchi-admin: the sysadmin's command (SPEC §12).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "i18n.h"
#include "xmalloc.h"

static const struct admin_cmd *const commands[] = {
	&admin_cmd_init,
	&admin_cmd_migrate,
	&admin_cmd_status,
	&admin_cmd_config,
	&admin_cmd_verify_audit,
	&admin_cmd_audit_head,
	&admin_cmd_rekey,
	&admin_cmd_backup,
	&admin_cmd_restore_test,
	&admin_cmd_account_request,
	&admin_cmd_account_register,
	&admin_cmd_audit_reviews,
	&admin_cmd_report,
	&admin_cmd_stats,
	&admin_cmd_disclosure,
	&admin_cmd_retention,
	&admin_cmd_decommission,
	&admin_cmd_demo_data,
	&admin_cmd_juki_check,
	&admin_cmd_suspensions_end,
	&admin_cmd_card_check,
	&admin_cmd_number_block,
	&admin_cmd_sync_now,
	&admin_cmd_sync_recover,
	&admin_cmd_signing_key,
	NULL
};

static void
usage(FILE *f)
{
	const struct admin_cmd *const	*c;

	fprintf(f, _("usage: madoguchi-admin COMMAND [options]\n\ncommands:\n"));
	for (c = commands; *c != NULL; c++)
		fprintf(f, "  %-18s %s\n", (*c)->name, _((*c)->summary));
	fprintf(f, _("\nEvery command takes --help. Exit status: 0 success, 1 failure, "
	    "2 usage,\n3 cannot open configuration, key or database, 4 the database is "
	    "damaged.\n"));
}

int
main(int argc, char **argv)
{
	const struct admin_cmd *const	*c;
	char				*name;

	i18n_init();
	if (argc < 2) {
		usage(stderr);
		return ADMIN_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return ADMIN_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("madoguchi-admin %s\n", PACKAGE_VERSION);
		return ADMIN_EXIT_OK;
	}
	for (c = commands; *c != NULL; c++) {
		if (strcmp((*c)->name, argv[1]) != 0)
			continue;
		/*
		 * Every message of the command, getopt's too, names it: "madoguchi-admin
		 * status: …", so that a script's log says which step failed.
		 */
		xasprintf(&name, "madoguchi-admin %s", (*c)->name);
		program_invocation_short_name = program_invocation_name = argv[1] = name;
		return (*c)->exec(argc - 1, argv + 1);
	}
	fprintf(stderr, _("madoguchi-admin: unknown command \"%s\"\n"), argv[1]);
	usage(stderr);
	return ADMIN_EXIT_USAGE;
}
