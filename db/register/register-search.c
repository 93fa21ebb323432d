/*
 * Search of the register (SPEC §4): partial kana or kanji names through the FTS5 trigram
 * index, birth date, certificate number, status. Names of one or two characters are too
 * short for trigrams and match the start of a name through the prefix indexes instead.
 * Results carry no My Number. Every search is audited with what was asked, not the names.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "db-internal.h"
#include "i18n.h"
#include "register/register-internal.h"
#include "textwidth.h"
#include "valid.h"
#include "xmalloc.h"

#define SEARCH_MAX_LIMIT	200
#define SEARCH_MAX_MATCHES	500	/* a name alone matching more is not listed */
#define MAX_CODEPOINT		"char(1114111)"

static char	*name_query(const char *, int *, char **);
static char	*list_pick_sql(struct db *, const char *, int, int, char **, char **);
static char	*fts_phrase(const char *);
static char	*name_filter_sql(int);
static int	 name_matches(struct db *, const char *, int, char **, int *, char **);
static char	*column_or_empty(sqlite3_stmt *, int);

/* Results show "" where a column is NULL (a holder without registrations). */
static char *
column_or_empty(sqlite3_stmt *stmt, int i)
{
	char	*t = db_column_dup(stmt, i);

	return t != NULL ? t : xstrdup("");
}


/*
 * What the index holds: katakana for kana typed half-width or in hiragana, one ASCII space
 * for any run of spaces (the index joins names with one). *kana says whether it was kana.
 */
static char *
name_query(const char *in, int *kana_name, char **cause)
{
	char		*kana = NULL, *why = NULL, *out, *o;
	const char	*p;
	uint32_t	 cp;
	size_t		 n, len;
	int		 space = 0;

	if (valid_text(in, 100, 0, cause) != 0)
		return NULL;
	*kana_name = valid_kana(in, 100, &kana, &why) == 0;
	if (*kana_name)
		in = kana;
	free(why);
	len = strlen(in);
	out = o = xmalloc(len + 1);
	for (p = in; *p != '\0'; p += n) {
		n = utf8_decode(p, strlen(p), &cp);
		if (n == 0)
			break;
		if (cp == ' ' || cp == 0x3000) {
			space = o != out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		memcpy(o, p, n);
		o += n;
	}
	*o = '\0';
	free(kana);
	return out;
}

/* An FTS5 string: the whole text as one phrase, quotes doubled. */
static char *
fts_phrase(const char *s)
{
	char	*out, *o;

	out = o = xmalloc(strlen(s) * 2 + 3);
	*o++ = '"';
	for (; *s != '\0'; s++) {
		if (*s == '"')
			*o++ = '"';
		*o++ = *s;
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

/*
 * A name as a filter of the few holders a birth date or a certificate number finds: the
 * trigram index for three characters or more, the start of a name for one or two, which
 * each of those holders' rows (read anyway) is checked for. The "+" keeps SQLite from
 * starting at the name: through the prefix indexes, a common family name's thousands of
 * entries were read for each search.
 */
static char *
name_filter_sql(int short_name)
{
	if (!short_name)
		return xstrdup("+h.rowid IN (SELECT rowid FROM holder_names WHERE holder_names "
		    "MATCH ?1)");
	return xstrdup("(+h.family_name >= ?1 AND +h.family_name < ?1 || " MAX_CODEPOINT " OR "
	    "+h.given_name >= ?1 AND +h.given_name < ?1 || " MAX_CODEPOINT " OR "
	    "+h.family_kana >= ?1 AND +h.family_kana < ?1 || " MAX_CODEPOINT " OR "
	    "+h.given_kana >= ?1 AND +h.given_kana < ?1 || " MAX_CODEPOINT ")");
}

/*
 * The page of a name alone's matches (?1, the JSON array name_matches made, of count
 * holders), when the name is a family name and the start of a given name ("新井 雅"):
 * NULL for any other name. The holders with that family name and given-name start are
 * matches themselves (their names hold the text), and they are read with their kana from
 * the name index that holds them (migration 37), neighbouring entries, instead of each
 * one's row, which lies anywhere in the file. When they are all the matches (as a rule)
 * the page is taken from the index alone; otherwise the others' rows are read too. The
 * page's order is the search's: kana, then rowid. ?7 and ?8 are set to the two parts.
 */
static char *
list_pick_sql(struct db *db, const char *name, int kana, int count, char **family,
    char **given)
{
	const char	*space, *index, *fcol, *gcol;
	char		*sql, *range;
	sqlite3_stmt	*stmt;
	int		 in_range = -1;

	*family = *given = NULL;
	if ((space = strchr(name, ' ')) == NULL || space == name || space[1] == '\0' ||
	    strchr(space + 1, ' ') != NULL)
		return NULL;
	index = kana ? "holders_family_kana" : "holders_family_name";
	fcol = kana ? "family_kana" : "family_name";
	gcol = kana ? "given_kana" : "given_name";
	xasprintf(&range, "%s = ?7 AND %s >= ?8 AND %s < ?8 || " MAX_CODEPOINT, fcol, gcol,
	    gcol);
	*family = xstrndup(name, (size_t)(space - name));
	*given = xstrdup(space + 1);
	xasprintf(&sql, "SELECT count(*) FROM holders INDEXED BY %s WHERE %s", index, range);
	if ((stmt = db_prepare(db, sql, NULL)) != NULL) {
		sqlite3_bind_text(stmt, 7, *family, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 8, *given, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			in_range = sqlite3_column_int(stmt, 0);
		db_release(db, stmt);
	}
	free(sql);
	if (in_range == count)
		xasprintf(&sql, "SELECT h.rowid AS pick FROM holders h INDEXED BY %s WHERE h.%s "
		    "AND h.merged_into IS NULL ORDER BY h.family_kana, h.given_kana, h.rowid "
		    "LIMIT ?5 OFFSET ?6", index, range);
	else
		xasprintf(&sql, "SELECT pick FROM (SELECT h.rowid AS pick, h.family_kana AS fk, "
		    "h.given_kana AS gk FROM holders h INDEXED BY %s WHERE h.%s AND "
		    "h.merged_into IS NULL UNION ALL SELECT h.rowid, h.family_kana, h.given_kana "
		    "FROM holders h WHERE h.rowid IN (SELECT value FROM json_each(?1) EXCEPT "
		    "SELECT rowid FROM holders INDEXED BY %s WHERE %s) AND h.merged_into IS "
		    "NULL) ORDER BY fk, gk, pick LIMIT ?5 OFFSET ?6", index, range, index, range);
	free(range);
	return sql;
}

/*
 * A name alone: whether it matches more holders than a person can read through (1), or
 * else (0) the rowids of those it matches (*matches of them), as a JSON array that the
 * search's query takes them from (json_each) rather than read the name's index a second
 * time, which was most of the pages a name search asked for (bench/search). One read
 * gives both, index-only, and stops at the limit so that this costs little even for the
 * commonest names; for one or two characters each prefix index stops at the limit, and
 * their counts add up.
 */
static int
name_matches(struct db *db, const char *name, int short_name, char **json, int *matches,
    char **cause)
{
	static const char *const columns[] = { "family_name", "given_name", "family_kana",
	    "given_kana" };
	sqlite3_stmt	*stmt;
	char		*sql, *part, *all = NULL;
	size_t		 i;
	int		 step, count = 0;

	*json = NULL;
	if (!short_name)
		all = xstrdup("SELECT rowid FROM holder_names WHERE holder_names MATCH ?1");
	for (i = 0; short_name && i < sizeof columns / sizeof *columns; i++) {
		xasprintf(&part, "%s%sSELECT rowid FROM (SELECT rowid FROM holders WHERE %s >= "
		    "?1 AND %s < ?1 || " MAX_CODEPOINT " LIMIT %d)", all != NULL ? all : "",
		    all != NULL ? " UNION ALL " : "", columns[i], columns[i],
		    SEARCH_MAX_MATCHES + 1);
		free(all);
		all = part;
	}
	xasprintf(&sql, "SELECT count(*), json_group_array(rowid) FROM (%s LIMIT %d)", all,
	    short_name ? (SEARCH_MAX_MATCHES + 1) * (int)(sizeof columns / sizeof *columns) :
	    SEARCH_MAX_MATCHES + 1);
	free(all);
	stmt = db_prepare(db, sql, cause);
	free(sql);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	if ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		count = sqlite3_column_int(stmt, 0);
		*json = db_column_dup(stmt, 1);
	}
	db_release(db, stmt);
	if (step != SQLITE_ROW || *json == NULL) {
		free(*json);
		*json = NULL;
		return db_fail(db, cause, _("cannot search the register"));
	}
	*matches = count;
	return count > SEARCH_MAX_MATCHES;
}

int
register_search(struct db *db, const struct actor *who, const struct search_query *q,
    struct search_hit **out, size_t *n, int *more, char **cause)
{
	const struct reg_item	*date_item, *cert_item, *status_item;
	struct search_hit	*hits = NULL, *hit;
	sqlite3_stmt		*stmt = NULL;
	char			*name = NULL, *match = NULL, *date = NULL, *cert = NULL;
	char			*status = NULL, *why = NULL, *where, *next, *sql, *detail;
	char			*rowids = NULL, *found = NULL, *pick = NULL;
	char			*family = NULL, *given = NULL;
	size_t			 count = 0, chars;
	int			 rc = -1, limit, step, short_name = 0, common, kana = 0;
	int			 matches = 0;

	*out = NULL;
	*n = 0;
	*more = SEARCH_LAST_PAGE;
	*cause = NULL;
	if (rolefn_require(db, who, "register.search", cause) != 0)
		return -1;
	date_item = reg_item_find(reg_holder_items, "birth_date");
	cert_item = reg_item_find(reg_registration_items, "certificate_number");
	status_item = &(const struct reg_item){ "status", N_("Status"), REG_STATUS, 20,
	    0 };

	where = xstrdup("1");
	if (q->birth_date != NULL && *q->birth_date != '\0') {
		if (reg_check(date_item, q->birth_date, &date, &why) != 0) {
			xasprintf(cause, "%s: %s", _(date_item->label), why);
			goto out;
		}
		xasprintf(&next, "%s AND h.birth_date = ?2", where);
		free(where);
		where = next;
	}
	if (q->certificate_number != NULL && *q->certificate_number != '\0') {
		if (reg_check(cert_item, q->certificate_number, &cert, &why) != 0) {
			xasprintf(cause, "%s: %s", _(cert_item->label), why);
			goto out;
		}
		xasprintf(&next, "%s AND h.id IN (SELECT holder_id FROM registrations WHERE "
		    "certificate_number = ?3)", where);
		free(where);
		where = next;
	}
	if (q->status != NULL && *q->status != '\0') {
		if (reg_check(status_item, q->status, &status, &why) != 0) {
			xasprintf(cause, "%s: %s", _(status_item->label), why);
			goto out;
		}
		xasprintf(&next, "%s AND EXISTS (SELECT 1 FROM registrations r WHERE "
		    "r.holder_id = h.id AND r.status = ?4)", where);
		free(where);
		where = next;
	}
	if (q->name != NULL && *q->name != '\0') {
		if ((name = name_query(q->name, &kana, &why)) == NULL) {
			xasprintf(cause, _("Name: %s"), why);
			goto out;
		}
		chars = 0;
		for (next = name; *next != '\0'; next++)
			chars += ((unsigned char)*next & 0xc0) != 0x80;
		if (chars == 0) {
			free(name);
			name = NULL;
		} else {
			short_name = chars < 3;
			if (!short_name)
				match = fts_phrase(name);
		}
	}
	if (name == NULL && date == NULL && cert == NULL && status == NULL) {
		xasprintf(cause, _("give a name, a birth date, a certificate number or a "
		    "status"));
		goto out;
	}
	if (name != NULL && date == NULL && cert == NULL) {
		/*
		 * A name alone that matches thousands is not listed: the person narrows it
		 * down. Otherwise the holders it matches are those just read.
		 */
		if ((common = name_matches(db, match != NULL ? match : name, short_name,
		    &found, &matches, cause)) < 0)
			goto out;
		if (common) {
			*more = SEARCH_TOO_MANY;
			goto audit;
		}
		rowids = xstrdup("h.rowid IN (SELECT value FROM json_each(?1))");
	} else if (name != NULL) {
		/* With a birth date or a certificate number the search starts from those. */
		rowids = name_filter_sql(short_name);
	}
	if (rowids != NULL) {
		xasprintf(&next, "%s AND %s", where, rowids);
		free(where);
		where = next;
	}
	if (name == NULL && date == NULL && cert == NULL) {
		/* A status alone: every holder with it, by kana through its index. */
		free(where);
		where = xstrdup("EXISTS (SELECT 1 FROM registrations r WHERE r.holder_id = h.id "
		    "AND r.status = ?4)");
	}
	/* A merged holder is the person kept (issue 25): found by its id only. */
	xasprintf(&next, "(%s) AND h.merged_into IS NULL", where);
	free(where);
	where = next;
	limit = q->limit > 0 && q->limit <= SEARCH_MAX_LIMIT ? q->limit : 20;
	/* A name alone (no status either): its matches are all there is to the search. */
	if (found != NULL && status == NULL)
		pick = list_pick_sql(db, name, kana, matches, &family, &given);
	if (pick == NULL)
		xasprintf(&pick, "SELECT h.rowid AS pick FROM holders h WHERE %s ORDER BY "
		    "h.family_kana, h.given_kana, h.rowid LIMIT ?5 OFFSET ?6", where);
	/*
	 * The page is chosen on the narrow columns; only its rows are read whole. Their
	 * certificates come from the index registrations_holder alone (migration 25), in
	 * the order they were registered.
	 */
	xasprintf(&sql, "SELECT h.id, h.family_name || ' ' || h.given_name, h.family_kana || "
	    "' ' || h.given_kana, h.birth_date, (SELECT group_concat(r.certificate_number || "
	    "' ' || r.status, ',' ORDER BY r.rowid) FROM registrations r WHERE r.holder_id = "
	    "h.id), h.erased FROM (%s) JOIN holders h ON h.rowid = pick ORDER BY "
	    "h.family_kana, h.given_kana, h.rowid", pick);
	stmt = db_prepare(db, sql, cause);
	free(sql);
	if (stmt == NULL)
		goto out;
	if (found != NULL)
		sqlite3_bind_text(stmt, 1, found, -1, SQLITE_STATIC);
	else if (name != NULL)
		sqlite3_bind_text(stmt, 1, match != NULL ? match : name, -1, SQLITE_STATIC);
	if (date != NULL)
		sqlite3_bind_text(stmt, 2, date, -1, SQLITE_STATIC);
	if (cert != NULL)
		sqlite3_bind_text(stmt, 3, cert, -1, SQLITE_STATIC);
	if (status != NULL)
		sqlite3_bind_text(stmt, 4, status, -1, SQLITE_STATIC);
	if (family != NULL) {
		sqlite3_bind_text(stmt, 7, family, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 8, given, -1, SQLITE_STATIC);
	}
	/* One row more than asked says whether there is a next page. */
	sqlite3_bind_int(stmt, 5, limit + 1);
	sqlite3_bind_int(stmt, 6, q->offset > 0 ? q->offset : 0);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((int)count == limit) {
			*more = SEARCH_MORE;
			break;
		}
		hits = xreallocarray(hits, count + 1, sizeof *hits);
		hit = &hits[count++];
		snprintf(hit->id, sizeof hit->id, "%s", sqlite3_column_text(stmt, 0));
		hit->name = column_or_empty(stmt, 1);
		hit->kana = column_or_empty(stmt, 2);
		hit->birth_date = column_or_empty(stmt, 3);
		hit->certificates = column_or_empty(stmt, 4);
		hit->erased = sqlite3_column_int(stmt, 5);
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		db_fail(db, cause, _("cannot search the register"));
		search_hits_free(hits, count);
		hits = NULL;
		count = 0;
		goto out;
	}
audit:
	xasprintf(&detail, "%s%s%s%s%s hits=%zu%s offset=%d", name != NULL ? " name" : "",
	    short_name ? "(prefix)" : "", date != NULL ? " birth_date" : "",
	    cert != NULL ? " certificate" : "", status != NULL ? " status" : "", count,
	    *more == SEARCH_MORE ? "+" : *more == SEARCH_TOO_MANY ? " too-many" : "",
	    q->offset > 0 ? q->offset : 0);
	rc = audit_actor(db, who, "register.search", "", "ok", detail + 1, cause);
	free(detail);
out:
	if (stmt != NULL)
		db_release(db, stmt);
	free(why);
	free(where);
	free(rowids);
	free(found);
	free(pick);
	free(family);
	free(given);
	free(name);
	free(match);
	free(date);
	free(cert);
	free(status);
	if (rc != 0) {
		search_hits_free(hits, count);
		return -1;
	}
	*out = hits;
	*n = count;
	return 0;
}

void
search_hits_free(struct search_hit *hits, size_t n)
{
	size_t	 i;

	if (hits == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(hits[i].name);
		free(hits[i].kana);
		free(hits[i].birth_date);
		free(hits[i].certificates);
	}
	free(hits);
}
