/*
 * Unusual-use flags, computed from the audit log (audit-flags.h).
 *
 * Each rule is one query over the entries of the period that its actions table names
 * (audit_rule_actions, through the log's (action, at) index), so that a day of 10,000
 * entries takes a few queries, not a loop over entries (bench/audit_flags). The rule's
 * actions are the outer loop (CROSS JOIN fixes the order): each is one range of the index,
 * where the planner, left to itself, scanned the whole log. Two shapes:
 *   - per day: a user's entries of one local date that meet the rule's condition
 *     (outside office hours, no open application, or every one), flagged when their
 *     count reaches the threshold;
 *   - bursts: an entry ends a burst when the entry threshold-1 before it (same subject)
 *     is less than the window before it; overlapping bursts make one flag.
 * Local time is the terminal's (SQLite's 'localtime', the process's time zone), the time
 * office_hours and the holidays are written in.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts.h"
#include "audit/audit-flags.h"
#include "audit/audit-rules.h"
#include "db-internal.h"
#include "i18n.h"
#include "office-hours.h"
#include "sync/outbox.h"
#include "uuid.h"
#include "valid.h"
#include "xmalloc.h"

/* The entries a rule counts in the period ?2..?3 (local dates), with local time. */
#define ENTRIES(subject) \
	"WITH e AS (SELECT l.seq, l.at, " subject " AS subject, " \
	"datetime(l.at, 'localtime') AS lt, CASE WHEN l.target LIKE 'holder:%' THEN " \
	"substr(l.target, 8, 36) WHEN l.action = 'juki.query' AND length(l.target) = 36 " \
	"THEN l.target END AS h FROM audit_rule_actions ra CROSS JOIN audit_log l " \
	"WHERE l.action = ra.action AND l.result GLOB ra.result AND ra.rule = ?1 AND " \
	"l.at >= strftime('%Y-%m-%dT%H:%M:%fZ', ?2, 'utc') AND " \
	"l.at < strftime('%Y-%m-%dT%H:%M:%fZ', ?3, '+1 day', 'utc'))"

/* Per day: columns subject, day, entries, seqs, times, local times, holiday, holders. */
#define PER_DAY(subject, cond) ENTRIES(subject) \
	", f AS (SELECT e.*, date(lt) AS d FROM e WHERE " cond ") SELECT subject, d, " \
	"count(*), min(seq), max(seq), min(at), max(at), time(min(lt)), time(max(lt)), " \
	"(SELECT name FROM audit_holidays WHERE day = d), count(DISTINCT h) FROM f " \
	"GROUP BY subject, d HAVING count(*) >= ?4"

/*
 * Bursts, the same columns. ms: milliseconds since the epoch, exact (the log keeps
 * milliseconds), so that a burst of exactly the window is not one by rounding.
 */
#define BURSTS(subject) ENTRIES(subject) \
	", w AS (SELECT seq, at, subject, lt, CAST(round((julianday(at) - 2440587.5) * " \
	"86400000.0) AS INTEGER) AS ms FROM e), x AS (SELECT w.*, row_number() OVER win " \
	"AS rn, lag(ms, ?4 - 1) OVER win AS ms0, lag(seq, ?4 - 1) OVER win AS seq0, " \
	"lag(at, ?4 - 1) OVER win AS at0, lag(lt, ?4 - 1) OVER win AS lt0 FROM w WINDOW " \
	"win AS (PARTITION BY subject ORDER BY seq)), q AS (SELECT * FROM x WHERE seq0 IS " \
	"NOT NULL AND ms - ms0 < ?5 * 60000), g AS (SELECT q.*, sum(CASE WHEN prev IS NULL " \
	"OR prev < seq0 THEN 1 ELSE 0 END) OVER (PARTITION BY subject ORDER BY seq) AS grp " \
	"FROM (SELECT q.*, lag(seq) OVER (PARTITION BY subject ORDER BY seq) AS prev FROM " \
	"q) q) SELECT subject, date(min(lt0)), max(rn) - min(rn) + ?4, min(seq0), max(seq), " \
	"min(at0), max(at), time(min(lt0)), time(max(lt)), NULL, 0 FROM g GROUP BY " \
	"subject, grp"

/* Outside office hours (?6 weekdays, ?7..?8 minutes) or on a holiday. */
#define OFF_HOURS \
	"((?6 >> CAST(strftime('%w', lt) AS INTEGER)) & 1) = 0 OR " \
	"(CAST(strftime('%H', lt) AS INTEGER) * 60 + CAST(strftime('%M', lt) AS INTEGER)) " \
	"NOT BETWEEN ?7 AND ?8 - 1 OR date(lt) IN (SELECT day FROM audit_holidays)"

/*
 * A holder's record with no application of that holder open within ?5 minutes of the
 * view: a clerk looks the holder up just before filing one, or prints just after the
 * decision.
 */
#define NO_APPLICATION \
	"h IS NOT NULL AND NOT EXISTS (SELECT 1 FROM applications a WHERE " \
	"a.holder_id = h AND a.requested_at <= strftime('%Y-%m-%dT%H:%M:%fZ', at, '+' || " \
	"?5 || ' minutes') AND (a.decided_at IS NULL OR a.decided_at >= " \
	"strftime('%Y-%m-%dT%H:%M:%fZ', at, '-' || ?5 || ' minutes')))"

struct rule_query {
	const char	*name;
	const char	*sql;
};

/* What each rule of audit_rules counts. A rule without a line here raises no flag. */
static const struct rule_query rule_queries[] = {
	{ "off_hours_access",	PER_DAY("l.user", OFF_HOURS) },
	{ "access_burst",	BURSTS("l.user") },
	{ "no_application",	PER_DAY("l.user", NO_APPLICATION) },
	{ "mynumber_daily",	PER_DAY("l.user", "1") },
	{ "failed_logins",	BURSTS("l.terminal_id") },
	{ "off_hours_output",	PER_DAY("l.user", OFF_HOURS) },
};

/* One row of a rule's query, before it is worded. */
struct flag_row {
	const char	*first_time, *last_time;	/* local HH:MM:SS */
	const char	*holiday;
	int64_t		 holders;
};

static const char *rule_sql(const char *);
static char	*flag_reason(const struct audit_rule *, const struct audit_flag *, int,
		    const struct flag_row *, const struct office_hours *);
static int	 flag_acked(struct db *, struct audit_flag *, char **);
static int	 flag_cmp(const void *, const void *);
static int	 date_ok(const char *);

static const char *
rule_sql(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof rule_queries / sizeof rule_queries[0]; i++) {
		if (strcmp(rule_queries[i].name, name) == 0)
			return rule_queries[i].sql;
	}
	return NULL;
}

/* A date that exists, as YYYY-MM-DD. */
static int
date_ok(const char *s)
{
	struct tm	 tm;
	int		 y, m, d, used = 0;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 ||
	    used != 10 || s[4] != '-' || s[7] != '-' || y < 2000 || y > 9999)
		return 0;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	(void)timegm(&tm);
	return tm.tm_year == y - 1900 && tm.tm_mon == m - 1 && tm.tm_mday == d;
}

int
audit_period_check(const char *from, const char *to, char **cause)
{
	if (!date_ok(from)) {
		xasprintf(cause, _("\"%s\" is not a date such as 2026-04-06"), from);
		return -1;
	}
	if (!date_ok(to)) {
		xasprintf(cause, _("\"%s\" is not a date such as 2026-04-06"), to);
		return -1;
	}
	if (strcmp(from, to) > 0) {
		xasprintf(cause, _("the period is reversed: %s is after %s"), from, to);
		return -1;
	}
	return 0;
}

/* Today's local date by the clock the log is written with (clock.h). */
void
audit_today(char out[11])
{
	struct timespec	 ts;
	struct tm	 tm;

	clock_now(&ts);
	localtime_r(&ts.tv_sec, &tm);
	if (strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		out[0] = '\0';
}

int
audit_comment_check(const char *comment, char **cause)
{
	char	*why = NULL;

	/* Blanks alone, ASCII or ideographic (U+3000, bytes e3 80 80), say nothing. */
	if (comment == NULL || strspn(comment, " \xe3\x80") == strlen(comment)) {
		xasprintf(cause, _("a comment is required: what was looked at and what was "
		    "done"));
		return -1;
	}
	if (valid_text(comment, 500, 0, &why) != 0) {
		xasprintf(cause, _("Comment: %s"), why);
		free(why);
		return -1;
	}
	return 0;
}

/* Why a flag was raised: the rule, the counts and the times. Allocated. */
static char *
flag_reason(const struct audit_rule *r, const struct audit_flag *f, int era,
    const struct flag_row *x, const struct office_hours *oh)
{
	char		*s, *why, when[64], shown[DATE_ERA_SIZE];
	const char	*day = date_shown(f->day, era, shown);

	snprintf(when, sizeof when, "%.5s-%.5s", x->first_time, x->last_time);
	if (strcmp(r->name, "off_hours_access") == 0 ||
	    strcmp(r->name, "off_hours_output") == 0) {
		xasprintf(&why, strcmp(r->name, "off_hours_access") == 0 ?
		    _("%lld lookups or views outside office hours (%s) on %s, %s") :
		    _("%lld prints or exports outside office hours (%s) on %s, %s"),
		    (long long)f->entries, oh->text, day, when);
		if (x->holiday != NULL) {
			xasprintf(&s, _("%s, a holiday (%s)"), why, x->holiday);
			free(why);
			why = s;
		}
	} else if (strcmp(r->name, "access_burst") == 0)
		xasprintf(&why, _("%lld views or Juki queries on %s, %s: %d or more within %d "
		    "minutes"), (long long)f->entries, day, when, r->threshold,
		    r->window_minutes);
	else if (strcmp(r->name, "no_application") == 0)
		xasprintf(&why, _("%lld views or queries of %lld holders with no open "
		    "application on %s, %s"), (long long)f->entries, (long long)x->holders,
		    day, when);
	else if (strcmp(r->name, "mynumber_daily") == 0)
		xasprintf(&why, _("%lld My Number reveals on %s, %s (flagged at %d a day)"),
		    (long long)f->entries, day, when, r->threshold);
	else if (strcmp(r->name, "failed_logins") == 0)
		xasprintf(&why, _("%lld failed logins on %s, %s: %d or more within %d minutes"),
		    (long long)f->entries, day, when, r->threshold, r->window_minutes);
	else
		xasprintf(&why, "%lld %s %s", (long long)f->entries, day, when);
	return why;
}

/* The latest acknowledgement that covers every entry of the flag, if any. */
static int
flag_acked(struct db *db, struct audit_flag *f, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	stmt = db_prepare(db, "SELECT acked_by, comment FROM audit_flag_acks WHERE "
	    "terminal_id = ?1 AND rule = ?2 AND subject = ?3 AND first_at = ?4 AND "
	    "last_at >= ?5 ORDER BY acked_at DESC LIMIT 1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, db->terminal_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, f->rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, f->subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, f->first_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, f->last_at, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		f->acked = 1;
		f->acked_by = db_column_dup(stmt, 0);
		f->ack_comment = db_column_dup(stmt, 1);
	}
	db_release(db, stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, cause, _("cannot read the acknowledgements of flags"));
	return 0;
}

static int
flag_cmp(const void *a, const void *b)
{
	const struct audit_flag	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->first_at, y->first_at)) != 0)
		return c;
	return strcmp(x->rule, y->rule);
}

int
audit_flags_compute(struct db *db, const struct office_hours *oh, const char *from,
    const char *to, int japanese, int era, struct audit_flag **out, size_t *n, char **cause)
{
	struct audit_rule	*rules = NULL;
	struct audit_flag	*f;
	struct flag_row		 x;
	sqlite3_stmt		*stmt;
	const char		*sql;
	size_t			 n_rules = 0, i;
	int			 rc = -1, step;

	*out = NULL;
	*n = 0;
	if (audit_period_check(from, to, cause) != 0 ||
	    audit_rules_list(db, japanese, &rules, &n_rules, cause) != 0)
		return -1;
	for (i = 0; i < n_rules; i++) {
		if ((sql = rule_sql(rules[i].name)) == NULL)
			continue;
		if ((stmt = db_prepare(db, sql, cause)) == NULL)
			goto out;
		sqlite3_bind_text(stmt, 1, rules[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, from, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, to, -1, SQLITE_STATIC);
		/* Each query uses some of these; binding the others is a harmless error. */
		sqlite3_bind_int(stmt, 4, rules[i].threshold);
		sqlite3_bind_int(stmt, 5, rules[i].window_minutes);
		sqlite3_bind_int(stmt, 6, (int)oh->days);
		sqlite3_bind_int(stmt, 7, oh->start_min);
		sqlite3_bind_int(stmt, 8, oh->end_min);
		while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
			*out = xreallocarray(*out, *n + 1, sizeof **out);
			f = &(*out)[(*n)++];
			memset(f, 0, sizeof *f);
			snprintf(f->rule, sizeof f->rule, "%s", rules[i].name);
			f->rule_label = xstrdup(rules[i].label);
			f->subject = db_column_dup(stmt, 0);
			snprintf(f->day, sizeof f->day, "%s", sqlite3_column_text(stmt, 1));
			f->entries = sqlite3_column_int64(stmt, 2);
			f->first_seq = sqlite3_column_int64(stmt, 3);
			f->last_seq = sqlite3_column_int64(stmt, 4);
			snprintf(f->first_at, sizeof f->first_at, "%s",
			    sqlite3_column_text(stmt, 5));
			snprintf(f->last_at, sizeof f->last_at, "%s",
			    sqlite3_column_text(stmt, 6));
			x.first_time = (const char *)sqlite3_column_text(stmt, 7);
			x.last_time = (const char *)sqlite3_column_text(stmt, 8);
			x.holiday = (const char *)sqlite3_column_text(stmt, 9);
			x.holders = sqlite3_column_int64(stmt, 10);
			f->reason = flag_reason(&rules[i], f, era, &x, oh);
		}
		db_release(db, stmt);
		if (step != SQLITE_DONE) {
			db_fail(db, cause, _("cannot compute the flags"));
			goto out;
		}
	}
	for (i = 0; i < *n; i++) {
		if (flag_acked(db, &(*out)[i], cause) != 0)
			goto out;
	}
	if (*n > 1)
		qsort(*out, *n, sizeof **out, flag_cmp);
	rc = 0;
out:
	audit_rules_free(rules, n_rules);
	if (rc != 0) {
		audit_flags_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int
audit_flags_list(struct db *db, const struct actor *who, const struct office_hours *oh,
    const char *from, const char *to, int japanese, int era, struct audit_flag **out, size_t *n,
    char **cause)
{
	char	*detail;
	size_t	 i, open = 0;
	int	 rc;

	*out = NULL;
	*n = 0;
	*cause = NULL;
	if (rolefn_require(db, who, "audit.flags", cause) != 0)
		return -1;
	if (audit_flags_compute(db, oh, from, to, japanese, era, out, n, cause) != 0)
		return -1;
	for (i = 0; i < *n; i++)
		open += !(*out)[i].acked;
	/* Reading the log's flags is itself in the log: who reviewed what, when. */
	xasprintf(&detail, "%s..%s: %zu flags, %zu not acknowledged", from, to, *n, open);
	rc = audit_actor(db, who, "audit.flags.view", "", "ok", detail, cause);
	free(detail);
	if (rc != 0) {
		audit_flags_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void
audit_flags_free(struct audit_flag *f, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(f[i].rule_label);
		free(f[i].subject);
		free(f[i].reason);
		free(f[i].acked_by);
		free(f[i].ack_comment);
	}
	free(f);
}

int
audit_flag_ack(struct db *db, const struct actor *who, const struct audit_flag *f,
    const char *comment, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 id[UUID_STRLEN + 1], *payload = NULL, *target = NULL;
	int		 rc = -1, covered;

	*cause = NULL;
	if (rolefn_require(db, who, "audit.signoff", cause) != 0)
		return -1;
	if (audit_comment_check(comment, cause) != 0)
		return -1;
	if (uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		return -1;
	}
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM audit_flag_acks WHERE "
	    "terminal_id = ?1 AND rule = ?2 AND subject = ?3 AND first_at = ?4 AND "
	    "last_at >= ?5)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, db->terminal_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, f->rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, f->subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, f->first_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, f->last_at, -1, SQLITE_STATIC);
	covered = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0);
	db_release(db, stmt);
	if (covered) {
		xasprintf(cause, _("this flag is already acknowledged"));
		goto out;
	}
	stmt = db_prepare(db, "INSERT INTO audit_flag_acks (id, terminal_id, rule, subject, "
	    "first_at, last_at, entries, reason, comment, acked_by, acked_at) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, " NOW ") RETURNING json_object('id', id, "
	    "'terminal_id', terminal_id, 'rule', rule, 'subject', subject, 'first_at', "
	    "first_at, 'last_at', last_at, 'entries', entries, 'reason', reason, 'comment', "
	    "comment, 'acked_by', acked_by, 'acked_at', acked_at)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, db->terminal_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, f->rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, f->subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, f->first_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, f->last_at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 7, f->entries);
	sqlite3_bind_text(stmt, 8, f->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, comment, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, who->user, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		payload = db_column_dup(stmt, 0);
	if (payload == NULL || sqlite3_step(stmt) != SQLITE_DONE) {
		db_fail(db, cause, _("cannot record the acknowledgement"));
		db_release(db, stmt);
		goto out;
	}
	db_release(db, stmt);
	if (outbox_append(db, "audit_flag_ack", id, 1, OUTBOX_INSERT, payload, cause) != 0)
		goto out;
	xasprintf(&target, "flag:%s:%s:%s ack:%s", f->rule, f->subject, f->first_at, id);
	rc = audit_actor(db, who, "audit.flag.ack", target, "ok", comment, cause);
out:
	free(payload);
	free(target);
	return db_finish(db, rc, cause);
}
