/*
 * Business statistics (業務統計, issue 24): how many receptions, issues (交付), reissues
 * (再交付), erasures (消除), withdrawals (取下げ) and Juki-net queries a period saw, per
 * month, kind, channel and qualification. Aggregates only: no row names a person, an
 * account or an id.
 */
#ifndef RECEPTION_STATS_H
#define RECEPTION_STATS_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define STATS_DATE_SIZE		11	/* "2026-04-01" */
#define STATS_MONTH_SIZE	8	/* "2026-04" */

/* What a row counts, in the order the rows come. */
enum reception_stats_measure {
	STATS_RECEPTIONS,	/* receptions by the day received: kind, channel, qualification */
	STATS_ISSUES,		/* events 'issue' by their date: qualification */
	STATS_REISSUES,		/* events 'reissue' by their date: qualification */
	STATS_ERASURES,		/* events 'erase' by their date: qualification */
	STATS_WITHDRAWALS,	/* receptions by the day withdrawn: kind, channel, qualification */
	STATS_JUKI_QUERIES,	/* Juki-net queries by the day asked */
	STATS_MEASURES
};

/*
 * One count. The codes are the register's (kind: an application kind; channel: counter,
 * mail, e-gov, mynaportal; qualification: one of reg_qualifications); "" where the measure
 * has no such dimension or the record does not say (a correction names no qualification).
 */
struct reception_stats_row {
	char				 month[STATS_MONTH_SIZE];	/* YYYY-MM, local */
	enum reception_stats_measure	 measure;
	char				*kind;
	char				*channel;
	char				*qualification;
	int64_t				 count;
};

struct reception_stats {
	char				 from[STATS_DATE_SIZE];	/* inclusive, local days */
	char				 to[STATS_DATE_SIZE];
	struct reception_stats_row	*rows;	/* by month, measure, kind, channel, qualif. */
	size_t				 n;
	int64_t				 totals[STATS_MEASURES];
};

/*
 * The period from..to read as dates (valid_date's forms: 2026-04-01, 令和8年4月1日 …) into
 * from_out and to_out (YYYY-MM-DD). -1 and a message naming the date at fault, or saying
 * that the period ends before it starts.
 */
int	 reception_stats_period(const char *, const char *, char [STATS_DATE_SIZE],
	    char [STATS_DATE_SIZE], char **);

/*
 * The counts of the period from..to, read by one statement (one snapshot of the database).
 * A group with nothing in it has no row. -1 and a message if the period is not one or the
 * database cannot be read; out is then empty.
 */
int	 reception_stats_build(struct db *, const char *, const char *,
	    struct reception_stats *, char **);
void	 reception_stats_free(struct reception_stats *);

/* A measure's code (the CSV's: "receptions", "issues" …) and its label, translated. */
const char *reception_stats_measure_code(enum reception_stats_measure);
const char *reception_stats_measure_label(enum reception_stats_measure);

#endif
