/*
 * madoguchi-admin report: the self-inspection report (自己点検, SPEC §14, issue 23) for a
 * fiscal year (年度: --year 2026 is 2026-04-01 to 2027-03-31) or a period, as text or as
 * JSON, answered from this terminal's records and the office's synced registers by the
 * rules of docs/compliance.md. Printing it is audited.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin.h"
#include "compliance/compliance-report.h"
#include "config-file.h"
#include "i18n.h"
#include "sync/sync-client.h"
#include "sync/sync-inspection.h"
#include "xmalloc.h"

static int	cmd_report_exec(int, char **);

/*
 * The office-wide part from the central store, as the terminal's sync settings reach it;
 * not reached, why, which the report prints in its head.
 */
static void
office_part(const struct config *cf, struct db *db, const char *from, const char *to,
    struct report_office *office)
{
	struct sync_params	 p;

	office->asked = 1;
	memset(&p, 0, sizeof p);
	sync_params_from_config(&p, cf);
	office->reached = sync_inspection_fetch(db, &p, from, to, &office->rows, &office->n,
	    &office->why) == 0;
}

const struct admin_cmd admin_cmd_report = {
	.name = "report",
	.usage = "--year YYYY | --from DATE --to DATE [--format text|json | --format pdf "
	    "--out FILE] [--config FILE] [--db PATH] [--key PATH]",
	.summary = N_("print the self-inspection report (自己点検) answered from the records"),
	.exec = cmd_report_exec,
};

static int
cmd_report_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "year", required_argument, NULL, 'y' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct config		 config;
	struct report		 r;
	struct report_office	 office;
	struct db		*db;
	const char		*year = NULL, *from = NULL, *to = NULL, *format = "text";
	const char		*path = NULL;
	char			*cause = NULL, *out, *end, f[16], t[16], detail[96];
	char			 pf[11], pt[11];
	long			 y;
	int			 ch;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS, longopts, NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		switch (ch) {
		case 'y':
			year = optarg;
			continue;
		case 'F':
			from = optarg;
			continue;
		case 'T':
			to = optarg;
			continue;
		case 'f':
			format = optarg;
			continue;
		case 'o':
			path = optarg;
			continue;
		}
		admin_usage(&admin_cmd_report, ch == 'h' ? stdout : stderr);
		return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
	}
	if (optind != argc || (year == NULL) == (from == NULL || to == NULL) ||
	    (year != NULL && (from != NULL || to != NULL)) ||
	    (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "pdf") != 0) || ((strcmp(format, "pdf") == 0) != (path != NULL))) {
		fprintf(stderr, _("madoguchi-admin report: give --year, or --from and --to; "
		    "--format is text, json, or pdf with --out FILE\n"));
		admin_usage(&admin_cmd_report, stderr);
		return ADMIN_EXIT_USAGE;
	}
	if (year != NULL) {
		y = strtol(year, &end, 10);
		if (*end != '\0' || y < 2000 || y > 9998) {
			fprintf(stderr, _("madoguchi-admin report: --year: a fiscal year such as "
			    "2026, not \"%s\"\n"), year);
			return ADMIN_EXIT_USAGE;
		}
		snprintf(pf, sizeof pf, "%ld-04-01", y);
		snprintf(pt, sizeof pt, "%ld-03-31", y + 1);
		from = pf;
		to = pt;
	}
	if (config_open(&config, o.config, NULL, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		return ADMIN_EXIT_OPEN;
	}
	if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL) {
		config_free(&config);
		return ADMIN_EXIT_OPEN;
	}
	/* The PDF goes to the regulator: Japanese whatever the terminal's language. */
	if (path != NULL)
		i18n_use_japanese();
	memset(&office, 0, sizeof office);
	if (report_period(from, to, f, t, &cause) == 0 && config_syncs(&config))
		office_part(&config, db, f, t, &office);
	free(cause);
	cause = NULL;
	if (report_build(db, &config, from, to, office.asked ? &office : NULL, &r,
	    &cause) != 0) {
		fprintf(stderr, "madoguchi-admin report: %s\n", cause);
		free(cause);
		db_close(db);
		config_free(&config);
		return ADMIN_EXIT_FAIL;
	}
	if (path != NULL) {
		if (report_pdf(&r, path, &cause) != 0) {
			fprintf(stderr, "madoguchi-admin report: %s\n", cause);
			free(cause);
			report_free(&r);
			db_close(db);
			config_free(&config);
			return ADMIN_EXIT_FAIL;
		}
		out = xstrdup("");
		printf(_("Self-inspection report written: %s\n"), path);
	} else
		out = strcmp(format, "json") == 0 ? report_json(&r) : report_text(&r);
	if (out != NULL)
		fputs(out, stdout);
	snprintf(detail, sizeof detail, "%s to %s, %s, %s", r.from, r.to, format,
	    report_scope_code(&r));
	(void)admin_audit(db, "compliance.report", "", detail);
	free(out);
	report_free(&r);
	central_rows_free(office.rows, office.n);
	free(office.why);
	db_close(db);
	config_free(&config);
	return out != NULL ? ADMIN_EXIT_OK : ADMIN_EXIT_FAIL;
}
