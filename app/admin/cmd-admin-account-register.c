/*
 * madoguchi-admin account-register: prints the account register (記録簿) for an audit,
 * every account ever requested with its request, decision and revocation, as CSV or as
 * text. The print is audited.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "admin/admin.h"
#include "csv.h"
#include "i18n.h"

static int	cmd_account_register_exec(int, char **);
static void	csv_field(const char *, int);

const struct admin_cmd admin_cmd_account_register = {
	.name = "account-register",
	.usage = "[--csv] [--config FILE] [--db PATH] [--key PATH]",
	.summary = N_("print the account register (every account, for audit)"),
	.exec = cmd_account_register_exec,
};

/* One cell to stdout: quoted, and never a formula (lib/csv.h). */
static void
csv_field(const char *s, int last)
{
	csv_put(stdout, s, last);
}

static int
cmd_account_register_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "csv", no_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct account		*list, *a;
	struct db		*db;
	char			*cause = NULL, count[32];
	size_t			 n, i;
	int			 ch, csv = 0;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS "C", longopts, NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		if (ch == 'C')
			csv = 1;
		else {
			admin_usage(&admin_cmd_account_register, ch == 'h' ? stdout : stderr);
			return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		admin_usage(&admin_cmd_account_register, stderr);
		return ADMIN_EXIT_USAGE;
	}
	if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL)
		return ADMIN_EXIT_OPEN;
	if (account_list(db, ACCOUNTS_ALL, 90, &list, &n, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		db_close(db);
		return ADMIN_EXIT_FAIL;
	}
	if (csv)
		printf("user,full_name,roles,mynumber_allowed,procedures,reason,valid_from,"
		    "valid_until,origin,status,requested_by,requested_at,decided_by,"
		    "decided_at,decision_comment,revoked_by,revoked_at,revoke_reason,"
		    "last_login_at\n");
	for (i = 0; i < n; i++) {
		a = &list[i];
		if (csv) {
			csv_field(a->user_name, 0);
			csv_field(a->full_name, 0);
			csv_field(a->roles, 0);
			csv_field(a->mynumber_allowed ? "1" : "0", 0);
			csv_field(a->procedures, 0);
			csv_field(a->reason, 0);
			csv_field(a->valid_from, 0);
			csv_field(a->valid_until, 0);
			csv_field(a->origin, 0);
			csv_field(a->status, 0);
			csv_field(a->requested_by, 0);
			csv_field(a->requested_at, 0);
			csv_field(a->decided_by, 0);
			csv_field(a->decided_at, 0);
			csv_field(a->decision_comment, 0);
			csv_field(a->revoked_by, 0);
			csv_field(a->revoked_at, 0);
			csv_field(a->revoke_reason, 0);
			csv_field(a->last_login_at, 1);
		} else
			printf("%-12s %-10s %-20s %s–%s requested %s by %s, decided %s by %s%s%s\n",
			    a->user_name, a->status, a->roles, a->valid_from, a->valid_until,
			    a->requested_at, a->requested_by,
			    a->decided_at != NULL ? a->decided_at : "-",
			    a->decided_by != NULL ? a->decided_by : "-",
			    a->revoked_at != NULL ? ", revoked " : "",
			    a->revoked_at != NULL ? a->revoked_at : "");
	}
	snprintf(count, sizeof count, "%zu accounts", n);
	account_list_free(list, n);
	(void)admin_audit(db, "account.register.print", "", count);
	db_close(db);
	return ADMIN_EXIT_OK;
}
