/*
 * Business statistics (業務統計, reception-stats.h): counts of a period from the reception
 * register, the register's events and the Juki-net queries, grouped in SQL so that no
 * person's row leaves the database.
 *
 * Each measure is counted by the local day it happened on: a reception by the day it was
 * received (received_on), an event by its date (event_date), a withdrawal by the day it
 * was withdrawn and a Juki-net query by the day it was asked (both stamped in UTC, read in
 * local time). A reception's qualification is its application's: the registration a
 * reissue or an erasure is for, the one a registration asks for; "" when nothing was filed
 * under it yet, or for a correction (which is of the holder, not of one registration).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "i18n.h"
#include "reception/reception-stats.h"
#include "valid.h"
#include "xmalloc.h"

static const struct {
	const char	*code;
	const char	*label;		/* N_() */
} measures[STATS_MEASURES] = {
	[STATS_RECEPTIONS] = { "receptions", N_("receptions (受付)") },
	[STATS_ISSUES] = { "issues", N_("issues (交付)") },
	[STATS_REISSUES] = { "reissues", N_("reissues (再交付)") },
	[STATS_ERASURES] = { "erasures", N_("erasures (消除)") },
	[STATS_WITHDRAWALS] = { "withdrawals", N_("withdrawals (取下げ)") },
	[STATS_JUKI_QUERIES] = { "juki-queries", N_("Juki-net queries (住基ネット照会)") },
};

/* A reception's qualification, through the application filed under it (r, a, g). */
#define RECEPTION_QUALIFICATION \
    "coalesce(g.qualification, json_extract(a.payload, '$.qualification'), '')"
#define RECEPTION_JOINS \
    "FROM receptions r LEFT JOIN applications a ON a.reception_number = r.number " \
    "LEFT JOIN registrations g ON g.id = a.registration_id "

/*
 * Month, measure, kind, channel, qualification, count; ?1 and ?2 the period. The measure
 * numbers are enum reception_stats_measure's.
 */
static const char	 stats_sql[] =
    "SELECT substr(r.received_on, 1, 7), 0, r.kind, r.channel, " RECEPTION_QUALIFICATION
    ", count(*) " RECEPTION_JOINS "WHERE r.received_on BETWEEN ?1 AND ?2 "
    "GROUP BY 1, 3, 4, 5 "
    "UNION ALL "
    "SELECT substr(e.event_date, 1, 7), CASE e.kind WHEN 'issue' THEN 1 WHEN 'reissue' "
    "THEN 2 ELSE 3 END, '', '', coalesce(g.qualification, ''), count(*) FROM events e "
    "LEFT JOIN registrations g ON g.id = e.registration_id WHERE e.kind IN ('issue', "
    "'reissue', 'erase') AND e.event_date BETWEEN ?1 AND ?2 GROUP BY 1, 2, 5 "
    "UNION ALL "
    "SELECT substr(date(r.withdrawn_at, 'localtime'), 1, 7), 4, r.kind, r.channel, "
    RECEPTION_QUALIFICATION ", count(*) " RECEPTION_JOINS "WHERE r.status = 'withdrawn' "
    "AND date(r.withdrawn_at, 'localtime') BETWEEN ?1 AND ?2 GROUP BY 1, 3, 4, 5 "
    "UNION ALL "
    "SELECT substr(date(q.requested_at, 'localtime'), 1, 7), 5, '', '', '', count(*) "
    "FROM juki_queries q WHERE date(q.requested_at, 'localtime') BETWEEN ?1 AND ?2 "
    "GROUP BY 1 "
    "ORDER BY 1, 2, 3, 4, 5";

const char *
reception_stats_measure_code(enum reception_stats_measure m)
{
	return m < STATS_MEASURES ? measures[m].code : "";
}

const char *
reception_stats_measure_label(enum reception_stats_measure m)
{
	return m < STATS_MEASURES ? _(measures[m].label) : "";
}

int
reception_stats_period(const char *from, const char *to, char f[STATS_DATE_SIZE],
    char t[STATS_DATE_SIZE], char **cause)
{
	struct date	 df, dt;
	char		*why = NULL;

	*cause = NULL;
	if (from == NULL || to == NULL) {
		xasprintf(cause, _("give the period's first and last day"));
		return -1;
	}
	if (valid_date(from, &df, &why) != 0) {
		xasprintf(cause, _("the period's first day \"%s\": %s"), from, why);
		free(why);
		return -1;
	}
	if (valid_date(to, &dt, &why) != 0) {
		xasprintf(cause, _("the period's last day \"%s\": %s"), to, why);
		free(why);
		return -1;
	}
	date_format_iso(&df, f);
	date_format_iso(&dt, t);
	if (date_cmp(&df, &dt) > 0) {
		xasprintf(cause, _("the period ends before it starts (%s to %s)"), f, t);
		return -1;
	}
	return 0;
}

void
reception_stats_free(struct reception_stats *st)
{
	size_t	 i;

	for (i = 0; i < st->n; i++) {
		free(st->rows[i].kind);
		free(st->rows[i].channel);
		free(st->rows[i].qualification);
	}
	free(st->rows);
	memset(st, 0, sizeof *st);
}

int
reception_stats_build(struct db *db, const char *from, const char *to,
    struct reception_stats *st, char **cause)
{
	struct reception_stats_row	*row;
	sqlite3_stmt			*s;
	const char			*month;
	int				 rc, m;

	memset(st, 0, sizeof *st);
	if (reception_stats_period(from, to, st->from, st->to, cause) != 0)
		return -1;
	if ((s = db_prepare(db, stats_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, st->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, st->to, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		m = sqlite3_column_int(s, 1);
		month = (const char *)sqlite3_column_text(s, 0);
		if (m < 0 || m >= STATS_MEASURES || month == NULL)
			continue;	/* cannot be: the statement names them */
		st->rows = xreallocarray(st->rows, st->n + 1, sizeof *st->rows);
		row = &st->rows[st->n++];
		memset(row, 0, sizeof *row);
		snprintf(row->month, sizeof row->month, "%s", month);
		row->measure = (enum reception_stats_measure)m;
		row->kind = db_column_dup(s, 2);
		row->channel = db_column_dup(s, 3);
		row->qualification = db_column_dup(s, 4);
		row->count = sqlite3_column_int64(s, 5);
		st->totals[m] += row->count;
	}
	if (rc != SQLITE_DONE)
		db_fail(db, cause, _("cannot count the period's business"));
	db_release(db, s);
	if (rc != SQLITE_DONE) {
		reception_stats_free(st);
		return -1;
	}
	return 0;
}
