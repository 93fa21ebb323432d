/* app/import/: bringing files in from media (SPEC §9, issue 21).
 * May use: lib/, db/, app/. */
/*
 * A batch of registration applications in CSV (UTF-8 text, import-text.h): a header row
 * of register item names (the holder's items, mynumber, the registration's: the keys of
 * db/register/register-items.h), then one application per row, each a new holder with one
 * registration. Read whole before anything is stored; stored in the caller's transaction,
 * each checked by application_submit as one typed at the desk, so the first refused one
 * (named by its line) refuses the batch.
 */
#ifndef IMPORT_APPLICATIONS_H
#define IMPORT_APPLICATIONS_H

#include <stddef.h>

struct actor;
struct db;
struct reg_value;

/* More is a list to split, not a batch: each becomes an application a supervisor decides. */
#define IMPORT_MAX_APPLICATIONS	10000

struct import_application {
	struct reg_value	*values;	/* the non-empty cells */
	size_t			 n;
	size_t			 line;
};

struct import_applications {
	struct import_application	*v;
	size_t				 n;
};

int	 import_applications_parse(const char *, size_t, struct import_applications *,
	    char **);
void	 import_applications_free(struct import_applications *);
int	 import_applications_submit(struct db *, const struct actor *,
	    const struct import_applications *, char **);

#endif
