/* What the account register's files share (db/accounts/ only). */
#ifndef ACCOUNTS_INTERNAL_H
#define ACCOUNTS_INTERNAL_H

#include <stddef.h>

#include "sync/outbox.h"

struct db;

/*
 * The words of a list (roles, procedures): each one that known_sql (?1 the word) finds,
 * none twice. 0; 1 (unknown) or 2 (given twice) with *bad the word (allocated), in the
 * list's order; -1 with *cause. *count: how many words.
 */
int	 account_words_check(struct db *, const char *, const char *, char **, int *,
	    char **);
/* Every word a known role, none twice, at least one. */
int	 account_check_roles(struct db *, const char *, char **);
/* YYYY-MM-DD and a real calendar day; what names the value in the message. */
int	 account_check_date(struct db *, const char *, const char *, char **);
/* Present, at most max bytes, no control character. */
int	 account_check_text(const char *, const char *, size_t, char **);
/* The account's row into the outbox as its change, in the caller's transaction. */
int	 account_outbox(struct db *, const char *, enum outbox_op, char **);

#endif
