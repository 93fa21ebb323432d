/*
 * Roles and procedures (事務) as a person types and reads them on the account request:
 * by number, by their label in either language, or by code, listed in the reader's
 * language. The register keeps the codes; the words are turned into codes here, before
 * the usual checks, so that a Japanese desk never has to type English.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "accounts/account-words.h"
#include "db-internal.h"
#include "i18n.h"
#include "xmalloc.h"

/* The codes and labels of a kind, in the order they are numbered. */
static const char *const kind_sql[] = {
	[ACCOUNT_WORDS_ROLES] = "SELECT name, label_ja, label_en FROM roles ORDER BY rowid",
	[ACCOUNT_WORDS_PROCEDURES] = "SELECT code, label_ja, label_en FROM procedures "
	    "ORDER BY juki_jimu",
	[ACCOUNT_WORDS_DOCUMENTS] = "SELECT code, label_ja, label_en FROM identity_documents "
	    "ORDER BY sort",
};

char *
account_words_choices(struct db *db, enum account_words kind)
{
	sqlite3_stmt	*stmt;
	char		*out = xstrdup(""), *next;
	int		 n = 0, japanese = i18n_japanese();

	if (sqlite3_prepare_v2(db->h, kind_sql[kind], -1, &stmt, NULL) != SQLITE_OK)
		return out;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		/* In English the codes themselves, which are the words typed elsewhere. */
		xasprintf(&next, "%s%s%d %s", out, n > 0 ? " " : "", n + 1,
		    (const char *)sqlite3_column_text(stmt, japanese ? 1 : 0));
		free(out);
		out = next;
		n++;
	}
	sqlite3_finalize(stmt);
	return out;
}

/* The code for one typed word, or NULL. */
static char *
word_code(sqlite3_stmt *stmt, const char *word)
{
	char	*end, *code = NULL;
	long	 want = strtol(word, &end, 10);
	int	 n = 0, i;

	if (*word == '\0' || *end != '\0')
		want = 0;
	sqlite3_reset(stmt);
	while (code == NULL && sqlite3_step(stmt) == SQLITE_ROW) {
		n++;
		for (i = 0; i < 3; i++)
			if (strcasecmp(word, (const char *)sqlite3_column_text(stmt, i)) == 0)
				break;
		if (i < 3 || n == want)
			code = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	}
	return code;
}

static char *
separators_to_spaces(const char *typed)
{
	static const char *const marks[] = { "、", "・", "　", "，", NULL };
	char	*copy = xstrdup(typed), *p;
	int	 i;

	for (i = 0; marks[i] != NULL; i++)
		while ((p = strstr(copy, marks[i])) != NULL)
			memset(p, ' ', strlen(marks[i]));
	return copy;
}

char *
account_words_read(struct db *db, enum account_words kind, const char *typed)
{
	sqlite3_stmt	*stmt;
	char		*copy, *word, *rest, *code, *out = xstrdup(""), *next;

	if (sqlite3_prepare_v2(db->h, kind_sql[kind], -1, &stmt, NULL) != SQLITE_OK) {
		free(out);
		return xstrdup(typed);
	}
	/* Words apart by spaces, commas or the Japanese marks (、・, the wide space). */
	copy = separators_to_spaces(typed);
	for (word = strtok_r(copy, " ,\t", &rest); word != NULL;
	    word = strtok_r(NULL, " ,\t", &rest)) {
		code = word_code(stmt, word);
		xasprintf(&next, "%s%s%s", out, *out != '\0' ? " " : "", code != NULL ? code :
		    word);
		free(code);
		free(out);
		out = next;
	}
	sqlite3_finalize(stmt);
	free(copy);
	return out;
}
