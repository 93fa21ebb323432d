/*
 * The duplicate check at every new registration (issue 25): the holders a new person may
 * already be. Candidates share the My Number, or the birth date and the name in kana as
 * kana_fold compares them (ヴ/バ行, small kana, spaces), or the birth date, the given name and
 * a family name that is the other's former family name (旧氏). Erased holders are not
 * candidates: their record stays, but a new registration is a new holder. Registration
 * applications for a new holder that wait for a supervisor are candidates too, marked
 * pending: two filings for one person would otherwise both be approved.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "i18n.h"
#include "kana-fold.h"
#include "register/register-internal.h"
#include "xmalloc.h"

static void
dup_add(struct reg_duplicate **v, size_t *n, sqlite3_stmt *stmt, const char *why,
    int pending)
{
	struct reg_duplicate	*d;
	size_t			 i;

	for (i = 0; i < *n; i++) {	/* one row per holder or application, its first reason */
		if ((*v)[i].pending == pending && strcmp((*v)[i].holder_id,
		    (const char *)sqlite3_column_text(stmt, 0)) == 0)
			return;
	}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	d = &(*v)[(*n)++];
	d->pending = pending;
	snprintf(d->holder_id, sizeof d->holder_id, "%s", sqlite3_column_text(stmt, 0));
	xasprintf(&d->name, "%s %s", sqlite3_column_text(stmt, 1),
	    sqlite3_column_text(stmt, 2));
	xasprintf(&d->kana, "%s %s", sqlite3_column_text(stmt, 3),
	    sqlite3_column_text(stmt, 4));
	snprintf(d->birth_date, sizeof d->birth_date, "%s", sqlite3_column_text(stmt, 6));
	d->why = why;
}

/* A person's kana as kana_fold makes them: name (family then given), family, given, 旧氏. */
struct dup_kana {
	char	*name, *family, *given, *former;
};

static void
dup_kana_fold(struct dup_kana *k, const char *family, const char *given, const char *former)
{
	char	*name;

	xasprintf(&name, "%s%s", family, given);
	k->name = kana_fold(name);
	free(name);
	k->family = kana_fold(family);
	k->given = kana_fold(given);
	k->former = kana_fold(former);
}

static void
dup_kana_free(struct dup_kana *k)
{
	free(k->name);
	free(k->family);
	free(k->given);
	free(k->former);
}

/* Whether two folded forms are the same and not empty. */
static int
kana_same(const char *a, const char *b)
{
	return *a != '\0' && strcmp(a, b) == 0;
}

#define DUP_COLUMNS	"h.id, h.family_name, h.given_name, h.family_kana, h.given_kana, " \
	"h.former_family_kana, h.birth_date"
/* The same columns of a registration application's payload, for a new holder. */
#define APP_COLUMNS	"a.id, json_extract(a.payload, '$.family_name'), " \
	"coalesce(json_extract(a.payload, '$.given_name'), ''), " \
	"json_extract(a.payload, '$.family_kana'), " \
	"coalesce(json_extract(a.payload, '$.given_kana'), ''), " \
	"coalesce(json_extract(a.payload, '$.former_family_kana'), ''), " \
	"json_extract(a.payload, '$.birth_date')"
#define APP_PENDING	"a.status = 'pending' AND a.kind = 'registration' AND " \
	"a.holder_id IS NULL"

/* The rows of stmt (DUP_COLUMNS) that are the same person by the My Number. */
static int
dup_by_number(struct db *db, const char *sql, const char *mynumber, int pending,
    struct reg_duplicate **out, size_t *n_out, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_prepare(db, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, mynumber, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		dup_add(out, n_out, stmt, N_("the same My Number"), pending);
	db_release(db, stmt);
	return rc == SQLITE_DONE ? 0 : db_fail(db, cause, _("cannot look for the same person "
	    "in the register"));
}

/* The rows of stmt born that day that are the same person by the kana names. */
static int
dup_by_name(struct db *db, const char *sql, const char *birth, const struct dup_kana *me,
    int pending, struct reg_duplicate **out, size_t *n_out, char **cause)
{
	struct dup_kana	 them;
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_prepare(db, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, birth, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		dup_kana_fold(&them, (const char *)sqlite3_column_text(stmt, 3),
		    (const char *)sqlite3_column_text(stmt, 4),
		    (const char *)sqlite3_column_text(stmt, 5));
		if (kana_same(me->name, them.name))
			dup_add(out, n_out, stmt, N_("the same birth date and name (kana)"),
			    pending);
		else if (kana_same(me->given, them.given) &&
		    (kana_same(me->family, them.former) || kana_same(me->former, them.family)))
			dup_add(out, n_out, stmt, N_("the same birth date and given name, and a "
			    "family name that is the other's former one (旧氏)"), pending);
		dup_kana_free(&them);
	}
	db_release(db, stmt);
	return rc == SQLITE_DONE ? 0 : db_fail(db, cause, _("cannot look for the same person "
	    "in the register"));
}

int
reg_duplicates(struct db *db, const struct reg_value *v, size_t n,
    struct reg_duplicate **out, size_t *n_out, char **cause)
{
	const char	*mynumber = reg_values_get(v, n, "mynumber");
	const char	*birth = reg_values_get(v, n, "birth_date");
	const char	*family = reg_values_get(v, n, "family_kana");
	const char	*given = reg_values_get(v, n, "given_kana");
	const char	*former = reg_values_get(v, n, "former_family_kana");
	struct dup_kana	 me;
	int		 rc;

	*out = NULL;
	*n_out = 0;
	if (given == NULL)
		given = "";
	if (former == NULL)
		former = "";
	if (mynumber != NULL && *mynumber != '\0' && (dup_by_number(db, "SELECT "
	    DUP_COLUMNS " FROM mynumbers m JOIN holders h ON h.id = m.holder_id WHERE "
	    "m.mynumber = ?1 AND h.erased = 0 AND h.merged_into IS NULL", mynumber, 0, out,
	    n_out, cause) != 0 ||
	    dup_by_number(db, "SELECT " APP_COLUMNS " FROM applications a WHERE "
	    APP_PENDING " AND json_extract(a.payload, '$.mynumber') = ?1", mynumber, 1, out,
	    n_out, cause) != 0))
		goto fail;
	/* The people born that day are few: their kana are compared here, folded. */
	if (birth == NULL || family == NULL)
		return 0;
	dup_kana_fold(&me, family, given, former);
	rc = dup_by_name(db, "SELECT " DUP_COLUMNS " FROM holders h WHERE h.birth_date = ?1 "
	    "AND h.erased = 0 AND h.merged_into IS NULL ORDER BY h.family_kana, h.given_kana, "
	    "h.id", birth, &me, 0, out,
	    n_out, cause) != 0 || dup_by_name(db, "SELECT " APP_COLUMNS " FROM applications "
	    "a WHERE " APP_PENDING " AND json_extract(a.payload, '$.birth_date') = ?1 ORDER BY "
	    "a.requested_at, a.id", birth, &me, 1, out, n_out, cause) != 0 ? -1 : 0;
	dup_kana_free(&me);
	if (rc == 0)
		return 0;

fail:
	reg_duplicates_free(*out, *n_out);
	*out = NULL;
	*n_out = 0;
	return -1;
}

void
reg_duplicates_free(struct reg_duplicate *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].kana);
	}
	free(v);
}
