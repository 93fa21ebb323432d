#ifndef ACCOUNT_WORDS_H
#define ACCOUNT_WORDS_H

struct db;

enum account_words {
	ACCOUNT_WORDS_ROLES,
	ACCOUNT_WORDS_PROCEDURES,
	/* The identity documents a reception records (reception.h), read the same way. */
	ACCOUNT_WORDS_DOCUMENTS,
};

/* "1 事務従事者 2 承認者 ..." (codes in English): the choices, numbered, allocated. */
char	*account_words_choices(struct db *, enum account_words);
/*
 * Typed words (numbers, labels in either language or codes, apart by spaces, commas or
 * 、・) as the space-separated codes the register keeps; a word that is none of these
 * stays as typed, for the request's check to refuse by name. Allocated.
 */
char	*account_words_read(struct db *, enum account_words, const char *);

#endif
