/*
 * Holders in bulk (demo data): for each holder what holder_import writes (the holder, its
 * My Number, one registration with its issue event, the name index and their outbox rows,
 * in the same order), with a certificate number taken from the terminal's blocks as
 * cert_numbers_take would, but for many holders in one transaction, with statements
 * prepared once and each table filled by one statement for many holders.
 */
#ifndef REGISTER_BULK_H
#define REGISTER_BULK_H

#include <stddef.h>

#include "audit/audit.h"

struct db;
struct holder_record;
struct holder_bulk;

/*
 * Begins the one transaction of the bulk, for about n holders (how the work is done
 * depends on it). What the caller writes until holder_bulk_end (a number block, the audit
 * entry) joins it: all of it is committed together, or none. NULL and a message on
 * failure, nothing changed.
 */
struct holder_bulk	*holder_bulk_begin(struct db *, const struct actor *, size_t, char **);
/*
 * Takes n certificate numbers (recorded as used for "import") from the blocks there are
 * now, for the holders added without one; -1 and a message if the blocks hold fewer.
 */
int	 holder_bulk_numbers(struct holder_bulk *, size_t, char **);
/*
 * One holder: h->certificate_number, when NULL, becomes the next number taken (valid until
 * holder_bulk_end); h->id is set. The same checks as holder_import (the schema's), some
 * only at holder_bulk_end.
 */
int	 holder_bulk_add(struct holder_bulk *, struct holder_record *, char **);
/* Writes what is left and commits; on failure nothing of the bulk was written. */
int	 holder_bulk_end(struct holder_bulk *, char **);
/* Rolls back everything since holder_bulk_begin. */
void	 holder_bulk_abort(struct holder_bulk *);

#endif
