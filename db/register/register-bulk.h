/*
 * Holders in bulk (demo data): for each holder what holder_import writes (the holder, its
 * My Number, one registration with its issue event, the name index and their outbox rows,
 * in the same order), with a certificate number taken from the terminal's blocks as
 * cert_numbers_take would, but for many holders in one transaction, with statements
 * prepared once and the name index filled by one statement at the end.
 */
#ifndef REGISTER_BULK_H
#define REGISTER_BULK_H

#include <stddef.h>

#include "audit/audit.h"

struct db;
struct holder_record;
struct holder_bulk;

/*
 * Begins a transaction and takes n certificate numbers (recorded as used for "import");
 * NULL and a message if the blocks hold fewer. The transaction is the caller's to size:
 * up to n holders are added, then holder_bulk_end commits.
 */
struct holder_bulk	*holder_bulk_begin(struct db *, const struct actor *, size_t, char **);
/*
 * One holder: h->certificate_number, when NULL, becomes the next number taken (valid until
 * holder_bulk_end); h->id is set. The same checks as holder_import (the schema's).
 */
int	 holder_bulk_add(struct holder_bulk *, struct holder_record *, char **);
/* Indexes the names of the holders added and commits; on failure nothing was written. */
int	 holder_bulk_end(struct holder_bulk *, char **);
/* Rolls back everything since holder_bulk_begin. */
void	 holder_bulk_abort(struct holder_bulk *);

#endif
