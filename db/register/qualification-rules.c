/*
 * The rules of each qualification that tie its dates together, read from
 * qualification_rules so that the office sets them (migration 0032 says where the
 * defaults come from). The age is counted as Japanese law counts it (年齢計算ニ関スル
 * 法律): a year is attained the day before the birthday, so that someone born on 1 April
 * is 18 on the 31 March eighteen years later.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "i18n.h"
#include "register/qualification-rules.h"
#include "register/register-items.h"
#include "xmalloc.h"

static int	 age_on(struct db *, const char *, const char *, int *, char **);

/* Completed years from birth to date, the year attained the day before the birthday. */
static int
age_on(struct db *db, const char *birth, const char *date, int *age, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc = -1;

	stmt = db_prepare(db, "SELECT CAST(strftime('%Y', date(?2, '+1 day')) AS INTEGER) - "
	    "CAST(strftime('%Y', ?1) AS INTEGER) - (strftime('%m-%d', date(?2, '+1 day')) < "
	    "strftime('%m-%d', ?1)) WHERE date(?1) IS NOT NULL AND date(?2) IS NOT NULL",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, birth, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, date, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*age = sqlite3_column_int(stmt, 0);
		rc = 0;
	} else
		rc = 1;		/* a date that is not one: the item checks say so */
	db_release(db, stmt);
	return rc;
}

int
qualification_rules_check(struct db *db, const char *holder_id, const char *qualification,
    const char *birth, const char *applied, const char *exam, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*stored = NULL;
	const char	*name;
	int		 have = 0, min_age = -1, first = -1, last = -1, age, year, rc = -1;

	if (qualification == NULL || *qualification == '\0')
		return 0;
	stmt = db_prepare(db, "SELECT min_age, first_exam_year, last_exam_year FROM "
	    "qualification_rules WHERE qualification = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, qualification, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		have = 1;
		if (sqlite3_column_type(stmt, 0) != SQLITE_NULL)
			min_age = sqlite3_column_int(stmt, 0);
		if (sqlite3_column_type(stmt, 1) != SQLITE_NULL)
			first = sqlite3_column_int(stmt, 1);
		if (sqlite3_column_type(stmt, 2) != SQLITE_NULL)
			last = sqlite3_column_int(stmt, 2);
	}
	db_release(db, stmt);
	if (!have)
		return 0;
	/* Translated already; a code the tables do not know is shown as it is. */
	if ((name = reg_code_label(reg_qualifications, qualification)) == NULL)
		name = qualification;

	if (birth == NULL && holder_id != NULL) {
		if ((stmt = db_prepare(db, "SELECT birth_date FROM holders WHERE id = ?1",
		    cause)) == NULL)
			return -1;
		sqlite3_bind_text(stmt, 1, holder_id, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			stored = db_column_dup(stmt, 0);
		db_release(db, stmt);
		birth = stored;
	}
	if (min_age >= 0 && birth != NULL && *birth != '\0' && applied != NULL &&
	    *applied != '\0') {
		if ((rc = age_on(db, birth, applied, &age, cause)) < 0)
			goto out;
		if (rc == 0 && age < min_age) {
			xasprintf(cause, _("the applicant is %d on the application date (%s); "
			    "%s needs %d"), age, applied, name, min_age);
			rc = -1;
			goto out;
		}
	}
	rc = 0;
	if (exam != NULL && *exam != '\0') {
		year = atoi(exam);
		if (first >= 0 && year < first) {
			xasprintf(cause, _("the exam year (%s) is before the first exam of %s "
			    "(%d)"), exam, name, first);
			rc = -1;
		} else if (last >= 0 && year > last) {
			xasprintf(cause, _("the exam year (%s) is after the last exam of %s "
			    "(%d)"), exam, name, last);
			rc = -1;
		}
	}
out:
	free(stored);
	return rc;
}
