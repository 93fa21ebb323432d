/*
 * The duplicate check at every new registration (issue 25): the holders a new person may
 * already be. Candidates share the My Number, or the birth date and the name in kana as
 * kana_fold compares them (ヴ/バ行, small kana, spaces), or the birth date, the given name and
 * a family name that is the other's former family name (旧氏). Erased holders are not
 * candidates: their record stays, but a new registration is a new holder.
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
dup_add(struct reg_duplicate **v, size_t *n, sqlite3_stmt *stmt, const char *why)
{
	struct reg_duplicate	*d;
	size_t			 i;

	for (i = 0; i < *n; i++) {		/* one row per holder, its first reason */
		if (strcmp((*v)[i].holder_id, (const char *)sqlite3_column_text(stmt, 0)) == 0)
			return;
	}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	d = &(*v)[(*n)++];
	snprintf(d->holder_id, sizeof d->holder_id, "%s", sqlite3_column_text(stmt, 0));
	xasprintf(&d->name, "%s %s", sqlite3_column_text(stmt, 1),
	    sqlite3_column_text(stmt, 2));
	xasprintf(&d->kana, "%s %s", sqlite3_column_text(stmt, 3),
	    sqlite3_column_text(stmt, 4));
	snprintf(d->birth_date, sizeof d->birth_date, "%s", sqlite3_column_text(stmt, 6));
	d->why = why;
}

/* Whether the folded forms of a and b are the same and not empty. */
static int
kana_same(const char *a, const char *b)
{
	char	*fa = kana_fold(a), *fb = kana_fold(b);
	int	 same = *fa != '\0' && strcmp(fa, fb) == 0;

	free(fa);
	free(fb);
	return same;
}

#define DUP_COLUMNS	"h.id, h.family_name, h.given_name, h.family_kana, h.given_kana, " \
	"h.former_family_kana, h.birth_date"

int
reg_duplicates(struct db *db, const struct reg_value *v, size_t n,
    struct reg_duplicate **out, size_t *n_out, char **cause)
{
	const char	*mynumber = reg_values_get(v, n, "mynumber");
	const char	*birth = reg_values_get(v, n, "birth_date");
	const char	*family = reg_values_get(v, n, "family_kana");
	const char	*given = reg_values_get(v, n, "given_kana");
	const char	*former = reg_values_get(v, n, "former_family_kana");
	sqlite3_stmt	*stmt;
	char		*name, *theirs;
	int		 rc;

	*out = NULL;
	*n_out = 0;
	if (given == NULL)
		given = "";
	if (former == NULL)
		former = "";
	if (mynumber != NULL && *mynumber != '\0') {
		if ((stmt = db_prepare(db, "SELECT " DUP_COLUMNS " FROM mynumbers m JOIN "
		    "holders h ON h.id = m.holder_id WHERE m.mynumber = ?1 AND h.erased = 0",
		    cause)) == NULL)
			return -1;
		sqlite3_bind_text(stmt, 1, mynumber, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
			dup_add(out, n_out, stmt, N_("the same My Number"));
		db_release(db, stmt);
		if (rc != SQLITE_DONE)
			goto fail;
	}
	if (birth == NULL || family == NULL)
		return 0;
	/* The people born that day are few: their kana are compared here, folded. */
	if ((stmt = db_prepare(db, "SELECT " DUP_COLUMNS " FROM holders h WHERE "
	    "h.birth_date = ?1 AND h.erased = 0 ORDER BY h.family_kana, h.given_kana, h.id",
	    cause)) == NULL)
		goto fail_nostmt;
	sqlite3_bind_text(stmt, 1, birth, -1, SQLITE_STATIC);
	xasprintf(&name, "%s%s", family, given);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		xasprintf(&theirs, "%s%s", sqlite3_column_text(stmt, 3),
		    sqlite3_column_text(stmt, 4));
		if (kana_same(name, theirs))
			dup_add(out, n_out, stmt, N_("the same birth date and name (kana)"));
		else if (kana_same(given, (const char *)sqlite3_column_text(stmt, 4)) &&
		    (kana_same(family, (const char *)sqlite3_column_text(stmt, 5)) ||
		    kana_same(former, (const char *)sqlite3_column_text(stmt, 3))))
			dup_add(out, n_out, stmt, N_("the same birth date and given name, and a "
			    "family name that is the other's former one (旧氏)"));
		free(theirs);
	}
	free(name);
	db_release(db, stmt);
	if (rc != SQLITE_DONE)
		goto fail;
	return 0;

fail:
	db_fail(db, cause, _("cannot look for the same person in the register"));
fail_nostmt:
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
