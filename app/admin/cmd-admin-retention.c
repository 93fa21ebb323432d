/*
 * madoguchi-admin retention: the retention rules of temporary data and what they let go
 * (SPEC §7, issue 22). --dry-run (the default) lists per kind what a run would erase now:
 * how many, the oldest and newest, the size; nothing changes. --run erases what the
 * automatic rules let go, each kind with its erasure record (消去記録), as the background
 * process does daily. --records lists the erasure records. The register has no rule.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin.h"
#include "audit/audit.h"
#include "config-file.h"
#include "i18n.h"
#include "retention/retention.h"
#include "xmalloc.h"

static int	cmd_retention_exec(int, char **);

const struct admin_cmd admin_cmd_retention = {
	.name = "retention",
	.usage = "[--dry-run | --run | --records] [--config FILE] [--db PATH] [--key PATH]",
	.summary = N_("what the retention rules let go; erase it with its record"),
	.exec = cmd_retention_exec,
};

static void
print_plans(const struct retention_plan *p, size_t n)
{
	size_t	 i;

	printf(_("Dry run: nothing is erased.\n"));
	printf("%-16s %6s %-9s %8s %10s  %-10s  %-10s\n", _("kind"), _("days"), _("erasure"),
	    _("count"), _("bytes"), _("oldest"), _("newest"));
	for (i = 0; i < n; i++)
		printf("%-16s %6d %-9s %8lld %10lld  %-10.10s  %-10.10s\n", p[i].kind,
		    p[i].days, p[i].automatic ? _("automatic") : _("approval"),
		    (long long)p[i].count, (long long)p[i].bytes,
		    p[i].oldest != NULL ? p[i].oldest : "-", p[i].newest != NULL ?
		    p[i].newest : "-");
	printf(_("The register (holders, registrations, their history, certificates, accounts, "
	    "the audit log) has no rule: it is never erased automatically.\n"));
}

static int
print_records(struct db *db, char **cause)
{
	struct erasure_record	*r;
	size_t			 n, i;

	if (retention_records_read(db, &r, &n, cause) != 0)
		return -1;
	printf(_("Erasure records: %zu\n"), n);
	for (i = 0; i < n; i++)
		printf("  #%lld %s %s: %lld items, %lld bytes, %.10s..%.10s [%s]\n    "
		    "proposed by %s, approved by %s; %s\n", (long long)r[i].id, r[i].started_at,
		    r[i].kind, (long long)r[i].count, (long long)r[i].bytes, r[i].oldest != NULL ?
		    r[i].oldest : "-", r[i].newest != NULL ? r[i].newest : "-", r[i].state,
		    r[i].proposed_by, r[i].approved_by, r[i].method);
	retention_records_free(r, n);
	return 0;
}

static int
cmd_retention_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "dry-run", no_argument, NULL, 'n' },
		{ "run", no_argument, NULL, 'R' },
		{ "records", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct retention_dirs	 dirs;
	struct retention_plan	*plans = NULL;
	struct config		 config;
	struct actor		 who;
	struct db		*db;
	char			*cause = NULL, detail[64];
	size_t			 n = 0;
	int64_t			 erased;
	int			 ch, mode = 'n', modes = 0, rc = ADMIN_EXIT_FAIL;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS, longopts, NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		if (ch == 'n' || ch == 'R' || ch == 'L') {
			mode = ch;
			modes++;
			continue;
		}
		admin_usage(&admin_cmd_retention, ch == 'h' ? stdout : stderr);
		return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
	}
	if (optind != argc || modes > 1) {
		admin_usage(&admin_cmd_retention, stderr);
		return ADMIN_EXIT_USAGE;
	}
	if (config_open(&config, o.config, NULL, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		return ADMIN_EXIT_OPEN;
	}
	retention_dirs_from(&dirs, &config);
	if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL) {
		config_free(&config);
		return ADMIN_EXIT_OPEN;
	}
	admin_actor(&who);
	switch (mode) {
	case 'n':
		if (retention_dry_run(db, &dirs, &plans, &n, &cause) != 0)
			break;
		print_plans(plans, n);
		retention_plans_free(plans, n);
		(void)admin_audit(db, "retention.dry-run", "", "");
		rc = ADMIN_EXIT_OK;
		break;
	case 'R':
		if (retention_run_automatic(db, &dirs, &who, &erased, &cause) != 0)
			break;
		printf(_("%lld erased under the automatic rules; see --records\n"),
		    (long long)erased);
		rc = ADMIN_EXIT_OK;
		break;
	case 'L':
		if (print_records(db, &cause) != 0)
			break;
		snprintf(detail, sizeof detail, "erasure records");
		(void)admin_audit(db, "retention.records", "", detail);
		rc = ADMIN_EXIT_OK;
		break;
	}
	if (cause != NULL) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
	}
	db_close(db);
	config_free(&config);
	return rc;
}
