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

#include "accounts/procedures.h"
#include "db-internal.h"
#include "i18n.h"
#include "xmalloc.h"

/* The Juki-net query's 事務 codes 1-4, as the procedures table maps them. */
static const char *const jimu_codes[] = { NULL, "register", "correct", "reissue",
	"periodic" };

static int	 list_has(const char *, const char *);

/* Whether the space-separated list holds word. */
static int
list_has(const char *list, const char *word)
{
	size_t		 n = strlen(word);
	const char	*p;

	for (p = list; (p = strstr(p, word)) != NULL; p += n) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	}
	return 0;
}

int
procedures_check(struct db *db, const char *list, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*copy, *word, *save, *seen;
	int		 rc = 0;

	if (list == NULL || *list == '\0')
		return 0;
	if ((stmt = db_prepare(db, "SELECT 1 FROM procedures WHERE code = ?1", cause)) == NULL)
		return -1;
	copy = xstrdup(list);
	seen = xstrdup("");
	for (word = strtok_r(copy, " ", &save); word != NULL && rc == 0;
	    word = strtok_r(NULL, " ", &save)) {
		sqlite3_reset(stmt);
		sqlite3_bind_text(stmt, 1, word, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) != SQLITE_ROW) {
			xasprintf(cause, _("unknown procedure \"%s\" (事務: register, correct, "
			    "reissue, periodic)"), word);
			rc = -1;
		} else if (list_has(seen, word)) {
			xasprintf(cause, _("procedure \"%s\" is given twice"), word);
			rc = -1;
		} else {
			char	*grown;

			xasprintf(&grown, "%s %s", seen, word);
			free(seen);
			seen = grown;
		}
	}
	db_release(db, stmt);
	free(copy);
	free(seen);
	return rc;
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
		ok = list_has((const char *)sqlite3_column_text(stmt, 0), code);
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

const char *
procedure_of_jimu(int jimu)
{
	if (jimu < 1 || jimu >= (int)(sizeof jimu_codes / sizeof jimu_codes[0]))
		return NULL;
	return jimu_codes[jimu];
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
