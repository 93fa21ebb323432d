/* db/accounts/: accounts, roles, the role->function table, requests and approvals.
 * May use: lib/, db/. */
/*
 * Procedures (事務): the list an account names, checked when it is requested and
 * whenever the account acts for one.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts-internal.h"
#include "accounts/procedures.h"
#include "db-internal.h"
#include "i18n.h"
#include "words.h"
#include "xmalloc.h"

int
procedures_check(struct db *db, const char *list, char **cause)
{
	char	*bad;
	int	 n, rc;

	if (list == NULL || *list == '\0')
		return 0;
	rc = account_words_check(db, "SELECT 1 FROM procedures WHERE code = ?1", list, &bad,
	    &n, cause);
	if (rc == 1)
		xasprintf(cause, _("unknown procedure \"%s\" (事務: register, correct, "
		    "reissue, periodic)"), bad);
	else if (rc == 2)
		xasprintf(cause, _("procedure \"%s\" is given twice"), bad);
	free(bad);
	return rc == 0 ? 0 : -1;
}

int
procedure_require(struct db *db, const struct actor *who, const char *code,
    const char *action, const char *target, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*label;
	int		 ok = 0;

	if (who->os_admin)
		return 0;
	stmt = db_prepare(db, "SELECT procedures FROM accounts WHERE user_name = ?1 AND "
	    "status = 'active'", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, who->user, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		ok = words_has((const char *)sqlite3_column_text(stmt, 0), code);
	db_release(db, stmt);
	if (ok)
		return 0;
	label = procedure_labels(db, code, i18n_japanese());
	xasprintf(cause, _("your account does not act for the procedure %s (事務); a "
	    "supervisor can change the account"), label);
	free(label);
	(void)audit_actor(db, who, action, target != NULL ? target : "", "denied",
	    "procedure outside the account's", NULL);
	return -1;
}

char *
procedure_of_jimu(struct db *db, int jimu)
{
	sqlite3_stmt	*stmt;
	char		*code = NULL;

	if ((stmt = db_prepare(db, "SELECT code FROM procedures WHERE juki_jimu = ?1",
	    NULL)) == NULL)
		return NULL;
	sqlite3_bind_int(stmt, 1, jimu);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		code = db_column_dup(stmt, 0);
	db_release(db, stmt);
	return code;
}

char *
procedure_labels(struct db *db, const char *list, int japanese)
{
	sqlite3_stmt	*stmt;
	char		*copy, *word, *save, *out = xstrdup(""), *next;
	const char	*label;

	if (sqlite3_prepare_v2(db->h, japanese ? "SELECT label_ja FROM procedures WHERE "
	    "code = ?1" : "SELECT label_en FROM procedures WHERE code = ?1", -1, &stmt,
	    NULL) != SQLITE_OK) {
		free(out);
		return xstrdup(list);
	}
	copy = xstrdup(list);
	for (word = strtok_r(copy, " ", &save); word != NULL;
	    word = strtok_r(NULL, " ", &save)) {
		sqlite3_bind_text(stmt, 1, word, -1, SQLITE_STATIC);
		label = sqlite3_step(stmt) == SQLITE_ROW ?
		    (const char *)sqlite3_column_text(stmt, 0) : word;
		xasprintf(&next, "%s%s%s", out, *out == '\0' ? "" : japanese ? "・" : ", ",
		    label);
		free(out);
		out = next;
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	free(copy);
	return out;
}
