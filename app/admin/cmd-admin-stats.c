/*
 * madoguchi-admin stats: the business statistics (業務統計, issue 24) of a period, as a
 * table or as CSV: how many receptions, issues, reissues, erasures, withdrawals and
 * Juki-net queries per month, kind, channel and qualification. Counts only, no person in
 * them; each run is audited (stats.run) before anything is printed.
 *
 *	madoguchi-admin stats --from 2026-04-01 --to 2027-03-31 [--csv]
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin.h"
#include "csv.h"
#include "i18n.h"
#include "reception/reception.h"
#include "reception/reception-stats.h"
#include "register/register-items.h"
#include "textwidth.h"
#include "xmalloc.h"

static int	 cmd_stats_exec(int, char **);
static void	 print_text(const struct reception_stats *);
static void	 print_csv(const struct reception_stats *);
static void	 put_cell(const char *, size_t);
static const char *kind_text(const char *);
static const char *channel_text(const char *);
static const char *qualification_text(const char *);

const struct admin_cmd admin_cmd_stats = {
	.name = "stats",
	.usage = "--from YYYY-MM-DD --to YYYY-MM-DD [--csv] [--config FILE] [--db PATH] "
	    "[--key PATH]",
	.summary = N_("print the business statistics (業務統計) of a period: counts only"),
	.exec = cmd_stats_exec,
};

/* The cell and enough spaces after it to fill cols columns, then one more. */
static void
put_cell(const char *s, size_t cols)
{
	size_t	 w = textwidth(s);

	fputs(s, stdout);
	for (; w < cols + 1; w++)
		putchar(' ');
}

static const char *
kind_text(const char *code)
{
	const char	*label;

	if (code == NULL || *code == '\0')
		return "-";
	label = reg_code_label(reg_application_kinds, code);
	return label != NULL ? label : code;
}

static const char *
channel_text(const char *code)
{
	return code == NULL || *code == '\0' ? "-" : reception_channel_label(code);
}

static const char *
qualification_text(const char *code)
{
	const char	*label;

	if (code == NULL || *code == '\0')
		return "-";
	label = reg_code_label(reg_qualifications, code);
	return label != NULL ? label : code;
}

static void
print_text(const struct reception_stats *st)
{
	enum { C_MONTH, C_MEASURE, C_KIND, C_CHANNEL, C_QUAL, C_COLS };
	const char	*head[C_COLS], *cell[C_COLS];
	size_t		 width[C_COLS], i, c, w;
	int		 m;

	printf(_("Business statistics (業務統計) from %s to %s\n\n"), st->from, st->to);
	/* TRANSLATORS: the heads of the statistics' columns. */
	head[C_MONTH] = _("month");
	head[C_MEASURE] = _("measure");
	head[C_KIND] = _("kind");
	head[C_CHANNEL] = _("channel");
	head[C_QUAL] = _("qualification");
	for (c = 0; c < C_COLS; c++)
		width[c] = textwidth(head[c]);
	for (i = 0; i < st->n; i++) {
		cell[C_MONTH] = st->rows[i].month;
		cell[C_MEASURE] = reception_stats_measure_label(st->rows[i].measure);
		cell[C_KIND] = kind_text(st->rows[i].kind);
		cell[C_CHANNEL] = channel_text(st->rows[i].channel);
		cell[C_QUAL] = qualification_text(st->rows[i].qualification);
		for (c = 0; c < C_COLS; c++) {
			if ((w = textwidth(cell[c])) > width[c])
				width[c] = w;
		}
	}
	if (st->n == 0)
		printf(_("Nothing was counted in the period.\n"));
	else {
		for (c = 0; c < C_COLS; c++)
			put_cell(head[c], width[c]);
		printf("%8s\n", _("count"));
	}
	for (i = 0; i < st->n; i++) {
		cell[C_MONTH] = st->rows[i].month;
		cell[C_MEASURE] = reception_stats_measure_label(st->rows[i].measure);
		cell[C_KIND] = kind_text(st->rows[i].kind);
		cell[C_CHANNEL] = channel_text(st->rows[i].channel);
		cell[C_QUAL] = qualification_text(st->rows[i].qualification);
		for (c = 0; c < C_COLS; c++)
			put_cell(cell[c], width[c]);
		printf("%8" PRId64 "\n", st->rows[i].count);
	}
	printf(_("\nTotals of the period:\n"));
	w = 0;
	for (m = 0; m < STATS_MEASURES; m++) {
		if (textwidth(reception_stats_measure_label(m)) > w)
			w = textwidth(reception_stats_measure_label(m));
	}
	for (m = 0; m < STATS_MEASURES; m++) {
		fputs("  ", stdout);
		put_cell(reception_stats_measure_label(m), w);
		printf("%8" PRId64 "\n", st->totals[m]);
	}
}

/*
 * Codes, not labels: the same columns whatever the terminal's language. Every cell goes
 * through csv.h, as every CSV the project writes does.
 */
static void
print_csv(const struct reception_stats *st)
{
	static const char *const head[] = { "month", "measure", "kind", "channel",
	    "qualification", "count" };
	char	 count[24];
	size_t	 i;

	for (i = 0; i < sizeof head / sizeof head[0]; i++)
		csv_put(stdout, head[i], i + 1 == sizeof head / sizeof head[0]);
	for (i = 0; i < st->n; i++) {
		snprintf(count, sizeof count, "%" PRId64, st->rows[i].count);
		csv_put(stdout, st->rows[i].month, 0);
		csv_put(stdout, reception_stats_measure_code(st->rows[i].measure), 0);
		csv_put(stdout, st->rows[i].kind, 0);
		csv_put(stdout, st->rows[i].channel, 0);
		csv_put(stdout, st->rows[i].qualification, 0);
		csv_put(stdout, count, 1);
	}
}

static int
cmd_stats_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "csv", no_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct reception_stats	 st;
	struct db		*db;
	const char		*from = NULL, *to = NULL;
	char			*cause = NULL, *detail, f[STATS_DATE_SIZE], t[STATS_DATE_SIZE];
	int			 ch, csv = 0;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS, longopts, NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		switch (ch) {
		case 'F':
			from = optarg;
			continue;
		case 'T':
			to = optarg;
			continue;
		case 'C':
			csv = 1;
			continue;
		}
		admin_usage(&admin_cmd_stats, ch == 'h' ? stdout : stderr);
		return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
	}
	if (optind != argc || from == NULL || to == NULL) {
		if (optind != argc)
			fprintf(stderr, _("%s: unexpected argument \"%s\"\n"),
			    program_invocation_short_name, argv[optind]);
		else
			fprintf(stderr, _("%s: give the period with --from and --to "
			    "(YYYY-MM-DD)\n"), program_invocation_short_name);
		admin_usage(&admin_cmd_stats, stderr);
		return ADMIN_EXIT_USAGE;
	}
	/* Checked before the database is opened: a mistyped date is a usage error. */
	if (reception_stats_period(from, to, f, t, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		return ADMIN_EXIT_USAGE;
	}
	if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL)
		return ADMIN_EXIT_OPEN;
	if (reception_stats_build(db, f, t, &st, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		db_close(db);
		return ADMIN_EXIT_FAIL;
	}
	/* Audited before anything is printed: a run the log does not hold shows nothing. */
	xasprintf(&detail, "%s to %s, %s", st.from, st.to, csv ? "csv" : "text");
	if (admin_audit(db, "stats.run", "", detail) != 0) {
		free(detail);
		reception_stats_free(&st);
		db_close(db);
		return ADMIN_EXIT_FAIL;
	}
	free(detail);
	if (csv)
		print_csv(&st);
	else
		print_text(&st);
	reception_stats_free(&st);
	db_close(db);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, _("%s: cannot write the statistics: %s\n"),
		    program_invocation_short_name, strerror(errno));
		return ADMIN_EXIT_FAIL;
	}
	return ADMIN_EXIT_OK;
}
