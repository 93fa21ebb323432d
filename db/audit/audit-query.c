/*
 * Filtered reads of the audit log, newest first, a page at a time.
 *
 * Values typed by the reviewer are only ever bound, never put into SQL text, and compared
 * with '=': no LIKE, so '%' and '_' are plain characters. A value with a control character
 * is refused (valid_text): audit_append stored such characters escaped, and the reviewer
 * cannot type them anyway.
 *
 * The order is (at, seq) descending and a page continues after the last entry of the page
 * before (keyset paging): every filter that the review asks for most has an index that
 * yields that order, so a page reads about as many rows as it shows however deep it is:
 * - user: audit_log_user (user, at), since 0001;
 * - holder: audit_log_holder (substr(target, 8, 36), at) over the targets that begin
 *   with "holder:" (0011; the form every entry that touches a holder uses);
 * - action group: one read per action of the group along audit_log_action (action, at),
 *   merged here, because one ORDER BY over "action IN (...)" would sort the whole group;
 * - nothing else: audit_log_at (at) (0011).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "audit/audit-groups.h"
#include "audit/audit-query.h"
#include "clock.h"
#include "db-internal.h"
#include "i18n.h"
#include "valid.h"
#include "xmalloc.h"

#define FILTER_MAX_CHARS	64
#define HOLDER_ID_LEN		36
/* The first day an entry may carry, and how far ahead of today a range may reach. */
#define FIRST_YEAR		2000
#define DAYS_AHEAD		366

/* Results that say the request was refused rather than that something went wrong. */
#define DENIED_RESULTS	"'denied', 'refused', 'no-account', 'expired', 'locked'"

struct audit_query {
	char	*user, *role, *terminal;	/* or NULL */
	char	*group, *result, *holder_id;
	char	 from[40], until[40];		/* UTC bounds [from, until), or "" */
	char	**actions;			/* the group's actions present in the log */
	size_t	 n_actions;
	char	*describe;
};

enum {
	P_USER = 1, P_ROLE, P_TERMINAL, P_FROM, P_UNTIL, P_HOLDER, P_ACTION, P_AT, P_SEQ,
	P_LIMIT
};

static int	 check_text(const char *, const char *, char **, char **);
static int	 check_date(const char *, const char *, struct date *, char **);
static void	 local_midnight_utc(const struct date *, char *, size_t);
static int	 check_holder(struct db *, const char *, char **);
static int	 group_actions(struct db *, struct audit_query *, char **);
static char	*page_sql(const struct audit_query *, int, int);
static void	 row_read(sqlite3_stmt *, struct audit_row *);
static void	 mask_mynumbers(char *);
static void	 describe(struct audit_query *, const struct audit_filter *,
		    const struct date *, const struct date *);
static int	 filter_fail(struct db *, const struct actor *, const struct audit_filter *,
		    char **);
static int	 query_build(struct db *, const struct audit_filter *, struct audit_query **,
		    char **);

static int
empty(const char *s)
{
	return s == NULL || *s == '\0';
}


/* A text filter: one line of at most FILTER_MAX_CHARS characters. */
static int
check_text(const char *label, const char *value, char **out, char **cause)
{
	char	*why = NULL;

	*out = NULL;
	if (empty(value))
		return 0;
	if (valid_text(value, FILTER_MAX_CHARS, 0, &why) != 0) {
		xasprintf(cause, _("%s: %s"), label, why);
		free(why);
		return -1;
	}
	*out = xstrdup(value);
	return 0;
}

static int
check_date(const char *label, const char *value, struct date *d, char **cause)
{
	struct date	 first = { FIRST_YEAR, 1, 1 }, last;
	struct tm	 tm;
	time_t		 t = time(NULL);
	char		*why = NULL, iso[DATE_ISO_SIZE];

	if (valid_date(value, d, &why) != 0) {
		xasprintf(cause, _("%s: %s"), label, why);
		free(why);
		return -1;
	}
	localtime_r(&t, &tm);
	last.y = tm.tm_year + 1900;
	last.m = tm.tm_mon + 1;
	last.d = tm.tm_mday;
	date_from_days(date_to_days(&last) + DAYS_AHEAD, &last);
	if (date_cmp(d, &first) < 0 || date_cmp(d, &last) > 0) {
		date_format_iso(d, iso);
		xasprintf(cause, _("%s: no audit entry can be dated %s"), label, iso);
		return -1;
	}
	return 0;
}

/* The UTC time of the local midnight that starts day d, as the log writes times. */
static void
local_midnight_utc(const struct date *d, char *out, size_t len)
{
	struct tm	 tm;
	time_t		 t;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = d->y - 1900;
	tm.tm_mon = d->m - 1;
	tm.tm_mday = d->d;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	clock_iso_at(t, out, len);
}

/* A holder id of the register: the form first, then whether the register has it. */
static int
check_holder(struct db *db, const char *id, char **cause)
{
	sqlite3_stmt	*stmt;
	size_t		 i;
	int		 rc;

	for (i = 0; id[i] != '\0'; i++) {
		if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f') ||
		    id[i] == '-'))
			break;
	}
	if (id[i] != '\0' || i != HOLDER_ID_LEN) {
		xasprintf(cause, _("Holder: not a holder id (36 characters, as "
		    "0190a5b2-…-…)"));
		return -1;
	}
	stmt = db_prepare(db, "SELECT 1 FROM holders WHERE id = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	db_release(db, stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		xasprintf(cause, _("Holder: the register has no holder %s"), id);
	else
		db_fail(db, cause, _("cannot read the register"));
	return -1;
}

/*
 * The actions of the query's group that the log holds: one index probe per distinct
 * action (a few dozen), not a scan.
 */
static int
group_actions(struct db *db, struct audit_query *q, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*last = xstrdup(""), *action;
	const char	*g;
	int		 rc;

	stmt = db_prepare(db, "SELECT action FROM audit_log WHERE action > ?1 ORDER BY action "
	    "LIMIT 1", cause);
	if (stmt == NULL) {
		free(last);
		return -1;
	}
	for (;;) {
		sqlite3_bind_text(stmt, 1, last, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(stmt)) != SQLITE_ROW)
			break;
		action = db_column_dup(stmt, 0);
		sqlite3_reset(stmt);
		free(last);
		last = action;
		g = audit_action_group(action);
		if (g != NULL && strcmp(g, q->group) == 0) {
			q->actions = xreallocarray(q->actions, q->n_actions + 1,
			    sizeof *q->actions);
			q->actions[q->n_actions++] = xstrdup(action);
		}
	}
	db_release(db, stmt);
	free(last);
	if (rc != SQLITE_DONE)
		return db_fail(db, cause, _("cannot read the audit log"));
	return 0;
}

static void
describe(struct audit_query *q, const struct audit_filter *f, const struct date *from,
    const struct date *until)
{
	char	*out = xstrdup(""), *next, iso[DATE_ISO_SIZE];
	struct {
		const char	*name, *value;
	} parts[] = {
		{ "user", f->user }, { "role", f->role }, { "group", q->group },
		{ "result", q->result }, { "terminal", f->terminal }, { "from", NULL },
		{ "until", NULL }, { "holder", q->holder_id },
	};
	size_t	 i;

	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (strcmp(parts[i].name, "from") == 0 && from != NULL) {
			date_format_iso(from, iso);
			parts[i].value = iso;
		} else if (strcmp(parts[i].name, "until") == 0 && until != NULL) {
			date_format_iso(until, iso);
			parts[i].value = iso;
		}
		if (empty(parts[i].value))
			continue;
		xasprintf(&next, "%s%s%s=%s", out, *out != '\0' ? " " : "", parts[i].name,
		    parts[i].value);
		free(out);
		out = next;
	}
	q->describe = out;
}

/* A refused filter is recorded too: what was tried, and why it changed nothing. */
static int
filter_fail(struct db *db, const struct actor *who, const struct audit_filter *f,
    char **cause)
{
	char	*detail;

	xasprintf(&detail, "user=%s role=%s group=%s result=%s terminal=%s from=%s until=%s "
	    "holder=%s: %s", f->user != NULL ? f->user : "", f->role != NULL ? f->role : "",
	    f->group != NULL ? f->group : "", f->result != NULL ? f->result : "",
	    f->terminal != NULL ? f->terminal : "", f->from != NULL ? f->from : "",
	    f->until != NULL ? f->until : "", f->holder_id != NULL ? f->holder_id : "",
	    *cause);
	(void)audit_actor(db, who, "audit.filter", "", "failed", detail, NULL);
	free(detail);
	return -1;
}

/* Checks a filter and makes it a query, or says what is wrong with it and makes nothing. */
static int
query_build(struct db *db, const struct audit_filter *f, struct audit_query **out,
    char **cause)
{
	struct audit_query	*q;
	struct date		 from, until;
	int			 has_from = !empty(f->from), has_until = !empty(f->until);

	*out = NULL;
	q = xcalloc(1, sizeof *q);
	if (check_text(_("User"), f->user, &q->user, cause) != 0 ||
	    check_text(_("Role"), f->role, &q->role, cause) != 0 ||
	    check_text(_("Terminal"), f->terminal, &q->terminal, cause) != 0)
		goto fail;
	if (!empty(f->group)) {
		if (!audit_group_valid(f->group)) {
			xasprintf(cause, _("Action: one of login, view, search, juki, change, "
			    "approval, print, export, admin, sync"));
			goto fail;
		}
		q->group = xstrdup(f->group);
	}
	if (!empty(f->result)) {
		if (strcmp(f->result, "ok") != 0 && strcmp(f->result, "denied") != 0 &&
		    strcmp(f->result, "failed") != 0) {
			xasprintf(cause, _("Result: ok, denied or failed"));
			goto fail;
		}
		q->result = xstrdup(f->result);
	}
	if ((has_from && check_date(_("From (date)"), f->from, &from, cause) != 0) ||
	    (has_until && check_date(_("Until (date)"), f->until, &until, cause) != 0))
		goto fail;
	if (has_from && has_until && date_cmp(&from, &until) > 0) {
		xasprintf(cause, _("The time range ends before it begins"));
		goto fail;
	}
	if (has_from)
		local_midnight_utc(&from, q->from, sizeof q->from);
	if (has_until) {
		struct date	 next;

		date_from_days(date_to_days(&until) + 1, &next);
		local_midnight_utc(&next, q->until, sizeof q->until);
	}
	if (!empty(f->holder_id)) {
		if (check_holder(db, f->holder_id, cause) != 0)
			goto fail;
		q->holder_id = xstrdup(f->holder_id);
	}
	if (q->group != NULL && group_actions(db, q, cause) != 0)
		goto fail;
	describe(q, f, has_from ? &from : NULL, has_until ? &until : NULL);
	*out = q;
	return 0;
fail:
	audit_query_free(q);
	return -1;
}

/*
 * Opening the log: allowed by the role table, and recorded as audit.view; *all is the
 * query of every entry, which the reviewer sees first.
 */
int
audit_review_open(struct db *db, const struct actor *who, struct audit_query **all,
    char **cause)
{
	static const struct audit_filter none;

	*all = NULL;
	*cause = NULL;
	if (rolefn_require(db, who, "audit.review", cause) != 0)
		return -1;
	if (query_build(db, &none, all, cause) != 0)
		return -1;
	if (audit_actor(db, who, "audit.view", "", "ok", "", cause) != 0) {
		audit_query_free(*all);
		*all = NULL;
		return -1;
	}
	return 0;
}

/*
 * A filter applied: the query, or -1 and what is wrong with the filter in *cause (then
 * nothing is made). Either way the attempt is audited as audit.filter.
 */
int
audit_query_new(struct db *db, const struct actor *who, const struct audit_filter *f,
    struct audit_query **out, char **cause)
{
	struct audit_query	*q;
	char			*target = NULL;
	int			 rc;

	*out = NULL;
	*cause = NULL;
	if (rolefn_require(db, who, "audit.review", cause) != 0)
		return -1;
	if (query_build(db, f, &q, cause) != 0)
		return filter_fail(db, who, f, cause);
	if (q->holder_id != NULL)
		xasprintf(&target, "holder:%s", q->holder_id);
	rc = audit_actor(db, who, "audit.filter", target, "ok", q->describe, cause);
	free(target);
	if (rc != 0) {
		audit_query_free(q);
		return -1;
	}
	*out = q;
	return 0;
}

void
audit_query_free(struct audit_query *q)
{
	size_t	 i;

	if (q == NULL)
		return;
	free(q->user);
	free(q->role);
	free(q->terminal);
	free(q->group);
	free(q->result);
	free(q->holder_id);
	for (i = 0; i < q->n_actions; i++)
		free(q->actions[i]);
	free(q->actions);
	free(q->describe);
	free(q);
}

const char *
audit_query_describe(const struct audit_query *q)
{
	return q->describe;
}

#define ROW_COLUMNS	"seq, at, terminal_id, tty, user, role, action, target, result, detail"

/* The SQL of one read: fixed fragments only, chosen by which filters are set. */
static char *
page_sql(const struct audit_query *q, int by_action, int after)
{
	char	*sql, *next;

	xasprintf(&sql, "SELECT " ROW_COLUMNS " FROM audit_log WHERE 1");
#define ADD(cond) do {							\
		xasprintf(&next, "%s AND %s", sql, (cond));		\
		free(sql);						\
		sql = next;						\
	} while (0)
	if (q->user != NULL)
		ADD("user = ?1");
	if (q->role != NULL)
		ADD("role = ?2");
	if (q->terminal != NULL)
		ADD("(terminal_id = ?3 OR tty = ?3)");
	if (*q->from != '\0')
		ADD("at >= ?4");
	if (*q->until != '\0')
		ADD("at < ?5");
	if (q->holder_id != NULL)
		ADD("substr(target, 1, 7) = 'holder:' AND substr(target, 8, 36) = ?6");
	if (by_action)
		ADD("action = ?7");
	if (q->result != NULL) {
		if (strcmp(q->result, "ok") == 0)
			ADD("result = 'ok'");
		else if (strcmp(q->result, "denied") == 0)
			ADD("result IN (" DENIED_RESULTS ")");
		else
			ADD("result NOT IN ('ok', " DENIED_RESULTS ")");
	}
	if (after)
		ADD("(at < ?8 OR (at = ?8 AND seq < ?9))");
#undef ADD
	xasprintf(&next, "%s ORDER BY at DESC, seq DESC LIMIT ?10", sql);
	free(sql);
	return next;
}

/* A twelve-digit run that checks as a My Number is never shown, whoever wrote it. */
static void
mask_mynumbers(char *s)
{
	size_t	 i, run;

	if (s == NULL)
		return;
	for (i = 0; s[i] != '\0'; i += run > 0 ? run : 1) {
		for (run = 0; s[i + run] >= '0' && s[i + run] <= '9'; run++)
			;
		if (run == MYNUMBER_LEN &&
		    mynumber_check_digit(s + i) == s[i + MYNUMBER_LEN - 1] - '0')
			memset(s + i, '*', MYNUMBER_LEN);
	}
}

static void
row_read(sqlite3_stmt *stmt, struct audit_row *r)
{
	size_t	 len;

	memset(r, 0, sizeof *r);
	r->seq = sqlite3_column_int64(stmt, 0);
	r->at = db_column_dup(stmt, 1);
	r->terminal_id = db_column_dup(stmt, 2);
	r->tty = db_column_dup(stmt, 3);
	r->user = db_column_dup(stmt, 4);
	r->role = db_column_dup(stmt, 5);
	r->action = db_column_dup(stmt, 6);
	r->target = db_column_dup(stmt, 7);
	r->result = db_column_dup(stmt, 8);
	r->detail = db_column_dup(stmt, 9);
	mask_mynumbers(r->target);
	mask_mynumbers(r->detail);
	if (r->target != NULL && strncmp(r->target, "holder:", 7) == 0) {
		len = strcspn(r->target + 7, " ");
		if (len > 0)
			r->holder_id = xstrndup(r->target + 7, len);
	}
}

/* Whether entry a comes before entry b newest first: a later time, or a later seq. */
static int
newer(const struct audit_row *a, const struct audit_row *b)
{
	int	 c = strcmp(a->at, b->at);

	return c > 0 || (c == 0 && a->seq > b->seq);
}

/*
 * Up to limit entries after cursor (NULL: from the newest); *more says whether more
 * follow. With a group, one read per action, each already in order, merged a row at a
 * time.
 */
int
audit_query_page(struct db *db, const struct actor *who, struct audit_query *q,
    const struct audit_cursor *cursor, int limit, struct audit_row **out, size_t *n,
    int *more, char **cause)
{
	sqlite3_stmt	**stmts;
	struct audit_row *heads, *rows = NULL;
	char		*sql;
	size_t		 arms, i, count = 0;
	int		*live, after = cursor != NULL && cursor->seq > 0, best, rc = -1;

	*out = NULL;
	*n = 0;
	*more = 0;
	*cause = NULL;
	if (limit <= 0)
		limit = 1;
	if (rolefn_require(db, who, "audit.review", cause) != 0)
		return -1;
	arms = q->group != NULL ? q->n_actions : 1;
	if (arms == 0)
		return 0;	/* the group has no entry in this log */
	sql = page_sql(q, q->group != NULL, after);
	stmts = xcalloc(arms, sizeof *stmts);
	heads = xcalloc(arms, sizeof *heads);
	live = xcalloc(arms, sizeof *live);
	for (i = 0; i < arms; i++) {
		if ((stmts[i] = db_prepare(db, sql, cause)) == NULL)
			goto out;
		sqlite3_bind_text(stmts[i], P_USER, q->user, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmts[i], P_ROLE, q->role, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmts[i], P_TERMINAL, q->terminal, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmts[i], P_FROM, q->from, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmts[i], P_UNTIL, q->until, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmts[i], P_HOLDER, q->holder_id, -1, SQLITE_STATIC);
		if (q->group != NULL)
			sqlite3_bind_text(stmts[i], P_ACTION, q->actions[i], -1,
			    SQLITE_STATIC);
		if (after) {
			sqlite3_bind_text(stmts[i], P_AT, cursor->at, -1, SQLITE_STATIC);
			sqlite3_bind_int64(stmts[i], P_SEQ, cursor->seq);
		}
		sqlite3_bind_int(stmts[i], P_LIMIT, limit + 1);
	}
	for (i = 0; i < arms; i++) {
		if ((rc = sqlite3_step(stmts[i])) == SQLITE_ROW) {
			row_read(stmts[i], &heads[i]);
			live[i] = 1;
		} else if (rc != SQLITE_DONE)
			goto fail;
	}
	while (count < (size_t)limit + 1) {
		best = -1;
		for (i = 0; i < arms; i++) {
			if (live[i] && (best < 0 || newer(&heads[i], &heads[best])))
				best = (int)i;
		}
		if (best < 0)
			break;
		rows = xreallocarray(rows, count + 1, sizeof *rows);
		rows[count++] = heads[best];
		live[best] = 0;
		if ((rc = sqlite3_step(stmts[best])) == SQLITE_ROW) {
			row_read(stmts[best], &heads[best]);
			live[best] = 1;
		} else if (rc != SQLITE_DONE)
			goto fail;
	}
	if (count > (size_t)limit) {
		audit_row_clear(&rows[--count]);
		*more = 1;
	}
	*out = rows;
	*n = count;
	rows = NULL;
	rc = 0;
	goto out;
fail:
	db_fail(db, cause, _("cannot read the audit log"));
	rc = -1;
out:
	for (i = 0; i < arms; i++) {
		if (live[i])
			audit_row_clear(&heads[i]);
		db_release(db, stmts[i]);
	}
	if (rows != NULL)
		audit_rows_free(rows, count);
	free(stmts);
	free(heads);
	free(live);
	free(sql);
	return rc;
}

/*
 * One entry with the name of the holder its target names, from the register (never a My
 * Number: the name is all that is read). Opening it is audited under the holder, so the
 * disclosure report shows who read about whom in the log too.
 */
int
audit_entry_get(struct db *db, const struct actor *who, int64_t seq, struct audit_row *r,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		*target;
	int		 rc;

	*cause = NULL;
	memset(r, 0, sizeof *r);
	if (rolefn_require(db, who, "audit.review", cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT " ROW_COLUMNS " FROM audit_log WHERE seq = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, seq);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		row_read(stmt, r);
	db_release(db, stmt);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			xasprintf(cause, _("no audit entry %lld"), (long long)seq);
		else
			db_fail(db, cause, _("cannot read the audit log"));
		return -1;
	}
	if (r->holder_id != NULL) {
		stmt = db_prepare(db, "SELECT rtrim(family_name || ' ' || given_name) FROM "
		    "holders WHERE id = ?1", cause);
		if (stmt == NULL)
			goto fail;
		sqlite3_bind_text(stmt, 1, r->holder_id, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			r->holder_name = db_column_dup(stmt, 0);
		db_release(db, stmt);
	}
	if (r->holder_id != NULL)
		xasprintf(&target, "holder:%s audit:%lld", r->holder_id, (long long)seq);
	else
		xasprintf(&target, "audit:%lld", (long long)seq);
	rc = audit_actor(db, who, "audit.entry.view", target, "ok", "", cause);
	free(target);
	if (rc == 0)
		return 0;
fail:
	audit_row_clear(r);
	return -1;
}

void
audit_row_clear(struct audit_row *r)
{
	free(r->at);
	free(r->terminal_id);
	free(r->tty);
	free(r->user);
	free(r->role);
	free(r->action);
	free(r->target);
	free(r->result);
	free(r->detail);
	free(r->holder_id);
	free(r->holder_name);
	memset(r, 0, sizeof *r);
}

void
audit_rows_free(struct audit_row *rows, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		audit_row_clear(&rows[i]);
	free(rows);
}
