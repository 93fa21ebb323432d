/*
 * madoguchi-admin account-request: a sysadmin requests an account at the shell; a
 * supervisor decides it on the approval screen (SPEC §3).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "admin/admin.h"
#include "i18n.h"

static int	cmd_account_request_exec(int, char **);

const struct admin_cmd admin_cmd_account_request = {
	.name = "account-request",
	.usage = "--user USER --full-name NAME --roles \"ROLE ...\" --reason TEXT "
	    "--from YYYY-MM-DD --until YYYY-MM-DD [--procedures \"CODE ...\"] [--mynumber] "
	    "[--contractor-of SUPERVISOR --ends YYYY-MM-DDTHH:MM] "
	    "[--config FILE] [--db PATH] [--key PATH]",
	.summary = N_("request an account for one person (a supervisor approves it)"),
	.exec = cmd_account_request_exec,
};

static int
cmd_account_request_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "user", required_argument, NULL, 'u' },
		{ "full-name", required_argument, NULL, 'n' },
		{ "roles", required_argument, NULL, 'r' },
		{ "reason", required_argument, NULL, 'R' },
		{ "from", required_argument, NULL, 'f' },
		{ "until", required_argument, NULL, 'U' },
		{ "procedures", required_argument, NULL, 'p' },
		{ "mynumber", no_argument, NULL, 'm' },
		{ "contractor-of", required_argument, NULL, 'c' },
		{ "ends", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct account_request	 r;
	struct actor		 who;
	struct db		*db;
	char			*cause = NULL, id[37];
	int			 ch, rc;

	memset(&o, 0, sizeof o);
	memset(&r, 0, sizeof r);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS "u:n:r:R:f:U:p:mc:e:", longopts,
	    NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		switch (ch) {
		case 'u': r.user_name = optarg; break;
		case 'n': r.full_name = optarg; break;
		case 'r': r.roles = optarg; break;
		case 'R': r.reason = optarg; break;
		case 'f': r.valid_from = optarg; break;
		case 'U': r.valid_until = optarg; break;
		case 'p': r.procedures = optarg; break;
		case 'm': r.mynumber_allowed = 1; break;
		case 'c': r.supervised_by = optarg; break;
		case 'e': r.expires_at = optarg; break;
		default:
			admin_usage(&admin_cmd_account_request, ch == 'h' ? stdout : stderr);
			return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
		}
	}
	if (optind != argc || r.user_name == NULL || r.full_name == NULL || r.roles == NULL ||
	    r.reason == NULL || r.valid_from == NULL || r.valid_until == NULL) {
		admin_usage(&admin_cmd_account_request, stderr);
		return ADMIN_EXIT_USAGE;
	}
	if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL)
		return ADMIN_EXIT_OPEN;
	admin_actor(&who);
	if (account_request(db, &who, &r, id, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		rc = ADMIN_EXIT_FAIL;
	} else {
		printf(_("requested account %s for %s (%s); a supervisor must approve it\n"),
		    id, r.user_name, r.roles);
		rc = ADMIN_EXIT_OK;
	}
	db_close(db);
	return rc;
}
