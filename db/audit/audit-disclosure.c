/*
 * The local half of an access disclosure (audit-disclosure.h): this terminal's entries
 * about one holder, read through the holder index of migration 11, with the acting
 * user's full name and whether the central store has the entry yet.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit-disclosure.h"
#include "db-internal.h"
#include "i18n.h"
#include "xmalloc.h"

/* A local date (YYYY-MM-DD) as the UTC time its day starts at, plus days; NULL if none. */
static char *
day_start(struct db *db, const char *date, int plus_days, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*out = NULL, mod[16];

	snprintf(mod, sizeof mod, "+%d days", plus_days);
	stmt = db_prepare(db, "SELECT CASE WHEN date(?1) = ?1 AND ?1 BETWEEN '2000-01-01' AND "
	    "'2099-12-31' THEN strftime('%Y-%m-%dT%H:%M:%fZ', ?1, ?2, 'utc') END", cause);
	if (stmt == NULL)
		return NULL;
	sqlite3_bind_text(stmt, 1, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, mod, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		out = db_column_dup(stmt, 0);
	db_release(db, stmt);
	if (out == NULL)
		xasprintf(cause, _("\"%s\" is not a date such as 2026-04-01 (years 2000 to "
		    "2099)"), date);
	return out;
}

/*
 * An entry from the columns (terminal_id, seq, at, tty, user, full_name, role, action,
 * target, result, detail) of a statement's row, as the log and the store's answer have it.
 */
void
disclosure_entry_row(sqlite3_stmt *stmt, struct disclosure_entry *e)
{
	e->terminal_id = db_column_dup(stmt, 0);
	e->seq = sqlite3_column_int64(stmt, 1);
	e->at = db_column_dup(stmt, 2);
	e->tty = db_column_dup(stmt, 3);
	e->user = db_column_dup(stmt, 4);
	e->full_name = db_column_dup(stmt, 5);
	e->role = db_column_dup(stmt, 6);
	e->role_ja = e->role_en = NULL;
	e->action = db_column_dup(stmt, 7);
	e->target = db_column_dup(stmt, 8);
	e->result = db_column_dup(stmt, 9);
	e->detail = db_column_dup(stmt, 10);
	e->unsynced = 0;
}

int
disclosure_local(struct db *db, const char *holder_id, const char *from, const char *to,
    struct disclosure *d, char **cause)
{
	struct disclosure_entry	 e;
	sqlite3_stmt		*stmt;
	int			 step;

	memset(d, 0, sizeof *d);
	*cause = NULL;
	if (strlen(holder_id) != 36) {
		xasprintf(cause, _("\"%s\" is not a holder id"), holder_id);
		return -1;
	}
	snprintf(d->holder_id, sizeof d->holder_id, "%s", holder_id);
	if ((from != NULL && (d->from = day_start(db, from, 0, cause)) == NULL) ||
	    (to != NULL && (d->until = day_start(db, to, 1, cause)) == NULL))
		goto fail;
	if (d->from != NULL && d->until != NULL && strcmp(d->from, d->until) >= 0) {
		xasprintf(cause, _("the period is reversed: %s is after %s"), from, to);
		goto fail;
	}
	stmt = db_prepare(db, "SELECT family_name || ' ' || given_name FROM holders WHERE "
	    "id = ?1", cause);
	if (stmt == NULL)
		goto fail;
	sqlite3_bind_text(stmt, 1, holder_id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		d->holder_name = db_column_dup(stmt, 0);
	db_release(db, stmt);
	if (d->holder_name == NULL) {
		xasprintf(cause, _("no holder %s in the register"), holder_id);
		goto fail;
	}
	stmt = db_prepare(db, "SELECT a.terminal_id, a.seq, a.at, a.tty, a.user, "
	    "coalesce(c.full_name, ''), a.role, a.action, a.target, a.result, a.detail, "
	    "a.seq > (SELECT audit_pushed FROM sync_state) FROM audit_log a LEFT JOIN "
	    "accounts c ON c.user_name = a.user WHERE substr(a.target, 1, 7) = 'holder:' AND "
	    "substr(a.target, 8, 36) = ?1 AND (?2 IS NULL OR a.at >= ?2) AND (?3 IS NULL OR "
	    "a.at < ?3) ORDER BY a.at, a.seq", cause);
	if (stmt == NULL)
		goto fail;
	sqlite3_bind_text(stmt, 1, holder_id, -1, SQLITE_STATIC);
	if (d->from != NULL)
		sqlite3_bind_text(stmt, 2, d->from, -1, SQLITE_STATIC);
	if (d->until != NULL)
		sqlite3_bind_text(stmt, 3, d->until, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		disclosure_entry_row(stmt, &e);
		e.unsynced = sqlite3_column_int(stmt, 11);
		disclosure_add(d, &e);
	}
	db_release(db, stmt);
	if (step != SQLITE_DONE) {
		db_fail(db, cause, _("cannot read the audit log"));
		goto fail;
	}
	return 0;
fail:
	disclosure_clear(d);
	return -1;
}

static void
entry_clear(struct disclosure_entry *e)
{
	free(e->terminal_id);
	free(e->at);
	free(e->tty);
	free(e->user);
	free(e->full_name);
	free(e->role);
	free(e->role_ja);
	free(e->role_en);
	free(e->action);
	free(e->target);
	free(e->result);
	free(e->detail);
}

/* Appended as it comes; disclosure_sort drops the second copy of an entry. */
void
disclosure_add(struct disclosure *d, struct disclosure_entry *e)
{
	d->v = xreallocarray(d->v, d->n + 1, sizeof *d->v);
	d->v[d->n++] = *e;
}

int
disclosure_labels(struct db *db, struct disclosure *d, char **cause)
{
	sqlite3_stmt	*stmt;
	size_t		 i;

	stmt = db_prepare(db, "SELECT label_ja, label_en FROM roles WHERE name = ?1", cause);
	if (stmt == NULL)
		return -1;
	for (i = 0; i < d->n; i++) {
		sqlite3_reset(stmt);
		sqlite3_bind_text(stmt, 1, d->v[i].role, -1, SQLITE_STATIC);
		free(d->v[i].role_ja);
		free(d->v[i].role_en);
		if (sqlite3_step(stmt) == SQLITE_ROW) {
			d->v[i].role_ja = db_column_dup(stmt, 0);
			d->v[i].role_en = db_column_dup(stmt, 1);
		} else {
			/* os-admin and roles this terminal does not know: their code. */
			d->v[i].role_ja = xstrdup(d->v[i].role);
			d->v[i].role_en = xstrdup(d->v[i].role);
		}
	}
	db_release(db, stmt);
	return 0;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct disclosure_entry	*x = a, *y = b;
	int				 c;

	if ((c = strcmp(x->at, y->at)) != 0 || (c = strcmp(x->terminal_id, y->terminal_id)) != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Sorted, an entry held both here and by the central store (same terminal and number, so
 * the same time, the same fields) sits beside its copy: one pass keeps one of the two,
 * rather than a search of the list for every entry added.
 */
void
disclosure_sort(struct disclosure *d)
{
	size_t	i, kept = 0;

	if (d->n > 1)
		qsort(d->v, d->n, sizeof *d->v, entry_cmp);
	for (i = 0; i < d->n; i++) {
		if (kept > 0 && d->v[kept - 1].seq == d->v[i].seq &&
		    strcmp(d->v[kept - 1].terminal_id, d->v[i].terminal_id) == 0) {
			entry_clear(&d->v[i]);
			continue;
		}
		d->v[kept++] = d->v[i];
	}
	d->n = kept;
}

void
disclosure_clear(struct disclosure *d)
{
	size_t	i;

	for (i = 0; i < d->n; i++)
		entry_clear(&d->v[i]);
	free(d->v);
	free(d->holder_name);
	free(d->from);
	free(d->until);
	free(d->central_missing);
	memset(d, 0, sizeof *d);
}

char *
disclosure_purpose(const struct disclosure_entry *e, int japanese)
{
	static const struct {
		const char	*kind, *ja;
	} kinds[] = {
		{ "application", "申請" }, { "registration", "登録" },
		{ "certificate", "免状" }, { "query", "照会" }, { "result", "照会結果" },
		{ "conflict", "同期の競合" }, { "audit", "操作ログ" }, { "job", "定期照会" },
		{ "reception", "受付" },
	};
	const char	*p, *colon, *end, *label;
	char		*out = xstrdup(""), *next;
	size_t		 i, skip = strlen("holder:") + 36;

	if (strlen(e->target) < skip)
		return out;
	for (p = e->target + skip; *p != '\0'; p = end) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		end = p + strcspn(p, " ");
		colon = memchr(p, ':', (size_t)(end - p));
		label = NULL;
		for (i = 0; colon != NULL && i < sizeof kinds / sizeof kinds[0]; i++) {
			if (strlen(kinds[i].kind) == (size_t)(colon - p) &&
			    strncmp(p, kinds[i].kind, (size_t)(colon - p)) == 0)
				label = japanese ? kinds[i].ja : kinds[i].kind;
		}
		if (label != NULL)
			xasprintf(&next, "%s%s%s %.*s", out, *out != '\0' ? (japanese ? "、" :
			    ", ") : "", label, (int)(end - colon - 1), colon + 1);
		else
			xasprintf(&next, "%s%s%.*s", out, *out != '\0' ? (japanese ? "、" :
			    ", ") : "", (int)(end - p), p);
		free(out);
		out = next;
	}
	return out;
}
